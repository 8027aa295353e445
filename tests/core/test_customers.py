"""Customers, scorings and the portfolio settings as record kinds: their rules, the model a
workbook uses, and the portfolio.Customer values built from them."""

from datetime import date

import pytest

from maturity_workbook.core import customers as C
from maturity_workbook.core import ops
from maturity_workbook.core.cmi import Thresholds
from maturity_workbook.core.errors import OperationError, Problem
from maturity_workbook.core.ops.customer_ops import ScoreCustomer, SetPortfolioSettings
from maturity_workbook.core.workbook import Workbook
from maturity_workbook.resources import resource_path

SCORES = {"change-readiness": 4, "product-usage": 3, "ambition": 3, "team-skills": 2, "size": 3}

OWN_MODEL = """\
format: 1
id: our-own
version: "1.0"
title: Our own model
attribution: {source: "Us"}
qualifiers:
  - {id: usage, name: Usage, weight: 1, levels: {1: a, 2: b, 3: c, 4: d, 5: e}}
  - {id: skills, name: Skills, weight: 1, levels: {1: a, 2: b, 3: c, 4: d, 5: e}}
thresholds: {cmi: 60, health: 40}
quadrants:
  - id: hh
    name: HH
    cmi: high
    health: high
    playbook: {name: P, touch: high-touch, summary: S, actions: [a]}
  - id: hl
    name: HL
    cmi: high
    health: low
    playbook: {name: P, touch: high-touch, summary: S, actions: [a]}
  - id: lh
    name: LH
    cmi: low
    health: high
    playbook: {name: P, touch: tech-touch, summary: S, actions: [a]}
  - id: ll
    name: LL
    cmi: low
    health: low
    playbook: {name: P, touch: tech-touch, summary: S, actions: [a]}
tracks:
  - {id: one, name: One, from: 0, content: [x]}
"""


@pytest.fixture
def catalog(tmp_path):
    user = tmp_path / "cmi"
    user.mkdir()
    (user / "own.yaml").write_text(OWN_MODEL, encoding="utf-8")
    (user / "broken.yaml").write_text("format: 1\nid: Broken Id\n", encoding="utf-8")
    catalog = C.CmiCatalog.load(resource_path("cmi"), [user])
    C.use_catalog(catalog)
    yield catalog
    C.use_catalog(None)


@pytest.fixture
def wb(catalog):
    workbook = Workbook("w", "Portfolio")
    ops.AddRecord(C.CUSTOMERS, {"name": "Harbour Street Accountants",
                                "email": "team@harbour.example", "owner": "Aroha"},
                  "cust-001").apply(workbook)
    return workbook


def test_the_catalog_has_the_bundled_default_and_the_users_model_and_reports_a_broken_file(
        catalog):
    assert [m.id for m in catalog] == ["cmi-default", "our-own"]
    assert catalog.origins == {"cmi-default": "bundled", "our-own": "user"}
    assert len(catalog.broken) == 1 and "broken.yaml" in str(catalog.broken[0])
    assert catalog.get("") is catalog.get("cmi-default")


def test_a_workbook_uses_the_default_model_until_another_is_chosen_and_undo_restores_it(wb):
    assert C.model_id_of(wb) == "cmi-default" and C.model_of(wb).id == "cmi-default"
    assert C.thresholds_of(wb, C.model_of(wb)) == Thresholds(50, 50)
    applied = SetPortfolioSettings({"model_id": "our-own"}).apply(wb)
    assert C.model_of(wb).id == "our-own"
    assert C.thresholds_of(wb, C.model_of(wb)) == Thresholds(60, 40)  # the model's own
    SetPortfolioSettings({"cmi_threshold": 70}).apply(wb)
    assert C.thresholds_of(wb, C.model_of(wb)) == Thresholds(70, 40)
    applied.inverse.apply(wb)
    assert C.model_id_of(wb) == "cmi-default" and C.settings_of(wb) is None
    with pytest.raises(OperationError):
        SetPortfolioSettings({"health_threshold": 101}).apply(wb)
    with pytest.raises(OperationError):
        SetPortfolioSettings({"model_id": "Not A Slug"}).apply(wb)
    assert C.settings_of(wb) is None


def test_an_unknown_model_is_none_not_a_guess(wb):
    SetPortfolioSettings({"model_id": "on-another-laptop"}).apply(wb)
    assert C.model_of(wb) is None


def test_a_scoring_is_checked_against_the_workbooks_model(wb):
    ScoreCustomer("cust-001", "2026-03-01", 76, SCORES).apply(wb)
    record = wb.collection(C.SCORINGS)["cust-001@2026-03-01"]
    assert record.health == 76 and record.scores == SCORES
    bad = [({**SCORES, "size": 6}, Problem.BAD_NUMBER),
           ({**SCORES, "size": 2.5}, Problem.BAD_NUMBER),
           ({**SCORES, "size": True}, Problem.BAD_NUMBER),
           ({**SCORES, "mood": 3}, Problem.BAD_CHOICE),
           ({k: v for k, v in SCORES.items() if k != "size"}, Problem.BAD_NUMBER)]
    for scores, problem in bad:
        with pytest.raises(OperationError) as caught:
            ScoreCustomer("cust-001", "2026-03-02", 50, scores).apply(wb)
        assert caught.value.problem is problem, scores
    with pytest.raises(OperationError):
        ScoreCustomer("cust-001", "2026-03-02", 100.5, SCORES).apply(wb)
    with pytest.raises(OperationError) as caught:
        ScoreCustomer("nobody", "2026-03-02", 50, SCORES).apply(wb)
    assert caught.value.problem is Problem.BAD_REFERENCE
    assert list(wb.collection(C.SCORINGS)) == ["cust-001@2026-03-01"]


def test_without_a_catalog_scores_are_checked_for_their_range_only(wb):
    C.use_catalog(None)
    ScoreCustomer("cust-001", "2026-03-01", 50, {"anything": 2}).apply(wb)
    with pytest.raises(OperationError):
        ScoreCustomer("cust-001", "2026-03-02", 50, {"anything": 0}).apply(wb)


def test_one_scoring_a_day_a_second_replaces_the_first_and_undo_brings_it_back(wb):
    ScoreCustomer("cust-001", "2026-03-01", 76, SCORES).apply(wb)
    again = ScoreCustomer("cust-001", "2026-03-01", 40, {**SCORES, "size": 5}).apply(wb)
    assert len(wb.collection(C.SCORINGS)) == 1
    assert wb.collection(C.SCORINGS)["cust-001@2026-03-01"].health == 40
    again.inverse.apply(wb)
    assert wb.collection(C.SCORINGS)["cust-001@2026-03-01"].scores == SCORES


def test_a_scorings_id_is_its_customer_and_date_and_cannot_drift(wb):
    ScoreCustomer("cust-001", date(2026, 3, 1), 76, SCORES).apply(wb)
    with pytest.raises(OperationError):
        ops.UpdateRecord(C.SCORINGS, "cust-001@2026-03-01", {"date": "2026-03-05"}).apply(wb)
    with pytest.raises(OperationError):
        ops.AddRecord(C.SCORINGS, {"customer_id": "cust-001", "date": "2026-03-05",
                                   "health": 5, "scores": SCORES}, "made-up-id").apply(wb)


def test_an_old_scoring_stays_editable_after_the_model_changed(wb):
    ScoreCustomer("cust-001", "2026-03-01", 76, SCORES).apply(wb)
    SetPortfolioSettings({"model_id": "our-own"}).apply(wb)
    ops.UpdateRecord(C.SCORINGS, "cust-001@2026-03-01", {"health": 80}).apply(wb)  # scores kept
    with pytest.raises(OperationError):  # new scores must fit the model in use
        ops.UpdateRecord(C.SCORINGS, "cust-001@2026-03-01",
                         {"scores": {**SCORES, "size": 4}}).apply(wb)
    ScoreCustomer("cust-001", "2026-04-01", 50, {"usage": 2, "skills": 5}).apply(wb)


def test_a_customers_email_must_look_like_one_and_its_name_is_needed(wb):
    with pytest.raises(OperationError) as caught:
        ops.UpdateRecord(C.CUSTOMERS, "cust-001", {"email": "not an address"}).apply(wb)
    assert caught.value.problem is Problem.BAD_EMAIL
    ops.UpdateRecord(C.CUSTOMERS, "cust-001", {"email": ""}).apply(wb)  # may be empty
    with pytest.raises(OperationError):
        ops.UpdateRecord(C.CUSTOMERS, "cust-001", {"name": "  "}).apply(wb)
    with pytest.raises(OperationError):
        ops.AddRecord(C.CUSTOMERS, {"name": "Too long"}, "x" * 181).apply(wb)


def test_removing_a_customer_removes_its_scorings_and_undo_restores_all(wb):
    ScoreCustomer("cust-001", "2026-03-01", 76, SCORES).apply(wb)
    ScoreCustomer("cust-001", "2026-06-01", 70, SCORES).apply(wb)
    removed = ops.RemoveRecord(C.CUSTOMERS, "cust-001").apply(wb)
    assert not wb.collection(C.CUSTOMERS) and not wb.collection(C.SCORINGS)
    removed.inverse.apply(wb)
    assert len(wb.collection(C.SCORINGS)) == 2


def test_customers_of_builds_portfolio_customers_oldest_scoring_first_without_orphans(wb):
    ScoreCustomer("cust-001", "2026-06-01", 70, SCORES).apply(wb)
    ScoreCustomer("cust-001", "2026-03-01", 76, SCORES).apply(wb)
    ops.AddRecord(C.CUSTOMERS, {"name": "주식회사 한빛 소프트"}, "kr-1").apply(wb)
    ScoreCustomer("kr-1", "2026-03-01", 20, SCORES).apply(wb)
    del wb.collection(C.CUSTOMERS)["kr-1"]  # as a merge may leave it: removed elsewhere
    built = C.customers_of(wb)
    assert [c.id for c in built] == ["cust-001"]
    first = built[0]
    assert first.name == "Harbour Street Accountants" and first.owner == "Aroha"
    assert [s.day for s in first.scorings] == [date(2026, 3, 1), date(2026, 6, 1)]
    assert first.latest.health == 70 and first.latest.scores == SCORES
    assert [s.id for s in C.orphan_scorings(wb)] == ["kr-1@2026-03-01"]
    assert C.latest_scoring(wb, "cust-001").date == "2026-06-01"
