"""A record kind declared in core is saved, reopened, merged and exported with no store code of
its own: one declaration is enough."""

import json
import shutil
from dataclasses import dataclass

import pytest

from maturity_workbook.core import kinds, ops
from maturity_workbook.core.kinds import FieldSpec, FieldType, RecordKind
from maturity_workbook.store import WorkbookStore
from maturity_workbook.store.export import export_json


@dataclass
class Milestone:
    id: str
    title: str
    due: str | None
    weight: float
    done: bool


@pytest.fixture(autouse=True)
def milestones(monkeypatch):
    spec = RecordKind("milestones", Milestone, (
        FieldSpec("title", FieldType.NAME), FieldSpec("due", FieldType.DATE, optional=True),
        FieldSpec("weight", FieldType.NUMBER, default=1.0, low=0, high=100),
        FieldSpec("done", FieldType.BOOL, default=False)), label_field="title")
    monkeypatch.setitem(kinds._KINDS, "milestones", spec)
    return spec


def test_records_survive_close_and_open_and_read_with_stock_tinydb(tmp_path):
    from tinydb import Query, TinyDB

    store = WorkbookStore.create(tmp_path / "k.mwb", "Kinds")
    rid = store.apply(ops.AddRecord("milestones", {"title": "Launch academy 🚀",
                                                   "due": "2026-09-01"})).change.record_id
    store.apply(ops.UpdateRecord("milestones", rid, {"weight": 2.5}))
    store.close()
    again = WorkbookStore.open(store.path, read_only=True)
    assert again.workbook.collection("milestones")[rid] == Milestone(
        rid, "Launch academy 🚀", "2026-09-01", 2.5, False)
    again.close()
    db = TinyDB(store.path, access_mode="r", encoding="utf-8")
    record = db.table("milestones").get(Query().id == rid)
    assert record["title"] == "Launch academy 🚀" and set(record["stamps"]) == {
        "title", "due", "weight", "done"}
    db.close()


def test_a_bad_value_in_the_file_is_located(tmp_path):
    from maturity_workbook.store import CorruptWorkbookError

    store = WorkbookStore.create(tmp_path / "k.mwb", "Kinds")
    store.apply(ops.AddRecord("milestones", {"title": "Plan"}))
    store.close()
    obj = json.loads(store.path.read_bytes())
    next(iter(obj["milestones"].values()))["weight"] = "heavy"
    store.path.write_text(json.dumps(obj), encoding="utf-8")
    before = store.path.read_bytes()
    with pytest.raises(CorruptWorkbookError, match="milestones record 1 has 'weight'"):
        WorkbookStore.open(store.path)
    assert store.path.read_bytes() == before


def test_two_copies_merge_field_by_field_with_conflicts_kept(tmp_path):
    store = WorkbookStore.create(tmp_path / "base.mwb", "Kinds")
    rid = store.apply(ops.AddRecord("milestones", {"title": "Plan"})).change.record_id
    store.close()
    left, right = tmp_path / "left.mwb", tmp_path / "right.mwb"
    shutil.copyfile(store.path, left)
    shutil.copyfile(store.path, right)
    with WorkbookStore.open(left) as s:
        s.apply(ops.UpdateRecord("milestones", rid, {"done": True, "title": "Plan (left)"}))
        s.apply(ops.AddRecord("milestones", {"title": "Only on the left"}))
    with WorkbookStore.open(right) as s:
        s.apply(ops.UpdateRecord("milestones", rid, {"weight": 3, "title": "Plan (right)"}))
    with WorkbookStore.open(store.path) as s:
        report = s.import_sources([left, right])
        merged = s.workbook.collection("milestones")
        assert merged[rid].done is True and merged[rid].weight == 3
        assert merged[rid].title in ("Plan (left)", "Plan (right)")
        assert len(merged) == 2 and len(report.conflicts) == 1
        assert "milestones record" in report.conflicts[0] and "title" in report.conflicts[0]
        again = s.import_sources([left, right])
        assert not again.changed_anything


def test_interchange_round_trip_and_removal(tmp_path):
    store = WorkbookStore.create(tmp_path / "k.mwb", "Kinds")
    keep = store.apply(ops.AddRecord("milestones", {"title": "Keep"})).change.record_id
    gone = store.apply(ops.AddRecord("milestones", {"title": "Gone"})).change.record_id
    exported = export_json(store.document(), tmp_path / "k.json")
    assert {r["title"] for r in json.loads(exported.read_bytes())["milestones"]} == {
        "Keep", "Gone"}
    store.apply(ops.RemoveRecord("milestones", gone))
    store.close()
    fresh = WorkbookStore.create(tmp_path / "fresh.mwb", "Fresh")
    fresh.import_sources([exported])
    assert set(fresh.workbook.collection("milestones")) == {keep, gone}
    fresh.close()
    with WorkbookStore.open(store.path) as s:
        assert set(s.workbook.collection("milestones")) == {keep}
