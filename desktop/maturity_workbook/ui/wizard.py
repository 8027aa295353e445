"""The assessment wizard: one page per item, every participant's rating in a compact grid.

Keyboard: number keys pick a stage for the highlighted row, 0 or N (N only when the model has a
stage 0) picks not applicable, Backspace clears; Up/Down move between rows; Enter, Ctrl+Enter or
Alt+Right go to the next item, Alt+Left back; Ctrl+U jumps to the next unfinished item; Escape
returns to the list. Navigation rules live in core.wizard; this module only displays them.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup, QFrame, QGridLayout, QHBoxLayout, QLabel, QPlainTextEdit, QProgressBar,
    QPushButton, QScrollArea, QSplitter, QToolButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
    QWidget,
)

from maturity_workbook.core.ops import What
from maturity_workbook.core.framework import Framework
from maturity_workbook.core.wizard import DONE, EMPTY, PARTIAL, WizardNavigator
from maturity_workbook.core.workbook import UNRATED

STATUS_MARK = {EMPTY: "○", PARTIAL: "◐", DONE: "●"}
STATUS_TEXT = {EMPTY: "not rated", PARTIAL: "partly rated", DONE: "done"}
NA_LABEL = "N/A"
LABEL_WIDTH = 230
CHECKED_STYLE = ("QToolButton:checked { background: palette(highlight); "
                 "color: palette(highlighted-text); font-weight: bold; border-radius: 3px; }")

# Choices travel through Qt signals as text, so a signal never has to carry None or a sentinel.
NA_CHOICE, CLEAR_CHOICE = "na", "clear"


def encode_choice(level) -> str:
    if level is UNRATED:
        return CLEAR_CHOICE
    return NA_CHOICE if level is None else str(level)


def decode_choice(choice: str):
    """int level, None (not applicable) or UNRATED (clear), from a signal's text."""
    if choice == CLEAR_CHOICE:
        return UNRATED
    return None if choice == NA_CHOICE else int(choice)


class RatingRow(QFrame):
    """One row of the grid: a participant's (or the room's agreed) rating for the current item.

    The row takes keyboard focus as a whole; its buttons are for the mouse.
    """

    picked = Signal(str)  # encode_choice(level): a level, "na" or "clear"
    advance = Signal(int)  # +1 / -1: move focus to the next / previous row
    nextItem = Signal()

    def __init__(self, label: str, framework: Framework, parent: QWidget | None = None):
        super().__init__(parent)
        self.framework = framework
        self.setFocusPolicy(Qt.StrongFocus)
        self.setObjectName("ratingRow")
        self.setFrameShape(QFrame.StyledPanel)
        self.setStyleSheet(CHECKED_STYLE + " #ratingRow:focus { border: 2px solid "
                           "palette(highlight); border-radius: 4px; }")
        self.setAccessibleName(label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 3, 8, 3)
        self.label = QLabel(label)
        self.label.setTextFormat(Qt.PlainText)
        self.label.setFixedWidth(LABEL_WIDTH)  # so every row's buttons line up in columns
        self.label.setText(self.label.fontMetrics().elidedText(label, Qt.ElideRight,
                                                                 LABEL_WIDTH - 6))
        self.label.setToolTip(label)
        layout.addWidget(self.label)
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        self.buttons: dict[object, QToolButton] = {}
        for stage in framework.stages:
            self._add_button(stage.level, str(stage.level), f"{stage.level} · {stage.name}",
                             layout)
        self._add_button(None, NA_LABEL, "Not applicable / don't know", layout)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint, 1)

    def _add_button(self, level, text: str, tip: str, layout: QHBoxLayout) -> None:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(f"{self.accessibleName()}: {tip}")
        button.setCheckable(True)
        button.setFocusPolicy(Qt.NoFocus)
        button.setMinimumSize(44, 30)
        button.clicked.connect(lambda checked=False, lv=level: self._clicked(lv))
        self.buttons[level] = button
        layout.addWidget(button)

    def _clicked(self, level) -> None:
        self.setFocus()
        same = self.value is not UNRATED and self.value == level and \
            (self.value is None) == (level is None)
        self.picked.emit(encode_choice(UNRATED if same else level))

    value = UNRATED

    def show_value(self, value, implied: bool = False, hint: str = "") -> None:
        """Show a rating; `implied` marks the agreed row's median default (not yet set)."""
        self.value = value
        for level, button in self.buttons.items():
            on = value is not UNRATED and level == value
            button.setChecked(on)
            font = button.font()
            font.setItalic(on and implied)
            button.setFont(font)
        self.hint.setText(hint)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text, mods = event.key(), event.text(), event.modifiers()
        if mods & (Qt.ControlModifier | Qt.AltModifier):
            super().keyPressEvent(event)
            return
        levels = self.framework.levels
        if text.isdigit() and int(text) in levels:
            self.picked.emit(text)
            self.advance.emit(1)
        elif text.lower() == "n" or (text == "0" and 0 not in levels):
            self.picked.emit(NA_CHOICE)
            self.advance.emit(1)
        elif key in (Qt.Key_Backspace, Qt.Key_Delete):
            self.picked.emit(CLEAR_CHOICE)
        elif key == Qt.Key_Down:
            self.advance.emit(1)
        elif key == Qt.Key_Up:
            self.advance.emit(-1)
        elif key in (Qt.Key_Return, Qt.Key_Enter):
            self.nextItem.emit()
        else:
            super().keyPressEvent(event)


class ItemPage(QWidget):
    """The current item: prompt, help, the stage descriptions, the grid, note and evidence."""

    def __init__(self, wizard: "AssessmentWizard"):
        super().__init__(wizard)
        self.wizard = wizard
        framework = wizard.framework
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        self.position = QLabel()
        self.position.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.position)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        font = self.prompt.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.prompt.setFont(font)
        self.prompt.setTextFormat(Qt.PlainText)
        layout.addWidget(self.prompt)
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.help.setTextFormat(Qt.PlainText)
        layout.addWidget(self.help)

        self.choices = QGridLayout()
        self.choices.setHorizontalSpacing(10)
        self.choices.setVerticalSpacing(4)
        self.choice_labels: dict[int, tuple[QLabel, QLabel]] = {}
        for row, stage in enumerate(framework.stages):
            head = QLabel(f"<b>{stage.level}</b> · {html.escape(stage.name)}")
            head.setMinimumWidth(130)
            text = QLabel()
            text.setWordWrap(True)
            text.setTextFormat(Qt.PlainText)
            self.choices.addWidget(head, row, 0, Qt.AlignTop)
            self.choices.addWidget(text, row, 1)
            self.choice_labels[stage.level] = (head, text)
        self.choices.setColumnStretch(1, 1)
        choices_frame = QFrame()
        choices_frame.setLayout(self.choices)
        layout.addWidget(choices_frame)

        self.grid_box = QVBoxLayout()
        self.grid_box.setSpacing(2)
        layout.addLayout(self.grid_box)
        self.rows: list[tuple[str, RatingRow]] = []
        self.agreed_row = RatingRow("Agreed by the room", framework, self)
        self.agreed_row.label.setStyleSheet("font-weight: bold;")
        self.agreed_row.picked.connect(lambda choice: wizard.agree(decode_choice(choice)))
        self.agreed_row.advance.connect(lambda step: self._move_focus(self.agreed_row, step))
        self.agreed_row.nextItem.connect(wizard.go_next)
        self.use_median = QPushButton("Use median")
        self.use_median.setToolTip("Go back to the median of the participants' ratings")
        self.use_median.setFocusPolicy(Qt.TabFocus)
        self.use_median.clicked.connect(lambda: wizard.agree(UNRATED))
        self.agreed_row.layout().addWidget(self.use_median)
        self.spread = QLabel()
        self.build_rows()

        notes = QHBoxLayout()
        note_col = QVBoxLayout()
        note_label = QLabel("&Note (why this rating; what the room agreed):")
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Note")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(90)
        note_label.setBuddy(self.note)
        note_col.addWidget(note_label)
        note_col.addWidget(self.note)
        evidence_col = QVBoxLayout()
        evidence_label = QLabel("&Evidence (one per line: a fact, a document, a link):")
        self.evidence = QPlainTextEdit()
        self.evidence.setAccessibleName("Evidence")
        self.evidence.setTabChangesFocus(True)
        self.evidence.setMaximumHeight(90)
        evidence_label.setBuddy(self.evidence)
        evidence_col.addWidget(evidence_label)
        evidence_col.addWidget(self.evidence)
        notes.addLayout(note_col, 1)
        notes.addLayout(evidence_col, 1)
        layout.addLayout(notes)
        layout.addStretch(1)

        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(700)
        self._text_timer.timeout.connect(self.commit_text)
        self.note.textChanged.connect(self._text_edited)
        self.evidence.textChanged.connect(self._text_edited)
        self._loading = False
        self.item_id: str | None = None

    def build_rows(self) -> None:
        """One row per participant present; the agreed row only when several are present."""
        for _, row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        workbook = self.wizard.session.workbook
        assessment = self.wizard.assessment
        for pid in assessment.participant_ids:
            person = workbook.participants.get(pid)
            name = person.name if person else "Unknown participant"
            label = f"{name} ({person.role})" if person and person.role else name
            row = RatingRow(label, self.wizard.framework, self)
            row.picked.connect(lambda choice, p=pid: self.wizard.rate(p, decode_choice(choice)))
            row.advance.connect(lambda step, r=row: self._move_focus(r, step))
            row.nextItem.connect(self.wizard.go_next)
            self.grid_box.addWidget(row)
            self.rows.append((pid, row))
        several = self.several = len(self.rows) > 1
        self.grid_box.addWidget(self.agreed_row)
        self.grid_box.addWidget(self.spread)
        self.agreed_row.setVisible(several)
        self.spread.setVisible(several)

    def focus_rows(self) -> list[RatingRow]:
        rows = [row for _, row in self.rows]
        if self.several:  # not isVisible(): that is False while the tab itself is hidden
            rows.append(self.agreed_row)
        return rows

    def _move_focus(self, row: RatingRow, step: int) -> None:
        rows = self.focus_rows()
        index = rows.index(row) + step if row in rows else -1
        if 0 <= index < len(rows):
            rows[index].setFocus()

    def _text_edited(self) -> None:
        if not self._loading:
            self._text_timer.start()

    def commit_text(self) -> None:
        """Send the note and evidence to the store (also on leaving the item or the window)."""
        self._text_timer.stop()
        if self.item_id is None or not self.wizard.editable:
            return
        note = self.note.toPlainText()
        evidence = [line.strip() for line in self.evidence.toPlainText().splitlines()
                    if line.strip()]
        entry = self.wizard.assessment.entries.get(self.item_id)
        if note != (entry.note if entry else ""):
            self.wizard.session.set_note(self.wizard.assessment_id, self.item_id, note)
        if evidence != (list(entry.evidence) if entry else []):
            self.wizard.session.set_evidence(self.wizard.assessment_id, self.item_id, evidence)

    def show_item(self, item_id: str) -> None:
        if self.item_id != item_id:
            self.commit_text()
        self.item_id = item_id
        framework = self.wizard.framework
        item = framework.item(item_id)
        self.position.setText(self.wizard.navigator.position_label(item_id))
        self.prompt.setText(item.prompt)
        self.help.setText(item.help)
        for level, (_head, text) in self.choice_labels.items():
            text.setText(item.levels[level])
        self.refresh_values(load_text=True)

    def refresh_values(self, load_text: bool = False) -> None:
        assessment = self.wizard.assessment
        entry = assessment.entries.get(self.item_id)
        ratings = entry.ratings if entry else {}
        for pid, row in self.rows:
            row.show_value(ratings.get(pid, UNRATED))
        agreed = assessment.agreed_level(self.item_id)
        implied = not (entry and entry.agreed_set)
        hint = "median of the ratings" if implied and agreed is not UNRATED else (
            "set by the room" if not implied else "")
        self.agreed_row.show_value(agreed, implied=implied, hint=hint)
        self.use_median.setEnabled(not implied and self.wizard.editable)
        spread = assessment.spread(self.item_id)
        levels = sorted(v for v in ratings.values() if v is not None)
        if spread is None:
            self.spread.setText("")
        elif spread >= 2:
            self.spread.setText(f"<span style='color:#b35900'><b>The room disagrees:</b> ratings "
                                f"from {levels[0]} to {levels[-1]}. Talk it through, then set the "
                                "agreed rating and note why.</span>")
        else:
            self.spread.setText(f"Spread: {spread} stage{'s' if spread != 1 else ''} "
                                f"({levels[0]}–{levels[-1]})")
        for level, (head, text) in self.choice_labels.items():
            chosen = agreed is not UNRATED and agreed == level
            for label in (head, text):
                label.setStyleSheet("background: palette(highlight); color: "
                                    "palette(highlighted-text); padding: 2px;" if chosen
                                    else "padding: 2px;")
        if load_text:
            self._loading = True
            self.note.setPlainText(entry.note if entry else "")
            self.evidence.setPlainText("\n".join(entry.evidence) if entry else "")
            self._loading = False
        elif entry is not None and not self._text_timer.isActive():
            # an undo changed the text under us: show the stored value
            self._loading = True
            if self.note.toPlainText() != entry.note:
                self.note.setPlainText(entry.note)
            if [l for l in self.evidence.toPlainText().splitlines() if l.strip()] != entry.evidence:
                self.evidence.setPlainText("\n".join(entry.evidence))
            self._loading = False

    def set_editable(self, editable: bool) -> None:
        for row in [r for _, r in self.rows] + [self.agreed_row]:
            for button in row.buttons.values():
                button.setEnabled(editable)
        self.use_median.setEnabled(editable)
        self.note.setReadOnly(not editable)
        self.evidence.setReadOnly(not editable)


class AssessmentWizard(QWidget):
    closeRequested = Signal()

    def __init__(self, session, framework: Framework, assessment_id: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.framework = framework
        self.assessment_id = assessment_id
        self.navigator = WizardNavigator(framework, self.assessment)
        self.current = self.navigator.start().id

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        top = QHBoxLayout()
        self.back_to_list = QPushButton("← All assessments")
        self.back_to_list.setToolTip("Back to the list of assessments (Esc)")
        self.back_to_list.clicked.connect(self.closeRequested)
        top.addWidget(self.back_to_list)
        self.heading = QLabel()
        heading_font = self.heading.font()
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        top.addWidget(self.heading, 1)
        self.progress = QProgressBar()
        self.progress.setMinimumWidth(220)
        self.progress.setMaximumWidth(300)
        self.progress.setAccessibleName("Overall progress")
        top.addWidget(self.progress)
        self.finalize_button = QPushButton("Finalize…")
        self.finalize_button.clicked.connect(self._finalize)
        self.reopen_button = QPushButton("Reopen for editing")
        self.reopen_button.clicked.connect(lambda: self.session.reopen(self.assessment_id))
        top.addWidget(self.finalize_button)
        top.addWidget(self.reopen_button)
        layout.addLayout(top)
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
        self.tree.setAccessibleName("Items by function")
        self.tree.setFocusPolicy(Qt.ClickFocus)
        self.tree.itemClicked.connect(self._tree_clicked)
        self.tree.itemActivated.connect(self._tree_clicked)
        left_layout.addWidget(self.tree, 1)
        self.next_unfinished_button = QPushButton("Next &unfinished item")
        self.next_unfinished_button.setToolTip("Jump to the next item not yet rated (Ctrl+U)")
        self.next_unfinished_button.clicked.connect(self.go_next_unfinished)
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
        nav = QHBoxLayout()
        self.back_button = QPushButton("← &Back")
        self.back_button.setToolTip("Previous item (Alt+Left)")
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton("&Next →")
        self.next_button.setToolTip("Next item (Enter, Ctrl+Enter or Alt+Right)")
        self.next_button.clicked.connect(self.go_next)
        for button in (self.back_button, self.next_button):
            button.setFocusPolicy(Qt.TabFocus)
        nav.addStretch(1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        nav.setContentsMargins(16, 4, 16, 8)
        right_layout.addLayout(nav)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 940])
        layout.addWidget(splitter, 1)

        for keys, slot in ((("Alt+Right", "Ctrl+Return", "Ctrl+Enter", "PgDown"), self.go_next),
                           (("Alt+Left", "PgUp"), self.go_back),
                           (("Ctrl+U",), self.go_next_unfinished),
                           (("Escape",), self.closeRequested.emit)):
            for key in keys:
                QShortcut(QKeySequence(key), self, slot, context=Qt.WidgetWithChildrenShortcut)

        self._build_tree()
        session.changed.connect(self._on_change)
        self.show_item(self.current)
        self._refresh_state()

    @property
    def assessment(self):
        return self.session.assessment(self.assessment_id)

    @property
    def editable(self) -> bool:
        return not self.session.read_only and not self.assessment.is_final

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
            for number, item in enumerate(dimension.items, 1):
                child = QTreeWidgetItem([f"{number}. {item.prompt}"])
                child.setToolTip(0, item.prompt)
                child.setData(0, Qt.UserRole, ("item", item.id))
                node.addChild(child)
                self.tree_items[item.id] = child
            node.setExpanded(True)
        self._refresh_tree()

    def _refresh_tree(self) -> None:
        for dimension in self.framework.dimensions:
            progress = self.navigator.progress(dimension.id)
            self.dimension_nodes[dimension.id].setText(0, f"{dimension.name}  ({progress})")
            for number, item in enumerate(dimension.items, 1):
                status = self.navigator.status(item.id)
                node = self.tree_items[item.id]
                node.setText(0, f"{STATUS_MARK[status]} {number}. {item.prompt}")
                node.setData(0, Qt.AccessibleTextRole,
                             f"{number}. {item.prompt}, {STATUS_TEXT[status]}")
        overall = self.navigator.progress()
        self.progress.setMaximum(overall.total)
        self.progress.setValue(overall.done)
        self.progress.setFormat(f"{overall.done} of {overall.total} done")

    def _tree_clicked(self, node: QTreeWidgetItem, _column: int = 0) -> None:
        kind, ident = node.data(0, Qt.UserRole)
        self.show_item(ident if kind == "item" else self.navigator.first_of(ident).id)
        self.focus_current()

    # -- moving

    def show_item(self, item_id: str) -> None:
        self.current = item_id
        self.page.show_item(item_id)
        self.tree.setCurrentItem(self.tree_items[item_id])
        self.back_button.setEnabled(self.navigator.previous(item_id) is not None)
        is_last = self.navigator.next(item_id) is None
        self.next_button.setText("&Next →" if not is_last else "Review && &finalize…")
        if self.editable:
            self.session.set_position(self.assessment_id, item_id)

    def focus_current(self) -> None:
        rows = self.page.focus_rows()
        if not rows:
            return
        first_open = next((r for (pid, r) in self.page.rows if r.value is UNRATED), rows[0])
        first_open.setFocus()

    def go_next(self) -> None:
        following = self.navigator.next(self.current)
        if following is None:
            if self.editable:
                self._finalize()
            return
        self.show_item(following.id)
        self.focus_current()

    def go_back(self) -> None:
        before = self.navigator.previous(self.current)
        if before is not None:
            self.show_item(before.id)
            self.focus_current()

    def go_next_unfinished(self) -> None:
        target = self.navigator.next_unfinished(self.current)
        if target is not None:
            self.show_item(target.id)
            self.focus_current()
        else:
            self.state_note.setText("Every item is done. Finalize the assessment when the room "
                                    "agrees.")
            self.state_note.setVisible(True)

    # -- edits

    def rate(self, participant_id: str, level) -> None:
        if self.editable:
            self.session.set_rating(self.assessment_id, self.current, participant_id, level)

    def agree(self, level) -> None:
        if self.editable:
            self.session.set_agreed(self.assessment_id, self.current, level)

    def commit_text(self) -> None:
        self.page.commit_text()

    def _finalize(self) -> None:
        from maturity_workbook.ui.assess import finalize_with_check

        self.commit_text()
        finalize_with_check(self, self.session, self.assessment_id)

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
            self.show_item(self.current)
        elif change.item_id == self.current:
            self.page.refresh_values()
        self._refresh_tree()
        self._refresh_state()

    def _refresh_state(self) -> None:
        a = self.assessment
        self.heading.setText(f"{html.escape(a.title)} · {a.date} · "
                             f"{'Final' if a.is_final else 'Draft'}")
        self.finalize_button.setVisible(not a.is_final and not self.session.read_only)
        self.reopen_button.setVisible(a.is_final and not self.session.read_only)
        if self.session.read_only:
            note = "Read-only: " + (self.session.store.read_only_reason or
                                    "this workbook is open for browsing only.")
        elif a.is_final:
            note = "This assessment is final: it counts in the history and reports. Reopen it " \
                   "to change a rating."
        else:
            note = ""
        self.state_note.setText(note)
        self.state_note.setVisible(bool(note))
        self.page.set_editable(self.editable)
        self._refresh_tree()
