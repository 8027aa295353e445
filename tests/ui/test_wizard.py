"""The Qt wizard renders core.wizard's controller: keys in a real window, the note kept on close.

The decisions themselves are tested without a screen in tests/core/test_wizard.py; here the
window forwards keys, shows what the controller decided, and never loses the note being typed.
"""

import errno
import json
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt

from maturity_workbook.core.wizard import AGREED
from maturity_workbook.core.workbook import UNKNOWN
from maturity_workbook.store import WorkbookStore, storage
from tests.ui.conftest import make_workbook


@pytest.fixture
def opened(window, workbook_path):
    """The window with a two-person draft open in the wizard."""
    aid, pids = make_workbook(workbook_path)
    window.open_path(workbook_path)
    window.workbook_view.show_assess(aid)
    return window, window.workbook_view.assess.wizard, aid, pids


def type_text(qtbot, window, text):
    """Type as a person does: each key goes to whichever widget has focus at that moment."""
    for char in text:
        qtbot.keyClick(window.focusWidget(), char)


def stored(path, aid):
    store = WorkbookStore.open(path, read_only=True)
    try:
        return store.workbook.assessments[aid]
    finally:
        store.close()


def test_typing_on_a_rating_row_goes_to_the_note_and_changes_no_rating(qtbot, opened):
    window, wizard, aid, (ada, ben) = opened
    session = window.session
    item = wizard.current
    ada_row, ben_row = wizard.page.rows[0][1], wizard.page.rows[1][1]
    qtbot.keyClick(ben_row, "2")
    ada_row.setFocus()
    type_text(qtbot, window, "nothing was agreed, not even on onboarding")
    entry = session.assessment(aid).entries[item]
    assert entry.ratings == {ben: 2}  # the n of "nothing" was put back; no n after it rated
    assert window.focusWidget() is wizard.page.note
    assert wizard.page.note.toPlainText() == "nothing was agreed, not even on onboarding"
    wizard.commit_text()
    assert session.undo_text() == "Note" and not session.history.can_redo
    session.undo()  # the note ...
    assert session.undo_text() == "Rating"
    session.undo()  # ... then Ben's 2: the N taken back left no step of its own
    assert not session.history.can_undo and item not in session.assessment(aid).entries
    session.redo()
    session.redo()
    assert session.assessment(aid).entries[item].ratings == {ben: 2}
    # a sentence that does not start with a rating key goes straight to the note
    wizard.page.note.clear()
    wizard.page.agreed_row.setFocus()
    type_text(qtbot, window, "Sales own it")
    assert session.assessment(aid).agreed_level(item) == 2  # still the median, never set
    assert wizard.page.note.toPlainText() == "Sales own it"


def test_keys_rate_with_ints_from_key_to_file(qtbot, opened, workbook_path):
    window, wizard, aid, (ada, ben) = opened
    item = wizard.current
    qtbot.keyClick(wizard.page.rows[0][1], "3")
    assert window.focusWidget() is wizard.page.rows[1][1]  # auto-advance to the next person
    qtbot.keyClick(window.focusWidget(), "?")  # don't know
    assert window.focusWidget() is wizard.page.agreed_row
    qtbot.keyClick(window.focusWidget(), "0")  # 0 is no stage here: not applicable
    window.session.flush()
    raw = json.loads(workbook_path.read_text(encoding="utf-8"))
    [record] = [r for table in raw.values() for r in table.values()
                if isinstance(r, dict) and r.get("item_id") == item]
    assert record["ratings"] == {ada: 3, ben: "unknown"} and type(record["ratings"][ada]) is int
    assert record["agreed"] is None and record["agreed_set"] is True
    # the buttons show the same values
    assert wizard.page.rows[0][1].buttons[3].isChecked()
    assert wizard.page.rows[1][1].buttons[UNKNOWN].isChecked()
    assert not wizard.page.rows[1][1].buttons[None].isChecked()
    assert wizard.page.agreed_row.buttons[None].isChecked()
    qtbot.mouseClick(wizard.page.rows[0][1].buttons[3], Qt.LeftButton)  # a click clears it
    assert ada not in window.session.assessment(aid).entries[item].ratings


def test_the_note_being_typed_is_kept_when_the_workbook_closes(qtbot, opened, workbook_path):
    window, wizard, aid, _ = opened
    item = wizard.current
    qtbot.keyClicks(wizard.page.note, "typed just before closing")
    assert wizard.page._text_timer.isActive()  # not yet sent on its own
    assert window.close_workbook()
    assert stored(workbook_path, aid).entries[item].note == "typed just before closing"


def test_flush_takes_the_note_being_typed(qtbot, opened, workbook_path):
    window, wizard, aid, _ = opened
    item = wizard.current
    qtbot.keyClicks(wizard.page.evidence, "survey.pdf")
    qtbot.keyClick(wizard.page.evidence, Qt.Key_Return)
    qtbot.keyClicks(wizard.page.evidence, "https://example.com/deck")
    assert window.session.flush(timeout=10)
    reader = subprocess.run(  # another process reads the file as it is on disk
        [sys.executable, "-c", "import json,sys; d=json.load(open(sys.argv[1])); print([r.get("
         "'evidence') for t in d.values() for r in t.values() if isinstance(r, dict) and "
         "r.get('item_id') == sys.argv[2]])", str(workbook_path), item],
        capture_output=True, text=True, check=True)
    assert "['survey.pdf', 'https://example.com/deck']" in reader.stdout


def test_a_save_error_on_close_asks_and_keeps_the_note(qtbot, opened, workbook_path,
                                                       monkeypatch, no_modal_dialogs):
    window, wizard, aid, _ = opened
    item = wizard.current
    from maturity_workbook.ui import dialogs

    answers = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text, action:
                        answers.append(text) or False)

    def no_space(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(storage, "write_atomic", no_space)
        qtbot.keyClicks(wizard.page.note, "must not be lost")
        assert window.close_workbook() is False  # the user keeps the window open
        [question] = answers
        assert "could not be saved" in question
        assert window.session is not None
        assert window.session.assessment(aid).entries[item].note == "must not be lost"
    assert window.close_workbook()  # the disk has room again
    assert stored(workbook_path, aid).entries[item].note == "must not be lost"


def test_continue_resumes_where_the_room_stopped(qtbot, opened, workbook_path):
    window, wizard, aid, _ = opened
    for _ in range(4):
        qtbot.keyClick(window.focusWidget(), "2")
        qtbot.keyClick(window.focusWidget(), "3")
        qtbot.keyClick(window.focusWidget(), Qt.Key_Return)
    stopped = wizard.current
    qtbot.keyClick(window.focusWidget(), Qt.Key_Escape)  # back to the list
    assess = window.workbook_view.assess
    assert assess.wizard is None
    window.close_workbook()
    window.open_path(workbook_path)
    assess = window.workbook_view.assess
    window.workbook_view.show_screen(window.workbook_view.ASSESS)
    qtbot.mouseClick(assess.list.open_button, Qt.LeftButton)  # "Continue"
    assert assess.wizard.current == stopped
    assert window.focusWidget() is assess.wizard.page.rows[0][1]


def test_the_end_offers_to_finalize_and_the_item_tree_navigates(qtbot, opened,
                                                                no_modal_dialogs):
    window, wizard, aid, _ = opened
    framework = wizard.framework
    last_of_first = framework.dimensions[0].items[-1].id
    wizard._tree_clicked(wizard.tree_items[last_of_first])
    assert wizard.current == last_of_first
    wizard._tree_clicked(wizard.dimension_nodes[framework.dimensions[1].id])
    assert wizard.current == framework.dimensions[1].items[0].id
    wizard.show_item(framework.items[-1].id)
    assert wizard.next_button.text() == "Review && finalize…"
    qtbot.keyClick(window.focusWidget(), Qt.Key_Return)
    assert window.session.assessment(aid).is_final
    [(kind, title, text)] = [d for d in no_modal_dialogs if d[0] == "confirm"]
    assert str(len(framework.items)) in text  # how many items are unfinished
    assert wizard.reopen_button.isVisibleTo(wizard) and not wizard.finalize_button.isVisibleTo(
        wizard)
    qtbot.keyClick(wizard.page.rows[0][1], "4")  # final: keys change nothing
    assert not window.session.assessment(aid).entries


def test_tab_reaches_the_agreed_row_after_the_people_then_note_and_the_item_tree(qtbot,
                                                                               opened):
    window, wizard, _aid, _ = opened
    page = wizard.page
    (_, first), (_, second) = page.rows
    qtbot.keyClick(first, "2")
    qtbot.keyClick(second, "4")
    qtbot.keyClick(page.agreed_row, "3")  # set: Use median can be pressed, so Tab stops there
    first.setFocus()
    stops = [first]
    for _ in range(30):
        qtbot.keyClick(window.focusWidget(), Qt.Key_Tab)
        stops.append(window.focusWidget())
        if stops[-1] is wizard.tree:
            break
    assert stops[:6] == [first, second, page.agreed_row, page.use_median, page.note,
                         page.evidence]
    assert stops[-1] is wizard.tree  # the items by function, with the keyboard only
    assert page.rows[0][1].value == 2  # Tab typed nothing into a rating


def test_the_wizard_does_not_import_the_assess_screen():
    """ui.assess imports ui.wizard; the wizard must not import it back (no cycle)."""
    code = ("import sys; import maturity_workbook.ui.wizard; "
            "print('maturity_workbook.ui.assess' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


def test_agreed_row_hint_and_median(qtbot, opened):
    window, wizard, aid, _ = opened
    qtbot.keyClick(wizard.page.rows[0][1], "1")
    qtbot.keyClick(window.focusWidget(), "4")
    assert "split" in wizard.page.room.spread.text()
    assert wizard.page.agreed_row.hint.text() == "median of the ratings"
    qtbot.keyClick(window.focusWidget(), "3")
    assert wizard.page.agreed_row.hint.text() == "set by the room"
    assert wizard.page.use_median.isEnabled()
    qtbot.mouseClick(wizard.page.use_median, Qt.LeftButton)
    assert wizard.controller.value(AGREED) == 1 and not wizard.controller.agreed_is_set()
