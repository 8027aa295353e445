"""Start-up of the window: logging, the crash dialog, the application object, the main window.

Kept light on purpose: matplotlib and the report are imported only when a chart or a PDF is first
needed (the charts' import starts once the first window is idle), and the first workbook is read,
with the domain modules it needs, on a background thread while the window is already up.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from pathlib import Path

from maturity_workbook import APP_ID, APP_NAME, DESKTOP_ID, __version__

log = logging.getLogger(__name__)


LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3


def rotate_log(path: Path, max_bytes: int = LOG_MAX_BYTES, backups: int = LOG_BACKUPS) -> None:
    """Keep the log small: at start-up a log over `max_bytes` becomes .1 (and .1 becomes .2, ...).
    Done once per start rather than by logging.handlers, which start-up would have to import."""
    try:
        if path.stat().st_size <= max_bytes:
            return
    except OSError:
        return
    for n in range(backups - 1, 0, -1):
        older = path.with_name(f"{path.name}.{n}")
        if older.exists():
            os.replace(older, path.with_name(f"{path.name}.{n + 1}"))
    os.replace(path, path.with_name(f"{path.name}.1"))


def setup_logging() -> Path:
    """A log file in the platform's log folder, rotated at start-up; its path is shown in the
    crash dialog."""
    from maturity_workbook.paths import log_dir

    folder = log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{APP_ID}.log"
        rotate_log(path)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        path = Path("(no log file: the log folder is not writable)")
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def install_crash_dialog(log_path: Path) -> None:
    """An unexpected error shows a dialog with the log's path instead of killing the window."""

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("unexpected error\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        from maturity_workbook.ui.dialogs import show_unexpected_error

        show_unexpected_error(exc, log_path)

    sys.excepthook = hook


def parse_gui_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=APP_ID, add_help=False)
    parser.add_argument("file", nargs="?", help="a workbook file to open")
    parser.add_argument("--sample", action="store_true",
                        help="open a copy of the sample workbook from the data folder")
    parser.add_argument("--read-only", action="store_true", help="open without editing")
    args, _qt_args = parser.parse_known_args(argv)
    return args


def create_application(argv: list[str]):
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_ID)
    app.setDesktopFileName(DESKTOP_ID)  # links the window to the menu entry on Wayland and KDE
    from maturity_workbook.ui.i18n import install_translations

    install_translations(app)  # a few small files, memory-mapped: no cost worth measuring
    return app


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_gui_args(argv)
    log_path = setup_logging()
    app = create_application(argv)
    install_crash_dialog(log_path)

    from maturity_workbook.ui.main_window import MainWindow

    window = MainWindow(log_path=log_path)
    window.show()
    if args.sample:
        window.open_at_start(sample=True)
    elif args.file:
        window.open_at_start(Path(args.file), read_only=args.read_only)
    else:
        window.restore_last_workbook(at_start=True)
    return app.exec()
