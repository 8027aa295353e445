"""The advice model, on real data: the sample, thin data, stuck functions, 40 assessments.

The primary framework (customer-education 1.0): strategy 7 items, content 7, delivery 8,
technology 7; a function needs half its items rated (4 of 7, 4 of 8) for a stage.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date, timedelta
from enum import Enum

import pytest

from maturity_workbook.core import history
from maturity_workbook.core.advice import (
    MAX_FINDINGS, NOTABLE_CHANGE, Advice, Bottleneck, ChangeKind, FindingKind, GapStatus,
    RateFirst, RateFirstBasis, Tone, UnknownReason, advise, items_needed,
)
from maturity_workbook.core.history import ItemChangeKind
from maturity_workbook.core.scoring import is_sufficient
from maturity_workbook.core.workbook import Assessment, Workbook, new_id
from maturity_workbook.resources import resource_path

DIMS = ("strategy", "content", "delivery", "technology")


@pytest.fixture(scope="module")
def primary():
    from maturity_workbook.paths import load_catalog

    return load_catalog().get("customer-education", "1.0")


@pytest.fixture(scope="module")
def sample():
    from maturity_workbook.store import WorkbookStore

    store = WorkbookStore.open(resource_path("samples", "sample.mwb"), read_only=True)
    try:
        return store.workbook
    finally:
        store.close()


def rated(framework, day, levels, *, status="final", title=None, targets=None):
    """An assessment of `framework`: `levels` maps a dimension id to one level for all its items,
    a list of levels (None = N/A, missing items unrated), or leaves the dimension unrated."""
    a = Assessment(new_id(), framework.id, framework.version, title or f"Review {day}", day,
                   status=status, targets=dict(targets or {}))
    for dim in framework.dimensions:
        spec = levels.get(dim.id)
        if spec is None:
            continue
        values = [spec] * len(dim.items) if isinstance(spec, int) else list(spec)
        for item, level in zip(dim.items, values):
            entry = a.entry(item.id)
            entry.agreed, entry.agreed_set = level, True
    return a


def workbook_of(*assessments, months=6):
    wb = Workbook(new_id(), "Northwind Analytics Academy", reassess_months=months)
    for a in assessments:
        wb.assessments[a.id] = a
    return wb


def walk(value, seen=None):
    """Every value reachable through the advice's dataclasses, tuples and mappings."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    yield value
    if is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            if f.name in ("framework", "current", "previous", "baseline", "history", "reference",
                          "item_changes", "dimension", "before", "after"):
                continue  # the scored inputs, not what the advice says
            yield from walk(getattr(value, f.name), seen)
    elif isinstance(value, (tuple, list)):
        for v in value:
            yield from walk(v, seen)
    elif isinstance(value, dict):
        for v in value.values():
            yield from walk(v, seen)


# ------------------------------------------------------------------------------------ sample


def test_sample_starts_with_technology_and_its_stuck_prompts_are_grouped(sample, primary):
    """The sample's last question bank 1.0 assessment (spring 2026), read with 1.0 only."""
    advice = advise(sample, primary, today=date(2026, 6, 1))
    assert advice.current.title == "Spring review 2026"
    assert isinstance(advice.start, Bottleneck) and advice.rate_first is None
    b = advice.bottleneck
    assert (b.dimension_id, b.stage_level, b.scored_functions) == ("technology", 2, 4)
    assert b.score == pytest.approx(11 / 7)
    assert len(b.next_steps) == advice.rules.max_next_steps
    assert all(s.dimension_id == "technology" and s.to_level == s.from_level + 1
               for s in b.next_steps)
    assert b.discipline_ids == ("forecasting", "product-management")
    assert [s.dimension_id for s in advice.other_steps] == ["strategy", "content", "delivery"]
    assert [f.dimension_id for f in advice.functions if f.is_bottleneck] == ["technology"]
    # stuck: technology 1.43 -> 1.43 -> 1.57 over the last two reassessments
    assert advice.stuck.judged and advice.stuck.reassessments == 2
    (tech,) = advice.stuck.functions
    assert tech.dimension_id == "technology" and tech.change == pytest.approx(1 / 7)
    assert [r.discipline_id for r in advice.stuck.reinvent] == ["forecasting",
                                                                 "product-management"]
    # progress since last time and since the baseline (three final assessments)
    assert advice.previous.title == "Autumn review 2025"
    assert advice.baseline.title == "Baseline, spring 2025"
    assert advice.since_last.most_improved.dimension_id == "content"
    assert advice.since_baseline.most_improved.dimension_id == "content"
    assert advice.since_baseline.function("content").score_change == pytest.approx(3 - 8 / 6)
    assert [(f.kind, f.dimension_id) for f in advice.findings] == [
        (FindingKind.BOTTLENECK, "technology"), (FindingKind.IMPROVED, "content"),
        (FindingKind.IMPROVED, "delivery")]
    # the due date counts from the workbook's latest final assessment, whichever is shown: the
    # autumn 2026 reassessment (made with question bank 2.0)
    assert advice.due.last == date(2026, 11, 11)
    assert advice.due.status is history.DueStatus.OK and advice.due.due == date(2027, 5, 11)
    gaps = {f.dimension_id: f.target for f in advice.functions}
    assert not advice.targets_suggested
    # technology: 4 of 7 items at Performing, target Scaling
    assert (gaps["technology"].stages_to_go, gaps["technology"].status) == (1, GapStatus.TO_GO)


def test_the_samples_2_0_reassessment_is_compared_across_versions(sample):
    """Autumn 2026, question bank 2.0, a reassessment of spring 2026 (1.0): one series with
    the 1.0 assessments, each scored with its own version; every function's items differ."""
    from maturity_workbook.paths import load_catalog

    catalog = load_catalog()
    autumn = sample.latest()
    assert (autumn.title, autumn.framework_version) == ("Autumn review 2026", "2.0")
    advice = advise(sample, catalog.get("customer-education", "2.0"), autumn,
                    today=date(2026, 12, 1), catalog=catalog)
    assert advice.framework.version == "2.0"
    assert advice.previous.title == "Spring review 2026" and autumn.based_on == advice.previous.id
    assert advice.baseline.title == "Baseline, spring 2025"
    assert advice.since_last.across_versions and advice.since_baseline.across_versions
    assert all(f.since_last.items_differ for f in advice.functions)
    assert {d.dimension_id for d in advice.since_last.item_differences} == set(DIMS)
    # technology stays the bottleneck and stuck across the change of questions
    assert advice.bottleneck.dimension_id == "technology"
    assert [f.dimension_id for f in advice.stuck.functions] == ["technology"]
    # content's stage holds at Scaling; its score dips because 2.0 splits product thinking
    content = advice.since_last.function("content")
    assert (content.before_level, content.after_level) == (3, 3)
    assert content.after_score < content.before_score
    assert advice.due.due == date(2027, 5, 11) and advice.due.status is history.DueStatus.OK


def test_the_model_is_data_not_sentences(sample, primary):
    """Strings in the advice are ids or the framework's own text; numbers carry the rules."""
    advice = advise(sample, primary, today=date(2026, 6, 1))
    framework_text = {s for d in primary.disciplines for s in d.prompts}
    framework_text |= {t for i in primary.items for t in (i.prompt, *i.advice.values())}
    ids = {d.id for d in primary.dimensions} | {d.id for d in primary.disciplines}
    ids |= {i.id for i in primary.items} | {d.id for d in primary.dimensions}
    ids.add(primary.version)  # a comparison says which version of the questions it compares
    for value in walk(advice):
        if isinstance(value, str) and not isinstance(value, Enum):
            assert value in ids or value in framework_text, value
    assert advice.stuck.threshold == history.STUCK_THRESHOLD == advice.rules.stuck_threshold
    assert advice.due.soon_days == history.DUE_SOON_DAYS == advice.rules.due_soon_days
    assert advice.rules.notable_change == NOTABLE_CHANGE


# ------------------------------------------------------------------------------ thin data


def test_an_unrated_function_makes_the_bottleneck_unknown_not_the_next_weakest(primary):
    # Last time technology was the weakest; now it is unrated, and delivery is the weakest of
    # the rest. The place to start is not known: rate technology first, never "start with
    # go-to-market".
    before = rated(primary, "2025-05-14", {"strategy": 2, "content": 2, "delivery": 2,
                                           "technology": 1})
    now = rated(primary, "2025-11-12", {"strategy": 3, "content": 3, "delivery": 2,
                                        "technology": [2, 2]})
    advice = advise(workbook_of(before, now), primary, today=date(2025, 12, 1))
    assert advice.bottleneck is None and advice.current.result.bottleneck is None
    first = advice.rate_first
    assert isinstance(first, RateFirst) and first.reason is UnknownReason.INSUFFICIENT_DATA
    assert (first.dimension_id, first.basis) == ("technology",
                                                 RateFirstBasis.WEAKEST_WHEN_LAST_SCORED)
    f = first.function
    assert (f.rated, f.total, f.items_needed, f.last_score, f.last_day) == (
        2, 7, 2, 1.0, date(2025, 5, 14))
    assert f.open_item_ids == tuple(i.id for i in primary.dimension("technology").items[2:])
    assert f.reachable
    assert advice.other_steps == () and not any(s.is_bottleneck for s in advice.functions)
    assert [i.dimension_id for i in advice.insufficient] == ["technology"]
    assert advice.findings[0].kind is FindingKind.RATE_FIRST
    assert all(f.kind is not FindingKind.BOTTLENECK for f in advice.findings)
    # "Scaling -> not enough data" is not a change in maturity
    tech = advice.since_last.function("technology")
    assert tech.kind is ChangeKind.NO_LONGER_SCORED and tech.score_change is None
    assert advice.function("technology").target is None  # nothing to suggest from
    assert advice.overall_score is None and advice.overall_level is None


def test_without_history_rate_first_the_function_that_needs_fewest_ratings(primary):
    # strategy needs 4 more (0 of 7), content 1 more (3 of 7), delivery 1 more (3 of 8)
    now = rated(primary, "2025-11-12", {"content": [2, 2, 2], "delivery": [1, 1, 1],
                                        "technology": 2})
    advice = advise(workbook_of(now), primary, today=date(2025, 12, 1))
    assert [(i.dimension_id, i.items_needed) for i in advice.insufficient] == [
        ("strategy", 4), ("content", 1), ("delivery", 1)]
    first = advice.rate_first
    assert (first.dimension_id, first.basis) == ("content", RateFirstBasis.FEWEST_RATINGS_NEEDED)


def test_a_function_that_can_never_get_a_stage_is_not_the_one_to_rate_first(primary):
    # strategy: 5 of 7 items not applicable, 1 rated: rating the last item still leaves 2 of 7
    na_heavy = [None] * 5 + [2]
    now = rated(primary, "2025-11-12", {"strategy": na_heavy, "content": [3, 3, 3],
                                        "delivery": 2, "technology": 2})
    advice = advise(workbook_of(now), primary, today=date(2025, 12, 1))
    strategy = next(i for i in advice.insufficient if i.dimension_id == "strategy")
    assert (strategy.items_needed, len(strategy.open_item_ids), strategy.reachable) == (3, 1, False)
    assert advice.rate_first.dimension_id == "content"


def test_nothing_rated_yet(primary):
    draft = rated(primary, "2025-11-12", {}, status="draft")
    advice = advise(workbook_of(draft), primary, draft, today=date(2025, 12, 1))
    assert advice.is_draft and advice.due is None and advice.previous is None
    assert advice.rate_first.dimension_id == "strategy"  # 4 needed each; framework order
    assert [f.kind for f in advice.findings] == [FindingKind.RATE_FIRST]
    assert not advice.stuck.judged and advice.since_last is None


@pytest.mark.parametrize("total", range(1, 13))
def test_items_needed_agrees_with_the_scoring_rule(total):
    for done in range(total + 1):
        more = items_needed(done, total)
        assert is_sufficient(done + more, total)
        assert more == 0 or not is_sufficient(done + more - 1, total)


# ----------------------------------------------------------------------- stuck vs improved


def test_three_stuck_functions_ask_each_disciplines_questions_once(primary):
    flat = {"strategy": 2, "content": 2, "delivery": 2, "technology": 3}
    moving = {"strategy": 2, "content": 2, "delivery": 2, "technology": 4}
    wb = workbook_of(rated(primary, "2024-05-01", flat), rated(primary, "2024-11-01", flat),
                     rated(primary, "2025-05-01", moving))
    advice = advise(wb, primary, today=date(2025, 6, 1))
    stuck = advice.stuck
    assert [s.dimension_id for s in stuck.functions] == ["strategy", "content", "delivery"]
    ids = [r.discipline_id for r in stuck.reinvent]
    assert len(ids) == len(set(ids)) == 5  # every discipline helps one of the three, once each
    value = next(r for r in stuck.reinvent if r.discipline_id == "value-proposition-design")
    assert value.dimension_ids == ("strategy", "content", "delivery")
    prompts = [p for r in stuck.reinvent for p in r.prompts]
    assert len(prompts) == len(set(prompts)) == 15
    forecasting = next(r for r in stuck.reinvent if r.discipline_id == "forecasting")
    assert forecasting.dimension_ids == ("strategy",)  # technology helped too, but is moving


def test_a_stuck_function_is_never_most_improved(primary):
    # content: 2.0 -> 1.0 -> 2.14: the biggest rise since last time (+1.14), but net +0.14 over
    # the window: stuck. delivery rose +0.5 and is the most improved.
    content_now = [2, 2, 2, 2, 2, 2, 3]
    wb = workbook_of(
        rated(primary, "2024-05-01", {"strategy": 2, "content": 2, "delivery": 2,
                                      "technology": 2}),
        rated(primary, "2024-11-01", {"strategy": 2, "content": 1, "delivery": 2,
                                      "technology": 2}),
        rated(primary, "2025-05-01", {"strategy": 3, "content": content_now,
                                      "delivery": [3, 3, 3, 3, 2, 2, 2, 2], "technology": 3}))
    advice = advise(wb, primary, today=date(2025, 6, 1))
    stuck_ids = {s.dimension_id for s in advice.stuck.functions}
    assert stuck_ids == {"content"}
    assert advice.since_last.function("content").score_change == pytest.approx(8 / 7)
    assert advice.since_last.most_improved.dimension_id == "strategy"  # +1.0, ties go first
    for progress in (advice.since_last, advice.since_baseline):
        if progress is not None and progress.most_improved is not None:
            assert progress.most_improved.dimension_id not in stuck_ids
    assert not any(f.dimension_id in stuck_ids and f.tone is Tone.STRENGTH
                   for f in advice.findings)


def test_newly_rated_items_and_functions_are_not_changes_in_maturity(primary):
    before = rated(primary, "2025-05-14", {"strategy": 2, "content": 2, "delivery": 2,
                                           "technology": [1, 1]})
    after = rated(primary, "2025-11-12", {"strategy": 2, "content": 2,
                                          "delivery": [2, 2, 2, 2, 2, 2, 2, None],
                                          "technology": [1, 1, 3, 3, 3, 3, 3]})
    advice = advise(workbook_of(before, after), primary, today=date(2025, 12, 1))
    tech = advice.since_last.function("technology")
    assert tech.kind is ChangeKind.NEWLY_SCORED and tech.score_change is None
    assert advice.since_last.most_improved is None and advice.since_last.most_declined is None
    kinds = {c.kind for c in advice.since_last.item_changes}
    assert kinds == {ItemChangeKind.NEWLY_RATED, ItemChangeKind.NO_LONGER_RATED}
    assert advice.since_last.maturity_changes == ()
    assert not any(f.kind in (FindingKind.IMPROVED, FindingKind.DECLINED)
                   for f in advice.findings)


# -------------------------------------------------------------------------------- history


def test_forty_assessments(primary):
    """Forty half-yearly reviews: baseline, previous, the stuck window and the due date."""
    start = date(2006, 1, 15)
    reviews = []
    for n in range(40):
        day = (start + timedelta(days=183 * n)).isoformat()
        level = 1 + min(3, n // 10)  # one stage every ten reviews, then flat at the top
        tech = [1 + (n % 2)] * 7  # technology bounces between 1 and 2 for ever
        reviews.append(rated(primary, day, {"strategy": min(level, 3), "content": level,
                                            "delivery": 2, "technology": tech}))
    wb = workbook_of(*reversed(reviews))
    advice = advise(wb, primary, today=date(2026, 1, 1))
    assert len(advice.history) == 40 and advice.current.id == reviews[-1].id
    assert advice.previous.id == reviews[-2].id and advice.baseline.id == reviews[0].id
    assert advice.since_baseline.function("content").score_change == pytest.approx(3.0)
    # window: reviews 37-39. strategy is flat at 3, delivery flat at 2, technology 2 -> 1 -> 2;
    # content sits at the top stage, so it is never stuck
    assert [s.dimension_id for s in advice.stuck.functions] == ["strategy", "delivery",
                                                                "technology"]
    assert advice.stuck.reassessments == advice.rules.stuck_window - 1
    assert advice.bottleneck.dimension_id == "delivery"  # 2.0 vs technology's 2.0: first
    assert advice.findings[0].kind is FindingKind.BOTTLENECK
    assert len(advice.findings) <= MAX_FINDINGS
    assert len({f.dimension_id for f in advice.findings}) == len(advice.findings)
    assert advice.due.last == reviews[-1].day
    # an older assessment sees history as it stood then
    early = advise(wb, primary, reviews[1], today=date(2026, 1, 1))
    assert len(early.history) == 2 and early.since_baseline is None
    assert early.baseline.id == early.previous.id == reviews[0].id


def test_a_draft_is_not_a_reassessment_yet(primary):
    a = rated(primary, "2024-05-01", {d: 2 for d in DIMS})
    b = rated(primary, "2024-11-01", {d: 2 for d in DIMS})
    draft = rated(primary, "2025-05-01", {d: 4 for d in DIMS}, status="draft")
    advice = advise(workbook_of(a, b, draft), primary, draft, today=date(2025, 5, 2))
    assert advice.is_draft and advice.previous.id == b.id and advice.baseline.id == a.id
    assert advice.stuck.assessments_judged == 2
    assert [s.dimension_id for s in advice.stuck.functions] == list(DIMS)
    assert advice.due.last == date(2024, 11, 1)  # drafts do not reset the clock
    assert advice.since_baseline.reference.id == a.id
    assert advise(workbook_of(a, b, draft), primary, today=date(2025, 5, 2)).current.id == b.id


def test_targets_set_suggested_reached_and_unscored(primary):
    one = rated(primary, "2025-05-01", {"strategy": 2, "content": 3, "delivery": 4,
                                        "technology": [1]})
    advice = advise(workbook_of(one), primary, today=date(2025, 6, 1))
    assert advice.targets_suggested and advice.targets == {}
    gaps = {f.dimension_id: f.target for f in advice.functions}
    assert gaps["strategy"].target_level == 3 and gaps["strategy"].suggested
    assert (gaps["delivery"].target_level, gaps["delivery"].status) == (4, GapStatus.REACHED)
    assert gaps["technology"] is None
    one.targets.update({"strategy": 4, "technology": 3})
    advice = advise(workbook_of(one), primary, today=date(2025, 6, 1))
    gaps = {f.dimension_id: f.target for f in advice.functions}
    assert not advice.targets_suggested and gaps["content"] is None
    assert (gaps["strategy"].stages_to_go, gaps["strategy"].suggested) == (2, False)
    assert (gaps["technology"].status, gaps["technology"].stages_to_go) == (
        GapStatus.NOT_SCORED, None)


def test_single_assessment_findings_name_the_bottleneck_and_the_strongest(primary):
    one = rated(primary, "2025-05-01", {"strategy": 2, "content": 3, "delivery": 2,
                                        "technology": 1})
    advice = advise(workbook_of(one), primary, today=date(2025, 6, 1))
    assert [(f.kind, f.dimension_id, f.tone) for f in advice.findings] == [
        (FindingKind.BOTTLENECK, "technology", Tone.GAP),
        (FindingKind.STRONGEST, "content", Tone.STRENGTH)]
    assert advice.since_last is None and not advice.stuck.judged


def test_declines_under_the_notable_change_are_not_findings(primary):
    before = rated(primary, "2025-05-01", {"strategy": 3, "content": 3, "delivery": 3,
                                           "technology": 3})
    after = rated(primary, "2025-11-01", {"strategy": [3, 3, 3, 3, 3, 3, 2], "content": 2,
                                          "delivery": 3, "technology": 3})
    advice = advise(workbook_of(before, after), primary, today=date(2025, 12, 1))
    assert advice.since_last.function("strategy").score_change == pytest.approx(-1 / 7)
    declined = [f.dimension_id for f in advice.findings if f.kind is FindingKind.DECLINED]
    assert declined == []  # content is the bottleneck finding; strategy fell under 0.25
    assert advice.since_last.most_declined.dimension_id == "content"


def test_advise_on_an_empty_workbook_or_another_framework(primary, tiny_framework):
    assert advise(workbook_of(), primary) is None
    other = rated(tiny_framework, "2025-05-01", {"alpha": 2})
    with pytest.raises(ValueError, match="tiny"):
        advise(workbook_of(other), primary, other)



def test_dont_know_is_a_gap_to_find_out_not_a_rating(primary):
    from maturity_workbook.core.workbook import UNKNOWN

    tech = [1, 1, 1, UNKNOWN, UNKNOWN, UNKNOWN, None]  # 3 rated, 3 don't know, 1 N/A
    now = rated(primary, "2025-11-12", {"strategy": 2, "content": 2, "delivery": 2,
                                        "technology": tech})
    advice = advise(workbook_of(now), primary, today=date(2025, 12, 1))
    items = primary.dimension("technology").items
    assert advice.to_find_out == tuple(i.id for i in items[3:6])
    (gap,) = advice.insufficient
    assert (gap.dimension_id, gap.rated, gap.not_applicable, gap.items_needed) == (
        "technology", 3, 1, 1)
    assert gap.open_item_ids == tuple(i.id for i in items[3:6])  # don't know can still be rated
    assert advice.rate_first.dimension_id == "technology" and advice.bottleneck is None
