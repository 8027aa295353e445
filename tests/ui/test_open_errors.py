"""Files that cannot be opened get a dialog that says why and what to do; nothing is overwritten."""

import json

import pytest

from maturity_workbook.ui import dialogs
from tests.ui.conftest import make_workbook


def _newer(path):
    make_workbook(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    for table in data.values():
        for record in table.values():
            if "schema_version" in record:
                record["schema_version"] = 99
    path.write_text(json.dumps(data), encoding="utf-8")


CASES = {
    "corrupt": (lambda p: p.write_bytes(b'{"workbook": {"1": {"id": "x", "na'), "damaged"),
    "empty": (lambda p: p.write_bytes(b""), "empty"),
    "not a workbook": (lambda p: p.write_text('{"recipes": {"1": {"name": "soup"}}}'),
                       "not a"),
    "newer": (_newer, "newer"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_file_gets_a_dialog_and_stays_untouched(window, tmp_path, monkeypatch, case):
    make, expected = CASES[case]
    path = tmp_path / f"{case}.mwb"
    make(path)
    before = path.read_bytes()
    shown = []
    monkeypatch.setattr(dialogs, "explain_open_error",
                        lambda parent, p, message, backups, details="":
                        shown.append((p, message, details)) or dialogs.CANCEL)
    assert window.open_path(path) is False
    assert window.session is None and window.stack.currentWidget() is window.welcome
    [(shown_path, message, details)] = shown
    assert shown_path == path and expected in message.lower()
    assert details and details != message  # the store's English line, behind "Details"
    assert path.read_bytes() == before


def test_restore_a_backup_from_the_dialog(window, tmp_path, monkeypatch):
    from maturity_workbook.store import WorkbookStore, list_backups

    path = tmp_path / "damaged.mwb"
    aid, _ = make_workbook(path)
    store = WorkbookStore.open(path)
    store.rename("Acme Academy, renamed")  # the first save of a session keeps a backup first
    store.close()
    assert list_backups(path)
    path.write_bytes(b"\x00garbage")
    monkeypatch.setattr(dialogs, "explain_open_error",
                        lambda parent, p, message, found, details="": dialogs.RESTORE_BACKUP)
    assert window.open_path(path)
    assert aid in window.session.workbook.assessments
    assert window.session.workbook.name == "damaged"  # the state before that session's edits
    assert any(b.read_bytes() == b"\x00garbage" for b in list_backups(path))  # damage kept


def test_missing_file_is_removed_from_recent(window, tmp_path, app_settings, no_modal_dialogs):
    gone = tmp_path / "gone.mwb"
    app_settings.add_recent(gone)
    assert window.open_path(gone) is False
    assert gone not in app_settings.recent_files()
    assert no_modal_dialogs[-1][0] == "warn"


def test_unexpected_error_shows_log_path(qtbot, monkeypatch, tmp_path):
    from maturity_workbook import app

    shown = []
    monkeypatch.setattr(dialogs, "show_unexpected_error", lambda exc, path: shown.append((exc, path)))
    monkeypatch.setattr("sys.excepthook", __import__("sys").excepthook)
    app.install_crash_dialog(tmp_path / "mw.log")
    import sys

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert shown and str(shown[0][0]) == "boom" and shown[0][1] == tmp_path / "mw.log"
