"""What makes a model distinct, on screen: the research cohort and the three jobs.

`ModelPanel` sits on the Overview and the History screen. For a framework whose stages carry
shares of a research cohort it shows the cohort bar (charts/cohort.py on a FigureCanvasQTAgg,
rebuilt at the panel's width so its text keeps its size) with the program's place marked and the
source cited, and the next stage's imperatives as next steps. For a framework with jobs it names
the job that holds the program back, shows where the program stands on the run of stages the
jobs own, and gives the single next step in that job's words. Everything it says comes from
core.cohort and core.jobs; the wording and the percentages are Qt translation and QLocale.
"""

from __future__ import annotations

import html
import math

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox, QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget,
)

from maturity_workbook.core.cohort import CohortPlace, cohort_for
from maturity_workbook.core.history import MAX_REASSESS_MONTHS, MIN_REASSESS_MONTHS
from maturity_workbook.core.jobs import JobStep, job_step_for
from maturity_workbook.core.series import SeriesKey, series_in, series_key
from maturity_workbook.ui.chart_widget import charts_ready, is_dark, screen_fonts
from maturity_workbook.ui.i18n import format_number

DPI = 100  # the cohort figure's dots per inch on screen (logical pixels)
MIN_WIDTH = 360  # pixels: narrower, the key wraps to one column and the bar gets cramped
MAX_WIDTH = 900  # pixels: wider, the bar's segments stretch without saying more
WARN = "#b35900"
REACHED_BG, NEXT_BG, CELL_TEXT = "#cfe3f1", "#fde3c8", "#1a1a1a"


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """QCoreApplication.translate under the name pyside6-lupdate extracts (with a literal
    context at each call)."""
    return QCoreApplication.translate(context, text, disambiguation, n)


def _esc(text) -> str:
    return html.escape(str(text or ""))


def percent_text(value: float, locale: QLocale | None = None) -> str:
    """A share (0-1) as the locale writes a percentage: '55%', '2%', '12.5%'."""
    locale = locale or QLocale()
    pct = value * 100
    decimals = 0 if abs(pct - round(pct)) < 0.05 else 1
    number = locale.toString(float(round(pct, decimals)), "f", decimals)
    template = translate("Models", "{number}{percent}",
                         "a percentage: the number, then the locale's percent sign")
    return template.format(number=number, percent=locale.percent())


def stage_label(stage) -> str:
    return translate("Models", "{level} · {name}").format(level=format_number(stage.level),
                                                         name=stage.name)


def cohort_texts():
    """The cohort chart's words, translated, with the locale's percentages."""
    from maturity_workbook.charts.cohort import CohortTexts

    return CohortTexts(
        stage=translate("Models", "Stage {level} · {name}"),
        here=translate("Models", "{share} of programs are at this stage"),
        ahead=translate("Models", "ahead of {share}"),
        key=translate("Models", "{level} {name} · {share}"),
        source=translate("Models", "Source: {source}"),
        percent=percent_text)


def cohort_sentence(place: CohortPlace) -> str:
    """'Stage 2 · Build foundation for scale: where 55% of programs are; ahead of 30%.'"""
    if place.ahead_of > 0:
        template = translate("Models", "Stage {stage}: where {share} of programs are; ahead "
                             "of {ahead}.")
    else:
        template = translate("Models", "Stage {stage}: where {share} of programs are.")
    return template.format(stage=stage_label(place.stage), share=percent_text(place.stage_share),
                           ahead=percent_text(place.ahead_of))


class CohortChart(QWidget):
    """The cohort bar at the panel's width; its height follows what the chart holds."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.place: CohortPlace | None = None
        self.figure = None
        self.canvas = None
        self._built_width = 0
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setAccessibleName(translate("Models", "Cohort chart"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.message = QLabel(translate("Models", "Drawing the chart…"))
        layout.addWidget(self.message)
        self.layout_ = layout

    def show_place(self, place: CohortPlace) -> None:
        """Draw `place`; the same place again (a rating elsewhere changed) keeps the figure."""
        if place == self.place and self.figure is not None:
            return
        self.place = place
        self.setAccessibleDescription(cohort_sentence(place))
        self._built_width = 0
        self._schedule()

    def _schedule(self) -> None:
        if self.isVisible():
            QTimer.singleShot(0, self.draw_pending)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._schedule()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if abs(self._width() - self._built_width) > 4:
            self._schedule()

    def _width(self) -> int:
        return max(MIN_WIDTH, min(MAX_WIDTH, self.width()))

    def draw_pending(self) -> None:
        if self.place is None or not self.isVisible() or self._width() == self._built_width:
            return
        if charts_ready(self.draw_pending, self.message.setText):
            self.draw_now()

    def draw_now(self) -> None:
        """Build the figure at the current width and put it on the canvas (tests call this)."""
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from maturity_workbook.charts.cohort import cohort_figure

        width = self._width()
        with screen_fonts():
            figure = cohort_figure(self.place, width=width / DPI, dpi=DPI, dark=is_dark(self),
                                   texts=cohort_texts())
        height = math.ceil(figure.get_figheight() * DPI)
        if self.canvas is None:
            self.canvas = FigureCanvasQTAgg(figure)
            self.canvas.setAccessibleName(self.accessibleName())
            self.canvas.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)
            self.layout_.addWidget(self.canvas, 0, Qt.AlignLeft)
        else:
            self.canvas.figure = figure
            figure.set_canvas(self.canvas)
        self.figure = figure
        self.canvas.setFixedSize(width, height)
        self.setFixedHeight(height)
        self.message.setVisible(False)
        self._built_width = width
        self.canvas.draw_idle()


class ModelPanel(QFrame):
    """The cohort or the job view for one assessment; hidden for models with neither."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("modelPanel")
        self.setFrameShape(QFrame.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.cohort = CohortChart(self)
        layout.addWidget(self.cohort)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.RichText)
        self.text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.text.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        layout.addWidget(self.text)
        self.cohort_place: CohortPlace | None = None
        self.job: JobStep | None = None
        self.setVisible(False)

    def show_result(self, framework, result, *, rate_first: str | None = None) -> bool:
        """Show what the model says about a scored assessment (`scoring.AssessmentResult`);
        `rate_first` names the function to rate first when the advice says so. Returns whether
        the panel shows anything (False for models without shares or jobs)."""
        self.cohort_place = self.job = None
        if framework is not None and framework.jobs:
            self._show_job(framework, result, rate_first)
        elif framework is not None and framework.has_shares:
            self._show_cohort(framework, result)
        else:
            self.setVisible(False)
            return False
        self.setVisible(True)
        return True

    # -- the research cohort

    def _show_cohort(self, framework, result) -> None:
        place = cohort_for(result)
        self.cohort_place = place
        self.heading.setText(translate("Models", "Where the program sits among others"))
        if place is None:
            self.cohort.setVisible(False)
            self.text.setText("<p>" + _esc(translate(
                "Models", "The place among the programs the research looked at shows once "
                "every function has a stage.")) + "</p>")
            return
        self.cohort.setVisible(True)
        self.cohort.show_place(place)
        parts = [f"<p><b>{_esc(cohort_sentence(place))}</b></p>"]
        if place.next_stage is None:
            parts.append("<p>" + _esc(translate(
                "Models", "The program is at the model's top stage: few programs the research "
                "looked at got this far.")) + "</p>")
        else:
            parts.append("<p>" + _esc(translate(
                "Models", "Next steps: the imperatives of stage {stage}").format(
                stage=stage_label(place.next_stage))) + "</p><ol>")
            parts += [f"<li>{_esc(step)}</li>" for step in place.next_steps]
            parts.append("</ol>")
            if place.next_stage.challenge:
                parts.append("<p style='color:gray'>" + _esc(translate(
                    "Models", "What usually holds programs back there: {challenge}").format(
                    challenge=place.next_stage.challenge)) + "</p>")
        self.text.setText("".join(parts))

    # -- the three jobs

    def _show_job(self, framework, result, rate_first: str | None) -> None:
        self.cohort.setVisible(False)
        found = job_step_for(result)
        self.heading.setText(translate("Models", "The job that holds the program back"))
        if found is None or found.partial:
            if rate_first:
                text = translate("Models", "Not known yet: {name} has too few rated items, and "
                                 "it could be the weakest job. Rate it first.").format(
                    name=rate_first)
            else:
                text = translate("Models", "Not known yet: every job needs enough rated items "
                                 "for a stage.")
            self.text.setText(job_strip(framework, None) + "<p>" + _esc(text) + "</p>")
            return
        self.job = found
        self.text.setText(job_strip(framework, found) + job_html(framework, found))


def job_strip(framework, found: JobStep | None) -> str:
    """The stages in a row under the jobs that own them: reached stages shaded, the next one
    marked, the job that holds the program back named in the warning colour."""
    level = found.stage.level if found is not None else None
    target = found.target.level if found is not None and found.target is not None else None
    holding = found.job.id if found is not None else None
    heads, cells = [], []
    for job in framework.jobs:
        colour = f" style='color:{WARN}'" if job.id == holding else ""
        heads.append(f"<td colspan='{len(job.stages)}' align='center'{colour}>"
                     f"<b>{_esc(job.name)}</b></td>")
    for stage in framework.stages:
        style = "border:1px solid gray;"
        if level is not None and stage.level <= level:
            style += f"background-color:{REACHED_BG}; color:{CELL_TEXT};"
        elif stage.level == target:
            style += f"background-color:{NEXT_BG}; color:{CELL_TEXT}; font-weight:bold;"
        cells.append(f"<td align='center' style='{style}'>{format_number(stage.level)}</td>")
    return ("<table cellspacing='2' cellpadding='4' width='100%'><tr>" + "".join(heads)
            + "</tr><tr>" + "".join(cells) + "</tr></table>")


def job_html(framework, found: JobStep) -> str:
    """Where the program stands, the job named, and its one step (or, at the top, what keeps
    the top job done)."""
    job = _esc(found.job.name)
    weakest = (framework.dimension(found.dimension_id).name
               if found.dimension_id else found.job.name)
    parts = [f"<p style='font-size:large'><b style='color:{WARN}'>{job}</b></p>"]
    if found.at_top:
        parts.append("<p>" + _esc(translate(
            "Models", "The program has reached the top stage, {stage}, in every job.").format(
            stage=stage_label(found.stage))) + "</p>")
        head = translate("Models", "To keep it there")
    else:
        parts.append("<p>" + _esc(translate(
            "Models", "The program stands at {stage}, the stage its weakest job, {weakest}, has "
            "reached. The next stage, {target}, is {job}'s work.").format(
            stage=stage_label(found.stage), weakest=weakest, target=stage_label(found.target),
            job=found.job.name)) + "</p>")
        head = translate("Models", "The next step")
    parts.append(f"<p><b>{_esc(head)}</b><br>{_esc(found.step)}</p>")
    if found.job.friction:
        parts.append("<p style='color:gray'>" + _esc(translate(
            "Models", "What stalls this job: {friction}").format(friction=found.job.friction))
            + "</p>")
    parts.append("<p>" + _esc(translate(
        "Models", "One step at a time: take this one, then reassess, every {low} to {high} "
        "months.").format(low=format_number(MIN_REASSESS_MONTHS),
                          high=format_number(MAX_REASSESS_MONTHS))) + "</p>")
    return "".join(parts)


def placement_text(placement) -> str:
    """One model's latest placement as a short phrase (`core.series.Placement`)."""
    if placement.framework is None:
        return translate("Models", "not installed")
    level = placement.stage_level
    if placement.job is not None and not placement.job.at_top:
        text = translate("Models", "{stage}; {job} holds it back").format(
            stage=stage_label(placement.job.stage), job=placement.job.job.name)
    elif placement.cohort is not None:
        text = translate("Models", "{stage}, where {share} of programs are").format(
            stage=stage_label(placement.cohort.stage),
            share=percent_text(placement.cohort.stage_share))
    elif level is not None:
        text = stage_label(placement.framework.stage(level))
    else:
        text = translate("Models", "stage not known yet")
    if not placement.is_final:
        text = translate("Models", "{placement} (draft)").format(placement=text)
    return text


def placements_html(workbook, framework_for, shown: str | None = None, catalog=None) -> str:
    """Each model's latest placement, one row each: the model (a link that shows it, or bold
    when `shown`, "id|version", is that model), its version, the placement and its date."""
    from maturity_workbook.core.series import placements
    from maturity_workbook.ui.i18n import format_date

    rows = []
    for p in placements(workbook, framework_for, catalog):
        title = _esc(p.framework.title if p.framework is not None else p.key[0])
        key = f"{p.key[0]}|{p.key[1]}"
        name = f"<b>{title}</b>" if key == shown else f"<a href='{_esc(key)}'>{title}</a>"
        rows.append(f"<tr><td>{name}</td><td>{_esc(p.key[1])}</td>"
                    f"<td>{_esc(placement_text(p))}</td>"
                    f"<td style='color:gray'>{_esc(format_date(p.assessment.date))}</td></tr>")
    if not rows:
        return ""
    return ("<table cellspacing='0' cellpadding='1'><tr><th align='left' colspan='4'>"
            + _esc(translate("Models", "Latest placement per model")) + "</th></tr>"
            + "".join(rows)
            + "</table>")


class ModelChooser(QWidget):
    """Which model a screen shows, when a workbook holds assessments of several: a combo (one
    entry per framework id and version, the keyboard's way) beside each model's latest placement
    (links that choose it). Hidden while the workbook uses one model only."""

    chosen = Signal()  # the user picked another model

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(translate("Models", "&Model:"))
        layout.addWidget(self.label, 0, Qt.AlignTop)
        self.combo = QComboBox()
        self.combo.setAccessibleName(translate("Models", "Model shown"))
        self.combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(24)
        self.combo.activated.connect(lambda _i: self.chosen.emit())
        self.label.setBuddy(self.combo)
        layout.addWidget(self.combo, 0, Qt.AlignTop)
        self.placements = QLabel()
        self.placements.setWordWrap(True)
        self.placements.setTextFormat(Qt.RichText)
        self.placements.setAccessibleName(translate("Models", "Latest placement per model"))
        self.placements.linkActivated.connect(self._link)
        layout.addWidget(self.placements, 1)
        self.keys: list[SeriesKey] = []
        self.setVisible(False)

    def refresh(self, session, preferred: SeriesKey | None = None) -> None:
        """Fill from the session's workbook; keep the choice, else `preferred`, else the model
        of the latest final assessment (the latest draft when none is final)."""
        workbook = session.workbook
        catalog = session.catalog
        self.keys = series_in(workbook, catalog)  # versions joined by a mapping are one
        current = self.selected() or preferred
        self.combo.blockSignals(True)
        self.combo.clear()
        for key in self.keys:
            framework = session.catalog.get(*key)
            title = framework.title if framework is not None else key[0]
            self.combo.addItem(translate("Models", "{model} ({version})").format(
                model=title, version=key[1]),
                               _data(key))
        if current not in self.keys:
            latest = workbook.latest(final_only=True) or workbook.latest(final_only=False)
            current = series_key(latest, workbook, catalog) if latest is not None else None
        if current is not None:
            self.combo.setCurrentIndex(self.combo.findData(_data(current)))
        self.combo.blockSignals(False)
        several = len(self.keys) > 1
        self.setVisible(several)
        self.placements.setText(placements_html(workbook, session.framework_for, _data(current),
                                                catalog) if several and current else "")

    def selected(self) -> SeriesKey | None:
        data = self.combo.currentData()
        return tuple(data.split("|", 1)) if data else None

    def select(self, key) -> bool:
        """Choose a model by (framework id, version); False when the workbook has none of it."""
        index = self.combo.findData(_data(tuple(key)))
        if index < 0:
            return False
        self.combo.setCurrentIndex(index)
        return True

    def _link(self, link: str) -> None:
        if self.select(link.split("|", 1)):
            self.chosen.emit()


def _data(key) -> str:
    return "|".join(key)
