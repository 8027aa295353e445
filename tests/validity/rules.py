"""Candidate placement rules, compared on the validation set (docs/scoring.md has the figures).

A rule turns a function's rated item levels into a stage level. These are written independently of
core/scoring.py so the product's rule can be checked against its own candidate, and so rules that
were not chosen stay comparable when the set or the bank changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from maturity_workbook.core.framework import Framework
from maturity_workbook.core.scoring import is_sufficient

from tests.validity.validation_set import Narrative

Rule = Callable[[Sequence[int], Sequence[int]], int]  # (levels, stage levels) -> stage level


def floor_of_mean(levels, stages):
    mean = sum(levels) / len(levels)
    return max(s for s in stages if mean + 1e-9 >= s)


def nearest_to_mean(levels, stages):
    """Round half up: 2.5 is Scaling."""
    mean = sum(levels) / len(levels)
    return max(s for s in stages if mean + 1e-9 >= s - 0.5)


def band(width: float) -> Rule:
    """Stage L once the mean is within `width` below L."""
    def rule(levels, stages):
        mean = sum(levels) / len(levels)
        return max(s for s in stages if mean + 1e-9 >= s - width)
    rule.__name__ = f"band_{width}"
    return rule


def lower_median(levels, stages):
    ordered = sorted(levels)
    return ordered[(len(ordered) - 1) // 2]


def share_reached(share: float, min_items: int = 1) -> Rule:
    """The highest stage that at least `share` of the rated items (and `min_items` of them) reached."""
    def rule(levels, stages):
        n = len(levels)
        need = max(min_items, math.ceil(share * n - 1e-9))
        reached = [s for s in stages if sum(1 for v in levels if v >= s) >= need]
        return max(reached) if reached else min(stages)
    rule.__name__ = f"share_{share:g}" + (f"_min{min_items}" if min_items > 1 else "")
    return rule


def half_reached_no_leap(levels, stages):
    """Half (and at least two) reached it, and a majority reached the stage below it."""
    n = len(levels)
    need = max(min(2, n), math.ceil(n / 2 - 1e-9))
    best = min(stages)
    for s in stages:
        if sum(1 for v in levels if v >= s) >= need and \
                (s == min(stages) or 2 * sum(1 for v in levels if v >= s - 1) > n):
            best = s
    return best


CANDIDATES: dict[str, Rule] = {
    "floor of the mean (1.0 rule)": floor_of_mean,
    "nearest stage to the mean": nearest_to_mean,
    "mean within 0.25 of the stage": band(0.25),
    "mean within 0.34 of the stage": band(0.34),
    "most items reached it (lower median)": lower_median,
    "half of the items reached it": share_reached(0.5),
    "half reached it, at least 2 items": share_reached(0.5, min_items=2),
    "half reached it, majority the one below": half_reached_no_leap,
    "60% reached it": share_reached(0.6),
    "two thirds reached it": share_reached(2 / 3),
}


def carried_by_one(rule: Rule, stages: Sequence[int] = (1, 2, 3, 4), max_items: int = 8) -> int:
    """How many sets of 2..max_items ratings the rule places above the rest on one item alone
    (the stage is higher than every other item and only that item reached it)."""
    import itertools

    count = 0
    for n in range(2, max_items + 1):
        for combo in itertools.combinations_with_replacement(stages, n):
            stage = rule(list(combo), stages)
            if sum(1 for v in combo if v >= stage) == 1 and stage > sorted(combo)[-2]:
                count += 1
    return count


@dataclass(frozen=True)
class Placement:
    stages: dict[str, int | None]  # dimension id -> stage level (None: too little data)
    scores: dict[str, float | None]
    bottleneck: str | None
    rate_first: tuple[str, ...]


def place(framework: Framework, ratings: Mapping[str, object], rule: Rule,
          unknown_blocks_bottleneck: bool = True, ties_by_score: bool = True) -> Placement:
    """Place one assessment with a candidate rule.

    The bottleneck is the lowest stage, then the lowest mean, then framework order. With
    `unknown_blocks_bottleneck`, a function with too little data makes the bottleneck unknown (and
    names that function to rate first); without it, the weakest placed function is named (the 1.0
    behaviour). Without `ties_by_score`, functions at the same stage go by framework order alone
    (the model's order: strategy, content, delivery, technology).
    """
    stage_levels = framework.levels
    stages: dict[str, int | None] = {}
    scores: dict[str, float | None] = {}
    for dim in framework.dimensions:
        levels = [ratings[i.id] for i in dim.items if isinstance(ratings.get(i.id), int)]
        if is_sufficient(len(levels), len(dim.items)):
            stages[dim.id] = rule(levels, stage_levels)
            scores[dim.id] = sum(levels) / len(levels)
        else:
            stages[dim.id] = scores[dim.id] = None
    missing = tuple(d for d, s in stages.items() if s is None)
    placed = [d.id for d in framework.dimensions if stages[d.id] is not None]
    if (missing and unknown_blocks_bottleneck) or not placed:
        bottleneck = None
    else:
        bottleneck = min(placed, key=lambda d: (stages[d], scores[d] if ties_by_score else 0))
    return Placement(stages, scores, bottleneck, missing)


@dataclass(frozen=True)
class Agreement:
    stages_in_range: int
    stages_total: int
    bottleneck_matches: int
    bottleneck_total: int
    misses: tuple[str, ...]

    def line(self) -> str:
        return (f"{self.stages_in_range}/{self.stages_total} stages in range, "
                f"{self.bottleneck_matches}/{self.bottleneck_total} bottlenecks")


def agreement(framework: Framework, narratives: Sequence[Narrative],
              placer: Callable[[Narrative], Placement]) -> Agreement:
    """How many function stages fall in the expected range, and how many bottlenecks match."""
    in_range = total = matches = counted = 0
    misses = []
    for narrative in narratives:
        placement = placer(narrative)
        for dim_id, expected in narrative.expected.items():
            total += 1
            got = placement.stages[dim_id]
            if expected.accepts(got):
                in_range += 1
            else:
                misses.append(f"{narrative.id} {dim_id}: placed {got}, expected "
                              f"{list(expected.levels) or 'unknown'}")
        if narrative.bottleneck == "ambiguous":
            continue
        counted += 1
        if narrative.bottleneck_accepts(placement.bottleneck, placement.rate_first):
            matches += 1
        else:
            misses.append(f"{narrative.id} bottleneck: {placement.bottleneck}, expected "
                          f"{narrative.bottleneck}")
    return Agreement(in_range, total, matches, counted, tuple(misses))
