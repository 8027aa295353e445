"""Workbooks in synced folders (Dropbox, OneDrive, Nextcloud, Syncthing): conflict copies.

A file lock only works within one computer: two laptops that edit the same synced workbook while
apart both save, and when they meet the sync service keeps one file under the name and puts the
other beside it under a new name. Nothing is lost, but edits in the second file are invisible
until it is merged back. `conflict_copies` finds those files so the app can offer to merge them
with the ordinary import (store.import_sources, the merge rules of docs/workbook-format.md).

Names recognised, for a workbook `Plan.mwb`:
- Dropbox:   `Plan (conflicted copy).mwb`, `Plan (Ana's conflicted copy 2026-05-14).mwb`
- Nextcloud: `Plan (conflicted copy 2026-05-14 093012).mwb`, and the same with any words in the
  brackets when they hold a date (the clients translate "conflicted copy")
- ownCloud:  `Plan_conflict-20260514-093012.mwb`
- Syncthing: `Plan.sync-conflict-20260514-093012-ABCDEF7.mwb`
- OneDrive:  `Plan-LAPTOP-7.mwb` (the computer's name appended)
A name match alone is not enough: the file must be a workbook with the same identity (the UUID
of its workbook record), so `Plan-2025.mwb`, an unrelated workbook, is never offered.

`sync_service` tells which service, if any, a folder belongs to (marker files in a parent), so
the app can explain what a lock can and cannot do there. docs/reliability.md has the advice.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from maturity_workbook.core import safe_read
from maturity_workbook.store.files import MAX_WORKBOOK_BYTES, real_path

HEAD_BYTES = 1 << 20  # enough for the identity record, which comes first in our files

_IDENTITY_START = re.compile(r'\s*\{\s*"workbook"\s*:\s*\{\s*"(?:[^"\\]|\\.)*"\s*:\s*')
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _patterns(stem: str, suffix: str) -> list[tuple[str, re.Pattern]]:
    s, x = re.escape(stem), re.escape(suffix)
    return [
        ("Syncthing", re.compile(rf"{s}\.sync-conflict-\d{{8}}-\d{{6}}(?:-[A-Za-z0-9]+)?{x}")),
        ("ownCloud", re.compile(rf"{s}_conflict-\d{{8}}-\d{{6}}{x}")),
        # Dropbox and Nextcloud: "(... conflicted copy ...)", or any bracket holding a date
        ("Dropbox or Nextcloud", re.compile(rf"{s} \((?P<note>[^()]*(?:\([^()]*\)[^()]*)?)\){x}")),
        ("OneDrive", re.compile(rf"{s}-(?P<machine>[A-Za-z0-9][A-Za-z0-9-]{{0,62}}){x}")),
    ]


def candidates(path: str | Path) -> list[tuple[Path, str]]:
    """Files beside `path` named like a sync service's conflict copy of it: (path, service).
    By name only; `conflict_copies` also checks that each is the same workbook."""
    path = real_path(path)
    stem, suffix = path.stem, path.suffix
    patterns = _patterns(stem, suffix)
    try:
        names = sorted(os.listdir(path.parent))
    except OSError:
        return []
    found = []
    for name in names:
        if name == path.name or not name.startswith(stem):
            continue
        for service, pattern in patterns:
            match = pattern.fullmatch(name)
            if match is None:
                continue
            note = match.groupdict().get("note")
            if note is not None and "conflict" not in note.lower() and not _DATE.search(note):
                continue  # "Plan (1).mwb" is a download twin, not a sync conflict
            found.append((path.parent / name, service))
            break
    return found


def workbook_identity(path: str | Path) -> str | None:
    """The UUID of a workbook file's identity record, or None when it is not a readable
    workbook. Reads only the start of the file when it has our layout (the identity first)."""
    from maturity_workbook.store.records import KIND

    try:
        st = os.stat(path)
        safe_read.check_regular(path, st, MAX_WORKBOOK_BYTES)
        data = safe_read.read_regular(path, MAX_WORKBOOK_BYTES) if st.st_size <= HEAD_BYTES \
            else _head(path, HEAD_BYTES)
    except OSError:
        return None
    text = data.decode("utf-8", "replace").lstrip("\ufeff")
    match = _IDENTITY_START.match(text)
    if match is not None:
        try:
            record, _ = json.JSONDecoder().raw_decode(text, match.end())
        except ValueError:
            record = None
        if isinstance(record, dict) and record.get("kind") == KIND:
            ident = record.get("id")
            return ident if isinstance(ident, str) else None
    return _identity_by_parsing(path)


def _head(path: str | Path, limit: int) -> bytes:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        return os.read(fd, limit)
    finally:
        os.close(fd)


def _identity_by_parsing(path: str | Path) -> str | None:
    """Another layout (a file re-saved by stock TinyDB or pretty-printed by jq): parse it."""
    from maturity_workbook.store.errors import WorkbookError
    from maturity_workbook.store.files import read_workbook_bytes
    from maturity_workbook.store.decode import parse_workbook

    try:
        return parse_workbook(read_workbook_bytes(path), path).document.workbook.id
    except WorkbookError:
        return None


def conflict_copies(path: str | Path, identity: str | None = None) -> list[Path]:
    """Conflict copies of the workbook at `path` that a sync service left beside it, in name
    order. `identity` is the workbook's UUID when the caller has it open already."""
    if identity is None:
        identity = workbook_identity(real_path(path))
        if identity is None:
            return []
    return [copy for copy, _ in candidates(path) if workbook_identity(copy) == identity]


# -------------------------------------------------------------------- which service, if any

_MARKERS = (  # (service, names in a parent folder that mark the root of a synced folder)
    ("Dropbox", (".dropbox", ".dropbox.cache")),
    ("Syncthing", (".stfolder",)),
    ("Nextcloud", (".owncloudsync.log", ".nextcloudsync.log")),
)
_NEXTCLOUD_DB = re.compile(r"\.?_?sync_[0-9a-f]+\.db")


def sync_service(path: str | Path, max_levels: int = 40) -> str | None:
    """"Dropbox", "OneDrive", "Nextcloud", "Syncthing" or "iCloud Drive" when `path` is inside
    a folder that service synchronises (judged by its marker files and folder names), else
    None. A network share without a sync client is not detected here."""
    folder = real_path(path)
    if not folder.is_dir():
        folder = folder.parent
    for env in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        root = os.environ.get(env)
        if root and _inside(folder, Path(root)):
            return "OneDrive"
    parts = folder.parts
    if "com~apple~CloudDocs" in parts:
        return "iCloud Drive"
    if any(p == "OneDrive" or p.startswith("OneDrive - ") for p in parts):
        return "OneDrive"
    for level, current in enumerate([folder, *folder.parents]):
        if level >= max_levels:
            break
        try:
            names = set(os.listdir(current))
        except OSError:
            continue
        for service, markers in _MARKERS:
            if any(m in names for m in markers):
                return service
        if any(_NEXTCLOUD_DB.fullmatch(n) for n in names):
            return "Nextcloud"
    return None


def _inside(folder: Path, root: Path) -> bool:
    try:
        folder.relative_to(real_path(root))
        return True
    except ValueError:
        return False
