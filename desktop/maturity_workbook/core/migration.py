"""Across framework versions: seed a new assessment from an old one, and compare the two.

Both follow a FrameworkMapping (core/mapping.py). The rules:

- **Carrying ratings** (`carry_ratings`): a new-version item takes the old agreed rating when its
  mapping entry carries (kept and renamed items by default): a level, not applicable or don't
  know alike. A merged item carries only when every merged item had the same rating. Everything
  else starts unrated and is marked: `new` items (no old counterpart) and `to_rate` (split,
  merged or otherwise not carried), with the old ratings they came from for the room to see.
- **Comparing** (`compare_versions`): each assessment is scored with its own version; functions
  are matched by id and compared by stage and score. Where a function's items differ between the
  versions (renamed, split, merged, new or removed items), the comparison says which, so a change
  is not read as progress when the questions changed. Items on both sides (kept or renamed) are
  compared one to one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from maturity_workbook.core.framework import Framework
from maturity_workbook.core.mapping import (
    KEPT, MERGED, NEW, REMOVED, RENAMED, FrameworkMapping, MappingEntry,
)
from maturity_workbook.core.scoring import AssessmentResult, DimensionResult, score_assessment
from maturity_workbook.core.workbook import UNRATED, Assessment


# ---------------------------------------------------------------------------------- carrying


@dataclass(frozen=True)
class CarriedItem:
    """What a new-version item starts with when seeded from an old assessment."""

    item_id: str
    change: str  # the mapping entry's kind: kept, renamed, split, merged or new
    sources: tuple[str, ...]  # old item ids it comes from
    previous: tuple[tuple[str, object], ...]  # (old item id, its agreed rating) when rated
    carried: bool  # the old rating was copied
    level: object = UNRATED  # the copied rating (a level, None = N/A, UNKNOWN), else UNRATED


@dataclass(frozen=True)
class CarryPlan:
    mapping: FrameworkMapping
    items: tuple[CarriedItem, ...]  # one per new-version item, in framework order
    dropped: tuple[tuple[str, object], ...]  # removed old items that had a rating

    @property
    def ratings(self) -> dict[str, object]:
        """item id -> rating to set as agreed in the new assessment (carried items only)."""
        return {c.item_id: c.level for c in self.items if c.carried}

    @property
    def new(self) -> tuple[str, ...]:
        """New-version items with no old counterpart: mark them as new in the assessment."""
        return tuple(c.item_id for c in self.items if c.change == NEW)

    @property
    def to_rate(self) -> tuple[str, ...]:
        """Items that start unrated although they have an old counterpart (split, merged...)."""
        return tuple(c.item_id for c in self.items if not c.carried and c.change != NEW)


def carry_ratings(mapping: FrameworkMapping, new: Framework,
                  agreed: Mapping[str, object]) -> CarryPlan:
    """Plan the ratings a new-version assessment starts with, from an old one's agreed ratings
    (item id -> level, None or UNKNOWN; unrated items absent, as `Assessment.agreed_ratings`)."""
    items = []
    for item in new.items:
        entry = mapping.for_target(item.id)
        if entry is None:  # check_mapping rules this out for catalog mappings
            items.append(CarriedItem(item.id, NEW, (), (), False))
            continue
        previous = tuple((s, agreed[s]) for s in entry.sources if s in agreed)
        level, carried = UNRATED, False
        if entry.carry and previous and len(previous) == len(entry.sources):
            agree = all(v == previous[0][1] for _, v in previous)
            if entry.change != MERGED or agree:
                level, carried = previous[0][1], True
        items.append(CarriedItem(item.id, entry.change, entry.sources, previous, carried, level))
    dropped = tuple((s, agreed[s]) for e in mapping.entries if e.change == REMOVED
                    for s in e.sources if s in agreed)
    return CarryPlan(mapping, tuple(items), dropped)


def apply_carry(plan: CarryPlan, target: Assessment) -> None:
    """Set the carried ratings as agreed ratings of a new (still empty) assessment, like
    `workbook.copy_ratings` does within one version. The store calls this inside its edit."""
    for item_id, level in plan.ratings.items():
        entry = target.entry(item_id)
        entry.agreed = level
        entry.agreed_set = True


# --------------------------------------------------------------------------------- comparing


@dataclass(frozen=True)
class ItemDifference:
    """One mapping entry that makes a function's items differ between the two versions."""

    change: str  # renamed, split, merged, new or removed
    before_items: tuple[str, ...]
    after_items: tuple[str, ...]


@dataclass(frozen=True)
class ItemPair:
    """An item asked in both versions (kept or renamed), with both agreed ratings."""

    before_item: str
    after_item: str
    before: object  # level, None (N/A), UNKNOWN or UNRATED
    after: object

    @property
    def level_change(self) -> int | None:
        if isinstance(self.before, int) and isinstance(self.after, int):
            return self.after - self.before
        return None


@dataclass(frozen=True)
class VersionDelta:
    dimension_id: str
    before: DimensionResult | None  # None when the old version has no such function
    after: DimensionResult | None
    score_change: float | None  # None when either side has no score
    stage_change: int | None
    differences: tuple[ItemDifference, ...]  # empty: the same questions were asked
    pairs: tuple[ItemPair, ...]

    @property
    def same_items(self) -> bool:
        return not self.differences


@dataclass(frozen=True)
class VersionComparison:
    before: AssessmentResult
    after: AssessmentResult
    mapping: FrameworkMapping | None  # None when both use the same version
    dimensions: tuple[VersionDelta, ...]  # in the newer framework's order

    def dimension(self, dimension_id: str) -> VersionDelta:
        for delta in self.dimensions:
            if delta.dimension_id == dimension_id:
                return delta
        raise KeyError(dimension_id)


def _entries(mapping: FrameworkMapping | None, new: Framework) -> tuple[MappingEntry, ...]:
    if mapping is not None:
        return mapping.entries
    return tuple(MappingEntry(KEPT, (item.id,), (item.id,), True) for item in new.items)


def _dimension_order(old: Framework, new: Framework) -> list[str]:
    """The newer framework's dimensions, then any only the older one has."""
    ids = [d.id for d in new.dimensions]
    return ids + [d.id for d in old.dimensions if d.id not in ids]


def _links(mapping: FrameworkMapping | None, old: Framework, new: Framework, dim_id: str
           ) -> tuple[list[ItemDifference], list[tuple[str, str]]]:
    """One dimension's differences and its (old id, new id) pairs asked both times."""
    old_dim = {item.id: item.dimension_id for item in old.items}
    new_dim = {item.id: item.dimension_id for item in new.items}
    differences, pairs = [], []
    for entry in _entries(mapping, new):
        touches = any(old_dim.get(s) == dim_id for s in entry.sources) or \
            any(new_dim.get(t) == dim_id for t in entry.targets)
        if not touches:
            continue
        if entry.change in (KEPT, RENAMED) and old_dim.get(entry.sources[0]) == dim_id \
                and new_dim.get(entry.targets[0]) == dim_id:
            pairs.append((entry.sources[0], entry.targets[0]))
            if entry.change == KEPT:
                continue
        differences.append(ItemDifference(entry.change, entry.sources, entry.targets))
    return differences, pairs


def paired_items(mapping: FrameworkMapping | None, old: Framework,
                 new: Framework) -> tuple[tuple[str, str], ...]:
    """(old item id, new item id) for every item asked in both versions within one function
    (kept or renamed), in the newer framework's item order."""
    order = {item.id: n for n, item in enumerate(new.items)}
    pairs = [p for dim_id in _dimension_order(old, new) for p in _links(mapping, old, new,
                                                                          dim_id)[1]]
    return tuple(sorted(pairs, key=lambda p: order.get(p[1], len(order))))


def item_differences(mapping: FrameworkMapping | None, old: Framework, new: Framework
                     ) -> tuple[tuple[str, tuple[ItemDifference, ...]], ...]:
    """Per dimension (newer framework's order): the mapping entries that make its items differ
    between the versions; an empty tuple where the same questions were asked."""
    return tuple((dim_id, tuple(_links(mapping, old, new, dim_id)[0]))
                 for dim_id in _dimension_order(old, new))


def compare_versions(old: Framework, old_ratings: Mapping[str, object], new: Framework,
                     new_ratings: Mapping[str, object],
                     mapping: FrameworkMapping | None) -> VersionComparison:
    """Compare an assessment made with `old` to one made with `new`, function by function.

    `mapping` must lead from old.version to new.version (None only when they are the same
    version). Each side is scored with its own framework.
    """
    if old.id != new.id:
        raise ValueError(f"cannot compare {old.id} with {new.id}: different frameworks")
    if mapping is None and old.version != new.version:
        raise ValueError(f"comparing {old.id} {old.version} with {new.version} needs a mapping")
    if mapping is not None and (mapping.from_version, mapping.to_version) != \
            (old.version, new.version):
        raise ValueError(f"the mapping leads from {mapping.from_version} to "
                         f"{mapping.to_version}, not from {old.version} to {new.version}")
    before, after = score_assessment(old, old_ratings), score_assessment(new, new_ratings)
    deltas = []
    for dim_id in _dimension_order(old, new):
        b = _find(before, dim_id)
        a = _find(after, dim_id)
        differences, links = _links(mapping, old, new, dim_id)
        pairs = [ItemPair(o, n, old_ratings.get(o, UNRATED), new_ratings.get(n, UNRATED))
                 for o, n in links]
        score_change = stage_change = None
        if b is not None and a is not None and b.sufficient and a.sufficient:
            score_change = a.score - b.score
            stage_change = a.stage.level - b.stage.level
        deltas.append(VersionDelta(dim_id, b, a, score_change, stage_change, tuple(differences),
                                   tuple(pairs)))
    return VersionComparison(before, after, mapping, tuple(deltas))


def compare_assessments(catalog, before: Assessment, after: Assessment) -> VersionComparison:
    """Compare two assessments of one framework, each scored with the version it was made with
    (the older version may be either side: a shipped mapping is read backwards when needed).

    Raises LookupError when a version, or the mapping between them, is not installed.
    """
    old = catalog.get(before.framework_id, before.framework_version)
    new = catalog.get(after.framework_id, after.framework_version)
    for framework, a in ((old, before), (new, after)):
        if framework is None:
            raise LookupError(f"{a.framework_id} {a.framework_version} is not installed")
    mapping = None
    if old.version != new.version:
        mapping = catalog.link(old.id, old.version, new.version)  # either way round
        if mapping is None:
            raise LookupError(f"no mapping from {old.id} {old.version} to {new.version}")
    return compare_versions(old, before.agreed_ratings(), new, after.agreed_ratings(), mapping)


def _find(result: AssessmentResult, dimension_id: str) -> DimensionResult | None:
    try:
        return result.dimension(dimension_id)
    except KeyError:
        return None
