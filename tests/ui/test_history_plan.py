"""History: the goal's metrics over the final assessments beside the maturity trend, in the
same style, and the goal as it was at the assessment selected in the table."""

import shutil

import pytest

from maturity_workbook.core import plan
from maturity_workbook.resources import resource_path
from maturity_workbook.ui.plan_texts import format_date


@pytest.fixture
def history(window, tmp_path):
    path = tmp_path / "Sample.mwb"
    shutil.copy(resource_path("samples", "sample.mwb"), path)
    assert window.open_path(path)
    view = window.workbook_view
    view.show_screen(view.HISTORY)
    return window, view.history


def test_the_metric_trend_sits_beside_the_maturity_trend_in_its_style(qtbot, history):
    window, screen = history
    wb = window.session.workbook
    tabs = [screen.charts.tabText(i) for i in range(screen.charts.count())]
    assert tabs.index("Goal Metrics") == tabs.index("Trend") + 1
    screen.charts.setCurrentWidget(screen.trend)
    qtbot.waitUntil(lambda: screen.trend.figure is not None, timeout=20000)
    screen.charts.setCurrentWidget(screen.goal_metrics)
    chart = screen.goal_metrics.chart
    qtbot.waitUntil(lambda: chart.figure is not None, timeout=20000)
    finals = {a.id: a for a in wb.ordered_assessments(final_only=True)}
    goal = plan.current_goal(wb)
    for metric in plan.metrics_of(wb, goal):
        line = chart.figure.findobj(lambda a, m=metric: a.get_gid() == f"metric:{m.id}")[0]
        recorded = [p for p in plan.metric_trend(wb, metric) if p.assessment_id in finals]
        assert list(line.get_ydata()) == [p.value for p in recorded]
    # the completion metric continues last year's: its trend runs across the goal's change
    completion = plan.metrics_of(wb, goal)[0]
    assert len(plan.lineage(wb, completion)) == 2
    line = chart.figure.findobj(lambda a: a.get_gid() == f"metric:{completion.id}")[0]
    assert list(line.get_ydata()) == [34, 41, 55]
    trend, metrics = screen.trend.figure, chart.figure
    assert trend.get_facecolor() == metrics.get_facecolor()
    font = {t.get_fontfamily()[0] for t in trend.findobj(lambda a: hasattr(a, "get_fontfamily"))}
    assert {t.get_fontfamily()[0] for t in metrics.findobj(
        lambda a: hasattr(a, "get_fontfamily"))} <= font


def test_the_goal_as_it_was_at_each_assessment(qtbot, history):
    window, screen = history
    wb = window.session.workbook
    screen.charts.setCurrentWidget(screen.goal_metrics)
    tab = screen.goal_metrics
    versions = plan.goal_versions(wb)
    assert len(versions) == 2
    latest = wb.latest(final_only=True)
    assert tab.assessment_id == latest.id
    text = tab.goal.text()
    assert "More product usage" in text and format_date(versions[-1].since) in text
    rows = {screen.table.item(r, 0).data(0x0100): r for r in range(screen.table.rowCount())}
    baseline = wb.ordered_assessments(final_only=True)[0]
    screen.table.setCurrentCell(rows[baseline.id], 1)
    assert tab.assessment_id == baseline.id
    text = tab.goal.text()
    assert plan.goal_at(wb, baseline).id == versions[0].id
    assert "Faster onboarding" in text and versions[0].statement in text
    assert "It changed on " + format_date(versions[-1].since) in text
    chart = tab.chart
    qtbot.waitUntil(lambda: chart.figure is not None, timeout=20000)
    qtbot.waitUntil(lambda: all(chart.figure.findobj(
        lambda a, m=m: a.get_gid() == f"metric:{m.id}") for m in plan.metrics_of(wb,
                                                                                   versions[0])))


def test_a_workbook_without_a_goal_says_where_to_set_it(qtbot, window, workbook_path):
    from maturity_workbook.paths import load_catalog
    from tests.ui.conftest import make_workbook

    framework = load_catalog().get("customer-education", "1.0")
    make_workbook(workbook_path, ratings={i.id: (2, 2) for i in framework.items}, final=True)
    assert window.open_path(workbook_path)
    view = window.workbook_view
    view.show_screen(view.HISTORY)
    tab = view.history.goal_metrics
    assert "No goal was recorded" in tab.goal.text() and "Plan screen" in tab.goal.text()
    assert not tab.chart.isVisibleTo(tab)
