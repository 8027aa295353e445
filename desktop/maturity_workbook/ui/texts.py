"""What the window says when the store or core refuses something, in the user's language.

The store raises one error class per kind of trouble (store/errors.py), a read-only store has a
ReadOnlyCause, and core refuses an edit with a Problem and its parameters (core/errors.py). Their
`str()` is one English line for the command line and the log; the window shows the sentence made
here and keeps that English line as "Details". Every such sentence lives in this module, so a
translator finds them together and no dialog words an error on its own.
"""

from __future__ import annotations

import errno as _errno
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QTime

from maturity_workbook import APP_NAME
from maturity_workbook.core.errors import OperationError, Problem

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


def _name(error) -> str:
    path = getattr(error, "path", None) or getattr(error, "filename", None)
    return Path(str(path)).name if path else translate("Texts", "The file")


# ------------------------------------------------------------------------------ store errors

# most specific class first: MissingWorkbookError is also a FileNotFoundError, and so on
_STORE_ERRORS = (
    ("MissingWorkbookError", QT_TRANSLATE_NOOP(
        "Texts", "{name} does not exist any more; it may have been moved or renamed.")),
    ("WorkbookExistsError", QT_TRANSLATE_NOOP(
        "Texts", "{name} exists already; choose another name.")),
    ("EmptyWorkbookError", QT_TRANSLATE_NOOP("Texts", "{name} is empty: it holds no workbook.")),
    ("NewerWorkbookError", QT_TRANSLATE_NOOP(
        "Texts", "{name} was saved by a newer version of {app} (file format {found}; this "
                 "version reads format {supported} and older). Update the app to open it.")),
    ("CorruptWorkbookError", QT_TRANSLATE_NOOP(
        "Texts", "{name} is damaged, or was changed by another program in a way this app "
                 "cannot read safely.")),
    ("NotAWorkbookError", QT_TRANSLATE_NOOP(
        "Texts", "{name} is not a workbook file this app can open: it may be another kind of "
                 "file, a folder, text in another encoding, or far too large.")),
    ("ReadOnlyError", QT_TRANSLATE_NOOP(
        "Texts", "{name} is open read-only, so it cannot be changed here.")),
    ("WorkbookLockedError", QT_TRANSLATE_NOOP(
        "Texts", "{name} is open in another window or program. Close it there, then try "
                 "again.")),
    ("ImportSourceError", QT_TRANSLATE_NOOP(
        "Texts", "{source} cannot be merged into this workbook; nothing was changed.")),
    ("InvalidValueError", QT_TRANSLATE_NOOP(
        "Texts", "{name} cannot be used for this; choose another file.")),
    ("WorkbookError", QT_TRANSLATE_NOOP("Texts", "{name} could not be read or written.")),
)


def store_error_text(error: BaseException) -> str:
    """One translated sentence for a store error (a WorkbookError subclass), naming the file.
    Anything else gets a general sentence; its English text belongs in the details."""
    from maturity_workbook.store import errors

    if isinstance(error, errors.SaveError):
        return save_error_text(error)
    source = getattr(error, "source", None)
    values = {"name": _name(error), "app": APP_NAME,
              "found": getattr(error, "file_version", "?"),
              "supported": getattr(error, "supported", "?"),
              "source": Path(source).name if source is not None else _name(error)}
    for class_name, template in _STORE_ERRORS:
        if isinstance(error, getattr(errors, class_name)):
            return translate("Texts", template).format(**values)
    if isinstance(error, OSError):  # a file the store did not wrap (creating one, say)
        return translate("Texts", "{name} could not be used: {why}.").format(
            name=_name(error), why=_os_why(error.errno))
    return translate("Texts", "Something went wrong with {name}.").format(**values)


_SAVE_PROBLEMS = (  # (errno numbers, why)
    ((_errno.ENOSPC, getattr(_errno, "EDQUOT", _errno.ENOSPC)),
     QT_TRANSLATE_NOOP("Texts", "the disk is full")),
    ((_errno.EACCES, _errno.EPERM),
     QT_TRANSLATE_NOOP("Texts", "there is no permission to write there")),
    ((_errno.EROFS,), QT_TRANSLATE_NOOP("Texts", "the disk is read-only")),
    ((_errno.EFBIG,), QT_TRANSLATE_NOOP("Texts", "the file would be larger than the disk "
                                                 "allows")),
    ((_errno.EIO,), QT_TRANSLATE_NOOP("Texts", "the disk reported an error")),
    ((_errno.ENOENT, _errno.ENOTDIR), QT_TRANSLATE_NOOP("Texts", "its folder is gone")),
)


def _os_why(number) -> str:
    return next((translate("Texts", text) for numbers, text in _SAVE_PROBLEMS
                 if number in numbers), translate("Texts", "the system refused the write"))


def save_error_text(error: BaseException) -> str:
    """Why a save failed, from the OS error behind it (the edits are still in memory)."""
    from maturity_workbook.store.atomic import HardLinkError, ReadOnlyFileError

    cause = getattr(error, "cause", None)
    number = getattr(error, "errno", None)
    if isinstance(cause, HardLinkError):
        why = translate("Texts", "the file now has other names (hard links), and saving "
                                 "would separate them")
    elif isinstance(cause, ReadOnlyFileError):
        why = translate("Texts", "the file has been marked read-only")
    elif cause is None and number is None:
        why = translate("Texts", "the workbook is no longer being saved")
    else:
        why = _os_why(number)
    return translate("Texts", "Could not save {name}: {why}.").format(name=_name(error),
                                                                       why=why)


def unsaved_changes_text(error: BaseException) -> str:
    """The save-failed banner: what happened, and that nothing typed is lost."""
    return translate("Texts", "{problem} Your changes are kept in this window; free some space "
                              "or check the folder, and the next change tries again.").format(
                                  problem=save_error_text(error))


def details(error: BaseException) -> str:
    """The English line the command line and the log show, for a "Details" area."""
    return str(error)


# ------------------------------------------------------------------------------- read-only

_READ_ONLY = {  # ReadOnlyCause values
    "requested": QT_TRANSLATE_NOOP(
        "Texts", "This workbook is open read-only, as asked: you can look through it but not "
                 "change it."),
    "locked": QT_TRANSLATE_NOOP(
        "Texts", "This workbook is open in another window or program, so it is read-only here. "
                 "Close it there and open it again to edit it."),
    "lock-unavailable": QT_TRANSLATE_NOOP(
        "Texts", "The lock that keeps two programs from writing this workbook at once could "
                 "not be made (the folder may not be writable), so it is open read-only."),
    "file-read-only": QT_TRANSLATE_NOOP(
        "Texts", "The file is marked read-only, so it is open read-only. Allow changes in its "
                 "permissions, or save a copy to edit."),
    "folder-read-only": QT_TRANSLATE_NOOP(
        "Texts", "The folder holding this workbook cannot be written, so it is open read-only. "
                 "Save a copy elsewhere to edit."),
    "hard-links": QT_TRANSLATE_NOOP(
        "Texts", "The file has other names (hard links); saving would separate them, so it is "
                 "open read-only. Save a copy to edit."),
}


def read_only_text(cause) -> str:
    """Why a workbook is open read-only (a store's ReadOnlyCause) and what to do about it."""
    template = _READ_ONLY.get(getattr(cause, "value", None))
    if template is None:
        return translate("Texts", "This workbook is open read-only: you can look through it "
                                  "but not change it.")
    return translate("Texts", template)


def store_read_only_text(store) -> str:
    """The read-only sentence for an open store."""
    return read_only_text(getattr(store, "read_only_cause", None))


# ------------------------------------------------------------------------- refused edits

_WHAT = {  # the English names core gives the value it checked (values.py, ops, kinds)
    "The workbook": QT_TRANSLATE_NOOP("Texts", "The workbook"),
    "A participant": QT_TRANSLATE_NOOP("Texts", "A participant"),
    "participant": QT_TRANSLATE_NOOP("Texts", "Participant"),
    "the participant's role": QT_TRANSLATE_NOOP("Texts", "The participant's role"),
    "assessment": QT_TRANSLATE_NOOP("Texts", "Assessment"),
    "participant_ids": QT_TRANSLATE_NOOP("Texts", "Who took part"),
    "the title": QT_TRANSLATE_NOOP("Texts", "The title"),
    "the notes": QT_TRANSLATE_NOOP("Texts", "The notes"),
    "the note": QT_TRANSLATE_NOOP("Texts", "The note"),
    "the reason": QT_TRANSLATE_NOOP("Texts", "The reason"),
    "a status": QT_TRANSLATE_NOOP("Texts", "A status"),
    "An item id": QT_TRANSLATE_NOOP("Texts", "An item id"),
    "item id": QT_TRANSLATE_NOOP("Texts", "An item id"),
    "A dimension id": QT_TRANSLATE_NOOP("Texts", "A function id"),
    "A record id": QT_TRANSLATE_NOOP("Texts", "A record id"),
    "a workbook field": QT_TRANSLATE_NOOP("Texts", "A workbook setting"),
    "name": QT_TRANSLATE_NOOP("Texts", "The name"),
}

_PROBLEMS = {
    Problem.NO_ASSESSMENT: QT_TRANSLATE_NOOP(
        "Texts", "That assessment is not in this workbook any more."),
    Problem.NO_PARTICIPANT: QT_TRANSLATE_NOOP(
        "Texts", "That participant is not in this workbook; add them first."),
    Problem.NO_RECORD: QT_TRANSLATE_NOOP("Texts", "That record is not in this workbook any "
                                                  "more."),
    Problem.FINAL_ASSESSMENT: QT_TRANSLATE_NOOP(
        "Texts", "“{title}” is final; reopen it before changing it."),
    Problem.NOT_TAKING_PART: QT_TRANSLATE_NOOP(
        "Texts", "{name} is not taking part in “{title}”; add them to the assessment first."),
    Problem.PARTICIPANT_IN_USE: QT_TRANSLATE_NOOP(
        "Texts", "{name} has ratings in this workbook, so they cannot be removed."),
    Problem.NEEDS_NAME: QT_TRANSLATE_NOOP("Texts", "{what} needs a name."),
    Problem.NOT_TEXT: QT_TRANSLATE_NOOP("Texts", "{what} must be text."),
    Problem.TOO_LONG: QT_TRANSLATE_NOOP(
        "Texts", "{what} is too long: {length} characters, at most {limit}."),
    Problem.BAD_IDENTIFIER: QT_TRANSLATE_NOOP("Texts", "{what} must be a short text."),
    Problem.BAD_LEVEL: QT_TRANSLATE_NOOP(
        "Texts", "A rating must be a stage of the model, not applicable, don't know, or "
                 "empty."),
    Problem.BAD_DATE: QT_TRANSLATE_NOOP("Texts", "That is not a date this workbook can keep."),
    Problem.BAD_NUMBER: QT_TRANSLATE_NOOP("Texts", "{what} must be a number from {low} to "
                                                   "{high}."),
    Problem.BAD_CHOICE: QT_TRANSLATE_NOOP("Texts", "{what} must be one of: {choices}."),
    Problem.BAD_LIST: QT_TRANSLATE_NOOP("Texts", "{what} must be a list."),
    Problem.BAD_FRAMEWORK: QT_TRANSLATE_NOOP(
        "Texts", "A new assessment needs a framework with an id and a version."),
    Problem.BAD_REFERENCE: QT_TRANSLATE_NOOP(
        "Texts", "{what} refers to something that is not in this workbook."),
    Problem.LIMIT_REACHED: QT_TRANSLATE_NOOP("Texts", "{what}: at most {limit}."),
    Problem.DUPLICATE: QT_TRANSLATE_NOOP("Texts", "{what} exists already."),
    Problem.PARTICIPANT_FILE: QT_TRANSLATE_NOOP(
        "Texts", "This is {name}'s participant file: only {name}'s own ratings can be changed "
                 "here."),
    Problem.NOTHING_TO_REVOTE: QT_TRANSLATE_NOOP(
        "Texts", "Nobody has voted on this item in this round yet, so there is nothing to vote "
                 "on again."),
    Problem.NEEDS_REASON: QT_TRANSLATE_NOOP(
        "Texts", "The agreed rating differs from the room's median: say why in the reason."),
    Problem.BAD_EMAIL: QT_TRANSLATE_NOOP(
        "Texts", "That is not an email address (like name@example.com)."),
}


def operation_text(error: OperationError) -> str:
    """A refused edit (core.errors.OperationError), in the user's language."""
    template = _PROBLEMS.get(error.problem)
    if template is None:  # a problem added to core without its sentence here
        return translate("Texts", "That change is not allowed here.")
    params = dict(error.params)
    what = params.get("what")
    if isinstance(what, str):
        params["what"] = translate("Texts", _WHAT[what]) if what in _WHAT \
            else what[:1].upper() + what[1:]
    locale = QLocale()
    for key in ("length", "limit", "low", "high"):
        if isinstance(params.get(key), (int, float)) and not isinstance(params[key], bool):
            params[key] = locale.toString(params[key])
    try:
        return translate("Texts", template).format(**params)
    except (KeyError, IndexError, ValueError):
        return translate("Texts", "That change is not allowed here.")


def error_text(error: BaseException) -> str:
    """Whichever of the above fits: a store error, a refused edit, or anything else."""
    if isinstance(error, OperationError):
        return operation_text(error)
    return store_error_text(error)


# ---------------------------------------------------------------------------------- backups
# A store BackupInfo (store/backups.py: when and why a backup was taken), worded for the list
# and the messages. The store is imported only when a backup is shown: not at start-up.

_REASONS = {  # BackupReason values
    "before-editing": QT_TRANSLATE_NOOP("Texts", "Before editing"),
    "before-import": QT_TRANSLATE_NOOP("Texts", "Before an import or merge"),
    "before-restore": QT_TRANSLATE_NOOP("Texts", "Before restoring a backup"),
}


def backup_reason_text(info) -> str:
    """Why the backup was taken, in words."""
    reason = info.reason.value
    if reason in _REASONS:
        return translate("Texts", _REASONS[reason])
    if reason == "before-upgrade":
        if info.from_format is None:
            return translate("Texts", "Before upgrading the file")
        return translate("Texts", "Before upgrading the file from format {version}").format(
            version=info.from_format)
    if info.taken is None:
        return translate("Texts", "Put in the folder by hand ({name})").format(name=info.slug)
    return translate("Texts", "Other ({reason})").format(reason=info.slug.replace("-", " "))


def time_pattern(locale: QLocale) -> str:
    """The locale's short time with seconds: backups a few seconds apart (an import, then an
    edit) must not look the same."""
    pattern = locale.timeFormat(QLocale.FormatType.ShortFormat)
    if "s" not in pattern and "mm" in pattern:
        pattern = pattern.replace("mm", "mm:ss", 1)
    return pattern


def backup_time_text(info, locale: QLocale | None = None) -> str:
    """When the backup was taken, in the computer's time zone and the user's locale."""
    from maturity_workbook.ui.i18n import format_date

    if info.taken is None:
        return translate("Texts", "Date unknown")
    locale = locale or QLocale()
    local = info.taken.astimezone()
    time = locale.toString(QTime(local.hour, local.minute, local.second),
                           time_pattern(locale))
    return translate("Texts", "{date} {time}").format(
        date=format_date(local.date(), locale), time=time)


def backup_summary(info) -> str:
    """One line for a message: "5/14/2026 9:30:12 AM (Before editing)"."""
    return translate("Texts", "{when} ({why})").format(when=backup_time_text(info),
                                                       why=backup_reason_text(info))
