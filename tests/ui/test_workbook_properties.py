"""File > Workbook Properties, and who prepares the snapshots asked at the first PDF export."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QDialog

from maturity_workbook.ui import report_actions, workbook_properties
from maturity_workbook.ui.workbook_properties import (
    WorkbookProperties, WorkbookPropertiesDialog, edit_workbook_properties,
)
from tests.ui.conftest import make_workbook


@pytest.fixture
def opened(window, workbook_path):
    make_workbook(workbook_path, ratings=None, final=True)
    assert window.open_path(workbook_path)
    return window


def answer_with(monkeypatch, **typed):
    """Replace the modal run: type into the dialog's fields, then press OK."""
    shown = []

    def run(dialog):
        shown.append(dialog)
        for field, value in typed.items():
            widget = getattr(dialog, field)
            if field == "months":
                widget.setValue(value)
            else:
                widget.clear()
                widget.insert(value)  # as if typed
        return QDialog.DialogCode.Accepted if dialog.ok.isEnabled() else QDialog.DialogCode.Rejected

    monkeypatch.setattr(workbook_properties, "exec_dialog", run)
    return shown


def test_the_file_menu_edits_all_four_properties_as_one_undo_step(opened, monkeypatch,
                                                                   workbook_path):
    session = opened.session
    before = WorkbookProperties.of(session.workbook)
    shown = answer_with(monkeypatch, name="Acme Partner Academy 아카데미",
                        prepared_by="Ana Ruiz, Ruiz Advisory",
                        confidentiality="Confidential: leadership team only", months=9)
    opened.act_properties.trigger()
    assert len(shown) == 1 and shown[0].name.text()  # the dialog opened with the workbook's name
    wb = session.workbook
    assert (wb.name, wb.prepared_by, wb.confidentiality, wb.reassess_months) == (
        "Acme Partner Academy 아카데미", "Ana Ruiz, Ruiz Advisory",
        "Confidential: leadership team only", 9)
    assert opened.windowTitle().startswith("Acme Partner Academy 아카데미 — ")  # the title too
    assert session.history.can_undo
    session.undo()
    assert WorkbookProperties.of(session.workbook) == before  # one Undo puts all four back
    assert opened.windowTitle().startswith(before.name + " — ")
    session.redo()
    session.store.flush()
    opened.close_workbook()
    from maturity_workbook.store import WorkbookStore

    store = WorkbookStore.open(workbook_path, read_only=True)
    try:
        saved = WorkbookProperties.of(store.workbook)
    finally:
        store.close()
    assert saved == WorkbookProperties("Acme Partner Academy 아카데미", "Ana Ruiz, Ruiz Advisory",
                                       "Confidential: leadership team only", 9)


def test_one_changed_property_is_one_operation_and_nothing_changed_is_none(opened,
                                                                           monkeypatch):
    session = opened.session
    sent = []
    real_do = session.do
    monkeypatch.setattr(session, "do", lambda op, *a: sent.append(op) or real_do(op, *a))
    answer_with(monkeypatch, prepared_by="Ana Ruiz")
    assert edit_workbook_properties(opened, session)
    assert [type(op).__name__ for op in sent] == ["SetWorkbookField"]
    assert sent[0].field == "prepared_by"
    answer_with(monkeypatch)  # OK without a change
    assert not edit_workbook_properties(opened, session)
    assert len(sent) == 1


def test_a_blank_name_cannot_be_accepted(qtbot):
    dialog = WorkbookPropertiesDialog(None, WorkbookProperties("Acme", "", "", 6))
    qtbot.addWidget(dialog)
    assert dialog.ok.isEnabled() and not dialog.problem.isVisibleTo(dialog)
    dialog.name.clear()
    assert not dialog.ok.isEnabled()
    assert dialog.problem.isVisibleTo(dialog) and "needs a name" in dialog.problem.text()
    dialog.name.insert("  Acme 2  ")
    assert dialog.ok.isEnabled()
    assert dialog.properties().name == "Acme 2"


def test_an_interval_outside_the_advice_is_kept_not_clamped(qtbot):
    dialog = WorkbookPropertiesDialog(None, WorkbookProperties("Acme", "", "", 3))
    qtbot.addWidget(dialog)
    assert dialog.properties().reassess_months == 3
    assert dialog.months.minimum() == 3 and dialog.months.maximum() == 12


def test_a_read_only_workbook_shows_its_properties_without_editing(qtbot):
    dialog = WorkbookPropertiesDialog(None, WorkbookProperties("Acme", "Ana", "", 6),
                                      read_only=True)
    qtbot.addWidget(dialog)
    assert dialog.name.isReadOnly() and dialog.prepared_by.isReadOnly()
    assert dialog.months.isReadOnly() and not dialog.ok.isEnabled()
    assert "read-only" in dialog.problem.text()


def test_mnemonics_are_unique_and_leave_the_menu_bar_letters_alone(qtbot):
    from PySide6.QtWidgets import QLabel

    dialog = WorkbookPropertiesDialog(None, WorkbookProperties("Acme", "", "", 6))
    qtbot.addWidget(dialog)
    letters = []
    for label in dialog.findChildren(QLabel):
        found = re.search(r"&(\w)", label.text())
        if found:
            letters.append(found.group(1).lower())
            assert label.buddy() is not None
    assert len(letters) == 4 and len(set(letters)) == 4
    assert not set(letters) & {"f", "e", "v", "h"}


def test_the_dialog_fits_a_small_screen(qtbot, tmp_path):
    dialog = WorkbookPropertiesDialog(None, WorkbookProperties(
        "Global Customer Enablement and Partner Education Academy", "Ana Ruiz", "", 6))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    hint = dialog.sizeHint()
    assert hint.width() <= 1024 and hint.height() <= 768
    dialog.grab().save(str(tmp_path / "workbook-properties.png"))


# ------------------------------------------------------------ asked at the first PDF export


def _final_session(opened):
    return opened.session


def test_the_first_export_asks_who_prepares_the_snapshot_and_keeps_it(opened, monkeypatch,
                                                                        tmp_path):
    import pypdf

    session = _final_session(opened)
    asked = []

    def answer(parent, choice):
        asked.append(choice)
        return report_actions.ExportChoice(paper="A4", prepared_by=(
            "Ana Ruiz" if choice.prepared_by is not None else None))

    monkeypatch.setattr(report_actions, "ask_export_options", answer)
    monkeypatch.setattr(report_actions, "ask_save_path",
                        lambda parent, caption, suggested: tmp_path / f"s{len(asked)}.pdf")
    first = report_actions.export_pdf(opened, session, None)
    assert asked[0].prepared_by == ""  # offered, empty
    assert session.workbook.prepared_by == "Ana Ruiz"
    assert pypdf.PdfReader(str(first)).metadata.author == "Ana Ruiz"
    report_actions.export_pdf(opened, session, None)
    assert asked[1].prepared_by is None  # known now: not asked again
    session.undo()  # the answer was an ordinary edit
    assert session.workbook.prepared_by == ""


def test_the_export_dialog_shows_the_field_only_when_asking(qtbot):
    plain = report_actions.ExportOptionsDialog(None, report_actions.ExportChoice())
    qtbot.addWidget(plain)
    assert plain.prepared_by is None and plain.choice().prepared_by is None
    asking = report_actions.ExportOptionsDialog(None, report_actions.ExportChoice(
        prepared_by=""))
    qtbot.addWidget(asking)
    asking.prepared_by.insert("  Ruiz Advisory ")
    assert asking.choice().prepared_by == "Ruiz Advisory"
