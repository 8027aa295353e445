"""The assessment wizard: one page per item, every participant's rating in a compact grid.

Everything the wizard decides (the current item, what a key does, where focus goes next, when the
end offers to finalize, the note being typed) lives in core.wizard.WizardController; this module
renders the controller and forwards keys and clicks to it. The keys are listed in the scoring
help (dialogs.scoring_help_html).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, QT_TRANSLATE_NOOP
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QScrollArea, QSplitter, QTreeWidget,
    QTreeWidgetItem, QVBoxLayout, QWidget,
)

from maturity_workbook.core.ops import What
from maturity_workbook.core.framework import Framework
from maturity_workbook.core.wizard import (
    DONE, EMPTY, PARTIAL, Key, Outcome, Step, WizardController,
)
from maturity_workbook.ui import dialogs
from maturity_workbook.ui.i18n import format_date, format_number
from maturity_workbook.ui.item_page import ItemPage

STATUS_MARK = {EMPTY: "○", PARTIAL: "◐", DONE: "●"}
STATUS_TEXT = {EMPTY: QT_TRANSLATE_NOOP("AssessmentWizard", "not rated"),
               PARTIAL: QT_TRANSLATE_NOOP("AssessmentWizard", "partly rated"),
               DONE: QT_TRANSLATE_NOOP("AssessmentWizard", "done")}


class AssessmentWizard(QWidget):
    closeRequested = Signal()

    def __init__(self, session, framework: Framework, assessment_id: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.assessment_id = assessment_id
        self.controller = WizardController(framework, assessment_id,
                                           lambda: session.assessment(assessment_id), session,
                                           read_only=session.read_only)
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
        right_layout.addLayout(self._build_nav())
        self.scroll = scroll
        self.page.set_tab_order()
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 960])
        layout.addWidget(splitter, 1)

        for keys, slot in ((("Alt+Right", "Ctrl+Return", "Ctrl+Enter", "PgDown"), self.go_next),
                           (("Alt+Left", "PgUp"), self.go_back),
                           (("Ctrl+U",), self.go_next_unfinished),
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
        heading_font = self.heading.font()
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        top.addWidget(self.heading, 1)
        self.progress = QProgressBar()
        self.progress.setMinimumWidth(180)
        self.progress.setMaximumWidth(300)
        self.progress.setAccessibleName(self.tr("Overall progress"))
        top.addWidget(self.progress)
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
        bold = QFont(self.tree.font())
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

    def _refresh_tree(self) -> None:
        navigator = self.controller.navigator
        for dimension in self.framework.dimensions:
            progress = navigator.progress(dimension.id)
            self.dimension_nodes[dimension.id].setText(
                0, f"{dimension.name}  ({format_number(progress.done)}/"
                   f"{format_number(progress.total)})")
            for number, item in enumerate(dimension.items, 1):
                status = navigator.status(item.id)
                node = self.tree_items[item.id]
                node.setText(0, f"{STATUS_MARK[status]} {format_number(number)}. {item.prompt}")
                node.setData(0, Qt.AccessibleTextRole, self.tr("{number}. {prompt}, {status}")
                             .format(number=format_number(number), prompt=item.prompt,
                                     status=self.tr(STATUS_TEXT[status])))
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
        elif step is Step.TYPE and self.editable:
            self.page.type_into_note(outcome.text)

    def row_key(self, row_id: str, text: str, named: Key | None) -> bool:
        """A key on a rating row; False when the wizard does not use it."""
        outcome = self.controller.key(row_id, text, named)
        self.apply(outcome)
        return outcome.step is not Step.IGNORED

    def show_current(self) -> None:
        self.page.show_item()
        self.tree.setCurrentItem(self.tree_items[self.current])
        self.back_button.setEnabled(not self.controller.is_first())
        self.next_button.setText(self.tr("Next →") if not self.controller.is_last()
                                 else self.tr("Review && finalize…"))

    def show_item(self, item_id: str) -> None:
        self.apply(self.controller.go_to(item_id))

    def focus_current(self) -> None:
        self._focus_row(self.controller.first_open_row())

    def _focus_row(self, row_id: str | None) -> None:
        widget = self.page.row_widget(row_id)
        if widget is not None:
            widget.setFocus()
            self.scroll.ensureWidgetVisible(widget, 0, 8)

    def go_next(self) -> None:
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
        if self.editable and dialogs.confirm_finalize(self, len(self.controller.missing())):
            self.controller.finalize()

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
            if self.controller.refresh_drafts():
                self.page.load_text()
        self._refresh_tree()
        self._refresh_state()

    def _refresh_state(self) -> None:
        a = self.assessment
        state = self.tr("Final") if a.is_final else self.tr("Draft")
        self.heading.setText(self.tr("{title} · {date} · {state}").format(
            title=a.title, date=format_date(a.date), state=state))
        self.finalize_button.setVisible(not a.is_final and not self.session.read_only)
        self.reopen_button.setVisible(a.is_final and not self.session.read_only)
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
        self._refresh_tree()
