"""Importing: merging other workbooks or interchange files into an open store (a workshop's
laptops, a copy taken home), with a backup first, conflicts kept and reported."""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from maturity_workbook.core.workbook import UNKNOWN, Workbook
from maturity_workbook.store import backups as _backups
from maturity_workbook.store.errors import ImportSourceError, WorkbookError
from maturity_workbook.store.interchange import parse_source
from maturity_workbook.store.merge import merge_all
from maturity_workbook.store.records import Document, UNKNOWN_JSON, encode_document


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
    before: Document | None = None  # the state before the import, to undo it

    @property
    def changed_anything(self) -> bool:
        return any(self.added.values()) or any(self.changed.values()) or any(
            self.removed.values())


def import_into(store, paths: list[Path], catalog: Any = None) -> ImportReport:
    """Read and check every source first (a bad one raises ImportSourceError and nothing
    changes), merge them in order, back up, then install the result and write it. `catalog`
    (a FrameworkCatalog), when given, checks items and levels against known frameworks."""
    from maturity_workbook.store.files import read_workbook_bytes, real_path

    scope = store.workbook.scope
    if scope is not None and scope.participant_id is not None:
        raise ImportSourceError(f"{store.path.name} is a participant file; merge it into the "
                                "facilitator's workbook instead of importing into it.",
                                store.path)
    documents = []
    for source in paths:
        if real_path(source) == store.path:
            raise ImportSourceError(f"{source} is this workbook itself; nothing to import.",
                                    source, source=source)
        try:
            doc = parse_source(read_workbook_bytes(source), source)
        except WorkbookError as exc:
            raise ImportSourceError(f"Cannot import {source.name}: {exc}", source,
                                    source=source) from exc
        documents.append((source, doc))
    with store._lock:
        base = store.document()
        base_bytes = encode_document(base)
    warnings: list[str] = []
    for source, doc in documents:
        warnings += check_compatible(base, doc, source, catalog)
    result = merge_all(base, [doc for _, doc in documents])
    merged, conflicts = result.document, result.conflicts
    report = ImportReport(paths, None, result.added, result.changed, result.removed,
                          warnings=warnings)
    report.conflict_records = [c.record for c in conflicts]
    report.conflicts = [describe_conflict(merged.workbook, c.record) for c in conflicts]
    if not report.changed_anything:
        return report
    report.backup = _backups.make_backup(store.path, "before-import", base_bytes)
    store._original = None  # that backup covers the session's first one
    # the live Workbook object takes the merged state in place: `before` keeps the old one
    report.before = detached(base)
    store.replace_document(merged, "import", keep_session=True)
    return report


def detached(doc: Document) -> Document:
    """`doc` as it is now, apart from the live Workbook object: `replace_document` updates that
    object in place, so a document to put back later (undo an import) needs its own."""
    return dataclasses.replace(doc, workbook=copy.copy(doc.workbook))


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
    kind = key[0] if key else ""
    is_level = kind == "e" and key[3:4] in (["rating"], ["agreed"])

    def show(value: Any) -> str:
        if value is None:
            return "not applicable"
        if is_level and value == UNKNOWN_JSON:
            return "don't know"
        if isinstance(value, list):
            return "; ".join(str(v) for v in value) or "(none)"
        text = str(value)
        return repr(text if len(text) <= 40 else text[:37] + "...")

    a = wb.assessments.get(key[1]) if kind in ("a", "e", "t") and len(key) > 1 else None
    where = f"'{a.title}' ({a.date})" if a else "the workbook"
    if kind == "a" and key[-1] == "deleted":
        return f"{where} was deleted on one copy but changed on another; it was kept."
    if kind == "k" and key[-1] == "deleted":
        return (f"{key[1]} record {key[2]} was deleted on one copy but changed on another; it "
                "was kept.")
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
    elif kind == "k":
        record_obj = wb.collections.get(key[1], {}).get(key[2])
        where = f"{key[1]} record {getattr(record_obj, 'id', key[2])}"
        what = f"the {key[3].replace('_', ' ')}"
    else:
        what = f"the {key[-1] if key else 'value'}"
    return (f"{where}: {what} was changed on two copies; kept {show(kept)} (the later edit), "
            f"set aside {show(other)}.")
