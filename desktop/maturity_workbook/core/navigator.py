"""Walking one assessment's items: their order, what is done, where the room resumes.

Plain Python, tested without a screen; core.wizard's controller and the assessment list use it.
In a facilitated room an item is done once the room settled it or every vote is revealed
(core.workshop.is_done); otherwise once every participant rated it or the room set a rating.
"""

from __future__ import annotations

from dataclasses import dataclass

from maturity_workbook.core import workshop
from maturity_workbook.core.framework import Framework, Item
from maturity_workbook.core.workbook import UNRATED, Assessment

EMPTY = "empty"  # nobody has rated it
PARTIAL = "partial"  # some participants have rated it, the room has not finished
DONE = "done"  # every participant rated it, or the room set an agreed rating


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0

    def __str__(self) -> str:
        return f"{self.done}/{self.total}"


@dataclass(frozen=True)
class Position:
    """Where an item sits: its function, its number there (from 1) and how many there are."""

    dimension_id: str
    dimension_name: str
    number: int
    count: int


class WizardNavigator:
    """Walks one assessment's items in framework order, function by function. With
    `participant_id` (a participant file) an item is done when that participant rated it."""

    def __init__(self, framework: Framework, assessment: Assessment,
                 participant_id: str | None = None):
        self.framework = framework
        self.assessment = assessment
        self.participant_id = participant_id
        self.items: tuple[Item, ...] = framework.items
        self._index = {item.id: i for i, item in enumerate(self.items)}

    # -- completeness

    def status(self, item_id: str) -> str:
        entry = self.assessment.entries.get(item_id)
        if self.participant_id is not None:
            return DONE if entry is not None and self.participant_id in entry.ratings else EMPTY
        if entry is None or self.assessment.agreed_level(item_id) is UNRATED:
            return EMPTY
        if entry.agreed_set:
            return DONE
        facilitated_done = workshop.is_done(self.assessment, item_id)
        if facilitated_done is not None:  # a facilitated room: hidden votes are not done yet
            return DONE if facilitated_done else PARTIAL
        present = self.assessment.participant_ids
        if not present or all(p in entry.ratings for p in present):
            return DONE
        return PARTIAL

    def progress(self, dimension_id: str | None = None) -> Progress:
        items = (self.items if dimension_id is None
                 else self.framework.dimension(dimension_id).items)
        return Progress(sum(self.status(i.id) == DONE for i in items), len(items))

    def missing(self, dimension_id: str | None = None) -> list[Item]:
        items = (self.items if dimension_id is None
                 else self.framework.dimension(dimension_id).items)
        return [i for i in items if self.status(i.id) != DONE]

    def is_complete(self) -> bool:
        return not self.missing()

    # -- moving

    def index(self, item_id: str) -> int:
        return self._index[item_id]

    def start(self) -> Item:
        """Where to open: the saved position if it is still an item, else the first unfinished."""
        if self.assessment.position in self._index:
            return self.items[self._index[self.assessment.position]]
        missing = self.missing()
        return missing[0] if missing else self.items[0]

    def next(self, item_id: str) -> Item | None:
        i = self._index[item_id] + 1
        return self.items[i] if i < len(self.items) else None

    def previous(self, item_id: str) -> Item | None:
        i = self._index[item_id] - 1
        return self.items[i] if i >= 0 else None

    def next_unfinished(self, item_id: str) -> Item | None:
        """The next item not done after this one, wrapping round; None when all are done."""
        n = len(self.items)
        start = self._index[item_id]
        for step in range(1, n + 1):
            item = self.items[(start + step) % n]
            if self.status(item.id) != DONE:
                return item
        return None

    def first_of(self, dimension_id: str) -> Item:
        return self.framework.dimension(dimension_id).items[0]

    def position(self, item_id: str) -> Position:
        """The item's function and its number there, for the page header (the UI words it)."""
        item = self.items[self._index[item_id]]
        dimension = self.framework.dimension(item.dimension_id)
        number = [i.id for i in dimension.items].index(item_id) + 1
        return Position(dimension.id, dimension.name, number, len(dimension.items))
