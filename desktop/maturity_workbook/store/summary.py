"""`summary`: an assessment's stages and advice as text or one JSON object, from `core.advice`.

Both outputs come from the same `summary_data` dict, which is built from the advice model only:
the command line says what the Overview and the snapshot say. The JSON keys are a contract for
scripts (README); new keys may be added, existing ones keep their meaning. When the bottleneck
is not known, `"bottleneck"` is null, `"bottleneck_reason"` says why and `"rate_first"` names
the function to rate first. Each dimension says what its stage rests on (`level_counts`,
`at_or_above`, `below`); a change against an assessment made with another version of the
framework says where the items differ (`item_differences`, `items_differ`).

The command line is not translated (it speaks to scripts and terminals); dates are ISO.
"""

from __future__ import annotations

from maturity_workbook.core.advice import Advice, FunctionChange, Progress, advise
from maturity_workbook.core.cohort import cohort_for
from maturity_workbook.core.framework import Framework
from maturity_workbook.core.jobs import job_step_for
from maturity_workbook.core.scoring import score_assessment
from maturity_workbook.core.workbook import Assessment, Workbook

SCORE_DIGITS = 2


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, SCORE_DIGITS)


def _stage(framework: Framework, level: int | None) -> dict | None:
    return None if level is None else {"level": level, "name": framework.stage(level).name}


def _ref(view) -> dict | None:
    return None if view is None else {"id": view.id, "title": view.title,
                                      "date": view.assessment.date}


def _step(step) -> dict:
    return {"item_id": step.item_id, "dimension_id": step.dimension_id, "prompt": step.prompt,
            "from_level": step.from_level, "to_level": step.to_level, "advice": step.advice}


def _change(advice: Advice, change: FunctionChange | None) -> dict | None:
    if change is None:
        return None
    return {"id": change.dimension_id, "name": advice.dimension(change.dimension_id).name,
            "change": _round(change.score_change)}


def _progress(advice: Advice, prog: Progress | None) -> dict | None:
    if prog is None:
        return None
    items: dict[str, int] = {}
    for change in prog.item_changes:
        items[change.kind.value] = items.get(change.kind.value, 0) + 1
    return {"reference": _ref(prog.reference), "overall_change": _round(prog.overall_change),
            "most_improved": _change(advice, prog.most_improved),
            "most_declined": _change(advice, prog.most_declined), "items_changed": items,
            "across_versions": prog.across_versions,
            "versions": {"reference": prog.reference.framework.version,
                         "current": advice.framework.version},
            "item_differences": [
                {"id": d.dimension_id, "name": advice.dimension(d.dimension_id).name,
                 "differences": [{"change": x.change, "before_items": list(x.before_items),
                                  "after_items": list(x.after_items)}
                                 for x in d.differences]}
                for d in prog.item_differences]}


def _rests_on(result) -> dict:
    """What a dimension's stage rests on (core.scoring.DimensionResult): items per level, how
    many reached the stage, the levels below it; JSON keys are the levels as text."""
    return {
        "level_counts": {str(level): n for level, n in sorted((result.level_counts or {}).items())},
        "at_or_above": result.at_or_above,
        "below": {str(level): n for level, n in result.below.items()},
        "unknown": result.unknown,  # don't know: a gap in coverage, unlike not applicable
        "no_stage_reason": result.no_stage_reason,
    }


def summary_data(wb: Workbook, a: Assessment, framework: Framework, catalog=None) -> dict:
    """Everything `summary` prints, as one JSON-able object. With `catalog`, the change since
    last time and since the baseline may reach an assessment made with a mapped version of the
    framework (each scored with its own version)."""
    advice = advise(wb, framework, a, catalog=catalog)
    fw = framework = advice.framework
    dims = []
    for f in advice.functions:
        result = advice.current.result.dimension(f.dimension_id)
        entry = {
            "id": f.dimension_id, "name": fw.dimension(f.dimension_id).name,
            "score": _round(f.score), "stage": _stage(fw, f.stage_level), "rated": f.rated,
            "not_applicable": f.not_applicable, "total": f.total,
            "coverage": round(f.rated / f.total, 2) if f.total else 0.0,
            "sufficient": f.sufficient, "target": advice.targets.get(f.dimension_id),
            "target_gap": None if f.target is None else {
                "target": f.target.target_level, "suggested": f.target.suggested,
                "stages_to_go": f.target.stages_to_go, "status": f.target.status.value},
        } | _rests_on(result)
        if f.since_last is not None:
            entry["change"] = _round(f.since_last.score_change)
            entry["change_kind"] = f.since_last.kind.value
            entry["items_differ"] = f.since_last.items_differ
        if f.since_baseline is not None:
            entry["change_since_baseline"] = _round(f.since_baseline.score_change)
            entry["items_differ_since_baseline"] = f.since_baseline.items_differ
        dims.append(entry)
    b, first = advice.bottleneck, advice.rate_first
    stuck = advice.stuck
    due = advice.due
    result = score_assessment(fw, {i: v for i, v in a.agreed_ratings().items()
                                   if not isinstance(v, int) or v in fw.levels})
    cohort, job = cohort_for(result), job_step_for(result)  # None unless the model has them
    return {
        "workbook": {"id": wb.id, "name": wb.name},
        "assessment": {
            "id": a.id, "title": a.title, "date": a.date, "status": a.status,
            "participants": wb.participant_names(a.participant_ids),
        },
        "framework": {"id": fw.id, "version": fw.version, "title": fw.title,
                      "stages": [{"level": s.level, "name": s.name} for s in fw.stages]},
        "dimensions": dims,
        "overall": {"score": _round(advice.overall_score),
                    "stage": _stage(fw, advice.overall_level)},
        "bottleneck": None if b is None else {
            "id": b.dimension_id, "name": fw.dimension(b.dimension_id).name,
            "score": _round(b.score), "stage": _stage(fw, b.stage_level)},
        "bottleneck_reason": None if first is None else first.reason.value,
        "rate_first": None if first is None else {
            "id": first.dimension_id, "name": fw.dimension(first.dimension_id).name,
            "basis": first.basis.value, "rated": first.function.rated,
            "total": first.function.total, "items_needed": first.function.items_needed,
            "reachable": first.function.reachable,
            "open_items": list(first.function.open_item_ids),
            "last_score": _round(first.function.last_score),
            "last_date": first.function.last_day.isoformat() if first.function.last_day
            else None},
        "next_steps": [_step(s) for s in (b.next_steps if b else ())],
        "cohort": None if cohort is None else cohort.as_json(),
        "job": None if job is None else job.as_json(),
        "other_steps": [_step(s) for s in advice.other_steps],
        "disciplines": [{"id": d, "name": advice.discipline(d).name}
                        for d in (b.discipline_ids if b else ())],
        "insufficient": [{"id": i.dimension_id, "name": fw.dimension(i.dimension_id).name,
                          "rated": i.rated, "total": i.total, "items_needed": i.items_needed,
                          "reachable": i.reachable} for i in advice.insufficient],
        "to_find_out": [{"item_id": i, "dimension_id": fw.item(i).dimension_id,
                         "prompt": fw.item(i).prompt} for i in advice.to_find_out],
        "previous": _ref(advice.previous),
        "baseline": _ref(advice.baseline),
        "since_last": _progress(advice, advice.since_last),
        "since_baseline": _progress(advice, advice.since_baseline),
        "stuck": {
            "judged": stuck.judged, "threshold": stuck.threshold, "window": stuck.window,
            "reassessments": stuck.reassessments,
            "functions": [{"id": s.dimension_id, "name": fw.dimension(s.dimension_id).name,
                           "change": _round(s.change),
                           "points": [{"date": d.isoformat(), "score": _round(v)}
                                      for d, v in s.points]} for s in stuck.functions],
            "reinvent": [{"discipline_id": r.discipline_id,
                          "name": advice.discipline(r.discipline_id).name,
                          "functions": list(r.dimension_ids), "prompts": list(r.prompts)}
                         for r in stuck.reinvent],
        },
        "due": None if due is None else {
            "last": due.last.isoformat(), "months": due.months, "due": due.due.isoformat(),
            "days_left": due.days_left, "status": due.status.value,
            "soon_days": due.soon_days},
        "findings": [{"kind": f.kind.value, "tone": f.tone.value, "id": f.dimension_id,
                      "name": fw.dimension(f.dimension_id).name, "score": _round(f.score),
                      "stage": _stage(fw, f.stage_level), "change": _round(f.change),
                      "since": f.since.isoformat() if f.since else None}
                     for f in advice.findings],
        "rules": {"stuck_threshold": advice.rules.stuck_threshold,
                  "stuck_window": advice.rules.stuck_window,
                  "notable_change": advice.rules.notable_change,
                  "due_soon_days": advice.rules.due_soon_days,
                  "reassess_months": [advice.rules.min_reassess_months,
                                      advice.rules.max_reassess_months]},
    }


# -------------------------------------------------------------------------------------- text


def _signed(value: float | None) -> str:
    if value is None:
        return "—"
    if abs(value) < 0.5 * 10 ** -SCORE_DIGITS:
        return f"±{0:.{SCORE_DIGITS}f}"
    return f"{value:+.{SCORE_DIGITS}f}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


_FINDING_TEXT = {
    "bottleneck": "{name} is the weakest function ({stage}): start here.",
    "rate-first": "{name} has too few rated items: rate it first, the bottleneck is not known.",
    "stuck": "{name} is stuck: {change} since {since}.",
    "declined": "{name} fell {change} since {since}.",
    "improved": "{name} rose {change} since {since}.",
    "improved-since-baseline": "{name} rose {change} since the baseline ({since}).",
    "strongest": "{name} is the strongest function ({stage}).",
}


_CHANGE_WORD = {"renamed": "renamed", "split": "split", "merged": "merged", "new": "new",
                "removed": "not asked now", "kept": "moved between functions"}


def _rests_on_lines(data: dict) -> list[str]:
    """'Strategy — Scaling: 5 of 7 items at Scaling or above, 2 at Performing'."""
    names = {s["level"]: s["name"] for s in data["framework"]["stages"]}
    out = ["", "What each stage rests on:"]
    for d in data["dimensions"]:
        if d["stage"] is None:
            why = ("every item is not applicable" if d["no_stage_reason"] == "not-applicable"
                   else f"{d['rated']} of {d['total']} items rated, too few for a stage")
            out.append(f"  {d['name']} — no stage: {why}")
            continue
        stage = d["stage"]["name"]
        text = (f"  {d['name']} — {stage}: {d['at_or_above']} of {d['rated']} "
                f"item{'s' if d['rated'] != 1 else ''} at {stage} or above")
        for level, n in d["below"].items():
            text += f", {n} at {names.get(int(level), level)}"
        if d["rated"] < d["total"]:
            text += f" ({d['total'] - d['rated']} of {d['total']} not rated at a level)"
        out.append(text)
    return out


def _version_lines(data: dict) -> list[str]:
    """Where a comparison reaches across framework versions, and which items differ (once when
    last time and the baseline used the same version)."""
    out, said = [], {}
    for key, what in (("since_last", "last time"), ("since_baseline", "the baseline")):
        prog = data.get(key)
        if prog and prog["across_versions"]:
            said.setdefault(prog["versions"]["reference"], []).append((what, prog))
    for version, found in said.items():
        whats, prog = " and ".join(w for w, _p in found), found[0][1]
        out.append(f"Against {whats}: made with version {version}, this one with "
                   f"{prog['versions']['current']}; each scored with its own version. Items "
                   "differ in:")
        for d in prog["item_differences"]:
            counts: dict[str, int] = {}
            for x in d["differences"]:
                counts[x["change"]] = counts.get(x["change"], 0) + 1
            out.append(f"  {d['name']}: " + ", ".join(
                f"{n} {_CHANGE_WORD.get(change, change)}" for change, n in counts.items()))
    return out


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
    coverages = [f"{d['rated']}/{d['total']} ({d['coverage']:.0%})" for d in data["dimensions"]]
    coverage_width = max([len(c) for c in coverages] + [8])  # "12/12 (100%)" with 2.0's items
    head = f"{'Function':<{width}}  Score  {'Stage':<{stage_width}}  " \
           f"{'Coverage':<{coverage_width}}"
    lines.append((head + ("   Change" if with_change else "")).rstrip())
    for d, stage, coverage in zip(data["dimensions"], stages, coverages):
        score = f"{d['score']:.2f}" if d["score"] is not None else "—"
        line = f"{d['name']:<{width}}  {score:>5}  {stage:<{stage_width}}  " \
               f"{coverage:<{coverage_width}}"
        if with_change:
            kind = d.get("change_kind")
            line += {"newly-scored": "   newly scored", "no-longer-scored": "   no longer scored"
                     }.get(kind, f"   {_signed(d.get('change'))}")
        lines.append(line.rstrip())
    if data["previous"]:
        p = data["previous"]
        lines.append(f"Change is against '{p['title']}' ({p['date']}).")
    lines.extend(_rests_on_lines(data))
    lines.extend(_version_lines(data))
    lines.append("")
    overall = data["overall"]
    if overall["stage"]:
        lines.append(f"Overall: {overall['stage']['name']} ({overall['score']:.2f})")
    else:
        lines.append("Overall: not enough data (every function needs a stage)")
    b, first = data["bottleneck"], data["rate_first"]
    if b:
        lines.append(f"Bottleneck: {b['name']} ({b['score']:.2f}, {b['stage']['name']})")
    elif first:
        lines.append("Bottleneck: not known — a function has too few rated items")
        more = (f"{first['items_needed']} more item{'s' if first['items_needed'] != 1 else ''}"
                if first["reachable"] else "no more items can give it a stage (too many N/A)")
        lines.append(f"Rate first: {first['name']} ({first['rated']}/{first['total']} rated; "
                     f"{more})")
    for gap in data["insufficient"]:
        if first and gap["id"] == first["id"]:
            continue
        lines.append(f"Too few rated items: {gap['name']} ({gap['rated']}/{gap['total']}; "
                     f"{gap['items_needed']} more needed)")
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
    if data["next_steps"] and not job:  # a model with jobs gives one step (above)
        lines.append("Next steps:")
        for n, step in enumerate(data["next_steps"], 1):
            lines.append(f"  {n}. {step['prompt']} (level {step['from_level']} → "
                         f"{step['to_level']}): {step['advice']}")
    if data["disciplines"]:
        lines.append("Disciplines that help: " + ", ".join(d["name"] for d in
                                                           data["disciplines"]))
    if data["to_find_out"]:
        lines.append("To find out before the next workshop (nobody knew):")
        lines.extend(f"  - {item['prompt']}" for item in data["to_find_out"])
    stuck = data["stuck"]
    if stuck["functions"]:
        lines.append("")
        lines.append(f"Stuck (moved less than {stuck['threshold']:g} of a stage over the last "
                     f"{_plural(stuck['reassessments'], 'reassessment')}): "
                     + ", ".join(f"{s['name']} ({_signed(s['change'])})"
                                 for s in stuck["functions"]))
        for r in stuck["reinvent"]:
            lines.append(f"  {r['name']}:")
            lines.extend(f"    - {prompt}" for prompt in r["prompts"])
    if data["findings"]:
        lines.append("")
        lines.append("Key findings:")
        for f in data["findings"]:
            stage = f["stage"]["name"] if f["stage"] else "no stage"
            lines.append("  - " + _FINDING_TEXT[f["kind"]].format(
                name=f["name"], stage=stage, change=_signed(f["change"]), since=f["since"]))
    due = data["due"]
    if due:
        status = {"overdue": f"overdue since {due['due']}",
                  "due-soon": f"due soon, by {due['due']}"}.get(due["status"],
                                                              f"due by {due['due']}")
        lines.append("")
        lines.append(f"Next assessment: {status} (every {due['months']} months)")
    return "\n".join(lines)
