"""Reading only regular files, without blocking, and never past a size cap: real FIFOs, devices,
sockets, folders and large sparse files."""

import os
import socket
import sys
import threading
import tracemalloc

import pytest

from maturity_workbook.core import safe_read
from maturity_workbook.core.safe_read import UnsafeFileError, read_regular

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and sockets are POSIX")


def finishes(work, seconds=20):
    """Run `work` in a thread; a hang guard, not a timing test: the result or the exception."""
    out = {}

    def run():
        try:
            out["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            out["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "reading blocked"
    return out


@posix_only
def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    out = finishes(lambda: read_regular(fifo, 1000))
    error = out["error"]
    assert isinstance(error, UnsafeFileError) and error.kind == safe_read.FIFO
    assert "named pipe" in error.strerror and "\n" not in str(error)


@posix_only
def test_fifo_swapped_in_after_the_check_still_does_not_block(tmp_path, monkeypatch):
    """stat says 'regular file' (as if the path was swapped after the check): the open is
    non-blocking and the descriptor is checked again."""
    fifo = tmp_path / "pipe.mwb"
    os.mkfifo(fifo)
    regular = tmp_path / "plain"
    regular.write_bytes(b"x")
    real_stat = os.stat
    monkeypatch.setattr(safe_read.os, "stat",
                        lambda p, *a, **k: real_stat(regular) if str(p) == str(fifo)
                        else real_stat(p, *a, **k))
    error = finishes(lambda: read_regular(fifo, 1000))["error"]
    assert isinstance(error, UnsafeFileError) and error.kind == safe_read.FIFO


@posix_only
@pytest.mark.parametrize("device, kind", [("/dev/null", safe_read.CHAR_DEVICE),
                                          ("/dev/zero", safe_read.CHAR_DEVICE)])
def test_devices_are_refused(device, kind):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    error = finishes(lambda: read_regular(device, 1000))["error"]
    assert isinstance(error, UnsafeFileError) and error.kind == kind


@posix_only
def test_socket_is_refused(tmp_path):
    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
        error = finishes(lambda: read_regular(path, 1000))["error"]
        assert isinstance(error, UnsafeFileError) and error.kind == safe_read.SOCKET
    finally:
        server.close()


def test_folder_is_refused(tmp_path):
    with pytest.raises(UnsafeFileError) as caught:
        read_regular(tmp_path, 1000)
    assert caught.value.kind == safe_read.DIRECTORY and "folder" in caught.value.strerror


def test_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "nothing", 1000)


@posix_only
def test_symlink_to_a_file_is_read_and_to_a_fifo_refused(tmp_path):
    target = tmp_path / "real.yaml"
    target.write_bytes(b"a: 1\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    assert read_regular(link, 100) == b"a: 1\n"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "to-pipe").symlink_to(fifo)
    assert finishes(lambda: read_regular(tmp_path / "to-pipe", 100))["error"].kind == \
        safe_read.FIFO


def test_large_file_is_refused_before_reading(tmp_path):
    """A 300 MB (sparse) file over a 256 MB cap: refused from its size; nothing is read."""
    big = tmp_path / "big.mwb"
    with open(big, "wb") as f:
        f.truncate(300 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(UnsafeFileError) as caught:
            read_regular(big, 256 * 1024 * 1024)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.kind == safe_read.TOO_LARGE and caught.value.size == 300 * 1024 * 1024
    assert peak < 1024 * 1024


def test_a_file_that_grows_past_the_cap_is_cut_off(tmp_path, monkeypatch):
    """The size seen by stat is small but the file holds more (it grew): reading stops at the
    cap plus one byte and refuses."""
    path = tmp_path / "growing"
    path.write_bytes(b"y" * 5000)
    small = tmp_path / "small"
    small.write_bytes(b"y" * 10)
    real_stat = os.stat
    monkeypatch.setattr(safe_read.os, "stat", lambda p, *a, **k: real_stat(small))
    monkeypatch.setattr(safe_read.os, "fstat", lambda fd: real_stat(small))
    reads = []
    real_read = os.read
    monkeypatch.setattr(safe_read.os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    with pytest.raises(UnsafeFileError) as caught:
        read_regular(path, 1000)
    assert caught.value.kind == safe_read.TOO_LARGE
    assert sum(reads) <= 1001  # never asked for more than the cap plus one byte


def test_reading_costs_about_the_file_size_in_memory(tmp_path):
    size = 20 * 1024 * 1024
    path = tmp_path / "data"
    path.write_bytes(b"z" * size)
    tracemalloc.start()
    try:
        data = read_regular(path, size)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(data) == size
    assert peak < size * 1.1  # one buffer, not chunks plus a joined copy


def test_exact_cap_is_allowed_and_one_more_byte_is_not(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"a" * 100)
    assert read_regular(path, 100) == b"a" * 100
    with pytest.raises(UnsafeFileError):
        read_regular(path, 99)
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    assert read_regular(empty, 10) == b""
