"""A four-person workshop on laptops, in real windows: the facilitator hands out participant
files, each participant rates in their own file (their row only, a banner, nothing else
editable), the facilitator merges the four files in the window, resolves a conflict in the
dialog by keeping the other value, and undoes and redoes the whole merge as one step."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from maturity_workbook.core.workbook import UNKNOWN
from maturity_workbook.paths import load_catalog
from maturity_workbook.store import WorkbookStore
from maturity_workbook.ui import merge_dialog
from maturity_workbook.ui.participant_files import ParticipantFilesDialog
from tests.store.helpers import content

PEOPLE = (("김민준", "교육 담당"), ("فاطمة الزهراء", "نجاح العملاء"), ("Zoë 🚀 Okafor", "CSM"),
          ("Ada Lovelace-Fitzgerald of the Customer Education Programme Office",
           "Education lead"))


@pytest.fixture
def facilitated(tmp_path):
    """The facilitator's workbook: last year's final assessment and today's draft."""
    framework = load_catalog().newest("customer-education")
    path = tmp_path / "Northwind Academy.mwb"
    with WorkbookStore.create(path, "Northwind Academy") as store:
        pids = [store.add_participant(name, role).id for name, role in PEOPLE]
        old = store.create_assessment(framework, "Last spring", "2025-05-14", pids[:2])
        store.set_rating(old.id, framework.items[0].id, pids[0], 2)
        store.finalize(old.id)
        a = store.create_assessment(framework, "Spring workshop", "2026-05-14", pids)
        store.set_note(a.id, framework.items[0].id, "The room's note stays in the room")
    return path, a.id, pids, [item.id for item in framework.items]


def open_window(qtbot, app_settings, path):
    from maturity_workbook.ui.main_window import MainWindow

    win = MainWindow(settings=app_settings)
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_path(path)
    return win


def rate_on_a_laptop(qtbot, app_settings, path, pid, keys):
    """A participant opens their own file and rates the first items by keyboard."""
    laptop = open_window(qtbot, app_settings, path)
    try:
        view = laptop.workbook_view
        assert view.participant_banner.isVisible()
        person = laptop.session.workbook.participants[pid].name
        assert person in view.participant_banner.text()
        assert "give this file back to the facilitator" in view.participant_banner.text()
        assert "participant file" in laptop.windowTitle()
        assert [view.tabs.isTabEnabled(i) for i in range(view.tabs.count())] == [
            i == view.ASSESS for i in range(view.tabs.count())]  # the wizard, nothing else
        assert [a.isEnabled() for a in laptop.view_actions] == [
            i == view.ASSESS for i in range(len(laptop.view_actions))]
        assert not laptop.act_new_assessment.isEnabled() and not laptop.act_import.isEnabled()
        assert not laptop.act_participant_files.isEnabled()
        wizard = view.assess.wizard
        assert wizard is not None
        assert [row_pid for row_pid, _row in wizard.page.rows] == [pid]  # their row only
        assert wizard.page.agreed_row.isHidden() and wizard.page.notes_box.isHidden()
        assert wizard.finalize_button.isHidden()
        assert not view.assess.list.new_button.isEnabled()
        for key in keys:
            row = wizard.page.rows[0][1]
            qtbot.keyClick(row, key)
            qtbot.keyClick(row, Qt.Key_Return)  # next item
        assert wizard.progress.value() == len(keys)
        steps = len(laptop.session.history._done)
        qtbot.keyClick(wizard.page.rows[0][1], "x")  # typing changes nothing here
        assert len(laptop.session.history._done) == steps == len(keys)
    finally:
        assert laptop.close_workbook()
        laptop.close()


def test_four_laptops_merged_in_the_window_with_a_conflict_undone_and_redone(
        qtbot, tmp_path, app_settings, no_modal_dialogs, facilitated, monkeypatch):
    path, aid, pids, items = facilitated
    window = open_window(qtbot, app_settings, path)
    session = window.session

    # File › Participant Files…: the open draft is the default; one file each, named for them
    window.workbook_view.show_assess(aid)
    dialog = ParticipantFilesDialog(session, window.workbook_view.assess.current_assessment_id(),
                                    window)
    qtbot.addWidget(dialog)
    assert dialog.selected_assessment().id == aid and dialog.chosen_participants() == pids
    folder = tmp_path / "handed out"
    dialog.folder.setText(str(folder))
    dialog.accept()
    files = dialog.written
    assert [f.name for f in files] == [f"Northwind Academy - {name}.mwb" for name, _ in PEOPLE]
    assert all(f.parent == folder for f in files)
    said = dialog.result_text()  # where they went, every name
    assert str(folder) in said and all(f.name in said for f in files)
    again = ParticipantFilesDialog(session, aid, window)  # the files exist: asked, replaced
    qtbot.addWidget(again)
    again.folder.setText(str(folder))
    again.accept()
    assert any(kind == "confirm" and "Replace" in title for kind, title, _ in no_modal_dialogs)
    assert again.written == files

    # four laptops
    keys = {0: ["1", "2", "3"], 1: ["4", "n", "?"], 2: ["2", "2"], 3: ["3", "1", "4", "2"]}
    for n, (file, pid) in enumerate(zip(files, pids)):
        rate_on_a_laptop(qtbot, app_settings, file, pid, keys[n])

    # meanwhile the facilitator changed 김민준's rating of the first item in the room
    session.set_rating(aid, items[0], pids[0], 4)
    session.flush()
    before = content(session.workbook)

    # File › Import / Merge…: the four files at once, the report dialog shows the conflict
    shown = []
    monkeypatch.setattr(merge_dialog.MergeReportDialog, "exec",
                        lambda self: shown.append(self) or 0)
    report = merge_dialog.import_and_merge(window, session, [str(f) for f in files])
    assert report is not None and len(shown) == 1
    report_dialog = shown[0]
    qtbot.addWidget(report_dialog)
    report_dialog.show()
    a = session.workbook.assessments[aid]
    assert a.entries[items[1]].ratings[pids[1]] is None  # "n"
    assert a.entries[items[2]].ratings[pids[1]] is UNKNOWN  # "?"
    assert a.entries[items[3]].ratings[pids[3]] == 2
    assert a.entries[items[0]].note == "The room's note stays in the room"
    assert window.act_undo.text().replace("&", "") == "Undo Import"

    (card,) = report_dialog.cards
    conflict = card.conflict
    assert (conflict.item_id, conflict.participant_id) == (items[0], pids[0])
    texts = [label.text().replace("\u2068", "").replace("\u2069", "")  # bidi isolates
             for label in card.findChildren(type(report_dialog.error))]
    assert "김민준" in card.title.text()
    assert "4 · Optimizing" in texts and "1 · Reacting" in texts  # both values as stages
    assert "김민준's participant file" in texts
    assert "This workbook (before the merge)" in texts
    in_use = [name for name in card.SIDES if card.state[name].text() == "✓ In use"]
    assert len(in_use) == 1
    that = "other" if in_use[0] == "kept" else "kept"
    qtbot.mouseClick(card.buttons[that], Qt.LeftButton)  # keep that one
    assert card.state[that].text() == "✓ In use" and not card.buttons[that].isEnabled()
    chosen = getattr(conflict, that).value
    assert session.workbook.assessments[aid].entries[items[0]].ratings[pids[0]] == chosen
    assert len(session.store.conflicts()) == 1  # both values stay in the conflicts table
    merged_then_chosen = content(session.workbook)
    report_dialog.close()

    window.undo()  # the choice, an ordinary edit
    assert window.act_undo.text().replace("&", "") == "Undo Import"
    window.undo()  # the whole merge, one step
    assert content(session.workbook) == before
    assert session.store.conflicts() == []
    window.redo()
    window.redo()
    assert content(session.workbook) == merged_then_chosen
    assert len(session.store.conflicts()) == 1

    # nothing new the second time: said, and no step
    assert merge_dialog.import_and_merge(window, session, [str(f) for f in files]) is None
    assert any(kind == "inform" and title == "Nothing new" for kind, title, _ in no_modal_dialogs)
    assert window.close_workbook()
    with WorkbookStore.open(path, read_only=True) as saved:
        assert content(saved.workbook) == merged_then_chosen


def test_a_bad_file_changes_nothing_and_says_why(qtbot, tmp_path, app_settings,
                                                 no_modal_dialogs, facilitated):
    path, aid, pids, items = facilitated
    window = open_window(qtbot, app_settings, path)
    bad = tmp_path / "not a workbook.mwb"
    bad.write_text("{}", encoding="utf-8")
    before = content(window.session.workbook)
    assert merge_dialog.import_and_merge(window, window.session, [str(bad)]) is None
    kind, title, text = no_modal_dialogs[-1]
    assert kind == "warn" and "nothing was changed" in text
    assert content(window.session.workbook) == before and not window.session.history.can_undo
    assert window.close_workbook()


def test_the_participant_files_dialog_needs_a_draft(qtbot, tmp_path, app_settings,
                                                    no_modal_dialogs):
    path = tmp_path / "Finals only.mwb"
    framework = load_catalog().newest("customer-education")
    with WorkbookStore.create(path, "Finals only") as store:
        pid = store.add_participant("Ana").id
        store.finalize(store.create_assessment(framework, "Done", "2025-01-01", [pid]).id)
    window = open_window(qtbot, app_settings, path)
    window.participant_files()
    assert no_modal_dialogs[-1][0] == "inform" and "in progress" in no_modal_dialogs[-1][2]
    assert not list(Path(tmp_path).glob("Participant files*"))
    assert window.close_workbook()
