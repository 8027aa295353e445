"""The radar: one axis per dimension, rings at the stage levels, assessments overlaid, the target.

Reading the chart:
- the radial range runs from the framework's lowest stage level (a small circle round the centre,
  so a dimension at the first stage is still a visible point) to its highest (the outer ring);
- series are drawn in the order given, oldest first; the last one is the current assessment: drawn
  on top, thicker, filled, in the palette's first colour;
- the target is a dashed outline (no other line is dashed);
- a dimension without enough rated items in some series is never drawn as zero: that series'
  outline breaks at the axis, a hatched wedge and "no data" mark the axis, and a hollow marker in
  each affected series' style sits beside the text.

Artists carry gids so tests and `update_radar` can find them: "radar-series:<i>" (outline of the
i-th series), "radar-fill:<i>", "radar-target", "radar-no-data:<dimension id>" (wedge),
"radar-no-data-text:<dimension id>", "radar-no-data-marker:<dimension id>:<i>".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
from matplotlib import transforms
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from maturity_workbook.charts.style import (
    TARGET_LINESTYLE, Theme, cached_constrained_layout, legend_columns, series_style,
    theme as make_theme, wrap,
)
from maturity_workbook.core.framework import Framework
from maturity_workbook.core.history import AssessmentView
from maturity_workbook.core.scoring import AssessmentResult

SCREEN_SIZE = (6.0, 5.0)  # inches, at 100 dpi on screen
PRINT_SIZE = (5.5, 4.5)
HOLE = 0.12  # the centre circle's radius, as a share of the radial range
LABEL_WIDTH = 14  # characters per line of a dimension label on the left or right
LABEL_WIDTH_TOP = 24  # ... above or below the circle, where there is room across

SERIES_GID = "radar-series:{}"
FILL_GID = "radar-fill:{}"
TARGET_GID = "radar-target"
NO_DATA_GID = "radar-no-data:{}"
NO_DATA_TEXT_GID = "radar-no-data-text:{}"
NO_DATA_MARKER_GID = "radar-no-data-marker:{}:{}"
NO_DATA_LABEL = "no data"
NO_DATA_LEGEND = "not enough items rated"
TARGET_LABEL = "Target"


@dataclass(frozen=True)
class RadarSeries:
    """One polygon: a legend label and a score per dimension id (None = insufficient data)."""

    label: str
    scores: Mapping[str, float | None]

    @classmethod
    def from_result(cls, label: str, result: AssessmentResult) -> "RadarSeries":
        return cls(label, {d.id: d.score for d in result.dimensions})


SeriesLike = RadarSeries | AssessmentView | tuple


def as_series(value: SeriesLike) -> RadarSeries:
    """A RadarSeries from a RadarSeries, an AssessmentView (labelled 'date — title') or a
    (label, AssessmentResult or {dimension id: score}) pair."""
    if isinstance(value, RadarSeries):
        return value
    if isinstance(value, AssessmentView):
        return RadarSeries(value.label, value.scores())
    if isinstance(value, tuple) and len(value) == 2:
        label, scores = value
        if isinstance(scores, AssessmentResult):
            return RadarSeries.from_result(str(label), scores)
        if isinstance(scores, Mapping):
            return RadarSeries(str(label), dict(scores))
    raise TypeError(f"cannot draw {type(value).__name__} on a radar; pass a RadarSeries, an "
                    "AssessmentView or a (label, scores) pair")


# -------------------------------------------------------------------------------- building


@dataclass
class _State:
    """What update_radar needs to change a drawn radar in place."""

    framework: Framework
    theme: Theme
    angles: np.ndarray
    n_series: int
    has_target: bool
    missing: frozenset  # (dimension id, series index) pairs drawn as "no data"
    labels: tuple[str, ...]
    lines: list
    fills: list
    target: Any
    legend: Any
    options: dict
    live: Any = None  # the LiveRadar managing the figure: kept alive as long as the figure


_STATE_ATTR = "_maturity_workbook_radar"  # the state lives on the figure: it goes with it


def _state(fig: Figure) -> _State | None:
    return getattr(fig, _STATE_ATTR, None)


def radar_figure(framework: Framework, series: Iterable[SeriesLike] = (),
                 target: Mapping[str, float] | None = None, *, size: tuple[float, float] =
                 SCREEN_SIZE, dpi: float = 100, dark: bool = False, font: float | None = None,
                 title: str | None = None, legend: bool = True) -> Figure:
    """A radar Figure for `framework`: `series` oldest first (the last is the current one),
    `target` as dimension id -> level (missing ids leave a gap in the dashed outline)."""
    fig = Figure(figsize=size, dpi=dpi, layout=cached_constrained_layout())
    _build(fig, framework, [as_series(s) for s in series], target,
           dict(dark=dark, font=font, title=title, legend=legend))
    return fig


def update_radar(fig: Figure, framework: Framework, series: Iterable[SeriesLike] = (),
                 target: Mapping[str, float] | None = None) -> Figure:
    """Show new data on a radar made by `radar_figure`, cheaply when only values changed.

    When the framework, the number of series, whether there is a target and where data is
    missing are unchanged, only the outlines, fills and legend texts are updated (what a rating
    change in the wizard needs); otherwise the figure is cleared and built again with the same
    options. The caller redraws the canvas (`canvas.draw_idle()`), or uses `LiveRadar`, which
    redraws only the outlines.
    """
    _update(fig, framework, [as_series(s) for s in series], target)
    return fig


VALUES, LABELS, REBUILT = "values", "labels", "rebuilt"  # what _update changed


def _update(fig: Figure, framework: Framework, series: list[RadarSeries],
            target: Mapping[str, float] | None) -> str:
    state = _state(fig)
    if state is None:
        raise ValueError("this figure was not made by radar_figure")
    target = _clean_target(target)
    same_framework = state.framework is framework or state.framework == framework
    if (not same_framework or state.n_series != len(series)
            or state.has_target != bool(target)
            or state.missing != _missing(framework, series)):
        options, live = state.options, state.live
        fig.clear()
        _build(fig, framework, series, target, options)
        _state(fig).live = live
        return REBUILT
    changed = VALUES
    dims = framework.dimensions
    for index, (line, item) in enumerate(zip(state.lines, series)):
        radii = _radii(dims, item.scores)
        line.set_data(_closed(state.angles), _closed(radii))
        fill = state.fills[index]
        if fill is not None:
            fill.set_xy(_fill_xy(state.angles, radii))
        if item.label != state.labels[index]:
            line.set_label(item.label)
            changed = LABELS
            if state.legend is not None:
                state.legend.get_texts()[index].set_text(item.label)
                _relayout(fig)  # the legend may need another width
    if target:
        state.target.set_data(_closed(state.angles), _closed(_radii(dims, target)))
    state.labels = tuple(s.label for s in series)
    fig.stale = True
    return changed


def _dynamic_artists(fig: Figure) -> list:
    """The artists a rating change moves: outlines, the fill, the target; in drawing order."""
    state = _state(fig)
    artists = [a for a in state.lines + state.fills + [state.target] if a is not None]
    return sorted(artists, key=lambda a: a.get_zorder())


class LiveRadar:
    """Keeps a radar on its canvas current, redrawing only what a rating change moves.

    The outlines, fill and target are drawn over a saved image of the rest of the chart (rings,
    labels, legend, "no data" marks) — matplotlib's blitting — so a rating change costs a
    fraction of a full draw. A full draw (first show, resize, a new set of series, a changed
    legend) happens through `canvas.draw_idle()` and refreshes the saved image. The figure still
    saves and prints whole (matplotlib includes animated artists when saving).

        fig = radar_figure(framework, series, target)
        canvas = FigureCanvasQTAgg(fig)
        live = LiveRadar(canvas)
        ...
        live.update(framework, new_series, target)   # on every rating change
    """

    def __init__(self, canvas):
        self.canvas = canvas
        self.figure = canvas.figure
        if _state(self.figure) is None:
            raise ValueError("this figure was not made by radar_figure")
        self._background = None
        self._size = None
        self._animate()
        self._cid = canvas.mpl_connect("draw_event", self._on_draw)

    def update(self, framework: Framework, series: Iterable[SeriesLike] = (),
               target: Mapping[str, float] | None = None) -> bool:
        """Show new data; True when it was blitted, False when a full redraw was requested."""
        changed = _update(self.figure, framework, [as_series(s) for s in series], target)
        if changed == REBUILT:
            self._animate()
        if changed != VALUES or not self._background_fits():
            self._background = None
            self.canvas.draw_idle()
            return False
        self.canvas.restore_region(self._background)
        self._draw_dynamic(self.canvas.get_renderer())
        self.canvas.blit(self.figure.bbox)
        return True

    def disconnect(self) -> None:
        """Stop managing the figure: the moving artists become ordinary artists again."""
        self.canvas.mpl_disconnect(self._cid)
        if _state(self.figure).live is self:
            _state(self.figure).live = None
        for artist in self.figure.findobj(lambda a: a.get_animated()):
            artist.set_animated(False)
        self._background = None

    def _animate(self) -> None:
        # matplotlib holds event callbacks weakly: the figure's state keeps this object alive
        _state(self.figure).live = self
        for artist in _dynamic_artists(self.figure):
            artist.set_animated(True)  # left out of full draws: drawn by _on_draw instead

    def _background_fits(self) -> bool:
        return self._background is not None and self._size == self._canvas_size()

    def _canvas_size(self) -> tuple:
        return (self.canvas.get_width_height(physical=True), self.figure.dpi)

    def _on_draw(self, event) -> None:
        canvas = event.canvas
        if canvas is not self.canvas or canvas.is_saving():
            return  # saving: matplotlib draws animated artists itself, in their place
        self._background = canvas.copy_from_bbox(self.figure.bbox)
        self._size = self._canvas_size()
        self._draw_dynamic(event.renderer)  # on screen they go on top of the rest

    def _draw_dynamic(self, renderer) -> None:
        for artist in _dynamic_artists(self.figure):
            artist.draw(renderer)


def _clean_target(target: Mapping[str, float] | None) -> dict[str, float]:
    return {k: v for k, v in (target or {}).items() if v is not None}


def _missing(framework: Framework, series: Sequence[RadarSeries]) -> frozenset:
    return frozenset((d.id, i) for i, s in enumerate(series) for d in framework.dimensions
                     if s.scores.get(d.id) is None)


def _radii(dims, scores: Mapping[str, float | None]) -> np.ndarray:
    return np.array([np.nan if scores.get(d.id) is None else float(scores[d.id]) for d in dims])


def _closed(values: np.ndarray) -> np.ndarray:
    return np.append(values, values[:1])


def _fill_xy(angles: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """The filled area skips dimensions without data (it never dips to the centre for them)."""
    known = ~np.isnan(radii)
    if known.sum() < 3:
        return np.zeros((0, 2))
    return np.column_stack([angles[known], radii[known]])


def _axis_label(text: str, theta: float) -> str:
    across = abs(math.cos(_screen_angle(theta))) <= 0.25
    return wrap(text, LABEL_WIDTH_TOP if across else LABEL_WIDTH)


def _screen_angle(theta: float) -> float:
    """Angle on screen (counter-clockwise from east) of an axis at theta (clockwise from north)."""
    return math.pi / 2 - theta


def _relayout(fig: Figure) -> None:
    engine = fig.get_layout_engine()
    if hasattr(engine, "invalidate"):
        engine.invalidate()


def _build(fig: Figure, framework: Framework, series: list[RadarSeries],
           target: Mapping[str, float] | None, options: dict) -> None:
    _relayout(fig)
    th = make_theme(options["dark"], options["font"])
    target = _clean_target(target)
    dims = framework.dimensions
    n = len(dims)
    lo, hi = framework.min_level, framework.max_level
    span = hi - lo
    angles = np.arange(n) * (2 * math.pi / max(n, 1))

    fig.set_facecolor(th.background)
    ax = fig.add_subplot(projection="polar")
    ax.set_gid("radar")
    ax.set_facecolor(th.background)
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_ylim(lo, hi)
    ax.set_rorigin(lo - HOLE * span)

    # rings at the stage levels, named, along the gap between the first two axes
    ring_angle = math.degrees(math.pi / n) if n > 1 else 45.0
    ax.set_rgrids([s.level for s in framework.stages], labels=[s.name for s in framework.stages],
                  angle=ring_angle, fontsize=th.small, color=th.muted)
    for label in ax.get_yticklabels():
        label.set_bbox(dict(boxstyle="round,pad=0.15", facecolor=th.background, edgecolor="none",
                            alpha=0.75))
        label.set_zorder(6)
        label.set_horizontalalignment("left")
    ax.set_xticks(angles, [_axis_label(d.label, theta) for d, theta in zip(dims, angles)],
                  fontsize=th.font, color=th.text)
    for theta, label in zip(angles, ax.get_xticklabels()):
        phi = _screen_angle(theta)
        cos, sin = math.cos(phi), math.sin(phi)
        label.set_horizontalalignment("left" if cos > 0.25 else "right" if cos < -0.25
                                      else "center")
        label.set_verticalalignment("bottom" if sin > 0.25 else "top" if sin < -0.25
                                    else "center")
        label.set_multialignment("center")
    ax.tick_params(axis="x", pad=1)
    ax.grid(True, color=th.grid, linewidth=0.8)
    ax.spines["polar"].set_color(th.grid)
    ax.spines["inner"].set_color(th.grid)

    lines, fills = [], []
    count = len(series)
    for index, item in enumerate(series):
        current = index == count - 1
        style = series_style(th, count - 1 - index)  # the current one gets the first style
        radii = _radii(dims, item.scores)
        (line,) = ax.plot(_closed(angles), _closed(radii), color=style.color,
                          linestyle=style.linestyle, marker=style.marker,
                          linewidth=2.3 if current else 1.5, markersize=6.5 if current else 5,
                          markeredgecolor=th.background, markeredgewidth=0.8, label=item.label,
                          gid=SERIES_GID.format(index), zorder=4 + index, clip_on=False,
                          in_layout=False)  # the layout must not move when data does
        lines.append(line)
        fill = None
        if current:
            (fill,) = ax.fill([], [], color=style.color, alpha=0.13, linewidth=0,
                              gid=FILL_GID.format(index), zorder=2, in_layout=False)
            fill.set_xy(_fill_xy(angles, radii))
        fills.append(fill)

    target_line = None
    if target:
        (target_line,) = ax.plot(_closed(angles), _closed(_radii(dims, target)),
                                 color=th.target, linestyle=TARGET_LINESTYLE, linewidth=1.6,
                                 label=TARGET_LABEL, gid=TARGET_GID, zorder=3 + count,
                                 clip_on=False, in_layout=False)

    missing = _missing(framework, series)
    _mark_missing(fig, ax, framework, series, angles, missing, th)

    legend = None
    if options["legend"] and (series or target):
        handles = lines + ([target_line] if target_line is not None else [])
        if missing:
            handles.append(Patch(facecolor="none", edgecolor=th.hatch, hatch="////",
                                 label=NO_DATA_LEGEND))
        legend = fig.legend(handles=handles, loc="outside lower center",
                            ncols=legend_columns([h.get_label() for h in handles], th.small,
                                                 fig.get_figwidth()), fontsize=th.small,
                            frameon=False, labelcolor=th.text, handlelength=2.6,
                            columnspacing=1.6)
        legend.set_gid("radar-legend")
    if options["title"]:
        fig.suptitle(options["title"], fontsize=th.large, color=th.text)

    state = _State(
        framework=framework, theme=th, angles=angles, n_series=count, has_target=bool(target),
        missing=missing, labels=tuple(s.label for s in series), lines=lines, fills=fills,
        target=target_line, legend=legend, options=dict(options),
    )
    setattr(fig, _STATE_ATTR, state)


def _mark_missing(fig: Figure, ax, framework: Framework, series: list[RadarSeries],
                  angles: np.ndarray, missing: frozenset, th: Theme) -> None:
    """A hatched wedge and 'no data' on each axis where some series lacks a score, with a hollow
    marker in the style of each series that lacks it."""
    lo, hi = framework.min_level, framework.max_level
    span = hi - lo
    n = len(framework.dimensions)
    width = (2 * math.pi / max(n, 1)) * 0.22
    count = len(series)
    for dim, theta in zip(framework.dimensions, angles):
        lacking = [i for i in range(count) if (dim.id, i) in missing]
        if not lacking:
            continue
        ax.bar([theta], [span], width=width, bottom=lo, facecolor="none", edgecolor=th.hatch,
               hatch="////", linewidth=0, alpha=0.55, gid=NO_DATA_GID.format(dim.id), zorder=1)
        # near the rim, where scores rarely reach: less likely to sit on another series' point
        r_text = hi - 0.07 * span
        ax.text(theta, r_text, NO_DATA_LABEL, ha="center", va="center",
                fontsize=th.small, color=th.text, style="italic",
                gid=NO_DATA_TEXT_GID.format(dim.id), zorder=7,
                bbox=dict(boxstyle="round,pad=0.2", facecolor=th.background,
                          edgecolor=th.hatch, linewidth=0.6))
        # the hollow markers sit in a row across the axis, just inside the text box
        phi = _screen_angle(theta)
        inward = (-math.cos(phi), -math.sin(phi))
        across = (-math.sin(phi), math.cos(phi))
        half_text = (0.95 * th.small * abs(math.cos(phi))  # half the box along the axis
                     + 0.55 * th.small * abs(math.sin(phi)))
        depth = half_text + 9.0  # points from the text's centre to the markers'
        spacing = 11.0  # points between markers
        for k, index in enumerate(lacking):
            offset = (k - (len(lacking) - 1) / 2) * spacing
            dx = inward[0] * depth + across[0] * offset
            dy = inward[1] * depth + across[1] * offset
            shift = transforms.ScaledTranslation(dx / 72, dy / 72, fig.dpi_scale_trans)
            style = series_style(th, count - 1 - index)
            ax.add_line(Line2D([theta], [r_text], transform=ax.transData + shift,
                               linestyle="none", marker=style.marker, markersize=7,
                               markerfacecolor=th.background, markeredgecolor=style.color,
                               markeredgewidth=1.6, gid=NO_DATA_MARKER_GID.format(dim.id, index),
                               zorder=8))


def find_artists(fig: Figure, prefix: str) -> list:
    """Every artist in the figure whose gid starts with `prefix` (for tests and callers)."""
    return [a for a in fig.findobj(lambda a: (a.get_gid() or "").startswith(prefix))]
