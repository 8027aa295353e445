"""Persistence: workbook files that never lose data. The only package that imports tinydb.

    store = WorkbookStore.open(path)        # or WorkbookStore.create(path, name)
    store.subscribe(on_change)              # Change(kind, assessment_id, item_id, detail)
    store.set_rating(aid, item_id, pid, 3)  # returns at once; a writer thread saves
    store.close()                           # flushes and releases the lock

The file format is described in docs/workbook-format.md.
"""

from maturity_workbook.core.workbook import UNRATED
from maturity_workbook.paths import WORKBOOK_SUFFIX
from maturity_workbook.store.errors import (
    CorruptWorkbookError, EmptyWorkbookError, FinalAssessmentError, ImportSourceError,
    InvalidValueError, MissingWorkbookError, NewerWorkbookError, NotAWorkbookError,
    NotFoundError, ReadOnlyError, SaveError, WorkbookError, WorkbookExistsError,
    WorkbookLockedError,
)
from maturity_workbook.store.records import SCHEMA_VERSION
from maturity_workbook.store.workbook_store import (
    Change, ImportReport, WorkbookStore, list_backups, restore_backup,
)

__all__ = [
    "UNRATED", "WORKBOOK_SUFFIX", "SCHEMA_VERSION", "Change", "ImportReport", "WorkbookStore",
    "list_backups", "restore_backup", "WorkbookError", "CorruptWorkbookError",
    "EmptyWorkbookError", "NotAWorkbookError", "NewerWorkbookError", "ReadOnlyError",
    "SaveError", "MissingWorkbookError", "WorkbookExistsError", "WorkbookLockedError",
    "NotFoundError", "InvalidValueError", "FinalAssessmentError", "ImportSourceError",
]
