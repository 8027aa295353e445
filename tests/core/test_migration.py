"""Across versions: seeding a new-version assessment from an old one, and comparing the two."""

from dataclasses import replace

import pytest

from maturity_workbook.core.catalog import FrameworkCatalog
from maturity_workbook.core.framework import parse_framework
from maturity_workbook.core.mapping import parse_mapping
from maturity_workbook.core.migration import (
    apply_carry, carry_ratings, compare_assessments, compare_versions, item_differences,
    paired_items,
)
from maturity_workbook.core.workbook import UNKNOWN, UNRATED, Assessment, new_id
from maturity_workbook.paths import bundled_frameworks_dir
from tests.conftest import TINY_FRAMEWORK

# 2.0 of the tiny framework: a1 kept, a2 renamed a2r, a3 split into a3x/a3y, a4 removed,
# b1 and b2 merged into bb, and a new item a5.
TINY_2 = TINY_FRAMEWORK.replace('version: "1.0"', 'version: "2.0"')
for old_id, new_ids in (("a2", ["a2r"]), ("a3", ["a3x", "a3y"]), ("a4", ["a5"]),
                        ("b1", ["bb"])):
    block_start = TINY_2.index(f"      - id: {old_id}\n")
    block_end = TINY_2.index("advice:", block_start)
    block_end = TINY_2.index("\n", block_end) + 1
    block = TINY_2[block_start:block_end]
    TINY_2 = TINY_2[:block_start] + "".join(block.replace(old_id, n) for n in new_ids) + \
        TINY_2[block_end:]
b2_start = TINY_2.index("      - id: b2\n")
TINY_2 = TINY_2[:b2_start] + TINY_2[TINY_2.index("disciplines:"):]

MAPPING = """\
format: 1
framework: tiny
from: "1.0"
to: "2.0"
items:
  - {change: kept, from: a1}
  - {change: renamed, from: a2, to: a2r}
  - {change: split, from: a3, to: [a3x, a3y]}
  - {change: removed, from: a4}
  - {change: new, to: a5}
  - {change: merged, from: [b1, b2], to: bb, carry: true}
"""


@pytest.fixture
def versions(tiny_framework):
    new = parse_framework(TINY_2, "tiny-2.yaml")
    catalog = FrameworkCatalog()
    catalog.add(tiny_framework, "bundled")
    catalog.add(new, "bundled")
    catalog.add_mapping(parse_mapping(MAPPING, "m.yaml"))
    return tiny_framework, new, catalog.mapping("tiny", "1.0", "2.0"), catalog


def test_the_test_versions_are_what_the_mapping_says(versions):
    old, new, mapping, _ = versions
    assert [i.id for i in new.items] == ["a1", "a2r", "a3x", "a3y", "a5", "bb"]


def test_carry_copies_what_maps_and_marks_what_is_new(versions):
    old, new, mapping, _ = versions
    plan = carry_ratings(mapping, new, {"a1": 3, "a2": None, "a3": 2, "a4": 4, "b1": 2, "b2": 2})
    assert plan.ratings == {"a1": 3, "a2r": None, "bb": 2}  # N/A carries as N/A
    assert plan.new == ("a5",)
    assert plan.to_rate == ("a3x", "a3y")  # a split practice is rated afresh
    split = next(c for c in plan.items if c.item_id == "a3x")
    assert split.change == "split" and split.previous == (("a3", 2),) and split.level is UNRATED
    assert plan.dropped == (("a4", 4),)


def test_dont_know_carries_as_dont_know(versions):
    old, new, mapping, _ = versions
    plan = carry_ratings(mapping, new, {"a1": UNKNOWN})
    assert plan.ratings == {"a1": UNKNOWN}


def test_merged_carries_only_when_the_parts_agree(versions):
    old, new, mapping, _ = versions
    plan = carry_ratings(mapping, new, {"b1": 2, "b2": 3})
    assert "bb" not in plan.ratings and "bb" in plan.to_rate
    plan = carry_ratings(mapping, new, {"b1": 2})  # half a merge is not enough
    assert "bb" not in plan.ratings


def test_unrated_items_stay_unrated(versions):
    old, new, mapping, _ = versions
    plan = carry_ratings(mapping, new, {})
    assert plan.ratings == {} and plan.dropped == ()
    assert set(plan.to_rate) == {"a1", "a2r", "a3x", "a3y", "bb"}


def test_apply_carry_sets_agreed_ratings(versions):
    old, new, mapping, _ = versions
    target = Assessment(new_id(), "tiny", "2.0", "Next", "2025-01-01")
    apply_carry(carry_ratings(mapping, new, {"a1": 3, "a2": None}), target)
    assert target.agreed_ratings() == {"a1": 3, "a2r": None}
    assert target.entries["a1"].agreed_set


def test_compare_across_versions_notes_where_items_differ(versions):
    old, new, mapping, _ = versions
    before = {"a1": 2, "a2": 2, "a3": 2, "a4": 2, "b1": 1, "b2": 1}
    after = {"a1": 3, "a2r": 3, "a3x": 3, "a3y": 2, "a5": 3, "bb": 2}
    result = compare_versions(old, before, new, after, mapping)
    alpha, beta = result.dimension("alpha"), result.dimension("beta")
    assert alpha.before.stage.name == "Performing" and alpha.after.stage.name == "Scaling"
    assert alpha.stage_change == 1 and alpha.score_change == pytest.approx(2.8 - 2.0)
    assert not alpha.same_items
    assert [(d.change, d.before_items, d.after_items) for d in alpha.differences] == [
        ("renamed", ("a2",), ("a2r",)), ("split", ("a3",), ("a3x", "a3y")),
        ("removed", ("a4",), ()), ("new", (), ("a5",))]
    assert [(p.before_item, p.after_item, p.level_change) for p in alpha.pairs] == [
        ("a1", "a1", 1), ("a2", "a2r", 1)]
    assert [d.change for d in beta.differences] == ["merged"]


def test_compare_same_version_needs_no_mapping(tiny_framework):
    result = compare_versions(tiny_framework, {"a1": 1, "a2": 1}, tiny_framework,
                              {"a1": 2, "a2": 2}, None)
    alpha = result.dimension("alpha")
    assert alpha.same_items and alpha.stage_change == 1
    assert result.dimension("beta").score_change is None  # no data on either side


def test_compare_refuses_what_cannot_be_compared(versions, tiny_framework):
    old, new, mapping, _ = versions
    with pytest.raises(ValueError, match="needs a mapping"):
        compare_versions(old, {}, new, {}, None)
    with pytest.raises(ValueError, match="different frameworks"):
        compare_versions(old, {}, replace(new, id="other"), {}, mapping)
    with pytest.raises(ValueError, match="not from 2.0 to 1.0"):
        compare_versions(new, {}, old, {}, mapping)


def test_compare_assessments_scores_each_with_its_own_version(versions):
    old, new, mapping, catalog = versions
    before = Assessment(new_id(), "tiny", "1.0", "Then", "2024-01-01")
    after = Assessment(new_id(), "tiny", "2.0", "Now", "2025-01-01")
    for item_id, level in {"a1": 2, "a2": 2, "a3": 2, "b1": 2, "b2": 2}.items():
        before.entry(item_id).agreed, before.entry(item_id).agreed_set = level, True
    apply_carry(carry_ratings(mapping, new, before.agreed_ratings()), after)
    result = compare_assessments(catalog, before, after)
    assert result.before.framework.version == "1.0" and result.after.framework.version == "2.0"
    assert result.dimension("alpha").before.rated == 3
    missing = Assessment(new_id(), "tiny", "9.9", "Future", "2026-01-01")
    with pytest.raises(LookupError, match="tiny 9.9 is not installed"):
        compare_assessments(catalog, before, missing)


def test_the_bundled_migration_carries_most_of_a_real_assessment():
    """The sample workbook's latest 1.0 assessment seeds a 2.0 one: kept items carry."""
    from maturity_workbook.store import WorkbookStore

    catalog = FrameworkCatalog.load(bundled_frameworks_dir())
    old = catalog.get("customer-education", "1.0")
    new = catalog.get("customer-education", "2.0")
    mapping = catalog.mapping("customer-education", "1.0", "2.0")
    sample = WorkbookStore.open(bundled_frameworks_dir().parent / "samples" / "sample.mwb",
                                read_only=True).workbook
    # spring 2026, which the sample's autumn 2026 review (made with 2.0) reassessed
    latest = [a for a in sample.ordered_assessments() if a.framework_version == "1.0"][-1]
    assert sample.latest().based_on == latest.id
    plan = carry_ratings(mapping, new, latest.agreed_ratings())
    assert len(plan.ratings) == 26  # 24 kept + 2 renamed
    assert set(plan.new) == {"strategy-ownership", "strategy-output-per-person",
                             "delivery-live-capacity", "delivery-deals", "technology-learner-data"}
    assert len(plan.to_rate) == 6  # the parts of three splits
    seeded = Assessment(new_id(), "customer-education", "2.0", "Seeded", "2026-06-01")
    apply_carry(plan, seeded)
    result = compare_versions(old, latest.agreed_ratings(), new, seeded.agreed_ratings(),
                              mapping)
    for delta in result.dimensions:
        assert all(p.level_change in (0, None) for p in delta.pairs)  # carried as they were
        assert not delta.same_items  # every function gained or split items in 2.0


def test_a_mapping_read_backwards_turns_splits_into_merges_and_carries_nothing(versions):
    old, new, mapping, catalog = versions
    back = catalog.link("tiny", "2.0", "1.0")
    assert (back.from_version, back.to_version) == ("2.0", "1.0")
    assert catalog.link("tiny", "1.0", "2.0") is mapping
    assert catalog.link("tiny", "1.0", "9.9") is None
    kinds = {(e.change, e.sources, e.targets) for e in back.entries}
    assert ("merged", ("a3x", "a3y"), ("a3",)) in kinds
    assert ("removed", ("a5",), ()) in kinds and ("new", (), ("a4",)) in kinds
    assert ("renamed", ("a2r",), ("a2",)) in kinds
    assert not any(e.carry for e in back.entries)
    # the pairs are the same practices either way round
    assert paired_items(back, new, old) == (("a1", "a1"), ("a2r", "a2"))


def test_paired_items_and_differences_follow_the_newer_frameworks_order(versions):
    old, new, mapping, _ = versions
    assert paired_items(mapping, old, new) == (("a1", "a1"), ("a2", "a2r"))
    found = dict(item_differences(mapping, old, new))
    assert [d.change for d in found["alpha"]] == ["renamed", "split", "removed", "new"]
    assert [d.change for d in found["beta"]] == ["merged"]
    assert dict(item_differences(None, old, old)) == {"alpha": (), "beta": ()}


def test_compare_assessments_when_the_older_version_comes_later(versions):
    """A team that went back to 1.0 after a 2.0 assessment: compared through the mapping read
    backwards, still each with its own version."""
    old, new, mapping, catalog = versions
    before = Assessment(new_id(), "tiny", "2.0", "Then", "2024-01-01")
    after = Assessment(new_id(), "tiny", "1.0", "Now", "2025-01-01")
    for item_id in ("a1", "a2r", "a3x", "a3y", "a5"):
        before.entry(item_id).agreed, before.entry(item_id).agreed_set = 2, True
    for item_id in ("a1", "a2", "a3", "a4"):
        after.entry(item_id).agreed, after.entry(item_id).agreed_set = 3, True
    result = compare_assessments(catalog, before, after)
    alpha = result.dimension("alpha")
    assert alpha.stage_change == 1 and [p.level_change for p in alpha.pairs] == [1, 1]
    assert {d.change for d in alpha.differences} == {"renamed", "merged", "new", "removed"}
