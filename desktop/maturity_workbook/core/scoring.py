"""Ratings -> dimension stages and scores, the bottleneck, the next steps and what to find out.

The rules (also in docs/scoring.md, the README and the in-app help). Each was chosen on the
validation set in tests/validity/, where it placed the programs as a reader of the published model
does (docs/scoring.md has the figures for every rule tried):

- an item is rated at a stage level, "not applicable" (None), "don't know" (UNKNOWN), or not yet;
- a dimension's **stage** is the highest stage that most of its rated items (more than half) have
  reached: the median item, the lower middle one when the count is even. One strong item never
  carries a dimension, and a dimension split evenly between two stages has not yet reached the
  higher one (as a room split evenly on one item has not);
- its **score** is the mean of its rated items, shown beside the stage together with how many items
  sit at each level (what the stage rests on);
- not applicable is left out of the score; a dimension needs at least half of its items rated at a
  level for a stage (not applicable, don't know and unrated items do not count as rated);
- don't-know items are listed as things to find out before the next workshop;
- the bottleneck is the dimension with the lowest stage (then the lowest score, then framework
  order). While any dimension has too little data, the bottleneck is not known: the result names
  the dimensions to rate first instead of naming the weakest of the others;
- the overall stage follows the same rule over the dimension stages; the overall score is the mean
  of the dimension scores; both need every dimension placed;
- next steps are the advice, one level up, of the bottleneck's lowest-rated items, at most three,
  and never for an item already above the dimension's stage (no leaping ahead of the rest).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from maturity_workbook.core.framework import Dimension, Discipline, Framework, Item, Stage
from maturity_workbook.core.workbook import UNKNOWN

MAX_NEXT_STEPS = 3

# Why a dimension has no stage (DimensionResult.no_stage_reason)
TOO_FEW_RATED = "too-few-rated"  # fewer than half of the items carry a level
NOT_APPLICABLE = "not-applicable"  # every item was rated not applicable

# Why the bottleneck is not known (AssessmentResult.no_bottleneck_reason)
RATE_FIRST = "rate-first"  # some dimensions lack data: rate them first (AssessmentResult.rate_first)
NO_DIMENSIONS = "no-dimensions"  # the framework has no dimension to place


@dataclass(frozen=True)
class NextStep:
    item_id: str
    dimension_id: str
    prompt: str
    from_level: int
    to_level: int
    advice: str


@dataclass(frozen=True)
class DimensionResult:
    dimension: Dimension
    score: float | None  # the mean of the rated items; None when there is too little data
    stage: Stage | None
    rated: int  # items with a level
    not_applicable: int  # items rated N/A: left out of the score
    total: int
    next_steps: tuple[NextStep, ...]
    unknown_items: tuple[Item, ...] = ()  # answered "don't know": find out before the next workshop
    level_counts: Mapping[int, int] | None = None  # stage level -> rated items at that level
    no_stage_reason: str | None = None  # TOO_FEW_RATED or NOT_APPLICABLE when stage is None

    @property
    def id(self) -> str:
        return self.dimension.id

    @property
    def sufficient(self) -> bool:
        return self.stage is not None

    @property
    def unknown(self) -> int:
        return len(self.unknown_items)

    @property
    def applicable(self) -> int:
        return self.total - self.not_applicable

    @property
    def unanswered(self) -> int:
        """Items nobody has rated yet (don't know is an answer, counted in `unknown`)."""
        return self.total - self.rated - self.not_applicable - self.unknown

    @property
    def coverage(self) -> float:
        """Share of the dimension's items that carry a level (N/A, don't know, unrated do not)."""
        return self.rated / self.total if self.total else 0.0

    @property
    def at_or_above(self) -> int:
        """Rated items at or above the stage: with `rated`, what the stage rests on."""
        if self.stage is None or not self.level_counts:
            return 0
        return sum(n for level, n in self.level_counts.items() if level >= self.stage.level)

    @property
    def below(self) -> dict[int, int]:
        """Stage level -> rated items below the stage at that level (only levels that occur)."""
        if self.stage is None or not self.level_counts:
            return {}
        return {level: n for level, n in sorted(self.level_counts.items(), reverse=True)
                if level < self.stage.level and n}


@dataclass(frozen=True)
class AssessmentResult:
    framework: Framework
    dimensions: tuple[DimensionResult, ...]
    overall_score: float | None
    overall_stage: Stage | None
    bottleneck: DimensionResult | None
    next_steps: tuple[NextStep, ...]  # for the bottleneck
    disciplines: tuple[Discipline, ...]  # that help the bottleneck
    rate_first: tuple[DimensionResult, ...] = ()  # dimensions without a stage, framework order
    no_bottleneck_reason: str | None = None  # RATE_FIRST or NO_DIMENSIONS when bottleneck is None
    # The lowest of the placed dimensions even while others lack data: for "among the scored
    # functions, X is lowest". It is not the bottleneck unless `bottleneck` says so.
    weakest_placed: DimensionResult | None = None

    def dimension(self, dimension_id: str) -> DimensionResult:
        for result in self.dimensions:
            if result.id == dimension_id:
                return result
        raise KeyError(dimension_id)

    @property
    def insufficient(self) -> tuple[DimensionResult, ...]:
        return tuple(d for d in self.dimensions if not d.sufficient)

    @property
    def to_find_out(self) -> tuple[Item, ...]:
        """Every item answered "don't know", in framework order: the list for the next workshop."""
        return tuple(item for d in self.dimensions for item in d.unknown_items)


def is_sufficient(rated: int, total: int) -> bool:
    """At least half of a dimension's items must carry a level for its stage to mean anything."""
    return total > 0 and rated * 2 >= total


def placed_level(levels: Sequence[int], stage_levels: Sequence[int]) -> int:
    """The stage level a set of rated item levels has reached (the rule in the module docstring):
    the highest stage that more than half of the levels are at or above."""
    if not levels:
        raise ValueError("no levels to place")
    placed = min(stage_levels)
    for stage in sorted(stage_levels):
        if 2 * sum(1 for level in levels if level >= stage) > len(levels):
            placed = stage
    return placed


def _next_steps(framework: Framework, dimension: Dimension, levels: Mapping[str, int],
                stage: Stage | None) -> tuple[NextStep, ...]:
    if stage is None:
        return ()
    candidates = [
        (level, order, item)
        for order, item in enumerate(dimension.items)
        if (level := levels.get(item.id)) is not None
        and level < framework.max_level
        and level <= stage.level  # one level up from where the dimension is: no leaping
    ]
    candidates.sort(key=lambda c: (c[0], c[1]))
    return tuple(
        NextStep(item.id, dimension.id, item.prompt, level, level + 1, item.advice[level])
        for level, _, item in candidates[:MAX_NEXT_STEPS]
    )


def score_dimension(framework: Framework, dimension: Dimension,
                    ratings: Mapping[str, object]) -> DimensionResult:
    levels: dict[str, int] = {}
    not_applicable = 0
    unknown: list[Item] = []
    for item in dimension.items:
        if item.id not in ratings:
            continue
        level = ratings[item.id]
        if level is None:
            not_applicable += 1
        elif level is UNKNOWN:
            unknown.append(item)
        elif isinstance(level, int) and not isinstance(level, bool) \
                and framework.min_level <= level <= framework.max_level:
            levels[item.id] = level
        else:
            raise ValueError(f"{item.id} is rated {level!r}; {framework.id} has levels "
                             f"{framework.min_level}-{framework.max_level}")
    total = len(dimension.items)
    counts = {stage.level: 0 for stage in framework.stages}
    for level in levels.values():
        counts[level] += 1
    score = stage = reason = None
    if is_sufficient(len(levels), total):
        score = sum(levels.values()) / len(levels)
        stage = framework.stage(placed_level(list(levels.values()), framework.levels))
    else:
        reason = NOT_APPLICABLE if total and not_applicable == total else TOO_FEW_RATED
    return DimensionResult(
        dimension=dimension, score=score, stage=stage, rated=len(levels),
        not_applicable=not_applicable, total=total,
        next_steps=_next_steps(framework, dimension, levels, stage),
        unknown_items=tuple(unknown), level_counts=counts, no_stage_reason=reason,
    )


def score_assessment(framework: Framework, ratings: Mapping[str, object]) -> AssessmentResult:
    """Score agreed ratings: item id -> level, None (not applicable) or UNKNOWN (don't know);
    unrated items are absent."""
    dims = tuple(score_dimension(framework, d, ratings) for d in framework.dimensions)
    placed = [d for d in dims if d.sufficient]
    rate_first = tuple(d for d in dims if not d.sufficient)
    overall_score = overall_stage = None
    if dims and len(placed) == len(dims):
        overall_score = sum(d.score for d in dims) / len(dims)
        overall_stage = framework.stage(
            placed_level([d.stage.level for d in dims], framework.levels))
    # min keeps the first in framework order on ties
    weakest = min(placed, key=lambda d: (d.stage.level, d.score)) if placed else None
    bottleneck = reason = None
    if rate_first:
        reason = RATE_FIRST
    elif not placed:
        reason = NO_DIMENSIONS
    else:
        bottleneck = weakest
    return AssessmentResult(
        framework=framework, dimensions=dims, overall_score=overall_score,
        overall_stage=overall_stage, bottleneck=bottleneck,
        next_steps=bottleneck.next_steps if bottleneck else (),
        disciplines=framework.disciplines_for(bottleneck.id) if bottleneck else (),
        rate_first=rate_first, no_bottleneck_reason=reason, weakest_placed=weakest,
    )
