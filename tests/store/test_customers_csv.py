"""The customer CSV contract: template header, all-or-nothing reading, located problems."""

import csv
import io
from datetime import date

import pytest

from maturity_workbook.core.portfolio import apply_updates, compute_cmi
from maturity_workbook.store.customers_csv import (
    CustomerCsvError, parse_customers_csv, read_customers_csv, template_bytes, template_columns,
    write_template,
)
from maturity_workbook.paths import load_default_cmi_model

TODAY = date(2025, 5, 20)
HEADER = "id,name,email,health,change-readiness,product-usage,ambition,team-skills,size,owner"


@pytest.fixture(scope="module")
def model():
    return load_default_cmi_model()


def parse(text, model, **kwargs):
    return parse_customers_csv(text, model, today=TODAY, label="c.csv", **kwargs)


def problems(text, model):
    with pytest.raises(CustomerCsvError) as info:
        parse(text, model)
    return [str(p) for p in info.value.problems]


def test_template_is_the_contract_header(model, tmp_path):
    assert ",".join(template_columns(model)) == HEADER
    assert template_columns(model, owner=False)[-1] == "size"
    raw = template_bytes(model)
    assert raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"\r\n")
    path = write_template(model, tmp_path / "t.csv")
    assert path.read_bytes() == raw
    # the template reads back as a header with no customers yet
    assert problems(raw.decode("utf-8-sig"), model) == [
        "c.csv:2: there are no customers under the header; add one row per customer"]


def test_a_good_file_gives_every_row(model):
    text = (HEADER + "\n"
            "acme-1,Acme Corp,ops@acme.example,72,4,4,3,3,5,Rita\n"
            "k-7,주식회사 한빛 🚀,,35.5,2,1,2,2,1,\n"
            '"q,1","Quote, ""Inc""",a@b.co,100,5,5,5,5,5,"Ana María"\n'
            "\n")
    parsed = parse(text, model)
    assert [u.id for u in parsed.updates] == ["acme-1", "k-7", "q,1"]
    assert parsed.lines == (2, 3, 4) and parsed.delimiter == ","
    first = parsed.updates[0]
    assert (first.name, first.email, first.owner) == ("Acme Corp", "ops@acme.example", "Rita")
    assert first.scoring.day == TODAY and first.scoring.health == 72
    assert first.scoring.scores == {"change-readiness": 4, "product-usage": 4, "ambition": 3,
                                    "team-skills": 3, "size": 5}
    assert parsed.updates[1].name == "주식회사 한빛 🚀" and parsed.updates[1].email == ""
    assert parsed.updates[2].name == 'Quote, "Inc"'
    assert compute_cmi(model, parsed.updates[2].scoring.scores) == 100


def test_semicolons_bom_crlf_decimal_comma_and_any_column_order(model):
    text = ("\ufeffSize;Team-Skills;Ambition;Product-Usage;Change-Readiness;Health;EMAIL;Name;Id\r\n"
            "1;2;3;4;5;72,5;;مكتب الشرق;ar-1\r\n")
    parsed = parse(text.encode("utf-8"), model)
    update = parsed.updates[0]
    assert parsed.delimiter == ";" and update.name == "مكتب الشرق"
    assert update.scoring.health == 72.5 and update.scoring.scores["size"] == 1
    assert update.owner is None  # no owner column: the workbook keeps what it has


def test_excel_sep_line_is_understood_and_lines_still_count(model):
    text = "sep=;\n" + HEADER.replace(",", ";") + "\nx;X;;50;3;3;3;3;9;\n"
    assert problems(text, model) == [
        "c.csv:3: size is '9'; scores are whole numbers from 1 to 5"]


def test_every_problem_is_reported_with_its_line_and_nothing_is_returned(model):
    text = (HEADER + "\n"
            "a,Good,,50,3,3,3,3,3,\n"
            ",No id,,50,3,3,3,3,3,\n"
            "b,,not-an-email,101,0,3.5,,x,3,\n"
            "c,Too few,,50,3\n"
            "a,Again,,50,3,3,3,3,3,\n"
            "d,Health words,,high,3,3,3,3,3,\n")
    assert problems(text, model) == [
        "c.csv:3: id is empty; every customer needs the id your team knows it by",
        "c.csv:4: name is empty; write the customer's name",
        "c.csv:4: email 'not-an-email' is not an email address (name@example.com); fix it or "
        "leave it empty",
        "c.csv:4: health is '101'; give a number from 0 to 100",
        "c.csv:4: change-readiness is '0'; scores are whole numbers from 1 to 5",
        "c.csv:4: product-usage is '3.5'; scores are whole numbers from 1 to 5",
        "c.csv:4: ambition is empty; score it from 1 to 5",
        "c.csv:4: team-skills is 'x'; scores are whole numbers from 1 to 5",
        "c.csv:5: this row has 5 values but the header has 10; check for a stray comma or quote",
        "c.csv:6: customer 'a' is scored twice for 2025-05-20 (first on line 2); keep one row",
        "c.csv:7: health is 'high'; give a number from 0 to 100",
    ]


def test_multi_line_cells_keep_line_numbers_right(model):
    text = HEADER + '\na,"Two\nlines",,50,3,3,3,3,3,\nb,B,,50,3,3,3,3,6,\n'
    assert problems(text, model) == ["c.csv:4: size is '6'; scores are whole numbers from 1 to 5"]


@pytest.mark.parametrize("header, expected", [
    (HEADER.replace("ambition", "ambtion"), "unknown column 'ambtion'; did you mean 'ambition'?"),
    (HEADER.replace(",size", ""), "the header lacks size; the columns of model 'cmi-default' are "
                                  + HEADER),
    (HEADER + ",owner", "column 'owner' appears twice; keep one"),
    (HEADER + ",", "column 11 has no name; name it or remove it"),
])
def test_header_problems_stop_before_the_rows(model, header, expected):
    assert problems(header + "\nbroken row\n", model) == [f"c.csv:1: {expected}"]


def test_dates_give_history_and_are_checked(model):
    text = (HEADER + ",date\n"
            "a,A,,40,2,2,2,2,2,,2024-01-31\n"
            "a,A,,60,3,3,3,3,3,,2024-06-30\n"
            "b,B,,60,3,3,3,3,3,,\n")
    parsed = parse(text, model)
    assert [u.scoring.day for u in parsed.updates] == [date(2024, 1, 31), date(2024, 6, 30), TODAY]
    history = apply_updates({}, parsed.updates).customers["a"]
    assert [s.health for s in history.scorings] == [40, 60]
    bad = (HEADER + ",date\n"
           "a,A,,40,2,2,2,2,2,,31/01/2024\n"
           "b,B,,40,2,2,2,2,2,,2030-01-01\n")
    assert problems(bad, model) == [
        "c.csv:2: date '31/01/2024' is not a date; write it as YYYY-MM-DD (2024-03-31)",
        "c.csv:3: date 2030-01-01 is after today; a scoring records what was seen"]


def test_files_that_are_not_utf8_text(model, tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + "\na,Caf\xe9,,50,3,3,3,3,3,\n").encode("latin-1"))
    with pytest.raises(CustomerCsvError) as info:
        read_customers_csv(latin, model, today=TODAY)
    assert [str(p) for p in info.value.problems] == [
        f"{latin}:2: the file is not UTF-8 text; save it as CSV UTF-8"]
    utf16 = tmp_path / "u16.csv"
    utf16.write_bytes((HEADER + "\n").encode("utf-16"))
    with pytest.raises(CustomerCsvError, match="looks like UTF-16"):
        read_customers_csv(utf16, model, today=TODAY)
    with pytest.raises(CustomerCsvError, match="cannot read the file"):
        read_customers_csv(tmp_path / "missing.csv", model, today=TODAY)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(CustomerCsvError, match=r"empty.csv:1: the file is empty"):
        read_customers_csv(empty, model, today=TODAY)


def test_our_own_formula_guard_is_undone(model):
    parsed = parse(HEADER + "\na,'=Equals Ltd,,50,3,3,3,3,3,'-minus\n", model)
    assert parsed.updates[0].name == "=Equals Ltd" and parsed.updates[0].owner == "-minus"


def test_round_trip_with_the_csv_module(model):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(template_columns(model))
    names = ["Müller & Söhne; GmbH", 'He said "hi"', "x" * 300, "שלום"]
    for n, name in enumerate(names):
        writer.writerow([f"id{n}", name, f"p{n}@example.org", n * 10, 1, 2, 3, 4, 5, "Owner"])
    parsed = parse(buffer.getvalue(), model)
    assert [u.name for u in parsed.updates] == names


def test_limits_and_odd_numbers(model):
    text = (HEADER + "\n"
            + "x" * 181 + ",Long id,,50,3,3,3,3,3,\n"
            "a," + "n" * 501 + ",,50,3,3,3,3,3,\n"
            "b,B,,nan,3,3,3,3,3,\n"
            "c,C,,inf,3,3,3,3,3,\n"
            "d,D,,-0.5,3,3,3,3,3,\n"
            "e,E,,,3,3,3,3,3,\n")
    assert problems(text, model) == [
        "c.csv:2: id is 181 characters long; keep it to 180",
        "c.csv:3: name is 501 characters long; keep it to 500",
        "c.csv:4: health is 'nan'; give a number from 0 to 100",
        "c.csv:5: health is 'inf'; give a number from 0 to 100",
        "c.csv:6: health is '-0.5'; give a number from 0 to 100",
        "c.csv:7: health is empty; give a number from 0 to 100",
    ]


def test_five_thousand_rows_take_the_same_path_as_one(model):
    rows = "".join(f"id{n},Name {n},n{n}@example.com,{n % 101},{1 + n % 5},2,3,4,5,Owner\n"
                   for n in range(5000))
    parsed = parse(HEADER + "\n" + rows, model)
    assert len(parsed.updates) == 5000 and parsed.lines[-1] == 5001
    assert parsed.updates[4999].scoring.health == 4999 % 101
    broken = HEADER + "\n" + rows + "last,Last,,50,3,3,3,3,0,\n"
    assert problems(broken, model) == [
        "c.csv:5002: size is '0'; scores are whole numbers from 1 to 5"]


def test_the_sample_customer_file_loads_with_a_history(model):
    from maturity_workbook.core.portfolio import movement, placements, quadrant_counts
    from maturity_workbook.resources import resource_path

    parsed = read_customers_csv(resource_path("cmi", "sample-customers.csv"), model,
                                today=TODAY)
    customers = list(apply_updates({}, parsed.updates).customers.values())
    assert len(customers) == 40
    assert sum(len(c.scorings) >= 2 for c in customers) >= 30
    counts = quadrant_counts(model, placements(model, customers))
    assert all(counts.values()) and sum(counts.values()) == 40
    moves = movement(model, customers, since=min(c.scorings[0].day for c in customers))
    assert sum(m.quadrant_changed for m in moves) >= 5
