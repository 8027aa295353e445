"""The plan: the company goal the program serves, its metrics and their actual values at each
assessment, the actions the team committed to, and the roadmap phases with target stages.

Goal first (002_6a1681f2988d4127): pick the company's priority, align the education goal and its
metrics to it, and only then use the maturity model. These are record kinds (core/kinds.py), so
the store saves, merges and exports them with no code of its own; this module declares them,
holds the rules that span records and answers questions about the goal and its metrics;
core/action_plan.py answers those about actions and the roadmap.

The goal can change, and History keeps what it was: a goal is a *version* in force from its
`since` date. A new version is a new record (core/ops/plan_ops.ChangeGoal); editing a version
corrects it. The goal at an assessment is the latest version in force on the assessment's date.
Each version has its own 1-5 metrics; a metric carried into a new version names the one it
`continues`, so its trend runs on across the change.

Records written by a merge may break the rules an edit keeps (six metrics, an action whose phase
was removed on another laptop): every reader here tolerates that.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from maturity_workbook.core.errors import InvalidValue, NotFound, Problem
from maturity_workbook.core.kinds import FieldSpec, FieldType, RecordKind, register
from maturity_workbook.core.values import MAX_LEVEL
from maturity_workbook.core.workbook import Assessment, Workbook

GOALS, METRICS, ACTUALS, ACTIONS, PHASES = (
    "goals", "metrics", "metric_actuals", "actions", "phases")

# the twelve company priorities of 002, as stable ids (the window and the report name them)
PRIORITIES = (
    "educate-market", "marketing-leads", "onboarding", "training-revenue", "deal-size",
    "support-calls", "services-time", "product-usage", "renewals", "upsell-tiers",
    "feature-purchases", "customer-outcomes",
)
OWN_PRIORITY = ""  # the priority field when the team uses its own words (`own_priority`)
MAX_METRICS = 5

PLANNED, IN_PROGRESS, DONE, DROPPED = "planned", "in-progress", "done", "dropped"
STATUSES = (PLANNED, IN_PROGRESS, DONE, DROPPED)
OPEN_STATUSES = (PLANNED, IN_PROGRESS)

NEXT_REASSESSMENT, WITHIN_YEAR, DATED = "next-reassessment", "within-year", "dated"
HORIZONS = (NEXT_REASSESSMENT, WITHIN_YEAR, DATED)
PROGRAM = ""  # the dimension id of an action about the program as a whole

_NAMESPACE = uuid.UUID("c4e2f1a0-7b3d-4c9e-8a51-2d6f0e9b7a13")


# ------------------------------------------------------------------------------------ records


@dataclass
class Goal:
    """One version of the goal: the company priority, the education goal, in force from `since`."""

    id: str
    priority: str  # one of PRIORITIES, or OWN_PRIORITY
    own_priority: str  # the team's words for the priority (when `priority` is OWN_PRIORITY)
    statement: str  # the education goal, in the team's words
    since: str  # ISO date from which this version holds


@dataclass
class Metric:
    id: str
    goal_id: str
    name: str
    unit: str
    baseline: float | None
    baseline_date: str | None
    target: float | None
    target_date: str | None
    source: str  # where the number comes from
    position: int  # order on screen and paper
    continues: str | None  # the metric of an earlier goal version this one carries on


@dataclass
class MetricActual:
    """The value a metric had at an assessment (one record per metric x assessment)."""

    id: str
    metric_id: str
    assessment_id: str
    value: float
    note: str


@dataclass
class Action:
    id: str
    title: str
    dimension_id: str  # the function it moves; PROGRAM for the program as a whole
    item_id: str  # optionally the item of that function ("" for none)
    owner: str
    due: str | None
    status: str
    status_changed: str | None  # the date the status last changed
    note: str
    phase_id: str | None
    created: str | None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass
class Phase:
    """A step of the roadmap: actions belong to it and it sets a target stage per function."""

    id: str
    name: str  # "" lets the window name it by its horizon
    horizon: str  # NEXT_REASSESSMENT, WITHIN_YEAR or DATED
    until: str | None  # the end of a DATED phase
    targets: dict  # dimension id -> stage level


# -------------------------------------------------------------------------------------- rules


def _before(wb: Workbook, table: str, record: Any) -> Any:
    """The record as it is now (None for a new one): rules check only what an edit changes, so a
    record a merge left breaking a rule can still be corrected."""
    return wb.collection(table).get(record.id)


def _changed(old: Any, record: Any, name: str) -> bool:
    return old is None or getattr(old, name) != getattr(record, name)


def _others(wb: Workbook, table: str, record: Any) -> list[Any]:
    return [r for r in wb.collection(table).values() if r.id != record.id]


def _refers(wb: Workbook, table: str, record_id: str | None, what: str) -> None:
    if record_id is not None and record_id not in wb.collection(table):
        raise InvalidValue(Problem.BAD_REFERENCE, what=what, value=record_id)


def _check_goal(wb: Workbook, goal: Goal) -> None:
    old = _before(wb, GOALS, goal)
    if _changed(old, goal, "priority") and goal.priority != OWN_PRIORITY \
            and goal.priority not in PRIORITIES:
        raise InvalidValue(Problem.BAD_CHOICE, what="the company priority", value=goal.priority,
                           choices=", ".join(PRIORITIES))
    if _changed(old, goal, "since") and any(
            other.since == goal.since for other in _others(wb, GOALS, goal)):
        raise InvalidValue(Problem.DUPLICATE, what="a goal in force since", value=goal.since)


def _check_metric(wb: Workbook, metric: Metric) -> None:
    old = _before(wb, METRICS, metric)
    if _changed(old, metric, "goal_id"):
        _refers(wb, GOALS, metric.goal_id, "the metric's goal")
        siblings = [m for m in _others(wb, METRICS, metric) if m.goal_id == metric.goal_id]
        if len(siblings) >= MAX_METRICS:
            raise InvalidValue(Problem.LIMIT_REACHED, what="metrics per goal",
                               limit=MAX_METRICS)
    if _changed(old, metric, "continues"):
        if metric.continues == metric.id:
            raise InvalidValue(Problem.BAD_REFERENCE, what="the metric it continues",
                               value=metric.continues)
        _refers(wb, METRICS, metric.continues, "the metric it continues")


def _check_actual(wb: Workbook, actual: MetricActual) -> None:
    old = _before(wb, ACTUALS, actual)
    if _changed(old, actual, "metric_id"):
        _refers(wb, METRICS, actual.metric_id, "the measured metric")
    if _changed(old, actual, "assessment_id") and actual.assessment_id not in wb.assessments:
        raise NotFound(Problem.NO_ASSESSMENT, id=actual.assessment_id)
    if _changed(old, actual, "metric_id") or _changed(old, actual, "assessment_id"):
        pair = (actual.metric_id, actual.assessment_id)
        if any((o.metric_id, o.assessment_id) == pair for o in _others(wb, ACTUALS, actual)):
            raise InvalidValue(Problem.DUPLICATE, what="a value of this metric at assessment",
                               value=actual.assessment_id)


def _check_action(wb: Workbook, action: Action) -> None:
    if _changed(_before(wb, ACTIONS, action), action, "phase_id"):
        _refers(wb, PHASES, action.phase_id, "the action's phase")


def _check_phase(wb: Workbook, phase: Phase) -> None:
    if phase.horizon == DATED and phase.until is None:
        raise InvalidValue(Problem.BAD_DATE, value=None)
    for level in phase.targets.values():
        if (isinstance(level, float) and not level.is_integer()) or abs(level) > MAX_LEVEL:
            raise InvalidValue(Problem.BAD_LEVEL, value=level)


def _text(name: str) -> FieldSpec:
    return FieldSpec(name, FieldType.TEXT, default="")


GOAL_KIND = register(RecordKind(GOALS, Goal, (
    FieldSpec("priority", FieldType.TEXT, default=OWN_PRIORITY), _text("own_priority"),
    _text("statement"), FieldSpec("since", FieldType.DATE),
), check=_check_goal, label_field="statement", dependents=((METRICS, "goal_id"),)))

METRIC_KIND = register(RecordKind(METRICS, Metric, (
    FieldSpec("goal_id", FieldType.REF, ref=GOALS), FieldSpec("name", FieldType.NAME),
    _text("unit"),
    FieldSpec("baseline", FieldType.NUMBER, optional=True),
    FieldSpec("baseline_date", FieldType.DATE, optional=True),
    FieldSpec("target", FieldType.NUMBER, optional=True),
    FieldSpec("target_date", FieldType.DATE, optional=True),
    _text("source"),
    FieldSpec("position", FieldType.INT, default=0, low=0, high=1000),
    FieldSpec("continues", FieldType.REF, optional=True, ref=METRICS),
), check=_check_metric, label_field="name", dependents=((ACTUALS, "metric_id"),)))

ACTUAL_KIND = register(RecordKind(ACTUALS, MetricActual, (
    FieldSpec("metric_id", FieldType.REF, ref=METRICS),
    FieldSpec("assessment_id", FieldType.REF, ref="assessments"),
    FieldSpec("value", FieldType.NUMBER), _text("note"),
), check=_check_actual))

ACTION_KIND = register(RecordKind(ACTIONS, Action, (
    FieldSpec("title", FieldType.NAME), _text("dimension_id"), _text("item_id"), _text("owner"),
    FieldSpec("due", FieldType.DATE, optional=True),
    FieldSpec("status", FieldType.CHOICE, default=PLANNED, choices=STATUSES),
    FieldSpec("status_changed", FieldType.DATE, optional=True), _text("note"),
    FieldSpec("phase_id", FieldType.REF, optional=True, ref=PHASES),
    FieldSpec("created", FieldType.DATE, optional=True),
), check=_check_action, label_field="title"))

PHASE_KIND = register(RecordKind(PHASES, Phase, (
    _text("name"),
    FieldSpec("horizon", FieldType.CHOICE, default=NEXT_REASSESSMENT, choices=HORIZONS),
    FieldSpec("until", FieldType.DATE, optional=True),
    FieldSpec("targets", FieldType.NUMBER_MAP),
), check=_check_phase, label_field="name"))


def actual_id(metric_id: str, assessment_id: str) -> str:
    """The id of a metric's value at an assessment: derived from both, so two laptops recording
    the same value make one record (merged field by field), not two."""
    return str(uuid.uuid5(_NAMESPACE, f"actual/{metric_id}/{assessment_id}"))


# ------------------------------------------------------------------------------------ the goal


def goal_versions(wb: Workbook) -> list[Goal]:
    """Every version of the goal, oldest first."""
    return sorted(wb.collection(GOALS).values(), key=lambda g: (g.since, g.id))


def current_goal(wb: Workbook) -> Goal | None:
    """The version in force now: the one with the latest `since`."""
    versions = goal_versions(wb)
    return versions[-1] if versions else None


def goal_at(wb: Workbook, assessment: Assessment) -> Goal | None:
    """The goal as it was at an assessment: the latest version in force on its date (None when
    the goal was first recorded after it)."""
    earlier = [g for g in goal_versions(wb) if g.since <= assessment.date]
    return earlier[-1] if earlier else None


def metrics_of(wb: Workbook, goal: Goal | str | None) -> list[Metric]:
    """A goal version's metrics in their order."""
    if goal is None:
        return []
    goal_id = goal if isinstance(goal, str) else goal.id
    return sorted((m for m in wb.collection(METRICS).values() if m.goal_id == goal_id),
                  key=lambda m: (m.position, m.name.casefold(), m.id))


def lineage(wb: Workbook, metric: Metric) -> list[Metric]:
    """The metric, then the one it continues, and so on back (a cycle from a merge stops)."""
    chain, seen = [metric], {metric.id}
    records = wb.collection(METRICS)
    while chain[-1].continues and chain[-1].continues not in seen:
        earlier = records.get(chain[-1].continues)
        if earlier is None:
            break
        chain.append(earlier)
        seen.add(earlier.id)
    return chain


def actual_at(wb: Workbook, metric: Metric, assessment_id: str) -> MetricActual | None:
    """The metric's value at an assessment (its own, else the one recorded for the metric it
    continues)."""
    ids = [m.id for m in lineage(wb, metric)]
    found = {a.metric_id: a for a in wb.collection(ACTUALS).values()
             if a.assessment_id == assessment_id and a.metric_id in ids}
    for metric_id in ids:
        if metric_id in found:
            return found[metric_id]
    return None


@dataclass(frozen=True)
class TrendPoint:
    assessment_id: str
    day: date
    value: float


def metric_trend(wb: Workbook, metric: Metric, until: Assessment | None = None
                 ) -> list[TrendPoint]:
    """The metric's recorded values over the assessments (oldest first), through the versions it
    continues; values for deleted assessments are left out; `until` stops at an assessment."""
    order = wb.ordered_assessments()
    if until is not None:
        order = order[:next((i + 1 for i, a in enumerate(order) if a.id == until.id),
                            len(order))]
    points = []
    for assessment in order:
        found = actual_at(wb, metric, assessment.id)
        if found is not None:
            points.append(TrendPoint(assessment.id, assessment.day, found.value))
    return points


def direction(metric: Metric) -> int:
    """+1 when higher is better (the target is above the baseline), -1 when lower is, 0 when it
    cannot be told."""
    if metric.baseline is None or metric.target is None or metric.baseline == metric.target:
        return 0
    return 1 if metric.target > metric.baseline else -1


def progress(metric: Metric, value: float | None) -> float | None:
    """How far `value` has come from the baseline to the target: 0 at the baseline, 1 at the
    target (may be below 0 or above 1); None when it cannot be told."""
    if value is None or direction(metric) == 0:
        return None
    return (value - metric.baseline) / (metric.target - metric.baseline)
