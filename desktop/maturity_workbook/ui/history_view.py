"""The History screen: every assessment in a table, radar overlays, the trend, and comparisons.

A comparison is `core.advice.progress` between two final assessments, worded here: the same
rules as the Overview (a stuck function is never "most improved"; an item rated for the first
time, or no longer rated, changes what is known, not maturity).

One model at a time: the history, the trend and comparisons hold only assessments of one
framework id and version, or of versions a shipped mapping connects (`core.series.same_series`:
question bank 1.0 and 2.0), each scored with its own version; a comparison across versions says
where the items differ. With several models in the workbook a
chooser shows each one's latest placement and switches between them. For a model with a research
cohort or with jobs, a tab shows the cohort bar or the job that holds the program back for the
assessment selected in the table, and the table says where each assessment was placed.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFormLayout, QFrame, QHeaderView, QLabel, QScrollArea,
    QSplitter, QTableWidget, QTableWidgetItem, QTabWidget, QTextBrowser, QVBoxLayout, QWidget,
)

from maturity_workbook.core import advice as advice_model
from maturity_workbook.core import history
from maturity_workbook.core.advice import ChangeKind
from maturity_workbook.core.history import is_level
from maturity_workbook.core.cohort import cohort_for
from maturity_workbook.core.jobs import job_step_for
from maturity_workbook.core.ops import What
from maturity_workbook.core.workbook import UNRATED
from maturity_workbook.ui.chart_widget import ChartPanel
from maturity_workbook.ui.history_plan import GoalMetricsTab
from maturity_workbook.ui.i18n import TranslationContext, format_date, join_list
from maturity_workbook.ui.models_view import (
    ModelChooser, ModelPanel, percent_text, stage_label,
)
from maturity_workbook.ui.function_card import (
    difference_text, differences_summary,
)
from maturity_workbook.ui.overview import (
    LEGEND_TITLE_CHARS, assessment_label, score_text, signed, stage_text,
)


PARTICIPANTS_WIDTH = 260  # pixels; the full list is in the cell's tooltip


def _esc(text) -> str:
    return html.escape(str(text or ""))


History = TranslationContext("History")  # the phrases below (lupdate reads `History.tr`)


def level_text(framework, level) -> str:
    """An item's recorded answer: '3 · Scaling', 'not applicable', 'not rated' or 'don't know'."""
    if is_level(level):
        return stage_text(framework, level)
    if level is UNRATED:
        return History.tr("not rated")
    if level is None:
        return History.tr("not applicable")
    return History.tr("don't know")


def short_change(change) -> str:
    """A function's change in a table cell: '+0.50 (up 1 stage)', 'newly scored', …"""
    if change.kind is ChangeKind.COMPARED:
        text = signed(change.score_change)
        if change.stage_change:
            text += " " + (History.tr("(up %n stage(s))", "", abs(change.stage_change))
                           if change.stage_change > 0
                           else History.tr("(down %n stage(s))", "", abs(change.stage_change)))
        return text
    return {ChangeKind.NEWLY_SCORED: History.tr("newly scored"),
            ChangeKind.NO_LONGER_SCORED: History.tr("no longer scored")}.get(
                change.kind, History.tr("not scored"))


class HistoryScreen(QWidget):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.framework = None
        self.views: list[history.AssessmentView] = []
        self.overlay: set[str] = set()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        self.models = ModelChooser(self)
        self.models.chosen.connect(self.refresh)
        layout.addWidget(self.models)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)

        splitter = QSplitter(Qt.Vertical, self)
        self.table = QTableWidget(0, 0)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName(self.tr("Assessment history"))
        self.table.itemChanged.connect(self._overlay_toggled)
        self.table.currentCellChanged.connect(lambda *_a: self._show_model())
        self.table.currentCellChanged.connect(lambda *_a: self._show_goal_metrics())
        splitter.addWidget(self.table)

        lower = QSplitter(Qt.Horizontal)
        self.charts = QTabWidget()
        self.radar = ChartPanel("radar-overlay", session=session)
        self.trend = ChartPanel("trend", session=session)
        self.charts.addTab(self.radar, self.tr("Radar overlay"))
        self.charts.addTab(self.trend, self.tr("Trend"))
        self.goal_metrics = GoalMetricsTab(session)  # the plan's metrics beside the trend
        self.charts.addTab(self.goal_metrics, self.tr("Goal Metrics"))
        holder = QWidget()  # the panel keeps its height; the room left stays below it
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        self.model_panel = ModelPanel(holder)
        holder_layout.addWidget(self.model_panel)
        holder_layout.addStretch(1)
        self.model_scroll = QScrollArea()
        self.model_scroll.setWidgetResizable(True)
        self.model_scroll.setFrameShape(QFrame.NoFrame)
        self.model_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.model_scroll.setWidget(holder)
        lower.addWidget(self.charts)

        compare_box = QWidget()
        compare_layout = QVBoxLayout(compare_box)
        compare_layout.setContentsMargins(6, 0, 0, 0)
        pick = QFormLayout()  # one row each: a narrow window still shows whole titles
        pick.setContentsMargins(0, 0, 0, 0)
        self.before = QComboBox()
        self.before.setAccessibleName(self.tr("Compare from"))
        self.after = QComboBox()
        self.after.setAccessibleName(self.tr("Compare to"))
        for combo in (self.before, self.after):
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        pick.addRow(self.tr("Compare"), self.before)
        pick.addRow(self.tr("with"), self.after)
        compare_layout.addLayout(pick)
        self.comparison = QTextBrowser()
        self.comparison.setAccessibleName(self.tr("Comparison"))
        self.comparison.setOpenLinks(False)
        compare_layout.addWidget(self.comparison, 1)
        self.before.activated.connect(lambda _i: self._show_comparison())
        self.after.activated.connect(lambda _i: self._show_comparison())
        lower.addWidget(compare_box)
        lower.setSizes([620, 520])
        splitter.addWidget(lower)
        splitter.setSizes([220, 480])
        layout.addWidget(splitter, 1)
        session.changed.connect(self._on_change)
        self.refresh()

    def _on_change(self, change) -> None:
        if change.what is What.POSITION:
            return
        if change.is_entry and change.assessment_id in self.session.workbook.assessments \
                and not self.session.assessment(change.assessment_id).is_final:
            return  # drafts are not in the history
        self.refresh()

    def _pick_framework(self):
        """The chosen model's framework; None when it is not installed in that version."""
        self.models.refresh(self.session)
        key = self.models.selected()
        framework = self.session.catalog.get(*key) if key else None
        return framework if framework is not None and framework.version == key[1] else None

    def show_series(self, key) -> None:
        """Show another model's history (framework id and version)."""
        if self.models.select(key):
            self.refresh()

    def refresh(self) -> None:
        self.framework = self._pick_framework()
        workbook = self.session.workbook
        self._fill_model_tab()
        if self.framework is None and self.models.selected() is not None \
                and workbook.ordered_assessments(final_only=True):
            self.views = []
            fid, version = self.models.selected()
            self.intro.setText(self.tr("These assessments use the framework {framework} "
                                       "{version}, which is not installed.").format(
                framework=_esc(fid), version=_esc(version)))
        elif self.framework is None:
            self.views = []
            self.intro.setText(self.tr(
                "The history lists final assessments. Finalize an assessment on the Assess "
                "screen and it appears here, with its radar and trend."))
        else:
            self.views = history.history_views(workbook, self.framework,
                                               catalog=self.session.catalog)
            others = len(workbook.ordered_assessments(final_only=True)) - len(self.views)
            text = self.tr("%n final assessment(s) with {framework}. Tick assessments to "
                           "overlay them on the radar.", "", len(self.views)).format(
                framework=_esc(self.framework.title))
            versions = self.versions()
            if len(versions) > 1:
                text += " " + self.tr("They were made with versions {versions} of its "
                                      "questions; each is scored with its own version.").format(
                    versions=_esc(join_list(versions)))
            if others:
                text += " " + self.tr("(%n made with other models or versions are not shown: "
                                      "choose a model above.)", "", others)
            self.intro.setText(text)
        known = {v.id for v in self.views}
        self.overlay &= known
        if not self.overlay and self.views:
            self.overlay = {v.id for v in self.views[-2:]}
        self._fill_table()
        self._fill_compare_choices()
        self._draw()
        self._show_comparison()
        self._show_model()
        self._show_goal_metrics()

    def _show_goal_metrics(self) -> None:
        """The goal as it was at the selected assessment (else the latest) and its metrics."""
        view = self._selected_view()
        self.goal_metrics.show_at(view.assessment if view is not None else None)

    def versions(self) -> list[str]:
        """The framework versions the history's assessments were made with, oldest first."""
        seen = []
        for view in self.views:
            if view.framework.version not in seen:
                seen.append(view.framework.version)
        return seen

    def _fill_model_tab(self) -> None:
        """A Cohort or Jobs tab for models that have them; none for the others."""
        fw = self.framework
        index = self.charts.indexOf(self.model_scroll)
        title = (self.tr("Jobs") if fw is not None and fw.jobs else
                 self.tr("Cohort") if fw is not None and fw.has_shares else None)
        if title is None:
            if index >= 0:
                self.charts.removeTab(index)
            return
        if index < 0:
            index = self.charts.addTab(self.model_scroll, title)
        self.charts.setTabText(index, title)

    def _selected_view(self):
        """The assessment of the table's current row, else the latest."""
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        chosen = item.data(Qt.UserRole) if item is not None else None
        return next((v for v in self.views if v.id == chosen),
                    self.views[-1] if self.views else None)

    def _show_model(self) -> None:
        if self.charts.indexOf(self.model_scroll) < 0:
            return
        view = self._selected_view()
        if view is None:
            self.model_panel.setVisible(False)
            return
        self.model_panel.show_result(self.framework, view.result)
        self.model_panel.heading.setText(self.tr("{heading} — {assessment}").format(
            heading=self.model_panel.heading.text(), assessment=assessment_label(view)))

    def placement_cell(self, view) -> str:
        """Where an assessment placed the program, for the table: its share of the cohort, or
        the job that held it back."""
        found = job_step_for(view.result)
        if self.framework.jobs:
            if found is None or found.partial:
                return self.tr("not known yet")
            if found.at_top:
                return self.tr("{stage}: top stage").format(stage=stage_label(found.stage))
            return self.tr("{stage}; {job} holds it back").format(
                stage=stage_label(found.stage), job=found.job.name)
        place = cohort_for(view.result)
        if place is None:
            return self.tr("not known yet")
        template = (self.tr("{stage}: {share} of programs, ahead of {ahead}")
                    if place.ahead_of > 0 else self.tr("{stage}: {share} of programs"))
        return template.format(stage=stage_label(place.stage),
                               share=percent_text(place.stage_share),
                               ahead=percent_text(place.ahead_of))

    def _fill_table(self) -> None:
        self.table.blockSignals(True)
        dims = self.framework.dimensions if self.framework else ()
        placed = self.framework is not None and (self.framework.jobs
                                                 or self.framework.has_shares)
        headers = [self.tr("Overlay"), self.tr("Date"), self.tr("Title"),
                   self.tr("Participants"), self.tr("Overall")] + [d.label for d in dims]
        if placed:
            headers.append(self.tr("Placement"))
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(self.views))
        workbook = self.session.workbook
        not_enough = self.tr("not enough data")
        several = len(self.versions()) > 1
        for row, view in enumerate(reversed(self.views)):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemIsUserCheckable | Qt.ItemIsEnabled | Qt.ItemIsSelectable)
            check.setCheckState(Qt.Checked if view.id in self.overlay else Qt.Unchecked)
            check.setData(Qt.UserRole, view.id)
            check.setData(Qt.AccessibleTextRole,
                          self.tr("Overlay {title}").format(title=view.title))
            self.table.setItem(row, 0, check)
            overall = view.result.overall_score
            people = ", ".join(workbook.participant_names(view.assessment.participant_ids))
            title = self.tr("{title} (version {version})").format(
                title=view.title, version=view.framework.version) if several else view.title
            cells = [format_date(view.day), title, people,
                     score_text(overall) if overall is not None else "—"]
            for dim in dims:
                score = view.score(dim.id)
                cells.append(score_text(score) if score is not None else not_enough)
            if placed:
                cells.append(self.placement_cell(view))
            for col, value in enumerate(cells, start=1):
                item = QTableWidgetItem(value)
                if col in (2, 3):
                    item.setToolTip(value)  # the column may be narrower than the text
                if 4 <= col < 5 + len(dims):
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        if self.table.columnWidth(3) > PARTICIPANTS_WIDTH:  # twelve names must not hide the title
            self.table.setColumnWidth(3, PARTICIPANTS_WIDTH)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        self.table.blockSignals(False)

    def _overlay_toggled(self, item: QTableWidgetItem) -> None:
        if item.column() != 0:
            return
        aid = item.data(Qt.UserRole)
        if item.checkState() == Qt.Checked:
            self.overlay.add(aid)
        else:
            self.overlay.discard(aid)
        self._draw()

    def set_overlay(self, assessment_ids) -> None:
        """Choose the overlaid assessments (also what ticking the table does)."""
        self.overlay = set(assessment_ids)
        self._fill_table()
        self._draw()

    def _draw(self) -> None:
        chosen = [v for v in self.views if v.id in self.overlay]
        target = history.targets_for(chosen[-1]) if chosen else {}
        self.radar.show_radar(self.framework,
                              [(assessment_label(v, LEGEND_TITLE_CHARS), v.result)
                               for v in chosen], target)
        self.trend.show_trend(self.framework, self.views)

    def _fill_compare_choices(self) -> None:
        for combo in (self.before, self.after):
            current = combo.currentData()
            combo.clear()
            for view in reversed(self.views):
                combo.addItem(assessment_label(view), view.id)
            if current is not None and combo.findData(current) >= 0:
                combo.setCurrentIndex(combo.findData(current))
            elif combo is self.before and len(self.views) >= 2:
                combo.setCurrentIndex(1)

    def _show_comparison(self) -> None:
        if len(self.views) < 2:
            self.comparison.setHtml("<p>" + _esc(self.tr(
                "Two final assessments are needed for a comparison.")) + "</p>")
            return
        order = {v.id: n for n, v in enumerate(self.views)}
        before_id, after_id = self.before.currentData(), self.after.currentData()
        if before_id not in order or after_id not in order or before_id == after_id:
            self.comparison.setHtml("<p>" + _esc(self.tr("Choose two different assessments."))
                                    + "</p>")
            return
        first, last = sorted((order[before_id], order[after_id]))
        # stuck is judged as it stood at the later assessment, as its Overview does
        stuck = advice_model.stuck_advice(self.framework, self.views[:last + 1])
        progress = advice_model.progress(self.views[last].framework, self.views[first],
                                         self.views[last],
                                         {s.dimension_id for s in stuck.functions},
                                         self.session.catalog)
        self.comparison.setHtml(comparison_html(self.framework, progress, self.views[last],
                                                stuck))


def versions_html(progress, after) -> str:
    """Across two versions of the framework: how they are compared, and per function where
    the items differ, naming them; empty within one version."""
    if not progress.across_versions:
        return ""
    before = progress.reference
    parts = ["<p>" + _esc(History.tr(
        "{before} was made with version {old} of the questions, {after} with version {new}. "
        "Each is scored with its own version; functions are compared by stage and score, "
        "and the items asked both times one to one.").format(
        before=format_date(before.day), old=before.framework.version,
        after=format_date(after.day), new=after.framework.version)) + "</p>"]
    for found in progress.item_differences:
        name = after.framework.dimension(found.dimension_id).name
        what = History.tr("the items differ ({what})").format(
            what=differences_summary(found.differences))
        parts.append(f"<p><b>{_esc(name)}</b>: {_esc(what)}</p><ul>")
        parts.extend(f"<li>{_esc(difference_text(d, before.framework, after.framework))}</li>"
                     for d in found.differences)
        parts.append("</ul>")
    return "".join(parts)


def comparison_html(framework, progress, after, stuck=None) -> str:
    """A `core.advice.Progress` as rich text: change per function, most improved and declined,
    then the items that moved a level apart from those whose answer changed. `stuck` (the
    `StuckAdvice` at `after`) explains a rise that is not "most improved"."""
    before = progress.reference
    heads = [_esc(text) for text in (History.tr("Function"), History.tr("Before"),
                                     History.tr("After"), History.tr("Change"))]
    parts = [f"<h3>{_esc(format_date(before.day))} → {_esc(format_date(after.day))}</h3>",
             "<table cellspacing='0' cellpadding='3'><tr>"
             f"<th align='left'>{heads[0]}</th><th>{heads[1]}</th>"
             f"<th>{heads[2]}</th><th align='left'>{heads[3]}</th></tr>"]
    items_differ = _esc(History.tr("(items differ)"))
    for change in progress.functions:
        differ = (f" <span style='color:gray'>{items_differ}</span>" if change.items_differ
                  else "")

        def cell(score):
            return score_text(score) if score is not None else "—"
        parts.append(f"<tr><td>{_esc(framework.dimension(change.dimension_id).name)}</td>"
                     f"<td align='right'>{cell(change.before_score)}</td>"
                     f"<td align='right'>{cell(change.after_score)}</td>"
                     f"<td>{_esc(short_change(change))}{differ}</td></tr>")
    parts.append("</table>")
    parts.append(versions_html(progress, after))
    for label, change in ((History.tr("Most improved:"), progress.most_improved),
                          (History.tr("Most declined:"), progress.most_declined)):
        if change is not None:
            parts.append(f"<p><b>{_esc(label)}</b> "
                         f"{_esc(framework.dimension(change.dimension_id).name)} "
                         f"({_esc(signed(change.score_change))})</p>")
    stuck_ids = {s.dimension_id for s in stuck.functions} if stuck is not None else set()
    stuck_rises = [c for c in progress.functions if c.dimension_id in stuck_ids
                   and (c.score_change or 0) > 0]
    for change in stuck_rises:
        parts.append("<p>" + _esc(History.tr(
            "{name} rose {change}, but over the last %n reassessment(s) it moved less than "
            "{threshold} of a stage: it is stuck, not improving.", "", stuck.reassessments).format(
            name=framework.dimension(change.dimension_id).name,
            change=signed(change.score_change), threshold=score_text(stuck.threshold)))
            + "</p>")
    if progress.most_improved is None and progress.most_declined is None and not stuck_rises:
        parts.append("<p>" + _esc(History.tr("No function's score rose or fell.")) + "</p>")
    for title, changes, empty in (
            (History.tr("Items that moved a level (%n)", "", len(progress.maturity_changes)),
             progress.maturity_changes, History.tr("No item moved a level.")),
            (History.tr("Answers that changed what is known (%n)", "",
                        len(progress.answer_changes)),
             progress.answer_changes, "")):
        if not changes and not empty:
            continue
        parts.append(f"<h4>{_esc(title)}</h4>")
        if not changes:
            parts.append(f"<p>{_esc(empty)}</p>")
            continue
        parts.append("<ul>")
        for change in changes:
            parts.append(f"<li><b>{_esc(change.item.prompt)}</b><br>"
                         f"{_esc(level_text(framework, change.before))} → "
                         f"{_esc(level_text(framework, change.after))}")
            if change.before_note:
                label = _esc(History.tr("Before:"))
                parts.append(f"<br><i>{label}</i> {_esc(change.before_note)}")
            if change.after_note:
                label = _esc(History.tr("After:"))
                parts.append(f"<br><i>{label}</i> {_esc(change.after_note)}")
            parts.append("</li>")
        parts.append("</ul>")
    return "".join(parts)
