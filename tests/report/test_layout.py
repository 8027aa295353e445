"""The page layout on its own: breaking rules, headers, tables and charts, with small documents."""

from __future__ import annotations

import pytest

from maturity_workbook.report.document import (
    Chart, Column, Document, Heading, PageBreak, Paragraph, Span, Spacer, Table, user_text,
)
from tests.report.conftest import flat, image_xobjects, page_texts


@pytest.fixture(scope="module")
def app(qapp):
    return qapp


def pdf_device(paper="A4"):
    from PySide6.QtCore import QBuffer, QIODevice, QMarginsF
    from PySide6.QtGui import QPageLayout, QPdfWriter

    from maturity_workbook.report.pdf import page_size

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(1200)
    writer.setPageLayout(QPageLayout(page_size(paper), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0)))
    return writer, buffer


def render(document: Document, paper="A4") -> tuple[bytes, int]:
    from maturity_workbook.report.layout import SnapshotReport
    from maturity_workbook.report.pdf import pdf_bytes

    return pdf_bytes(SnapshotReport(document), paper)


def paginate(document: Document, paper="A4"):
    from maturity_workbook.report.layout import SnapshotReport

    writer, _ = pdf_device(paper)
    return SnapshotReport(document).paginate(writer)


def words(n: int, tag: str = "w") -> str:
    return " ".join(f"{tag}{k}" for k in range(n))


def test_headings_are_never_the_last_thing_on_a_page(app):
    blocks = []
    for n in range(40):  # headings land at every height of the page as the text varies
        blocks.append(Heading(text=f"Section {n}", level=1 + n % 3))
        blocks.append(Paragraph(text=words(15 + (n * 37) % 140)))
    ctx, pages = paginate(Document("t", blocks))
    assert len(pages) > 3
    for page in pages[:-1]:
        last = page.items[-1][0]
        assert not isinstance(last.block, Heading)
    for page in pages:
        first = page.items[0][0]
        assert first.block is not None


def test_kept_blocks_stay_with_the_start_of_the_next(app):
    blocks = [Paragraph(text=words(60 + n * 7, f"p{n}-")) for n in range(6)]
    for n in range(30):
        blocks.append(Paragraph(text=f"Item {n} title", keep_with_next=True))
        blocks.append(Paragraph(text=f"Item {n} rating", keep_with_next=True))
        blocks.append(Paragraph(text=words(30, f"i{n}-")))
    ctx, pages = paginate(Document("t", blocks))
    for page in pages[:-1]:
        assert not page.items[-1][0].keep_with_next


def test_a_long_paragraph_breaks_between_lines_keeping_two_on_each_side(app):
    long = Paragraph(text=words(2500, "x"))
    ctx, pages = paginate(Document("t", [Paragraph(text=words(200, "a")), long,
                                         Paragraph(text="after")]))
    parts = [(item, n) for n, page in enumerate(pages) for item, _, _ in page.items
             if item.block is long]
    assert len(parts) >= 3
    assert [n for _, n in parts] == list(range(parts[0][1], parts[0][1] + len(parts)))
    for part, _ in parts:
        assert part.end - part.start >= 2
    assert parts[0][0].start == 0 and parts[-1][0].end == parts[-1][0].box.count
    for (a, _), (b, _) in zip(parts, parts[1:]):
        assert a.end == b.start  # no line lost or repeated
    data, _ = render(Document("t", [long]))
    text = " ".join(flat(t) for t in page_texts(data))
    assert "x0 x1 x2" in text and "x2498 x2499" in text


def test_a_short_paragraph_is_never_split(app):
    filler = Paragraph(text=words(640, "f"))
    short = Paragraph(text=words(40, "s"))  # three lines
    for extra in range(0, 200, 10):
        ctx, pages = paginate(Document("t", [Paragraph(text=words(extra, "e")), filler, short]))
        holders = {n for n, page in enumerate(pages) for item, _, _ in page.items
                   if item.block is short}
        assert len(holders) == 1


def test_a_table_breaks_between_rows_and_repeats_its_header(app):
    table = Table(columns=(Column("Item heading", 0.6), Column("Level heading", 0.4)),
                  rows=[(f"row {n}", f"level {n}") for n in range(120)])
    data, pages = render(Document("t", [table]))
    texts = [flat(t) for t in page_texts(data)]
    assert pages >= 3
    for text in texts:
        assert "Item heading Level heading" in text
    joined = " ".join(texts)
    for n in range(120):
        assert f"row {n} level {n}" in joined
    ctx, laid_out = paginate(Document("t", [table]))
    sizes = [len(item.rows) for page in laid_out for item, _, _ in page.items]
    assert sum(sizes) == 120 and min(sizes) >= 2  # no lone row on a page


def test_page_breaks_and_spacers_at_the_top_of_a_page(app):
    doc = Document("t", [Paragraph(text="one"), PageBreak(), PageBreak(), Spacer(height=30),
                         Paragraph(text="two", space_before=40)])
    ctx, pages = paginate(doc)
    assert len(pages) == 2
    (_, _, y), = [entry for entry in pages[1].items if isinstance(entry[0].block, Paragraph)]
    assert y == pytest.approx(ctx.top)  # no spacer or space before at the top of a page


def test_running_header_footer_and_page_numbers(app):
    doc = Document("t", [Paragraph(text=words(1500))], header_left="Left head",
                   header_right="Right head", footer_left="Foot text")
    data, pages = render(doc)
    texts = [flat(t) for t in page_texts(data)]
    assert pages == len(texts) >= 2
    for number, text in enumerate(texts, 1):
        assert f"Page {number} of {pages}" in text
        assert "Foot text" in text
        assert ("Left head" in text and "Right head" in text) == (number > 1)


def test_text_is_never_interpreted(app):
    raw = "<b>not bold</b> &amp; &lt;tag&gt; <a href='x'>link</a> \\n %s {0}"
    doc = Document("t", [Heading(text="<h1>Heading</h1>"), Paragraph(text=raw),
                         Paragraph(text=[Span("<i>", bold=True), Span("&nbsp;", italic=True)]),
                         Table(columns=(Column("<th>"),), rows=[("<td>&amp;</td>",)])])
    text = " ".join(flat(t) for t in page_texts(render(doc)[0]))
    for expected in ("<h1>Heading</h1>", raw, "<i>", "&nbsp;", "<th>", "<td>&amp;</td>"):
        assert expected in text


def test_user_text_keeps_line_breaks_and_splits_paragraphs():
    assert user_text("a\nb\n\n\nc\r\nd\t<x>\x07") == ["a\u2028b", "c\u2028d    <x>"]
    assert user_text("  \n\n ") == []


def _figure(width_in, height_in):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in))
    ax = fig.add_subplot()
    ax.plot([0, 1, 2], [1, 3, 2], label="series")
    ax.set_title("Vector chart title")
    return fig


def test_a_chart_is_drawn_as_vectors_and_shortens_before_moving(app):
    chart = Chart(name="test", build=_figure, width_mm=150, height_mm=100, min_height_mm=70,
                  caption="Chart caption")
    # about 85 mm left on the first page: the chart is built shorter and stays there
    filler = Paragraph(text=words(1100, "f"))
    ctx, pages = paginate(Document("t", [filler, chart]))
    placed = [(n, item) for n, page in enumerate(pages) for item, _, _ in page.items
              if item.block is chart]
    (n, item), = placed
    assert 70 <= item.height_mm <= 100
    data, _ = render(Document("t", [filler, chart]))
    assert image_xobjects(data) == []
    text = " ".join(flat(t) for t in page_texts(data))
    assert "Vector chart title" in text and "Chart caption" in text


def test_a_chart_kept_with_its_table_shortens_to_leave_it_room_or_moves_with_it(app):
    def chart():
        return Chart(name="test", build=_figure, width_mm=150, height_mm=100, min_height_mm=70,
                     caption="Chart caption", keep_with_next=True)

    def table():
        return Table(columns=(Column("Function"), Column("Score", align="right")),
                     rows=[(f"Function {n}", f"{n}.0") for n in range(5)])

    def pages_of(filler_words):
        blocks = [Paragraph(text=words(filler_words, "f")), chart(), table()]
        ctx, pages = paginate(Document("t", blocks))
        where = {id(item.block): (n, item) for n, page in enumerate(pages)
                 for item, _, _ in page.items}
        (chart_page, placed), (table_page, _t) = where[id(blocks[1])], where[id(blocks[2])]
        return chart_page, table_page, placed

    # about 130 mm left: the whole chart would fit, not with the table: it is built shorter
    chart_page, table_page, placed = pages_of(500)
    assert chart_page == table_page == 0 and 70 <= placed.height_mm < 95
    # about 75 mm left: the chart alone would fit shortened, not with the table: both move on
    chart_page, table_page, placed = pages_of(900)
    assert chart_page == table_page == 1 and placed.height_mm == 100


def test_letter_and_a4_frames(app):
    from maturity_workbook.report.layout import Context

    a4, _ = pdf_device("A4")
    letter, _ = pdf_device("Letter")
    ca, cl = Context(a4), Context(letter)
    assert ca.page_w / ca.k == pytest.approx(595.3, abs=1)
    assert cl.page_h / cl.k == pytest.approx(792, abs=1)
    assert cl.width > ca.width and cl.frame_height < ca.frame_height
    assert ca.left == pytest.approx(ca.mm(22))


def test_column_widths_follow_the_content(app):
    from maturity_workbook.report.flow import TableFlow
    from maturity_workbook.report.layout import Context

    table = Table(columns=(Column("Function"), Column("Stage"), Column("Score", align="right"),
                           Column("Change since 10 Mar 2022")),
                  rows=[("Create", "Contextualized for the audience", "3.0",
                         "+1.0, Organized for findability → Contextualized for the audience"),
                        ("Scale", "Self-serve at scale, measured", "5.0",
                         "+1.0, Embedded in the journey → Self-serve at scale, measured")])
    writer, _ = pdf_device()
    ctx = Context(writer)
    prepared = TableFlow(ctx, table).prepared
    assert sum(prepared["widths"]) == pytest.approx(ctx.width)
    for row in prepared["cells"]:
        assert [box.count for box in row[:3]] == [1, 1, 1]  # short columns never wrap
    # a word longer than any column still fits the page (it breaks instead)
    huge = Table(columns=(Column("a"), Column("b")), rows=[("x" * 400, "y" * 400)])
    prepared = TableFlow(ctx, huge).prepared
    assert sum(prepared["widths"]) == pytest.approx(ctx.width)


def test_long_header_texts_stay_on_one_line(app):
    long_name = "A very long program name " * 12
    doc = Document("t", [Paragraph(text=words(1500))], header_left=long_name,
                   header_right="An assessment title that is long too, 1 Jan 2025",
                   footer_left="Generated " + "with a long footer " * 20)
    data, pages = render(doc)
    second = flat(page_texts(data)[1])
    assert "…" in second and "An assessment title that is long too, 1 Jan 2025" in second
    assert f"Page 2 of {pages}" in second
