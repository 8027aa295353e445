"""A whole assessment by keyboard only, two participants; then close, reopen and find everything."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from maturity_workbook.paths import load_catalog
from maturity_workbook.store import WorkbookStore


def type_into_new_assessment_dialog(qtbot):
    """Fill the New assessment dialog with the keyboard: two participants, then Enter."""
    dialog = QApplication.activeModalWidget()
    assert dialog is not None and dialog.windowTitle() == "New assessment"
    dialog.new_name.setFocus()
    for name, role in (("Ada", "Education lead"), ("Ben", "Customer success")):
        qtbot.keyClicks(dialog.new_name, name)
        qtbot.keyClick(dialog.new_name, Qt.Key_Tab)
        qtbot.keyClicks(dialog.new_role, role)
        qtbot.keyClick(dialog.new_role, Qt.Key_Return)  # adds, does not accept the dialog
    assert dialog.isVisible() and dialog.participants.count() == 2
    dialog.title.setFocus()
    dialog.title.selectAll()
    qtbot.keyClicks(dialog.title, "Spring workshop")
    qtbot.keyClick(dialog.title, Qt.Key_Return)  # the default button: start


def test_keyboard_only_assessment_survives_reopen(qtbot, window, workbook_path, monkeypatch,
                                                  no_modal_dialogs):
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(workbook_path), "")))
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key_N, Qt.ControlModifier)  # File › New Workbook
    qtbot.waitUntil(lambda: window.session is not None)
    view = window.workbook_view
    assert view.tabs.currentIndex() == view.ASSESS  # an empty workbook opens on Assess

    QTimer.singleShot(0, lambda: type_into_new_assessment_dialog(qtbot))
    qtbot.keyClick(window, Qt.Key_N, Qt.ControlModifier | Qt.ShiftModifier)  # New Assessment
    qtbot.waitUntil(lambda: view.assess.wizard is not None)
    wizard = view.assess.wizard
    window.activateWindow()  # the dialog has closed: the main window is active again
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    framework = wizard.framework
    items = framework.items
    assert len(items) >= 24

    expected = {}
    for index, item in enumerate(items):
        assert wizard.current == item.id
        ada_key, ben_key = (str(1 + index % 4), "n") if index % 5 == 0 else \
            (str(1 + index % 4), str(1 + (index + 1) % 4))
        qtbot.keyClick(window.focusWidget(), ada_key)
        qtbot.keyClick(window.focusWidget(), ben_key)
        focused = window.focusWidget()
        assert focused is wizard.page.agreed_row  # focus walked down to the agreed row
        expected[item.id] = (int(ada_key), None if ben_key == "n" else int(ben_key))
        if index == 2:  # the room agrees on its own rating, and notes why
            qtbot.keyClick(focused, "4")
            qtbot.keyClick(wizard, Qt.Key_N, Qt.AltModifier)  # &Note
            assert window.focusWidget() is wizard.page.note
            qtbot.keyClicks(wizard.page.note, "Ops & <b>sales</b> both rely on it")
        if index < len(items) - 1:
            qtbot.keyClick(window.focusWidget(), Qt.Key_Right, Qt.AltModifier)
    # the last item: Enter on a row goes to "Review & finalize" (confirm is answered yes)
    qtbot.keyClick(wizard.page.agreed_row, Qt.Key_Return)
    aid = wizard.assessment_id
    qtbot.waitUntil(lambda: window.session.assessment(aid).is_final)
    assert any(kind == "confirm" for kind, *_ in no_modal_dialogs)

    qtbot.keyClick(window, Qt.Key_W, Qt.ControlModifier)  # File › Close Workbook
    qtbot.waitUntil(lambda: window.session is None)

    store = WorkbookStore.open(workbook_path, read_only=True)
    try:
        assessment = store.workbook.assessments[aid]
        names = {p.id: p.name for p in store.workbook.participants.values()}
        ada = next(pid for pid, name in names.items() if name == "Ada")
        ben = next(pid for pid, name in names.items() if name == "Ben")
        assert assessment.is_final and assessment.title == "Spring workshop"
        for item_id, (ada_level, ben_level) in expected.items():
            entry = assessment.entries[item_id]
            assert entry.ratings[ada] == ada_level
            assert entry.ratings[ben] == ben_level
        third = items[2].id
        assert assessment.agreed_level(third) == 4
        assert assessment.entries[third].note == "Ops & <b>sales</b> both rely on it"
        assert assessment.targets  # defaults were set: one stage up
    finally:
        store.close()


def test_resume_where_the_user_was(qtbot, window, workbook_path):
    from tests.ui.conftest import make_workbook

    aid, pids = make_workbook(workbook_path)
    window.open_path(workbook_path)
    window.workbook_view.show_assess(aid)
    wizard = window.workbook_view.assess.wizard
    for _ in range(5):
        wizard.go_next()
    position = wizard.current
    window.close_workbook()
    window.open_path(workbook_path)
    window.workbook_view.show_assess(aid)
    assert window.workbook_view.assess.wizard.current == position


def test_undo_redo_ratings_agreed_notes_and_targets(qtbot, window, workbook_path):
    from tests.ui.conftest import make_workbook

    aid, (ada, ben) = make_workbook(workbook_path)
    window.open_path(workbook_path)
    session = window.session
    window.workbook_view.show_assess(aid)
    wizard = window.workbook_view.assess.wizard
    item = wizard.current
    row = wizard.page.rows[0][1]
    qtbot.keyClick(row, "2")
    qtbot.keyClick(wizard.page.rows[1][1], "3")
    qtbot.keyClick(wizard.page.agreed_row, "3")
    wizard.page.note.setPlainText("first words")
    wizard.page.commit_text()
    session.set_target(aid, "content", 4)
    a = session.assessment(aid)
    assert (a.entries[item].ratings[ada], a.agreed_level(item), a.targets["content"]) == (2, 3, 4)

    window.undo()  # target
    assert a.targets.get("content") != 4
    window.undo()  # note
    assert a.entries[item].note == ""
    assert wizard.page.note.toPlainText() == ""  # the page shows the undone text
    window.undo()  # agreed
    assert not a.entries[item].agreed_set and a.agreed_level(item) == 2  # back to the median
    window.undo()
    window.undo()  # both ratings
    assert item not in a.entries  # nothing left for that item: the store drops the entry
    for _ in range(5):
        window.redo()
    assert (a.entries[item].ratings[ada], a.agreed_level(item), a.entries[item].note,
            a.targets["content"]) == (2, 3, "first words", 4)
    assert wizard.page.agreed_row.value == 3


def test_read_only_second_instance_refuses_edits(qtbot, window, workbook_path, no_modal_dialogs):
    from tests.ui.conftest import make_workbook

    aid, _ = make_workbook(workbook_path)
    holder = WorkbookStore.open(workbook_path)  # another instance holds the file
    try:
        window.open_path(workbook_path)
        session = window.session
        assert session.read_only
        assert any(kind == "inform" and "read-only" in title.lower()
                   for kind, title, _ in no_modal_dialogs)
        assert window.workbook_view.banner.isVisible()
        window.workbook_view.show_assess(aid)
        wizard = window.workbook_view.assess.wizard
        before = workbook_path.read_bytes()
        qtbot.keyClick(wizard.page.rows[0][1], "3")
        assert wizard.current and not session.assessment(aid).entries.get(wizard.current)
        assert not wizard.page.rows[0][1].buttons[3].isEnabled()
        assert not window.workbook_view.assess.list.new_button.isEnabled()
        window.close_workbook()
        assert workbook_path.read_bytes() == before
    finally:
        holder.close()
