"""Edits of the plan that have rules of their own (core/plan.py declares the records).

Plain field edits of a goal, a metric or a phase use the generic AddRecord / UpdateRecord. These
add what the generic ones cannot know: an action's status date moves with its status; a metric's
value at an assessment is one record found by its pair; a new goal version carries its metrics
over; removing a goal, a metric or a phase takes what hangs on it along (and undo brings it all
back in one step).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from maturity_workbook.core import values
from maturity_workbook.core.errors import NotFound, Problem
from maturity_workbook.core.ops.base import Applied, Change, Label, What
from maturity_workbook.core.ops.batch import Batch
from maturity_workbook.core.ops.record_ops import (
    AddRecord, RemoveRecord, UpdateRecord, find_record,
)
from maturity_workbook.core.plan import (
    ACTIONS, ACTUALS, GOALS, METRICS, PHASES, actual_id, goal_versions, metrics_of,
)
from maturity_workbook.core.workbook import Workbook, new_id


def _day(value: Any) -> str:
    return values.iso_date(value)


def _relabel(applied: Applied | None, change: Change, label: Label) -> Applied | None:
    """A batch's result reported as the one edit it is (listeners refresh one table)."""
    if applied is None:
        return None
    return Applied(change, applied.touched, applied.inverse, label)


# ------------------------------------------------------------------------------------ actions


@dataclass(frozen=True)
class AddAction:
    """A new action; it is created, and its status set, on `on` (the caller's today)."""

    fields: dict
    on: Any
    record_id: str | None = None

    def apply(self, wb: Workbook) -> Applied:
        day = _day(self.on)
        fields = {"created": day, "status_changed": day, **dict(self.fields)}
        return AddRecord(ACTIONS, fields, self.record_id or new_id()).apply(wb)


@dataclass(frozen=True)
class UpdateAction:
    """Change some fields of an action; a new status is dated `on` unless a date is given."""

    action_id: str
    changes: dict
    on: Any

    def apply(self, wb: Workbook) -> Applied | None:
        action = find_record(wb, ACTIONS, self.action_id)
        changes = dict(self.changes)
        if "status" in changes and changes["status"] != action.status \
                and "status_changed" not in changes:
            changes["status_changed"] = _day(self.on)
        return UpdateRecord(ACTIONS, action.id, changes).apply(wb)


# ------------------------------------------------------------------------------------ metrics


def next_position(wb: Workbook, goal_id: str) -> int:
    """The position of a metric added at the end of a goal's list."""
    return max((m.position + 1 for m in metrics_of(wb, goal_id)), default=0)


@dataclass(frozen=True)
class SetActual:
    """A metric's value at an assessment; None removes it."""

    metric_id: str
    assessment_id: str
    value: Any
    note: str | None = None

    def apply(self, wb: Workbook) -> Applied | None:
        find_record(wb, METRICS, self.metric_id)
        existing = next((a for a in wb.collection(ACTUALS).values()
                         if a.metric_id == self.metric_id
                         and a.assessment_id == self.assessment_id), None)
        if self.value is None:
            return RemoveRecord(ACTUALS, existing.id).apply(wb) if existing else None
        changes: dict[str, Any] = {"value": self.value}
        if self.note is not None:
            changes["note"] = self.note
        if existing is not None:
            return UpdateRecord(ACTUALS, existing.id, changes).apply(wb)
        return AddRecord(ACTUALS, {"metric_id": self.metric_id,
                                   "assessment_id": self.assessment_id, **changes},
                         actual_id(self.metric_id, self.assessment_id)).apply(wb)


@dataclass(frozen=True)
class RemoveMetric:
    """Remove a metric and its values; a metric of a later goal that continued it keeps its own
    values and no longer points at it."""

    metric_id: str

    def apply(self, wb: Workbook) -> Applied:
        metric = find_record(wb, METRICS, self.metric_id)
        unlink = tuple(UpdateRecord(METRICS, m.id, {"continues": None})
                       for m in wb.collection(METRICS).values() if m.continues == metric.id)
        applied = Batch(unlink + (RemoveRecord(METRICS, metric.id),),
                        Label.RECORD_REMOVED).apply(wb)
        return _relabel(applied, Change(What.RECORD, table=METRICS, record_id=metric.id),
                        Label.RECORD_REMOVED)


# ---------------------------------------------------------------------------------- the goal


@dataclass(frozen=True)
class ChangeGoal:
    """The goal changed: a new version in force from `fields["since"]`; the earlier one stays
    for History. The metrics of the version it follows (the one in force just before) that are
    in `carry` (default: all) are copied into it, each continuing the one it came from so its
    trend runs on."""

    fields: dict
    carry: tuple[str, ...] | None = None
    goal_id: str | None = None

    def apply(self, wb: Workbook) -> Applied:
        since = _day(self.fields.get("since"))
        earlier = [g for g in goal_versions(wb) if g.since < since]
        goal_id = self.goal_id or new_id()
        carried = [m for m in metrics_of(wb, earlier[-1] if earlier else None)
                   if self.carry is None or m.id in self.carry]
        adds: list[Any] = [AddRecord(GOALS, dict(self.fields), goal_id)]
        for metric in carried:
            copied = {f.name: getattr(metric, f.name) for f in dataclasses.fields(metric)
                      if f.name != "id"}
            copied.update(goal_id=goal_id, continues=metric.id)
            adds.append(AddRecord(METRICS, copied, new_id()))
        applied = Batch(tuple(adds), Label.RECORD_ADDED).apply(wb)
        return _relabel(applied, Change(What.RECORD, table=GOALS, record_id=goal_id),
                        Label.RECORD_ADDED)


@dataclass(frozen=True)
class RemoveGoal:
    """Remove a version of the goal with its metrics and their values."""

    goal_id: str

    def apply(self, wb: Workbook) -> Applied:
        goal = find_record(wb, GOALS, self.goal_id)
        steps = tuple(RemoveMetric(m.id) for m in metrics_of(wb, goal)) + (
            RemoveRecord(GOALS, goal.id),)
        applied = Batch(steps, Label.RECORD_REMOVED).apply(wb)
        return _relabel(applied, Change(What.RECORD, table=GOALS, record_id=goal.id),
                        Label.RECORD_REMOVED)


# ---------------------------------------------------------------------------------- the roadmap


@dataclass(frozen=True)
class SetPhaseTarget:
    """A phase's target stage for one function; None removes it."""

    phase_id: str
    dimension_id: str
    level: int | None

    def apply(self, wb: Workbook) -> Applied | None:
        phase = find_record(wb, PHASES, self.phase_id)
        dimension = values.ident(self.dimension_id, "A function")
        targets = dict(phase.targets)
        if self.level is None:
            if dimension not in targets:
                return None
            del targets[dimension]
        else:
            targets[dimension] = values.target_level(self.level)
        return UpdateRecord(PHASES, phase.id, {"targets": targets}).apply(wb)


@dataclass(frozen=True)
class RemovePhase:
    """Remove a phase; its actions stay, without a phase."""

    phase_id: str

    def apply(self, wb: Workbook) -> Applied:
        phase = wb.collection(PHASES).get(self.phase_id)
        if phase is None:
            raise NotFound(Problem.NO_RECORD, table=PHASES, id=self.phase_id)
        loose = tuple(UpdateRecord(ACTIONS, a.id, {"phase_id": None})
                      for a in wb.collection(ACTIONS).values() if a.phase_id == phase.id)
        applied = Batch(loose + (RemoveRecord(PHASES, phase.id),), Label.RECORD_REMOVED).apply(wb)
        return _relabel(applied, Change(What.RECORD, table=PHASES, record_id=phase.id),
                        Label.RECORD_REMOVED)
