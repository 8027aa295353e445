"""One item of the wizard on screen: its texts, a rating row per person, the note and evidence.

The rows hand their keys and clicks to the wizard's controller (core.wizard.WizardController)
through the AssessmentWizard (ui.wizard), which carries out what the controller decides; the
`wizard` passed in is that AssessmentWizard (ui.wizard imports this module, never the reverse).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, QT_TRANSLATE_NOOP
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QToolButton,
    QVBoxLayout, QWidget,
)

from maturity_workbook.core.wizard import AGREED, Key
from maturity_workbook.core.workbook import UNRATED
from maturity_workbook.ui.i18n import format_number
from maturity_workbook.ui.room_panel import LastTimeBox, RoomPanel, names
from maturity_workbook.ui.zoom import emphasize, partial_font

ANSWER_TEXT = {  # kind -> (button text, tooltip)
    "not-applicable": (QT_TRANSLATE_NOOP("RatingRow", "N/A"),
                       QT_TRANSLATE_NOOP("RatingRow", "Not applicable (N)")),
    "dont-know": (QT_TRANSLATE_NOOP("RatingRow", "?"),
                  QT_TRANSLATE_NOOP("RatingRow", "Don't know (?)")),
}
NAMED_KEYS = {Qt.Key_Return: Key.ENTER, Qt.Key_Enter: Key.ENTER, Qt.Key_Backspace: Key.BACKSPACE,
              Qt.Key_Delete: Key.DELETE, Qt.Key_Up: Key.UP, Qt.Key_Down: Key.DOWN}
LABEL_CHARS = 26  # the name column's width in average characters (it follows the zoom)
CHECKED_STYLE = ("QToolButton:checked { background: palette(highlight); "
                 "color: palette(highlighted-text); font-weight: bold; border-radius: 3px; }")


def _matches(value, choice) -> bool:
    """Does a stored rating equal a button's choice (a level, None or a sentinel)?"""
    if value is UNRATED:
        return False
    if isinstance(choice, int) and isinstance(value, int):
        return value == choice
    return value is choice


class RatingRow(QFrame):
    """One row of the grid: a participant's (or the room's agreed) rating for the current item.

    The row takes keyboard focus as a whole and hands its keys to the controller; its buttons are
    for the mouse."""

    def __init__(self, wizard: QWidget, row_id: str, label: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.wizard = wizard
        self.row_id = row_id
        self.setFocusPolicy(Qt.StrongFocus)
        self.setObjectName("ratingRow")
        self.setFrameShape(QFrame.StyledPanel)
        self.setStyleSheet(CHECKED_STYLE + " #ratingRow:focus { border: 2px solid "
                           "palette(highlight); border-radius: 4px; }")
        self.setAccessibleName(label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        self.label = QLabel()
        self.label.setTextFormat(Qt.PlainText)
        self._fit_label()  # a fixed width, so every row's buttons line up in columns
        self.label.setWordWrap(True)  # a long name takes two lines rather than being cut
        self.label.setText(label)
        layout.addWidget(self.label)
        self.buttons: dict[object, QToolButton] = {}
        controller = wizard.controller
        for stage in controller.framework.stages:
            self._add_button(stage.level, format_number(stage.level),
                             f"{format_number(stage.level)} · {stage.name}", layout)
        for answer in controller.answers():
            text, tip = ANSWER_TEXT[answer.kind]
            self._add_button(answer.value, QCoreApplication.translate("RatingRow", text),
                             QCoreApplication.translate("RatingRow", tip), layout)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint, 1)
        self.value = UNRATED

    def _add_button(self, choice, text: str, tip: str, layout: QHBoxLayout) -> None:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(f"{self.accessibleName()}: {tip}")
        button.setCheckable(True)
        button.setFocusPolicy(Qt.NoFocus)
        button.setMinimumSize(44, 28)
        button.clicked.connect(lambda _checked=False, c=choice: self._clicked(c))
        self.buttons[choice] = button
        layout.addWidget(button)

    def _clicked(self, choice) -> None:
        self.setFocus()
        self.wizard.apply(self.wizard.controller.pick(self.row_id, choice))

    def _fit_label(self) -> None:
        self.label.setFixedWidth(self.fontMetrics().averageCharWidth() * LABEL_CHARS)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.FontChange:
            self._fit_label()

    def show_value(self, value, implied: bool = False, hint: str = "",
                   hidden: bool = False) -> None:
        """Show a rating; `implied` marks the agreed row's median default (not yet set);
        `hidden` shows none of it (a facilitated room before the reveal: the hint says whether
        this person voted)."""
        self.value = UNRATED if hidden else value
        for choice, button in self.buttons.items():
            on = not hidden and _matches(value, choice)
            button.setChecked(on)
            button.setFont(partial_font(italic=on and implied))
        self.hint.setText(hint)

    def set_editable(self, editable: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(editable)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() & (Qt.ControlModifier | Qt.AltModifier | Qt.MetaModifier):
            super().keyPressEvent(event)  # shortcuts and mnemonics
            return
        if not self.wizard.row_key(self.row_id, event.text(), NAMED_KEYS.get(event.key())):
            super().keyPressEvent(event)


class ItemPage(QWidget):
    """The current item: prompt, help, the stage descriptions, the grid, note and evidence."""

    def __init__(self, wizard: QWidget):
        super().__init__(wizard)
        self.wizard = wizard
        framework = wizard.controller.framework
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        self.position = QLabel()
        self.position.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.position)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        emphasize(self.prompt, 1.35, bold=True)
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
            head = QLabel(f"{format_number(stage.level)} · {stage.name}")
            head.setTextFormat(Qt.PlainText)
            head.setMinimumWidth(130)
            head.setFont(partial_font(bold=True))
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

        self.last_time = LastTimeBox(self)
        self.last_time.confirmRequested.connect(wizard.confirm_last)
        layout.addWidget(self.last_time)

        self.grid_box = QVBoxLayout()
        self.grid_box.setSpacing(2)
        layout.addLayout(self.grid_box)
        self.rows: list[tuple[str, RatingRow]] = []  # (participant id, row), in order
        self.agreed_row = RatingRow(wizard, AGREED, self.tr("Agreed by the room"), self)
        self.agreed_row.label.setStyleSheet("font-weight: bold;")
        self.use_median = QPushButton(self.tr("Use &median"))
        self.use_median.setToolTip(self.tr("Go back to the median of the participants' ratings"))
        self.use_median.setFocusPolicy(Qt.TabFocus)
        self.use_median.clicked.connect(wizard.controller.use_median)
        self.agreed_row.layout().addWidget(self.use_median)
        self.room = RoomPanel(self)
        self.room.revealRequested.connect(wizard.reveal)
        self.room.newRoundRequested.connect(wizard.new_round)

        # the note and evidence stay in view below the scrolling part (the wizard places them)
        self.notes_box = QWidget()
        notes = QHBoxLayout(self.notes_box)
        notes.setContentsMargins(16, 4, 16, 0)
        self.note, note_col = self._text_field(
            self.tr("&Note (why this rating; what the room agreed):"), self.tr("Note"))
        self.evidence, evidence_col = self._text_field(
            self.tr("Evi&dence (one per line: a fact, a document, a link):"),
            self.tr("Evidence"))
        notes.addLayout(note_col, 1)
        notes.addLayout(evidence_col, 1)
        layout.addStretch(1)
        self.build_rows()

        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(700)
        self._text_timer.timeout.connect(self.commit_text)
        self.note.textChanged.connect(self._note_edited)
        self.evidence.textChanged.connect(self._evidence_edited)
        self._loading = False

    def _text_field(self, label_text: str, name: str) -> tuple[QPlainTextEdit, QVBoxLayout]:
        column = QVBoxLayout()
        label = QLabel(label_text)
        label.setWordWrap(True)
        edit = QPlainTextEdit()
        edit.setAccessibleName(name)
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(60)
        edit.setMaximumHeight(90)
        label.setBuddy(edit)
        column.addWidget(label)
        column.addWidget(edit)
        return edit, column

    def build_rows(self) -> None:
        """One row per participant present; the agreed row only when several are present."""
        for _pid, row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        controller = self.wizard.controller
        workbook = self.wizard.session.workbook
        for pid in controller.rows():
            if pid == AGREED:
                continue
            person = workbook.participants.get(pid)
            name = person.name if person else self.tr("Unknown participant")
            label = f"{name} ({person.role})" if person and person.role else name
            row = RatingRow(self.wizard, pid, label, self)
            self.grid_box.addWidget(row)
            self.rows.append((pid, row))
        self.grid_box.addWidget(self.agreed_row)
        self.grid_box.addWidget(self.room)
        self.set_tab_order()

    def set_tab_order(self) -> None:
        """People's rows, then the agreed row, then the note and evidence."""
        if self.note.window() is not self.window():
            return  # the note is not placed yet: the wizard calls this again once it is
        chain = [*(row for _pid, row in self.rows), self.agreed_row, self.use_median,
                 self.room.reveal_button, self.room.round_button, self.last_time.confirm,
                 self.note, self.evidence]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def row_widget(self, row_id: str | None) -> RatingRow | None:
        return self.agreed_row if row_id == AGREED else dict(self.rows).get(row_id)

    def _note_edited(self) -> None:
        if not self._loading:
            self.wizard.controller.type_note(self.note.toPlainText())
            self._text_timer.start()

    def _evidence_edited(self) -> None:
        if not self._loading:
            self.wizard.controller.type_evidence(self.evidence.toPlainText())
            self._text_timer.start()

    def commit_text(self) -> None:
        """Keep the note and evidence typed so far (also on leaving the item or the window)."""
        self._text_timer.stop()
        self.wizard.controller.commit_drafts()

    def type_into_note(self, text: str) -> None:
        """Text typed on a rating row belongs in the note: put it there and carry on typing."""
        self.note.setFocus()
        self.note.moveCursor(QTextCursor.End)
        self.note.insertPlainText(text)

    def show_item(self) -> None:
        controller = self.wizard.controller
        item = controller.item
        where = controller.position()
        self.position.setText(self.tr("{function} · item {number} of {count}").format(
            function=where.dimension_name, number=format_number(where.number),
            count=format_number(where.count)))
        self.prompt.setText(item.prompt)
        self.help.setText(item.help)
        for level, (_head, text) in self.choice_labels.items():
            text.setText(item.levels[level])
        self.refresh_values()
        self.load_text()

    def load_text(self) -> None:
        """Show the controller's drafts (a new item, or an undo changed the stored text)."""
        controller = self.wizard.controller
        self._loading = True
        if self.note.toPlainText() != controller.note_draft:
            self.note.setPlainText(controller.note_draft)
        if self.evidence.toPlainText() != controller.evidence_draft:
            self.evidence.setPlainText(controller.evidence_draft)
        self._loading = False

    def refresh_values(self) -> None:
        controller = self.wizard.controller
        state = controller.room()
        for pid, row in self.rows:
            if state.shown:
                row.show_value(controller.value(pid))
            else:
                row.show_value(UNRATED, hint=self.tr("✓ voted") if pid in state.voted
                               else self.tr("not voted yet"), hidden=True)
        settling = AGREED in controller.rows()
        self.agreed_row.setVisible(settling)
        agreed = controller.value(AGREED) if settling or not state.facilitated else UNRATED
        implied = not controller.agreed_is_set()
        self.agreed_row.show_value(agreed, implied=implied, hint=self._agreed_hint(
            state, implied, agreed))
        self.use_median.setEnabled(not implied and controller.editable)
        self.room.show_room(controller, self.wizard.session.workbook)
        self.last_time.show_last(controller)
        for level, (head, text) in self.choice_labels.items():
            chosen = _matches(agreed, level)
            for label in (head, text):
                label.setStyleSheet("background: palette(highlight); color: "
                                    "palette(highlighted-text); padding: 2px;" if chosen
                                    else "padding: 2px;")

    def _agreed_hint(self, state, implied: bool, agreed) -> str:
        if implied:
            return self.tr("median of the ratings") if agreed is not UNRATED else ""
        workbook = self.wizard.session.workbook
        who = names(workbook, [state.agreed_by]) if state.agreed_by else self.tr(
            "the facilitator")
        if state.agreed_reason:
            return self.tr("set by {who}: {reason}").format(who=who, reason=state.agreed_reason)
        return self.tr("set by the room")

    def set_editable(self, editable: bool) -> None:
        for row in [*(row for _pid, row in self.rows), self.agreed_row]:
            row.set_editable(editable)
        self.use_median.setEnabled(editable and self.wizard.controller.agreed_is_set())
        self.note.setReadOnly(not editable)
        self.evidence.setReadOnly(not editable)
