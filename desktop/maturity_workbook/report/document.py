"""A small document model: what a report says, in order, without saying where it goes on a page.

`content` builds a `Document` from the workbook (plain Python, no Qt); `layout` measures it on a
paint device, breaks it into pages and paints it. Text is always plain text held in `Span`s: it is
never parsed as HTML or any other markup, so whatever a user typed prints exactly as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence, Union

# Paragraph styles, defined in `layout.STYLES`: body, lead, small, caption, muted, kicker, title,
# subtitle, cell, cell-head, and heading levels h1, h2, h3.


@dataclass(frozen=True)
class Span:
    """A run of plain text with one look. `muted` prints in grey (still dark enough on paper)."""

    text: str
    bold: bool = False
    italic: bool = False
    muted: bool = False
    user: bool = False  # typed by a user: laid out as an isolated run (bidi-safe)


Inline = Union[str, Span, Sequence[Union[str, Span]]]


def spans(value: Inline) -> tuple[Span, ...]:
    """Normalize text, a Span or a list of both into a tuple of Spans."""
    if isinstance(value, Span):
        return (value,)
    if isinstance(value, str):
        return (Span(value),) if value else ()
    out: list[Span] = []
    for part in value:
        out.extend(spans(part))
    return tuple(out)


def plain(value: Inline) -> str:
    return "".join(s.text for s in spans(value))


def user(text: str, **look) -> Span:
    """A run of text a user typed (a name, a title, a note): isolated for bidi in the layout."""
    return Span(text, user=True, **look)


_PLACEHOLDER = re.compile(r"%(\d)")


def fill(template: str, *args: Inline, **look) -> tuple[Span, ...]:
    """A translated template with `%1`, `%2`... replaced by text or spans, keeping each argument
    its own span (a user's name stays an isolated run; a bold stage stays bold). `look` styles
    the template's own words."""
    out: list[Span] = []
    pos = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > pos:
            out.append(Span(template[pos:match.start()], **look))
        index = int(match.group(1)) - 1
        if 0 <= index < len(args):
            out.extend(spans(args[index]))
        pos = match.end()
    if pos < len(template):
        out.append(Span(template[pos:], **look))
    return tuple(out)


def user_text(text: str) -> list[str]:
    """User-typed text as paragraphs: blank lines separate paragraphs, single line breaks stay
    line breaks (U+2028 for the text layout), tabs become spaces and other control characters
    are dropped. Nothing is interpreted: `<b>` and `&amp;` stay exactly those characters."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = "".join(ch for ch in text if ch == "\n" or ch >= " " or ch == "\u2028")
    text = text.replace("\x7f", "")
    paragraphs = []
    block: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            block.append(line.rstrip())
        elif block:
            paragraphs.append("\u2028".join(block))
            block = []
    if block:
        paragraphs.append("\u2028".join(block))
    return paragraphs


@dataclass
class Block:
    """Anything that flows down the page. `keep_with_next` keeps it on the same page as the start
    of the block after it (headings, an item's title and its rating)."""

    keep_with_next: bool = field(default=False, kw_only=True)
    space_before: float = field(default=0.0, kw_only=True)  # points; dropped at the top of a page


@dataclass
class Paragraph(Block):
    """Wrapped text. `label` hangs in the left indent (a number, a bullet, "Note"); a long
    paragraph breaks across pages between lines, keeping at least two lines on each side."""

    text: tuple[Span, ...] = ()
    style: str = "body"
    label: str = ""
    indent: float = 0.0  # points from the text column's left edge to the text
    label_style: str = ""  # default: the paragraph's style, bold
    continued: str = ""  # repeated above the lines that continue on the next page

    def __post_init__(self) -> None:
        self.text = spans(self.text)


@dataclass
class Heading(Block):
    """A section (1), function (2) or topic (3) heading; always kept with what follows it."""

    text: str = ""
    level: int = 1
    number: str = ""
    outline: bool | None = None  # a bookmark in the PDF's outline (default: levels 1 and 2)

    def __post_init__(self) -> None:
        self.keep_with_next = True


@dataclass(frozen=True)
class Column:
    title: str
    width: float = 1.0  # share of the table width
    align: str = "left"  # left, right, center


@dataclass
class Table(Block):
    """Rows of plain-text cells. Breaks between rows; the header row repeats on a new page.
    `strong_rows` are drawn bold with a rule above (a total), `note_rows` in the muted style."""

    columns: tuple[Column, ...] = ()
    rows: list[tuple[tuple[Span, ...], ...]] = field(default_factory=list)
    header: bool = True
    style: str = "cell"
    strong_rows: frozenset[int] = frozenset()
    zebra: bool = True
    compact: bool = False  # less padding above and below each row
    caption: str = ""  # printed under the table (e.g. what a truncated table leaves out)
    split: bool | None = None  # None: only a table longer than SMALL_TABLE_ROWS may break
    stretch: bool = True  # False: columns keep their natural widths (a narrow table)
    pad_x: float | None = None  # points left and right of each cell's text (None: the default)

    def __post_init__(self) -> None:
        self.rows = [tuple(spans(cell) for cell in row) for row in self.rows]
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"a row has {len(row)} cells for {len(self.columns)} columns")


SMALL_TABLE_ROWS = 8  # a table of at most this many rows never breaks across pages


@dataclass(frozen=True)
class Rating:
    """One participant's rating of an item, for a `RatingGrid`."""

    name: str
    rating: str
    round: str = ""  # empty when the workbook records a single round


@dataclass
class RatingGrid(Block):
    """Participants' ratings of one item as a small grid (name, rating, round), as many
    name-rating groups across as fit the width. Never breaks across pages."""

    ratings: tuple[Rating, ...] = ()
    indent: float = 0.0
    label: str = ""
    name_title: str = "Participant"
    rating_title: str = "Rating"
    round_title: str = "Round"
    note: tuple[Span, ...] = ()  # a line under the grid (the spread)

    def __post_init__(self) -> None:
        self.note = spans(self.note)


@dataclass
class Chart(Block):
    """A chart drawn as vectors. `build(width_in, height_in)` returns a matplotlib Figure of that
    size in inches, so its text prints at its own point sizes. When less room is left on a page
    the chart is built less tall, down to `min_height_mm`, before it moves to the next page."""

    name: str = "chart"
    build: Callable[[float, float], object] | None = None
    width_mm: float = 150.0
    height_mm: float = 110.0
    min_height_mm: float = 0.0
    caption: str = ""


@dataclass
class Beside(Block):
    """Two columns side by side that never break across pages (a chart beside its text): `left`
    and `right` are blocks laid out in their column's width; `share` is the left column's part
    of the width after the `gap` (points) between the columns."""

    left: list[Block] = field(default_factory=list)
    right: list[Block] = field(default_factory=list)
    share: float = 0.5
    gap: float = 14.0


@dataclass
class Fitting(Block):
    """One place on a page with alternatives, fullest first, each a pair: the blocks for here
    and the blocks that go after the next page break instead. The layout takes the first
    alternative whose blocks here leave room on the page for everything up to the next page
    break (charts built as short as they may be), else the last. Page 1's goal and metrics use
    it: on a crowded page the metrics move to the top of page 2 rather than the radar.
    A document's text is that of the first alternative."""

    choices: list[tuple[list[Block], list[Block]]] = field(default_factory=list)


@dataclass
class Spacer(Block):
    height: float = 6.0  # points


@dataclass
class PageBreak(Block):
    """A new page. A `soft` break (before an appendix) is skipped when the page so far is less
    than a third full, so it never leaves a near-empty page behind."""

    soft: bool = False


@dataclass
class Document:
    """A whole report. The running header shows on every page but the first, whose title block
    stands in for it; the footer shows `footer_left` and "Page N of M" on every page."""

    title: str
    blocks: list[Block]
    header_left: Inline = ""
    header_right: Inline = ""  # its first span is shortened first, so a date after it stays
    footer_left: str = ""
    author: str = ""
    subject: str = ""
    keywords: tuple[str, ...] = ()
    language: str = "en"  # BCP 47
    creator: str = ""
    page_label: str = "Page %1 of %2"  # translated by the content
    continued_label: str = "%1 (continued)"

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def extend(self, blocks: Iterable[Block]) -> None:
        self.blocks.extend(blocks)

    def text(self) -> str:
        """Every text in reading order, for tests and search (charts give their captions)."""
        return "\n".join(block_texts(self.blocks))

    def all_blocks(self) -> list[Block]:
        """Every block in reading order, those inside a `Beside` included (after it)."""
        out: list[Block] = []

        def walk(blocks: Iterable[Block]) -> None:
            for block in blocks:
                out.append(block)
                if isinstance(block, Beside):
                    walk(block.left)
                    walk(block.right)
                elif isinstance(block, Fitting) and block.choices:
                    walk(block.choices[0][0] + block.choices[0][1])

        walk(self.blocks)
        return out


def block_texts(blocks: Iterable[Block]) -> list[str]:
    """The texts of `blocks` in reading order (a `Beside` gives its left column, then its
    right)."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append((block.label + " " if block.label else "") + plain(block.text))
        elif isinstance(block, Heading):
            out.append(f"{block.number} {block.text}".strip())
        elif isinstance(block, Table):
            if block.header:
                out.append(" | ".join(c.title for c in block.columns))
            out.extend(" | ".join(plain(cell) for cell in row) for row in block.rows)
            if block.caption:
                out.append(block.caption)
        elif isinstance(block, RatingGrid):
            if block.label:
                out.append(block.label)
            out.extend(f"{r.name} {r.rating} {r.round}".strip() for r in block.ratings)
            if block.note:
                out.append(plain(block.note))
        elif isinstance(block, Chart):
            out.append(block.caption)
        elif isinstance(block, Beside):
            out.extend(block_texts(block.left))
            out.extend(block_texts(block.right))
        elif isinstance(block, Fitting) and block.choices:
            out.extend(block_texts(block.choices[0][0] + block.choices[0][1]))
    return out
