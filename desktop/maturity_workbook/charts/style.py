"""Colours, line styles and text sizes shared by the charts.

Colours are the Okabe-Ito palette (safe for the common colour-vision deficiencies), ordered so
neighbours differ in lightness; every series also differs in line style and marker, so the
charts stay readable in greyscale print. A dashed line is kept for targets only.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

# Okabe-Ito, ordered dark / light alternately (greyscale luminance in comments)
OKABE_ITO_LIGHT = (
    "#0072B2",  # blue, 87
    "#E69F00",  # orange, 162
    "#009E73",  # bluish green, 106
    "#D55E00",  # vermillion, 119
    "#CC79A7",  # reddish purple, 151
    "#56B4E9",  # sky blue, 158
    "#000000",  # black, 0
)
# on a dark background the light colours lead and black is replaced by yellow
OKABE_ITO_DARK = ("#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#D55E00", "#FFFFFF")

LINESTYLES = ("-", "-.", ":", (0, (6, 1.5, 1, 1.5, 1, 1.5)), (0, (1, 1)), (0, (8, 2)))
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
TARGET_LINESTYLE = "--"


@dataclass(frozen=True)
class Theme:
    background: str
    text: str
    muted: str  # grid, secondary text
    grid: str
    band: str  # alternate stage bands
    target: str
    hatch: str
    palette: tuple[str, ...]
    font: float = 9.0  # base text size in points

    @property
    def small(self) -> float:
        return self.font - 1

    @property
    def large(self) -> float:
        return self.font + 1.5


LIGHT = Theme(background="#FFFFFF", text="#1A1A1A", muted="#555555", grid="#B8B8B8",
              band="#EFEFEF", target="#333333", hatch="#8A8A8A", palette=OKABE_ITO_LIGHT)
DARK = Theme(background="#232629", text="#EDEDED", muted="#B0B0B0", grid="#5E6369",
             band="#2E3236", target="#E8E8E8", hatch="#8C9196", palette=OKABE_ITO_DARK)


def theme(dark: bool = False, font: float | None = None) -> Theme:
    base = DARK if dark else LIGHT
    if font is None:
        return base
    return Theme(**{**base.__dict__, "font": font})


@dataclass(frozen=True)
class SeriesStyle:
    color: str
    linestyle: object
    marker: str


def series_style(theme_: Theme, index: int) -> SeriesStyle:
    """The style of the index-th series: colour, line style and marker all change together, and
    the combination repeats only after many series."""
    palette = theme_.palette
    return SeriesStyle(
        color=palette[index % len(palette)],
        linestyle=LINESTYLES[index % len(LINESTYLES)],
        marker=MARKERS[index % len(MARKERS)],
    )


def wrap(text: str, width: int = 16) -> str:
    """Break a long label over lines so it does not run off the figure."""
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False)) or text


def legend_columns(labels: list[str], fontsize: float, width_inches: float,
                   handlelength: float = 2.6) -> int:
    """The most legend columns whose rows still fit across the figure (estimated from the
    longest label: an average glyph is about 0.55 em wide)."""
    if not labels:
        return 1
    longest = max(len(label) for label in labels)
    entry = (longest * 0.55 + handlelength + 0.8 + 2.0) * fontsize  # points, with column gap
    fit = int((width_inches * 72 * 0.96) // entry)
    columns = max(1, min(len(labels), fit))
    if columns < len(labels):  # balance the rows: 5 entries in 3 + 2, not 4 + 1
        rows = -(-len(labels) // columns)
        columns = -(-len(labels) // rows)
    return columns


def cached_constrained_layout():
    """A constrained layout that runs again only when the figure's size or dpi changed, or after
    `invalidate()`: a radar redrawn for a rating change keeps its labels where they were, and
    the layout pass (about a third of a draw) is not repeated."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    class CachedConstrainedLayout(ConstrainedLayoutEngine):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self._done_for = None

        def invalidate(self) -> None:
            self._done_for = None

        def execute(self, fig):
            key = (tuple(fig.get_size_inches()), fig.dpi)
            if key == self._done_for:
                return None
            # one pass from matplotlib's default position lands a few pixels from where later
            # passes settle; two passes reach the settled place, so a redraw never shifts it
            super().execute(fig)
            result = super().execute(fig)
            self._done_for = key
            return result

    return CachedConstrainedLayout()
