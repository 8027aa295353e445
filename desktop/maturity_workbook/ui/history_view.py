"""The History screen: every assessment in a table, radar overlays, the trend, and comparisons."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QSplitter, QTableWidget,
    QTableWidgetItem, QTabWidget, QTextBrowser, QVBoxLayout, QWidget,
)

from maturity_workbook.core.ops import What
from maturity_workbook.core import history
from maturity_workbook.ui.chart_widget import ChartPanel
from maturity_workbook.ui.overview import describe_change


def _esc(text) -> str:
    return html.escape(str(text or ""))


class HistoryScreen(QWidget):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.framework = None
        self.views: list[history.AssessmentView] = []
        self.overlay: set[str] = set()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)

        splitter = QSplitter(Qt.Vertical, self)
        self.table = QTableWidget(0, 0)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName("Assessment history")
        self.table.itemChanged.connect(self._overlay_toggled)
        splitter.addWidget(self.table)

        lower = QSplitter(Qt.Horizontal)
        self.charts = QTabWidget()
        self.radar = ChartPanel("radar-overlay")
        self.trend = ChartPanel("trend")
        self.charts.addTab(self.radar, "Radar overlay")
        self.charts.addTab(self.trend, "Trend")
        lower.addWidget(self.charts)

        compare_box = QWidget()
        compare_layout = QVBoxLayout(compare_box)
        compare_layout.setContentsMargins(6, 0, 0, 0)
        pick = QHBoxLayout()
        pick.addWidget(QLabel("Compare"))
        self.before = QComboBox()
        self.before.setAccessibleName("Compare from")
        self.after = QComboBox()
        self.after.setAccessibleName("Compare to")
        pick.addWidget(self.before, 1)
        pick.addWidget(QLabel("with"))
        pick.addWidget(self.after, 1)
        compare_layout.addLayout(pick)
        self.comparison = QTextBrowser()
        self.comparison.setAccessibleName("Comparison")
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
        latest = self.session.workbook.latest(final_only=True)
        return self.session.framework_for(latest) if latest else None

    def refresh(self) -> None:
        self.framework = self._pick_framework()
        workbook = self.session.workbook
        if self.framework is None:
            self.views = []
            self.intro.setText("The history lists final assessments. Finalize an assessment on "
                               "the Assess screen and it appears here, with its radar and trend.")
        else:
            self.views = history.history_views(workbook, self.framework)
            others = len(workbook.ordered_assessments(final_only=True)) - len(self.views)
            text = (f"{len(self.views)} final assessment{'s' if len(self.views) != 1 else ''} "
                    f"with {_esc(self.framework.title)}. Tick assessments to overlay them on the "
                    "radar.")
            if others:
                text += f" ({others} made with other frameworks are not shown.)"
            self.intro.setText(text)
        known = {v.id for v in self.views}
        self.overlay &= known
        if not self.overlay and self.views:
            self.overlay = {v.id for v in self.views[-2:]}
        self._fill_table()
        self._fill_compare_choices()
        self._draw()
        self._show_comparison()

    def _fill_table(self) -> None:
        self.table.blockSignals(True)
        dims = self.framework.dimensions if self.framework else ()
        headers = ["Overlay", "Date", "Title", "Participants", "Overall"] + [d.label for d in dims]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(self.views))
        workbook = self.session.workbook
        for row, view in enumerate(reversed(self.views)):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemIsUserCheckable | Qt.ItemIsEnabled | Qt.ItemIsSelectable)
            check.setCheckState(Qt.Checked if view.id in self.overlay else Qt.Unchecked)
            check.setData(Qt.UserRole, view.id)
            check.setData(Qt.AccessibleTextRole, f"Overlay {view.title}")
            self.table.setItem(row, 0, check)
            overall = view.result.overall_score
            cells = [view.assessment.date, view.title,
                     ", ".join(workbook.participant_names(view.assessment.participant_ids)),
                     f"{overall:.2f}" if overall is not None else "—"]
            for dim in dims:
                score = view.score(dim.id)
                cells.append(f"{score:.2f}" if score is not None else "insufficient")
            for col, value in enumerate(cells, start=1):
                item = QTableWidgetItem(value)
                if col >= 4:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
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
        self.radar.show_radar(self.framework, chosen, target)
        self.trend.show_trend(self.framework, self.views)

    def _fill_compare_choices(self) -> None:
        for combo in (self.before, self.after):
            current = combo.currentData()
            combo.clear()
            for view in reversed(self.views):
                combo.addItem(f"{view.assessment.date} — {view.title}", view.id)
            if current is not None and combo.findData(current) >= 0:
                combo.setCurrentIndex(combo.findData(current))
            elif combo is self.before and len(self.views) >= 2:
                combo.setCurrentIndex(1)

    def _show_comparison(self) -> None:
        if len(self.views) < 2:
            self.comparison.setHtml("<p>Two final assessments are needed for a comparison.</p>")
            return
        by_id = {v.id: v for v in self.views}
        before, after = by_id.get(self.before.currentData()), by_id.get(self.after.currentData())
        if before is None or after is None or before.id == after.id:
            self.comparison.setHtml("<p>Choose two different assessments.</p>")
            return
        if (before.assessment.date, before.assessment.created) > \
                (after.assessment.date, after.assessment.created):
            before, after = after, before
        self.comparison.setHtml(comparison_html(self.framework, history.compare(
            self.framework, before, after)))


def comparison_html(framework, comparison) -> str:
    """The comparison as rich text: deltas per function, best and worst, changed items."""
    b, a = comparison.before, comparison.after
    parts = [f"<h3>{_esc(b.assessment.date)} → {_esc(a.assessment.date)}</h3><table "
             "cellspacing='0' cellpadding='3'><tr><th align='left'>Function</th><th>Before</th>"
             "<th>After</th><th align='left'>Change</th></tr>"]
    for delta in comparison.dimensions:
        def cell(result):
            return f"{result.score:.2f}" if result.sufficient else "—"
        parts.append(f"<tr><td>{_esc(delta.dimension.name)}</td><td align='right'>"
                     f"{cell(delta.before)}</td><td align='right'>{cell(delta.after)}</td>"
                     f"<td>{_esc(describe_change(delta).replace(' since last time', ''))}</td>"
                     "</tr>")
    parts.append("</table>")
    if comparison.most_improved:
        d = comparison.most_improved
        parts.append(f"<p><b>Most improved:</b> {_esc(d.dimension.name)} "
                     f"({d.score_change:+.2f})</p>")
    if comparison.most_declined:
        d = comparison.most_declined
        parts.append(f"<p><b>Most declined:</b> {_esc(d.dimension.name)} "
                     f"({d.score_change:+.2f})</p>")
    if not comparison.most_improved and not comparison.most_declined:
        parts.append("<p>No function's score changed.</p>")
    parts.append(f"<h4>Items that changed ({len(comparison.items)})</h4>")
    if comparison.items:
        parts.append("<ul>")
        for change in comparison.items:
            parts.append(
                f"<li><b>{_esc(change.item.prompt)}</b><br>"
                f"{_esc(history.level_text(framework, change.before))} → "
                f"{_esc(history.level_text(framework, change.after))}")
            if change.before_note:
                parts.append(f"<br><i>Before:</i> {_esc(change.before_note)}")
            if change.after_note:
                parts.append(f"<br><i>After:</i> {_esc(change.after_note)}")
            parts.append("</li>")
        parts.append("</ul>")
    else:
        parts.append("<p>No agreed rating changed.</p>")
    return "".join(parts)
