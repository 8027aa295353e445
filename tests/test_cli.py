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
