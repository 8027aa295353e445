"""The plan in the file: goals, metrics, values, actions and phases are saved, reopened, exported in
the interchange file and merged like assessments (idempotent, order-free, conflicts kept); CSV
export writes the actions and metrics files; `summary` carries the goal and the actions."""

import csv
import json
import shutil

import pytest

from maturity_workbook.cli import main
from maturity_workbook.core import ops, plan
from maturity_workbook.core.ops import plan_ops
from maturity_workbook.core.plan import ACTIONS, ACTUALS, GOALS, METRICS, PHASES
from maturity_workbook.paths import load_catalog
from maturity_workbook.store import WorkbookStore
from maturity_workbook.store.export import export_json
from maturity_workbook.store.plan_export import ACTIONS_COLUMNS, METRICS_COLUMNS

TABLES = (GOALS, METRICS, ACTUALS, ACTIONS, PHASES)


def plan_content(wb):
    """Every plan record as comparable values."""
    return {t: {rid: repr(r) for rid, r in wb.collection(t).items()} for t in TABLES}


@pytest.fixture(scope="module")
def framework():
    return load_catalog().get("customer-education", "1.0")


@pytest.fixture
def planned(tmp_path, framework):
    """A workbook with two final assessments, a goal with two metrics and their values, a phase
    and three actions; returns its path and the ids that matter."""
    store = WorkbookStore.create(tmp_path / "plan.mwb", "Plan ✓ 한국어")
    pid = store.add_participant("Maya Okafor", "Lead").id
    first = store.create_assessment(framework, "Spring", "2025-05-14", [pid])
    store.finalize(first.id)
    second = store.create_assessment(framework, "Autumn", "2025-11-12", [pid])
    store.finalize(second.id)
    gid = store.apply(ops.AddRecord(GOALS, {
        "priority": "renewals", "statement": "Trained accounts renew at 92% — «ça marche»",
        "since": "2025-05-01"})).change.record_id
    completion = store.apply(ops.AddRecord(METRICS, {
        "goal_id": gid, "name": "Onboarding completion", "unit": "%", "baseline": 34,
        "baseline_date": "2025-05-14", "target": 70, "target_date": "2026-12-31",
        "source": "=LMS export", "position": 0})).change.record_id
    tickets = store.apply(ops.AddRecord(METRICS, {
        "goal_id": gid, "name": "تذاكر الدعم per 100 accounts", "baseline": 42, "target": 30,
        "position": 1})).change.record_id
    store.apply(plan_ops.SetActual(completion, first.id, 34))
    store.apply(plan_ops.SetActual(completion, second.id, 41.5))
    store.apply(plan_ops.SetActual(tickets, second.id, 39))
    phase = store.apply(ops.AddRecord(PHASES, {"targets": {"technology": 2}})).change.record_id
    done = store.apply(plan_ops.AddAction({"title": "Template library", "dimension_id": "content",
                                           "owner": "Daniel", "due": "2025-09-30"},
                                          "2025-05-20")).change.record_id
    store.apply(plan_ops.UpdateAction(done, {"status": plan.DONE}, "2025-09-01"))
    store.apply(plan_ops.AddAction({"title": "Pick an LMS 🚀", "dimension_id": "technology",
                                    "owner": "Tom", "due": "2026-03-31", "phase_id": phase,
                                    "status": plan.IN_PROGRESS}, "2025-11-12"))
    store.apply(plan_ops.AddAction({"title": "Write the education charter",
                                    "dimension_id": plan.PROGRAM}, "2025-11-12"))
    store.close()
    return store.path, {"goal": gid, "completion": completion, "tickets": tickets,
                        "first": first.id, "second": second.id, "phase": phase, "done": done}


def test_the_plan_survives_close_and_open(planned):
    path, ids = planned
    wb = WorkbookStore.open(path, read_only=True).workbook
    assert plan.current_goal(wb).statement.endswith("«ça marche»")
    assert [m.name for m in plan.metrics_of(wb, ids["goal"])][0] == "Onboarding completion"
    assert [p.value for p in plan.metric_trend(wb, wb.collection(METRICS)[ids["completion"]])
            ] == [34, 41.5]
    assert len(wb.collection(ACTIONS)) == 3 and wb.collection(PHASES)[ids["phase"]].targets == {
        "technology": 2}
    obj = json.loads(path.read_bytes())  # one table per kind, as stock TinyDB reads it
    assert {"goals", "metrics", "metric_actuals", "actions", "phases"} <= set(obj)


def test_interchange_round_trip_is_idempotent(planned, tmp_path):
    path, _ = planned
    with WorkbookStore.open(path) as store:
        exported = export_json(store.document(), tmp_path / "plan.json")
        original = plan_content(store.workbook)
    data = json.loads(exported.read_bytes())
    assert len(data["metric_actuals"]) == 3 and len(data["actions"]) == 3
    fresh = WorkbookStore.create(tmp_path / "fresh.mwb", "Fresh")
    report = fresh.import_sources([exported])
    assert report.changed_anything and plan_content(fresh.workbook) == original
    again = fresh.import_sources([exported, path])
    assert not again.changed_anything and not again.conflicts
    fresh.close()
    reopened = WorkbookStore.open(fresh.path, read_only=True).workbook
    assert plan_content(reopened) == original


def _two_laptops(path, tmp_path):
    left, right = tmp_path / "left.mwb", tmp_path / "right.mwb"
    shutil.copyfile(path, left)
    shutil.copyfile(path, right)
    return left, right


def test_two_laptops_merge_in_either_order_with_conflicts_kept(planned, tmp_path):
    path, ids = planned
    left, right = _two_laptops(path, tmp_path)
    with WorkbookStore.open(left) as s:
        s.apply(ops.UpdateRecord(GOALS, ids["goal"], {"statement": "Renewals reach 92%"}))
        s.apply(plan_ops.SetActual(ids["tickets"], ids["first"], 44))  # new on the left
        s.apply(plan_ops.SetActual(ids["completion"], ids["second"], 42))  # conflict
        s.apply(plan_ops.AddAction({"title": "Left only", "dimension_id": "delivery"},
                                   "2026-01-05"))
    with WorkbookStore.open(right) as s:
        s.apply(ops.UpdateRecord(METRICS, ids["completion"], {"target": 75}))
        s.apply(plan_ops.SetActual(ids["completion"], ids["second"], 43))  # conflict
        s.apply(plan_ops.SetPhaseTarget(ids["phase"], "content", 4))
        s.apply(plan_ops.AddAction({"title": "Right only", "dimension_id": "strategy"},
                                   "2026-01-06"))
    results = []
    for order in ([left, right], [right, left]):
        target = tmp_path / f"merged-{order[0].stem}.mwb"
        shutil.copyfile(path, target)
        with WorkbookStore.open(target) as s:
            report = s.import_sources(order)
            wb = s.workbook
            assert len(report.conflicts) == 1 and "metric_actuals record" in report.conflicts[0]
            assert s.document().raw["conflicts"]  # the other value is kept
            assert plan.current_goal(wb).statement == "Renewals reach 92%"
            assert wb.collection(METRICS)[ids["completion"]].target == 75
            assert wb.collection(PHASES)[ids["phase"]].targets == {"technology": 2, "content": 4}
            assert {a.title for a in wb.collection(ACTIONS).values()} >= {"Left only",
                                                                          "Right only"}
            assert len(wb.collection(ACTUALS)) == 4  # one record per metric x assessment
            again = s.import_sources(order)
            assert not again.changed_anything
            results.append(plan_content(wb))
    assert results[0] == results[1]


def test_removed_on_one_laptop_and_changed_on_the_other_is_kept_whole(planned, tmp_path):
    path, ids = planned
    left, right = _two_laptops(path, tmp_path)
    with WorkbookStore.open(left) as s:
        s.apply(ops.RemoveRecord(ACTIONS, ids["done"]))
        s.apply(plan_ops.RemoveGoal(ids["goal"]))
    with WorkbookStore.open(right) as s:
        s.apply(plan_ops.UpdateAction(ids["done"], {"owner": "Priya"}, "2026-01-10"))
    with WorkbookStore.open(path) as s:
        report = s.import_sources([left, right])
        kept = s.workbook.collection(ACTIONS)[ids["done"]]
        assert (kept.title, kept.owner) == ("Template library", "Priya")
        assert any("deleted on one copy" in line for line in report.conflicts)
        assert ids["goal"] not in s.workbook.collection(GOALS)  # nobody changed it: removed
    reopened = WorkbookStore.open(path, read_only=True).workbook  # the file reads back
    assert reopened.collection(ACTIONS)[ids["done"]].owner == "Priya"


def test_csv_export_writes_the_actions_and_metrics_files(planned, tmp_path, capsys):
    path, ids = planned
    status = main(["export", str(path), "--format", "csv", "-o", str(tmp_path / "out.csv")])
    out = capsys.readouterr().out
    assert status == 0
    for name in ("ratings", "scores", "actions", "metrics"):
        assert f"out-{name}.csv" in out
    with open(tmp_path / "out-actions.csv", encoding="utf-8-sig", newline="") as f:
        actions = list(csv.DictReader(f))
    assert list(actions[0]) == ACTIONS_COLUMNS
    by_title = {row["title"]: row for row in actions}
    lms = by_title["Pick an LMS 🚀"]
    assert (lms["function_id"], lms["function_name"], lms["owner"], lms["due"],
            lms["status"], lms["phase_horizon"]) == (
        "technology", "Technology stack", "Tom", "2026-03-31", "in progress",
        plan.NEXT_REASSESSMENT)
    assert by_title["Template library"]["status_changed"] == "2025-09-01"
    assert by_title["Write the education charter"]["function_id"] == ""
    with open(tmp_path / "out-metrics.csv", encoding="utf-8-sig", newline="") as f:
        metrics = list(csv.DictReader(f))
    assert list(metrics[0]) == METRICS_COLUMNS
    completion = [r for r in metrics if r["metric_id"] == ids["completion"]]
    assert [(r["assessment_title"], r["actual"]) for r in completion] == [
        ("Spring", "34"), ("Autumn", "41.5")]
    assert completion[0]["source"] == "'=LMS export"  # never a formula
    assert completion[0]["priority"] == "Higher renewal rates"
    tickets = [r for r in metrics if r["metric_id"] == ids["tickets"]]
    assert [r["actual"] for r in tickets] == ["", "39"]  # a gap stays a gap


def test_summary_json_has_the_goal_and_the_actions(planned, capsys):
    path, ids = planned
    assert main(["summary", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    goal = data["goal"]
    assert (goal["priority"], goal["priority_id"]) == ("Higher renewal rates", "renewals")
    assert goal["statement"].startswith("Trained accounts")
    completion = goal["metrics"][0]
    assert {k: completion[k] for k in ("name", "unit", "baseline", "target")} == {
        "name": "Onboarding completion", "unit": "%", "baseline": 34, "target": 70}
    assert [v["value"] for v in completion["actuals"]] == [34, 41.5]
    assert [a["title"] for a in data["actions"]] == [
        "Template library", "Pick an LMS 🚀", "Write the education charter"]  # framework order
    lms = data["actions"][1]
    assert {k: lms[k] for k in ("title", "function", "owner", "due", "status")} == {
        "title": "Pick an LMS 🚀", "function": "Technology stack", "owner": "Tom",
        "due": "2026-03-31", "status": "in-progress"}
    assert lms["overdue"] is True  # due in March 2026, still in progress

    assert main(["summary", str(path), "--assessment", ids["first"][:8], "--json"]) == 0
    earlier = json.loads(capsys.readouterr().out)["goal"]["metrics"][0]["actuals"]
    assert [v["value"] for v in earlier] == [34]  # values up to that assessment

    assert main(["summary", str(path)]) == 0
    text = capsys.readouterr().out
    assert "Goal: Higher renewal rates: Trained accounts" in text
    assert "Onboarding completion (%): baseline 34, target 70; 34 → 41.5" in text
    assert "Actions: 2 open (1 overdue), 1 done, 0 dropped" in text


def test_summary_of_a_workbook_without_a_plan_says_null(tmp_path, framework, capsys):
    store = WorkbookStore.create(tmp_path / "bare.mwb", "Bare")
    a = store.create_assessment(framework, "Only", "2026-05-01", [])
    store.finalize(a.id)
    store.close()
    assert main(["summary", str(store.path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["goal"] is None and data["actions"] == []
    assert main(["summary", str(store.path)]) == 0
    assert "Goal:" not in capsys.readouterr().out
