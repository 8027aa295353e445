"""The plan's records: the goal (versions in force from a date), its 1-5 metrics and their values
at each assessment, with the rules an edit must keep (no Qt, no files)."""

from datetime import date

import pytest

from maturity_workbook.core import kinds, plan
from maturity_workbook.core.errors import InvalidValue, NotFound
from maturity_workbook.core.ops import AddRecord, CreateAssessment, RemoveRecord, UpdateRecord
from maturity_workbook.core.ops import plan_ops
from maturity_workbook.core.plan import ACTUALS, GOALS, METRICS
from maturity_workbook.core.workbook import Workbook, new_id


def assess(wb, day, title=None):
    applied = CreateAssessment("tiny", "1.0", title or f"Workshop {day}", day, ()).apply(wb)
    return wb.assessments[applied.change.assessment_id]


def add_goal(wb, since="2025-01-01", priority="renewals", statement="Lift renewals"):
    return AddRecord(GOALS, {"priority": priority, "statement": statement,
                             "since": since}).apply(wb).change.record_id


def add_metric(wb, goal_id, name, baseline=None, target=None, **more):
    fields = {"goal_id": goal_id, "name": name, "baseline": baseline, "target": target,
              "position": plan_ops.next_position(wb, goal_id), **more}
    return AddRecord(METRICS, fields).apply(wb).change.record_id


@pytest.fixture
def wb():
    return Workbook(new_id(), "Northwind")


def test_the_plan_kinds_are_declared_for_the_store():
    declared = kinds.kinds()
    assert {"goals", "metrics", "metric_actuals", "actions", "phases"} <= set(declared)
    assert declared["goals"].dependents == (("metrics", "goal_id"),)
    assert declared["metrics"].dependents == (("metric_actuals", "metric_id"),)


def test_the_twelve_priorities_or_the_teams_own_words(wb):
    assert len(plan.PRIORITIES) == 12 and len(set(plan.PRIORITIES)) == 12
    gid = add_goal(wb, priority="support-calls")
    assert wb.collection(GOALS)[gid].priority == "support-calls"
    own = AddRecord(GOALS, {"priority": "", "own_priority": "Win the public sector 🇰🇷 공공",
                            "statement": "", "since": "2026-01-01"}).apply(wb)
    assert wb.collection(GOALS)[own.change.record_id].own_priority.startswith("Win")
    with pytest.raises(InvalidValue, match="company priority"):
        add_goal(wb, since="2027-01-01", priority="world-domination")
    with pytest.raises(InvalidValue, match="since"):
        add_goal(wb, since="2025-01-01")  # two versions cannot start the same day
    with pytest.raises(InvalidValue):
        AddRecord(GOALS, {"priority": "renewals"}).apply(wb)  # a version needs its date


def test_one_to_five_metrics_per_goal_version(wb):
    gid = add_goal(wb)
    ids = [add_metric(wb, gid, f"Metric {n}") for n in range(5)]
    with pytest.raises(InvalidValue, match="at most 5"):
        add_metric(wb, gid, "Sixth")
    assert [m.id for m in plan.metrics_of(wb, gid)] == ids  # in their position order
    other = add_goal(wb, since="2026-01-01")
    add_metric(wb, other, "Counts on its own goal")
    with pytest.raises(InvalidValue, match="at most 5"):  # moving one in is adding one
        UpdateRecord(METRICS, plan.metrics_of(wb, other)[0].id, {"goal_id": gid}).apply(wb)
    with pytest.raises(InvalidValue, match="not in this workbook"):
        add_metric(wb, "no-such-goal", "Orphan")


def test_a_rule_a_merge_broke_does_not_block_fixing_the_record(wb):
    gid = add_goal(wb)
    for n in range(5):
        add_metric(wb, gid, f"M{n}")
    sixth = plan.Metric("m6", gid, "Merged in", "%", None, None, None, None, "", 9, "gone")
    wb.collection(METRICS)["m6"] = sixth  # as a merge of two laptops can leave it
    assert UpdateRecord(METRICS, "m6", {"name": "Renamed"}).apply(wb) is not None
    assert plan.lineage(wb, sixth) == [sixth]  # the dangling `continues` ends the chain


def test_values_per_assessment_have_one_record_per_pair(wb):
    gid = add_goal(wb)
    mid = add_metric(wb, gid, "Renewal rate", 87, 92, unit="%")
    a = assess(wb, "2025-05-14")
    applied = plan_ops.SetActual(mid, a.id, 88.5).apply(wb)
    assert applied.change.record_id == plan.actual_id(mid, a.id)
    assert plan_ops.SetActual(mid, a.id, 88.5).apply(wb) is None
    plan_ops.SetActual(mid, a.id, 89, note="Q2 board pack").apply(wb)
    assert len(wb.collection(ACTUALS)) == 1
    assert plan.actual_at(wb, wb.collection(METRICS)[mid], a.id).value == 89
    with pytest.raises(InvalidValue):
        AddRecord(ACTUALS, {"metric_id": mid, "assessment_id": a.id, "value": 1}).apply(wb)
    with pytest.raises(NotFound):
        plan_ops.SetActual(mid, "no-such-assessment", 3).apply(wb)
    with pytest.raises(InvalidValue):
        plan_ops.SetActual(mid, a.id, float("nan")).apply(wb)
    assert plan_ops.SetActual(mid, a.id, None).apply(wb) is not None
    assert not wb.collection(ACTUALS)


def test_the_goal_at_each_assessment_is_the_version_then_in_force(wb):
    first, second, third = (assess(wb, d) for d in ("2025-05-14", "2025-11-12", "2026-05-13"))
    assert plan.goal_at(wb, first) is None and plan.current_goal(wb) is None
    v1 = add_goal(wb, since="2025-05-01", priority="onboarding", statement="Faster start")
    v2 = plan_ops.ChangeGoal({"priority": "product-usage", "statement": "Use more features",
                              "since": "2025-11-12"}).apply(wb).change.record_id
    assert [g.id for g in plan.goal_versions(wb)] == [v1, v2]
    assert plan.goal_at(wb, first).id == v1
    assert plan.goal_at(wb, second).id == v2  # in force on the day of the assessment
    assert plan.goal_at(wb, third).id == v2 and plan.current_goal(wb).id == v2
    # correcting the current version's wording leaves the earlier one as it was
    UpdateRecord(GOALS, v2, {"statement": "Trained accounts use more features"}).apply(wb)
    assert plan.goal_at(wb, first).statement == "Faster start"


def test_a_changed_goal_carries_its_metrics_and_their_trend_runs_on(wb):
    first, second, third = (assess(wb, d) for d in ("2025-05-14", "2025-11-12", "2026-05-13"))
    v1 = add_goal(wb, since="2025-05-01")
    completion = add_metric(wb, v1, "Onboarding completion", 34, 70, unit="%")
    dropped = add_metric(wb, v1, "Days to first dashboard", 21, 7)
    plan_ops.SetActual(completion, first.id, 34).apply(wb)
    plan_ops.SetActual(completion, second.id, 41).apply(wb)
    plan_ops.SetActual(dropped, first.id, 21).apply(wb)
    v2 = plan_ops.ChangeGoal({"priority": "product-usage", "since": "2026-01-15"},
                             carry=(completion,)).apply(wb).change.record_id
    (carried,) = plan.metrics_of(wb, v2)
    assert carried.name == "Onboarding completion" and carried.continues == completion
    assert carried.baseline == 34 and carried.id != completion
    plan_ops.SetActual(carried.id, third.id, 55).apply(wb)
    trend = plan.metric_trend(wb, carried)
    assert [(p.assessment_id, p.value) for p in trend] == [
        (first.id, 34), (second.id, 41), (third.id, 55)]
    assert [p.value for p in plan.metric_trend(wb, carried, until=second)] == [34, 41]
    # the earlier version still has both its metrics and their values
    assert [m.name for m in plan.metrics_of(wb, plan.goal_at(wb, second))] == [
        "Onboarding completion", "Days to first dashboard"]


def test_direction_and_progress_follow_baseline_and_target(wb):
    gid = add_goal(wb)
    up = wb.collection(METRICS)[add_metric(wb, gid, "Renewals", 87, 92)]
    down = wb.collection(METRICS)[add_metric(wb, gid, "Tickets per 100 accounts", 42, 30)]
    unknown = wb.collection(METRICS)[add_metric(wb, gid, "No target yet", 5)]
    assert (plan.direction(up), plan.direction(down), plan.direction(unknown)) == (1, -1, 0)
    assert plan.progress(up, 89.5) == pytest.approx(0.5)
    assert plan.progress(down, 36) == pytest.approx(0.5)
    assert plan.progress(down, 45) < 0 and plan.progress(unknown, 6) is None


def test_removing_a_goal_takes_its_metrics_and_values_and_undo_restores_them(wb):
    a = assess(wb, "2025-05-14")
    v1 = add_goal(wb, since="2025-05-01")
    mid = add_metric(wb, v1, "Completion", 30, 60)
    plan_ops.SetActual(mid, a.id, 31).apply(wb)
    v2 = plan_ops.ChangeGoal({"priority": "renewals", "since": "2026-01-01"}).apply(wb)
    follower = plan.metrics_of(wb, v2.change.record_id)[0]
    snapshot = {t: {k: repr(v) for k, v in wb.collection(t).items()}
                for t in (GOALS, METRICS, ACTUALS)}
    removed = plan_ops.RemoveGoal(v1).apply(wb)
    assert v1 not in wb.collection(GOALS) and mid not in wb.collection(METRICS)
    assert not wb.collection(ACTUALS)
    assert wb.collection(METRICS)[follower.id].continues is None  # unlinked, not broken
    edit = UpdateRecord(METRICS, follower.id, {"unit": "%"}).apply(wb)
    assert edit is not None
    edit.inverse.apply(wb)
    removed.inverse.apply(wb)
    assert {t: {k: repr(v) for k, v in wb.collection(t).items()}
            for t in (GOALS, METRICS, ACTUALS)} == snapshot
    with pytest.raises(NotFound):
        plan_ops.RemoveGoal("nothing").apply(wb)
    assert RemoveRecord(GOALS, v1).apply(wb).touched  # the generic removal takes metrics too
    assert mid not in wb.collection(METRICS)


def test_metric_values_of_a_deleted_assessment_are_left_out_of_the_trend(wb):
    from maturity_workbook.core.ops import DeleteAssessment

    a, b = assess(wb, "2025-05-14"), assess(wb, "2025-11-12")
    gid = add_goal(wb)
    mid = add_metric(wb, gid, "Completion")
    plan_ops.SetActual(mid, a.id, 10).apply(wb)
    plan_ops.SetActual(mid, b.id, 20).apply(wb)
    undo = DeleteAssessment(a.id).apply(wb).inverse
    metric = wb.collection(METRICS)[mid]
    assert [p.value for p in plan.metric_trend(wb, metric)] == [20]
    undo.apply(wb)  # the assessment comes back with the same id: so does its value
    assert [p.value for p in plan.metric_trend(wb, metric)] == [10, 20]
    assert plan.metric_trend(wb, metric)[0].day == date(2025, 5, 14)
