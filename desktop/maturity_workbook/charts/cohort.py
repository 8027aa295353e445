"""The cohort bar: where a program sits among the programs a piece of research looked at.

One horizontal bar is the whole cohort (0-100%), cut into the stages' shares, lowest stage on the
left. Reading it:
- the program's stage is the solid segment in the palette's first colour, with a marker above it
  naming the stage and its share;
- the stages below it (the programs it is ahead of) are hatched, with a bracket underneath giving
  their total; the stages above are plain;
- each segment's level is written under it, and its share inside it when there is room; a key
  below names every stage with its share, and the last line cites where the shares come from.
Hatching and the solid fill keep the three kinds of segment apart in greyscale print.

Sizes are laid out in inches, so text keeps its size whatever the width; the height follows from
the content unless a height is given. Every text a reader sees comes from `CohortTexts`, so the UI
and the report pass translated templates and locale-formatted percentages.

Artists carry gids: "cohort-band:<level>", "cohort-share:<level>", "cohort-level:<level>",
"cohort-key:<level>", "cohort-marker", "cohort-marker-text", "cohort-ahead",
"cohort-ahead-text", "cohort-source".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Polygon, Rectangle
from matplotlib.textpath import TextToPath

from maturity_workbook.charts.style import Theme, theme as make_theme
from maturity_workbook.core.cohort import CohortBand, CohortPlace

SCREEN_WIDTH = 6.0  # inches, at 100 dpi on screen
PRINT_WIDTH = 5.5
MARGIN = 0.15  # left and right, inches
BAR_HEIGHT = 0.038  # inches per point of the base font: 0.34 in at 9 pt, growing with zoom
HATCH = "////"


def _percent(value: float) -> str:
    return f"{value:.0%}"


@dataclass(frozen=True)
class CohortTexts:
    """The words on the chart, as str.format templates; pass translated ones from the UI."""

    stage: str = "Stage {level} · {name}"
    here: str = "{share} of programs are at this stage"
    ahead: str = "ahead of {share}"
    key: str = "{level} {name} · {share}"
    source: str = "Source: {source}"
    percent: Callable[[float], str] = field(default=_percent)  # a locale's percent format


class _Measure:
    """Text widths in inches, without a canvas (the figure may never be drawn on screen)."""

    def __init__(self):
        self._path = TextToPath()

    def width(self, text: str, size: float, bold: bool = False) -> float:
        prop = FontProperties(size=size, weight="bold" if bold else "normal")
        widest = 0.0
        for line in text.split("\n"):
            w, _h, _d = self._path.get_text_width_height_descent(line, prop, ismath=False)
            widest = max(widest, w)
        return widest / 72.0


def _wrap_to(measure: _Measure, text: str, width_in: float, size: float,
             bold: bool = False) -> list[str]:
    """Lines of `text` no wider than width_in (words are never broken)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if line and measure.width(candidate, size, bold) > width_in:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines or [""]


def _text_lines(ax, x: float, top: float, lines: list[str], size: float, spacing: float,
                **style) -> list:
    """Each line as its own text on its own baseline, `spacing` inches apart, the first line's
    cap height at `top`: rows of the key line up whatever glyphs they hold (va="top" aligns
    each text's ink, which moves with descenders and weight)."""
    ascent = size * 0.76 / 72
    return [ax.text(x, top - ascent - i * spacing, line, va="baseline", fontsize=size, **style)
            for i, line in enumerate(lines)]


def _readable_on(colour: str) -> str:
    """Black or white text, whichever reads better on `colour` (#RRGGBB)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#000000" if (0.299 * r + 0.587 * g + 0.114 * b) > 150 else "#FFFFFF"


def cohort_figure(place: CohortPlace, *, width: float = SCREEN_WIDTH, height: float | None = None,
                  dpi: float = 100, dark: bool = False, font: float | None = None,
                  texts: CohortTexts = CohortTexts(), title: str | None = None) -> Figure:
    """The cohort bar for a program's `place` (core.cohort.cohort_place / cohort_for)."""
    th = make_theme(dark, font)
    measure = _Measure()
    line_h = th.font * 1.45 / 72  # inches per text line
    small_h = th.small * 1.4 / 72
    bar_w = width - 2 * MARGIN
    pct = texts.percent
    bands = place.bands
    current = place.stage.level

    stage_text = texts.stage.format(level=current, name=place.stage.name)
    here_text = texts.here.format(share=pct(place.stage_share))
    stage_lines = _wrap_to(measure, stage_text, bar_w, th.font, bold=True)
    marker_lines = stage_lines + _wrap_to(measure, here_text, bar_w, th.font)
    key_entries = [texts.key.format(level=b.stage.level, name=b.stage.name, share=pct(b.share))
                   for b in bands]
    columns, key_width = _key_columns(measure, key_entries, bar_w, th.small)
    key_lines = [_wrap_to(measure, entry, key_width, th.small) for entry in key_entries]
    rows = [key_lines[i:i + columns] for i in range(0, len(key_lines), columns)]
    source_lines: list[str] = []
    if place.source is not None:
        cite = place.source.cite() + (f" ({place.source.note.rstrip('.')})"
                                      if place.source.note else "")
        source_lines = _wrap_to(measure, texts.source.format(source=cite), bar_w, th.small)
    has_ahead = place.ahead_of > 0

    # vertical layout, from the top, in inches
    top_pad, title_h = 0.08, (line_h * 1.2 if title else 0.0)
    marker_h = len(marker_lines) * line_h
    bar_h = BAR_HEIGHT * th.font
    triangle_h = 0.013 * th.font
    gap = 0.1
    fig = Figure(figsize=(width, height or 2.5), dpi=dpi)
    fig.set_facecolor(th.background)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_gid("cohort")
    ax.set_axis_off()
    # x: 0-1 is the cohort, across the bar; y: inches down from the top (negative), so the
    # height can follow from where the last line ends
    ax.set_xlim(-MARGIN / bar_w, 1 + MARGIN / bar_w)
    x_per_inch = 1 / bar_w

    y = -top_pad
    if title:
        _text_lines(ax, 0, y, [title], th.large, line_h, ha="left", color=th.text,
                    fontweight="bold", gid="cohort-title")
        y -= title_h
    marker_top = y
    y -= marker_h + 0.04
    triangle_top = y
    bar_top = y - triangle_h
    bar_bottom = bar_top - bar_h

    for band in bands:
        _draw_band(ax, band, current, bar_bottom, bar_h, th, measure, x_per_inch, pct)
    levels_h = _draw_levels(ax, bands, bar_bottom - 0.03, th, measure, x_per_inch, small_h)

    # the marker: a triangle pointing at the program's segment, its stage and share above it
    mine = next(b for b in bands if b.stage.level == current)
    centre = mine.start + mine.share / 2
    half = 0.008 * th.font * x_per_inch
    ax.add_patch(Polygon([(centre - half, triangle_top), (centre + half, triangle_top),
                          (centre, bar_top + 0.01)], closed=True, facecolor=th.text,
                         edgecolor="none", gid="cohort-marker"))
    text_w = max(measure.width(line, th.font, bold=(i < len(stage_lines)))
                 for i, line in enumerate(marker_lines)) * x_per_inch
    if centre - text_w / 2 < 0:
        tx, ha = 0.0, "left"
    elif centre + text_w / 2 > 1:
        tx, ha = 1.0, "right"
    else:
        tx, ha = centre, "center"
    n_stage_lines = len(stage_lines)
    _text_lines(ax, tx, marker_top, marker_lines[:n_stage_lines], th.font, line_h, ha=ha,
                color=th.text, fontweight="bold", gid="cohort-marker-text")
    _text_lines(ax, tx, marker_top - n_stage_lines * line_h, marker_lines[n_stage_lines:],
                th.font, line_h, ha=ha, color=th.text, gid="cohort-marker-here")

    y = bar_bottom - levels_h
    if has_ahead:  # a bracket under the stages the program is ahead of
        y -= 0.08
        end = place.ahead_of
        tick = 0.06
        ax.plot([0.002, 0.002, end - 0.002, end - 0.002], [y + tick, y, y, y + tick],
                color=th.muted, linewidth=1.0, solid_capstyle="butt", gid="cohort-ahead")
        label = texts.ahead.format(share=pct(place.ahead_of))
        label_w = measure.width(label, th.small) * x_per_inch
        lx, lha = (end / 2, "center") if label_w < end else (0.0, "left")
        _text_lines(ax, lx, y - 0.04, [label], th.small, small_h, ha=lha, color=th.text,
                    gid="cohort-ahead-text")
        y -= 0.04 + small_h

    y -= gap
    col_w = (1 / columns)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            band = bands[r * columns + c]
            _text_lines(ax, c * col_w, y, cell, th.small, small_h, ha="left",
                        color=th.text if band.stage.level == current else th.muted,
                        fontweight="bold" if band.stage.level == current else "normal",
                        gid=f"cohort-key:{band.stage.level}")
        y -= max(len(cell) for cell in row) * small_h
    if source_lines:
        y -= gap / 2
        _text_lines(ax, 0, y, source_lines, th.small, small_h, ha="left", color=th.muted,
                    fontstyle="italic", gid="cohort-source")
        y -= len(source_lines) * small_h
    used = -y + 0.06  # the last line's descent and a little air
    height = height or used
    fig.set_size_inches(width, height)
    ax.set_ylim(-height, 0)
    return fig


def _draw_levels(ax, bands, top: float, th: Theme, measure: _Measure, x_per_inch: float,
                 line_h: float) -> float:
    """Each segment's level under its centre; a label that would touch the one before drops to
    a second row (the 3% and 2% stages sit side by side). Returns the height used."""
    right_edge = [float("-inf"), float("-inf")]
    rows_used = 1
    for band in bands:
        label = str(band.stage.level)
        centre = band.start + band.share / 2
        half = (measure.width(label, th.small) / 2 + 0.02) * x_per_inch
        row = 0 if centre - half >= right_edge[0] else 1
        right_edge[row] = centre + half
        rows_used = max(rows_used, row + 1)
        _text_lines(ax, centre, top - row * line_h, [label], th.small, line_h, ha="center",
                    color=th.muted, gid=f"cohort-level:{band.stage.level}")
    return rows_used * line_h + 0.04


def _draw_band(ax, band: CohortBand, current: int, bottom: float, height: float, th: Theme,
               measure: _Measure, x_per_inch: float, pct) -> None:
    level = band.stage.level
    if level == current:
        face, hatch, text_colour = th.palette[0], None, _readable_on(th.palette[0])
    elif level < current:
        face, hatch, text_colour = th.band, HATCH, th.text
    else:
        face, hatch, text_colour = th.background, None, th.text
    rect = Rectangle((band.start, bottom), band.share, height, facecolor=face,
                     edgecolor=th.grid, linewidth=0.8, hatch=hatch, gid=f"cohort-band:{level}")
    if hatch and hasattr(rect, "set_hatchcolor"):  # matplotlib 3.10+; older ones use the edge
        rect.set_hatchcolor(th.hatch)
    ax.add_patch(rect)
    label = pct(band.share)
    if measure.width(label, th.small, bold=level == current) * x_per_inch + 0.01 < band.share:
        ax.text(band.start + band.share / 2, bottom + height / 2, label, ha="center",
                va="center", fontsize=th.small, color=text_colour,
                fontweight="bold" if level == current else "normal",
                bbox=None if level == current or not hatch else
                dict(boxstyle="round,pad=0.15", facecolor=th.band, edgecolor="none"),
                gid=f"cohort-share:{level}")


def _key_columns(measure: _Measure, entries: list[str], width_in: float,
                 size: float) -> tuple[int, float]:
    """The most key columns (up to 3) whose entries fit unwrapped, else one column; with the
    width of a column in inches."""
    widest = max((measure.width(e, size) for e in entries), default=0.0) + 0.2
    for columns in (3, 2):
        if columns <= len(entries) and widest * columns <= width_in:
            rows = -(-len(entries) // columns)
            columns = -(-len(entries) // rows)  # balance: 5 entries in 3 + 2
            return columns, width_in / columns - 0.15
    return 1, width_in
