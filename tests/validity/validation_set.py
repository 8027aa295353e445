"""The validation set: program narratives with expected placements and item-by-item ratings.

See tests/validity/README.md for what a narrative holds and how its ratings were given.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import yaml

from maturity_workbook.core.framework import Framework
from maturity_workbook.core.workbook import UNKNOWN

FOLDER = Path(__file__).resolve().parent / "narratives"
AMBIGUOUS = "ambiguous"
NOT_KNOWN = "unknown"


@dataclass(frozen=True)
class Expectation:
    """The stages a reader of the model would give a function; () means 'too little data'."""

    levels: tuple[int, ...]
    why: str

    @property
    def unknown(self) -> bool:
        return not self.levels

    def accepts(self, level: int | None) -> bool:
        return level is None if self.unknown else level in self.levels


@dataclass(frozen=True)
class Narrative:
    id: str
    title: str
    path: Path
    expected: Mapping[str, Expectation]
    bottleneck: tuple[str, ...] | str  # acceptable function ids, or NOT_KNOWN, or AMBIGUOUS
    rate_first: tuple[str, ...]
    raw_ratings: Mapping[str, Mapping[str, dict]]

    def versions(self) -> tuple[str, ...]:
        return tuple(self.raw_ratings)

    def ratings(self, version: str) -> dict[str, object]:
        """item id -> level, None (not applicable) or UNKNOWN (don't know), as scoring takes them."""
        out: dict[str, object] = {}
        for item_id, entry in self.raw_ratings[version].items():
            level = entry["level"]
            out[item_id] = None if level == "na" else UNKNOWN if level == NOT_KNOWN else level
        return out

    def bottleneck_accepts(self, dimension_id: str | None, rate_first: tuple[str, ...]) -> bool:
        if self.bottleneck == NOT_KNOWN:
            return dimension_id is None and set(self.rate_first) <= set(rate_first)
        return dimension_id in self.bottleneck


def _stage_levels(framework: Framework, names) -> tuple[int, ...]:
    if names == NOT_KNOWN:
        return ()
    by_name = {s.name: s.level for s in framework.stages}
    levels = tuple(sorted(by_name[name] for name in names))
    if len(levels) > 1 and levels[-1] - levels[0] != 1:
        raise ValueError(f"a range is two neighbouring stages, not {names}")
    return levels


def load(path: Path, framework: Framework) -> Narrative:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    expected = {dim: Expectation(_stage_levels(framework, spec["stages"]), spec["why"])
                for dim, spec in data["expected"].items()}
    bottleneck = data["bottleneck"]["expected"]
    if isinstance(bottleneck, list):
        bottleneck = tuple(bottleneck)
    return Narrative(
        id=data["id"], title=data["title"], path=path, expected=expected, bottleneck=bottleneck,
        rate_first=tuple(data["bottleneck"].get("rate_first", ())),
        raw_ratings={str(v): r for v, r in data["ratings"].items()},
    )


def load_all(framework: Framework) -> list[Narrative]:
    return [load(path, framework) for path in sorted(FOLDER.glob("*.yaml"))]


def problems(narrative: Narrative, framework: Framework) -> list[str]:
    """What is wrong with a narrative's ratings for this framework version (empty when complete)."""
    out = []
    if set(narrative.expected) != {d.id for d in framework.dimensions}:
        out.append(f"{narrative.id}: expected stages for {sorted(narrative.expected)}, "
                   f"framework has {[d.id for d in framework.dimensions]}")
    ratings = narrative.raw_ratings.get(framework.version)
    if ratings is None:
        return out + [f"{narrative.id}: no ratings for version {framework.version}"]
    items = {item.id for item in framework.items}
    for missing in sorted(items - set(ratings)):
        out.append(f"{narrative.id}: {missing} is not rated")
    for extra in sorted(set(ratings) - items):
        out.append(f"{narrative.id}: {extra} is not an item of {framework.version}")
    for item_id, entry in ratings.items():
        level = entry.get("level")
        if level not in (*framework.levels, "na", NOT_KNOWN):
            out.append(f"{narrative.id}: {item_id} has level {level!r}")
        if not str(entry.get("why", "")).strip():
            out.append(f"{narrative.id}: {item_id} has no 'why'")
    return out
