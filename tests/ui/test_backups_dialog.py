"""File › Backups…: where the backups are, what each one is, and putting one back (the state it
replaces becomes a backup first, undo starts afresh); and "Choose a backup…" for a workbook that
no longer opens."""

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt, QTime, QUrl
from PySide6.QtGui import QDesktopServices

from maturity_workbook.store import WorkbookStore, list_backups
from maturity_workbook.store.backups import backup_folder, backup_info, make_backup
from maturity_workbook.ui import dialogs, texts
from maturity_workbook.ui.backups_dialog import BackupsDialog
from maturity_workbook.ui.i18n import format_date
from tests.ui.conftest import make_workbook

ITEMS = ("bsp-1", "bsp-2")


@pytest.fixture
def shown(monkeypatch):
    """Dialogs that File › Backups… would show, instead of a modal loop."""
    dialogs_shown = []
    monkeypatch.setattr(BackupsDialog, "exec", lambda self: dialogs_shown.append(self) or 0)
    return dialogs_shown


def first_items(session):
    assessment = next(iter(session.workbook.assessments.values()))
    framework = session.framework_for(assessment)
    return assessment, [item.id for item in framework.items[:3]]


def edit_and_import(window, path, tmp_path):
    """An editing session's first backup, then an import's."""
    session = window.session
    assessment, items = first_items(session)
    pid = assessment.participant_ids[0]
    session.set_rating(assessment.id, items[0], pid, 2)
    session.flush()
    laptop = tmp_path / "laptop.mwb"
    session.store.save_copy_as(laptop)
    with WorkbookStore.open(laptop) as other:
        other.add_participant("Dee Okonkwo-Hernández", "Support lead")
    session.store.import_sources([laptop])
    return assessment, items, pid


def open_backups(window, shown):
    action = window.act_backups
    assert action.isEnabled() and "Backups" in action.text().replace("&", "")
    action.trigger()
    [dialog] = shown
    return dialog


def rows(dialog):
    table = dialog.table
    return [[table.topLevelItem(i).text(c) for c in range(3)]
            for i in range(table.topLevelItemCount())]


def test_backups_are_listed_newest_first_with_time_reason_and_folder(
        window, workbook_path, tmp_path, shown, monkeypatch, qtbot):
    make_workbook(workbook_path)
    assert not window.act_backups.isEnabled()  # no workbook open: nothing to list
    assert window.open_path(workbook_path)
    edit_and_import(window, workbook_path, tmp_path)
    make_backup(workbook_path, "before-upgrade-from-format-2")
    dialog = open_backups(window, shown)
    qtbot.addWidget(dialog)
    found = list_backups(workbook_path)
    assert len(found) == 3
    listed = rows(dialog)
    assert [r[1] for r in listed] == ["Before upgrading the file from format 2",
                                      "Before an import or merge", "Before editing"]
    newest = backup_info(found[0])
    local = newest.taken.astimezone()
    locale = QLocale()
    expected_time = format_date(local.date(), locale) + " " + locale.toString(
        QTime(local.hour, local.minute, local.second), texts.time_pattern(locale))
    assert listed[0][0] == expected_time and f"{local.second:02d}" in expected_time
    assert listed[0][2] == locale.formattedDataSize(found[0].stat().st_size)
    assert dialog.table.currentItem() is dialog.table.topLevelItem(0)  # newest selected
    assert dialog.folder.text() == str(backup_folder(workbook_path))
    assert dialog.restore_button.isEnabled()
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    qtbot.mouseClick(dialog.open_folder_button, Qt.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(backup_folder(workbook_path)))]


def test_restore_puts_the_backup_back_keeps_the_current_state_and_clears_undo(
        window, workbook_path, tmp_path, shown, no_modal_dialogs, qtbot):
    make_workbook(workbook_path)
    assert window.open_path(workbook_path)
    session = window.session
    assessment, items = first_items(session)
    pid = assessment.participant_ids[0]
    session.set_rating(assessment.id, items[0], pid, 3)  # the session's first backup before it
    session.set_rating(assessment.id, items[1], pid, 4)
    session.flush()
    window._update_actions()
    assert window.act_undo.isEnabled()
    [before_editing] = list_backups(workbook_path)

    dialog = open_backups(window, shown)
    qtbot.addWidget(dialog)
    assert dialog.restore_selected()
    asked = [s for s in no_modal_dialogs if s[0] == "confirm"]
    assert len(asked) == 1 and "backed up first" in asked[0][2]
    entries = session.workbook.assessments[assessment.id].entries
    assert all(not entries.get(i) or entries[i].ratings.get(pid) is None for i in items[:2])
    assert not window.act_undo.isEnabled()  # the recorded edits no longer apply
    assert json.loads(workbook_path.read_text("utf-8")) == \
        json.loads(before_editing.read_text("utf-8"))
    newest = backup_info(list_backups(workbook_path)[0])
    assert newest.reason.value == "before-restore"
    with WorkbookStore.open(newest.path, read_only=True) as kept:  # the state it replaced
        kept_entries = kept.workbook.assessments[assessment.id].entries
        assert kept_entries[items[0]].ratings[pid] == 3
        assert kept_entries[items[1]].ratings[pid] == 4
    assert rows(dialog)[0][1] == "Before restoring a backup"
    assert "Restored" in dialog.note.text()


def test_restoring_while_the_wizard_shows_an_assessment_the_backup_lacks(
        window, workbook_path, shown, no_modal_dialogs, qtbot):
    make_workbook(workbook_path)
    assert window.open_path(workbook_path)
    session = window.session
    session.store.rename("Acme Academy — 顧客教育")  # first edit: the backup before it
    framework = session.catalog.newest("customer-education")
    later = session.store.create_assessment(framework, "Made after the backup", "2026-06-01",
                                            list(session.workbook.participants))
    window.workbook_view.show_assess(later.id)
    dialog = open_backups(window, shown)
    qtbot.addWidget(dialog)
    assert dialog.restore_selected()
    assert later.id not in session.workbook.assessments
    qtbot.waitUntil(lambda: window.workbook_view.assess.wizard is None or
                    window.workbook_view.assess.wizard.isHidden())
    assert session.workbook.name == "Acme Academy"


def test_the_keyboard_restores_from_the_list(window, workbook_path, shown, no_modal_dialogs,
                                             qtbot):
    make_workbook(workbook_path)
    assert window.open_path(workbook_path)
    window.session.store.rename("Renamed")
    window.session.store.rename("Renamed again")
    window.session.flush()
    dialog = open_backups(window, shown)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key_Return)
    assert [s[0] for s in no_modal_dialogs].count("confirm") == 1
    assert window.session.workbook.name == "Acme Academy"
    labels = {b.text() for b in dialog.findChildren(type(dialog.restore_button))}
    assert "&Restore…" in labels and "&Open Folder" in labels


def test_a_read_only_workbook_shows_its_backups_but_restores_nothing(
        window, workbook_path, shown, qtbot):
    make_workbook(workbook_path)
    with WorkbookStore.open(workbook_path) as store:
        store.rename("Edited once")  # a backup
    holder = WorkbookStore.open(workbook_path)  # another window has it
    try:
        assert window.open_path(workbook_path)
        assert window.session.read_only
        dialog = open_backups(window, shown)
        qtbot.addWidget(dialog)
        assert len(rows(dialog)) == 1
        assert not dialog.restore_button.isEnabled()
        assert dialog.restore_selected() is False
        assert "another window" in dialog.note.text()
    finally:
        window.close_workbook()
        holder.close()


def test_a_damaged_backup_is_refused_with_a_worded_message(
        window, workbook_path, shown, no_modal_dialogs, qtbot):
    make_workbook(workbook_path)
    assert window.open_path(workbook_path)
    window.session.store.rename("Edited")
    window.session.flush()
    [backup] = list_backups(workbook_path)
    backup.write_bytes(b'{"workbook": {"1": {"id"')
    before = window.session.store.snapshot_bytes()
    dialog = open_backups(window, shown)
    qtbot.addWidget(dialog)
    assert dialog.restore_selected() is False
    [(kind, title, text)] = [s for s in no_modal_dialogs if s[0] == "warn"]
    assert "damaged" in text and backup.name in text
    assert window.session.store.snapshot_bytes() == before


def test_no_backups_yet(window, workbook_path, shown, qtbot):
    make_workbook(workbook_path)
    assert window.open_path(workbook_path)
    dialog = open_backups(window, shown)
    qtbot.addWidget(dialog)
    assert not dialog.table.isVisibleTo(dialog) and dialog.empty.isVisibleTo(dialog)
    assert not dialog.restore_button.isEnabled()
    assert not dialog.open_folder_button.isEnabled()  # the folder does not exist yet


def test_choose_a_backup_for_a_workbook_that_no_longer_opens(
        window, workbook_path, monkeypatch, no_modal_dialogs, qtbot):
    make_workbook(workbook_path)
    with WorkbookStore.open(workbook_path) as store:
        store.rename("First rename")  # backup 1: the original
    with WorkbookStore.open(workbook_path) as store:
        store.rename("Second rename")  # backup 2: "First rename"
    workbook_path.write_bytes(b"\x00garbage")
    asked = []
    monkeypatch.setattr(dialogs, "explain_open_error",
                        lambda parent, p, message, found, details="":
                        asked.append((message, details, found)) or dialogs.CHOOSE_BACKUP)

    def choose_the_older(dialog):  # the user picks the second row and restores it
        qtbot.addWidget(dialog)
        assert dialog.session is None and len(rows(dialog)) == 2
        dialog.table.setCurrentItem(dialog.table.topLevelItem(1))
        dialog.restore_selected()
        return 1

    monkeypatch.setattr(BackupsDialog, "exec", choose_the_older)
    assert window.open_path(workbook_path)
    [(message, details, found)] = asked
    assert "not a workbook" in message and details != message and len(found) == 2
    assert window.session.workbook.name == "Acme Academy"  # the older backup
    damaged = [b for b in list_backups(workbook_path) if b.read_bytes() == b"\x00garbage"]
    assert len(damaged) == 1  # the damaged file was kept as a backup


def test_the_open_error_box_offers_both_ways_to_restore(workbook_path, monkeypatch, qtbot):
    """The box itself: the latest backup by its date, a button to choose another, the store's
    English line behind Details."""
    from PySide6.QtWidgets import QMessageBox

    make_workbook(workbook_path)
    with WorkbookStore.open(workbook_path) as store:
        store.rename("Edited")
    seen = []

    def look(box):
        qtbot.addWidget(box)
        seen.append(([b.text() for b in box.buttons()], box.informativeText(),
                     box.detailedText()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", look)
    found = list_backups(workbook_path)
    assert dialogs.explain_open_error(None, workbook_path, "It is damaged.", found,
                                      details="English line") == dialogs.CANCEL
    [(buttons, info, details)] = seen
    assert "&Restore the latest backup" in buttons and "Choose a &backup…" in buttons
    assert texts.backup_summary(backup_info(found[0])) in info
    assert details == "English line"
