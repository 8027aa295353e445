"""The file: plain TinyDB JSON that stock tools read, UTF-8 whatever the locale, UUIDs on every
record; files that cannot be used are refused with a distinct error and never touched; older
schema versions are migrated after a backup; backups can be restored."""

import json
import os
import shutil
import subprocess
import sys
import textwrap
import uuid

import pytest

from maturity_workbook.store import (
    CorruptWorkbookError, EmptyWorkbookError, NewerWorkbookError, NotAWorkbookError,
    WorkbookError, WorkbookLockedError, WorkbookStore, list_backups, restore_backup,
)
from maturity_workbook.store import Reloaded, backups, decode, records
from maturity_workbook.store.atomic import leftover_temps
from tests.store.helpers import ROOT, content, populated


@pytest.fixture
def saved(tmp_path):
    store = WorkbookStore.create(tmp_path / "f.mwb", "Format")
    a, pids = populated(store)
    store.close()
    return store.path, content(store.workbook), a


def test_stock_tinydb_reads_every_table(saved):
    from tinydb import Query, TinyDB

    path, expected, a = saved
    before = path.read_bytes()
    db = TinyDB(path, encoding="utf-8", access_mode="r")
    try:
        assert {"workbook", "participants", "assessments", "entries", "targets", "goals",
                "actions", "conflicts"} <= db.tables()
        identity = db.table("workbook").all()[0]
        assert identity["kind"] == "maturity-workbook"
        assert identity["schema_version"] == records.SCHEMA_VERSION
        assert len(db.table("participants")) == 3
        entry = db.table("entries").get(Query().item_id == "a1")
        assert entry["assessment_id"] == a.id and entry["note"].startswith("Zoë")
        assert db.table("targets").all()[0]["level"] == 3
        for table in ("workbook", "participants", "assessments", "entries", "targets"):
            for record in db.table(table).all():
                uuid.UUID(record["id"])  # every record has a UUID
    finally:
        db.close()
    assert path.read_bytes() == before


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
def test_jq_reads_it(saved):
    path, expected, a = saved
    out = subprocess.run(["jq", "-r", '.entries[] | select(.item_id == "a1") | .note',
                          str(path)], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "Zoë said — «ça marche» 日本 ✓"


def test_one_record_per_line_in_utf8(saved):
    path, expected, a = saved
    data = path.read_bytes()
    assert "Zoë said — «ça marche» 日本 ✓".encode("utf-8") in data
    lines = data.decode("utf-8").splitlines()
    records_lines = [line for line in lines if line.startswith('"') and '": {"id"' in line]
    assert len(records_lines) == 1 + 3 + 1 + 4 + 1  # workbook, people, assessment, entries,
    #                                                 target
    json.loads(data)


def test_utf8_whatever_the_locale(tmp_path):
    name = ascii("Zoë — 日本")  # the command line itself must stay ASCII under LC_ALL=C
    script = textwrap.dedent(f"""
        import locale, sys
        sys.path.insert(0, {str(ROOT / 'desktop')!r})
        assert locale.getpreferredencoding(False).lower() not in ("utf-8", "utf8")
        from maturity_workbook.store import Reloaded, WorkbookStore
        store = WorkbookStore.create({str(tmp_path / 'locale.mwb')!r}, {name})
        store.close()
        again = WorkbookStore.open({str(tmp_path / 'locale.mwb')!r}, read_only=True)
        print(again.workbook.name == {name})
    """)
    env = {"PATH": os.environ.get("PATH", ""), "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0",
           "PYTHONCOERCECLOCALE": "0", "MATURITY_WORKBOOK_DATA_DIR": str(tmp_path / "d")}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
    assert "Zoë — 日本".encode("utf-8") in (tmp_path / "locale.mwb").read_bytes()


def test_lone_surrogates_are_replaced_not_fatal(tmp_path):
    store = WorkbookStore.create(tmp_path / "s.mwb", "S")
    store.rename("broken \ud800 paste")
    assert store.flush()
    store.close()
    assert WorkbookStore.open(store.path, read_only=True).workbook.name == "broken \ufffd paste"


CASES = {
    "empty": (b"", EmptyWorkbookError),
    "blank": (b"  \n", EmptyWorkbookError),
    "truncated": (None, CorruptWorkbookError),
    "bad utf-8": (None, CorruptWorkbookError),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", NotAWorkbookError),
    "text": (b"hello, world\n", NotAWorkbookError),
    "other json": (b'{"_default": {"1": {"a": 1}}}', NotAWorkbookError),
    "json list": (b"[1, 2, 3]", NotAWorkbookError),
    "newer": (None, NewerWorkbookError),
    "wrong type": (None, CorruptWorkbookError),
    "dangling entry": (None, CorruptWorkbookError),
    "bad date": (None, CorruptWorkbookError),
    "nan": (None, CorruptWorkbookError),
}


def _case_bytes(name, good: bytes) -> bytes:
    data, _ = CASES[name]
    if data is not None:
        return data
    obj = json.loads(good)
    if name == "truncated":
        return good[: len(good) * 2 // 3]
    if name == "bad utf-8":
        return good.replace("Zoë".encode(), b"Zo\xff\xfe")
    if name == "newer":
        obj["workbook"]["1"]["schema_version"] = records.SCHEMA_VERSION + 1
    if name == "wrong type":
        obj["entries"]["1"]["ratings"] = "three"
    if name == "dangling entry":
        obj["entries"]["1"]["assessment_id"] = "ghost"
    if name == "bad date":
        obj["assessments"]["1"]["date"] = "yesterday"
    if name == "nan":
        return json.dumps(obj).replace('"reassess_months": 6', '"reassess_months": NaN').encode()
    return json.dumps(obj).encode()


@pytest.mark.parametrize("case", list(CASES))
def test_unusable_files_are_refused_and_left_byte_identical(saved, case):
    path, expected, a = saved
    good = path.read_bytes()
    data = _case_bytes(case, good)
    path.write_bytes(data)
    stat = path.stat()
    for read_only in (False, True):
        with pytest.raises(CASES[case][1]) as caught:
            WorkbookStore.open(path, read_only=read_only)
        message = str(caught.value)
        assert "\n" not in message and str(path) in message and "Traceback" not in message
        assert caught.value.path == path
    assert path.read_bytes() == data and path.stat().st_mtime_ns == stat.st_mtime_ns
    assert leftover_temps(path) == []
    path.write_bytes(good)  # repaired: the failed opens left no lock behind
    WorkbookStore.open(path).close()


def test_newer_error_says_update(saved):
    path, expected, a = saved
    path.write_bytes(_case_bytes("newer", path.read_bytes()))
    with pytest.raises(NewerWorkbookError, match="newer version") as caught:
        WorkbookStore.open(path)
    assert caught.value.file_version == records.SCHEMA_VERSION + 1


def test_bom_and_unknown_fields_are_accepted_and_kept(saved):
    path, expected, a = saved
    obj = json.loads(path.read_bytes())
    obj["entries"]["1"]["future_field"] = {"x": [1, 2]}
    obj["_default"] = {"1": {"added": "by another TinyDB program"}}
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(obj).encode())
    store = WorkbookStore.open(path)
    assert content(store.workbook) == expected
    store.rename("touch")
    store.close()
    again = json.loads(path.read_bytes())
    assert any(r.get("future_field") == {"x": [1, 2]} for r in again["entries"].values())
    assert list(again["_default"].values()) == [{"added": "by another TinyDB program"}]


def test_leftover_temp_files_are_removed_at_next_open(saved):
    path, expected, a = saved
    stale = path.with_name(f".{path.name}.0badc0de.tmp")
    stale.write_bytes(b'{"half": ')
    unrelated = path.with_name("notes.tmp")
    unrelated.write_bytes(b"keep")
    WorkbookStore.open(path, read_only=True).close()
    assert stale.exists()  # a reader never cleans: the writer may be alive
    WorkbookStore.open(path).close()
    assert not stale.exists() and unrelated.exists()


def _as_version_zero(good: bytes) -> bytes:
    """A synthetic older layout: version 0 called a participant's role 'title'."""
    obj = json.loads(good)
    obj["workbook"]["1"]["schema_version"] = 0
    for record in obj["participants"].values():
        record["title"] = record.pop("role")
    return json.dumps(obj).encode()


def _rename_title_to_role(obj):
    for record in obj["participants"].values():
        record["role"] = record.pop("title")
    return obj


def test_migration_backs_up_then_upgrades(saved, monkeypatch):
    path, expected, a = saved
    old = _as_version_zero(path.read_bytes())
    path.write_bytes(old)
    with pytest.raises(CorruptWorkbookError, match="cannot convert"):
        WorkbookStore.open(path)  # no migration registered: refused, untouched
    assert path.read_bytes() == old
    monkeypatch.setitem(decode.MIGRATIONS, 0, _rename_title_to_role)

    reader = WorkbookStore.open(path, read_only=True)  # migrated in memory only
    assert content(reader.workbook) == expected
    reader.close()
    assert path.read_bytes() == old and list_backups(path) == []

    store = WorkbookStore.open(path)
    assert content(store.workbook) == expected
    store.close()
    found = list_backups(path)
    assert len(found) == 1 and "before-upgrade-from-format-0" in found[0].name
    assert found[0].read_bytes() == old
    upgraded = json.loads(path.read_bytes())
    assert upgraded["workbook"]["1"]["schema_version"] == records.SCHEMA_VERSION
    assert all("role" in r and "title" not in r for r in upgraded["participants"].values())


def test_a_corrupt_file_lists_its_backups_and_one_can_be_restored(saved):
    path, expected, a = saved
    store = WorkbookStore.open(path)
    store.set_notes("an edit makes a session backup")
    store.close()
    damaged = path.read_bytes()[:100]
    path.write_bytes(damaged)
    with pytest.raises(CorruptWorkbookError) as caught:
        WorkbookStore.open(path)
    found = list_backups(caught.value.path)
    assert found
    restore_backup(path, found[0])
    store = WorkbookStore.open(path)
    assert content(store.workbook) == expected
    store.close()
    # the damaged file was kept as a backup too, in case it mattered
    assert any(b.read_bytes() == damaged for b in list_backups(path))


def test_restore_refuses_a_bad_backup_and_a_locked_file(saved, tmp_path):
    path, expected, a = saved
    bad = tmp_path / "bad.mwb"
    bad.write_bytes(b"{nope")
    before = path.read_bytes()
    with pytest.raises(CorruptWorkbookError):
        restore_backup(path, bad)
    good = tmp_path / "good.mwb"
    good.write_bytes(before)
    holder = WorkbookStore.open(path)
    with pytest.raises(WorkbookLockedError):
        restore_backup(path, good)
    holder.close()
    assert path.read_bytes() == before


def test_restore_on_an_open_store_can_be_undone(saved):
    path, expected, a = saved
    store = WorkbookStore.open(path)
    seen = []
    store.subscribe(seen.append)
    store.set_notes("first edit")  # first save: backup of the state as opened
    store.flush()
    store.set_notes("unsaved change")
    first_backup = list_backups(path)[-1]
    store.restore_backup(first_backup)
    assert store.workbook.notes == "" and content(store.workbook) == expected
    assert any(isinstance(e, Reloaded) and e.why == "restore" for e in seen)
    newest = list_backups(path)[0]
    assert "before-restore" in newest.name
    store.restore_backup(newest)  # undo the restore
    assert store.workbook.notes == "unsaved change"
    store.set_notes("edits go on")
    store.close()
    assert WorkbookStore.open(path, read_only=True).workbook.notes == "edits go on"


def test_backups_rotate(saved, monkeypatch):
    path, expected, a = saved
    monkeypatch.setattr(backups, "KEEP", 3)
    for n in range(6):
        backups.make_backup(path, f"n{n}")
    found = list_backups(path)  # the newest 3, plus the day's first (see test_backups.py)
    names = [b.name.split("-", 1)[1] for b in found]
    assert names == ["n5.mwb", "n4.mwb", "n3.mwb", "n0.mwb"]
    assert all(b.parent.parent == backups.backup_root() for b in found)


def test_backup_failure_blocks_the_import_not_the_data(saved, tmp_path, monkeypatch):
    path, expected, a = saved
    other = tmp_path / "other.mwb"
    s = WorkbookStore.create(other, "Other")
    populated(s, people=("Zed",))
    s.close()
    data_dir = tmp_path / "ro-data"
    data_dir.write_bytes(b"a file where the data folder should be")
    monkeypatch.setenv("MATURITY_WORKBOOK_DATA_DIR", str(data_dir))
    before = path.read_bytes()
    store = WorkbookStore.open(path)
    with pytest.raises(WorkbookError, match="backup"):
        store.import_sources([other])
    store.close()
    assert path.read_bytes() == before


def test_restore_waits_for_a_save_in_progress(saved, monkeypatch):
    import threading

    from maturity_workbook.store import storage as workbook_storage

    path, expected, a = saved
    store = WorkbookStore.open(path)
    store.set_notes("first")
    store.flush()
    backup = list_backups(path)[0]  # the file as opened
    gate, writing = threading.Event(), threading.Event()
    real = workbook_storage.write_atomic

    def slow(target, data, **kw):
        if threading.current_thread().name.startswith("workbook-writer"):
            writing.set()
            gate.wait(10)
        return real(target, data, **kw)

    monkeypatch.setattr(workbook_storage, "write_atomic", slow)
    store.set_notes("being saved when the restore comes")
    assert writing.wait(10)
    restorer = threading.Thread(target=store.restore_backup, args=(backup,))
    restorer.start()
    restorer.join(0.2)
    assert restorer.is_alive()  # waiting for the save in progress
    gate.set()
    restorer.join(10)
    store.close()
    assert WorkbookStore.open(path, read_only=True).workbook.notes == ""  # the backup won


def test_dont_know_and_not_applicable_are_kept_apart_in_the_file(tmp_path):
    from maturity_workbook.core.workbook import UNKNOWN
    from tests.store.helpers import fake_framework

    store = WorkbookStore.create(tmp_path / "dk.mwb", "Don't know")
    pids = [store.add_participant(n).id for n in ("Ana", "Bo")]
    a = store.create_assessment(fake_framework(), "DK", "2026-05-14", pids)
    store.set_rating(a.id, "a1", pids[0], UNKNOWN)
    store.set_rating(a.id, "a1", pids[1], None)
    store.set_agreed(a.id, "a2", UNKNOWN)
    store.close()
    raw = json.loads(store.path.read_bytes())
    entries = {r["item_id"]: r for r in raw["entries"].values()}
    assert entries["a1"]["ratings"] == {pids[0]: "unknown", pids[1]: None}
    assert entries["a2"]["agreed"] == "unknown" and entries["a2"]["agreed_set"] is True
    reopened = WorkbookStore.open(store.path, read_only=True)
    entry = reopened.workbook.assessments[a.id].entries["a1"]
    assert entry.ratings[pids[0]] is UNKNOWN and entry.ratings[pids[1]] is None
    assert reopened.workbook.assessments[a.id].agreed_level("a1") is UNKNOWN
    assert reopened.workbook.assessments[a.id].agreed_level("a2") is UNKNOWN
    reopened.close()


def test_a_version_1_file_keeps_its_not_applicable_answers(saved):
    """Files from before "don't know" existed: null stays not applicable after the upgrade."""
    path, expected, a = saved
    obj = json.loads(path.read_bytes())
    obj["workbook"]["1"]["schema_version"] = 1
    for record in obj["entries"].values():
        record["ratings"] = {pid: None for pid in record["ratings"]}
    path.write_bytes(json.dumps(obj).encode())
    store = WorkbookStore.open(path)
    entries = store.workbook.assessments[a.id].entries.values()
    assert entries and all(level is None for e in entries for level in e.ratings.values())
    store.close()
    upgraded = json.loads(path.read_bytes())
    assert upgraded["workbook"]["1"]["schema_version"] == records.SCHEMA_VERSION == 2
    assert all(v is None for r in upgraded["entries"].values() for v in r["ratings"].values())
    assert any("before-upgrade-from-format-1" in b.name for b in list_backups(path))
