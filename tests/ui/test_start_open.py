"""The first workbook opens off the GUI thread: the window answers meanwhile, the workbook (or why
not) arrives as if it had been opened from the menu, and a choice the user made meanwhile wins."""

import subprocess
import sys

from maturity_workbook.store import WorkbookStore
from maturity_workbook.ui import dialogs
from maturity_workbook.ui.start_open import FIRST_WINDOW_MODULES
from tests.ui.conftest import make_workbook


def _settled(window):
    return window.opening is None


def test_the_window_shows_opening_then_the_workbook(window, qtbot, workbook_path):
    make_workbook(workbook_path)
    window.open_at_start(workbook_path)
    page = window.stack.currentWidget()
    assert page is not window.welcome and workbook_path.name in page.text()
    qtbot.waitUntil(lambda: _settled(window), timeout=10_000)
    assert window.session is not None
    assert window.session.path == workbook_path
    assert window.stack.currentWidget() is window.workbook_view
    pages = [window.stack.widget(i) for i in range(window.stack.count())]
    assert not [p for p in pages if workbook_path.name in getattr(p, "text", str)()]  # gone


def test_a_file_that_cannot_be_opened_gets_the_usual_dialog(window, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "damaged.mwb"
    path.write_bytes(b'{"workbook": {"1": {"id": "x", "na')
    before = path.read_bytes()
    shown = []
    monkeypatch.setattr(dialogs, "explain_open_error",
                        lambda parent, p, message, backups, details="":
                        shown.append((p, message)) or dialogs.CANCEL)
    window.open_at_start(path)
    qtbot.waitUntil(lambda: _settled(window), timeout=10_000)
    [(shown_path, message)] = shown
    assert shown_path == path and "damaged" in message.lower()
    assert window.session is None and window.stack.currentWidget() is window.welcome
    assert path.read_bytes() == before


def test_a_missing_file_is_said_and_forgotten(window, qtbot, tmp_path, no_modal_dialogs):
    path = tmp_path / "moved away.mwb"
    window.open_at_start(path)
    qtbot.waitUntil(lambda: _settled(window), timeout=10_000)
    assert window.session is None and window.stack.currentWidget() is window.welcome
    assert [kind for kind, _title, _text in no_modal_dialogs] == ["warn"]


def test_a_workbook_the_user_opened_meanwhile_wins(window, qtbot, tmp_path):
    first, chosen = tmp_path / "first.mwb", tmp_path / "chosen.mwb"
    make_workbook(first)
    make_workbook(chosen)
    window.open_at_start(first)
    assert window.open_path(chosen)  # from the menu, before the first one has arrived
    qtbot.waitUntil(lambda: _settled(window), timeout=10_000)
    assert window.session.path == chosen
    WorkbookStore.open(first).close()  # the first one was closed again: not left locked


def test_the_frameworks_are_loaded_once_whoever_asks_first(window, qtbot, workbook_path):
    make_workbook(workbook_path)
    window.open_at_start(workbook_path)
    catalog = window.catalog  # the GUI thread asking while the opener loads it
    qtbot.waitUntil(lambda: _settled(window), timeout=10_000)
    assert window.catalog is catalog and window.session.catalog is catalog


def test_the_sample_is_copied_and_opened_off_the_gui_thread(window, qtbot, tmp_path, monkeypatch):
    import maturity_workbook.store.sample as sample

    monkeypatch.setattr(sample, "data_dir", lambda: tmp_path / "data")
    window.open_at_start(sample=True)
    qtbot.waitUntil(lambda: _settled(window), timeout=20_000)
    assert window.session.path == tmp_path / "data" / sample.COPY_NAME
    assert window.session.store.workbook.assessments  # the sample's history, not an empty file


def test_a_sample_that_cannot_be_copied_is_said(window, qtbot, tmp_path, monkeypatch,
                                                 no_modal_dialogs):
    import maturity_workbook.store.sample as sample

    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("x")
    monkeypatch.setattr(sample, "data_dir", lambda: blocker / "data")
    window.open_at_start(sample=True)
    qtbot.waitUntil(lambda: _settled(window), timeout=10_000)
    assert window.session is None and window.stack.currentWidget() is window.welcome
    [(kind, title, _text)] = no_modal_dialogs
    assert kind == "warn" and "sample" in title.lower()
    assert blocker.read_text() == "x"


def test_the_preloaded_modules_need_no_qt_so_the_thread_never_touches_widgets():
    code = ("import sys\n" + "".join(f"import {m}\n" for m in FIRST_WINDOW_MODULES)
            + "print(any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"
