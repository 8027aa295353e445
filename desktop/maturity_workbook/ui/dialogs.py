"""Message dialogs. Each is one function, so tests can replace it instead of facing a modal box."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
    QMessageBox, QSpinBox, QTextBrowser, QVBoxLayout, QWidget,
)

from maturity_workbook import APP_NAME, __version__

RESTORE_BACKUP = "restore"
PICK_ANOTHER = "another"
CANCEL = "cancel"


def show_unexpected_error(exc: BaseException, log_path: Path) -> None:
    parent = QApplication.activeWindow()
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Critical)
    box.setWindowTitle("Something went wrong")
    box.setText("Maturity Workbook hit an unexpected error. Your saved work is safe: every change "
                "is written to the workbook file as you make it.")
    box.setInformativeText(f"{type(exc).__name__}: {exc}\n\nThe details are in the log file:\n"
                           f"{log_path}")
    box.setTextInteractionFlags(Qt.TextSelectableByMouse)
    box.exec()


def explain_open_error(parent: QWidget | None, path: Path, message: str,
                       backups: list[Path]) -> str:
    """A file that cannot be opened: say what happened and offer what the user can do.

    Returns RESTORE_BACKUP, PICK_ANOTHER or CANCEL. The file itself is never changed here.
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Warning)
    box.setWindowTitle("Cannot open this workbook")
    box.setText(f"<b>{html.escape(path.name)}</b> could not be opened.")
    info = message + "\n\nThe file has not been changed."
    if backups:
        info += f"\n\nA backup from {backups[0].stem.split('.')[-1]} exists and can be restored " \
                "(the damaged file is kept beside it)."
    box.setInformativeText(info)
    restore = box.addButton("Restore the latest backup", QMessageBox.AcceptRole) if backups else None
    another = box.addButton("Open another file…", QMessageBox.ActionRole)
    box.addButton(QMessageBox.Cancel)
    box.exec()
    clicked = box.clickedButton()
    if restore is not None and clicked is restore:
        return RESTORE_BACKUP
    if clicked is another:
        return PICK_ANOTHER
    return CANCEL


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Question)
    box.setWindowTitle(title)
    box.setText(text)
    ok = box.addButton(action, QMessageBox.AcceptRole)
    box.addButton(QMessageBox.Cancel)
    box.setDefaultButton(ok)
    box.exec()
    return box.clickedButton() is ok


def about_html(catalog) -> str:
    sources = "".join(
        f"<li><b>{html.escape(f.title)}</b> {html.escape(f.version)}: follows "
        f"{html.escape(f.attribution.cite())}</li>" for f in catalog)
    return (f"<h2>{APP_NAME} {__version__}</h2>"
            "<p>Assess a customer-education program's maturity function by function, keep every "
            "assessment as dated history, see where you stand and the one next step, and print "
            "a snapshot for the people who were not in the room.</p>"
            f"<p>The bundled models follow published work; their questions, descriptions and "
            f"advice are written for this app:</p><ul>{sources}</ul>"
            "<p>Built with Qt for Python (PySide6), matplotlib and TinyDB.</p>")


def show_about(parent: QWidget | None, catalog) -> None:
    QMessageBox.about(parent, f"About {APP_NAME}", about_html(catalog))


SCORING_HELP = """
<h2>How scoring works</h2>
<p>Each item describes one practice at every stage of the model. The room picks the description
that matches what happens today, not what is planned. If an item does not apply to your program or
nobody knows, choose <i>Not applicable / don't know</i>: it is left out of the scores.</p>
<h3>Several people in the room</h3>
<p>Everyone rates each item. Until the room settles on an agreed rating, the agreed rating is the
median of the participants' ratings (with an even split, the lower of the two middle ratings: a
room that is split has not yet reached the higher stage). Set the agreed rating yourself once the
room has talked it through, and write down why in the note.</p>
<h3>From ratings to stages</h3>
<ul>
<li>A function's <b>score</b> is the mean of the agreed ratings of its rated items.</li>
<li>Its <b>stage</b> is the stage that score has fully reached: a score of 2.9 is still stage 2.</li>
<li>When fewer than half of a function's items carry a rating, the function shows
<b>insufficient data</b> instead of a score that would pretend.</li>
<li>The <b>overall</b> score is the mean of the function scores, shown when every function has
one.</li>
<li>The <b>bottleneck</b> is the function with the lowest score; on a tie, the one listed first.</li>
<li>The <b>next steps</b> are the advice for moving the lowest-rated items of the bottleneck up
one stage, at most three. Items already above their function's stage wait: the model asks you not
to leap stages.</li>
<li>A function is <b>stuck</b> when its score moved less than a quarter of a stage across the last
two reassessments; the app then suggests prompts from the disciplines that help it.</li>
</ul>
<h3>Keyboard in the assessment</h3>
<p>Number keys pick a stage for the highlighted participant (1-4 in the four-stage model), 0 or N
picks not applicable, Backspace clears. The highlight then moves to the next participant.
Ctrl+Enter or Alt+Right goes to the next item, Alt+Left back, Ctrl+U to the next unfinished
item.</p>
"""


def show_scoring_help(parent: QWidget | None) -> None:
    dialog = QDialog(parent)
    dialog.setWindowTitle("How scoring works")
    dialog.resize(640, 620)
    layout = QVBoxLayout(dialog)
    browser = QTextBrowser(dialog)
    browser.setHtml(SCORING_HELP)
    browser.setAccessibleName("Scoring help")
    layout.addWidget(browser)
    buttons = QDialogButtonBox(QDialogButtonBox.Close, parent=dialog)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.exec()


class PreferencesDialog(QDialog):
    """Paper size, reopening the last workbook and the reassessment interval of this workbook."""

    def __init__(self, settings, session=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.settings = settings
        self.session = session
        form = QFormLayout(self)
        self.paper = QComboBox(self)
        self.paper.addItems(["A4", "Letter"])
        self.paper.setCurrentText(settings.paper)
        form.addRow("&Paper size for PDF and printing:", self.paper)
        self.reopen = QCheckBox("&Reopen the last workbook at start", self)
        self.reopen.setChecked(settings.reopen_last)
        form.addRow(self.reopen)
        self.interval = QSpinBox(self)
        self.interval.setRange(6, 12)
        self.interval.setSuffix(" months")
        if session is not None:
            self.interval.setValue(session.workbook.reassess_months)
            self.interval.setEnabled(not session.read_only)
            form.addRow("&Reassess this workbook every:", self.interval)
        note = QLabel("Teams usually reassess every 6 to 12 months.")
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, parent=self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        self.settings.paper = self.paper.currentText()
        self.settings.reopen_last = self.reopen.isChecked()
        if self.session is not None and not self.session.read_only \
                and self.interval.value() != self.session.workbook.reassess_months:
            self.session.store.set_reassess_months(self.interval.value())
        super().accept()
