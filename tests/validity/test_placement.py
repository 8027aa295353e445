"""The product places the validation set's programs where a reader of the published model does.

Fails when placement drifts: a change to the rule, the bank or the scoring that places fewer
functions in their expected range, or matches fewer bottlenecks, than recorded below.
"""

from __future__ import annotations

import pytest

from tests.validity import rules
from tests.validity.report import bank, product_placement, versions
from tests.validity.validation_set import load_all, problems

# Agreement of the product's rule, per bank version: (stages in range, bottlenecks matched).
# Raise these when an improvement is made; never lower them to let a change through.
FLOORS = {
    "1.0": (39, 7),  # before this rule (floor of the mean): 30 and 6
    "2.0": (38, 6),
}

REQUIRED_CASES = {
    "stage-reacting", "stage-performing", "stage-scaling", "stage-optimizing", "strong-and-weak",
    "argyle", "platform-without-strategy", "ambiguous", "dont-know-technology",
}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def version(request):
    return request.param


@pytest.fixture(scope="module")
def framework(version):
    return bank(version)


@pytest.fixture(scope="module")
def narratives(framework):
    return load_all(framework)


def test_every_bundled_version_has_a_floor():
    assert set(versions()) <= set(FLOORS)


def test_the_set_covers_every_case_the_issue_lists():
    import yaml

    from tests.validity.validation_set import FOLDER

    covered = set()
    for path in FOLDER.glob("*.yaml"):
        covered.update(yaml.safe_load(path.read_text(encoding="utf-8"))["covers"])
    assert REQUIRED_CASES <= covered
    assert len(list(FOLDER.glob("*.yaml"))) >= 8


def test_every_item_is_rated_with_a_reason(framework, narratives):
    found = [p for n in narratives for p in problems(n, framework)]
    assert found == []


def test_agreement_does_not_drift(version, framework, narratives):
    result = rules.agreement(framework, narratives, lambda n: product_placement(framework, n))
    stages, bottlenecks = FLOORS[version]
    assert result.stages_total == 4 * len(narratives)
    assert result.stages_in_range >= stages and result.bottleneck_matches >= bottlenecks, \
        "\n".join(result.misses)


def test_product_rule_beats_the_floor_of_the_mean(framework, narratives):
    product = rules.agreement(framework, narratives, lambda n: product_placement(framework, n))
    old = rules.agreement(framework, narratives, lambda n: rules.place(
        framework, n.ratings(framework.version), rules.floor_of_mean))
    assert product.stages_in_range > old.stages_in_range


def test_product_rule_is_the_chosen_candidate(framework, narratives):
    """core/scoring.py implements 'most items reached it' (the lower median) exactly."""
    chosen = rules.CANDIDATES["most items reached it (lower median)"]
    for narrative in narratives:
        ratings = narrative.ratings(framework.version)
        assert product_placement(framework, narrative) == rules.place(framework, ratings, chosen), \
            narrative.id


def test_unknown_technology_makes_the_bottleneck_unknown(framework, narratives):
    marlowe = next(n for n in narratives if n.id == "unknown-tech-marlowe")
    placement = product_placement(framework, marlowe)
    assert placement.stages["technology"] is None
    assert placement.bottleneck is None and placement.rate_first == ("technology",)
