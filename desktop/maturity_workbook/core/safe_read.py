"""Reading a file that might be hostile or odd: only regular files, never blocking, never more
bytes than a cap.

A path given by a user can name a folder, a named pipe (FIFO), a device or a socket. Opening a
FIFO for reading waits for a writer forever, a device can stream without end, and a huge file
read whole before its size is checked costs its size in memory. `read_regular` checks the kind
and size with `stat` before opening, opens non-blocking (so a FIFO swapped in after the check
still cannot hang), checks again on the open descriptor, and reads at most `max_bytes + 1`.

Used for framework files here in core and, through store/files.py, for workbooks, import sources
and backups. Plain Python: errors carry data (`kind`, `size`, `limit`) for callers to word.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

READ_CHUNK = 1 << 20

# kinds of file system objects, as `UnsafeFileError.kind` reports them
REGULAR = "regular file"
DIRECTORY = "folder"
FIFO = "named pipe (FIFO)"
CHAR_DEVICE = "character device"
BLOCK_DEVICE = "block device"
SOCKET = "socket"
OTHER = "special file"
TOO_LARGE = "too large"

_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_BINARY", 0))


class UnsafeFileError(OSError):
    """A path that is not a regular file, or a file over the size limit. An OSError so callers
    that already report OSErrors in one line keep working; `strerror` is that line's reason."""

    def __init__(self, path: str | Path, kind: str, *, size: int | None = None,
                 limit: int | None = None):
        if kind == TOO_LARGE:
            reason = f"it is {size:,} bytes, more than the {limit:,} allowed"
            code = errno.EFBIG
        elif kind == DIRECTORY:
            reason = "it is a folder, not a file"
            code = errno.EISDIR
        else:
            reason = f"it is a {kind}, not a regular file"
            code = errno.EINVAL
        super().__init__(code, reason, str(path))
        self.kind = kind
        self.size = size
        self.limit = limit


def file_kind(mode: int) -> str:
    """What `stat`'s st_mode says a path is: REGULAR, DIRECTORY, FIFO, ..."""
    if stat.S_ISREG(mode):
        return REGULAR
    if stat.S_ISDIR(mode):
        return DIRECTORY
    if stat.S_ISFIFO(mode):
        return FIFO
    if stat.S_ISCHR(mode):
        return CHAR_DEVICE
    if stat.S_ISBLK(mode):
        return BLOCK_DEVICE
    if stat.S_ISSOCK(mode):
        return SOCKET
    return OTHER


def check_regular(path: str | Path, st: os.stat_result, max_bytes: int | None) -> None:
    """Raise UnsafeFileError unless `st` describes a regular file of at most `max_bytes`."""
    kind = file_kind(st.st_mode)
    if kind != REGULAR:
        raise UnsafeFileError(path, kind)
    if max_bytes is not None and st.st_size > max_bytes:
        raise UnsafeFileError(path, TOO_LARGE, size=st.st_size, limit=max_bytes)


def read_regular(path: str | Path, max_bytes: int) -> bytes:
    """The bytes of the regular file at `path` (symlinks followed), at most `max_bytes` of them.

    Raises UnsafeFileError for a folder, FIFO, device, socket or a file over the limit (also one
    that grows past it while being read), FileNotFoundError and other OSErrors as they come.
    """
    check_regular(path, os.stat(path), max_bytes)  # before opening: opening a device can act
    fd = os.open(path, _OPEN_FLAGS)
    try:
        st = os.fstat(fd)
        check_regular(path, st, max_bytes)  # what was opened, in case the path was swapped
        # one read of the expected size is one allocation; the loop only runs when the file
        # grew after fstat (then the cap below stops it) or the OS returns short reads
        first = os.read(fd, min(st.st_size, max_bytes) + 1)
        if not first or len(first) > max_bytes:
            data = first
        else:
            parts = [first]
            total = len(first)
            while total <= max_bytes:
                chunk = os.read(fd, min(READ_CHUNK, max_bytes + 1 - total))
                if not chunk:
                    break
                parts.append(chunk)
                total += len(chunk)
            data = first if len(parts) == 1 else b"".join(parts)
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise UnsafeFileError(path, TOO_LARGE, size=max(len(data), st.st_size), limit=max_bytes)
    return data
