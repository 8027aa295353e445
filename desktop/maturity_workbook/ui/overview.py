"""The Overview screen: where the program stands, which function holds it back, what to do next.

It answers the primary model's three questions for one assessment (the latest final one unless
the user picks another): where to start (the bottleneck), how to reach the next level (next
steps), and, when a function is stuck, how to reinvent (prompts from the disciplines).
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy,
    QVBoxLayout, QWidget,
)

from maturity_workbook.core.ops import What
from maturity_workbook.core import history
from maturity_workbook.ui.chart_widget import ChartPanel

ACCENT = "#0072B2"
WARN = "#b35900"


def _esc(text: str) -> str:
    return html.escape(text or "")


def describe_change(delta) -> str:
    if delta is None or delta.score_change is None:
        return "no comparison"
    sign = "+" if delta.score_change > 0.005 else ("−" if delta.score_change < -0.005 else "±")
    text = f"{sign}{abs(delta.score_change):.2f} since last time"
    if delta.stage_change:
        text += f" ({'up' if delta.stage_change > 0 else 'down'} {abs(delta.stage_change)} " \
                f"stage{'s' if abs(delta.stage_change) != 1 else ''})"
    return text


class FunctionCard(QFrame):
    """One function: stage, score, coverage, change since last time, and its target."""

    targetChanged = Signal(str, int)  # dimension id, level (-1: no target)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.StyledPanel)
        self.setObjectName("functionCard")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(2)
        self.name = QLabel()
        self.name.setTextFormat(Qt.PlainText)
        self.name.setWordWrap(True)
        font = self.name.font()
        font.setBold(True)
        self.name.setFont(font)
        self.stage = QLabel()
        self.stage.setTextFormat(Qt.PlainText)
        stage_font = self.stage.font()
        stage_font.setPointSizeF(stage_font.pointSizeF() * 1.5)
        stage_font.setBold(True)
        self.stage.setFont(stage_font)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.target = QComboBox()
        self.target.setAccessibleName("Target")
        self.target.activated.connect(self._target_activated)
        target_row = QHBoxLayout()
        target_row.addWidget(QLabel("Target:"))
        target_row.addWidget(self.target, 1)
        for widget in (self.name, self.stage, self.details):
            layout.addWidget(widget)
        layout.addLayout(target_row)
        self.dimension_id = ""

    def show(self, framework, result, delta, target, is_bottleneck: bool, editable: bool) -> None:
        self.dimension_id = result.id
        self.name.setText(result.dimension.name)
        if result.sufficient:
            self.stage.setText(f"{result.stage.level} · {result.stage.name}")
            details = (f"Score {result.score:.2f} of {framework.max_level} · "
                       f"{result.rated}/{result.total} items rated")
        else:
            self.stage.setText("Insufficient data")
            details = (f"Only {result.rated} of {result.total} items rated; rate at least half "
                       "to get a stage")
        details += f"<br>{describe_change(delta)}"
        if is_bottleneck:
            details += f"<br><b style='color:{WARN}'>Bottleneck: start here</b>"
        self.details.setText(details)
        self.setStyleSheet(f"#functionCard {{ border: 2px solid {WARN}; border-radius: 6px; }}"
                           if is_bottleneck else "")
        self.target.blockSignals(True)
        self.target.clear()
        self.target.addItem("No target", None)
        for stage in framework.stages:
            self.target.addItem(f"{stage.level} · {stage.name}", stage.level)
        self.target.setCurrentIndex(max(0, self.target.findData(target)))
        self.target.setEnabled(editable)
        self.target.blockSignals(False)

    def _target_activated(self, index: int) -> None:
        level = self.target.itemData(index)
        self.targetChanged.emit(self.dimension_id, -1 if level is None else level)


class OverviewScreen(QWidget):
    assessRequested = Signal(str)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.today = date.today()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 6, 0, 0)

        top = QHBoxLayout()
        top.addWidget(QLabel("Assessment:"))
        self.chooser = QComboBox()
        self.chooser.setAccessibleName("Assessment shown")
        self.chooser.setMinimumWidth(320)
        self.chooser.activated.connect(lambda _i: self.refresh())
        top.addWidget(self.chooser)
        self.overall = QLabel()
        overall_font = self.overall.font()
        overall_font.setPointSizeF(overall_font.pointSizeF() * 1.2)
        overall_font.setBold(True)
        self.overall.setFont(overall_font)
        top.addWidget(self.overall, 1)
        outer.addLayout(top)
        self.due = QLabel()
        self.due.setWordWrap(True)
        outer.addWidget(self.due)

        self.empty = QWidget()
        empty_layout = QVBoxLayout(self.empty)
        self.empty_text = QLabel()
        self.empty_text.setWordWrap(True)
        empty_layout.addWidget(self.empty_text)
        start = QPushButton("Go to &Assess")
        start.clicked.connect(lambda: self.assessRequested.emit(""))
        empty_layout.addWidget(start, 0, Qt.AlignLeft)
        empty_layout.addStretch(1)
        outer.addWidget(self.empty)

        # the radar stays in view; only the cards and advice beside it scroll
        self.body = QWidget()
        body = QHBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        self.radar = ChartPanel("radar", self.body)
        self.radar.setMinimumWidth(400)
        body.addWidget(self.radar, 5)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.NoFrame)
        details = QWidget()
        right = QVBoxLayout(details)
        right.setContentsMargins(0, 0, 6, 0)
        self.cards_grid = QGridLayout()
        self.cards: list[FunctionCard] = []
        right.addLayout(self.cards_grid)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.advice.setTextFormat(Qt.RichText)
        self.advice.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.advice.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Minimum)
        self.advice.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        right.addWidget(self.advice)
        right.addStretch(1)
        scroll.setWidget(details)
        self.details = details
        body.addWidget(scroll, 6)
        outer.addWidget(self.body, 1)

        session.changed.connect(self._on_change)
        self.refresh()

    # -- choosing the assessment

    def _fill_chooser(self) -> None:
        current = self.chooser.currentData()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        workbook = self.session.workbook
        for assessment in reversed(workbook.ordered_assessments()):
            status = "" if assessment.is_final else " (draft)"
            self.chooser.addItem(f"{assessment.date} — {assessment.title}{status}", assessment.id)
        latest = workbook.latest(final_only=True) or workbook.latest(final_only=False)
        wanted = current if current in workbook.assessments else (latest.id if latest else None)
        if wanted is not None:
            self.chooser.setCurrentIndex(self.chooser.findData(wanted))
        self.chooser.blockSignals(False)

    def selected_assessment_id(self) -> str | None:
        return self.chooser.currentData()

    def _on_change(self, change) -> None:
        if change.what is What.POSITION:
            return
        self.refresh()

    # -- showing

    def refresh(self) -> None:
        self._fill_chooser()
        aid = self.selected_assessment_id()
        workbook = self.session.workbook
        assessment = workbook.assessments.get(aid) if aid else None
        framework = self.session.framework_for(assessment) if assessment else None
        if assessment is None or framework is None:
            self.empty_text.setText(
                "No assessment yet. Start one on the Assess screen: choose who is in the room, "
                "rate each practice, and this page then shows where each function stands and "
                "what to do next." if assessment is None else
                f"This assessment uses the framework {_esc(assessment.framework_id)}, which is not "
                "installed.")
            self.empty.setVisible(True)
            self.body.setVisible(False)
            self.chooser.setEnabled(assessment is not None)
            self.overall.setText("")
            self.due.setVisible(False)
            return
        self.empty.setVisible(False)
        self.body.setVisible(True)
        self.chooser.setEnabled(True)
        ov = history.overview(workbook, framework, assessment, today=self.today)
        result = ov.current.result
        draft = "" if assessment.is_final else " (draft: provisional)"
        if result.overall_stage is not None:
            self.overall.setText(f"Overall: {result.overall_stage.level} · "
                                 f"{_esc(result.overall_stage.name)} "
                                 f"({result.overall_score:.2f}){draft}")
        else:
            self.overall.setText(f"Overall: not yet, some functions lack data{draft}")
        self._show_due(ov.due)
        self._show_cards(framework, ov)
        self._show_advice(framework, ov)
        self.radar.show_overview(ov)

    def _show_due(self, due) -> None:
        if due is None:
            self.due.setVisible(False)
            return
        when = history.format_day(due.due)
        if due.status == history.STATUS_OVERDUE:
            text = (f"<b style='color:{WARN}'>Reassessment overdue</b> by {due.overdue_days} "
                    f"days: the last final assessment was {history.format_day(due.last)}, and "
                    f"this workbook reassesses every {due.months} months.")
        elif due.status == history.STATUS_DUE_SOON:
            text = (f"<b style='color:{WARN}'>Reassessment due soon</b>: by {when} "
                    f"({due.days_left} days).")
        else:
            text = f"Next reassessment due by {when} (every {due.months} months)."
        self.due.setText(text)
        self.due.setVisible(True)

    def _show_cards(self, framework, ov) -> None:
        result = ov.current.result
        while len(self.cards) < len(result.dimensions):
            card = FunctionCard(self.details)
            card.targetChanged.connect(self._set_target)
            self.cards.append(card)
        for card in self.cards[len(result.dimensions):]:
            card.setVisible(False)
        columns = 2
        for index, dim in enumerate(result.dimensions):
            card = self.cards[index]
            self.cards_grid.addWidget(card, index // columns, index % columns)
            delta = ov.comparison.dimension(dim.id) if ov.comparison else None
            card.show(framework, dim, delta, ov.targets.get(dim.id),
                      result.bottleneck is not None and dim.id == result.bottleneck.id,
                      editable=not self.session.read_only and not ov.current.assessment.is_final)
            card.setVisible(True)

    def _set_target(self, dimension_id: str, level: int) -> None:
        level = None if level < 0 else level
        aid = self.selected_assessment_id()
        if aid and not self.session.read_only:
            self.session.set_target(aid, dimension_id, level)

    def _show_advice(self, framework, ov) -> None:
        result = ov.current.result
        parts = []
        if result.bottleneck is None:
            parts.append("<h3>Where to start</h3><p>Rate at least half of the items of a function "
                         "to see where it stands.</p>")
        else:
            b = result.bottleneck
            parts.append(f"<h3>Where to start</h3><p><b>{_esc(b.dimension.name)}</b> is the "
                         f"weakest function ({b.stage.level} · {_esc(b.stage.name)}, score "
                         f"{b.score:.2f}). Progress there lifts the whole program most.</p>")
            parts.append("<h3>Next level</h3>")
            if result.next_steps:
                parts.append("<ol>" + "".join(
                    f"<li><b>{_esc(step.advice)}</b><br><span style='color:gray'>"
                    f"{_esc(step.prompt)} ({step.from_level} → {step.to_level})</span></li>"
                    for step in result.next_steps) + "</ol>")
            else:
                parts.append("<p>Every rated item of the bottleneck is at the top stage. Keep it "
                             "there and check the other functions.</p>")
            others = [d for d in result.dimensions if d.next_steps and d.id != b.id]
            if others:
                parts.append("<p><b>For the other functions</b>, one step each:</p><ul>" + "".join(
                    f"<li>{_esc(d.dimension.name)}: {_esc(d.next_steps[0].advice)}</li>"
                    for d in others) + "</ul>")
            if result.disciplines:
                parts.append("<p><b>Disciplines that help:</b> " + ", ".join(
                    _esc(d.name) for d in result.disciplines) + "</p>")
        parts.append("<h3>Stuck?</h3>")
        if ov.stuck:
            for stuck in ov.stuck:
                parts.append(f"<p><b>{_esc(stuck.dimension.name)}</b> moved {stuck.change:+.2f} "
                             f"across the last {stuck.reassessments} reassessment"
                             f"{'s' if stuck.reassessments != 1 else ''}: less than a quarter "
                             "of a stage. Questions to reinvent it:</p><ul>" + "".join(
                                 f"<li><i>{_esc(disc.name)}</i>: {_esc(prompt)}</li>"
                                 for disc, prompt in stuck.prompts) + "</ul>")
        else:
            parts.append("<p>No function is stuck: each moved at least a quarter of a stage "
                         "across the last reassessments (or there is not enough history yet)."
                         "</p>")
        self.advice.setText("".join(parts))
