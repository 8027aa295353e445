"""Lay a `Document` out on pages and paint it on any QPagedPaintDevice (PDF writer or printer).

One code path for Export PDF, Print, Print Preview and `export-pdf`: `SnapshotReport.render`
measures every block with the device's own font metrics, breaks the flow into pages and paints
them with a QPainter. Sizes are given in points and millimetres and converted with the device's
resolution, so A4, Letter and any printer's paper come out the same way.

Rules of the flow:
- a heading, and any block marked `keep_with_next`, moves to the next page unless the start of
  what follows fits under it (no orphaned headings, an item's title stays with its rating);
- a paragraph breaks between lines with at least two lines on each side;
- a table breaks between rows and repeats its header row;
- a chart never breaks; it may shrink to its minimum height, else it moves to the next page;
- space before a block is dropped at the top of a page.

Text is drawn with QTextLayout from plain strings (never HTML), so it is real, selectable text in
the PDF, and Qt falls back to another installed font for characters the main font lacks.
Charts are rendered by matplotlib to SVG in memory and drawn with QSvgRenderer: vectors, never
a raster image.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor, QFont, QFontMetricsF, QPageLayout, QPagedPaintDevice, QPainter, QPen, QTextCharFormat,
    QTextLayout, QTextOption,
)

from maturity_workbook.report import vector
from maturity_workbook.report.document import (
    Block, Chart, Document, Heading, PageBreak, Paragraph, Span, Spacer, Table,
)

PT_PER_MM = 72 / 25.4

# page frame, millimetres from the paper's edges
MARGIN_LEFT = 22.0
MARGIN_RIGHT = 22.0
MARGIN_TOP = 25.0
MARGIN_BOTTOM = 22.0
HEADER_BASELINE = 14.0  # from the top edge
FOOTER_BASELINE = 12.0  # from the bottom edge

INK = "#111111"
TEXT = "#1A1A1A"
MUTED = "#4D4D4D"  # still reads as text on a black-and-white laser printer
RULE = "#8C8C8C"
HAIRLINE = "#C8C8C8"
ZEBRA = "#F1F1F1"
ACCENT = "#1F3A5F"  # headings: dark blue on screen, near black on paper

FONT_FAMILIES = ["DejaVu Sans"]  # bundled with matplotlib, registered with Qt: same on every OS


@dataclass(frozen=True)
class TextStyle:
    size: float  # points
    leading: float  # points from one line's top to the next
    bold: bool = False
    italic: bool = False
    color: str = TEXT
    spacing: float = 100.0  # letter spacing, percent
    space_before: float = 0.0  # default space above a block in this style, points


STYLES: dict[str, TextStyle] = {
    "body": TextStyle(9.5, 13.6, space_before=4),
    "lead": TextStyle(11.5, 16.5, space_before=4),
    "small": TextStyle(8, 11.2, color=MUTED, space_before=3),
    "muted": TextStyle(8.5, 12, color=MUTED, space_before=1),
    "caption": TextStyle(8, 11, italic=True, color=MUTED),
    "kicker": TextStyle(8.5, 12, bold=True, color=ACCENT, spacing=118),
    "title": TextStyle(24, 30, bold=True, color=INK, space_before=2),
    "subtitle": TextStyle(14, 19, color=TEXT, space_before=1),
    "h1": TextStyle(15, 20, bold=True, color=ACCENT, space_before=22),
    "h2": TextStyle(11.5, 16, bold=True, color=INK, space_before=14),
    "h3": TextStyle(10, 14, bold=True, color=INK, space_before=9),
    "cell": TextStyle(9, 12.2),
    "cell-head": TextStyle(8, 11, bold=True, color=MUTED),
    "label": TextStyle(8, 13.6, color=MUTED),
    "header": TextStyle(7.5, 10, color=MUTED),
}
HEADING_GAP = {1: 7.0, 2: 4.0, 3: 2.0}  # points under a heading
H1_RULE = 0.7  # points: the rule under a section heading
CELL_PAD_X = 4.5
CELL_PAD_Y = 3.6
CELL_PAD_Y_COMPACT = 2.4
CAPTION_GAP = 4.0


# ------------------------------------------------------------------------------- device context


class Context:
    """Unit conversion and fonts for one paint device (everything is measured for it)."""

    def __init__(self, device: QPagedPaintDevice):
        vector.ensure_fonts()
        self.device = device
        self.dpi = float(device.logicalDpiY()) or 72.0
        self.k = self.dpi / 72.0  # device pixels per point
        layout = device.pageLayout()
        full = layout.fullRect(QPageLayout.Point)
        paint = layout.paintRect(QPageLayout.Point)
        self.page_w = self.pt(full.width())
        self.page_h = self.pt(full.height())
        # the painter's origin is the paint rect's corner: convert paper coordinates to it
        self.origin = QPointF(self.pt(paint.left()), self.pt(paint.top()))
        self.left = self.mm(MARGIN_LEFT) - self.origin.x()
        self.right = self.page_w - self.mm(MARGIN_RIGHT) - self.origin.x()
        self.top = self.mm(MARGIN_TOP) - self.origin.y()
        self.bottom = self.page_h - self.mm(MARGIN_BOTTOM) - self.origin.y()
        self._fonts: dict[tuple, QFont] = {}

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def frame_height(self) -> float:
        return self.bottom - self.top

    def pt(self, points: float) -> float:
        return points * self.k

    def mm(self, millimetres: float) -> float:
        return millimetres * PT_PER_MM * self.k

    def font(self, style: TextStyle) -> QFont:
        key = (style.size, style.bold, style.italic, style.spacing)
        font = self._fonts.get(key)
        if font is None:
            font = QFont()
            font.setFamilies(FONT_FAMILIES)
            font.setPointSizeF(style.size)
            font.setWeight(QFont.Weight.Bold if style.bold else QFont.Weight.Normal)
            font.setItalic(style.italic)
            font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
            font.setKerning(True)
            if hasattr(font, "setFeature"):  # Qt 6.7+: no "ﬀ"-style ligatures, so the PDF's
                for tag in ("liga", "clig"):  # text searches and copies as typed
                    font.setFeature(QFont.Tag(tag), 0)
            if style.spacing != 100.0:
                font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, style.spacing)
            self._fonts[key] = font
        return font


# ------------------------------------------------------------------------------------ text boxes


class TextBox:
    """Plain text wrapped to a width with QTextLayout; lines are kept for breaking across pages."""

    def __init__(self, ctx: Context, text: Sequence[Span], style: TextStyle, width: float,
                 align: str = "left"):
        self.style = style
        content = "".join(s.text for s in text)
        layout = QTextLayout(content, ctx.font(style), ctx.device)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        option.setAlignment({"right": Qt.AlignmentFlag.AlignRight,
                             "center": Qt.AlignmentFlag.AlignHCenter}.get(
            align, Qt.AlignmentFlag.AlignLeft))
        layout.setTextOption(option)
        formats = []
        start = 0
        for span in text:
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(MUTED if span.muted else style.color))
            if span.bold or style.bold:
                fmt.setFontWeight(QFont.Weight.Bold)
            if span.italic or style.italic:
                fmt.setFontItalic(True)
            rng = QTextLayout.FormatRange()
            rng.start, rng.length, rng.format = start, len(span.text), fmt
            formats.append(rng)
            start += len(span.text)
        layout.setFormats(formats)
        step = ctx.pt(style.leading)
        self.tops: list[float] = []
        self.steps: list[float] = []
        self.ascent = 0.0
        y = 0.0
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(width, 1.0))
            line_step = max(step, line.height())
            line.setPosition(QPointF(0, y + (line_step - line.height()) / 2))
            if not self.tops:
                self.ascent = (line_step - line.height()) / 2 + line.ascent()
            self.tops.append(y)
            self.steps.append(line_step)
            y += line_step
        layout.endLayout()
        self.layout = layout
        self.height = y

    @property
    def count(self) -> int:
        return len(self.tops)

    def span_height(self, start: int, end: int) -> float:
        return sum(self.steps[start:end])

    def draw(self, painter: QPainter, x: float, y: float, start: int = 0,
             end: int | None = None) -> None:
        end = self.count if end is None else end
        if start >= end:
            return
        offset = self.tops[start]
        for index in range(start, end):
            self.layout.lineAt(index).draw(painter, QPointF(x, y - offset))


def _advance(ctx: Context, text: str, style: TextStyle) -> float:
    return QFontMetricsF(ctx.font(style), ctx.device).horizontalAdvance(text)


def _line(ctx: Context, text: str, style: TextStyle, width: float, align: str = "left"
          ) -> TextBox:
    """One line of text, shortened with "…" to fit `width`."""
    metrics = QFontMetricsF(ctx.font(style), ctx.device)
    text = " ".join(text.replace("\u2028", " ").split())
    if metrics.horizontalAdvance(text) > width:
        text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    return TextBox(ctx, (Span(text),), style, width + ctx.pt(2), align)


# ------------------------------------------------------------------------------------ flowables


class Flowable:
    """A block prepared for one device and width: measured, breakable, paintable."""

    keep_with_next = False
    space_before = 0.0  # device pixels
    breaks_page = False
    block: Block | None = None  # what it was made from

    height = 0.0

    def min_first(self) -> float:
        """The least height of this block's first part on a page (for keep-with-next)."""
        return self.height

    def fit(self, available: float) -> "tuple[Flowable | None, Flowable | None]":
        """(part that fits in `available`, rest); (None, self) when nothing fits usefully."""
        return (self, None) if self.height <= available else (None, self)

    def draw(self, painter: QPainter, ctx: Context, x: float, y: float) -> None:
        raise NotImplementedError


class _Break(Flowable):
    breaks_page = True


class _Space(Flowable):
    def __init__(self, height: float):
        self.height = height

    def fit(self, available):
        return (self, None) if self.height <= available else (None, None)

    def draw(self, painter, ctx, x, y):
        pass


class _Text(Flowable):
    """A paragraph or heading, whole or a range of its lines."""

    def __init__(self, ctx: Context, box: TextBox, *, indent: float = 0.0,
                 label: TextBox | None = None, start: int = 0, end: int | None = None,
                 rule_below: float = 0.0, gap_below: float = 0.0):
        self.box, self.indent, self.label = box, indent, label
        self.start, self.end = start, box.count if end is None else end
        self.rule_below, self.gap_below = rule_below, gap_below
        last = self.end == box.count
        self.height = box.span_height(self.start, self.end) + (gap_below if last else 0.0)

    def _part(self, start: int, end: int) -> "_Text":
        part = _Text.__new__(_Text)
        part.__dict__.update(self.__dict__)
        part.start, part.end = start, end
        part.label = self.label if start == 0 else None
        last = end == self.box.count
        part.height = self.box.span_height(start, end) + (self.gap_below if last else 0.0)
        part.space_before = self.space_before if start == self.start else 0.0
        part.keep_with_next = self.keep_with_next if last else False
        return part

    def lines(self) -> int:
        return self.end - self.start

    def min_first(self) -> float:
        n = self.lines()
        if n < 4:
            return self.height
        return self.box.span_height(self.start, self.start + 2)

    def fit(self, available):
        if self.height <= available:
            return self, None
        n = self.lines()
        if n < 4 or self.keep_with_next and n < 6:
            return None, self
        fits = 0
        used = 0.0
        for index in range(self.start, self.end):
            used += self.box.steps[index]
            if used > available:
                break
            fits += 1
        fits = min(fits, n - 2)  # at least two lines go to the next page
        if fits < 2:
            return None, self
        cut = self.start + fits
        return self._part(self.start, cut), self._part(cut, self.end)

    def draw(self, painter, ctx, x, y):
        if self.label is not None:
            # the label's baseline sits on the first line's baseline
            dy = self.box.ascent - self.label.ascent
            self.label.draw(painter, x, y + dy)
        self.box.draw(painter, x + self.indent, y, self.start, self.end)
        if self.rule_below and self.end == self.box.count:
            rule_y = (y + self.box.span_height(self.start, self.end) + self.rule_below / 2
                      + ctx.pt(1))
            painter.setPen(QPen(QColor(ACCENT), self.rule_below))
            painter.drawLine(QPointF(x, rule_y), QPointF(ctx.right, rule_y))


class _Table(Flowable):
    """Rows of text boxes; breaks between rows, repeating the header."""

    def __init__(self, ctx: Context, table: Table, rows: list[int] | None = None,
                 prepared: dict | None = None):
        self.table = table
        self.ctx = ctx
        if prepared is None:
            prepared = self._prepare(ctx, table)
        self.prepared = prepared
        self.rows = list(range(len(table.rows))) if rows is None else rows
        self.height = self.header_height + sum(prepared["heights"][r] for r in self.rows)
        self.height += ctx.pt(0.8)

    @staticmethod
    def _prepare(ctx: Context, table: Table) -> dict:
        pad_x = ctx.pt(CELL_PAD_X)
        pad_y = ctx.pt(CELL_PAD_Y_COMPACT if table.compact else CELL_PAD_Y)
        style = STYLES[table.style]
        strong = replace(style, bold=True)
        widths = column_widths(ctx, table, style, strong, 2 * pad_x)
        header = None
        header_h = 0.0
        if table.header:
            head_style = STYLES["cell-head"]
            header = [TextBox(ctx, (Span(c.title),), head_style, w - 2 * pad_x, c.align)
                      for c, w in zip(table.columns, widths)]
            header_h = max(b.height for b in header) + 2 * pad_y
        cells, heights = [], []
        for index, row in enumerate(table.rows):
            row_style = strong if index in table.strong_rows else style
            boxes = [TextBox(ctx, cell, row_style, w - 2 * pad_x, c.align)
                     for cell, c, w in zip(row, table.columns, widths)]
            cells.append(boxes)
            heights.append(max((b.height for b in boxes), default=0.0) + 2 * pad_y)
        return dict(widths=widths, header=header, header_h=header_h, cells=cells,
                    heights=heights)

    @property
    def header_height(self) -> float:
        return self.prepared["header_h"]

    def min_first(self) -> float:
        heights = self.prepared["heights"]
        first = self.rows[:2]
        return self.header_height + sum(heights[r] for r in first) + self.ctx.pt(0.8)

    def fit(self, available):
        if self.height <= available:
            return self, None
        heights = self.prepared["heights"]
        used = self.header_height + self.ctx.pt(0.8)
        fits = 0
        for r in self.rows:
            if used + heights[r] > available:
                break
            used += heights[r]
            fits += 1
        if fits >= len(self.rows) - 1 and fits > 1:
            fits = len(self.rows) - 2  # never leave a single row alone on the next page
        if fits < 1 or (fits < 2 and len(self.rows) > 2):
            return None, self
        first = _Table(self.ctx, self.table, self.rows[:fits], self.prepared)
        first.space_before = self.space_before
        rest = _Table(self.ctx, self.table, self.rows[fits:], self.prepared)
        rest.keep_with_next = self.keep_with_next
        first.block = rest.block = self.block
        return first, rest

    def draw(self, painter, ctx, x, y):
        p = self.prepared
        pad_x = ctx.pt(CELL_PAD_X)
        pad_y = ctx.pt(CELL_PAD_Y_COMPACT if self.table.compact else CELL_PAD_Y)
        width = sum(p["widths"])
        painter.save()
        if p["header"] is not None:
            cx = x
            for box, w in zip(p["header"], p["widths"]):
                box.draw(painter, cx + pad_x, y + pad_y)
                cx += w
            y += p["header_h"]
            painter.setPen(QPen(QColor(INK), ctx.pt(0.8)))
            painter.drawLine(QPointF(x, y), QPointF(x + width, y))
        elif self.rows and self.rows[0] == 0:
            painter.setPen(QPen(QColor(HAIRLINE), ctx.pt(0.5)))
            painter.drawLine(QPointF(x, y), QPointF(x + width, y))
        for n, r in enumerate(self.rows):
            h = p["heights"][r]
            if self.table.zebra and r % 2 == 1:
                painter.fillRect(QRectF(x, y, width, h), QColor(ZEBRA))
            if r in self.table.strong_rows:
                painter.setPen(QPen(QColor(INK), ctx.pt(0.6)))
                painter.drawLine(QPointF(x, y), QPointF(x + width, y))
            cx = x
            for box, w in zip(p["cells"][r], p["widths"]):
                box.draw(painter, cx + pad_x, y + pad_y)
                cx += w
            y += h
            if not self.table.header:
                painter.setPen(QPen(QColor(HAIRLINE), ctx.pt(0.5)))
                painter.drawLine(QPointF(x, y), QPointF(x + width, y))
        if self.table.header:
            painter.setPen(QPen(QColor(INK), ctx.pt(0.8)))
            painter.drawLine(QPointF(x, y), QPointF(x + width, y))
        painter.restore()


def _text_widths(ctx: Context, text: Sequence[Span], style: TextStyle) -> tuple[float, float]:
    """(longest word, longest line) of a cell's text, unwrapped, in device pixels."""
    bold = style.bold or any(s.bold for s in text)
    font = ctx.font(replace(style, bold=bold))
    metrics = QFontMetricsF(font, ctx.device)
    content = "".join(s.text for s in text)
    lines = content.split("\u2028")
    longest_line = max((metrics.horizontalAdvance(line) for line in lines), default=0.0)
    longest_word = max((metrics.horizontalAdvance(word) for word in content.split()),
                       default=0.0)
    return longest_word, longest_line


def column_widths(ctx: Context, table: Table, style: TextStyle, strong: TextStyle,
                  padding: float) -> list[float]:
    """Column widths from the content, like a browser's automatic table layout: a column whose
    longest line is narrower than a fair share of the room left gets that width (no wrapping);
    the wider ones share the rest in proportion to their longest lines, never narrower than their
    longest word. Room to spare goes to the columns by their `width` weights."""
    n = len(table.columns)
    least = [0.0] * n
    most = [0.0] * n
    head_style = STYLES["cell-head"]
    for index, column in enumerate(table.columns):
        if table.header and column.title:
            least[index] = _text_widths(ctx, (Span(column.title),), head_style)[0]
    for r, row in enumerate(table.rows):
        row_style = strong if r in table.strong_rows else style
        for index, cell in enumerate(row):
            word, line = _text_widths(ctx, cell, row_style)
            least[index] = max(least[index], word)
            most[index] = max(most[index], line)
    least = [w + padding for w in least]
    most = [max(w + padding, low) for w, low in zip(most, least)]
    room = ctx.width
    widths: list[float | None] = [None] * n
    open_ = set(range(n))
    while open_:
        fair = room / len(open_)
        settled = [i for i in open_ if most[i] <= fair]
        if not settled:
            break
        for i in settled:
            widths[i] = most[i]
            room -= most[i]
            open_.discard(i)
    if open_:
        total = sum(most[i] for i in open_) or 1.0
        for i in open_:
            widths[i] = max(least[i], room * most[i] / total)
    else:
        weights = sum(c.width for c in table.columns) or 1.0
        for i, column in enumerate(table.columns):
            widths[i] += room * column.width / weights
    used = sum(widths)
    if used > ctx.width:  # the longest words do not fit: shrink all (words then break)
        widths = [w * ctx.width / used for w in widths]
    return widths


class _Chart(Flowable):
    """A chart as vectors (SVG drawn by QSvgRenderer) with its caption below.

    With less room than its height on the page, the chart is built shorter (never below its
    minimum) rather than scaled down, so its text keeps its size; `svg_for(width_mm, height_mm)`
    renders it at the size finally chosen, once.
    """

    def __init__(self, ctx: Context, chart: Chart, svg_for):
        self.chart, self.svg_for = chart, svg_for
        self.ctx = ctx
        self.width_mm = min(chart.width_mm, ctx.width / ctx.mm(1))
        self.height_mm = chart.height_mm * self.width_mm / chart.width_mm
        self.caption = (TextBox(ctx, (Span(chart.caption),), STYLES["caption"], ctx.width)
                        if chart.caption else None)
        self.caption_h = (self.caption.height + ctx.pt(CAPTION_GAP)) if self.caption else 0.0
        self.height = ctx.mm(self.height_mm) + self.caption_h
        min_mm = min(chart.min_height_mm or self.height_mm, self.height_mm)
        self.min_height = ctx.mm(min_mm) + self.caption_h

    def min_first(self) -> float:
        return self.min_height

    def fit(self, available):
        if self.height <= available:
            return self, None
        if self.min_height <= available:
            shorter = _Chart.__new__(_Chart)
            shorter.__dict__.update(self.__dict__)
            height_mm = (available - self.caption_h) / self.ctx.mm(1)
            shorter.height_mm = math.floor(height_mm * 2) / 2  # half millimetres: fewer renders
            shorter.height = self.ctx.mm(shorter.height_mm) + self.caption_h
            return shorter, None
        return None, self

    def draw(self, painter, ctx, x, y):
        w, h = ctx.mm(self.width_mm), ctx.mm(self.height_mm)
        left = x + (ctx.width - w) / 2
        self.svg_for(self.chart, self.width_mm, self.height_mm).draw(painter, QRectF(left, y, w, h))
        if self.caption is not None:
            self.caption.draw(painter, x, y + h + ctx.pt(CAPTION_GAP))


# -------------------------------------------------------------------------------------- report


@dataclass
class Page:
    items: list  # (flowable, x, y)


class SnapshotReport:
    """A document that lays itself out on, and paints itself onto, any paged paint device.

    Charts are rendered to SVG once (at their print size) and reused for every device and every
    repaint of a print preview.
    """

    def __init__(self, document: Document):
        self.document = document
        self._svgs: dict[tuple, vector.SvgChart] = {}

    # -- charts

    def chart_svg(self, chart: Chart, width_mm: float | None = None,
                  height_mm: float | None = None) -> "vector.SvgChart":
        """The chart rendered to SVG at a size in millimetres (default: its own), cached."""
        width_mm = chart.width_mm if width_mm is None else width_mm
        height_mm = chart.height_mm if height_mm is None else height_mm
        key = (id(chart), round(width_mm, 1), round(height_mm, 1))
        svg = self._svgs.get(key)
        if svg is None:
            svg = vector.SvgChart.from_chart(chart, width_mm, height_mm)
            self._svgs[key] = svg
        return svg

    # -- flow

    def flowables(self, ctx: Context) -> list[Flowable]:
        out: list[Flowable] = []
        for block in self.document.blocks:
            item = self._flowable(ctx, block)
            item.keep_with_next = item.keep_with_next or block.keep_with_next
            item.block = block
            out.append(item)
        return out

    def _flowable(self, ctx: Context, block: Block) -> Flowable:
        if isinstance(block, PageBreak):
            return _Break()
        if isinstance(block, Spacer):
            return _Space(ctx.pt(block.height))
        if isinstance(block, Heading):
            style = STYLES[f"h{min(max(block.level, 1), 3)}"]
            text = (Span(f"{block.number}  {block.text}") if block.number else Span(block.text),)
            box = TextBox(ctx, text, style, ctx.width)
            item = _Text(ctx, box, rule_below=ctx.pt(H1_RULE) if block.level == 1 else 0.0,
                         gap_below=ctx.pt(HEADING_GAP.get(block.level, 2.0)
                                          + (H1_RULE + 2 if block.level == 1 else 0)))
            item.space_before = ctx.pt(block.space_before or style.space_before)
            item.keep_with_next = True
            return item
        if isinstance(block, Paragraph):
            style = STYLES.get(block.style, STYLES["body"])
            indent = ctx.pt(block.indent)
            box = TextBox(ctx, block.text, style, ctx.width - indent)
            label = None
            if block.label:
                label_style = STYLES.get(block.label_style) if block.label_style else None
                if label_style is None:
                    label_style = replace(style, bold=True)
                label = TextBox(ctx, (Span(block.label),), label_style, ctx.width)  # one line
            item = _Text(ctx, box, indent=indent, label=label)
            item.space_before = ctx.pt(block.space_before or style.space_before)
            return item
        if isinstance(block, Table):
            item = _Table(ctx, block)
            item.space_before = ctx.pt(block.space_before)
            return item
        if isinstance(block, Chart):
            item = _Chart(ctx, block, self.chart_svg)
            item.space_before = ctx.pt(block.space_before)
            return item
        raise TypeError(f"cannot lay out {type(block).__name__}")

    def paginate(self, device: QPagedPaintDevice) -> tuple[Context, list[Page]]:
        """Measure everything for `device` and break it into pages."""
        ctx = Context(device)
        queue = self.flowables(ctx)
        pages: list[Page] = [Page([])]
        y = ctx.top

        def new_page():
            nonlocal y
            pages.append(Page([]))
            y = ctx.top

        index = 0
        while index < len(queue):
            item = queue[index]
            empty = not pages[-1].items
            if item.breaks_page or (empty and isinstance(item, _Space)):
                if item.breaks_page and not empty:
                    new_page()
                index += 1
                continue
            space = 0.0 if empty else item.space_before
            available = ctx.bottom - y - space
            need = self._chain_need(queue, index)
            if not empty and need > available and need <= ctx.frame_height:
                new_page()
                continue
            first, rest = item.fit(available)
            if first is None and rest is None:  # a spacer that does not fit: drop it
                index += 1
                continue
            if first is None:
                if empty:  # taller than a page and unbreakable: place it, clipped by the page
                    pages[-1].items.append((item, ctx.left, y))
                    y += item.height
                    index += 1
                else:
                    new_page()
                continue
            pages[-1].items.append((first, ctx.left, y + space))
            y += space + first.height
            if rest is not None:
                rest.space_before = 0.0
                queue[index] = rest
                new_page()
            else:
                index += 1
        if not pages[-1].items and len(pages) > 1:
            pages.pop()
        return ctx, pages

    @staticmethod
    def _chain_need(queue: list[Flowable], index: int) -> float:
        """Height needed on this page for the block at `index`: its first part, or, when it is
        kept with the next, all of it plus the first part of what follows."""
        item = queue[index]
        if not item.keep_with_next:
            return item.min_first()
        need = 0.0
        n = index
        while n < len(queue) and queue[n].keep_with_next and not queue[n].breaks_page:
            need += queue[n].height + (queue[n].space_before if n != index else 0.0)
            n += 1
        if n < len(queue) and not queue[n].breaks_page:
            need += queue[n].space_before + queue[n].min_first()
        return need

    # -- painting

    def page_count(self, device: QPagedPaintDevice) -> int:
        return len(self.paginate(device)[1])

    def render(self, device: QPagedPaintDevice, pages: Iterable[int] | None = None) -> int:
        """Lay out for `device` and paint the pages (1-based numbers in `pages`, default all);
        returns the number of pages of the whole document."""
        ctx, laid_out = self.paginate(device)
        total = len(laid_out)
        wanted = [n for n in (pages or range(1, total + 1)) if 1 <= n <= total] or [1]
        painter = QPainter()
        if not painter.begin(device):
            raise OSError("cannot start painting on the output device")
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            for count, number in enumerate(wanted):
                if count and not device.newPage():
                    raise OSError("the output device refused a new page")
                self._paint_page(painter, ctx, laid_out[number - 1], number, total)
        finally:
            painter.end()
        return total

    def _paint_page(self, painter: QPainter, ctx: Context, page: Page, number: int,
                    total: int) -> None:
        """The running header (from page 2), the footer with "Page N of M", then the content.
        Header and footer stay on one line each: long names are shortened with an ellipsis."""
        doc = self.document
        style = STYLES["header"]
        gap = ctx.pt(12)
        counter_text = f"Page {number} of {total}"
        counter_w = _advance(ctx, counter_text, style)
        footer = _line(ctx, doc.footer_left, style, ctx.width - counter_w - gap)
        counter = _line(ctx, counter_text, style, counter_w + ctx.pt(1), "right")
        footer_y = ctx.page_h - ctx.mm(FOOTER_BASELINE) - ctx.origin.y() - footer.ascent
        painter.setPen(QPen(QColor(HAIRLINE), ctx.pt(0.5)))
        rule_y = footer_y - ctx.pt(5)
        painter.drawLine(QPointF(ctx.left, rule_y), QPointF(ctx.right, rule_y))
        footer.draw(painter, ctx.left, footer_y)
        counter.draw(painter, ctx.right - counter_w - ctx.pt(1), footer_y)
        if number > 1:
            right_w = min(_advance(ctx, doc.header_right, style), ctx.width * 0.5)
            left = _line(ctx, doc.header_left, style, ctx.width - right_w - gap)
            right = _line(ctx, doc.header_right, style, right_w + ctx.pt(1), "right")
            head_y = ctx.mm(HEADER_BASELINE) - ctx.origin.y() - left.ascent
            left.draw(painter, ctx.left, head_y)
            right.draw(painter, ctx.right - right_w - ctx.pt(1), head_y)
            rule_y = head_y + left.height + ctx.pt(3)
            painter.setPen(QPen(QColor(HAIRLINE), ctx.pt(0.5)))
            painter.drawLine(QPointF(ctx.left, rule_y), QPointF(ctx.right, rule_y))
        for item, x, y in page.items:
            item.draw(painter, ctx, x, y)
