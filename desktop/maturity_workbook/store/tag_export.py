"""Segment tags for a messaging tool: files that Intercom's and HubSpot's importers accept.

The CMI decides which content reaches a customer; the tags carry that decision to the tool that
sends the content (seed 004 tags and segments customers in Intercom). Three formats
(docs/cmi-format.md, "Exporting tags", says what each importer expects and where that is from):

- `intercom`: a user import: `user_id`, `email`, `name`, then custom attributes `cmi`,
  `health`, `cmi_quadrant`, `cmi_track` and one true/false column per tag the model can produce
  (a customer that left a quadrant gets false, so the old tag's attribute is cleared).
  With `per_tag`, one file per tag listing the customers that carry it, to import with
  Intercom's "tag this list" step. Intercom needs an email on every user.
- `hubspot`: a contact import keyed by `Email`, with the tags in one multiple-checkbox property,
  values separated by `;` (which replaces the property's values on import).
- `csv`: `id,email,quadrant,track,tags` for spreadsheets and anything else (tags `;`-separated).

The importers' files are UTF-8 without a byte-order mark (a BOM can end up inside the first
column name); the plain csv has one, like the other exports, so spreadsheets read accents.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Sequence

from maturity_workbook.core.cmi import CmiModel, Thresholds
from maturity_workbook.core.portfolio import Customer, Placement, place
from maturity_workbook.store.atomic import write_atomic
from maturity_workbook.store.export import safe_cell

INTERCOM, HUBSPOT, CSV = "intercom", "hubspot", "csv"
FORMATS = (INTERCOM, HUBSPOT, CSV)
TAG_SEPARATOR = ";"

# reasons a customer is left out of an export (TagExport.skipped)
NO_EMAIL = "no-email"
NOT_PLACED = "not-placed"  # no scoring, or a qualifier without a score
DUPLICATE_EMAIL = "duplicate-email"  # HubSpot keys contacts by email: the first one is kept

INTERCOM_COLUMNS = ("user_id", "email", "name", "cmi", "health", "cmi_quadrant", "cmi_track")
INTERCOM_TAG_FILE_COLUMNS = ("user_id", "email", "name")
HUBSPOT_COLUMNS = ("Email", "Company name", "CMI", "Health score", "CMI quadrant", "CMI track",
                   "CMI tags")
CSV_COLUMNS = ("id", "email", "quadrant", "track", "tags")


@dataclass(frozen=True)
class TagExport:
    format: str
    paths: tuple[Path, ...]
    rows: int  # customers written (to the main file; per tag: to any file)
    skipped: tuple[tuple[str, str], ...] = field(default=())  # (customer id, reason)


def tag_column(tag: str) -> str:
    """The Intercom attribute name for a tag: `cmi-expand` -> `tag_cmi_expand` (lower-case
    letters, digits and underscores only, which every importer takes as a name)."""
    return "tag_" + re.sub(r"[^a-z0-9]+", "_", tag.lower()).strip("_")


def tag_file(out: Path, tag: str) -> Path:
    """Where the per-tag file of `tag` goes: OUT.csv -> OUT-<tag>.csv beside it."""
    stem = out.stem if out.suffix.lower() == ".csv" else out.name
    return out.with_name(f"{stem}-{re.sub(r'[^A-Za-z0-9_-]+', '-', tag)}.csv")


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _encode(header: Sequence[str], rows: Iterable[Sequence[str]], bom: bool) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


@dataclass
class _Placed:
    customer: Customer
    placement: Placement


def _placed(model: CmiModel, customers: Iterable[Customer], on: date | None,
            thresholds: Thresholds | None, skipped: list[tuple[str, str]],
            need_email: bool) -> list[_Placed]:
    out = []
    for customer in customers:
        scoring = customer.scoring_on(on)
        placement = place(model, customer.id, scoring, thresholds) if scoring else None
        if placement is None or not placement.placed:
            skipped.append((customer.id, NOT_PLACED))
        elif need_email and not customer.email:
            skipped.append((customer.id, NO_EMAIL))
        else:
            out.append(_Placed(customer, placement))
    return out


def intercom_files(model: CmiModel, customers: Iterable[Customer], *, per_tag: bool = False,
                   on: date | None = None, thresholds: Thresholds | None = None
                   ) -> tuple[dict[str | None, bytes], int, list[tuple[str, str]]]:
    """The Intercom file(s) as bytes: {None: main file} or {tag: file} with `per_tag`; the
    number of customers written; the customers left out with why."""
    skipped: list[tuple[str, str]] = []
    placed = _placed(model, customers, on, thresholds, skipped, need_email=True)
    tags = model.all_tags
    if per_tag:
        files = {}
        for tag in tags:
            rows = [(p.customer.id, p.customer.email, safe_cell(p.customer.name))
                    for p in placed if tag in p.placement.tags]
            files[tag] = _encode(INTERCOM_TAG_FILE_COLUMNS, rows, bom=False)
        return files, len(placed), skipped
    header = (*INTERCOM_COLUMNS, *(tag_column(t) for t in tags))
    rows = []
    for p in placed:
        have = set(p.placement.tags)
        rows.append((p.customer.id, p.customer.email, safe_cell(p.customer.name),
                     _number(p.placement.cmi), _number(p.placement.health),
                     p.placement.quadrant, p.placement.track,
                     *("true" if t in have else "false" for t in tags)))
    return {None: _encode(header, rows, bom=False)}, len(rows), skipped


def hubspot_bytes(model: CmiModel, customers: Iterable[Customer], *, on: date | None = None,
                  thresholds: Thresholds | None = None) -> tuple[bytes, int, list[tuple[str, str]]]:
    skipped: list[tuple[str, str]] = []
    rows = []
    seen: set[str] = set()
    for p in _placed(model, customers, on, thresholds, skipped, need_email=True):
        key = p.customer.email.lower()
        if key in seen:
            skipped.append((p.customer.id, DUPLICATE_EMAIL))
            continue
        seen.add(key)
        rows.append((p.customer.email, safe_cell(p.customer.name), _number(p.placement.cmi),
                     _number(p.placement.health), p.placement.quadrant, p.placement.track,
                     TAG_SEPARATOR.join(p.placement.tags)))
    return _encode(HUBSPOT_COLUMNS, rows, bom=False), len(rows), skipped


def csv_bytes(model: CmiModel, customers: Iterable[Customer], *, on: date | None = None,
              thresholds: Thresholds | None = None) -> tuple[bytes, int, list[tuple[str, str]]]:
    """Every customer scored by `on`; one not placed has empty quadrant, track and tags."""
    skipped: list[tuple[str, str]] = []
    rows = []
    for customer in customers:
        scoring = customer.scoring_on(on)
        if scoring is None:
            skipped.append((customer.id, NOT_PLACED))
            continue
        placement = place(model, customer.id, scoring, thresholds)
        rows.append((safe_cell(customer.id), safe_cell(customer.email),
                     placement.quadrant or "", placement.track or "",
                     TAG_SEPARATOR.join(placement.tags)))
    return _encode(CSV_COLUMNS, rows, bom=True), len(rows), skipped


def export_tags(model: CmiModel, customers: Sequence[Customer], fmt: str, out: str | Path, *,
                per_tag: bool = False, on: date | None = None,
                thresholds: Thresholds | None = None) -> TagExport:
    """Write the tag export in `fmt` to `out` (with `per_tag`, Intercom only: OUT-<tag>.csv per
    tag). Each file is written atomically. Raises ValueError for an unknown format or per_tag
    with another format, OSError when a file cannot be written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown tag format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if per_tag and fmt != INTERCOM:
        raise ValueError("one file per tag is for the intercom format")
    out = Path(out)
    if fmt == INTERCOM:
        files, count, skipped = intercom_files(model, customers, per_tag=per_tag, on=on,
                                               thresholds=thresholds)
        targets = {(tag_file(out, tag) if tag else out): data for tag, data in files.items()}
    elif fmt == HUBSPOT:
        data, count, skipped = hubspot_bytes(model, customers, on=on, thresholds=thresholds)
        targets = {out: data}
    else:
        data, count, skipped = csv_bytes(model, customers, on=on, thresholds=thresholds)
        targets = {out: data}
    for path, data in targets.items():
        write_atomic(path, data)
    return TagExport(fmt, tuple(targets), count, tuple(skipped))
