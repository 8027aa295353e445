"""The plan in the snapshot: the goal and its metrics on page 1, and the action plan after
"What to do".

Page 1 says what the assessment is for before the detail (002: the company priority first, then
the education goal and its metrics): the goal as it was at the assessment (`plan.goal_at`; the
goal now, for the latest assessment, when it was first set after it) and each metric's baseline,
target and value at the assessment. It stays a few lines: page 1 also holds the function table
and the radar.

The action plan lists who does what by when: the open actions, and those done or dropped since
the previous assessment, grouped by function (the framework's order) or by roadmap phase
(`SnapshotOptions.actions_by`), each with its owner, due date and status. Nothing here decides
anything: core/action_plan.py and core/plan.py do.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from maturity_workbook.core import action_plan, plan
from maturity_workbook.report import i18n
from maturity_workbook.report.document import (
    Block, Column, Fitting, Heading, Paragraph, Span, Table, fill, user,
)
from maturity_workbook.report.i18n import SnapshotReport, arg, translate
from maturity_workbook.store.plan_export import PRIORITY_NAMES

BY_FUNCTION, BY_PHASE = "function", "phase"
GOAL_INDENT = 40  # points: room for the hanging "Goal"
TIGHT_PAD = 3.0


# ------------------------------------------------------------------------------- words


def value_text(value: float | None) -> str:
    """A metric's value as the locale writes it, with the decimals it has (at most four)."""
    if value is None:
        return "—"
    if float(value).is_integer() and abs(value) < 1e15:
        return i18n.integer(int(value))
    locale = i18n.locale()
    text = locale.toString(float(value), "f", 4)
    point = locale.decimalPoint()
    return text.rstrip(locale.zeroDigit()).rstrip(point) if point in text else text


def priority_text(goal: plan.Goal) -> str:
    """One of the twelve priorities in the reader's language (the window's wording, context
    "Plan"), or the team's own words."""
    if goal.priority in PRIORITY_NAMES:
        return translate("Plan", PRIORITY_NAMES[goal.priority])
    return goal.own_priority


def status_text(status: str) -> str:
    return {plan.PLANNED: translate("SnapshotReport", "Planned"),
            plan.IN_PROGRESS: translate("SnapshotReport", "In progress"),
            plan.DONE: translate("SnapshotReport", "Done"),
            plan.DROPPED: translate("SnapshotReport", "Dropped")}.get(status, status)


def phase_text(phase: plan.Phase | None) -> str:
    if phase is None:
        return translate("SnapshotReport", "No phase")
    if phase.name.strip():
        return phase.name
    return {plan.NEXT_REASSESSMENT: translate("SnapshotReport", "By the next reassessment"),
            plan.WITHIN_YEAR: translate("SnapshotReport", "Within a year")}.get(
        phase.horizon, translate("SnapshotReport", "By a date"))


def function_text(b, dimension_id: str) -> str:
    if dimension_id == plan.PROGRAM:
        return translate("SnapshotReport", "Whole program")
    found = next((d for d in b.fw.dimensions if d.id == dimension_id), None)
    return found.name if found is not None else dimension_id


def _day(iso: str | None) -> str:
    return i18n.day(date.fromisoformat(iso)) if iso else ""


# ---------------------------------------------------------------------------- page 1


def goal_for(b) -> plan.Goal | None:
    """The goal at the assessment; for the latest assessment, the goal now when none was in
    force on its date (the team set it down after the workshop)."""
    goal = plan.goal_at(b.wb, b.a)
    if goal is None and b.wb.latest(final_only=False) is b.a:
        goal = plan.current_goal(b.wb)
    return goal


def goal_and_metrics(b) -> list[Block]:
    """The company priority and the education goal in a line or two, then a compact table of
    the metrics: baseline, target, the value at this assessment and how far it has come.

    Page 1 must keep its radar: when it has no room for the metrics, they follow at the top of
    page 2 (then, on a more crowded page, the education goal too; on the most crowded, the
    priority too), and page 1 says so in a line."""
    goal = goal_for(b)
    if goal is None:
        return []
    metrics = plan.metrics_of(b.wb, goal)
    table = [metrics_table(b, metrics)] if metrics else []
    later_heading = Heading(text=translate("SnapshotReport", "The goal and its metrics"),
                            level=2, space_before=0)
    pointer = (SnapshotReport.tr(" Its %n metric(s) follow on the next page.", "",
                                 len(metrics)) if metrics else "")
    choices = [
        (goal_line(goal) + table, []),
        (goal_line(goal, pointer), [later_heading] + table) if metrics else None,
        (goal_line(goal, translate("SnapshotReport", " The education goal and its metrics "
                                   "follow on the next page."), statement=False),
         [later_heading] + goal_line(goal) + table),
        ([Paragraph(text=(Span(translate("SnapshotReport", "The company goal and its metrics "
                                         "follow on the next page."), muted=True),),
                    style="small", label=translate("SnapshotReport", "Goal"),
                    indent=GOAL_INDENT, label_style="small", space_before=3)],
         [later_heading] + goal_line(goal) + table),
        ([], [later_heading] + goal_line(goal) + table),
    ]
    return [Fitting(choices=[c for c in choices if c is not None])]


def goal_line(goal: plan.Goal, after: str = "", statement: bool = True) -> list[Block]:
    """'Goal  More product usage — <the education goal>' (+ `after`, a pointer onwards)."""
    text = [Span(priority_text(goal), bold=True, user=goal.priority not in PRIORITY_NAMES)]
    if statement and goal.statement.strip():
        text += [" — ", user(" ".join(goal.statement.split()))]
    if after:
        text.append(Span(after, muted=True))
    return [Paragraph(text=text, label=translate("SnapshotReport", "Goal"), indent=GOAL_INDENT,
                      label_style="label", space_before=6)]


def metrics_table(b, metrics: list[plan.Metric]) -> Table:
    previous = b.previous.assessment if b.previous is not None else None
    rows = []
    for metric in metrics:
        name: list = [user(metric.name)]
        if metric.unit.strip():
            name.append(Span(" (" + metric.unit.strip() + ")", muted=True))
        now = plan.actual_at(b.wb, metric, b.a.id)
        value: list = [value_text(now.value) if now is not None else "—"]
        before = plan.actual_at(b.wb, metric, previous.id) if previous is not None else None
        if now is not None and before is not None and now.value != before.value:
            change = now.value - before.value
            value.append(Span(" (" + ("+" if change > 0 else i18n.MINUS)
                              + value_text(abs(change)) + ")", muted=True))
        share = plan.progress(metric, now.value if now is not None else None)
        target = value_text(metric.target)
        if metric.target is not None and metric.target_date:
            target = arg(translate("SnapshotReport", "%1 by %2", "a metric's target and when"),
                         target, month(metric.target_date))
        rows.append((name, value_text(metric.baseline), target, value,
                     arg(translate("SnapshotReport", "%1%", "a share of the way, in percent"),
                         i18n.integer(round(share * 100))) if share is not None else "—"))
    columns = (Column(translate("SnapshotReport", "Metric"), 0.05),
               Column(translate("SnapshotReport", "Baseline"), 0.01, "right"),
               Column(translate("SnapshotReport", "Target"), 0.01, "right"),
               Column(translate("SnapshotReport", "Actual",
                                "the metric's value at this assessment"), 0.01, "right"),
               Column(translate("SnapshotReport", "Progress"), 0.01, "right"))
    return Table(columns=columns, rows=rows, style="cell-small", compact=True,
                 pad_x=TIGHT_PAD, space_before=3, split=False)


def month(iso: str) -> str:
    """'Dec 2026' (pattern translatable, month names from the locale)."""
    day = date.fromisoformat(iso)
    pattern = translate("SnapshotReport", "MMM yyyy", "month and year (QDate pattern)")
    return i18n.locale().toString(QDate(day.year, day.month, day.day), pattern)


# ------------------------------------------------------------------------ the action plan


def shown_actions(b) -> list[plan.Action]:
    """The open actions, and those done or dropped since the previous assessment (all closed
    ones when there is none before this one)."""
    since = b.previous.assessment.date if b.previous is not None else ""
    return [a for a in action_plan.actions(b.wb)
            if a.is_open or (a.status_changed or "") > since]


def action_plan_section(b) -> list[Block]:
    """Who does what by when, in one table grouped by function or by phase (a phase's end and
    target stages in a roadmap table above it); nothing for a workbook with neither a goal nor
    an action (a team not using the plan)."""
    wb = b.wb
    if not uses_a_plan(wb):
        return []
    out: list[Block] = [Heading(text=translate("SnapshotReport", "Action plan"), level=1)]
    today = b.facts.generated
    shown = shown_actions(b)
    if not shown:
        out.append(Paragraph(text=translate(
            "SnapshotReport", "No open actions. On the Overview, one key turns a next step into "
            "an action with an owner and a due date.")))
        return out
    out.append(Paragraph(text=summary_line(b, shown, today), keep_with_next=True))  # its table
    if getattr(b.options, "actions_by", BY_FUNCTION) == BY_PHASE:
        groups = action_plan.by_phase(wb, shown, today)
        out.extend(roadmap(b, [phase for phase, _items in groups if phase is not None], today))
        rows = [(phase_text(phase) if phase is not None
                 else translate("SnapshotReport", "Not in a phase"), items)
                for phase, items in groups]
        out.append(actions_table(b, rows, today, by_phase=True))
    else:
        order = [d.id for d in b.fw.dimensions]
        rows = [(function_text(b, dim), items)
                for dim, items in action_plan.by_function(shown, order)]
        out.append(actions_table(b, rows, today, by_phase=False))
    return out


def uses_a_plan(wb) -> bool:
    """A goal or an action: the team plans in this workbook."""
    return plan.current_goal(wb) is not None or bool(action_plan.actions(wb))


def how_to_read_the_plan(b) -> list[str]:
    """What the plan's figures mean, for "How to read this snapshot" (nothing without a plan)."""
    if not uses_a_plan(b.wb):
        return []
    return [translate("SnapshotReport", "A metric's progress is the share of the way from its "
                      "baseline to its target that its value at the assessment has come. The "
                      "action plan lists the open actions and those done or dropped since the "
                      "previous assessment; an open action is overdue once its due date has "
                      "passed.")]


def summary_line(b, shown: list[plan.Action], today: date) -> tuple[Span, ...]:
    """'5 open actions. 2 of them overdue on 1 Dec 2026. Since 12 Nov 2025: 1 done, 1 dropped.'
    (whole sentences, each translated as one)."""
    opened = [a for a in shown if a.is_open]
    overdue = [a for a in opened if action_plan.is_overdue(a, today)]
    text = SnapshotReport.tr("%n open action(s).", "", len(opened))
    if overdue:
        text += arg(SnapshotReport.tr(" %n overdue on %1.", "", len(overdue)),
                    i18n.day(today))
    if b.previous is not None:
        done = sum(1 for a in shown if a.status == plan.DONE)
        dropped = sum(1 for a in shown if a.status == plan.DROPPED)
        text += arg(translate("SnapshotReport", " Since %1: %2 done, %3 dropped."),
                    i18n.day(b.previous.day), i18n.integer(done), i18n.integer(dropped))
    return fill(text)


def roadmap(b, phases: list[plan.Phase], today: date) -> list[Block]:
    """Each phase's end and its target stage per function."""
    if not phases:
        return []
    rows = []
    for phase in phases:
        end = action_plan.phase_end(b.wb, phase, today)
        targets = action_plan.phase_targets(phase, [d.id for d in b.fw.dimensions])
        stages = translate("SnapshotReport", ", ", "list separator").join(
            arg(translate("SnapshotReport", "%1: %2", "a function and its target stage"),
                d.label, b.fw.stage(targets[d.id]).name)
            for d in b.fw.dimensions if d.id in targets)
        rows.append((phase_text(phase), i18n.day(end) if end is not None else "—",
                     stages or "—"))
    columns = (Column(translate("SnapshotReport", "Phase"), 0.3),
               Column(translate("SnapshotReport", "Ends"), 0.01),
               Column(translate("SnapshotReport", "Target stages"), 0.7))
    return [Table(columns=columns, rows=rows, style="cell-small", pad_x=TIGHT_PAD,
                  space_before=6, compact=True)]


def actions_table(b, groups: list[tuple[str, list[plan.Action]]], today: date,
                  by_phase: bool) -> Table:
    """One table, so the columns line up: the group (function or phase) named on its first
    row, then each action's title, owner, due date and status (with the date a closed one
    changed), and its phase (grouped by function) or function (grouped by phase)."""
    phases = b.wb.collection(plan.PHASES)
    rows = []
    for group, items in groups:
        for n, action in enumerate(items):
            status: list = [status_text(action.status)]
            if action_plan.is_overdue(action, today):
                status.append(Span(" · " + translate("SnapshotReport", "overdue"), bold=True))
            elif not action.is_open and action.status_changed:
                status.append(Span(" " + _day(action.status_changed), muted=True))
            where = (function_text(b, action.dimension_id) if by_phase
                     else phase_text(phases[action.phase_id]) if action.phase_id in phases
                     else "—")
            rows.append((Span(group, bold=True) if n == 0 else "", user(action.title),
                         owner_text(b, action.owner), _day(action.due) or "—", status, where))
    first = (translate("SnapshotReport", "Phase") if by_phase
             else translate("SnapshotReport", "Function"))
    last = (translate("SnapshotReport", "Function") if by_phase
            else translate("SnapshotReport", "Phase"))
    columns = (Column(first, 0.14), Column(translate("SnapshotReport", "Action"), 0.4),
               Column(translate("SnapshotReport", "Owner"), 0.1),
               Column(translate("SnapshotReport", "Due"), 0.01),
               Column(translate("SnapshotReport", "Status"), 0.05), Column(last, 0.12))
    return Table(columns=columns, rows=rows, style="cell-small", pad_x=TIGHT_PAD,
                 space_before=6)


def owner_text(b, owner: str):
    """The owner as typed; when participants are anonymized, an owner who took part in this
    assessment is shown by their P-number too."""
    if not owner.strip():
        return Span(translate("SnapshotReport", "no owner yet"), muted=True)
    if b.options.anonymize:
        for pid in b.a.participant_ids:
            person = b.wb.participants.get(pid)
            if person is not None and person.name.strip().casefold() == owner.strip().casefold():
                return b.person(pid)
    return user(owner)
