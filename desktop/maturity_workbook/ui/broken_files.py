"""A user's framework or CMI model file that did not load: said once in the window, never in
the way.

The catalogs skip such files and keep them in `.broken` (core/catalog.py; the CMI catalog of
the customers screen likewise), so the app and every command start as usual. This module puts
one notice in the status bar when the window starts, and a dialog that names each file with its
problems (the validator's lines, in English, as the command line prints them) and opens the
folder to fix it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget,
)

log = logging.getLogger(__name__)


def user_cmi_errors() -> list:
    """Broken CMI model files in the user's folder. That folder arrives with the customers
    screen (paths.user_cmi_dir, paths.load_cmi_catalog); before, there is nothing to report."""
    from maturity_workbook import paths

    folder_of, load = getattr(paths, "user_cmi_dir", None), getattr(paths, "load_cmi_catalog",
                                                                     None)
    if folder_of is None or load is None:
        return []
    folder = folder_of()
    try:
        if not folder.is_dir() or not any(folder.iterdir()):
            return []  # nobody added a model: load nothing at start-up
        return list(load().broken)
    except Exception as exc:  # noqa: BLE001 - a report must never stop the start
        log.warning("reading the user CMI models in %s: %s", folder, exc)
        return []


def problem_lines(errors: list) -> dict[Path, list[tuple[int, str]]]:
    """Each broken file with its problems as (line, message), in the validator's words."""
    files: dict[Path, list[tuple[int, str]]] = {}
    for error in errors:
        for problem in getattr(error, "problems", ()) or ():
            files.setdefault(Path(problem.path), []).append((problem.line, problem.message))
    return files


class BrokenFilesDialog(QDialog):
    """Which of the user's files were skipped and why; the folders to fix them in."""

    def __init__(self, files: dict[Path, list[tuple[int, str]]], parent: QWidget | None = None):
        super().__init__(parent)
        self.files = files
        self.setWindowTitle(self.tr("Files that were skipped"))
        self.resize(720, 460)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "These framework or model files in your folders could not be loaded, so they were "
            "skipped. Everything else works as usual. Correct a file (each problem gives its "
            "line) and start the app again to use it."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        details_label = QLabel(self.tr("&Problems found:"))
        layout.addWidget(details_label)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(self.tr("Problems found"))
        self.details.setPlainText("\n\n".join(
            str(path) + "\n" + "\n".join(self.tr("  line {line}: {problem}").format(
                line=line, problem=message) for line, message in problems)
            for path, problems in files.items()))
        details_label.setBuddy(self.details)
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close, parent=self)
        self.folder_button = QPushButton(self.tr("&Open the Folder"))
        self.folder_button.clicked.connect(self.open_folder)
        buttons.addButton(self.folder_button, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def open_folder(self) -> None:
        folders = sorted({path.parent for path in self.files})
        for folder in folders:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class BrokenFilesNotice(QPushButton):
    """A flat button in the status bar: how many files were skipped; click for the details."""

    def __init__(self, files: dict[Path, list[tuple[int, str]]], parent: QWidget | None = None):
        super().__init__(parent)
        self.files = files
        self.setFlat(True)
        self.setText("⚠ " + self.tr("%n file(s) of yours could not be loaded: details…", "",
                                    len(files)))
        self.setToolTip(self.tr("Framework or model files in your folders that have problems"))
        self.setAccessibleName(self.tr("Files that were skipped"))
        self.clicked.connect(self.show_details)

    def show_details(self) -> None:
        BrokenFilesDialog(self.files, self.window()).exec()


def report(window, errors: list | None = None) -> BrokenFilesNotice | None:
    """Put the notice in the window's status bar when some user files were skipped."""
    if errors is None:
        errors = list(getattr(window.catalog, "broken", ())) + user_cmi_errors()
    files = problem_lines(errors)
    if not files:
        return None
    for path, problems in files.items():
        log.warning("skipped %s: %s", path, "; ".join(f"{n}: {m}" for n, m in problems))
    notice = BrokenFilesNotice(files, window)
    window.statusBar().addPermanentWidget(notice)
    window.broken_files_notice = notice
    return notice


def report_later(window) -> None:
    """Once, after the window is on screen (the CMI folder is read then, not before), and after
    the first workbook has opened when one is opening (the frameworks are read then)."""
    def when_ready():
        if window.opening is not None:
            window.opening.done.connect(lambda: report(window))
        else:
            report(window)

    QTimer.singleShot(0, when_ready)
