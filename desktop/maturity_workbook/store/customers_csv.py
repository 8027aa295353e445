"""The customer CSV contract: the template a team fills in, and reading it back all-or-nothing.

Columns (header names are matched without regard to case or surrounding spaces, in any order):
  id, name, email, health        required; health is a number from 0 to 100, email may be empty
  one column per qualifier id    required; a whole number from 1 to 5
  owner                          optional; who looks after the customer
  date                           optional; the scoring date as YYYY-MM-DD (default: today)

The file is UTF-8 with or without a byte-order mark, separated by commas or semicolons (Excel in
many European locales writes semicolons, and a decimal comma in health then reads as well). An
Excel `sep=;` first line is understood.

Reading is all-or-nothing: every problem in the file is collected as `FILE:LINE: message` and the
caller gets either every row or a CustomerCsvError, never a part. The rows are returned as
core.portfolio.CustomerUpdate values; applying them to a workbook is an operation of the store.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from maturity_workbook.core.cmi import CmiModel
from maturity_workbook.core.framework import Problem
from maturity_workbook.core.portfolio import CustomerUpdate, Scoring, gc_paused
from maturity_workbook.core.safe_read import read_regular
from maturity_workbook.store.atomic import write_atomic

REQUIRED = ("id", "name", "email", "health")
OPTIONAL = ("owner", "date")
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ID_LENGTH = 180  # a scoring's record id, `<customer id>@<YYYY-MM-DD>`, stays within 200
MAX_TEXT_LENGTH = 500
_SCORE = {str(n): n for n in range(1, 6)}
_EMAIL_TEXT = r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+"
_EMAIL = re.compile(_EMAIL_TEXT)
_EMAILS = re.compile(rf"(?:(?:{_EMAIL_TEXT})?\n)*(?:{_EMAIL_TEXT})?")  # one per line, or none
_FORMULA_ESCAPED = ("'=", "'+", "'-", "'@")  # how our own exports protect such cells


@dataclass(frozen=True)
class ParsedCustomers:
    updates: tuple[CustomerUpdate, ...]
    lines: tuple[int, ...]  # the line each update starts on, for messages after parsing
    delimiter: str
    columns: tuple[str, ...]  # the header as read, normalised (lower case, stripped)


class CustomerCsvError(Exception):
    """A customer CSV that cannot be imported; carries every problem found, each with its line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# ------------------------------------------------------------------------------------ template


def template_columns(model: CmiModel, owner: bool = True) -> list[str]:
    """`id,name,email,health`, one column per qualifier id, then `owner`."""
    return [*REQUIRED, *model.qualifier_ids, *(("owner",) if owner else ())]


def template_bytes(model: CmiModel, owner: bool = True) -> bytes:
    """The template file: the header line, UTF-8 with a BOM so spreadsheets read accents."""
    return (",".join(template_columns(model, owner)) + "\r\n").encode("utf-8-sig")


def write_template(model: CmiModel, path: str | Path, owner: bool = True) -> Path:
    """Write the template atomically; raises OSError when the folder cannot be written."""
    path = Path(path)
    write_atomic(path, template_bytes(model, owner))
    return path


# ------------------------------------------------------------------------------------- reading


def read_customers_csv(path: str | Path, model: CmiModel, *, today: date | None = None,
                       label: str | None = None) -> ParsedCustomers:
    """Read and check a customer CSV file; raises CustomerCsvError listing every problem."""
    path = Path(path)
    label = label or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CustomerCsvError([Problem(label, 1, f"the file is {size:,} bytes; a customer "
                                                      f"list is at most {MAX_FILE_BYTES:,}")])
        data = read_regular(path, MAX_FILE_BYTES)  # no FIFO, device or folder; capped
    except OSError as exc:
        raise CustomerCsvError([Problem(label, 1, f"cannot read the file: "
                                                  f"{exc.strerror or exc}")]) from None
    return parse_customers_csv(data, model, today=today, label=label)


def parse_customers_csv(data: bytes | str, model: CmiModel, *, today: date | None = None,
                        label: str = "<customers.csv>") -> ParsedCustomers:
    """Check CSV bytes (or text) against the model; raises CustomerCsvError listing every
    problem, so nothing is imported from a file with a bad row."""
    today = today or date.today()
    text = _decode(data, label)
    skipped, delimiter, text = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    problems: list[Problem] = []
    try:
        header = next(reader)
    except StopIteration:
        header = []
    except csv.Error as exc:
        raise CustomerCsvError([Problem(label, 1 + skipped, f"the header cannot be read: "
                                                            f"{exc}")]) from None
    columns = [cell.strip().lower().lstrip("\ufeff") for cell in header]
    if not any(columns):
        raise CustomerCsvError([Problem(label, 1 + skipped, _EMPTY_MESSAGE)])
    index = _check_header(columns, model, label, 1 + skipped, problems)
    if problems:
        raise CustomerCsvError(problems)

    width = len(columns)
    try:
        with gc_paused():
            rows, starts = _rows(reader, text, width, 1 + skipped)
    except csv.Error as exc:
        rows, starts = [], []
        problems.append(Problem(label, reader.line_num + skipped,
                                f"the file cannot be read as CSV here: {exc}"))
    if not rows and not problems:
        raise CustomerCsvError([Problem(label, 2 + skipped, "there are no customers under the "
                                                            "header; add one row per customer")])
    with gc_paused():
        updates = None if problems else _all_plain(rows, width, index, model.qualifier_ids,
                                                   today)
    if updates is None:
        checker = _RowChecker(label, index, model.qualifier_ids, today, problems, delimiter,
                              width)
        updates = [checker.row(row, line) for row, line in zip(rows, starts)]
        checker.duplicates(updates, starts)
        if problems:
            raise CustomerCsvError(sorted(problems, key=lambda p: p.line))
    return ParsedCustomers(tuple(updates), tuple(starts), delimiter, tuple(columns))


def _rows(reader, text: str, width: int, header_line: int) -> tuple[list[list[str]], list[int]]:
    """The rows under the header, without blank lines, and the line each starts on."""
    rows = list(reader)
    if reader.line_num == len(rows) + 1 and all(rows):  # one line per row: count them
        return rows, list(range(header_line + 1, header_line + 1 + len(rows)))
    # cells over several lines, or blank lines: read again, following the reader's line count
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=reader.dialect.delimiter,
                        strict=False)
    next(reader)
    kept: list[list[str]] = []
    starts: list[int] = []
    previous_end = reader.line_num
    for row in reader:
        if len(row) == width or "".join(row).strip():
            kept.append(row)
            starts.append(previous_end + header_line)
        previous_end = reader.line_num
    return kept, starts


def _all_plain(rows: list[list[str]], width: int, index: dict[str, int],
               qualifier_ids: tuple[str, ...], today: date) -> list[CustomerUpdate] | None:
    """Every row as an update when the whole file is plainly right, else None.

    The checks run column by column over the whole file (C loops over lists), so importing
    5,000 customers costs about what reading the CSV does; a file with anything unusual goes
    to the row-by-row checker, which finds and words each problem.
    """
    if set(map(len, rows)) != {width}:
        return None
    columns = list(zip(*rows))
    strip = str.strip
    ids = list(map(strip, columns[index["id"]]))
    names = list(map(strip, columns[index["name"]]))
    emails = list(map(strip, columns[index["email"]]))
    owners = list(map(strip, columns[index["owner"]])) if "owner" in index else None
    try:
        healths = list(map(float, columns[index["health"]]))
    except ValueError:
        return None  # words, decimal commas, empty cells
    if min(healths) < 0 or max(healths) > 100 or any(map(math.isnan, healths)):
        return None
    scores = []
    for qualifier_id in qualifier_ids:
        values = list(map(_SCORE.get, map(strip, columns[index[qualifier_id]])))
        if None in values:
            return None
        scores.append(values)
    texts = (ids, names, owners or [""])
    if not all(ids) or not all(names) or max(map(len, ids)) > MAX_ID_LENGTH \
            or max(map(len, names)) > MAX_TEXT_LENGTH or max(map(len, owners or [""])) > \
            MAX_TEXT_LENGTH or any("\n'" in "\n" + "\n".join(t) for t in texts[1:]):
        return None
    if any(emails) and not _EMAILS.fullmatch("\n".join(emails)):
        return None
    if "date" in index:
        days = [_plain_day(cell.strip(), today) if cell.strip() else today
                for cell in columns[index["date"]]]
        if None in days:
            return None
    else:
        days = [today] * len(rows)
    if len(set(zip(ids, days))) != len(ids):
        return None
    owners_or_none = owners or [None] * len(rows)
    return [CustomerUpdate(customer_id, name, Scoring(day, health, dict(zip(qualifier_ids, s))),
                           email, owner)
            for customer_id, name, email, owner, health, day, s
            in zip(ids, names, emails, owners_or_none, healths, days, zip(*scores))]


# ------------------------------------------------------------------------------------- helpers

_EMPTY_MESSAGE = ("the file is empty; it needs a header line such as the one "
                  "`customers template` writes, then one row per customer")


def _decode(data: bytes | str, label: str) -> str:
    if isinstance(data, str):
        return data[1:] if data.startswith("\ufeff") else data
    if b"\x00" in data[:4096]:
        hint = " (it looks like UTF-16: save it as CSV UTF-8)" if data[:2] in (
            b"\xff\xfe", b"\xfe\xff") else "; choose a .csv file"
        raise CustomerCsvError([Problem(label, 1, f"this is not a text file{hint}")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CustomerCsvError([Problem(label, line, "the file is not UTF-8 text; save it as "
                                                     "CSV UTF-8")]) from None


def _delimiter(text: str) -> tuple[int, str, str]:
    """(lines skipped, delimiter, text from the header on): a semicolon when the header line
    has more semicolons than commas, or as an Excel `sep=` line says."""
    first, _, rest = text.partition("\n")
    marker = first.strip().lower()
    if marker in ("sep=;", "sep=,"):
        return 1, marker[-1], rest
    return 0, (";" if first.count(";") > first.count(",") else ","), text


def _name(delimiter: str) -> str:
    return "semicolon" if delimiter == ";" else "comma"


def _check_header(columns: list[str], model: CmiModel, label: str, line: int,
                  problems: list[Problem]) -> dict[str, int]:
    known = [*REQUIRED, *model.qualifier_ids, *OPTIONAL]
    index: dict[str, int] = {}
    suggested: set[str] = set()  # a misspelt column is reported once, not also as missing
    for position, column in enumerate(columns):
        if not column:
            problems.append(Problem(label, line, f"column {position + 1} has no name; name it "
                                                 f"or remove it"))
        elif column in index:
            problems.append(Problem(label, line, f"column {column!r} appears twice; keep one"))
        elif column not in known:
            close = difflib.get_close_matches(column, known, n=1)
            suggested.update(close)
            hint = f"; did you mean {close[0]!r}?" if close else \
                f"; the columns are {', '.join(known)}"
            problems.append(Problem(label, line, f"unknown column {column!r}{hint}"))
        else:
            index[column] = position
    missing = [c for c in (*REQUIRED, *model.qualifier_ids)
               if c not in index and c not in suggested]
    if missing:
        problems.append(Problem(label, line, "the header lacks " + ", ".join(missing)
                                + f"; the columns of model {model.id!r} are "
                                + ",".join(template_columns(model))))
    return index


class _RowChecker:
    """Checks one row fully and words each problem; the slow path for rows that are unusual."""

    def __init__(self, label: str, index: dict[str, int], qualifier_ids: tuple[str, ...],
                 today: date, problems: list[Problem], delimiter: str, width: int):
        self.label, self.index, self.qualifier_ids = label, index, qualifier_ids
        self.today, self.problems, self.delimiter, self.width = today, problems, delimiter, width

    def duplicates(self, updates: list[CustomerUpdate | None], lines: list[int]) -> None:
        first_seen: dict[tuple[str, date], int] = {}
        for update, line in zip(updates, lines):
            if update is None:
                continue
            key = (update.id, update.scoring.day)
            if key in first_seen:
                self.problems.append(Problem(
                    self.label, line, f"customer {update.id!r} is scored twice for "
                                      f"{key[1].isoformat()} (first on line {first_seen[key]}); "
                                      "keep one row"))
            first_seen.setdefault(key, line)

    def row(self, row: list[str], line: int) -> CustomerUpdate | None:
        label, index, problems = self.label, self.index, self.problems
        if len(row) != self.width:
            problems.append(Problem(label, line, f"this row has {len(row)} values but the "
                                                 f"header has {self.width}; check for a stray "
                                                 f"{_name(self.delimiter)} or quote"))
            return None
        before = len(problems)
        customer_id = row[index["id"]].strip()
        if not customer_id:
            problems.append(Problem(label, line, "id is empty; every customer needs the id "
                                                 "your team knows it by"))
        elif len(customer_id) > MAX_ID_LENGTH:
            problems.append(Problem(label, line, f"id is {len(customer_id)} characters long; "
                                                 f"keep it to {MAX_ID_LENGTH}"))
        name = _text(row[index["name"]])
        if not name:
            problems.append(Problem(label, line, "name is empty; write the customer's name"))
        elif len(name) > MAX_TEXT_LENGTH:
            problems.append(Problem(label, line, f"name is {len(name)} characters long; keep it "
                                                 f"to {MAX_TEXT_LENGTH}"))
        email = row[index["email"]].strip()
        if email and not _EMAIL.fullmatch(email):
            problems.append(Problem(label, line, f"email {email!r} is not an email address "
                                                 "(name@example.com); fix it or leave it empty"))
        health = _health(row[index["health"]], label, line, problems)
        scores = {}
        for qualifier_id in self.qualifier_ids:
            cell = row[index[qualifier_id]].strip()
            score = _SCORE.get(cell)
            if score is None:
                problems.append(Problem(label, line, _score_problem(qualifier_id, cell)))
            scores[qualifier_id] = score
        owner = _text(row[index["owner"]]) if "owner" in index else None
        if owner and len(owner) > MAX_TEXT_LENGTH:
            problems.append(Problem(label, line, f"owner is {len(owner)} characters long; keep "
                                                 f"it to {MAX_TEXT_LENGTH}"))
        day = _day(row[index["date"]], self.today, label, line, problems) if "date" in index \
            else self.today
        if len(problems) != before or day is None:
            return None
        return CustomerUpdate(customer_id, name, Scoring(day, health, scores), email, owner)


def _plain_day(cell: str, today: date) -> date | None:
    """A well-written date that is not in the future, else None (the checker says why)."""
    if len(cell) != 10:
        return None
    try:
        day = date.fromisoformat(cell)
    except ValueError:
        return None
    return day if day <= today else None


def _text(cell: str) -> str:
    cell = cell.strip()
    return cell[1:] if cell.startswith(_FORMULA_ESCAPED) else cell


def _health(cell: str, label: str, line: int, problems: list[Problem]) -> float:
    cell = cell.strip()
    try:
        value = float(cell if "." in cell else cell.replace(",", "."))
    except ValueError:
        value = None
    if value is None or value != value or not 0 <= value <= 100:  # value != value: NaN
        shown = f"is {cell!r}" if cell else "is empty"
        problems.append(Problem(label, line, f"health {shown}; give a number from 0 to 100"))
        return 0.0
    return value


def _score_problem(qualifier_id: str, cell: str) -> str:
    if not cell:
        return f"{qualifier_id} is empty; score it from 1 to 5"
    return f"{qualifier_id} is {cell!r}; scores are whole numbers from 1 to 5"


def _day(cell: str, today: date, label: str, line: int, problems: list[Problem]) -> date | None:
    cell = cell.strip()
    if not cell:
        return today
    try:
        day = date.fromisoformat(cell)
    except ValueError:
        problems.append(Problem(label, line, f"date {cell!r} is not a date; write it as "
                                             "YYYY-MM-DD (2024-03-31)"))
        return None
    if len(cell) != 10:
        problems.append(Problem(label, line, f"date {cell!r} should be written as YYYY-MM-DD"))
        return None
    if day > today:
        problems.append(Problem(label, line, f"date {cell} is after today; a scoring records "
                                             "what was seen"))
        return None
    return day
