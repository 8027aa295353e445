"""Page 1, the executive summary: it says what core.advice says, honestly when data is thin, and
never contradicts itself (a stuck function is never a riser)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

from maturity_workbook.core.advice import ChangeKind, FindingKind, FunctionChange, advise
from maturity_workbook.report import i18n
from maturity_workbook.report.content import SnapshotBuilder, build_snapshot, gather
from maturity_workbook.report.document import Beside, Chart, Heading, Paragraph, plain
from maturity_workbook.report.summary import change_text, finding_text, stage_basis
from tests.report.conftest import flat, open_workbook, page_texts
from tests.thin_data import bouncing_workbook, thin_workbook

TODAY = date(2025, 6, 1)


def page_one_blocks(doc):
    """The blocks before the soft page break that ends page 1."""
    from maturity_workbook.report.document import PageBreak

    blocks = doc.blocks
    return blocks[:next(n for n, b in enumerate(blocks) if isinstance(b, PageBreak))]


def beside(doc) -> Beside:
    return next(b for b in page_one_blocks(doc) if isinstance(b, Beside))


def findings_on_page_one(doc) -> list[Paragraph]:
    return [b for b in beside(doc).right if isinstance(b, Paragraph) and b.label]


def test_page_one_lays_out_the_advice_findings_in_order(history_workbook, framework):
    wb = open_workbook(history_workbook)
    advice = advise(wb, framework, wb.latest(), today=TODAY)
    doc = build_snapshot(wb, framework, wb.latest(), today=TODAY)
    shown = findings_on_page_one(doc)
    assert len(shown) == len(advice.findings) == advice.rules.max_findings
    for paragraph, finding in zip(shown, advice.findings):
        assert paragraph.label == ("Strength" if finding.tone.value == "strength" else "Gap")
        assert advice.dimension(finding.dimension_id).name in plain(paragraph.text)
    # the first finding says where to start, with the bottleneck's first step
    start = advice.bottleneck
    first = plain(shown[0].text)
    assert first.startswith(f"Start with {advice.dimension(start.dimension_id).name}")
    assert start.next_steps[0].advice in first
    # the radar sits beside the findings; the headings of page 1 are Summary and Key findings
    assert [b.name for b in beside(doc).left if isinstance(b, Chart)] == ["radar"]
    headings = [b.text for b in doc.all_blocks()[:len(page_one_blocks(doc)) + 4]
                if isinstance(b, Heading)]
    assert headings[:2] == ["Summary", "Key findings"]


def test_a_stuck_function_is_never_a_riser_on_page_one(tmp_path, framework):
    """Technology went 2 -> 1 -> 2: the biggest rise since last time, but stuck over the window.
    Page 1 calls it stuck, in the findings or the stuck line and in its table row, and never
    says it rose."""
    wb = open_workbook(bouncing_workbook(tmp_path / "bouncing.mwb"))
    doc = build_snapshot(wb, framework, wb.latest(), today=TODAY)
    technology = framework.dimension("technology").name
    page_one = flat("\n".join(
        "\n".join(plain(p.text) for p in [b] if isinstance(b, Paragraph))
        for b in beside(doc).right))
    assert f"{technology} rose" not in page_one
    assert f"{technology} is stuck" in page_one or (
        "Stuck:" in page_one and technology in page_one.split("Stuck:")[1])
    row = next(line for line in doc.text().splitlines() if line.startswith(technology + " |"))
    assert "· stuck" in row.replace("\u00a0", " ")


def test_thin_data_names_the_function_to_rate_first_and_no_bottleneck(tmp_path, framework):
    wb = open_workbook(thin_workbook(tmp_path / "thin.mwb"))
    advice = advise(wb, framework, wb.latest(), today=TODAY)
    assert advice.rate_first is not None and advice.rate_first.dimension_id == "technology"
    doc = build_snapshot(wb, framework, wb.latest(), today=TODAY)
    first = plain(findings_on_page_one(doc)[0].text)
    technology = framework.dimension("technology").name
    assert first.startswith(f"Where to start is not known yet: {technology} has 2 of 7 items")
    assert "Rate it first" in first and "weakest when last scored" in first
    text = flat(doc.text())
    assert "Start with" not in text
    delivery = framework.dimension("delivery").name
    assert f"{delivery} is the weakest" not in text
    # the table: technology has no stage and its change is not counted as one
    row = next(line for line in doc.text().splitlines() if line.startswith(technology + " |"))
    assert "insufficient data" in row and "no score now" in row and "2 of 7" in row


def test_change_text_counts_only_a_stage_on_both_sides():
    def change(kind, before=None, after=None, lb=None, la=None):
        return FunctionChange("x", kind, before, after, lb, la)

    assert change_text(change(ChangeKind.COMPARED, 1.5, 2.6, 1, 2)) == "+1.1 ↑"
    assert change_text(change(ChangeKind.COMPARED, 2.6, 2.0, 2, 2)) == f"{i18n.MINUS}0.6"
    assert change_text(change(ChangeKind.NEWLY_SCORED, None, 2.0, None, 2)) == "newly scored"
    assert change_text(change(ChangeKind.NO_LONGER_SCORED, 2.0, None, 2, None)) == "no score now"
    assert change_text(change(ChangeKind.NOT_SCORED)) == "—"
    assert change_text(None) == ""


def test_stage_basis_says_how_many_rated_items_reached_the_stage(history_workbook, framework):
    wb = open_workbook(history_workbook)
    facts = gather(wb, framework, wb.latest(), today=TODAY)
    builder = SnapshotBuilder(facts)
    status = facts.advice.functions[0]
    result = builder.current.dimension(status.dimension_id)
    reached = sum(n for level, n in result.level_counts.items() if level >= status.stage_level)
    expected = f"{reached} of {result.rated} at or above"
    if result.rated < result.total:
        expected += f" ({result.rated} of {result.total} rated)"
    assert stage_basis(builder, status) == expected
    # three items below the stage, five at it or above, two of nine unrated
    counted = SimpleNamespace(level_counts={status.stage_level - 1: 2, status.stage_level: 3,
                                            status.stage_level + 1: 2}, rated=7, total=9)
    builder.current = SimpleNamespace(dimension=lambda _id: counted)
    assert stage_basis(builder, status) == "5 of 7 at or above (7 of 9 rated)"


def test_every_finding_kind_has_its_own_sentence(history_workbook, framework):
    wb = open_workbook(history_workbook)
    facts = gather(wb, framework, wb.latest(), today=TODAY)
    builder = SnapshotBuilder(facts)
    base = facts.advice.findings[-1]
    seen = set()
    for kind in (FindingKind.STUCK, FindingKind.DECLINED, FindingKind.IMPROVED,
                 FindingKind.IMPROVED_SINCE_BASELINE, FindingKind.STRONGEST):
        finding = replace(base, kind=kind, change=0.5 if kind is not FindingKind.DECLINED
                          else -0.5, since=date(2024, 10, 1))
        text = plain(finding_text(builder, finding))
        assert framework.dimension(base.dimension_id).name in text
        seen.add(text)
        if kind is FindingKind.DECLINED:
            assert "fell by 0.5 since 1 Oct 2024" in text
        if kind is FindingKind.STUCK:
            assert "less than 0.25 of a stage" in text  # the advice's own threshold
    assert len(seen) == 5


def test_page_one_stands_alone_and_page_two_opens_with_who_took_part(history_pdf):
    texts = [flat(t) for t in page_texts(history_pdf)]
    first, second = texts[0], texts[1]
    assert "Key findings" in first and "About this assessment" not in first
    assert "About this assessment" in second and "What to do" in second
    assert "Zoë Ångström" in second and "Education lead" in second
    assert "3 participants" in first


def test_prepared_by_and_confidentiality_come_from_the_workbook(history_workbook, framework):
    wb = open_workbook(history_workbook)
    wb.prepared_by = "Ana Ruiz"
    wb.confidentiality = "Confidential: board only"
    doc = build_snapshot(wb, framework, wb.latest(), today=TODAY)
    text = flat(doc.text())
    assert "Prepared for Northwind Academy by Ana Ruiz" in text
    assert "Confidential: board only" in text
    assert doc.author == "Ana Ruiz"
    wb.prepared_by = wb.confidentiality = ""
    doc = build_snapshot(wb, framework, wb.latest(), today=TODAY)
    assert "Prepared for" not in flat(doc.text()) and doc.author == ""


def test_an_overall_change_that_rounds_to_zero_reads_as_its_own_sentence(catalog):
    """The sample's autumn 2026 review: overall 2.41 -> 2.38 since spring 2026 rounds to no
    change, which starts a sentence ('No change since ...'), never '... of 4). no change'."""
    from tests.report.conftest import SAMPLE

    wb = open_workbook(SAMPLE)
    latest = wb.latest()
    framework = catalog.get(latest.framework_id, latest.framework_version)
    doc = build_snapshot(wb, framework, latest, today=date(2026, 12, 1), catalog=catalog)
    headline = plain(next(b for b in page_one_blocks(doc) if isinstance(b, Paragraph)
                          and plain(b.text).startswith("Overall stage:")).text)
    assert "No change since 13 May 2026." in headline
    assert "+0.8 since the baseline of 14 May 2025." in headline
    assert ". no change" not in headline
