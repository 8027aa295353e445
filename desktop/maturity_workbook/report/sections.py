"""The snapshot's middle: what to do next, and progress over time (see `content`).

Thin data is said plainly: when a function has too few rated items, where to start is "not known
yet" (the weakest function may be the unrated one); an item that was not rated, or is not
applicable, on one side of a comparison is not a change in maturity and is listed apart.
"""

from __future__ import annotations

from maturity_workbook.core import history
from maturity_workbook.core.history import AssessmentView
from maturity_workbook.core.scoring import DimensionResult
from maturity_workbook.report import i18n
from maturity_workbook.report.content import MAX_TREND_COLUMNS, TREND_SIZE_MM, level_text
from maturity_workbook.report.document import (
    Block, Chart, Column, Heading, Paragraph, Span, Table, fill,
)
from maturity_workbook.report.i18n import arg, translate
from maturity_workbook.report.models_section import job_section


def what_to_do(b) -> list[Block]:
    """Where to start, next steps, disciplines, stuck functions, thin data, when to reassess."""
    result = b.current.result
    out: list[Block] = [Heading(text=translate("SnapshotReport", "What to do"), level=1)]
    bottleneck = result.bottleneck
    missing = result.insufficient
    job = job_section(b)  # a model with jobs: the job holding the program back, one step
    if job:
        out.extend(job)
    elif bottleneck is None:
        out.append(Paragraph(text=translate(
            "SnapshotReport", "No function has enough rated items to score, so where to start "
            "is not known yet. Rate at least half of the items of each function first.")))
    elif missing:
        names = i18n.join_names([d.dimension.name for d in missing])
        out.append(Heading(text=translate("SnapshotReport", "Where to start: not known yet"),
                           level=2))
        out.append(Paragraph(text=fill(translate(
            "SnapshotReport", "%1 has too few rated items to compare with the others, and the "
            "weakest function could be there. Rate it first. Among the scored functions, %2 is "
            "lowest (%3, %4)."), Span(names, bold=True), Span(bottleneck.dimension.name,
                                                                bold=True),
            bottleneck.stage.name, i18n.score(bottleneck.score))))
        out.extend(next_steps(b, bottleneck))
    else:
        out.append(Heading(text=arg(translate("SnapshotReport", "Start with %1"),
                                    bottleneck.dimension.name), level=2))
        scored = len([d for d in result.dimensions if d.sufficient])
        why = arg(translate("SnapshotReport", "It is at %1 with a score of %2, the lowest of the "
                            "%n scored function(s).", "", scored),
                  bottleneck.stage.name, i18n.score(bottleneck.score))
        out.append(Paragraph(text=why + " " + translate(
            "SnapshotReport", "The program moves no faster than its weakest function, so work "
            "here first, one stage at a time.")))
        out.extend(next_steps(b, bottleneck))
    if bottleneck is not None and result.disciplines:
        out.append(Heading(text=translate("SnapshotReport", "Disciplines that help"), level=3))
        for discipline in result.disciplines:
            out.append(Paragraph(text=[Span(discipline.name, bold=True), " — ",
                                       discipline.summary], label="•", indent=12))
    out.extend(stuck(b))
    out.extend(insufficient(b))
    out.extend(reassess(b))
    return out


def next_steps(b, bottleneck: DimensionResult) -> list[Block]:
    out: list[Block] = [Heading(text=translate("SnapshotReport", "Next steps"), level=3)]
    if not bottleneck.next_steps:
        out.append(Paragraph(text=translate(
            "SnapshotReport", "Every rated item of this function is at its stage or beyond, or "
            "at the top stage; no step is suggested.")))
        return out
    for index, step in enumerate(bottleneck.next_steps, 1):
        head = [Span(step.prompt, bold=True), Span(f"  ({b.item_number(step.item_id)})",
                                                   muted=True)]
        out.append(Paragraph(text=head, label=i18n.integer(index) + ".", indent=16,
                             keep_with_next=True, space_before=4))
        move = arg(translate("SnapshotReport", "From %1 to %2: "),
                   b.fw.stage(step.from_level).name, b.fw.stage(step.to_level).name)
        out.append(Paragraph(text=[Span(move, italic=True), step.advice], indent=16))
    return out


def stuck(b) -> list[Block]:
    """Stuck functions, one line each, then each discipline's prompts once (several stuck
    functions share disciplines: their prompts are not repeated)."""
    out: list[Block] = [Heading(text=translate("SnapshotReport", "Stuck functions"), level=2)]
    finals = [v for v in b.facts.history if v.assessment.is_final]
    if not b.ov.stuck:
        if len(finals) < 2:
            text = translate("SnapshotReport", "Whether a function is stuck is judged from the "
                             "second final assessment on: there is no earlier one to compare "
                             "with yet.")
        else:
            text = translate("SnapshotReport", "None: every function with a score moved by at "
                             "least a quarter of a stage over the last reassessments, or is "
                             "already at the top stage.")
        out.append(Paragraph(text=text))
        return out
    out.append(Paragraph(text=translate(
        "SnapshotReport", "These functions moved by less than a quarter of a stage over the last "
        "reassessments. More of the same effort is unlikely to move them; the questions below "
        "help rethink how the work is done.")))
    disciplines: dict[str, tuple] = {}
    for item in b.ov.stuck:
        days = " → ".join(arg("%1 %2", i18n.day(day), i18n.score(score))
                          for day, score in item.points)
        out.append(Paragraph(text=[Span(item.dimension.name, bold=True), "  " + arg(translate(
            "SnapshotReport", "net change %1 (%2)"), i18n.change(item.change), days)],
            space_before=4))
        for discipline, prompt in item.prompts:
            entry = disciplines.setdefault(discipline.id, (discipline, [], []))
            if prompt not in entry[1]:
                entry[1].append(prompt)
            if item.dimension.name not in entry[2]:
                entry[2].append(item.dimension.name)
    for discipline, prompts, helped in disciplines.values():
        out.append(Paragraph(text=[Span(discipline.name, bold=True), Span("  " + arg(translate(
            "SnapshotReport", "for %1"), i18n.join_names(helped)), muted=True)],
            keep_with_next=True, space_before=6))
        for prompt in prompts:
            out.append(Paragraph(text=prompt, label="•", indent=12))
    return out


def insufficient(b) -> list[Block]:
    missing = b.current.result.insufficient
    if not missing:
        return []
    out: list[Block] = [Heading(text=translate("SnapshotReport", "Not enough data"), level=2)]
    for dim in missing:
        need = (dim.total + 1) // 2
        out.append(Paragraph(text=[Span(dim.dimension.name, bold=True), ": " + arg(translate(
            "SnapshotReport", "%1 of %2 items rated; rate at least %3 to give it a stage."),
            i18n.integer(dim.rated), i18n.integer(dim.total), i18n.integer(need))],
            label="•", indent=12))
    return out


def reassess(b) -> list[Block]:
    due = b.ov.due
    if due is None or not b.a.is_final:
        return []
    when = {
        history.STATUS_OVERDUE: translate("SnapshotReport", "was due by %1 and is overdue"),
        history.STATUS_DUE_SOON: translate("SnapshotReport", "is due soon, by %1"),
    }.get(due.status, translate("SnapshotReport", "is due by %1"))
    text = arg(translate("SnapshotReport", "Reassess every %n month(s), counting from the "
                         "assessment of %1: the next one %2. Compare it with this snapshot.",
                         "", due.months), i18n.day(due.last), arg(when, i18n.day(due.due)))
    return [Heading(text=translate("SnapshotReport", "Next assessment"), level=2),
            Paragraph(text=text)]


# ------------------------------------------------------------------------------- progress


def progress(b) -> list[Block]:
    views = list(b.facts.history)
    finals = [v for v in views if v.assessment.is_final]
    show_trend = len(finals) >= 2 and len(views) >= 2
    if not show_trend and b.comparison is None:
        return []
    out: list[Block] = [Heading(text=translate("SnapshotReport", "Progress over time"), level=1)]
    if show_trend:
        out.append(trend(b, views))
        out.append(scores_by_date(b, views))
    if b.comparison is not None:
        out.extend(changed_items(b))
    return out


def trend(b, views: list[AssessmentView]) -> Chart:
    fw = b.fw
    points = history.trend_points(views)

    def build(width_in: float, height_in: float):
        from maturity_workbook.charts import trend_figure

        return trend_figure(fw, points, size=(width_in, height_in), font=8.5)

    caption = translate("SnapshotReport", "Each function's score at each of the %n "
                        "assessment(s); a gap means too few items were rated that time. Bands "
                        "are the stages.", "", len(views))
    return Chart(name="trend", build=build, width_mm=TREND_SIZE_MM[0],
                 height_mm=TREND_SIZE_MM[1], min_height_mm=70.0, caption=caption,
                 space_before=6)


def scores_by_date(b, views: list[AssessmentView]) -> Table:
    """The baseline and the latest assessments; a caption says how many are left out."""
    if len(views) > MAX_TREND_COLUMNS:
        shown = [views[0]] + views[-(MAX_TREND_COLUMNS - 1):]
        caption = arg(translate("SnapshotReport", "The first assessment and the last %1 of %2 "
                                "are shown; the chart above shows all %2."),
                      i18n.integer(MAX_TREND_COLUMNS - 1), i18n.integer(len(views)))
    else:
        shown = views
        caption = ""
    width = 0.6 / len(shown)
    columns = (Column(translate("SnapshotReport", "Function"), 0.4),) + tuple(
        Column(i18n.day(v.day), width, "right") for v in shown)
    rows = [(dim.name,) + tuple(i18n.score(v.score(dim.id)) for v in shown)
            for dim in b.fw.dimensions]
    rows.append((translate("SnapshotReport", "Overall"),)
                + tuple(i18n.score(v.result.overall_score) for v in shown))
    return Table(columns=columns, rows=rows, strong_rows=frozenset({len(rows) - 1}),
                 space_before=8, caption=caption)


def changed_items(b) -> list[Block]:
    """Items whose agreed level moved (a change in maturity), then apart those rated for the
    first time, no longer rated or not applicable on one side (not a change in maturity)."""
    changes = b.comparison.items
    title = arg(translate("SnapshotReport", "Changes since %1"), i18n.day(b.previous.day))
    out: list[Block] = [Heading(text=title, level=2)]
    moved = [c for c in changes if c.level_change is not None]
    other = [c for c in changes if c.level_change is None]
    if not changes:
        out.append(Paragraph(text=translate("SnapshotReport",
                                            "No item's agreed rating changed.")))
        return out
    if moved:
        out.append(Paragraph(text=translate("SnapshotReport", "%n item(s) changed agreed "
                                            "rating.", "", len(moved)), keep_with_next=True))
        rows = [((Span(b.item_number(c.item.id) + "  ", muted=True), c.item.prompt),
                 level_text(b.fw, c.before), level_text(b.fw, c.after)) for c in moved]
        out.append(Table(columns=(Column(translate("SnapshotReport", "Item"), 0.58),
                                  Column(translate("SnapshotReport", "Before"), 0.21),
                                  Column(translate("SnapshotReport", "Now"), 0.21)),
                         rows=rows, space_before=6))
    else:
        out.append(Paragraph(text=translate("SnapshotReport", "No item's agreed level moved.")))
    if other:
        out.append(Paragraph(text=translate(
            "SnapshotReport", "Not counted as a change in maturity: %n item(s) rated on one side "
            "only, or not applicable on one side.", "", len(other)), style="muted",
            keep_with_next=True, space_before=6))
        rows = [((Span(b.item_number(c.item.id) + "  ", muted=True), c.item.prompt),
                 level_text(b.fw, c.before), level_text(b.fw, c.after)) for c in other]
        out.append(Table(columns=(Column(translate("SnapshotReport", "Item"), 0.58),
                                  Column(translate("SnapshotReport", "Before"), 0.21),
                                  Column(translate("SnapshotReport", "Now"), 0.21)),
                         rows=rows, space_before=4, style="cell-small"))
    return out

