"""Customers on the matrix: CMI, quadrant, track, tags, imports by id, movement, counts over time."""

from datetime import date

import pytest
from hypothesis import given, strategies as st

from maturity_workbook.core.cmi import Thresholds, parse_cmi_model
from maturity_workbook.core.portfolio import (
    HEALTH_OUT_OF_RANGE, MISSING_QUALIFIER, SCORE_OUT_OF_RANGE, UNKNOWN_QUALIFIER, Customer,
    CustomerUpdate, Scoring, apply_updates, check_scoring, compute_cmi, counts_over_time,
    matrix_points, movement, place, placements, quadrant_counts, timeline_days, track_counts,
    transitions,
)
from maturity_workbook.paths import load_default_cmi_model
from tests.core.test_cmi import GOOD

QUALIFIERS = ("change-readiness", "product-usage", "ambition", "team-skills", "size")


@pytest.fixture(scope="module")
def model():
    return load_default_cmi_model()


@pytest.fixture(scope="module")
def tiny():
    return parse_cmi_model(GOOD)  # usage weight 3, size weight 1; thresholds 60/40


def all_scores(value):
    return {q: value for q in QUALIFIERS}


def scoring(day, health, **scores):
    return Scoring(day, health, scores)


def test_cmi_runs_from_zero_to_a_hundred(model):
    assert compute_cmi(model, all_scores(1)) == 0
    assert compute_cmi(model, all_scores(5)) == 100
    assert compute_cmi(model, all_scores(3)) == 50


def test_cmi_weighs_the_qualifiers(tiny):
    # usage counts three times as much as size: (3*4 + 1*0) / (4*4) = 75
    assert compute_cmi(tiny, {"usage": 5, "size": 1}) == 75
    assert compute_cmi(tiny, {"usage": 1, "size": 5}) == 25
    # one decimal: (3*1 + 1*2) / 16 = 31.25 -> 31.2 (what is shown is what is compared)
    assert compute_cmi(tiny, {"usage": 2, "size": 3}) == pytest.approx(31.2)


def test_cmi_needs_every_qualifier(tiny):
    assert compute_cmi(tiny, {"usage": 5}) is None
    assert compute_cmi(tiny, {"usage": 5, "size": 5, "retired": 1}) == 100


@given(st.dictionaries(st.sampled_from(QUALIFIERS), st.integers(1, 5), min_size=5))
def test_cmi_stays_in_range_and_rises_with_any_score(scores):
    model = load_default_cmi_model()
    cmi = compute_cmi(model, scores)
    assert 0 <= cmi <= 100
    for qualifier in QUALIFIERS:
        if scores[qualifier] < 5:
            assert compute_cmi(model, {**scores, qualifier: scores[qualifier] + 1}) > cmi


def test_quadrant_track_and_tags(model):
    day = date(2024, 3, 1)
    high = place(model, "c1", Scoring(day, 80, all_scores(5)))
    assert (high.quadrant, high.track) == ("expand", "mastery")
    assert high.tags == ("cmi-expand", "high-touch", "track-mastery")
    save = place(model, "c2", Scoring(day, 20, all_scores(4)))
    assert (save.cmi, save.quadrant, save.track) == (75, "save", "mastery")
    nurture = place(model, "c3", Scoring(day, 90, all_scores(2)))
    assert (nurture.cmi, nurture.quadrant, nurture.track) == (25, "nurture", "foundations")
    let_go = place(model, "c4", Scoring(day, 10, all_scores(1)))
    assert let_go.quadrant == "let-go" and "tech-touch" in let_go.tags


def test_a_value_on_the_threshold_is_high(model):
    on_both = place(model, "c", Scoring(date(2024, 1, 1), 50, all_scores(3)))
    assert on_both.cmi == 50 and on_both.quadrant == "expand"
    just_under = place(model, "c", Scoring(date(2024, 1, 1), 49.9, all_scores(3)))
    assert just_under.quadrant == "save"


def test_workbook_thresholds_override_the_model(model):
    s = Scoring(date(2024, 1, 1), 65, all_scores(3))  # CMI 50
    assert place(model, "c", s).quadrant == "expand"
    assert place(model, "c", s, Thresholds(cmi=60, health=70)).quadrant == "let-go"


def test_partly_scored_customer_is_not_placed(model):
    p = place(model, "c", Scoring(date(2024, 1, 1), 70, {"size": 3}))
    assert not p.placed and p.cmi is None and p.track is None and p.tags == ()
    assert p.health == 70


def test_check_scoring_names_each_problem(model):
    issues = check_scoring(model, Scoring(date(2024, 1, 1), 101,
                                          {"size": 6, "ambition": 2, "colour": 3,
                                           "team-skills": True}))
    got = {(i.field, i.code) for i in issues}
    assert ("health", HEALTH_OUT_OF_RANGE) in got
    assert ("size", SCORE_OUT_OF_RANGE) in got and ("team-skills", SCORE_OUT_OF_RANGE) in got
    assert ("colour", UNKNOWN_QUALIFIER) in got
    assert {("change-readiness", MISSING_QUALIFIER), ("product-usage", MISSING_QUALIFIER)} <= got
    assert ("ambition", SCORE_OUT_OF_RANGE) not in got
    assert check_scoring(model, Scoring(date(2024, 1, 1), 0, all_scores(5))) == []


def test_scoring_history_keeps_one_per_day_in_order():
    c = Customer("c", "Café Nordlicht")
    c = c.with_scoring(scoring(date(2024, 6, 1), 60, size=3))
    c = c.with_scoring(scoring(date(2024, 1, 1), 40, size=2))
    c = c.with_scoring(scoring(date(2024, 6, 1), 70, size=4))  # same day: replaces
    assert [(s.day.month, s.health) for s in c.scorings] == [(1, 40), (6, 70)]
    assert c.scoring_on(date(2023, 12, 31)) is None
    assert c.scoring_on(date(2024, 3, 1)).health == 40
    assert c.scoring_on(None).health == 70 and c.last_scored == date(2024, 6, 1)
    assert [s.day.month for s in c.without_scoring(date(2024, 1, 1)).scorings] == [6]


def test_import_adds_new_ids_and_updates_known_ones():
    existing = {"a": Customer("a", "Old name", "a@example.com", "Rita",
                              (scoring(date(2024, 1, 1), 40, size=2),))}
    updates = [
        CustomerUpdate("a", "New name", scoring(date(2024, 7, 1), 60, size=3)),
        CustomerUpdate("b", "مكتب الشرق", scoring(date(2024, 7, 1), 70, size=4),
                       email="b@example.com", owner="Ana"),
        CustomerUpdate("a", "New name", scoring(date(2024, 9, 1), 65, size=3), owner=""),
    ]
    result = apply_updates(existing, updates)
    assert result.added == ("b",) and result.updated == ("a",)
    a = result.customers["a"]
    assert a.name == "New name" and a.email == "a@example.com" and a.owner == ""
    assert [s.day.month for s in a.scorings] == [1, 7, 9]
    assert result.customers["b"].owner == "Ana"
    assert existing["a"].name == "Old name"  # the input is left alone
    assert list(result.customers) == ["a", "b"]


def history(model):
    """Three customers over three dates, with one not scored at first."""
    d1, d2, d3 = date(2024, 1, 15), date(2024, 4, 15), date(2024, 7, 15)
    return [
        Customer("up", "Climber", scorings=(Scoring(d1, 30, all_scores(2)),
                                            Scoring(d3, 80, all_scores(4)))),
        Customer("down", "Faller", scorings=(Scoring(d1, 80, all_scores(4)),
                                             Scoring(d2, 30, all_scores(4)))),
        Customer("late", "Newcomer", scorings=(Scoring(d2, 60, all_scores(1)),)),
        Customer("never", "Unscored"),
    ], (d1, d2, d3)


def test_placements_on_a_day(model):
    customers, (d1, d2, d3) = history(model)
    assert [p.customer_id for p in placements(model, customers, on=d1)] == ["up", "down"]
    latest = {p.customer_id: p.quadrant for p in placements(model, customers)}
    assert latest == {"up": "expand", "down": "save", "late": "nurture"}
    assert quadrant_counts(model, placements(model, customers)) == {
        "expand": 1, "save": 1, "nurture": 1, "let-go": 0}
    assert track_counts(model, placements(model, customers)) == {
        "foundations": 1, "growth": 0, "mastery": 2}


def test_movement_since_a_date(model):
    customers, (d1, d2, d3) = history(model)
    moves = {m.customer_id: m for m in movement(model, customers, since=d1)}
    assert set(moves) == {"up", "down", "late"}
    assert moves["up"].before.quadrant == "let-go" and moves["up"].after.quadrant == "expand"
    assert moves["up"].quadrant_changed and moves["up"].moved
    assert moves["late"].is_new and not moves["late"].quadrant_changed
    assert transitions(moves.values()) == {("let-go", "expand"): 1, ("expand", "save"): 1,
                                           (None, "nurture"): 1}
    # up to d2 only "down" and "late" changed; "up" was last scored on d1
    assert {m.customer_id for m in movement(model, customers, since=d1, until=d2)} == \
        {"down", "late"}
    assert movement(model, customers, since=d3) == []


def test_counts_over_time(model):
    customers, (d1, d2, d3) = history(model)
    timeline = counts_over_time(model, customers)
    assert timeline.days == (d1, d2, d3)
    assert timeline.quadrants == {"expand": (1, 0, 1), "save": (0, 1, 1),
                                  "nurture": (0, 1, 1), "let-go": (1, 1, 0)}
    assert timeline.tracks["mastery"] == (1, 1, 2)
    assert timeline.unplaced == (0, 0, 0)
    for column in range(3):
        placed = sum(counts[column] for counts in timeline.quadrants.values())
        assert placed == sum(counts[column] for counts in timeline.tracks.values())
    between = counts_over_time(model, customers, days=[date(2024, 3, 1)])
    assert between.quadrants["let-go"] == (1,) and between.quadrants["expand"] == (1,)


def test_unplaced_customers_are_counted_apart(model):
    c = Customer("p", "Partial", scorings=(Scoring(date(2024, 1, 1), 50, {"size": 2}),))
    timeline = counts_over_time(model, [c])
    assert timeline.unplaced == (1,) and sum(v[0] for v in timeline.quadrants.values()) == 0


def spread(count, every_days):
    first = date(2022, 1, 1).toordinal()
    return [Customer(f"c{i}", "x", scorings=(
        Scoring(date.fromordinal(first + i * every_days), 50, {}),)) for i in range(count)]


def test_long_histories_are_sampled_by_month_then_quarter():
    monthly = timeline_days(spread(300, 2))  # 600 days: 20 months
    assert len(monthly) == 20 and monthly[-1] == date.fromordinal(
        date(2022, 1, 1).toordinal() + 299 * 2)
    assert all(a.month != b.month for a, b in zip(monthly, monthly[1:]))
    quarterly = timeline_days(spread(400, 3))  # 1,200 days: 40 months, 14 quarters
    assert len(quarterly) == 14 and quarterly == sorted(quarterly)
    assert timeline_days(spread(5, 10)) == [c.last_scored for c in spread(5, 10)]


def test_matrix_points_are_parallel_columns(model):
    customers, _ = history(model)
    points = matrix_points(model, customers)
    assert points.ids == ("up", "down", "late")
    assert points.names == ("Climber", "Faller", "Newcomer")
    assert points.cmi == (75, 75, 0) and points.health == (80, 30, 60)
    assert points.quadrants == ("expand", "save", "nurture")
