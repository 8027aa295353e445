"""The goal on the History screen: the goal as it was at the assessment selected in the table,
and its metrics over the final assessments as charts in the trend's style (charts/metrics.py).

The goal can change; core/plan.py keeps each version with the date it holds from, so an older
assessment shows the goal then in force (`plan.goal_at`), and a metric carried into a new version
keeps its whole trend. Nothing here decides anything or holds domain state.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from maturity_workbook.core import plan
from maturity_workbook.ui import plan_texts
from maturity_workbook.ui.plan_texts import format_date
from maturity_workbook.ui.plan_widgets import MetricChartPanel


def _esc(text) -> str:
    return html.escape(str(text or ""))


class GoalMetricsTab(QWidget):
    """The goal at one assessment (priority, education goal, since when) and its metrics'
    values over the final assessments."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.assessment_id: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        self.goal = QLabel()
        self.goal.setWordWrap(True)
        self.goal.setTextFormat(Qt.RichText)
        self.goal.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.goal.setAccessibleName(self.tr("Goal at this assessment"))
        layout.addWidget(self.goal)
        self.chart = MetricChartPanel(self)
        layout.addWidget(self.chart, 1)

    def show_at(self, assessment) -> None:
        """The goal in force at `assessment` (a core Assessment; None: the goal now) and the
        trend of its metrics over the final assessments."""
        wb = self.session.workbook
        self.assessment_id = assessment.id if assessment is not None else None
        goal = plan.goal_at(wb, assessment) if assessment is not None else plan.current_goal(wb)
        self.goal.setText(self.goal_html(assessment, goal))
        metrics = plan.metrics_of(wb, goal)
        self.chart.setVisible(bool(metrics))
        if metrics:
            self.chart.show_metrics(self.series(metrics))

    def series(self, metrics) -> list:
        """[(metric, [(date, value)])]: values at final assessments, through the metrics each
        one continues."""
        wb = self.session.workbook
        finals = {a.id for a in wb.ordered_assessments(final_only=True)}
        return [(m, [(p.day, p.value) for p in plan.metric_trend(wb, m)
                     if p.assessment_id in finals]) for m in metrics]

    def goal_html(self, assessment, goal) -> str:
        wb = self.session.workbook
        when = (self.tr("%1 — %2").replace("%1", format_date(assessment.date))
                .replace("%2", _esc(assessment.title)) if assessment is not None else "")
        if goal is None:
            if assessment is None:
                return "<p>" + _esc(self.tr("No goal yet: set it on the Plan screen, with 1 to "
                                            "5 metrics, to see them here over time.")) + "</p>"
            return "<p>" + self.tr("No goal was recorded as in force at %1. A goal set on the "
                                   "Plan screen from a date on or before it shows here.").replace(
                "%1", f"<b>{when}</b>") + "</p>"
        since = format_date(goal.since)
        head = (self.tr("The goal at %1, in force since %2:").replace("%1", f"<b>{when}</b>")
                .replace("%2", since) if assessment is not None
                else self.tr("The goal, in force since %1:").replace("%1", since))
        parts = ["<p>" + head + "<br>"
                 + self.tr("Company priority: %1").replace(
                     "%1", f"<b>{_esc(plan_texts.priority_name(goal))}</b>")]
        if goal.statement:
            parts.append("<br>" + self.tr("Education goal: %1").replace(
                "%1", _esc(goal.statement)))
        parts.append("</p>")
        now = plan.current_goal(wb)
        if now is not None and now.id != goal.id:
            parts.append("<p style='color:gray'>" + self.tr(
                "It changed on %1: %2").replace("%1", format_date(now.since)).replace(
                "%2", _esc(plan_texts.priority_name(now))) + "</p>")
        if not plan.metrics_of(wb, goal):
            parts.append("<p>" + _esc(self.tr("This version of the goal has no metrics.")) +
                         "</p>")
        return "".join(parts)
