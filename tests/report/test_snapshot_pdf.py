"""The PDF snapshot, checked by what it contains: text extracted with pypdf, pages, vectors."""

from __future__ import annotations

from datetime import date

import pytest

from tests.report.conftest import (
    HTML_NOTE, PEOPLE, Spec, all_text, build_workbook, flat, image_xobjects, open_workbook,
    page_texts, pdf_reader,
)


def test_snapshot_names_functions_stages_participants_and_notes(history_pdf, framework):
    text = all_text(history_pdf)
    for dim in framework.dimensions:
        assert dim.name in text
    for stage in framework.stages:
        assert stage.name in text
    for name, role in PEOPLE:
        assert name in text
        assert role in text
    assert "The goal is written into the plan; the CFO signed it off." in text
    assert "Plan 2025, page 3" in text
    assert "Northwind Academy" in text
    assert "Spring 2025 reassessment" in text
    assert "8 Apr 2025" in text
    assert f"{framework.title}, version {framework.version}" in text
    assert "Generated 1 May 2025" in text


def test_sections_in_order(history_pdf):
    text = all_text(history_pdf)
    order = ["Summary", "What to do", "Next steps", "Stuck functions", "Next assessment",
             "Progress over time", "Changes since 1 Oct 2024", "Item detail",
             "How to read this snapshot"]
    positions = [text.find(title) for title in order]
    assert all(p >= 0 for p in positions), dict(zip(order, positions))
    assert positions == sorted(positions)


def test_summary_table_has_stage_score_coverage_and_change(history_pdf, framework):
    first_page = flat(page_texts(history_pdf)[0])
    assert "Since 1 Oct 2024" in first_page and "Since baseline 12 Mar 2024" in first_page
    for dim in framework.dimensions:
        assert dim.name in first_page
    assert "Overall" in first_page
    assert " of " in first_page  # coverage, e.g. "7 of 7"


def test_every_page_is_numbered_and_carries_the_running_header(history_pdf):
    texts = page_texts(history_pdf)
    assert len(texts) >= 4
    for number, text in enumerate(texts, 1):
        assert f"Page {number} of {len(texts)}" in flat(text)
        if number > 1:
            assert "Northwind Academy · Maturity snapshot" in flat(text)
            assert "Spring 2025 reassessment, 8 Apr 2025" in flat(text)


def test_html_in_notes_prints_literally(history_pdf):
    assert HTML_NOTE in all_text(history_pdf)


def test_charts_are_vectors_with_real_text(history_pdf):
    assert image_xobjects(history_pdf) == []
    first_page = flat(page_texts(history_pdf)[0])
    # the radar's axis and ring labels are text in the PDF, not pixels
    assert "Optimizing" in first_page and "Go-to-market" in first_page
    texts = [flat(t) for t in page_texts(history_pdf)]
    trend_page = next(t for t in texts if "Progress over time" in t)
    assert "Score" in trend_page and "12 Mar 2024" in trend_page


def test_pdf_metadata_and_fonts_are_embedded(history_pdf):
    reader = pdf_reader(history_pdf)
    assert "Northwind Academy" in reader.metadata.title
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            descendant = font.get_object().get("/DescendantFonts")
            if descendant:
                descriptor = descendant[0].get_object()["/FontDescriptor"].get_object()
                assert any(key in descriptor for key in ("/FontFile", "/FontFile2",
                                                         "/FontFile3"))
            fonts.add(font.get_object()["/BaseFont"])
    assert fonts


def test_one_assessment_gives_a_complete_report(tmp_path, framework):
    from maturity_workbook.report import export_pdf

    path = build_workbook(tmp_path / "one.mwb", framework,
                          [Spec("First look", "2025-02-03", (1, 2, 2, 3))])
    wb = open_workbook(path)
    out = tmp_path / "one.pdf"
    pages = export_pdf(wb, framework, wb.latest(), out, today=date(2025, 2, 10))
    text = all_text(out)
    assert pages == len(page_texts(out)) >= 3
    for title in ("Summary", "What to do", "Next steps", "Target", "Item detail"):
        assert title in text
    assert "Progress over time" not in text  # no trend with one assessment
    assert "first assessment" in text
    assert "the targets shown are one stage above today's stage" in text
    for dim in framework.dimensions:
        assert dim.name in text
    assert image_xobjects(out) == []


def test_page_count_grows_with_long_notes(tmp_path, framework):
    from maturity_workbook.report import export_pdf

    items = [item for dim in framework.dimensions for item in dim.items]
    long_note = " ".join(f"Sentence {n} of what the room said about this item." for n in range(90))
    short = build_workbook(tmp_path / "short.mwb", framework,
                           [Spec("Short", "2025-02-03", (2, 2, 2, 2))])
    long = build_workbook(tmp_path / "long.mwb", framework,
                          [Spec("Long", "2025-02-03", (2, 2, 2, 2),
                                notes={item.id: long_note for item in items[::3]})])
    counts = {}
    for name, path in (("short", short), ("long", long)):
        wb = open_workbook(path)
        counts[name] = export_pdf(wb, framework, wb.latest(), tmp_path / f"{name}.pdf",
                                  today=date(2025, 3, 1))
    assert counts["long"] >= counts["short"] + 3
    text = all_text(tmp_path / "long.pdf")
    assert "Sentence 0 of what" in text and "Sentence 89 of what the room said" in text


def test_a_note_longer_than_a_page_breaks_across_pages(tmp_path, framework):
    from maturity_workbook.report import snapshot_report
    from maturity_workbook.report.document import Paragraph
    from maturity_workbook.report.pdf import pdf_bytes

    item = framework.dimensions[0].items[0]
    note = "\n".join(f"Line {n:03d} of a very long note." for n in range(160))
    path = build_workbook(tmp_path / "huge.mwb", framework,
                          [Spec("Huge", "2025-02-03", (2, 2, 2, 2), notes={item.id: note})])
    wb = open_workbook(path)
    report = snapshot_report(wb, framework, wb.latest(), today=date(2025, 3, 1))
    data, _ = pdf_bytes(report)
    texts = [flat(t) for t in page_texts(data)]
    holding = [n for n, t in enumerate(texts) if "of a very long note" in t]
    assert len(holding) >= 2 and holding == list(range(holding[0], holding[-1] + 1))
    joined = " ".join(texts)
    assert all(f"Line {n:03d} of a very long note." in joined for n in range(160))
    # the item's title and rating are on the page where the note starts
    assert item.prompt in texts[holding[0]]
    assert any(isinstance(b, Paragraph) and "Line 000" in b.text[0].text
               for b in report.document.blocks)


def test_accented_and_non_latin_text_prints(tmp_path, framework):
    from PySide6.QtGui import QFontDatabase

    from maturity_workbook.report import export_pdf

    item = framework.dimensions[1].items[0]
    note = "Zoë Ångström — Αθήνα, Москва, Kraków; 東京"
    path = build_workbook(tmp_path / "intl.mwb", framework,
                          [Spec("Ünïcödé", "2025-02-03", (2, 2, 2, 2), notes={item.id: note})],
                          name="Café Ñandú Academy",
                          people=(("Zoë Ångström", ""), ("Jürgen Øberg", "")))
    wb = open_workbook(path)
    out = tmp_path / "intl.pdf"
    export_pdf(wb, framework, wb.latest(), out, today=date(2025, 3, 1))
    text = all_text(out)
    for expected in ("Café Ñandú Academy", "Ünïcödé", "Zoë Ångström", "Jürgen Øberg",
                     "Αθήνα, Москва, Kraków"):
        assert expected in text
    cjk = {QFontDatabase.WritingSystem.Japanese, QFontDatabase.WritingSystem.SimplifiedChinese}
    if any(cjk & set(QFontDatabase.writingSystems(f)) for f in QFontDatabase.families()):
        assert "東京" in text  # drawn with a fallback font that has the characters


@pytest.mark.parametrize("paper, size", [("A4", (595, 842)), ("Letter", (612, 792))])
def test_paper_sizes(history_workbook, framework, paper, size):
    from maturity_workbook.report import snapshot_report
    from maturity_workbook.report.pdf import pdf_bytes

    wb = open_workbook(history_workbook)
    data, pages = pdf_bytes(snapshot_report(wb, framework, wb.latest(), today=date(2025, 5, 1)),
                            paper)
    reader = pdf_reader(data)
    assert len(reader.pages) == pages
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == size
