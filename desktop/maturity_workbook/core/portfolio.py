"""Customers on the maturity x health matrix: CMI, quadrant, playbook, track, tags, movement.

A customer is scored now and then: on each date a health score (0-100, from whatever customer
health system the team uses) and one score from 1 to 5 per qualifier of the CMI model. Everything
else follows from the model (core/cmi.py) and is computed here, as data:

- the CMI: the weighted mean of the qualifier scores, stretched from 1-5 onto 0-100;
- the quadrant of the 2x2 (each axis split at its threshold, a value on the threshold is high),
  whose playbook says what to do and whether a person or automation does it;
- the education track, by the CMI band;
- the tags, those of the quadrant then those of the track;
- movement between two dates and counts per quadrant and track over time.

Nothing here formats text: ui, charts, report and the CLI present it.

Scoring, Customer and CustomerUpdate are values: change them with `with_scoring`, `replace` or
an operation, never in place (they are plain slotted dataclasses rather than frozen ones because
an import of 5,000 customers builds 15,000 of them, and frozen construction costs twice as much).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import Iterable, Iterator, Mapping, Sequence

from maturity_workbook.core.cmi import (
    CMI_MAX, HEALTH_MAX, HIGH, LOW, SCORES, CmiModel, Quadrant, Thresholds, Track,
)

CMI_DECIMALS = 1  # the CMI is kept to one decimal, so what is shown is what placed the customer

# codes of ScoringIssue.code
HEALTH_OUT_OF_RANGE = "health-out-of-range"
SCORE_OUT_OF_RANGE = "score-out-of-range"
UNKNOWN_QUALIFIER = "unknown-qualifier"
MISSING_QUALIFIER = "missing-qualifier"


# ------------------------------------------------------------------------------------- records


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector while many acyclic records are built at once (an import of
    thousands of customers): each pass would walk every live object of the app, and the
    records hold no cycles to find. Reference counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(slots=True)
class Scoring:
    """One rating of a customer on one day: health 0-100 and a 1-5 score per qualifier id."""

    day: date
    health: float
    scores: Mapping[str, int]


@dataclass(slots=True)
class Customer:
    """A customer of the program being assessed. `id` is the team's own id for it (from their CRM
    or messaging tool), unique in the workbook; imports match on it. `scorings` are oldest first,
    at most one per day."""

    id: str
    name: str
    email: str = ""
    owner: str = ""
    scorings: tuple[Scoring, ...] = ()

    @property
    def latest(self) -> Scoring | None:
        return self.scorings[-1] if self.scorings else None

    @property
    def last_scored(self) -> date | None:
        return self.scorings[-1].day if self.scorings else None

    def scoring_on(self, day: date | None) -> Scoring | None:
        """The scoring in force on `day`: the latest one on or before it (None: the latest)."""
        if day is None:
            return self.latest
        found = None
        for scoring in self.scorings:
            if scoring.day > day:
                break
            found = scoring
        return found

    def with_scoring(self, scoring: Scoring) -> Customer:
        """This customer re-scored: a scoring on the same day replaces that day's one."""
        kept = [s for s in self.scorings if s.day != scoring.day]
        kept.append(scoring)
        kept.sort(key=lambda s: s.day)
        return replace(self, scorings=tuple(kept))

    def without_scoring(self, day: date) -> Customer:
        return replace(self, scorings=tuple(s for s in self.scorings if s.day != day))


@dataclass(slots=True)
class CustomerUpdate:
    """One customer's row of an import: add the customer, or update the one with this id.

    `email` and `owner` None keep what the workbook has (the column was absent); "" clears it.
    """

    id: str
    name: str
    scoring: Scoring
    email: str | None = None
    owner: str | None = None


@dataclass(frozen=True)
class UpdateResult:
    customers: dict[str, Customer]  # all customers after the updates, by id, in first-seen order
    added: tuple[str, ...]
    updated: tuple[str, ...]


def apply_updates(customers: Mapping[str, Customer],
                  updates: Iterable[CustomerUpdate]) -> UpdateResult:
    """Customers after an import: new ids are added, known ids get their details replaced and the
    scoring added (replacing a scoring of the same day). The input is not changed."""
    out = dict(customers)
    added: list[str] = []
    updated: list[str] = []
    with gc_paused():
        _apply(out, updates, added, updated)
    return UpdateResult(out, tuple(added), tuple(dict.fromkeys(updated)))


def _apply(out: dict[str, Customer], updates: Iterable[CustomerUpdate], added: list[str],
           updated: list[str]) -> None:
    new: set[str] = set()
    for update in updates:
        current = out.get(update.id)
        if current is None:
            out[update.id] = Customer(update.id, update.name, update.email or "",
                                      update.owner or "", (update.scoring,))
            added.append(update.id)
            new.add(update.id)
            continue
        changed = replace(
            current, name=update.name,
            email=current.email if update.email is None else update.email,
            owner=current.owner if update.owner is None else update.owner,
        ).with_scoring(update.scoring)
        out[update.id] = changed
        if update.id not in new:
            updated.append(update.id)


@dataclass(frozen=True)
class ScoringIssue:
    field: str  # "health" or a qualifier id
    code: str  # one of the *_OUT_OF_RANGE / *_QUALIFIER codes above
    value: object = None


def check_scoring(model: CmiModel, scoring: Scoring) -> list[ScoringIssue]:
    """What is wrong with a scoring for this model (empty when it can be stored)."""
    issues = []
    health = scoring.health
    if isinstance(health, bool) or not isinstance(health, (int, float)) \
            or not 0 <= health <= HEALTH_MAX:
        issues.append(ScoringIssue("health", HEALTH_OUT_OF_RANGE, health))
    known = set(model.qualifier_ids)
    for qualifier_id, score in scoring.scores.items():
        if qualifier_id not in known:
            issues.append(ScoringIssue(qualifier_id, UNKNOWN_QUALIFIER, score))
        elif isinstance(score, bool) or score not in SCORES:
            issues.append(ScoringIssue(qualifier_id, SCORE_OUT_OF_RANGE, score))
    for qualifier_id in model.qualifier_ids:
        if qualifier_id not in scoring.scores:
            issues.append(ScoringIssue(qualifier_id, MISSING_QUALIFIER))
    return issues


# ---------------------------------------------------------------------------------- computing


def compute_cmi(model: CmiModel, scores: Mapping[str, int]) -> float | None:
    """The CMI from 0 to 100: sum(weight * (score - 1)) / (4 * sum(weight)) * 100, one decimal.

    None when a qualifier of the model has no score (a partial rating would not be comparable).
    """
    total = weighted = 0.0
    low, high = SCORES[0], SCORES[-1]
    for qualifier in model.qualifiers:
        score = scores.get(qualifier.id)
        if score is None:
            return None
        total += qualifier.weight
        weighted += qualifier.weight * (score - low)
    if total <= 0:
        return None
    return round(weighted / (total * (high - low)) * CMI_MAX, CMI_DECIMALS)


def side(value: float, threshold: float) -> str:
    """HIGH when the value has reached the threshold, else LOW."""
    return HIGH if value >= threshold else LOW


def quadrant_of(model: CmiModel, cmi: float, health: float,
                thresholds: Thresholds | None = None) -> Quadrant:
    limits = thresholds or model.thresholds
    return model.quadrant_at(side(cmi, limits.cmi), side(health, limits.health))


def tags_of(quadrant: Quadrant | None, track: Track | None) -> tuple[str, ...]:
    """The quadrant's tags then the track's, each once."""
    tags = (quadrant.tags if quadrant else ()) + (track.tags if track else ())
    return tuple(dict.fromkeys(tags))


@dataclass(frozen=True)
class Placement:
    """Where one customer stands on one day. `cmi`, `quadrant`, `track` are None when a qualifier
    is not scored; `quadrant` and `track` are ids of the model's quadrants and tracks."""

    customer_id: str
    day: date
    health: float
    cmi: float | None
    quadrant: str | None
    track: str | None
    tags: tuple[str, ...]

    @property
    def placed(self) -> bool:
        return self.quadrant is not None


def place(model: CmiModel, customer_id: str, scoring: Scoring,
          thresholds: Thresholds | None = None) -> Placement:
    cmi = compute_cmi(model, scoring.scores)
    if cmi is None:
        return Placement(customer_id, scoring.day, scoring.health, None, None, None, ())
    quadrant = quadrant_of(model, cmi, scoring.health, thresholds)
    track = model.track_for(cmi)
    return Placement(customer_id, scoring.day, scoring.health, cmi, quadrant.id, track.id,
                     tags_of(quadrant, track))


def placements(model: CmiModel, customers: Iterable[Customer], on: date | None = None,
               thresholds: Thresholds | None = None) -> list[Placement]:
    """Each customer's placement on a day (default: by its latest scoring), in the given order;
    customers not scored by then are left out."""
    out = []
    for customer in customers:
        scoring = customer.scoring_on(on)
        if scoring is not None:
            out.append(place(model, customer.id, scoring, thresholds))
    return out


def quadrant_counts(model: CmiModel, placed: Iterable[Placement]) -> dict[str, int]:
    """Customers per quadrant id, in the model's order (every quadrant present, maybe 0)."""
    counts = {q.id: 0 for q in model.quadrants}
    for placement in placed:
        if placement.quadrant in counts:
            counts[placement.quadrant] += 1
    return counts


def track_counts(model: CmiModel, placed: Iterable[Placement]) -> dict[str, int]:
    counts = {t.id: 0 for t in model.tracks}
    for placement in placed:
        if placement.track in counts:
            counts[placement.track] += 1
    return counts


# ---------------------------------------------------------------------------------- movement


@dataclass(frozen=True)
class Move:
    """A customer between two days: `before` is None when it was not scored by the first day."""

    customer_id: str
    before: Placement | None
    after: Placement

    @property
    def is_new(self) -> bool:
        return self.before is None

    @property
    def quadrant_changed(self) -> bool:
        return self.before is not None and self.before.quadrant != self.after.quadrant

    @property
    def moved(self) -> bool:
        """The point moved on the matrix (CMI or health changed)."""
        return self.before is not None and (self.before.cmi, self.before.health) != \
            (self.after.cmi, self.after.health)


def movement(model: CmiModel, customers: Iterable[Customer], since: date,
             until: date | None = None, thresholds: Thresholds | None = None) -> list[Move]:
    """Every customer scored by `until` (default: its latest scoring), with where it stood on
    `since`. Customers whose latest scoring is on or before `since` did not move and are left
    out."""
    out = []
    for customer in customers:
        after = customer.scoring_on(until)
        if after is None or after.day <= since:
            continue
        before = customer.scoring_on(since)
        out.append(Move(
            customer.id,
            place(model, customer.id, before, thresholds) if before is not None else None,
            place(model, customer.id, after, thresholds)))
    return out


def transitions(moves: Iterable[Move]) -> dict[tuple[str | None, str | None], int]:
    """How many customers went from each quadrant to each other (None: not placed before)."""
    counts: dict[tuple[str | None, str | None], int] = {}
    for move in moves:
        key = (move.before.quadrant if move.before else None, move.after.quadrant)
        counts[key] = counts.get(key, 0) + 1
    return counts


# ----------------------------------------------------------------------------- over time


@dataclass(frozen=True)
class Timeline:
    """Counts per quadrant and per track on each day: `quadrants[id][i]` is the count on
    `days[i]`. `unplaced[i]` counts customers scored by then without a complete scoring."""

    days: tuple[date, ...]
    quadrants: dict[str, tuple[int, ...]]
    tracks: dict[str, tuple[int, ...]]
    unplaced: tuple[int, ...]


def scoring_days(customers: Iterable[Customer]) -> list[date]:
    return sorted({s.day for c in customers for s in c.scorings})


def timeline_days(customers: Sequence[Customer], max_points: int = 24) -> list[date]:
    """The days a trend shows: every scoring day when there are few, else the last day of each
    month (or quarter, or year) that has scorings, so a long history stays readable."""
    days = scoring_days(customers)
    if len(days) <= max_points:
        return days
    for months in (1, 3, 12):
        periods: dict[tuple[int, int], date] = {}
        for day in days:
            key = (day.year, (day.month - 1) // months)
            periods[key] = max(periods.get(key, day), day)
        if len(periods) <= max_points or months == 12:
            return sorted(periods.values())
    return days  # not reached


def counts_over_time(model: CmiModel, customers: Sequence[Customer],
                     days: Sequence[date] | None = None,
                     thresholds: Thresholds | None = None) -> Timeline:
    """Counts per quadrant and track on each day (default: `timeline_days`), each customer
    counted by the scoring in force on that day."""
    days = sorted(days) if days is not None else timeline_days(customers)
    quadrant_index = {q.id: i for i, q in enumerate(model.quadrants)}
    track_index = {t.id: i for i, t in enumerate(model.tracks)}
    q_counts = [[0] * len(days) for _ in model.quadrants]
    t_counts = [[0] * len(days) for _ in model.tracks]
    unplaced = [0] * len(days)
    for customer in customers:
        scorings = customer.scorings
        position = -1
        current: Placement | None = None
        for column, day in enumerate(days):
            moved_on = False
            while position + 1 < len(scorings) and scorings[position + 1].day <= day:
                position += 1
                moved_on = True
            if position < 0:
                continue
            if moved_on:
                current = place(model, customer.id, scorings[position], thresholds)
            if current is None or current.quadrant is None:
                unplaced[column] += 1
                continue
            q_counts[quadrant_index[current.quadrant]][column] += 1
            t_counts[track_index[current.track]][column] += 1
    return Timeline(
        tuple(days),
        {q.id: tuple(q_counts[i]) for i, q in enumerate(model.quadrants)},
        {t.id: tuple(t_counts[i]) for i, t in enumerate(model.tracks)},
        tuple(unplaced))


# ------------------------------------------------------------------------------ the matrix data


@dataclass(frozen=True)
class MatrixPoints:
    """Columns for the matrix chart and its hover lookup: index i is one placed customer."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    cmi: tuple[float, ...]
    health: tuple[float, ...]
    quadrants: tuple[str, ...]


def matrix_points(model: CmiModel, customers: Iterable[Customer], on: date | None = None,
                  thresholds: Thresholds | None = None) -> MatrixPoints:
    """The placed customers on a day as parallel columns (unplaced ones are left out)."""
    ids, names, cmis, healths, quads = [], [], [], [], []
    for customer in customers:
        scoring = customer.scoring_on(on)
        if scoring is None:
            continue
        placement = place(model, customer.id, scoring, thresholds)
        if placement.cmi is None:
            continue
        ids.append(customer.id)
        names.append(customer.name)
        cmis.append(placement.cmi)
        healths.append(placement.health)
        quads.append(placement.quadrant)
    return MatrixPoints(tuple(ids), tuple(names), tuple(cmis), tuple(healths), tuple(quads))
