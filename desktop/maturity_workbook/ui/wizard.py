"""The assessment wizard: one page per item, every participant's rating in a compact grid.

Everything the wizard decides (the current item, what a key does, where focus goes next, when the
end offers to finalize, the note being typed) lives in core.wizard.WizardController; this module
renders the controller and forwards keys and clicks to it. The keys are listed in the scoring
help (dialogs.scoring_help_html).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer, Signal, QT_TRANSLATE_NOOP
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QScrollArea,
    QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from maturity_workbook.core import workshop
from maturity_workbook.core.errors import OperationError
from maturity_workbook.core.ops import What
from maturity_workbook.core.framework import Framework
from maturity_workbook.core.wizard import (
    DONE, EMPTY, PARTIAL, Key, Outcome, Step, WizardController,
)
from maturity_workbook.ui import dialogs
from maturity_workbook.ui.i18n import format_date, format_number
from maturity_workbook.ui.item_page import ItemPage
from maturity_workbook.ui.review_page import ReassessmentReview
from maturity_workbook.ui.room_controls import SplitQueue, TimerControl
from maturity_workbook.ui.room_dialogs import FinalizeCheckDialog, ReasonDialog
from maturity_workbook.ui.zoom import partial_font

STATUS_MARK = {EMPTY: "○", PARTIAL: "◐", DONE: "●"}
STATUS_TEXT = {EMPTY: QT_TRANSLATE_NOOP("AssessmentWizard", "not rated"),
               PARTIAL: QT_TRANSLATE_NOOP("AssessmentWizard", "partly rated"),
               DONE: QT_TRANSLATE_NOOP("AssessmentWizard", "done")}


def item_mapper(session, assessment) -> workshop.ItemMapper:
    """Which of last time's items an item's answer comes from (core.workshop.mapper_for): the
    same item within one version, through the version mapping across two (kept and renamed
    items carry last time's answer to confirm, split and merged ones show it as a hint, new
    ones are marked new)."""
    base = session.workbook.assessments.get(assessment.based_on) if assessment.based_on \
        else None
    return workshop.mapper_for(session.catalog, base, assessment)


class AssessmentWizard(QWidget):
    closeRequested = Signal()
    roomChanged = Signal()  # what the room sees changed: the presenter window follows

    def __init__(self, session, framework: Framework, assessment_id: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.assessment_id = assessment_id
        assessment = session.assessment(assessment_id)
        self.controller = WizardController(
            framework, assessment_id, lambda: session.assessment(assessment_id), session,
            read_only=session.read_only, find=session.workbook.assessments.get,
            mapper=item_mapper(session, assessment),
            participant_id=session.participant_id)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(self._build_top())
        self.state_note = QLabel()
        self.state_note.setWordWrap(True)
        self.state_note.setStyleSheet("background: #e8f0fe; color: #0b2a5b; padding: 5px; "
                                      "border-radius: 4px;")
        layout.addWidget(self.state_note)

        splitter = QSplitter(Qt.Horizontal, self)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(self.tr("Items by function"))
        self.tree.itemClicked.connect(self._tree_clicked)
        self.tree.itemActivated.connect(self._tree_clicked)
        left_layout.addWidget(self.tree, 1)
        self.next_unfinished_button = QPushButton(self.tr("Next &unfinished item"))
        self.next_unfinished_button.setToolTip(
            self.tr("Jump to the next item not yet rated (Ctrl+U)"))
        self.next_unfinished_button.clicked.connect(
            lambda: self.apply(self.controller.next_unfinished()))
        left_layout.addWidget(self.next_unfinished_button)
        self.splits = SplitQueue()
        self.splits.itemChosen.connect(self.show_item)
        left_layout.addWidget(self.splits)
        splitter.addWidget(left)

        self.page = ItemPage(self)
        scroll = QScrollArea()
        scroll.setWidget(self.page)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # wrap text, never hide it
        scroll.setFrameShape(QFrame.NoFrame)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(scroll, 1)
        right_layout.addWidget(self.page.notes_box)
        self.page.notes_box.setVisible(session.participant_id is None)  # not in their file
        right_layout.addLayout(self._build_nav())
        self.scroll = scroll
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 960])
        layout.addWidget(splitter, 1)
        # a reassessment opens on what happened since last time (ui/review_page.py)
        self.review = ReassessmentReview.install(self, layout, splitter, left_layout)
        self.review.started.connect(self.focus_current)
        self.review.started.connect(self.roomChanged)

        for keys, slot in ((("Alt+Right", "Ctrl+Return", "Ctrl+Enter", "PgDown"), self.go_next),
                           (("Alt+Left", "PgUp"), self.go_back),
                           (("Ctrl+U",), self.go_next_unfinished),
                           (("Ctrl+R",), self.reveal),
                           (("Ctrl+Shift+R",), self.new_round),
                           (("Ctrl+J",), self.show_splits),
                           (("Ctrl+Shift+J",), self.go_next_split),
                           (("Ctrl+T",), self.timer.toggle_timer),
                           (("Escape",), self.closeRequested.emit)):
            for key in keys:
                QShortcut(QKeySequence(key), self, slot, context=Qt.WidgetWithChildrenShortcut)

        self._remove_draft_source = session.add_draft_source(self.commit_text)
        self._build_tree()
        session.changed.connect(self._on_change)
        self._listening = True
        self.show_current()
        self._refresh_state()

    def _build_top(self) -> QHBoxLayout:
        top = QHBoxLayout()
        self.back_to_list = QPushButton(self.tr("← All assessments"))
        self.back_to_list.setToolTip(self.tr("Back to the list of assessments (Esc)"))
        self.back_to_list.clicked.connect(self.closeRequested)
        top.addWidget(self.back_to_list)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.PlainText)
        self.heading.setFont(partial_font(bold=True))
        top.addWidget(self.heading, 1)
        self.progress = QProgressBar()
        self.progress.setMinimumWidth(180)
        self.progress.setMaximumWidth(300)
        self.progress.setAccessibleName(self.tr("Overall progress"))
        top.addWidget(self.progress)
        self.facilitated = QCheckBox(self.tr("Hidden vote&s"))
        self.facilitated.setToolTip(self.tr(
            "Facilitation mode: the room sees who has voted, never how, until the votes are "
            "revealed (Ctrl+R) or everyone has voted"))
        self.facilitated.toggled.connect(self._facilitation_toggled)
        top.addWidget(self.facilitated)
        self.timer = TimerControl(self.controller)
        self.timer.ticked.connect(self.roomChanged)
        top.addWidget(self.timer)
        self.finalize_button = QPushButton(self.tr("Finali&ze…"))
        self.finalize_button.setToolTip(self.tr("Mark the assessment final: the history and "
                                                "reports use final assessments"))
        self.finalize_button.clicked.connect(self._finalize)
        self.reopen_button = QPushButton(self.tr("&Reopen for editing"))
        self.reopen_button.clicked.connect(lambda: self.session.reopen(self.assessment_id))
        top.addWidget(self.finalize_button)
        top.addWidget(self.reopen_button)
        return top

    def _build_nav(self) -> QHBoxLayout:
        nav = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← Back"))
        self.back_button.setToolTip(self.tr("Previous item (Alt+Left)"))
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton()
        self.next_button.setToolTip(self.tr("Next item (Enter, Ctrl+Enter or Alt+Right)"))
        self.next_button.clicked.connect(self.go_next)
        for button in (self.back_button, self.next_button):
            button.setFocusPolicy(Qt.TabFocus)
        nav.addStretch(1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        nav.setContentsMargins(16, 4, 16, 8)
        return nav

    # -- reading

    @property
    def framework(self) -> Framework:
        return self.controller.framework

    @property
    def assessment(self):
        return self.controller.assessment

    @property
    def current(self) -> str:
        return self.controller.current

    @property
    def editable(self) -> bool:
        return self.controller.editable

    # -- the tree of functions and items

    def _build_tree(self) -> None:
        self.tree.clear()
        self.tree_items: dict[str, QTreeWidgetItem] = {}
        self.dimension_nodes: dict[str, QTreeWidgetItem] = {}
        bold = partial_font(bold=True)  # item fonts resolve against the tree's (zoomed) one
        bold.setBold(True)
        for dimension in self.framework.dimensions:
            node = QTreeWidgetItem([dimension.name])
            node.setFont(0, bold)
            node.setData(0, Qt.UserRole, ("dimension", dimension.id))
            self.tree.addTopLevelItem(node)
            self.dimension_nodes[dimension.id] = node
            for item in dimension.items:
                child = QTreeWidgetItem([item.prompt])
                child.setToolTip(0, item.prompt)
                child.setData(0, Qt.UserRole, ("item", item.id))
                node.addChild(child)
                self.tree_items[item.id] = child
            node.setExpanded(True)
        self._refresh_tree()

    def new_items(self) -> set[str]:
        """A reassessment across two versions of the framework: the items new in this one."""
        previous = self.controller.previous_assessment()
        if previous is None or previous.framework_version == self.framework.version:
            return set()
        return {item.id for item in self.framework.items
                if (last := self.controller.last_time(item.id)) is not None and last.new}

    def _refresh_tree(self) -> None:
        navigator = self.controller.navigator
        new_items = self.new_items()
        for dimension in self.framework.dimensions:
            progress = navigator.progress(dimension.id)
            self.dimension_nodes[dimension.id].setText(
                0, f"{dimension.name}  ({format_number(progress.done)}/"
                   f"{format_number(progress.total)})")
            for number, item in enumerate(dimension.items, 1):
                status = navigator.status(item.id)
                node = self.tree_items[item.id]
                prompt = item.prompt
                if item.id in new_items:
                    prompt = self.tr("New in {version}: {prompt}").format(
                        prompt=prompt, version=self.framework.version)  # seen when cut short
                node.setText(0, f"{STATUS_MARK[status]} {format_number(number)}. {prompt}")
                node.setData(0, Qt.AccessibleTextRole, self.tr("{number}. {prompt}, {status}")
                             .format(number=format_number(number), prompt=prompt,
                                     status=self.tr(STATUS_TEXT[status])))
        self.splits.setVisible(len(self.assessment.participant_ids) > 1)
        self.splits.refresh(self.controller)
        overall = navigator.progress()
        self.progress.setMaximum(overall.total)
        self.progress.setValue(overall.done)
        self.progress.setFormat(self.tr("%v of %m done"))

    def _tree_clicked(self, node: QTreeWidgetItem, _column: int = 0) -> None:
        kind, ident = node.data(0, Qt.UserRole)
        self.apply(self.controller.go_to(ident) if kind == "item"
                   else self.controller.go_to_dimension(ident))

    # -- what the controller decided

    def apply(self, outcome: Outcome) -> None:
        """Carry out an Outcome on the screen: move focus, show an item, ask to finalize."""
        step = outcome.step
        self.review.leave()  # any move the room makes goes on to the items
        if step is Step.ROW:
            self._focus_row(outcome.row)
        elif step is Step.ITEM:
            self.show_current()
            self.focus_current()
        elif step is Step.FINALIZE:
            self._finalize()
        elif step is Step.ALL_DONE:
            self.state_note.setText(self.tr("Every item is done. Finalize the assessment when "
                                            "the room agrees."))
            self.state_note.setVisible(True)
        elif step is Step.TYPE and self.controller.room_editable:
            self.page.type_into_note(outcome.text)
        elif step is Step.REFRESH:
            self.refresh_room()
            self._focus_row(outcome.row)
        elif step is Step.REASON:
            self.ask_reason(outcome.value)
        self.roomChanged.emit()

    # -- the room

    def refresh_room(self) -> None:
        self.page.refresh_values()
        self.set_tab_order()
        self._refresh_tree()
        self.roomChanged.emit()

    def reveal(self) -> None:
        self.apply(self.controller.reveal())

    def new_round(self) -> None:
        self.apply(self.controller.new_round())

    def confirm_last(self) -> None:
        self.apply(self.controller.confirm_last())

    def show_splits(self) -> None:
        """The agenda key: focus the split queue, on the current item or the widest split."""
        self.splits.list.setFocus()
        if self.splits.list.currentRow() < 0 and self.splits.list.count():
            self.splits.list.setCurrentRow(0)

    def go_next_split(self) -> None:
        self.apply(self.controller.next_split())

    def ask_reason(self, level) -> bool:
        """The agreed rating leaves the median: ask why and who, then set it. False when the
        room thought better of it."""
        dialog = ReasonDialog(self, self.framework, self.session.workbook,
                              self.controller.room(), level)
        if dialog.exec() != QDialog.Accepted:
            self._focus_row(self.controller.rows()[-1])
            return False
        reason, by = dialog.values()
        self.apply(self.controller.settle(level, reason, by))
        return True

    def _facilitation_toggled(self, on: bool) -> None:
        if self.controller.room_editable and on != self.assessment.facilitated:
            try:
                self.session.set_facilitated(self.assessment_id, on)
            except OperationError as exc:
                dialogs.warn(self, self.tr("Cannot change how the room votes"), str(exc))

    def row_key(self, row_id: str, text: str, named: Key | None) -> bool:
        """A key on a rating row; False when the wizard does not use it."""
        outcome = self.controller.key(row_id, text, named)
        self.apply(outcome)
        return outcome.step is not Step.IGNORED

    def show_current(self) -> None:
        self.page.show_item()
        self.tree.setCurrentItem(self.tree_items[self.current])
        self.back_button.setEnabled(not self.controller.is_first())
        self._refresh_next_button()
        self.set_tab_order()
        self.timer.refresh()
        self.roomChanged.emit()

    def set_tab_order(self) -> None:
        """The page's rows, the agreed row, note and evidence, then Back and Next, then the
        item tree and the split queue: Tab reaches everything, the rows first."""
        self.page.set_tab_order()
        chain = [self.page.evidence, self.back_button, self.next_button, self.tree,
                 self.next_unfinished_button, self.splits.list]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _refresh_next_button(self) -> None:
        last = self.controller.is_last()
        finishing = last and self.controller.room_editable
        self.next_button.setText(self.tr("Review && finalize…") if finishing
                                 else self.tr("Next →"))
        self.next_button.setEnabled(not last or finishing)

    def show_item(self, item_id: str) -> None:
        self.apply(self.controller.go_to(item_id))

    def focus_current(self) -> None:
        if self.review.showing():
            return self.review.focus()
        self._focus_row(self.controller.first_open_row())

    def _focus_row(self, row_id: str | None) -> None:
        widget = self.page.row_widget(row_id)
        if widget is not None:
            widget.setFocus()
            self._scroll_to(widget)
            QTimer.singleShot(0, lambda: self._scroll_to(widget))  # once the layout settled

    def _scroll_to(self, widget) -> None:
        """Bring a row into view; for the agreed row the votes under it come first."""
        try:
            if widget is self.page.agreed_row and self.page.room.isVisible():
                self._scroll_down_to(self.page.room)
            self._scroll_down_to(widget)
        except RuntimeError:  # the row went away meanwhile (another item is shown)
            pass

    def _scroll_down_to(self, widget, margin: int = 8) -> None:
        """Scroll just enough to show `widget`, up or down only (a sideways scroll would hide
        the names at a large zoom)."""
        bar = self.scroll.verticalScrollBar()
        top = widget.mapTo(self.page, QPoint(0, 0)).y()
        bottom = top + widget.height()
        height = self.scroll.viewport().height()
        if top - margin < bar.value():
            bar.setValue(top - margin)
        elif bottom + margin > bar.value() + height:
            bar.setValue(min(top - margin, bottom + margin - height))

    def go_next(self) -> None:
        if not self.review.leave():  # on the review page, Next goes on to the items
            self.apply(self.controller.next())

    def go_back(self) -> None:
        self.apply(self.controller.previous())

    def go_next_unfinished(self) -> None:
        self.apply(self.controller.next_unfinished())

    def commit_text(self) -> None:
        self.page.commit_text()

    def detach(self) -> None:
        """Keep the text typed so far and stop listening: the wizard is about to go away."""
        self.commit_text()
        self._remove_draft_source()
        if self._listening:
            self._listening = False
            self.session.changed.disconnect(self._on_change)

    def _finalize(self) -> None:
        self.commit_text()
        if not self.controller.room_editable or not self.settle_splits():
            return
        if dialogs.confirm_finalize(self, len(self.controller.missing())):
            self.controller.finalize()

    def settle_splits(self) -> bool:
        """The finalize check: split items the room never settled are settled now or at their
        median. True when none is left."""
        if not self.controller.unsettled():
            return True
        dialog = FinalizeCheckDialog(self, self.controller)
        accepted = dialog.exec() == QDialog.Accepted
        if dialog.settle_item is not None:
            self.show_item(dialog.settle_item)
            return False
        return accepted and not self.controller.unsettled()

    # -- listening

    def _on_change(self, change) -> None:
        if change.assessment_id not in (None, self.assessment_id):
            return
        if self.assessment_id not in self.session.workbook.assessments:
            self.closeRequested.emit()
            return
        if change.what in (What.ASSESSMENT_CREATED, What.ASSESSMENT_UPDATED, What.PARTICIPANT,
                           What.MANY):
            self.page.build_rows()
            self.show_current()
        elif change.item_id == self.current:
            self.page.refresh_values()
            self.set_tab_order()
            if self.controller.refresh_drafts():
                self.page.load_text()
        self._refresh_tree()
        self._refresh_state()
        self.roomChanged.emit()

    def _refresh_state(self) -> None:
        a = self.assessment
        state = self.tr("Final") if a.is_final else self.tr("Draft")
        self.heading.setText(self.tr("{title} · {date} · {state}").format(
            title=a.title, date=format_date(a.date), state=state))
        self.heading.setToolTip(self.heading.text())  # in full where a large zoom cuts it
        self.finalize_button.setVisible(not a.is_final and self.session.can_edit_workbook)
        self.reopen_button.setVisible(a.is_final and self.session.can_edit_workbook)
        if self.session.read_only:
            from maturity_workbook.ui.texts import store_read_only_text

            note = self.tr("Read-only: {reason}").format(
                reason=store_read_only_text(self.session.store))
        elif a.is_final:
            note = self.tr("This assessment is final: it counts in the history and reports. "
                           "Reopen it to change a rating.")
        else:
            note = ""
        self.state_note.setText(note)
        self.state_note.setVisible(bool(note))
        self.page.set_editable(self.editable)
        self.facilitated.blockSignals(True)
        self.facilitated.setChecked(a.facilitated)
        self.facilitated.blockSignals(False)
        self.facilitated.setEnabled(self.controller.room_editable)
        self.facilitated.setVisible(len(a.participant_ids) > 1)
        self.timer.setVisible(len(a.participant_ids) > 1 and self.controller.room_editable)
        self._refresh_next_button()
        self._refresh_tree()
