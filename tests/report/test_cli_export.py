"""`maturity-workbook export-pdf`: the right assessment, one-line errors, read-only, atomic."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

from maturity_workbook.cli import main
from tests.report.conftest import ROOT, Spec, all_text, build_workbook, flat, page_texts, pdf_reader


@pytest.fixture(scope="module")
def two_assessments(tmp_path_factory, framework):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MATURITY_WORKBOOK_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        path = tmp_path_factory.mktemp("cli") / "two.mwb"
        return build_workbook(path, framework, [
            Spec("First workshop", "2024-03-12", (1, 2, 2, 1)),
            Spec("Second workshop", "2024-10-01", (2, 2, 3, 2)),
            Spec("Unfinished draft", "2025-01-15", (3, 3, 3, 3), final=False),
        ])


def assessment_id(path, title):
    from tests.report.conftest import open_workbook

    return next(a.id for a in open_workbook(path).assessments.values() if a.title == title)


def one_error_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    assert lines[0].startswith("maturity-workbook: error: ")
    return lines[0]


def test_exports_the_latest_final_assessment(two_assessments, tmp_path, capsys):
    before = two_assessments.read_bytes(), os.stat(two_assessments).st_mtime_ns
    out = tmp_path / "snapshot.pdf"
    assert main(["export-pdf", str(two_assessments), "-o", str(out), "--paper", "A4"]) == 0
    assert "wrote" in capsys.readouterr().out
    text = all_text(out)
    assert "Second workshop" in text and "Unfinished draft" not in text
    assert "Since 1 Oct 2024" not in text and "Since 12 Mar 2024" in text
    assert len(page_texts(out)) >= 4
    # the workbook was only read
    assert (two_assessments.read_bytes(), os.stat(two_assessments).st_mtime_ns) == before
    assert not [p for p in two_assessments.parent.iterdir() if p.name.endswith(".tmp")]


def test_an_assessment_by_id_prefix_and_letter_paper(two_assessments, tmp_path, capsys):
    draft = assessment_id(two_assessments, "Unfinished draft")
    out = tmp_path / "draft.pdf"
    assert main(["export-pdf", str(two_assessments), "--assessment", draft[:8],
                 "--paper", "letter", "-o", str(out)]) == 0
    assert "Letter" in capsys.readouterr().out
    text = all_text(out)
    assert "Unfinished draft" in text and "this assessment is not final yet" in text
    box = pdf_reader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_an_unknown_assessment_is_one_line(two_assessments, tmp_path, capsys):
    out = tmp_path / "x.pdf"
    assert main(["export-pdf", str(two_assessments), "--assessment", "nope",
                 "-o", str(out)]) != 0
    assert "no assessment with id 'nope'" in one_error_line(capsys)
    assert not out.exists()


@pytest.mark.parametrize("content", [b"{\"workbook\": {\"1\": {broken", b"", b"\x00\x01 binary",
                                     b"{\"_default\": {}}"])
def test_a_corrupt_workbook_is_one_line_and_left_untouched(tmp_path, capsys, content):
    bad = tmp_path / "bad.mwb"
    bad.write_bytes(content)
    out = tmp_path / "x.pdf"
    assert main(["export-pdf", str(bad), "-o", str(out)]) != 0
    one_error_line(capsys)
    assert bad.read_bytes() == content
    assert not out.exists()


def test_a_missing_workbook_or_output_folder_is_one_line(two_assessments, tmp_path, capsys):
    assert main(["export-pdf", str(tmp_path / "none.mwb"), "-o", str(tmp_path / "x.pdf")]) != 0
    one_error_line(capsys)
    assert main(["export-pdf", str(two_assessments), "-o",
                 str(tmp_path / "no" / "such" / "x.pdf")]) != 0
    assert "does not exist" in one_error_line(capsys)
    assert main(["export-pdf", str(two_assessments), "-o", str(tmp_path)]) != 0
    assert "is a folder" in one_error_line(capsys)


def test_an_unknown_framework_is_one_line(tmp_path, capsys):
    from types import SimpleNamespace

    from maturity_workbook.store import WorkbookStore

    path = tmp_path / "alien.mwb"
    store = WorkbookStore.create(path, "Alien")
    alien = SimpleNamespace(id="alien-model", version="9.9", items=())
    a = store.create_assessment(alien, "Elsewhere", "2025-01-01", [])
    store.finalize(a.id)
    store.close()
    assert main(["export-pdf", str(path), "-o", str(tmp_path / "x.pdf")]) != 0
    line = one_error_line(capsys)
    assert "'alien-model'" in line and "does not know" in line


def test_a_failure_leaves_no_pdf_and_keeps_an_old_one(two_assessments, tmp_path, capsys,
                                                      monkeypatch):
    from maturity_workbook.report import layout

    out = tmp_path / "keep.pdf"
    out.write_bytes(b"%PDF- an older snapshot")

    def broken(self, device, pages=None):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(layout.SnapshotReport, "render", broken)
    assert main(["export-pdf", str(two_assessments), "-o", str(out)]) != 0
    assert "cannot write" in one_error_line(capsys)
    assert out.read_bytes() == b"%PDF- an older snapshot"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.pdf"]


def test_a_bad_paper_size_is_refused(two_assessments, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["export-pdf", str(two_assessments), "--paper", "A5", "-o", str(tmp_path / "x.pdf")])
    assert exit_info.value.code != 0
    assert "choose A4 or Letter" in capsys.readouterr().err


def test_headless_in_a_fresh_process(two_assessments, tmp_path):
    """No display and no platform chosen: export-pdf picks Qt's offscreen platform itself."""
    out = tmp_path / "headless.pdf"
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT / "desktop")
    result = subprocess.run([sys.executable, "-m", "maturity_workbook", "export-pdf",
                             str(two_assessments), "-o", str(out)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Second workshop" in flat(" ".join(page_texts(out)))


DEJAVU_ONLY = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{cache}</cachedir></fontconfig>
"""


@pytest.mark.skipif(not os.path.isdir("/usr/share/fonts/truetype/dejavu") or
                    not sys.platform.startswith("linux"), reason="needs fontconfig and DejaVu")
def test_a_script_without_a_font_is_named_with_a_package_to_install(tmp_path, framework):
    """A machine with DejaVu only (a fontconfig that sees nothing else): Korean names cannot be
    drawn, and the export says so instead of printing boxes silently."""
    from tests.report.conftest import Spec

    conf = tmp_path / "fonts.conf"
    conf.write_text(DEJAVU_ONLY.format(cache=tmp_path / "cache"), encoding="utf-8")
    source = build_workbook(tmp_path / "kr.mwb", framework,
                            [Spec("봄 워크숍", "2025-04-02", (1, 2, 2, 1))],
                            name="아카데미 Academy", people=(("김민준", ""), ("Ben", "")))
    out = tmp_path / "kr.pdf"
    env = dict(os.environ, FONTCONFIG_FILE=str(conf), QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=str(ROOT / "desktop"))
    done = subprocess.run([sys.executable, "-m", "maturity_workbook", "export-pdf", str(source),
                           "-o", str(out)], env=env, capture_output=True, text=True,
                          timeout=240)
    assert done.returncode == 0, done.stderr
    assert out.exists()
    warning = [line for line in done.stderr.splitlines() if "warning:" in line]
    assert len(warning) == 1, done.stderr
    assert "Korean (Hangul)" in warning[0] and "fonts-noto-cjk" in warning[0]
    assert "김" in warning[0]


def test_the_action_plan_grouped_by_phase_or_function(tmp_path, capsys):
    sample = ROOT / "resources" / "samples" / "sample.mwb"
    by_phase, by_function = tmp_path / "phase.pdf", tmp_path / "function.pdf"
    assert main(["export-pdf", str(sample), "--actions-by", "phase", "--no-detail",
                 "-o", str(by_phase)]) == 0
    assert main(["export-pdf", str(sample), "--no-detail", "-o", str(by_function)]) == 0
    phase_text, function_text = all_text(by_phase), all_text(by_function)
    assert "Phase Action Owner Due Status Function" in phase_text
    assert "Phase Ends Target stages" in phase_text
    assert "Function Action Owner Due Status Phase" in function_text
    assert "Target stages" not in function_text
    capsys.readouterr()
    with pytest.raises((SystemExit, argparse.ArgumentError)):  # argparse's own refusal
        main(["export-pdf", str(sample), "--actions-by", "owner", "-o", str(tmp_path / "x.pdf")])
    assert not (tmp_path / "x.pdf").exists()
