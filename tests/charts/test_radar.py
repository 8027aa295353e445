"""The radar Figure, checked by what it contains (and looked at: render it to PNG before changing
how it looks)."""

import io
import math
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from maturity_workbook.charts.radar import (
    NO_DATA_LABEL, NO_DATA_LEGEND, TARGET_GID, TARGET_LABEL, RadarSeries, find_artists,
    radar_figure, update_radar,
)
from maturity_workbook.core.history import view_assessment
from maturity_workbook.core.workbook import Assessment

SERIES = [
    RadarSeries("14 Mar 2024 — Kick-off", {"strategy": 1.5, "content": 2.0, "delivery": 1.25,
                                           "technology": 1.75}),
    RadarSeries("9 Oct 2024 — Review", {"strategy": 2.0, "content": 2.5, "delivery": None,
                                        "technology": 2.0}),
    RadarSeries("2 Apr 2025 — Reassessment", {"strategy": 2.0, "content": 3.25, "delivery": 2.5,
                                              "technology": None}),
]
TARGET = {"strategy": 3, "content": 4, "delivery": 3, "technology": 3}


def polar_axes(fig):
    return [ax for ax in fig.axes if ax.name == "polar"]


def series_lines(fig):
    return sorted(find_artists(fig, "radar-series:"), key=lambda a: a.get_gid())


def legend_texts(fig):
    return [t.get_text() for t in fig.legends[0].get_texts()]


def test_one_polar_axis_with_a_spoke_per_dimension(primary):
    fig = radar_figure(primary, SERIES, TARGET)
    (ax,) = polar_axes(fig)
    assert len(fig.axes) == 1
    assert len(ax.get_xticks()) == 4
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert [" ".join(label.split()) for label in labels] == [
        "Business strategy & planning", "Content development", "Go-to-market",
        "Technology stack"]  # Dimension.label: the short name where there is one
    assert all(max(len(line) for line in label.split("\n")) <= 24 for label in labels)


def test_rings_are_the_stage_levels_named_after_the_stages(primary):
    (ax,) = polar_axes(radar_figure(primary, SERIES))
    assert list(ax.get_yticks()) == [1, 2, 3, 4]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Reacting", "Performing", "Scaling", "Optimizing"]
    assert ax.get_ylim() == (1, 4)
    assert ax.get_rorigin() < 1  # the first stage is a small circle, not the centre point


def test_a_polygon_per_series_and_a_legend_with_date_and_title(primary):
    fig = radar_figure(primary, SERIES, TARGET)
    lines = series_lines(fig)
    assert len(lines) == 3
    assert [line.get_label() for line in lines] == [s.label for s in SERIES]
    assert legend_texts(fig) == [s.label for s in SERIES] + [TARGET_LABEL, NO_DATA_LEGEND]
    # closed polygons: one point per dimension plus the first again
    assert all(len(line.get_xdata()) == 5 for line in lines)
    np.testing.assert_allclose(lines[0].get_ydata(), [1.5, 2.0, 1.25, 1.75, 1.5])


def test_series_are_told_apart_without_colour(primary):
    lines = series_lines(radar_figure(primary, SERIES, TARGET))
    styles = {(str(line.get_linestyle()), line.get_marker()) for line in lines}
    assert len(styles) == 3  # line style and marker differ, not just the colour
    assert len({line.get_color() for line in lines}) == 3
    assert all(line.get_linestyle() != "--" for line in lines)  # dashes mean "target"
    # the current (last) series stands out
    assert lines[-1].get_linewidth() > lines[0].get_linewidth()
    assert lines[-1].get_color().upper() == "#0072B2"


def test_target_is_a_dashed_outline(primary):
    fig = radar_figure(primary, SERIES, TARGET)
    (target,) = find_artists(fig, TARGET_GID)
    assert target.get_linestyle() == "--" and target.get_label() == TARGET_LABEL
    np.testing.assert_allclose(target.get_ydata(), [3, 4, 3, 3, 3])
    assert find_artists(radar_figure(primary, SERIES), TARGET_GID) == []


def test_insufficient_data_is_marked_and_never_drawn_as_zero(primary):
    fig = radar_figure(primary, SERIES, TARGET)
    lines = series_lines(fig)
    # the review lacks delivery (third axis), the reassessment technology (fourth): NaN = a break
    assert math.isnan(lines[1].get_ydata()[2])
    assert math.isnan(lines[2].get_ydata()[3]) and lines[2].get_ydata()[-1] == 2.0  # closed
    assert not any(np.nanmin(line.get_ydata()) < 1 for line in lines)
    wedges = find_artists(fig, "radar-no-data:")
    assert sorted(w.get_gid() for w in wedges) == ["radar-no-data:delivery",
                                                   "radar-no-data:technology"]
    assert all(w.get_hatch() for w in wedges)
    texts = find_artists(fig, "radar-no-data-text:")
    assert sorted(t.get_text() for t in texts) == [NO_DATA_LABEL, NO_DATA_LABEL]
    markers = {m.get_gid(): m for m in find_artists(fig, "radar-no-data-marker:")}
    assert set(markers) == {"radar-no-data-marker:delivery:1", "radar-no-data-marker:technology:2"}
    marker = markers["radar-no-data-marker:technology:2"]
    # hollow, in the style of the series it stands for
    assert marker.get_markerfacecolor() != marker.get_markeredgecolor()
    assert marker.get_marker() == lines[2].get_marker()
    assert marker.get_markeredgecolor() == lines[2].get_color()


def test_the_fill_skips_axes_without_data(primary):
    fig = radar_figure(primary, SERIES)
    (fill,) = find_artists(fig, "radar-fill:")
    assert fill.get_gid() == "radar-fill:2"  # only the current series is filled
    radii = fill.get_xy()[:, 1]
    assert sorted(radii.tolist()) == sorted([2.0, 3.25, 2.5, 2.0])  # 3 points, closed


def test_no_markers_when_every_dimension_has_data(primary):
    fig = radar_figure(primary, SERIES[:1], TARGET)
    assert find_artists(fig, "radar-no-data") == []
    assert legend_texts(fig) == [SERIES[0].label, TARGET_LABEL]


def test_a_framework_starting_at_level_zero(jobs):
    series = [RadarSeries("First", {"create": 0.0, "deliver": 1.0, "scale": 0.5}),
              RadarSeries("Second", {"create": 2.5, "deliver": 1.75, "scale": None})]
    fig = radar_figure(jobs, series, {"create": 3, "deliver": 2, "scale": 1})
    (ax,) = polar_axes(fig)
    assert ax.get_ylim() == (0, 5)
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Not started", "Create", "Deliver", "Deliver well", "Deliver at scale", "Scale"]
    assert ax.get_rorigin() < 0  # a score of 0 is a visible point, off the centre
    assert len(series_lines(fig)) == 2
    np.testing.assert_allclose(series_lines(fig)[0].get_ydata(), [0.0, 1.0, 0.5, 0.0])
    assert [m.get_gid() for m in find_artists(fig, "radar-no-data-marker:")] == [
        "radar-no-data-marker:scale:1"]


def test_assessment_views_are_labelled_date_and_title(tiny_framework):
    a = Assessment("id-1", "tiny", "1.0", "Spring workshop", "2024-03-12", status="final")
    for item_id, level in {"a1": 2, "a2": 3, "b1": 1}.items():
        a.entry(item_id).agreed, a.entry(item_id).agreed_set = level, True
    fig = radar_figure(tiny_framework, [view_assessment(tiny_framework, a)])
    (line,) = series_lines(fig)
    assert line.get_label() == "2024-03-12 — Spring workshop"  # presenters pass QLocale labels
    np.testing.assert_allclose(line.get_ydata(), [2.5, 1.0, 2.5])


def test_empty_radar_and_a_two_dimension_framework(primary, tiny_framework):
    fig = radar_figure(primary)
    assert series_lines(fig) == [] and fig.legends == []
    fig = radar_figure(tiny_framework, [RadarSeries("x", {"alpha": 2, "beta": 3})])
    FigureCanvasAgg(fig).draw()  # two spokes: no fill, but it draws


def test_unknown_series_type_is_refused(primary):
    with pytest.raises(TypeError, match="RadarSeries"):
        radar_figure(primary, [42])


def test_update_in_place_when_only_values_change(primary):
    fig = radar_figure(primary, SERIES, TARGET)
    before = series_lines(fig)
    changed = [SERIES[0], SERIES[1],
               RadarSeries("2 Apr 2025 — Renamed", {**SERIES[2].scores, "content": 3.5})]
    assert update_radar(fig, primary, changed, TARGET) is fig
    after = series_lines(fig)
    assert after == before  # the same Line2D objects, new data
    assert after[2].get_ydata()[1] == 3.5
    assert legend_texts(fig)[2] == "2 Apr 2025 — Renamed"
    assert 3.5 in find_artists(fig, "radar-fill:")[0].get_xy()[:, 1]
    FigureCanvasAgg(fig).draw()


def test_update_rebuilds_when_the_structure_changes(primary):
    fig = radar_figure(primary, SERIES, TARGET, dark=True)
    complete = RadarSeries("Now", {"strategy": 2, "content": 2, "delivery": 2, "technology": 2})
    update_radar(fig, primary, [complete])  # one series, no target, no missing data
    assert len(polar_axes(fig)) == 1
    assert len(series_lines(fig)) == 1 and find_artists(fig, TARGET_GID) == []
    assert find_artists(fig, "radar-no-data") == []
    assert fig.get_facecolor()[:3] != (1.0, 1.0, 1.0)  # the options (dark) are kept
    # data going missing adds the marks
    update_radar(fig, primary, [RadarSeries("Now", {**complete.scores, "content": None})])
    assert [m.get_gid() for m in find_artists(fig, "radar-no-data-marker:")] == [
        "radar-no-data-marker:content:0"]


def test_update_refuses_a_figure_it_did_not_make(primary):
    from matplotlib.figure import Figure

    with pytest.raises(ValueError):
        update_radar(Figure(), primary, SERIES)


@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG"), ("svg", b"<?xml"),
                                        ("pdf", b"%PDF")])
def test_renders_with_raster_and_vector_backends(primary, fmt, magic):
    fig = radar_figure(primary, SERIES, TARGET, size=(5.5, 4.5))
    out = io.BytesIO()
    fig.savefig(out, format=fmt)
    assert out.getvalue().startswith(magic)


def test_labels_fit_inside_the_figure(primary):
    for size in ((6.0, 5.0), (5.5, 4.5)):
        fig = radar_figure(primary, SERIES, TARGET, size=size)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        frame = fig.bbox
        (ax,) = polar_axes(fig)
        texts = ax.get_xticklabels() + fig.legends[0].get_texts()
        for text in texts:
            box = text.get_window_extent(renderer)
            assert frame.x0 <= box.x0 and box.x1 <= frame.x1, text.get_text()
            assert frame.y0 <= box.y0 and box.y1 <= frame.y1, text.get_text()
        legend_box = fig.legends[0].get_window_extent(renderer)
        assert not legend_box.overlaps(ax.get_window_extent(renderer).shrunk(0.8, 0.8))


def test_charts_use_neither_pyplot_nor_qt_and_load_matplotlib_lazily():
    desktop = Path(__file__).resolve().parents[2] / "desktop"
    code = textwrap.dedent("""
        import sys
        import maturity_workbook.charts as charts
        assert "matplotlib" not in sys.modules, "importing charts loaded matplotlib"
        from maturity_workbook.core.framework import *
        stages = tuple(Stage(i, f"S{i}", "") for i in (1, 2, 3))
        item = lambda d: Item(d + "1", d, "?", "", {1: "", 2: "", 3: ""}, {1: "", 2: ""})
        dims = tuple(Dimension(d, d, "", (item(d),)) for d in ("a", "b", "c"))
        fw = Framework("f", "1", "f", Attribution("t"), stages, dims)
        fig = charts.radar_figure(fw, [charts.RadarSeries("x", {"a": 1, "b": 2, "c": 3})])
        charts.trend_figure(fw, {"a": []})
        bad = sorted(m for m in sys.modules
                     if m == "matplotlib.pyplot" or m.split(".")[0] in ("PySide6", "shiboken6"))
        print(",".join(bad))
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"PYTHONPATH": str(desktop), "PATH": "", "MPLBACKEND": "Agg"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


# ------------------------------------------------------------------------------ live updates


def pixels(canvas):
    return np.asarray(canvas.buffer_rgba()).copy()


def full_draw(framework, series, target):
    """What a freshly built live radar looks like after a full draw."""
    from maturity_workbook.charts.radar import LiveRadar

    canvas = FigureCanvasAgg(radar_figure(framework, series, target))
    LiveRadar(canvas)  # not kept: the figure keeps it alive
    canvas.draw()
    return pixels(canvas)


def rated(series, **scores):
    return RadarSeries(series.label, {**series.scores, **scores})


def test_live_update_blits_exactly_what_a_full_draw_shows(primary):
    from maturity_workbook.charts.radar import LiveRadar

    canvas = FigureCanvasAgg(radar_figure(primary, SERIES, TARGET))
    live = LiveRadar(canvas)
    canvas.draw()
    changed = SERIES[:2] + [rated(SERIES[2], content=4.0, strategy=1.0)]
    assert live.update(primary, changed, TARGET) is True
    assert (pixels(canvas) == full_draw(primary, changed, TARGET)).all()
    assert series_lines(canvas.figure)[2].get_ydata()[0] == 1.0


def test_live_update_redraws_fully_when_labels_or_structure_change(primary):
    from maturity_workbook.charts.radar import LiveRadar

    canvas = FigureCanvasAgg(radar_figure(primary, SERIES, TARGET))
    live = LiveRadar(canvas)
    assert live.update(primary, SERIES, TARGET) is False  # never drawn: nothing to blit onto
    renamed = SERIES[:2] + [RadarSeries("2 Apr 2025 — Renamed", SERIES[2].scores)]
    assert live.update(primary, renamed, TARGET) is False  # the legend is in the background
    assert (pixels(canvas) == full_draw(primary, renamed, TARGET)).all()
    fewer = SERIES[:1]
    assert live.update(primary, fewer, None) is False  # rebuilt: one polygon, no target
    assert (pixels(canvas) == full_draw(primary, fewer, None)).all()
    assert live.update(primary, [rated(SERIES[0], content=3.0)], None) is True
    assert (pixels(canvas) == full_draw(primary, [rated(SERIES[0], content=3.0)], None)).all()
    canvas.figure.set_size_inches(5.5, 4.5)  # a resized window
    assert live.update(primary, fewer, None) is False
    assert live.update(primary, fewer, None) is True


def test_a_live_radar_still_saves_whole(primary, tmp_path):
    from maturity_workbook.charts import save_figure
    from maturity_workbook.charts.radar import LiveRadar

    canvas = FigureCanvasAgg(radar_figure(primary, SERIES, TARGET))
    live = LiveRadar(canvas)
    canvas.draw()
    live.update(primary, SERIES[:2] + [rated(SERIES[2], content=4.0)], TARGET)
    save_figure(canvas.figure, tmp_path / "live.png")
    plain = radar_figure(primary, SERIES[:2] + [rated(SERIES[2], content=4.0)], TARGET)
    save_figure(plain, tmp_path / "plain.png")
    assert (tmp_path / "live.png").read_bytes() == (tmp_path / "plain.png").read_bytes()
    svg = save_figure(canvas.figure, tmp_path / "live.svg").read_text()
    assert all(f'id="radar-series:{i}"' in svg for i in range(3)) and 'id="radar-target"' in svg
    canvas.draw()  # and the screen afterwards is the screen again
    assert live.update(primary, SERIES, TARGET) is True
    live.disconnect()
    assert not any(a.get_animated() for a in canvas.figure.findobj())


def test_figures_are_freed_when_dropped(primary):
    import gc
    import weakref

    from maturity_workbook.charts.radar import LiveRadar

    fig = radar_figure(primary, SERIES, TARGET)
    LiveRadar(FigureCanvasAgg(fig))
    ref = weakref.ref(fig)
    del fig
    gc.collect()
    assert ref() is None  # no module-level registry keeps radars (and their canvases) alive
