"""Edits of the workbook itself and of its participants."""

from __future__ import annotations

from dataclasses import dataclass

from maturity_workbook.core import values
from maturity_workbook.core.ops.base import Applied, Change, Label, Touch, What
from maturity_workbook.core.errors import InvalidValue, NotFound, Problem, Refused
from maturity_workbook.core.workbook import Participant, Workbook, new_id

MIN_REASSESS_MONTHS, MAX_REASSESS_MONTHS = 1, 120
# the workbook's own fields an operation may set, and what each one is called in errors
WORKBOOK_FIELDS = {
    "name": "the workbook name",
    "notes": "the notes",
    "reassess_months": "the reassessment interval in months",
    "prepared_by": "who prepares the snapshots",
    "confidentiality": "the confidentiality line",
}


def _checked(field_name: str, value):
    what = WORKBOOK_FIELDS.get(field_name)
    if what is None:
        raise InvalidValue(Problem.BAD_CHOICE, what="a workbook field", value=field_name,
                           choices=", ".join(WORKBOOK_FIELDS))
    if field_name == "name":
        return values.name(value, "The workbook")
    if field_name == "reassess_months":
        return values.integer(value, what, MIN_REASSESS_MONTHS, MAX_REASSESS_MONTHS)
    cleaned = values.text(value, what)
    return cleaned.strip() if field_name in ("prepared_by", "confidentiality") else cleaned


@dataclass(frozen=True)
class SetWorkbookField:
    field: str
    value: object

    def apply(self, wb: Workbook) -> Applied | None:
        value = _checked(self.field, self.value)
        old = getattr(wb, self.field)
        if value == old:
            return None
        setattr(wb, self.field, value)
        label = Label.RENAME if self.field == "name" else Label.WORKBOOK_SETTINGS
        return Applied(Change(What.WORKBOOK, field=self.field),
                       (Touch(("workbook",), self.field),), SetWorkbookField(self.field, old),
                       label)


def _participant(wb: Workbook, participant_id) -> Participant:
    person = wb.participants.get(participant_id) if isinstance(participant_id, str) else None
    if person is None:
        raise NotFound(Problem.NO_PARTICIPANT, id=participant_id)
    return person


@dataclass(frozen=True)
class AddParticipant:
    name: str
    role: str = ""
    participant_id: str | None = None  # given when undo brings a removed participant back

    def apply(self, wb: Workbook) -> Applied:
        name = values.name(self.name, "A participant")
        role = values.text(self.role, "the participant's role").strip()
        pid = self.participant_id or new_id()
        if pid in wb.participants:
            raise InvalidValue(Problem.DUPLICATE, what="participant", value=pid)
        wb.participants[pid] = Participant(pid, name, role)
        key = ("participants", pid)
        return Applied(Change(What.PARTICIPANT, participant_id=pid),
                       (Touch(key, "name"), Touch(key, "role")), RemoveParticipant(pid),
                       Label.PARTICIPANT)


@dataclass(frozen=True)
class UpdateParticipant:
    participant_id: str
    name: str | None = None
    role: str | None = None

    def apply(self, wb: Workbook) -> Applied | None:
        person = _participant(wb, self.participant_id)
        name = None if self.name is None else values.name(self.name, "A participant")
        role = None if self.role is None else values.text(self.role, "the participant's role"
                                                          ).strip()
        touched, old = [], {}
        for field_name, value in (("name", name), ("role", role)):
            if value is not None and value != getattr(person, field_name):
                old[field_name] = getattr(person, field_name)
                setattr(person, field_name, value)
                touched.append(Touch(("participants", person.id), field_name))
        if not touched:
            return None
        return Applied(Change(What.PARTICIPANT, participant_id=person.id), tuple(touched),
                       UpdateParticipant(person.id, **old), Label.PARTICIPANT)


def participant_in_use(wb: Workbook, participant_id: str) -> bool:
    return any(participant_id in a.participant_ids
               or any(participant_id in e.ratings for e in a.entries.values())
               for a in wb.assessments.values())


@dataclass(frozen=True)
class RemoveParticipant:
    """Only a participant who never took part can go: ratings keep their people."""

    participant_id: str

    def apply(self, wb: Workbook) -> Applied:
        person = _participant(wb, self.participant_id)
        if participant_in_use(wb, person.id):
            raise Refused(Problem.PARTICIPANT_IN_USE, name=person.name)
        del wb.participants[person.id]
        return Applied(Change(What.PARTICIPANT, participant_id=person.id),
                       (Touch(("participants", person.id), None),),
                       AddParticipant(person.name, person.role, person.id), Label.PARTICIPANT)
