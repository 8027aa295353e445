"""Lay a `Document` out on pages and paint it on any QPagedPaintDevice (PDF writer or printer).

One code path for Export PDF, Print, Print Preview and `export-pdf`: `SnapshotReport.render`
measures every block with the device's own font metrics (`text.TextBox`), breaks the flow into
pages and paints them with a QPainter. Sizes are given in points and millimetres and converted
with the device's resolution, so A4, Letter and any printer's paper come out the same way.

Rules of the flow (the flowables in `flow` keep their own breaking rules):
- a heading, and any block marked `keep_with_next`, moves to the next page unless the start of
  what follows fits under it (no orphaned headings, an item's title stays with its ratings, the
  trend chart with its table); a chart kept with the next block is built shorter (never below
  its minimum) to leave that block room, before both move to the next page;
- a soft page break (before an appendix) breaks only when the page is at least a third full, so
  it never leaves a near-empty page behind;
- space before a block is dropped at the top of a page.

Charts are rendered by matplotlib to SVG in memory and drawn with QSvgRenderer: vectors, never
a raster image. Where each level-1 and level-2 heading landed is kept (`Outline`) for the PDF's
bookmarks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable

from PySide6.QtCore import QLocale, QPointF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPageLayout, QPagedPaintDevice, QPainter, QPen

from maturity_workbook.report import vector
from maturity_workbook.report.document import (
    Beside, Block, Chart, Document, Heading, PageBreak, Paragraph, RatingGrid, Span, Spacer,
    Table, fill, spans,
)
from maturity_workbook.report.flow import (
    BesideFlow, Break, ChartFlow, Flowable, Space, TableFlow, Text, column_widths, grid_table,
)
from maturity_workbook.report.tounicode import GlyphTexts
from maturity_workbook.report.text import (
    HAIRLINE, STYLES, FontCoverage, Fonts, TextBox, TextStyle, advance, one_line,
)

__all__ = ["Context", "Outline", "Page", "SnapshotReport", "STYLES", "TextBox", "TextStyle",
           "column_widths"]

PT_PER_MM = 72 / 25.4

# page frame, millimetres from the paper's edges
MARGIN_LEFT = 22.0
MARGIN_RIGHT = 22.0
MARGIN_TOP = 25.0
MARGIN_BOTTOM = 22.0
HEADER_BASELINE = 14.0  # from the top edge
FOOTER_BASELINE = 12.0  # from the bottom edge

HEADING_GAP = {1: 7.0, 2: 4.0, 3: 2.0}  # points under a heading
H1_RULE = 0.7  # points: the rule under a section heading
MIN_FILL = 1 / 3  # a page less full than this is "near-empty"
RTL_LANGUAGES = ("ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb")


# ------------------------------------------------------------------------------- device context


class Context:
    """Unit conversion, fonts, direction and font coverage for one paint device."""

    def __init__(self, device: QPagedPaintDevice, language: str = "en"):
        vector.ensure_fonts()
        self.device = device
        self.dpi = float(device.logicalDpiY()) or 72.0
        self.k = self.dpi / 72.0  # device pixels per point
        layout = device.pageLayout()
        full = layout.fullRect(QPageLayout.Unit.Point)
        paint = layout.paintRect(QPageLayout.Unit.Point)
        self.page_w = self.pt(full.width())
        self.page_h = self.pt(full.height())
        # the painter's origin is the paint rect's corner: convert paper coordinates to it
        self.origin = QPointF(self.pt(paint.left()), self.pt(paint.top()))
        self.left = self.mm(MARGIN_LEFT) - self.origin.x()
        self.right = self.page_w - self.mm(MARGIN_RIGHT) - self.origin.x()
        self.top = self.mm(MARGIN_TOP) - self.origin.y()
        self.bottom = self.page_h - self.mm(MARGIN_BOTTOM) - self.origin.y()
        self.fonts = Fonts()
        self.glyph_texts = GlyphTexts()  # glyphs of characters past U+FFFF, for ToUnicode
        self._metrics: dict[tuple, QFontMetricsF] = {}
        self.coverage = FontCoverage()
        rtl = language.split("-")[0].lower() in RTL_LANGUAGES
        self.direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight

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

    def font(self, style: TextStyle):
        return self.fonts.font(style)

    def metrics(self, style: TextStyle) -> QFontMetricsF:
        key = (style.size, style.bold, style.italic, style.spacing)
        found = self._metrics.get(key)
        if found is None:
            found = self._metrics[key] = QFontMetricsF(self.font(style), self.device)
        return found

    def to_points(self, y: float) -> float:
        """A device y (painter coordinates) as PDF user space: points up from the bottom."""
        return (self.page_h - (y + self.origin.y())) / self.k


# -------------------------------------------------------------------------------------- report


@dataclass
class Page:
    items: list  # (flowable, x, y)


@dataclass(frozen=True)
class Outline:
    """A bookmark: a heading's text, level, page (0-based) and its top in points from the
    bottom of the page (PDF user space)."""

    title: str
    level: int
    page: int
    top: float


@dataclass
class Layout:
    ctx: Context
    pages: list[Page]
    outline: list[Outline] = field(default_factory=list)


class SnapshotReport:
    """A document that lays itself out on, and paints itself onto, any paged paint device.

    Charts are rendered to SVG once (at their print size) and reused for every device and every
    repaint of a print preview. After a render, `outline` holds the bookmarks and
    `missing_fonts` the scripts no installed font could draw (script -> characters).
    """

    def __init__(self, document: Document):
        self.document = document
        self._svgs: dict[tuple, vector.SvgChart] = {}
        self.outline: list[Outline] = []
        self.missing_fonts: dict = {}
        self.glyph_texts: GlyphTexts | None = None

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

    def _continued(self, ctx: Context, block: Paragraph) -> TextBox | None:
        if not block.continued:
            return None
        text = fill(self.document.continued_label, Span(block.continued, user=True))
        return one_line(ctx, text, STYLES["label"], ctx.width)

    def _flowable(self, ctx: Context, block: Block) -> Flowable:
        if isinstance(block, PageBreak):
            item = Break()
            item.soft = block.soft
            return item
        if isinstance(block, Spacer):
            return Space(ctx.pt(block.height))
        if isinstance(block, Heading):
            style = STYLES[f"h{min(max(block.level, 1), 3)}"]
            text = ((Span(f"{block.number}  "), Span(block.text)) if block.number
                    else (Span(block.text),))
            box = TextBox(ctx, text, style, ctx.width, "start")
            item = Text(ctx, box, rule_below=ctx.pt(H1_RULE) if block.level == 1 else 0.0,
                        gap_below=ctx.pt(HEADING_GAP.get(block.level, 2.0)
                                         + (H1_RULE + 2 if block.level == 1 else 0)))
            item.space_before = ctx.pt(block.space_before or style.space_before)
            item.keep_with_next = True
            return item
        if isinstance(block, Paragraph):
            style = STYLES.get(block.style, STYLES["body"])
            indent = ctx.pt(block.indent)
            box = TextBox(ctx, block.text, style, ctx.width - indent, "start")
            label = None
            if block.label:
                label_style = STYLES.get(block.label_style) if block.label_style else None
                if label_style is None:
                    label_style = replace(style, bold=True)
                label = one_line(ctx, block.label, label_style, max(indent - ctx.pt(4), 1.0))
            item = Text(ctx, box, indent=indent, label=label,
                        continued=self._continued(ctx, block))
            item.space_before = ctx.pt(block.space_before or style.space_before)
            return item
        if isinstance(block, Table):
            item = TableFlow(ctx, block)
            item.space_before = ctx.pt(block.space_before)
            return item
        if isinstance(block, RatingGrid):
            indent = ctx.pt(block.indent)
            table = grid_table(ctx, block, ctx.width - indent)
            if block.note:
                table = replace(table, caption="".join(s.text for s in block.note))
            label = (one_line(ctx, block.label, STYLES["label"], max(indent - ctx.pt(4), 1.0))
                     if block.label else None)
            item = TableFlow(ctx, table, indent=indent, label=label)
            item.space_before = ctx.pt(block.space_before or 2.0)
            return item
        if isinstance(block, Chart):
            item = ChartFlow(ctx, block, self.chart_svg)
            item.space_before = ctx.pt(block.space_before)
            return item
        if isinstance(block, Beside):
            item = BesideFlow(ctx, block, self._flowable)
            item.space_before = ctx.pt(block.space_before)
            return item
        raise TypeError(f"cannot lay out {type(block).__name__}")

    def paginate(self, device: QPagedPaintDevice) -> tuple[Context, list[Page]]:
        """Measure everything for `device` and break it into pages."""
        laid = self.layout(device)
        return laid.ctx, laid.pages

    def layout(self, device: QPagedPaintDevice) -> Layout:
        ctx = Context(device, self.document.language)
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
            if item.breaks_page or (empty and isinstance(item, Space)):
                if item.breaks_page and not empty:
                    soft = getattr(item, "soft", False)
                    if not soft or (y - ctx.top) >= ctx.frame_height * MIN_FILL:
                        new_page()
                index += 1
                continue
            space = 0.0 if empty else item.space_before
            available = ctx.bottom - y - space
            need = self._chain_need(queue, index)
            if not empty and need > available and need <= ctx.frame_height:
                new_page()
                continue
            first, rest = item.fit(available - self._kept_after(queue, index))
            if first is None and empty:  # no room for both even on a new page: the chart first
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
        self.missing_fonts = dict(ctx.coverage.missing)
        return Layout(ctx, pages, self._outline(ctx, pages))

    @staticmethod
    def _outline(ctx: Context, pages: list[Page]) -> list[Outline]:
        out = []
        for number, page in enumerate(pages):
            for item, _x, y in page.items:
                block = item.block
                if not isinstance(block, Heading) or getattr(item, "start", 0) != 0:
                    continue
                wanted = block.outline if block.outline is not None else block.level <= 2
                if wanted:
                    title = f"{block.number} {block.text}".strip()
                    out.append(Outline(title, block.level, number, ctx.to_points(y)))
        return out

    @staticmethod
    def _kept_height(item: Flowable) -> float:
        """The height a block kept with the next takes: a chart's least (it is built shorter to
        leave room), anything else whole."""
        return item.min_first() if isinstance(item, ChartFlow) else item.height

    @classmethod
    def _chain_need(cls, queue: list[Flowable], index: int) -> float:
        """Height needed on this page for the block at `index`: its first part, or, when it is
        kept with the next, all of it plus the first part of what follows."""
        item = queue[index]
        if not item.keep_with_next:
            return item.min_first()
        need = 0.0
        n = index
        while n < len(queue) and queue[n].keep_with_next and not queue[n].breaks_page:
            need += cls._kept_height(queue[n]) + (queue[n].space_before if n != index else 0.0)
            n += 1
        if n < len(queue) and not queue[n].breaks_page:
            need += queue[n].space_before + queue[n].min_first()
        return need

    @classmethod
    def _kept_after(cls, queue: list[Flowable], index: int) -> float:
        """Room a chart kept with the next block leaves under itself for that block (and what
        that one keeps with it); nothing for other blocks, which do not change their height."""
        item = queue[index]
        n = index + 1
        if not (isinstance(item, ChartFlow) and item.keep_with_next) or n >= len(queue) \
                or queue[n].breaks_page:
            return 0.0
        return queue[n].space_before + cls._chain_need(queue, n)

    # -- painting

    def page_count(self, device: QPagedPaintDevice) -> int:
        return len(self.paginate(device)[1])

    def render(self, device: QPagedPaintDevice, pages: Iterable[int] | None = None) -> int:
        """Lay out for `device` and paint the pages (1-based numbers in `pages`, default all);
        returns the number of pages of the whole document."""
        laid = self.layout(device)
        ctx, laid_out = laid.ctx, laid.pages
        self.outline = laid.outline
        self.glyph_texts = ctx.glyph_texts
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
        self.missing_fonts = dict(ctx.coverage.missing)
        return total

    def _paint_page(self, painter: QPainter, ctx: Context, page: Page, number: int,
                    total: int) -> None:
        """The running header (from page 2), the footer with "Page N of M", then the content.
        Header and footer stay on one line each: long names are shortened with an ellipsis, the
        date in the header never."""
        doc = self.document
        style = STYLES["header"]
        gap = ctx.pt(12)
        locale = QLocale()
        counter_text = "".join(s.text for s in fill(doc.page_label, locale.toString(number),
                                                    locale.toString(total)))
        counter_w = advance(ctx, counter_text, style)
        footer = one_line(ctx, doc.footer_left, style, ctx.width - counter_w - gap)
        counter = one_line(ctx, counter_text, style, counter_w + ctx.pt(1), "right")
        footer_y = ctx.page_h - ctx.mm(FOOTER_BASELINE) - ctx.origin.y() - footer.ascent
        painter.setPen(QPen(QColor(HAIRLINE), ctx.pt(0.5)))
        rule_y = footer_y - ctx.pt(5)
        painter.drawLine(QPointF(ctx.left, rule_y), QPointF(ctx.right, rule_y))
        footer.draw(painter, ctx.left, footer_y)
        counter.draw(painter, ctx.right - counter_w - ctx.pt(1), footer_y)
        if number > 1:
            right_spans = spans(doc.header_right)
            right_w = min(sum(advance(ctx, s.text, style) for s in right_spans),
                          ctx.width * 0.55)
            left = one_line(ctx, spans(doc.header_left), style, ctx.width - right_w - gap)
            right = one_line(ctx, right_spans, style, right_w + ctx.pt(1), "right")
            head_y = ctx.mm(HEADER_BASELINE) - ctx.origin.y() - left.ascent
            left.draw(painter, ctx.left, head_y)
            right.draw(painter, ctx.right - right_w - ctx.pt(1), head_y)
            rule_y = head_y + left.height + ctx.pt(3)
            painter.setPen(QPen(QColor(HAIRLINE), ctx.pt(0.5)))
            painter.drawLine(QPointF(ctx.left, rule_y), QPointF(ctx.right, rule_y))
        for item, x, y in page.items:
            item.draw(painter, ctx, x, y)

