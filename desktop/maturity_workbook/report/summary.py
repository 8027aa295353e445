"""Page 1, the executive summary: what an executive reads when they read nothing else.

It lays out `core.advice` (see `content` for the whole snapshot): the overall stage and how it
moved, three key findings (strengths and gaps; the first says where to start, or honestly that
it is not known yet), stuck functions, a table of each function's stage with what it rests on,
its change since last time and since the baseline and its gap to target, the radar, and the
goal with its metrics. Nothing here decides anything: a rule the page states (the stuck
threshold, the number of findings) is the number the advice carries.

Two seams, each one function: `stage_basis` words what a stage rests on, and `goal_and_metrics`
prints the goal the program serves and its metrics once the plan's records exist.
"""

from __future__ import annotations

from maturity_workbook.core.advice import (
    Bottleneck, ChangeKind, Finding, FindingKind, FunctionChange, FunctionStatus, GapStatus,
    RateFirst, RateFirstBasis, Tone,
)
from maturity_workbook.core.history import AssessmentView
from maturity_workbook.report import i18n
from maturity_workbook.report.wording import coverage_text
from maturity_workbook.report.document import (
    Beside, Block, Chart, Column, Heading, Paragraph, Span, Table, fill, user, user_text,
)
from maturity_workbook.report.i18n import SnapshotReport, arg, translate
from maturity_workbook.report.versions import DIFFER_MARK, page_one_note

RADAR_SIZE_MM = (90.0, 84.0)  # beside the findings; built shorter on a crowded page 1
RADAR_MIN_HEIGHT_MM = 62.0
RADAR_SHARE = 0.52 # of the text width, for the radar's column
LEGEND_TITLE_CHARS = 32  # an assessment title in the radar's legend is shortened past this
FINDING_INDENT = 40  # points: room for the hanging "Strength" / "Gap"
TIGHT_PAD = 3.0  # points beside each cell of the seven-column table (the default is 4.5)
NOTE_INDENT = 66  # points: room for the hanging "Participants" / "Notes"


def executive_summary(b) -> list[Block]:
    """Page 1 after the title block. `b` is the content.SnapshotBuilder."""
    out: list[Block] = [Heading(text=translate("SnapshotReport", "Summary"), level=1,
                                space_before=12)]
    out.append(Paragraph(text=overall_line(b), style="lead", space_before=0))
    out.extend(goal_and_metrics(b))
    out.append(function_table(b))
    # last, so that on a crowded page (a long name, a confidentiality line, Letter paper) the
    # radar is drawn a little shorter instead of pushing anything to page 2
    out.append(Beside(left=[radar(b)], right=key_findings(b) + stuck_line(b),
                      share=RADAR_SHARE, space_before=10))
    return out


# ------------------------------------------------------------------------------ the headline


def overall_line(b) -> tuple[Span, ...]:
    advice = b.advice
    fw = b.fw
    if advice.overall_level is None:
        missing = [advice.dimension(f.dimension_id).name for f in advice.insufficient]
        return fill(translate("SnapshotReport", "Overall stage: %1. Too few items are rated to "
                              "score: %2."),
                    Span(translate("SnapshotReport", "not determined"), bold=True),
                    i18n.join_names(missing))
    out = list(fill(translate("SnapshotReport", "Overall stage: %1 (score %2 of %3)."),
                    Span(fw.stage(advice.overall_level).name, bold=True),
                    i18n.score(advice.overall_score), i18n.integer(fw.max_level)))
    for progress, template, unchanged in (
            (advice.since_last, translate("SnapshotReport", " %1 since %2."),
             translate("SnapshotReport", " No change since %1.")),
            (advice.since_baseline, translate("SnapshotReport", " %1 since the baseline of %2."),
             translate("SnapshotReport", " No change since the baseline of %1."))):
        if progress is None or progress.overall_change is None:
            continue
        if abs(progress.overall_change) < i18n.NO_CHANGE:  # a sentence of its own, capitalised
            out += fill(unchanged, i18n.day(progress.reference.day))
        else:
            out += fill(template, i18n.change(progress.overall_change),
                        i18n.day(progress.reference.day))
    return tuple(out)


# ---------------------------------------------------------------------------- key findings


def key_findings(b) -> list[Block]:
    """The advice's findings (at most `rules.max_findings`), each under its tone. The first is
    where to start: the bottleneck, or the function to rate first when it is not known."""
    findings = b.advice.findings
    if not findings:
        return []
    out: list[Block] = [Heading(text=translate("SnapshotReport", "Key findings"), level=3,
                                space_before=0, outline=False)]
    for finding in findings:
        tone = (translate("SnapshotReport", "Strength") if finding.tone is Tone.STRENGTH
                else translate("SnapshotReport", "Gap"))
        out.append(Paragraph(text=finding_text(b, finding), label=tone, indent=FINDING_INDENT,
                             label_style="label", space_before=3))
    return out


def finding_text(b, finding: Finding) -> tuple[Span, ...]:
    advice, fw = b.advice, b.fw
    name = Span(advice.dimension(finding.dimension_id).name, bold=True)
    stage = fw.stage(finding.stage_level).name if finding.stage_level is not None else ""
    kind = finding.kind
    if kind is FindingKind.BOTTLENECK:
        return start_text(b, advice.bottleneck, name)
    if kind is FindingKind.RATE_FIRST:
        return rate_first_text(b, advice.rate_first, name)
    since = i18n.day(finding.since) if finding.since is not None else ""
    if kind is FindingKind.STUCK:
        return fill(translate("SnapshotReport", "%1 is stuck: %2 since %3, less than %4 of a "
                              "stage. More of the same effort is unlikely to move it."),
                    name, i18n.change(finding.change), since,
                    i18n.number(advice.stuck.threshold, 2))
    if kind is FindingKind.DECLINED:
        return fill(translate("SnapshotReport", "%1 fell by %2 since %3, to %4."), name,
                    i18n.number(abs(finding.change)), since, stage)
    if kind is FindingKind.IMPROVED:
        return fill(translate("SnapshotReport", "%1 rose by %2 since %3, to %4."), name,
                    i18n.number(abs(finding.change)), since, stage)
    if kind is FindingKind.IMPROVED_SINCE_BASELINE:
        return fill(translate("SnapshotReport", "%1 rose by %2 since the baseline of %3, to "
                              "%4."), name, i18n.number(abs(finding.change)), since, stage)
    return fill(translate("SnapshotReport", "%1 is the strongest function, at %2 (score %3)."),
                name, stage, i18n.score(finding.score))


def start_text(b, start: Bottleneck, name: Span) -> tuple[Span, ...]:
    out = list(fill(translate("SnapshotReport", "Start with %1, the weakest function, at %2 "
                              "(score %3)."), name, b.fw.stage(start.stage_level).name,
                    i18n.score(start.score)))
    if start.next_steps:
        step = start.next_steps[0]
        out += fill(translate("SnapshotReport", " First step: %1"), step.advice)
    return tuple(out)


def rate_first_text(b, first: RateFirst, name: Span, lead: bool = True) -> tuple[Span, ...]:
    """Where to start, honestly not known: which function to rate first, and why. `lead`
    starts with "Where to start is not known yet" (page 1; page 2 has it as a heading)."""
    f = first.function
    out = list(fill(translate("SnapshotReport", "Where to start is not known yet: ")) if lead
               else ())
    out += fill(translate("SnapshotReport", "%1 has %2 of %3 items rated, too few for a stage, "
                          "and the weakest function could be there."),
                name, i18n.integer(f.rated), i18n.integer(f.total))
    if first.basis is RateFirstBasis.WEAKEST_WHEN_LAST_SCORED and f.last_day is not None:
        out += fill(translate("SnapshotReport", " It was the weakest when last scored (%1 on "
                              "%2)."), i18n.score(f.last_score), i18n.day(f.last_day))
    if f.reachable:
        out += fill(SnapshotReport.tr(" Rate it first: %n more item(s) give it a stage.", "",
                                      f.items_needed))
    else:
        out += fill(translate("SnapshotReport", " Rate it first: too many of its items are "
                              "marked not applicable for a stage; check those answers."))
    return tuple(out)


def stuck_line(b) -> list[Block]:
    """Stuck functions the findings did not already call stuck (the bottleneck may be one)."""
    stuck = b.advice.stuck
    said = {f.dimension_id for f in b.advice.findings if f.kind is FindingKind.STUCK}
    rest = [s.dimension_id for s in stuck.functions if s.dimension_id not in said]
    if not rest:
        return []
    names = i18n.join_names([b.advice.dimension(d).name for d in rest])
    text = fill(SnapshotReport.tr("%1: %2 moved less than %3 of a stage over the last %n "
                                  "reassessment(s); questions to rethink the work are under "
                                  "What to do.", "", stuck.reassessments),
                Span(translate("SnapshotReport", "Stuck"), bold=True), Span(names, bold=True),
                i18n.number(stuck.threshold, 2))
    return [Paragraph(text=text, space_before=4)]


# --------------------------------------------------------------------------- the table


def stage_basis(b, status: FunctionStatus) -> str:
    """What a function's stage rests on, in one cell: how many of its rated items have reached
    the stage ('5 of 7 at or above'), and how many are rated when not all are."""
    result = b.current.dimension(status.dimension_id)
    counts = result.level_counts
    if not counts or status.stage_level is None:
        return coverage_text(status)
    reached = sum(n for level, n in counts.items() if level >= status.stage_level)
    text = arg(translate("SnapshotReport", "%1 of %2 at or above",
                         "rated items at the function's stage or above, of those rated"),
               i18n.integer(reached), i18n.integer(result.rated))
    if result.rated < result.total:  # the rest is unrated, not applicable or don't know
        text += " " + arg(translate("SnapshotReport", "(%1 of %2 rated)"),
                          i18n.integer(result.rated), i18n.integer(result.total))
    return text


def change_text(change: FunctionChange | None, stuck: bool = False) -> str:
    """'+0.3 ↑', 'newly scored' or 'no score now': only a stage on both sides is a change in
    maturity."""
    if change is None:
        return ""
    if change.kind is ChangeKind.NEWLY_SCORED:
        return translate("SnapshotReport", "newly scored")
    if change.kind is ChangeKind.NO_LONGER_SCORED:
        return translate("SnapshotReport", "no score now")
    if change.kind is ChangeKind.NOT_SCORED:
        return "—"
    text = i18n.change(change.score_change)
    if change.stage_change:
        text += " " + ("↑" * change.stage_change if change.stage_change > 0
                       else "↓" * -change.stage_change)
    return text


def differ_mark(change: FunctionChange | None) -> str:
    """A mark beside a change measured against another version's questions where this
    function's items differ (the caption explains it)."""
    return "\u00a0" + DIFFER_MARK if change is not None and change.items_differ else ""


def target_text(b, status: FunctionStatus) -> str:
    gap = status.target
    if gap is None:
        return translate("SnapshotReport", "not set")
    target = b.fw.stage(gap.target_level).name
    if gap.status is GapStatus.NOT_SCORED:
        return arg(translate("SnapshotReport", "%1 (no stage yet)"), target)
    if gap.status is GapStatus.REACHED:
        return arg(translate("SnapshotReport", "%1, reached"), target)
    return arg(SnapshotReport.tr("%1 (%n to go)", "stages to go", gap.stages_to_go), target)


def function_table(b) -> Table:
    """Each function: stage (and whether it is stuck), score, what the stage rests on, change
    since last time and since the baseline, and the gap to target; then the overall row."""
    advice, fw = b.advice, b.fw
    # the columns take their content's width; room to spare goes to the change columns, whose
    # dated titles would wrap (the weights only share what is left)
    columns = [Column(translate("SnapshotReport", "Function"), 0.02),
               Column(translate("SnapshotReport", "Stage"), 0.02),
               Column(translate("SnapshotReport", "Score"), 0.01, "right"),
               Column(translate("SnapshotReport", "Rests on"), 0.02, "right")]
    changes = []
    if advice.since_last is not None:
        changes.append(("since_last", arg(translate("SnapshotReport", "Since %1"),
                                          i18n.day(advice.since_last.reference.day))))
    if advice.since_baseline is not None:
        changes.append(("since_baseline", arg(translate("SnapshotReport", "Since baseline %1"),
                                              i18n.day(advice.since_baseline.reference.day))))
    columns += [Column(title, 0.5) for _attr, title in changes]
    columns.append(Column(translate("SnapshotReport", "Target"), 0.02))
    stuck = {s.dimension_id for s in advice.stuck.functions}
    rows = []
    for status in advice.functions:
        stage: list = [fw.stage(status.stage_level).name if status.stage_level is not None
                       else translate("SnapshotReport", "insufficient data")]
        if status.dimension_id in stuck:
            stage.append(Span("\u00a0·\u00a0" + translate("SnapshotReport", "stuck"), muted=True))
        row = [advice.dimension(status.dimension_id).name, stage, i18n.score(status.score),
               stage_basis(b, status)]
        row += [change_text(getattr(status, attr)) + differ_mark(getattr(status, attr))
                for attr, _t in changes]
        row.append(target_text(b, status))
        rows.append(tuple(row))
    functions = advice.functions
    overall = [translate("SnapshotReport", "Overall"),
               fw.stage(advice.overall_level).name if advice.overall_level is not None
               else translate("SnapshotReport", "not determined"),
               i18n.score(advice.overall_score),
               arg(translate("SnapshotReport", "%1 of %2", "items rated of all items"),
                   i18n.integer(sum(f.rated for f in functions)),
                   i18n.integer(sum(f.total for f in functions)))]
    overall += [i18n.change(getattr(advice, attr).overall_change) for attr, _t in changes]
    overall.append("")
    rows.append(tuple(overall))
    notes = []
    if changes:
        notes.append(translate("SnapshotReport", "An arrow marks a function that moved up (↑) "
                               "or down (↓) a stage."))
    if page_one_note(b):
        notes.append(page_one_note(b))
    if advice.targets_suggested and any(f.target is not None for f in functions):
        notes.append(translate("SnapshotReport", "No targets were set for this assessment; the "
                               "targets shown are one stage above today's stage, as the model "
                               "advises against leaping stages."))
    return Table(columns=tuple(columns), rows=rows, strong_rows=frozenset({len(rows) - 1}),
                 space_before=8, caption=" ".join(notes), style="cell-small", pad_x=TIGHT_PAD)


# ------------------------------------------------------------------------------ the radar


def radar(b) -> Chart:
    fw = b.fw
    series = ([b.previous] if b.previous is not None else []) + [b.current]
    labels = [legend_label(view) for view in series]
    target = {f.dimension_id: f.target.target_level for f in b.advice.functions
              if f.target is not None}

    def build(width_in: float, height_in: float):
        from maturity_workbook.charts import radar_figure
        from maturity_workbook.charts.radar import RadarSeries

        shown = [RadarSeries(label, view.scores()) for label, view in zip(labels, series)]
        return radar_figure(fw, shown, target, size=(width_in, height_in), font=8.5)

    target_words = (translate("SnapshotReport", "the suggested targets, one stage up")
                    if b.advice.targets_suggested else translate("SnapshotReport", "the targets"))
    caption = arg(translate("SnapshotReport", "Rings mark the stages, from %1 at the centre to "
                            "%2 at the rim; the dashed line shows %3."),
                  fw.stages[0].name, fw.stages[-1].name, target_words)
    return Chart(name="radar", build=build, width_mm=RADAR_SIZE_MM[0],
                 height_mm=RADAR_SIZE_MM[1], min_height_mm=RADAR_MIN_HEIGHT_MM,
                 caption=caption)


def legend_label(view: AssessmentView) -> str:
    """'12 Nov 2025 — Autumn review': the date always, the title shortened."""
    title = " ".join(view.title.split())
    if len(title) > LEGEND_TITLE_CHARS:
        title = title[:LEGEND_TITLE_CHARS - 1].rstrip() + "…"
    # emoji in text presentation: an outline emoji font draws them (no colour bitmap)
    from maturity_workbook.report.text import text_presentation

    label = arg("%1 — %2", i18n.day(view.day), title) if title else i18n.day(view.day)
    return text_presentation(label)


# ---------------------------------------------------------------------------- the plan


def goal_and_metrics(b) -> list[Block]:
    """The company goal the program serves and its metrics (baseline, target, the value at this
    assessment), under the overall stage: what the assessment is for comes before the detail.

    The seam for the plan, left empty on purpose: the plan's records (core.plan: `goal_at(wb,
    assessment)`, `metrics_of(wb, goal)`, `actual_at(wb, metric, assessment_id)`) are for the
    plan's own integration with the report to print here. Keep it to a few lines: page 1 must
    also hold the table and the radar, which gives up at most its spare height."""
    from maturity_workbook.report.plan_section import goal_and_metrics as plan_goal

    return plan_goal(b)


# --------------------------------------------------------------------------- page 2 opener


def about_assessment(b) -> list[Block]:
    """Who took part (names and roles, or P1...Pn) and what the room wrote about the assessment
    as a whole: the top of page 2, so page 1 keeps to what an executive reads."""
    out: list[Block] = [Heading(text=translate("SnapshotReport", "About this assessment"),
                                level=2, space_before=0),
                        Paragraph(text=b.participants_text(),
                                  label=translate("SnapshotReport", "Participants"),
                                  indent=NOTE_INDENT, label_style="label")]
    for n, note in enumerate(user_text(b.a.notes)):
        out.append(Paragraph(text=user(note), label=translate("SnapshotReport", "Notes")
                             if n == 0 else "", indent=NOTE_INDENT, label_style="label",
                             space_before=4 if n == 0 else 2))
    return out
