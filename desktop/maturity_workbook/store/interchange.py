"""The JSON interchange format: a workbook (or one assessment) as one document to import, and
reading whatever an import is given (a workbook file or an interchange file)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from maturity_workbook import __version__
from maturity_workbook.core.kinds import kinds
from maturity_workbook.store.decode import (
    Reader, guard_reading, is_int, short_json, decode_json, identity_of, migrate,
)
from maturity_workbook.store.errors import CorruptWorkbookError, NewerWorkbookError
from maturity_workbook.store.records import (
    KIND, SCHEMA_VERSION, Document, assessment_record, collection_record, entry_record,
    participant_record, raw_tables, scope_record, target_record, workbook_record,
)
from maturity_workbook.core.workbook import Scope

INTERCHANGE_FORMAT = "maturity-workbook-interchange"
INTERCHANGE_VERSION = 2  # 2: ratings may be "unknown"; collections of records (core/kinds.py)
# ---------------------------------------------------------------------- the interchange format

_ASSESSMENT_TABLES = ("participants", "assessments", "entries", "targets")


def _tables() -> tuple[str, ...]:
    return _ASSESSMENT_TABLES + tuple(kinds()) + tuple(raw_tables())


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
    identity = workbook_record(doc)
    if assessment_id is not None:  # what this file speaks for when it is merged
        identity["scope"] = scope_record(Scope(assessment_id))
    out = {
        "format": INTERCHANGE_FORMAT, "format_version": INTERCHANGE_VERSION,
        "content": "workbook" if assessment_id is None else "assessment",
        "app_version": __version__, "schema_version": SCHEMA_VERSION,
        "workbook": identity,
        "participants": [participant_record(doc, p) for p in participants],
        "assessments": [assessment_record(doc, a) for a in assessments],
        "entries": [r for a in assessments for e in a.entries.values()
                    if (r := entry_record(doc, a, e)) is not None],
        "targets": [target_record(doc, a, dim, level) for a in assessments
                    for dim, level in a.targets.items()],
    }
    for table, spec in kinds().items():
        out[table] = [collection_record(doc, spec, obj)
                      for obj in wb.collections.get(table, {}).values()
                      ] if assessment_id is None else []
    for table in raw_tables():
        out[table] = list(doc.raw.get(table, {}).values()) if assessment_id is None else []
    return out


def is_interchange(obj: Any) -> bool:
    return isinstance(obj, dict) and obj.get("format") == INTERCHANGE_FORMAT


def parse_interchange_obj(obj: dict, path: Path | str | None) -> Document:
    label = str(path) if path is not None else "the file"
    version = obj.get("format_version")
    if not is_int(version) or version < 1:
        raise CorruptWorkbookError(f"{label} is damaged: its interchange format_version "
                                   f"{short_json(version)} is not a whole number.", path)
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
    for name in _tables():
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
    return Reader(path, "interchange").document(tables)



def encode_interchange(obj: dict) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")




def parse_source(data: bytes, path: Path | str | None = None) -> Document:
    """A workbook file or an interchange file, for import. Raises only WorkbookError."""

    def work() -> Document:
        obj = decode_json(data, path, "workbook or interchange")
        if is_interchange(obj):
            return parse_interchange_obj(obj, path)
        _, version = identity_of(obj, path)
        if version < SCHEMA_VERSION:
            obj = migrate(obj, version, path)
        return Reader(path).document(obj)

    return guard_reading(path, work)
