"""Errors of opening, saving and importing workbook files. `str(exc)` is one English line (the
command line prints it); the window words each class itself.
"""

from __future__ import annotations

from pathlib import Path


def one_line(text: str) -> str:
    return " ".join(str(text).split())


class WorkbookError(Exception):
    """Base of every store error. `.path` is the workbook concerned, when there is one; a
    dialog finds its backups with `store.list_backups(error.path)`, even for a file that failed
    to open."""

    def __init__(self, message: str, path: str | Path | None = None):
        super().__init__(one_line(message))
        self.path = Path(path) if path is not None else None

    @property
    def message(self) -> str:
        return str(self)


class CorruptWorkbookError(WorkbookError):
    """Not valid JSON, truncated, not UTF-8, or records of the wrong shape."""


class EmptyWorkbookError(WorkbookError):
    """A 0-byte (or blank) file."""


class NotAWorkbookError(WorkbookError):
    """A readable file (JSON or anything else) that is not a workbook."""


class NewerWorkbookError(WorkbookError):
    """Saved by a newer version of the app, with a schema this version does not know."""

    def __init__(self, message: str, path=None, *, file_version: int = 0,
                 supported: int = 0):
        super().__init__(message, path)
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
    """A save failed (disk full, I/O error, permission). The edits are still in memory; the
    window says so (and how to keep them), the command line says nothing was saved."""

    def __init__(self, message: str, path=None, *, cause: BaseException | None = None):
        super().__init__(message, path)
        self.cause = cause
        self.errno = getattr(cause, "errno", None)

    @classmethod
    def from_os_error(cls, path: Path, exc: BaseException) -> "SaveError":
        from maturity_workbook.store.atomic import describe_os_error

        error = cls(f"Could not save {Path(path).name}: {describe_os_error(exc)}.", path,
                    cause=exc)
        error.__cause__ = exc
        return error

    @classmethod
    def no_writer(cls, path: Path) -> "SaveError":
        return cls(f"{Path(path).name} is no longer being saved (the store was closed).", path)


class InvalidValueError(WorkbookError, ValueError):
    """A file operation given a path it cannot use (a copy over the workbook itself, ...).
    Edits refused by a domain rule raise core.errors.OperationError instead."""


class ImportSourceError(WorkbookError):
    """A file given to import cannot be merged (wrong format, wrong framework, garbage)."""

    def __init__(self, message: str, path=None, *, source: str | Path | None = None):
        super().__init__(message, path)
        self.source = Path(source) if source is not None else None
