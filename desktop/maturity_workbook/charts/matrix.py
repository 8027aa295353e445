"""The portfolio matrix (CMI x health) and the trend of counts per quadrant and per track.

Reading the matrix:
- CMI runs left to right, health bottom to top, both 0-100; the threshold lines split the 2x2
  (a customer on a line counts as high), so the top right holds the mature, healthy customers;
- each quadrant is tinted and named in its outer corner with the number of customers in it;
- the CMI bands of the content tracks are named along the top edge;
- with moves, an arrow runs from where a customer stood on the chosen date to where it stands
  now: dark when it changed quadrant, light when it moved inside one.

The customers of a quadrant are one scatter collection in one colour (and the arrows one
quiver), so 5,000 customers draw about as fast as a bare scatter. `matrix_lookup(fig)` finds the customers under the mouse for
names on hover, from display coordinates (what matplotlib's mouse events carry).

Artists carry gids: "matrix" (axes), "matrix-points:<quadrant id>", "matrix-moves:changed" and
"matrix-moves:within" (arrows), "matrix-threshold:cmi",
"matrix-threshold:health", "matrix-area:<quadrant id>", "matrix-count:<quadrant id>",
"matrix-tracks" (the top axis). The trend figure: "portfolio-trend:quadrants" and
"portfolio-trend:tracks" (axes), "portfolio-trend:<quadrant or track id>" (lines).
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from datetime import date, datetime
from typing import Mapping, Sequence

import numpy as np
from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.ticker import FixedFormatter, FixedLocator, MaxNLocator

from maturity_workbook.charts.style import (
    Theme, cached_constrained_layout, series_style, theme as make_theme, wrap,
)
from maturity_workbook.core.cmi import CMI_MAX, HEALTH_MAX, HIGH, LOW, CmiModel, Thresholds
from maturity_workbook.charts.trend import format_day
from maturity_workbook.core.portfolio import MatrixPoints, Move, Timeline

SCREEN_SIZE = (6.4, 5.4)
PRINT_SIZE = (6.0, 5.0)
TREND_SIZE = (6.4, 5.0)
PAD = 3.0  # data units around 0-100, so points on the edges are whole
MAX_NAMED_DATES = 8
TRACK_WIDTH = 16  # characters per line of a track name along the top
_STATE_ATTR = "_maturity_workbook_matrix"

# quadrant colours by corner (Okabe-Ito): the colour follows the meaning, not the model's ids
_CORNER_COLOURS = {(HIGH, HIGH): "#009E73", (HIGH, LOW): "#D55E00", (LOW, HIGH): "#0072B2",
                   (LOW, LOW): "#8C8C8C"}
_CORNER_COLOURS_DARK = {(HIGH, HIGH): "#2CC79A", (HIGH, LOW): "#F07A2A", (LOW, HIGH): "#56B4E9",
                        (LOW, LOW): "#A8A8A8"}


@dataclass(frozen=True)
class MatrixText:
    """The chart's own words; the window passes translated ones."""

    cmi_axis: str = "Customer Maturity Index (CMI)"
    health_axis: str = "Customer health score"
    tracks_axis: str = "Content track"
    quadrant_counts_title: str = "Customers per quadrant"
    track_counts_title: str = "Customers per track"
    count_axis: str = "Customers"


def _corner_colour(th: Theme, cmi_side: str, health_side: str) -> str:
    colours = _CORNER_COLOURS_DARK if th.background != "#FFFFFF" else _CORNER_COLOURS
    return colours[(cmi_side, health_side)]


def marker_size(count: int) -> float:
    """Marker area in points^2: large for a few customers, small for thousands."""
    return max(5.0, min(40.0, 400.0 / math.sqrt(max(count, 1))))


# ------------------------------------------------------------------------------------ matrix


def matrix_figure(model: CmiModel, points: MatrixPoints, *,
                  thresholds: Thresholds | None = None, moves: Sequence[Move] = (),
                  all_moves: bool = True, size: tuple[float, float] = SCREEN_SIZE,
                  dpi: float = 100, dark: bool = False, font: float | None = None,
                  title: str | None = None, text: MatrixText = MatrixText()) -> Figure:
    """The CMI x health scatter of `points` (core.portfolio.matrix_points), with the model's
    quadrants and tracks. `moves` (core.portfolio.movement) adds arrows; with `all_moves`
    False only customers that changed quadrant get one."""
    th = make_theme(dark, font)
    limits = thresholds or model.thresholds
    # fixed margins from the font size instead of a layout engine: the layout pass would cost
    # as much as drawing 5,000 points, and nothing here changes size with the data
    track_lines = max(wrap(t.name, TRACK_WIDTH).count("\n") + 1 for t in model.tracks)
    margins_pt = dict(left=th.small * 3.4 + 22, right=10, bottom=th.small * 2.6 + 18,
                      top=th.small * 1.3 * track_lines + 12 + (th.large * 1.8 if title else 0))
    fig = Figure(figsize=size, dpi=dpi)
    fig.subplots_adjust(left=margins_pt["left"] / 72 / size[0],
                        right=1 - margins_pt["right"] / 72 / size[0],
                        bottom=margins_pt["bottom"] / 72 / size[1],
                        top=1 - margins_pt["top"] / 72 / size[1])
    fig.set_facecolor(th.background)
    ax = fig.add_subplot()
    ax.set_gid("matrix")
    ax.set_facecolor(th.background)
    ax.set_xlim(-PAD, CMI_MAX + PAD)
    ax.set_xlabel(text.cmi_axis, fontsize=th.small, color=th.muted)
    ax.set_ylabel(text.health_axis, fontsize=th.small, color=th.muted)
    ax.xaxis.set_major_locator(FixedLocator([0, 25, 50, 75, 100]))
    ax.yaxis.set_major_locator(FixedLocator([0, 25, 50, 75, 100]))
    ax.tick_params(colors=th.muted, labelcolor=th.text, labelsize=th.small)
    for spine in ax.spines.values():
        spine.set_color(th.grid)

    counts = {q.id: 0 for q in model.quadrants}
    for quadrant_id in points.quadrants:
        counts[quadrant_id] = counts.get(quadrant_id, 0) + 1
    axes_size = (size[0] - (margins_pt["left"] + margins_pt["right"]) / 72,
                 size[1] - (margins_pt["bottom"] + margins_pt["top"]) / 72)
    _quadrants(ax, model, limits, counts, th, axes_size)
    _tracks_axis(ax, model, th, text)

    # one collection per quadrant, each in one colour: Agg then stamps a single marker (its
    # fast path, and PDF/SVG define the marker once), which a colour per point would prevent
    n = len(points.ids)
    xy = np.column_stack([np.asarray(points.cmi, dtype=float),
                          np.asarray(points.health, dtype=float)]) if n else np.empty((0, 2))
    which = np.asarray(points.quadrants, dtype=object)
    size_pt2 = marker_size(n)
    for quadrant in model.quadrants:
        mine = xy[which == quadrant.id] if n else xy
        ax.scatter(mine[:, 0], mine[:, 1], s=size_pt2,
                   color=_corner_colour(th, quadrant.cmi, quadrant.health),
                   alpha=1.0 if n <= 300 else 0.7, linewidths=0.4 if n <= 300 else 0,
                   edgecolors=th.background, zorder=4, gid=f"matrix-points:{quadrant.id}")
    _arrows(ax, moves, all_moves, th)
    if title:
        fig.suptitle(title, fontsize=th.large, color=th.text, y=1 - 6 / 72 / size[1],
                     va="top")
    setattr(fig, _STATE_ATTR, MatrixLookup(ax, points, xy, size_pt2))
    return fig


def _quadrants(ax, model: CmiModel, limits: Thresholds, counts: Mapping[str, int],
               th: Theme, axes_size: tuple[float, float]) -> None:
    """Tinted quadrants, named with their counts in a band above and below the data (health
    cannot go there, so a name never hides a customer)."""
    axes_width, axes_height = axes_size
    texts, lines = {}, 1
    for quadrant in model.quadrants:
        share = (CMI_MAX - limits.cmi if quadrant.cmi == HIGH else limits.cmi) / CMI_MAX
        chars = max(8, int(share * axes_width * 72 / (0.62 * th.small)) - 3)
        texts[quadrant.id] = _fit(f"{counts.get(quadrant.id, 0):,} · {quadrant.name}", chars)
        lines = max(lines, texts[quadrant.id].count("\n") + 1)
    band_in = lines * th.small * 1.3 / 72 + 0.1
    band = band_in * (HEALTH_MAX + 2 * PAD) / max(axes_height - 2 * band_in, 0.5)
    low_x, high_x = -PAD, CMI_MAX + PAD
    low_y, high_y = -PAD - band, HEALTH_MAX + PAD + band
    ax.set_ylim(low_y, high_y)
    ax.axvline(limits.cmi, color=th.text, linewidth=1.0, zorder=3, gid="matrix-threshold:cmi")
    ax.axhline(limits.health, color=th.text, linewidth=1.0, zorder=3,
               gid="matrix-threshold:health")
    for edge in (-PAD, HEALTH_MAX + PAD):
        ax.axhline(edge, color=th.grid, linewidth=0.6, zorder=1)
    for quadrant in model.quadrants:
        right, top = quadrant.cmi == HIGH, quadrant.health == HIGH
        x0, x1 = (limits.cmi, high_x) if right else (low_x, limits.cmi)
        y0, y1 = (limits.health, high_y) if top else (low_y, limits.health)
        colour = _corner_colour(th, quadrant.cmi, quadrant.health)
        ax.fill_between([x0, x1], y0, y1, color=colour, alpha=0.10, linewidth=0, zorder=0,
                        gid=f"matrix-area:{quadrant.id}")
        ax.fill_between([x0, x1], *((HEALTH_MAX + PAD, high_y) if top else (low_y, -PAD)),
                        color=colour, alpha=0.12, linewidth=0, zorder=0)
        inset = 0.012
        ax.text(1 - inset if right else inset,
                HEALTH_MAX + PAD + band / 2 if top else -PAD - band / 2,
                texts[quadrant.id], transform=ax.get_yaxis_transform(),
                ha="right" if right else "left", va="center", fontsize=th.small,
                color=th.text, fontweight="bold", linespacing=1.2, zorder=6,
                gid=f"matrix-count:{quadrant.id}")


def _fit(label: str, chars: int, max_lines: int = 2) -> str:
    """The label wrapped to `chars` a line, on at most `max_lines` lines (the rest elided)."""
    lines = textwrap.wrap(label, width=chars, break_long_words=True) or [label]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(1, chars - 1)].rstrip() + "…"
    return "\n".join(lines)


def _tracks_axis(ax, model: CmiModel, th: Theme, text: MatrixText) -> None:
    """Track names along the top, centred on their CMI bands, with marks at the band edges."""
    top = ax.secondary_xaxis("top")
    top.set_gid("matrix-tracks")
    centres = [(t.start + model.track_end(t)) / 2 for t in model.tracks]
    top.xaxis.set_major_locator(FixedLocator(centres))
    top.xaxis.set_major_formatter(FixedFormatter([wrap(t.name, TRACK_WIDTH)
                                                  for t in model.tracks]))
    top.xaxis.set_minor_locator(FixedLocator([t.start for t in model.tracks[1:]]))
    top.tick_params(which="major", length=0, labelsize=th.small, labelcolor=th.muted, pad=3)
    top.tick_params(which="minor", length=6, color=th.muted, width=1.0)
    top.spines["top"].set_color(th.grid)


def _arrows(ax, moves: Sequence[Move], all_moves: bool, th: Theme) -> None:
    changed, within = [], []
    for move in moves:
        before, after = move.before, move.after
        if before is None or before.cmi is None or after.cmi is None or not move.moved:
            continue
        row = (before.cmi, before.health, after.cmi - before.cmi, after.health - before.health)
        if move.quadrant_changed:
            changed.append(row)
        elif all_moves:
            within.append(row)
    # widths in inches: the same arrows on a small screen, a projector and paper
    for rows, colour, width, alpha, name in ((within, th.muted, 0.012, 0.6, "within"),
                                             (changed, th.text, 0.017, 0.9, "changed")):
        if not rows:
            continue
        data = np.asarray(rows, dtype=float)
        ax.quiver(data[:, 0], data[:, 1], data[:, 2], data[:, 3], angles="xy",
                  scale_units="xy", scale=1, units="inches", width=width, color=colour,
                  alpha=alpha, headwidth=5, headlength=6, headaxislength=5.5, zorder=3.8,
                  gid=f"matrix-moves:{name}")


# ------------------------------------------------------------------------------------ hover


class MatrixLookup:
    """Which customers are under a point of the drawn matrix (for names on hover)."""

    def __init__(self, ax, points: MatrixPoints, xy: np.ndarray, size_pt2: float):
        self.ax = ax
        self.points = points
        self.xy = xy
        self.radius_pt = math.sqrt(size_pt2) / 2

    def at(self, x: float, y: float, tolerance_px: float | None = None,
           limit: int = 10) -> list[int]:
        """Indexes into the points under display position (x, y) (pixels from the bottom left,
        as matplotlib events give them), nearest first, at most `limit`."""
        if not len(self.xy):
            return []
        if tolerance_px is None:
            tolerance_px = self.radius_pt * self.ax.figure.dpi / 72 + 3
        shown = self.ax.transData.transform(self.xy)
        distance = (shown[:, 0] - x) ** 2 + (shown[:, 1] - y) ** 2
        near = np.flatnonzero(distance <= tolerance_px ** 2)
        return [int(i) for i in near[np.argsort(distance[near], kind="stable")][:limit]]

    def customer(self, index: int) -> tuple[str, str, float, float, str]:
        """(id, name, CMI, health, quadrant id) of one point."""
        p = self.points
        return p.ids[index], p.names[index], p.cmi[index], p.health[index], p.quadrants[index]


def matrix_lookup(fig: Figure) -> MatrixLookup | None:
    return getattr(fig, _STATE_ATTR, None)


# ------------------------------------------------------------------------------------ trend


def portfolio_trend_figure(model: CmiModel, timeline: Timeline, *,
                           size: tuple[float, float] = TREND_SIZE, dpi: float = 100,
                           dark: bool = False, font: float | None = None,
                           title: str | None = None, text: MatrixText = MatrixText()) -> Figure:
    """Counts per quadrant (top) and per track (bottom) on each day of `timeline`
    (core.portfolio.counts_over_time), sharing the date axis."""
    th = make_theme(dark, font)
    fig = Figure(figsize=size, dpi=dpi, layout=cached_constrained_layout())
    fig.set_facecolor(th.background)
    top, bottom = fig.subplots(2, 1, sharex=True)
    xs = [mdates.date2num(_as_datetime(d)) for d in timeline.days]
    groups = (
        (top, "quadrants", text.quadrant_counts_title,
         [(q.id, q.name, timeline.quadrants.get(q.id, ()),
           _corner_colour(th, q.cmi, q.health)) for q in model.quadrants]),
        (bottom, "tracks", text.track_counts_title,
         [(t.id, t.name, timeline.tracks.get(t.id, ()), None) for t in model.tracks]),
    )
    for ax, kind, heading, series in groups:
        ax.set_gid(f"portfolio-trend:{kind}")
        ax.set_facecolor(th.background)
        ax.set_title(heading, fontsize=th.font, color=th.text, loc="left")
        ax.set_ylabel(text.count_axis, fontsize=th.small, color=th.muted)
        handles = []
        for index, (series_id, name, counts, colour) in enumerate(series):
            style = series_style(th, index)
            (line,) = ax.plot(xs, list(counts), color=colour or style.color,
                              linestyle=style.linestyle, marker=style.marker, markersize=5,
                              linewidth=1.8, markeredgecolor=th.background, markeredgewidth=0.7,
                              label=name, gid=f"portfolio-trend:{series_id}", clip_on=False,
                              zorder=3)
            handles.append(line)
        ax.set_ylim(bottom=0, top=max([max(c, default=0) for _, _, c, _ in series] + [1]) * 1.1)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        ax.grid(axis="y", color=th.grid, linewidth=0.5)
        ax.tick_params(colors=th.muted, labelcolor=th.text, labelsize=th.small)
        for spine in ax.spines.values():
            spine.set_color(th.grid)
        ax.legend(handles=[h for h in handles], labels=[wrap(h.get_label(), 22) for h in handles],
                  loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=th.small,
                  frameon=False, labelcolor=th.text, handlelength=2.4)
    _date_axis(bottom, list(timeline.days), th)
    if title:
        fig.suptitle(title, fontsize=th.large, color=th.text)
    return fig


def _as_datetime(day: date) -> datetime:
    return day if isinstance(day, datetime) else datetime(day.year, day.month, day.day)


def _date_axis(ax, days: list[date], th: Theme) -> None:
    if not days:
        ax.set_xticks([])
        return
    nums = [mdates.date2num(_as_datetime(d)) for d in days]
    pad = max((nums[-1] - nums[0]) * 0.08, 30.0)  # days; one date gets a month either side
    ax.set_xlim(nums[0] - pad, nums[-1] + pad)
    if len(days) <= MAX_NAMED_DATES:
        ax.xaxis.set_major_locator(FixedLocator(nums))
        ax.xaxis.set_major_formatter(FixedFormatter([format_day(d) for d in days]))
        if len(days) > 3:
            for label in ax.get_xticklabels():
                label.set(rotation=30, horizontalalignment="right", rotation_mode="anchor")
    else:
        locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.tick_params(axis="x", labelsize=th.small)
