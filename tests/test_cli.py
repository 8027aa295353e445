"""The command line works without a display and never prints a traceback for bad input."""

import subprocess
import sys

from maturity_workbook import __version__
from maturity_workbook.cli import main
from maturity_workbook.paths import bundled_frameworks_dir
from tests.conftest import TINY_FRAMEWORK


def test_version(capsys):
    try:
        main(["--version"])
    except SystemExit as exit_:
        assert exit_.code == 0
    assert __version__ in capsys.readouterr().out


def test_frameworks_lists_bundled_and_user(capsys, private_data_dir):
    (private_data_dir / "frameworks").mkdir()
    (private_data_dir / "frameworks" / "tiny.yaml").write_text(TINY_FRAMEWORK, encoding="utf-8")
    (private_data_dir / "frameworks" / "broken.yaml").write_text("id: [", encoding="utf-8")
    assert main(["frameworks"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert "customer-education\t1.0\tCustomer Education Maturity Model" in lines
    assert "tiny\t1.0\tTiny test framework\t(user)" in lines
    assert "broken.yaml" in err and "Traceback" not in err


def test_validate_framework_accepts_bundled(capsys):
    path = bundled_frameworks_dir() / "customer-education.yaml"
    assert main(["validate-framework", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "valid" in out and "4 dimensions" in out


def test_validate_framework_rejects_with_located_errors(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text(TINY_FRAMEWORK.replace("id: beta", "id: Beta!"), encoding="utf-8")
    assert main(["validate-framework", str(path)]) == 2
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(line.startswith(f"{path}:") for line in lines)
    text = path.read_text(encoding="utf-8").splitlines()
    line_no = next(n for n, line in enumerate(text, 1) if "id: Beta!" in line)
    assert any(f":{line_no}: " in line and "lower-case" in line for line in lines)


def test_module_entry_point_without_display():
    result = subprocess.run([sys.executable, "-m", "maturity_workbook", "--version"],
                            capture_output=True, text=True, env={"QT_QPA_PLATFORM": "none",
                                                                 "PATH": "/usr/bin:/bin",
                                                                 "PYTHONPATH": sys.path[0]})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(__version__)


def test_validate_framework_checks_the_bundled_mapping(capsys):
    path = bundled_frameworks_dir() / "mappings" / "customer-education-1.0-to-2.0.yaml"
    assert main(["validate-framework", str(path)]) == 0
    out = capsys.readouterr().out
    assert "valid — mapping customer-education 1.0 → 2.0: 24 kept, 2 renamed, 3 split" in out


def test_validate_framework_locates_mapping_errors_against_the_frameworks(tmp_path, capsys):
    source = bundled_frameworks_dir() / "mappings" / "customer-education-1.0-to-2.0.yaml"
    text = source.read_text(encoding="utf-8").replace("to: strategy-customer-profiles",
                                                      "to: strategy-customer-profile")
    path = tmp_path / "mapping.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate-framework", str(path)]) == 2
    lines = capsys.readouterr().out.splitlines()
    line_no = next(n for n, line in enumerate(text.splitlines(), 1)
                   if "to: strategy-customer-profile" in line)
    assert f"{path}:{line_no}: 'strategy-customer-profile' is not an item of " \
           "customer-education 2.0; check the spelling" in lines
    assert any("item 'strategy-customer-profiles' has no entry" in line for line in lines)


def test_validate_framework_checks_a_mapping_beside_its_new_framework(tmp_path, capsys):
    (tmp_path / "mappings").mkdir()
    (tmp_path / "tiny.yaml").write_text(TINY_FRAMEWORK, encoding="utf-8")
    (tmp_path / "tiny-2.yaml").write_text(TINY_FRAMEWORK.replace('version: "1.0"',
                                                                  'version: "2.0"'),
                                          encoding="utf-8")
    mapping = tmp_path / "mappings" / "tiny.yaml"
    mapping.write_text('format: 1\nframework: tiny\nfrom: "1.0"\nto: "2.0"\nitems:\n'
                       + "".join(f"  - {{change: kept, from: {i}}}\n"
                                 for i in ("a1", "a2", "a3", "a4", "b1")), encoding="utf-8")
    assert main(["validate-framework", str(mapping)]) == 2
    out = capsys.readouterr().out
    assert "1.0 item 'b2' has no entry" in out and "2.0 item 'b2' has no entry" in out


def test_validate_framework_mapping_for_unknown_framework_checks_structure(tmp_path, capsys):
    path = tmp_path / "m.yaml"
    path.write_text('format: 1\nframework: nowhere\nfrom: "1.0"\nto: "2.0"\nitems:\n'
                    "  - {change: new, to: x1}\n", encoding="utf-8")
    assert main(["validate-framework", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "structure valid" in out and "not installed" in err
