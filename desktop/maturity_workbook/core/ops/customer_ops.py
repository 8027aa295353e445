"""Edits of the customer portfolio: an import as one undoable step, a scoring on a day, the
workbook's CMI model and thresholds (records of core/customers.py).

Adding, changing and removing single customers uses the generic record operations
(`AddRecord`, `UpdateRecord`, `RemoveRecord`); removing a customer takes its scorings along.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Sequence

from maturity_workbook.core.customers import (
    CUSTOMER_KIND, CUSTOMERS, PORTFOLIO, SCORING_KIND, SCORINGS, SETTINGS_ID, scoring_id,
)
from maturity_workbook.core import values
from maturity_workbook.core.errors import InvalidValue, NotFound, Problem
from maturity_workbook.core.ops.base import Applied, Change, Label, Touch, What
from maturity_workbook.core.ops.batch import Batch
from maturity_workbook.core.ops.record_ops import AddRecord, RemoveRecord, UpdateRecord
from maturity_workbook.core.portfolio import CustomerUpdate, gc_paused
from maturity_workbook.core.workbook import Workbook


def _day(value: str | date) -> str:
    return value.isoformat() if isinstance(value, date) else value


@dataclass(frozen=True)
class ScoreCustomer:
    """A customer's scoring on a day: a new one, or the day's scoring replaced (one a day)."""

    customer_id: str
    day: str  # ISO date
    health: float
    scores: dict

    def apply(self, wb: Workbook) -> Applied | None:
        day = _day(self.day)
        rid = scoring_id(self.customer_id, day) if isinstance(self.customer_id, str) \
            and isinstance(day, str) else None
        if rid is not None and rid in wb.collection(SCORINGS):
            return UpdateRecord(SCORINGS, rid, {"health": self.health,
                                                "scores": dict(self.scores)}).apply(wb)
        return AddRecord(SCORINGS, {"customer_id": self.customer_id, "date": day,
                                    "health": self.health, "scores": dict(self.scores)},
                         rid).apply(wb)


@dataclass(frozen=True)
class SetPortfolioSettings:
    """Choose the workbook's CMI model ("" for the default) or its thresholds (None: the
    model's). `changes` names the fields to set: model_id, cmi_threshold, health_threshold."""

    changes: dict

    def apply(self, wb: Workbook) -> Applied | None:
        if SETTINGS_ID in wb.collection(PORTFOLIO):
            applied = UpdateRecord(PORTFOLIO, SETTINGS_ID, dict(self.changes)).apply(wb)
        else:
            applied = AddRecord(PORTFOLIO, dict(self.changes), SETTINGS_ID).apply(wb)
        if applied is None:
            return None
        inverse = applied.inverse
        if isinstance(inverse, UpdateRecord):
            inverse = SetPortfolioSettings(dict(inverse.changes))
        return Applied(applied.change, applied.touched, inverse, Label.WORKBOOK_SETTINGS)


def add_customer(customer_id: str, name: str, email: str = "", owner: str = "",
                 scoring: tuple[str | date, float, dict] | None = None) -> Batch:
    """A new customer, with its first scoring (day, health, scores) when given, as one edit."""
    steps: list[Any] = [AddRecord(CUSTOMERS, {"name": name, "email": email, "owner": owner},
                                  customer_id)]
    if scoring is not None:
        day, health, scores = scoring
        steps.append(ScoreCustomer(customer_id, _day(day), health, scores))
    return Batch(tuple(steps), Label.RECORD_ADDED)


@dataclass(frozen=True)
class ImportSummary:
    """What an import will do, counted before it is applied (for the command line and the
    window): customers added and updated, scorings added and replaced."""

    added: tuple[str, ...]
    updated: tuple[str, ...]
    new_scorings: int
    replaced_scorings: int


def summarize_import(wb: Workbook, updates: Sequence[CustomerUpdate]) -> ImportSummary:
    customers, scorings = wb.collection(CUSTOMERS), wb.collection(SCORINGS)
    added: dict[str, None] = {}
    updated: dict[str, None] = {}
    seen_scorings: set[str] = set()
    new = replaced = 0
    for update in updates:
        if update.id in customers:
            updated[update.id] = None
        else:
            added[update.id] = None
        rid = scoring_id(update.id, update.scoring.day)
        if rid in scorings or rid in seen_scorings:
            replaced += 1
        else:
            new += 1
        seen_scorings.add(rid)
    return ImportSummary(tuple(added), tuple(updated), new, replaced)


@dataclass(frozen=True, eq=False)
class ImportCustomers:
    """Rows of a customer CSV (store.customers_csv, core.portfolio.CustomerUpdate): each adds the
    customer or updates the one with its id (name, and email and owner when the file has them),
    and adds its scoring (replacing one of the same day). All of it or none, one undo step.

    New records are checked field by field with their kind's specs and rules, as AddRecord
    does, but built in one loop: an import of 5,000 customers would otherwise spend most of
    its time in the generic operation's bookkeeping. Changes to existing records go through
    UpdateRecord."""

    updates: tuple[CustomerUpdate, ...]

    def apply(self, wb: Workbook) -> Applied | None:
        customers, scorings = wb.collection(CUSTOMERS), wb.collection(SCORINGS)
        done: list[Applied] = []  # updates of records that were there
        new_customers: dict[str, None] = {}
        new_scorings: list[str] = []  # of customers that were there
        touched: list[Touch] = []
        created: list[tuple[str, str]] = []  # records added here, (table, id)
        add_customer_record = _adder(CUSTOMER_KIND, wb, touched, created)
        add_scoring_record = _adder(SCORING_KIND, wb, touched, created)
        try:
            with gc_paused():
                for update in self.updates:
                    details: dict[str, Any] = {"name": update.name}
                    if update.email is not None:
                        details["email"] = update.email
                    if update.owner is not None:
                        details["owner"] = update.owner
                    if update.id in customers:
                        _record(UpdateRecord(CUSTOMERS, update.id, details), wb, done, touched)
                    else:
                        add_customer_record(update.id, details)
                        new_customers[update.id] = None
                    scoring = update.scoring
                    day = _day(scoring.day)
                    rid = scoring_id(update.id, day)
                    scores = dict(scoring.scores)
                    if rid in scorings:
                        _record(UpdateRecord(SCORINGS, rid, {"health": scoring.health,
                                                             "scores": scores}),
                                wb, done, touched)
                    else:
                        add_scoring_record(rid, {"customer_id": update.id, "date": day,
                                                 "health": scoring.health, "scores": scores})
                        if update.id not in new_customers:
                            new_scorings.append(rid)
        except BaseException:  # leave the workbook as it was: updates first, then the new
            for applied in reversed(done):
                applied.inverse.apply(wb)
            for table, rid in reversed(created):
                wb.collection(table).pop(rid, None)
            raise
        if not touched:
            return None
        steps: list[Any] = [applied.inverse for applied in reversed(done)]
        steps += [RemoveRecord(SCORINGS, rid) for rid in reversed(new_scorings)]
        if new_customers:
            steps.append(RemoveCustomers(tuple(new_customers)))
        return Applied(Change(What.RECORD, table=CUSTOMERS), tuple(touched),
                       Batch(tuple(steps), Label.SEVERAL), Label.SEVERAL)


def _record(operation: Any, wb: Workbook, done: list[Applied], touched: list[Touch]) -> None:
    applied = operation.apply(wb)
    if applied is not None:
        done.append(applied)
        touched.extend(applied.touched)


def _adder(spec, wb: Workbook, touched: list[Touch], created: list[tuple[str, str]]):
    """Adds a new record of a kind as AddRecord would (each field checked by its spec, then the
    kind's rule), without the per-call lookups."""
    fields = spec.fields
    names = spec.field_names
    records = wb.collection(spec.table)
    table = spec.table

    def add(record_id: str, raw: dict) -> None:
        rid = values.ident(record_id, "A record id")
        if rid in records:
            raise InvalidValue(Problem.DUPLICATE, what=table, value=rid)
        checked = {f.name: f.check(raw[f.name]) if f.name in raw else f.check(f.empty())
                   for f in fields}
        record = spec.cls(id=rid, **checked)
        if spec.check is not None:
            spec.check(wb, record)
        records[rid] = record
        created.append((table, rid))
        key = (table, rid)
        touched.extend(Touch(key, name) for name in names)

    return add


@dataclass(frozen=True)
class RemoveCustomers:
    """Remove several customers and their scorings in one pass; undo adds them all back."""

    customer_ids: tuple[str, ...]

    def apply(self, wb: Workbook) -> Applied | None:
        customers, scorings = wb.collection(CUSTOMERS), wb.collection(SCORINGS)
        wanted = [cid for cid in dict.fromkeys(self.customer_ids) if cid in customers]
        if len(wanted) != len(set(self.customer_ids)):
            missing = next(cid for cid in self.customer_ids if cid not in customers)
            raise NotFound(Problem.NO_RECORD, table=CUSTOMERS, id=missing)
        if not wanted:
            return None
        gone = set(wanted)
        removed = [(CUSTOMER_KIND, customers[cid]) for cid in wanted]
        removed += [(SCORING_KIND, s) for s in scorings.values() if s.customer_id in gone]
        for spec, record in removed:
            del wb.collection(spec.table)[record.id]
        restore = Batch(tuple(AddRecord(spec.table, spec.values_of(r), r.id)
                              for spec, r in removed), Label.RECORD_ADDED)
        return Applied(Change(What.RECORD, table=CUSTOMERS),
                       tuple(Touch((spec.table, r.id), None) for spec, r in removed), restore,
                       Label.RECORD_REMOVED)
