"""Blocks prepared for one device and width: measured, breakable, paintable ("flowables").

Breaking rules each flowable keeps:
- a paragraph breaks between lines with at least two lines on each side; when it carries a
  `continued` label, that label is repeated (with "continued") above the lines on the next page;
- a table breaks between rows and repeats its header, but a small table (at most
  SMALL_TABLE_ROWS rows, or marked `split=False`) never breaks; a caption stays under its last row;
- a ratings grid never breaks;
- a chart never breaks; it may be built shorter, down to its minimum height;
- two columns side by side (`Beside`) never break.
"""

from __future__ import annotations

import copy
import math
from dataclasses import replace

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainter, QPen

from maturity_workbook.report.document import (
    SMALL_TABLE_ROWS, Beside, Block, Chart, Column, RatingGrid, Span, Table,
)
from maturity_workbook.report.text import (
    ACCENT, HAIRLINE, INK, STYLES, ZEBRA, TextBox, text_presentation,
)

CELL_PAD_X = 4.5
CELL_PAD_Y = 3.6
CELL_PAD_Y_COMPACT = 2.4
CAPTION_GAP = 4.0
GRID_GROUP_GAP = 14.0  # points between name-rating groups of a ratings grid
GRID_MAX_GROUPS = 4
WIDTH_SLACK = 0.5  # points added to a measured text width


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

    def draw(self, painter: QPainter, ctx, x: float, y: float) -> None:
        raise NotImplementedError


class Break(Flowable):
    breaks_page = True
    soft = False


class Space(Flowable):
    def __init__(self, height: float):
        self.height = height

    def fit(self, available):
        return (self, None) if self.height <= available else (None, None)

    def draw(self, painter, ctx, x, y):
        pass


class Text(Flowable):
    """A paragraph or heading, whole or a range of its lines."""

    def __init__(self, ctx, box: TextBox, *, indent: float = 0.0,
                 label: TextBox | None = None, start: int = 0, end: int | None = None,
                 rule_below: float = 0.0, gap_below: float = 0.0,
                 continued: TextBox | None = None):
        self.box, self.indent, self.label = box, indent, label
        self.start, self.end = start, box.count if end is None else end
        self.rule_below, self.gap_below = rule_below, gap_below
        self.continued = continued  # shown above a part that does not start the paragraph
        self.show_continued = False
        self.height = self._height(self.start, self.end, False)

    def _height(self, start: int, end: int, continued: bool) -> float:
        last = end == self.box.count
        height = self.box.span_height(start, end) + (self.gap_below if last else 0.0)
        if continued and self.continued is not None:
            height += self.continued.height
        return height

    def _part(self, start: int, end: int) -> "Text":
        part = Text.__new__(Text)
        part.__dict__.update(self.__dict__)
        part.start, part.end = start, end
        part.label = self.label if start == 0 else None
        part.show_continued = start > 0 and self.continued is not None
        last = end == self.box.count
        part.height = self._height(start, end, part.show_continued)
        part.space_before = self.space_before if start == self.start else 0.0
        part.keep_with_next = self.keep_with_next if last else False
        return part

    def lines(self) -> int:
        return self.end - self.start

    def min_first(self) -> float:
        n = self.lines()
        if n < 4:
            return self.height
        extra = self.continued.height if self.show_continued else 0.0
        return self.box.span_height(self.start, self.start + 2) + extra

    def fit(self, available):
        if self.height <= available:
            return self, None
        n = self.lines()
        if n < 4 or self.keep_with_next and n < 6:
            return None, self
        fits = 0
        used = self.continued.height if self.show_continued else 0.0
        for index in range(self.start, self.end):
            used += self.box.steps[index]
            if used > available:
                break
            fits += 1
        fits = min(fits, n - 2)  # at least two lines go to the next page
        if fits < 2:
            return None, self
        cut = self.start + fits
        first = self._part(self.start, cut)
        first.show_continued = self.show_continued
        first.height = self._height(self.start, cut, self.show_continued)
        return first, self._part(cut, self.end)

    def draw(self, painter, ctx, x, y):
        if self.show_continued and self.continued is not None:
            self.continued.draw(painter, x, y)
            y += self.continued.height
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


class TableFlow(Flowable):
    """Rows of text boxes; breaks between rows (unless small), repeating the header."""

    def __init__(self, ctx, table: Table, rows: list[int] | None = None,
                 prepared: dict | None = None, *, indent: float = 0.0,
                 label: TextBox | None = None):
        self.table = table
        self.ctx = ctx
        self.indent = indent
        self.label = label
        if prepared is None:
            prepared = self._prepare(ctx, table, ctx.width - indent)
        self.prepared = prepared
        self.rows = list(range(len(table.rows))) if rows is None else rows
        self.height = self._height(self.rows)

    @property
    def last_part(self) -> bool:
        return not self.rows or self.rows[-1] == len(self.table.rows) - 1

    def _height(self, rows: list[int]) -> float:
        p = self.prepared
        height = p["header_h"] + sum(p["heights"][r] for r in rows) + self.ctx.pt(0.8)
        if p["caption"] is not None and (not rows or rows[-1] == len(self.table.rows) - 1):
            height += p["caption"].height + self.ctx.pt(CAPTION_GAP)
        return height

    @property
    def splittable(self) -> bool:
        if self.table.split is not None:
            return self.table.split
        return len(self.table.rows) > SMALL_TABLE_ROWS

    @staticmethod
    def _prepare(ctx, table: Table, room: float) -> dict:
        pad_x = ctx.pt(CELL_PAD_X if table.pad_x is None else table.pad_x)
        pad_y = ctx.pt(CELL_PAD_Y_COMPACT if table.compact else CELL_PAD_Y)
        style = STYLES[table.style]
        strong = replace(style, bold=True)
        widths = column_widths(ctx, table, style, strong, 2 * pad_x, room)
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
        caption = None
        if table.caption:
            caption = TextBox(ctx, (Span(table.caption),), STYLES["caption"], room, "start")
        return dict(widths=widths, header=header, header_h=header_h, cells=cells,
                    heights=heights, caption=caption)

    def min_first(self) -> float:
        if not self.splittable:
            return self.height
        heights = self.prepared["heights"]
        first = self.rows[:2]
        return self.prepared["header_h"] + sum(heights[r] for r in first) + self.ctx.pt(0.8)

    def fit(self, available):
        if self.height <= available:
            return self, None
        if not self.splittable:
            return None, self
        heights = self.prepared["heights"]
        used = self.prepared["header_h"] + self.ctx.pt(0.8)
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
        first = TableFlow(self.ctx, self.table, self.rows[:fits], self.prepared,
                          indent=self.indent, label=self.label)
        first.space_before = self.space_before
        rest = TableFlow(self.ctx, self.table, self.rows[fits:], self.prepared,
                         indent=self.indent)
        rest.keep_with_next = self.keep_with_next
        first.block = rest.block = self.block
        return first, rest

    def draw(self, painter, ctx, x, y):
        p = self.prepared
        pad_x = ctx.pt(CELL_PAD_X if self.table.pad_x is None else self.table.pad_x)
        pad_y = ctx.pt(CELL_PAD_Y_COMPACT if self.table.compact else CELL_PAD_Y)
        if self.label is not None:
            first_box = p["header"][0] if p["header"] else (
                p["cells"][self.rows[0]][0] if self.rows else None)
            dy = (pad_y + first_box.ascent - self.label.ascent) if first_box else 0.0
            self.label.draw(painter, x, y + dy)
        x += self.indent
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
        for r in self.rows:
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
        if p["caption"] is not None and self.last_part:
            p["caption"].draw(painter, x, y + ctx.pt(CAPTION_GAP))
        painter.restore()


def _text_widths(ctx, text, text_style) -> tuple[float, float]:
    """(longest word, longest line) of a cell's text, unwrapped, in device pixels."""
    content = text_presentation("".join(s.text for s in text))
    if not content:
        return 0.0, 0.0
    bold = text_style.bold or any(s.bold for s in text)
    metrics = ctx.metrics(replace(text_style, bold=bold))
    lines = content.split("\u2028")
    longest_line = max((metrics.horizontalAdvance(line) for line in lines), default=0.0)
    longest_word = max((metrics.horizontalAdvance(word) for word in content.split()),
                       default=0.0)
    # the text layout kerns a few pixels wider than the font metrics ("Framework" wrapped)
    slack = ctx.pt(WIDTH_SLACK)
    return longest_word + slack, longest_line + slack


def column_widths(ctx, table: Table, text_style, strong, padding: float,
                  room: float | None = None) -> list[float]:
    """Column widths from the content, like a browser's automatic table layout: a column whose
    longest line is narrower than a fair share of the room left gets that width (no wrapping);
    the wider ones share the rest in proportion to their longest lines, never narrower than their
    longest word (a column held at its longest word takes that much from the others' share, so
    a table of long texts does not break words). Room to spare goes to the columns by their
    `width` weights."""
    full = ctx.width if room is None else room
    n = len(table.columns)
    least = [0.0] * n
    most = [0.0] * n
    head_style = STYLES["cell-head"]
    for index, column in enumerate(table.columns):
        if table.header and column.title:
            least[index] = _text_widths(ctx, (Span(column.title),), head_style)[0]
    for r, row in enumerate(table.rows):
        row_style = strong if r in table.strong_rows else text_style
        for index, cell in enumerate(row):
            word, line = _text_widths(ctx, cell, row_style)
            least[index] = max(least[index], word)
            most[index] = max(most[index], line)
    least = [w + padding for w in least]
    most = [max(w + padding, low) for w, low in zip(most, least)]
    room_left = full
    widths: list[float | None] = [None] * n
    open_ = set(range(n))
    while open_:
        fair = room_left / len(open_)
        settled = [i for i in open_ if most[i] <= fair]
        if not settled:
            break
        for i in settled:
            widths[i] = most[i]
            room_left -= most[i]
            open_.discard(i)
    wide = bool(open_)  # some columns wrap: they take all the room left
    while open_:  # share by longest lines; a column held at its longest word leaves the share
        total = sum(most[i] for i in open_) or 1.0
        pinned = [i for i in open_ if room_left * most[i] / total < least[i]]
        if not pinned:
            for i in open_:
                widths[i] = room_left * most[i] / total
            break
        for i in pinned:
            widths[i] = least[i]
            room_left -= least[i]
            open_.discard(i)
    if not wide and table.stretch:
        weights = sum(c.width for c in table.columns) or 1.0
        for i, column in enumerate(table.columns):
            widths[i] += room_left * column.width / weights
    used = sum(widths)
    if used > full:  # the longest words do not fit: shrink all (words then break)
        widths = [w * full / used for w in widths]
    return widths


def grid_table(ctx, grid: RatingGrid, room: float) -> Table:
    """The ratings as a table of as many (name, rating[, round]) groups across as fit `room`,
    filled down then across, so each rating sits on its name's row and no name is split."""
    has_round = any(r.round for r in grid.ratings)
    cell, strong = STYLES["cell-small"], replace(STYLES["cell-small"], bold=True)
    pad = 2 * ctx.pt(CELL_PAD_X)
    name_w = max((_text_widths(ctx, (Span(r.name, user=True),), cell)[1]
                  for r in grid.ratings), default=0.0)
    name_w = max(name_w, _text_widths(ctx, (Span(grid.name_title),), STYLES["cell-head"])[1])
    rating_w = max([_text_widths(ctx, (Span(r.rating),), strong)[1] for r in grid.ratings]
                   + [_text_widths(ctx, (Span(grid.rating_title),), STYLES["cell-head"])[1]])
    round_w = 0.0
    if has_round:
        round_w = max([_text_widths(ctx, (Span(r.round),), cell)[1] for r in grid.ratings]
                      + [_text_widths(ctx, (Span(grid.round_title),),
                                      STYLES["cell-head"])[1]]) + pad
    gap = ctx.pt(GRID_GROUP_GAP)
    fixed = rating_w + round_w + 3 * pad + gap
    n = len(grid.ratings)
    groups = max(1, min(GRID_MAX_GROUPS, n, int((room + gap) // (name_w + fixed))))
    if groups == 1 and n > 3:
        # long names: two groups if each name column still holds the longest word of a name
        word = max((_text_widths(ctx, (Span(r.name, user=True),), cell)[0]
                    for r in grid.ratings), default=0.0)
        if (room + gap) / 2 - fixed >= word:
            groups = 2
    rows_n = math.ceil(n / groups) if n else 0
    groups = math.ceil(n / rows_n) if rows_n else 1  # no empty group at the end
    columns: list[Column] = []
    for g in range(groups):
        if g:
            columns.append(Column("", 0.0))  # the gap between groups
        columns.append(Column(grid.name_title, 1.0))
        columns.append(Column(grid.rating_title, 0.01, "right"))
        if has_round:
            columns.append(Column(grid.round_title, 0.01, "right"))
    rows = []
    for r in range(rows_n):
        row: list = []
        for g in range(groups):
            if g:
                row.append(())
            index = g * rows_n + r
            if index < n:
                rating = grid.ratings[index]
                row.extend([(Span(rating.name, user=True),), (Span(rating.rating, bold=True),)])
                if has_round:
                    row.append((Span(rating.round, muted=True),))
            else:
                row.extend([(), ()] + ([()] if has_round else []))
        rows.append(tuple(row))
    # no header row: the hanging "Ratings" label says what the grid is; rounds need one
    return Table(columns=tuple(columns), rows=rows, style="cell-small", zebra=False,
                 compact=True, split=False, stretch=False, header=has_round)


class ChartFlow(Flowable):
    """A chart as vectors (SVG drawn by QSvgRenderer) with its caption below.

    With less room than its height on the page, the chart is built shorter (never below its
    minimum) rather than scaled down, so its text keeps its size; `svg_for(width_mm, height_mm)`
    renders it at the size finally chosen, once.
    """

    def __init__(self, ctx, chart: Chart, svg_for):
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
            shorter = ChartFlow.__new__(ChartFlow)
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


def column_context(ctx, width: float):
    """`ctx` for a column `width` wide: the same device, fonts and font coverage (so a missing
    script is still reported), a narrower frame."""
    narrow = copy.copy(ctx)
    narrow.right = ctx.left + width
    return narrow


class BesideFlow(Flowable):
    """A `Beside` block: each column's blocks stacked in its own width; never breaks. With less
    room than its height, a chart in a column that is too tall is built shorter (never below
    its minimum) before the whole moves to the next page."""

    def __init__(self, ctx, block: Beside, make):
        gap = ctx.pt(block.gap)
        left_w = (ctx.width - gap) * block.share
        self.columns = []
        offset = 0.0
        for blocks, width in ((block.left, left_w), (block.right, ctx.width - gap - left_w)):
            narrow = column_context(ctx, width)
            items = []
            for child in blocks:
                item = make(narrow, child)
                item.block = child
                items.append(item)
            self.columns.append((offset, narrow, items))
            offset += width + gap
        self.height = self._height(self.columns)

    @staticmethod
    def _stack(items, heights=None) -> list[float]:
        """The top of each item in its column, then the column's height."""
        tops, y = [], 0.0
        for n, item in enumerate(items):
            y += item.space_before if n else 0.0
            tops.append(y)
            y += item.height if heights is None else heights[n]
        return tops + [y]

    @classmethod
    def _height(cls, columns, least: bool = False) -> float:
        def height(item):
            return item.min_first() if least and isinstance(item, ChartFlow) else item.height

        return max((cls._stack(items, [height(i) for i in items])[-1]
                    for _o, _c, items in columns if items), default=0.0)

    def min_first(self) -> float:
        return self._height(self.columns, least=True)

    def fit(self, available):
        if self.height <= available:
            return self, None
        if self.min_first() > available:
            return None, self
        columns = []
        for offset, narrow, items in self.columns:
            over = self._stack(items)[-1] - available
            shorter = list(items)
            for n, item in enumerate(items):
                if over > 0 and isinstance(item, ChartFlow):
                    part, _rest = item.fit(item.height - over)
                    if part is not None:
                        shorter[n], over = part, 0.0
            columns.append((offset, narrow, shorter))
        part = BesideFlow.__new__(BesideFlow)
        part.__dict__.update(self.__dict__)
        part.columns = columns
        part.height = self._height(columns)
        return (part, None) if part.height <= available else (None, self)

    def draw(self, painter, ctx, x, y):
        for offset, narrow, items in self.columns:
            for item, top in zip(items, self._stack(items)):
                item.draw(painter, narrow, x + offset, y + top)


class FittingFlow(Flowable):
    """A `Fitting` block's alternatives, prepared; the layout replaces it by the blocks of the
    one it chooses (`choose`) before placing anything."""

    def __init__(self, choices: list[tuple[list[Flowable], list[Flowable]]]):
        self.choices = choices

    @staticmethod
    def least(item: Flowable) -> float:
        """The least height an item takes whole: a chart (or a chart beside text) built as
        short as it may be; anything else as it is."""
        return item.min_first() if isinstance(item, (ChartFlow, BesideFlow)) else item.height

    def choose(self, following: list[Flowable], available: float
               ) -> tuple[list[Flowable], list[Flowable]]:
        """The first alternative whose blocks, and then `following` (up to the next page
        break), fit in `available`; else the last."""
        after = sum(item.space_before + self.least(item) for item in following)
        for here, later in self.choices:
            need = sum(item.space_before + item.height for item in here) + after
            if need <= available:
                return here, later
        return self.choices[-1] if self.choices else ([], [])
