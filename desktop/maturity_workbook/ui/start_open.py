"""Opening the first workbook without holding up the window: the file is read, checked and
scored into memory on a background thread while the window is already on screen and answers;
the Overview is built when it is ready.

Only start-up uses this (the sample, a file given on the command line, the last workbook).
Opening from the File menu stays synchronous: the user asked for it and waits for it.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel

# plain-Python modules the first window needs (tests/test_layers.py keeps them free of Qt)
FIRST_WINDOW_MODULES = (
    "maturity_workbook.store.workbook_store", "maturity_workbook.core.advice",
    "maturity_workbook.core.catalog", "maturity_workbook.core.ops", "maturity_workbook.paths",
)


def preload_domain() -> None:
    """Import the domain the first workbook needs, on the thread that opens it, so the window
    does not wait for it."""
    import importlib

    for name in FIRST_WINDOW_MODULES:
        importlib.import_module(name)
    from maturity_workbook.core.kinds import kinds

    kinds()  # the record kinds a workbook's tables are read with (plan, customers, ...)


class StartOpener(QObject):
    """Reads one workbook (and the framework catalog) off the GUI thread; `finished` brings the
    store, or the error, back to the GUI thread."""

    finished = Signal(object, object, object)  # store or None, error or None, catalog or None
    done = Signal()  # the workbook is shown, or why not has been said

    def __init__(self, window, path: Path | None, read_only: bool, sample: bool = False):
        super().__init__(window)
        self.window = window
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self.sample = sample  # copy the sample into the data folder first (on the thread too)
        self.sample_error: OSError | None = None
        self.page = QLabel(self.tr("Opening the sample…") if sample else
                           self.tr("Opening {name}…").format(name=self.path.name))
        self.page.setAlignment(Qt.AlignCenter)
        self.page.setTextFormat(Qt.PlainText)
        self.finished.connect(self._done, Qt.QueuedConnection)

    def start(self) -> None:
        self.window.stack.addWidget(self.page)
        self.window.stack.setCurrentWidget(self.page)
        threading.Thread(target=self._open, name="open-workbook", daemon=True).start()

    def _open(self) -> None:
        store = error = catalog = None
        try:
            preload_domain()
            catalog = self.window.load_catalog_now()
            if self.sample:
                from maturity_workbook.store.sample import ensure_sample_copy

                try:
                    self.path = ensure_sample_copy()
                except OSError as exc:
                    self.sample_error = exc
                    raise
            if self.path.exists():  # a missing file is said on the GUI thread
                from maturity_workbook.store import WorkbookStore

                store = WorkbookStore.open(self.path, read_only=self.read_only)
        except BaseException as exc:  # noqa: BLE001 - reported on the GUI thread
            error = exc
        try:
            self.finished.emit(store, error, catalog)
        except RuntimeError:  # the window closed (app quitting) while the file was read
            if store is not None:
                store.close()

    def _done(self, store, error, catalog) -> None:
        window = self.window
        window.stack.removeWidget(self.page)
        self.page.deleteLater()
        window.opening = None
        if window.session is not None:  # the user opened another workbook meanwhile: theirs wins
            if store is not None:
                store.close()
        elif store is not None:
            window.opened(store)
        elif self.sample_error is not None:
            window.sample_not_copied(self.sample_error)
        elif self.path is None:  # the sample was never reached: not a file's problem
            raise error
        else:
            window.open_path(self.path, read_only=self.read_only, error=error)
        if window.session is None:
            window.stack.setCurrentWidget(window.welcome)
        self.done.emit()
        self.deleteLater()
