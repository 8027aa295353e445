"""The action plan and the roadmap as the screens, the report and the command line need them:
open actions by function, overdue actions, phases in order, what happened since the last
assessment, a next step turned into an action draft, and the plan at a glance.

The records and their rules are in core/plan.py. Everything here only reads, and tolerates
records a merge left breaking a rule (an action whose phase is gone is simply without a phase).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Sequence

from maturity_workbook.core.history import add_months, reassessment_due
from maturity_workbook.core.plan import (
    ACTIONS, DATED, DONE, DROPPED, NEXT_REASSESSMENT, PHASES, PLANNED, PROGRAM, WITHIN_YEAR,
    Action, Goal, Metric, Phase, TrendPoint, actual_at, current_goal, goal_at, metric_trend,
    metrics_of, progress,
)
from maturity_workbook.core.workbook import Assessment, Workbook


# ------------------------------------------------------------------------------------- actions


def _due_key(action: Action) -> tuple:
    return (action.due is None, action.due or "", action.title.casefold(), action.id)


def actions(wb: Workbook) -> list[Action]:
    """Every action, by due date (undated last), then title."""
    return sorted(wb.collection(ACTIONS).values(), key=_due_key)


def open_actions(wb: Workbook) -> list[Action]:
    return [a for a in actions(wb) if a.is_open]


def is_overdue(action: Action, today: date) -> bool:
    return action.is_open and action.due is not None and action.due < today.isoformat()


def overdue_actions(wb: Workbook, today: date) -> list[Action]:
    """Open actions whose due date has passed, the longest overdue first."""
    return [a for a in open_actions(wb) if is_overdue(a, today)]


def by_function(items: Iterable[Action], dimension_order: Sequence[str] = ()
                ) -> list[tuple[str, list[Action]]]:
    """Actions grouped by the function they move: functions in `dimension_order` first (the
    framework's order), then other ids, then PROGRAM (the program as a whole)."""
    groups: dict[str, list[Action]] = {}
    for action in items:
        groups.setdefault(action.dimension_id, []).append(action)
    rank = {dim: i for i, dim in enumerate(dimension_order)}
    keys = sorted(groups, key=lambda d: (d == PROGRAM, rank.get(d, len(rank)), d))
    return [(key, sorted(groups[key], key=_due_key)) for key in keys]


def open_by_function(wb: Workbook, dimension_order: Sequence[str] = ()
                     ) -> list[tuple[str, list[Action]]]:
    return by_function(open_actions(wb), dimension_order)


def by_phase(wb: Workbook, items: Iterable[Action], today: date
             ) -> list[tuple[Phase | None, list[Action]]]:
    """Actions grouped by phase in roadmap order; actions without a phase come last (None)."""
    groups: dict[str | None, list[Action]] = {}
    phases = wb.collection(PHASES)
    for action in items:
        key = action.phase_id if action.phase_id in phases else None
        groups.setdefault(key, []).append(action)
    ordered = [p for p in ordered_phases(wb, today) if p.id in groups]
    out: list[tuple[Phase | None, list[Action]]] = [
        (p, sorted(groups[p.id], key=_due_key)) for p in ordered]
    if None in groups:
        out.append((None, sorted(groups[None], key=_due_key)))
    return out


def open_action_for_item(wb: Workbook, dimension_id: str, item_id: str) -> Action | None:
    """An open action that already works on this item (so a next step is not planned twice)."""
    for action in open_actions(wb):
        if action.item_id == item_id and action.dimension_id == dimension_id:
            return action
    return None


def next_step_draft(step: Any, phase_id: str | None = None) -> dict[str, Any]:
    """The fields of a new action made from a next step (core.scoring.NextStep): it takes the
    step's wording and its function and item; the owner and due date are for the team to fill
    in."""
    return {"title": " ".join(step.advice.split()), "dimension_id": step.dimension_id,
            "item_id": step.item_id, "owner": "", "due": None, "status": PLANNED,
            "note": "", "phase_id": phase_id}


# ------------------------------------------------------------------------------------ roadmap


_HORIZON_RANK = {NEXT_REASSESSMENT: 0, WITHIN_YEAR: 1, DATED: 2}


def phase_end(wb: Workbook, phase: Phase, today: date) -> date | None:
    """When a phase ends: the next reassessment's due date, a year after the latest final
    assessment (or today, before the first), or the phase's own date. None when it cannot be
    known yet (the next reassessment before any assessment is final)."""
    if phase.horizon == DATED:
        return date.fromisoformat(phase.until) if phase.until else None
    if phase.horizon == NEXT_REASSESSMENT:
        due = reassessment_due(wb, today)
        return due.due if due is not None else None
    latest = wb.latest(final_only=True)
    return add_months(latest.day if latest is not None else today, 12)


def ordered_phases(wb: Workbook, today: date) -> list[Phase]:
    """The roadmap in order: by end date (unknown ends first: they are the next step), then by
    horizon and name."""
    def key(phase: Phase) -> tuple:
        end = phase_end(wb, phase, today)
        return (end is not None, end or date.min, _HORIZON_RANK.get(phase.horizon, 3),
                phase.name.casefold(), phase.id)

    return sorted(wb.collection(PHASES).values(), key=key)


def phase_targets(phase: Phase, dimension_ids: Iterable[str] | None = None) -> dict[str, int]:
    """A phase's target stage per function, as the radar takes targets (only `dimension_ids`
    when given)."""
    wanted = None if dimension_ids is None else set(dimension_ids)
    return {dim: int(level) for dim, level in phase.targets.items()
            if wanted is None or dim in wanted}


# ----------------------------------------------------------------------- since the last time


@dataclass(frozen=True)
class MetricReview:
    metric: Metric
    before: float | None  # the value at the previous assessment, else the last one recorded
    now: float | None  # the value at this one (None: not recorded yet)
    before_at: Assessment | None = None  # where `before` was recorded, when not the previous one


@dataclass(frozen=True)
class Review:
    """What happened between the previous final assessment and `end` (the reassessment's date):
    the room sees what it did before it rates."""

    previous: Assessment | None
    end: date
    done: tuple[Action, ...]
    dropped: tuple[Action, ...]
    carried: tuple[Action, ...]  # still open at `end`: carried over to the next period
    goal: Goal | None
    metrics: tuple[MetricReview, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.done or self.dropped or self.carried or self.metrics)


def review_since_last(wb: Workbook, assessment: Assessment | None, today: date) -> Review:
    """The review shown before a reassessment (or beside a past assessment in History).

    The period runs from the previous final assessment's date (exclusive) to this assessment's
    date, or to `today` when there is no assessment yet. Done and dropped count the actions whose
    status changed in the period; carried over are those open at its end (open now, or closed
    after it) that were created before it: an action made on the reassessment's own day is the
    new plan, not the old one. An action with no status date is not placed in the period."""
    end = assessment.day if assessment is not None else today
    finals = [a for a in wb.ordered_assessments(final_only=True)
              if assessment is None or (a.id != assessment.id and
                                        (a.date, a.created, a.id) <
                                        (assessment.date, assessment.created, assessment.id))]
    previous = finals[-1] if finals else None
    start = previous.date if previous is not None else ""
    stop = end.isoformat()

    def closed_in_period(action: Action, status: str) -> bool:
        changed = action.status_changed
        return action.status == status and changed is not None and start < changed <= stop

    everything = actions(wb)
    done = tuple(a for a in everything if closed_in_period(a, DONE))
    dropped = tuple(a for a in everything if closed_in_period(a, DROPPED))
    carried = tuple(a for a in everything
                    if (a.created is None or a.created < stop)
                    and (a.is_open or (a.status_changed is not None and a.status_changed > stop)))
    goal = goal_at(wb, assessment) if assessment is not None else current_goal(wb)
    reviews = []
    for metric in metrics_of(wb, goal):
        before, before_at = None, None
        for earlier in reversed(finals):  # last time's value; if it was skipped, the one before
            before = actual_at(wb, metric, earlier.id)
            if before is not None:
                before_at = earlier if earlier is not previous else None
                break
        now = actual_at(wb, metric, assessment.id) if assessment is not None else None
        reviews.append(MetricReview(metric, before.value if before else None,
                                    now.value if now else None, before_at))
    return Review(previous, end, done, dropped, carried, goal, tuple(reviews))


# ------------------------------------------------------------------------- for the Overview


@dataclass(frozen=True)
class MetricStatus:
    metric: Metric
    trend: tuple[TrendPoint, ...]

    @property
    def latest(self) -> float | None:
        return self.trend[-1].value if self.trend else None

    @property
    def progress(self) -> float | None:
        return progress(self.metric, self.latest)


@dataclass(frozen=True)
class PlanStatus:
    """The plan at a glance: the goal in force, its metrics with their trend, the open actions by
    function and the overdue ones."""

    goal: Goal | None
    metrics: tuple[MetricStatus, ...]
    open_by_function: tuple[tuple[str, tuple[Action, ...]], ...]
    overdue: tuple[Action, ...]

    @property
    def is_empty(self) -> bool:
        return self.goal is None and not self.open_by_function


def plan_status(wb: Workbook, today: date, dimension_order: Sequence[str] = (),
                assessment: Assessment | None = None) -> PlanStatus:
    """The plan now (the current goal, every value recorded), or as it was at `assessment` (the
    goal version then in force, values up to it). Open and overdue actions are as of now."""
    goal = goal_at(wb, assessment) if assessment is not None else current_goal(wb)
    metrics = tuple(MetricStatus(m, tuple(metric_trend(wb, m, assessment)))
                    for m in metrics_of(wb, goal))
    grouped = tuple((dim, tuple(items)) for dim, items in open_by_function(wb, dimension_order))
    return PlanStatus(goal, metrics, grouped, tuple(overdue_actions(wb, today)))
