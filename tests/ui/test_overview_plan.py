"""The plan on the Overview: the goal and its metrics with their trend, open actions by function,
overdue actions beside the reassessment notice, a next step made an action with one key (and
undone), and a roadmap phase's targets on the radar."""

import shutil
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt

from maturity_workbook.charts.radar import TARGET_GID, find_artists
from maturity_workbook.core import action_plan, plan
from maturity_workbook.resources import resource_path
from maturity_workbook.ui.plan_texts import format_date
from tests.ui.conftest import make_workbook
from tests.ui.test_plan_view import answer, ok, plural, press

TODAY = date(2026, 12, 1)


@pytest.fixture
def sample_overview(window, tmp_path):
    path = tmp_path / "Sample.mwb"
    shutil.copy(resource_path("samples", "sample.mwb"), path)
    assert window.open_path(path)
    view = window.workbook_view
    view.show_screen(view.OVERVIEW)
    overview = view.overview
    overview.today = TODAY
    overview.refresh()
    return window, overview


def test_the_goal_its_metrics_and_the_open_actions_by_function(qtbot, sample_overview):
    window, overview = sample_overview
    wb = window.session.workbook
    goal = plan.current_goal(wb)
    text = overview.plan.summary.text.text()
    assert "More product usage" in text and goal.statement in text
    for metric in plan.metrics_of(wb, goal):
        assert metric.name in text
    assert "55 % of new admins" in text and "58% of the way" in text  # latest and progress
    assert "▲" in text and "▼" in text  # the trend since the assessment before
    open_actions = action_plan.open_actions(wb)
    assert plural(f"{len(open_actions)} open action(s)", text)
    for name in ("Business strategy &amp; planning", "Content development", "Technology stack"):
        assert name in text
    assert "overdue" not in text  # said once, beside the reassessment notice
    chart = overview.plan.chart
    qtbot.waitUntil(lambda: chart.figure is not None, timeout=20000)
    for metric in plan.metrics_of(wb, goal):
        line = chart.figure.findobj(lambda a, m=metric: a.get_gid() == f"metric:{m.id}")[0]
        assert len(line.get_xdata()) == len(plan.metric_trend(wb, metric))
    assert overview.plan.isVisibleTo(overview)


def test_overdue_actions_show_beside_the_reassessment_notice(qtbot, sample_overview):
    window, overview = sample_overview
    overdue = action_plan.overdue_actions(window.session.workbook, TODAY)
    assert len(overdue) == 2
    notice = overview.overdue
    assert notice.isVisibleTo(overview) and overview.due.isVisibleTo(overview)
    assert notice.parentWidget() is overview.due.parentWidget()
    assert notice.y() == overview.due.y()  # one row: beside, not below
    assert plural("2 action(s) overdue", notice.text())
    assert all(a.title in notice.text() and a.owner in notice.text() for a in overdue)
    view = window.workbook_view
    notice.linkActivated.emit("plan")
    assert view.tabs.currentIndex() == view.PLAN
    view.show_screen(view.OVERVIEW)
    overview.today = date(2026, 6, 1)  # before both were due
    overview.refresh()
    assert not overview.overdue.isVisibleTo(overview)


def test_enter_on_a_next_step_makes_it_an_action_and_undo_takes_it_back(
        qtbot, sample_overview):
    window, overview = sample_overview
    session = window.session
    rows = overview.steps.rows_shown()
    row = next(r for r in rows if "Planned" not in r.text.text())
    step = row.step
    before = len(session.workbook.collection(plan.ACTIONS))

    def fill(dialog):
        assert dialog.title_edit.text() == " ".join(step.advice.split())
        assert dialog.function.currentData() == step.dimension_id
        assert dialog.item.currentData() == step.item_id
        assert dialog.focusWidget() is dialog.owner  # who and by when are what is missing
        qtbot.keyClicks(dialog.owner, "Tom Becker")
        dialog.due.enabled.setChecked(True)
        dialog.due.edit.setDate(QDate(2027, 3, 31))
        ok(qtbot, dialog)

    window.activateWindow()
    row.setFocus()
    qtbot.waitUntil(row.hasFocus)
    handler = answer(fill)
    qtbot.keyClick(row, Qt.Key_Return)
    handler.wait(qtbot)
    actions = session.workbook.collection(plan.ACTIONS)
    assert len(actions) == before + 1
    made = action_plan.open_action_for_item(session.workbook, step.dimension_id, step.item_id)
    assert (made.owner, made.due, made.status) == ("Tom Becker", "2027-03-31", plan.PLANNED)
    qtbot.waitUntil(lambda: "Planned: Tom Becker" in row.text.text())
    assert format_date("2027-03-31") in row.text.text()
    opened = len(action_plan.open_actions(session.workbook))
    assert plural(f"{opened} open action(s)", overview.plan.summary.text.text())

    press(qtbot, window, Qt.Key_Z, Qt.ControlModifier)  # Edit › Undo
    qtbot.waitUntil(lambda: len(session.workbook.collection(plan.ACTIONS)) == before)
    qtbot.waitUntil(lambda: "Planned" not in row.text.text())


def test_the_button_does_what_the_key_does_and_a_planned_step_asks_first(
        qtbot, sample_overview, no_modal_dialogs):
    window, overview = sample_overview
    planned = next(r for r in overview.steps.rows_shown() if "Planned" in r.text.text())
    assert "overdue" in planned.text.text()  # its action is past due on TODAY
    before = len(window.session.workbook.collection(plan.ACTIONS))
    handler = answer(lambda dialog: dialog.reject())
    qtbot.mouseClick(planned.button, Qt.LeftButton)
    handler.wait(qtbot)
    assert no_modal_dialogs[-1][0] == "confirm"  # "already works on this step: another?"
    assert len(window.session.workbook.collection(plan.ACTIONS)) == before


def test_a_read_only_workbook_offers_no_action(qtbot, window, tmp_path):
    path = tmp_path / "Sample.mwb"
    shutil.copy(resource_path("samples", "sample.mwb"), path)
    assert window.open_path(path, read_only=True)
    overview = window.workbook_view.overview
    overview.refresh()
    row = overview.steps.rows_shown()[0]
    assert not row.button.isEnabled()
    assert overview.steps.plan_step(row.step) is None


def test_the_radar_shows_a_phases_targets(qtbot, sample_overview):
    window, overview = sample_overview
    wb = window.session.workbook
    chooser = overview.radar_targets
    assert chooser.isVisibleTo(overview)
    phases = action_plan.ordered_phases(wb, TODAY)
    assert chooser.combo.count() == 1 + len(phases)
    radar = overview.radar
    qtbot.waitUntil(lambda: radar.figure is not None, timeout=20000)
    framework = overview.model.framework
    dims = [d.id for d in framework.dimensions]

    def target_radii():
        line = find_artists(radar.figure, TARGET_GID)[0]
        return list(line.get_ydata())[:len(dims)]

    assessment_targets = target_radii()
    phase = next(p for p in phases if len(p.targets) == len(dims))
    chooser.combo.setFocus()
    chooser.combo.setCurrentIndex(chooser.combo.findData(phase.id))
    chooser.combo.activated.emit(chooser.combo.currentIndex())
    wanted = [float(phase.targets[d]) for d in dims]
    qtbot.waitUntil(lambda: target_radii() == pytest.approx(wanted))
    assert wanted != pytest.approx(assessment_targets)
    overview.refresh()  # a refresh keeps the choice
    assert chooser.phase().id == phase.id
    chooser.select_phase(None)
    qtbot.waitUntil(lambda: target_radii() == pytest.approx(assessment_targets))


def test_without_a_plan_the_overview_invites_one(qtbot, window, workbook_path):
    from maturity_workbook.paths import load_catalog

    framework = load_catalog().get("customer-education", "1.0")
    ratings = {item.id: (2, 1) for item in framework.items}
    make_workbook(workbook_path, ratings=ratings, final=True)
    assert window.open_path(workbook_path)
    overview = window.workbook_view.overview
    overview.refresh()
    assert "No goal yet" in overview.plan.summary.text.text()
    assert not overview.plan.chart.isVisibleTo(overview)
    assert not overview.overdue.isVisibleTo(overview)
    assert not overview.radar_targets.isVisibleTo(overview)  # no phase sets targets
    assert overview.steps.rows_shown()  # the steps are there to plan
