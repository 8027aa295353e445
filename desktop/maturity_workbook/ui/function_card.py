"""One function's card on the Overview, and the short phrases the Overview and History share
(scores, signed changes, stages, assessment labels, changes and gaps to target), worded with Qt
translation and QLocale numbers and dates from `core.advice` data."""

from __future__ import annotations

import html
from collections import Counter
from datetime import date

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from maturity_workbook.core.advice import ChangeKind, GapStatus
from maturity_workbook.ui.i18n import TranslationContext, format_date, format_number, join_list

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
            text += " " + stages_moved(change.stage_change)
        return text
    if change.kind is ChangeKind.NEWLY_SCORED:
        return Overview.tr("newly scored: too few items were rated on {date}").format(date=when)
    if change.kind is ChangeKind.NO_LONGER_SCORED:
        return Overview.tr("not comparable: too few items are rated now")
    return Overview.tr("not comparable: too few items rated")


def stages_moved(change: int) -> str:
    """'(up 1 stage)', '(down 2 stages)'."""
    return (Overview.tr("(up %n stage(s))", "", change) if change > 0
            else Overview.tr("(down %n stage(s))", "", -change))


def stage_basis_text(framework, result) -> str:
    """What a function's stage rests on (a core.scoring.DimensionResult): 'Scaling: 5 of 7
    items at Scaling or above, 2 at Performing'."""
    stage = result.stage.name
    text = Overview.tr("{stage}: {reached} of %n item(s) at {stage} or above", "",
                       result.rated).format(stage=stage,
                                            reached=format_number(result.at_or_above))
    below = [Overview.tr("%n at {stage}", "", n).format(stage=framework.stage(level).name)
             for level, n in result.below.items()]
    if below:
        text = Overview.tr("{basis}, {below}").format(basis=text, below=join_list(below))
    return text


def answers_text(result) -> str:
    """The answers that carry no level: don't know (to find out) apart from not applicable
    (left out of the score); empty when there are none."""
    parts = []
    if result.unknown:
        parts.append(Overview.tr("%n don't know: to find out", "", result.unknown))
    if result.not_applicable:
        parts.append(Overview.tr("%n not applicable: left out", "", result.not_applicable))
    return " · ".join(parts)


DIFFERENCE_ORDER = ("renamed", "split", "merged", "new", "removed", "kept")


def differences_summary(differences) -> str:
    """'1 renamed and 2 new': how a function's items differ between two framework versions
    (core.migration.ItemDifference)."""
    counts = Counter(d.change for d in differences)
    words = {"renamed": lambda n: Overview.tr("%n renamed", "", n),
             "split": lambda n: Overview.tr("%n split", "", n),
             "merged": lambda n: Overview.tr("%n merged", "", n),
             "new": lambda n: Overview.tr("%n new", "", n),
             "removed": lambda n: Overview.tr("%n no longer asked", "", n),
             "kept": lambda n: Overview.tr("%n moved between functions", "", n)}
    return join_list([words[kind](counts[kind]) for kind in DIFFERENCE_ORDER if counts[kind]])


def difference_text(difference, before_framework, after_framework) -> str:
    """One difference between two versions' items, naming the items by their prompts."""
    locale = QLocale()

    def prompts(framework, ids):
        return join_list([locale.quoteString(framework.item(i).prompt) for i in ids])

    before = prompts(before_framework, difference.before_items)
    after = prompts(after_framework, difference.after_items)
    template = {
        "renamed": Overview.tr("Renamed: {before} is now {after}"),
        "split": Overview.tr("Split: {before} is now asked as {after}"),
        "merged": Overview.tr("Merged: {before} are now asked as {after}"),
        "new": Overview.tr("New in version {version}: {after}"),
        "removed": Overview.tr("Not asked in version {version}: {before}"),
    }.get(difference.change, Overview.tr("Moved between functions: {after}"))
    return template.format(before=before, after=after, version=after_framework.version)


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
        result = advice.current.result.dimension(status.dimension_id)
        if status.sufficient:
            self.stage.setText(stage_text(framework, status.stage_level))
            lines.append(self.tr("Score {score} of {top} · {rated} of %n item(s) rated",
                                 "", status.total).format(
                score=score_text(status.score), top=format_number(framework.max_level),
                rated=format_number(status.rated)))
            lines.append(_esc(stage_basis_text(framework, result)))
        else:
            self.stage.setText(self.tr("Not enough data"))
            lines.append(self.tr("Only {rated} of %n item(s) rated: too few for a stage",
                                 "", status.total).format(rated=format_number(status.rated)))
        answers = answers_text(result)
        if answers:
            lines.append(_esc(answers))
        if status.since_last is not None:
            lines.append(_esc(change_text(status.since_last, advice.previous.day)))
        else:
            lines.append(_esc(self.tr("No earlier assessment to compare with")))
        if status.since_baseline is not None:
            lines.append(_esc(change_text(status.since_baseline, advice.baseline.day, True)))
        lines.extend(self._versions_lines(advice, status))
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

    def _versions_lines(self, advice, status) -> list[str]:
        """A change measured against another version of the framework, where its items
        differ: say so, so a new question is not read as progress."""
        out = []
        for change, progress in ((status.since_last, advice.since_last),
                                 (status.since_baseline, advice.since_baseline)):
            if change is None or not change.items_differ or progress is None:
                continue
            text = self.tr("Version {version} asked other items here ({what}): compare with "
                           "care").format(version=progress.reference.framework.version,
                                          what=differences_summary(
                                              progress.differences_in(status.dimension_id)))
            if text not in out:
                out.append(text)
        return [f"<span style='color:gray'>{_esc(t)}</span>" for t in out]

    def _target_name(self, framework, level) -> str:
        return stage_text(framework, level) if level is not None else self.tr("no target")

    def _target_activated(self, index: int) -> None:
        self.targetChanged.emit(self.dimension_id, self.target.itemData(index))
