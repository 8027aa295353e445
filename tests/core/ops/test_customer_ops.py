"""Importing customers as one undoable edit: adds and updates by id, all or nothing, and an undo
that puts back exactly what was there."""

import copy
from datetime import date

import pytest

from maturity_workbook.core import customers as C
from maturity_workbook.core.errors import OperationError
from maturity_workbook.core.ops.customer_ops import (
    ImportCustomers, RemoveCustomers, add_customer, summarize_import,
)
from maturity_workbook.core.portfolio import CustomerUpdate, Scoring
from maturity_workbook.core.workbook import Workbook
from maturity_workbook.resources import resource_path

QUALIFIERS = ("change-readiness", "product-usage", "ambition", "team-skills", "size")


def scores(*values):
    return dict(zip(QUALIFIERS, values))


def update(cid, name, day, health, values=(3, 3, 3, 3, 3), email=None, owner=None):
    return CustomerUpdate(cid, name, Scoring(date.fromisoformat(day), health, scores(*values)),
                          email, owner)


@pytest.fixture(autouse=True)
def catalog():
    C.use_catalog(C.CmiCatalog.load(resource_path("cmi")))
    yield
    C.use_catalog(None)


@pytest.fixture
def wb():
    workbook = Workbook("w", "Portfolio")
    add_customer("known", "Known Ltd", "old@known.example", "Ben",
                 ("2026-01-10", 40, scores(2, 2, 2, 2, 2))).apply(workbook)
    return workbook


def state(wb):
    return {table: copy.deepcopy(wb.collection(table)) for table in (C.CUSTOMERS, C.SCORINGS)}


def test_an_import_adds_new_ids_updates_known_ones_and_keeps_history(wb):
    updates = (update("known", "Known Limited", "2026-02-01", 55, email="new@known.example"),
               update("new-1", "مكتب الشرق للمحاسبة", "2026-01-10", 80, owner="Aroha"),
               update("new-1", "مكتب الشرق للمحاسبة", "2026-02-01", 85, (4, 4, 4, 4, 4)))
    summary = summarize_import(wb, updates)
    assert summary.added == ("new-1",) and summary.updated == ("known",)
    assert (summary.new_scorings, summary.replaced_scorings) == (3, 0)
    before = state(wb)
    applied = ImportCustomers(updates).apply(wb)
    known = wb.collection(C.CUSTOMERS)["known"]
    assert (known.name, known.email, known.owner) == ("Known Limited", "new@known.example", "Ben")
    assert [s.day for s in next(c for c in C.customers_of(wb) if c.id == "known").scorings] == [
        date(2026, 1, 10), date(2026, 2, 1)]
    assert len(next(c for c in C.customers_of(wb) if c.id == "new-1").scorings) == 2
    assert {t.record for t in applied.touched} >= {(C.CUSTOMERS, "new-1"),
                                                    (C.SCORINGS, "new-1@2026-02-01")}
    redo = applied.inverse.apply(wb)  # one undo step puts back exactly what was there
    assert state(wb) == before
    redo.inverse.apply(wb)
    assert set(wb.collection(C.CUSTOMERS)) == {"known", "new-1"}


def test_the_same_file_twice_changes_nothing_the_second_time(wb):
    updates = (update("known", "Known Ltd", "2026-02-01", 55),)
    ImportCustomers(updates).apply(wb)
    assert ImportCustomers(updates).apply(wb) is None
    assert summarize_import(wb, updates).replaced_scorings == 1


def test_a_scoring_on_a_day_already_scored_is_replaced_and_undone(wb):
    before = state(wb)
    applied = ImportCustomers((update("known", "Known Ltd", "2026-01-10", 90,
                                      (5, 5, 5, 5, 5)),)).apply(wb)
    assert wb.collection(C.SCORINGS)["known@2026-01-10"].health == 90
    applied.inverse.apply(wb)
    assert state(wb) == before


def test_one_bad_update_changes_nothing(wb):
    before = state(wb)
    updates = (update("known", "Renamed", "2026-03-01", 50),
               update("fine", "Fine", "2026-03-01", 50),
               update("bad", "Bad", "2026-03-01", 50, (3, 3, 3, 3, 9)))
    with pytest.raises(OperationError):
        ImportCustomers(updates).apply(wb)
    assert state(wb) == before
    with pytest.raises(OperationError):  # a bad email on a known customer, last
        ImportCustomers(updates[:2] + (update("known", "Known", "2026-04-01", 5,
                                              email="nope"),)).apply(wb)
    assert state(wb) == before


def test_remove_customers_takes_their_scorings_and_undo_restores_them(wb):
    ImportCustomers(tuple(update(f"c{n}", f"Customer {n}", "2026-03-01", n) for n in range(20))
                    ).apply(wb)
    before = state(wb)
    applied = RemoveCustomers(("c3", "known")).apply(wb)
    assert "c3@2026-03-01" not in wb.collection(C.SCORINGS)
    assert "known@2026-01-10" not in wb.collection(C.SCORINGS)
    assert len(wb.collection(C.CUSTOMERS)) == 19
    applied.inverse.apply(wb)
    assert state(wb) == before
    with pytest.raises(OperationError):
        RemoveCustomers(("c3", "nobody")).apply(wb)
    assert state(wb) == before


def test_the_store_stamps_and_saves_what_an_import_touched(tmp_path):
    from maturity_workbook.store import WorkbookStore

    store = WorkbookStore.create(tmp_path / "p.mwb", "P")
    store.apply(ImportCustomers((update("a", "Ada's Academy 🎓", "2026-03-01", 61),)))
    store.close()
    with WorkbookStore.open(store.path, read_only=True) as again:
        built = C.customers_of(again.workbook)
    assert built[0].name == "Ada's Academy 🎓" and built[0].latest.health == 61
