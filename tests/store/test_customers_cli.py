"""The `customers` command line, as the issue's contract says: template, import (all or
nothing, every problem as FILE:LINE: message, exit 2), list (--json), export-tags."""

import csv
import io
import json
import subprocess
import sys

import pytest

from maturity_workbook.cli import main
from maturity_workbook.core import customers as C
from maturity_workbook.store import WorkbookStore
from tests.store.helpers import ROOT

SAMPLE_CSV = ROOT / "resources" / "cmi" / "sample-customers.csv"
HEADER = "id,name,email,health,change-readiness,product-usage,ambition,team-skills,size,owner"


@pytest.fixture(autouse=True)
def no_installed_catalog():
    yield
    C.use_catalog(None)


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "Acme Academy.mwb"
    WorkbookStore.create(path, "Acme Academy").close()
    return path


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def test_template_writes_the_header_of_the_workbooks_model(workbook, tmp_path, capsys):
    status, out, err = run(capsys, "customers", "template", workbook, "-o", tmp_path / "t.csv")
    assert status == 0, err
    assert (tmp_path / "t.csv").read_bytes().decode("utf-8-sig").splitlines() == [HEADER]
    status, out, err = run(capsys, "customers", "template", workbook, "-o", tmp_path / "x.mwb")
    assert status == 1 and err.count("\n") == 1 and not (tmp_path / "x.mwb").exists()


def test_import_adds_then_updates_by_id_and_list_shows_every_customer(workbook, tmp_path,
                                                                      capsys):
    status, out, err = run(capsys, "customers", "import", workbook, SAMPLE_CSV)
    assert status == 0, err
    assert "40 customer(s) added" in out and "116 scoring(s) added" in out
    status, out, err = run(capsys, "customers", "list", workbook, "--json")
    listed = json.loads(out)
    assert len(listed) == 40 and [c["id"] for c in listed] == sorted(c["id"] for c in listed)
    first = listed[0]
    assert {"id", "name", "cmi", "health", "quadrant", "track", "tags"} <= set(first)
    assert first["id"] == "cust-001" and first["scored"] == "2025-02-14"
    assert first["quadrant"] in {"expand", "save", "nurture", "let-go"}
    assert first["tags"][0].startswith("cmi-") and first["tags"][-1].startswith("track-")
    update = tmp_path / "update.csv"
    update.write_text(HEADER + "\ncust-001,Harbour Street Accountants Ltd,,12,1,1,1,1,1,\n"
                      "new-9,Ōsaka Ledger Partners,osaka@ledger.example,80,5,5,5,5,5,Ken\n",
                      encoding="utf-8")
    status, out, err = run(capsys, "customers", "import", workbook, update)
    assert status == 0 and "1 customer(s) added, 1 updated" in out
    status, out, err = run(capsys, "customers", "list", workbook, "--json")
    by_id = {c["id"]: c for c in json.loads(out)}
    assert by_id["cust-001"]["name"] == "Harbour Street Accountants Ltd"
    assert by_id["cust-001"]["cmi"] == 0 and by_id["cust-001"]["quadrant"] == "let-go"
    assert by_id["new-9"]["cmi"] == 100 and by_id["new-9"]["track"] == "mastery"
    status, out, err = run(capsys, "customers", "list", workbook, "--on", "2024-03-01")
    new_line = next(line for line in out.splitlines() if line.startswith("new-9"))
    assert status == 0 and new_line.split()[-5:] == ["-"] * 5  # not scored by then
    assert "41 customer(s), 36 placed" in out  # 4 of the sample joined later


def test_a_bad_csv_changes_nothing_and_lists_every_problem(workbook, tmp_path, capsys):
    run(capsys, "customers", "import", workbook, SAMPLE_CSV)
    before = workbook.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\nok-1,Fine Co,fine@co.example,50,3,3,3,3,3,\n"
                   "x-1,Bad Health,,120,3,3,3,3,3,\n"
                   "x-2,Bad Score,,50,3,3,3,3,6,\n"
                   ",No Id,,50,3,3,3,3,3,\n", encoding="utf-8")
    status, out, err = run(capsys, "customers", "import", workbook, bad)
    assert status == 2 and out == ""
    problems = [line for line in err.splitlines() if line.startswith(f"{bad}:")]
    assert [p.split(":")[1] for p in problems] == ["3", "4", "5"]
    assert "health" in problems[0] and "size" in problems[1] and "id" in problems[2]
    assert "nothing was imported" in err
    assert workbook.read_bytes() == before


def test_bom_and_semicolons_are_read(workbook, tmp_path, capsys):
    semicolons = tmp_path / "excel.csv"
    semicolons.write_bytes(("\ufeff" + HEADER.replace(",", ";") + "\r\n"
                            "de-1;Nordlicht Café GmbH;hallo@nordlicht.example;72,5;4;4;3;3;2;"
                            "Jonas\r\n").encode("utf-8"))
    status, out, err = run(capsys, "customers", "import", workbook, semicolons)
    assert status == 0, err
    status, out, err = run(capsys, "customers", "list", workbook, "--json")
    (only,) = json.loads(out)
    assert only["name"] == "Nordlicht Café GmbH" and only["health"] == 72.5


def test_export_tags_in_each_format_and_says_what_was_skipped(workbook, tmp_path, capsys):
    run(capsys, "customers", "import", workbook, SAMPLE_CSV)
    status, out, err = run(capsys, "customers", "export-tags", workbook, "--format", "csv",
                           "-o", tmp_path / "tags.csv")
    assert status == 0 and len(rows(tmp_path / "tags.csv")) == 40
    assert list(rows(tmp_path / "tags.csv")[0]) == ["id", "email", "quadrant", "track", "tags"]
    status, out, err = run(capsys, "customers", "export-tags", workbook, "--format", "hubspot",
                           "-o", tmp_path / "hubspot.csv")
    hub = rows(tmp_path / "hubspot.csv")
    assert status == 0 and hub and all(r["Email"] for r in hub)
    assert "skipped 3 customer(s)" in err and "without an email" in err
    status, out, err = run(capsys, "customers", "export-tags", workbook, "--format", "intercom",
                           "-o", tmp_path / "intercom.csv")
    inter = rows(tmp_path / "intercom.csv")
    assert status == 0 and {"user_id", "email", "tag_cmi_expand"} <= set(inter[0])
    status, out, err = run(capsys, "customers", "export-tags", workbook, "--format", "intercom",
                           "--per-tag", "-o", tmp_path / "seg.csv")
    assert status == 0 and (tmp_path / "seg-cmi-expand.csv").exists()
    status, out, err = run(capsys, "customers", "export-tags", workbook, "--format", "csv",
                           "--per-tag", "-o", tmp_path / "x.csv")
    assert status == 1 and "intercom" in err


def test_a_workbook_with_an_unknown_model_says_where_its_file_goes(workbook, capsys):
    from maturity_workbook.core.ops.customer_ops import SetPortfolioSettings
    from maturity_workbook.paths import user_cmi_dir

    with WorkbookStore.open(workbook) as store:
        store.apply(SetPortfolioSettings({"model_id": "elsewhere"}))
    status, out, err = run(capsys, "customers", "list", workbook)
    assert status == 1 and "'elsewhere'" in err and str(user_cmi_dir()) in err


def test_import_into_a_workbook_open_elsewhere_waits_or_refuses(workbook, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "\na-1,Ada,,50,3,3,3,3,3,\n", encoding="utf-8")
    holder = WorkbookStore.open(workbook)
    try:
        status, out, err = run(capsys, "customers", "import", workbook, good)
        assert status == 1 and "--wait" in err and "nothing was changed" in err
    finally:
        holder.close()
    assert not C.customers_of(WorkbookStore.open(workbook, read_only=True).workbook)


def test_5000_customers_import_and_list(workbook, tmp_path, capsys):
    from maturity_workbook.paths import load_default_cmi_model
    from tests.charts.portfolio_data import make_portfolio

    model = load_default_cmi_model()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADER.split(","))
    for c in make_portfolio(model, 5000):
        latest = c.latest
        writer.writerow([c.id, c.name, c.email, latest.health,
                         *(latest.scores[q] for q in model.qualifier_ids), c.owner])
    big = tmp_path / "big.csv"
    big.write_text(buffer.getvalue(), encoding="utf-8")
    status, out, err = run(capsys, "customers", "import", workbook, big)
    assert status == 0 and "5000 customer(s) added" in out, err
    status, out, err = run(capsys, "customers", "list", workbook, "--json")
    assert len(json.loads(out)) == 5000


def test_the_installed_command_runs_without_a_display(workbook, tmp_path):
    result = subprocess.run([sys.executable, "-m", "maturity_workbook", "customers", "import",
                             str(workbook), str(SAMPLE_CSV)], capture_output=True, text=True,
                            cwd=ROOT, env={"PYTHONPATH": str(ROOT / "desktop"),
                                           "MATURITY_WORKBOOK_DATA_DIR": str(tmp_path / "d"),
                                           "PATH": ""}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "PySide6" not in result.stderr
