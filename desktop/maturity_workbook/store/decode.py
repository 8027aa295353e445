"""Reading a workbook file: bytes -> JSON -> checked Document, with clear, located errors.

Every problem raises a WorkbookError subclass whose message names the file and the place; nothing
else escapes (`guard_reading`). Older schema versions are converted in memory (`MIGRATIONS`).
"""

from __future__ import annotations

import copy
import json
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable

from maturity_workbook.core.errors import OperationError
from maturity_workbook.core.kinds import kinds
from maturity_workbook.core.values import clean_text
from maturity_workbook.core.workbook import (
    DRAFT, UNKNOWN, Assessment, ItemEntry, Level, Participant, Scope, Workbook,
)
from maturity_workbook.store.errors import (
    CorruptWorkbookError, EmptyWorkbookError, NewerWorkbookError, NotAWorkbookError,
    WorkbookError,
)
from maturity_workbook.store.files import MAX_WORKBOOK_BYTES, check_text_encoding, load_json
from maturity_workbook.store.records import (
    CORE_TABLES, KIND, SCHEMA_VERSION, STATUSES, UNKNOWN_JSON, Document, Key, entry_id,
    raw_tables, target_id,
)

MAX_FILE_BYTES = MAX_WORKBOOK_BYTES  # checked before reading, in files.py
MAX_TIME = 253402300799  # 9999-12-31T23:59:59Z, the last second datetime can show
_MARKER = b'"kind": "maturity-workbook"'

# migrations: schema version N -> a function turning a raw version-N database (dict of tables)
# into version N+1, in place or as a new dict. Tests add a synthetic step.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {
    # 1 -> 2 adds the "unknown" answer; every version-1 value keeps its meaning (null stays not
    # applicable), so the records need no change.
    1: lambda obj: obj,
}

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
    check_text_encoding(data, path, what)  # UTF-16/32 is named, not called "not text"
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
        return load_json(text, path)  # refuses 1e999, NaN and repeated keys, located
    except (ValueError, RecursionError) as exc:
        if ours or stripped.startswith("{"):
            where = ""
            if isinstance(exc, json.JSONDecodeError):
                where = f" at line {exc.lineno}, column {exc.colno}"
            raise CorruptWorkbookError(f"{label} is damaged or cut off: it is not valid JSON"
                                       f"{where}. Restore a backup.", path) from None
        raise NotAWorkbookError(f"{label} is not a {what} file.", path) from None


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


class Reader:
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
            raise self.fail(where, f"has {key!r} = {short_json(value)}, which should be text")
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
            raise self.fail(where, f"has {key!r} = {short_json(value)}, which should be a whole "
                                   "number")
        return value

    def level(self, value: Any, where: str, what: str) -> Level:
        if value is None:
            return None
        if value == UNKNOWN_JSON:
            return UNKNOWN
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where, f"has {what} = {short_json(value)}, which should be a level "
                                   "(a whole number), null or \"unknown\"")
        return value

    def flag(self, rec: dict, key: str, where: str) -> bool:
        value = rec.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(where, f"has {key!r} = {short_json(value)}, which should be true or "
                                   "false")
        return value

    def rounds(self, value: Any, where: str) -> list[dict[str, Level]]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(where, "has 'earlier' that is not a list of earlier rounds")
        return [{clean_text(pid): self.level(level, where, f"an earlier vote {short_json(level)}")
                 for pid, level in votes.items()} for votes in value]

    def text_list(self, rec: dict, key: str, where: str) -> list[str]:
        value = rec.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(where, f"has {key!r} = {short_json(value)}, which should be a list of "
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
                and is_int(stamp[1]) and stamp[1] >= 0 and _is_number(stamp[2])
                and 0 <= stamp[2] <= MAX_TIME):
            return [clean_text(stamp[0]), stamp[1], int(stamp[2])]
        raise self.fail(where, f"has a malformed stamp {short_json(stamp)}")

    def table(self, obj: dict, name: str) -> list[tuple[str, dict]]:
        value = obj.get(name, {})
        if value is None:
            return []
        if not isinstance(value, dict):
            raise self.fail(f"table {name!r}", "is not a JSON object of records")
        out = []
        for doc_id, rec in value.items():
            if not isinstance(rec, dict):
                raise self.fail(f"{name} record {doc_id}", f"is {short_json(rec)}, not a record")
            out.append((clean_text(doc_id), rec))
        return out

    def scope(self, value: Any, where: str) -> Scope | None:
        if value is None:
            return None
        if not isinstance(value, dict) or not isinstance(value.get("assessment_id"), str) \
                or not isinstance(value.get("participant_id"), (str, type(None))):
            raise self.fail(where, f"has a malformed 'scope' {short_json(value)}")
        return Scope(clean_text(value["assessment_id"]),
                     None if value["participant_id"] is None else clean_text(
                         value["participant_id"]))

    def check_tables(self, obj: dict) -> None:
        """Every table is an object of records under numeric document ids (what TinyDB needs
        before it can read them)."""
        for name, value in obj.items():
            if not isinstance(value, dict):
                raise self.fail(f"table {name!r}", "is not a JSON object of records")
            for doc_id, rec in value.items():
                if not doc_id.isdigit() or len(doc_id) > 18:
                    raise self.fail(f"table {name!r}", f"has a record under {short_json(doc_id)}, "
                                                       "which is not a document number")
                if not isinstance(rec, dict):
                    raise self.fail(f"{name} record {doc_id}", f"is {short_json(rec)}, not a record")

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
            prepared_by=self.text(identity, "prepared_by", where, ""),
            confidentiality=self.text(identity, "confidentiality", where, ""),
        )
        if not 1 <= wb.reassess_months <= 120:
            raise self.fail(where, f"has reassess_months = {wb.reassess_months}, outside 1-120")
        doc = Document(workbook=wb, schema_version=SCHEMA_VERSION)
        clock = identity.get("clock", {}) or {}
        if not isinstance(clock, dict) or not all(is_int(v) and 0 <= v < 2**63
                                                  for v in clock.values()):
            raise self.fail(where, "has a malformed 'clock'")
        doc.clock = {clean_text(k): v for k, v in clock.items()}
        wb.scope = self.scope(identity.get("scope"), where)
        self._keep(doc, ("workbook",), identity, where, {
            "id", "kind", "schema_version", "name", "created", "reassess_months", "notes",
            "prepared_by", "confidentiality", "app_version", "clock", "scope"})

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
                facilitated=self.flag(rec, "facilitated", where),
                based_on=self.text(rec, "based_on", where, ""),
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
                "participant_ids", "notes", "position", "facilitated", "based_on", "created",
                "updated"})

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
            ratings = {clean_text(pid): self.level(level, where, f"a rating {short_json(level)}")
                       for pid, level in ratings_raw.items()}
            agreed_set = rec.get("agreed_set", False)
            if not isinstance(agreed_set, bool):
                raise self.fail(where, "has 'agreed_set' that is not true or false")
            entry = ItemEntry(
                item_id=item_id, ratings=ratings,
                agreed=self.level(rec.get("agreed"), where, "'agreed'"),
                agreed_set=agreed_set, note=self.text(rec, "note", where, ""),
                evidence=self.text_list(rec, "evidence", where),
                round=self.integer(rec, "round", where, 1),
                earlier=self.rounds(rec.get("earlier"), where),
                revealed=self.flag(rec, "revealed", where),
                agreed_reason=self.text(rec, "agreed_reason", where, ""),
                agreed_by=self.text(rec, "agreed_by", where, ""),
            )
            if entry.round < 1:
                raise self.fail(where, f"has round {entry.round}, which should be 1 or more")
            if not entry.agreed_set:
                entry.agreed = None
            key = ("entries", aid, item_id)
            entry_uuid = self.ident(rec, "id", where)
            if entry_uuid != entry_id(aid, item_id):
                doc.ids[key] = entry_uuid
            a.entries[item_id] = entry
            self._keep(doc, key, rec, where, {
                "id", "assessment_id", "item_id", "ratings", "agreed", "agreed_set", "note",
                "evidence", "round", "earlier", "revealed", "agreed_reason", "agreed_by",
                "updated"})

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

        all_kinds = kinds()
        for table, spec in all_kinds.items():
            records = doc.workbook.collection(table)
            for doc_id, rec in self.table(obj, table):
                where = f"{table} record {doc_id}"
                rid = self.ident(rec, "id", where)
                if rid in records:
                    raise self.fail(where, f"repeats the id {rid}")
                checked = {}
                for field_spec in spec.fields:
                    if field_spec.name not in rec:
                        continue  # written by an older version: the field's default
                    try:
                        checked[field_spec.name] = field_spec.check(rec[field_spec.name])
                    except OperationError:
                        raise self.fail(where, f"has {field_spec.name!r} = "
                                               f"{short_json(rec[field_spec.name])}, which is not a "
                                               f"valid {field_spec.type.value}") from None
                try:
                    records[rid] = spec.build(rid, _with_defaults(spec, checked))
                except OperationError as exc:
                    raise self.fail(where, f"lacks a value it needs ({exc})") from None
                self._keep(doc, (table, rid), rec, where, {"id", *spec.field_names})

        for name in raw_tables(list(obj)):
            records: dict[str, dict] = {}
            for doc_id, rec in self.table(obj, name):
                where = f"{name} record {doc_id}"
                if not isinstance(rec.get("id"), str):
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


def _with_defaults(spec, checked: dict) -> dict:
    out = dict(checked)
    for field_spec in spec.fields:
        if field_spec.name not in out:
            empty = field_spec.empty()
            out[field_spec.name] = None if empty is None and field_spec.optional \
                else field_spec.check(empty)
    return out


def _clean_json(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_clean_json(v) for v in value]
    if isinstance(value, dict):
        return {clean_text(k): _clean_json(v) for k, v in value.items()}
    return value


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (is_int(value) or isinstance(value, float)) and math.isfinite(value)


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
        return len(text) == 10
    except ValueError:
        return False


def short_json(value: Any) -> str:
    try:
        text = json.dumps(value, ensure_ascii=True)
    except (TypeError, ValueError, RecursionError):
        text = type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


def guard_reading(path: Path | str | None, work: Callable[[], Any]) -> Any:
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


def parse_tables(obj: Any, write_back: Callable[[dict], None],
                 read_records: Callable[[], dict], path: Path | str | None) -> Parsed:
    """A database as TinyDB read it -> Document: `obj` is the raw database for the identity and
    version checks, `write_back` stores a converted (migrated) database, `read_records` reads
    every record through TinyDB's tables. Raises only WorkbookError subclasses."""

    def work() -> Parsed:
        _, version = identity_of(obj, path)
        reader = Reader(path)
        reader.check_tables(obj)
        migrated_from = None
        if version < SCHEMA_VERSION:
            write_back(migrate(obj, version, path))
            migrated_from = version
        return Parsed(reader.document(read_records()), migrated_from)

    return guard_reading(path, work)


def parse_workbook(data: bytes, path: Path | str | None = None) -> Parsed:
    """A workbook file's bytes -> Document. Raises only WorkbookError subclasses."""

    def work() -> Parsed:
        obj = decode_json(data, path)
        _, version = identity_of(obj, path)
        migrated_from = None
        if version < SCHEMA_VERSION:
            obj = migrate(obj, version, path)
            migrated_from = version
        return Parsed(Reader(path).document(obj), migrated_from)

    return guard_reading(path, work)
