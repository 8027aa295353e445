"""The Overview screen: lays out `core.advice` for one assessment.

It answers the primary model's three questions (the latest final assessment unless the user picks
another): where to start (the bottleneck, or which function to rate first when it is not known),
how to reach the next level (next steps), and, when a function is stuck, how to reinvent
(questions from the disciplines). A model with a research cohort also shows where the program sits
among the programs the research looked at; a model with jobs names the job that holds the program
back and its single next step (`models_view.ModelPanel`). A workbook with assessments of several
models shows one model at a time, with each model's latest placement a click away. Nothing is
decided here: every fact and threshold comes from the advice model; this module only words it (Qt
translation, QLocale dates and numbers).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy,
    QVBoxLayout, QWidget,
)

from maturity_workbook.core import advice as advice_model
from maturity_workbook.core.advice import FindingKind, RateFirstBasis, Tone
from maturity_workbook.core.history import DueStatus
from maturity_workbook.core.ops import What
from maturity_workbook.core.series import series_key
from maturity_workbook.core.targets import target_history
from maturity_workbook.ui.chart_widget import ChartPanel
from maturity_workbook.ui.function_card import (  # noqa: F401 - History uses these from here
    ACCENT, LEGEND_TITLE_CHARS, WARN, FunctionCard, _esc, assessment_label, change_text, gap_text,
    score_text, signed, stage_text,
)
from maturity_workbook.ui.i18n import format_date, format_number
from maturity_workbook.ui.models_view import ModelChooser, ModelPanel
from maturity_workbook.ui.overview_plan import (
    NextStepsPanel, OverdueNotice, OverviewPlan, RadarTargets,
)


class OverviewScreen(QWidget):
    assessRequested = Signal(str)
    planRequested = Signal()  # the plan's pieces link to the Plan screen

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.today = date.today()
        self.model = None  # the core.advice.Advice on show
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 6, 0, 0)

        self.models = ModelChooser(self)
        self.models.chosen.connect(self._series_chosen)
        outer.addWidget(self.models)
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
        notices = QHBoxLayout()  # overdue actions beside the reassessment notice
        notices.addWidget(self.due, 3)
        self._build_overdue(notices)
        outer.addLayout(notices)

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
        body.addLayout(self._radar_column(), 5)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.NoFrame)
        details = QWidget()
        right = QVBoxLayout(details)
        right.setContentsMargins(0, 0, 6, 0)
        self.model_panel = ModelPanel(details)
        right.addWidget(self.model_panel)
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
        self._build_plan(details, right)
        right.addStretch(1)
        scroll.setWidget(details)
        self.details = details
        body.addWidget(scroll, 6)
        outer.addWidget(self.body, 1)

        session.changed.connect(self._on_change)
        self.refresh()

    # -- choosing the assessment

    def selected_series(self):
        """The model shown: (framework id, version)."""
        return self.models.selected()

    def show_series(self, key) -> None:
        """Show the latest assessment of another model (framework id and version)."""
        if self.models.select(key):
            self._series_chosen()

    def _series_chosen(self) -> None:
        self.chooser.setCurrentIndex(-1)  # the new model's latest assessment
        self.refresh()

    def _fill_chooser(self) -> None:
        current = self.chooser.currentData()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        workbook = self.session.workbook
        key = self.selected_series()
        catalog = self.session.catalog
        for assessment in reversed(workbook.ordered_assessments()):
            if key is not None and series_key(assessment, workbook, catalog) != key:
                continue
            title = assessment.title.strip()
            when = format_date(assessment.date)
            text = self.tr("{date} — {title}").format(date=when, title=title) if title else when
            if not assessment.is_final:
                text = self.tr("{assessment} (draft)").format(assessment=text)
            self.chooser.addItem(text, assessment.id)
        shown = [self.chooser.itemData(i) for i in range(self.chooser.count())]
        finals = [aid for aid in shown if workbook.assessments[aid].is_final]
        latest = finals[0] if finals else (shown[0] if shown else None)
        wanted = current if current in shown else latest
        if wanted is not None:
            self.chooser.setCurrentIndex(self.chooser.findData(wanted))
        self.chooser.blockSignals(False)

    def selected_assessment_id(self) -> str | None:
        return self.chooser.currentData()

    def _on_change(self, change) -> None:
        if change.what is What.POSITION:
            return
        finalized = self.session.workbook.assessments.get(change.assessment_id or "")
        if change.what is What.STATUS and finalized is not None:
            if finalized.is_final:  # show what was just finished, whichever model it used
                self.show_assessment(finalized.id)
                return
        self.refresh()

    def show_assessment(self, assessment_id: str) -> None:
        """Show one assessment (switching to its model)."""
        assessment = self.session.workbook.assessments.get(assessment_id)
        if assessment is None:
            return
        self.models.refresh(self.session)
        self.models.select(series_key(assessment, self.session.workbook,
                                      self.session.catalog))
        self._fill_chooser()
        self.chooser.setCurrentIndex(max(0, self.chooser.findData(assessment_id)))
        self.refresh()

    # -- showing

    def refresh(self) -> None:
        self.models.refresh(self.session)
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
            self.model_panel.setVisible(False)
            self.overdue.refresh()
            return
        self.empty.setVisible(False)
        self.body.setVisible(True)
        self.chooser.setEnabled(True)
        advice = advice_model.advise(workbook, framework, assessment, today=self.today,
                                     catalog=self.session.catalog)
        self.model = advice
        first = advice.rate_first
        rate_first = advice.dimension(first.dimension_id).name if first is not None else None
        self.model_panel.show_result(framework, advice.current.result, rate_first=rate_first)
        self._show_overall(advice)
        self._show_due(advice.due)
        self._show_cards(advice)
        self.advice.setText(self.advice_head_html(advice))
        self._show_plan(advice)
        self._draw_radar()

    def _show_overall(self, advice) -> None:
        job = self.model_panel.job
        if job is not None:  # a model with jobs places the program at its weakest job's stage
            text = self.tr("Program stage: {stage}, set by its weakest job").format(
                stage=stage_text(advice.framework, job.stage.level))
        elif advice.overall_level is not None:
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
            card.show_function(advice, status, editable, self.model_panel.job,
                               target_history(workbook, aid, status.dimension_id))
            card.setVisible(True)

    def _set_target(self, dimension_id: str, level: int | None) -> None:
        aid = self.selected_assessment_id()
        if aid and not self.session.read_only:
            self.session.set_target(aid, dimension_id, level)

    # -- the plan (ui/overview_plan.py): next steps as actions, the goal, overdue actions,
    #    a phase's targets on the radar

    def _build_overdue(self, row: QHBoxLayout) -> None:
        self.overdue = OverdueNotice(self.session, self)
        self.overdue.planRequested.connect(self.planRequested)
        row.addWidget(self.overdue, 2)

    def _radar_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        self.radar_targets = RadarTargets(self.session, self.body)
        self.radar_targets.changed.connect(self._draw_radar)
        column.addWidget(self.radar_targets)
        column.addWidget(self.radar, 1)
        return column

    def _build_plan(self, parent: QWidget, column: QVBoxLayout) -> None:
        """The next steps (one key makes one an action), the goal and the open actions, then
        the rest of the advice."""
        self.steps = NextStepsPanel(self.session, parent)
        column.addWidget(self.steps)
        self.plan = OverviewPlan(self.session, parent)
        self.plan.planRequested.connect(self.planRequested)
        column.addWidget(self.plan)
        self.advice_more = QLabel()
        self.advice_more.setWordWrap(True)
        self.advice_more.setTextFormat(Qt.RichText)
        self.advice_more.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.advice_more.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Minimum)
        self.advice_more.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.advice_more.setAccessibleName(self.tr("More advice"))
        column.addWidget(self.advice_more)

    def _show_plan(self, advice) -> None:
        for widget in (self.steps, self.overdue, self.radar_targets):
            widget.today = self.today
        self.plan.set_today(self.today)
        self.steps.show_advice(advice, self.model_panel.job)
        self.plan.refresh()
        self.advice_more.setText(self.advice_tail_html(advice))
        self.overdue.refresh()
        self.radar_targets.refresh(d.id for d in advice.framework.dimensions)

    def _draw_radar(self) -> None:
        advice = self.model
        if advice is None:
            return
        series = [(assessment_label(v, LEGEND_TITLE_CHARS), v.result)
                  for v in (advice.previous, advice.current) if v is not None]
        targets = self.radar_targets.targets(advice.framework, dict(advice.targets))
        self.radar.show_radar(advice.framework, series, targets)

    # -- the advice as rich text

    def advice_html(self, advice) -> str:
        """The advice's words, in order (the next steps are rows of their own between the
        two parts on screen: `steps`)."""
        return self.advice_head_html(advice) + self.advice_tail_html(advice)

    def advice_head_html(self, advice) -> str:
        """Key findings and where to start: above the next steps."""
        return "".join(p for p in (self._findings_html(advice), self._start_html(advice)) if p)

    def advice_tail_html(self, advice) -> str:
        """Thin data, what to find out, stuck functions: below the next steps and the plan."""
        parts = [self._insufficient_html(advice), self._find_out_html(advice),
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
                                                "start here.") if self.model_panel.job is None
                else self.tr("{name} is the weakest job, at {stage}: it sets the program's "
                             "stage."),
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
        if self.model_panel.job is not None:  # the job view above gives the one next step
            return ""
        name = f"<b>{self._name(advice, b.dimension_id)}</b>"
        parts.append("<p>" + self.tr(
            "{name} is the weakest of the %n function(s) ({stage}, score {score}). The program "
            "moves no faster than its weakest function, so work here first.", "",
            b.scored_functions).format(name=name, stage=_esc(stage_text(fw, b.stage_level)),
                                       score=score_text(b.score)) + "</p>")
        # the next steps and one step for each other function follow as rows (`steps`)
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
