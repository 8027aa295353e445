"""One writer per file: a second opener (another process, or this one) gets a read-only store
that says why and never writes; a lock left by a killed process does not block anyone."""

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from maturity_workbook.store import ReadOnlyError, WorkbookStore
from tests.store.helpers import ROOT, populated

HOLDER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {desktop!r})
    from maturity_workbook.store import WorkbookStore
    store = WorkbookStore.open({path!r})
    print("writable" if not store.read_only else "read-only", flush=True)
    if sys.stdin.readline().strip() == "close":
        store.set_notes("written by the holder")
        store.close()
        print("closed", flush=True)
""")


def start_holder(path, tmp_path):
    env = dict(os.environ, MATURITY_WORKBOOK_DATA_DIR=str(tmp_path / "holder-data"))
    proc = subprocess.Popen([sys.executable, "-c", HOLDER.format(desktop=str(ROOT / "desktop"),
                                                                 path=str(path))],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout.readline().strip() == "writable"
    return proc


@pytest.fixture
def workbook_file(tmp_path):
    store = WorkbookStore.create(tmp_path / "shared.mwb", "Shared")
    populated(store)
    store.close()
    return store.path


def test_second_process_gets_read_only_and_never_writes(workbook_file, tmp_path):
    holder = start_holder(workbook_file, tmp_path)
    try:
        before = workbook_file.read_bytes()
        store = WorkbookStore.open(workbook_file)
        assert store.read_only
        assert "read-only" in store.read_only_reason and "open" in store.read_only_reason
        a = next(iter(store.workbook.assessments.values()))
        with pytest.raises(ReadOnlyError) as caught:
            store.set_note(a.id, "a1", "mine")
        assert "read-only" in str(caught.value)
        store.close()
        assert workbook_file.read_bytes() == before
        holder.stdin.write("close\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "closed"
    finally:
        holder.kill()
        holder.wait()
    store = WorkbookStore.open(workbook_file)  # the holder is gone: writable again
    assert not store.read_only and store.workbook.notes == "written by the holder"
    store.close()


def test_lock_of_a_killed_process_is_released(workbook_file, tmp_path):
    holder = start_holder(workbook_file, tmp_path)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    store = WorkbookStore.open(workbook_file)
    assert not store.read_only
    store.rename("After the crash")
    store.close()
    assert WorkbookStore.open(workbook_file, read_only=True).workbook.name == "After the crash"


def test_second_open_in_the_same_process_is_read_only(workbook_file):
    first = WorkbookStore.open(workbook_file)
    second = WorkbookStore.open(workbook_file)
    try:
        assert not first.read_only and second.read_only
        for edit in (lambda s: s.rename("x"), lambda s: s.add_participant("Dee"),
                     lambda s: s.set_reassess_months(12)):
            with pytest.raises(ReadOnlyError):
                edit(second)
    finally:
        second.close()
        first.close()
    third = WorkbookStore.open(workbook_file)
    assert not third.read_only
    third.close()


def test_explicit_read_only_takes_no_lock(workbook_file):
    reader = WorkbookStore.open(workbook_file, read_only=True)
    writer = WorkbookStore.open(workbook_file)
    assert reader.read_only and reader.read_only_reason and not writer.read_only
    writer.close()
    reader.close()


def test_read_only_file_opens_read_only(workbook_file, monkeypatch):
    # chmod does not bind root (tests may run as root), so the permission check is simulated
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **k: False if (
        mode == os.W_OK and str(p) == str(workbook_file)) else real_access(p, mode, **k))
    before = workbook_file.read_bytes()
    store = WorkbookStore.open(workbook_file)
    assert store.read_only and "read-only" in store.read_only_reason
    with pytest.raises(ReadOnlyError):
        store.rename("nope")
    store.close()
    assert workbook_file.read_bytes() == before
    monkeypatch.undo()
    writer = WorkbookStore.open(workbook_file)  # the lock was not kept by the read-only open
    assert not writer.read_only
    writer.close()
