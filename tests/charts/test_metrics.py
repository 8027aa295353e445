"""The metrics Figure: one panel per metric with its values, baseline and path to the target."""

from datetime import date, timedelta

import numpy as np
import pytest
from matplotlib import dates as mdates

from maturity_workbook.charts.metrics import PRINT_SIZE, columns_for, metrics_figure
from maturity_workbook.charts.radar import find_artists
from maturity_workbook.core.plan import Metric

DAYS = [date(2025, 5, 14), date(2025, 11, 12), date(2026, 5, 13)]


def metric(n, name="Onboarding completion", unit="%", baseline=34.0, baseline_date="2025-05-14",
           target=70.0, target_date="2026-12-31"):
    return Metric(f"m{n}", "g", name, unit, baseline, baseline_date, target, target_date, "",
                  n, None)


def visible_axes(fig):
    return [ax for ax in fig.axes if ax.get_visible()]


def test_one_panel_per_metric_with_values_baseline_and_target_path():
    fig = metrics_figure([(metric(0), list(zip(DAYS, [34, 41.5, 55]))),
                          (metric(1, "Tickets per 100 accounts", "", 42, "2025-05-14", 30,
                                   "2026-12-31"), list(zip(DAYS, [42, 40, 37])))])
    assert [ax.get_gid() for ax in visible_axes(fig)] == ["metric-axes:m0", "metric-axes:m1"]
    (values,) = find_artists(fig, "metric:m0")
    assert list(values.get_ydata()) == [34, 41.5, 55]
    assert list(values.get_xdata()) == [mdates.date2num(np.datetime64(d)) for d in DAYS]
    (path,) = find_artists(fig, "metric-target:m1")
    assert list(path.get_ydata()) == [42, 30]  # from the baseline down to the target
    (baseline,) = find_artists(fig, "metric-baseline:m0")
    assert list(baseline.get_ydata()) == [34]
    first = visible_axes(fig)[0]
    assert first.get_title(loc="left") == "Onboarding completion (%)"
    assert "55" in [t.get_text() for t in first.texts]  # the latest value is written
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [
        "Recorded", "Baseline", "Path to target"]
    ticks = [t.get_text() for t in first.get_xticklabels()]
    assert ticks == ["14 May 2025", "12 Nov 2025", "13 May 2026", "31 Dec 2026"]


def test_missing_dates_values_and_metrics_are_said_not_drawn_as_zero():
    undated = metric(0, baseline_date=None, target_date=None)
    empty = metric(1, "Certified admins", "people", None, None, None, None)
    fig = metrics_figure([(undated, [(DAYS[2], 50.0)]), (empty, [])])
    (level,) = find_artists(fig, "metric-target:m0")
    assert list(level.get_ydata()) == [70, 70]  # a level line, no path without dates
    panel = visible_axes(fig)[1]
    assert find_artists(fig, "metric:m1") == []
    assert "No values recorded yet" in [t.get_text() for t in panel.texts]
    nothing = metrics_figure([], labels={"no-metrics": "아직 지표가 없습니다"})
    assert [t.get_text() for t in nothing.texts] == ["아직 지표가 없습니다"]


def test_words_and_numbers_come_from_the_caller():
    fig = metrics_figure([(metric(0), list(zip(DAYS, [34, 41.5, 55.25])))],
                         labels={"values": "Erfasst", "target": "Weg zum Ziel"},
                         format_number=lambda v: f"{v:.2f}".replace(".", ","),
                         format_date=lambda d: d.strftime("%d.%m.%Y"))
    ax = visible_axes(fig)[0]
    assert "55,25" in [t.get_text() for t in ax.texts]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [
        "Erfasst", "Baseline", "Weg zum Ziel"]
    assert ax.get_xticklabels()[0].get_text() == "14.05.2025"


@pytest.mark.parametrize("count, size, expected", [
    (1, (6, 4), 1), (2, (6, 4), 2), (3, (6, 4), 2), (5, (6, 4), 3), (3, PRINT_SIZE, 3),
    (5, (3, 8), 1)])
def test_panels_are_laid_out_to_stay_readable(count, size, expected):
    assert columns_for(count, *size) == expected
    fig = metrics_figure([(metric(n), list(zip(DAYS, [30 + n, 40, 50]))) for n in range(count)],
                         size=size)
    assert len(visible_axes(fig)) == count


def test_forty_assessments_get_an_automatic_date_axis_and_render(tmp_path):
    days = [date(2006, 1, 1) + timedelta(days=182 * i) for i in range(40)]
    fig = metrics_figure([(metric(0, baseline_date="2006-01-01"),
                           [(d, 40 + i * 0.5) for i, d in enumerate(days)])])
    fig.savefig(tmp_path / "forty.png")
    ax = visible_axes(fig)[0]
    assert isinstance(ax.xaxis.get_major_locator(), mdates.AutoDateLocator)
    assert (tmp_path / "forty.png").stat().st_size > 5000


def test_long_names_wrap_inside_their_panel():
    long_name = "Share of newly onboarded enterprise accounts completing the admin path"
    fig = metrics_figure([(metric(n, long_name), list(zip(DAYS, [1, 2, 3]))) for n in range(3)],
                         size=PRINT_SIZE, columns=3)
    fig.draw_without_rendering()
    renderer = fig._get_renderer()
    for ax in visible_axes(fig):
        title = ax._left_title
        assert "\n" in title.get_text()
        box, frame = title.get_window_extent(renderer), ax.get_window_extent(renderer)
        assert box.x1 <= frame.x1 + frame.width * 0.15  # does not run into the next panel
