"""A four-person workshop in a real window, start to finish, as a facilitator runs one.

A reassessment of last spring starts from the New assessment dialog (Enter starts it), votes are
collected hidden and revealed (by the last vote, or the reveal key), a split item takes a second
round, another is settled away from the median with a reason, the split queue is the agenda, a
carried rating is confirmed, the finalize check settles what is left, and the presenter window
follows along without ever showing a hidden vote. The file keeps every round.
"""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from maturity_workbook.core.wizard import AGREED
from maturity_workbook.core.workshop import Phase
from maturity_workbook.paths import load_catalog
from maturity_workbook.store import WorkbookStore
from maturity_workbook.ui import room_dialogs
from maturity_workbook.ui.assess import NewAssessmentDialog

PEOPLE = (("Ada Lovelace-Fitzgerald of the Customer Education Programme Office", "Lead"),
          ("김민준", "CSM"), ("فاطمة الزهراء", "Docs"), ("Zoë 🚀 Okafor", "Sales"))


def last_spring(path):
    """Last spring's final assessment: everyone rated the first items."""
    framework = load_catalog().newest("customer-education")
    items = [item.id for item in framework.items]
    store = WorkbookStore.create(path, "Acme Academy")
    pids = [store.add_participant(name, role).id for name, role in PEOPLE]
    old = store.create_assessment(framework, "Spring workshop", "2026-03-10", pids)
    for k, item in enumerate(items[:6]):
        for pid in pids:
            store.set_rating(old.id, item, pid, 1 + k % 3)
    store.set_note(old.id, items[3], "Only the LMS admin knew the numbers.")
    store.finalize(old.id)
    store.flush()
    store.close()
    return old.id, pids, items


def keys(qtbot, rows, levels):
    """One key per person, each on their own row (the facilitator types what they vote)."""
    for (_pid, row), level in zip(rows, levels):
        if level is not None:
            qtbot.keyClick(row, level)


def unisolated(text):
    """Names in sentences are isolated (U+2068 … U+2069) so right-to-left ones keep their place."""
    return text.replace("\u2068", "").replace("\u2069", "")


def presenter_words(presenter):
    """Everything the presenter window shows: its labels and the bars' description."""
    from PySide6.QtWidgets import QLabel

    texts = [w.text() for w in presenter.findChildren(QLabel) if w.isVisible()]
    if presenter.bars.isVisible():
        texts.append(presenter.bars.accessibleDescription())
    return unisolated("\n".join(texts))


def test_a_four_person_workshop_from_start_to_finalize(qtbot, window, workbook_path,
                                                       monkeypatch, no_modal_dialogs):
    old_id, (ada, minjun, fatima, zoe), items = last_spring(workbook_path)
    window.open_path(workbook_path)
    session = window.session

    # -- the New assessment dialog: a fresh title, selected; hidden votes; Enter starts
    def fill_and_start(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.title.hasSelectedText() and dialog.title.selectedText() == \
            dialog.title.text()
        assert dialog.title.text() != "Spring workshop" and dialog.focusWidget() is dialog.title
        dialog.copy_last.setChecked(True)
        dialog.facilitated.setChecked(True)
        dialog.title.setFocus()
        qtbot.keyClicks(dialog.title, "Autumn workshop")
        qtbot.keyClick(dialog.title, Qt.Key_Return)
        return dialog.result()

    monkeypatch.setattr(NewAssessmentDialog, "exec", fill_and_start)
    window.new_assessment()
    wizard = window.workbook_view.assess.wizard
    assert wizard is not None
    window.activateWindow()  # as after a modal exec(): the dialog hands the keys back
    qtbot.waitUntil(lambda: wizard.isVisible() and window.isActiveWindow())
    aid = wizard.assessment_id
    assessment = session.assessment(aid)
    assert assessment.title == "Autumn workshop" and assessment.facilitated
    assert assessment.based_on == old_id and assessment.entries == {}
    assert wizard.progress.value() == 0  # nothing carried counts before the room says so

    window.toggle_presenter()
    presenter = window.presenter
    qtbot.addWidget(presenter)
    assert presenter.isVisible() and presenter.wizard is wizard
    # a reassessment opens on what happened since last time; Enter goes on to rate
    assert wizard.review.showing() and presenter.idle.text().startswith("Since ")
    qtbot.waitUntil(wizard.review.start.hasFocus)
    qtbot.keyClick(wizard.review.start, Qt.Key_Return)
    assert not wizard.review.showing()
    page = wizard.page

    # -- item 1: hidden votes, then the last vote reveals them
    assert wizard.current == items[0]
    keys(qtbot, page.rows, ("1", "4"))
    assert assessment.participant_ids == [ada, minjun, fatima, zoe]  # last time's room, in order
    hidden = session.assessment(aid).entries[items[0]]
    assert hidden.ratings == {ada: 1, minjun: 4} and not hidden.revealed
    assert not any(b.isChecked() for _p, row in page.rows for b in row.buttons.values())
    assert [row.hint.text() for _p, row in page.rows] == ["✓ voted", "✓ voted",
                                                          "not voted yet", "not voted yet"]
    assert page.agreed_row.isHidden() and not page.room.bars.isVisible()
    shown = presenter_words(presenter)
    assert "2 of 4 voted" in shown and "Votes:" not in shown and "split" not in shown
    assert presenter.highlighted is None and not presenter.bars.isVisible()
    keys(qtbot, page.rows[2:], ("4", "2"))
    assert wizard.controller.room().shown
    assert window.focusWidget() is page.agreed_row  # on to settling
    assert "Votes: 1 × 1 · Reacting; 1 × 2 · Performing; 2 × 4 · Optimizing" in \
        presenter_words(presenter)
    assert "Hear 김민준 and فاطمة الزهراء (4) and Ada Lovelace-Fitzgerald" in \
        unisolated(page.room.spread.text())
    assert "The room is split" in presenter_words(presenter)

    # -- a second round: hidden again, the first round kept
    qtbot.keyClick(page.agreed_row, Qt.Key_R, Qt.ControlModifier | Qt.ShiftModifier)
    state = wizard.controller.room()
    assert state.round == 2 and state.phase is Phase.VOTING and state.voted == ()
    assert "round 2" in presenter.where.text() and not presenter.bars.isVisible()
    assert "Round 1: 1 × 1 · Reacting" in page.room.earlier.text()
    keys(qtbot, page.rows, ("3", "3", "4", "3"))
    assert wizard.controller.room().distribution.spread == 1
    assert presenter.highlighted == 3  # a revealed median nobody disputes stands
    qtbot.keyClick(window.focusWidget(), Qt.Key_Return)  # on to the next item

    # -- item 2: split and left for the agenda; item 3: the reveal key before Zoë votes
    assert wizard.current == items[1]
    keys(qtbot, page.rows, ("1", "4", "4", "1"))
    qtbot.keyClick(window.focusWidget(), Qt.Key_Return)
    keys(qtbot, page.rows, ("2", "2", "4"))
    assert not wizard.controller.room().shown
    qtbot.keyClick(page.rows[0][1], Qt.Key_R, Qt.ControlModifier)
    assert wizard.controller.room().shown and wizard.controller.room().split
    keys(qtbot, page.rows[3:], ("2",))  # Zoë votes after the reveal, in the open
    assert page.rows[3][1].buttons[2].isChecked()

    # -- the agenda: widest split first, reached by a key from any item
    wizard.show_item(items[5])
    qtbot.keyClick(window.focusWidget(), Qt.Key_J, Qt.ControlModifier)
    agenda = wizard.splits.list
    assert window.focusWidget() is agenda
    assert [agenda.item(i).data(Qt.UserRole) for i in range(agenda.count())] == \
        [items[1], items[2]]
    agenda.setCurrentRow(0)
    qtbot.keyClick(agenda, Qt.Key_Return)
    qtbot.waitUntil(lambda: wizard.current == items[1])

    # -- item 2 settles at 3, away from the median (1): why, and who
    def give_reason(dialog):
        dialog.reason.setPlainText("Two teams run the playbook; the others are starting.")
        dialog.by.setCurrentIndex(dialog.by.findData(zoe))
        return QDialog.Accepted

    monkeypatch.setattr(room_dialogs.ReasonDialog, "exec", give_reason)
    qtbot.keyClick(page.agreed_row, "3")
    entry = session.assessment(aid).entries[items[1]]
    assert (entry.agreed, entry.agreed_set, entry.agreed_by) == (3, True, zoe)
    assert entry.agreed_reason.startswith("Two teams")
    assert "set by Zoë 🚀 Okafor: Two teams" in unisolated(page.agreed_row.hint.text())
    assert agenda.item(1).text().startswith("✓")  # settled: after the open one
    assert presenter.highlighted == 3

    # -- the timer, visible to the room
    qtbot.keyClick(page.agreed_row, Qt.Key_T, Qt.ControlModifier)
    assert wizard.controller.timer().running
    assert presenter.clock.isVisible() and presenter.clock.text().startswith("⏱ 5:00")

    # -- last time's rating on item 4: shown with its note, confirmed with a key
    wizard.show_item(items[3])
    box = page.last_time
    assert box.isVisible() and "1 · Reacting" in box.answer.text()
    assert box.note.text() == "Only the LMS admin knew the numbers."
    qtbot.mouseClick(box.confirm, Qt.LeftButton)
    assert session.assessment(aid).entries[items[3]].agreed == 1
    assert wizard.controller.navigator.status(items[3]) == "done"

    # -- finalize: the split item 3 was never settled; the room accepts its median
    def accept_medians(dialog):
        listed = [dialog.table.item(r, 0).data(Qt.UserRole) for r in range(dialog.table.rowCount())]
        assert listed == [items[2]] and not dialog.ok.isEnabled()
        qtbot.mouseClick(dialog.median_button, Qt.LeftButton)
        assert dialog.table.rowCount() == 0 and dialog.ok.isEnabled()
        return QDialog.Accepted

    monkeypatch.setattr(room_dialogs.FinalizeCheckDialog, "exec", accept_medians)
    wizard.show_item(items[-1])
    qtbot.keyClick(page.rows[0][1], Qt.Key_Return)  # past the last item: finalize
    final = session.assessment(aid)
    assert final.is_final and final.entries[items[2]].agreed == 2
    assert no_modal_dialogs[-1][0] == "confirm"  # the usual question about unfinished items
    assert wizard.next_button.text() != "Review && finalize…"
    qtbot.waitUntil(lambda: presenter.radar is not None and presenter.radar.figure is not None,
                    timeout=20000)
    assert presenter.radar.isVisible() and not presenter.prompt.isVisible()

    # -- the Overview shows the assessment just finalized
    window.show_screen(window.workbook_view.OVERVIEW)
    assert window.workbook_view.overview.selected_assessment_id() == aid

    # -- the file keeps both rounds, the reason and who set it
    window.close_workbook()
    store = WorkbookStore.open(workbook_path, read_only=True)
    try:
        kept = store.workbook.assessments[aid].entries
        assert kept[items[0]].earlier == [{ada: 1, minjun: 4, fatima: 4, zoe: 2}]
        assert kept[items[0]].ratings == {ada: 3, minjun: 3, fatima: 4, zoe: 3}
        assert kept[items[1]].agreed_by == zoe and kept[items[1]].agreed_reason
    finally:
        store.close()
    assert presenter.wizard is None and presenter.idle.isVisible()
    presenter.close()
