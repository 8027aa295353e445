"""Pieces of the plan other screens show: the metric chart, the plan at a glance (for the
Overview), the review since the last assessment (for the reassessment's first page), and turning
a next step into an action (one key on the Overview).

None keeps domain state: they render what core/action_plan.py computes from `session.workbook`,
and edits go through `session.do`.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from maturity_workbook.core import action_plan, plan
from maturity_workbook.core.ops import What
from maturity_workbook.core.ops.plan_ops import AddAction
from maturity_workbook.ui import dialogs, plan_texts
from maturity_workbook.ui.plan_texts import format_date, format_number, function_name

WARN = "#b35900"
MUTED = "color: palette(placeholder-text);"


PLAN_TABLES = {plan.GOALS, plan.METRICS, plan.ACTUALS, plan.ACTIONS, plan.PHASES}
REFRESH_ON = {What.RECORD, What.MANY, What.WORKBOOK, What.ASSESSMENT_CREATED,
              What.ASSESSMENT_UPDATED, What.ASSESSMENT_DELETED, What.STATUS}


def affects_plan(change) -> bool:
    """Whether a change (core Change) can alter what the plan shows: its records, or the
    assessments its values and phases hang on; not a rating or a note."""
    return change.what in REFRESH_ON and not (
        change.what is What.RECORD and change.table not in PLAN_TABLES)


def _esc(text: str) -> str:
    return html.escape(text or "")


PRIMARY_FRAMEWORK = "customer-education"  # what a first assessment uses unless told otherwise


def framework_of(session):
    """The framework the plan speaks of: the latest assessment's (final first); before the
    first assessment, the primary model's (a plan may come first: goal first)."""
    wb = session.workbook
    latest = wb.latest(final_only=True) or wb.latest(final_only=False)
    if latest is not None:
        return session.framework_for(latest)
    return session.catalog.newest(PRIMARY_FRAMEWORK)


# --------------------------------------------------------------------------------- the chart


class MetricChartPanel(QWidget):
    """The metrics over the assessments (charts/metrics.py) on a canvas; matplotlib is loaded
    off the GUI thread the first time, as for the other charts."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName(self.tr("Metrics chart"))
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMinimumSize(300, 240)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignCenter)
        self.message.setWordWrap(True)
        self.layout_.addWidget(self.message)
        self.figure = None
        self.canvas = None
        self._series: list | None = None
        self.columns: int | None = None  # panels per row (None: what fits the size best)

    def show_metrics(self, series: list) -> None:
        """[(metric, [(date, value)])] to draw when the panel is visible."""
        self._series = list(series)
        if self.isVisible():
            QTimer.singleShot(0, self._draw_pending)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._series is not None:
            QTimer.singleShot(0, self._draw_pending)

    def _draw_pending(self) -> None:
        from maturity_workbook.ui.chart_widget import charts_ready

        if self._series is None or not self.isVisible():
            return
        if not charts_ready(self._draw_pending, self.message.setText):
            return
        self.draw_now(self._series)
        self._series = None

    def labels(self) -> dict[str, str]:
        """The chart's words (charts/metrics.LABELS), translated."""
        return {"values": self.tr("Recorded"), "baseline": self.tr("Baseline"),
                "target": self.tr("Path to target"),
                "no-values": self.tr("No values recorded yet"),
                "no-metrics": self.tr("No metrics yet")}

    def draw_now(self, series: list) -> None:
        """Build the figure and draw it (tests call this directly)."""
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from maturity_workbook.charts.metrics import metrics_figure
        from maturity_workbook.ui.chart_widget import is_dark, screen_fonts

        width = max(self.width(), 300) / 100
        height = max(self.height(), 240) / 100
        with screen_fonts():
            figure = metrics_figure(series, size=(width, height), dark=is_dark(self),
                                    labels=self.labels(), format_number=format_number,
                                    format_date=format_date, columns=self.columns)
        if self.canvas is not None:
            self.layout_.removeWidget(self.canvas)
            self.canvas.setParent(None)
            self.canvas.deleteLater()
        self.figure = figure
        self.canvas = FigureCanvasQTAgg(figure)
        self.canvas.setAccessibleName(self.accessibleName())
        self.canvas.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.layout_.addWidget(self.canvas, 1)
        self.message.setVisible(False)
        self.canvas.draw_idle()


def metric_series(workbook, status: action_plan.PlanStatus) -> list:
    return [(m.metric, [(p.day, p.value) for p in m.trend]) for m in status.metrics]


# ------------------------------------------------------------------------ the plan at a glance


class PlanSummary(QWidget):
    """The goal with its metrics and their latest values, the overdue actions and the open ones
    by function. For the Overview, beside the reassessment notice."""

    planRequested = Signal()  # "Open the plan" was clicked

    def __init__(self, session, parent: QWidget | None = None, show_overdue: bool = True):
        super().__init__(parent)
        self.session = session
        self.today = date.today()
        self.show_overdue = show_overdue  # False where a notice beside says it already
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.RichText)
        self.text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.text.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        layout.addWidget(self.text)
        self.open_plan = QPushButton(self.tr("Open the Plan"))
        self.open_plan.clicked.connect(self.planRequested.emit)
        layout.addWidget(self.open_plan, 0, Qt.AlignLeft)
        session.changed.connect(self._on_change)
        self.refresh()

    def _on_change(self, change) -> None:
        if affects_plan(change):
            self.refresh()

    def refresh(self) -> None:
        framework = framework_of(self.session)
        order = [d.id for d in framework.dimensions] if framework else []
        status = action_plan.plan_status(self.session.workbook, self.today, order)
        self.text.setText(self.summary_html(status, framework))

    def overdue_count(self) -> int:
        return len(action_plan.overdue_actions(self.session.workbook, self.today))

    def summary_html(self, status: action_plan.PlanStatus, framework,
                     open_per_function: int = 2) -> str:
        """The plan at a glance as rich text (user text escaped)."""
        parts = []
        if status.goal is None:
            parts.append("<p>" + self.tr("No goal yet. Start the plan with the company priority "
                                         "the program serves.") + "</p>")
        else:
            priority = plan_texts.priority_name(status.goal)
            parts.append("<p>" + self.tr("Company priority: %1").replace(
                "%1", f"<b>{_esc(priority)}</b>"))
            if status.goal.statement:
                parts.append("<br>" + self.tr("Education goal: %1").replace(
                    "%1", _esc(status.goal.statement)))
            parts.append("</p>")
            if status.metrics:
                parts.append("<ul style='margin-top:0'>" + "".join(
                    "<li>" + self.metric_line(item) + "</li>" for item in status.metrics)
                    + "</ul>")
            else:
                parts.append("<p>" + self.tr("Add 1 to 5 metrics to see progress toward the "
                                             "goal.") + "</p>")
        comma = self.tr(", ")
        if status.overdue and self.show_overdue:
            parts.append(f"<p><b style='color:{WARN}'>"
                         + self.tr("%n action(s) overdue", "", len(status.overdue)) + "</b>: "
                         + _esc(comma.join(a.title for a in status.overdue[:3]))
                         + ("…" if len(status.overdue) > 3 else "") + "</p>")
        total = sum(len(items) for _, items in status.open_by_function)
        if total:
            parts.append("<p><b>" + self.tr("%n open action(s)", "", total) + "</b></p><ul>")
            for dimension_id, items in status.open_by_function:
                titles = _esc(comma.join(a.title for a in items[:open_per_function]))
                more = len(items) - open_per_function
                if more > 0:
                    titles += " " + self.tr("(and %n more)", "", more)
                parts.append("<li>" + self.tr("%1: %2").replace("%1", _esc(function_name(
                    framework, dimension_id))).replace("%2", titles) + "</li>")
            parts.append("</ul>")
        elif status.goal is not None:
            parts.append("<p>" + self.tr("No open actions. Turn a next step into an action.")
                         + "</p>")
        return "".join(parts)

    def metric_line(self, item: action_plan.MetricStatus) -> str:
        """'Name: 55 % (▲ target 70, 58% of the way)' as rich text."""
        metric = item.metric
        name = _esc(metric.name)
        if item.latest is None:
            return self.tr("%1: no value yet").replace("%1", name)
        value = format_number(item.latest) + (f" {_esc(metric.unit)}" if metric.unit else "")
        text = self.tr("%1: %2").replace("%1", name).replace("%2", f"<b>{value}</b>")
        arrow = ""
        if len(item.trend) > 1:
            change = item.trend[-1].value - item.trend[-2].value
            arrow = "▲" if change > 0 else "▼" if change < 0 else "▶"
        details = []
        if metric.target is not None:
            details.append(self.tr("target %1").replace("%1", format_number(metric.target)))
        if item.progress is not None:
            details.append(self.tr("%1% of the way").replace("%1", format_number(
                round(item.progress * 100))))
        suffix = " ".join(part for part in (arrow, self.tr(", ").join(details)) if part)
        if suffix:
            text += f" <span style='color:gray'>({suffix})</span>"
        return text


# ----------------------------------------------------------------- since the last assessment


class ReviewPanel(QLabel):
    """What happened since the last assessment: the actions done, dropped and carried over and
    the metric values, before the room rates again. For the reassessment's first page."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWordWrap(True)
        self.setTextFormat(Qt.RichText)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.setAlignment(Qt.AlignTop | Qt.AlignLeft)

    def show_review(self, assessment_id: str | None, today: date | None = None) -> None:
        wb = self.session.workbook
        assessment = wb.assessments.get(assessment_id) if assessment_id else None
        review = action_plan.review_since_last(wb, assessment, today or date.today())
        self.setText(self.review_html(review, framework_of(self.session)))

    def review_html(self, review: action_plan.Review, framework) -> str:
        if review.previous is None:
            head = self.tr("Up to %1").replace("%1", format_date(review.end))
        else:
            head = self.tr("Since %1 (%2)").replace("%1", _esc(review.previous.title)).replace(
                "%2", format_date(review.previous.date))
        parts = [f"<h3>{head}</h3>"]
        if review.is_empty:
            parts.append("<p>" + self.tr("No actions or metric values to review yet.") + "</p>")
            return "".join(parts)
        for title, items, show_owner in (
                (self.tr("Done (%n)", "", len(review.done)), review.done, False),
                (self.tr("Dropped (%n)", "", len(review.dropped)), review.dropped, False),
                (self.tr("Carried over (%n)", "", len(review.carried)), review.carried, True)):
            parts.append(f"<p><b>{title}</b></p>")
            if not items:
                parts.append("<p style='color:gray'>" + self.tr("None") + "</p>")
                continue
            rows = []
            for action in items:
                where = _esc(function_name(framework, action.dimension_id))
                line = self.tr("%1 (%2)").replace("%1", _esc(action.title)).replace("%2", where)
                if show_owner and (action.owner or action.due):
                    line += " — " + _esc(action.owner or self.tr("no owner"))
                    if action.due and action.due < review.end.isoformat():
                        line += ", " + self.tr("due %1, overdue").replace(
                            "%1", format_date(action.due))
                    elif action.due:
                        line += ", " + self.tr("due %1").replace("%1", format_date(action.due))
                rows.append(f"<li>{line}</li>")
            parts.append("<ul>" + "".join(rows) + "</ul>")
        if review.metrics:
            parts.append("<p><b>" + self.tr("Metrics") + "</b></p><ul>")
            for item in review.metrics:
                before = format_number(item.before) if item.before is not None else "—"
                if item.before_at is not None:  # last time skipped it: say when it was taken
                    before = self.tr("%1 (at %2)").replace("%1", before).replace(
                        "%2", _esc(item.before_at.title))
                now = format_number(item.now) if item.now is not None else self.tr(
                    "not recorded yet")
                parts.append("<li>" + self.tr("%1: %2 → %3").replace("%1", _esc(
                    item.metric.name)).replace("%2", before).replace("%3", now) + "</li>")
            parts.append("</ul>")
        return "".join(parts)


# ------------------------------------------------------------------ a next step -> an action


def action_from_step(parent: QWidget, session, step, today: date | None = None) -> str | None:
    """Offer a next step (core.scoring.NextStep) as a new action: the dialog opens with the
    step's wording, function and item; the user adds the owner and due date. Returns the new
    action's id, or None when cancelled (or an open action already covers the item and the user
    keeps that one)."""
    from maturity_workbook.ui.plan_dialogs import ActionDialog

    today = today or date.today()
    wb = session.workbook
    existing = action_plan.open_action_for_item(wb, step.dimension_id, step.item_id)
    if existing is not None and not dialogs.confirm(
            parent, QCoreApplication.translate("Plan", "Already Planned"),
            QCoreApplication.translate(
                "Plan", "“%1” already works on this step. Add another action anyway?")
            .replace("%1", existing.title), QCoreApplication.translate("Plan", "Add Another")):
        return None
    phases = action_plan.ordered_phases(wb, today)
    first = next((p for p in phases if p.horizon == plan.NEXT_REASSESSMENT), None)
    draft = action_plan.next_step_draft(step, first.id if first else None)
    owners = [a.owner for a in wb.collection(plan.ACTIONS).values() if a.owner]
    owners += [p.name for p in wb.participants.values()]
    dialog = ActionDialog(draft, framework_of(session), phases, owners, today,
                          title=QCoreApplication.translate("Plan", "New Action from a Next Step"),
                          parent=parent)
    created: list[str] = []

    def add() -> None:
        applied = session.do(AddAction(dialog.fields(), today))
        if applied is not None:
            created.append(applied.change.record_id)

    dialog.apply = add
    dialog.owner.setFocus()  # the wording is there; who and by when are what is missing
    dialog.exec()
    return created[0] if created else None
