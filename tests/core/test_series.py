"""Several models in one workbook: comparisons stay within one framework id and version, and
each framework's latest placement comes with its cohort place or its job."""

from dataclasses import replace

import pytest

from maturity_workbook.core import advice
from maturity_workbook.core import history
from maturity_workbook.core.history import history_views
from maturity_workbook.core.series import (
    placements, same_series, series_in, series_key,
)
from maturity_workbook.core.workbook import Assessment, Workbook, new_id
from maturity_workbook.paths import load_catalog


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def made(framework, day, level, *, version=None, status="final", created=""):
    """An assessment of `framework` with every item agreed at `level`."""
    a = Assessment(new_id(), framework.id, version or framework.version, f"Check {day}", day,
                   status=status, created=created or f"{day}T10:00:00")
    for item in framework.items:
        entry = a.entry(item.id)
        entry.agreed, entry.agreed_set = level, True
    return a


def workbook_of(*assessments):
    wb = Workbook(new_id(), "Mixed Academy")
    for a in assessments:
        wb.assessments[a.id] = a
    return wb


def test_only_the_same_id_and_version_are_one_series(catalog):
    five = catalog.get("customer-learning-five-stage", "2.0")
    old = made(five, "2025-01-10", 1, version="1.0")
    new = made(five, "2025-07-10", 2)
    assert same_series(five, new) and not same_series(five, old)
    assert series_key(old) == ("customer-learning-five-stage", "1.0")


def test_history_and_previous_skip_other_frameworks_and_versions(catalog):
    primary = catalog.get("customer-education", "1.0")
    five2 = catalog.get("customer-learning-five-stage", "2.0")
    five1 = catalog.get("customer-learning-five-stage", "1.0")
    first = made(five2, "2025-01-10", 1)
    other_version = made(five1, "2025-04-10", 3)
    other_model = made(primary, "2025-05-10", 4)
    latest = made(five2, "2025-07-10", 2)
    wb = workbook_of(first, other_version, other_model, latest)

    assert [v.id for v in history_views(wb, five2)] == [first.id, latest.id]
    assert [v.id for v in history_views(wb, five1)] == [other_version.id]
    said = advice.advise(wb, five2, latest)
    assert said.previous.id == first.id and said.baseline.id == first.id
    assert said.since_last.overall_change == pytest.approx(1.0)
    # the other version's stage-3 assessment is no "previous": nothing compares across versions
    assert advice.advise(wb, five1, other_version).previous is None


def test_series_are_ordered_by_their_latest_assessment(catalog):
    primary = catalog.get("customer-education", "1.0")
    jobs = catalog.get("three-jobs-six-stage", "2.0")
    wb = workbook_of(made(primary, "2025-01-10", 2), made(jobs, "2025-03-01", 1),
                     made(primary, "2025-05-10", 3, status="draft"))
    assert series_in(wb) == [("customer-education", primary.version),
                             ("three-jobs-six-stage", jobs.version)]


def test_each_frameworks_latest_placement_carries_its_cohort_or_its_job(catalog):
    primary = catalog.get("customer-education", "1.0")
    five = catalog.get("customer-learning-five-stage", "2.0")
    jobs = catalog.get("three-jobs-six-stage", "2.0")
    argyle = made(jobs, "2025-06-01", 3)
    for item in jobs.dimension("deliver").items:  # content exists, delivery stalls
        argyle.entry(item.id).agreed = 1
    wb = workbook_of(made(primary, "2025-01-10", 2), made(five, "2025-02-01", 1),
                     made(five, "2025-05-01", 2), argyle,
                     made(five, "2025-08-01", 4, status="draft"))
    found = {p.key[0]: p for p in placements(wb, lambda a: catalog.get(a.framework_id,
                                                                        a.framework_version))}
    assert list(found) == ["customer-learning-five-stage", "three-jobs-six-stage",
                           "customer-education"]
    cohort = found["customer-learning-five-stage"]
    assert cohort.assessment.date == "2025-05-01"  # the latest final, not the newer draft
    assert (cohort.cohort.stage_share, cohort.cohort.ahead_of) == (0.55, 0.30)
    assert cohort.job is None and cohort.stage_level == 2
    job = found["three-jobs-six-stage"]
    # the weakest job places the program (the stage most functions reached would say 3)
    assert job.stage_level == 1 and job.overall_level == 3 and job.cohort is None
    assert (job.job.job.id, job.job.target.level) == ("deliver", 2)
    assert found["customer-education"].cohort is None and found["customer-education"].job is None


def test_a_draft_stands_in_when_nothing_is_final_and_a_missing_framework_is_said(catalog):
    five = catalog.get("customer-learning-five-stage", "2.0")
    draft = made(five, "2025-02-01", 2, status="draft")
    gone = replace(made(five, "2025-03-01", 2), framework_id="retired-model")
    wb = workbook_of(draft, gone)
    found = placements(wb, lambda a: catalog.get(a.framework_id, a.framework_version))
    assert [(p.key[0], p.is_final) for p in found] == [("retired-model", True),
                                                      ("customer-learning-five-stage", False)]
    assert found[0].framework is None and found[0].result is None and found[0].cohort is None
    assert found[1].cohort.stage_share == 0.55


# ------------------------------------------------------------- mapped versions: one series


def bank(catalog, version):
    return catalog.get("customer-education", version)


def test_mapped_versions_are_one_series_named_by_the_newest_used(catalog):
    old, new = bank(catalog, "1.0"), bank(catalog, "2.0")
    spring = made(old, "2025-05-10", 2)
    assert same_series(new, spring, catalog) and same_series(old, made(new, "2025-11-10", 3),
                                                            catalog)
    assert not same_series(new, spring)  # without the catalog: id and version only
    alone = workbook_of(spring)
    assert series_key(spring, alone, catalog) == ("customer-education", "1.0")
    autumn = made(new, "2025-11-10", 3)
    wb = workbook_of(spring, autumn)
    assert series_key(spring, wb, catalog) == series_key(autumn, wb, catalog) == \
        ("customer-education", "2.0")
    assert series_in(wb, catalog) == [("customer-education", "2.0")]
    assert len(series_in(wb)) == 2  # the old, catalog-free reading keeps them apart
    found = placements(wb, lambda a: catalog.get(a.framework_id, a.framework_version), catalog)
    assert [p.assessment.id for p in found] == [autumn.id]


def test_versions_without_a_mapping_stay_apart_even_with_the_catalog(catalog):
    five1 = catalog.get("customer-learning-five-stage", "1.0")
    five2 = catalog.get("customer-learning-five-stage", "2.0")
    old, new = made(five1, "2025-01-10", 1), made(five2, "2025-07-10", 2)
    wb = workbook_of(old, new)
    assert not same_series(five2, old, catalog)
    assert len(series_in(wb, catalog)) == 2
    assert [v.id for v in history_views(wb, five2, catalog=catalog)] == [new.id]


def test_history_across_versions_scores_each_assessment_with_its_own_version(catalog):
    old, new = bank(catalog, "1.0"), bank(catalog, "2.0")
    first, second = made(old, "2025-05-10", 2), made(old, "2025-11-10", 2)
    latest = made(new, "2026-05-10", 3)
    wb = workbook_of(first, second, latest)
    views = history_views(wb, new, catalog=catalog)
    assert [(v.id, v.framework.version) for v in views] == [
        (first.id, "1.0"), (second.id, "1.0"), (latest.id, "2.0")]
    assert [v.result.dimension("content").total for v in views] == [7, 7, 8]
    # an older 1.0 Overview sees its own history only up to itself, scored with 1.0
    assert [v.framework.version for v in history_views(wb, old, until=second,
                                                       catalog=catalog)] == ["1.0", "1.0"]


def test_advice_compares_a_2_0_assessment_with_the_1_0_ones_per_function(catalog):
    old, new = bank(catalog, "1.0"), bank(catalog, "2.0")
    first, second = made(old, "2025-05-10", 2), made(old, "2025-11-10", 2)
    latest = made(new, "2026-05-10", 3)
    wb = workbook_of(first, second, latest)
    said = advice.advise(wb, new, latest, catalog=catalog)
    assert said.previous.id == second.id and said.baseline.id == first.id
    assert said.previous.framework.version == "1.0"
    last = said.since_last
    assert last.across_versions and last.overall_change == pytest.approx(1.0)
    # every function of 2.0 gained or split items: each change carries the note
    assert all(f.since_last.items_differ and f.since_last.stage_change == 1
               for f in said.functions)
    content = {d.change: (d.before_items, d.after_items) for d in last.differences_in("content")}
    assert content == {"split": (("content-product-thinking",),
                                 ("content-backlog", "content-outcome-review"))}
    # renamed items are compared one to one under their new id; kept ones by id
    moved = {c.item.id: (c.before, c.after) for c in last.maturity_changes}
    assert moved["delivery-onboarding-link"] == (2, 3) and moved["technology-lms"] == (2, 3)
    assert "delivery-deals" not in moved and "delivery-one-link" not in moved
    # without the catalog the 2.0 assessment has no history: nothing is compared wrongly
    assert advice.advise(wb, new, latest).previous is None


def test_advice_for_the_latest_follows_it_into_the_newer_version(catalog):
    old, new = bank(catalog, "1.0"), bank(catalog, "2.0")
    wb = workbook_of(made(old, "2025-05-10", 2), made(new, "2025-11-10", 3))
    said = advice.advise(wb, old, catalog=catalog)  # "the latest final" is the 2.0 one
    assert said.framework is new and said.current.framework.version == "2.0"


def test_an_assessment_is_never_scored_with_another_version(catalog):
    old, new = bank(catalog, "1.0"), bank(catalog, "2.0")
    spring = made(old, "2025-05-10", 2)
    with pytest.raises(ValueError, match="scored with that version"):
        history.view_assessment(new, spring)
    with pytest.raises(LookupError):
        advice.advise(workbook_of(spring), new, spring)  # no catalog to find 1.0 in
    assert advice.advise(workbook_of(spring), new, spring, catalog=catalog).framework is old
