"""Message dialogs. Each is one function, so tests can replace it instead of facing a modal box.

Every box is built and then run with `exec()` (never a static QMessageBox helper), so a test can
replace `exec` and look at what a dialog would show.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt
from PySide6.QtWidgets import (
    QApplication, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
    QMessageBox, QTextBrowser, QVBoxLayout, QWidget,
)

from maturity_workbook import APP_NAME, __version__

RESTORE_BACKUP = "restore"
CHOOSE_BACKUP = "choose"
PICK_ANOTHER = "another"
CANCEL = "cancel"


def _box(parent: QWidget | None, icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    return box


def show_unexpected_error(exc: BaseException, log_path: Path) -> None:
    box = _box(QApplication.activeWindow(), QMessageBox.Critical,
               QCoreApplication.translate("Dialogs", "Something went wrong"),
               QCoreApplication.translate(
                   "Dialogs", "{app} hit an unexpected error. Your saved work is safe: every "
                   "change is written to the workbook file as you make it.").format(app=APP_NAME))
    box.setInformativeText(QCoreApplication.translate(
        "Dialogs", "{error}\n\nThe details are in the log file:\n{path}").format(
            error=f"{type(exc).__name__}: {exc}", path=log_path))
    box.setTextInteractionFlags(Qt.TextSelectableByMouse)
    box.exec()


def explain_open_error(parent: QWidget | None, path: Path, message: str,
                       backups: list[Path], details: str = "") -> str:
    """A file that cannot be opened: say what happened and offer what the user can do.

    Returns RESTORE_BACKUP, CHOOSE_BACKUP, PICK_ANOTHER or CANCEL. The file itself is never
    changed here. `details` is the store's English line, behind "Show Details".
    """
    box = _box(parent, QMessageBox.Warning,
               QCoreApplication.translate("Dialogs", "Cannot open this workbook"),
               QCoreApplication.translate("Dialogs", "<b>{name}</b> could not be opened.").format(
                   name=html.escape(path.name)))
    info = QCoreApplication.translate("Dialogs", "{problem}\n\nThe file has not been changed.") \
        .format(problem=message)
    if backups:
        from maturity_workbook.store.backups import backup_info
        from maturity_workbook.ui.texts import backup_summary

        info += "\n\n" + QCoreApplication.translate(
            "Dialogs", "A backup from {when} exists and can be restored (the damaged file is "
            "kept as a backup too).").format(when=backup_summary(backup_info(backups[0])))
    box.setInformativeText(info)
    if details:
        box.setDetailedText(details)
    restore = box.addButton(QCoreApplication.translate("Dialogs", "&Restore the latest backup"),
                            QMessageBox.AcceptRole) if backups else None
    choose = box.addButton(QCoreApplication.translate("Dialogs", "Choose a &backup…"),
                           QMessageBox.ActionRole) if backups else None
    another = box.addButton(QCoreApplication.translate("Dialogs", "Open &another file…"),
                            QMessageBox.ActionRole)
    box.addButton(QMessageBox.Cancel)
    box.exec()
    clicked = box.clickedButton()
    if restore is not None and clicked is restore:
        return RESTORE_BACKUP
    if choose is not None and clicked is choose:
        return CHOOSE_BACKUP
    if clicked is another:
        return PICK_ANOTHER
    return CANCEL


def inform(parent: QWidget | None, title: str, text: str) -> None:
    box = _box(parent, QMessageBox.Information, title, text)
    box.exec()


def warn(parent: QWidget | None, title: str, text: str) -> None:
    box = _box(parent, QMessageBox.Warning, title, text)
    box.exec()


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    box = _box(parent, QMessageBox.Question, title, text)
    ok = box.addButton(action, QMessageBox.AcceptRole)
    box.addButton(QMessageBox.Cancel)
    box.setDefaultButton(ok)
    box.exec()
    return box.clickedButton() is ok


class _Plurals(QObject):
    """This module's plural messages: lupdate marks a message as plural only in a self.tr()
    call, and tr() looks it up under this class's name."""

    def unfinished_items(self, count: int) -> str:
        return self.tr("%n item(s) are not finished yet; unrated items count as not rated in "
                       "the scores.", "", count)


def confirm_finalize(parent: QWidget | None, unfinished: int) -> bool:
    """Ask before finalizing, saying how many items are not finished yet."""
    text = QCoreApplication.translate(
        "Dialogs", "Finalize this assessment? It then counts in the history and reports; you "
        "can reopen it later.")
    if unfinished:
        text = _Plurals().unfinished_items(unfinished) + " " + text
    return confirm(parent, QCoreApplication.translate("Dialogs", "Finalize assessment"), text,
                   QCoreApplication.translate("Dialogs", "Finalize"))


def about_html(catalog) -> str:
    sources = "".join(
        "<li>" + QCoreApplication.translate(
            "Dialogs", "<b>{title}</b> {version}: follows {source}").format(
                title=html.escape(f.title), version=html.escape(f.version),
                source=html.escape(f.attribution.cite())) + "</li>" for f in catalog)
    return "".join((
        f"<h2>{APP_NAME} {__version__}</h2><p>",
        QCoreApplication.translate(
            "Dialogs", "Assess a customer-education program's maturity function by function, "
            "keep every assessment as dated history, see where you stand and the one next step, "
            "and print a snapshot for the people who were not in the room."),
        "</p><p>",
        QCoreApplication.translate(
            "Dialogs", "The bundled models follow published work; their questions, descriptions "
            "and advice are written for this app:"),
        f"</p><ul>{sources}</ul><p>",
        QCoreApplication.translate(
            "Dialogs", "Built with Qt for Python (PySide6), matplotlib and TinyDB."),
        "</p>"))


def about_box(parent: QWidget | None, catalog) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("Dialogs", "About {app}").format(app=APP_NAME))
    box.setTextFormat(Qt.RichText)
    box.setText(about_html(catalog))
    icon = QApplication.windowIcon()
    if not icon.isNull():
        box.setIconPixmap(icon.pixmap(64, 64))
    box.addButton(QMessageBox.Close)
    return box


def show_about(parent: QWidget | None, catalog) -> None:
    about_box(parent, catalog).exec()


SCORING_HELP = (  # (tag, text): one translatable block per heading, paragraph or list item
    ("h2", QT_TRANSLATE_NOOP("Dialogs", "How scoring works")),
    ("p", QT_TRANSLATE_NOOP(
        "Dialogs", "Each item describes one practice at every stage of the model. The room picks "
        "the description that matches what happens today, not what is planned. If an item does "
        "not apply to your program, choose <i>Not applicable</i>: it is left out of the score. "
        "If nobody in the room knows, choose <i>Don't know</i>: the item stays a gap in "
        "coverage and is listed as something to find out before the next workshop.")),
    ("h3", QT_TRANSLATE_NOOP("Dialogs", "Several people in the room")),
    ("p", QT_TRANSLATE_NOOP(
        "Dialogs", "Everyone rates each item. Until the room settles on an agreed rating, the "
        "agreed rating is the median of the participants' ratings (with an even split, the lower "
        "of the two middle ratings: a room that is split has not yet reached the higher stage). "
        "Set the agreed rating yourself once the room has talked it through, and write down why "
        "in the note.")),
    ("h3", QT_TRANSLATE_NOOP("Dialogs", "From ratings to stages")),
    ("li", QT_TRANSLATE_NOOP(
        "Dialogs", "A function is at the <b>highest stage that most of its rated items have "
        "reached</b> (more than half: the middle item, the lower one of the two middle items "
        "when the count is even). Five items at Scaling and two at Performing: Scaling. One "
        "strong item never carries a function, and a function split evenly between two stages "
        "has not reached the higher one yet.")),
    ("li", QT_TRANSLATE_NOOP(
        "Dialogs", "Beside the stage the Overview shows what it rests on, e.g. <i>Scaling: 5 "
        "of 7 items at Scaling or above, 2 at Performing</i>, and the function's <b>score</b>, "
        "the mean of the agreed ratings of its rated items.")),
    ("li", QT_TRANSLATE_NOOP(
        "Dialogs", "When fewer than half of a function's items carry a rating, the function "
        "shows <b>not enough data</b> instead of a stage that would pretend.")),
    ("li", QT_TRANSLATE_NOOP(
        "Dialogs", "The <b>overall</b> stage follows the same rule over the function stages, "
        "and the overall score is the mean of the function scores; both need every function "
        "to have a stage.")),
    ("li", QT_TRANSLATE_NOOP(
        "Dialogs", "The <b>bottleneck</b> is the function at the lowest stage (on a tie, the "
        "lower score, then the one listed first). While a function has too little data the "
        "bottleneck is <b>not known yet</b>: the app names the function to rate first, never "
        "the weakest of the others.")),
    ("li", QT_TRANSLATE_NOOP(
        "Dialogs", "The <b>next steps</b> are the advice for moving the lowest-rated items of "
        "the bottleneck up one stage, at most three. Items already above their function's stage "
        "wait: the model asks you not to leap stages.")),
    ("li", QT_TRANSLATE_NOOP(
        "Dialogs", "A function is <b>stuck</b> when its score moved less than a quarter of a "
        "stage across the last two reassessments; the app then suggests prompts from the "
        "disciplines that help it.")),
    ("li", QT_TRANSLATE_NOOP(
        "Dialogs", "An assessment is always scored with the version of the questions it was "
        "made with. Assessments made with versions 1.0 and 2.0 of the primary model are "
        "compared function by function, with a note where the two versions ask different "
        "items.")),
    ("h3", QT_TRANSLATE_NOOP("Dialogs", "A facilitated workshop")),
    ("p", QT_TRANSLATE_NOOP(
        "Dialogs", "With <i>hidden votes</i>, the room sees who has voted on an item, never how, "
        "until the facilitator reveals the votes (Ctrl+R) or the last person votes. Then the "
        "distribution and the spread show. When the votes lie two stages apart or more, the "
        "room is split: hear the highest and the lowest first, then take another round "
        "(Ctrl+Shift+R; the first round is kept) or agree a rating. An agreed rating away from "
        "the median asks why and who set it. The split items, widest first, are the room's "
        "agenda (Ctrl+J); Ctrl+T starts or pauses the item's timer. Before finalizing, split "
        "items the room never settled are settled or given their median.")),
    ("p", QT_TRANSLATE_NOOP(
        "Dialogs", "A reassessment shows last time's agreed rating and note beside each item; "
        "an item counts as done once the room confirms that rating or gives a new one. A "
        "reassessment on a newer version of the questions shows last time's answer to confirm "
        "for the questions it kept, only as a hint for questions now asked differently, and "
        "marks the new questions. View › "
        "Presenter Window (F5) shows the room the current item in large type on a second "
        "screen, and only what has been revealed; Ctrl+= and Ctrl+- zoom a window.")),
    ("h3", QT_TRANSLATE_NOOP("Dialogs", "Keyboard in the assessment")),
    ("p", QT_TRANSLATE_NOOP(
        "Dialogs", "Number keys pick a stage for the highlighted row (1-4 in the four-stage "
        "model, 0-5 in the six-stage one). N picks not applicable (so does 0 where 0 is no "
        "stage), ? picks don't know, Backspace clears. The highlight then moves to the next row. "
        "Typing anything else on a row starts the note instead; it never changes a rating. "
        "Enter, Ctrl+Enter or Alt+Right goes to the next item, Alt+Left back, Ctrl+U to the next "
        "unfinished item, Alt+N to the note, Alt+D to the evidence, Escape back to the list.")),
)


def scoring_help_html() -> str:
    """The help page on scoring and on the wizard's keys, in the user's language."""
    parts, in_list = [], False
    for tag, text in SCORING_HELP:
        if (tag == "li") != in_list:
            parts.append("<ul>" if tag == "li" else "</ul>")
            in_list = tag == "li"
        parts.append(f"<{tag}>{QCoreApplication.translate('Dialogs', text)}</{tag}>")
    if in_list:
        parts.append("</ul>")
    return "".join(parts)


def scoring_help_dialog(parent: QWidget | None) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(QCoreApplication.translate("Dialogs", "How scoring works"))
    dialog.resize(640, 620)
    layout = QVBoxLayout(dialog)
    browser = QTextBrowser(dialog)
    browser.setHtml(scoring_help_html())
    browser.setAccessibleName(QCoreApplication.translate("Dialogs", "Scoring help"))
    layout.addWidget(browser)
    buttons = QDialogButtonBox(QDialogButtonBox.Close, parent=dialog)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return dialog


def show_scoring_help(parent: QWidget | None) -> None:
    scoring_help_dialog(parent).exec()


class PreferencesDialog(QDialog):
    """The app's own settings: paper size and reopening the last workbook. How often a workbook
    is reassessed belongs to the workbook (File › Workbook Properties, undoable)."""

    def __init__(self, settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.settings = settings
        form = QFormLayout(self)
        self.paper = QComboBox(self)
        self.paper.addItem(self.tr("A4", "paper size"), "A4")
        self.paper.addItem(self.tr("Letter", "paper size"), "Letter")
        self.paper.setCurrentIndex(max(0, self.paper.findData(settings.paper)))
        form.addRow(self.tr("&Paper size for PDF and printing:"), self.paper)
        self.reopen = QCheckBox(self.tr("&Reopen the last workbook at start"), self)
        self.reopen.setChecked(settings.reopen_last)
        form.addRow(self.reopen)
        note = QLabel(self.tr("How often a workbook is reassessed is set with the workbook, in "
                              "File › Workbook Properties."))
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, parent=self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        self.settings.paper = self.paper.currentData()
        self.settings.reopen_last = self.reopen.isChecked()
        super().accept()
