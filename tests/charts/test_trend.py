"""The trend Figure: a line per dimension over the dates, stage bands, gaps for missing data."""

import io
import math
from datetime import date

import numpy as np
import pytest
from matplotlib import dates as mdates

from maturity_workbook.charts.radar import find_artists
from maturity_workbook.charts.trend import trend_figure
from maturity_workbook.core.history import trend_points, view_assessment
from maturity_workbook.core.workbook import Assessment

D1, D2, D3 = date(2024, 3, 14), date(2024, 10, 9), date(2025, 4, 2)
POINTS = {
    "strategy": [(D1, 1.5), (D2, 2.0), (D3, 2.0)],
    "content": [(D1, 2.0), (D2, 2.5), (D3, 3.25)],
    "delivery": [(D1, 1.25), (D2, None), (D3, 2.5)],
    "technology": [(D1, 1.75), (D2, 2.0), (D3, None)],
}


def jobs_long():
    from tests.charts.conftest import make_framework

    return make_framework("jobs", ["Reactive answers", "Reusable content base",
                                   "Self-serve at scale, measured"], [("create", "Create", "")],
                          start=0)


def main_axes(fig):
    (ax,) = fig.axes
    return ax


def lines(fig):
    return find_artists(fig, "trend:")


def test_one_line_per_dimension_in_framework_order(primary):
    fig = trend_figure(primary, POINTS)
    assert [line.get_gid() for line in lines(fig)] == [
        "trend:strategy", "trend:content", "trend:delivery", "trend:technology"]
    assert [line.get_label() for line in lines(fig)] == [
        "Business strategy & planning", "Content development", "Go-to-market",
        "Technology stack"]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [
        line.get_label() for line in lines(fig)]
    assert all(line.get_marker() not in ("", "None", None) for line in lines(fig))
    assert len({(str(line.get_linestyle()), line.get_marker()) for line in lines(fig)}) == 4


def test_insufficient_data_is_a_gap(primary):
    delivery = find_artists(trend_figure(primary, POINTS), "trend:delivery")[0]
    ys = delivery.get_ydata()
    assert ys[0] == 1.25 and math.isnan(ys[1]) and ys[2] == 2.5


def test_stage_bands_named_after_the_stages(primary):
    fig = trend_figure(primary, POINTS)
    ax = main_axes(fig)
    bands = find_artists(fig, "stage-band:")
    assert [b.get_gid() for b in bands] == [f"stage-band:{level}" for level in (1, 2, 3, 4)]
    (names,) = ax.child_axes
    assert [t.get_text() for t in names.get_yticklabels()] == [
        "Reacting", "Performing", "Scaling", "Optimizing"]
    (long_names,) = main_axes(trend_figure(jobs_long(), {})).child_axes
    assert [t.get_text() for t in long_names.get_yticklabels()][-1] == (
        "Self-serve at\nscale, measured")  # wrapped: the names do not take half the width
    # each name sits inside its band: between the stage's level and the next
    np.testing.assert_allclose(names.get_yticks()[:3], [1.5, 2.5, 3.5])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1", "2", "3", "4"]
    low, high = ax.get_ylim()
    assert low < 1 and high > 4


def test_a_framework_starting_at_level_zero(jobs):
    fig = trend_figure(jobs, {"create": [(D1, 0.0), (D2, 2.5)], "scale": [(D1, None), (D2, 0.5)]})
    ax = main_axes(fig)
    assert ax.get_ylim()[0] < 0
    assert [b.get_gid() for b in find_artists(fig, "stage-band:")][0] == "stage-band:0"
    assert [line.get_gid() for line in lines(fig)] == ["trend:create", "trend:scale"]


@pytest.mark.parametrize("days", [[D1], [D1, D2]])
def test_one_or_two_dates_are_named_and_padded(primary, days):
    points = {"strategy": [(d, 2.0) for d in days]}
    ax = main_axes(trend_figure(primary, points))
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        {D1: "14 Mar 2024", D2: "9 Oct 2024"}[d] for d in days]
    left, right = ax.get_xlim()
    first, last = mdates.date2num(days[0]), mdates.date2num(days[-1])
    assert first - left >= 30 and right - last >= 30  # the points do not sit on the frame


def test_many_dates_get_an_automatic_axis(primary):
    days = [date(2015 + i // 2, 1 + 6 * (i % 2), 10) for i in range(20)]
    ax = main_axes(trend_figure(primary, {"strategy": [(d, 2.0) for d in days]}))
    assert isinstance(ax.xaxis.get_major_locator(), mdates.AutoDateLocator)


def test_unknown_dimensions_are_ignored_and_empty_input_draws(primary):
    fig = trend_figure(primary, {"gone": [(D1, 2.0)], "content": [(D1, 3.0)]})
    assert [line.get_gid() for line in lines(fig)] == ["trend:content"]
    fig = trend_figure(primary, {})
    assert lines(fig) == [] and fig.legends == []
    fig.savefig(io.BytesIO(), format="png")


def test_takes_core_trend_points(tiny_framework):
    views = []
    for day, level in (("2024-01-10", 2), ("2024-07-10", 3)):
        a = Assessment(day, "tiny", "1.0", "t", day, status="final")
        for item_id in ("a1", "a2", "b1"):
            a.entry(item_id).agreed, a.entry(item_id).agreed_set = level, True
        views.append(view_assessment(tiny_framework, a))
    fig = trend_figure(tiny_framework, trend_points(views))
    assert [list(line.get_ydata()) for line in lines(fig)] == [[2.0, 3.0], [2.0, 3.0]]


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_renders_with_raster_and_vector_backends(primary, fmt):
    out = io.BytesIO()
    trend_figure(primary, POINTS, size=(5.5, 3.6), dark=True).savefig(out, format=fmt)
    assert len(out.getvalue()) > 1000
