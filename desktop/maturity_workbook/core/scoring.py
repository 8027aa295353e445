"""Ratings -> dimension scores, stages, the bottleneck and the next steps.

The rules (also in the README and the in-app help):
- an item is rated at a stage level, or "not applicable / don't know" (None), or not yet rated;
- a dimension's score is the mean of its rated items; its stage is the stage that score has fully
  reached (3.9 is still stage 3);
- with fewer than half of its items rated, a dimension is "insufficient": no score, no stage;
- the overall score is the mean of the dimension scores, given only when every dimension has one;
- the bottleneck is the weakest dimension (ties go to the one listed first in the framework);
- next steps are the advice, one level up, of a dimension's lowest-rated items, at most three, and
  never for an item already above the dimension's stage (no leaping ahead of the rest).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from maturity_workbook.core.framework import Dimension, Discipline, Framework, Stage
from maturity_workbook.core.workbook import UNKNOWN

MAX_NEXT_STEPS = 3


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
    score: float | None  # None when insufficient
    stage: Stage | None
    rated: int  # items with a level
    not_applicable: int  # items rated N/A
    total: int
    next_steps: tuple[NextStep, ...]

    @property
    def id(self) -> str:
        return self.dimension.id

    @property
    def sufficient(self) -> bool:
        return self.score is not None

    @property
    def unanswered(self) -> int:
        return self.total - self.rated - self.not_applicable

    @property
    def coverage(self) -> float:
        """Share of the dimension's items that carry a level (N/A and unrated do not count)."""
        return self.rated / self.total if self.total else 0.0


@dataclass(frozen=True)
class AssessmentResult:
    framework: Framework
    dimensions: tuple[DimensionResult, ...]
    overall_score: float | None
    overall_stage: Stage | None
    bottleneck: DimensionResult | None
    next_steps: tuple[NextStep, ...]  # for the bottleneck
    disciplines: tuple[Discipline, ...]  # that help the bottleneck

    def dimension(self, dimension_id: str) -> DimensionResult:
        for result in self.dimensions:
            if result.id == dimension_id:
                return result
        raise KeyError(dimension_id)

    @property
    def insufficient(self) -> tuple[DimensionResult, ...]:
        return tuple(d for d in self.dimensions if not d.sufficient)


def is_sufficient(rated: int, total: int) -> bool:
    """At least half of a dimension's items must carry a level for its score to mean anything."""
    return total > 0 and rated * 2 >= total


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
                    ratings: Mapping[str, int | None]) -> DimensionResult:
    levels: dict[str, int] = {}
    not_applicable = 0
    for item in dimension.items:
        if item.id not in ratings:
            continue
        level = ratings[item.id]
        if level is None:
            not_applicable += 1
        elif level is UNKNOWN:
            continue  # don't know: a gap in coverage, like an unrated item
        elif framework.min_level <= level <= framework.max_level:
            levels[item.id] = level
        else:
            raise ValueError(f"{item.id} is rated {level}; {framework.id} has levels "
                             f"{framework.min_level}-{framework.max_level}")
    total = len(dimension.items)
    score = stage = None
    if is_sufficient(len(levels), total):
        score = sum(levels.values()) / len(levels)
        stage = framework.stage_for_score(score)
    return DimensionResult(
        dimension=dimension, score=score, stage=stage, rated=len(levels),
        not_applicable=not_applicable, total=total,
        next_steps=_next_steps(framework, dimension, levels, stage),
    )


def score_assessment(framework: Framework, ratings: Mapping[str, int | None]) -> AssessmentResult:
    """Score agreed ratings (item id -> level, None for N/A; unrated items absent)."""
    dims = tuple(score_dimension(framework, d, ratings) for d in framework.dimensions)
    scored = [d for d in dims if d.sufficient]
    overall_score = overall_stage = None
    if dims and len(scored) == len(dims):
        overall_score = sum(d.score for d in dims) / len(dims)
        overall_stage = framework.stage_for_score(overall_score)
    bottleneck = min(scored, key=lambda d: d.score) if scored else None  # min keeps first on ties
    return AssessmentResult(
        framework=framework, dimensions=dims, overall_score=overall_score,
        overall_stage=overall_stage, bottleneck=bottleneck,
        next_steps=bottleneck.next_steps if bottleneck else (),
        disciplines=framework.disciplines_for(bottleneck.id) if bottleneck else (),
    )
