"""The Assess screen: the workbook's assessments, starting a new one, and the wizard."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt, Signal, QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout,
    QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPushButton, QRadioButton, QStackedWidget, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from maturity_workbook.core.ops import What
from maturity_workbook.core.framework import Framework
from maturity_workbook.core.history import default_targets
from maturity_workbook.core.scoring import score_assessment
from maturity_workbook.core.wizard import WizardNavigator
from maturity_workbook.ui import dialogs
from maturity_workbook.ui.i18n import date_pattern, format_date, format_number
from maturity_workbook.ui.wizard import AssessmentWizard


class EntryLineEdit(QLineEdit):
    """A line edit whose Enter adds a participant instead of also accepting the dialog."""

    def keyPressEvent(self, event) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            event.accept()


def initial_targets(framework: Framework, previous=None) -> dict[str, int]:
    """One stage above where each function stands now (`previous`: the last assessment's
    core.scoring.AssessmentResult, scored with its own version; functions match by id); one
    above the first stage when unknown."""
    targets = default_targets(previous) if previous is not None else {}
    targets = {d: level for d, level in targets.items() if level in framework.levels}
    first_step = framework.levels[min(1, len(framework.levels) - 1)]
    return {d.id: targets.get(d.id, first_step) for d in framework.dimensions}


class NewAssessmentDialog(QDialog):
    """Title, date, framework, participants, blank or a copy of the last one, and targets."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("New assessment"))
        self.setMinimumWidth(560)
        workbook = session.workbook
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("e.g. Spring workshop"))
        today = date.today()
        self.title.setText(self.fresh_title(QLocale().toString(
            QDate(today.year, today.month, today.day), "MMMM yyyy")))
        self.title.selectAll()  # typing replaces the proposal; Enter starts with it
        form.addRow(self.tr("&Title:"), self.title)
        self.date = QDateEdit(QDate(today.year, today.month, today.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(date_pattern(QLocale()))
        form.addRow(self.tr("&Date:"), self.date)
        self.framework = QComboBox()
        newest = {fw.id: fw for fw in session.catalog}  # oldest first: the newest stays
        for fw in newest.values():  # a new assessment uses each model's newest version
            self.framework.addItem(f"{fw.title} ({fw.version})", (fw.id, fw.version))
        last = workbook.latest(final_only=False)
        preferred = (last.framework_id, last.framework_version) if last else \
            ("customer-education", None)
        for i in range(self.framework.count()):
            fid, version = self.framework.itemData(i)
            if fid == preferred[0]:
                self.framework.setCurrentIndex(i)
        form.addRow(self.tr("Fra&mework:"), self.framework)
        layout.addLayout(form)

        people = QGroupBox(self.tr("Participants (everyone in the room rates each item)"))
        people_layout = QVBoxLayout(people)
        self.participants = QListWidget()
        self.participants.setAccessibleName(self.tr("Participants"))
        self.participants.setMaximumHeight(150)
        before = [p for p in (last.participant_ids if last else []) if p in workbook.participants]
        for pid in [*before, *(p for p in workbook.participants if p not in before)]:
            participant = workbook.participants[pid]  # last time's room first, in its order
            self._add_participant_row(participant.id, participant.name, participant.role,
                                      checked=pid in before)
        people_layout.addWidget(self.participants)
        add_row = QHBoxLayout()
        self.new_name = EntryLineEdit()
        self.new_name.setPlaceholderText(self.tr("Name"))
        self.new_name.setAccessibleName(self.tr("New participant name"))
        self.new_role = EntryLineEdit()
        self.new_role.setPlaceholderText(self.tr("Role (optional)"))
        self.new_role.setAccessibleName(self.tr("New participant role"))
        add = QPushButton(self.tr("&Add"))
        add.setAutoDefault(False)  # Enter anywhere else starts the assessment
        add.clicked.connect(self._add_new_participant)
        self.new_role.returnPressed.connect(self._add_new_participant)
        self.new_name.returnPressed.connect(self._add_new_participant)
        add_row.addWidget(self.new_name, 2)
        add_row.addWidget(self.new_role, 2)
        add_row.addWidget(add)
        people_layout.addLayout(add_row)
        layout.addWidget(people)

        start = QGroupBox(self.tr("Start from"))
        start_layout = QVBoxLayout(start)
        self.blank = QRadioButton(self.tr("A &blank assessment"))
        self.copy_last = QRadioButton(
            self.tr("A reassessment of the last one: its answers shown beside each item, to "
                    "&confirm or change"))
        self.blank.setChecked(True)
        self.versions_note = QLabel()
        self.versions_note.setWordWrap(True)
        self.versions_note.setStyleSheet("color: palette(mid);")
        self.base = None  # the assessment a reassessment would be based on
        start_layout.addWidget(self.blank)
        start_layout.addWidget(self.copy_last)
        start_layout.addWidget(self.versions_note)
        self.facilitated = QCheckBox(self.tr(
            "Facilitated &workshop: votes stay hidden until the room reveals them"))
        self.facilitated.setChecked(bool(last and last.facilitated))
        start_layout.addWidget(self.facilitated)
        layout.addWidget(start)

        self.targets_box = QGroupBox(self.tr("Targets (defaults: one stage above where each "
                                             "function stands now)"))
        self.targets_form = QFormLayout(self.targets_box)
        self.target_combos: dict[str, QComboBox] = {}
        layout.addWidget(self.targets_box)
        self.framework.currentIndexChanged.connect(self._framework_changed)
        self._framework_changed()

        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setVisible(False)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("Start assessment"))
        buttons.button(QDialogButtonBox.Ok).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.new_participants: list[tuple[str, str]] = []
        self.title.setFocus()

    def fresh_title(self, month: str) -> str:
        """"Assessment May 2026", numbered when the workbook has that title already."""
        taken = {a.title.strip() for a in self.session.workbook.assessments.values()}
        title = self.tr("Assessment {month}").format(month=month)
        number = 2
        while title in taken:
            title = self.tr("Assessment {month} ({number})").format(
                month=month, number=format_number(number))
            number += 1
        return title

    def _add_participant_row(self, pid: str | None, name: str, role: str, checked: bool) -> None:
        item = QListWidgetItem(f"{name} — {role}" if role else name)
        item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
        item.setCheckState(Qt.Checked if checked else Qt.Unchecked)
        item.setData(Qt.UserRole, (pid, name, role))
        self.participants.addItem(item)

    def _add_new_participant(self) -> None:
        name = self.new_name.text().strip()
        if not name:
            self.new_name.setFocus()
            return
        self._add_participant_row(None, name, self.new_role.text().strip(), checked=True)
        self.new_name.clear()
        self.new_role.clear()
        self.new_name.setFocus()

    def selected_framework(self) -> Framework:
        fid, version = self.framework.currentData()
        return self.session.catalog.get(fid, version)

    def _framework_changed(self) -> None:
        self._offer_reassessment()
        self._fill_targets()

    def _offer_reassessment(self) -> None:
        """A reassessment is of the latest assessment of the chosen model (in any version:
        across versions, what the mapping keeps carries to confirm and new items are marked)."""
        framework = self.selected_framework()
        chosen = [a for a in self.session.workbook.ordered_assessments()
                  if a.framework_id == framework.id]
        self.base = chosen[-1] if chosen else None
        self.copy_last.setEnabled(self.base is not None)
        if self.base is None:
            self.blank.setChecked(True)
            self.copy_last.setText(self.tr(
                "A reassessment of the last one: its answers shown beside each item, to "
                "&confirm or change"))
            self.versions_note.setVisible(False)
            return
        self.copy_last.setText(self.tr(
            "A reassessment of {title} ({date}): its answers shown beside each item, to "
            "&confirm or change").format(title=self.base.title.replace("&", "&&"),
                                         date=format_date(self.base.date)))
        other = self.base.framework_version != framework.version
        self.versions_note.setText(self.tr(
            "{title} used version {old} of the questions; this one uses {new}. Answers to the "
            "questions kept from {old} are shown to confirm, answers to questions now asked "
            "differently only as a hint, and the new questions are marked new.").format(
            title=self.base.title, old=self.base.framework_version, new=framework.version)
            if other else "")
        self.versions_note.setVisible(other)

    def _fill_targets(self) -> None:
        while self.targets_form.rowCount():
            self.targets_form.removeRow(0)
        self.target_combos.clear()
        framework = self.selected_framework()
        base = self.base
        result = None
        if base is not None:  # scored with the version it was made with, never another
            own = self.session.framework_for(base)
            result = score_assessment(own, base.agreed_ratings()) if own is not None else None
        defaults = initial_targets(framework, result)
        for dim in framework.dimensions:
            combo = QComboBox()
            combo.addItem(self.tr("No target"), None)
            for stage in framework.stages:
                combo.addItem(f"{stage.level} · {stage.name}", stage.level)
            combo.setCurrentIndex(combo.findData(defaults[dim.id]))
            # a form label takes "&" as a mnemonic: "strategy & planning" must show its "&"
            self.targets_form.addRow(self.tr("{function}:").format(
                function=dim.name.replace("&", "&&")), combo)
            self.target_combos[dim.id] = combo

    def accept(self) -> None:
        chosen = [self.participants.item(i) for i in range(self.participants.count())
                  if self.participants.item(i).checkState() == Qt.Checked]
        if not self.title.text().strip():
            self._show_error(self.tr("Give the assessment a title."))
            self.title.setFocus()
            return
        if not chosen:
            self._show_error(
                self.tr("Choose at least one participant, or add one (a name is enough)."))
            self.new_name.setFocus()
            return
        self.result_values = {
            "title": self.title.text().strip(),
            "date": self.date.date().toString("yyyy-MM-dd"),
            "framework": self.selected_framework(),
            "participants": [item.data(Qt.UserRole) for item in chosen],
            "copy_last": self.copy_last.isChecked(),
            "copy_from": self.base.id if self.copy_last.isChecked() and self.base else None,
            "facilitated": self.facilitated.isChecked(),
            "targets": {d: c.currentData() for d, c in self.target_combos.items()},
        }
        super().accept()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)


def create_assessment(session, values: dict) -> str:
    """Carry out a filled-in NewAssessmentDialog through the store; returns the new id."""
    store = session.store
    participant_ids = []
    for pid, name, role in values["participants"]:
        if pid is None:
            pid = store.add_participant(name, role).id
        participant_ids.append(pid)
    copy_from = values.get("copy_from")
    if copy_from is None and values["copy_last"]:
        last = session.workbook.latest(final_only=False)
        copy_from = last.id if last is not None else None
    assessment = store.create_assessment(values["framework"], values["title"], values["date"],
                                         participant_ids, copy_from=copy_from,
                                         facilitated=values.get("facilitated", False))
    for dimension_id, level in values["targets"].items():
        if level is not None:
            store.set_target(assessment.id, dimension_id, level)
    return assessment.id


class AssessmentList(QWidget):
    """The workbook's assessments, newest first, with their progress and status."""

    openRequested = Signal(str)
    newRequested = Signal()
    settleRequested = Signal(str, str)  # assessment id, item id: the room settles it now

    COLUMNS = (QT_TRANSLATE_NOOP("AssessmentList", "Date"),
               QT_TRANSLATE_NOOP("AssessmentList", "Title"),
               QT_TRANSLATE_NOOP("AssessmentList", "Framework"),
               QT_TRANSLATE_NOOP("AssessmentList", "Participants"),
               QT_TRANSLATE_NOOP("AssessmentList", "Progress"),
               QT_TRANSLATE_NOOP("AssessmentList", "Status"))

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.new_button = QPushButton(self.tr("&New assessment…"))
        self.new_button.setToolTip(self.tr("Start a new assessment (Ctrl+Shift+N)"))
        self.new_button.clicked.connect(self.newRequested)
        self.open_button = QPushButton()
        self.open_button.setToolTip(self.tr("Open the selected assessment in the wizard (Enter)"))
        self.open_button.clicked.connect(self._open_selected)
        self.finalize_button = QPushButton(self.tr("Finali&ze…"))
        self.finalize_button.setToolTip(self.tr("Mark the selected assessment final: history "
                                                "and reports use final assessments"))
        self.finalize_button.clicked.connect(self._finalize_selected)
        self.reopen_button = QPushButton(self.tr("&Reopen for editing"))
        self.reopen_button.clicked.connect(self._reopen_selected)
        for button in (self.new_button, self.open_button, self.finalize_button,
                       self.reopen_button):
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName(self.tr("Assessments"))
        self.table.doubleClicked.connect(self._open_selected)
        self.table.activated.connect(self._open_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(self.tr("No assessments yet. Start one with <b>New assessment</b>: "
                                    "choose who is in the room, then rate each practice "
                                    "together."))
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.refresh()

    def refresh(self) -> None:
        workbook = self.session.workbook
        current = self.selected_id()
        assessments = list(reversed(workbook.ordered_assessments()))
        self.table.setRowCount(len(assessments))
        for row, assessment in enumerate(assessments):
            framework = self.session.framework_for(assessment)
            if framework is not None:
                progress = WizardNavigator(framework, assessment,
                                           self.session.participant_id).progress()
                progress_text = self.tr("{done} of {total}").format(
                    done=format_number(progress.done), total=format_number(progress.total))
                fw_name = framework.title
            else:
                progress_text = "—"
                fw_name = self.tr("{framework} (not installed)").format(
                    framework=assessment.framework_id)
            names = ", ".join(workbook.participant_names(assessment.participant_ids))
            values = (format_date(assessment.date), assessment.title, fw_name, names,
                      progress_text, self.tr("Final") if assessment.is_final else self.tr("Draft"))
            for col, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setData(Qt.UserRole, assessment.id)
                self.table.setItem(row, col, cell)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.resizeSection(1, min(header.sectionSize(1), 320))  # long titles elide
        header.setSectionResizeMode(3, QHeaderView.Stretch)  # names take what is left, so
        self.table.setTextElideMode(Qt.ElideRight)  # progress and status stay in view
        self.empty.setVisible(not assessments)
        self.table.setVisible(bool(assessments))
        if assessments:
            ids = [a.id for a in assessments]
            self.table.selectRow(ids.index(current) if current in ids else 0)
        self._update_buttons()

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        return self.table.item(rows[0].row(), 0).data(Qt.UserRole)

    def _update_buttons(self) -> None:
        aid = self.selected_id()
        read_only = not self.session.can_edit_workbook  # read-only, or a participant file
        assessment = self.session.workbook.assessments.get(aid) if aid else None
        self.new_button.setEnabled(not read_only)
        self.open_button.setEnabled(assessment is not None)
        self.open_button.setText(self.tr("&Continue") if assessment is not None
                                 and not assessment.is_final and not self.session.read_only
                                 else self.tr("&Open"))
        self.finalize_button.setEnabled(bool(assessment) and not read_only
                                        and not assessment.is_final)
        self.reopen_button.setEnabled(bool(assessment) and not read_only and assessment.is_final)

    def _open_selected(self, *_args) -> None:
        aid = self.selected_id()
        if aid:
            self.openRequested.emit(aid)

    def _finalize_selected(self) -> None:
        aid = self.selected_id()
        if aid:
            finalize_with_check(self, self.session, aid, self.settleRequested.emit)

    def _reopen_selected(self) -> None:
        aid = self.selected_id()
        if aid and dialogs.confirm(
                self, self.tr("Reopen assessment"),
                self.tr("Reopen this assessment for editing? It leaves the history and reports "
                        "until you finalize it again."), self.tr("Reopen")):
            self.session.reopen(aid)


def finalize_with_check(parent: QWidget, session, assessment_id: str,
                        settle=lambda _aid, _item: None) -> bool:
    """Finalize, first settling the split items a facilitated room never settled (or going to
    one: `settle(assessment id, item id)`), then warning when items are unfinished."""
    assessment = session.assessment(assessment_id)
    framework = session.framework_for(assessment)
    missing = WizardNavigator(framework, assessment).missing() if framework else []
    if framework is not None and assessment.facilitated:
        from maturity_workbook.core.wizard import WizardController
        from maturity_workbook.ui.room_dialogs import FinalizeCheckDialog

        controller = WizardController(framework, assessment_id,
                                      lambda: session.assessment(assessment_id), session)
        if controller.unsettled():
            dialog = FinalizeCheckDialog(parent, controller)
            accepted = dialog.exec() == QDialog.Accepted
            if dialog.settle_item is not None:
                settle(assessment_id, dialog.settle_item)
            if not accepted or controller.unsettled():
                return False
            missing = WizardNavigator(framework, session.assessment(assessment_id)).missing()
    if not dialogs.confirm_finalize(parent, len(missing)):
        return False
    session.finalize(assessment_id)
    return True


class AssessScreen(QWidget):
    openedAssessment = Signal(str)
    wizardChanged = Signal()  # a wizard opened or closed (the presenter window follows it)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget(self)
        self.list = AssessmentList(session, self)
        self.list.openRequested.connect(self.open_assessment)
        self.list.newRequested.connect(self.new_assessment)
        self.list.settleRequested.connect(self.open_at)
        self.stack.addWidget(self.list)
        layout.addWidget(self.stack)
        self.wizard: AssessmentWizard | None = None
        session.changed.connect(self._on_change)

    def _on_change(self, change) -> None:
        if change.what in (What.ASSESSMENT_CREATED, What.ASSESSMENT_UPDATED,
                           What.ASSESSMENT_DELETED, What.STATUS, What.PARTICIPANT, What.MANY) or (
                change.is_entry and self.stack.currentWidget() is self.list):
            self.list.refresh()

    def new_assessment(self) -> None:
        if self.session.participant_id is not None:
            dialogs.inform(self, self.tr("Participant file"),
                           self.tr("A participant file holds one person's ratings; start new "
                                   "assessments in the facilitator's workbook."))
            return
        if self.session.read_only:
            dialogs.inform(self, self.tr("Read-only"),
                           self.tr("This workbook is open read-only; assessments cannot be "
                                   "added."))
            return
        dialog = NewAssessmentDialog(self.session, self)
        if dialog.exec() != QDialog.Accepted:
            return
        aid = create_assessment(self.session, dialog.result_values)
        self.list.refresh()
        self.open_assessment(aid)

    def open_assessment(self, assessment_id: str) -> None:
        assessment = self.session.assessment(assessment_id)
        framework = self.session.framework_for(assessment)
        if framework is None:
            dialogs.warn(self, self.tr("Framework not installed"), self.tr(
                "This assessment uses the framework {framework} {version}, which this app does "
                "not have. Add its file to your frameworks folder.").format(
                    framework=assessment.framework_id, version=assessment.framework_version))
            return
        self.close_wizard()
        self.wizard = AssessmentWizard(self.session, framework, assessment_id, self)
        self.wizard.closeRequested.connect(self.close_wizard)
        self.stack.addWidget(self.wizard)
        self.stack.setCurrentWidget(self.wizard)
        self.wizard.focus_current()
        self.openedAssessment.emit(assessment_id)
        self.wizardChanged.emit()

    def open_at(self, assessment_id: str, item_id: str) -> None:
        self.open_assessment(assessment_id)
        if self.wizard is not None and self.wizard.assessment_id == assessment_id:
            self.wizard.show_item(item_id)

    def close_wizard(self) -> None:
        if self.wizard is not None:
            self.wizard.detach()
            self.stack.removeWidget(self.wizard)
            self.wizard.deleteLater()
            self.wizard = None
            self.list.refresh()
            self.wizardChanged.emit()
        self.stack.setCurrentWidget(self.list)
        self.list.table.setFocus()

    def current_assessment_id(self) -> str | None:
        if self.wizard is not None:
            return self.wizard.assessment_id
        return self.list.selected_id()

    def shutdown(self) -> None:
        if self.wizard is not None:
            self.wizard.detach()
