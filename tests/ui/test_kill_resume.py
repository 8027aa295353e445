"""Kill the app mid-assessment (a real process, SIGKILL) and find every acknowledged change."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from maturity_workbook.store import WorkbookStore
from tests.ui.conftest import make_workbook

APP_SCRIPT = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QSettings, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from maturity_workbook.app import create_application
    from maturity_workbook.ui.main_window import MainWindow
    from maturity_workbook.ui.settings import AppSettings

    path, settings_path, aid = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    app = create_application([])
    window = MainWindow(settings=AppSettings(QSettings(settings_path, QSettings.IniFormat)))
    window.show()
    assert window.open_path(path)
    window.workbook_view.show_assess(aid)
    wizard = window.workbook_view.assess.wizard
    for _ in range(3):
        QTest.keyClick(wizard.page.rows[0][1], "3")
        QTest.keyClick(wizard.page.rows[1][1], "2")
        wizard.page.note.setPlainText("kept after the kill: " + wizard.current)
        wizard.go_next()
    def report():
        window.session.store.flush()
        print("READY", wizard.current, flush=True)
    QTimer.singleShot(0, report)
    app.exec()
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_changes_survive_sigkill_and_the_wizard_resumes(tmp_path, qtbot, window):
    workbook = tmp_path / "killed.mwb"
    aid, (ada, ben) = make_workbook(workbook)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    proc = subprocess.Popen([sys.executable, "-c", APP_SCRIPT, str(workbook),
                             str(tmp_path / "s.ini"), aid],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline()
        assert line.startswith("READY"), proc.stderr.read()
        position = line.split()[1]
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    store = WorkbookStore.open(workbook, read_only=True)
    try:
        assessment = store.workbook.assessments[aid]
        rated = [i for i, e in assessment.entries.items() if e.ratings]
        assert len(rated) == 3
        for item_id in rated:
            entry = assessment.entries[item_id]
            assert entry.ratings == {ada: 3, ben: 2}
            assert entry.note == f"kept after the kill: {item_id}"
        assert assessment.position == position
    finally:
        store.close()
    # and the window resumes there
    window.open_path(workbook)
    window.workbook_view.show_assess(aid)
    assert window.workbook_view.assess.wizard.current == position
