"""Persistence: workbook files that never lose data. The only package that imports tinydb.

    store = WorkbookStore.open(path)        # or WorkbookStore.create(path, name)
    store.subscribe(on_event)               # core Change, Saved, SaveError or Reloaded
    store.apply(SetRating(aid, item_id, pid, 3))  # or store.set_rating(...); a thread saves
    store.close()                           # flushes and releases the lock

The file format is described in docs/workbook-format.md.
"""

from maturity_workbook.paths import WORKBOOK_SUFFIX
from maturity_workbook.store.errors import (
    CorruptWorkbookError, EmptyWorkbookError, ImportSourceError, InvalidValueError,
    MissingWorkbookError, NewerWorkbookError, NotAWorkbookError, ReadOnlyError, SaveError,
    WorkbookError, WorkbookExistsError, WorkbookLockedError,
)
from maturity_workbook.store.records import SCHEMA_VERSION
from maturity_workbook.store.workbook_store import (
    Reloaded, WorkbookStore, list_backups, restore_backup,
)
from maturity_workbook.store.writer import Saved


def __getattr__(name: str):
    """ImportReport on first use: merging is not needed to open a workbook."""
    if name == "ImportReport":
        from maturity_workbook.store.importing import ImportReport

        return ImportReport
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "WORKBOOK_SUFFIX", "SCHEMA_VERSION", "ImportReport", "Reloaded", "Saved", "WorkbookStore",
    "list_backups", "restore_backup", "WorkbookError", "CorruptWorkbookError",
    "EmptyWorkbookError", "NotAWorkbookError", "NewerWorkbookError", "ReadOnlyError",
    "SaveError", "MissingWorkbookError", "WorkbookExistsError", "WorkbookLockedError",
    "InvalidValueError", "ImportSourceError",
]
