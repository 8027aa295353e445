"""The snapshot's middle: what to do next, and progress over time (see `content`).

Both lay out `core.advice`, as page 1 and the Overview do. Thin data is said plainly: when a
function has too few rated items, where to start is "not known yet" (the weakest function may be
the unrated one) and the function to rate first is named; an item that was not rated, or is not
applicable, on one side of a comparison is not a change in maturity and is listed apart.
"""

from __future__ import annotations

from maturity_workbook.core import history
from maturity_workbook.core.advice import Bottleneck, RateFirst
from maturity_workbook.core.history import AssessmentView, DueStatus
from maturity_workbook.report import i18n
from maturity_workbook.report.document import (
    Block, Chart, Column, Heading, Paragraph, Span, Table, fill,
)
from maturity_workbook.report.i18n import SnapshotReport, arg, translate
from maturity_workbook.report.models_section import job_section
from maturity_workbook.report.versions import versions_section
from maturity_workbook.report.wording import level_text

MAX_TREND_COLUMNS = 6  # dates in the scores-by-date table: the baseline and the latest ones
TREND_SIZE_MM = (160.0, 88.0)


def what_to_do(b) -> list[Block]:
    """Where to start and its next steps, one step for each other function, the disciplines
    that help, stuck functions, thin data, what to find out, when to reassess."""
    advice = b.advice
    out: list[Block] = [Heading(text=translate("SnapshotReport", "What to do"), level=1)]
    start = advice.start
    job = job_section(b)  # a model with jobs: the job holding the program back, one step
    if job:
        out.extend(job)
    elif isinstance(start, RateFirst):
        out.extend(rate_first(b, start))
    elif isinstance(start, Bottleneck):
        out.extend(bottleneck(b, start))
    out.extend(stuck(b))
    out.extend(insufficient(b))
    out.extend(to_find_out(b))
    out.extend(reassess(b))
    return out


def rate_first(b, first: RateFirst) -> list[Block]:
    from maturity_workbook.report.summary import rate_first_text

    name = Span(b.advice.dimension(first.dimension_id).name, bold=True)
    return [Heading(text=translate("SnapshotReport", "Where to start: not known yet"), level=2),
            Paragraph(text=rate_first_text(b, first, name, lead=False)),
            Paragraph(text=translate(
                "SnapshotReport", "No other function is named as the place to start: the "
                "program moves no faster than its weakest function, and that is not known until "
                "every function has a stage."), style="muted")]


def bottleneck(b, start: Bottleneck) -> list[Block]:
    advice = b.advice
    name = advice.dimension(start.dimension_id).name
    out: list[Block] = [Heading(text=arg(translate("SnapshotReport", "Start with %1"), name),
                                level=2)]
    why = arg(SnapshotReport.tr("It is at %1 with a score of %2, the lowest of the %n scored "
                                "function(s).", "", start.scored_functions),
              b.fw.stage(start.stage_level).name, i18n.score(start.score))
    out.append(Paragraph(text=why + " " + translate(
        "SnapshotReport", "The program moves no faster than its weakest function, so work here "
        "first, one stage at a time.")))
    out.extend(next_steps(b, start))
    if advice.other_steps:
        out.append(Heading(text=translate("SnapshotReport", "One step for each other function"),
                           level=3))
        for step in advice.other_steps:
            out.append(Paragraph(text=[Span(advice.dimension(step.dimension_id).name, bold=True),
                                       " — ", step.advice], label="•", indent=12))
    if start.discipline_ids:
        out.append(Heading(text=translate("SnapshotReport", "Disciplines that help"), level=3))
        for discipline_id in start.discipline_ids:
            discipline = advice.discipline(discipline_id)
            out.append(Paragraph(text=[Span(discipline.name, bold=True), " — ",
                                       discipline.summary], label="•", indent=12))
    return out


def next_steps(b, start: Bottleneck) -> list[Block]:
    out: list[Block] = [Heading(text=translate("SnapshotReport", "Next steps"), level=3)]
    if not start.next_steps:
        out.append(Paragraph(text=translate(
            "SnapshotReport", "Every rated item of this function is at its stage or beyond, or "
            "at the top stage; no step is suggested.")))
        return out
    for index, step in enumerate(start.next_steps, 1):
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
    functions share disciplines: the advice groups their prompts)."""
    advice = b.advice
    found = advice.stuck
    threshold = i18n.number(found.threshold, 2)
    out: list[Block] = [Heading(text=translate("SnapshotReport", "Stuck functions"), level=2)]
    if not found.judged:
        out.append(Paragraph(text=translate(
            "SnapshotReport", "Whether a function is stuck is judged from the second final "
            "assessment on: there is no earlier one to compare with yet.")))
        return out
    if not found.functions:
        out.append(Paragraph(text=arg(SnapshotReport.tr(
            "None: every function with a score moved by at least %1 of a stage over the last %n "
            "reassessment(s), or is already at the top stage.", "", found.reassessments),
            threshold)))
        return out
    out.append(Paragraph(text=arg(SnapshotReport.tr(
        "These functions moved by less than %1 of a stage over the last %n "
        "reassessment(s). More of the same effort is unlikely to move them; the questions below "
        "help rethink how the work is done.", "", found.reassessments), threshold)))
    for item in found.functions:
        days = " → ".join(arg("%1 %2", i18n.day(day), i18n.score(score))
                          for day, score in item.points)
        moved = (arg(translate("SnapshotReport", "no net change (%1)"), days)
                 if abs(item.change) < i18n.NO_CHANGE else
                 arg(translate("SnapshotReport", "net change %1 (%2)"), i18n.change(item.change),
                     days))
        out.append(Paragraph(text=[Span(advice.dimension(item.dimension_id).name, bold=True),
                                   "  " + moved], space_before=4))
    for reinvention in found.reinvent:
        helped = i18n.join_names([advice.dimension(d).name for d in reinvention.dimension_ids])
        out.append(Paragraph(text=[Span(advice.discipline(reinvention.discipline_id).name,
                                        bold=True),
                                   Span("  " + arg(translate("SnapshotReport", "for %1"),
                                                   helped), muted=True)],
                             keep_with_next=True, space_before=6))
        for prompt in reinvention.prompts:
            out.append(Paragraph(text=prompt, label="•", indent=12))
    return out


def insufficient(b) -> list[Block]:
    advice = b.advice
    if not advice.insufficient:
        return []
    out: list[Block] = [Heading(text=translate("SnapshotReport", "Not enough data"), level=2)]
    for f in advice.insufficient:
        if f.reachable:
            text = arg(SnapshotReport.tr("%1 of %2 items rated; %n more give it a stage.", "",
                                         f.items_needed),
                       i18n.integer(f.rated), i18n.integer(f.total))
        else:
            text = arg(translate("SnapshotReport", "%1 of %2 items rated; too many are marked "
                                 "not applicable for a stage."),
                       i18n.integer(f.rated), i18n.integer(f.total))
        out.append(Paragraph(text=[Span(advice.dimension(f.dimension_id).name, bold=True),
                                   ": " + text], label="•", indent=12))
    return out


def to_find_out(b) -> list[Block]:
    """Items the room answered "don't know": to find out before the next workshop."""
    ids = b.advice.to_find_out
    if not ids:
        return []
    out: list[Block] = [
        Heading(text=translate("SnapshotReport", "To find out before the next workshop"),
                level=2),
        Paragraph(text=SnapshotReport.tr("Nobody in the room knew the answer to %n item(s):",
                                         "", len(ids)), keep_with_next=True)]
    for item_id in ids:
        item = b.fw.item(item_id)
        out.append(Paragraph(text=[item.prompt, Span(f"  ({b.item_number(item_id)})",
                                                     muted=True)], label="•", indent=12))
    return out


def reassess(b) -> list[Block]:
    due = b.advice.due
    if due is None or not b.a.is_final:
        return []
    when = {
        DueStatus.OVERDUE: translate("SnapshotReport", "was due by %1 and is overdue"),
        DueStatus.DUE_SOON: translate("SnapshotReport", "is due soon, by %1"),
    }.get(due.status, translate("SnapshotReport", "is due by %1"))
    text = arg(SnapshotReport.tr("Reassess every %n month(s), counting from the assessment of "
                                 "%1: the next one %2. Compare it with this snapshot.", "",
                                 due.months), i18n.day(due.last), arg(when, i18n.day(due.due)))
    return [Heading(text=translate("SnapshotReport", "Next assessment"), level=2),
            Paragraph(text=text)]


# ------------------------------------------------------------------------------- progress


def progress(b) -> list[Block]:
    views = list(b.advice.history)
    finals = [v for v in views if v.assessment.is_final]
    show_trend = len(finals) >= 2 and len(views) >= 2
    since_last = b.advice.since_last
    if not show_trend and since_last is None:
        return []
    out: list[Block] = [Heading(text=translate("SnapshotReport", "Progress over time"), level=1)]
    if show_trend:
        out.append(trend(b, views))
        out.append(scores_by_date(b, views))
    if since_last is not None:
        out.extend(changed_items(b, since_last))
    out.extend(versions_section(b))  # across two versions of the questions: what differs
    return out


def trend(b, views: list[AssessmentView]) -> Chart:
    fw = b.fw
    points = history.trend_points(views)

    def build(width_in: float, height_in: float):
        from maturity_workbook.charts import trend_figure

        return trend_figure(fw, points, size=(width_in, height_in), font=8.5)

    caption = SnapshotReport.tr("Each function's score at each of the %n assessment(s); a gap "
                                "means too few items were rated that time. Bands are the "
                                "stages.", "", len(views))
    # kept with the scores-by-date table under it: the table is read against the chart
    return Chart(name="trend", build=build, width_mm=TREND_SIZE_MM[0],
                 height_mm=TREND_SIZE_MM[1], min_height_mm=70.0, caption=caption,
                 space_before=6, keep_with_next=True)


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


def changed_items(b, since_last) -> list[Block]:
    """Items whose agreed level moved (a change in maturity), then apart those rated for the
    first time, no longer rated or not applicable on one side (not a change in maturity)."""
    title = arg(translate("SnapshotReport", "Changes since %1"),
                i18n.day(since_last.reference.day))
    out: list[Block] = [Heading(text=title, level=2)]
    moved = since_last.maturity_changes
    other = since_last.answer_changes
    if not since_last.item_changes:
        out.append(Paragraph(text=translate("SnapshotReport",
                                            "No item's agreed rating changed.")))
        return out
    if moved:
        out.append(Paragraph(text=SnapshotReport.tr("%n item(s) changed agreed rating.", "",
                                                    len(moved)), keep_with_next=True))
        rows = [((Span(b.item_number(c.item.id) + "  ", muted=True), c.item.prompt),
                 level_text(b.fw, c.before), level_text(b.fw, c.after)) for c in moved]
        out.append(Table(columns=(Column(translate("SnapshotReport", "Item"), 0.58),
                                  Column(translate("SnapshotReport", "Before"), 0.21),
                                  Column(translate("SnapshotReport", "Now"), 0.21)),
                         rows=rows, space_before=6))
    else:
        out.append(Paragraph(text=translate("SnapshotReport", "No item's agreed level moved.")))
    if other:
        out.append(Paragraph(text=SnapshotReport.tr(
            "Not counted as a change in maturity: %n item(s) rated on one side only, or not "
            "applicable on one side.", "", len(other)), style="muted",
            keep_with_next=True, space_before=6))
        rows = [((Span(b.item_number(c.item.id) + "  ", muted=True), c.item.prompt),
                 level_text(b.fw, c.before), level_text(b.fw, c.after)) for c in other]
        out.append(Table(columns=(Column(translate("SnapshotReport", "Item"), 0.58),
                                  Column(translate("SnapshotReport", "Before"), 0.21),
                                  Column(translate("SnapshotReport", "Now"), 0.21)),
                         rows=rows, space_before=4, style="cell-small"))
    return out

