"""Edits of assessments as a whole: create (optionally from the last one), details, delete,
finalize and reopen, and where the room is."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Iterable

from maturity_workbook.core import values
from maturity_workbook.core.ops.base import Applied, Change, Label, Touch, What
from maturity_workbook.core.errors import InvalidValue, NotFound, Problem, Refused
from maturity_workbook.core.workbook import (
    DRAFT, FINAL, Assessment, Workbook, new_id, now_iso,
)

# the fields of an assessment record, as the store stamps them ("head" is what never changes:
# framework id, version and creation time)
ASSESSMENT_FIELDS = ("head", "title", "date", "status", "participant_ids", "notes", "position",
                     "facilitated", "based_on")


def find(wb: Workbook, assessment_id) -> Assessment:
    a = wb.assessments.get(assessment_id) if isinstance(assessment_id, str) else None
    if a is None:
        raise NotFound(Problem.NO_ASSESSMENT, id=assessment_id)
    return a


def draft(wb: Workbook, assessment_id, action: str) -> Assessment:
    """The assessment, refused when it is final: its ratings are history until reopened."""
    a = find(wb, assessment_id)
    if a.status == FINAL:
        raise Refused(Problem.FINAL_ASSESSMENT, title=a.title, action=action)
    return a


def participant_list(wb: Workbook, participant_ids: Iterable[str]) -> list[str]:
    if isinstance(participant_ids, str):
        raise InvalidValue(Problem.BAD_LIST, what="participant_ids")
    try:
        ids = list(participant_ids)
    except TypeError:
        raise InvalidValue(Problem.BAD_LIST, what="participant_ids") from None
    out: list[str] = []
    for pid in ids:
        if not isinstance(pid, str) or pid not in wb.participants:
            raise NotFound(Problem.NO_PARTICIPANT, id=pid)
        if pid not in out:
            out.append(pid)
    return out


# the fields of an entry besides the current round's ratings ("rating:<participant id>")
ENTRY_FIELDS = ("agreed", "note", "evidence", "round", "earlier", "revealed", "agreed_reason",
                "agreed_by")


def entry_has(entry, name: str) -> bool:
    """Whether an entry's field holds anything (the file and merges skip empty fields)."""
    if name == "agreed":
        return entry.agreed_set
    if name == "round":
        return entry.round != 1
    return bool(getattr(entry, name))


def _all_touches(a: Assessment) -> tuple[Touch, ...]:
    """Every field of an assessment and of its entries and targets: for creation and restore."""
    touched = [Touch(("assessments", a.id), name) for name in ASSESSMENT_FIELDS]
    for item_id, entry in a.entries.items():
        key = ("entries", a.id, item_id)
        touched += [Touch(key, f"rating:{pid}") for pid in entry.ratings]
        touched += [Touch(key, name) for name in ENTRY_FIELDS if entry_has(entry, name)]
    touched += [Touch(("targets", a.id, dim), "level") for dim in a.targets]
    return tuple(touched)


@dataclass(frozen=True)
class CreateAssessment:
    """A new draft assessment. With `copy_from` it reassesses that assessment: `based_on`
    records it, and the wizard shows its agreed rating and note beside each item. Nothing is
    copied as set: a carried answer counts only once the room confirms or changes it."""

    framework_id: str
    framework_version: str
    title: str
    date: str
    participant_ids: tuple[str, ...] = ()
    copy_from: str | None = None
    assessment_id: str | None = None
    facilitated: bool = False

    def apply(self, wb: Workbook) -> Applied:
        if not isinstance(self.framework_id, str) or not self.framework_id \
                or not isinstance(self.framework_version, str):
            raise InvalidValue(Problem.BAD_FRAMEWORK)
        day = values.iso_date(self.date)
        title = values.text(self.title, "the title").strip() or f"Assessment {day}"
        people = participant_list(wb, self.participant_ids)
        source = find(wb, self.copy_from) if self.copy_from is not None else None
        aid = self.assessment_id or new_id()
        if aid in wb.assessments:
            raise InvalidValue(Problem.DUPLICATE, what="assessment", value=aid)
        a = Assessment(id=aid, framework_id=self.framework_id,
                       framework_version=self.framework_version, title=title, date=day,
                       participant_ids=people,
                       facilitated=values.boolean(self.facilitated, "facilitation"))
        if source is not None:
            a.based_on = source.id
        wb.assessments[a.id] = a
        return Applied(Change(What.ASSESSMENT_CREATED, a.id), _all_touches(a),
                       DeleteAssessment(a.id), Label.NEW_ASSESSMENT)


@dataclass(frozen=True)
class DeleteAssessment:
    assessment_id: str

    def apply(self, wb: Workbook) -> Applied:
        a = find(wb, self.assessment_id)
        del wb.assessments[a.id]
        touched = [Touch(("assessments", a.id), None)]
        touched += [Touch(("entries", a.id, item_id), None) for item_id in a.entries]
        touched += [Touch(("targets", a.id, dim), None) for dim in a.targets]
        return Applied(Change(What.ASSESSMENT_DELETED, a.id), tuple(touched),
                       RestoreAssessment(copy.deepcopy(a)), Label.DELETE_ASSESSMENT)


@dataclass(frozen=True)
class RestoreAssessment:
    """Puts a deleted assessment back whole (the undo of a delete)."""

    assessment: Assessment

    def apply(self, wb: Workbook) -> Applied:
        a = copy.deepcopy(self.assessment)
        if a.id in wb.assessments:
            raise InvalidValue(Problem.DUPLICATE, what="assessment", value=a.id)
        missing = [p for p in a.participant_ids if p not in wb.participants]
        if missing:
            raise NotFound(Problem.NO_PARTICIPANT, id=missing[0])
        wb.assessments[a.id] = a
        return Applied(Change(What.ASSESSMENT_CREATED, a.id), _all_touches(a),
                       DeleteAssessment(a.id), Label.DELETE_ASSESSMENT)


@dataclass(frozen=True)
class UpdateAssessment:
    """Title, date and notes may change on a final assessment; who took part may not (it would
    change the agreed ratings of history)."""

    assessment_id: str
    title: str | None = None
    date: str | None = None
    participant_ids: tuple[str, ...] | None = None
    notes: str | None = None

    def apply(self, wb: Workbook) -> Applied | None:
        a = find(wb, self.assessment_id)
        title = None if self.title is None else (values.text(self.title, "the title").strip()
                                                 or None)
        day = None if self.date is None else values.iso_date(self.date)
        notes = None if self.notes is None else values.text(self.notes, "the notes")
        people = None
        if self.participant_ids is not None:
            people = participant_list(wb, self.participant_ids)
            if people != a.participant_ids and a.status == FINAL:
                raise Refused(Problem.FINAL_ASSESSMENT, title=a.title,
                              action="change who took part")
        old, touched = {}, []
        for name, value in (("title", title), ("date", day), ("notes", notes),
                            ("participant_ids", people)):
            if value is not None and value != getattr(a, name):
                current = getattr(a, name)
                old[name] = tuple(current) if name == "participant_ids" else current
                setattr(a, name, value)
                touched.append(Touch(("assessments", a.id), name))
        if not touched:
            return None
        a.updated = now_iso()
        return Applied(Change(What.ASSESSMENT_UPDATED, a.id), tuple(touched),
                       UpdateAssessment(a.id, **old), Label.ASSESSMENT_DETAILS)


@dataclass(frozen=True)
class SetStatus:
    """Finalize (the assessment joins the history and the reports) or reopen it for editing."""

    assessment_id: str
    status: str

    def apply(self, wb: Workbook) -> Applied | None:
        a = find(wb, self.assessment_id)
        status = values.choice(self.status, "a status", (DRAFT, FINAL))
        if a.status == status:
            return None
        old, a.status = a.status, status
        a.updated = now_iso()
        return Applied(Change(What.STATUS, a.id), (Touch(("assessments", a.id), "status"),),
                       SetStatus(a.id, old), Label.FINALIZE if status == FINAL else Label.REOPEN)


@dataclass(frozen=True)
class SetPosition:
    """Where the room is (an item id, or None), so reopening resumes there."""

    assessment_id: str
    item_id: str | None

    def apply(self, wb: Workbook) -> Applied | None:
        a = find(wb, self.assessment_id)
        item_id = "" if self.item_id is None else values.text(self.item_id, "item id")
        if a.position == item_id:
            return None
        old, a.position = a.position, item_id
        return Applied(Change(What.POSITION, a.id, item_id or None),
                       (Touch(("assessments", a.id), "position"),),
                       SetPosition(a.id, old or None), Label.POSITION)
