"""File › Participant Files…: one workbook file per participant of an assessment, to rate on
their own laptop.

A participant file holds the assessment, the people in it and that participant's own ratings
only (store/participant_files.py); opened in the app it lets its participant rate and nothing
else, and File › Import / Merge… brings the files back. This dialog picks the assessment (the
open draft by default), who gets a file and the folder; nothing is replaced without asking.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from maturity_workbook.core.workbook import Assessment
from maturity_workbook.ui import dialogs
from maturity_workbook.ui.i18n import format_date


def default_assessment(session, preferred: str | None) -> Assessment | None:
    """The assessment to hand out: the one open in the wizard when it is a draft, else the
    latest draft; None when the workbook has no draft."""
    workbook = session.workbook
    chosen = workbook.assessments.get(preferred) if preferred else None
    if chosen is not None and not chosen.is_final:
        return chosen
    drafts = [a for a in workbook.ordered_assessments() if not a.is_final]
    return drafts[-1] if drafts else None


class ParticipantFilesDialog(QDialog):
    """Which assessment, who, and where; `accept` writes the files (asking before replacing)."""

    def __init__(self, session, preferred: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.written: list[Path] = []
        self.setWindowTitle(self.tr("Participant files"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Each participant gets a file of their own to rate on their laptop. It holds this "
            "assessment and only their own ratings, so nobody sees anyone else's vote. Collect "
            "the files afterwards and bring them back with File › Import / Merge."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.assessment = QComboBox()
        drafts = [a for a in reversed(session.workbook.ordered_assessments()) if not a.is_final]
        for a in drafts:
            self.assessment.addItem(self.tr("{title} · {date}").format(
                title=a.title, date=format_date(a.date)), a.id)
        start = default_assessment(session, preferred)
        if start is not None:
            self.assessment.setCurrentIndex(max(0, self.assessment.findData(start.id)))
        form.addRow(self.tr("&Assessment:"), self.assessment)

        self.people = QListWidget()
        self.people.setAccessibleName(self.tr("Participants who get a file"))
        self.people.setMinimumHeight(140)
        self.people.setWordWrap(True)  # long names wrap rather than scroll sideways
        self.people.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        form.addRow(self.tr("&Participants:"), self.people)

        folder_row = QHBoxLayout()
        self.folder = QLineEdit()
        self.folder.setAccessibleName(self.tr("Folder for the files"))
        browse = QPushButton(self.tr("&Browse…"))
        browse.clicked.connect(self._browse)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        folder_label = QLabel(self.tr("F&older:"))
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, folder_row)
        layout.addLayout(form)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setVisible(False)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText(self.tr("&Write the files"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.assessment.currentIndexChanged.connect(self._fill)
        self.people.itemChanged.connect(lambda _item: self._update_summary())
        self.folder.textChanged.connect(lambda _text: self._update_summary())
        self._fill()

    # -- choices

    def selected_assessment(self) -> Assessment | None:
        aid = self.assessment.currentData()
        return self.session.workbook.assessments.get(aid) if aid else None

    def chosen_participants(self) -> list[str]:
        return [self.people.item(i).data(Qt.UserRole) for i in range(self.people.count())
                if self.people.item(i).checkState() == Qt.Checked]

    def _fill(self) -> None:
        a = self.selected_assessment()
        self.people.blockSignals(True)
        self.people.clear()
        if a is not None:
            workbook = self.session.workbook
            for pid in a.participant_ids:
                person = workbook.participants.get(pid)
                if person is None:
                    continue
                item = QListWidgetItem(f"{person.name} — {person.role}" if person.role
                                       else person.name)
                item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
                item.setCheckState(Qt.Checked)
                item.setData(Qt.UserRole, pid)
                self.people.addItem(item)
            self.folder.setText(str(self.default_folder(a)))
        self.people.blockSignals(False)
        self._update_summary()

    def default_folder(self, a: Assessment) -> Path:
        """Beside the workbook, in a folder named for the assessment's day."""
        return Path(self.session.path).parent / self.tr("Participant files {date}").format(
            date=a.date)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the participant "
                                                                "files"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _update_summary(self) -> None:
        count = len(self.chosen_participants())
        self.summary.setText(self.tr("%n file(s) will be written.", "", count))
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(
            count > 0 and bool(self.folder.text().strip()))

    # -- writing

    def accept(self) -> None:
        from maturity_workbook.store import WorkbookError, WorkbookExistsError
        from maturity_workbook.store.participant_files import write_participant_files

        a = self.selected_assessment()
        people = self.chosen_participants()
        folder_text = self.folder.text().strip()
        if a is None or not people or not folder_text:
            return
        folder = Path(folder_text).expanduser()
        self.session.commit_drafts()
        document = self.session.store.document()
        try:
            try:
                self.written = write_participant_files(document, a.id, folder, people)
            except WorkbookExistsError as exc:
                if not dialogs.confirm(self, self.tr("Replace the files?"), self.tr(
                        "Some of these files are in {folder} already (for example {name}). "
                        "Replace them? Ratings in the old files that were not merged back yet "
                        "would be lost.").format(folder=folder, name=exc.path.name
                                                 if exc.path else ""),
                        self.tr("Replace")):
                    return
                self.written = write_participant_files(document, a.id, folder, people,
                                                       overwrite=True)
        except (WorkbookError, OSError) as exc:
            self.error.setText(self.tr("The files could not be written: {problem}").format(
                problem=exc))
            self.error.setVisible(True)
            return
        super().accept()

    def result_title(self) -> str:
        return self.tr("Participant files written")

    def result_text(self) -> str:
        """Where the files went and what happens next."""
        written = self.written
        return self.tr(
            "{count} in {folder}:\n\n{names}\n\nGive each person their own file. They open "
            "it in this app, rate, and give it back; then merge the files with File › Import / "
            "Merge.").format(count=self.tr("%n file(s)", "", len(written)),
                             folder=written[0].parent if written else "",
                             names="\n".join(path.name for path in written))


def hand_out_participant_files(parent: QWidget, session, preferred: str | None) -> list[Path]:
    """Run the dialog; say where the files went. Returns the files written."""
    if not any(not a.is_final for a in session.workbook.assessments.values()):
        dialogs.inform(parent, QCoreApplication.translate(
            "ParticipantFilesDialog", "Participant files"), QCoreApplication.translate(
            "ParticipantFilesDialog", "Participant files are for an assessment in progress. "
            "Start a new assessment first (File › New Assessment)."))
        return []
    dialog = ParticipantFilesDialog(session, preferred, parent)
    if dialog.exec() != QDialog.Accepted or not dialog.written:
        return []
    dialogs.inform(parent, dialog.result_title(), dialog.result_text())
    return dialog.written
