"""The Plan screen by keyboard and mouse: set the goal and its metrics, record their values,
manage actions and phases, change the goal; every edit undoes; refusals keep what was typed."""

import re
from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton, QApplication, QDialogButtonBox, QLabel,
)

from maturity_workbook.core import action_plan, plan
from maturity_workbook.core.ops import AddRecord
from maturity_workbook.core.ops import plan_ops
from maturity_workbook.ui.plan_dialogs import (
    ActionDialog, ActualsDialog, GoalDialog, MetricDialog, PhaseDialog,
)
from maturity_workbook.ui.plan_texts import format_date, format_number
from tests.ui.conftest import make_workbook

TODAY = date(2026, 12, 1)


class Answer:
    """Runs `fill(dialog)` on the next modal dialog (it must close it); a failure cancels the
    dialog instead of leaving the test waiting, and is raised by `wait`."""

    def __init__(self, fill):
        self.fill, self.done, self.errors = fill, False, []
        QTimer.singleShot(0, self.run)

    def run(self):
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, self.run)
            return
        try:
            self.fill(dialog)
        except BaseException as exc:  # noqa: BLE001 - raised again by wait()
            self.errors.append(exc)
        finally:
            if dialog.isVisible():
                dialog.reject()
            self.done = True

    def wait(self, qtbot):
        """A button's Alt key clicks it a moment later (Qt animates the press): wait for it."""
        qtbot.waitUntil(lambda: self.done, timeout=5000)
        if self.errors:
            raise self.errors[0]


def answer(fill):
    return Answer(fill)


def plural(source, shown):
    """`source` ("2 action(s) overdue") in `shown`, with or without the English catalogue
    that turns "(s)" into the right plural."""
    pattern = re.escape(source).replace(re.escape("(s)"), r"(\(s\)|s)?")
    return re.search(pattern, shown) is not None


def type_text(qtbot, widget, text):
    """Keys for ASCII; other scripts arrive as an input method would commit them (QTest types
    ASCII only)."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
    elif hasattr(widget, "insertPlainText"):
        widget.insertPlainText(text)
    else:
        widget.insert(text)


def ok(qtbot, dialog):
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)


def press(qtbot, window, key, modifiers=Qt.AltModifier):
    """A key as the window gets it: menu shortcuts and Alt keys of the buttons on screen."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, key, modifiers)


@pytest.fixture
def plan_window(qtbot, window, workbook_path):
    aid, _ = make_workbook(workbook_path, final=True, date="2026-05-13")
    assert window.open_path(workbook_path)
    press(qtbot, window, Qt.Key_4, Qt.ControlModifier)  # View › Plan
    view = window.workbook_view
    qtbot.waitUntil(lambda: view.tabs.currentIndex() == view.PLAN)
    screen = view.plan
    screen.today = TODAY
    screen.refresh()
    return window, screen, aid


def set_goal(qtbot, window, statement="Admins finish onboarding in 30 days 🚀"):
    def fill(dialog):
        assert isinstance(dialog, GoalDialog)
        dialog.priority.setFocus()
        assert not dialog.own.isEnabled()  # a priority of the list needs no words
        qtbot.keyClick(dialog.priority, Qt.Key_End)  # the last entry: our own words
        assert dialog.own.isEnabled()
        qtbot.keyClick(dialog.priority, Qt.Key_Tab)
        assert dialog.focusWidget() is dialog.own
        type_text(qtbot, dialog.own, "공공 부문 고객 확대")
        qtbot.keyClick(dialog.own, Qt.Key_Tab)
        type_text(qtbot, dialog.statement, statement)
        ok(qtbot, dialog)

    handler = answer(fill)
    press(qtbot, window, Qt.Key_G)  # Set the &Goal…
    handler.wait(qtbot)


def add_metric(qtbot, window, name, baseline="34", target="70"):
    def fill(dialog):
        assert isinstance(dialog, MetricDialog)
        type_text(qtbot, dialog.name, name)
        qtbot.keyClick(dialog.name, Qt.Key_Tab)
        qtbot.keyClicks(dialog.unit, "%")
        dialog.baseline.setFocus()
        qtbot.keyClicks(dialog.baseline, baseline)
        dialog.target.setFocus()
        qtbot.keyClicks(dialog.target, target)
        qtbot.keyClick(dialog.target, Qt.Key_Return)  # the default button: OK

    handler = answer(fill)
    press(qtbot, window, Qt.Key_M)  # Add &Metric…
    handler.wait(qtbot)


def test_goal_and_metrics_by_keyboard_with_undo(qtbot, plan_window):
    window, screen, aid = plan_window
    session = window.session
    set_goal(qtbot, window)
    goal = plan.current_goal(session.workbook)
    assert goal.priority == plan.OWN_PRIORITY and goal.own_priority == "공공 부문 고객 확대"
    assert goal.since == "2026-05-13"  # a first goal holds from the first assessment
    assert screen.priority.text() == "공공 부문 고객 확대"
    assert "30 days 🚀" in screen.statement.text()

    for n in range(plan.MAX_METRICS):
        add_metric(qtbot, window, f"Metric {n} مقياس")
    assert len(plan.metrics_of(session.workbook, goal)) == plan.MAX_METRICS
    assert screen.metrics.rowCount() == plan.MAX_METRICS
    assert not screen.add_metric.isEnabled()  # five is the most

    # Enter on a row edits it; Delete removes it
    screen.metrics.setFocus()
    screen.metrics.selectRow(1)

    def rename(dialog):
        dialog.name.selectAll()
        qtbot.keyClicks(dialog.name, "Renewal rate")
        ok(qtbot, dialog)

    handler = answer(rename)
    qtbot.keyClick(screen.metrics, Qt.Key_Return)
    handler.wait(qtbot)
    names = [m.name for m in plan.metrics_of(session.workbook, goal)]
    assert names[1] == "Renewal rate"
    screen.metrics.selectRow(0)
    qtbot.keyClick(screen.metrics, Qt.Key_Delete)
    assert len(plan.metrics_of(session.workbook, goal)) == 4 and screen.add_metric.isEnabled()

    press(qtbot, window, Qt.Key_Z, Qt.ControlModifier)  # Edit › Undo: the metric is back
    assert [m.name for m in plan.metrics_of(session.workbook, goal)] == names
    press(qtbot, window, Qt.Key_Z, Qt.ControlModifier)  # and the rename is undone
    assert plan.metrics_of(session.workbook, goal)[1].name == "Metric 1 مقياس"
    while session.history.can_undo:
        session.undo()
    assert plan.current_goal(session.workbook) is None
    assert screen.priority.text() == "No goal yet" and screen.metrics.rowCount() == 0


def test_values_at_an_assessment_are_one_undo_step(qtbot, plan_window):
    window, screen, aid = plan_window
    session = window.session
    set_goal(qtbot, window)
    add_metric(qtbot, window, "Completion")
    add_metric(qtbot, window, "Tickets", "42", "30")

    def fill(dialog):
        assert isinstance(dialog, ActualsDialog) and dialog.assessment_id() == aid
        first, second = (field for _, field, _, _ in dialog.rows)
        assert dialog.focusWidget() is first
        qtbot.keyClicks(first, "41.5")
        qtbot.keyClick(first, Qt.Key_Tab)
        qtbot.keyClicks(second, "many")  # not a number: said, and nothing is lost
        ok(qtbot, dialog)
        assert dialog.isVisible() and "not a number" in dialog.error.text()
        second.clear()
        qtbot.keyClicks(second, "39")
        ok(qtbot, dialog)

    handler = answer(fill)
    press(qtbot, window, Qt.Key_L)  # Record Va&lues…
    handler.wait(qtbot)
    metrics = plan.metrics_of(session.workbook, plan.current_goal(session.workbook))
    assert [plan.actual_at(session.workbook, m, aid).value for m in metrics] == [41.5, 39]
    assert [screen.metrics.item(r, 3).text() for r in range(2)] == [
        format_number(41.5), format_number(39)]
    assert screen.chart.accessibleName() == "Metrics chart"
    session.undo()
    assert all(plan.actual_at(session.workbook, m, aid) is None for m in metrics)


def test_actions_added_filtered_marked_done_and_removed(qtbot, plan_window):
    window, screen, aid = plan_window
    session = window.session

    def fill(dialog):
        assert isinstance(dialog, ActionDialog)
        qtbot.keyClicks(dialog.title_edit, "Pick an LMS that records completions")
        dialog.function.setCurrentIndex(dialog.function.findData("technology"))
        dialog.item.setCurrentIndex(dialog.item.findData("technology-lms"))
        dialog.owner.setFocus()
        qtbot.keyClicks(dialog.owner, "Tom Becker")
        dialog.due.setFocus()
        qtbot.keyClick(dialog.due.enabled, Qt.Key_Space)  # the due date is set
        dialog.due.edit.setDate(dialog.due.edit.date().addDays(-10))
        ok(qtbot, dialog)

    handler = answer(fill)
    press(qtbot, window, Qt.Key_N)  # &New Action…
    handler.wait(qtbot)
    (action,) = session.workbook.collection(plan.ACTIONS).values()
    assert (action.dimension_id, action.item_id, action.owner, action.status) == (
        "technology", "technology-lms", "Tom Becker", plan.PLANNED)
    assert screen.actions.rowCount() == 1
    assert screen.actions.item(0, 1).text() == "Technology stack"

    session.do(plan_ops.AddAction({"title": "Content rota", "dimension_id": "content",
                                   "due": "2027-03-01"}, TODAY))
    assert screen.actions.rowCount() == 2
    # the function filter by keyboard: Alt+U, then the function
    press(qtbot, window, Qt.Key_U)
    qtbot.waitUntil(screen.function_filter.hasFocus)
    screen.function_filter.setCurrentIndex(screen.function_filter.findData("content"))
    screen.function_filter.activated.emit(screen.function_filter.currentIndex())
    assert [screen.actions.item(r, 0).text() for r in range(screen.actions.rowCount())] == [
        "Content rota"]
    screen.function_filter.setCurrentIndex(0)
    screen.function_filter.activated.emit(0)

    # the action due in the past is overdue
    action.due = None
    session.do(plan_ops.UpdateAction(action.id, {"due": "2026-11-01"}, TODAY))
    assert screen.overdue.isVisible() and plural("1 action(s) overdue", screen.overdue.text())

    row = screen.actions.row_of(action.id)
    qtbot.mouseClick(screen.actions.viewport(), Qt.LeftButton,
                     pos=screen.actions.visualItemRect(screen.actions.item(row, 0)).center())
    press(qtbot, window, Qt.Key_D)  # Mark &Done
    qtbot.waitUntil(lambda: action.status == plan.DONE)
    assert (action.status, action.status_changed) == (plan.DONE, TODAY.isoformat())
    assert screen.actions.row_of(action.id) == -1  # the list shows open actions
    assert not screen.overdue.isVisible()
    screen.show_filter.setCurrentIndex(screen.show_filter.findData(plan.DONE))
    screen.show_filter.activated.emit(screen.show_filter.currentIndex())
    assert screen.actions.rowCount() == 1 and screen.actions.item(0, 4).text() == "Done"

    screen.actions.setFocus()
    screen.actions.selectRow(0)
    qtbot.keyClick(screen.actions, Qt.Key_Delete)
    assert action.id not in session.workbook.collection(plan.ACTIONS)
    session.undo()
    assert session.workbook.collection(plan.ACTIONS)[action.id].status == plan.DONE
    session.undo()
    assert session.workbook.collection(plan.ACTIONS)[action.id].status == plan.PLANNED


def test_phases_with_targets_and_their_actions(qtbot, plan_window):
    window, screen, aid = plan_window
    session = window.session

    def fill(dialog):
        assert isinstance(dialog, PhaseDialog)
        assert not dialog.until.isEnabled()  # only a dated phase has its own end
        combo = dialog.targets["technology"]
        combo.setCurrentIndex(combo.findData(2))
        ok(qtbot, dialog)

    handler = answer(fill)
    press(qtbot, window, Qt.Key_A)  # Add Ph&ase…
    handler.wait(qtbot)
    (phase,) = session.workbook.collection(plan.PHASES).values()
    assert phase.horizon == plan.NEXT_REASSESSMENT and phase.targets == {"technology": 2}
    assert screen.phases.item(0, 0).text() == "By the next reassessment"
    assert screen.phases.item(0, 1).text() == format_date("2026-11-13")  # six months on
    assert "Technology stack: 2 · Performing" in screen.phases.item(0, 2).text()

    session.do(plan_ops.AddAction({"title": "In the phase", "phase_id": phase.id}, TODAY))
    screen.phases.setFocus()
    screen.phases.selectRow(0)

    def dated(dialog):
        dialog.horizon.setCurrentIndex(dialog.horizon.findData(plan.DATED))
        assert dialog.until.isEnabled()
        dialog.name.setText("Before the FY27 kickoff")
        ok(qtbot, dialog)

    handler = answer(dated)
    qtbot.keyClick(screen.phases, Qt.Key_Return)
    handler.wait(qtbot)
    assert (phase.horizon, phase.name) == (plan.DATED, "Before the FY27 kickoff")
    qtbot.keyClick(screen.phases, Qt.Key_Delete)
    (action,) = session.workbook.collection(plan.ACTIONS).values()
    assert action.phase_id is None and not session.workbook.collection(plan.PHASES)
    session.undo()
    assert action.phase_id == phase.id and phase.id in session.workbook.collection(plan.PHASES)


def test_the_goal_changed_keeps_the_earlier_version(qtbot, plan_window):
    window, screen, aid = plan_window
    session = window.session
    set_goal(qtbot, window)
    add_metric(qtbot, window, "Completion")
    add_metric(qtbot, window, "Left behind")
    first = plan.current_goal(session.workbook)

    def fill(dialog):
        assert dialog.windowTitle() == "The Goal Changed"
        dialog.priority.setCurrentIndex(dialog.priority.findData("renewals"))
        dialog.since.edit.setDate(dialog.since.edit.date().fromString(
            first.since, "yyyy-MM-dd"))  # the same day as the first version: refused
        dialog.carry_boxes[1][0].setChecked(False)
        ok(qtbot, dialog)
        assert dialog.isVisible() and "Pick another date" in dialog.error.text()
        dialog.since.edit.setDate(dialog.since.edit.date().fromString("2026-12-01",
                                                                       "yyyy-MM-dd"))
        ok(qtbot, dialog)

    handler = answer(fill)
    press(qtbot, window, Qt.Key_C)  # The Goal &Changed…
    handler.wait(qtbot)
    wb = session.workbook
    current = plan.current_goal(wb)
    assert current.priority == "renewals" and current.id != first.id
    assert [m.name for m in plan.metrics_of(wb, current)] == ["Completion"]
    assert plan.goal_at(wb, wb.assessments[aid]) == first  # History keeps what it was
    assert plural("1 earlier version(s) kept for History", screen.since.text())
    assert screen.priority.text() == "Higher renewal rates"
    session.undo()
    assert plan.current_goal(wb) == first


def test_mnemonics_are_unique_and_leave_the_menu_bar_alone(qtbot, plan_window):
    window, screen, aid = plan_window
    wb = window.session.workbook
    framework = screen.framework
    widgets = [screen, GoalDialog(None, TODAY, carry_from=[]), MetricDialog(None, TODAY),
               ActualsDialog(wb, aid), ActionDialog({}, framework, [], [], TODAY),
               PhaseDialog(None, framework, TODAY)]
    for widget in widgets:
        keys = []
        for child in widget.findChildren(QAbstractButton) + widget.findChildren(QLabel):
            if isinstance(child, QLabel) and child.buddy() is None:
                continue
            found = re.findall(r"(?<!&)&([^&\s])", child.text())
            keys += [k.upper() for k in found]
        assert len(keys) == len(set(keys)), (type(widget).__name__, keys)
        assert not set(keys) & {"F", "E", "V", "H"}, (type(widget).__name__, keys)
        if widget is not screen:
            widget.deleteLater()


def test_a_read_only_workbook_shows_the_plan_but_edits_nothing(qtbot, window, workbook_path):
    from maturity_workbook.store import WorkbookStore

    make_workbook(workbook_path, final=True)
    with WorkbookStore.open(workbook_path) as store:
        store.apply(AddRecord(plan.GOALS, {"priority": "renewals", "since": "2026-01-01"}))
    assert window.open_path(workbook_path, read_only=True)
    view = window.workbook_view
    view.show_screen(view.PLAN)
    screen = view.plan
    assert screen.priority.text() == "Higher renewal rates"
    assert not any(button.isEnabled() for button in screen.editors)
    screen.edit_goal()  # nothing opens, nothing changes
    assert QApplication.activeModalWidget() is None


def test_forty_assessments_and_long_names_render_at_1024(qtbot, plan_window, tmp_path):
    window, screen, aid = plan_window
    session = window.session
    wb = session.workbook
    session.do(AddRecord(plan.GOALS, {"priority": "customer-outcomes", "since": "2000-01-01",
                                      "statement": "Ein sehr langes Bildungsziel " * 12}))
    goal = plan.current_goal(wb)
    long_name = "Share of newly onboarded enterprise accounts that finished the admin path"
    session.do(AddRecord(plan.METRICS, {"goal_id": goal.id, "name": long_name, "unit": "%",
                                        "baseline": 10, "baseline_date": "2005-01-01",
                                        "target": 80, "target_date": "2027-01-01"}))
    metric = plan.metrics_of(wb, goal)[0]
    store = session.store
    framework = screen.framework
    for n in range(39):
        year, half = 2007 + n // 2, n % 2
        a = store.create_assessment(framework, f"Review {n}", f"{year}-{'03' if half else '09'}"
                                    f"-15", [])
        session.do(plan_ops.SetActual(metric.id, a.id, 10 + n * 1.5))
    window.resize(1024, 768)
    screen.refresh()
    qtbot.waitUntil(lambda: screen.chart.figure is not None, timeout=10000)
    series = screen.chart.figure.findobj(lambda a: a.get_gid() == f"metric:{metric.id}")
    assert len(series[0].get_xdata()) == 39
    picture = tmp_path / "plan-1024.png"
    assert window.grab().save(str(picture)) and picture.stat().st_size > 10000
    assert screen.metrics.item(0, 0).toolTip().startswith(long_name)


def test_reassessment_review_and_plan_summary_read_the_sample(qtbot, window, tmp_path):
    import shutil

    from maturity_workbook.resources import resource_path
    from maturity_workbook.ui.plan_widgets import PlanSummary, ReviewPanel

    path = tmp_path / "Sample.mwb"
    shutil.copy(resource_path("samples", "sample.mwb"), path)
    assert window.open_path(path)
    session = window.session
    summary = PlanSummary(session)
    qtbot.addWidget(summary)
    summary.today = TODAY
    summary.refresh()
    text = summary.text.text()
    assert "More product usage" in text and plural("2 action(s) overdue", text)
    assert "Technology stack" in text and "58% of the way" in text
    assert summary.overdue_count() == 2
    with qtbot.waitSignal(summary.planRequested):
        qtbot.mouseClick(summary.open_plan, Qt.LeftButton)
    review = ReviewPanel(session)
    qtbot.addWidget(review)
    last = session.workbook.ordered_assessments()[-1]
    review.show_review(last.id, TODAY)
    shown = review.text()
    # the autumn 2026 review looks back on spring 2026; its metric values are still to record
    assert "Since Spring review 2026" in shown and "Done (1)" in shown
    assert "Dropped (1)" in shown and "55 → not recorded yet" in shown
    previous = session.workbook.ordered_assessments()[-2]
    review.show_review(previous.id, TODAY)
    shown = review.text()
    assert "Since Autumn review 2025" in shown and "Done (1)" in shown
    assert "Dropped (1)" in shown and "41 → 55" in shown


def test_a_next_step_becomes_an_action_with_its_wording(qtbot, plan_window, no_modal_dialogs):
    from maturity_workbook.core.scoring import NextStep
    from maturity_workbook.ui.plan_widgets import action_from_step

    window, screen, aid = plan_window
    session = window.session
    step = NextStep("technology-lms", "technology", "Where do courses live?", 1, 2,
                    "Move every course into one platform and retire the shared drives.")

    def fill(dialog):
        assert dialog.title_edit.text() == step.advice
        assert dialog.focusWidget() is dialog.owner
        assert dialog.function.currentData() == "technology"
        assert dialog.item.currentData() == "technology-lms"
        qtbot.keyClicks(dialog.owner, "Tom")
        ok(qtbot, dialog)

    handler = answer(fill)
    created = action_from_step(window, session, step, TODAY)
    handler.wait(qtbot)
    action = session.workbook.collection(plan.ACTIONS)[created]
    assert (action.title, action.owner, action.item_id) == (step.advice, "Tom", step.item_id)
    assert action_plan.open_action_for_item(session.workbook, "technology",
                                            "technology-lms") == action
    handler = answer(lambda dialog: dialog.reject())
    assert action_from_step(window, session, step, TODAY) is None  # cancelled
    handler.wait(qtbot)
    assert no_modal_dialogs[-1][0] == "confirm"  # it asked first: the step is planned already
    session.undo()
    assert not session.workbook.collection(plan.ACTIONS)


def test_goal_first_a_plan_before_any_assessment(qtbot, window, workbook_path):
    from maturity_workbook.store import WorkbookStore

    WorkbookStore.create(workbook_path, "Goal First").close()
    assert window.open_path(workbook_path)
    view = window.workbook_view
    view.show_screen(view.PLAN)
    screen = view.plan
    screen.today = TODAY
    screen.refresh()
    assert not screen.chart.isVisible() and not screen.add_metric.isEnabled()
    handler = answer(lambda dialog: (dialog.priority.setCurrentIndex(
        dialog.priority.findData("onboarding")), ok(qtbot, dialog)))
    qtbot.mouseClick(screen.goal_button, Qt.LeftButton)
    handler.wait(qtbot)
    goal = plan.current_goal(window.session.workbook)
    assert (goal.priority, goal.since) == ("onboarding", TODAY.isoformat())
    add_metric(qtbot, window, "Completion")
    assert screen.chart.isVisible()
    assert not screen.record_values.isEnabled()  # no assessment to record values at

    def fill(dialog):
        assert [dialog.function.itemData(i) for i in range(dialog.function.count())] == [
            "strategy", "content", "delivery", "technology", plan.PROGRAM]
        qtbot.keyClicks(dialog.title_edit, "Write the education charter")
        ok(qtbot, dialog)

    handler = answer(fill)
    qtbot.mouseClick(screen.new_action, Qt.LeftButton)
    handler.wait(qtbot)
    (action,) = window.session.workbook.collection(plan.ACTIONS).values()
    assert action.dimension_id == "strategy"  # the first function until a bottleneck is known
