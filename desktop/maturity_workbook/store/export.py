"""Exports: the JSON interchange file and CSV for spreadsheets.

CSV export writes documented files (docs/workbook-format.md):
  <OUT>-ratings.csv  one row per assessment x item x participant
  <OUT>-scores.csv   one row per assessment x dimension
  <OUT>-actions.csv, <OUT>-metrics.csv  the plan (store/plan_export.py)
All are UTF-8 with a byte-order mark (so spreadsheet programs read the accents right); text that
a spreadsheet would run as a formula (starting with = + - @) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from maturity_workbook.core.scoring import score_assessment
from maturity_workbook.core.workbook import UNKNOWN, UNRATED, Assessment, Workbook
from maturity_workbook.store.atomic import describe_os_error, write_atomic
from maturity_workbook.store.errors import WorkbookError
from maturity_workbook.store.interchange import encode_interchange, interchange
from maturity_workbook.store.plan_export import (
    ACTIONS_COLUMNS, METRICS_COLUMNS, actions_rows, metrics_rows, plan_csv_paths,
)
from maturity_workbook.store.records import Document

RATINGS_COLUMNS = [
    "workbook_id", "workbook_name", "assessment_id", "assessment_title", "assessment_date",
    "assessment_status", "framework_id", "framework_version", "dimension_id", "item_id",
    "item_prompt", "participant_id", "participant_name", "participant_role", "rating",
    "agreed", "agreed_set", "note", "evidence",
]
SCORES_COLUMNS = [
    "workbook_id", "workbook_name", "assessment_id", "assessment_title", "assessment_date",
    "assessment_status", "framework_id", "framework_version", "dimension_id", "dimension_name",
    "score", "stage_level", "stage_name", "rated_items", "not_applicable_items", "total_items",
    "coverage", "target", "bottleneck", "overall_score", "overall_stage_level",
    "overall_stage_name", "unknown_items",  # answered don't know (N/A: not_applicable_items)
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """User text as a spreadsheet shows it, never as a formula it runs."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def level_text(level: Any) -> str:
    if level is UNRATED:
        return ""
    if level is None:
        return "n/a"
    if level is UNKNOWN:
        return "don't know"
    return str(level)


def csv_paths(out: str | Path, stem: str = "workbook") -> tuple[Path, Path, Path, Path]:
    """The files `-o OUT` names: OUT-ratings.csv, OUT-scores.csv, OUT-actions.csv and
    OUT-metrics.csv (OUT may end in .csv, or be a folder, then <stem>-ratings.csv inside it)."""
    out = Path(out)
    if out.is_dir():
        base = out / stem
    elif out.suffix.lower() == ".csv":
        base = out.with_suffix("")
    else:
        base = out
    return (base.with_name(base.name + "-ratings.csv"),
            base.with_name(base.name + "-scores.csv")) + plan_csv_paths(base)


def _items_of(a: Assessment, framework) -> list[tuple[str, str, str]]:
    """(dimension id, item id, prompt) in framework order, else the items that have entries."""
    if framework is not None:
        return [(d.id, i.id, i.prompt) for d in framework.dimensions for i in d.items]
    return [("", item_id, "") for item_id in sorted(a.entries)]


def _framework_for(catalog, a: Assessment):
    if catalog is None:
        return None
    framework = catalog.get(a.framework_id, a.framework_version)
    if framework is None or framework.version != a.framework_version:
        return None
    return framework


def ratings_rows(wb: Workbook, catalog=None) -> list[list[str]]:
    rows = []
    for a in wb.ordered_assessments():
        framework = _framework_for(catalog, a)
        people = list(a.participant_ids)
        for e in a.entries.values():
            people += [pid for pid in e.ratings if pid not in people]
        for dim_id, item_id, prompt in _items_of(a, framework):
            entry = a.entries.get(item_id)
            agreed = a.agreed_level(item_id)
            for pid in people:
                p = wb.participants.get(pid)
                rating = entry.ratings.get(pid, UNRATED) if entry else UNRATED
                rows.append([
                    wb.id, safe_cell(wb.name), a.id, safe_cell(a.title), a.date, a.status,
                    a.framework_id, a.framework_version, dim_id, item_id, safe_cell(prompt), pid,
                    safe_cell(p.name if p else ""), safe_cell(p.role if p else ""),
                    level_text(rating), level_text(agreed),
                    "yes" if entry and entry.agreed_set else "",
                    safe_cell(entry.note if entry else ""),
                    safe_cell(" | ".join(entry.evidence) if entry else ""),
                ])
    return rows


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def scores_rows(wb: Workbook, catalog=None) -> tuple[list[list[str]], list[str]]:
    """Rows, and a warning per assessment whose framework is unknown (it has no score rows)."""
    rows, warnings = [], []
    for a in wb.ordered_assessments():
        framework = _framework_for(catalog, a)
        if framework is None:
            warnings.append(f"'{a.title}' ({a.date}) uses framework {a.framework_id} "
                            f"{a.framework_version}, which this app does not know: no scores.")
            continue
        result = score_assessment(framework, _valid_ratings(a, framework))
        for d in result.dimensions:
            rows.append([
                wb.id, safe_cell(wb.name), a.id, safe_cell(a.title), a.date, a.status,
                a.framework_id, a.framework_version, d.id, d.dimension.name, _num(d.score),
                str(d.stage.level) if d.stage else "", d.stage.name if d.stage else "",
                str(d.rated), str(d.not_applicable), str(d.total), f"{d.coverage:.2f}",
                str(a.targets[d.id]) if d.id in a.targets else "",
                # scoring's bottleneck: none while a dimension lacks data (never the next-weakest)
                "yes" if result.bottleneck is not None and result.bottleneck.id == d.id else "",
                _num(result.overall_score),
                str(result.overall_stage.level) if result.overall_stage else "",
                result.overall_stage.name if result.overall_stage else "",
                str(d.unknown),
            ])
    return rows, warnings


def _valid_ratings(a: Assessment, framework) -> dict[str, int | None]:
    """Agreed ratings the framework can score (levels outside it are left out, not fatal)."""
    levels = set(framework.levels)
    return {item: level for item, level in a.agreed_ratings().items()
            if level is None or level is UNKNOWN or level in levels}


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def export_csv(wb: Workbook, out: str | Path, catalog=None, stem: str = "workbook"
               ) -> tuple[list[Path], list[str]]:
    """Write the ratings, scores, actions and metrics CSV files; returns their paths and any
    warnings."""
    ratings_path, scores_path, actions_path, metrics_path = csv_paths(out, stem)
    scores, warnings = scores_rows(wb, catalog)
    try:
        write_atomic(ratings_path, _csv_bytes(RATINGS_COLUMNS, ratings_rows(wb, catalog)))
        write_atomic(scores_path, _csv_bytes(SCORES_COLUMNS, scores))
        write_atomic(actions_path, _csv_bytes(ACTIONS_COLUMNS,
                                              actions_rows(wb, catalog, safe_cell)))
        write_atomic(metrics_path, _csv_bytes(METRICS_COLUMNS, metrics_rows(wb, safe_cell)))
    except OSError as exc:
        raise WorkbookError(f"Could not write the CSV files: {describe_os_error(exc)}.",
                            ratings_path) from exc
    return [ratings_path, scores_path, actions_path, metrics_path], warnings


def export_json(doc: Document, out: str | Path, assessment_id: str | None = None) -> Path:
    out = Path(out)
    try:
        write_atomic(out, encode_interchange(interchange(doc, assessment_id)))
    except OSError as exc:
        raise WorkbookError(f"Could not write {out}: {describe_os_error(exc)}.", out) from exc
    return out
