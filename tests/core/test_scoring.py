"""Scoring rules, checked against hand-computed tables (see core/scoring.py for the rules)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maturity_workbook.core.scoring import (
    is_sufficient, placed_level, score_assessment, score_dimension,
)


@pytest.mark.parametrize("ratings, score, stage", [
    # three of four reached Performing; only two reached Scaling: not most
    ({"a1": 1, "a2": 2, "a3": 3, "a4": 4}, 2.5, "Performing"),
    ({"a1": 4, "a2": 4, "a3": 4, "a4": 3}, 3.75, "Optimizing"),  # three of four are there
    ({"a1": 2, "a2": 2, "a3": None, "a4": 3}, 7 / 3, "Performing"),  # N/A left out; 1 of 3 at 3
    ({"a1": 1, "a2": 1}, 1.0, "Reacting"),  # exactly half rated is enough
    ({"a1": 4, "a2": 4, "a3": 4, "a4": 4}, 4.0, "Optimizing"),
    ({"a1": 3, "a2": 2, "a3": 2}, 7 / 3, "Performing"),  # a4 not yet rated
    ({"a1": 1, "a2": 1, "a3": 1, "a4": 4}, 1.75, "Reacting"),  # one strong item carries nothing
    ({"a1": 1, "a2": 1, "a3": 4, "a4": 4}, 2.5, "Reacting"),  # split evenly: not yet the higher
    ({"a1": 3, "a2": 3, "a3": 2, "a4": 2}, 2.5, "Performing"),  # split evenly: not yet Scaling
    ({"a1": 3, "a2": 3, "a3": 3, "a4": 2}, 2.75, "Scaling"),  # most items are there
])
def test_dimension_score_and_stage(tiny_framework, ratings, score, stage):
    result = score_dimension(tiny_framework, tiny_framework.dimension("alpha"), ratings)
    assert result.score == pytest.approx(score)
    assert result.stage.name == stage


@pytest.mark.parametrize("ratings, rated, na, unanswered", [
    ({"a1": 2}, 1, 0, 3),  # one of four: below half
    ({"a1": None, "a2": None, "a3": None, "a4": None}, 0, 4, 0),  # all N/A
    ({"a1": 3, "a2": None, "a3": None, "a4": None}, 1, 3, 0),  # N/A does not count as rated
    ({}, 0, 0, 4),
])
def test_dimension_below_half_rated_is_insufficient(tiny_framework, ratings, rated, na, unanswered):
    result = score_dimension(tiny_framework, tiny_framework.dimension("alpha"), ratings)
    assert result.score is None and result.stage is None and not result.sufficient
    assert (result.rated, result.not_applicable, result.unanswered) == (rated, na, unanswered)
    assert result.next_steps == ()


def test_sufficiency_threshold():
    assert [is_sufficient(r, 4) for r in range(5)] == [False, False, True, True, True]
    assert [is_sufficient(r, 3) for r in range(4)] == [False, False, True, True]
    assert not is_sufficient(0, 0)


def test_coverage_counts_only_levels(tiny_framework):
    result = score_dimension(tiny_framework, tiny_framework.dimension("alpha"),
                             {"a1": 2, "a2": None, "a3": 3})
    assert result.coverage == pytest.approx(0.5)


def test_overall_bottleneck_and_next_steps(tiny_framework):
    ratings = {"a1": 3, "a2": 3, "a3": 2, "a4": 4,  # alpha: 3 of 4 at Scaling or above
               "b1": 2, "b2": 1}  # beta: one item at Performing cannot carry it: Reacting
    result = score_assessment(tiny_framework, ratings)
    assert result.overall_score == pytest.approx((3.0 + 1.5) / 2)
    # the same rule over the function stages (Scaling, Reacting): one function carries nothing
    assert result.overall_stage.name == "Reacting"
    assert result.bottleneck.id == "beta"
    # beta's stage is 1 (Reacting): only items at level 1 may move; b2 at 1 -> 2
    assert [(s.item_id, s.from_level, s.to_level, s.advice) for s in result.next_steps] == [
        ("b2", 1, 2, "b2 one to two")]
    assert [d.id for d in result.disciplines] == ["forecasting"]


def test_next_steps_lowest_first_at_most_three_no_leaping(tiny_framework):
    # alpha: 1, 2, 2, 4 -> mean 2.25, stage 2; candidates at or below level 2: a1(1), a2(2), a3(2)
    result = score_dimension(tiny_framework, tiny_framework.dimension("alpha"),
                             {"a1": 1, "a2": 2, "a3": 2, "a4": 4})
    assert [(s.item_id, s.from_level) for s in result.next_steps] == [
        ("a1", 1), ("a2", 2), ("a3", 2)]
    # a4 is already above the dimension's stage: advice for it would leap ahead of the others
    result = score_dimension(tiny_framework, tiny_framework.dimension("alpha"),
                             {"a1": 1, "a2": 1, "a3": 1, "a4": 3})
    assert [s.item_id for s in result.next_steps] == ["a1", "a2", "a3"]
    assert all(s.to_level == 2 for s in result.next_steps)


def test_no_next_steps_at_the_top(tiny_framework):
    result = score_dimension(tiny_framework, tiny_framework.dimension("beta"), {"b1": 4, "b2": 4})
    assert result.stage.name == "Optimizing" and result.next_steps == ()


def test_bottleneck_ties_go_to_framework_order(tiny_framework):
    ratings = {"a1": 2, "a2": 2, "a3": 2, "a4": 2, "b1": 2, "b2": 2}
    assert score_assessment(tiny_framework, ratings).bottleneck.id == "alpha"


def test_overall_needs_every_dimension(tiny_framework):
    result = score_assessment(tiny_framework, {"a1": 2, "a2": 2, "a3": 2, "b1": None, "b2": None})
    assert result.overall_score is None and result.overall_stage is None
    # alpha is the only function with a stage, but beta may be weaker: not known yet
    assert result.bottleneck is None and [d.id for d in result.rate_first] == ["beta"]
    assert [d.id for d in result.insufficient] == ["beta"]


def test_all_not_applicable(tiny_framework):
    ratings = {item.id: None for item in tiny_framework.items}
    result = score_assessment(tiny_framework, ratings)
    assert result.overall_score is None and result.bottleneck is None
    assert result.next_steps == () and result.disciplines == ()


def test_out_of_range_rating_is_refused(tiny_framework):
    with pytest.raises(ValueError, match="a1 is rated 7"):
        score_dimension(tiny_framework, tiny_framework.dimension("alpha"), {"a1": 7})


# ------------------------------------------------------------------ what the stage rests on

def test_stage_rests_on_counts_per_level(tiny_framework):
    result = score_dimension(tiny_framework, tiny_framework.dimension("alpha"),
                             {"a1": 3, "a2": 3, "a3": 2, "a4": 4})
    assert result.stage.name == "Scaling"
    assert dict(result.level_counts) == {1: 0, 2: 1, 3: 2, 4: 1}
    assert (result.at_or_above, result.rated) == (3, 4)
    assert result.below == {2: 1}
    assert result.score == pytest.approx(3.0)


def test_no_stage_rests_on_nothing(tiny_framework):
    result = score_dimension(tiny_framework, tiny_framework.dimension("alpha"), {"a1": 3})
    assert result.stage is None and result.at_or_above == 0 and result.below == {}
    assert result.level_counts[3] == 1  # the one answer is still reported


# ------------------------------------------------------------- not applicable and don't know

def test_dont_know_is_a_gap_listed_to_find_out(tiny_framework):
    from maturity_workbook.core.workbook import UNKNOWN

    ratings = {"a1": 2, "a2": UNKNOWN, "a3": UNKNOWN, "a4": None, "b1": UNKNOWN, "b2": 3}
    result = score_assessment(tiny_framework, ratings)
    alpha = result.dimension("alpha")
    assert (alpha.rated, alpha.unknown, alpha.not_applicable, alpha.unanswered) == (1, 2, 1, 0)
    assert alpha.coverage == pytest.approx(1 / 4) and alpha.applicable == 3
    assert alpha.stage is None and alpha.no_stage_reason == "too-few-rated"
    assert [item.id for item in result.to_find_out] == ["a2", "a3", "b1"]


def test_not_applicable_is_left_out_of_the_score(tiny_framework):
    result = score_dimension(tiny_framework, tiny_framework.dimension("alpha"),
                             {"a1": 3, "a2": 3, "a3": None, "a4": None})
    assert result.score == pytest.approx(3.0) and result.stage.name == "Scaling"
    assert result.unknown_items == () and result.applicable == 2


def test_dont_know_and_not_applicable_are_not_the_same_answer(tiny_framework):
    from maturity_workbook.core.workbook import UNKNOWN

    na = score_assessment(tiny_framework, {"a1": 3, "a2": 3, "a3": None, "a4": None})
    dk = score_assessment(tiny_framework, {"a1": 3, "a2": 3, "a3": UNKNOWN, "a4": UNKNOWN})
    assert na.dimension("alpha").stage == dk.dimension("alpha").stage  # neither is a level
    assert na.to_find_out == () and [i.id for i in dk.to_find_out] == ["a3", "a4"]
    assert (na.dimension("alpha").applicable, dk.dimension("alpha").applicable) == (2, 4)


def test_a_function_rated_all_not_applicable_says_so(tiny_framework):
    result = score_assessment(tiny_framework, {"a1": 2, "a2": 2, "a3": 3, "b1": None, "b2": None})
    assert result.dimension("beta").no_stage_reason == "not-applicable"
    assert result.dimension("alpha").no_stage_reason is None
    assert [d.id for d in result.rate_first] == ["beta"] and result.bottleneck is None


# ------------------------------------------------------------------ an unknown bottleneck

def test_bottleneck_unknown_while_a_function_lacks_data(tiny_framework):
    # beta is clearly weaker than alpha, but alpha is unrated: the weakest is not known yet
    result = score_assessment(tiny_framework, {"b1": 1, "b2": 1, "a1": 4})
    assert result.bottleneck is None and result.no_bottleneck_reason == "rate-first"
    assert [d.id for d in result.rate_first] == ["alpha"]
    assert result.next_steps == () and result.disciplines == ()
    assert result.dimension("beta").stage.name == "Reacting"  # placed functions keep their stage


def test_bottleneck_is_lowest_stage_then_lowest_score(tiny_framework):
    # alpha: mean 2.75, Scaling (3 of 4 at 3 or above); beta: mean 3.0, Scaling
    result = score_assessment(tiny_framework, {"a1": 3, "a2": 3, "a3": 3, "a4": 2,
                                               "b1": 3, "b2": 3})
    assert result.bottleneck.id == "alpha"  # same stage, lower score
    # a higher mean does not hide a lower stage: alpha 1,1,4,4 (mean 2.5) is Reacting, beta 2,2
    # (mean 2.0) is Performing
    result = score_assessment(tiny_framework, {"a1": 1, "a2": 1, "a3": 4, "a4": 4,
                                               "b1": 2, "b2": 2})
    assert result.dimension("alpha").stage.name == "Reacting"
    assert result.bottleneck.id == "alpha"


def test_all_functions_not_applicable_has_no_bottleneck_and_says_why(tiny_framework):
    result = score_assessment(tiny_framework, {item.id: None for item in tiny_framework.items})
    assert result.no_bottleneck_reason == "rate-first"
    assert [d.no_stage_reason for d in result.rate_first] == ["not-applicable"] * 2


# -------------------------------------------------------------------- the rule's properties

STAGES = (1, 2, 3, 4)
levels_strategy = st.lists(st.integers(1, 4), min_size=1, max_size=14)


@given(levels_strategy)
def test_stage_is_the_highest_that_most_items_reached(levels):
    stage = placed_level(levels, STAGES)
    assert 2 * sum(1 for v in levels if v >= stage) > len(levels)
    if stage < 4:
        assert 2 * sum(1 for v in levels if v >= stage + 1) <= len(levels)


@given(levels_strategy)
def test_one_strong_item_never_carries_a_function(levels):
    """However high one item is rated, alone it lifts nothing: the stage without it is at least
    the stage with it minus one, and a lone item above the rest never sets the stage."""
    stage = placed_level(levels, STAGES)
    if len(levels) >= 2:
        top = max(levels)
        if sum(1 for v in levels if v == top) == 1 and top > sorted(levels)[-2]:
            assert stage <= sorted(levels)[-2]


@given(levels_strategy)
def test_stage_is_the_median_item_lower_middle(levels):
    assert placed_level(levels, STAGES) == sorted(levels)[(len(levels) - 1) // 2]


@given(levels_strategy, st.integers(0, 13), st.integers(1, 4))
def test_raising_an_item_never_lowers_the_stage(levels, index, new):
    index %= len(levels)
    if new >= levels[index]:
        raised = levels[:index] + [new] + levels[index + 1:]
        assert placed_level(raised, STAGES) >= placed_level(levels, STAGES)


def test_uniform_functions_sit_at_their_level():
    for level in STAGES:
        assert placed_level([level] * 7, STAGES) == level
    assert placed_level([3, 3, 3, 3, 3, 2, 2], STAGES) == 3  # the 5-and-2 function


def test_weakest_placed_is_named_apart_from_an_unknown_bottleneck(tiny_framework):
    result = score_assessment(tiny_framework, {"b1": 1, "b2": 1, "a1": 4})
    assert result.bottleneck is None and result.weakest_placed.id == "beta"
    known = score_assessment(tiny_framework, {"a1": 2, "a2": 2, "b1": 1, "b2": 1})
    assert known.bottleneck is known.weakest_placed
