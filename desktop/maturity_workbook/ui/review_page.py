"""The reassessment's first page: what happened since the last assessment, before the room rates.

When a reassessment starts (an assessment based on an earlier one) and nothing is rated yet, the
wizard opens on this page: the actions done, dropped and carried over, and the metrics' values
then and now (`plan_widgets.ReviewPanel` over core/action_plan.review_since_last), with a button
to record this assessment's values. "Start Rating" (Enter, or the wizard's Next keys) goes on to
the items; "Look Back at Last Time" under the item tree returns here. The presenter window shows the same
review in short while it is open.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from maturity_workbook.core import action_plan, plan
from maturity_workbook.core.ops import Batch, Label
from maturity_workbook.core.ops.plan_ops import SetActual
from maturity_workbook.ui.plan_texts import format_date, format_number
from maturity_workbook.ui.plan_widgets import ReviewPanel, affects_plan
from maturity_workbook.ui.zoom import emphasize


class ReassessmentReview(QWidget):
    """The review page of one reassessment; `active` is False for a first assessment (the page
    and its top-bar button stay hidden)."""

    started = Signal()  # the room goes on to rate

    def __init__(self, session, assessment_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.assessment_id = assessment_id
        self.today = date.today()
        self.body: QWidget | None = None  # what the page stands in for (the item pages)
        assessment = session.workbook.assessments.get(assessment_id)
        self.active = bool(assessment is not None and assessment.based_on
                           and session.participant_id is None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        self.heading = QLabel(self.tr("Before you rate: what happened since last time"))
        emphasize(self.heading, 1.3, bold=True)
        layout.addWidget(self.heading)
        intro = QLabel(self.tr(
            "Look back together first: which actions were done, dropped or are still open, "
            "and how the goal's metrics moved. Then rate each item as things stand today."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.panel = ReviewPanel(session)
        self.panel.setAccessibleName(self.tr("What happened since the last assessment"))
        scroll = QScrollArea()
        scroll.setWidget(self.panel)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        layout.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        self.record = QPushButton(self.tr("Record This Assessment's Metric V&alues…"))
        self.record.setToolTip(self.tr("The value each metric of the goal has now, kept with "
                                       "this assessment"))
        self.record.clicked.connect(self.record_values)
        buttons.addWidget(self.record)
        buttons.addStretch(1)
        self.start = QPushButton(self.tr("Start Ratin&g →"))
        self.start.setToolTip(self.tr("Go on to the items (Enter)"))
        self.start.setDefault(True)
        self.start.clicked.connect(self.leave)
        buttons.addWidget(self.start)
        layout.addLayout(buttons)
        self.look_back = QPushButton(self.tr("Look &Back at Last Time"))
        self.look_back.setToolTip(self.tr("What happened since the last assessment: the "
                                          "actions and the metrics' values"))
        self.look_back.clicked.connect(self.show_review)
        self.look_back.setVisible(self.active)
        self.setVisible(False)
        session.changed.connect(self._on_change)

    @classmethod
    def install(cls, wizard, layout: QVBoxLayout, body: QWidget,
                side: QVBoxLayout) -> "ReassessmentReview":
        """Put the page in the wizard's layout in place of `body`, its Look Back button under
        the item tree (`side`), and open on it when a reassessment has nothing rated yet."""
        page = cls(wizard.session, wizard.assessment_id, wizard)
        page.body = body
        layout.addWidget(page, 1)
        side.insertWidget(1, page.look_back)
        assessment = wizard.assessment
        if page.active and not assessment.is_final and not assessment.entries:
            page.show_review()
        return page

    # -- showing

    def showing(self) -> bool:
        return self.active and not self.isHidden()

    def show_review(self) -> None:
        if not self.active:
            return
        self.refresh()
        if self.body is not None:
            self.body.setVisible(False)
        self.setVisible(True)
        self.look_back.setEnabled(False)
        self.start.setFocus()

    def leave(self) -> bool:
        """Go on to the items; False when the page was not showing."""
        if not self.showing():
            return False
        self.setVisible(False)
        if self.body is not None:
            self.body.setVisible(True)
        self.look_back.setEnabled(True)
        self.started.emit()
        return True

    def refresh(self) -> None:
        self.panel.show_review(self.assessment_id, self.today)
        assessment = self.session.workbook.assessments.get(self.assessment_id)
        goal = plan.goal_at(self.session.workbook, assessment) if assessment else None
        self.record.setVisible(bool(plan.metrics_of(self.session.workbook, goal)))
        self.record.setEnabled(self.session.can_edit_workbook)

    def _on_change(self, change) -> None:
        if self.showing() and affects_plan(change):
            self.refresh()

    def focus(self) -> None:
        self.start.setFocus()

    # -- recording the metrics' values now

    def record_values(self) -> None:
        """The metric values dialog for this assessment; the values go in as one undoable
        edit."""
        if not self.session.can_edit_workbook:
            return
        from maturity_workbook.ui.plan_dialogs import ActualsDialog

        dialog = ActualsDialog(self.session.workbook, self.assessment_id, self)

        def apply() -> None:
            aid = dialog.assessment_id()
            steps = tuple(SetActual(mid, aid, value) for mid, value in dialog.changes())
            if steps:
                self.session.do(Batch(steps, Label.RECORD_CHANGED))

        dialog.apply = apply
        dialog.exec()
        self.start.setFocus()

    # -- for the presenter window

    def summary_text(self) -> str:
        """The review in a few plain lines, for the room's screen."""
        wb = self.session.workbook
        review = action_plan.review_since_last(wb, wb.assessments.get(self.assessment_id),
                                               self.today)
        lines = [self.tr("Since the last assessment")]
        if review.previous is not None:
            lines[0] = self.tr("Since %1 (%2)").replace("%1", review.previous.title).replace(
                "%2", format_date(review.previous.date))
        lines.append(self.tr("%n action(s) done", "", len(review.done)) + " · "
                     + self.tr("%n dropped", "", len(review.dropped)) + " · "
                     + self.tr("%n carried over", "", len(review.carried)))
        for item in review.metrics:
            before = format_number(item.before) if item.before is not None else "—"
            now = format_number(item.now) if item.now is not None else "…"
            lines.append(self.tr("%1: %2 → %3").replace("%1", item.metric.name).replace(
                "%2", before).replace("%3", now))
        return "\n".join(lines)
