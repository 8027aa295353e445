"""What makes a model distinct, in the snapshot: the research cohort and the three jobs.

- A framework whose stages carry shares of a research cohort gets a section after the summary:
  where the program sits among the programs the research looked at (the cohort bar from
  charts/cohort.py, printed as vectors, the source cited under it) and the imperatives of the
  next stage as next steps (`cohort_section`).
- A framework with jobs gets, in "What to do", the job that holds the program back, the run of
  stages each job owns and the single next step in that job's words, in place of the weakest
  function's three steps (`job_section`).
Both read core.cohort and core.jobs, as the Overview does; every sentence goes through
`translate("SnapshotReport", ...)`, percentages through QLocale.
"""

from __future__ import annotations

from maturity_workbook.core.cohort import CohortPlace, cohort_for
from maturity_workbook.core.history import MAX_REASSESS_MONTHS, MIN_REASSESS_MONTHS
from maturity_workbook.core.jobs import JobStep, job_step_for
from maturity_workbook.report import i18n
from maturity_workbook.report.document import (
    Block, Chart, Column, Heading, Paragraph, Span, Table, fill,
)
from maturity_workbook.report.i18n import arg, translate

COHORT_FONT = 8.5  # points, as the radar and the trend print
MM_PER_INCH = 25.4


def percent(value: float) -> str:
    """A share (0-1) as the locale writes a percentage: '55%'."""
    locale = i18n.locale()
    pct = value * 100
    decimals = 0 if abs(pct - round(pct)) < 0.05 else 1
    return arg(translate("SnapshotReport", "%1%2", "a percentage: the number, then the locale's "
                         "percent sign"), locale.toString(float(round(pct, decimals)), "f",
                                                          decimals), locale.percent())


def stage_text(stage) -> str:
    return arg("%1 · %2", i18n.integer(stage.level), stage.name)


def cohort_texts():
    from maturity_workbook.charts.cohort import CohortTexts

    return CohortTexts(
        stage=translate("SnapshotReport", "Stage {level} · {name}"),
        here=translate("SnapshotReport", "{share} of programs are at this stage"),
        ahead=translate("SnapshotReport", "ahead of {share}"),
        key=translate("SnapshotReport", "{level} {name} · {share}"),
        source=translate("SnapshotReport", "Source: {source}"),
        percent=percent)


# ----------------------------------------------------------------------------- the cohort


def cohort_section(b) -> list[Block]:
    """After the summary, for frameworks whose stages carry shares; [] for the others."""
    if not b.fw.has_shares or b.fw.jobs:
        return []
    out: list[Block] = [Heading(text=translate("SnapshotReport",
                                               "Where the program sits among others"),
                                level=2, space_before=10, keep_with_next=True)]
    place = cohort_for(b.current.result)
    if place is None:
        out.append(Paragraph(text=translate(
            "SnapshotReport", "The place among the programs the research looked at is shown "
            "once every function has a stage.")))
        return out
    if place.ahead_of > 0:
        lead = arg(translate("SnapshotReport", "Stage %1: where %2 of the programs the research "
                             "looked at are; ahead of %3."), stage_text(place.stage),
                   percent(place.stage_share), percent(place.ahead_of))
    else:
        lead = arg(translate("SnapshotReport", "Stage %1: where %2 of the programs the research "
                             "looked at are."), stage_text(place.stage),
                   percent(place.stage_share))
    out.append(Paragraph(text=(Span(lead, bold=True),), keep_with_next=True))
    out.append(cohort_chart(place))
    out.extend(imperatives(place))
    return out


def cohort_chart(place: CohortPlace) -> Chart:
    """The bar at its natural height for the print width (measured once, then built at the
    size it prints: its text keeps its point sizes, and it is never built shorter)."""
    from maturity_workbook.charts.cohort import PRINT_WIDTH, cohort_figure

    texts = cohort_texts()
    measured = cohort_figure(place, width=PRINT_WIDTH, font=COHORT_FONT, texts=texts)
    height_in = measured.get_figheight()

    def build(width_in: float, height: float):
        if abs(width_in - PRINT_WIDTH) < 1e-3 and abs(height - height_in) < 1e-3:
            return measured  # printed at the size it was measured: no second build
        return cohort_figure(place, width=width_in, height=height, font=COHORT_FONT,
                             texts=texts)

    height_mm = height_in * MM_PER_INCH
    return Chart(name="cohort", build=build, width_mm=PRINT_WIDTH * MM_PER_INCH,
                 height_mm=height_mm, min_height_mm=height_mm, space_before=4)


def imperatives(place: CohortPlace) -> list[Block]:
    if place.next_stage is None:
        return [Paragraph(text=translate(
            "SnapshotReport", "The program is at the model's top stage: few of the programs "
                              "the research looked at got this far."), space_before=4)]
    out: list[Block] = [Heading(text=arg(translate(
        "SnapshotReport", "Next steps: the imperatives of stage %1"),
        stage_text(place.next_stage)), level=3, keep_with_next=True)]
    for index, step in enumerate(place.next_steps, 1):
        out.append(Paragraph(text=step, label=i18n.integer(index) + ".", indent=16))
    if place.next_stage.challenge:
        out.append(Paragraph(text=fill(translate(
            "SnapshotReport", "%1 %2"), Span(translate(
                "SnapshotReport", "What usually holds programs back there:"), italic=True),
            place.next_stage.challenge), style="muted", space_before=4))
    return out


# ------------------------------------------------------------------------------- the jobs


def job_section(b) -> list[Block]:
    """In "What to do", for frameworks with jobs once every job has a stage: the job that holds
    the program back and its single next step; [] otherwise (the weakest-function advice and
    "rate first" stay as they are)."""
    if not b.fw.jobs:
        return []
    found = job_step_for(b.current.result)
    if found is None or found.partial:
        return []
    out: list[Block] = [Heading(text=arg(translate(
        "SnapshotReport", "The job that holds the program back: %1"), found.job.name), level=2)]
    if found.at_top:
        out.append(Paragraph(text=arg(translate(
            "SnapshotReport", "The program has reached the top stage, %1, in every job."),
            stage_text(found.stage))))
    else:
        weakest = (b.fw.dimension(found.dimension_id).name if found.dimension_id
                   else found.job.name)
        out.append(Paragraph(text=arg(translate(
            "SnapshotReport", "The program stands at %1, the stage its weakest job, %2, has "
            "reached. The next stage, %3, is the work of %4."), stage_text(found.stage), weakest,
            stage_text(found.target), found.job.name)))
    out.append(jobs_table(b.fw, found))
    out.append(Heading(text=translate("SnapshotReport", "To keep it there") if found.at_top
                       else translate("SnapshotReport", "The next step"), level=3,
                       keep_with_next=True))
    out.append(Paragraph(text=(Span(found.step, bold=True),)))
    if found.job.friction:
        out.append(Paragraph(text=fill(translate("SnapshotReport", "%1 %2"), Span(translate(
            "SnapshotReport", "What stalls this job:"), italic=True), found.job.friction),
            style="muted", space_before=4))
    out.append(Paragraph(text=arg(translate(
        "SnapshotReport", "One step at a time: take this one, then reassess, every %1 to %2 "
        "months."), i18n.integer(MIN_REASSESS_MONTHS), i18n.integer(MAX_REASSESS_MONTHS)),
        space_before=4))
    return out


def jobs_table(framework, found: JobStep) -> Table:
    """Each job, the stages it owns, and where the program is in it."""
    rows = []
    level = found.stage.level
    for job in framework.jobs:
        stages = (i18n.integer(job.first_level) if job.first_level == job.last_level else
                  arg(translate("SnapshotReport", "%1 to %2", "a range of stages"),
                      i18n.integer(job.first_level), i18n.integer(job.last_level)))
        if job.id == found.job.id and not found.at_top:
            where = (Span(arg(translate("SnapshotReport", "holds the program back: next, stage "
                                        "%1"), i18n.integer(found.target.level)), bold=True),)
        elif job.last_level <= level:
            where = translate("SnapshotReport", "reached")
        elif job.first_level <= level:
            where = arg(translate("SnapshotReport", "at stage %1"), i18n.integer(level))
        else:
            where = translate("SnapshotReport", "later")
        rows.append((Span(job.name, bold=job.id == found.job.id), stages, where))
    return Table(columns=(Column(translate("SnapshotReport", "Job"), 0.25),
                          Column(translate("SnapshotReport", "Stages"), 0.2),
                          Column(translate("SnapshotReport", "Where the program is"), 0.55)),
                 rows=rows, compact=True, space_before=6)
