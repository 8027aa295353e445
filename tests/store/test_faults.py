"""Faults injected at every step of a save (open, write, fsync, close, replace, folder fsync)
with ENOSPC, EIO and EACCES: the error reaches the caller, the edits stay in memory, the original
file is byte-identical, no temp file remains, and the next try succeeds. Plus a real file-size
limit (RLIMIT_FSIZE) in a subprocess.

The temp file is written through a raw file descriptor (no user-space buffer), so the "flush"
step of a buffered writer is the close() here, where network file systems report late errors.
"""

import errno
import json
import os
import subprocess
import sys
import textwrap
import threading

import pytest

from maturity_workbook.store import Saved, SaveError, WorkbookStore
from maturity_workbook.store import atomic
from maturity_workbook.store.atomic import leftover_temps
from maturity_workbook.store.decode import parse_workbook
from tests.store.helpers import ROOT, content, populated

STEPS = ["open", "write", "second-write", "fsync", "close", "replace", "dir-fsync"]
ERRNOS = [errno.ENOSPC, errno.EIO, errno.EACCES]


class Faults:
    """Wraps os calls; raises at one step of writes to files beside the workbook."""

    def __init__(self, monkeypatch, folder, step, code):
        self.folder, self.step, self.code = str(folder), step, code
        self.temp_fds, self.dir_fds = set(), set()
        self.armed = False
        self.fired = 0
        self.writes = 0
        real = {name: getattr(os, name) for name in ("open", "write", "fsync", "close",
                                                     "replace")}
        self.real = real

        def fail():
            self.fired += 1
            raise OSError(self.code, os.strerror(self.code))

        def _open(path, flags, mode=0o777, *a, **k):
            path_s = os.fspath(path)
            is_temp = (path_s.startswith(self.folder) and path_s.endswith(atomic.TEMP_SUFFIX))
            is_dir = path_s == self.folder
            if self.armed and is_temp and self.step == "open":
                fail()
            fd = real["open"](path, flags, mode, *a, **k)
            if is_temp:
                self.temp_fds.add(fd)
            if is_dir:
                self.dir_fds.add(fd)
            return fd

        def _write(fd, data):
            if self.armed and fd in self.temp_fds:
                self.writes += 1
                if self.step == "write" or (self.step == "second-write" and self.writes == 2):
                    fail()
                if self.step == "second-write" and self.writes == 1:
                    return real["write"](fd, bytes(data)[: max(1, len(data) // 2)])  # short
            return real["write"](fd, data)

        def _fsync(fd):
            if self.armed and ((fd in self.temp_fds and self.step == "fsync")
                               or (fd in self.dir_fds and self.step == "dir-fsync")):
                fail()
            return real["fsync"](fd)

        def _close(fd):
            temp = fd in self.temp_fds
            self.temp_fds.discard(fd)
            self.dir_fds.discard(fd)
            result = real["close"](fd)
            if self.armed and temp and self.step == "close":
                fail()
            return result

        def _replace(src, dst, *a, **k):
            if self.armed and self.step == "replace" and os.fspath(src).startswith(self.folder):
                fail()
            return real["replace"](src, dst, *a, **k)

        for name, fn in (("open", _open), ("write", _write), ("fsync", _fsync),
                         ("close", _close), ("replace", _replace)):
            monkeypatch.setattr(os, name, fn)


@pytest.fixture
def saved_store(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic, "REPLACE_FIRST_DELAY", 0.001)
    store = WorkbookStore.create(tmp_path / "w.mwb", "Faults")
    a, pids = populated(store)
    store.flush()
    yield store, a, pids
    if not store.closed:
        store.close(discard=True)


@pytest.mark.parametrize("code", ERRNOS, ids=errno.errorcode.get)
@pytest.mark.parametrize("step", STEPS)
def test_fault_at_each_step_keeps_file_and_edits(saved_store, tmp_path, monkeypatch, step,
                                                 code):
    store, a, pids = saved_store
    path = store.path
    before = path.read_bytes()
    failures = []
    store.subscribe(lambda c: failures.append(c) if isinstance(c, SaveError) else None)
    faults = Faults(monkeypatch, tmp_path, step, code)
    faults.armed = True
    store.set_note(a.id, "a2", "typed while the disk was failing")
    with pytest.raises(SaveError) as caught:
        store.flush(timeout=30)
    assert faults.fired >= 1
    assert caught.value.errno == code and isinstance(caught.value.__cause__, OSError)
    assert failures and failures[-1].errno == code
    assert "\n" not in str(caught.value) and path.name in str(caught.value)
    assert leftover_temps(path) == []
    if step == "dir-fsync":  # the rename happened; only its durability is in doubt
        on_disk = parse_workbook(path.read_bytes(), path).document.workbook
        assert path.read_bytes() == before or content(on_disk) == content(store.workbook)
    else:
        assert path.read_bytes() == before
    assert store.workbook.assessments[a.id].entries["a2"].note == \
        "typed while the disk was failing"
    assert store.pending

    faults.armed = False  # the disk recovers: the next flush retries and succeeds
    assert store.flush(timeout=30)
    assert not store.pending and store.last_save_error is None
    store.close()
    reopened = WorkbookStore.open(path, read_only=True)
    assert reopened.workbook.assessments[a.id].entries["a2"].note == \
        "typed while the disk was failing"
    reopened.close()


def test_failed_save_retries_on_the_next_edit(saved_store, tmp_path, monkeypatch):
    store, a, pids = saved_store
    faults = Faults(monkeypatch, tmp_path, "write", errno.ENOSPC)
    faults.armed = True
    events = []
    done = threading.Event()

    def listen(event):
        events.append(type(event).__name__)
        if isinstance(event, Saved):
            done.set()

    store.subscribe(listen)
    store.set_rating(a.id, "a1", pids[0], 4)
    with pytest.raises(SaveError):
        store.flush(timeout=30)
    faults.armed = False
    store.set_rating(a.id, "a1", pids[1], 4)  # no flush: the edit itself triggers the retry
    assert done.wait(30)
    assert events.count("SaveError") == 1 and events[-1] == "Saved"
    assert not store.pending


def test_close_reports_a_failed_save_and_stays_open(saved_store, tmp_path, monkeypatch):
    store, a, pids = saved_store
    faults = Faults(monkeypatch, tmp_path, "fsync", errno.EIO)
    faults.armed = True
    store.set_note(a.id, "a3", "keep me")
    with pytest.raises(SaveError):
        store.close()
    assert not store.closed  # the user can still save a copy elsewhere or retry
    faults.armed = False
    store.close()
    assert "keep me" in store.path.read_text(encoding="utf-8")


RLIMIT_SCRIPT = textwrap.dedent("""
    import json, resource, signal, sys
    sys.path.insert(0, {desktop!r})
    from maturity_workbook.store import WorkbookStore, SaveError
    from maturity_workbook.store.atomic import leftover_temps
    path = {path!r}
    store = WorkbookStore.open(path)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
    size = len(open(path, "rb").read())
    resource.setrlimit(resource.RLIMIT_FSIZE, (size + 2000, resource.RLIM_INFINITY))
    store.rename("x" * 50_000)
    out = {{"error": None}}
    try:
        store.flush(timeout=30)
    except SaveError as exc:
        out = {{"error": exc.errno, "message": str(exc)}}
    out["temps"] = len(leftover_temps(store.path))
    out["name_in_memory"] = store.workbook.name == "x" * 50_000
    store.close(discard=True)
    print(json.dumps(out))
""")


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_real_file_size_limit(tmp_path):
    path = tmp_path / "limited.mwb"
    store = WorkbookStore.create(path, "Small")
    populated(store)
    store.close()
    before = path.read_bytes()
    script = RLIMIT_SCRIPT.format(desktop=str(ROOT / "desktop"), path=str(path))
    env = dict(os.environ, MATURITY_WORKBOOK_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["error"] == errno.EFBIG
    assert "larger than this system allows" in out["message"]
    assert out["temps"] == 0 and out["name_in_memory"]
    assert path.read_bytes() == before
