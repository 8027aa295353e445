"""`summary` prints and `--json`s the advice model: the same bottleneck, findings and thresholds
the Overview shows, and an honest "not known" when a function lacks data."""

import json
import shutil
from datetime import date

import pytest

from maturity_workbook.cli import main
from maturity_workbook.core.advice import advise
from maturity_workbook.core.history import STUCK_THRESHOLD
from maturity_workbook.resources import resource_path
from maturity_workbook.store import WorkbookStore
from tests.thin_data import LONG_NAME, thin_workbook


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert status == 0, err
    return out


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "sample.mwb"
    shutil.copyfile(resource_path("samples", "sample.mwb"), path)
    return path


def advice_of(path):
    """The advice on the latest assessment, as `summary` makes it: that assessment's own
    framework version, and the catalog to compare across versions."""
    from maturity_workbook.paths import load_catalog

    catalog = load_catalog()
    store = WorkbookStore.open(path, read_only=True)
    try:
        latest = store.workbook.latest()
        return advise(store.workbook, catalog.get(latest.framework_id, latest.framework_version),
                      latest, catalog=catalog)
    finally:
        store.close()


def test_thin_data_json_has_no_bottleneck_and_says_why(tmp_path, capsys):
    path = thin_workbook(tmp_path / "thin.mwb")
    data = json.loads(run(capsys, "summary", path, "--json"))
    assert data["bottleneck"] is None and data["bottleneck_reason"] == "insufficient-data"
    first = data["rate_first"]
    assert (first["id"], first["basis"], first["rated"], first["total"]) == (
        "technology", "weakest-when-last-scored", 2, 7)
    assert first["items_needed"] == 2 and first["last_date"] == "2025-05-14"
    assert data["next_steps"] == [] and data["other_steps"] == [] and data["disciplines"] == []
    assert [f["kind"] for f in data["findings"]][0] == "rate-first"
    tech = next(d for d in data["dimensions"] if d["id"] == "technology")
    assert tech["change"] is None and tech["change_kind"] == "no-longer-scored"
    assert data["workbook"]["name"] == LONG_NAME


def test_thin_data_text_never_names_the_next_weakest_as_the_start(tmp_path, capsys):
    out = run(capsys, "summary", thin_workbook(tmp_path / "thin.mwb"))
    assert "Bottleneck: not known" in out
    assert "Rate first: Technology stack (2/7 rated; 2 more items)" in out
    assert "Go-to-market" not in out.split("Bottleneck:")[1].split("\n")[0]
    assert "Next steps:" not in out
    assert "김민준" in out and "مريم الحسيني" in out and "Tom 🚀 Becker" in out


def test_sample_json_is_the_advice_model(sample, capsys):
    data = json.loads(run(capsys, "summary", sample, "--json"))
    advice = advice_of(sample)
    assert data["bottleneck"]["id"] == advice.bottleneck.dimension_id == "technology"
    assert data["bottleneck_reason"] is None and data["rate_first"] is None
    assert [s["item_id"] for s in data["next_steps"]] == [
        s.item_id for s in advice.bottleneck.next_steps]
    assert [(f["kind"], f["id"]) for f in data["findings"]] == [
        (f.kind.value, f.dimension_id) for f in advice.findings]
    assert data["stuck"]["threshold"] == STUCK_THRESHOLD
    assert [s["id"] for s in data["stuck"]["functions"]] == ["technology"]
    assert [r["discipline_id"] for r in data["stuck"]["reinvent"]] == [
        "forecasting", "product-management"]
    assert data["baseline"]["title"] == "Baseline, spring 2025"
    assert data["since_baseline"]["most_improved"]["id"] == "content"
    # the autumn 2026 review (question bank 2.0) against spring 2026 (1.0): strategy rose most;
    # content dipped where 2.0 split one of its questions; technology rose but is stuck
    assert data["framework"]["version"] == "2.0"
    assert data["previous"]["title"] == "Spring review 2026"
    assert data["since_last"]["across_versions"] and data["since_baseline"]["across_versions"]
    assert data["since_last"]["most_improved"]["id"] == "strategy" == \
        advice.since_last.most_improved.dimension_id
    assert data["due"]["status"] in ("ok", "due-soon", "overdue")
    date.fromisoformat(data["due"]["due"])


def test_sample_text_words_the_threshold_from_the_rule(sample, capsys):
    out = run(capsys, "summary", sample)
    # last time and the baseline were both made with 1.0: the versions are said once
    assert out.count("made with version 1.0, this one with 2.0") == 1
    assert "Against last time and the baseline: made with version 1.0" in out
    assert f"moved less than {STUCK_THRESHOLD:g} of a stage" in out
    assert "Key findings:" in out and "Technology stack is the weakest function" in out
    # one discipline's questions appear once, however many stuck functions it helps
    assert out.count("Which course would you retire tomorrow if nobody objected?") == 1


def test_the_table_keeps_its_columns_with_two_digit_item_counts(sample, capsys):
    """Question bank 2.0 has twelve delivery items: "12/12 (100%)" keeps the change column."""
    out = run(capsys, "summary", sample)
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Function"))
    table = lines[start:start + 5]
    assert "12/12 (100%)" in out
    assert len({line.index("Change") if i == 0 else len(line) - 5
                for i, line in enumerate(table)}) == 1, table


def test_dont_know_items_are_listed_to_find_out(tmp_path, capsys):
    from maturity_workbook.core.workbook import UNKNOWN
    from maturity_workbook.paths import load_catalog

    framework = load_catalog().get("customer-education", "1.0")
    store = WorkbookStore.create(tmp_path / "dk.mwb", "Don't know Academy")
    pid = store.add_participant("Ana").id
    a = store.create_assessment(framework, "Review", "2025-05-01", [pid])
    unknown = framework.dimension("delivery").items[0]
    for item in framework.items:
        store.set_rating(a.id, item.id, pid, UNKNOWN if item is unknown else 2)
    store.finalize(a.id)
    store.close()
    data = json.loads(run(capsys, "summary", tmp_path / "dk.mwb", "--json"))
    assert data["to_find_out"] == [{"item_id": unknown.id, "dimension_id": "delivery",
                                    "prompt": unknown.prompt}]
    assert unknown.prompt in run(capsys, "summary", tmp_path / "dk.mwb")


def _rate_all(store, framework, title, day, level_of):
    """A final assessment of `framework` whose one participant rates each item level_of(item)."""
    pid = next(iter(store.workbook.participants), None) or store.add_participant("Ana").id
    a = store.create_assessment(framework, title, day, [pid])
    for item in framework.items:
        store.set_rating(a.id, item.id, pid, level_of(item))
    store.finalize(a.id)
    return a


def test_json_and_text_say_what_each_stage_rests_on(tmp_path, capsys):
    from maturity_workbook.core.workbook import UNKNOWN
    from maturity_workbook.paths import load_catalog

    framework = load_catalog().get("customer-education", "1.0")
    strategy = [i.id for i in framework.dimension("strategy").items]
    technology = [i.id for i in framework.dimension("technology").items]
    levels = dict(zip(strategy, [3, 3, 3, 3, 3, 2, 2]))  # 5 at Scaling, 2 at Performing
    levels |= dict(zip(technology, [1, 2, UNKNOWN, UNKNOWN, UNKNOWN, None, None]))
    with WorkbookStore.create(tmp_path / "basis.mwb", "Basis Academy") as store:
        _rate_all(store, framework, "Review", "2025-05-01", lambda i: levels.get(i.id, 2))
    data = json.loads(run(capsys, "summary", tmp_path / "basis.mwb", "--json"))
    dims = {d["id"]: d for d in data["dimensions"]}
    s = dims["strategy"]
    assert s["stage"]["name"] == "Scaling"
    assert s["level_counts"] == {"1": 0, "2": 2, "3": 5, "4": 0}
    assert (s["at_or_above"], s["rated"], s["below"]) == (5, 7, {"2": 2})
    t = dims["technology"]  # two levels, three don't know, two not applicable: no stage
    assert t["stage"] is None and t["no_stage_reason"] == "too-few-rated"
    assert (t["rated"], t["unknown"], t["not_applicable"], t["at_or_above"]) == (2, 3, 2, 0)
    assert data["bottleneck"] is None and data["bottleneck_reason"] == "insufficient-data"
    assert data["rate_first"]["id"] == "technology"
    assert [x["item_id"] for x in data["to_find_out"]] == technology[2:5]
    out = run(capsys, "summary", tmp_path / "basis.mwb")
    assert ("Business strategy & planning — Scaling: 5 of 7 items at Scaling or above, "
            "2 at Performing") in out
    assert "Technology stack — no stage: 2 of 7 items rated, too few for a stage" in out


def test_a_2_0_summary_compares_with_the_1_0_assessment_and_says_where_items_differ(
        tmp_path, capsys):
    from maturity_workbook.paths import load_catalog

    catalog = load_catalog()
    old = catalog.get("customer-education", "1.0")
    new = catalog.get("customer-education", "2.0")
    with WorkbookStore.create(tmp_path / "versions.mwb", "Versions Academy") as store:
        _rate_all(store, old, "Spring", "2025-05-01", lambda i: 2)
        latest = _rate_all(store, new, "Autumn", "2025-11-01", lambda i: 3)
    data = json.loads(run(capsys, "summary", tmp_path / "versions.mwb", "--json"))
    assert data["framework"]["version"] == "2.0" and data["assessment"]["id"] == latest.id
    assert data["previous"]["title"] == "Spring"
    last = data["since_last"]
    assert last["across_versions"] and last["versions"] == {"reference": "1.0",
                                                            "current": "2.0"}
    assert last["overall_change"] == 1.0
    assert all(d["change"] == 1.0 and d["items_differ"] for d in data["dimensions"])
    content = next(d for d in last["item_differences"] if d["id"] == "content")
    assert content["differences"] == [{"change": "split",
                                       "before_items": ["content-product-thinking"],
                                       "after_items": ["content-backlog",
                                                       "content-outcome-review"]}]
    out = run(capsys, "summary", tmp_path / "versions.mwb")
    assert "Against last time: made with version 1.0, this one with 2.0" in out
    assert "  Content development: 1 split" in out
    assert "  Technology stack: 1 new" in out
