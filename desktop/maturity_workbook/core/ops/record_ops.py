"""Generic edits of the records of a collection (core/kinds.py): add, change fields, remove."""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from typing import Any

from maturity_workbook.core import values
from maturity_workbook.core.errors import InvalidValue, NotFound, Problem
from maturity_workbook.core.kinds import RecordKind, kind
from maturity_workbook.core.ops.base import Applied, Change, Label, Touch, What
from maturity_workbook.core.workbook import Workbook, new_id


def find_record(wb: Workbook, table: str, record_id: Any) -> Any:
    record = wb.collection(table).get(record_id) if isinstance(record_id, str) else None
    if record is None:
        raise NotFound(Problem.NO_RECORD, table=table, id=record_id)
    return record


def _checked_fields(spec: RecordKind, raw: dict[str, Any]) -> dict[str, Any]:
    unknown = set(raw) - set(spec.field_names)
    if unknown:
        raise InvalidValue(Problem.BAD_CHOICE, what=f"a field of {spec.table}",
                           value=sorted(unknown)[0], choices=", ".join(spec.field_names))
    return {name: spec.field(name).check(value) for name, value in raw.items()}


def _check(spec: RecordKind, wb: Workbook, obj: Any) -> None:
    if spec.check is not None:
        spec.check(wb, obj)


@dataclass(frozen=True)
class AddRecord:
    """A new record of `table` with the given field values (the rest take their defaults)."""

    table: str
    fields: dict
    record_id: str | None = None

    def apply(self, wb: Workbook) -> Applied:
        spec = kind(self.table)
        raw = _checked_fields(spec, dict(self.fields))
        rid = values.ident(self.record_id, "A record id") if self.record_id else new_id()
        records = wb.collection(spec.table)
        if rid in records:
            raise InvalidValue(Problem.DUPLICATE, what=spec.table, value=rid)
        for field_spec in spec.fields:  # a missing required field is refused by check(None)
            if field_spec.name not in raw:
                empty = field_spec.empty()
                raw[field_spec.name] = None if empty is None and field_spec.optional \
                    else field_spec.check(empty)
        obj = spec.build(rid, raw)
        _check(spec, wb, obj)
        records[rid] = obj
        key = (spec.table, rid)
        return Applied(Change(What.RECORD, table=spec.table, record_id=rid),
                       tuple(Touch(key, name) for name in spec.field_names),
                       RemoveRecord(spec.table, rid), Label.RECORD_ADDED)


@dataclass(frozen=True)
class UpdateRecord:
    """Set some fields of a record; the others stay as they are."""

    table: str
    record_id: str
    changes: dict

    def apply(self, wb: Workbook) -> Applied | None:
        spec = kind(self.table)
        obj = find_record(wb, spec.table, self.record_id)
        new = _checked_fields(spec, dict(self.changes))
        old = {name: copy.deepcopy(getattr(obj, name)) for name in new
               if getattr(obj, name) != new[name]}
        if not old:
            return None
        candidate = dataclasses.replace(obj, **{name: new[name] for name in old})
        _check(spec, wb, candidate)
        for name in old:
            setattr(obj, name, new[name])
        return Applied(Change(What.RECORD, table=spec.table, record_id=obj.id,
                              field=next(iter(old)) if len(old) == 1 else None),
                       tuple(Touch((spec.table, obj.id), name) for name in old),
                       UpdateRecord(spec.table, obj.id, old), Label.RECORD_CHANGED)


@dataclass(frozen=True)
class RemoveRecord:
    """Remove a record, and the records of dependent kinds that point at it (the metrics of a
    goal, ...); undo brings them all back."""

    table: str
    record_id: str

    def apply(self, wb: Workbook) -> Applied:
        spec = kind(self.table)
        obj = find_record(wb, spec.table, self.record_id)
        removed = [(spec, obj)]
        for dep_table, dep_field in spec.dependents:
            dep_spec = kind(dep_table)
            removed += [(dep_spec, r) for r in wb.collection(dep_table).values()
                        if getattr(r, dep_field) == obj.id]
        for item_spec, record in removed:
            del wb.collection(item_spec.table)[record.id]
        restore = tuple(AddRecord(s.table, s.values_of(r), r.id) for s, r in removed)
        return Applied(Change(What.RECORD, table=spec.table, record_id=obj.id),
                       tuple(Touch((s.table, r.id), None) for s, r in removed),
                       restore[0] if len(restore) == 1 else _restore_all(restore),
                       Label.RECORD_REMOVED)


def _restore_all(adds: tuple[AddRecord, ...]):
    from maturity_workbook.core.ops.batch import Batch

    return Batch(adds, Label.RECORD_REMOVED)
