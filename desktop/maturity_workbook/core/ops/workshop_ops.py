"""The room's edits: facilitation mode (votes hidden until revealed), revealing a round, taking
another round, and the agreed rating set with a reason when it leaves the median."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from maturity_workbook.core import values
from maturity_workbook.core.errors import Problem, Refused
from maturity_workbook.core.ops.assessment_ops import ENTRY_FIELDS, draft, entry_has, find
from maturity_workbook.core.ops.base import Applied, Change, Label, Touch, What
from maturity_workbook.core.workbook import Workbook, now_iso


@dataclass(frozen=True)
class SetFacilitated:
    """Facilitation mode: participants' votes are collected hidden and revealed together."""

    assessment_id: str
    facilitated: bool

    def apply(self, wb: Workbook) -> Applied | None:
        a = draft(wb, self.assessment_id, "change how the room votes")
        on = values.boolean(self.facilitated, "facilitation")
        if a.facilitated == on:
            return None
        a.facilitated = on
        a.updated = now_iso()
        return Applied(Change(What.ASSESSMENT_UPDATED, a.id, field="facilitated"),
                       (Touch(("assessments", a.id), "facilitated"),),
                       SetFacilitated(a.id, not on), Label.FACILITATION)


@dataclass(frozen=True)
class SetRevealed:
    """Show (or hide again) the current round's votes on an item."""

    assessment_id: str
    item_id: str
    revealed: bool

    def apply(self, wb: Workbook) -> Applied | None:
        a = draft(wb, self.assessment_id, "reveal its votes")
        item_id = values.ident(self.item_id, "An item id")
        shown = values.boolean(self.revealed, "revealed")
        entry = a.entries.get(item_id)
        if (entry.revealed if entry else False) == shown:
            return None
        key = ("entries", a.id, item_id)
        a.entry(item_id).revealed = shown
        touched = (Touch(key, "revealed", removed=not shown),)
        if not shown and a.entries[item_id].is_empty():
            del a.entries[item_id]
            touched += (Touch(key, None),)
        a.updated = now_iso()
        return Applied(Change(What.REVEAL, a.id, item_id), touched,
                       SetRevealed(a.id, item_id, not shown), Label.REVEAL)


@dataclass(frozen=True)
class NewRound:
    """Another round of votes on an item: this round's votes are kept as history, the room
    votes again (hidden again in facilitation mode)."""

    assessment_id: str
    item_id: str

    def apply(self, wb: Workbook) -> Applied:
        a = draft(wb, self.assessment_id, "take another round")
        item_id = values.ident(self.item_id, "An item id")
        entry = a.entries.get(item_id)
        if entry is None or not entry.ratings:
            raise Refused(Problem.NOTHING_TO_REVOTE, item=item_id)
        before = copy.deepcopy(entry)
        entry.earlier = [*entry.earlier, dict(entry.ratings)]
        entry.ratings = {}
        entry.round += 1
        entry.revealed = False
        key = ("entries", a.id, item_id)
        touched = tuple(Touch(key, f"rating:{pid}", removed=True) for pid in before.ratings) + (
            Touch(key, "earlier"), Touch(key, "round"),
            Touch(key, "revealed", removed=True))
        a.updated = now_iso()
        return Applied(Change(What.ROUND, a.id, item_id), touched,
                       RestoreEntry(a.id, item_id, before), Label.NEW_ROUND)


@dataclass(frozen=True)
class RestoreEntry:
    """Put an item's entry back as it was (the undo of a new round)."""

    assessment_id: str
    item_id: str
    entry: object

    def apply(self, wb: Workbook) -> Applied:
        a = find(wb, self.assessment_id)
        current = a.entries.get(self.item_id)
        before = copy.deepcopy(current) if current is not None else None
        restored = copy.deepcopy(self.entry)
        a.entries[self.item_id] = restored
        key = ("entries", a.id, self.item_id)
        names = {f"rating:{pid}" for pid in restored.ratings}
        old_names = {f"rating:{pid}" for pid in (current.ratings if current else {})}
        touched = [Touch(key, name) for name in sorted(names)]
        touched += [Touch(key, name, removed=True) for name in sorted(old_names - names)]
        touched += [Touch(key, name, removed=not entry_has(restored, name))
                     for name in ENTRY_FIELDS]
        a.updated = now_iso()
        inverse = RestoreEntry(a.id, self.item_id, before) if before is not None else \
            _DropEntry(a.id, self.item_id)
        return Applied(Change(What.ROUND, a.id, self.item_id), tuple(touched), inverse,
                       Label.NEW_ROUND)


@dataclass(frozen=True)
class _DropEntry:
    assessment_id: str
    item_id: str

    def apply(self, wb: Workbook) -> Applied:
        a = find(wb, self.assessment_id)
        before = a.entries.pop(self.item_id)
        a.updated = now_iso()
        return Applied(Change(What.ROUND, a.id, self.item_id),
                       (Touch(("entries", a.id, self.item_id), None),),
                       RestoreEntry(a.id, self.item_id, before), Label.NEW_ROUND)
