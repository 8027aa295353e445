"""The workbook file format, writing side: core objects -> records -> bytes.

A workbook file is a TinyDB JSON database (stock `tinydb.TinyDB` and `jq` read it), UTF-8, one
record per line. Tables, in file order:

    workbook      one record: identity, "kind": "maturity-workbook", schema_version, name, ...
    participants  one record per person
    assessments   one record per assessment (framework id and version, date, status, ...)
    entries       one record per assessment x item: ratings per participant, agreed, note, evidence
    targets       one record per assessment x dimension with a target level
    <kinds>       one table per record kind declared in core/kinds.py (goals, actions, ...)
    conflicts     values a merge import set aside (the same field changed on two machines)
    ...           tables this version does not know, kept record by record

Every record has a UUID "id"; TinyDB's integer document ids mean nothing. Each record also
carries "stamps": for each field, [session, counter, unix time] of the edit that last set it, and
the workbook record carries "clock", the highest counter seen per session; a merge uses them to
tell an edit made on one machine from a conflict made on two. Reading is in decode.py, the
interchange format in interchange.py; docs/workbook-format.md describes all of it.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any, Iterable

from maturity_workbook import __version__
from maturity_workbook.core.kinds import RecordKind, kinds
from maturity_workbook.core.values import clean_text
from maturity_workbook.core.workbook import (
    DRAFT, FINAL, UNKNOWN, Assessment, ItemEntry, Level, Participant, Scope, Workbook,
)

KIND = "maturity-workbook"
SCHEMA_VERSION = 2  # 2: a rating may be "unknown" (don't know), apart from null (not applicable)
UNKNOWN_JSON = "unknown"
MAX_TIME = 253402300799  # 9999-12-31T23:59:59Z, the last second datetime can show
CORE_TABLES = ("workbook", "participants", "assessments", "entries", "targets")
CONFLICTS = "conflicts"
RESERVED_TABLES = ("goals", "actions", CONFLICTS)  # always written, even empty
STATUSES = (DRAFT, FINAL)
WORKBOOK_FIELDS = ("name", "reassess_months", "notes", "prepared_by", "confidentiality")
_NAMESPACE = uuid.UUID("6f1d3c52-8b0e-4b7a-9d0c-2f6a1e5c7b31")

Key = tuple  # ("workbook",), ("participants", pid), ("assessments", aid),
#              ("entries", aid, item_id), ("targets", aid, dimension_id),
#              (kind table, record id), (raw table, record id)

__all__ = ["clean_text"]  # re-exported for the readers of this module


def entry_id(assessment_id: str, item_id: str) -> str:
    """Entries get a UUID derived from what they are about, so two machines agree on it."""
    return str(uuid.uuid5(_NAMESPACE, f"entry/{assessment_id}/{item_id}"))


def target_id(assessment_id: str, dimension_id: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"target/{assessment_id}/{dimension_id}"))


def level_to_json(level: Level) -> int | str | None:
    """A rating as the file stores it: an int, null (not applicable) or "unknown"."""
    return UNKNOWN_JSON if level is UNKNOWN else level


def level_from_json(value: int | str | None) -> Level:
    return UNKNOWN if value == UNKNOWN_JSON else value


def rounds_to_json(rounds: list[dict[str, Level]]) -> list[dict]:
    return [{pid: level_to_json(level) for pid, level in votes.items()} for votes in rounds]


def rounds_from_json(rounds: list[dict]) -> list[dict[str, Level]]:
    return [{pid: level_from_json(level) for pid, level in votes.items()} for votes in rounds]


def raw_tables(names: Iterable[str] = ()) -> list[str]:
    """The tables kept as raw records: the reserved ones that no kind claims, then `names`."""
    claimed = kinds()
    out = [t for t in RESERVED_TABLES if t not in claimed]
    out += [t for t in names if t not in out and t not in claimed and t not in CORE_TABLES]
    return out


@dataclass
class Document:
    """A whole workbook: the core objects plus what the file keeps beside them."""

    workbook: Workbook
    stamps: dict[Key, dict[str, list]] = field(default_factory=dict)
    ids: dict[Key, str] = field(default_factory=dict)  # record ids of entries and targets
    extra: dict[Key, dict] = field(default_factory=dict)  # fields this version does not know
    clock: dict[str, int] = field(default_factory=dict)
    raw: dict[str, dict[str, dict]] = field(default_factory=dict)  # conflicts, unknown tables
    schema_version: int = SCHEMA_VERSION

    def __post_init__(self):
        for table in raw_tables():
            self.raw.setdefault(table, {})


# ----------------------------------------------------------------------------- doc -> records


def _with_extra(record: dict, doc: Document, key: Key) -> dict:
    extra = doc.extra.get(key)
    if extra:
        for name, value in extra.items():
            record.setdefault(name, value)
    return record


def _max_time(stamps: dict[str, list]) -> int:
    return max((s[2] for s in stamps.values() if s), default=0)


def workbook_record(doc: Document) -> dict:
    wb = doc.workbook
    key = ("workbook",)
    return _with_extra({
        "id": wb.id, "kind": KIND, "schema_version": SCHEMA_VERSION, "name": wb.name,
        "created": wb.created, "reassess_months": wb.reassess_months, "notes": wb.notes,
        "prepared_by": wb.prepared_by, "confidentiality": wb.confidentiality,
        "app_version": __version__, "clock": dict(doc.clock),
        "stamps": dict(doc.stamps.get(key, {})),
        **({"scope": scope_record(wb.scope)} if wb.scope is not None else {}),
    }, doc, key)


def scope_record(scope: Scope) -> dict:
    return {"assessment_id": scope.assessment_id, "participant_id": scope.participant_id}


def participant_record(doc: Document, participant: Participant) -> dict:
    key = ("participants", participant.id)
    return _with_extra({
        "id": participant.id, "name": participant.name, "role": participant.role,
        "stamps": dict(doc.stamps.get(key, {})),
    }, doc, key)


def assessment_record(doc: Document, a: Assessment) -> dict:
    key = ("assessments", a.id)
    return _with_extra({
        "id": a.id, "framework_id": a.framework_id, "framework_version": a.framework_version,
        "title": a.title, "date": a.date, "status": a.status,
        "participant_ids": list(a.participant_ids), "notes": a.notes, "position": a.position,
        "facilitated": a.facilitated, "based_on": a.based_on,
        "created": a.created, "updated": a.updated, "stamps": dict(doc.stamps.get(key, {})),
    }, doc, key)


def entry_record(doc: Document, a: Assessment, e: ItemEntry) -> dict | None:
    """None for an entry with nothing in it (it is not written)."""
    if e.is_empty():
        return None
    key = ("entries", a.id, e.item_id)
    stamps = dict(doc.stamps.get(key, {}))
    return _with_extra({
        "id": doc.ids.get(key) or entry_id(a.id, e.item_id), "assessment_id": a.id,
        "item_id": e.item_id,
        "ratings": {pid: level_to_json(level) for pid, level in e.ratings.items()},
        "agreed": level_to_json(e.agreed),
        "agreed_set": e.agreed_set, "note": e.note, "evidence": list(e.evidence),
        "round": e.round, "earlier": rounds_to_json(e.earlier), "revealed": e.revealed,
        "agreed_reason": e.agreed_reason, "agreed_by": e.agreed_by,
        "updated": iso_time(_max_time(stamps)) if stamps else a.updated, "stamps": stamps,
    }, doc, key)


def target_record(doc: Document, a: Assessment, dimension_id: str, level: int) -> dict:
    key = ("targets", a.id, dimension_id)
    stamps = dict(doc.stamps.get(key, {}))
    return _with_extra({
        "id": doc.ids.get(key) or target_id(a.id, dimension_id), "assessment_id": a.id,
        "dimension_id": dimension_id, "level": level,
        "updated": iso_time(_max_time(stamps)) if stamps else a.updated, "stamps": stamps,
    }, doc, key)


def collection_record(doc: Document, spec: RecordKind, obj: Any) -> dict:
    key = (spec.table, obj.id)
    record = {"id": obj.id}
    for name, value in spec.values_of(obj).items():
        record[name] = value
    record["stamps"] = dict(doc.stamps.get(key, {}))
    return _with_extra(record, doc, key)


def iso_time(seconds: float) -> str:
    from datetime import datetime, timezone

    return datetime.fromtimestamp(min(max(int(seconds), 0), MAX_TIME), timezone.utc).isoformat()


def record_for(doc: Document, key: Key) -> dict | None:
    """The record stored under `key`, or None when there is none (removed or empty)."""
    table = key[0]
    wb = doc.workbook
    if table == "workbook":
        return workbook_record(doc)
    if table == "participants":
        p = wb.participants.get(key[1])
        return participant_record(doc, p) if p else None
    if table == "assessments":
        a = wb.assessments.get(key[1])
        return assessment_record(doc, a) if a else None
    if table == "entries":
        a = wb.assessments.get(key[1])
        e = a.entries.get(key[2]) if a else None
        return entry_record(doc, a, e) if e else None
    if table == "targets":
        a = wb.assessments.get(key[1])
        if a is None or key[2] not in a.targets:
            return None
        return target_record(doc, a, key[2], a.targets[key[2]])
    spec = kinds().get(table)
    if spec is not None:
        obj = wb.collections.get(table, {}).get(key[1])
        return collection_record(doc, spec, obj) if obj is not None else None
    return doc.raw.get(table, {}).get(key[1])


def ordered_keys(doc: Document) -> list[tuple[str, list[Key]]]:
    """Every record key, table by table, in file order. Safe against concurrent dict inserts."""
    wb = doc.workbook
    assessments = list(wb.assessments.values())
    tables = [
        ("workbook", [("workbook",)]),
        ("participants", [("participants", pid) for pid in list(wb.participants)]),
        ("assessments", [("assessments", a.id) for a in assessments]),
        ("entries", [("entries", a.id, item) for a in assessments for item in list(a.entries)]),
        ("targets", [("targets", a.id, dim) for a in assessments for dim in list(a.targets)]),
    ]
    for table in kinds():
        tables.append((table, [(table, rid) for rid in list(wb.collections.get(table, {}))]))
    for table in raw_tables(list(doc.raw)):
        tables.append((table, [(table, rid) for rid in list(doc.raw.get(table, {}))]))
    return tables


def encode_record(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False, allow_nan=False).encode("utf-8")


def assemble(tables: Iterable[tuple[str, Iterable[tuple[int, bytes]]]]) -> bytes:
    """The file from encoded records (table name, [(document id, record bytes)]): a TinyDB
    database, one record per line."""
    parts = [b"{"]  # one join at the end: each record's bytes are copied once
    for t, (name, records) in enumerate(tables):
        if t:
            parts.append(b",\n")
        parts.append(json.dumps(name, ensure_ascii=False).encode("utf-8") + b": {")
        first = True
        for doc_id, record in records:
            parts.append(b'\n"%d": ' % doc_id if first else b',\n"%d": ' % doc_id)
            parts.append(record)
            first = False
        parts.append(b"}")
    parts.append(b"}\n")
    return b"".join(parts)


def keyed_records(doc: Document) -> dict[str, list[tuple[Key, dict]]]:
    """Every record of the document with its key, table by table in file order."""
    out = {}
    for name, keys in ordered_keys(doc):
        pairs = ((key, record_for(doc, key)) for key in keys)
        out[name] = [(key, record) for key, record in pairs if record is not None]
    return out


def document_tables(doc: Document) -> dict[str, list[dict]]:
    """Every record of the document, table by table in file order."""
    return {name: [record for _, record in pairs]
            for name, pairs in keyed_records(doc).items()}


def encode_document(doc: Document) -> bytes:
    """The whole file for a document (copies, exports, generated files)."""
    return assemble((name, [(i, encode_record(r)) for i, r in enumerate(records, 1)])
                    for name, records in document_tables(doc).items())
