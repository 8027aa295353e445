"""Print the validation set's agreement: the product's rule, then every candidate rule.

    .venv/bin/python -m tests.validity.report [--misses]
"""

from __future__ import annotations

import sys

from maturity_workbook.core.framework import Framework, load_framework
from maturity_workbook.core.scoring import score_assessment
from maturity_workbook.paths import bundled_frameworks_dir

from tests.validity import rules
from tests.validity.validation_set import Narrative, load_all

PRIMARY = "customer-education"


def bank(version: str) -> Framework:
    """The bundled primary framework of one version (each version is its own file)."""
    for path in sorted(bundled_frameworks_dir().glob("*.yaml")):
        framework = load_framework(path)
        if framework.id == PRIMARY and framework.version == version:
            return framework
    raise LookupError(f"no bundled {PRIMARY} {version}")


def product_placement(framework: Framework, narrative: Narrative) -> rules.Placement:
    """Place a narrative with the product's own scoring (core/scoring.py)."""
    result = score_assessment(framework, narrative.ratings(framework.version))
    stages = {d.id: d.stage.level if d.stage else None for d in result.dimensions}
    scores = {d.id: d.score for d in result.dimensions}
    rate_first = tuple(d.id for d in getattr(result, "rate_first", ()))
    bottleneck = result.bottleneck.id if result.bottleneck else None
    return rules.Placement(stages, scores, bottleneck, rate_first)


def versions() -> list[str]:
    found = []
    for path in sorted(bundled_frameworks_dir().glob("*.yaml")):
        framework = load_framework(path)
        if framework.id == PRIMARY:
            found.append(framework.version)
    return sorted(found)


def main(argv: list[str]) -> int:
    show_misses = "--misses" in argv
    print("== one strong item carrying a function (sets of 2-8 ratings where a lone top item "
          "sets the stage)")
    for name, rule in rules.CANDIDATES.items():
        print(f"  {name:<48} {rules.carried_by_one(rule)}")
    for version in versions():
        framework = bank(version)
        narratives = [n for n in load_all(framework) if version in n.versions()]
        if not narratives:
            continue
        print(f"== {PRIMARY} {version}: {len(narratives)} narratives, "
              f"{len(framework.items)} items")
        product = rules.agreement(framework, narratives,
                                  lambda n: product_placement(framework, n))
        print(f"  {'the product (core/scoring.py)':<48} {product.line()}")
        if show_misses:
            for miss in product.misses:
                print(f"      {miss}")
        for blocks in (True, False):
            label = "unknown bottleneck when data is missing" if blocks else \
                "weakest placed function named anyway"
            print(f"  -- candidates; {label}")
            for name, rule in rules.CANDIDATES.items():
                result = rules.agreement(
                    framework, narratives,
                    lambda n, r=rule: rules.place(framework, n.ratings(version), r, blocks))
                print(f"  {name:<48} {result.line()}")
                if show_misses and blocks:
                    for miss in result.misses:
                        print(f"      {miss}")
        chosen = rules.CANDIDATES["most items reached it (lower median)"]
        by_order = rules.agreement(framework, narratives, lambda n: rules.place(
            framework, n.ratings(version), chosen, ties_by_score=False))
        print(f"  -- bottleneck ties at one stage by framework order, not score: "
              f"{by_order.line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
