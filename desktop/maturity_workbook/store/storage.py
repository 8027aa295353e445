"""The TinyDB storage of a workbook file: TinyDB reads and writes the records, this class keeps
the store's promises about the file.

- Reading: the file is read once when the database is opened, with every check the store makes
  (decode.decode_json: size, encoding, valid JSON, located errors); nothing is ever written over
  a file that failed them.
- Writing: TinyDB calls `write` after every table operation; that only keeps the new state in
  memory (like TinyDB's CachingMiddleware). `save()` writes the whole file atomically (atomic.py:
  temp file, fsync, replace, folder fsync), one record per line, tables in the store's order.
- Encoding: a record is encoded once and its bytes reused until TinyDB replaces the record
  object, so a save of one changed rating in a large workbook re-encodes one record, not all.

The store inserts and removes records through TinyDB's tables (with explicit document ids, so
unchanged records keep their place in the file); only its writer thread does so after opening.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document as TinyDocument

from maturity_workbook.store.atomic import write_atomic
from maturity_workbook.store.decode import decode_json
from maturity_workbook.store.records import assemble, encode_record


class WorkbookStorage(Storage):
    def __init__(self, path: str | Path, data: bytes | None = None, what: str = "workbook"):
        """`data`: the file's bytes when the caller has read them already (it checked the file
        type and size first); None for a new, empty database."""
        self.path = Path(path)
        self._tables: dict[str, dict[str, Any]] = {}
        if data is not None:
            obj = decode_json(data, self.path, what)
            if isinstance(obj, dict):
                self._tables = obj
            else:  # not a database at all; identity checks report it
                self._tables = {"_not_a_database": obj}
        self.table_order: list[str] = []  # the file's table order, set by the store
        self._encoded: dict[tuple[str, str], tuple[dict, bytes]] = {}

    # -- TinyDB's Storage interface

    def read(self) -> dict[str, dict[str, Any]]:
        return self._tables

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._tables = data

    def close(self) -> None:
        pass

    # -- ours

    def encode(self) -> bytes:
        """The whole file, re-encoding only records that changed since they were last
        encoded."""
        cache = self._encoded
        fresh: dict[tuple[str, str], tuple[dict, bytes]] = {}
        tables = []
        names = list(self.table_order) + [t for t in self._tables if t not in self.table_order]
        for name in names:
            records = self._tables.get(name, {})
            encoded = []
            for doc_id in sorted(records, key=_doc_id_order):
                record = records[doc_id]
                hit = cache.get((name, doc_id))
                data = hit[1] if hit is not None and hit[0] is record else encode_record(record)
                fresh[(name, doc_id)] = (record, data)
                encoded.append((int(doc_id), data))
            tables.append((name, encoded))
        self._encoded = fresh  # drops removed records; keeps the objects alive for `is`
        return assemble(tables)

    def save(self) -> None:
        """Write the file durably and atomically; raises the OSError of the step that failed
        (the file is then untouched)."""
        write_atomic(self.path, self.encode())


def _doc_id_order(doc_id: str) -> tuple[int, str]:
    return (int(doc_id), "") if doc_id.isdigit() else (1 << 62, doc_id)


def open_database(path: Path, data: bytes | None, what: str = "workbook") -> TinyDB:
    """A TinyDB database over our storage (the file's bytes already read, or None)."""
    return TinyDB(path, storage=WorkbookStorage, data=data, what=what)


def storage_of(db: TinyDB) -> WorkbookStorage:
    storage = db.storage
    assert isinstance(storage, WorkbookStorage)
    return storage


def raw_tables_of(db: TinyDB) -> dict[str, dict[str, Any]]:
    """The database as read, for the identity and version checks before the records are read."""
    return storage_of(db).read()


def read_tables(db: TinyDB) -> dict[str, dict[str, dict]]:
    """Every record, table by table, read through TinyDB's tables ({doc id: record})."""
    return {name: {str(doc.doc_id): dict(doc) for doc in db.table(name)}
            for name in db.tables()}


def replace_all(db: TinyDB, tables: Iterable[tuple[str, list[dict]]]) -> dict[str, list[int]]:
    """Put these records in place of everything in the database, numbered from 1 per table;
    returns the document ids given, per table, in order."""
    db.drop_tables()
    out = {}
    for name, records in tables:
        docs = [TinyDocument(record, doc_id=i) for i, record in enumerate(records, 1)]
        out[name] = db.table(name).insert_multiple(docs) if docs else []
    return out
