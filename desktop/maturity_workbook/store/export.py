"""Exports: the JSON interchange file, CSV for spreadsheets, and the summary of an assessment.

CSV export writes a documented pair of files (docs/workbook-format.md):
  <OUT>-ratings.csv  one row per assessment x item x participant
  <OUT>-scores.csv   one row per assessment x dimension
Both are UTF-8 with a byte-order mark (so spreadsheet programs read the accents right); text that
a spreadsheet would run as a formula (starting with = + - @) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from maturity_workbook.core.cohort import cohort_for
from maturity_workbook.core.jobs import job_step_for
from maturity_workbook.core.scoring import AssessmentResult, score_assessment
from maturity_workbook.core.workbook import UNKNOWN, UNRATED, Assessment, Workbook
from maturity_workbook.store.atomic import describe_os_error, write_atomic
from maturity_workbook.store.errors import WorkbookError
from maturity_workbook.store.interchange import encode_interchange, interchange
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
    "overall_stage_name",
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


def csv_paths(out: str | Path, stem: str = "workbook") -> tuple[Path, Path]:
    """The pair of files `-o OUT` names: OUT-ratings.csv and OUT-scores.csv (OUT may end in
    .csv, or be a folder, then <stem>-ratings.csv inside it)."""
    out = Path(out)
    if out.is_dir():
        base = out / stem
    elif out.suffix.lower() == ".csv":
        base = out.with_suffix("")
    else:
        base = out
    return (base.with_name(base.name + "-ratings.csv"),
            base.with_name(base.name + "-scores.csv"))


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
                "yes" if result.bottleneck is not None and result.bottleneck.id == d.id else "",
                _num(result.overall_score),
                str(result.overall_stage.level) if result.overall_stage else "",
                result.overall_stage.name if result.overall_stage else "",
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
    """Write the ratings and scores CSV pair; returns their paths and any warnings."""
    ratings_path, scores_path = csv_paths(out, stem)
    scores, warnings = scores_rows(wb, catalog)
    try:
        write_atomic(ratings_path, _csv_bytes(RATINGS_COLUMNS, ratings_rows(wb, catalog)))
        write_atomic(scores_path, _csv_bytes(SCORES_COLUMNS, scores))
    except OSError as exc:
        raise WorkbookError(f"Could not write the CSV files: {describe_os_error(exc)}.",
                            ratings_path) from exc
    return [ratings_path, scores_path], warnings


def export_json(doc: Document, out: str | Path, assessment_id: str | None = None) -> Path:
    out = Path(out)
    try:
        write_atomic(out, encode_interchange(interchange(doc, assessment_id)))
    except OSError as exc:
        raise WorkbookError(f"Could not write {out}: {describe_os_error(exc)}.", out) from exc
    return out


# ----------------------------------------------------------------------------------- summary


def _stage(stage) -> dict | None:
    return None if stage is None else {"level": stage.level, "name": stage.name}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def summary_data(wb: Workbook, a: Assessment, framework) -> dict:
    """Everything `summary` prints, as one JSON-able object."""
    result: AssessmentResult = score_assessment(framework, _valid_ratings(a, framework))
    previous = wb.previous(a)
    before = None
    if previous is not None and previous.framework_version == a.framework_version:
        before = score_assessment(framework, _valid_ratings(previous, framework))
    dims = []
    for d in result.dimensions:
        entry = {
            "id": d.id, "name": d.dimension.name, "score": _round(d.score),
            "stage": _stage(d.stage), "rated": d.rated, "not_applicable": d.not_applicable,
            "total": d.total, "coverage": round(d.coverage, 2), "sufficient": d.sufficient,
            "target": a.targets.get(d.id),
        }
        if before is not None:
            old = before.dimension(d.id).score
            entry["change"] = (None if old is None or d.score is None
                               else round(d.score - old, 2))
        dims.append(entry)
    bottleneck = result.bottleneck
    cohort, job = cohort_for(result), job_step_for(result)  # None unless the model has them
    return {
        "workbook": {"id": wb.id, "name": wb.name},
        "assessment": {
            "id": a.id, "title": a.title, "date": a.date, "status": a.status,
            "participants": wb.participant_names(a.participant_ids),
        },
        "framework": {"id": framework.id, "version": framework.version,
                      "title": framework.title},
        "dimensions": dims,
        "overall": {"score": _round(result.overall_score),
                    "stage": _stage(result.overall_stage)},
        "bottleneck": None if bottleneck is None else {
            "id": bottleneck.id, "name": bottleneck.dimension.name,
            "score": _round(bottleneck.score), "stage": _stage(bottleneck.stage)},
        "next_steps": [{"item_id": s.item_id, "dimension_id": s.dimension_id,
                        "prompt": s.prompt, "from_level": s.from_level, "to_level": s.to_level,
                        "advice": s.advice} for s in result.next_steps],
        "disciplines": [{"id": d.id, "name": d.name} for d in result.disciplines],
        "cohort": None if cohort is None else cohort.as_json(),
        "job": None if job is None else job.as_json(),
        "previous": None if previous is None else {
            "id": previous.id, "title": previous.title, "date": previous.date},
    }


def summary_text(data: dict) -> str:
    a, fw = data["assessment"], data["framework"]
    lines = [f"{data['workbook']['name']} — {a['title']} ({a['date']}, {a['status']})",
             f"Framework: {fw['title']} ({fw['id']} {fw['version']})"]
    if a["participants"]:
        lines.append("Participants: " + ", ".join(a["participants"]))
    lines.append("")
    width = max([len(d["name"]) for d in data["dimensions"]] + [8])
    with_change = data["previous"] is not None
    stages = [d["stage"]["name"] if d["stage"] else "insufficient data"
              for d in data["dimensions"]]
    stage_width = max([len(s) for s in stages] + [5])
    head = f"{'Function':<{width}}  Score  {'Stage':<{stage_width}}  Coverage"
    lines.append(head + ("   Change" if with_change else ""))
    for d, stage in zip(data["dimensions"], stages):
        score = f"{d['score']:.2f}" if d["score"] is not None else "—"
        coverage = f"{d['rated']}/{d['total']} ({d['coverage']:.0%})"
        line = f"{d['name']:<{width}}  {score:>5}  {stage:<{stage_width}}  {coverage}"
        if with_change:
            change = d.get("change")
            line += f"   {change:+.2f}" if change is not None else "   —"
        lines.append(line)
    lines.append("")
    overall = data["overall"]
    if overall["stage"]:
        lines.append(f"Overall: {overall['stage']['name']} ({overall['score']:.2f})")
    else:
        lines.append("Overall: not enough data (every function needs half its items rated)")
    b = data["bottleneck"]
    if b:
        among = "" if overall["stage"] else " (of the functions with enough data)"
        lines.append(f"Bottleneck{among}: {b['name']} ({b['score']:.2f}, "
                     f"{b['stage']['name']})")
    if data["next_steps"] and not data.get("job"):  # a model with jobs gives one step (below)
        lines.append("Next steps:")
        for n, step in enumerate(data["next_steps"], 1):
            lines.append(f"  {n}. {step['prompt']} (level {step['from_level']} → "
                         f"{step['to_level']}): {step['advice']}")
    cohort, job = data.get("cohort"), data.get("job")
    if cohort:
        lines.append(f"Cohort: {cohort['stage_share']:.0%} of programs are at this stage; "
                     f"ahead of {cohort['ahead_of']:.0%} (source: {cohort['source']})")
        if cohort["next_steps"]:
            lines.append("Next stage's imperatives: " + "; ".join(cohort["next_steps"]))
    if job:
        lines.append(f"Job holding the program back: {job['job_name']}")
        if job["step"]:
            lines.append(f"  Next step: {job['step']}")
    if data["disciplines"]:
        lines.append("Disciplines that help: " + ", ".join(d["name"] for d in
                                                           data["disciplines"]))
    if data["previous"]:
        p = data["previous"]
        lines.append(f"Change is against '{p['title']}' ({p['date']}).")
    return "\n".join(lines)
