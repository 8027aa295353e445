"""WorkbookStore: the one way a workbook file is opened, edited and saved.

An edit is an operation from core/ops. `store.apply(op)` checks it is allowed here (the file is
writable), applies it to the live core objects under the store's lock, stamps the fields it
touched (for merging), marks their records dirty, wakes the writer thread (writer.py) and tells
the listeners. The named methods (`set_rating`, `finalize`, ...) are shorthands for `apply`.

Threading: edit callbacks run synchronously on the thread that made the edit; `Saved` and
`SaveError` events come from the writer thread (a UI marshals them to its own thread). The live
objects must be changed only through the store.
"""

from __future__ import annotations

import atexit
import logging
import os
import secrets
import threading
import time
import weakref
from dataclasses import dataclass
from enum import Enum
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable

from maturity_workbook.core import ops
from maturity_workbook.core.ops import Applied, Change, Touch, What
from maturity_workbook.core.ops.scope import check_scope
from maturity_workbook.core.workbook import DRAFT, FINAL, Workbook, new_id
from maturity_workbook.store import backups as _backups
from maturity_workbook.store.atomic import describe_os_error, remove_leftover_temps, write_atomic
from maturity_workbook.store.decode import parse_workbook, parse_tables
from maturity_workbook.store.errors import (
    InvalidValueError, MissingWorkbookError, ReadOnlyError, SaveError,
    WorkbookError, WorkbookExistsError, WorkbookLockedError,
)
from maturity_workbook.store.files import read_workbook_bytes, real_path, writable_reason
from maturity_workbook.store.lock import LOCKED_REASON, WorkbookLock
from maturity_workbook.store.records import Document, Key, encode_document
from maturity_workbook.store.storage import open_database, read_tables, raw_tables_of
from maturity_workbook.store.writer import Saved, Saving

log = logging.getLogger(__name__)

_open_stores: "weakref.WeakSet[WorkbookStore]" = weakref.WeakSet()


class ReadOnlyCause(Enum):
    """Why a store is read-only (the window and the command line word it)."""

    REQUESTED = "requested"  # opened read-only on purpose
    LOCKED = "locked"  # another window or program has the workbook open
    LOCK_UNAVAILABLE = "lock-unavailable"  # the lock file cannot be made (folder not writable)
    FILE_READ_ONLY = "file-read-only"  # the file's permissions forbid changes
    FOLDER_READ_ONLY = "folder-read-only"  # the folder cannot take the new file
    HARD_LINKS = "hard-links"  # a save would separate the file's other names (reliability.md)


@dataclass(frozen=True)
class Reloaded:
    """A store event: the whole workbook was replaced (`why`: "import" or "restore")."""

    why: str


Event = Change | Saved | SaveError | Reloaded


def read_file(path: Path) -> bytes:
    return read_workbook_bytes(path)  # regular files only, never blocks, size checked first


def _writable_reason(path: Path) -> tuple[ReadOnlyCause | None, str]:
    cause, why = writable_reason(path)  # also: hard links, and 0444 even for root
    return (ReadOnlyCause(cause) if cause else None), why


class WorkbookStore(Saving):
    """An open workbook file. Use `create` or `open`; `close` (or a `with` block) when done."""

    def __init__(self, path: Path, db, document: Document, *, read_only: bool, reason: str,
                 lock: WorkbookLock | None, original: bytes | None,
                 cause: ReadOnlyCause | None = None):
        self._init_saving()
        self.path = path
        self._db = db
        self._doc = document
        self.read_only = read_only
        self.read_only_reason = reason  # in English, for logs
        self.read_only_cause = cause if read_only else None
        self._lock_file = lock
        self._original = original  # the bytes as opened, for the session's first backup
        self._listeners: tuple[Callable[[Event], None], ...] = ()
        self._session: str | None = None
        self._counter = 0
        self._closed = False

    # ------------------------------------------------------------------------ open and close

    @property
    def workbook(self) -> Workbook:
        return self._doc.workbook

    @classmethod
    def create(cls, path: str | Path, name: str) -> "WorkbookStore":
        """A new, empty workbook file at `path`; refuses to overwrite anything."""
        path = real_path(path)
        workbook = Workbook(new_id(), "")
        ops.SetWorkbookField("name", name).apply(workbook)  # checks the name
        if os.path.lexists(path):
            raise WorkbookExistsError(f"{path} already exists; choose another name or open it.",
                                      path)
        lock = WorkbookLock(path)
        ok, why = lock.acquire()
        if not ok:
            raise WorkbookLockedError(f"Could not create {path}: {why}", path)
        try:
            store = cls(path, open_database(path, None), Document(workbook), read_only=False,
                        reason="", lock=lock, original=None)
            for field_name in ("name", "reassess_months", "notes"):
                store._touch(Touch(("workbook",), field_name))
            store._load_database()
            try:
                write_atomic(path, store._db.storage.encode(), exclusive=True)
            except FileExistsError:
                raise WorkbookExistsError(f"{path} already exists; choose another name or open "
                                          "it.", path) from None
            except OSError as exc:
                raise WorkbookError(f"Could not create {path}: {describe_os_error(exc)}.",
                                    path) from exc
        except BaseException:
            lock.release()
            raise
        store._dirty.clear()
        store._start()
        return store

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False,
             wait: float = 0) -> "WorkbookStore":
        """Open a workbook. Raises a WorkbookError subclass when the file cannot be used; when
        another process has it open (still, after `wait` seconds), returns a read-only store
        with `read_only_cause` set."""
        path = real_path(path)  # once: the lock and every save use the file a link points to
        reason = "Opened read-only." if read_only else ""
        cause = ReadOnlyCause.REQUESTED if read_only else None
        lock = None
        if not read_only:
            if not os.path.lexists(path):
                raise MissingWorkbookError(f"{path} does not exist (it may have been moved or "
                                           "renamed).", path)
            lock = WorkbookLock(path)
            ok, why = lock.acquire(timeout=wait)
            if not ok:
                cause = ReadOnlyCause.LOCKED if why == LOCKED_REASON \
                    else ReadOnlyCause.LOCK_UNAVAILABLE
                lock, read_only, reason = None, True, why
        try:
            data = read_file(path)
            db = open_database(path, data)
            parsed = parse_tables(raw_tables_of(db), db.storage.write, lambda: read_tables(db),
                                  path)
            if lock is not None:
                why_cause, why = _writable_reason(path)
                if why_cause is not None:
                    lock.release()
                    lock, read_only, reason, cause = None, True, why, why_cause
            store = cls(path, db, parsed.document, read_only=read_only, reason=reason,
                        lock=lock, original=data, cause=cause)
            if lock is not None:
                remove_leftover_temps(path)
                store._rebuild = True  # the writer puts the records into TinyDB before a save
                if parsed.migrated_from is not None:
                    store._load_database()
                    store._rebuild = False
                    _backups.make_backup(path, f"before-upgrade-from-format-"
                                               f"{parsed.migrated_from}", data)
                    store._original = None  # backed up already
                    try:
                        db.storage.save()
                    except OSError as exc:
                        raise SaveError(f"Could not save {path.name} in the new format: "
                                        f"{describe_os_error(exc)}. The file is unchanged.",
                                        path, cause=exc) from exc
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        store._start()
        return store

    def _start(self) -> None:
        if not self.read_only:
            self._start_writer()
            _open_stores.add(self)

    def close(self, *, discard: bool = False) -> None:
        """Save what is pending and release the lock. If the last save fails this raises
        SaveError and the store stays open (the edits are kept: try again or save a copy
        elsewhere); `discard=True` closes anyway and drops unsaved edits."""
        if self._closed:
            return
        if not self.read_only:
            try:
                self.flush()
            except SaveError:
                if not discard:
                    raise
            with self._cond:
                self._closing = True
                if discard:
                    self._saved_gen = self._gen
                self._cond.notify_all()
            if self._writer is not None and self._writer is not threading.current_thread():
                self._writer.join()
        self._closed = True
        if self._lock_file is not None:
            self._lock_file.release()
        _open_stores.discard(self)

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> "WorkbookStore":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
            return
        try:  # an exception is on its way out already: do not replace it with a save error
            self.close()
        except WorkbookError:
            log.exception("closing %s after an error", self.path)
            self.close(discard=True)

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "writable"
        return f"<WorkbookStore {self.path} {mode}{' closed' if self._closed else ''}>"

    # ------------------------------------------------------------------------------ listening

    def subscribe(self, callback: Callable[[Event], None]) -> Callable[[], None]:
        """Call `callback(event)` after every change (a core `Change`) and save (`Saved` or
        `SaveError`, from the writer thread); returns a function that unsubscribes."""
        with self._lock:  # copy-on-write: _emit reads the tuple without taking the lock
            self._listeners = self._listeners + (callback,)

        def unsubscribe() -> None:
            with self._lock:
                self._listeners = tuple(c for c in self._listeners if c is not callback)

        return unsubscribe

    def _emit_event(self, event: Event) -> None:
        # no lock here: an edit's caller must never wait for the writer thread
        for callback in self._listeners:
            try:
                callback(event)
            except Exception:  # a listener's bug must not stop edits or saves
                log.exception("workbook listener failed on %s", event)

    # -------------------------------------------------------------------------------- editing

    def _check_writable(self) -> None:
        if self._closed:
            raise ReadOnlyError(f"{self.path.name} is closed; open it again to edit.", self.path)
        if self.read_only:
            raise ReadOnlyError(f"{self.path.name} is open read-only: {self.read_only_reason}",
                                self.path)

    def apply(self, operation: Any) -> Applied | None:
        """Apply a core operation, save it in the background and tell the listeners. Returns
        what changed (with its inverse), or None when nothing did. A refused operation raises
        core.errors.OperationError and changes nothing."""
        self._check_writable()
        with self._lock:
            check_scope(self.workbook, operation)
            applied = operation.apply(self.workbook)
            if applied is None:
                return None
            for touch in applied.touched:
                self._touch(touch)
            self._commit()
        self._emit_event(applied.change)
        return applied

    def _touch(self, touch: Touch) -> None:
        """Stamp one touched field and mark its record dirty (lock held)."""
        key: Key = touch.record
        if self._session is None:
            self._session = secrets.token_hex(6)
        self._counter += 1
        self._doc.clock[self._session] = self._counter
        if touch.field is None:  # the record is gone: so is what the file kept about it
            self._doc.stamps.pop(key, None)
            self._doc.ids.pop(key, None)
            self._doc.extra.pop(key, None)
        else:
            stamps = self._doc.stamps.setdefault(key, {})
            if touch.removed:
                stamps.pop(touch.field, None)
            else:
                stamps[touch.field] = [self._session, self._counter, int(time.time())]
        self._dirty.add(key)
        if key[0] in ("entries", "targets"):
            self._dirty.add(("assessments", key[1]))  # its "updated" time moved
        self._dirty.add(("workbook",))  # the clock moved

    # -- shorthands for the operations, as the window, the CLI and tests use them

    def rename(self, name: str) -> None:
        self.apply(ops.SetWorkbookField("name", name))

    def set_notes(self, notes: str) -> None:
        self.apply(ops.SetWorkbookField("notes", notes))

    def set_reassess_months(self, months: int) -> None:
        self.apply(ops.SetWorkbookField("reassess_months", months))

    def set_workbook_field(self, field_name: str, value: Any) -> None:
        self.apply(ops.SetWorkbookField(field_name, value))

    def add_participant(self, name: str, role: str = ""):
        applied = self.apply(ops.AddParticipant(name, role))
        return self.workbook.participants[applied.change.participant_id]

    def update_participant(self, participant_id: str, name: str | None = None,
                           role: str | None = None) -> None:
        self.apply(ops.UpdateParticipant(participant_id, name, role))

    def create_assessment(self, framework: Any, title: str, date_iso: str | date,
                          participant_ids: Iterable[str], copy_from: str | None = None,
                          facilitated: bool = False):
        """A new draft assessment of `framework` (a core Framework). With `copy_from`, it
        reassesses that assessment (see core.ops.CreateAssessment); `facilitated` hides the
        votes until the room reveals them."""
        participants = tuple(participant_ids) if not isinstance(participant_ids, str) \
            else participant_ids
        applied = self.apply(ops.CreateAssessment(
            getattr(framework, "id", None), getattr(framework, "version", None), title,
            date_iso, participants, copy_from, facilitated=facilitated))
        return self.workbook.assessments[applied.change.assessment_id]

    def update_assessment(self, assessment_id: str, *, title: str | None = None,
                          date: str | None = None, participant_ids: Iterable[str] | None = None,
                          notes: str | None = None) -> None:
        people = None if participant_ids is None else (
            participant_ids if isinstance(participant_ids, str) else tuple(participant_ids))
        self.apply(ops.UpdateAssessment(assessment_id, title, date, people, notes))

    def delete_assessment(self, assessment_id: str) -> None:
        self.apply(ops.DeleteAssessment(assessment_id))

    def set_rating(self, assessment_id: str, item_id: str, participant_id: str,
                   level: Any) -> None:
        self.apply(ops.SetRating(assessment_id, item_id, participant_id, level))

    def set_agreed(self, assessment_id: str, item_id: str, level: Any) -> None:
        self.apply(ops.SetAgreed(assessment_id, item_id, level))

    def set_note(self, assessment_id: str, item_id: str, text: str) -> None:
        self.apply(ops.SetNote(assessment_id, item_id, text))

    def set_evidence(self, assessment_id: str, item_id: str, evidence: Iterable[str]) -> None:
        self.apply(ops.SetEvidence(assessment_id, item_id, evidence))

    def set_target(self, assessment_id: str, dimension_id: str, level: Any) -> None:
        self.apply(ops.SetTarget(assessment_id, dimension_id, level))

    def set_position(self, assessment_id: str, item_id: str | None) -> None:
        self.apply(ops.SetPosition(assessment_id, item_id))

    def finalize(self, assessment_id: str) -> None:
        self.apply(ops.SetStatus(assessment_id, FINAL))

    def reopen(self, assessment_id: str) -> None:
        self.apply(ops.SetStatus(assessment_id, DRAFT))

    # ------------------------------------------------------------------------------- reading

    def conflicts(self) -> list[dict]:
        """Values merges set aside (the same field changed on two machines), as stored."""
        with self._lock:
            return [dict(r) for r in self._doc.raw.get("conflicts", {}).values()]

    def snapshot_bytes(self) -> bytes:
        """The file as it would be written now (all edits included)."""
        with self._lock:
            return encode_document(self._doc)

    def document(self) -> Document:
        """The live document (core workbook plus file metadata); read it, do not change it."""
        return self._doc

    def save_copy_as(self, path: str | Path) -> Path:
        """Write a full copy of the workbook (all edits so far) to `path`, atomically. The store
        goes on editing its own file."""
        target = real_path(path)
        if target == self.path:
            raise InvalidValueError("That is this workbook's own file; choose another name.",
                                    target)
        lock = WorkbookLock(target)
        ok, why = lock.acquire()
        if not ok:
            raise WorkbookLockedError(f"Could not write {target}: {why}", target)
        try:
            write_atomic(target, self.snapshot_bytes())
        except OSError as exc:
            raise SaveError(f"Could not save a copy as {target}: {describe_os_error(exc)}.",
                            target, cause=exc) from exc
        finally:
            lock.release()
        return target

    # ------------------------------------------------------------------ backups and restoring

    def list_backups(self) -> list[Path]:
        return _backups.list_backups(self.path)

    def restore_backup(self, backup: str | Path) -> None:
        """Replace this workbook with a backup. The current state (unsaved edits included) is
        backed up first, so a restore can be undone by restoring that."""
        self._check_writable()
        backup = Path(backup)
        data = read_file(backup)
        parsed = parse_workbook(data, backup)
        _backups.make_backup(self.path, "before-restore", self.snapshot_bytes())
        self.replace_document(parsed.document, "restore", data)

    def replace_document(self, doc: Document, why: str, data: bytes | None = None,
                         keep_session: bool = False) -> None:
        """Make `doc` the live state and write it now (restore, import); the same Workbook
        object stays live so views keep their reference."""
        with self._cond:
            while self._saving:  # a save of the old state must not land after this write
                self._cond.wait()
            session, counter = self._session, self._counter
            live, new = self._doc.workbook, doc.workbook
            old_state = dict(live.__dict__)
            live.__dict__.update(new.__dict__)
            doc.workbook = live
            previous_doc, self._doc = self._doc, doc
            if keep_session and session is not None:  # our later edits still come after
                doc.clock[session] = max(counter, doc.clock.get(session, 0))
            else:
                self._session, self._counter = None, 0  # a new line of edits from here
            try:
                self._load_database()
                if data is not None:
                    write_atomic(self.path, data)
                else:
                    self._db.storage.save()
            except OSError as exc:
                live.__dict__.update(old_state)
                previous_doc.workbook = live
                self._doc = previous_doc
                self._load_database()
                raise SaveError(f"Could not write {self.path.name}: {describe_os_error(exc)}. "
                                "Nothing was changed.", self.path, cause=exc) from exc
            self._dirty.clear()
            self._gen += 1
            self._saved_gen = self._gen
            self._failure = None
            self._cond.notify_all()
        self._emit_event(Reloaded(why))
        self._emit_event(Change(What.MANY))

    # -------------------------------------------------------------------------------- import

    def import_sources(self, sources: Iterable[str | Path], *, catalog: Any = None):
        """Merge other workbooks or interchange files into this one (see importing.py)."""
        from maturity_workbook.store.importing import import_into

        self._check_writable()
        return import_into(self, [Path(s) for s in sources], catalog)


# ------------------------------------------------------------------------- module functions


def list_backups(path: str | Path) -> list[Path]:
    """Backups of the workbook at `path`, newest first (works for a file that fails to open)."""
    return _backups.list_backups(Path(path).absolute())


def restore_backup(path: str | Path, backup: str | Path) -> Path:
    """Put `backup` back as the workbook at `path`, e.g. over a file that no longer opens. The
    current file, if any, is backed up first (even a damaged one). Refuses while the workbook is
    open elsewhere, and refuses a backup that is itself unreadable."""
    path = real_path(path)
    backup = Path(backup).absolute()
    if path.parent == _backups.backup_folder(backup) and backup.parent != \
            _backups.backup_folder(path):
        path, backup = backup, path  # given the other way round
    data = read_file(backup)
    parse_workbook(data, backup)  # raises when the backup is not a good workbook
    lock = WorkbookLock(path)
    ok, why = lock.acquire()
    if not ok:
        raise WorkbookLockedError(f"Cannot restore {path.name} now: {why}", path)
    try:
        _backups.make_backup(path, "before-restore")
        try:
            write_atomic(path, data)
        except OSError as exc:
            raise SaveError(f"Could not restore {path.name}: {describe_os_error(exc)}. Nothing "
                            "was changed.", path, cause=exc) from exc
        remove_leftover_temps(path)
    finally:
        lock.release()
    return path


@atexit.register
def _close_open_stores() -> None:
    """Save what is pending when the program ends without closing its stores."""
    for store in list(_open_stores):
        try:
            store.close(discard=True)
        except Exception:  # pragma: no cover - best effort at exit
            pass
