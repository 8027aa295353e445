"""The window's import as one undoable step, and its conflicts as choices a person can make.

Undo in the window is core's UndoHistory: a step is an operation and its inverse. An import is
not a core operation (it reads files and rewrites the whole workbook in one pass), so it is a
*store step*: an object whose `run(store)` does the work and returns an `Applied` like any
operation, with an inverse that is a store step too. The session's apply function runs store
steps and hands everything else to `store.apply`, so the history needs nothing new:

- `ImportFiles(paths).run(store)` merges the files (`store.import_sources`) and returns an
  `Imported` whose inverse is `PutDocument(the state before)`;
- `PutDocument(doc).run(store)` makes `doc` the workbook's state (`store.replace_document`) and
  returns as its inverse a `PutDocument` of the state it replaced: undo, redo, undo... each put
  back exactly what was there, without reading the files again.

A document handed to `PutDocument` becomes the live state, so each one is used once; the
history's undo/redo discipline guarantees that (every run makes a fresh inverse).

A merge conflict (the same field changed on two copies) is kept in the conflicts table either
way. `merge_conflicts` describes each one for the window: both values, decoded, where each came
from (this workbook or which file) and when it was set; `operation_for` is the ordinary edit that
makes one side the value in use, so choosing is undoable like any other edit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from maturity_workbook.core import ops
from maturity_workbook.core.ops import Applied, Change, Label, What
from maturity_workbook.core.workbook import UNRATED, Workbook
from maturity_workbook.store.errors import ReadOnlyError, WorkbookError
from maturity_workbook.store.importing import ImportReport, detached
from maturity_workbook.store.merge import stamp_location
from maturity_workbook.store.records import Document, level_from_json

IMPORT_WHY = "import"


class StoreStep:
    """An undoable step that needs the store itself, not only the workbook objects."""

    def run(self, store) -> Applied | None:  # pragma: no cover - an interface
        raise NotImplementedError


def run_step(store, operation: Any) -> Applied | None:
    """Apply a core operation or run a store step: the apply function for an UndoHistory."""
    if isinstance(operation, StoreStep):
        return operation.run(store)
    return store.apply(operation)


@dataclass(frozen=True, eq=False)
class PutDocument(StoreStep):
    """Make `document` the whole workbook (undo or redo of an import)."""

    document: Document
    why: str = IMPORT_WHY

    def run(self, store) -> Applied:
        if store.read_only or store.closed:
            raise ReadOnlyError(f"{store.path.name} cannot be changed now.", store.path)
        previous = detached(store.document())
        store.replace_document(self.document, self.why, keep_session=True)
        return Applied(Change(What.MANY), (), PutDocument(previous, self.why), Label.IMPORT)


@dataclass(frozen=True)
class Imported(Applied):
    """What an import did: an Applied (undone by putting the state before back) plus the
    store's report."""

    report: ImportReport | None = None


@dataclass(frozen=True, eq=False)
class ImportFiles(StoreStep):
    """Merge workbook, interchange or participant files into the store's workbook, all at once
    (the store reads and writes the workbook once). Returns None when nothing changed."""

    sources: tuple[Path, ...]
    catalog: Any = None

    def run(self, store) -> Imported | None:
        report = store.import_sources(self.sources, catalog=self.catalog)
        if report.before is None:
            return None
        return Imported(Change(What.MANY), (), PutDocument(report.before), Label.IMPORT,
                        report=report)


# ----------------------------------------------------------------------------------- conflicts


class ConflictKind(Enum):
    """What a conflict is about; the window words it."""

    RATING = "rating"  # a participant's rating of an item
    AGREED = "agreed"  # the room's agreed rating of an item
    NOTE = "note"
    EVIDENCE = "evidence"
    TARGET = "target"  # a function's target
    ASSESSMENT = "assessment"  # a field of an assessment (title, date, notes, who took part)
    PARTICIPANT = "participant"  # a participant's name or role
    WORKBOOK = "workbook"  # a workbook setting
    RECORD = "record"  # a field of a plan or customer record
    DELETED = "deleted"  # an assessment deleted on one copy and changed on another: kept
    OTHER = "other"  # anything else the room's state keeps (rounds, reveal, ...)


LEVEL_KINDS = (ConflictKind.RATING, ConflictKind.AGREED, ConflictKind.TARGET)


class OriginKind(Enum):
    WORKBOOK = "workbook"  # this workbook, before the import
    FILE = "file"  # one of the imported files
    UNKNOWN = "unknown"  # no stamp (a file written by another program)


@dataclass(frozen=True)
class Origin:
    kind: OriginKind
    path: Path | None = None  # the file it came from
    participant_id: str | None = None  # that file's participant, for a participant file


@dataclass(frozen=True)
class Side:
    """One of the two values: as the workbook holds it (a level for ratings), when it was set
    (unix seconds, None when unknown) and where it came from."""

    value: Any
    time: int | None
    origin: Origin
    raw: Any = None  # as the conflicts table stores it


@dataclass(frozen=True)
class MergeConflict:
    record: dict = field(repr=False)
    kind: ConflictKind
    assessment_id: str | None
    item_id: str | None
    participant_id: str | None
    dimension_id: str | None
    field: str
    kept: Side  # the later edit: the value in use after the merge
    other: Side  # the value set aside

    @property
    def key(self) -> tuple:
        return tuple(_hashable(k) for k in self.record.get("key", ()))

    @property
    def is_level(self) -> bool:
        return self.kind in LEVEL_KINDS


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


_ENTRY_KINDS = {"rating": ConflictKind.RATING, "agreed": ConflictKind.AGREED,
                "note": ConflictKind.NOTE, "evidence": ConflictKind.EVIDENCE}
_ASSESSMENT_FIELDS = ("title", "date", "notes", "participant_ids")


def _kind_of(key: list) -> ConflictKind:
    kind = key[0] if key else ""
    if kind == "e":
        return _ENTRY_KINDS.get(key[3], ConflictKind.OTHER)
    if kind == "t":
        return ConflictKind.TARGET
    if kind == "a":
        if key[-1] == "deleted":
            return ConflictKind.DELETED
        return ConflictKind.ASSESSMENT if key[2] in _ASSESSMENT_FIELDS else ConflictKind.OTHER
    if kind == "p":
        return ConflictKind.PARTICIPANT
    if kind == "w":
        return ConflictKind.WORKBOOK
    if kind == "k":
        return ConflictKind.RECORD
    return ConflictKind.OTHER


def _decode(kind: ConflictKind, value: Any) -> Any:
    if kind in (ConflictKind.RATING, ConflictKind.AGREED):
        return level_from_json(value)
    if isinstance(value, list):
        return tuple(value)
    return value


def _unit_key(key: list) -> tuple:
    return tuple(tuple(k) if isinstance(k, list) else k for k in key)


def _stamp_at(doc: Document, key: list) -> list | None:
    where = stamp_location(_unit_key(key))
    if where is None:
        return None
    return doc.stamps.get(where[0], {}).get(where[1])


def _origin(stamp: list | None, key: list, before: Document | None,
            sources: list[tuple[Path, Document]]) -> Origin:
    if stamp is None:
        return Origin(OriginKind.UNKNOWN)
    if before is not None and _stamp_at(before, key) == stamp:
        return Origin(OriginKind.WORKBOOK)
    for path, doc in sources:
        if _stamp_at(doc, key) == stamp:
            scope = doc.workbook.scope
            return Origin(OriginKind.FILE, path, scope.participant_id if scope else None)
    return Origin(OriginKind.UNKNOWN)


def read_sources(paths) -> list[tuple[Path, Document]]:
    """The imported files again, to tell which one each conflicting value came from (only
    when there are conflicts); a file that cannot be read any more is left out."""
    from maturity_workbook.store.files import read_workbook_bytes
    from maturity_workbook.store.interchange import parse_source

    out = []
    for path in paths:
        try:
            source = Path(path)
            out.append((source, parse_source(read_workbook_bytes(source), source)))
        except (WorkbookError, OSError):
            continue
    return out


def merge_conflicts(report: ImportReport) -> list[MergeConflict]:
    """The report's conflicts, each with both values decoded, when and where they were set."""
    records = report.conflict_records
    sources = read_sources(report.sources) if records else []
    return [describe(record, report.before, sources) for record in records]


def describe(record: dict, before: Document | None = None,
             sources: list[tuple[Path, Document]] = ()) -> MergeConflict:
    """One conflicts-table record as a MergeConflict (origins need the documents)."""
    key = list(record.get("key", []))
    kind = _kind_of(key)

    def side(name: str) -> Side:
        unit = record.get(name) or {}
        stamp = unit.get("stamp")
        when = stamp[2] if isinstance(stamp, list) and len(stamp) > 2 else None
        return Side(_decode(kind, unit.get("value")), when,
                    _origin(stamp, key, before, list(sources)), unit.get("value"))

    return MergeConflict(
        record, kind, record.get("assessment_id"), record.get("item_id"),
        record.get("participant_id"), record.get("dimension_id"),
        record.get("field", key[-1] if key else ""), side("kept"), side("other"))


def stored_conflicts(store) -> list[MergeConflict]:
    """Every conflict the workbook keeps (from every import so far), without origins."""
    return [describe(record) for record in store.conflicts()]


# ------------------------------------------------------------------------------------ choosing


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def live_value(wb: Workbook, conflict: MergeConflict) -> Any:
    """The value the workbook holds now for a conflict's field (UNRATED when it holds none);
    None when the conflict is not one the window can choose for."""
    kind, key = conflict.kind, conflict.record.get("key", [])
    a = wb.assessments.get(conflict.assessment_id) if conflict.assessment_id else None
    if kind in (ConflictKind.RATING, ConflictKind.AGREED, ConflictKind.NOTE,
                ConflictKind.EVIDENCE):
        entry = a.entries.get(conflict.item_id) if a else None
        if entry is None:
            return UNRATED if kind in (ConflictKind.RATING, ConflictKind.AGREED) else (
                "" if kind is ConflictKind.NOTE else ())
        if kind is ConflictKind.RATING:
            return entry.ratings.get(conflict.participant_id, UNRATED)
        if kind is ConflictKind.AGREED:
            return entry.agreed if entry.agreed_set else UNRATED
        return entry.note if kind is ConflictKind.NOTE else tuple(entry.evidence)
    if kind is ConflictKind.TARGET:
        return a.targets.get(conflict.dimension_id, UNRATED) if a else UNRATED
    if kind is ConflictKind.ASSESSMENT and a is not None:
        value = getattr(a, key[2])
        return tuple(value) if isinstance(value, list) else value
    if kind is ConflictKind.PARTICIPANT:
        person = wb.participants.get(key[1])
        return getattr(person, key[2]) if person else UNRATED
    if kind is ConflictKind.WORKBOOK:
        return getattr(wb, key[1], UNRATED)
    if kind is ConflictKind.RECORD:
        obj = wb.collections.get(key[1], {}).get(key[2])
        value = getattr(obj, key[3], UNRATED) if obj is not None else UNRATED
        return tuple(value) if isinstance(value, list) else value
    return None


def _same(a: Any, b: Any) -> bool:
    if a is UNRATED or b is UNRATED:
        return a is b
    if isinstance(a, int) and isinstance(b, int) and not isinstance(a, bool):
        return a == b
    if a is None or b is None or not isinstance(a, (str, int, float, tuple, list, dict)):
        return a is b
    return _canon(a) == _canon(b)


def side_in_use(wb: Workbook, conflict: MergeConflict) -> str | None:
    """"kept" or "other": which value the workbook holds now; None when neither (edited since)
    or when the window cannot tell."""
    now = live_value(wb, conflict)
    if now is None and not conflict.is_level:
        return None
    for name in ("kept", "other"):
        if _same(now, getattr(conflict, name).value):
            return name
    return None


def operation_for(conflict: MergeConflict, side: str) -> Any | None:
    """The ordinary edit that makes `side` ("kept" or "other") the value in use; None when the
    window cannot make that choice (the room's rounds, a deleted assessment, ...)."""
    value = getattr(conflict, side).value
    kind, key = conflict.kind, conflict.record.get("key", [])
    aid, item = conflict.assessment_id, conflict.item_id
    if kind is ConflictKind.RATING:
        return ops.SetRating(aid, item, conflict.participant_id, value)
    if kind is ConflictKind.AGREED:
        return ops.SetAgreed(aid, item, value)
    if kind is ConflictKind.NOTE:
        return ops.SetNote(aid, item, value or "")
    if kind is ConflictKind.EVIDENCE:
        return ops.SetEvidence(aid, item, tuple(value or ()))
    if kind is ConflictKind.TARGET:
        return ops.SetTarget(aid, conflict.dimension_id, value)
    if kind is ConflictKind.ASSESSMENT:
        name = key[2]
        return ops.UpdateAssessment(aid, **{name: tuple(value) if name == "participant_ids"
                                            else value})
    if kind is ConflictKind.PARTICIPANT:
        return ops.UpdateParticipant(key[1], **{key[2]: value})
    if kind is ConflictKind.WORKBOOK:
        return ops.SetWorkbookField(key[1], value)
    if kind is ConflictKind.RECORD:
        return ops.UpdateRecord(key[1], key[2], {key[3]: list(value) if isinstance(
            value, tuple) else value})
    return None
