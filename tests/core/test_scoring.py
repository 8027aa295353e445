"""Scoring rules, checked against hand-computed tables (see core/scoring.py for the rules)."""

import pytest

from maturity_workbook.core.scoring import is_sufficient, score_assessment, score_dimension


@pytest.mark.parametrize("ratings, score, stage", [
    ({"a1": 1, "a2": 2, "a3": 3, "a4": 4}, 2.5, "Performing"),
    ({"a1": 4, "a2": 4, "a3": 4, "a4": 3}, 3.75, "Scaling"),  # 3.75 has not reached Optimizing
    ({"a1": 2, "a2": 2, "a3": None, "a4": 3}, 7 / 3, "Performing"),  # N/A left out of the mean
    ({"a1": 1, "a2": 1}, 1.0, "Reacting"),  # exactly half rated is enough
    ({"a1": 4, "a2": 4, "a3": 4, "a4": 4}, 4.0, "Optimizing"),
    ({"a1": 3, "a2": 2, "a3": 2}, 7 / 3, "Performing"),  # a4 not yet rated
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
    ratings = {"a1": 3, "a2": 3, "a3": 2, "a4": 4,  # alpha 3.0 -> Scaling
               "b1": 2, "b2": 1}  # beta 1.5 -> Reacting: the bottleneck
    result = score_assessment(tiny_framework, ratings)
    assert result.overall_score == pytest.approx((3.0 + 1.5) / 2)
    assert result.overall_stage.name == "Performing"
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
    assert result.bottleneck.id == "alpha"  # the only dimension with a score
    assert [d.id for d in result.insufficient] == ["beta"]


def test_all_not_applicable(tiny_framework):
    ratings = {item.id: None for item in tiny_framework.items}
    result = score_assessment(tiny_framework, ratings)
    assert result.overall_score is None and result.bottleneck is None
    assert result.next_steps == () and result.disciplines == ()


def test_out_of_range_rating_is_refused(tiny_framework):
    with pytest.raises(ValueError, match="a1 is rated 7"):
        score_dimension(tiny_framework, tiny_framework.dimension("alpha"), {"a1": 7})
