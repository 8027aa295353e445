"""Start-up and memory: the app opening the sample workbook vs a bare PySide6 window.

Both run as fresh processes, interleaved, several times. "Ready" is the first moment the Qt event
loop has nothing left to do (QAbstractEventDispatcher.aboutToBlock), measured from just before the
process was started: the window is on screen and answers (menus, keys) while the sample is read
on a background thread (budgeted). Reported beside it: the next idle once the sample's Overview
is built, and when the radar is drawn. Memory is the peak resident set size with the charts in;
its floor is a bare window that has also imported matplotlib (the app needs it for its charts).

    python tests/benchmarks/bench_startup.py [REPEATS]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_IDLE_PROBE = """
import resource, sys, time
from PySide6.QtCore import QAbstractEventDispatcher, QTimer
def _arm(app):
    dispatcher = QAbstractEventDispatcher.instance()
    def idle():
        dispatcher.aboutToBlock.disconnect(idle)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print("IDLE", time.time(), rss, flush=True)
        QTimer.singleShot(0, app.quit)
    dispatcher.aboutToBlock.connect(idle)
"""

BARE = _IDLE_PROBE + textwrap.dedent("""
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
    {extra}
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setCentralWidget(QLabel("bare window"))
    window.resize(1280, 800)
    window.show()
    _arm(app)
    app.exec()
""")

# A second, informational floor: the same bare window plus what any real window of this size
# pays in PySide6 alone: the Qt namespace (its enums are built on first use, ~20-50 ms here), a
# menu bar like ours (5 menus, 34 actions with shortcuts) and a stacked central widget.
MENU_WINDOW = _IDLE_PROBE + textwrap.dedent("""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QStackedWidget
    app = QApplication(sys.argv)
    window = QMainWindow()
    stack = QStackedWidget()
    label = QLabel("a window with menus")
    label.setAlignment(Qt.AlignCenter)
    stack.addWidget(label)
    window.setCentralWidget(stack)
    for menu_name, count in (("&File", 14), ("&Edit", 3), ("&View", 10), ("&Help", 4),
                             ("&Window", 3)):
        menu = window.menuBar().addMenu(menu_name)
        for n in range(count):
            action = QAction(f"Action &{n}…", window)
            action.setShortcut(QKeySequence(f"Ctrl+Shift+F{n % 12 + 1}"))
            action.setStatusTip("what it does")
            menu.addAction(action)
    window.resize(1280, 800)
    window.show()
    _arm(app)
    app.exec()
""")

APP = textwrap.dedent("""
    import resource, sys, time
    # Qt is imported by the app itself, in its own order (the probe imports it only once the
    # application exists), so the measure is start-up as a user's launcher runs it.
    import maturity_workbook.app as mw_app
    _create = mw_app.create_application
    def _arm_opened():
        # the sample's Overview is on screen: report at the next idle after it is built
        import maturity_workbook.ui.main_window as mw
        shown = mw.MainWindow.opened
        def opened(self, store):
            shown(self, store)
            from PySide6.QtCore import QAbstractEventDispatcher
            dispatcher = QAbstractEventDispatcher.instance()
            def idle():
                dispatcher.aboutToBlock.disconnect(idle)
                print("OPENED", time.time(), 0, flush=True)
            dispatcher.aboutToBlock.connect(idle)
        mw.MainWindow.opened = opened
    def _arm_app(app):
        # first idle: the window is usable. Then wait for the radar (matplotlib loads on a
        # background thread) and report memory with the charts in.
        from PySide6.QtCore import QAbstractEventDispatcher, QTimer
        dispatcher = QAbstractEventDispatcher.instance()
        def idle():
            dispatcher.aboutToBlock.disconnect(idle)
            print("IDLE", time.time(), 0, flush=True)
            QTimer.singleShot(20, charts_ready)
        def charts_ready():
            window = app.activeWindow() or app.topLevelWidgets()[0]
            view = getattr(window, "workbook_view", None)
            panel = view.overview.radar if view is not None else None
            if panel is None or panel.canvas is None:
                QTimer.singleShot(20, charts_ready)
                return
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            print("CHARTS", time.time(), rss, flush=True)
            QTimer.singleShot(0, app.quit)
        dispatcher.aboutToBlock.connect(idle)
    def create_and_arm(argv):
        app = _create(argv)
        _arm_opened()
        from PySide6.QtCore import QTimer
        QTimer.singleShot(0, lambda: _arm_app(app))  # after the window is shown, file opened
        return app
    mw_app.create_application = create_and_arm
    sys.exit(mw_app.main(["--sample"]))
""")


def _run_once(code: str, env: dict, event: str = "IDLE") -> tuple[float, int]:
    """Seconds from process start to `event` (IDLE, or CHARTS for the app), and peak RSS (KiB)
    at the last event reported."""
    return _run_events(code, env)[event]


def _run_events(code: str, env: dict) -> dict[str, tuple[float, int]]:
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         timeout=120)
    events = {}
    for line in out.stdout.splitlines():
        name, stamp, rss = line.split()
        events[name] = (float(stamp) - start, int(rss))
    if "IDLE" not in events:
        raise RuntimeError(f"no idle report; stderr:\n{out.stderr[-2000:]}")
    return events


def run(repeats: int = 7) -> dict:
    data = Path(tempfile.mkdtemp(prefix="mw-bench-"))
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               MATURITY_WORKBOOK_DATA_DIR=str(data),
               PYTHONPATH=os.pathsep.join([str(ROOT / "desktop"), os.environ.get("PYTHONPATH", "")]),
               XDG_CONFIG_HOME=str(data / "config"))
    bare_code = BARE.format(extra="")
    bare_mpl_code = BARE.format(extra="import matplotlib.figure, matplotlib.backends.backend_qtagg")
    try:
        _run_once(APP, env)  # warm the OS file cache and create the sample copy
        _run_once(bare_code, env)
        app_t, open_t, chart_t, bare_t, app_mem, floor_mem = [], [], [], [], [], []
        menu_t = []
        for _ in range(repeats):
            t, _rss = _run_once(bare_code, env)
            bare_t.append(t)
            menu_t.append(_run_once(MENU_WINDOW, env)[0])
            events = _run_events(APP, env)
            app_t.append(events["IDLE"][0])
            open_t.append(events["OPENED"][0])
            chart_t.append(events["CHARTS"][0])
            app_mem.append(events["CHARTS"][1])
            _t, rss = _run_once(bare_mpl_code, env)
            floor_mem.append(rss)
    finally:
        shutil.rmtree(data, ignore_errors=True)
    startup, floor = statistics.median(app_t), statistics.median(bare_t)
    memory, memory_floor = statistics.median(app_mem), statistics.median(floor_mem)
    return {
        "start-up to an idle window, opening the sample": {
            "median": startup, "floor": floor, "budget": 1.5, "unit": "s",
            "floor_name": "bare PySide6 window"},
        "start-up to an idle window, opening the sample (against a window with menus)": {
            "median": startup, "floor": statistics.median(menu_t), "budget": None, "unit": "s",
            "floor_name": "PySide6 window with a menu bar like ours"},
        "start-up until the sample's Overview shows": {
            "median": statistics.median(open_t), "floor": floor, "budget": None, "unit": "s",
            "floor_name": "bare PySide6 window"},
        "start-up until the radar is drawn": {
            "median": statistics.median(chart_t), "floor": floor, "budget": None, "unit": "s",
            "floor_name": "bare PySide6 window"},
        "peak memory, sample open, charts drawn": {
            "median": memory / 1024, "floor": memory_floor / 1024, "budget": None, "unit": "MiB",
            "floor_name": "bare window + matplotlib imported"},
    }


if __name__ == "__main__":
    for name, m in run(int(sys.argv[1]) if len(sys.argv) > 1 else 7).items():
        print(f"{name}: {m['median']:.3f} {m['unit']} vs {m['floor']:.3f} ({m['floor_name']}): "
              f"ratio {m['median'] / m['floor']:.2f}")
