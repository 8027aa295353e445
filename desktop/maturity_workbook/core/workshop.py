"""The workshop room in plain Python: votes collected hidden, revealed together, then settled.

In a facilitated assessment (`Assessment.facilitated`) each item goes through three phases:

- **voting**: participants' votes are collected; the room sees who has voted, never the level;
- **revealed**: the facilitator showed the votes (or everyone had voted): the distribution and
  the spread are on screen, and a split room hears its highest and lowest voices first;
- **settled**: the room set the agreed rating (away from the median only with a reason).

A room may take further rounds (core/ops/workshop_ops.NewRound); the earlier rounds stay in the
file and on screen. Without facilitation every rating is visible as it is typed (a team of one).

Everything here reads an Assessment and returns data: who voted, counts, participant ids. What
the room may see is decided here once, so the facilitator's window and the presenter window
can never show more than the room has revealed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import Enum
from typing import Callable, Iterable, Sequence

from maturity_workbook.core.framework import Framework
from maturity_workbook.core.mapping import KEPT, NEW, FrameworkMapping
from maturity_workbook.core.workbook import (
    UNKNOWN, UNRATED, Assessment, ItemEntry, Level, is_level, median_level,
)

# A room is split when its votes on an item lie two stages apart or more. On a four-stage scale
# a spread of one is neighbours rounding the same picture differently ("Performing, nearly
# Scaling"); a spread of two means someone sees a whole stage between the others, i.e. the room
# does not share one picture of the practice. The wizard's "the room disagrees" banner has used
# the same line since the first workshop. It is also the smallest spread that leaves a middle
# stage for the room to meet at.
SPLIT_SPREAD = 2

DEFAULT_TIMER_SECONDS = 5 * 60


class Phase(Enum):
    VOTING = "voting"
    REVEALED = "revealed"
    SETTLED = "settled"


@dataclass(frozen=True)
class Distribution:
    """One round's votes as the room sees them after the reveal: how many gave each answer."""

    counts: tuple[tuple[Level, int], ...]  # (answer, how many): stage levels low to high, then
    # not applicable (None), then don't know (UNKNOWN); answers nobody gave are left out
    spread: int | None  # highest minus lowest stage level; None with fewer than two levels
    median: Level | object  # the room's default agreed rating (UNRATED with no votes)
    low: int | None
    high: int | None
    votes: int

    def count(self, answer: Level) -> int:
        for given, n in self.counts:
            if _same(given, answer):
                return n
        return 0

    @property
    def split(self) -> bool:
        return self.spread is not None and self.spread >= SPLIT_SPREAD


@dataclass(frozen=True)
class RoomState:
    """What the room may see of one item now. Levels appear only once the votes are shown."""

    item_id: str
    facilitated: bool
    phase: Phase
    round: int
    present: tuple[str, ...]  # the participants in the room, in the assessment's order
    voted: tuple[str, ...]  # who has voted in this round (present participants only)
    shown: bool  # this round's votes may be shown: revealed, or no facilitation
    distribution: Distribution | None  # this round's votes; None while they are hidden
    earlier: tuple[Distribution, ...]  # the rounds before this one, oldest first
    highest: tuple[str, ...]  # when split: who gave the highest level, to hear first ...
    lowest: tuple[str, ...]  # ... and who gave the lowest
    agreed_set: bool
    agreed_by: str  # a participant id, "" for the facilitator
    agreed_reason: str

    @property
    def waiting(self) -> tuple[str, ...]:
        return tuple(p for p in self.present if p not in self.voted)

    @property
    def everyone_voted(self) -> bool:
        return bool(self.present) and not self.waiting

    @property
    def split(self) -> bool:
        return self.distribution is not None and self.distribution.split

    @property
    def median(self):
        """The median of this round's votes, or UNRATED while they are hidden."""
        return self.distribution.median if self.distribution is not None else UNRATED


def _same(a, b) -> bool:
    if is_level(a) and is_level(b):
        return a == b
    return a is b


def distribution(votes: Iterable[Level]) -> Distribution:
    given = list(votes)
    levels = sorted(v for v in given if is_level(v))
    counts: list[tuple[Level, int]] = [(level, levels.count(level))
                                       for level in sorted(set(levels))]
    for answer in (None, UNKNOWN):
        n = sum(1 for v in given if v is answer)
        if n:
            counts.append((answer, n))
    spread = levels[-1] - levels[0] if len(levels) >= 2 else None
    return Distribution(tuple(counts), spread, median_level(given),
                        levels[0] if levels else None, levels[-1] if levels else None,
                        len(given))


def votes_shown(assessment: Assessment, entry: ItemEntry | None) -> bool:
    """Whether the current round's votes may be shown to the room."""
    return not assessment.facilitated or bool(entry and entry.revealed)


def room_state(assessment: Assessment, item_id: str) -> RoomState:
    entry = assessment.entries.get(item_id)
    ratings = entry.ratings if entry else {}
    present = tuple(assessment.participant_ids)
    voted = tuple(p for p in present if p in ratings)
    shown = votes_shown(assessment, entry)
    current = distribution(ratings.values()) if shown else None
    highest = lowest = ()
    if current is not None and current.split:
        order = [p for p in present if p in ratings] + [p for p in ratings if p not in present]
        highest = tuple(p for p in order if _same(ratings[p], current.high))
        lowest = tuple(p for p in order if _same(ratings[p], current.low))
    agreed_set = bool(entry and entry.agreed_set)
    phase = Phase.SETTLED if agreed_set else Phase.REVEALED if shown else Phase.VOTING
    return RoomState(
        item_id=item_id, facilitated=assessment.facilitated, phase=phase,
        round=entry.round if entry else 1, present=present, voted=voted, shown=shown,
        distribution=current,
        earlier=tuple(distribution(r.values()) for r in (entry.earlier if entry else [])),
        highest=highest, lowest=lowest, agreed_set=agreed_set,
        agreed_by=entry.agreed_by if entry else "",
        agreed_reason=entry.agreed_reason if entry else "")


def needs_reason(assessment: Assessment, item_id: str, level) -> bool:
    """Whether setting `level` as the agreed rating needs a reason: in a facilitated room, a
    stage level away from the median of the votes (the rule core.ops.SetAgreed enforces)."""
    if not assessment.facilitated or not is_level(level):
        return False
    entry = assessment.entries.get(item_id)
    median = median_level(entry.ratings.values() if entry else ())
    return is_level(median) and median != level


def is_done(assessment: Assessment, item_id: str) -> bool | None:
    """In a facilitated room: an item is done once the room set its agreed rating, or once
    every participant's vote is revealed (the median then stands). None without facilitation
    (the wizard's own rule applies)."""
    if not assessment.facilitated:
        return None
    entry = assessment.entries.get(item_id)
    if entry is None:
        return False
    if entry.agreed_set:
        return True
    present = assessment.participant_ids
    return entry.revealed and bool(present) and all(p in entry.ratings for p in present)


# ------------------------------------------------------------------------------ the agenda


@dataclass(frozen=True)
class SplitItem:
    item_id: str
    spread: int
    low: int
    high: int
    settled: bool  # the room has set its agreed rating


def split_queue(assessment: Assessment, item_ids: Sequence[str]) -> list[SplitItem]:
    """The room's agenda: items whose shown votes are split, the widest spread first (framework
    order among equals); the ones the room has settled come after the open ones."""
    found = []
    for order, item_id in enumerate(item_ids):
        entry = assessment.entries.get(item_id)
        if entry is None or not votes_shown(assessment, entry):
            continue
        votes = distribution(entry.ratings.values())
        if votes.split:
            found.append((entry.agreed_set, -votes.spread, order,
                          SplitItem(item_id, votes.spread, votes.low, votes.high,
                                    entry.agreed_set)))
    return [split for *_key, split in sorted(found, key=lambda f: f[:3])]


@dataclass(frozen=True)
class Unsettled:
    """A split item whose agreed rating the room never set: at finalize it is settled now or
    the median is accepted."""

    item_id: str
    spread: int
    median: Level


def unsettled_splits(assessment: Assessment, item_ids: Sequence[str]) -> list[Unsettled]:
    """Split items (hidden or shown) without an agreed rating set, in framework order."""
    out = []
    for item_id in item_ids:
        entry = assessment.entries.get(item_id)
        if entry is None or entry.agreed_set:
            continue
        votes = distribution(entry.ratings.values())
        if votes.split:
            out.append(Unsettled(item_id, votes.spread, votes.median))
    return out


def shown_agreed(assessment: Assessment) -> dict[str, Level]:
    """The agreed ratings the room has seen (for the presenter's radar): in a facilitated room
    an item counts once its votes were revealed or its agreed rating was set."""
    out = {}
    for item_id, level in assessment.agreed_ratings().items():
        entry = assessment.entries[item_id]
        if votes_shown(assessment, entry) or entry.agreed_set:
            out[item_id] = level
    return out


# ------------------------------------------------------------------------------ the timer


class Countdown:
    """A per-item timer for the room: started, paused, resumed, reset. `clock` returns
    seconds (time.monotonic); it is kept by the wizard's controller, never saved."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.total = float(seconds)
        self._clock = clock
        self._used = 0.0  # seconds counted before the last start
        self._since: float | None = None  # when it was last started, while running

    @property
    def running(self) -> bool:
        return self._since is not None

    def elapsed(self) -> float:
        running = self._clock() - self._since if self._since is not None else 0.0
        return self._used + running

    def remaining(self) -> float:
        """Seconds left; negative once time is up (by how much the room ran over)."""
        return self.total - self.elapsed()

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0

    def start(self) -> None:
        if self._since is None:
            self._since = self._clock()

    def pause(self) -> None:
        if self._since is not None:
            self._used += self._clock() - self._since
            self._since = None

    def reset(self, seconds: float | None = None) -> None:
        self.pause()
        self._used = 0.0
        if seconds is not None:
            self.total = float(seconds)


# ------------------------------------------------------------------------------ last time


# Which of last time's items an item's answer comes from: a tuple of item ids (an empty tuple
# for an item that is new since then), or an `Origin` that also says whether last time's answer
# carries over (`mapped_items` builds one from a version mapping).


@dataclass(frozen=True)
class Origin:
    """Where an item's answer comes from last time."""

    sources: tuple[str, ...]  # last time's items; empty for an item that is new since then
    carries: bool = True  # last time's answer may be confirmed as this one; else only a hint
    change: str = KEPT  # the mapping's word: kept, renamed, split, merged or new
    prompts: tuple[str, ...] = ()  # the sources' prompts in last time's version


ItemMapper = Callable[[str], "tuple[str, ...] | Origin"]


def same_items(item_id: str) -> tuple[str, ...]:
    """The same framework version both times: every item is its own source."""
    return (item_id,)


def items_known_to(previous_item_ids: Iterable[str]) -> ItemMapper:
    """Between two versions without a mapping: an item id that existed last time is the same
    practice; any other item is new."""
    known = frozenset(previous_item_ids)
    return lambda item_id: (item_id,) if item_id in known else ()


def mapped_items(mapping: FrameworkMapping, previous: Framework | None = None) -> ItemMapper:
    """Between two versions a mapping connects (last time's version -> this one): kept and
    renamed items carry last time's answer for the room to confirm; split and merged items show
    it as a hint only (unless the mapping says they carry); new items are marked new.
    `previous` (last time's framework) names the source items."""
    def origin(item_id: str) -> Origin:
        entry = mapping.for_target(item_id)
        if entry is None or entry.change == NEW:
            return Origin((), False, NEW)
        prompts = tuple(previous.item(s).prompt for s in entry.sources) if previous else ()
        return Origin(entry.sources, entry.carry, entry.change, prompts)
    return origin


@dataclass(frozen=True)
class LastTime:
    """Last time's answer on an item, shown beside the current one in a reassessment."""

    assessment_id: str
    level: Level | object  # last time's agreed rating; UNRATED when none (or merged items
    # that disagreed: the room rates them afresh)
    note: str
    sources: tuple[str, ...]  # the items of last time it comes from
    new: bool  # the item did not exist last time
    hint: bool = False  # last time's answer is shown, but cannot be confirmed as this one
    change: str = KEPT  # kept, renamed, split, merged or new (see Origin)
    answers: tuple[tuple[str, object], ...] = ()  # (source item id, its agreed answer)
    prompts: tuple[str, ...] = ()  # the sources' prompts then, when known

    @property
    def can_confirm(self) -> bool:
        return self.level is not UNRATED and not self.hint


def last_time(previous: Assessment | None, item_id: str,
              mapper: ItemMapper = same_items) -> LastTime | None:
    """Last time's agreed rating and note for an item, following `mapper` to the items it
    came from; None without a previous assessment."""
    if previous is None:
        return None
    found = mapper(item_id)
    origin = found if isinstance(found, Origin) else Origin(tuple(found))
    sources = origin.sources
    if not sources:
        return LastTime(previous.id, UNRATED, "", (), True, change=NEW)
    levels = [previous.agreed_level(s) for s in sources]
    level = levels[0] if all(_same(v, levels[0]) for v in levels) else UNRATED
    notes = [previous.entries[s].note for s in sources
             if s in previous.entries and previous.entries[s].note]
    return LastTime(previous.id, level, "\n".join(notes), sources, False,
                    hint=not origin.carries, change=origin.change,
                    answers=tuple(zip(sources, levels)), prompts=origin.prompts)


def mapper_for(catalog, previous: Assessment | None, assessment: Assessment) -> ItemMapper:
    """How a reassessment's items relate to the assessment it is based on: the same version,
    item by item; a version a mapping connects, through the mapping (`mapped_items`, read
    backwards when the reassessment uses the older version); another version without one, by
    item id (`items_known_to`); another framework, every item new."""
    if previous is None or (previous.framework_id, previous.framework_version) == (
            assessment.framework_id, assessment.framework_version):
        return same_items
    if previous.framework_id != assessment.framework_id:
        return lambda _item_id: ()
    old = catalog.get(previous.framework_id, previous.framework_version) if catalog else None
    mapping = catalog.link(assessment.framework_id, previous.framework_version,
                           assessment.framework_version) if old is not None else None
    if mapping is not None:
        return mapped_items(mapping, old)
    return items_known_to(item.id for item in old.items) if old is not None else same_items
