"""The plan on the Overview: the next steps as rows that one key turns into actions, the goal
with its metrics and their trend and the open actions by function, overdue actions beside the
reassessment notice, and which targets the radar shows (this assessment's or a roadmap phase's).

Each piece is its own widget so the Overview only places them; none holds domain state. What
they show comes from core/action_plan.py and core/plan.py through `session.workbook`, and an
action made from a step goes through `session.do` (Edit > Undo takes it back).
"""

from __future__ import annotations

import html
import re
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFrame, QGroupBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout,
    QWidget,
)

from maturity_workbook.core import action_plan, plan
from maturity_workbook.core.scoring import NextStep
from maturity_workbook.ui import plan_texts
from maturity_workbook.ui.plan_texts import format_date
from maturity_workbook.ui.plan_widgets import (
    WARN, MetricChartPanel, PlanSummary, action_from_step, affects_plan, metric_series,
)

ACCENT = "#0072B2"
PANEL_HEIGHT = 190  # pixels per row of metric panels (their title, plot and dates)
LEGEND_HEIGHT = 30
WIDE = 720  # pixels: from this width three metric panels stand in a row, else two
OVERDUE_SHOWN = 2  # overdue actions named beside the reassessment notice; the rest are counted


def _esc(text) -> str:
    return html.escape(str(text or ""))


# ----------------------------------------------------------------------------- next steps


class StepRow(QFrame):
    """One next step: its wording, whether an open action already covers it, and a button.
    Enter (or a double click) on the row turns it into an action, as the button does."""

    planRequested = Signal(object)  # the core.scoring.NextStep

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.step: NextStep | None = None
        self.setObjectName("stepRow")
        self.setFocusPolicy(Qt.StrongFocus)
        self.setStyleSheet("#stepRow { border: 1px solid transparent; border-radius: 4px; }"
                           "#stepRow:focus { border: 2px solid palette(highlight); }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.RichText)
        self.text.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        layout.addWidget(self.text, 1)
        self.button = QPushButton(self.tr("Make It an Action…"))
        self.button.setFocusPolicy(Qt.NoFocus)  # the row takes the key: one tab stop per step
        self.button.setToolTip(self.tr("Add this step to the action plan; you fill in who and "
                                       "by when (Enter on the step does the same)"))
        self.button.clicked.connect(self._request)
        layout.addWidget(self.button, 0, Qt.AlignTop)

    def show_step(self, step: NextStep, html_text: str, planned: str, editable: bool) -> None:
        self.step = step
        self.text.setText(html_text + (f"<br>{planned}" if planned else ""))
        self.setAccessibleName(_plain(html_text))
        self.setAccessibleDescription(self.tr("Enter makes this step an action"))
        self.button.setEnabled(editable)
        self.setProperty("editable", editable)

    def _request(self) -> None:
        if self.step is not None and self.property("editable"):
            self.planRequested.emit(self.step)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and not event.modifiers() & ~(
                Qt.KeypadModifier):
            self._request()
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        self._request()

    def mousePressEvent(self, event) -> None:
        self.setFocus(Qt.MouseFocusReason)
        super().mousePressEvent(event)


def _plain(rich: str) -> str:
    """A rich text's words, for an accessible name."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", rich)).split())


class NextStepsPanel(QWidget):
    """The bottleneck's next steps and one step for each other function (or, in a model with
    jobs, the job's one step), each a row that one key turns into an action."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.today = date.today()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.RichText)
        layout.addWidget(self.heading)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.steps_box = QVBoxLayout()
        self.steps_box.setSpacing(0)
        layout.addLayout(self.steps_box)
        self.others_heading = QLabel()
        self.others_heading.setTextFormat(Qt.RichText)
        layout.addWidget(self.others_heading)
        self.others_box = QVBoxLayout()
        self.others_box.setSpacing(0)
        layout.addLayout(self.others_box)
        self.rows: list[StepRow] = []
        self.other_rows: list[StepRow] = []

    def rows_shown(self) -> list[StepRow]:
        return [r for r in self.rows + self.other_rows if r.isVisibleTo(self)]

    def show_advice(self, advice, job=None) -> None:
        """The steps of a `core.advice.Advice`; `job` (core.jobs.JobStep) in a model with jobs,
        whose one step the model panel above words."""
        framework = advice.framework
        bottleneck = advice.bottleneck
        if job is not None and job.target is not None:
            dimension = job.dimension_id or plan.PROGRAM
            step = NextStep("", dimension, job.job.name, job.stage.level, job.target.level,
                            job.step)
            head = self.tr("Plan the next step")
            rows = [(step, self.tr("<b>%1</b>: the job's next step, above").replace(
                "%1", _esc(job.job.name)))]
            self._fill(self.rows, self.steps_box, rows)
            self._fill(self.other_rows, self.others_box, [])
            self.heading.setText(f"<h3>{_esc(head)}</h3>")
            self.others_heading.setVisible(False)
            self.empty.setVisible(False)
            self.setVisible(True)
            return
        if bottleneck is None or advice.rate_first is not None:
            self._fill(self.rows, self.steps_box, [])
            self._fill(self.other_rows, self.others_box, [])
            self.setVisible(False)
            return
        self.setVisible(True)
        heading = self.tr("Next level")  # (lupdate does not read a tr() inside an f-string)
        self.heading.setText(f"<h3>{_esc(heading)}</h3>")
        rows = []
        for number, step in enumerate(bottleneck.next_steps, 1):
            detail = self.tr("%1 (%2 → %3)").replace("%1", _esc(step.prompt)).replace(
                "%2", _esc(framework.stage(step.from_level).name)).replace(
                "%3", _esc(framework.stage(step.to_level).name))
            rows.append((step, self.tr("%1. <b>%2</b><br><span style='color:gray'>%3</span>")
                         .replace("%1", plan_texts.format_number(number))
                         .replace("%2", _esc(step.advice)).replace("%3", detail)))
        self._fill(self.rows, self.steps_box, rows)
        self.empty.setText(self.tr(
            "Every rated item of the bottleneck is at its stage or the top stage. Keep it there "
            "and check the other functions."))
        self.empty.setVisible(not rows)
        others = [(step, self.tr("<b>%1</b>: %2").replace(
            "%1", _esc(advice.dimension(step.dimension_id).name)).replace(
            "%2", _esc(step.advice))) for step in advice.other_steps]
        self.others_heading.setText("<b>" + _esc(self.tr("For the other functions, one step "
                                                         "each:")) + "</b>")
        self.others_heading.setVisible(bool(others))
        self._fill(self.other_rows, self.others_box, others)

    def _fill(self, pool: list[StepRow], box: QVBoxLayout, rows: list) -> None:
        """Reuse the rows (a row keeps its focus across a refresh: Enter, the dialog, and the
        focus is back on the step)."""
        while len(pool) < len(rows):
            row = StepRow(self)
            row.planRequested.connect(self.plan_step)
            box.addWidget(row)
            pool.append(row)
        editable = self.session.can_edit_workbook
        for row, (step, text) in zip(pool, rows):
            row.show_step(step, text, self.planned_text(step), editable)
            row.setVisible(True)
        for row in pool[len(rows):]:
            row.setVisible(False)

    def planned_text(self, step: NextStep) -> str:
        """'✓ Planned: Tom Becker, due 31/07/2026' when an open action already works on the
        step's item."""
        if not step.item_id:
            return ""
        action = action_plan.open_action_for_item(self.session.workbook, step.dimension_id,
                                                  step.item_id)
        if action is None:
            return ""
        owner = action.owner or self.tr("no owner yet")
        if action.due:
            text = self.tr("✓ Planned: %1, due %2").replace("%1", _esc(owner)).replace(
                "%2", format_date(action.due))
        else:
            text = self.tr("✓ Planned: %1").replace("%1", _esc(owner))
        if action_plan.is_overdue(action, self.today):
            late = self.tr("overdue")  # (outside the f-string, where lupdate reads it)
            return f"<span style='color:{WARN}'>{text} · {_esc(late)}</span>"
        return f"<span style='color:{ACCENT}'>{text}</span>"

    def plan_step(self, step: NextStep) -> str | None:
        """Open the action dialog with the step's wording; returns the new action's id."""
        if not self.session.can_edit_workbook:
            return None
        made = action_from_step(self.window(), self.session, step, self.today)
        if made is not None:
            window = self.window()
            if hasattr(window, "statusBar"):
                window.statusBar().showMessage(self.tr(
                    "Added to the action plan. Edit > Undo takes it back."), 6000)
        return made


# ------------------------------------------------------------------------- the plan group


class OverviewPlan(QGroupBox):
    """The goal with its metrics (their values and trend as a chart) and the open actions by
    function; a button opens the Plan screen."""

    planRequested = Signal()

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(self.tr("Goal and Action Plan"), parent)
        self.session = session
        layout = QVBoxLayout(self)
        self.summary = PlanSummary(session, self, show_overdue=False)  # said at the top
        self.summary.planRequested.connect(self.planRequested)
        layout.addWidget(self.summary)
        self.chart = MetricChartPanel(self)
        self.chart.setMinimumSize(260, PANEL_HEIGHT)
        self.summary.layout().insertWidget(1, self.chart)  # above "Open the Plan"
        self._count = 0
        session.changed.connect(self._on_change)

    def _on_change(self, change) -> None:
        if affects_plan(change):
            self.refresh()

    def set_today(self, today: date) -> None:
        self.summary.today = today

    def refresh(self) -> None:
        self.summary.refresh()
        status = action_plan.plan_status(self.session.workbook, self.summary.today)
        self._count = len(status.metrics)
        self.chart.setVisible(bool(status.metrics))
        if status.metrics:
            self._fit_chart()
            self.chart.show_metrics(metric_series(self.session.workbook, status))

    def _columns(self) -> int:
        if self._count <= 1:
            return 1
        return min(self._count, 3 if self.width() >= WIDE else 2)

    def _fit_chart(self) -> None:
        """Panels in rows of two or three (units differ: one panel per metric), each row tall
        enough for its title, plot and dates."""
        columns = self._columns()
        self.chart.columns = columns
        rows = -(-self._count // columns)
        self.chart.setFixedHeight(rows * PANEL_HEIGHT + LEGEND_HEIGHT)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._count > 1 and self._columns() != self.chart.columns:
            self.refresh()


class OverdueNotice(QLabel):
    """Overdue actions, beside the reassessment notice: how many, the first few by title, and a
    link to the Plan screen."""

    planRequested = Signal()

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.today = date.today()
        self.setWordWrap(True)
        self.setTextFormat(Qt.RichText)
        self.setTextInteractionFlags(Qt.LinksAccessibleByMouse | Qt.LinksAccessibleByKeyboard)
        self.linkActivated.connect(lambda _link: self.planRequested.emit())
        self.setAccessibleName(self.tr("Overdue actions"))

    def refresh(self) -> None:
        overdue = action_plan.overdue_actions(self.session.workbook, self.today)
        if not overdue:
            self.setVisible(False)
            self.setText("")
            return
        head = self.tr("%n action(s) overdue", "", len(overdue))
        names = self.tr(", ").join(
            self.tr("“%1” (%2)").replace("%1", _esc(a.title)).replace(
                "%2", _esc(a.owner or self.tr("no owner")))
            for a in overdue[:OVERDUE_SHOWN])
        more = len(overdue) - OVERDUE_SHOWN
        if more > 0:
            names += " " + self.tr("and %n more", "", more)
        link = "<a href='plan'>" + _esc(self.tr("Open the Plan")) + "</a>"
        self.setText(f"<b style='color:{WARN}'>{_esc(head)}</b>: {names} · {link}")
        self.setVisible(True)


# ------------------------------------------------------------------ the radar's targets


class RadarTargets(QWidget):
    """Which targets the radar's dashed line shows: this assessment's, or a roadmap phase's
    target stage per function. Hidden when no phase sets targets."""

    changed = Signal()
    THIS_ASSESSMENT = ""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.today = date.today()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self.tr("Radar tar&gets:"))
        self.combo = QComboBox()
        self.combo.setAccessibleName(self.tr("Targets on the radar"))
        self.combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(16)
        label.setBuddy(self.combo)
        layout.addWidget(label)
        layout.addWidget(self.combo)
        layout.addStretch(1)
        self.combo.activated.connect(lambda _i: self.changed.emit())

    def refresh(self, dimension_ids) -> None:
        """List the phases that set a target for one of `dimension_ids`; keep the choice."""
        chosen = self.combo.currentData()
        wanted = set(dimension_ids)
        phases = [p for p in action_plan.ordered_phases(self.session.workbook, self.today)
                  if action_plan.phase_targets(p, wanted)]
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(self.tr("This assessment's"), self.THIS_ASSESSMENT)
        for phase in phases:
            end = action_plan.phase_end(self.session.workbook, phase, self.today)
            name = plan_texts.phase_name(phase)
            text = (self.tr("%1 (by %2)").replace("%1", name).replace("%2", format_date(end))
                    if end is not None else name)
            self.combo.addItem(self.tr("Phase: %1").replace("%1", text), phase.id)
        index = self.combo.findData(chosen) if chosen is not None else -1
        self.combo.setCurrentIndex(max(0, index))
        self.combo.blockSignals(False)
        self.setVisible(bool(phases))

    def phase(self) -> plan.Phase | None:
        phase_id = self.combo.currentData()
        if not phase_id:
            return None
        return self.session.workbook.collection(plan.PHASES).get(phase_id)

    def select_phase(self, phase_id: str | None) -> None:
        self.combo.setCurrentIndex(max(0, self.combo.findData(phase_id or self.THIS_ASSESSMENT)))
        self.changed.emit()

    def targets(self, framework, assessment_targets: dict) -> dict:
        """The targets to draw: the chosen phase's for the framework's functions, else the
        assessment's."""
        phase = self.phase()
        if phase is None:
            return dict(assessment_targets)
        return action_plan.phase_targets(phase, [d.id for d in framework.dimensions])
