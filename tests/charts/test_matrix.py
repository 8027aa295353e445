"""The portfolio matrix and trend: one collection for all customers, quadrant lines, counts,
arrows, the hover lookup, and counts per quadrant and track over time."""

from datetime import date

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.quiver import Quiver

from maturity_workbook.charts.export import save_figure
from maturity_workbook.charts.matrix import (
    MatrixText, marker_size, matrix_figure, matrix_lookup, portfolio_trend_figure,
)
from maturity_workbook.charts.radar import find_artists
from maturity_workbook.core.cmi import Thresholds
from maturity_workbook.core.portfolio import (
    counts_over_time, matrix_points, movement, quadrant_counts, placements,
)
from maturity_workbook.paths import load_default_cmi_model
from tests.charts.portfolio_data import make_portfolio

SINCE = date(2023, 9, 1)


@pytest.fixture(scope="module")
def model():
    return load_default_cmi_model()


@pytest.fixture(scope="module")
def forty(model):
    return make_portfolio(model, 40)


def one(fig, gid):
    [artist] = [a for a in find_artists(fig, gid) if a.get_gid() == gid]
    return artist


def test_customers_are_one_single_colour_collection_per_quadrant(model):
    customers = make_portfolio(model, 5000)
    points = matrix_points(model, customers)
    fig = matrix_figure(model, points)
    ax = one(fig, "matrix")
    collections = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert [c.get_gid() for c in collections] == [f"matrix-points:{q.id}"
                                                  for q in model.quadrants]
    assert sum(len(c.get_offsets()) for c in collections) == len(points.ids) == 5000
    assert len(ax.get_children()) < 60  # no artist per customer
    for quadrant, collection in zip(model.quadrants, collections):
        mine = [(x, y) for x, y, q in zip(points.cmi, points.health, points.quadrants)
                if q == quadrant.id]
        np.testing.assert_allclose(collection.get_offsets(), mine)
        # one colour: Agg stamps one marker instead of drawing every path
        assert len(collection.get_facecolors()) == 1
    colours = {tuple(c.get_facecolors()[0]) for c in collections}
    assert len(colours) == 4


def test_quadrant_lines_follow_the_thresholds(model, forty):
    points = matrix_points(model, forty)
    fig = matrix_figure(model, points)
    assert one(fig, "matrix-threshold:cmi").get_xdata()[0] == 50
    assert one(fig, "matrix-threshold:health").get_ydata()[0] == 50
    moved = matrix_figure(model, points, thresholds=Thresholds(cmi=65, health=30))
    assert one(moved, "matrix-threshold:cmi").get_xdata()[0] == 65
    assert one(moved, "matrix-threshold:health").get_ydata()[0] == 30


def test_quadrants_are_named_with_their_counts(model, forty):
    points = matrix_points(model, forty)
    fig = matrix_figure(model, points)
    counts = quadrant_counts(model, placements(model, forty))
    for quadrant in model.quadrants:
        text = one(fig, f"matrix-count:{quadrant.id}").get_text()
        assert text.replace("\n", " ") == f"{counts[quadrant.id]} · {quadrant.name}"
    assert sum(counts.values()) == len(points.ids)


def test_names_never_sit_over_the_data(model, forty):
    fig = matrix_figure(model, matrix_points(model, forty), size=(4.0, 3.2))
    FigureCanvasAgg(fig).draw()
    ax = one(fig, "matrix")
    renderer = fig.canvas.get_renderer()
    data_top = ax.transData.transform((0, 100))[1]
    data_bottom = ax.transData.transform((0, 0))[1]
    for quadrant in model.quadrants:
        box = one(fig, f"matrix-count:{quadrant.id}").get_window_extent(renderer)
        assert box.y0 >= data_top or box.y1 <= data_bottom, quadrant.id
        assert ax.bbox.contains(box.x0 + 1, box.y0 + 1) and ax.bbox.contains(box.x1 - 1,
                                                                              box.y1 - 1)


def test_track_names_along_the_top(model, forty):
    fig = matrix_figure(model, matrix_points(model, forty))
    top = one(fig, "matrix-tracks")
    FigureCanvasAgg(fig).draw()
    assert [t.get_text() for t in top.get_xticklabels()] == [t.name for t in model.tracks]


def test_arrows_show_movement_since_a_date(model, forty):
    moves = movement(model, forty, since=SINCE)
    changed = [m for m in moves if m.quadrant_changed]
    within = [m for m in moves if m.moved and not m.quadrant_changed]
    assert changed and within
    fig = matrix_figure(model, matrix_points(model, forty), moves=moves)
    arrows = one(fig, "matrix-moves:changed")
    assert isinstance(arrows, Quiver) and arrows.N == len(changed)
    assert one(fig, "matrix-moves:within").N == len(within)
    only_changed = matrix_figure(model, matrix_points(model, forty), moves=moves,
                                 all_moves=False)
    assert find_artists(only_changed, "matrix-moves:within") == []
    first = changed[0]
    np.testing.assert_allclose(arrows.X[0], first.before.cmi)
    np.testing.assert_allclose(arrows.Y[0] + arrows.V[0], first.after.health)


def test_hover_finds_the_customer_under_the_mouse(model, forty):
    points = matrix_points(model, forty)
    fig = matrix_figure(model, points)
    FigureCanvasAgg(fig).draw()
    lookup = matrix_lookup(fig)
    ax = one(fig, "matrix")
    for index in (0, 7, len(points.ids) - 1):
        x, y = ax.transData.transform((points.cmi[index], points.health[index]))
        found = lookup.at(x + 1, y - 1)
        assert found and (points.cmi[found[0]], points.health[found[0]]) == \
            (points.cmi[index], points.health[index])
        assert index in found
        customer_id, name, *_ = lookup.customer(index)
        assert (customer_id, name) == (points.ids[index], points.names[index])
    x, y = ax.transData.transform((50, -2))  # the quadrant line, below every customer
    assert lookup.at(x, y - 30) == []


def test_a_portfolio_without_customers_still_draws(model):
    fig = matrix_figure(model, matrix_points(model, []))
    FigureCanvasAgg(fig).draw()
    assert matrix_lookup(fig).at(10, 10) == []
    assert one(fig, "matrix-count:expand").get_text().startswith("0 · ")


def test_translated_words_and_a_dark_theme(model, forty):
    text = MatrixText(cmi_axis="고객 성숙도 지수", health_axis="مؤشر صحة العميل")
    fig = matrix_figure(model, matrix_points(model, forty), dark=True, text=text)
    ax = one(fig, "matrix")
    assert ax.get_xlabel() == "고객 성숙도 지수" and ax.get_ylabel() == "مؤشر صحة العميل"
    assert fig.get_facecolor()[:3] != (1.0, 1.0, 1.0)


def test_saves_as_png_and_svg(model, forty, tmp_path):
    fig = matrix_figure(model, matrix_points(model, forty),
                        moves=movement(model, forty, since=SINCE))
    png = save_figure(fig, tmp_path / "matrix.png")
    svg = save_figure(fig, tmp_path / "matrix.svg")
    assert png.read_bytes().startswith(b"\x89PNG")
    assert b"Expand and make advocates" in svg.read_bytes()


def test_marker_size_shrinks_for_many_customers():
    assert marker_size(10) > marker_size(400) > marker_size(5000) >= 5


def test_trend_of_counts_per_quadrant_and_track(model, forty):
    timeline = counts_over_time(model, forty)
    fig = portfolio_trend_figure(model, timeline)
    assert {ax.get_gid() for ax in fig.axes} >= {"portfolio-trend:quadrants",
                                                 "portfolio-trend:tracks"}
    for quadrant in model.quadrants:
        line = one(fig, f"portfolio-trend:{quadrant.id}")
        assert list(line.get_ydata()) == list(timeline.quadrants[quadrant.id])
        assert line.get_label() == quadrant.name
    for track in model.tracks:
        assert list(one(fig, f"portfolio-trend:{track.id}").get_ydata()) == \
            list(timeline.tracks[track.id])
    FigureCanvasAgg(fig).draw()
    shown = [t.get_text() for t in fig.axes[1].get_xticklabels()]
    assert shown == ["15 Jan 2023", "15 May 2023", "12 Sep 2023", "10 Jan 2024"]


def test_trend_with_a_long_history_uses_a_date_axis(model):
    customers = make_portfolio(model, 60, dates=30, every_days=30)
    timeline = counts_over_time(model, customers)
    assert len(timeline.days) > 8
    fig = portfolio_trend_figure(model, timeline, dark=True)
    FigureCanvasAgg(fig).draw()
    assert 2 <= len(fig.axes[1].get_xticklabels()) <= 10


def test_charts_never_use_pyplot():
    import maturity_workbook.charts.matrix as module

    source = open(module.__file__, encoding="utf-8").read()
    assert "pyplot" not in source
