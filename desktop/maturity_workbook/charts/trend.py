"""The trend: each dimension's score over the assessment dates, on shaded stage bands.

- The y axis runs from the lowest to the highest stage level; each stage is a band from its level
  up to the next level (a score inside the band has reached that stage and not the next), named on
  the right; the left axis shows the levels.
- One line per dimension (colour, line style and marker all differ); a date where the dimension
  had insufficient data is a gap in its line, never a zero.
- The date axis names each assessment date when there are few; with one date the axis is
  widened around it so the point does not sit on the frame.

Artists carry gids: "trend:<dimension id>" (lines), "stage-band:<level>" (bands).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Mapping, Sequence

import numpy as np
from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.ticker import FixedFormatter, FixedLocator

from maturity_workbook.charts.style import (
    cached_constrained_layout, legend_columns, series_style, theme as make_theme, wrap,
)
from maturity_workbook.core.framework import Framework

SCREEN_SIZE = (6.0, 4.0)
PRINT_SIZE = (5.5, 3.6)
TREND_GID = "trend:{}"
BAND_GID = "stage-band:{}"
TOP_BAND = 0.45  # height of the top stage's band, in levels (the top stage is a single level)
BAND_LABEL_WIDTH = 18  # characters per line of a stage name beside the bands
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MAX_NAMED_DATES = 8  # more dates than this get an automatic date axis

Points = Sequence[tuple[date, float | None]]


def trend_figure(framework: Framework, points: Mapping[str, Points], *,
                 size: tuple[float, float] = SCREEN_SIZE, dpi: float = 100, dark: bool = False,
                 font: float | None = None, title: str | None = None,
                 legend: bool = True) -> Figure:
    """A trend Figure: `points` maps dimension id -> [(date, score or None)], oldest first (as
    `core.history.trend_points` gives). Dimensions are drawn in framework order; ids that are
    not in the framework are ignored."""
    th = make_theme(dark, font)
    fig = Figure(figsize=size, dpi=dpi, layout=cached_constrained_layout())
    fig.set_facecolor(th.background)
    ax = fig.add_subplot()
    ax.set_gid("trend")
    ax.set_facecolor(th.background)

    lo, hi = framework.min_level, framework.max_level
    ax.set_ylim(lo - 0.12, hi + TOP_BAND)
    stages = framework.stages
    for index, stage in enumerate(stages):
        top = stages[index + 1].level if index + 1 < len(stages) else hi + TOP_BAND
        ax.axhspan(stage.level, top, facecolor=th.band if index % 2 == 0 else th.background,
                   edgecolor="none", zorder=0, gid=BAND_GID.format(stage.level))
        ax.axhline(stage.level, color=th.grid, linewidth=0.7, zorder=1)
    ax.set_yticks([s.level for s in stages], [str(s.level) for s in stages], fontsize=th.small,
                  color=th.muted)
    ax.set_ylabel("Score", fontsize=th.small, color=th.muted)

    # stage names on the right, in the middle of each band
    names = ax.secondary_yaxis("right")
    centres = [(s.level + (stages[i + 1].level if i + 1 < len(stages) else hi + TOP_BAND)) / 2
               for i, s in enumerate(stages)]
    names.yaxis.set_major_locator(FixedLocator(centres))
    names.yaxis.set_major_formatter(FixedFormatter([wrap(s.name, BAND_LABEL_WIDTH)
                                                    for s in stages]))
    names.tick_params(length=0, labelsize=th.small, labelcolor=th.text)
    names.set_gid("stage-names")
    for spine in names.spines.values():
        spine.set_visible(False)

    all_days: set[date] = set()
    drawn = []
    for index, dim in enumerate(d for d in framework.dimensions if d.id in points):
        series = list(points[dim.id])
        all_days.update(day for day, _ in series)
        style = series_style(th, index)
        xs = [mdates.date2num(_as_datetime(day)) for day, _ in series]
        ys = [np.nan if score is None else float(score) for _, score in series]
        (line,) = ax.plot(xs, ys, color=style.color, linestyle=style.linestyle, marker=style.marker,
                          markersize=6, linewidth=1.8, markeredgecolor=th.background,
                          markeredgewidth=0.8, label=dim.label, gid=TREND_GID.format(dim.id),
                          zorder=3, clip_on=False)
        drawn.append(line)
    _date_axis(ax, sorted(all_days), th)

    for spine in ax.spines.values():
        spine.set_color(th.grid)
    ax.tick_params(colors=th.muted, labelcolor=th.text)
    if legend and drawn:
        labels = [line.get_label() for line in drawn]
        fig.legend(handles=drawn, loc="outside lower center", fontsize=th.small, frameon=False,
                   ncols=legend_columns(labels, th.small, size[0]), labelcolor=th.text,
                   handlelength=2.6).set_gid("trend-legend")
    if title:
        fig.suptitle(title, fontsize=th.large, color=th.text)
    return fig


def format_day(day: date) -> str:
    """'12 Mar 2024' for a named date tick (moved from core.history: core returns dates)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _as_datetime(day: date) -> datetime:
    return day if isinstance(day, datetime) else datetime(day.year, day.month, day.day)


def _date_axis(ax, days: list[date], th) -> None:
    """Name each assessment date when there are few; otherwise let matplotlib choose."""
    if not days:
        ax.set_xticks([])
        return
    nums = [mdates.date2num(_as_datetime(d)) for d in days]
    span = nums[-1] - nums[0]
    pad = max(span * 0.08, 30.0)  # days; one date gets a month either side
    ax.set_xlim(nums[0] - pad, nums[-1] + pad)
    if len(days) <= MAX_NAMED_DATES:
        ax.xaxis.set_major_locator(FixedLocator(nums))
        ax.xaxis.set_major_formatter(FixedFormatter([format_day(d) for d in days]))
        crowded = len(days) > 4 or (len(days) > 1 and _min_gap(nums) < span / 6)
        if crowded:
            for label in ax.get_xticklabels():
                label.set(rotation=30, horizontalalignment="right", rotation_mode="anchor")
    else:
        locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.tick_params(axis="x", labelsize=th.small)


def _min_gap(nums: list[float]) -> float:
    return min(b - a for a, b in zip(nums, nums[1:])) if len(nums) > 1 else float("inf")

