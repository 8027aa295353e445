"""Render every screen to PNG (offscreen) at 1280x800 and 1024x640, to look at before a release.

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py [OUTDIR]
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "desktop"))


def main(out: Path) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from maturity_workbook.app import create_application
    from maturity_workbook.resources import resource_path
    from maturity_workbook.ui.main_window import MainWindow
    from maturity_workbook.ui.settings import AppSettings

    out.mkdir(parents=True, exist_ok=True)
    app = create_application([])
    tmp = Path(tempfile.mkdtemp())
    os.environ["MATURITY_WORKBOOK_DATA_DIR"] = str(tmp / "data")
    sample = tmp / "Sample.mwb"
    shutil.copy(resource_path("samples", "sample.mwb"), sample)
    settings = AppSettings(QSettings(str(tmp / "s.ini"), QSettings.IniFormat))
    settings.add_recent(sample)

    import time

    from maturity_workbook.ui.chart_widget import chart_module_loader

    def settle():
        """Let pending work finish, including the charts' background import and first draw."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            app.processEvents()
            if chart_module_loader().loaded():
                break
            time.sleep(0.02)
        for _ in range(5):
            app.processEvents()

    for width, height in ((1280, 800), (1024, 640)):
        window = MainWindow(settings=settings)
        window.resize(width, height)
        window.show()
        settle()
        window.grab().save(str(out / f"welcome-{width}.png"))
        window.open_path(sample)
        view = window.workbook_view
        for index, name in ((0, "overview"), (2, "history"), (1, "assess-list")):
            view.show_screen(index)
            settle()
            window.grab().save(str(out / f"{name}-{width}.png"))
        latest = window.session.workbook.latest(final_only=True)
        view.show_assess(latest.id)
        wizard = view.assess.wizard
        wizard.go_next()
        settle()
        window.grab().save(str(out / f"wizard-{width}.png"))
        window.close_workbook()
        window.close()
    print(f"screenshots in {out}")
    QApplication.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots"))
