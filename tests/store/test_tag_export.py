"""Tag exports: what Intercom's and HubSpot's importers expect, and the plain CSV."""

import csv
import io
from datetime import date

import pytest

from maturity_workbook.core.portfolio import Customer, Scoring
from maturity_workbook.store.tag_export import (
    DUPLICATE_EMAIL, NO_EMAIL, NOT_PLACED, export_tags, tag_column, tag_file,
)
from maturity_workbook.paths import load_default_cmi_model

D1, D2 = date(2024, 1, 10), date(2024, 6, 10)


def scores(value):
    return {q: value for q in ("change-readiness", "product-usage", "ambition", "team-skills",
                               "size")}


@pytest.fixture(scope="module")
def model():
    return load_default_cmi_model()


@pytest.fixture
def customers():
    return [
        Customer("acme", "Acme, \"the\" Corp", "ops@acme.example", "Rita",
                 (Scoring(D1, 20, scores(4)), Scoring(D2, 80, scores(5)))),
        Customer("kr-1", "주식회사 한빛 🚀", "hanbit@example.kr", "",
                 (Scoring(D2, 90, scores(2)),)),
        Customer("noemail", "No Mail Ltd", "", "", (Scoring(D2, 10, scores(1)),)),
        Customer("partial", "Partial", "p@example.com", "", (Scoring(D2, 10, {"size": 1}),)),
        Customer("unscored", "Unscored", "u@example.com"),
        Customer("twin", "=HYPERLINK(\"x\")", "OPS@acme.example", "",
                 (Scoring(D2, 60, scores(3)),)),
    ]


def read(path, encoding="utf-8"):
    raw = path.read_bytes()
    return raw, list(csv.DictReader(io.StringIO(raw.decode(encoding), newline="")))


def test_intercom_user_import(model, customers, tmp_path):
    result = export_tags(model, customers, "intercom", tmp_path / "tags.csv")
    raw, rows = read(result.paths[0])
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    header = raw.decode().splitlines()[0].split(",")
    assert header[:7] == ["user_id", "email", "name", "cmi", "health", "cmi_quadrant",
                          "cmi_track"]
    assert header[7:] == [tag_column(t) for t in model.all_tags]
    assert all(c.replace("_", "").isalnum() and c.islower() for c in header)
    by_id = {r["user_id"]: r for r in rows}
    assert set(by_id) == {"acme", "kr-1", "twin"}
    acme = by_id["acme"]
    assert (acme["cmi"], acme["health"], acme["cmi_quadrant"], acme["cmi_track"]) == \
        ("100", "80", "expand", "mastery")
    assert acme["name"] == 'Acme, "the" Corp'
    assert acme["tag_cmi_expand"] == "true" and acme["tag_cmi_save"] == "false"
    assert acme["tag_track_mastery"] == "true" and acme["tag_tech_touch"] == "false"
    assert by_id["kr-1"]["name"] == "주식회사 한빛 🚀" and by_id["kr-1"]["tag_cmi_nurture"] == "true"
    assert by_id["twin"]["name"].startswith("'=")  # never run as a formula
    assert dict(result.skipped) == {"noemail": NO_EMAIL, "partial": NOT_PLACED,
                                    "unscored": NOT_PLACED}
    assert result.rows == 3


def test_intercom_as_of_an_earlier_date(model, customers, tmp_path):
    result = export_tags(model, customers, "intercom", tmp_path / "t.csv", on=D1)
    _, rows = read(result.paths[0])
    assert [(r["user_id"], r["cmi_quadrant"]) for r in rows] == [("acme", "save")]


def test_intercom_one_file_per_tag(model, customers, tmp_path):
    result = export_tags(model, customers, "intercom", tmp_path / "tags.csv", per_tag=True)
    names = sorted(p.name for p in result.paths)
    assert names == sorted(f"tags-{t}.csv" for t in model.all_tags)
    _, expand = read(tmp_path / "tags-cmi-expand.csv")
    assert [r["user_id"] for r in expand] == ["acme", "twin"]  # twin: CMI 50, health 60
    assert list(expand[0]) == ["user_id", "email", "name"]
    _, nurture = read(tmp_path / "tags-tech-touch.csv")
    assert [r["user_id"] for r in nurture] == ["kr-1"]
    _, save = read(tmp_path / "tags-cmi-save.csv")
    assert save == []  # a tag nobody carries still gets its (empty) file


def test_hubspot_contact_import(model, customers, tmp_path):
    result = export_tags(model, customers, "hubspot", tmp_path / "hs.csv")
    raw, rows = read(result.paths[0])
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert list(rows[0]) == ["Email", "Company name", "CMI", "Health score", "CMI quadrant",
                             "CMI track", "CMI tags"]
    assert rows[0]["Email"] == "ops@acme.example"
    assert rows[0]["CMI tags"] == "cmi-expand;high-touch;track-mastery"
    assert [r["Email"] for r in rows] == ["ops@acme.example", "hanbit@example.kr"]
    # the same address in another case is the same HubSpot contact: the first one wins
    assert ("twin", DUPLICATE_EMAIL) in result.skipped


def test_plain_csv(model, customers, tmp_path):
    result = export_tags(model, customers, "csv", tmp_path / "plain.csv")
    raw, rows = read(result.paths[0], "utf-8-sig")
    assert raw.startswith(b"\xef\xbb\xbf")
    assert list(rows[0]) == ["id", "email", "quadrant", "track", "tags"]
    by_id = {r["id"]: r for r in rows}
    assert by_id["partial"]["quadrant"] == "" and by_id["partial"]["tags"] == ""
    assert by_id["noemail"]["tags"] == "cmi-let-go;tech-touch;track-foundations"
    assert "unscored" not in by_id and result.skipped == (("unscored", NOT_PLACED),)


def test_bad_requests(model, customers, tmp_path):
    with pytest.raises(ValueError, match="unknown tag format 'mailchimp'"):
        export_tags(model, customers, "mailchimp", tmp_path / "x.csv")
    with pytest.raises(ValueError, match="intercom"):
        export_tags(model, customers, "hubspot", tmp_path / "x.csv", per_tag=True)
    with pytest.raises(OSError):
        export_tags(model, customers, "csv", tmp_path / "missing" / "x.csv")
    assert not (tmp_path / "x.csv").exists()


def test_names_of_tag_columns_and_files(tmp_path):
    assert tag_column("cmi-let-go") == "tag_cmi_let_go"
    assert tag_file(tmp_path / "out.csv", "cmi-save") == tmp_path / "out-cmi-save.csv"
    assert tag_file(tmp_path / "out", "x") == tmp_path / "out-x.csv"
