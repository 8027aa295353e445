"""Any sequence of plan edits undoes exactly and redoes to the same state (hypothesis), and each
plan edit reports what it touched so the store saves the right records."""

import copy

from hypothesis import given, settings, strategies as st

from maturity_workbook.core import plan
from maturity_workbook.core.errors import OperationError
from maturity_workbook.core.ops import AddRecord, CreateAssessment, Touch, UndoHistory, What
from maturity_workbook.core.ops import plan_ops
from maturity_workbook.core.plan import ACTIONS, ACTUALS, GOALS, METRICS, PHASES
from maturity_workbook.core.workbook import Workbook, new_id

TABLES = (GOALS, METRICS, ACTUALS, ACTIONS, PHASES)


def start():
    wb = Workbook(new_id(), "Plan")
    ids = [CreateAssessment("tiny", "1.0", f"W{n}", day, ()).apply(wb).change.assessment_id
           for n, day in enumerate(("2025-05-14", "2025-11-12", "2026-05-13"))]
    return wb, ids


def state(wb):
    return {t: copy.deepcopy(wb.collection(t)) for t in TABLES}


def pick(wb, table, n):
    records = sorted(wb.collection(table))
    return records[n % len(records)] if records else "missing"


def operation(wb, assessments, kind, n, v):
    goal, metric = pick(wb, GOALS, n), pick(wb, METRICS, n)
    action, phase = pick(wb, ACTIONS, n), pick(wb, PHASES, n)
    day = f"2026-0{1 + v % 9}-1{v % 10}"
    return {
        "goal": lambda: AddRecord(GOALS, {"priority": plan.PRIORITIES[v % 12], "since": day}),
        "change-goal": lambda: plan_ops.ChangeGoal({"statement": f"v{v} 목표", "since": day}),
        "remove-goal": lambda: plan_ops.RemoveGoal(goal),
        "metric": lambda: AddRecord(METRICS, {"goal_id": goal, "name": f"M{v} ✓",
                                              "baseline": v, "target": v * 2 + 1}),
        "remove-metric": lambda: plan_ops.RemoveMetric(metric),
        "actual": lambda: plan_ops.SetActual(metric, assessments[n % 3], v * 1.5),
        "clear-actual": lambda: plan_ops.SetActual(metric, assessments[n % 3], None),
        "action": lambda: plan_ops.AddAction({"title": f"Act {v}", "dimension_id": "alpha",
                                              "phase_id": None if v % 2 else phase
                                              if phase != "missing" else None}, day),
        "status": lambda: plan_ops.UpdateAction(action, {"status": plan.STATUSES[v % 4]}, day),
        "phase": lambda: AddRecord(PHASES, {"horizon": plan.HORIZONS[v % 2]}),
        "phase-target": lambda: plan_ops.SetPhaseTarget(phase, "alpha", v % 5 or None),
        "remove-phase": lambda: plan_ops.RemovePhase(phase),
    }[kind]()


EDIT = st.tuples(st.sampled_from(["goal", "change-goal", "remove-goal", "metric",
                                  "remove-metric", "actual", "clear-actual", "action", "status",
                                  "phase", "phase-target", "remove-phase"]),
                 st.integers(0, 5), st.integers(0, 9))


@settings(max_examples=80, deadline=None)
@given(edits=st.lists(EDIT, max_size=30))
def test_undoing_every_plan_edit_in_reverse_restores_the_start(edits):
    wb, assessments = start()
    before = state(wb)
    history = UndoHistory(lambda op: op.apply(wb))
    for edit in edits:
        snapshot = state(wb)
        try:
            history.do(operation(wb, assessments, *edit))
        except OperationError:
            assert state(wb) == snapshot  # refused: nothing changed
    end = state(wb)
    while history.can_undo:
        history.undo()
    assert state(wb) == before
    while history.can_redo:
        history.redo()
    assert state(wb) == end


def test_plan_edits_touch_every_record_they_change():
    wb, assessments = start()
    gid = AddRecord(GOALS, {"priority": "renewals", "since": "2025-05-01"}).apply(wb)\
        .change.record_id
    mid = AddRecord(METRICS, {"goal_id": gid, "name": "Rate"}).apply(wb).change.record_id
    plan_ops.SetActual(mid, assessments[0], 3).apply(wb)
    changed = plan_ops.ChangeGoal({"priority": "onboarding", "since": "2026-01-01"}).apply(wb)
    assert changed.change.what is What.RECORD and changed.change.table == GOALS
    new_metric = plan.metrics_of(wb, changed.change.record_id)[0]
    assert Touch((METRICS, new_metric.id), "continues") in changed.touched
    removed = plan_ops.RemoveGoal(gid).apply(wb)
    assert {t.record for t in removed.touched if t.field is None} == {
        (GOALS, gid), (METRICS, mid), (ACTUALS, plan.actual_id(mid, assessments[0]))}
    assert Touch((METRICS, new_metric.id), "continues") in removed.touched
