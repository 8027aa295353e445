"""File > Export PDF, Print Preview and Print: one report, every modal dialog replaced."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QMainWindow

from maturity_workbook.ui import report_actions
from maturity_workbook.ui.settings import AppSettings


def _pdf_text(path) -> str:
    import re

    import pypdf

    text = " ".join(page.extract_text() or "" for page in pypdf.PdfReader(str(path)).pages)
    return re.sub(r"\s+", " ", text)


def _page_count(path) -> int:
    import pypdf

    return len(pypdf.PdfReader(str(path)).pages)


@pytest.fixture
def session(tmp_path):
    """A real WorkbookSession on a workbook with two final assessments and a draft."""
    from maturity_workbook.paths import load_catalog
    from maturity_workbook.store import WorkbookStore
    from maturity_workbook.ui.session import WorkbookSession

    catalog = load_catalog()
    framework = catalog.get("customer-education", "1.0")
    path = tmp_path / "Acme Academy.mwb"
    store = WorkbookStore.create(path, "Acme Academy")
    people = [store.add_participant(n, r).id for n, r in (("Ada", "Lead"), ("Ben", "CSM"))]
    for title, day, level, final in (("Spring", "2025-03-01", 1, True),
                                     ("Autumn", "2025-09-01", 2, True),
                                     ("Next draft", "2026-03-01", 3, False)):
        a = store.create_assessment(framework, title, day, people)
        for item in framework.items:
            for pid in people:
                store.set_rating(a.id, item.id, pid, level)
        store.set_note(a.id, framework.items[0].id, f"{title} note <b>as typed</b>")
        if final:
            store.finalize(a.id)
    store.flush()
    session = WorkbookSession(store, catalog)
    yield session
    session.close()


@pytest.fixture
def window(qtbot, tmp_path):
    """A bare main window carrying private settings (the actions read the paper size there)."""
    win = QMainWindow()
    win.settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    win.settings.paper = "Letter"
    qtbot.addWidget(win)
    return win


@pytest.fixture(autouse=True)
def default_export_options(monkeypatch):
    """The export options dialog answered with what it proposes (the paper from Preferences)."""
    asked = []

    def answer(parent, choice):
        asked.append(choice)
        return choice

    monkeypatch.setattr(report_actions, "ask_export_options", answer)
    return asked


def _id(session, title):
    return next(a.id for a in session.workbook.assessments.values() if a.title == title)


def test_export_pdf_suggests_a_name_and_writes_the_chosen_file(session, window, tmp_path,
                                                                monkeypatch, no_modal_dialogs):
    asked = []
    target = tmp_path / "out" / "snapshot"
    target.parent.mkdir()

    def fake_ask(parent, caption, suggested):
        asked.append(suggested)
        return target.with_suffix(".pdf")

    monkeypatch.setattr(report_actions, "ask_save_path", fake_ask)
    written = report_actions.export_pdf(window, session, _id(session, "Autumn"))
    assert asked == [session.path.parent / "Acme Academy 2025-09-01.pdf"]
    assert written == target.with_suffix(".pdf") and written.exists()
    text = _pdf_text(written)
    assert "Autumn" in text and "Autumn note <b>as typed</b>" in text
    import pypdf

    box = pypdf.PdfReader(str(written)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # Letter
    assert "Saved \u2068snapshot.pdf\u2069 (" in window.statusBar().currentMessage()  # isolated
    assert no_modal_dialogs == []


def test_export_without_an_id_takes_the_latest_final_and_cancel_writes_nothing(
        session, window, tmp_path, monkeypatch, no_modal_dialogs):
    monkeypatch.setattr(report_actions, "ask_save_path", lambda *a: None)
    assert report_actions.export_pdf(window, session, None) is None
    assert not list(tmp_path.glob("*.pdf"))
    out = tmp_path / "latest.pdf"
    monkeypatch.setattr(report_actions, "ask_save_path", lambda *a: out)
    report_actions.export_pdf(window, session, None)
    assert "Autumn note" in _pdf_text(out) and "Next draft" not in _pdf_text(out)


def test_export_failure_is_a_message_not_a_traceback(session, window, tmp_path, monkeypatch,
                                                     no_modal_dialogs):
    out = tmp_path / "blocked.pdf"
    monkeypatch.setattr(report_actions, "ask_save_path", lambda *a: out)

    def disk_full(path, data, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("maturity_workbook.store.atomic.write_atomic", disk_full)
    assert report_actions.export_pdf(window, session, None) is None
    assert not out.exists()
    (kind, title, text), = no_modal_dialogs
    assert kind == "warn" and "disk is full" in text


def test_nothing_to_report_says_so(tmp_path, window, no_modal_dialogs, monkeypatch):
    from types import SimpleNamespace

    from maturity_workbook.core.workbook import Workbook

    empty = SimpleNamespace(workbook=Workbook("w", "Empty"), path=tmp_path / "e.mwb",
                            framework_for=lambda a: None, read_only=False)
    called = []
    monkeypatch.setattr(report_actions, "ask_save_path", lambda *a: called.append(a))
    assert report_actions.export_pdf(window, empty, None) is None
    assert called == []
    assert no_modal_dialogs[0][0] == "inform" and "no final assessment" in no_modal_dialogs[0][2]


def test_print_renders_the_same_pages_on_the_printer(session, window, tmp_path, monkeypatch,
                                                     no_modal_dialogs):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    exported = tmp_path / "export.pdf"
    monkeypatch.setattr(report_actions, "ask_save_path", lambda *a: exported)
    report_actions.export_pdf(window, session, _id(session, "Autumn"))

    printed = tmp_path / "printed.pdf"
    seen = []

    def accept(dialog):
        assert isinstance(dialog, QPrintDialog)
        printer = dialog.printer()
        seen.append(printer.pageLayout().pageSize().id())
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # the "printer" is a file
        printer.setOutputFileName(str(printed))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(report_actions, "exec_dialog", accept)
    assert report_actions.print_report(window, session, _id(session, "Autumn")) is True
    from PySide6.QtGui import QPageSize

    assert seen == [QPageSize.PageSizeId.Letter]
    assert _page_count(printed) == _page_count(exported)
    assert _pdf_text(printed) == _pdf_text(exported)


def test_print_cancelled_paints_nothing(session, window, monkeypatch, no_modal_dialogs):
    from maturity_workbook.report.layout import SnapshotReport

    painted = []
    monkeypatch.setattr(SnapshotReport, "render", lambda *a, **k: painted.append(a))
    monkeypatch.setattr(report_actions, "exec_dialog",
                        lambda dialog: QDialog.DialogCode.Rejected)
    assert report_actions.print_report(window, session, None) is False
    assert painted == []


def test_print_a_page_range(session, window, tmp_path, monkeypatch, no_modal_dialogs):
    from PySide6.QtPrintSupport import QPrinter

    printed = tmp_path / "range.pdf"

    def accept(dialog):
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        printer.setFromTo(2, 3)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(report_actions, "exec_dialog", accept)
    assert report_actions.print_report(window, session, None)
    assert _page_count(printed) == 2
    assert "Page 2 of" in _pdf_text(printed) and "Page 1 of" not in _pdf_text(printed)


def test_print_preview_shows_the_same_document(session, window, qtbot, tmp_path, monkeypatch,
                                               no_modal_dialogs):
    from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget

    exported = tmp_path / "export.pdf"
    monkeypatch.setattr(report_actions, "ask_save_path", lambda *a: exported)
    report_actions.export_pdf(window, session, None)
    shown = {}

    def show_instead_of_exec(dialog):
        assert isinstance(dialog, QPrintPreviewDialog)
        preview = dialog.findChild(QPrintPreviewWidget)
        with qtbot.waitSignal(dialog.paintRequested, timeout=20000):
            dialog.show()
        qtbot.waitUntil(lambda: preview.pageCount() > 0, timeout=20000)
        shown["pages"] = preview.pageCount()
        shown["title"] = dialog.windowTitle()
        dialog.close()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(report_actions, "exec_dialog", show_instead_of_exec)
    report_actions.print_preview(window, session, None)
    assert shown["pages"] == _page_count(exported)
    assert "Acme Academy" in shown["title"]
    assert no_modal_dialogs == []


def test_an_unknown_framework_is_explained(session, window, monkeypatch, no_modal_dialogs):
    monkeypatch.setattr(session, "framework_for", lambda assessment: None)
    monkeypatch.setattr(report_actions, "exec_dialog",
                        lambda dialog: pytest.fail("no dialog should open"))
    report_actions.print_preview(window, session, None)
    (kind, title, text), = no_modal_dialogs
    assert kind == "warn" and "customer-education" in text


def test_the_suggested_name_is_safe_for_any_file_system(session):
    from types import SimpleNamespace

    session_like = SimpleNamespace(workbook=SimpleNamespace(name='A/B: "C" <D>?'),
                                   path=Path("/x/y.mwb"))
    path = report_actions.suggested_pdf_path(session_like, SimpleNamespace(date="2025-01-02"))
    assert path == Path("/x/A B C D 2025-01-02.pdf")


def test_export_options_leave_out_detail_and_names(session, window, tmp_path, monkeypatch,
                                                   no_modal_dialogs):
    out = tmp_path / "short.pdf"
    monkeypatch.setattr(report_actions, "ask_save_path", lambda *a: out)
    monkeypatch.setattr(report_actions, "ask_export_options", lambda parent, choice: (
        report_actions.ExportChoice(include_detail=False, anonymize=True, paper="A4")))
    report_actions.export_pdf(window, session, None)
    text = _pdf_text(out)
    assert "Item detail" not in text and "Ada" not in text and "P1" in text
    import pypdf

    box = pypdf.PdfReader(str(out)).pages[0].mediabox
    assert round(float(box.height)) == 842  # A4 as chosen, not Letter from Preferences


def test_cancelling_the_options_writes_nothing(session, window, tmp_path, monkeypatch,
                                               no_modal_dialogs):
    monkeypatch.setattr(report_actions, "ask_export_options", lambda *a: None)
    monkeypatch.setattr(report_actions, "ask_save_path",
                        lambda *a: pytest.fail("no file dialog after cancelling"))
    assert report_actions.export_pdf(window, session, None) is None


def test_the_options_dialog_proposes_the_preferences(qtbot):
    dialog = report_actions.ExportOptionsDialog(None, report_actions.ExportChoice(paper="Letter"))
    qtbot.addWidget(dialog)
    assert dialog.choice() == report_actions.ExportChoice(True, False, "Letter")
    dialog.detail.setChecked(False)
    dialog.paper.setCurrentIndex(dialog.paper.findData("A4"))
    assert dialog.choice() == report_actions.ExportChoice(False, False, "A4")
    # the papers are named for people (translatable), and chosen by their ids
    assert [dialog.paper.itemText(i) for i in range(dialog.paper.count())] == [
        "A4 (210 × 297 mm)", "Letter (8.5 × 11 in)"]
    texts = [dialog.detail.text(), dialog.anonymize.text()]
    for banned in ("&F", "&E", "&V", "&H", "&f", "&e", "&v", "&h"):
        assert all(banned not in t for t in texts)


def test_a_missing_font_is_reported_with_the_script_and_a_package(monkeypatch, window,
                                                                 no_modal_dialogs):
    from types import SimpleNamespace

    from maturity_workbook.report.text import Script

    report = SimpleNamespace(missing_fonts={Script("korean", "fonts-noto-cjk"): ["김", "민"]})
    report_actions.warn_missing_fonts(window, report)
    (kind, title, text), = no_modal_dialogs
    assert kind == "warn" and "Korean" in text and "fonts-noto-cjk" in text and "김" in text


def test_nothing_to_report_is_worded_by_the_window_not_the_command_line(
        session, window, monkeypatch, no_modal_dialogs):
    """The English one-liner of SnapshotError is for `export-pdf`; the window says why in its
    own (translatable) words and where to go."""
    from maturity_workbook.report.content import SnapshotError, SnapshotProblem

    assert report_actions.print_report(window, session, "no-such-id") is False
    (kind, title, text), = no_modal_dialogs
    assert (kind, title) == ("inform", "Nothing to report yet")
    assert "History screen" in text and "no-such-id" not in text
    worded = {problem: report_actions.nothing_to_report(SnapshotError("english", problem))
              for problem in SnapshotProblem}
    assert "Assess screen" in worded[SnapshotProblem.NO_FINAL]
    assert len(set(worded.values())) == 3 and "english" not in "".join(worded.values())
