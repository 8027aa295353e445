"""Collections of flat records on a workbook (goals, metrics, actions, customers, ...), declared
once so the file, merge, interchange, undo and the command line all know their shape.

A kind is a dataclass with an `id: str` first field plus the fields its `FieldSpec`s describe.
Declaring it (`register(RecordKind(...))`) is all the store needs: records are saved one per line
in a table of the kind's name, every field is stamped and merged on its own, and the generic
operations (`AddRecord`, `UpdateRecord`, `RemoveRecord` in core/ops) check values against the
specs and the kind's own `check` rule. See docs/architecture.md, "Adding a kind of record".
"""

from __future__ import annotations

import dataclasses
import importlib
from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable

from maturity_workbook.core import values
from maturity_workbook.core.errors import InvalidValue, Problem


class FieldType(Enum):
    TEXT = "text"  # a string ("" allowed unless required)
    NAME = "name"  # a non-blank string
    INT = "int"
    NUMBER = "number"  # a finite int or float
    DATE = "date"  # an ISO date string, YYYY-MM-DD
    BOOL = "bool"
    CHOICE = "choice"  # one of `choices`
    REF = "ref"  # the id of a record in `ref` (a table: a collection, "assessments",
    #              "participants") or, with ref "dimension", a dimension id
    TEXT_LIST = "text-list"
    NUMBER_MAP = "number-map"  # {text: finite number}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    default: Any = None  # None: optional and absent; for lists/maps an empty one is used
    optional: bool = False  # may be None (no value)
    choices: tuple[str, ...] = ()
    ref: str = ""
    low: float | None = None
    high: float | None = None

    def check(self, value: Any) -> Any:
        """The clean value, or InvalidValue naming this field."""
        what = self.name.replace("_", " ")
        if value is None:
            if self.optional:
                return None
            raise InvalidValue(Problem.NEEDS_NAME if self.type is FieldType.NAME
                               else Problem.BAD_CHOICE if self.type is FieldType.CHOICE
                               else Problem.NOT_TEXT, what=what, type="nothing",
                               value=None, choices=", ".join(self.choices))
        kind = self.type
        if kind is FieldType.TEXT:
            return values.text(value, what)
        if kind is FieldType.NAME:
            return values.name(value, what)
        if kind in (FieldType.INT, FieldType.NUMBER):
            low = -1e15 if self.low is None else self.low
            high = 1e15 if self.high is None else self.high
            if kind is FieldType.INT:
                return values.integer(value, what, int(low), int(high))
            return values.number(value, what, low, high)
        if kind is FieldType.DATE:
            return values.iso_date(value)
        if kind is FieldType.BOOL:
            if not isinstance(value, bool):
                raise InvalidValue(Problem.BAD_CHOICE, what=what, value=value,
                                   choices="true, false")
            return value
        if kind is FieldType.CHOICE:
            return values.choice(value, what, self.choices)
        if kind is FieldType.REF:
            return values.ident(value, what)
        if kind is FieldType.TEXT_LIST:
            return values.text_list(value, what)
        if kind is FieldType.NUMBER_MAP:
            if not isinstance(value, dict):
                raise InvalidValue(Problem.BAD_LIST, what=what)
            return {values.ident(k, what): values.number(v, what) for k, v in value.items()}
        raise AssertionError(kind)  # pragma: no cover

    def empty(self) -> Any:
        if self.type is FieldType.TEXT_LIST:
            return []
        if self.type is FieldType.NUMBER_MAP:
            return {}
        return self.default


@dataclass(frozen=True)
class RecordKind:
    """One collection: its table, its dataclass and its fields (besides `id`)."""

    table: str
    cls: type
    fields: tuple[FieldSpec, ...]
    # a rule across records (a metric's goal exists, at most five metrics, ...); raises
    # OperationError. Called with the workbook and the record as it would be after the edit.
    check: Callable[[Any, Any], None] | None = None
    # the field that names a record for people (conflict reports, errors)
    label_field: str = ""
    # records of other kinds that must go with this one when it is removed: (table, field)
    dependents: tuple[tuple[str, str], ...] = ()

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(f"{self.table} has no field {name!r}")

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.fields)

    def build(self, record_id: str, raw: dict[str, Any]) -> Any:
        """A record object from checked values (missing fields take their empty value)."""
        args = {spec.name: raw.get(spec.name, spec.empty()) for spec in self.fields}
        return self.cls(id=record_id, **args)

    def values_of(self, obj: Any) -> dict[str, Any]:
        return {spec.name: _copy(getattr(obj, spec.name)) for spec in self.fields}

    def label_of(self, obj: Any) -> str:
        return str(getattr(obj, self.label_field, "") or obj.id) if self.label_field else obj.id


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


_KINDS: dict[str, RecordKind] = {}
# modules that declare kinds; imported on first use so every reader knows every kind
KIND_MODULES: list[str] = ["maturity_workbook.core.targets", "maturity_workbook.core.plan",
                           "maturity_workbook.core.customers"]
_loaded = False


def register(kind: RecordKind) -> RecordKind:
    fields_of_cls = [f.name for f in dataclasses.fields(kind.cls)]
    if fields_of_cls[:1] != ["id"] or set(fields_of_cls[1:]) != set(kind.field_names):
        raise TypeError(f"{kind.cls.__name__} must have `id` first and exactly the fields "
                        f"{kind.field_names}")
    _KINDS[kind.table] = kind
    return kind


def kinds() -> dict[str, RecordKind]:
    """Every registered kind by table name, after importing the modules that declare them."""
    global _loaded
    if not _loaded:
        _loaded = True
        for module in KIND_MODULES:
            importlib.import_module(module)
    return dict(_KINDS)


def kind(table: str) -> RecordKind:
    found = kinds().get(table)
    if found is None:
        raise KeyError(f"no record kind {table!r}")
    return found
