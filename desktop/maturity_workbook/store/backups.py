"""Backups of workbook files: taken before every migration, import and restore, and before the
first save of each editing session; rotated (the newest KEEP per file); restorable even for a
file that no longer opens.

They live in the user's data folder (`<data>/backups/<name>-<hash of the path>/`), never beside
the workbook, so a workbook folder stays clean and a backup survives the workbook being damaged.
"""

from __future__ import annotations

import hashlib
import os
import re
from datetime import datetime, timezone
from pathlib import Path

from maturity_workbook.paths import WORKBOOK_SUFFIX, data_dir
from maturity_workbook.store.atomic import describe_os_error, write_atomic
from maturity_workbook.store.errors import WorkbookError

KEEP = 10
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def backup_root() -> Path:
    return data_dir() / "backups"


def _canonical(path: Path) -> Path:
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
                data = path.read_bytes()
            except FileNotFoundError:
                return None
        folder = backup_folder(path)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        reason = _SAFE.sub("-", reason)[:30] or "backup"
        target = folder / f"{stamp}-{reason}{WORKBOOK_SUFFIX}"
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{stamp}-{n}-{reason}{WORKBOOK_SUFFIX}"
        write_atomic(target, data)
    except OSError as exc:
        raise WorkbookError(f"Could not write a backup of {path.name} before changing it "
                            f"({describe_os_error(exc)}); nothing was changed.", path) from exc
    rotate(path)
    return target


def rotate(path: str | Path, keep: int | None = None) -> None:
    for old in list_backups(path)[KEEP if keep is None else keep:]:
        try:
            old.unlink()
        except OSError:
            pass


def backup_label(backup: Path) -> str:
    """'2026-05-14 09:30:12 UTC, before import' for a backup's file name."""
    match = re.match(r"(\d{8})T(\d{6})\d*Z(?:-\d+)?-(.*)$", backup.stem)
    if not match:
        return backup.name
    day, time, reason = match.groups()
    return (f"{day[:4]}-{day[4:6]}-{day[6:]} {time[:2]}:{time[2:4]}:{time[4:]} UTC, "
            f"{reason.replace('-', ' ')}")
