"""What the snapshot says: one assessment in the context of its workbook, as a `Document`.

Plain Python on top of `core.history`: the Overview screen and the report compute the same
stages, changes, bottleneck, next steps, stuck functions and targets. Charts are described here
and built by `charts` only when the layout asks for them (at the size they will print).

The sections, in order:
1. Title block and facts: program, assessment title and date, participants, framework and
   version, what it is compared with, when it was generated.
2. Summary: the overall stage, a table of each function's stage, score, coverage and change since
   the previous assessment, and the radar (this assessment, the previous one, the targets).
3. What to do: the bottleneck and its next steps, the disciplines that help, stuck functions with
   their prompts, the targets, insufficient data, when to reassess.
4. Progress over time (two or more final assessments, or a previous one): the trend chart, the
   scores by date and the items whose agreed rating changed.
5. Item detail, function by function: agreed rating, each participant's rating and the spread,
   notes, evidence.
6. How to read this snapshot: the scoring rules and the source of the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Sequence

from maturity_workbook import APP_NAME, __version__
from maturity_workbook.core import history
from maturity_workbook.core.framework import Framework
from maturity_workbook.core.history import AssessmentView, Overview
from maturity_workbook.core.scoring import DimensionResult
from maturity_workbook.core.workbook import UNRATED, Assessment, Workbook
from maturity_workbook.report.document import (
    Block, Chart, Column, Document, Heading, PageBreak, Paragraph, Span, Spacer, Table, plain,
    user_text,
)
from maturity_workbook.report.words import format_day, level_text, view_label

MAX_TREND_COLUMNS = 6  # dates in the scores-by-date table (the chart shows them all)
RADAR_SIZE_MM = (160.0, 112.0)
RADAR_MIN_HEIGHT_MM = 80.0
TREND_SIZE_MM = (160.0, 88.0)
LONG_TEXT = 320  # characters: a paragraph this long may break across pages on its own
WIDE_SPREAD = 2  # stage levels between the lowest and highest participant rating
MINUS = "\u2212"


def plain_text(block: Block) -> str:
    return plain(block.text) if isinstance(block, Paragraph) else ""


class SnapshotError(Exception):
    """The snapshot cannot be made (no final assessment, a framework mismatch); one line."""


@dataclass(frozen=True)
class SnapshotFacts:
    """What the document is about, kept for callers (file names, window titles, tests)."""

    workbook: Workbook
    framework: Framework
    assessment: Assessment
    overview: Overview
    history: tuple[AssessmentView, ...]  # the trend's assessments, oldest first
    generated: date


def choose_assessment(workbook: Workbook, assessment_id: str | None = None) -> Assessment:
    """The assessment named by a full id or unique prefix, else the latest final one."""
    if assessment_id:
        found = workbook.find_assessment(assessment_id)
        if found is None:
            matches = [a for a in workbook.assessments.values() if a.id.startswith(assessment_id)]
            if len(matches) > 1:
                raise SnapshotError(f"assessment id {assessment_id!r} matches {len(matches)} "
                                    "assessments; type more of the id")
            raise SnapshotError(f"no assessment with id {assessment_id!r} in this workbook")
        return found
    latest = workbook.latest(final_only=True)
    if latest is None:
        raise SnapshotError("this workbook has no final assessment yet; finalize one, or name a "
                            "draft with its id")
    return latest


def gather(workbook: Workbook, framework: Framework, assessment: Assessment, *,
           today: date | None = None) -> SnapshotFacts:
    if assessment.framework_id != framework.id:
        raise SnapshotError(f"assessment {assessment.title!r} uses framework "
                            f"{assessment.framework_id!r}, not {framework.id!r}")
    today = today or date.today()
    ov = history.overview(workbook, framework, assessment, today=today)
    views = history.history_views(workbook, framework, until=assessment)
    return SnapshotFacts(workbook, framework, assessment, ov, tuple(views), today)


# --------------------------------------------------------------------------------- formatting


def fmt_score(score: float | None) -> str:
    return "—" if score is None else f"{score:.1f}"


def fmt_change(change: float | None) -> str:
    if change is None:
        return "—"
    if abs(change) < 0.05:
        return "no change"
    return f"+{change:.1f}" if change > 0 else f"{MINUS}{abs(change):.1f}"


def stage_name(result: DimensionResult) -> str:
    return result.stage.name if result.stage is not None else "insufficient data"


def coverage_text(result: DimensionResult) -> str:
    text = f"{result.rated} of {result.total}"
    if result.not_applicable:
        text += f" ({result.not_applicable} n/a)"
    return text


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def join_names(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# ----------------------------------------------------------------------------------- document


def build_snapshot(workbook: Workbook, framework: Framework, assessment: Assessment, *,
                   today: date | None = None) -> Document:
    """The snapshot of `assessment` as a Document (see the module docstring for its sections)."""
    facts = gather(workbook, framework, assessment, today=today)
    return SnapshotBuilder(facts).document()


class SnapshotBuilder:
    def __init__(self, facts: SnapshotFacts):
        self.facts = facts
        self.wb = facts.workbook
        self.fw = facts.framework
        self.a = facts.assessment
        self.ov = facts.overview
        self.current = facts.overview.current
        self.previous = facts.overview.previous
        self.comparison = facts.overview.comparison
        self.suggested_targets = not self.ov.targets
        self.targets = dict(self.ov.targets) or history.default_targets(self.current)

    # -- the whole

    def document(self) -> Document:
        name = self.wb.name.strip() or "Untitled program"
        title_date = f"{self.a.title.strip() or 'Assessment'}, {format_day(self.a.day)}"
        doc = Document(
            title=f"{name} — maturity snapshot, {format_day(self.a.day)}",
            blocks=[],
            header_left=f"{name} · Maturity snapshot",
            header_right=title_date + ("" if self.a.is_final else " (draft)"),
            footer_left=(f"Generated {format_day(self.facts.generated)} with {APP_NAME} "
                         f"{__version__}"),
            author=APP_NAME,
        )
        doc.extend(self.title_block())
        doc.extend(self.summary())
        doc.extend(self.what_to_do())
        doc.extend(self.progress())
        doc.extend(self.item_detail())
        doc.extend(self.about())
        return doc

    # -- 1. title block and facts

    def title_block(self) -> list[Block]:
        a = self.a
        name = self.wb.name.strip() or "Untitled program"
        out: list[Block] = [
            Paragraph(text="MATURITY SNAPSHOT", style="kicker"),
            Paragraph(text=name, style="title"),
            Paragraph(text=a.title.strip() or "Assessment", style="subtitle"),
        ]
        if not a.is_final:
            out.append(Paragraph(text=[Span("Draft: ", bold=True), "this assessment is not final "
                                       "yet; its ratings may still change."], style="body",
                                 space_before=4))
        people = []
        for pid in a.participant_ids:
            person = self.wb.participants.get(pid)
            if person is None:
                continue
            people.append(f"{person.name} ({person.role})" if person.role.strip() else person.name)
        framework_text = f"{self.fw.title}, version {a.framework_version}"
        if a.framework_version != self.fw.version:
            framework_text += f" (scored with version {self.fw.version})"
        compared = (f"compared with {view_label(self.previous)}" if self.previous is not None
                    else "the first assessment with this framework")
        rows = [
            ("Assessed", f"{format_day(a.day)} ({'final' if a.is_final else 'draft'}), "
                         f"{compared}"),
            ("Participants", ", ".join(people) if people else "none recorded"),
            ("Framework", framework_text),
        ]
        out.append(Table(columns=(Column("", 0.2), Column("", 0.8)),
                         rows=[(Span(k, bold=True), v) for k, v in rows], header=False,
                         zebra=False, compact=True, space_before=12))
        return out

    # -- 2. summary

    def summary(self) -> list[Block]:
        result = self.current.result
        out: list[Block] = [Heading(text="Summary", level=1, space_before=16)]
        lead: list = []
        if result.overall_stage is not None:
            lead += ["Overall stage: ", Span(result.overall_stage.name, bold=True),
                     f" (score {fmt_score(result.overall_score)} of {self.fw.max_level})."]
            if self.comparison is not None and self.comparison.overall_change is not None:
                change = self.comparison.overall_change
                if abs(change) < 0.05:
                    lead.append(f" Unchanged since {format_day(self.previous.day)}.")
                else:
                    verb = "Up" if change > 0 else "Down"
                    lead.append(f" {verb} {abs(change):.1f} since {format_day(self.previous.day)}.")
        else:
            missing = [d.dimension.name for d in result.insufficient]
            lead += ["Overall stage: ", Span("not determined", bold=True),
                     f" — {join_names(missing)} {'has' if len(missing) == 1 else 'have'} too few "
                     "rated items to score."]
        if result.bottleneck is not None:
            b = result.bottleneck
            lead += [" The bottleneck is ", Span(b.dimension.name, bold=True),
                     f" ({b.stage.name}, {fmt_score(b.score)})."]
        if self.comparison is not None:
            moves = []
            if self.comparison.most_improved is not None:
                d = self.comparison.most_improved
                moves.append(f"most improved {d.dimension.name} ({fmt_change(d.score_change)})")
            if self.comparison.most_declined is not None:
                d = self.comparison.most_declined
                moves.append(f"most declined {d.dimension.name} ({fmt_change(d.score_change)})")
            if moves:
                text = "; ".join(moves)
                lead.append(" " + text[0].upper() + text[1:] + ".")
        out.append(Paragraph(text=lead, style="lead", space_before=2))
        out.append(self.summary_table())
        out.append(self.radar())
        return out

    def summary_table(self) -> Table:
        result = self.current.result
        change_title = (f"Change since {format_day(self.previous.day)}" if self.previous
                        else "Change")
        columns = (Column("Function", 0.31), Column("Stage", 0.15), Column("Score", 0.08, "right"),
                   Column("Rated", 0.115, "right"), Column(change_title, 0.345))
        rows = []
        for dim in result.dimensions:
            rows.append((dim.dimension.name, stage_name(dim), fmt_score(dim.score),
                         coverage_text(dim), self.change_text(dim.id)))
        overall_change = "—"
        if self.comparison is not None:
            overall_change = fmt_change(self.comparison.overall_change)
        elif self.previous is None:
            overall_change = "first assessment"
        rows.append(("Overall", result.overall_stage.name if result.overall_stage
                     else "not determined", fmt_score(result.overall_score),
                     f"{sum(d.rated for d in result.dimensions)} of "
                     f"{sum(d.total for d in result.dimensions)}", overall_change))
        return Table(columns=columns, rows=rows, strong_rows=frozenset({len(rows) - 1}),
                     space_before=10)

    def change_text(self, dimension_id: str) -> str:
        if self.comparison is None:
            return "first assessment" if self.previous is None else "—"
        delta = self.comparison.dimension(dimension_id)
        if delta.score_change is None:
            return "not comparable"
        text = fmt_change(delta.score_change)
        if delta.stage_change:
            text += f", {delta.before.stage.name} → {delta.after.stage.name}"
        return text

    def radar(self) -> Chart:
        fw = self.fw
        series = [(view_label(v), v.result) for v in
                  ([self.previous] if self.previous is not None else []) + [self.current]]
        target = dict(self.targets)

        def build(width_in: float, height_in: float):
            from maturity_workbook.charts import radar_figure

            return radar_figure(fw, series, target, size=(width_in, height_in), font=8.5)

        target_text = ("the suggested targets, one stage up" if self.suggested_targets
                       else "the targets")
        caption = (f"Rings mark the stages, from {fw.stages[0].name} at the centre to "
                   f"{fw.stages[-1].name} at the rim; the dashed line shows {target_text}.")
        return Chart(name="radar", build=build, width_mm=RADAR_SIZE_MM[0],
                     height_mm=RADAR_SIZE_MM[1], min_height_mm=RADAR_MIN_HEIGHT_MM,
                     caption=caption, space_before=10)

    # -- 3. what to do

    def what_to_do(self) -> list[Block]:
        result = self.current.result
        out: list[Block] = [Heading(text="What to do", level=1)]
        b = result.bottleneck
        if b is None:
            out.append(Paragraph(text="No function has enough rated items to score, so there is "
                                      "no bottleneck yet. Rate at least half of the items of each "
                                      "function first."))
        else:
            out.append(Heading(text=f"Start with {b.dimension.name}", level=2))
            others = len([d for d in result.dimensions if d.sufficient]) - 1
            why = (f"It is at {b.stage.name} with a score of {fmt_score(b.score)}, the lowest "
                   f"of the {others + 1} scored functions." if others > 0 else
                   f"It is at {b.stage.name} with a score of {fmt_score(b.score)}.")
            out.append(Paragraph(text=why + " The program moves no faster than its weakest "
                                            "function, so work here first, one stage at a time."))
            out.extend(self.next_steps(b))
            if result.disciplines:
                out.append(Heading(text="Disciplines that help", level=3))
                for discipline in result.disciplines:
                    out.append(Paragraph(text=[Span(discipline.name, bold=True), " — ",
                                               discipline.summary],
                                         label="•", indent=12))
        out.extend(self.stuck())
        out.extend(self.targets_section())
        out.extend(self.insufficient())
        out.extend(self.reassess())
        return out

    def next_steps(self, b: DimensionResult) -> list[Block]:
        out: list[Block] = [Heading(text="Next steps", level=3)]
        if not b.next_steps:
            out.append(Paragraph(text="Every rated item of this function is at its stage or "
                                      "beyond, or at the top stage; no step is suggested."))
            return out
        for index, step in enumerate(b.next_steps, 1):
            item_no = self.item_number(step.item_id)
            head = [Span(step.prompt, bold=True), Span(f"  ({item_no})", muted=True)]
            out.append(Paragraph(text=head, label=f"{index}.", indent=16, keep_with_next=True,
                                 space_before=4))
            move = (f"From {self.fw.stage(step.from_level).name} to "
                    f"{self.fw.stage(step.to_level).name}: ")
            out.append(Paragraph(text=[Span(move, italic=True), step.advice], indent=16))
        return out

    def stuck(self) -> list[Block]:
        out: list[Block] = [Heading(text="Stuck functions", level=2)]
        finals = [v for v in self.facts.history if v.assessment.is_final]
        if not self.ov.stuck:
            if len(finals) < 2:
                out.append(Paragraph(text="Whether a function is stuck is judged from the second "
                                          "final assessment on: there is no earlier one to "
                                          "compare with yet."))
            else:
                out.append(Paragraph(text="None: every function with a score moved by at least a "
                                          "quarter of a stage over the last reassessments, or is "
                                          "already at the top stage."))
            return out
        out.append(Paragraph(text="These functions moved by less than a quarter of a stage over "
                                  "the last reassessments. More of the same effort is unlikely to "
                                  "move them; use the questions below to rethink how the work is "
                                  "done."))
        for item in self.ov.stuck:
            days = " → ".join(f"{format_day(day)} {fmt_score(score)}" for day, score in item.points)
            out.append(Paragraph(text=[Span(item.dimension.name, bold=True),
                                       f"  net change {fmt_change(item.change)} ({days})"],
                                 keep_with_next=bool(item.prompts), space_before=6))
            for discipline, prompt in item.prompts:
                out.append(Paragraph(text=[Span(discipline.name + ": ", italic=True), prompt],
                                     label="•", indent=12))
        return out

    def targets_section(self) -> list[Block]:
        out: list[Block] = [Heading(text="Targets", level=2)]
        if not self.targets:
            out.append(Paragraph(text="No targets: no function has a stage to start from yet."))
            return out
        intro = ("No targets were set for this assessment. Suggested: one stage above today's "
                 "stage in each function, as the model advises against leaping stages."
                 if self.suggested_targets else "The targets set for this assessment.")
        out.append(Paragraph(text=intro, keep_with_next=True))
        rows = []
        for dim in self.current.result.dimensions:
            level = self.targets.get(dim.id)
            if level is None:
                rows.append((dim.dimension.name, stage_name(dim), "not set", "—"))
                continue
            target = self.fw.stage(level)
            if dim.stage is None:
                to_go = "score it first"
            else:
                gap = level - dim.stage.level
                to_go = ("reached" if gap <= 0 else plural(gap, "stage"))
            rows.append((dim.dimension.name, stage_name(dim), f"{target.level} {target.name}",
                         to_go))
        out.append(Table(columns=(Column("Function", 0.4), Column("Now", 0.22),
                                  Column("Target", 0.22), Column("To go", 0.16)),
                         rows=rows, space_before=6))
        return out

    def insufficient(self) -> list[Block]:
        missing = self.current.result.insufficient
        if not missing:
            return []
        out: list[Block] = [Heading(text="Not enough data", level=2)]
        for dim in missing:
            need = (dim.total + 1) // 2
            out.append(Paragraph(text=[Span(dim.dimension.name, bold=True),
                                       f": {dim.rated} of {dim.total} items rated; rate at least "
                                       f"{need} to give it a stage."], label="•", indent=12))
        return out

    def reassess(self) -> list[Block]:
        due = self.ov.due
        if due is None or not self.a.is_final:
            return []
        when = {
            history.STATUS_OVERDUE: f"was due by {format_day(due.due)} and is overdue",
            history.STATUS_DUE_SOON: f"is due soon, by {format_day(due.due)}",
        }.get(due.status, f"is due by {format_day(due.due)}")
        return [Heading(text="Next assessment", level=2),
                Paragraph(text=f"Reassess every {due.months} months, counting from the "
                               f"assessment of {format_day(due.last)}: the next one {when}. "
                               "Compare it with this snapshot.")]

    # -- 4. progress over time

    def progress(self) -> list[Block]:
        views = list(self.facts.history)
        finals = [v for v in views if v.assessment.is_final]
        show_trend = len(finals) >= 2 and len(views) >= 2
        if not show_trend and self.comparison is None:
            return []
        out: list[Block] = [Heading(text="Progress over time", level=1)]
        if show_trend:
            out.append(self.trend(views))
            out.append(self.scores_by_date(views))
        if self.comparison is not None:
            out.extend(self.changed_items())
        return out

    def trend(self, views: list[AssessmentView]) -> Chart:
        fw = self.fw
        points = history.trend_points(views)

        def build(width_in: float, height_in: float):
            from maturity_workbook.charts import trend_figure

            return trend_figure(fw, points, size=(width_in, height_in), font=8.5)

        caption = (f"Each function's score at each of the {len(views)} assessments; a gap means "
                   "too few items were rated that time. Bands are the stages.")
        return Chart(name="trend", build=build, width_mm=TREND_SIZE_MM[0],
                     height_mm=TREND_SIZE_MM[1], min_height_mm=70.0, caption=caption,
                     space_before=6)

    def scores_by_date(self, views: list[AssessmentView]) -> Table:
        shown = views[-MAX_TREND_COLUMNS:]
        width = 0.6 / len(shown)
        columns = (Column("Function", 0.4),) + tuple(
            Column(format_day(v.day), width, "right") for v in shown)
        rows = []
        for dim in self.fw.dimensions:
            rows.append((dim.name,) + tuple(fmt_score(v.score(dim.id)) for v in shown))
        rows.append(("Overall",) + tuple(fmt_score(v.result.overall_score) for v in shown))
        table = Table(columns=columns, rows=rows, strong_rows=frozenset({len(rows) - 1}),
                      space_before=8)
        return table

    def changed_items(self) -> list[Block]:
        changes = self.comparison.items
        title = f"Changes since {format_day(self.previous.day)}"
        out: list[Block] = [Heading(text=title, level=2)]
        if not changes:
            out.append(Paragraph(text="No item's agreed rating changed."))
            return out
        out.append(Paragraph(text=f"{plural(len(changes), 'item')} changed agreed rating.",
                             keep_with_next=True))
        rows = []
        for change in changes:
            rows.append(((Span(self.item_number(change.item.id) + "  ", muted=True),
                          change.item.prompt),
                         level_text(self.fw, change.before), level_text(self.fw, change.after)))
        out.append(Table(columns=(Column("Item", 0.58), Column("Before", 0.21),
                                  Column("Now", 0.21)), rows=rows, space_before=6))
        return out

    # -- 5. item detail

    def item_number(self, item_id: str) -> str:
        for d_index, dim in enumerate(self.fw.dimensions, 1):
            for i_index, item in enumerate(dim.items, 1):
                if item.id == item_id:
                    return f"{d_index}.{i_index}"
        return item_id

    def item_detail(self) -> list[Block]:
        a = self.a
        legend = ", ".join(f"{s.level} {s.name}" for s in self.fw.stages)
        out: list[Block] = [
            PageBreak(),
            Heading(text="Item detail", level=1),
            Paragraph(text=f"Every item of the assessment with the agreed rating, each "
                           f"participant's rating and the spread between them, and the notes "
                           f"and evidence recorded. Levels: {legend}."),
        ]
        before = self.previous.assessment if self.previous is not None else None
        for d_index, dim in enumerate(self.fw.dimensions, 1):
            result = self.current.result.dimension(dim.id)
            out.append(Heading(text=dim.name, number=str(d_index), level=2, space_before=16))
            facts = [stage_name(result)]
            if result.score is not None:
                facts.append(f"score {fmt_score(result.score)}")
            facts.append(f"{coverage_text(result)} items rated")
            out.append(Paragraph(text=" · ".join(facts), style="muted", keep_with_next=True))
            for i_index, item in enumerate(dim.items, 1):
                out.extend(self.item_blocks(f"{d_index}.{i_index}", item, before))
        return out

    def item_blocks(self, number: str, item, before: Assessment | None) -> list[Block]:
        a = self.a
        entry = a.entries.get(item.id)
        level = a.agreed_level(item.id)
        indent = 30  # room for "10.12"
        blocks: list[Block] = [Paragraph(text=Span(item.prompt, bold=True), label=number,
                                         indent=indent, space_before=9, label_style="body")]
        agreed: list = [Span(level_text(self.fw, level), bold=True)]
        if level is not UNRATED:
            if entry is not None and entry.agreed_set:
                agreed.append(Span("  agreed by the room", muted=True))
            elif entry is not None and len(entry.ratings) > 1:
                agreed.append(Span("  median of the ratings", muted=True))
        if before is not None:
            then = before.agreed_level(item.id)
            if not (then is level or (type(then) is type(level) and then == level)):
                agreed.append(Span(f"  (was {level_text(self.fw, then)})", italic=True))
        rows: list[Paragraph] = [Paragraph(text=agreed, label="Agreed", indent=indent + 52,
                                           label_style="label")]
        if isinstance(level, int) and level in item.levels:
            rows.append(Paragraph(text=item.levels[level], style="muted", indent=indent + 52))
        ratings = entry.ratings if entry is not None else {}
        if len(ratings) > 1 or (len(ratings) == 1 and len(a.participant_ids) > 1):
            order = [p for p in a.participant_ids if p in ratings] + \
                    [p for p in ratings if p not in a.participant_ids]
            parts: list = []
            for n, pid in enumerate(order):
                person = self.wb.participants.get(pid)
                value = ratings[pid]
                if n:
                    parts.append(Span("  ·  ", muted=True))
                parts.append(f"{person.name if person else 'unknown participant'} ")
                parts.append(Span("n/a" if value is None else str(value), bold=True))
            spread = a.spread(item.id)
            if spread == 0:
                parts.append(Span("   all\u00a0agree", italic=True))
            elif spread is not None:
                word = "spread" if spread < WIDE_SPREAD else "wide\u00a0spread"
                parts.append(Span(f"   {word}\u00a0{spread}", italic=True))
            rows.append(Paragraph(text=parts, label="Ratings", indent=indent + 52,
                                  label_style="label"))
        if entry is not None:
            for n, para in enumerate(user_text(entry.note)):
                rows.append(Paragraph(text=para, label="Note" if n == 0 else "",
                                      indent=indent + 52, label_style="label",
                                      space_before=2 if n else 0))
            evidence = [e for e in entry.evidence if e.strip()]
            for n, text in enumerate(evidence):
                lines = user_text(text)
                rows.append(Paragraph(text=" ".join(lines) if lines else text,
                                      label="Evidence" if n == 0 else "", indent=indent + 52,
                                      label_style="label"))
        # an item stays together on one page, except that a long note may break: then the item
        # starts where at least the note's first lines fit
        blocks.extend(rows)
        for block in blocks[:-1]:
            block.keep_with_next = len(plain_text(block)) <= LONG_TEXT
        return blocks

    # -- 6. how to read it

    def about(self) -> list[Block]:
        fw = self.fw
        text = [
            "Each item is rated at a stage level, or as not applicable / don't know. A function's "
            "score is the mean of its rated items' agreed ratings; its stage is the stage that "
            "score has fully reached (a score of 2.9 has not yet reached stage 3). A function "
            "with fewer than half of its items rated has no score. The overall score is the mean "
            "of the function scores. The bottleneck is the function with the lowest score; the "
            "next steps are the advice, one stage up, for its lowest-rated items.",
            "The agreed rating of an item is the one the room set, or else the median of the "
            "participants' ratings; the spread is the distance between the lowest and highest "
            "rating.",
        ]
        out: list[Block] = [Heading(text="How to read this snapshot", level=2, space_before=20)]
        out.extend(Paragraph(text=t, style="small", space_before=3) for t in text)
        if fw.attribution is not None:
            source = f"{fw.title} {fw.version} follows {fw.attribution.cite()}."
            if fw.attribution.note:
                source += " " + fw.attribution.note
            out.append(Paragraph(text=source, style="small", space_before=3))
        out.append(Spacer(height=2))
        return out
