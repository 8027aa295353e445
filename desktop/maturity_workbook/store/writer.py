"""Saving off the GUI thread: a writer thread that turns the store's dirty records into TinyDB
table operations and writes the file, coalescing edits that arrive while it writes.

`Saving` is mixed into WorkbookStore; it owns the generation counters (edits made, edits durably
on disk), the writer thread, `flush`, `batch` and how a failed save is reported and retried.
Edits only take the lock, mark records dirty and wake the writer: they never wait for the disk.
"""

from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager
from typing import Iterator

from tinydb.table import Document as TinyDocument

from maturity_workbook.store import backups as _backups
from maturity_workbook.store.errors import SaveError, WorkbookError
from maturity_workbook.store.records import Key, keyed_records, record_for
from maturity_workbook.store.storage import replace_all, storage_of

log = logging.getLogger(__name__)


class Saving:
    """State and thread of the background save (see the module docstring)."""

    def _init_saving(self) -> None:
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._gen = 0  # edits made
        self._saved_gen = 0  # edits durably on disk
        self._attempt = 0
        self._failure: tuple[int, SaveError] | None = None
        self._retry = False
        self._closing = False
        self._writer: threading.Thread | None = None
        self._dirty: set[Key] = set()
        self._rebuild = False  # the whole document was replaced (import, restore)
        self._doc_ids: dict[Key, tuple[str, int]] = {}  # record key -> (table, TinyDB doc id)
        self._next_doc_id: dict[str, int] = {}
        self._batch = 0
        self._saving = False  # the writer is between taking a snapshot and finishing its write

    # -- the database's shape

    def _load_database(self) -> None:
        """Put the document's records into TinyDB, canonical and numbered (lock held or before
        the writer starts). Records are then read back from TinyDB only to save them."""
        keyed = keyed_records(self._doc)
        ids = replace_all(self._db, ((name, [r for _, r in pairs]) for name, pairs in
                                     keyed.items()))
        self._doc_ids = {}
        self._next_doc_id = {}
        for name, pairs in keyed.items():
            for (key, _), doc_id in zip(pairs, ids[name]):
                self._doc_ids[key] = (name, doc_id)
            self._next_doc_id[name] = len(pairs) + 1
        storage_of(self._db).table_order = list(keyed)

    # -- the writer thread

    def _start_writer(self) -> None:
        self._writer = threading.Thread(target=self._writer_loop, daemon=True,
                                        name=f"workbook-writer {self.path.name}")
        self._writer.start()

    def _commit(self) -> None:
        """One edit done (lock held): wake the writer."""
        self._gen += 1
        self._retry = True
        self._cond.notify_all()

    def _snapshot(self) -> tuple[bool, dict[Key, dict | None]]:
        """What changed since the last save, as records (lock held)."""
        if self._rebuild:
            self._rebuild = False
            self._dirty.clear()
            return True, {}
        changed = {key: record_for(self._doc, key) for key in self._dirty}
        self._dirty.clear()
        return False, changed

    def _apply_to_database(self, rebuild: bool, changed: dict[Key, dict | None]) -> None:
        """Bring TinyDB's tables up to date (writer thread, outside the lock)."""
        if rebuild:
            with self._lock:
                self._load_database()
            return
        removals: dict[str, list[int]] = {}
        inserts: dict[str, list[tuple[Key, dict]]] = {}
        for key, record in changed.items():
            place = self._doc_ids.get(key)
            if place is not None:
                removals.setdefault(place[0], []).append(place[1])
            if record is not None:
                inserts.setdefault(key[0], []).append((key, record))
            elif place is not None:
                del self._doc_ids[key]
        storage = storage_of(self._db)
        for table, doc_ids in removals.items():
            self._db.table(table).remove(doc_ids=doc_ids)
        for table, items in inserts.items():
            docs = []
            for key, record in items:
                place = self._doc_ids.get(key)
                if place is None:
                    doc_id = self._next_doc_id.get(table, 1)
                    self._next_doc_id[table] = doc_id + 1
                    place = self._doc_ids[key] = (table, doc_id)
                docs.append(TinyDocument(record, doc_id=place[1]))
            self._db.table(table).insert_multiple(docs)
            if table not in storage.table_order:
                storage.table_order.append(table)

    def _writer_loop(self) -> None:
        storage = storage_of(self._db)
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
                    rebuild, changed = self._snapshot()
                    error = None
                except Exception as exc:  # a bug: report it as a failed save, keep the edits
                    log.exception("collecting the changed records failed")
                    rebuild, changed, error = True, {}, exc
            try:
                if error is not None:
                    raise error
                self._apply_to_database(rebuild, changed)
                self._backup_before_first_save()
                storage.save()
            except Exception as exc:
                failure = SaveError.from_os_error(self.path, exc)
                log.warning("saving %s failed: %s", self.path, exc)
                with self._cond:
                    self._rebuild = True  # rewrite everything next time: nothing is lost
                    self._failure = (attempt, failure)
                    self._saving = False
                    self._cond.notify_all()
                self._emit_event(failure)
                continue
            with self._cond:
                self._saved_gen = max(self._saved_gen, generation)
                self._failure = None
                self._saving = False
                self._cond.notify_all()
            self._emit_event(Saved(generation))

    def _should_save(self) -> bool:
        return (self._gen > self._saved_gen and self._batch == 0
                and (self._failure is None or self._retry))

    def _backup_before_first_save(self) -> None:
        if self._original is None:
            return
        data, self._original = self._original, None
        try:
            _backups.make_backup(self.path, "before-editing", data)
        except WorkbookError as exc:  # a safety net only: saving goes on without it
            log.warning("no session backup of %s: %s", self.path, exc)

    # -- public

    @contextmanager
    def batch(self) -> Iterator["Saving"]:
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
                    raise SaveError.no_writer(self.path)
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._cond.wait(remaining)
            return True


class Saved:
    """A store event: every edit up to `generation` is durably on disk."""

    __slots__ = ("generation",)

    def __init__(self, generation: int):
        self.generation = generation

    def __repr__(self) -> str:
        return f"Saved({self.generation})"
