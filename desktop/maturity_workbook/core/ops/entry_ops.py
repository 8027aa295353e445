"""Edits of one item of one assessment (ratings, the agreed rating, note, evidence) and of the
targets per dimension. An entry left with nothing in it is dropped."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, datetime, timezone

from maturity_workbook.core import values
from maturity_workbook.core import targets
from maturity_workbook.core.ops.assessment_ops import draft, find
from maturity_workbook.core.ops.base import Applied, Change, Label, Touch, What
from maturity_workbook.core.errors import InvalidValue, NotFound, Problem, Refused
from maturity_workbook.core.workbook import (
    FINAL, UNRATED, Assessment, Workbook, is_level, median_level, new_id, now_iso,
)


def _same(a, b) -> bool:
    """Equal answers: sentinels by identity (UNKNOWN is not 0), levels by value."""
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    return a is b


def _dropped_if_empty(a: Assessment, item_id: str) -> tuple[Touch, ...]:
    entry = a.entries.get(item_id)
    if entry is not None and entry.is_empty():
        del a.entries[item_id]
        return (Touch(("entries", a.id, item_id), None),)
    return ()


@dataclass(frozen=True)
class SetRating:
    """One participant's answer on one item: a level, None (not applicable), UNKNOWN (don't
    know) or UNRATED (clears it)."""

    assessment_id: str
    item_id: str
    participant_id: str
    level: object

    def apply(self, wb: Workbook) -> Applied | None:
        level = values.level(self.level)
        item_id = values.ident(self.item_id, "An item id")
        a = draft(wb, self.assessment_id, "change its ratings")
        pid = self.participant_id
        if not isinstance(pid, str) or pid not in wb.participants:
            raise NotFound(Problem.NO_PARTICIPANT, id=pid)
        if pid not in a.participant_ids:
            raise InvalidValue(Problem.NOT_TAKING_PART, name=wb.participants[pid].name,
                               title=a.title)
        entry = a.entries.get(item_id)
        old = entry.ratings.get(pid, UNRATED) if entry else UNRATED
        if _same(old, level):
            return None
        key = ("entries", a.id, item_id)
        if level is UNRATED:
            del entry.ratings[pid]
            touched = (Touch(key, f"rating:{pid}", removed=True),) + _dropped_if_empty(a, item_id)
        else:
            a.entry(item_id).ratings[pid] = level
            touched = (Touch(key, f"rating:{pid}"),)
        a.updated = now_iso()
        return Applied(Change(What.RATING, a.id, item_id, participant_id=pid), touched,
                       SetRating(a.id, item_id, pid, old), Label.RATING)


@dataclass(frozen=True)
class SetAgreed:
    """The room's agreed rating: a level, None, UNKNOWN, or UNRATED (back to the median), with
    why (`reason`) and who set it (`by`: a participant id, "" for the facilitator; None keeps
    what is recorded). In a facilitated assessment a level away from the median needs a
    reason."""

    assessment_id: str
    item_id: str
    level: object
    reason: str | None = None
    by: str | None = None
    restoring: bool = False  # undo puts back what was there: never refused for a reason

    def apply(self, wb: Workbook) -> Applied | None:
        level = values.level(self.level)
        item_id = values.ident(self.item_id, "An item id")
        a = draft(wb, self.assessment_id, "change its ratings")
        entry = a.entries.get(item_id)
        old = entry.agreed if entry is not None and entry.agreed_set else UNRATED
        old_reason = entry.agreed_reason if entry else ""
        old_by = entry.agreed_by if entry else ""
        reason = old_reason if self.reason is None else values.text(self.reason, "the reason")
        by = old_by if self.by is None else self.by
        if by and by not in wb.participants:
            raise NotFound(Problem.NO_PARTICIPANT, id=by)
        if level is UNRATED:
            reason, by = "", ""
        if _same(old, level) and reason == old_reason and by == old_by:
            return None
        median = median_level([] if entry is None else entry.ratings.values())
        if a.facilitated and not self.restoring and is_level(level) and is_level(median) \
                and level != median and not reason.strip():
            raise Refused(Problem.NEEDS_REASON, item=item_id)
        key = ("entries", a.id, item_id)
        touched: tuple[Touch, ...] = ()
        if level is UNRATED:
            entry.agreed, entry.agreed_set = None, False
            touched += (Touch(key, "agreed", removed=True),)
        elif not _same(old, level):
            entry = a.entry(item_id)
            entry.agreed, entry.agreed_set = level, True
            touched += (Touch(key, "agreed"),)
        entry = a.entry(item_id)
        for name, value, before in (("agreed_reason", reason, old_reason),
                                    ("agreed_by", by, old_by)):
            if value != before:
                setattr(entry, name, value)
                touched += (Touch(key, name, removed=not value),)
        touched += _dropped_if_empty(a, item_id)
        a.updated = now_iso()
        return Applied(Change(What.AGREED, a.id, item_id), touched,
                       SetAgreed(a.id, item_id, old, old_reason, old_by, restoring=True),
                       Label.AGREED)


@dataclass(frozen=True)
class SetNote:
    assessment_id: str
    item_id: str
    text: str

    def apply(self, wb: Workbook) -> Applied | None:
        text = values.text(self.text, "the note")
        item_id = values.ident(self.item_id, "An item id")
        a = draft(wb, self.assessment_id, "change its notes")
        entry = a.entries.get(item_id)
        old = entry.note if entry else ""
        if old == text:
            return None
        a.entry(item_id).note = text
        touched = (Touch(("entries", a.id, item_id), "note", removed=not text),) + \
            _dropped_if_empty(a, item_id)
        a.updated = now_iso()
        return Applied(Change(What.NOTE, a.id, item_id), touched, SetNote(a.id, item_id, old),
                       Label.NOTE)


@dataclass(frozen=True)
class SetEvidence:
    """The evidence lines backing an item's rating (documents, links, facts)."""

    assessment_id: str
    item_id: str
    evidence: tuple[str, ...]

    def apply(self, wb: Workbook) -> Applied | None:
        lines = values.text_list(self.evidence, "Evidence")
        item_id = values.ident(self.item_id, "An item id")
        a = draft(wb, self.assessment_id, "change its evidence")
        entry = a.entries.get(item_id)
        old = list(entry.evidence) if entry else []
        if old == lines:
            return None
        a.entry(item_id).evidence = lines
        touched = (Touch(("entries", a.id, item_id), "evidence", removed=not lines),) + \
            _dropped_if_empty(a, item_id)
        a.updated = now_iso()
        return Applied(Change(What.EVIDENCE, a.id, item_id), touched,
                       SetEvidence(a.id, item_id, tuple(old)), Label.EVIDENCE)


@dataclass(frozen=True)
class SetTarget:
    """The level the team aims for in a dimension; None removes the target. Targets may change
    after an assessment is final; such a change is kept in the target history
    (core/targets.py)."""

    assessment_id: str
    dimension_id: str
    level: int | None
    logged_as: str | None = None  # undo: the history record to remove instead of adding one
    relog: object = None  # redo: the history record to put back as it was (a TargetChange)

    def apply(self, wb: Workbook) -> Applied | None:
        dimension_id = values.ident(self.dimension_id, "A dimension id")
        level = values.target_level(None if self.level is UNRATED else self.level)
        a = find(wb, self.assessment_id)
        old = a.targets.get(dimension_id)
        if old == level:
            return None
        history = wb.collection(targets.TABLE)
        log: tuple[Touch, ...] = ()
        logged, unlogged = None, None  # the record this change added, or took away (undo)
        if self.logged_as is not None:
            unlogged = history.pop(self.logged_as, None)
            log = (Touch((targets.TABLE, self.logged_as), None),)
        elif self.relog is not None or a.status == FINAL:
            if self.relog is not None:  # redo puts back the very record undo took away
                record = copy.copy(self.relog)
            else:
                now = datetime.now(timezone.utc)
                record = targets.TargetChange(new_id(), a.id, dimension_id,
                                              date.today().isoformat(), now.isoformat(), old,
                                              level)
            history[record.id] = record
            logged = record.id
            log = tuple(Touch((targets.TABLE, logged), name)
                        for name in targets.KIND.field_names)
        key = ("targets", a.id, dimension_id)
        if level is None:
            del a.targets[dimension_id]
            touched = (Touch(key, "level", removed=True), Touch(key, None))
        else:
            a.targets[dimension_id] = level
            touched = (Touch(key, "level"),)
        a.updated = now_iso()
        return Applied(Change(What.TARGET, a.id, dimension_id=dimension_id), touched + log,
                       SetTarget(a.id, dimension_id, old, logged, unlogged), Label.TARGET)
