"""File › Backups…: where a workbook's backups are, and putting one back.

The store takes the backups (store/backups.py) and describes them as data: when, why, how big.
This dialog words that in the user's language, shows the folder (and opens it in the file
manager), and restores the chosen backup. On an open workbook the store's own restore is used,
so the state being replaced, unsaved edits included, becomes a backup first and the session's
undo history is cleared by the Reloaded event. For a file that does not open any more (the
"cannot open" dialog's "Choose a backup…"), the module-level restore puts the backup back and
keeps the damaged file as a backup too.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QLocale, QUrl, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from maturity_workbook.store.backups import (
    DAILY_DAYS, KEEP, MONTHLY_MONTHS, BackupInfo, backup_folder, describe_backups,
)
from maturity_workbook.ui import dialogs, texts
from maturity_workbook.ui.texts import backup_reason_text, backup_summary, backup_time_text

log = logging.getLogger(__name__)

class BackupsDialog(QDialog):
    """The backups of one workbook, newest first. `session` is the open workbook's session, or
    None for a workbook that is not open (it may be one that no longer opens)."""

    def __init__(self, path: str | Path, session=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = Path(session.path if session is not None else path)
        self.session = session
        self.restored_from: Path | None = None
        self.setWindowTitle(self.tr("Backups of {name}").format(name=self.path.name))
        self.resize(760, 480)
        layout = QVBoxLayout(self)

        intro = QLabel(self.tr(
            "A copy of this workbook is put aside before each editing session, import, upgrade "
            "and restore. The newest {keep} are kept, plus the first of each of the last {days} "
            "days and of the last {months} months. Backups stay on this computer.").format(
                keep=KEEP, days=DAILY_DAYS, months=MONTHLY_MONTHS))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        folder_row = QHBoxLayout()
        folder_label = QLabel(self.tr("Folder:"))
        folder_row.addWidget(folder_label)
        self.folder = QLineEdit(str(backup_folder(self.path)))
        self.folder.setReadOnly(True)
        self.folder.setAccessibleName(self.tr("Backup folder"))
        self.folder.setCursorPosition(0)
        folder_label.setBuddy(self.folder)
        folder_row.addWidget(self.folder, 1)
        self.open_folder_button = QPushButton(self.tr("&Open Folder"))
        self.open_folder_button.setToolTip(self.tr("Show the backup folder in the file manager"))
        self.open_folder_button.clicked.connect(self.open_folder)
        folder_row.addWidget(self.open_folder_button)
        layout.addLayout(folder_row)

        self.list_label = QLabel(self.tr("&Backups, newest first:"))
        layout.addWidget(self.list_label)
        self.table = QTreeWidget(self)
        self.table.setColumnCount(3)
        self.table.setHeaderLabels([self.tr("Taken"), self.tr("Reason"), self.tr("Size")])
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setAccessibleName(self.tr("Backups"))
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeToContents)
        self.table.itemActivated.connect(lambda *_: self.restore_selected())
        self.table.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.list_label.setBuddy(self.table)
        layout.addWidget(self.table, 1)

        self.empty = QLabel(self.tr(
            "No backups yet. The first one is taken the first time this workbook is changed "
            "in a session."))
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.note)

        buttons = QDialogButtonBox(QDialogButtonBox.Close, parent=self)
        self.restore_button = QPushButton(self.tr("&Restore…"))
        self.restore_button.setToolTip(self.tr(
            "Put the selected backup back as the workbook; the workbook as it is now becomes a "
            "backup first"))
        buttons.addButton(self.restore_button, QDialogButtonBox.ActionRole)
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.rejected.connect(self.reject)
        for button in buttons.buttons():  # Enter on the list restores; it never closes
            button.setAutoDefault(False)
            button.setDefault(False)
        self.open_folder_button.setAutoDefault(False)
        layout.addWidget(buttons)
        self.refresh()
        self.table.setFocus()

    # -- the list

    @property
    def read_only(self) -> bool:
        return self.session is not None and self.session.read_only

    def refresh(self, select: Path | None = None) -> None:
        """Read the folder again; select `select`, else the newest backup."""
        self.backups = describe_backups(self.path)
        self.table.clear()
        locale = QLocale()
        for info in self.backups:
            size = locale.formattedDataSize(info.size) if info.size is not None else ""
            row = QTreeWidgetItem([backup_time_text(info, locale), backup_reason_text(info),
                                   size])
            row.setData(0, Qt.UserRole, str(info.path))
            row.setToolTip(0, info.path.name)
            row.setTextAlignment(2, Qt.AlignRight | Qt.AlignVCenter)
            self.table.addTopLevelItem(row)
        has = bool(self.backups)
        self.table.setVisible(has)
        self.list_label.setVisible(has)
        self.empty.setVisible(not has)
        index = next((i for i, info in enumerate(self.backups) if info.path == select), 0)
        if has:
            self.table.setCurrentItem(self.table.topLevelItem(index))
        self.open_folder_button.setEnabled(Path(self.folder.text()).is_dir())
        if self.read_only:
            self._say(texts.store_read_only_text(self.session.store) + " " + self.tr(
                "Restoring a backup needs the workbook open for editing."))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None and not self.read_only)

    def selected(self) -> BackupInfo | None:
        item = self.table.currentItem()
        if item is None:
            return None
        path = Path(item.data(0, Qt.UserRole))
        return next((info for info in self.backups if info.path == path), None)

    def _say(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    # -- actions

    def open_folder(self) -> None:
        """Show the backup folder in the platform's file manager."""
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(self.folder.text())):
            self._say(self.tr("The file manager could not be opened; the folder is {folder}")
                      .format(folder=self.folder.text()))

    def restore_selected(self) -> bool:
        """Ask, then put the selected backup back. True when it was restored."""
        info = self.selected()
        if info is None or self.read_only:
            return False
        if self.session is not None:
            question = self.tr(
                "Put back the backup taken {when}?\n\nThe workbook as it is now, with every "
                "change made so far, is backed up first, so this can be undone by restoring "
                "that backup. Undo and Redo start afresh.").format(when=backup_summary(info))
        else:
            question = self.tr(
                "Put back the backup taken {when} in place of {name}?\n\nThe file as it is now "
                "is kept as a backup too.").format(when=backup_summary(info),
                                                   name=self.path.name)
        if not dialogs.confirm(self, self.tr("Restore a backup"), question,
                               self.tr("Restore")):
            return False
        try:
            if self.session is not None:
                self.session.commit_drafts()  # the note being typed goes into the backup too
                self.session.store.restore_backup(info.path)
            else:
                from maturity_workbook.store import restore_backup

                restore_backup(self.path, info.path)
        except Exception as exc:  # noqa: BLE001 - shown, and nothing was changed
            log.warning("restoring %s from %s: %s", self.path, info.path, exc)
            dialogs.warn(self, self.tr("Cannot restore the backup"),
                         texts.error_text(exc) + "\n\n" + self.tr("Details: {details}").format(
                             details=texts.details(exc)))
            return False
        self.restored_from = info.path
        if self.session is None:
            self.accept()
            return True
        self.refresh()
        self._say(self.tr("Restored the backup taken {when}. The workbook as it was just "
                          "before is now the newest backup in this list.").format(
                              when=backup_summary(info)))
        return True


def show_backups(window) -> None:
    """File › Backups… for the open workbook."""
    if window.session is None:
        return
    dialog = BackupsDialog(window.session.path, window.session, window)
    dialog.exec()


def restore_chosen_backup(window, path: Path) -> bool:
    """For a workbook that does not open: let the user pick a backup and put it back. True when
    one was restored (the caller then opens the file again)."""
    dialog = BackupsDialog(path, None, window)
    dialog.exec()
    return dialog.restored_from is not None
