"""History across assessments, checked against hand-computed values (rules in core/history.py).

The tiny framework (tests/conftest.py): levels 1-4 (Reacting, Performing, Scaling, Optimizing);
alpha has items a1-a4, beta has b1-b2; agile helps alpha, forecasting helps alpha and beta.
"""

from datetime import date

import pytest

from maturity_workbook.core.framework import Attribution, Dimension, Framework, Item, Stage
from maturity_workbook.core.history import (
    STATUS_DUE_SOON, STATUS_OK, STATUS_OVERDUE, DueStatus, ItemChangeKind, add_months,
    changed_items, clamp_months, compare, default_targets, due_status, find_stuck, history_views,
    reassessment_due, stuck_dimensions, trend_points, view_assessment,
)
from maturity_workbook.core.workbook import UNRATED, Assessment, Workbook, new_id


def assessment(day, ratings, *, status="final", title="", framework_id="tiny", notes=None,
               targets=None):
    """An assessment whose agreed ratings are set directly (None = not applicable)."""
    a = Assessment(new_id(), framework_id, "1.0", title or f"Assessment {day}", day, status=status,
                   targets=dict(targets or {}))
    for item_id, level in ratings.items():
        entry = a.entry(item_id)
        entry.agreed, entry.agreed_set = level, True
    for item_id, note in (notes or {}).items():
        a.entry(item_id).note = note
    return a


def alpha_beta(alpha, beta):
    """Ratings giving alpha the four levels `alpha` and beta the two levels `beta`."""
    return {**{f"a{i + 1}": v for i, v in enumerate(alpha)},
            **{f"b{i + 1}": v for i, v in enumerate(beta)}}


def workbook_of(*assessments, months=6):
    wb = Workbook(new_id(), "Acme", reassess_months=months)
    for a in assessments:
        wb.assessments[a.id] = a
    return wb


def zero_based_framework():
    """Levels 0-5, one dimension 'create' with two items: models with a stage 0 exist."""
    names = ["Idea", "First", "Deliver", "Repeat", "Measure", "Scale"]
    stages = tuple(Stage(level, name, f"{name}.") for level, name in enumerate(names))
    items = tuple(Item(f"c{n}", "create", f"C{n}?", "", {lv: "x" for lv in range(6)},
                       {lv: f"c{n} {lv} up" for lv in range(5)}) for n in (1, 2))
    dim = Dimension("create", "Create", "Create things.", items)
    return Framework("zero", "1.0", "Zero", Attribution("Test"), stages, (dim,))


# ------------------------------------------------------------------------------------- views


def test_view_scores_agreed_ratings_and_labels(tiny_framework):
    a = assessment("2024-03-12", alpha_beta([1, 2, 2, 3], [None, None]),
                   title="Spring workshop")
    view = view_assessment(tiny_framework, a)
    assert view.scores() == {"alpha": pytest.approx(2.0), "beta": None}  # beta all N/A
    assert view.label == "2024-03-12 — Spring workshop"  # locale-neutral: no month names
    assert view.day == date(2024, 3, 12) and view.version_matches


def test_exactly_half_rated_beta_has_a_score(tiny_framework):
    # b1 rated, b2 not rated at all: one of two items is exactly half, which is enough
    view = view_assessment(tiny_framework, assessment("2024-03-12", {"b1": 3}))
    assert view.score("beta") == 3.0 and view.score("alpha") is None


def test_history_views_keeps_final_assessments_of_the_framework_oldest_first(tiny_framework):
    late = assessment("2025-06-01", {})
    early = assessment("2024-06-01", {})
    draft = assessment("2025-09-01", {}, status="draft")
    other = assessment("2025-01-01", {}, framework_id="other")
    wb = workbook_of(late, draft, other, early)
    assert [v.id for v in history_views(wb, tiny_framework)] == [early.id, late.id]
    assert [v.id for v in history_views(wb, tiny_framework, final_only=False)] == [
        early.id, late.id, draft.id]
    assert [v.id for v in history_views(wb, tiny_framework, until=early)] == [early.id]
    assert [v.id for v in history_views(wb, tiny_framework, until=draft)] == [
        early.id, late.id, draft.id]


# -------------------------------------------------------------------------------- comparison


def test_compare_deltas_items_and_most_improved(tiny_framework):
    before = assessment("2024-01-10", alpha_beta([1, 2, 2, 3], [1, 2]),
                        notes={"a1": "No plan yet.", "b1": "Ad hoc."})
    after = assessment("2024-07-10", alpha_beta([2, 2, 3, 3], [3, 3]),
                       notes={"a1": "Plan drafted.", "a2": "Same as before."})
    result = compare(tiny_framework, before, after)
    alpha, beta = result.dimension("alpha"), result.dimension("beta")
    # alpha 2.0 (Performing) -> 2.5 (Performing); beta 1.5 (Reacting) -> 3.0 (Scaling)
    assert alpha.score_change == pytest.approx(0.5) and alpha.stage_change == 0
    assert beta.score_change == pytest.approx(1.5) and beta.stage_change == 2
    assert result.overall_change == pytest.approx((2.5 + 3.0) / 2 - (2.0 + 1.5) / 2)
    assert result.most_improved is beta and result.most_declined is None
    changes = [(c.item.id, c.before, c.after, c.level_change) for c in result.items]
    assert changes == [("a1", 1, 2, 1), ("a3", 2, 3, 1), ("b1", 1, 3, 2), ("b2", 2, 3, 1)]
    a1 = result.items[0]
    assert (a1.before_note, a1.after_note, a1.dimension_id) == ("No plan yet.", "Plan drafted.",
                                                                "alpha")
    assert result.items[2].after_note == ""  # b1 has no note in the later assessment


def test_compare_insufficient_side_gives_no_delta_and_decline(tiny_framework):
    before = assessment("2024-01-10", alpha_beta([3, 3, 3, 3], [2, 2]))
    after = assessment("2024-07-10", alpha_beta([2, 3, 2, 3], [None, None]))
    result = compare(tiny_framework, view_assessment(tiny_framework, before), after)
    beta = result.dimension("beta")
    assert beta.score_change is None and beta.stage_change is None
    assert result.overall_change is None
    alpha = result.dimension("alpha")
    assert alpha.score_change == pytest.approx(-0.5) and alpha.stage_change == -1
    assert result.most_declined is alpha and result.most_improved is None
    # N/A is a change of rating, without a level change
    assert [(c.item.id, c.before, c.after, c.level_change) for c in result.items] == [
        ("a1", 3, 2, -1), ("a3", 3, 2, -1), ("b1", 2, None, None), ("b2", 2, None, None)]


def test_most_improved_and_declined_ties_go_to_framework_order(tiny_framework):
    before = assessment("2024-01-10", alpha_beta([2, 2, 2, 2], [2, 2]))
    after = assessment("2024-07-10", alpha_beta([3, 3, 2, 2], [3, 2]))  # both +0.5
    assert compare(tiny_framework, before, after).most_improved.id == "alpha"
    assert compare(tiny_framework, after, before).most_declined.id == "alpha"


def test_unchanged_assessments_have_no_improved_declined_or_items(tiny_framework):
    a = assessment("2024-01-10", alpha_beta([2, 2, 2, 2], [2, 2]))
    b = assessment("2024-07-10", alpha_beta([2, 2, 2, 2], [2, 2]))
    result = compare(tiny_framework, a, b)
    assert result.most_improved is None and result.most_declined is None and result.items == ()
    assert [d.score_change for d in result.dimensions] == [0.0, 0.0]


def test_changed_items_covers_unrated_and_not_applicable(tiny_framework):
    before = assessment("2024-01-10", {"a1": None, "a2": 2})
    after = assessment("2024-07-10", {"a1": None, "a2": None, "a3": 1})
    changes = changed_items(tiny_framework, before, after)
    assert [(c.item.id, c.before, c.after) for c in changes] == [("a2", 2, None),
                                                                 ("a3", UNRATED, 1)]


def test_compare_refuses_another_framework(tiny_framework):
    with pytest.raises(ValueError, match="other"):
        compare(tiny_framework, assessment("2024-01-10", {}, framework_id="other"),
                assessment("2024-07-10", {}))


def test_only_level_to_level_is_a_change_in_maturity(tiny_framework):
    # "not rated -> Scaling" and "Performing -> not applicable" change what is known, not maturity
    before = assessment("2024-01-10", {"a1": 2, "a2": 2, "a3": None, "b1": 3})
    after = assessment("2024-07-10", {"a1": 3, "a2": None, "a3": 3, "a4": 3, "b1": 1, "b2": None})
    result = compare(tiny_framework, before, after)
    kinds = {c.item.id: c.kind for c in result.items}
    assert kinds == {"a1": ItemChangeKind.UP, "a2": ItemChangeKind.NO_LONGER_RATED,
                     "a3": ItemChangeKind.NEWLY_RATED, "a4": ItemChangeKind.NEWLY_RATED,
                     "b1": ItemChangeKind.DOWN, "b2": ItemChangeKind.ANSWER}
    assert [c.item.id for c in result.maturity_changes] == ["a1", "b1"]
    assert [c.item.id for c in result.answer_changes] == ["a2", "a3", "a4", "b2"]
    assert not any(c.is_maturity_change for c in result.answer_changes)


def test_due_status_is_an_enum_with_the_json_words():
    assert [s.value for s in DueStatus] == ["ok", "due-soon", "overdue"]
    assert STATUS_OVERDUE == "overdue" and due_status(date(2025, 1, 1), 6,
                                                      date(2025, 6, 15)).soon_days == 30


# ------------------------------------------------------------------------------------- stuck


def views(framework, *levels):
    """Final assessments six months apart: each entry is (alpha levels, beta levels)."""
    days = ["2023-01-15", "2023-07-15", "2024-01-15", "2024-07-15", "2025-01-15"]
    return [view_assessment(framework, assessment(days[i], alpha_beta(a, b)))
            for i, (a, b) in enumerate(levels)]


def test_stuck_over_two_reassessments_uses_net_change(tiny_framework):
    # alpha 2.0 -> 2.5 -> 2.0: moved, came back, net 0 -> stuck
    # beta  1.5 -> 2.0 -> 2.0: net +0.5 -> moving
    history = views(tiny_framework, ([2, 2, 2, 2], [1, 2]), ([3, 2, 3, 2], [2, 2]),
                    ([2, 2, 2, 2], [2, 2]))
    stuck = find_stuck(history)
    assert [s.id for s in stuck] == ["alpha"]
    alpha = stuck[0]
    assert alpha.change == pytest.approx(0.0) and alpha.reassessments == 2
    assert [score for _, score in alpha.points] == [2.0, 2.5, 2.0]
    assert [d.id for d in alpha.disciplines] == ["agile", "forecasting"]
    assert [(d.id, p) for d, p in alpha.prompts] == [
        ("agile", "Could you ship it by Friday?"), ("forecasting", "What result do you promise?")]


def test_stuck_window_is_the_last_three_assessments(tiny_framework):
    # alpha 1.0, 2.0, 2.0, 2.0: it rose long ago, flat over the last two reassessments -> stuck
    # beta  2.0, 2.0, 2.0, 2.5: +0.5 over the window -> moving
    history = views(tiny_framework, ([1, 1, 1, 1], [2, 2]), ([2, 2, 2, 2], [2, 2]),
                    ([2, 2, 2, 2], [2, 2]), ([2, 2, 2, 2], [2, 3]))
    assert [s.id for s in find_stuck(history)] == ["alpha"]
    assert [d for d, _ in find_stuck(history)[0].points] == [
        date(2023, 7, 15), date(2024, 1, 15), date(2024, 7, 15)]


@pytest.mark.parametrize("first, last, stuck", [
    ([2, 2, 2, 2], [3, 2, 2, 2], False),  # +0.25 exactly: a quarter of a stage has moved
    ([3, 2, 2, 2], [2, 2, 2, 2], False),  # -0.25 exactly: a decline, not stuck
    ([2, 2, 2, 2], [2, 2, 2, 2], True),
    ([1, 2, 2, 2], [2, 2, 2, 1], True),  # 1.75 -> 1.75 (a different item moved each way)
    ([2, 2, 2, 2], [1, 1, 1, 1], False),  # -1.0
])
def test_stuck_with_one_reassessment_and_threshold(tiny_framework, first, last, stuck):
    history = views(tiny_framework, (first, [4, 4]), (last, [4, 4]))
    result = find_stuck(history)
    assert [s.id for s in result] == (["alpha"] if stuck else [])
    if stuck:
        assert result[0].reassessments == 1


def test_top_of_the_model_is_not_stuck(tiny_framework):
    # beta stays at 4.0 (Optimizing) in the tests above; alpha at 4.0 too here
    history = views(tiny_framework, ([4, 4, 4, 4], [4, 4]), ([4, 4, 4, 4], [4, 4]))
    assert find_stuck(history) == ()


def test_stuck_needs_scores_at_both_ends_of_the_window(tiny_framework):
    # beta insufficient in the first view of the window: not judged; alpha insufficient in the
    # middle only: judged on first and last (2.0 -> 2.0, stuck)
    history = views(tiny_framework, ([2, 2, 2, 2], [None, None]), ([2], [2, 2]),
                    ([2, 2, 2, 2], [2, 2]))
    assert [s.id for s in find_stuck(history)] == ["alpha"]
    assert find_stuck(history)[0].points[1][1] is None


def test_nothing_is_stuck_without_a_reassessment(tiny_framework):
    assert find_stuck(views(tiny_framework, ([2, 2, 2, 2], [2, 2]))) == ()
    assert find_stuck([]) == ()


def test_stuck_dimensions_from_a_workbook_ignores_drafts(tiny_framework):
    a = assessment("2024-01-10", alpha_beta([2, 2, 2, 2], [1, 1]))
    b = assessment("2024-07-10", alpha_beta([2, 2, 2, 2], [3, 3]))
    draft = assessment("2024-12-10", alpha_beta([4, 4, 4, 4], [3, 3]), status="draft")
    wb = workbook_of(a, b, draft)
    assert [s.id for s in stuck_dimensions(wb, tiny_framework)] == ["alpha"]
    assert stuck_dimensions(wb, tiny_framework, until=a) == ()


# ----------------------------------------------------------------------------------- due date


@pytest.mark.parametrize("start, months, expected", [
    (date(2025, 1, 31), 6, date(2025, 7, 31)),
    (date(2025, 8, 31), 6, date(2026, 2, 28)),  # clamped to the end of February
    (date(2023, 8, 31), 6, date(2024, 2, 29)),  # leap year
    (date(2025, 3, 15), 12, date(2026, 3, 15)),
    (date(2025, 12, 1), 1, date(2026, 1, 1)),
])
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize("today, days_left, status", [
    (date(2025, 3, 1), 152, STATUS_OK),
    (date(2025, 6, 30), 31, STATUS_OK),
    (date(2025, 7, 1), 30, STATUS_DUE_SOON),
    (date(2025, 7, 31), 0, STATUS_DUE_SOON),  # due today: not yet overdue
    (date(2025, 8, 1), -1, STATUS_OVERDUE),
    (date(2026, 1, 31), -184, STATUS_OVERDUE),
])
def test_due_status(today, days_left, status):
    due = due_status(date(2025, 1, 31), 6, today)
    assert due.due == date(2025, 7, 31)
    assert (due.days_left, due.status, due.overdue_days) == (days_left, status, max(0, -days_left))


def test_interval_is_clamped_to_six_to_twelve_months():
    assert [clamp_months(m) for m in (None, 1, 6, 9, 12, 24)] == [6, 6, 6, 9, 12, 12]
    assert due_status(date(2025, 1, 10), 24, date(2025, 1, 10)).due == date(2026, 1, 10)


def test_reassessment_due_from_the_latest_final_assessment(tiny_framework):
    wb = workbook_of(assessment("2024-02-01", {}), assessment("2024-09-15", {}),
                     assessment("2025-01-01", {}, status="draft"), months=9)
    due = reassessment_due(wb, date(2025, 6, 1))
    assert (due.last, due.months, due.due) == (date(2024, 9, 15), 9, date(2025, 6, 15))
    assert (due.days_left, due.status) == (14, STATUS_DUE_SOON)
    assert reassessment_due(wb, date(2025, 6, 1), framework_id="other") is None
    assert reassessment_due(workbook_of(), date(2025, 6, 1)) is None


# -------------------------------------------------------------------------------- trend, targets


def test_trend_points_have_gaps_for_insufficient_data(tiny_framework):
    history = views(tiny_framework, ([1, 2, 2, 3], [1, 2]), ([2, 2, 3, 3], [None, None]),
                    ([3, 3, 3, 3], [2, 3]))
    points = trend_points(history)
    assert list(points) == ["alpha", "beta"]
    assert points["alpha"] == [(date(2023, 1, 15), 2.0), (date(2023, 7, 15), 2.5),
                               (date(2024, 1, 15), 3.0)]
    assert points["beta"] == [(date(2023, 1, 15), 1.5), (date(2023, 7, 15), None),
                              (date(2024, 1, 15), 2.5)]
    assert trend_points([]) == {}


def test_default_targets_one_stage_up_capped_at_the_top(tiny_framework):
    # alpha 2, 2, 2, 3 -> Performing (2) -> target 3; beta 4.0 -> Optimizing, the top -> 4
    view = view_assessment(tiny_framework, assessment("2024-01-10", alpha_beta([2, 2, 2, 3],
                                                                               [4, 4])))
    assert default_targets(view) == {"alpha": 3, "beta": 4}
    # an insufficient dimension gets no default
    view = view_assessment(tiny_framework, assessment("2024-01-10", {"a1": 1, "a2": 1}))
    assert default_targets(view.result) == {"alpha": 2}


def test_default_targets_with_a_stage_zero():
    framework = zero_based_framework()
    view = view_assessment(framework, assessment("2024-01-10", {"c1": 0, "c2": 1},
                                                 framework_id="zero"))
    assert view.score("create") == 0.5 and view.dimension("create").stage.level == 0
    assert default_targets(view) == {"create": 1}


def test_a_facilitated_draft_scores_only_what_the_room_has_seen(tiny_framework):
    from maturity_workbook.core import ops
    from tests.core.ops.test_operations import workbook_with

    wb, a, pids = workbook_with(("Ana", "Bo"))
    ops.SetFacilitated(a.id, True).apply(wb)
    for item in ("a1", "a2"):
        for pid in pids:
            ops.SetRating(a.id, item, pid, 3).apply(wb)
    assert view_assessment(tiny_framework, a).result.dimension("alpha").rated == 0  # hidden
    ops.SetRevealed(a.id, "a1", True).apply(wb)
    assert view_assessment(tiny_framework, a).result.dimension("alpha").rated == 1
    ops.SetFacilitated(a.id, False).apply(wb)  # an open room: every vote is seen as it is cast
    assert view_assessment(tiny_framework, a).result.dimension("alpha").rated == 2
