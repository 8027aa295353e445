"""What every edit has in common: the change it reports, the fields it touched, its inverse.

An operation is a small frozen value (`SetRating(aid, item, pid, 3)`). `apply(workbook)` checks it
against the domain rules, changes the workbook objects and returns an `Applied`: the typed
`Change` listeners receive, the `Touch`es the store stamps and saves, and the inverse operation
that undoes it. An operation that would change nothing returns None. Nothing here knows about
files, threads or Qt: the store applies operations under its lock, the CLI and import apply them
the same way, and undo/redo is applying inverses.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol

from maturity_workbook.core.workbook import Workbook


class What(Enum):
    """The kinds of change a workbook reports (listeners switch on these)."""

    WORKBOOK = "workbook"  # a workbook field (`field` names it)
    PARTICIPANT = "participant"
    ASSESSMENT_CREATED = "assessment-created"
    ASSESSMENT_UPDATED = "assessment-updated"  # title, date, who took part, notes
    ASSESSMENT_DELETED = "assessment-deleted"
    STATUS = "status"  # finalized or reopened
    POSITION = "position"  # where the room is in the assessment
    RATING = "rating"
    AGREED = "agreed"
    NOTE = "note"
    EVIDENCE = "evidence"
    TARGET = "target"
    REVEAL = "reveal"  # a round's votes were revealed (or hidden again)
    ROUND = "round"  # the room took another round on an item
    RECORD = "record"  # a record of a collection (goals, actions, customers, ...): `table`
    MANY = "many"  # several changes at once (a batch, an import, a restore): reload everything


@dataclass(frozen=True)
class Change:
    """What changed, so views can listen instead of polling."""

    what: What
    assessment_id: str | None = None
    item_id: str | None = None
    participant_id: str | None = None
    dimension_id: str | None = None
    table: str | None = None
    record_id: str | None = None
    field: str | None = None

    @property
    def is_entry(self) -> bool:
        """A change to one item of one assessment (rating, agreed, note, evidence)."""
        return self.what in (What.RATING, What.AGREED, What.NOTE, What.EVIDENCE)


@dataclass(frozen=True)
class Touch:
    """One field of one stored record that an operation set or cleared.

    `record` is the record's key: ("workbook",), ("participants", pid), ("assessments", aid),
    ("entries", aid, item_id), ("targets", aid, dimension_id) or (table, record_id) for a
    collection. `field` None means the whole record is gone (deleted, or emptied).
    """

    record: tuple
    field: str | None
    removed: bool = False


class Operation(Protocol):
    def apply(self, workbook: Workbook) -> "Applied | None": ...


@dataclass(frozen=True)
class Applied:
    change: Change
    touched: tuple[Touch, ...]
    inverse: Any  # an Operation
    label: "Label"  # what the edit was, for an Undo menu entry


class Label(Enum):
    """Names of edits, which the UI words (Undo Rating, Undo Note, ...)."""

    RENAME = "rename"
    WORKBOOK_SETTINGS = "workbook-settings"
    PARTICIPANT = "participant"
    NEW_ASSESSMENT = "new-assessment"
    ASSESSMENT_DETAILS = "assessment-details"
    DELETE_ASSESSMENT = "delete-assessment"
    FINALIZE = "finalize"
    REOPEN = "reopen"
    POSITION = "position"
    RATING = "rating"
    AGREED = "agreed"
    NOTE = "note"
    EVIDENCE = "evidence"
    TARGET = "target"
    FACILITATION = "facilitation"
    REVEAL = "reveal"
    NEW_ROUND = "new-round"
    RECORD_ADDED = "record-added"
    RECORD_CHANGED = "record-changed"
    RECORD_REMOVED = "record-removed"
    SEVERAL = "several"
    IMPORT = "import"  # a merge of other files (the window's File › Import / Merge)
