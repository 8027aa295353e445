"""When a workbook opens: conflict copies a sync service left beside it, and the offer to merge.

A file lock only works within one computer. When two computers edit the same workbook in a
synced folder (Dropbox, OneDrive, Nextcloud, Syncthing, ...), the service keeps one file under
the name and puts the other beside it as a "conflict copy" whose edits are invisible until merged
(docs/reliability.md). store/synced.py finds those copies (same workbook identity, by name
patterns) and names the service; this module shows a banner above the open workbook that says
so, and merges the copies with the ordinary import on request (a backup is taken by the store),
then shows what came in. A merged copy is remembered (by path, size and time) so it is not
offered again, unless it changes; the report offers to move it to the trash.
"""

from __future__ import annotations

import html
import logging
import os
from pathlib import Path

from PySide6.QtCore import QTimer, QUrl, Qt, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from maturity_workbook.ui import dialogs, texts

log = logging.getLogger(__name__)

MERGED_KEY = "conflict_copies/merged"  # QSettings: signatures of copies merged already
MAX_REMEMBERED = 200
MAX_NAMES_SHOWN = 4


def signature(path: Path) -> str:
    """A copy as it is now: a changed copy (synced again later) is offered again."""
    try:
        st = os.stat(path)
    except OSError:
        return ""
    return f"{os.path.realpath(path)}|{st.st_size}|{st.st_mtime_ns}"


def merged_signatures(settings) -> list[str]:
    if settings is None:
        return []
    raw = settings.qs.value(MERGED_KEY, [])
    return [raw] if isinstance(raw, str) and raw else list(raw or [])


def remember_merged(settings, copies: list[Path]) -> None:
    if settings is None:
        return
    known = merged_signatures(settings)
    new = [s for s in (signature(c) for c in copies) if s and s not in known]
    settings.qs.setValue(MERGED_KEY, (known + new)[-MAX_REMEMBERED:])


def copies_to_offer(store, settings=None) -> list[Path]:
    """The conflict copies of the open workbook that have not been merged as they are now."""
    from maturity_workbook.store.synced import conflict_copies

    merged = set(merged_signatures(settings))
    return [c for c in conflict_copies(store.path, store.workbook.id)
            if signature(c) not in merged]


class ConflictCopiesBanner(QFrame):
    """Above the open workbook: which copies were found, why they exist, and the offer."""

    merged = Signal(object)  # the store's ImportReport

    def __init__(self, session, copies: list[Path], service: str | None, settings=None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.copies = list(copies)
        self.service = service
        self.settings = settings
        self.report_dialog = None
        self.setObjectName("conflictCopiesBanner")
        self.setFrameShape(QFrame.StyledPanel)
        self.setStyleSheet("#conflictCopiesBanner { background: #e8f1fb; border: 1px solid "
                           "#7aa7d6; border-radius: 4px; } #conflictCopiesBanner QLabel "
                           "{ color: #10243a; }")
        self.setAccessibleName(self.tr("Conflict copies found"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        self.title = QLabel("<b>" + html.escape(self._found(len(self.copies))) + "</b>")
        self.title.setTextFormat(Qt.RichText)
        layout.addWidget(self.title)
        self.names = QLabel(self._names_html())
        self.names.setTextFormat(Qt.RichText)
        self.names.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.names.setWordWrap(True)
        layout.addWidget(self.names)
        self.explanation = QLabel(self._explanation())
        self.explanation.setWordWrap(True)
        layout.addWidget(self.explanation)

        row = QHBoxLayout()
        self.merge_button = QPushButton(self.tr("Merge into This &Workbook"))
        self.merge_button.setToolTip(self.tr(
            "Merge the copies with the usual merge rules; the workbook is backed up first"))
        self.merge_button.clicked.connect(self.merge)
        self.merge_button.setEnabled(not session.read_only)
        self.folder_button = QPushButton(self.tr("Show Where The&y Are"))
        self.folder_button.setToolTip(self.tr("Open the workbook's folder in the file manager"))
        self.folder_button.clicked.connect(self.show_folder)
        self.later_button = QPushButton(self.tr("Ask Again Next Time"))
        self.later_button.setToolTip(self.tr("Hide this; the copies are offered again the next "
                                             "time the workbook is opened"))
        self.later_button.clicked.connect(self.dismiss)
        row.addWidget(self.merge_button)
        row.addWidget(self.folder_button)
        row.addStretch(1)
        row.addWidget(self.later_button)
        layout.addLayout(row)

    def _names_html(self) -> str:
        shown = [html.escape(p.name) for p in self.copies[:MAX_NAMES_SHOWN]]
        rest = len(self.copies) - len(shown)
        if rest > 0:
            shown.append(html.escape(self.tr("and %n more", "", rest)))
        return "<br>".join("• " + name for name in shown)

    def _found(self, count: int) -> str:
        if self.service:
            return self.tr("%n conflict cop(ies) of this workbook from {service}", "",
                           count).format(service=self.service)
        return self.tr("%n conflict cop(ies) of this workbook", "", count)

    def _explanation(self) -> str:
        if self.service:
            why = self.tr("{service} keeps such a copy when the workbook was changed on two "
                          "computers at once, or on one that was offline. Its edits are not "
                          "in this workbook until they are merged.").format(service=self.service)
        else:
            why = self.tr("A sync service keeps such a copy when the workbook was changed on "
                          "two computers at once, or on one that was offline. Its edits are "
                          "not in this workbook until they are merged.")
        if self.session.read_only:
            return why + " " + self.tr("This workbook is open read-only here; open it for "
                                       "editing to merge them.")
        return why + " " + self.tr("Merging keeps every edit; where the same value was changed "
                                   "on both, the later edit wins and the other is listed. The "
                                   "workbook is backed up first.")

    # -- actions

    def merge(self) -> bool:
        """Merge the copies into the open workbook; show what came in. True when merged."""
        store = self.session.store
        self.session.commit_drafts()  # the note being typed is part of what is merged into
        try:
            report = store.import_sources(self.copies, catalog=self.session.catalog)
        except Exception as exc:  # noqa: BLE001 - worded for the user; nothing was changed
            log.warning("merging conflict copies of %s: %s", store.path, exc)
            dialogs.warn(self, self.tr("Cannot merge the copies"),
                         texts.error_text(exc) + "\n\n" + self.tr("Details: {details}").format(
                             details=texts.details(exc)))
            return False
        remember_merged(self.settings, self.copies)
        self.hide()
        self.merged.emit(report)
        self.show_report(report)
        return True

    def show_report(self, report) -> None:
        from maturity_workbook.ui.import_report import ImportReportDialog

        self.report_dialog = ImportReportDialog(report, self.session.workbook,
                                                self.session.catalog, self.copies,
                                                self.window())
        self.report_dialog.exec()

    def show_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.session.path).parent)))

    def dismiss(self) -> None:
        self.hide()
        view = self.parentWidget()
        if view is not None:
            view.setFocus()


def offer(window) -> ConflictCopiesBanner | None:
    """Look for conflict copies of the window's open workbook; when there are some, put the
    banner above the workbook's screens. Returns the banner (None when nothing was found)."""
    session, view = window.session, window.workbook_view
    if session is None or view is None:
        return None
    try:
        copies = copies_to_offer(session.store, getattr(window, "settings", None))
    except OSError as exc:  # an unreadable folder: nothing to offer
        log.warning("looking for conflict copies of %s: %s", session.path, exc)
        return None
    if not copies:
        return None
    from maturity_workbook.store.synced import sync_service

    banner = ConflictCopiesBanner(session, copies, sync_service(session.path),
                                  getattr(window, "settings", None), view)
    layout = view.layout()
    layout.insertWidget(layout.indexOf(view.banner) + 1, banner)  # below the read-only notice
    view.conflict_banner = banner
    return banner


def offer_later(window) -> None:
    """After the workbook is on screen (looking reads the folder): `offer`, if the same
    workbook is still open then."""
    session = window.session

    def run() -> None:
        if window.session is session and session is not None:
            offer(window)

    QTimer.singleShot(0, run)
