"""Atomic, durable file replacement: the only way the store writes a workbook.

A save writes a temp file in the same folder, fsyncs it, renames it over the target with
`os.replace` (retried a few times when the OS refuses, as Windows does while another program holds
the file), then fsyncs the folder so the rename itself survives a power cut. A crash at any moment
leaves either the old file or the new one, never a mix; a failed save removes its temp file and
leaves the target byte-identical. Temp files a killed process left behind are removed by
`remove_leftover_temps` when the workbook is next opened for writing.

A target that is a symlink is followed: the file it points to is replaced and the link stays a
link. A target with other hard links, or with no write permission bit, is refused rather than
replaced (even for root, who could): an atomic save puts a new file in place, which would split
the hard links or overwrite a file marked read-only. See docs/reliability.md.

Every OS call goes through the `os` module at call time so tests can inject faults at each step.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
import sys
import time
from pathlib import Path

TEMP_SUFFIX = ".tmp"
WRITE_CHUNK = 1 << 20
REPLACE_ATTEMPTS = 6
REPLACE_FIRST_DELAY = 0.02  # seconds; doubles each attempt (about 0.6 s in all)
_IGNORED_DIR_FSYNC_ERRORS = {errno.EINVAL, errno.ENOTSUP, errno.EBADF, errno.EISDIR,
                             getattr(errno, "EOPNOTSUPP", errno.ENOTSUP)}


def temp_prefix(path: Path) -> str:
    return f".{path.name}."


def temp_path(path: Path) -> Path:
    """A fresh temp name beside `path`: hidden, and recognisably ours for clean-up."""
    return path.with_name(f"{temp_prefix(path)}{secrets.token_hex(4)}{TEMP_SUFFIX}")


def leftover_temps(path: Path) -> list[Path]:
    prefix = temp_prefix(path)
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    return [path.parent / n for n in names
            if n.startswith(prefix) and n.endswith(TEMP_SUFFIX) and len(n) == len(prefix) + 12]


def remove_leftover_temps(path: Path) -> list[Path]:
    """Remove temp files a killed writer left; call only while holding the workbook's lock."""
    removed = []
    for temp in leftover_temps(path):
        try:
            os.unlink(temp)
            removed.append(temp)
        except OSError:
            pass
    return removed


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view[:WRITE_CHUNK])
        if written <= 0:  # pragma: no cover - a write that makes no progress
            raise OSError(errno.EIO, "the disk accepted no data")
        view = view[written:]


def replace_with_retry(source: Path, target: Path) -> None:
    delay = REPLACE_FIRST_DELAY
    for attempt in range(REPLACE_ATTEMPTS):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            # Windows refuses while a virus scanner, indexer or sync client holds the target;
            # elsewhere EACCES/EPERM is usually final, but a short bounded retry costs little.
            if attempt == REPLACE_ATTEMPTS - 1:
                raise
            time.sleep(delay)
            delay *= 2


def fsync_dir(folder: Path) -> None:
    """Make a rename durable. Not possible (nor needed) on Windows; ignored where unsupported."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # cannot open the folder for reading: best effort only
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _IGNORED_DIR_FSYNC_ERRORS:
            raise
    finally:
        os.close(fd)


def write_atomic(path: str | Path, data: bytes, *, exclusive: bool = False,
                 mode: int | None = None) -> None:
    """Replace (or with `exclusive`, create) `path` with `data`, durably and atomically.

    A symlink at `path` is followed (the link is kept); a target with hard links or no write
    permission raises HardLinkError / ReadOnlyFileError before anything is written. `mode`
    defaults to the target's permission bits, else the umask's.

    Raises the OSError of the step that failed; the target is then untouched and the temp file
    removed. With `exclusive`, FileExistsError when the target exists (checked atomically with a
    hard link where the file system has them).
    """
    path = Path(path)
    if not exclusive:
        path = follow_symlink(path)
        try:
            st = os.stat(path)
        except OSError:
            st = None
        if st is not None:
            refuse_unsafe_target(path, st)
            if mode is None:
                mode = st.st_mode & 0o7777
    temp = temp_path(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(temp, flags, 0o666)
    done = False
    try:
        try:
            if mode is not None and hasattr(os, "fchmod"):
                try:
                    os.fchmod(fd, mode)
                except OSError:
                    pass  # keeping the old permission bits is a nicety
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        if exclusive:
            _link_exclusive(temp, path)
        else:
            replace_with_retry(temp, path)
        done = True
    finally:
        if not done or exclusive:
            try:
                os.unlink(temp)
            except FileNotFoundError:
                pass
            except OSError:
                pass  # removed at the next open
    fsync_dir(path.parent)


class HardLinkError(OSError):
    """The target has other hard links; replacing it would separate them."""


class ReadOnlyFileError(PermissionError):
    """The target has no write permission bit; it is not replaced, even by root."""


def follow_symlink(path: Path) -> Path:
    """The file a symlink points to (through every link), so replacing it keeps the link."""
    if os.path.islink(path):
        return Path(os.path.realpath(path))
    return path


def refuse_unsafe_target(path: Path, st: os.stat_result) -> None:
    if stat.S_ISREG(st.st_mode) and st.st_nlink > 1:
        raise HardLinkError(errno.EMLINK, f"the file has {st.st_nlink} hard links", str(path))
    if stat.S_ISREG(st.st_mode) and not st.st_mode & 0o222:
        raise ReadOnlyFileError(errno.EACCES, "the file is read-only", str(path))


def _link_exclusive(temp: Path, path: Path) -> None:
    try:
        os.link(temp, path)
        return
    except FileExistsError:
        raise
    except (OSError, NotImplementedError, AttributeError):
        pass  # no hard links on this file system (FAT, some network shares)
    if os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
    replace_with_retry(temp, path)
    # the temp name no longer exists; the caller's unlink finds nothing


def describe_os_error(exc: BaseException) -> str:
    """A short, user-facing reason for an OSError."""
    if isinstance(exc, HardLinkError):
        return (f"{exc.strerror} (other names for the same data), which replacing it would "
                "separate")
    if isinstance(exc, ReadOnlyFileError):
        return "the file is marked read-only"
    if isinstance(exc, OSError):
        code = exc.errno
        if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            return "the disk is full"
        if code == errno.EFBIG:
            return "the file would be larger than this system allows"
        if code in (errno.EACCES, errno.EPERM):
            return "permission denied"
        if code == errno.EROFS:
            return "the disk is read-only"
        if code == errno.EIO:
            return "an input/output error occurred on the disk"
        if exc.strerror:
            return exc.strerror[0].lower() + exc.strerror[1:]
    return str(exc) or type(exc).__name__
