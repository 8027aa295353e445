"""One writer per workbook: an OS-level lock on a small file beside it.

The lock is `flock` (Unix) or `LockFileEx` (Windows) through `filelock`, so the kernel releases
it when the holding process dies, however it dies; a stale lock file on disk means nothing.

It is keyed on the workbook's real path (symlinks resolved), so a writer that came through a link
and one that came by the real path take the same lock and exclude each other. The lock file sits
beside the real file. A lock path that is a symlink or not a regular file is refused (an older
filelock opens it with O_TRUNC, which would empty whatever a planted link points to).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from filelock import FileLock, Timeout

from maturity_workbook.store.atomic import describe_os_error

LOCKED_REASON = ("Another Maturity Workbook window (or another program) has this workbook open; "
                 "it is open read-only here. Close it there to edit it here.")
ODD_LOCK_REASON = ("The workbook's lock file {name} is not an ordinary file (a link or something "
                   "else put there); it is open read-only. Remove {name} to edit it.")


def lock_path(path: Path) -> Path:
    real = Path(os.path.realpath(os.path.abspath(path)))
    return real.with_name(f".{real.name}.lock")


class WorkbookLock:
    def __init__(self, path: Path):
        self.path = lock_path(Path(path))
        self._lock = FileLock(str(self.path), timeout=0, thread_local=False)

    def acquire(self, timeout: float = 0) -> tuple[bool, str]:
        """(True, "") when this process now holds the lock (waiting up to `timeout` seconds for
        another holder to let go), else (False, why not)."""
        try:
            st = os.lstat(self.path)
        except OSError:
            st = None
        if st is not None and not stat.S_ISREG(st.st_mode):
            return False, ODD_LOCK_REASON.format(name=self.path.name)
        try:
            self._lock.acquire(timeout=max(0.0, timeout))
            return True, ""
        except Timeout:
            return False, LOCKED_REASON
        except OSError as exc:
            return False, (f"The workbook's folder cannot be written ({describe_os_error(exc)}); "
                           "it is open read-only.")

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def release(self) -> None:
        try:
            if self._lock.is_locked:
                self._lock.release(force=True)
        except OSError:
            pass
