"""WorkbookStore: the one way a workbook is opened, edited and saved.

Edits change the live `core` objects at once and return; a writer thread saves the latest state in
the background (atomically, see atomic.py), coalescing edits that arrive while it writes. Every
operation says what it changed through `subscribe` callbacks, so the UI only listens.

Threading: edit callbacks run synchronously on the thread that made the edit; "saved" and
"save-failed" callbacks run on the writer thread (a UI marshals them to its own thread). The live
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
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from maturity_workbook.core.workbook import (
    DRAFT, FINAL, UNKNOWN, UNRATED, Assessment, Participant, Workbook, copy_ratings, new_id, now_iso,
)
from maturity_workbook.store import backups as _backups
from maturity_workbook.store.atomic import (
    describe_os_error, remove_leftover_temps, write_atomic,
)
from maturity_workbook.store.errors import (
    FinalAssessmentError, ImportSourceError, InvalidValueError, MissingWorkbookError,
    NotAWorkbookError, NotFoundError, ReadOnlyError, SaveError, WorkbookError,
    WorkbookExistsError, WorkbookLockedError,
)
from maturity_workbook.store.lock import WorkbookLock
from maturity_workbook.store.records import (
    Document, Key, assemble, clean_text, encode_document, encode_record, ordered_keys,
    parse_source, parse_workbook, record_for,
)

log = logging.getLogger(__name__)

MAX_TEXT = 1_000_000
MAX_LEVEL = 1000
_open_stores: "weakref.WeakSet[WorkbookStore]" = weakref.WeakSet()


@dataclass(frozen=True)
class Change:
    """What an operation changed, so the UI can listen instead of polling."""

    kind: str  # workbook, participant, assessment, entry, target, status, position, saved,
    #            save-failed
    assessment_id: str | None = None
    item_id: str | None = None
    detail: object = None


@dataclass
class ImportReport:
    sources: list[Path]
    backup: Path | None
    added: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)  # one line each, for people
    conflict_records: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return any(self.added.values()) or any(self.changed.values()) or any(
            self.removed.values())


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise MissingWorkbookError(f"{path} does not exist (it may have been moved or "
                                   "renamed).", path) from None
    except IsADirectoryError:
        raise NotAWorkbookError(f"{path} is a folder, not a workbook file.", path) from None
    except OSError as exc:
        raise WorkbookError(f"Could not read {path}: {describe_os_error(exc)}.", path) from exc


def _writable_reason(path: Path) -> str:
    if not os.access(path, os.W_OK):
        return "The file is read-only (its permissions do not allow changes); it is open " \
               "read-only."
    if not os.access(path.parent, os.W_OK):
        return "The folder holding the workbook cannot be written; it is open read-only."
    return ""


class WorkbookStore:
    """An open workbook file. Use `create` or `open`; `close` (or a `with` block) when done."""

    def __init__(self, path: Path, document: Document, *, read_only: bool, reason: str,
                 lock: WorkbookLock | None, original: bytes | None):
        self.path = path
        self._doc = document
        self.read_only = read_only
        self.read_only_reason = reason
        self._lock_file = lock
        self._original = original  # the bytes as opened, for the session's first backup
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._listeners: tuple[Callable[[Change], None], ...] = ()
        self._session: str | None = None
        self._counter = 0
        self._gen = 0  # edits made
        self._saved_gen = 0  # edits durably on disk
        self._attempt = 0
        self._failure: tuple[int, SaveError] | None = None
        self._retry = False
        self._closing = False
        self._closed = False
        self._writer: threading.Thread | None = None
        self._cache: dict[Key, bytes] = {}
        self._dirty: set[Key] = set()
        self._batch = 0
        self._saving = False  # the writer is between taking a snapshot and finishing its write

    # ------------------------------------------------------------------------ open and close

    @property
    def workbook(self) -> Workbook:
        return self._doc.workbook

    @classmethod
    def create(cls, path: str | Path, name: str) -> "WorkbookStore":
        """A new, empty workbook file at `path`; refuses to overwrite anything."""
        path = Path(path).absolute()
        name = _text(name, "the workbook name").strip()
        if not name:
            raise InvalidValueError("A workbook needs a name.")
        if os.path.lexists(path):
            raise WorkbookExistsError(f"{path} already exists; choose another name or open it.",
                                      path)
        lock = WorkbookLock(path)
        ok, why = lock.acquire()
        if not ok:
            raise WorkbookLockedError(f"Could not create {path}: {why}", path)
        try:
            store = cls(path, Document(Workbook(new_id(), name)), read_only=False, reason="",
                        lock=lock, original=None)
            for name_ in ("name", "reassess_months", "notes"):
                store._touch(("workbook",), name_)
            try:
                write_atomic(path, store._encode(), exclusive=True)
            except FileExistsError:
                raise WorkbookExistsError(f"{path} already exists; choose another name or open "
                                          "it.", path) from None
            except OSError as exc:
                raise WorkbookError(f"Could not create {path}: {describe_os_error(exc)}.",
                                    path) from exc
        except BaseException:
            lock.release()
            raise
        store._saved_gen = store._gen
        store._start()
        return store

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> "WorkbookStore":
        """Open a workbook. Raises a WorkbookError subclass when the file cannot be used; when
        another process has it open, returns a read-only store with `read_only_reason` set."""
        path = Path(path).absolute()
        reason = "Opened read-only." if read_only else ""
        lock = None
        if not read_only:
            if not os.path.lexists(path):
                raise MissingWorkbookError(f"{path} does not exist (it may have been moved or "
                                           "renamed).", path)
            lock = WorkbookLock(path)
            ok, why = lock.acquire()
            if not ok:
                lock, read_only, reason = None, True, why
        try:
            data = _read_bytes(path)
            parsed = parse_workbook(data, path)
            if lock is not None:
                why = _writable_reason(path)
                if why:
                    lock.release()
                    lock, read_only, reason = None, True, why
            store = cls(path, parsed.document, read_only=read_only, reason=reason, lock=lock,
                        original=data)
            if lock is not None:
                remove_leftover_temps(path)
                if parsed.migrated_from is not None:
                    _backups.make_backup(path, f"before-upgrade-from-format-"
                                               f"{parsed.migrated_from}", data)
                    store._original = None  # backed up already
                    try:
                        write_atomic(path, store._encode())
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
            self._writer = threading.Thread(target=self._writer_loop, daemon=True,
                                            name=f"workbook-writer {self.path.name}")
            self._writer.start()
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

    def subscribe(self, callback: Callable[[Change], None]) -> Callable[[], None]:
        """Call `callback(change)` after every change; returns a function that unsubscribes."""
        with self._lock:  # copy-on-write: _emit reads the tuple without taking the lock
            self._listeners = self._listeners + (callback,)

        def unsubscribe() -> None:
            with self._lock:
                self._listeners = tuple(c for c in self._listeners if c is not callback)

        return unsubscribe

    def _emit(self, change: Change) -> None:
        # no lock here: an edit's caller must never wait for the writer thread
        for callback in self._listeners:
            try:
                callback(change)
            except Exception:  # a listener's bug must not stop edits or saves
                log.exception("workbook listener failed on %s", change)

    # -------------------------------------------------------------------------------- editing

    def _check_writable(self) -> None:
        if self._closed:
            raise ReadOnlyError(f"{self.path.name} is closed; open it again to edit.", self.path)
        if self.read_only:
            raise ReadOnlyError(f"{self.path.name} is open read-only: {self.read_only_reason}",
                                self.path)

    def _touch(self, key: Key, name: str, removed: bool = False) -> None:
        """Record that field `name` of record `key` changed (call with the lock held)."""
        if self._session is None:
            self._session = secrets.token_hex(6)
        self._counter += 1
        self._doc.clock[self._session] = self._counter
        stamps = self._doc.stamps.setdefault(key, {})
        if removed:
            stamps.pop(name, None)
        else:
            stamps[name] = [self._session, self._counter, int(time.time())]
        self._dirty.add(key)
        self._dirty.add(("workbook",))

    def _commit(self) -> None:
        """One edit done (lock held): wake the writer."""
        self._gen += 1
        self._retry = True
        self._cond.notify_all()

    def _assessment(self, assessment_id: Any) -> Assessment:
        a = self.workbook.assessments.get(assessment_id) if isinstance(assessment_id, str) \
            else None
        if a is None:
            raise NotFoundError(f"There is no assessment {assessment_id!r} in this workbook.",
                                self.path)
        return a

    def _draft(self, assessment_id: Any, action: str) -> Assessment:
        a = self._assessment(assessment_id)
        if a.status == FINAL:
            raise FinalAssessmentError(f"'{a.title}' is final; reopen it before you {action}.",
                                       self.path)
        return a

    def _updated(self, a: Assessment) -> None:
        a.updated = now_iso()
        self._dirty.add(("assessments", a.id))

    def rename(self, name: str) -> None:
        self._check_writable()
        name = _text(name, "the workbook name").strip()
        if not name:
            raise InvalidValueError("A workbook needs a name.")
        with self._lock:
            if name == self.workbook.name:
                return
            self.workbook.name = name
            self._touch(("workbook",), "name")
            self._commit()
        self._emit(Change("workbook", detail="name"))

    def set_notes(self, notes: str) -> None:
        self._check_writable()
        notes = _text(notes, "the notes")
        with self._lock:
            if notes == self.workbook.notes:
                return
            self.workbook.notes = notes
            self._touch(("workbook",), "notes")
            self._commit()
        self._emit(Change("workbook", detail="notes"))

    def set_reassess_months(self, months: int) -> None:
        self._check_writable()
        if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 120:
            raise InvalidValueError(f"Reassess every 1-120 months, not {months!r}.")
        with self._lock:
            if months == self.workbook.reassess_months:
                return
            self.workbook.reassess_months = months
            self._touch(("workbook",), "reassess_months")
            self._commit()
        self._emit(Change("workbook", detail="reassess_months"))

    def add_participant(self, name: str, role: str = "") -> Participant:
        self._check_writable()
        name = _text(name, "the participant's name").strip()
        role = _text(role, "the participant's role").strip()
        if not name:
            raise InvalidValueError("A participant needs a name.")
        participant = Participant(new_id(), name, role)
        with self._lock:
            self.workbook.participants[participant.id] = participant
            key = ("participants", participant.id)
            self._touch(key, "name")
            self._touch(key, "role")
            self._commit()
        self._emit(Change("participant", detail=participant.id))
        return participant

    def update_participant(self, participant_id: str, name: str | None = None,
                           role: str | None = None) -> None:
        self._check_writable()
        name = None if name is None else _text(name, "the participant's name").strip()
        role = None if role is None else _text(role, "the participant's role").strip()
        if name is not None and not name:
            raise InvalidValueError("A participant needs a name.")
        with self._lock:
            p = self.workbook.participants.get(participant_id) \
                if isinstance(participant_id, str) else None
            if p is None:
                raise NotFoundError(f"There is no participant {participant_id!r}.", self.path)
            changed = False
            key = ("participants", p.id)
            if name is not None and name != p.name:
                p.name = name
                self._touch(key, "name")
                changed = True
            if role is not None and role != p.role:
                p.role = role
                self._touch(key, "role")
                changed = True
            if not changed:
                return
            self._commit()
        self._emit(Change("participant", detail=p.id))

    def create_assessment(self, framework: Any, title: str, date_iso: str | date,
                          participant_ids: Iterable[str], copy_from: str | None = None
                          ) -> Assessment:
        """A new draft assessment of `framework` (a core Framework). With `copy_from`, it starts
        from that assessment's agreed ratings (for the items this framework has)."""
        self._check_writable()
        framework_id = getattr(framework, "id", None)
        version = getattr(framework, "version", None)
        if not isinstance(framework_id, str) or not framework_id or not isinstance(version, str):
            raise InvalidValueError("create_assessment needs a framework (with an id and a "
                                    "version).")
        day = _date(date_iso)
        title = _text(title, "the title").strip() or f"Assessment {day}"
        with self._lock:
            people = self._participants(participant_ids)
            source = self._assessment(copy_from) if copy_from is not None else None
            a = Assessment(id=new_id(), framework_id=framework_id, framework_version=version,
                           title=title, date=day, participant_ids=people)
            if source is not None:
                copy_ratings(source, a)
                known = {item.id for item in getattr(framework, "items", ())}
                if known:
                    for item_id in [i for i in a.entries if i not in known]:
                        del a.entries[item_id]
            self.workbook.assessments[a.id] = a
            key = ("assessments", a.id)
            for name in ("head", "title", "date", "status", "participant_ids", "notes",
                         "position"):
                self._touch(key, name)
            for item_id in a.entries:
                self._touch(("entries", a.id, item_id), "agreed")
            self._commit()
        self._emit(Change("assessment", a.id, detail="created"))
        return a

    def _participants(self, participant_ids: Iterable[str]) -> list[str]:
        if isinstance(participant_ids, str):
            raise InvalidValueError("participant_ids must be a list of ids, not one string.")
        try:
            ids = list(participant_ids)
        except TypeError:
            raise InvalidValueError("participant_ids must be a list of ids.") from None
        out: list[str] = []
        for pid in ids:
            if not isinstance(pid, str) or pid not in self.workbook.participants:
                raise NotFoundError(f"There is no participant {pid!r} in this workbook; add "
                                    "them first.", self.path)
            if pid not in out:
                out.append(pid)
        return out

    def update_assessment(self, assessment_id: str, *, title: str | None = None,
                          date: str | None = None, participant_ids: Iterable[str] | None = None,
                          notes: str | None = None) -> None:
        """Change an assessment's details. Title, date and notes may change on a final
        assessment; who took part may not (it changes the agreed ratings)."""
        self._check_writable()
        title = None if title is None else (_text(title, "the title").strip() or None)
        day = None if date is None else _date(date)
        notes = None if notes is None else _text(notes, "the notes")
        with self._lock:
            a = self._assessment(assessment_id)
            people = None
            if participant_ids is not None:
                people = self._participants(participant_ids)
                if people != a.participant_ids and a.status == FINAL:
                    raise FinalAssessmentError(f"'{a.title}' is final; reopen it before you "
                                               "change who took part.", self.path)
            key = ("assessments", a.id)
            changed = []
            for name, value in (("title", title), ("date", day), ("notes", notes),
                                ("participant_ids", people)):
                if value is not None and value != getattr(a, name):
                    setattr(a, name, value)
                    self._touch(key, name)
                    changed.append(name)
            if not changed:
                return
            self._updated(a)
            self._commit()
        self._emit(Change("assessment", a.id, detail="updated"))

    def delete_assessment(self, assessment_id: str) -> None:
        self._check_writable()
        with self._lock:
            a = self._assessment(assessment_id)
            del self.workbook.assessments[a.id]
            for key in [k for k in list(self._doc.stamps) + list(self._doc.ids)
                        + list(self._doc.extra) + list(self._cache)
                        if k[0] in ("assessments", "entries", "targets") and k[1] == a.id]:
                self._doc.stamps.pop(key, None)
                self._doc.ids.pop(key, None)
                self._doc.extra.pop(key, None)
                self._dirty.add(key)
            self._touch(("workbook",), "_deleted", removed=True)  # advances the clock
            self._commit()
        self._emit(Change("assessment", a.id, detail="deleted"))

    def set_rating(self, assessment_id: str, item_id: str, participant_id: str,
                   level: Any) -> None:
        """One participant's rating of one item: a level, None (not applicable / don't know)
        or UNRATED (clears it)."""
        self._check_writable()
        level = _level(level)
        item_id = _ident(item_id, "item id")
        with self._lock:
            a = self._draft(assessment_id, "change its ratings")
            if not isinstance(participant_id, str) or \
                    participant_id not in self.workbook.participants:
                raise NotFoundError(f"There is no participant {participant_id!r} in this "
                                    "workbook.", self.path)
            if participant_id not in a.participant_ids:
                name = self.workbook.participants[participant_id].name
                raise InvalidValueError(f"{name} is not taking part in '{a.title}'; add them to "
                                        "the assessment first.", self.path)
            entry = a.entries.get(item_id)
            current = entry.ratings.get(participant_id, UNRATED) if entry else UNRATED
            if current is level or (current is not UNRATED and level is not UNRATED
                                    and current == level):
                return
            key = ("entries", a.id, item_id)
            if level is UNRATED:
                del entry.ratings[participant_id]
                self._touch(key, f"rating:{participant_id}", removed=True)
                self._drop_if_empty(a, item_id)
            else:
                a.entry(item_id).ratings[participant_id] = level
                self._touch(key, f"rating:{participant_id}")
            self._updated(a)
            self._commit()
        self._emit(Change("entry", a.id, item_id, {"field": "rating",
                                                   "participant_id": participant_id}))

    def set_agreed(self, assessment_id: str, item_id: str, level: Any) -> None:
        """The room's agreed rating: a level, None (not applicable) or UNRATED (back to the
        participants' median)."""
        self._check_writable()
        level = _level(level)
        item_id = _ident(item_id, "item id")
        with self._lock:
            a = self._draft(assessment_id, "change its ratings")
            entry = a.entries.get(item_id)
            key = ("entries", a.id, item_id)
            if level is UNRATED:
                if entry is None or not entry.agreed_set:
                    return
                entry.agreed, entry.agreed_set = None, False
                self._touch(key, "agreed", removed=True)
                self._drop_if_empty(a, item_id)
            else:
                if entry is not None and entry.agreed_set and entry.agreed == level:
                    return
                entry = a.entry(item_id)
                entry.agreed, entry.agreed_set = level, True
                self._touch(key, "agreed")
            self._updated(a)
            self._commit()
        self._emit(Change("entry", a.id, item_id, {"field": "agreed"}))

    def set_note(self, assessment_id: str, item_id: str, text: str) -> None:
        self._check_writable()
        text = _text(text, "the note")
        item_id = _ident(item_id, "item id")
        with self._lock:
            a = self._draft(assessment_id, "change its notes")
            entry = a.entries.get(item_id)
            if (entry.note if entry else "") == text:
                return
            a.entry(item_id).note = text
            self._touch(("entries", a.id, item_id), "note", removed=not text)
            self._drop_if_empty(a, item_id)
            self._updated(a)
            self._commit()
        self._emit(Change("entry", a.id, item_id, {"field": "note"}))

    def set_evidence(self, assessment_id: str, item_id: str, evidence: Iterable[str]) -> None:
        self._check_writable()
        if isinstance(evidence, str):
            raise InvalidValueError("Evidence is a list of lines, not one string.")
        try:
            lines = [_text(line, "an evidence line") for line in evidence]
        except TypeError:
            raise InvalidValueError("Evidence is a list of lines.") from None
        item_id = _ident(item_id, "item id")
        with self._lock:
            a = self._draft(assessment_id, "change its evidence")
            entry = a.entries.get(item_id)
            if (entry.evidence if entry else []) == lines:
                return
            a.entry(item_id).evidence = lines
            self._touch(("entries", a.id, item_id), "evidence", removed=not lines)
            self._drop_if_empty(a, item_id)
            self._updated(a)
            self._commit()
        self._emit(Change("entry", a.id, item_id, {"field": "evidence"}))

    def _drop_if_empty(self, a: Assessment, item_id: str) -> None:
        entry = a.entries.get(item_id)
        if entry is not None and entry.is_empty():
            del a.entries[item_id]
            key = ("entries", a.id, item_id)
            self._doc.stamps.pop(key, None)
            self._doc.ids.pop(key, None)
            self._doc.extra.pop(key, None)
            self._dirty.add(key)

    def set_target(self, assessment_id: str, dimension_id: str, level: Any) -> None:
        """The level the team aims for in a dimension; None removes the target."""
        self._check_writable()
        dimension_id = _ident(dimension_id, "dimension id")
        if level is UNRATED:
            level = None
        level = _level(level)
        with self._lock:
            a = self._draft(assessment_id, "change its targets")
            if a.targets.get(dimension_id) == level:
                return
            key = ("targets", a.id, dimension_id)
            if level is None:
                if dimension_id not in a.targets:
                    return
                del a.targets[dimension_id]
                self._touch(key, "level", removed=True)
                self._doc.stamps.pop(key, None)
                self._doc.ids.pop(key, None)
                self._doc.extra.pop(key, None)
            else:
                a.targets[dimension_id] = level
                self._touch(key, "level")
            self._updated(a)
            self._commit()
        self._emit(Change("target", a.id, None, dimension_id))

    def set_position(self, assessment_id: str, item_id: str | None) -> None:
        """Where the user is in an assessment, so reopening resumes there."""
        self._check_writable()
        item_id = "" if item_id is None else _text(item_id, "item id")
        with self._lock:
            a = self._assessment(assessment_id)
            if a.position == item_id:
                return
            a.position = item_id
            self._touch(("assessments", a.id), "position")
            self._commit()
        self._emit(Change("position", a.id, item_id or None))

    def finalize(self, assessment_id: str) -> None:
        self._set_status(assessment_id, FINAL)

    def reopen(self, assessment_id: str) -> None:
        self._set_status(assessment_id, DRAFT)

    def _set_status(self, assessment_id: str, status: str) -> None:
        self._check_writable()
        with self._lock:
            a = self._assessment(assessment_id)
            if a.status == status:
                return
            a.status = status
            self._touch(("assessments", a.id), "status")
            self._updated(a)
            self._commit()
        self._emit(Change("status", a.id, detail=status))

    # ------------------------------------------------------------------------------- reading

    def conflicts(self) -> list[dict]:
        """Values merges set aside (the same field changed on two machines), as stored."""
        with self._lock:
            return [dict(r) for r in self._doc.raw.get("conflicts", {}).values()]

    def snapshot_bytes(self) -> bytes:
        """The file as it would be written now (all edits included)."""
        with self._lock:
            return self._encode()

    def document(self) -> Document:
        """The live document (core workbook plus file metadata); read it, do not change it."""
        return self._doc

    # -------------------------------------------------------------------------------- saving

    def _collect(self, refresh_all: bool = False) -> list[tuple[str, list[bytes]]]:
        """Encoded records, table by table, re-encoding only what changed (lock held)."""
        cache = self._cache
        dirty = self._dirty
        tables = []
        for table, keys in ordered_keys(self._doc):
            encoded = []
            for key in keys:
                data = None if (refresh_all or key in dirty) else cache.get(key)
                if data is None:
                    record = record_for(self._doc, key)
                    if record is None:
                        cache.pop(key, None)
                        continue
                    data = cache[key] = encode_record(record)
                encoded.append(data)
            tables.append((table, encoded))
        for key in dirty:
            if record_for(self._doc, key) is None:
                cache.pop(key, None)
        dirty.clear()
        return tables

    def _encode(self) -> bytes:
        with self._lock:
            tables = self._collect()
        return assemble(tables)

    def _writer_loop(self) -> None:
        with self._cond:  # encode every record once, off the opening thread, for later saves
            try:
                self._collect()
            except Exception:  # pragma: no cover - reported by the first save instead
                log.exception("encoding %s failed", self.path)
        while True:
            with self._cond:
                while not self._should_save() and not self._closing:
                    self._cond.wait()
                if not self._should_save():
                    return  # closing, nothing left to try
                self._retry = False
                self._attempt += 1
                attempt = self._attempt
                generation = self._gen
                self._saving = True
                try:
                    tables = self._collect()
                except Exception as exc:  # a bug: report it as a failed save, keep the edits
                    log.exception("encoding the workbook failed")
                    tables, error = None, exc
            try:
                if tables is None:
                    raise error
                data = assemble(tables)
                self._backup_before_first_save()
                write_atomic(self.path, data)
            except Exception as exc:
                failure = SaveError(f"Could not save {self.path.name}: {describe_os_error(exc)}. "
                                    "Your changes are kept in this window; free some space or "
                                    "fix the problem, then edit or save again (or save a copy "
                                    "elsewhere).", self.path, cause=exc)
                failure.__cause__ = exc
                log.warning("saving %s failed: %s", self.path, exc)
                with self._cond:
                    self._failure = (attempt, failure)
                    self._saving = False
                    self._cond.notify_all()
                self._emit(Change("save-failed", detail=failure))
                continue
            with self._cond:
                self._saved_gen = max(self._saved_gen, generation)
                self._failure = None
                self._saving = False
                self._cond.notify_all()
            self._emit(Change("saved", detail=generation))

    def _should_save(self) -> bool:
        return (self._gen > self._saved_gen and self._batch == 0
                and (self._failure is None or self._retry))

    @contextmanager
    def batch(self) -> Iterator["WorkbookStore"]:
        """Edits inside `with store.batch():` reach the disk together or not at all: no save
        starts until the block ends. Do not call flush inside it."""
        self._check_writable()
        with self._lock:
            self._batch += 1
        try:
            yield self
        finally:
            with self._cond:
                self._batch -= 1
                self._cond.notify_all()

    def _backup_before_first_save(self) -> None:
        if self._original is None:
            return
        data, self._original = self._original, None
        try:
            _backups.make_backup(self.path, "before-editing", data)
        except WorkbookError as exc:  # a safety net only: saving goes on without it
            log.warning("no session backup of %s: %s", self.path, exc)

    @property
    def pending(self) -> bool:
        """True while edits are not yet durably saved."""
        with self._lock:
            return self._gen > self._saved_gen

    @property
    def last_save_error(self) -> SaveError | None:
        with self._lock:
            return self._failure[1] if self._failure else None

    def flush(self, timeout: float | None = None) -> bool:
        """Block until every edit made so far is durably on disk; True when it is, False when
        `timeout` ran out first. Raises SaveError when the save (retried now) fails."""
        if self.read_only or self._closed:
            return True
        if self._batch:
            raise WorkbookError("flush() was called inside batch(); end the batch first.",
                                self.path)
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            target = self._gen
            if self._saved_gen >= target:
                return True
            started = self._attempt
            self._retry = True
            self._cond.notify_all()
            while self._saved_gen < target:
                if self._failure is not None and self._failure[0] > started:
                    raise self._failure[1]
                if self._writer is None or not self._writer.is_alive():
                    raise SaveError(f"{self.path.name} is no longer being saved (the store "
                                    "was closed).", self.path)
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._cond.wait(remaining)
            return True

    def save_copy_as(self, path: str | Path) -> Path:
        """Write a full copy of the workbook (all edits so far) to `path`, atomically. The store
        goes on editing its own file."""
        target = Path(path).absolute()
        if target == self.path:
            raise InvalidValueError("That is this workbook's own file; choose another name.",
                                    target)
        lock = WorkbookLock(target)
        ok, why = lock.acquire()
        if not ok:
            raise WorkbookLockedError(f"Could not write {target}: {why}", target)
        try:
            data = self._encode()
            write_atomic(target, data)
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
        data = _read_bytes(backup)
        parsed = parse_workbook(data, backup)
        with self._lock:
            current = self._encode()
        _backups.make_backup(self.path, "before-restore", current)
        self._replace_file_and_state(data, parsed.document, "restored")

    def _replace_file_and_state(self, data: bytes, doc: Document, why: str) -> None:
        with self._cond:
            while self._saving:  # a save of the old state must not land after this write
                self._cond.wait()
            try:
                write_atomic(self.path, data)
            except OSError as exc:
                raise SaveError(f"Could not write {self.path.name}: {describe_os_error(exc)}. "
                                "Nothing was changed.", self.path, cause=exc) from exc
            self._install(doc)
            self._saved_gen = self._gen
            self._failure = None
            self._cond.notify_all()
        self._emit(Change("workbook", detail=why))

    def _install(self, doc: Document) -> None:
        """Make `doc` the live state, keeping the same Workbook object (lock held)."""
        live, new = self._doc.workbook, doc.workbook
        live.id, live.name, live.created = new.id, new.name, new.created
        live.reassess_months, live.notes = new.reassess_months, new.notes
        live.participants, live.assessments = new.participants, new.assessments
        doc.workbook = live
        self._doc = doc
        self._session, self._counter = None, 0  # a new line of edits from here
        self._cache.clear()
        self._dirty.clear()
        self._collect(refresh_all=True)

    # -------------------------------------------------------------------------------- import

    def import_sources(self, sources: Iterable[str | Path], *, catalog: Any = None
                       ) -> ImportReport:
        """Merge other workbooks or interchange files into this one (see merge.py).

        All sources are read and checked first; a bad one raises ImportSourceError (or the
        error that describes it) and nothing changes. A backup is taken before anything is
        written. The sources are only read. `catalog` (a FrameworkCatalog), when given, checks
        items and levels against known frameworks.
        """
        from maturity_workbook.store.merge import diff_stats, merge

        self._check_writable()
        paths = [Path(s) for s in sources]
        documents = []
        for source in paths:
            if source.absolute() == self.path:
                raise ImportSourceError(f"{source} is this workbook itself; nothing to import.",
                                        source)
            try:
                doc = parse_source(_read_bytes(source), source)
            except WorkbookError as exc:
                raise ImportSourceError(f"Cannot import {source.name}: {exc}", source,
                                        source=source) from exc
            documents.append((source, doc))
        with self._lock:
            merged = self._doc
            base_bytes = self._encode()
        base = merged
        warnings: list[str] = []
        conflicts = []
        for source, doc in documents:
            warnings += check_compatible(merged, doc, source, catalog)
            result = merge(merged, doc)
            merged = result.document
            conflicts += result.conflicts
        report = ImportReport(paths, None, *diff_stats(base, merged), warnings=warnings)
        report.conflict_records = [c.record for c in conflicts]
        report.conflicts = [describe_conflict(merged.workbook, c.record) for c in conflicts]
        if not report.changed_anything:
            return report
        report.backup = _backups.make_backup(self.path, "before-import", base_bytes)
        self._original = None  # that backup covers the session's first one
        with self._lock:
            session, counter = self._session, self._counter
            self._install(merged)
            self._session, self._counter = session, counter  # our edits still come after
            if session is not None:
                merged.clock[session] = max(counter, merged.clock.get(session, 0))
            self._dirty.add(("workbook",))
            self._commit()
        self._emit(Change("workbook", detail="import"))
        self.flush()
        return report


def check_compatible(target: Document, source: Document, path: Path, catalog: Any) -> list[str]:
    """Refuse a source whose assessments clash with ours or with their framework; warnings for
    frameworks nobody here knows."""
    warnings = []
    for a in source.workbook.assessments.values():
        mine = target.workbook.assessments.get(a.id)
        if mine is not None and (mine.framework_id, mine.framework_version) != \
                (a.framework_id, a.framework_version):
            raise ImportSourceError(
                f"Cannot import {path.name}: its assessment '{a.title}' uses framework "
                f"{a.framework_id} {a.framework_version}, but the same assessment here uses "
                f"{mine.framework_id} {mine.framework_version}. Nothing was changed.", path,
                source=path)
        if catalog is None:
            continue
        framework = catalog.get(a.framework_id, a.framework_version)
        if framework is None or framework.version != a.framework_version:
            warnings.append(f"{path.name}: '{a.title}' uses framework {a.framework_id} "
                            f"{a.framework_version}, which this app does not know; it is kept "
                            "but cannot be scored until that framework is added.")
            continue
        items = {item.id for item in framework.items}
        levels = set(framework.levels)
        dims = {d.id for d in framework.dimensions}
        for item_id, entry in a.entries.items():
            bad_levels = [v for v in list(entry.ratings.values()) + [entry.agreed]
                          if v is not None and v is not UNKNOWN and v not in levels]
            if item_id not in items or bad_levels:
                what = (f"item {item_id!r}, which {framework.id} {framework.version} does not "
                        "have" if item_id not in items else
                        f"level {bad_levels[0]} on item {item_id!r}, outside "
                        f"{min(levels)}-{max(levels)}")
                raise ImportSourceError(f"Cannot import {path.name}: its assessment "
                                        f"'{a.title}' has {what}. It was probably made with "
                                        "another framework. Nothing was changed.", path,
                                        source=path)
        for dim, level in a.targets.items():
            if dim not in dims or level not in levels:
                raise ImportSourceError(f"Cannot import {path.name}: its assessment "
                                        f"'{a.title}' has a target for {dim!r} at level {level}, "
                                        f"which {framework.id} does not allow. Nothing was "
                                        "changed.", path, source=path)
    return warnings


def describe_conflict(wb: Workbook, record: dict) -> str:
    """One line telling a person which value was kept and which was set aside."""
    key = record.get("key", [])
    kept, other = record["kept"]["value"], record["other"]["value"]

    def show(value: Any) -> str:
        if value is None:
            return "not applicable"
        if value == "unknown" and key[:1] == ["e"] and key[3:4] in (["rating"], ["agreed"]):
            return "don't know"
        if isinstance(value, list):
            return "; ".join(str(v) for v in value) or "(none)"
        text = str(value)
        return repr(text if len(text) <= 40 else text[:37] + "...")

    kind = key[0] if key else ""
    a = wb.assessments.get(key[1]) if kind in ("a", "e", "t") and len(key) > 1 else None
    where = f"'{a.title}' ({a.date})" if a else "the workbook"
    if kind == "a" and key[-1] == "deleted":
        return f"{where} was deleted on one copy but changed on another; it was kept."
    if kind == "e":
        item = key[2]
        if key[3] == "rating":
            person = wb.participants.get(key[4])
            who = person.name if person else key[4]
            what = f"{who}'s rating of {item}"
        else:
            what = f"the {'agreed level' if key[3] == 'agreed' else key[3]} of {item}"
    elif kind == "t":
        what = f"the target for {key[2]}"
    elif kind == "a":
        what = f"its {key[2].replace('_', ' ')}"
    elif kind == "p":
        person = wb.participants.get(key[1])
        where = f"participant {person.name if person else key[1]}"
        what = f"the {key[2]}"
    else:
        what = f"the {key[-1] if key else 'value'}"
    return (f"{where}: {what} was changed on two copies; kept {show(kept)} (the later edit), "
            f"set aside {show(other)}.")


# -------------------------------------------------------------------------- input validation


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise InvalidValueError(f"{what[0].upper()}{what[1:]} must be text, not "
                                f"{type(value).__name__}.")
    if len(value) > MAX_TEXT:
        raise InvalidValueError(f"{what[0].upper()}{what[1:]} is too long "
                                f"({len(value):,} characters; at most {MAX_TEXT:,}).")
    return clean_text(value)


def _ident(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise InvalidValueError(f"An {what} must be a short non-empty text, not {value!r}.")
    return clean_text(value)


def _level(value: Any) -> Any:
    if value is None or value is UNRATED or value is UNKNOWN:
        return value
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_LEVEL:
        raise InvalidValueError(f"A level must be a whole number, None (not applicable) or "
                                f"UNRATED, not {value!r}.")
    return value


def _date(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()[:10]
    if isinstance(value, str):
        try:
            date.fromisoformat(value)
            if len(value) == 10:
                return value
        except ValueError:
            pass
    raise InvalidValueError(f"A date must look like 2026-05-14, not {value!r}.")


# ------------------------------------------------------------------------- module functions


def list_backups(path: str | Path) -> list[Path]:
    """Backups of the workbook at `path`, newest first (works for a file that fails to open)."""
    return _backups.list_backups(Path(path).absolute())


def restore_backup(path: str | Path, backup: str | Path) -> Path:
    """Put `backup` back as the workbook at `path`, e.g. over a file that no longer opens. The
    current file, if any, is backed up first (even a damaged one). Refuses while the workbook is
    open elsewhere, and refuses a backup that is itself unreadable."""
    path = Path(path).absolute()
    backup = Path(backup).absolute()
    if path.parent == _backups.backup_folder(backup) and backup.parent != \
            _backups.backup_folder(path):
        path, backup = backup, path  # given the other way round
    data = _read_bytes(backup)
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


def write_document(path: str | Path, doc: Document, *, exclusive: bool = True) -> Path:
    """Write a whole document as a new workbook file (the sample generator, tests)."""
    path = Path(path).absolute()
    try:
        write_atomic(path, encode_document(doc), exclusive=exclusive)
    except FileExistsError:
        raise WorkbookExistsError(f"{path} already exists.", path) from None
    except OSError as exc:
        raise WorkbookError(f"Could not write {path}: {describe_os_error(exc)}.", path) from exc
    return path


@atexit.register
def _close_open_stores() -> None:
    """Save what is pending when the program ends without closing its stores."""
    for store in list(_open_stores):
        try:
            store.close(discard=True)
        except Exception:  # pragma: no cover - best effort at exit
            pass
