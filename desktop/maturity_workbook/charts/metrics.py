"""The goal's metrics over the assessments: one small chart per metric (units differ, so they never
share an axis), in the style of the trend chart.

- The recorded values are a solid line with markers; the latest value is written beside its point.
- The baseline is a hollow marker at its date (a dotted level line when it has no date).
- The target is a dashed line from the baseline to the target at its date (the path the team set
  itself, so a value below the path is behind), ending in a star; without dates, a dashed level.
- A metric with no values yet says so in its panel; an empty list gives a figure that says there
  are no metrics.

Words on the figure come from `labels` (the window and the report pass translated ones) and
numbers and dates go through `format_number` / `format_date`. Artists carry gids:
"metric:<id>" (values), "metric-baseline:<id>", "metric-target:<id>", axes "metric-axes:<id>".
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Callable, Mapping, Sequence

from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedFormatter, FixedLocator, MaxNLocator

from maturity_workbook.charts.style import (
    TARGET_LINESTYLE, cached_constrained_layout, theme as make_theme, wrap,
)
from maturity_workbook.charts.trend import format_day

SCREEN_SIZE = (6.0, 4.0)
PRINT_SIZE = (6.5, 3.2)
MAX_NAMED_DATES = 6  # more dates than this in a panel get an automatic date axis
GLYPH_EM = 0.58  # an average glyph's width in ems, to fit titles to their panel

LABELS = {
    "values": "Recorded",
    "baseline": "Baseline",
    "target": "Path to target",
    "no-values": "No values recorded yet",
    "no-metrics": "No metrics yet",
}

Points = Sequence[tuple[date, float]]


def default_number(value: float) -> str:
    return f"{value:,.4g}" if abs(value) < 1e6 else f"{value:,.0f}"


def columns_for(count: int, width: float, height: float) -> int:
    """Panels per row, at most three: the plot areas (a panel less its title and date labels,
    about 0.5 inch across and 0.9 inch down) closest to 1.3 times as wide as tall, none
    narrower than 1.2 inches."""
    def misfit(columns: int) -> float:
        plot_width = width / columns - 0.5
        plot_height = max(height / math.ceil(count / columns) - 0.9, 0.1)
        if plot_width < 1.2 and columns > 1:
            return math.inf
        return abs(math.log(plot_width / plot_height / 1.3))

    return min(range(1, min(count, 3) + 1), key=misfit) if count > 1 else 1


def metrics_figure(series: Sequence[tuple[object, Points]], *,
                   size: tuple[float, float] = SCREEN_SIZE, dpi: float = 100,
                   dark: bool = False, font: float | None = None,
                   labels: Mapping[str, str] | None = None, columns: int | None = None,
                   format_number: Callable[[float], str] = default_number,
                   format_date: Callable[[date], str] = format_day,
                   legend: bool = True) -> Figure:
    """A Figure with one panel per metric: `series` is [(core.plan.Metric, [(date, value)])],
    values oldest first (core.plan.metric_trend gives them)."""
    words = {**LABELS, **(labels or {})}
    th = make_theme(dark, font)
    fig = Figure(figsize=size, dpi=dpi, layout=cached_constrained_layout())
    fig.set_facecolor(th.background)
    if not series:
        fig.text(0.5, 0.5, words["no-metrics"], ha="center", va="center", color=th.muted,
                 fontsize=th.font, gid="metrics-empty")
        return fig
    ncols = columns or columns_for(len(series), *size)
    nrows = math.ceil(len(series) / ncols)
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for index, ax in enumerate(axes.flat):
        if index >= len(series):
            ax.set_visible(False)
            continue
        metric, points = series[index]
        panel_width = size[0] / ncols
        _panel(ax, metric, list(points), th, words, format_number, format_date,
               title_width=max(12, int(panel_width * 72 * 0.92 / (th.font * GLYPH_EM))),
               steep=panel_width < 2.6)
    if legend:
        handles = [
            Line2D([], [], color=th.palette[0], marker="o", linewidth=1.8,
                   markeredgecolor=th.background, label=words["values"]),
            Line2D([], [], color=th.muted, marker="s", linestyle="none",
                   markerfacecolor="none", label=words["baseline"]),
            Line2D([], [], color=th.target, linestyle=TARGET_LINESTYLE, marker="*",
                   markersize=9, linewidth=1.2, label=words["target"]),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False,
                   fontsize=th.small, labelcolor=th.text).set_gid("metrics-legend")
    return fig


def _as_num(day: date) -> float:
    return mdates.date2num(day if isinstance(day, datetime)
                           else datetime(day.year, day.month, day.day))


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _panel(ax, metric, points: list[tuple[date, float]], th, words, format_number,
           format_date, title_width: int, steep: bool) -> None:
    ax.set_gid(f"metric-axes:{metric.id}")
    ax.set_facecolor(th.background)
    title = metric.name + (f" ({metric.unit})" if metric.unit else "")
    ax.set_title(wrap(title, title_width), fontsize=th.font, color=th.text, loc="left")
    days = [day for day, _ in points]
    baseline_day, target_day = _day(metric.baseline_date), _day(metric.target_date)
    values = [value for _, value in points]

    if metric.baseline is not None:
        if baseline_day is not None:
            ax.plot([_as_num(baseline_day)], [metric.baseline], marker="s", linestyle="none",
                    markersize=7, markerfacecolor="none", markeredgecolor=th.muted,
                    markeredgewidth=1.4, zorder=4, gid=f"metric-baseline:{metric.id}")
            days.append(baseline_day)
        else:
            ax.axhline(metric.baseline, color=th.muted, linestyle=":", linewidth=1.0,
                       gid=f"metric-baseline:{metric.id}")
        values.append(metric.baseline)
    if metric.target is not None:
        if target_day is not None:
            start = (baseline_day, metric.baseline) if baseline_day is not None and \
                metric.baseline is not None else (target_day, metric.target)
            ax.plot([_as_num(start[0]), _as_num(target_day)], [start[1], metric.target],
                    color=th.target, linestyle=TARGET_LINESTYLE, linewidth=1.2, zorder=2,
                    gid=f"metric-target:{metric.id}")
            ax.plot([_as_num(target_day)], [metric.target], marker="*", markersize=11,
                    color=th.target, linestyle="none", zorder=4)
            days.append(target_day)
        else:
            ax.axhline(metric.target, color=th.target, linestyle=TARGET_LINESTYLE,
                       linewidth=1.2, gid=f"metric-target:{metric.id}")
        values.append(metric.target)

    if points:
        xs = [_as_num(day) for day, _ in points]
        ys = [value for _, value in points]
        ax.plot(xs, ys, color=th.palette[0], marker="o", markersize=6, linewidth=1.8,
                markeredgecolor=th.background, markeredgewidth=0.8, zorder=5, clip_on=False,
                gid=f"metric:{metric.id}")
        ax.annotate(format_number(ys[-1]), (xs[-1], ys[-1]), xytext=(0, 7),
                    textcoords="offset points", ha="center", va="bottom", fontsize=th.small,
                    color=th.text, fontweight="bold", zorder=6)
    else:
        ax.text(0.5, 0.5, words["no-values"], transform=ax.transAxes, ha="center",
                va="center", color=th.muted, fontsize=th.small)

    _value_axis(ax, values, th, format_number)
    _date_axis(ax, sorted(set(days)), format_date, 45 if steep else 30)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    for spine in ("left", "bottom"):
        ax.spines[spine].set_color(th.grid)
    ax.grid(axis="y", color=th.grid, linewidth=0.5, alpha=0.6)
    ax.tick_params(colors=th.muted, labelcolor=th.text, labelsize=th.small)


def _value_axis(ax, values: list[float], th, format_number) -> None:
    if not values:
        ax.set_yticks([])
        return
    low, high = min(values), max(values)
    pad = (high - low) * 0.18 or max(abs(high) * 0.1, 1.0)
    ax.set_ylim(low - pad, high + pad * 1.4)  # room above for the latest value's label
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
    ax.yaxis.set_major_formatter(lambda value, _pos: format_number(value))


def _date_axis(ax, days: list[date], format_date, rotation: int) -> None:
    if not days:
        ax.set_xticks([])
        return
    nums = [_as_num(d) for d in days]
    span = nums[-1] - nums[0]
    pad = max(span * 0.08, 30.0)
    ax.set_xlim(nums[0] - pad, nums[-1] + pad)
    if len(days) <= MAX_NAMED_DATES and (len(days) < 2 or _min_gap(nums) > span / 12):
        ax.xaxis.set_major_locator(FixedLocator(nums))
        ax.xaxis.set_major_formatter(FixedFormatter([format_date(d) for d in days]))
        if len(days) > 2:
            for label in ax.get_xticklabels():
                label.set(rotation=rotation, horizontalalignment="right",
                          rotation_mode="anchor")
    else:
        locator = mdates.AutoDateLocator(minticks=2, maxticks=5)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _min_gap(nums: list[float]) -> float:
    return min(b - a for a, b in zip(nums, nums[1:])) if len(nums) > 1 else float("inf")
