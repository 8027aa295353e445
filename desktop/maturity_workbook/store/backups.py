"""Backups of workbook files: taken before every migration, import and restore, and before the
first save of each editing session; rotated; restorable even for a file that no longer opens.

They live in the user's data folder (`<data>/backups/<name>-<hash of the real path>/`), never
beside the workbook, so a workbook folder stays clean and a backup survives the workbook being
damaged. The folders are private (0700) and each backup keeps the workbook's own permission bits
(plus owner read/write), so a 0600 workbook never leaves readable history behind.

Rotation keeps, of the backups of one workbook:
- the newest KEEP (10), whatever their age;
- the oldest backup of each of the last DAILY_DAYS (7) days, the workbook as work began that day
  (a backup is taken *before* a change, so the day's first one holds the state it started with);
- the oldest backup of each of the last MONTHLY_MONTHS (12) calendar months.
Days and months are the computer's local ones. Files in the folder whose names are not ours are
never deleted. docs/reliability.md explains it for users.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, timezone
from enum import Enum
from pathlib import Path

from maturity_workbook.core import safe_read
from maturity_workbook.paths import WORKBOOK_SUFFIX, data_dir
from maturity_workbook.store.atomic import describe_os_error, write_atomic
from maturity_workbook.store.errors import WorkbookError
from maturity_workbook.store.files import MAX_WORKBOOK_BYTES

KEEP = 10
DAILY_DAYS = 7
MONTHLY_MONTHS = 12
FOLDER_MODE = 0o700
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_STAMP = re.compile(r"(\d{8}T\d{6})(\d{0,6})Z(?:-\d+)?-")


def backup_root() -> Path:
    return data_dir() / "backups"


def _canonical(path: Path) -> Path:  # the real path: a link and its target share backups
    try:
        return Path(path).resolve()
    except OSError:
        return Path(os.path.abspath(path))


def backup_folder(path: str | Path) -> Path:
    path = _canonical(Path(path))
    digest = hashlib.sha256(str(path).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    stem = _SAFE.sub("_", path.stem)[:40] or "workbook"
    return backup_root() / f"{stem}-{digest}"


def list_backups(path: str | Path) -> list[Path]:
    """Backups of the workbook at `path`, newest first."""
    folder = backup_folder(path)
    try:
        found = [p for p in folder.iterdir() if p.suffix == WORKBOOK_SUFFIX and p.is_file()]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.name, reverse=True)


def backup_mode(path: Path) -> int:
    """The workbook's permission bits, plus owner read/write so the backup can be rotated and
    restored; never wider than the workbook for group and others."""
    try:
        return (os.stat(path).st_mode & 0o777) | 0o600
    except OSError:
        return 0o600


def private_folder(folder: Path) -> None:
    """Create `folder` (and the backups root) as 0700, tightening them if they exist wider."""
    root = backup_root()
    for f in (root, folder):
        try:
            f.mkdir(mode=FOLDER_MODE, parents=(f == root))
        except FileExistsError:
            pass
        if sys.platform != "win32":  # POSIX bits; on Windows the profile's ACL keeps it private
            mode = os.stat(f).st_mode & 0o777
            if mode & 0o077:
                os.chmod(f, mode & FOLDER_MODE)


def make_backup(path: str | Path, reason: str, data: bytes | None = None) -> Path | None:
    """Copy the workbook's current bytes (or `data`) into its backup folder; rotate.

    Returns the backup's path, or None when there was nothing to back up (no file yet).
    Raises WorkbookError when the backup cannot be written: an operation that needed it must
    not go ahead.
    """
    path = Path(path)
    try:
        if data is None:
            try:
                data = safe_read.read_regular(path, MAX_WORKBOOK_BYTES)
            except FileNotFoundError:
                return None
        folder = backup_folder(path)
        private_folder(folder)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        reason = _SAFE.sub("-", reason)[:30] or "backup"
        target = folder / f"{stamp}-{reason}{WORKBOOK_SUFFIX}"
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{stamp}-{n}-{reason}{WORKBOOK_SUFFIX}"
        write_atomic(target, data, exclusive=True, mode=backup_mode(path))
    except OSError as exc:
        raise WorkbookError(f"Could not write a backup of {path.name} before changing it "
                            f"({describe_os_error(exc)}); nothing was changed.", path) from exc
    rotate(path)
    return target


def backup_time(backup: Path) -> datetime | None:
    """When a backup was taken (from its name), as an aware UTC datetime; None if not ours."""
    match = _STAMP.match(backup.name)
    if not match:
        return None
    try:
        when = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S")
    except ValueError:
        return None
    return when.replace(microsecond=int((match.group(2) or "0").ljust(6, "0")),
                        tzinfo=timezone.utc)


def _months_before(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 - months
    return index // 12, index % 12 + 1


def to_keep(backups: list[Path], now: datetime | None = None, keep: int | None = None
            ) -> set[Path]:
    """Which of `backups` the rotation keeps (see the module docstring)."""
    keep = KEEP if keep is None else keep
    now = (now or datetime.now(timezone.utc)).astimezone()
    dated = [(t.astimezone(), b) for b in backups if (t := backup_time(b)) is not None]
    dated.sort()  # oldest first
    kept = {b for b in backups if backup_time(b) is None}  # not ours: never deleted
    if keep > 0:
        kept.update(b for _, b in dated[-keep:])
    today = now.date()
    first_day = date.fromordinal(today.toordinal() - (DAILY_DAYS - 1))
    first_month = _months_before(today, MONTHLY_MONTHS - 1)
    days: set[date] = set()
    months: set[tuple[int, int]] = set()
    for when, backup in dated:  # oldest first: the first one seen in a bucket is kept
        day = when.date()
        if first_day <= day <= today and day not in days:
            days.add(day)
            kept.add(backup)
        month = (day.year, day.month)
        if first_month <= month <= (today.year, today.month) and month not in months:
            months.add(month)
            kept.add(backup)
    return kept


def rotate(path: str | Path, keep: int | None = None, now: datetime | None = None) -> list[Path]:
    """Delete the backups of `path` the rotation does not keep; returns those deleted."""
    found = list_backups(path)
    kept = to_keep(found, now, keep)
    removed = []
    for old in found:
        if old in kept:
            continue
        try:
            old.unlink()
            removed.append(old)
        except OSError:
            pass
    return removed


class BackupReason(Enum):
    """Why a backup was taken (from its file name); the window words it."""

    EDITING = "before-editing"  # the first save of an editing session
    IMPORT = "before-import"  # an import or merge (also of customers, conflict copies, ...)
    UPGRADE = "before-upgrade"  # the file was upgraded to this version's format
    RESTORE = "before-restore"  # another backup was put back
    OTHER = "other"  # a reason this version does not know, or a file not named by the app


@dataclass(frozen=True)
class BackupInfo:
    """One backup as the window lists it: data only, never a sentence."""

    path: Path
    taken: datetime | None  # aware UTC; None for a file whose name the app did not give
    reason: BackupReason
    slug: str  # the reason as written in the name ("before-upgrade-from-format-2"), or the name
    from_format: int | None  # for UPGRADE: the format version the file had
    size: int | None  # bytes; None when the file cannot be read any more


_REASON = re.compile(r"\d{8}T\d{6}\d*Z(?:-\d+)?-(?P<slug>.*)$")
_FROM_FORMAT = re.compile(r"from-format-(\d+)$")


def backup_info(backup: str | Path) -> BackupInfo:
    """What a backup's file name says (when, why) and its size."""
    backup = Path(backup)
    match = _REASON.match(backup.stem)
    slug = match.group("slug") if match else backup.name
    reason = BackupReason.OTHER
    if match:
        if slug.startswith(BackupReason.UPGRADE.value):
            reason = BackupReason.UPGRADE
        elif slug.startswith(BackupReason.EDITING.value):
            reason = BackupReason.EDITING
        elif slug.startswith(BackupReason.RESTORE.value):
            reason = BackupReason.RESTORE
        elif slug.startswith("before-") and slug.endswith("import"):
            reason = BackupReason.IMPORT
    found = _FROM_FORMAT.search(slug) if reason is BackupReason.UPGRADE else None
    try:
        size = backup.stat().st_size
    except OSError:
        size = None
    return BackupInfo(backup, backup_time(backup), reason, slug,
                      int(found.group(1)) if found else None, size)


def describe_backups(path: str | Path) -> list[BackupInfo]:
    """The backups of the workbook at `path`, newest first, as data for a list."""
    return [backup_info(b) for b in list_backups(path)]
