"""The plan in exports: the actions and metrics CSV files beside the ratings and scores, and the
"goal" and "actions" of `summary` (JSON and text).

    <OUT>-actions.csv  one row per action
    <OUT>-metrics.csv  one row per metric x assessment (while its goal was in force, or where a
                       value was recorded; a metric with neither gets one row without one)

The command line speaks English, so the twelve company priorities have their English names here
(the window words them through Qt's translation, ui/plan_texts.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from maturity_workbook.core import action_plan, plan
from maturity_workbook.core.plan import Action, Metric
from maturity_workbook.core.workbook import Assessment, Workbook

PRIORITY_NAMES = {
    "educate-market": "Educate the market",
    "marketing-leads": "More marketing-qualified leads",
    "onboarding": "Faster onboarding",
    "training-revenue": "Revenue or profit from selling training",
    "deal-size": "Larger average deal size",
    "support-calls": "Fewer calls to support",
    "services-time": "Less services time spent training",
    "product-usage": "More product usage",
    "renewals": "Higher renewal rates",
    "upsell-tiers": "Upsell to higher user tiers",
    "feature-purchases": "More add-on feature purchases",
    "customer-outcomes": "Better customer outcomes",
}
STATUS_NAMES = {plan.PLANNED: "planned", plan.IN_PROGRESS: "in progress", plan.DONE: "done",
                plan.DROPPED: "dropped"}
ACTIONS_COLUMNS = [
    "workbook_id", "workbook_name", "action_id", "title", "function_id", "function_name",
    "item_id", "owner", "due", "status", "status_changed", "phase_id", "phase_name",
    "phase_horizon", "phase_until", "created", "note",
]
METRICS_COLUMNS = [
    "workbook_id", "workbook_name", "goal_id", "goal_since", "priority_id", "priority",
    "goal_statement", "metric_id", "metric_name", "unit", "baseline", "baseline_date", "target",
    "target_date", "source", "continues_metric_id", "assessment_id", "assessment_title",
    "assessment_date", "actual", "actual_note",
]


def plan_csv_paths(base: Path) -> tuple[Path, Path]:
    """OUT-actions.csv and OUT-metrics.csv beside OUT-ratings.csv (`base` is OUT without the
    suffix)."""
    return (base.with_name(base.name + "-actions.csv"),
            base.with_name(base.name + "-metrics.csv"))


def priority_name(goal: plan.Goal) -> str:
    """The priority in English, or the team's own words."""
    return PRIORITY_NAMES.get(goal.priority) or goal.own_priority


def number_text(value: float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def function_names(wb: Workbook, catalog) -> dict[str, str]:
    """dimension id -> name from the frameworks the workbook's assessments use (the latest
    assessment's wording wins)."""
    names: dict[str, str] = {}
    if catalog is None:
        return names
    for a in wb.ordered_assessments():
        framework = catalog.get(a.framework_id, a.framework_version)
        if framework is not None:
            names.update({d.id: d.name for d in framework.dimensions})
    return names


def actions_rows(wb: Workbook, catalog, safe) -> list[list[str]]:
    names = function_names(wb, catalog)
    phases = wb.collection(plan.PHASES)
    rows = []
    for action in action_plan.actions(wb):
        phase = phases.get(action.phase_id) if action.phase_id else None
        rows.append([
            wb.id, safe(wb.name), action.id, safe(action.title), action.dimension_id,
            safe(names.get(action.dimension_id, "")), action.item_id, safe(action.owner),
            action.due or "", STATUS_NAMES.get(action.status, action.status),
            action.status_changed or "", action.phase_id or "",
            safe(phase.name) if phase else "", phase.horizon if phase else "",
            (phase.until or "") if phase else "", action.created or "", safe(action.note),
        ])
    return rows


def metrics_rows(wb: Workbook, safe) -> list[list[str]]:
    versions = plan.goal_versions(wb)
    actuals: dict[tuple[str, str], plan.MetricActual] = {
        (v.metric_id, v.assessment_id): v for v in wb.collection(plan.ACTUALS).values()}
    rows = []
    for index, goal in enumerate(versions):
        until = versions[index + 1].since if index + 1 < len(versions) else None
        in_force = {a.id for a in wb.ordered_assessments()
                    if goal.since <= a.date and (until is None or a.date < until)}
        head = [wb.id, safe(wb.name), goal.id, goal.since, goal.priority,
                safe(priority_name(goal)), safe(goal.statement)]
        for metric in plan.metrics_of(wb, goal):
            about = [metric.id, safe(metric.name), safe(metric.unit),
                     number_text(metric.baseline), metric.baseline_date or "",
                     number_text(metric.target), metric.target_date or "", safe(metric.source),
                     metric.continues or ""]
            chosen = [a for a in wb.ordered_assessments()
                      if a.id in in_force or (metric.id, a.id) in actuals]
            if not chosen:
                rows.append(head + about + ["", "", "", "", ""])
            for a in chosen:
                value = actuals.get((metric.id, a.id))
                rows.append(head + about + [
                    a.id, safe(a.title), a.date, number_text(value.value) if value else "",
                    safe(value.note) if value else ""])
    return rows


# ------------------------------------------------------------------------------- summary


def _function(action: Action, framework) -> tuple[str, str]:
    dimension = next((d for d in framework.dimensions if d.id == action.dimension_id), None)
    return action.dimension_id, dimension.name if dimension else action.dimension_id


def _metric_data(wb: Workbook, metric: Metric, a: Assessment) -> dict[str, Any]:
    trend = plan.metric_trend(wb, metric, until=a)
    return {
        "id": metric.id, "name": metric.name, "unit": metric.unit,
        "baseline": metric.baseline, "baseline_date": metric.baseline_date,
        "target": metric.target, "target_date": metric.target_date, "source": metric.source,
        "actuals": [{"assessment_id": p.assessment_id, "date": p.day.isoformat(),
                     "value": p.value} for p in trend],
    }


def plan_summary(wb: Workbook, a: Assessment, framework, today: date | None = None
                 ) -> dict[str, Any]:
    """The plan keys of `summary --json`: "goal" as it was at the assessment (with its metrics
    and their values up to it; null when no goal was recorded by then) and "actions" (every
    action, by function in the framework's order, then due date)."""
    today = today or date.today()
    goal = plan.goal_at(wb, a)
    goal_data = None if goal is None else {
        "priority": priority_name(goal),
        "priority_id": goal.priority or None,
        "statement": goal.statement,
        "since": goal.since,
        "metrics": [_metric_data(wb, m, a) for m in plan.metrics_of(wb, goal)],
    }
    phases = wb.collection(plan.PHASES)
    order = [d.id for d in framework.dimensions]
    actions_data = []
    for _, items in action_plan.by_function(action_plan.actions(wb), order):
        for action in items:
            function_id, function = _function(action, framework)
            phase = phases.get(action.phase_id) if action.phase_id else None
            actions_data.append({
                "title": action.title, "function": function, "function_id": function_id,
                "item_id": action.item_id or None, "owner": action.owner, "due": action.due,
                "status": action.status, "status_changed": action.status_changed,
                "phase": (phase.name or phase.horizon) if phase else None,
                "overdue": action_plan.is_overdue(action, today),
            })
    return {"goal": goal_data, "actions": actions_data}


def with_plan_text(text: str, data: dict) -> str:
    """The summary's text followed by the plan's lines, if there is a plan."""
    lines = plan_text(data)
    return "\n".join([text, "", *lines]) if lines else text


def plan_text(data: dict) -> list[str]:
    """The lines `summary` prints about the plan (none when there is no plan)."""
    lines: list[str] = []
    goal = data.get("goal")
    if goal:
        lines.append(f"Goal: {goal['priority'] or '(no company priority)'}"
                     + (f": {goal['statement']}" if goal["statement"] else "")
                     + f" (since {goal['since']})")
        for metric in goal["metrics"]:
            unit = f" ({metric['unit']})" if metric["unit"] else ""
            values = " → ".join(number_text(v["value"]) for v in metric["actuals"]) or "no values"
            baseline = number_text(metric["baseline"]) or "—"
            target = number_text(metric["target"]) or "—"
            lines.append(f"  {metric['name']}{unit}: baseline {baseline}, target {target}; "
                         f"{values}")
    actions = data.get("actions") or []
    if actions:
        open_ = [x for x in actions if x["status"] in plan.OPEN_STATUSES]
        overdue = sum(1 for x in open_ if x["overdue"])
        lines.append(f"Actions: {len(open_)} open ({overdue} overdue), "
                     f"{sum(1 for x in actions if x['status'] == plan.DONE)} done, "
                     f"{sum(1 for x in actions if x['status'] == plan.DROPPED)} dropped")
        for x in open_:
            who = x["owner"] or "no owner"
            due = f"due {x['due']}" if x["due"] else "no due date"
            late = ", OVERDUE" if x["overdue"] else ""
            lines.append(f"  [{x['function'] or 'program'}] {x['title']} ({who}, {due}, "
                         f"{STATUS_NAMES.get(x['status'], x['status'])}{late})")
    return lines
