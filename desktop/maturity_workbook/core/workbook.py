"""A workbook: one program's (or one client's) whole assessment history, as plain objects.

`store` loads and saves these; `ui`, `charts` and `report` only read them. A rating is an int (a
stage level of the assessment's framework), None for "not applicable" (left out of the score) or
UNKNOWN for "don't know" (a gap in coverage, to find out before the next workshop); an item with no
entry at all has not been rated yet (UNRATED).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Iterable

DRAFT = "draft"
FINAL = "final"
DEFAULT_REASSESS_MONTHS = 6


def new_id() -> str:
    """Records carry UUIDs: TinyDB's integer ids collide when workbooks are merged."""
    return str(uuid.uuid4())


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


@dataclass
class Participant:
    id: str
    name: str
    role: str = ""


@dataclass
class ItemEntry:
    """Everything recorded about one item in one assessment.

    `ratings` maps participant id to a level (None = not applicable, UNKNOWN = don't know). The
    agreed rating is the median of the participants' ratings until someone sets it
    (`agreed_set`); an agreed None means the room agreed the item is not applicable, an agreed
    UNKNOWN that nobody in the room knows.
    """

    item_id: str
    ratings: dict[str, "Level"] = field(default_factory=dict)  # the current round's
    agreed: "Level" = None
    agreed_set: bool = False
    note: str = ""
    evidence: list[str] = field(default_factory=list)
    round: int = 1  # the room's current round of voting on this item
    earlier: list[dict[str, "Level"]] = field(default_factory=list)  # rounds before it, in order
    revealed: bool = False  # in a facilitated assessment: the current round's votes are shown
    agreed_reason: str = ""  # why the room settled away from the median
    agreed_by: str = ""  # who set the agreed rating (a participant id; "" the facilitator)

    def is_empty(self) -> bool:
        return not (self.ratings or self.agreed_set or self.note or self.evidence
                    or self.earlier or self.round != 1 or self.revealed or self.agreed_reason
                    or self.agreed_by)

    def rounds(self) -> list[dict[str, "Level"]]:
        """Every round's votes, the current one last."""
        return [*self.earlier, self.ratings]


class _Unrated:
    """Marks an item that nobody has rated yet (distinct from None, not applicable)."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNRATED"

    def __bool__(self) -> bool:
        return False


UNRATED = _Unrated()


class _Unknown:
    """The answer "don't know": unlike None (not applicable) it is a gap the team should fill."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __reduce__(self):  # copies and pickles stay the one sentinel
        return "UNKNOWN"


UNKNOWN = _Unknown()
Level = int | None | _Unknown  # a given answer; UNRATED is the absence of one


def is_level(value: object) -> bool:
    """True for a stage level (an int, 0 included), False for N/A, don't know and unrated."""
    return isinstance(value, int) and not isinstance(value, bool)


def median_level(levels: Iterable[Level]) -> Level | _Unrated:
    """The room's default agreed rating: the median of the levels given.

    Not-applicable and don't-know answers are left out; with an even count the lower middle value
    is taken (a room that is split between two stages has not yet reached the higher one). With no
    level given: don't know when anyone said so (the gap must be filled), else not applicable; no
    answers at all gives UNRATED.
    """
    given = list(levels)
    if not given:
        return UNRATED
    numbers = sorted(level for level in given if is_level(level))
    if not numbers:
        return UNKNOWN if any(level is UNKNOWN for level in given) else None
    return numbers[(len(numbers) - 1) // 2]


@dataclass
class Assessment:
    id: str
    framework_id: str
    framework_version: str
    title: str
    date: str  # ISO date, the day the assessment was made
    status: str = DRAFT
    participant_ids: list[str] = field(default_factory=list)
    entries: dict[str, ItemEntry] = field(default_factory=dict)
    targets: dict[str, int] = field(default_factory=dict)
    notes: str = ""
    position: str = ""  # the item the user was on, so reopening resumes there
    facilitated: bool = False  # votes are hidden until the facilitator reveals them
    based_on: str = ""  # the assessment this one reassesses (its ratings are shown, not copied)
    created: str = field(default_factory=now_iso)
    updated: str = field(default_factory=now_iso)

    @property
    def is_final(self) -> bool:
        return self.status == FINAL

    @property
    def day(self) -> date:
        return date.fromisoformat(self.date)

    def entry(self, item_id: str) -> ItemEntry:
        """The entry for an item, created empty on first use."""
        if item_id not in self.entries:
            self.entries[item_id] = ItemEntry(item_id)
        return self.entries[item_id]

    def agreed_level(self, item_id: str) -> Level | _Unrated:
        entry = self.entries.get(item_id)
        if entry is None:
            return UNRATED
        if entry.agreed_set:
            return entry.agreed
        present = [entry.ratings[p] for p in self.participant_ids if p in entry.ratings]
        extra = [level for pid, level in entry.ratings.items() if pid not in self.participant_ids]
        return median_level(present + extra)

    def agreed_ratings(self) -> dict[str, Level]:
        """item id -> agreed answer (a level, None = N/A, UNKNOWN = don't know), for every item
        that has one; input to scoring."""
        out: dict[str, Level] = {}
        for item_id in self.entries:
            level = self.agreed_level(item_id)
            if level is not UNRATED:
                out[item_id] = level
        return out

    def spread(self, item_id: str) -> int | None:
        """Highest minus lowest participant level on an item (None when fewer than two rated)."""
        entry = self.entries.get(item_id)
        if entry is None:
            return None
        levels = [v for v in entry.ratings.values() if is_level(v)]
        if len(levels) < 2:
            return None
        return max(levels) - min(levels)


@dataclass(frozen=True)
class Scope:
    """The part of a workbook a copy speaks for: one assessment, or one participant's ratings in
    it (a participant file handed out at a workshop). A merge takes only that part from the copy;
    a participant file lets its participant edit only their own ratings."""

    assessment_id: str
    participant_id: str | None = None


@dataclass
class Workbook:
    id: str
    name: str
    created: str = field(default_factory=now_iso)
    reassess_months: int = DEFAULT_REASSESS_MONTHS
    participants: dict[str, Participant] = field(default_factory=dict)
    assessments: dict[str, Assessment] = field(default_factory=dict)
    notes: str = ""
    prepared_by: str = ""  # the facilitator or organisation named as the snapshots' author
    confidentiality: str = ""  # an optional line printed on the snapshot's first page
    # records of the kinds declared in core/kinds.py, by table then id (goals, actions, ...)
    collections: dict[str, dict[str, Any]] = field(default_factory=dict)
    scope: Scope | None = None  # set in a partial copy (a participant file, a one-assessment export)

    def collection(self, table: str) -> dict[str, Any]:
        """The records of one kind, by id (an empty collection is created on first use)."""
        return self.collections.setdefault(table, {})

    def ordered_assessments(self, final_only: bool = False) -> list[Assessment]:
        """Oldest first, by date then creation time."""
        chosen = [a for a in self.assessments.values() if a.is_final or not final_only]
        return sorted(chosen, key=lambda a: (a.date, a.created, a.id))

    def latest(self, final_only: bool = True) -> Assessment | None:
        ordered = self.ordered_assessments(final_only=final_only)
        return ordered[-1] if ordered else None

    def previous(self, assessment: Assessment, final_only: bool = True) -> Assessment | None:
        """The assessment before this one with the same framework, for 'change since last time'."""
        ordered = [a for a in self.ordered_assessments(final_only=final_only)
                   if a.framework_id == assessment.framework_id and a.id != assessment.id]
        key = (assessment.date, assessment.created, assessment.id)
        earlier = [a for a in ordered if (a.date, a.created, a.id) < key]
        return earlier[-1] if earlier else None

    def participant_names(self, ids: Iterable[str]) -> list[str]:
        return [self.participants[i].name for i in ids if i in self.participants]

    def find_assessment(self, prefix: str) -> Assessment | None:
        """An assessment by full id, or by a unique id prefix as typed on the command line."""
        if prefix in self.assessments:
            return self.assessments[prefix]
        matches = [a for a in self.assessments.values() if a.id.startswith(prefix)]
        return matches[0] if len(matches) == 1 else None
