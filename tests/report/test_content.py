"""What the snapshot says, checked on the document model (plain Python: no Qt, no charts)."""

from __future__ import annotations

from datetime import date

import pytest

from maturity_workbook.report.content import (
    SnapshotError, SnapshotProblem, build_snapshot, choose_assessment,
)
from maturity_workbook.report.document import Chart, Heading
from tests.report.conftest import Spec, build_workbook, flat, open_workbook


def snapshot_text(path, framework, assessment=None, today=date(2025, 6, 1)):
    wb = open_workbook(path)
    doc = build_snapshot(wb, framework, assessment or wb.latest(), today=today)
    return doc, flat(doc.text())


def test_stuck_functions_get_their_discipline_prompts(tmp_path, framework):
    path = build_workbook(tmp_path / "stuck.mwb", framework, [
        Spec("One", "2024-01-10", (2, 1, 2, 2)),
        Spec("Two", "2024-07-10", (2, 2, 2, 2)),
        Spec("Three", "2025-01-10", (2, 3, 2, 2)),
    ])
    doc, text = snapshot_text(path, framework)
    assert "Stuck functions" in text
    stuck = framework.dimensions[0]
    assert f"{stuck.name} no net change (" in text
    for discipline in framework.disciplines_for(stuck.id):
        assert f"{discipline.name} for {stuck.name}" in text
        for prompt in discipline.prompts:
            assert text.count(prompt) == 1  # each prompt once, however many functions share it
    moving = framework.dimensions[1]
    assert f"{moving.name} net change" not in text


def test_targets_set_or_suggested(tmp_path, framework):
    first, second = framework.dimensions[0], framework.dimensions[1]
    path = build_workbook(tmp_path / "targets.mwb", framework, [
        Spec("Suggested", "2024-01-10", (1, 2, 2, 3)),
        Spec("Set", "2024-07-10", (1, 2, 2, 3), targets={first.id: 3}),
    ])
    wb = open_workbook(path)
    by_title = {a.title: a for a in wb.assessments.values()}
    _, suggested = snapshot_text(path, framework, by_title["Suggested"])
    assert "No targets were set for this assessment; the targets shown are one stage above" \
        in suggested
    assert f"{first.name} | Reacting | 1.3 | 7 of 7 | first" not in suggested
    assert "| Performing (1 to go)" in suggested
    doc, set_text = snapshot_text(path, framework, by_title["Set"])
    assert "No targets were set" not in set_text
    assert "| Scaling (2 to go)" in set_text
    row = next(line for line in doc.text().splitlines() if line.startswith(second.name + " |"))
    assert row.endswith("| not set")


def test_bottleneck_next_steps_and_disciplines(history_workbook, framework):
    wb = open_workbook(history_workbook)
    doc = build_snapshot(wb, framework, wb.latest(), today=date(2025, 5, 1))
    text = flat(doc.text())
    from maturity_workbook.core.history import view_assessment

    result = view_assessment(framework, wb.latest()).result
    assert f"Start with {result.bottleneck.dimension.name}" in text
    for step in result.next_steps:
        assert step.prompt in text and step.advice in text
    for discipline in result.disciplines:
        assert discipline.name in text
    assert [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 1] == [
        "Summary", "What to do", "Progress over time", "Item detail"]
    assert [b.name for b in doc.all_blocks() if isinstance(b, Chart)] == ["radar", "trend"]


def test_insufficient_data_and_a_draft(tmp_path, framework):
    missing = framework.dimensions[2]
    path = build_workbook(tmp_path / "draft.mwb", framework, [
        Spec("Draft run", "2025-01-10", (2, 2, 2, 2), final=False, skip_dimension=2),
    ])
    wb = open_workbook(path)
    draft = next(iter(wb.assessments.values()))
    doc = build_snapshot(wb, framework, draft, today=date(2025, 2, 1))
    text = flat(doc.text())
    assert "Draft: this assessment is not final yet" in text
    assert "(draft)" in "".join(s.text for s in doc.header_right)
    assert "Overall stage: not determined" in text
    assert f"{missing.name}: 0 of {len(missing.items)} items rated" in text
    assert "Next assessment" not in text  # only a final assessment starts the clock


def test_item_detail_lists_every_rating_with_the_spread(tmp_path, framework):
    item = framework.dimensions[0].items[0]
    path = build_workbook(tmp_path / "spread.mwb", framework, [
        Spec("Spread", "2025-01-10", (1, 2, 2, 2), notes={item.id: "first line\nsecond line"},
             evidence={item.id: ["deck.pdf"]})])
    doc, text = snapshot_text(path, framework)
    # the first item: participants rate 2, 1, 1 (see build_workbook): agreed 1 (the median)
    assert f"1.1 {item.prompt}" in text
    assert "Agreed 1 Reacting median of the ratings" in text
    assert "Ratings Zoë Ångström 2 Ben Okafor 1 Chloé Dubois 1 Spread 1." in text
    assert "Note first line second line" in text
    assert "Evidence deck.pdf" in text


def test_choosing_the_assessment(tmp_path, framework):
    path = build_workbook(tmp_path / "pick.mwb", framework, [
        Spec("Old", "2024-01-10", (1, 1, 1, 1)),
        Spec("Latest final", "2024-07-10", (2, 2, 2, 2)),
        Spec("Newer draft", "2025-01-10", (3, 3, 3, 3), final=False),
    ])
    wb = open_workbook(path)
    assert choose_assessment(wb).title == "Latest final"
    old = next(a for a in wb.assessments.values() if a.title == "Old")
    assert choose_assessment(wb, old.id[:8]) is old
    with pytest.raises(SnapshotError, match="no assessment with id 'zzz'"):
        choose_assessment(wb, "zzz")


def test_an_ambiguous_prefix_or_no_final_assessment_is_refused():
    from maturity_workbook.core.workbook import Assessment, Workbook

    wb = Workbook("w", "W")
    for n in (1, 2):
        wb.assessments[f"abc{n}"] = Assessment(f"abc{n}", "f", "1", "T", f"2024-01-0{n}")
    with pytest.raises(SnapshotError, match="matches 2 assessments") as ambiguous:
        choose_assessment(wb, "abc")
    assert choose_assessment(wb, "abc2").id == "abc2"
    with pytest.raises(SnapshotError, match="no final assessment") as no_final:
        choose_assessment(wb)
    # the window words these itself (ui/report_actions.nothing_to_report)
    assert ambiguous.value.problem is SnapshotProblem.AMBIGUOUS_ID
    assert no_final.value.problem is SnapshotProblem.NO_FINAL


def test_how_to_read_states_the_placement_rule_scoring_uses(history_workbook, framework):
    """A function is placed by most of its items, not by its mean score: the sample's 2.6 is
    Scaling. The page that explains the snapshot must say so."""
    wb = open_workbook(history_workbook)
    text = flat(build_snapshot(wb, framework, wb.latest()).text())
    how = text.split("How to read this snapshot", 1)[1]
    assert "most of its rated items (more than half)" in how
    assert "fully reached" not in how and "bottleneck is the function at the lowest stage" in how


def test_dont_know_and_not_applicable_read_as_such(tmp_path, framework):
    """A "don't know" answer is neither a level nor not applicable, in the grid and as agreed."""
    from maturity_workbook.core.workbook import UNKNOWN
    from maturity_workbook.store import WorkbookStore

    item = framework.dimensions[0].items[0]
    path = build_workbook(tmp_path / "dk.mwb", framework,
                          [Spec("Unsure", "2025-01-10", (2, 2, 2, 2), final=False)])
    store = WorkbookStore.open(path)
    try:
        a = next(iter(store.workbook.assessments.values()))
        people = list(a.participant_ids)
        store.set_rating(a.id, item.id, people[0], UNKNOWN)
        store.set_rating(a.id, item.id, people[1], None)
        store.set_agreed(a.id, item.id, UNKNOWN)
        store.flush()
    finally:
        store.close()
    wb = open_workbook(path)
    doc = build_snapshot(wb, framework, next(iter(wb.assessments.values())),
                         today=date(2025, 2, 1))
    text = flat(doc.text())
    assert "Agreed don't know agreed by the room" in text
    assert "Zoë Ångström don't know Ben Okafor n/a" in text
