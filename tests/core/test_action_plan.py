"""Actions and the roadmap as the screens ask for them: open by function, overdue, phases in order,
what happened since the last assessment, a next step turned into an action."""

from datetime import date

import pytest

from maturity_workbook.core import action_plan, plan
from maturity_workbook.core.errors import InvalidValue
from maturity_workbook.core.ops import AddRecord, SetStatus, UpdateRecord
from maturity_workbook.core.ops import plan_ops
from maturity_workbook.core.plan import ACTIONS, GOALS, METRICS, PHASES
from maturity_workbook.core.scoring import NextStep
from maturity_workbook.core.workbook import FINAL, Workbook, new_id
from tests.core.test_plan import add_goal, add_metric, assess

TODAY = date(2026, 12, 1)


@pytest.fixture
def wb():
    return Workbook(new_id(), "Northwind", reassess_months=6)


def add_action(wb, title, dimension="content", on="2026-01-10", **more):
    return plan_ops.AddAction({"title": title, "dimension_id": dimension, **more},
                              on).apply(wb).change.record_id


def final(wb, day):
    a = assess(wb, day)
    SetStatus(a.id, FINAL).apply(wb)
    return a


def test_an_action_dates_its_creation_and_each_change_of_status(wb):
    aid = add_action(wb, "Publish the SME rota", owner="Daniel", due="2026-03-31")
    action = wb.collection(ACTIONS)[aid]
    assert (action.status, action.created, action.status_changed) == (
        plan.PLANNED, "2026-01-10", "2026-01-10")
    plan_ops.UpdateAction(aid, {"owner": "Priya"}, "2026-02-01").apply(wb)
    assert action.status_changed == "2026-01-10"  # the status did not change
    applied = plan_ops.UpdateAction(aid, {"status": plan.DONE}, date(2026, 3, 2)).apply(wb)
    assert (action.status, action.status_changed) == (plan.DONE, "2026-03-02")
    applied.inverse.apply(wb)
    assert (action.status, action.status_changed) == (plan.PLANNED, "2026-01-10")
    with pytest.raises(InvalidValue):
        plan_ops.UpdateAction(aid, {"status": "finished"}, TODAY).apply(wb)
    with pytest.raises(InvalidValue):
        add_action(wb, "   ")  # an action needs a title
    with pytest.raises(InvalidValue, match="phase"):
        add_action(wb, "In a phase that is not there", phase_id="nope")


def test_open_actions_by_function_in_framework_order(wb):
    add_action(wb, "Whole program", dimension=plan.PROGRAM)
    add_action(wb, "Late content", due="2026-09-01")
    add_action(wb, "Early content", due="2026-02-01")
    add_action(wb, "Undated content")
    add_action(wb, "Pick an LMS", dimension="technology", due="2026-06-30")
    add_action(wb, "Unknown function", dimension="legacy-dimension")
    done = add_action(wb, "Finished", dimension="technology")
    plan_ops.UpdateAction(done, {"status": plan.DONE}, TODAY).apply(wb)
    groups = action_plan.open_by_function(wb, ["strategy", "technology", "content"])
    assert [dim for dim, _ in groups] == ["technology", "content", "legacy-dimension", ""]
    assert [a.title for a in groups[1][1]] == ["Early content", "Late content",
                                               "Undated content"]
    assert all(a.title != "Finished" for _, items in groups for a in items)


def test_overdue_means_open_and_past_its_due_date(wb):
    late = add_action(wb, "Late", due="2026-11-30")
    add_action(wb, "Due today", due="2026-12-01")
    add_action(wb, "Undated")
    gone = add_action(wb, "Dropped and late", due="2026-01-01")
    plan_ops.UpdateAction(gone, {"status": plan.DROPPED}, TODAY).apply(wb)
    progressing = add_action(wb, "In progress and late", due="2026-10-01",
                             status=plan.IN_PROGRESS)
    assert [a.id for a in action_plan.overdue_actions(wb, TODAY)] == [progressing, late]
    assert action_plan.overdue_actions(wb, date(2026, 9, 1)) == []


def test_the_review_since_the_last_assessment(wb):
    first = final(wb, "2025-11-12")
    gid = add_goal(wb, since="2025-05-01")
    mid = add_metric(wb, gid, "Completion", 30, 60, unit="%")
    no_value = add_metric(wb, gid, "Not measured yet")
    plan_ops.SetActual(mid, first.id, 41).apply(wb)
    before = add_action(wb, "Done before the last assessment", on="2025-06-01")
    plan_ops.UpdateAction(before, {"status": plan.DONE}, "2025-10-01").apply(wb)
    done = add_action(wb, "Done in the period", on="2025-12-01")
    plan_ops.UpdateAction(done, {"status": plan.DONE}, "2026-03-01").apply(wb)
    dropped = add_action(wb, "Dropped in the period", on="2025-12-01")
    plan_ops.UpdateAction(dropped, {"status": plan.DROPPED}, "2026-04-01").apply(wb)
    carried = add_action(wb, "Still open", on="2025-12-01", status=plan.IN_PROGRESS)
    later = add_action(wb, "Finished after the reassessment", on="2025-12-01")
    plan_ops.UpdateAction(later, {"status": plan.DONE}, "2026-06-01").apply(wb)
    add_action(wb, "Planned after the reassessment", on="2026-06-01")
    add_action(wb, "Planned at the reassessment", on="2026-05-13")
    undated = add_action(wb, "Done, date unknown", on="2025-12-01")
    UpdateRecord(ACTIONS, undated, {"status": plan.DONE, "status_changed": None}).apply(wb)

    reassessment = assess(wb, "2026-05-13")  # the draft the room is about to rate
    plan_ops.SetActual(mid, reassessment.id, 55).apply(wb)
    review = action_plan.review_since_last(wb, reassessment, TODAY)
    assert review.previous.id == first.id and review.end == date(2026, 5, 13)
    assert [a.id for a in review.done] == [done]
    assert [a.id for a in review.dropped] == [dropped]
    assert {a.id for a in review.carried} == {carried, later}  # open on 13 May 2026
    assert [(r.metric.id, r.before, r.now) for r in review.metrics] == [
        (mid, 41, 55), (no_value, None, None)]
    assert not review.is_empty

    # before the first assessment there is no previous one: everything so far counts
    empty = Workbook(new_id(), "New")
    assert action_plan.review_since_last(empty, None, TODAY).is_empty


def test_phases_in_roadmap_order_with_their_ends_and_targets(wb):
    final(wb, "2026-05-13")
    year = AddRecord(PHASES, {"horizon": plan.WITHIN_YEAR, "targets": {"technology": 3}}
                     ).apply(wb).change.record_id
    dated = AddRecord(PHASES, {"name": "Before the FY27 kickoff", "horizon": plan.DATED,
                               "until": "2027-01-31"}).apply(wb).change.record_id
    nxt = AddRecord(PHASES, {"targets": {"content": 4, "technology": 2}}
                    ).apply(wb).change.record_id
    phases = wb.collection(PHASES)
    assert action_plan.phase_end(wb, phases[nxt], TODAY) == date(2026, 11, 13)
    assert action_plan.phase_end(wb, phases[year], TODAY) == date(2027, 5, 13)
    assert [p.id for p in action_plan.ordered_phases(wb, TODAY)] == [nxt, dated, year]
    assert action_plan.phase_targets(phases[nxt], ["technology"]) == {"technology": 2}
    with pytest.raises(InvalidValue):
        AddRecord(PHASES, {"horizon": plan.DATED}).apply(wb)  # a dated phase needs its date
    with pytest.raises(InvalidValue):
        AddRecord(PHASES, {"targets": {"content": 2.5}}).apply(wb)
    assert plan_ops.SetPhaseTarget(nxt, "strategy", 3).apply(wb) is not None
    assert plan_ops.SetPhaseTarget(nxt, "content", None).apply(wb) is not None
    assert phases[nxt].targets == {"technology": 2, "strategy": 3}

    in_phase = add_action(wb, "In the next phase", phase_id=nxt)
    loose = add_action(wb, "No phase")
    grouped = action_plan.by_phase(wb, action_plan.actions(wb), TODAY)
    assert [(p.id if p else None, [a.id for a in items]) for p, items in grouped] == [
        (nxt, [in_phase]), (None, [loose])]
    removed = plan_ops.RemovePhase(nxt).apply(wb)
    assert nxt not in phases and wb.collection(ACTIONS)[in_phase].phase_id is None
    removed.inverse.apply(wb)
    assert wb.collection(ACTIONS)[in_phase].phase_id == nxt
    assert phases[nxt].targets == {"technology": 2, "strategy": 3}


def test_a_next_step_becomes_an_action_draft_with_its_wording(wb):
    step = NextStep("content-sme", "content", "Do experts help?", 2, 3,
                    "Build a rota of product experts who\n record one module a quarter.")
    draft = action_plan.next_step_draft(step, phase_id=None)
    assert draft["title"] == "Build a rota of product experts who record one module a quarter."
    assert (draft["dimension_id"], draft["item_id"], draft["owner"], draft["due"]) == (
        "content", "content-sme", "", None)
    assert action_plan.open_action_for_item(wb, "content", "content-sme") is None
    aid = plan_ops.AddAction({**draft, "owner": "Maya", "due": "2026-12-31"},
                             TODAY).apply(wb).change.record_id
    assert action_plan.open_action_for_item(wb, "content", "content-sme").id == aid


def test_the_plan_at_a_glance_now_and_as_it_was(wb):
    first = final(wb, "2025-05-14")
    v1 = add_goal(wb, since="2025-05-01", priority="onboarding")
    mid = add_metric(wb, v1, "Completion", 30, 60)
    plan_ops.SetActual(mid, first.id, 33).apply(wb)
    second = final(wb, "2025-11-12")
    v2 = plan_ops.ChangeGoal({"priority": "renewals", "since": "2025-11-01"}
                             ).apply(wb).change.record_id
    carried = plan.metrics_of(wb, v2)[0]
    plan_ops.SetActual(carried.id, second.id, 45).apply(wb)
    add_action(wb, "Late", due="2026-01-01")
    now = action_plan.plan_status(wb, TODAY, ["content"])
    assert now.goal.id == v2 and now.metrics[0].latest == 45
    assert now.metrics[0].progress == pytest.approx(0.5)
    assert [p.value for p in now.metrics[0].trend] == [33, 45]
    assert len(now.overdue) == 1 and now.open_by_function[0][0] == "content"
    then = action_plan.plan_status(wb, TODAY, assessment=first)
    assert then.goal.id == v1 and [p.value for p in then.metrics[0].trend] == [33]
    assert action_plan.plan_status(Workbook(new_id(), "x"), TODAY).is_empty


def test_goals_and_metrics_are_found_by_the_generic_edits_too(wb):
    gid = add_goal(wb)
    assert wb.collection(GOALS)[gid].statement == "Lift renewals"
    mid = add_metric(wb, gid, "Completion")
    UpdateRecord(METRICS, mid, {"unit": "% of new accounts"}).apply(wb)
    assert wb.collection(METRICS)[mid].unit == "% of new accounts"


def test_a_metric_skipped_last_time_is_reviewed_from_the_value_before_and_says_where(wb):
    spring = final(wb, "2026-05-13")
    autumn = final(wb, "2026-11-11")  # nobody recorded the metric at the autumn review
    gid = add_goal(wb, since="2026-01-01")
    mid = add_metric(wb, gid, "Completion", 30, 60, unit="%")
    plan_ops.SetActual(mid, spring.id, 55).apply(wb)
    winter = assess(wb, "2026-12-01")
    [item] = action_plan.review_since_last(wb, winter, TODAY).metrics
    assert (item.before, item.now, item.before_at.id) == (55, None, spring.id)
    plan_ops.SetActual(mid, autumn.id, 58).apply(wb)
    [item] = action_plan.review_since_last(wb, winter, TODAY).metrics
    assert (item.before, item.before_at) == (58, None)  # last time's own: nothing to explain
