"""The Overview screen: lays out `core.advice` for one assessment.

It answers the primary model's three questions (the latest final assessment unless the user picks
another): where to start (the bottleneck, or which function to rate first when it is not known),
how to reach the next level (next steps), and, when a function is stuck, how to reinvent
(questions from the disciplines). Nothing is decided here: every fact and threshold comes from
the advice model; this module only words it (Qt translation, QLocale dates and numbers).
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy,
    QVBoxLayout, QWidget,
)

from maturity_workbook.core import advice as advice_model
from maturity_workbook.core.advice import ChangeKind, FindingKind, GapStatus, RateFirstBasis, Tone
from maturity_workbook.core.history import DueStatus
from maturity_workbook.core.ops import What
from maturity_workbook.core.targets import target_history
from maturity_workbook.ui.chart_widget import ChartPanel
from maturity_workbook.ui.i18n import format_date, format_number

ACCENT = "#0072B2"
WARN = "#b35900"
SCORE_DECIMALS = 2
LEGEND_TITLE_CHARS = 36  # a radar legend entry longer than this pushes the legend off the chart
_ZERO = 0.5 * 10 ** -SCORE_DECIMALS  # a change that rounds to zero at the shown precision


def _esc(text) -> str:
    return html.escape(str(text or ""))


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Overview", text, None, n)


def score_text(value: float) -> str:
    return format_number(value, SCORE_DECIMALS)


def signed(value: float) -> str:
    """+0.29, −0.50 or ±0.00, with the locale's digits."""
    if abs(value) < _ZERO:
        return "±" + score_text(0.0)
    return ("+" if value > 0 else "\u2212") + score_text(abs(value))


def stage_text(framework, level: int) -> str:
    return _tr("{level} · {stage}").format(level=format_number(level),
                                           stage=framework.stage(level).name)


def assessment_label(view, max_title: int | None = None) -> str:
    """'13/05/2026 — Spring review': the legend and chooser text for an assessment; the title
    shortened to `max_title` characters (with an ellipsis) when given."""
    title = view.title.strip()
    if max_title is not None and len(title) > max_title:
        title = title[:max_title - 1].rstrip() + "…"
    when = format_date(view.day)
    return _tr("{date} — {title}").format(date=when, title=title) if title else when


def change_text(change, since: date, baseline: bool = False) -> str:
    """One function's change (`advice.FunctionChange`) since a date, as a short phrase."""
    when = format_date(since)
    if change.kind is ChangeKind.COMPARED:
        text = (_tr("{change} since the baseline ({date})") if baseline
                else _tr("{change} since {date}")).format(change=signed(change.score_change),
                                                        date=when)
        if change.stage_change:
            text += " " + (_tr("(up %n stage(s))", abs(change.stage_change))
                           if change.stage_change > 0
                           else _tr("(down %n stage(s))", abs(change.stage_change)))
        return text
    if change.kind is ChangeKind.NEWLY_SCORED:
        return _tr("newly scored: too few items were rated on {date}").format(date=when)
    if change.kind is ChangeKind.NO_LONGER_SCORED:
        return _tr("not comparable: too few items are rated now")
    return _tr("not comparable: too few items rated")


def gap_text(framework, gap) -> str:
    target = stage_text(framework, gap.target_level)
    if gap.status is GapStatus.REACHED:
        template = (_tr("Suggested target {target}: reached") if gap.suggested
                    else _tr("Target {target}: reached"))
        return template.format(target=target)
    if gap.status is GapStatus.NOT_SCORED:
        return _tr("Target {target}: rate the function first").format(target=target)
    template = (_tr("Suggested target {target}: %n stage(s) to go", gap.stages_to_go)
                if gap.suggested else _tr("Target {target}: %n stage(s) to go",
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

    def show_function(self, advice, status, editable: bool, changes=()) -> None:
        """`changes`: the target's changes since the assessment was finalized, oldest first."""
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
        if status.is_bottleneck:
            lines.append(f"<b style='color:{WARN}'>{_esc(self.tr('Bottleneck: start here'))}</b>")
        elif first is not None and first.dimension_id == status.dimension_id:
            lines.append(f"<b style='color:{WARN}'>{_esc(self.tr('Rate this function first'))}"
                         "</b>")
        self.details.setText("<br>".join(lines))
        marked = status.is_bottleneck or (first is not None
                                          and first.dimension_id == status.dimension_id)
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


class OverviewScreen(QWidget):
    assessRequested = Signal(str)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.today = date.today()
        self.model = None  # the core.advice.Advice on show
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 6, 0, 0)

        top = QHBoxLayout()
        chooser_label = QLabel(self.tr("Assessment:"))
        top.addWidget(chooser_label)
        self.chooser = QComboBox()
        self.chooser.setAccessibleName(self.tr("Assessment shown"))
        self.chooser.setMinimumWidth(320)
        self.chooser.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.chooser.setMinimumContentsLength(30)
        self.chooser.activated.connect(lambda _i: self.refresh())
        chooser_label.setBuddy(self.chooser)
        top.addWidget(self.chooser)
        self.overall = QLabel()
        self.overall.setWordWrap(True)
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
        start = QPushButton(self.tr("Go to &Assess"))
        start.clicked.connect(lambda: self.assessRequested.emit(""))
        empty_layout.addWidget(start, 0, Qt.AlignLeft)
        empty_layout.addStretch(1)
        outer.addWidget(self.empty)

        # the radar stays in view; only the cards and advice beside it scroll
        self.body = QWidget()
        body = QHBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        self.radar = ChartPanel("radar", self.body, session=session)
        self.radar.setMinimumWidth(360)
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
        self.advice.setAccessibleName(self.tr("Advice"))
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
            title = assessment.title.strip()
            when = format_date(assessment.date)
            text = self.tr("{date} — {title}").format(date=when, title=title) if title else when
            if not assessment.is_final:
                text = self.tr("{assessment} (draft)").format(assessment=text)
            self.chooser.addItem(text, assessment.id)
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
        latest = self.session.workbook.latest(final_only=True)
        if change.what is What.STATUS and latest is not None \
                and latest.id == change.assessment_id:
            # just finalized, and the newest: show it (as the due line already does)
            index = self.chooser.findData(latest.id)
            if index >= 0:
                self.chooser.blockSignals(True)
                self.chooser.setCurrentIndex(index)
                self.chooser.blockSignals(False)
        self.refresh()

    # -- showing

    def refresh(self) -> None:
        self._fill_chooser()
        aid = self.selected_assessment_id()
        workbook = self.session.workbook
        assessment = workbook.assessments.get(aid) if aid else None
        framework = self.session.framework_for(assessment) if assessment else None
        if assessment is None or framework is None:
            self.model = None
            self.empty_text.setText(
                self.tr("No assessment yet. Start one on the Assess screen: choose who is in "
                        "the room, rate each practice, and this page then shows where each "
                        "function stands and what to do next.") if assessment is None else
                self.tr("This assessment uses the framework {framework}, which is not "
                        "installed.").format(framework=_esc(assessment.framework_id)))
            self.empty.setVisible(True)
            self.body.setVisible(False)
            self.chooser.setEnabled(assessment is not None)
            self.overall.setText("")
            self.due.setVisible(False)
            return
        self.empty.setVisible(False)
        self.body.setVisible(True)
        self.chooser.setEnabled(True)
        advice = advice_model.advise(workbook, framework, assessment, today=self.today)
        self.model = advice
        self._show_overall(advice)
        self._show_due(advice.due)
        self._show_cards(advice)
        self.advice.setText(self.advice_html(advice))
        series = [(assessment_label(v, LEGEND_TITLE_CHARS), v.result)
                  for v in (advice.previous, advice.current) if v is not None]
        self.radar.show_radar(framework, series, dict(advice.targets))

    def _show_overall(self, advice) -> None:
        if advice.overall_level is not None:
            text = self.tr("Overall: {stage} ({score})").format(
                stage=stage_text(advice.framework, advice.overall_level),
                score=score_text(advice.overall_score))
        else:
            text = self.tr("Overall: not known yet, %n function(s) lack data", "",
                           len(advice.insufficient))
        if advice.is_draft:
            text = self.tr("{overall} (draft: provisional)").format(overall=text)
        self.overall.setText(text)

    def _show_due(self, due) -> None:
        if due is None:
            self.due.setVisible(False)
            return
        every = self.tr("every %n month(s)", "", due.months)
        if due.status is DueStatus.OVERDUE:
            head = self.tr("Reassessment overdue by %n day(s)", "", due.overdue_days)
            text = self.tr("{head}: the last final assessment was on {date}; this workbook "
                           "reassesses {every}.").format(
                head=f"<b style='color:{WARN}'>{_esc(head)}</b>", date=format_date(due.last),
                every=_esc(every))
        elif due.status is DueStatus.DUE_SOON:
            head = self.tr("Reassessment due soon")
            text = self.tr("{head}: by {date}, in %n day(s).", "", due.days_left).format(
                head=f"<b style='color:{WARN}'>{_esc(head)}</b>", date=format_date(due.due))
        else:
            text = self.tr("Next reassessment due by {date} ({every}).").format(
                date=format_date(due.due), every=_esc(every))
        self.due.setText(text)
        self.due.setVisible(True)

    def _show_cards(self, advice) -> None:
        functions = advice.functions
        while len(self.cards) < len(functions):
            card = FunctionCard(self.details)
            card.targetChanged.connect(self._set_target)
            self.cards.append(card)
        for card in self.cards[len(functions):]:
            card.setVisible(False)
        columns = 2
        editable = not self.session.read_only  # targets may change after finalizing too
        workbook, aid = self.session.workbook, self.selected_assessment_id()
        for index, status in enumerate(functions):
            card = self.cards[index]
            self.cards_grid.addWidget(card, index // columns, index % columns)
            card.show_function(advice, status, editable,
                               target_history(workbook, aid, status.dimension_id))
            card.setVisible(True)

    def _set_target(self, dimension_id: str, level: int | None) -> None:
        aid = self.selected_assessment_id()
        if aid and not self.session.read_only:
            self.session.set_target(aid, dimension_id, level)

    # -- the advice as rich text

    def advice_html(self, advice) -> str:
        parts = [self._findings_html(advice), self._start_html(advice),
                 self._insufficient_html(advice), self._find_out_html(advice),
                 self._stuck_html(advice)]
        return "".join(p for p in parts if p)

    def _name(self, advice, dimension_id: str) -> str:
        return _esc(advice.dimension(dimension_id).name)

    def _findings_html(self, advice) -> str:
        if not advice.findings:
            return ""
        items = []
        for f in advice.findings:
            name = f"<b>{self._name(advice, f.dimension_id)}</b>"
            stage = (_esc(stage_text(advice.framework, f.stage_level))
                     if f.stage_level is not None else "")
            when = format_date(f.since) if f.since else ""
            change = signed(f.change) if f.change is not None else ""
            template = {
                FindingKind.BOTTLENECK: self.tr("{name} is the weakest function, at {stage}: "
                                                "start here."),
                FindingKind.RATE_FIRST: self.tr("{name} has too few rated items, so the weakest "
                                                "function is not known yet: rate it first."),
                FindingKind.STUCK: self.tr("{name} has moved only {change} since {date}: it is "
                                           "stuck."),
                FindingKind.DECLINED: self.tr("{name} fell {change} since {date}."),
                FindingKind.IMPROVED: self.tr("{name} rose {change} since {date}."),
                FindingKind.IMPROVED_SINCE_BASELINE: self.tr(
                    "{name} rose {change} since the baseline of {date}."),
                FindingKind.STRONGEST: self.tr("{name} is the strongest function, at {stage}."),
            }[f.kind]
            tone = self.tr("Strength") if f.tone is Tone.STRENGTH else self.tr("Gap")
            color = ACCENT if f.tone is Tone.STRENGTH else WARN
            items.append(f"<li><span style='color:{color}'>{_esc(tone)}</span> · "
                         + template.format(name=name, stage=stage, date=when, change=change)
                         + "</li>")
        return f"<h3>{_esc(self.tr('Key findings'))}</h3><ul>{''.join(items)}</ul>"

    def _start_html(self, advice) -> str:
        fw = advice.framework
        parts = [f"<h3>{_esc(self.tr('Where to start'))}</h3>"]
        b, first = advice.bottleneck, advice.rate_first
        if first is not None:
            f = first.function
            name = f"<b>{self._name(advice, f.dimension_id)}</b>"
            lead = self.tr("{name} has {rated} of %n item(s) rated, too few for a stage, so "
                           "any function could be the weakest.", "",
                           f.total).format(name=name, rated=format_number(f.rated))
            if f.reachable:
                todo = self.tr("Rate {name} first: %n more item(s) give it a stage.", "",
                               f.items_needed).format(name=name)
            else:
                todo = self.tr("Rate {name} first: too many of its items are marked not "
                               "applicable for it to get a stage; check those answers.").format(
                    name=name)
            if first.basis is RateFirstBasis.WEAKEST_WHEN_LAST_SCORED:
                why = self.tr("It was the weakest function when last scored ({score} on "
                              "{date}).").format(score=score_text(f.last_score),
                                                 date=format_date(f.last_day))
            else:
                why = self.tr("Of the functions without a stage, it needs the fewest ratings.")
            unknown = _esc(self.tr("The bottleneck is not known yet."))
            parts.append(f"<p><b>{unknown}</b> {lead} {todo} {_esc(why)}</p>")
            return "".join(parts)
        if b is None:
            return ""
        name = f"<b>{self._name(advice, b.dimension_id)}</b>"
        parts.append("<p>" + self.tr(
            "{name} is the weakest of the %n function(s) ({stage}, score {score}). The program "
            "moves no faster than its weakest function, so work here first.", "",
            b.scored_functions).format(name=name, stage=_esc(stage_text(fw, b.stage_level)),
                                       score=score_text(b.score)) + "</p>")
        parts.append(f"<h3>{_esc(self.tr('Next level'))}</h3>")
        if b.next_steps:
            parts.append("<ol>" + "".join(
                f"<li><b>{_esc(step.advice)}</b><br><span style='color:gray'>"
                + _esc(self.tr("{prompt} ({before} → {after})").format(
                    prompt=step.prompt, before=fw.stage(step.from_level).name,
                    after=fw.stage(step.to_level).name)) + "</span></li>"
                for step in b.next_steps) + "</ol>")
        else:
            parts.append("<p>" + _esc(self.tr(
                "Every rated item of the bottleneck is at its stage or the top stage. Keep it "
                "there and check the other functions.")) + "</p>")
        if advice.other_steps:
            parts.append("<p><b>" + _esc(self.tr("For the other functions, one step each:"))
                         + "</b></p><ul>" + "".join(
                f"<li>{self._name(advice, s.dimension_id)}: {_esc(s.advice)}</li>"
                for s in advice.other_steps) + "</ul>")
        if b.discipline_ids:
            names = ", ".join(_esc(advice.discipline(d).name) for d in b.discipline_ids)
            parts.append("<p><b>" + _esc(self.tr("Disciplines that help:")) + f"</b> {names}</p>")
        return "".join(parts)

    def _insufficient_html(self, advice) -> str:
        if not advice.insufficient:
            return ""
        items = []
        for f in advice.insufficient:
            if f.reachable:
                text = self.tr("{name}: {rated} of {total} items rated; %n more give it a "
                               "stage.", "", f.items_needed)
            else:
                text = self.tr("{name}: {rated} of {total} items rated; too many are marked not "
                               "applicable for a stage.")
            items.append("<li>" + text.format(name=f"<b>{self._name(advice, f.dimension_id)}</b>",
                                              rated=format_number(f.rated),
                                              total=format_number(f.total)) + "</li>")
        return f"<h3>{_esc(self.tr('Not enough data'))}</h3><ul>{''.join(items)}</ul>"

    def _find_out_html(self, advice) -> str:
        if not advice.to_find_out:
            return ""
        items = "".join(
            f"<li>{_esc(item.prompt)} <span style='color:gray'>"
            f"({self._name(advice, item.dimension_id)})</span></li>"
            for item in map(advice.framework.item, advice.to_find_out))
        return (f"<h3>{_esc(self.tr('To find out before the next workshop'))}</h3><p>"
                + _esc(self.tr("Nobody in the room knew the answer to %n item(s):", "",
                               len(advice.to_find_out))) + f"</p><ul>{items}</ul>")

    def _stuck_html(self, advice) -> str:
        stuck = advice.stuck
        threshold = score_text(stuck.threshold)
        parts = [f"<h3>{_esc(self.tr('Stuck?'))}</h3>"]
        if not stuck.judged:
            parts.append("<p>" + _esc(self.tr(
                "Whether a function is stuck shows from the second final assessment on: there "
                "is nothing to compare with yet.")) + "</p>")
            return "".join(parts)
        if not stuck.functions:
            parts.append("<p>" + _esc(self.tr(
                "No function is stuck: each moved at least {threshold} of a stage over the last "
                "%n reassessment(s), or is at the top stage.", "",
                stuck.reassessments).format(threshold=threshold)) + "</p>")
            return "".join(parts)
        parts.append("<p>" + _esc(self.tr(
            "These functions moved less than {threshold} of a stage over the last %n "
            "reassessment(s). More of the same effort is unlikely to move them.", "",
            stuck.reassessments).format(threshold=threshold)) + "</p><ul>")
        for s in stuck.functions:
            path = " → ".join(score_text(v) if v is not None else "—" for _, v in s.points)
            parts.append(f"<li><b>{self._name(advice, s.dimension_id)}</b> "
                         + _esc(self.tr("({change}: {path})").format(change=signed(s.change),
                                                                     path=path)) + "</li>")
        parts.append("</ul>")
        if stuck.reinvent:
            parts.append("<p><b>" + _esc(self.tr("Questions to reinvent them:")) + "</b></p>")
            for r in stuck.reinvent:
                helped = ", ".join(self._name(advice, d) for d in r.dimension_ids)
                parts.append(
                    f"<p><i>{_esc(advice.discipline(r.discipline_id).name)}</i> "
                    + self.tr("(for {functions})").format(functions=helped) + "</p><ul>"
                    + "".join(f"<li>{_esc(p)}</li>" for p in r.prompts) + "</ul>")
        return "".join(parts)
