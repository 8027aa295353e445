"""Customers and their scorings in the file: saved and reopened, read by stock TinyDB, merged
from two laptops (the same scoring made on both is one record), carried by the interchange
file, and left alone by a merge that removed a customer on one side."""

import json
import shutil

import pytest

from maturity_workbook.core import customers as C
from maturity_workbook.core.ops import RemoveRecord, UpdateRecord
from maturity_workbook.core.ops.customer_ops import (
    ScoreCustomer, SetPortfolioSettings, add_customer,
)
from maturity_workbook.paths import load_cmi_catalog
from maturity_workbook.store import WorkbookStore
from maturity_workbook.store.export import export_json

SCORES = {"change-readiness": 4, "product-usage": 3, "ambition": 3, "team-skills": 2, "size": 3}


@pytest.fixture(autouse=True)
def catalog():
    yield load_cmi_catalog()
    C.use_catalog(None)


@pytest.fixture
def base(tmp_path):
    store = WorkbookStore.create(tmp_path / "base.mwb", "Portfolio")
    store.apply(add_customer("c-1", "Nordlicht Café GmbH", "hallo@nordlicht.example", "Jonas",
                             ("2026-01-15", 62, SCORES)))
    store.apply(SetPortfolioSettings({"cmi_threshold": 55}))
    store.close()
    return store.path


def test_customers_survive_reopening_and_read_with_stock_tinydb(base):
    from tinydb import TinyDB

    with WorkbookStore.open(base, read_only=True) as store:
        built = C.customers_of(store.workbook)
        assert built[0].name == "Nordlicht Café GmbH" and built[0].latest.scores == SCORES
        assert C.thresholds_of(store.workbook, C.model_of(store.workbook)).cmi == 55
    db = TinyDB(base, access_mode="r", encoding="utf-8")
    assert db.table("customer_scorings").all()[0]["id"] == "c-1@2026-01-15"
    assert db.table("customers").all()[0]["email"] == "hallo@nordlicht.example"
    db.close()


def test_the_same_scoring_made_on_two_laptops_merges_into_one(base, tmp_path):
    left, right = tmp_path / "left.mwb", tmp_path / "right.mwb"
    shutil.copyfile(base, left)
    shutil.copyfile(base, right)
    with WorkbookStore.open(left) as s:
        s.apply(ScoreCustomer("c-1", "2026-06-01", 70, SCORES))
        s.apply(add_customer("c-2", "Kiwi Tax Co", scoring=("2026-06-01", 30, SCORES)))
    with WorkbookStore.open(right) as s:
        s.apply(ScoreCustomer("c-1", "2026-06-01", 70, SCORES))
        s.apply(UpdateRecord(C.CUSTOMERS, "c-1", {"owner": "Mia"}))
    with WorkbookStore.open(base) as s:
        report = s.import_sources([left, right])
        wb = s.workbook
        assert sorted(wb.collection(C.SCORINGS)) == ["c-1@2026-01-15", "c-1@2026-06-01",
                                                     "c-2@2026-06-01"]
        assert wb.collection(C.CUSTOMERS)["c-1"].owner == "Mia"
        assert report.conflicts == []  # the same values on both sides are no conflict
        assert not s.import_sources([left, right]).changed_anything


def test_the_interchange_file_carries_customers_scorings_and_settings(base, tmp_path):
    with WorkbookStore.open(base, read_only=True) as store:
        exported = export_json(store.document(), tmp_path / "p.json")
    data = json.loads(exported.read_bytes())
    assert [r["id"] for r in data["customer_scorings"]] == ["c-1@2026-01-15"]
    assert data["portfolio"][0]["cmi_threshold"] == 55
    fresh = WorkbookStore.create(tmp_path / "fresh.mwb", "Fresh")
    fresh.import_sources([exported])
    assert [c.id for c in C.customers_of(fresh.workbook)] == ["c-1"]
    assert C.settings_of(fresh.workbook).cmi_threshold == 55
    fresh.close()


def test_a_customer_removed_on_one_laptop_and_scored_on_another_still_opens(base, tmp_path):
    left, right = tmp_path / "left.mwb", tmp_path / "right.mwb"
    shutil.copyfile(base, left)
    shutil.copyfile(base, right)
    with WorkbookStore.open(left) as s:
        s.apply(RemoveRecord(C.CUSTOMERS, "c-1"))
    with WorkbookStore.open(right) as s:
        s.apply(ScoreCustomer("c-1", "2026-06-01", 70, SCORES))
    with WorkbookStore.open(base) as s:
        s.import_sources([left, right])
    with WorkbookStore.open(base, read_only=True) as s:
        wb = s.workbook
        if "c-1" in wb.collection(C.CUSTOMERS):  # a merge that keeps what was scored elsewhere
            assert len(C.customers_of(wb)[0].scorings) == 2
        else:  # the removal won: the new scoring is kept aside, and readers leave it out
            assert C.customers_of(wb) == []
            assert [o.id for o in C.orphan_scorings(wb)] == ["c-1@2026-06-01"]
