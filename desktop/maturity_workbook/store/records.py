"""The workbook file format: records <-> core objects, parsing with clear errors, encoding.

A workbook file is a TinyDB JSON database (stock `tinydb.TinyDB(path)` and `jq` read it), UTF-8,
one record per line. Tables, in file order:

    workbook      one record: identity, "kind": "maturity-workbook", schema_version, name, ...
    participants  one record per person
    assessments   one record per assessment (framework id and version, date, status, ...)
    entries       one record per assessment x item: ratings per participant, agreed, note, evidence
    targets       one record per assessment x dimension with a target level
    goals, actions  reserved for later versions; records kept as they are
    conflicts     values a merge import set aside (the same field changed on two machines)

Every record has a UUID "id"; TinyDB's integer document ids are renumbered on every save and mean
nothing. Each record also carries "stamps": for each field, [session, counter, unix time] of the
edit that last set it, and the workbook record carries "clock", the highest counter seen per
session; a merge uses them to tell an edit made on one machine from a conflict made on two.
docs/workbook-format.md describes all of it.
"""

from __future__ import annotations

import copy
import json
import math
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable

from maturity_workbook import __version__
from maturity_workbook.core.workbook import (
    DRAFT, FINAL, UNKNOWN, Assessment, ItemEntry, Level, Participant, Workbook,
)
from maturity_workbook.store.errors import (
    CorruptWorkbookError, EmptyWorkbookError, NewerWorkbookError, NotAWorkbookError,
    WorkbookError,
)

KIND = "maturity-workbook"
SCHEMA_VERSION = 2  # 2: a rating may be "unknown" (don't know), apart from null (not applicable)
INTERCHANGE_FORMAT = "maturity-workbook-interchange"
INTERCHANGE_VERSION = 2
UNKNOWN_JSON = "unknown"
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_TIME = 253402300799  # 9999-12-31T23:59:59Z, the last second datetime can show
CORE_TABLES = ("workbook", "participants", "assessments", "entries", "targets")
RAW_TABLES = ("goals", "actions", "conflicts")  # kept record by record, always present
STATUSES = (DRAFT, FINAL)
_NAMESPACE = uuid.UUID("6f1d3c52-8b0e-4b7a-9d0c-2f6a1e5c7b31")
_MARKER = b'"kind": "maturity-workbook"'

# migrations: schema version N -> a function turning a raw version-N database (dict of tables)
# into version N+1, in place or as a new dict. Tests add a synthetic step.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {
    # 1 -> 2 adds the "unknown" answer; every version-1 value keeps its meaning (null stays not
    # applicable), so the records need no change.
    1: lambda obj: obj,
}

Key = tuple  # ("workbook",), ("participants", pid), ("assessments", aid),
#              ("entries", aid, item_id), ("targets", aid, dimension_id), (raw_table, record_id)


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


def clean_text(text: str) -> str:
    """Text that always encodes as UTF-8: lone surrogates (broken pastes, bad escapes) -> U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


@dataclass
class Document:
    """A whole workbook: the core objects plus what the file keeps beside them."""

    workbook: Workbook
    stamps: dict[Key, dict[str, list]] = field(default_factory=dict)
    ids: dict[Key, str] = field(default_factory=dict)  # record ids of entries and targets
    extra: dict[Key, dict] = field(default_factory=dict)  # fields this version does not know
    clock: dict[str, int] = field(default_factory=dict)
    raw: dict[str, dict[str, dict]] = field(default_factory=dict)  # goals, actions, conflicts, ...
    schema_version: int = SCHEMA_VERSION

    def __post_init__(self):
        for table in RAW_TABLES:
            self.raw.setdefault(table, {})

    def stamps_for(self, key: Key) -> dict[str, list]:
        return self.stamps.setdefault(key, {})


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
        "app_version": __version__, "clock": dict(doc.clock),
        "stamps": dict(doc.stamps.get(key, {})),
    }, doc, key)


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
    for table in list(doc.raw):
        tables.append((table, [(table, rid) for rid in list(doc.raw[table])]))
    return tables


def encode_record(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False, allow_nan=False).encode("utf-8")


def assemble(tables: Iterable[tuple[str, list[bytes]]]) -> bytes:
    """The file from encoded records: a TinyDB database, one record per line."""
    parts = [b"{"]  # one join at the end: each record's bytes are copied once
    for t, (name, records) in enumerate(tables):
        if t:
            parts.append(b",\n")
        parts.append(json.dumps(name, ensure_ascii=False).encode("utf-8") + b": {")
        for i, record in enumerate(records, 1):
            parts.append(b'\n"%d": ' % i if i == 1 else b',\n"%d": ' % i)
            parts.append(record)
        parts.append(b"}")
    parts.append(b"}\n")
    return b"".join(parts)


def encode_document(doc: Document) -> bytes:
    tables = []
    for name, keys in ordered_keys(doc):
        records = [record_for(doc, key) for key in keys]
        tables.append((name, [encode_record(r) for r in records if r is not None]))
    return assemble(tables)


# ------------------------------------------------------------------------------ bytes -> JSON


def looks_like_workbook(data: bytes) -> bool:
    return _MARKER in data[:4096] or b'"maturity-workbook' in data[:4096]


def decode_json(data: bytes, path: Path | str | None, what: str = "workbook") -> Any:
    label = str(path) if path is not None else "the file"
    if len(data) > MAX_FILE_BYTES:
        raise NotAWorkbookError(f"{label} is {len(data):,} bytes, far too large for a {what} "
                                "file", path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a BOM from a text editor
    if not data.strip():
        raise EmptyWorkbookError(f"{label} is empty (0 bytes of data); it was never written or "
                                 "was cut off. Restore a backup or choose another file.", path)
    ours = looks_like_workbook(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if ours:
            raise CorruptWorkbookError(f"{label} is damaged: byte {exc.start} is not valid "
                                       "UTF-8 text. Restore a backup.", path) from None
        raise NotAWorkbookError(f"{label} is not a {what} file (it is not text).", path) \
            from None
    stripped = text.lstrip()
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        if ours or stripped.startswith("{"):
            where = ""
            if isinstance(exc, json.JSONDecodeError):
                where = f" at line {exc.lineno}, column {exc.colno}"
            raise CorruptWorkbookError(f"{label} is damaged or cut off: it is not valid JSON"
                                       f"{where}. Restore a backup.", path) from None
        raise NotAWorkbookError(f"{label} is not a {what} file.", path) from None


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def identity_of(obj: Any, path: Path | str | None) -> tuple[dict, int]:
    """The workbook identity record and its schema version; raises the right error otherwise."""
    label = str(path) if path is not None else "the file"
    not_ours = NotAWorkbookError(f"{label} is not a Maturity Workbook file (it holds other "
                                 "data).", path)
    if not isinstance(obj, dict):
        raise not_ours
    table = obj.get("workbook")
    if not isinstance(table, dict):
        raise not_ours
    docs = [d for d in table.values() if isinstance(d, dict) and d.get("kind") == KIND]
    if not docs:
        raise not_ours
    if len(table) != 1:
        raise CorruptWorkbookError(f"{label} is damaged: it has {len(table)} workbook identity "
                                   "records instead of one.", path)
    identity = docs[0]
    version = identity.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise CorruptWorkbookError(f"{label} is damaged: its schema version "
                                   f"{version!r} is not a whole number.", path)
    if version > SCHEMA_VERSION:
        raise NewerWorkbookError(
            f"{label} was saved by a newer version of Maturity Workbook (file format "
            f"{version}; this version reads up to {SCHEMA_VERSION}). Update the app to open it.",
            path, file_version=version, supported=SCHEMA_VERSION)
    return identity, version


def migrate(obj: dict, version: int, path: Path | str | None) -> dict:
    """Bring a raw database from an older schema version up to SCHEMA_VERSION, in memory."""
    obj = copy.deepcopy(obj)
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise CorruptWorkbookError(f"{path or 'the file'} uses file format {version}, which "
                                       "this version cannot convert.", path)
        try:
            obj = step(obj) or obj
        except WorkbookError:
            raise
        except Exception as exc:
            raise CorruptWorkbookError(f"{path or 'the file'} could not be converted from "
                                       f"format {version}: {exc}", path) from exc
        version += 1
        for identity in obj["workbook"].values():
            identity["schema_version"] = version
    return obj


# -------------------------------------------------------------------------- JSON -> document


class _Reader:
    """Validates raw tables and builds a Document; the first problem raises, with its place."""

    def __init__(self, path: Path | str | None, what: str = "workbook"):
        self.path = path
        self.label = str(path) if path is not None else "the file"
        self.what = what

    def fail(self, where: str, problem: str) -> CorruptWorkbookError:
        return CorruptWorkbookError(f"{self.label} is damaged: {where} {problem}. Restore a "
                                    "backup or repair the file.", self.path)

    # -- typed getters

    def text(self, rec: dict, key: str, where: str, default: str | None = None) -> str:
        if key not in rec or rec[key] is None:
            if default is None:
                raise self.fail(where, f"has no {key!r}")
            return default
        value = rec[key]
        if not isinstance(value, str):
            raise self.fail(where, f"has {key!r} = {_short(value)}, which should be text")
        return clean_text(value)

    def ident(self, rec: dict, key: str, where: str) -> str:
        value = self.text(rec, key, where)
        if not value.strip():
            raise self.fail(where, f"has an empty {key!r}")
        return value

    def integer(self, rec: dict, key: str, where: str, default: int | None = None) -> int:
        if key not in rec:
            if default is None:
                raise self.fail(where, f"has no {key!r}")
            return default
        value = rec[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where, f"has {key!r} = {_short(value)}, which should be a whole "
                                   "number")
        return value

    def level(self, value: Any, where: str, what: str) -> Level:
        if value is None:
            return None
        if value == UNKNOWN_JSON:
            return UNKNOWN
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where, f"has {what} = {_short(value)}, which should be a level "
                                   "(a whole number), null or \"unknown\"")
        return value

    def text_list(self, rec: dict, key: str, where: str) -> list[str]:
        value = rec.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(where, f"has {key!r} = {_short(value)}, which should be a list of "
                                   "text")
        return [clean_text(v) for v in value]

    def stamps(self, rec: dict, where: str) -> dict[str, list]:
        value = rec.get("stamps", {})
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(where, "has 'stamps' that is not a mapping")
        out = {}
        for name, stamp in value.items():
            out[clean_text(name)] = self.stamp(stamp, where)
        return out

    def stamp(self, stamp: Any, where: str) -> list:
        if (isinstance(stamp, list) and len(stamp) == 3 and isinstance(stamp[0], str)
                and _is_int(stamp[1]) and stamp[1] >= 0 and _is_number(stamp[2])
                and 0 <= stamp[2] <= MAX_TIME):
            return [clean_text(stamp[0]), stamp[1], int(stamp[2])]
        raise self.fail(where, f"has a malformed stamp {_short(stamp)}")

    def table(self, obj: dict, name: str) -> list[tuple[str, dict]]:
        value = obj.get(name, {})
        if value is None:
            return []
        if not isinstance(value, dict):
            raise self.fail(f"table {name!r}", "is not a JSON object of records")
        out = []
        for doc_id, rec in value.items():
            if not isinstance(rec, dict):
                raise self.fail(f"{name} record {doc_id}", f"is {_short(rec)}, not a record")
            out.append((clean_text(doc_id), rec))
        return out

    # -- the document

    def document(self, obj: dict) -> Document:
        identity = next(iter(obj["workbook"].values()))
        where = "the workbook record"
        wb = Workbook(
            id=self.ident(identity, "id", where),
            name=self.text(identity, "name", where, ""),
            created=self.text(identity, "created", where, ""),
            reassess_months=self.integer(identity, "reassess_months", where, 6),
            notes=self.text(identity, "notes", where, ""),
        )
        if not 1 <= wb.reassess_months <= 120:
            raise self.fail(where, f"has reassess_months = {wb.reassess_months}, outside 1-120")
        doc = Document(workbook=wb, schema_version=SCHEMA_VERSION)
        clock = identity.get("clock", {}) or {}
        if not isinstance(clock, dict) or not all(_is_int(v) and 0 <= v < 2**63
                                                  for v in clock.values()):
            raise self.fail(where, "has a malformed 'clock'")
        doc.clock = {clean_text(k): v for k, v in clock.items()}
        self._keep(doc, ("workbook",), identity, where, {
            "id", "kind", "schema_version", "name", "created", "reassess_months", "notes",
            "app_version", "clock"})

        for doc_id, rec in self.table(obj, "participants"):
            where = f"participant record {doc_id}"
            p = Participant(self.ident(rec, "id", where), self.text(rec, "name", where, ""),
                            self.text(rec, "role", where, ""))
            if p.id in wb.participants:
                raise self.fail(where, f"repeats the id {p.id}")
            wb.participants[p.id] = p
            self._keep(doc, ("participants", p.id), rec, where, {"id", "name", "role"})

        for doc_id, rec in self.table(obj, "assessments"):
            where = f"assessment record {doc_id}"
            a = Assessment(
                id=self.ident(rec, "id", where),
                framework_id=self.ident(rec, "framework_id", where),
                framework_version=self.text(rec, "framework_version", where),
                title=self.text(rec, "title", where, ""),
                date=self.text(rec, "date", where),
                status=self.text(rec, "status", where, DRAFT),
                participant_ids=self.text_list(rec, "participant_ids", where),
                notes=self.text(rec, "notes", where, ""),
                position=self.text(rec, "position", where, ""),
                created=self.text(rec, "created", where, ""),
                updated=self.text(rec, "updated", where, ""),
            )
            if a.status not in STATUSES:
                raise self.fail(where, f"has status {a.status!r}; expected draft or final")
            if not _is_iso_date(a.date):
                raise self.fail(where, f"has date {a.date!r}, which is not a date like "
                                       "2026-05-14")
            if a.id in wb.assessments:
                raise self.fail(where, f"repeats the id {a.id}")
            wb.assessments[a.id] = a
            self._keep(doc, ("assessments", a.id), rec, where, {
                "id", "framework_id", "framework_version", "title", "date", "status",
                "participant_ids", "notes", "position", "created", "updated"})

        for doc_id, rec in self.table(obj, "entries"):
            where = f"entry record {doc_id}"
            aid = self.ident(rec, "assessment_id", where)
            a = wb.assessments.get(aid)
            if a is None:
                raise self.fail(where, f"belongs to assessment {aid}, which is not in the file")
            item_id = self.ident(rec, "item_id", where)
            if item_id in a.entries:
                raise self.fail(where, f"repeats item {item_id!r} of assessment {aid}")
            ratings_raw = rec.get("ratings", {}) or {}
            if not isinstance(ratings_raw, dict):
                raise self.fail(where, "has 'ratings' that is not a mapping of participant to "
                                       "level")
            ratings = {clean_text(pid): self.level(level, where, f"a rating {_short(level)}")
                       for pid, level in ratings_raw.items()}
            agreed_set = rec.get("agreed_set", False)
            if not isinstance(agreed_set, bool):
                raise self.fail(where, "has 'agreed_set' that is not true or false")
            entry = ItemEntry(
                item_id=item_id, ratings=ratings,
                agreed=self.level(rec.get("agreed"), where, "'agreed'"),
                agreed_set=agreed_set, note=self.text(rec, "note", where, ""),
                evidence=self.text_list(rec, "evidence", where),
            )
            if not entry.agreed_set:
                entry.agreed = None
            key = ("entries", aid, item_id)
            entry_uuid = self.ident(rec, "id", where)
            if entry_uuid != entry_id(aid, item_id):
                doc.ids[key] = entry_uuid
            a.entries[item_id] = entry
            self._keep(doc, key, rec, where, {
                "id", "assessment_id", "item_id", "ratings", "agreed", "agreed_set", "note",
                "evidence", "updated"})

        for doc_id, rec in self.table(obj, "targets"):
            where = f"target record {doc_id}"
            aid = self.ident(rec, "assessment_id", where)
            a = wb.assessments.get(aid)
            if a is None:
                raise self.fail(where, f"belongs to assessment {aid}, which is not in the file")
            dim = self.ident(rec, "dimension_id", where)
            level = self.level(rec.get("level"), where, "'level'")
            if level is None:
                raise self.fail(where, "has no level")
            if dim in a.targets:
                raise self.fail(where, f"repeats dimension {dim!r} of assessment {aid}")
            a.targets[dim] = level
            key = ("targets", aid, dim)
            target_uuid = self.ident(rec, "id", where)
            if target_uuid != target_id(aid, dim):
                doc.ids[key] = target_uuid
            self._keep(doc, key, rec, where, {"id", "assessment_id", "dimension_id", "level",
                                              "updated"})

        for name in obj:
            if name in CORE_TABLES:
                continue
            records: dict[str, dict] = {}
            for doc_id, rec in self.table(obj, name):
                where = f"{name} record {doc_id}"
                if name not in RAW_TABLES and not isinstance(rec.get("id"), str):
                    rid = f"_doc_{doc_id}"  # a record added by another TinyDB program
                else:
                    rid = self.ident(rec, "id", where)
                if rid in records:
                    raise self.fail(where, f"repeats the id {rid}")
                records[rid] = _clean_json(rec)
            doc.raw[clean_text(name)] = records
        return doc

    def _keep(self, doc: Document, key: Key, rec: dict, where: str, known: set[str]) -> None:
        stamps = self.stamps(rec, where)
        if stamps:
            doc.stamps[key] = stamps
        extra = {clean_text(k): _clean_json(v) for k, v in rec.items()
                 if k not in known and k != "stamps"}
        if extra:
            doc.extra[key] = extra


def _clean_json(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_clean_json(v) for v in value]
    if isinstance(value, dict):
        return {clean_text(k): _clean_json(v) for k, v in value.items()}
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (_is_int(value) or isinstance(value, float)) and math.isfinite(value)


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
        return len(text) == 10
    except ValueError:
        return False


def _short(value: Any) -> str:
    try:
        text = json.dumps(value, ensure_ascii=True)
    except (TypeError, ValueError, RecursionError):
        text = type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


def _guard(path: Path | str | None, work: Callable[[], Any]) -> Any:
    """Only WorkbookErrors come out of reading a file: anything else is reported as damage."""
    try:
        return work()
    except WorkbookError:
        raise
    except (MemoryError, KeyboardInterrupt):
        raise
    except RecursionError:
        raise CorruptWorkbookError(f"{path or 'the file'} is damaged: it is nested too deeply.",
                                   path) from None
    except Exception as exc:  # a bug; still never a crash for a user opening a file
        import logging

        logging.getLogger(__name__).exception("unexpected problem reading %s", path)
        raise CorruptWorkbookError(f"{path or 'the file'} could not be read (unexpected "
                                   f"problem: {type(exc).__name__}: {exc}).", path) from exc


@dataclass
class Parsed:
    document: Document
    migrated_from: int | None  # the older schema version the file had, or None


def parse_workbook(data: bytes, path: Path | str | None = None) -> Parsed:
    """A workbook file's bytes -> Document. Raises only WorkbookError subclasses."""

    def work() -> Parsed:
        obj = decode_json(data, path)
        _, version = identity_of(obj, path)
        migrated_from = None
        if version < SCHEMA_VERSION:
            obj = migrate(obj, version, path)
            migrated_from = version
        return Parsed(_Reader(path).document(obj), migrated_from)

    return _guard(path, work)


# ---------------------------------------------------------------------- the interchange format

_INTERCHANGE_TABLES = ("participants", "assessments", "entries", "targets") + RAW_TABLES


def interchange(doc: Document, assessment_id: str | None = None) -> dict:
    """The JSON interchange form of a whole workbook, or of one assessment and its people."""
    wb = doc.workbook
    assessments = list(wb.assessments.values())
    if assessment_id is not None:
        assessments = [wb.assessments[assessment_id]]
    people = set()
    for a in assessments:
        people.update(a.participant_ids)
        for e in a.entries.values():
            people.update(e.ratings)
    participants = [p for p in wb.participants.values()
                    if assessment_id is None or p.id in people]
    out = {
        "format": INTERCHANGE_FORMAT, "format_version": INTERCHANGE_VERSION,
        "content": "workbook" if assessment_id is None else "assessment",
        "app_version": __version__, "schema_version": SCHEMA_VERSION,
        "workbook": workbook_record(doc),
        "participants": [participant_record(doc, p) for p in participants],
        "assessments": [assessment_record(doc, a) for a in assessments],
        "entries": [r for a in assessments for e in a.entries.values()
                    if (r := entry_record(doc, a, e)) is not None],
        "targets": [target_record(doc, a, dim, level) for a in assessments
                    for dim, level in a.targets.items()],
    }
    for table in RAW_TABLES:
        out[table] = list(doc.raw.get(table, {}).values()) if assessment_id is None else []
    return out


def is_interchange(obj: Any) -> bool:
    return isinstance(obj, dict) and obj.get("format") == INTERCHANGE_FORMAT


def parse_interchange_obj(obj: dict, path: Path | str | None) -> Document:
    label = str(path) if path is not None else "the file"
    version = obj.get("format_version")
    if not _is_int(version) or version < 1:
        raise CorruptWorkbookError(f"{label} is damaged: its interchange format_version "
                                   f"{_short(version)} is not a whole number.", path)
    if version > INTERCHANGE_VERSION:
        raise NewerWorkbookError(f"{label} was exported by a newer version of Maturity Workbook "
                                 f"(interchange format {version}; this version reads up to "
                                 f"{INTERCHANGE_VERSION}). Update the app to import it.", path,
                                 file_version=version, supported=INTERCHANGE_VERSION)
    identity = obj.get("workbook")
    if not isinstance(identity, dict):
        raise CorruptWorkbookError(f"{label} is damaged: it has no workbook record.", path)
    identity = dict(identity)
    identity.setdefault("kind", KIND)
    schema = identity.get("schema_version", SCHEMA_VERSION)
    tables: dict[str, Any] = {"workbook": {"1": identity}}
    for name in _INTERCHANGE_TABLES:
        value = obj.get(name, [])
        if value is None:
            value = []
        if not isinstance(value, list):
            raise CorruptWorkbookError(f"{label} is damaged: {name!r} should be a list of "
                                       "records.", path)
        tables[name] = {str(i): rec for i, rec in enumerate(value, 1)}
    identity["schema_version"] = schema
    _, version = identity_of(tables, path)
    if version < SCHEMA_VERSION:
        tables = migrate(tables, version, path)
    return _Reader(path, "interchange").document(tables)


def parse_source(data: bytes, path: Path | str | None = None) -> Document:
    """A workbook file or an interchange file, for import. Raises only WorkbookError."""

    def work() -> Document:
        obj = decode_json(data, path, "workbook or interchange")
        if is_interchange(obj):
            return parse_interchange_obj(obj, path)
        _, version = identity_of(obj, path)
        if version < SCHEMA_VERSION:
            obj = migrate(obj, version, path)
        return _Reader(path).document(obj)

    return _guard(path, work)


def encode_interchange(obj: dict) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")


def stamp_everything(doc: Document, session: str, when: int) -> None:
    """Give every field of a document built outside the store one stamp each (same session,
    counting up), as if one editing session had typed it all; for generated files."""
    from maturity_workbook.store.merge import flatten

    counter = doc.clock.get(session, 0)
    for key in flatten(doc):
        kind = key[0]
        if kind in ("x", "r"):
            continue
        counter += 1
        stamp = [session, counter, int(when)]
        if kind == "w":
            doc.stamps.setdefault(("workbook",), {})[key[1]] = stamp
        elif kind == "p":
            doc.stamps.setdefault(("participants", key[1]), {})[key[2]] = stamp
        elif kind == "a":
            doc.stamps.setdefault(("assessments", key[1]), {})[key[2]] = stamp
        elif kind == "e":
            name = f"rating:{key[4]}" if key[3] == "rating" else key[3]
            doc.stamps.setdefault(("entries", key[1], key[2]), {})[name] = stamp
        elif kind == "t":
            doc.stamps.setdefault(("targets", key[1], key[2]), {})["level"] = stamp
    doc.clock[session] = counter
