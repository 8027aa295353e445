"""The workbook commands: new, summary, export, import. One line and a non-zero status on
error, never a traceback."""

import csv
import json
import shutil

import pytest

from maturity_workbook.cli import main
from maturity_workbook.store import WorkbookStore
from maturity_workbook.store.export import RATINGS_COLUMNS, SCORES_COLUMNS, safe_cell
from tests.store.helpers import SAMPLE, content


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "sample.mwb"
    shutil.copyfile(SAMPLE, path)
    return path


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_new_creates_and_refuses_to_overwrite(tmp_path, capsys):
    status, out, err = run(capsys, "new", tmp_path / "acme", "--name", "Acme Academy")
    assert status == 0 and (tmp_path / "acme.mwb").exists()
    assert WorkbookStore.open(tmp_path / "acme.mwb", read_only=True).workbook.name == \
        "Acme Academy"
    before = (tmp_path / "acme.mwb").read_bytes()
    status, out, err = run(capsys, "new", tmp_path / "acme.mwb", "--name", "Other")
    assert status != 0 and err.count("\n") == 1 and "already exists" in err
    assert (tmp_path / "acme.mwb").read_bytes() == before


def test_summary_of_the_sample_prints_stages_and_next_steps(sample, capsys):
    status, out, err = run(capsys, "summary", sample)
    assert status == 0, err
    assert "Spring review 2026" in out
    for name in ("Business strategy & planning", "Content development",
                 "Go-to-market & delivery", "Technology stack"):
        assert name in out
    assert "Overall: Performing" in out
    assert "Bottleneck: Technology stack" in out
    assert "Next steps:" in out and "1." in out


def test_summary_json_is_one_object_with_everything(sample, capsys):
    status, out, err = run(capsys, "summary", sample, "--json")
    data = json.loads(out)
    assert status == 0 and data["assessment"]["status"] == "final"
    dims = {d["id"]: d for d in data["dimensions"]}
    assert set(dims) == {"strategy", "content", "delivery", "technology"}
    assert all({"score", "stage", "coverage"} <= set(d) for d in dims.values())
    assert data["bottleneck"]["id"] == "technology" and data["next_steps"]
    assert data["overall"]["stage"]["name"] == "Performing"


def test_summary_of_a_named_assessment_by_prefix(sample, capsys):
    wb = WorkbookStore.open(sample, read_only=True).workbook
    first = wb.ordered_assessments()[0]
    status, out, err = run(capsys, "summary", sample, "--assessment", first.id[:8], "--json")
    assert status == 0 and json.loads(out)["assessment"]["id"] == first.id
    status, out, err = run(capsys, "summary", sample, "--assessment", "zzzz")
    assert status != 0 and "no assessment" in err and err.count("\n") == 1


def test_summary_says_clearly_when_the_framework_is_unknown(sample, tmp_path, capsys):
    obj = json.loads(sample.read_bytes())
    for record in obj["assessments"].values():
        record["framework_id"] = "someone-elses-model"
    sample.write_text(json.dumps(obj), encoding="utf-8")
    status, out, err = run(capsys, "summary", sample)
    assert status != 0 and "someone-elses-model" in err and "does not know" in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_summary_without_a_final_assessment(tmp_path, capsys):
    run(capsys, "new", tmp_path / "empty.mwb", "--name", "Empty")
    status, out, err = run(capsys, "summary", tmp_path / "empty.mwb")
    assert status != 0 and "no final assessment" in err


@pytest.mark.parametrize("content_bytes, words", [
    (b"", "empty"), (b"{\"workbook\": ", "damaged"), (b"GIF89a", "not a"),
])
def test_errors_are_one_line(tmp_path, capsys, content_bytes, words):
    path = tmp_path / "bad.mwb"
    path.write_bytes(content_bytes)
    for argv in (["summary", path], ["export", path, "--format", "json", "-o",
                                     tmp_path / "x.json"], ["import", path, SAMPLE]):
        status, out, err = run(capsys, *argv)
        assert status != 0 and words in err and err.count("\n") == 1, argv
        assert "Traceback" not in err
    assert path.read_bytes() == content_bytes


def test_export_json_then_import_into_a_new_workbook_round_trips(sample, tmp_path, capsys):
    out_file = tmp_path / "export.json"
    assert run(capsys, "export", sample, "--format", "json", "-o", out_file)[0] == 0
    assert json.loads(out_file.read_bytes())["format"] == "maturity-workbook-interchange"
    run(capsys, "new", tmp_path / "copy.mwb", "--name", "Copy")
    status, out, err = run(capsys, "import", tmp_path / "copy.mwb", out_file)
    assert status == 0 and "added" in out and "backup" in out
    original = WorkbookStore.open(sample, read_only=True).workbook
    copy = WorkbookStore.open(tmp_path / "copy.mwb", read_only=True).workbook
    assert content(copy) == content(original)
    status, out, err = run(capsys, "import", tmp_path / "copy.mwb", out_file, sample)
    assert status == 0 and "nothing new" in out  # A + A = A


def test_import_reports_conflicts(sample, tmp_path, capsys):
    left, right = tmp_path / "left.mwb", tmp_path / "right.mwb"
    shutil.copyfile(sample, left)
    shutil.copyfile(sample, right)
    for path, title in ((left, "Left title"), (right, "Right title")):
        with WorkbookStore.open(path) as s:
            a = s.workbook.latest()
            s.update_assessment(a.id, title=title)
    status, out, err = run(capsys, "import", left, right)
    assert status == 0 and "conflicts: 1" in out and "title" in out


def test_import_refuses_a_workbook_open_elsewhere(sample, tmp_path, capsys):
    holder = WorkbookStore.open(sample)
    try:
        status, out, err = run(capsys, "import", sample, SAMPLE)
        assert status != 0 and len(err.strip().splitlines()) == 1
        assert "open in another" in err and "--wait" in err and "nothing was changed" in err
        assert "window" not in err.split("in another")[0]  # no "kept in this window" talk
    finally:
        holder.close()


def test_import_waits_for_the_other_writer_with_wait(sample, tmp_path, capsys):
    import threading

    other = tmp_path / "other.mwb"
    shutil.copyfile(SAMPLE, other)
    with WorkbookStore.open(other) as s:
        s.set_notes("from the other copy")
    holder = WorkbookStore.open(sample)
    closer = threading.Timer(0.5, holder.close)
    closer.start()
    try:
        status, out, err = run(capsys, "import", sample, other, "--wait", "20")
    finally:
        closer.join()
    assert status == 0, err
    assert WorkbookStore.open(sample, read_only=True).workbook.notes == "from the other copy"


def test_export_csv_writes_the_documented_pair(sample, tmp_path, capsys):
    status, out, err = run(capsys, "export", sample, "--format", "csv", "-o",
                           tmp_path / "northwind.csv")
    assert status == 0, err
    ratings_path = tmp_path / "northwind-ratings.csv"
    scores_path = tmp_path / "northwind-scores.csv"
    assert str(ratings_path) in out and str(scores_path) in out
    with ratings_path.open(encoding="utf-8-sig", newline="") as f:
        ratings = list(csv.DictReader(f))
    with scores_path.open(encoding="utf-8-sig", newline="") as f:
        scores = list(csv.DictReader(f))
    assert list(ratings[0]) == RATINGS_COLUMNS and list(scores[0]) == SCORES_COLUMNS
    wb = WorkbookStore.open(sample, read_only=True).workbook
    items = {"1.0": 29, "2.0": 37}  # question bank 1.0 and 2.0 (the sample's autumn 2026)
    expected = sum(items[a.framework_version] * len(a.participant_ids)
                   for a in wb.assessments.values())
    assert len(ratings) == expected  # assessment x item of its version x participant
    assert len(scores) == 4 * 4  # assessment x dimension
    for day, version in (("2026-05-13", "1.0"), ("2026-11-11", "2.0")):
        rows = [r for r in scores if r["assessment_date"] == day]
        assert {r["framework_version"] for r in rows} == {version}
        assert {r["dimension_id"]: r["bottleneck"] for r in rows}["technology"] == "yes"
    assert any(r["rating"] == "n/a" for r in ratings)


def test_export_refuses_to_overwrite_a_workbook(sample, tmp_path, capsys):
    before = sample.read_bytes()
    status, out, err = run(capsys, "export", sample, "--format", "json", "-o", sample)
    assert status != 0 and sample.read_bytes() == before


def test_csv_cells_never_run_as_formulas():
    assert safe_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert safe_cell("+1") == "'+1" and safe_cell("plain") == "plain"


def test_import_into_a_hard_linked_workbook_says_why_in_one_line(sample, tmp_path, capsys):
    import os

    os.link(sample, tmp_path / "other-name.mwb")
    before = sample.read_bytes()
    status, out, err = run(capsys, "import", sample, SAMPLE)
    assert status != 0 and len(err.strip().splitlines()) == 1
    assert "hard links" in err and "nothing was changed" in err
    assert sample.read_bytes() == before


def test_csv_keeps_not_applicable_and_dont_know_apart(tmp_path, capsys):
    from maturity_workbook.core.workbook import UNKNOWN
    from maturity_workbook.paths import load_catalog

    framework = load_catalog().get("customer-education", "2.0")
    items = framework.dimension("technology").items
    with WorkbookStore.create(tmp_path / "apart.mwb", "Apart Academy") as store:
        pid = store.add_participant("김민준").id
        a = store.create_assessment(framework, "Review", "2026-05-01", [pid])
        for n, item in enumerate(items):
            store.set_rating(a.id, item.id, pid, UNKNOWN if n < 2 else None if n < 3 else 2)
    status, out, err = run(capsys, "export", tmp_path / "apart.mwb", "--format", "csv", "-o",
                           tmp_path / "apart.csv")
    assert status == 0, err
    with (tmp_path / "apart-ratings.csv").open(encoding="utf-8-sig", newline="") as f:
        agreed = [r["agreed"] for r in csv.DictReader(f) if r["dimension_id"] == "technology"]
    assert agreed[:4] == ["don't know", "don't know", "n/a", "2"]
    with (tmp_path / "apart-scores.csv").open(encoding="utf-8-sig", newline="") as f:
        tech = next(r for r in csv.DictReader(f) if r["dimension_id"] == "technology")
    assert (tech["unknown_items"], tech["not_applicable_items"], tech["rated_items"],
            tech["total_items"]) == ("2", "1", str(len(items) - 3), str(len(items)))
