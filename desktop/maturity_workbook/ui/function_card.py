"""One function's card on the Overview, and the short phrases the Overview and History share
(scores, signed changes, stages, assessment labels, changes and gaps to target), worded with Qt
translation and QLocale numbers and dates from `core.advice` data."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from maturity_workbook.core.advice import ChangeKind, GapStatus
from maturity_workbook.ui.i18n import TranslationContext, format_date, format_number

ACCENT = "#0072B2"
WARN = "#b35900"
SCORE_DECIMALS = 2
LEGEND_TITLE_CHARS = 36  # a radar legend entry longer than this pushes the legend off the chart
_ZERO = 0.5 * 10 ** -SCORE_DECIMALS  # a change that rounds to zero at the shown precision


def _esc(text) -> str:
    return html.escape(str(text or ""))


Overview = TranslationContext("Overview")  # the phrases below (lupdate reads `Overview.tr`)


def score_text(value: float) -> str:
    return format_number(value, SCORE_DECIMALS)


def signed(value: float) -> str:
    """+0.29, −0.50 or ±0.00, with the locale's digits."""
    if abs(value) < _ZERO:
        return "±" + score_text(0.0)
    return ("+" if value > 0 else "\u2212") + score_text(abs(value))


def stage_text(framework, level: int) -> str:
    return Overview.tr("{level} · {stage}").format(level=format_number(level),
                                                   stage=framework.stage(level).name)


def assessment_label(view, max_title: int | None = None) -> str:
    """'13/05/2026 — Spring review': the legend and chooser text for an assessment; the title
    shortened to `max_title` characters (with an ellipsis) when given."""
    title = view.title.strip()
    if max_title is not None and len(title) > max_title:
        title = title[:max_title - 1].rstrip() + "…"
    when = format_date(view.day)
    return Overview.tr("{date} — {title}").format(date=when, title=title) if title else when


def change_text(change, since: date, baseline: bool = False) -> str:
    """One function's change (`advice.FunctionChange`) since a date, as a short phrase."""
    when = format_date(since)
    if change.kind is ChangeKind.COMPARED:
        text = (Overview.tr("{change} since the baseline ({date})") if baseline
                else Overview.tr("{change} since {date}")).format(
                    change=signed(change.score_change), date=when)
        if change.stage_change:
            text += " " + (Overview.tr("(up %n stage(s))", "", abs(change.stage_change))
                           if change.stage_change > 0
                           else Overview.tr("(down %n stage(s))", "", abs(change.stage_change)))
        return text
    if change.kind is ChangeKind.NEWLY_SCORED:
        return Overview.tr("newly scored: too few items were rated on {date}").format(date=when)
    if change.kind is ChangeKind.NO_LONGER_SCORED:
        return Overview.tr("not comparable: too few items are rated now")
    return Overview.tr("not comparable: too few items rated")


def gap_text(framework, gap) -> str:
    target = stage_text(framework, gap.target_level)
    if gap.status is GapStatus.REACHED:
        template = (Overview.tr("Suggested target {target}: reached") if gap.suggested
                    else Overview.tr("Target {target}: reached"))
        return template.format(target=target)
    if gap.status is GapStatus.NOT_SCORED:
        return Overview.tr("Target {target}: rate the function first").format(target=target)
    template = (Overview.tr("Suggested target {target}: %n stage(s) to go", "", gap.stages_to_go)
                if gap.suggested else Overview.tr("Target {target}: %n stage(s) to go", "",
                                                  gap.stages_to_go))
    return template.format(target=target)


class FunctionCard(QFrame):
    """One function: stage, score, coverage, change, the gap to its target, and the target."""

    targetChanged = Signal(str, object)  # dimension id, level (an int, or None: no target)

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
        self.stage.setWordWrap(True)
        stage_font = self.stage.font()
        stage_font.setPointSizeF(stage_font.pointSizeF() * 1.5)
        stage_font.setBold(True)
        self.stage.setFont(stage_font)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.RichText)
        self.target = QComboBox()
        self.target.setAccessibleName(self.tr("Target"))
        self.target.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.target.setMinimumContentsLength(8)
        self.target.activated.connect(self._target_activated)
        target_row = QHBoxLayout()
        target_label = QLabel(self.tr("Target:"))
        target_label.setBuddy(self.target)
        target_row.addWidget(target_label)
        target_row.addWidget(self.target, 1)
        for widget in (self.name, self.stage, self.details):
            layout.addWidget(widget)
        layout.addLayout(target_row)
        layout.addStretch(1)  # a card beside a taller one keeps its lines at the top
        self.dimension_id = ""

    def show_function(self, advice, status, editable: bool, job=None, changes=()) -> None:
        """`job` (core.jobs.JobStep) marks the job that holds the program back instead of the
        weakest function, in a model with jobs; `changes`: the target's changes since the
        assessment was finalized, oldest first (core.targets)."""
        framework = advice.framework
        self.dimension_id = status.dimension_id
        self.name.setText(advice.dimension(status.dimension_id).name)
        lines = []
        if status.sufficient:
            self.stage.setText(stage_text(framework, status.stage_level))
            lines.append(self.tr("Score {score} of {top} · {rated} of %n item(s) rated",
                                 "", status.total).format(
                score=score_text(status.score), top=format_number(framework.max_level),
                rated=format_number(status.rated)))
        else:
            self.stage.setText(self.tr("Not enough data"))
            lines.append(self.tr("Only {rated} of %n item(s) rated: too few for a stage",
                                 "", status.total).format(rated=format_number(status.rated)))
        if status.since_last is not None:
            lines.append(_esc(change_text(status.since_last, advice.previous.day)))
        else:
            lines.append(_esc(self.tr("No earlier assessment to compare with")))
        if status.since_baseline is not None:
            lines.append(_esc(change_text(status.since_baseline, advice.baseline.day, True)))
        stuck = next((s for s in advice.stuck.functions
                      if s.dimension_id == status.dimension_id), None)
        if stuck is not None:
            lines.append(f"<span style='color:{WARN}'>" + _esc(self.tr(
                "Stuck: {change} over the last %n reassessment(s)", "",
                stuck.reassessments).format(change=signed(stuck.change))) + "</span>")
        if status.target is not None and not status.target.suggested:
            lines.append(_esc(gap_text(framework, status.target)))
        history = [self.tr("{date}: {before} → {after}").format(
            date=format_date(c.day), before=self._target_name(framework, c.before),
            after=self._target_name(framework, c.after)) for c in changes]
        if history:
            lines.append(_esc(self.tr("Target changed after finalizing: {change}").format(
                change=history[-1])))
        first = advice.rate_first
        holds_back = job is not None and job.job.id == status.dimension_id
        if job is not None and status.is_bottleneck and not holds_back:
            lines.append(_esc(self.tr("Weakest job: it sets the program's stage")))
        mark = None  # lupdate reads no tr() inside an f-string
        if holds_back:
            mark = self.tr("Holds the program back: the next step is here")
        elif status.is_bottleneck and job is None:
            mark = self.tr("Bottleneck: start here")
        elif first is not None and first.dimension_id == status.dimension_id:
            mark = self.tr("Rate this function first")
        if mark is not None:
            lines.append(f"<b style='color:{WARN}'>{_esc(mark)}</b>")
        self.details.setText("<br>".join(lines))
        marked = holds_back or (status.is_bottleneck and job is None) or (
            first is not None and first.dimension_id == status.dimension_id)
        self.setStyleSheet(f"#functionCard {{ border: 2px solid {WARN}; border-radius: 6px; }}"
                           if marked else "")
        self.target.blockSignals(True)
        self.target.clear()
        self.target.addItem(self.tr("No target"), None)
        for stage in framework.stages:
            self.target.addItem(stage_text(framework, stage.level), stage.level)
        self.target.setCurrentIndex(max(0, self.target.findData(
            advice.targets.get(status.dimension_id))))
        self.target.setEnabled(editable)
        self.target.setToolTip("\n".join(history))
        self.target.blockSignals(False)

    def _target_name(self, framework, level) -> str:
        return stage_text(framework, level) if level is not None else self.tr("no target")

    def _target_activated(self, index: int) -> None:
        self.targetChanged.emit(self.dimension_id, self.target.itemData(index))
