"""Errors a workbook operation raises. `str(exc)` is one line a user understands.

Every error carries `.path` (the workbook concerned, when there is one) and `.backups` (the backup
copies that exist for that file, newest first), so a dialog can offer a restore even for a file
that failed to open.
"""

from __future__ import annotations

from pathlib import Path


def one_line(text: str) -> str:
    return " ".join(str(text).split())


class WorkbookError(Exception):
    """Base of every store error."""

    def __init__(self, message: str, path: str | Path | None = None,
                 backups: list[Path] | None = None):
        super().__init__(one_line(message))
        self.path = Path(path) if path is not None else None
        self._backups = backups

    @property
    def message(self) -> str:
        return str(self)

    @property
    def backups(self) -> list[Path]:
        if self._backups is None:
            self._backups = []
            if self.path is not None:
                try:
                    from maturity_workbook.store.backups import list_backups

                    self._backups = list_backups(self.path)
                except Exception:  # finding backups must never hide the real error
                    self._backups = []
        return self._backups


class CorruptWorkbookError(WorkbookError):
    """Not valid JSON, truncated, not UTF-8, or records of the wrong shape."""


class EmptyWorkbookError(WorkbookError):
    """A 0-byte (or blank) file."""


class NotAWorkbookError(WorkbookError):
    """A readable file (JSON or anything else) that is not a workbook."""


class NewerWorkbookError(WorkbookError):
    """Saved by a newer version of the app, with a schema this version does not know."""

    def __init__(self, message: str, path=None, backups=None, *, file_version: int = 0,
                 supported: int = 0):
        super().__init__(message, path, backups)
        self.file_version = file_version
        self.supported = supported


class MissingWorkbookError(WorkbookError, FileNotFoundError):
    """The file does not exist."""


class WorkbookExistsError(WorkbookError, FileExistsError):
    """`create` or an export refused to overwrite an existing file."""


class ReadOnlyError(WorkbookError):
    """An edit on a store opened read-only."""


class WorkbookLockedError(WorkbookError):
    """Another process holds the workbook's lock (for operations that must write it)."""


class SaveError(WorkbookError):
    """A save failed (disk full, I/O error, permission). The edits are still in memory."""

    def __init__(self, message: str, path=None, backups=None, *, cause: BaseException | None = None):
        super().__init__(message, path, backups)
        self.cause = cause
        self.errno = getattr(cause, "errno", None)


class NotFoundError(WorkbookError, LookupError):
    """An unknown assessment, participant or record id."""


class InvalidValueError(WorkbookError, ValueError):
    """An edit given a value of the wrong kind (a level that is not an int, a bad date, ...)."""


class FinalAssessmentError(WorkbookError):
    """An edit of a final assessment's ratings; it must be reopened first."""


class ImportSourceError(WorkbookError):
    """A file given to import cannot be merged (wrong format, wrong framework, garbage)."""

    def __init__(self, message: str, path=None, backups=None, *, source: str | Path | None = None):
        super().__init__(message, path, backups)
        self.source = Path(source) if source is not None else None
