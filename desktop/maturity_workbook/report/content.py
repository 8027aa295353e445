"""What the snapshot says: one assessment in the context of its workbook, as a `Document`.

Built on `core.history` (the Overview screen and the report compute the same stages, changes,
bottleneck, next steps, stuck functions and targets). Every sentence goes through Qt's
translation (context "SnapshotReport"), dates and numbers through QLocale, and text a user typed
is kept in its own isolated spans (`document.user`). Charts are described here and built by
`charts` only when the layout asks for them (at the size they will print).

The sections, in order:
1. Page 1, the executive summary: program and assessment, prepared for / by, an optional
   confidentiality line, the facts (date, participants, framework, what it is compared with,
   notes), the overall stage, a table of each function's stage, score, coverage, change since
   last time and since the baseline, and target; the radar.
2. What to do: where to start (or why that is not known yet), its next steps, the disciplines
   that help, stuck functions with their prompts, insufficient data, when to reassess.
3. Progress over time (two or more final assessments): the trend, the scores by date (the
   baseline and the latest, saying what is left out) and the items whose rating changed.
4. Item detail (optional), function by function: see `detail`.
5. How to read this snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from maturity_workbook import APP_NAME, __version__
from maturity_workbook.core import history
from maturity_workbook.core.framework import Framework
from maturity_workbook.core.history import AssessmentView, Overview
from maturity_workbook.core.scoring import DimensionResult
from maturity_workbook.core.workbook import UNKNOWN, UNRATED, Assessment, Workbook
from maturity_workbook.report import i18n
from maturity_workbook.report.document import (
    Block, Chart, Column, Document, Heading, Paragraph, Span, Table, fill, user, user_text,
)
from maturity_workbook.report.i18n import arg, translate

MAX_TREND_COLUMNS = 6  # dates in the scores-by-date table: the baseline and the latest ones
RADAR_SIZE_MM = (160.0, 112.0)
RADAR_MIN_HEIGHT_MM = 66.0
TREND_SIZE_MM = (160.0, 88.0)
LEGEND_TITLE_CHARS = 32  # an assessment title in the radar's legend is shortened past this
LONG_TITLE_CHARS = 36  # a program name longer than this prints in the smaller title style
LONG_SUBTITLE_CHARS = 60
ROLES_UP_TO = 6  # participants listed with their roles on page 1; more: names only


class SnapshotError(Exception):
    """The snapshot cannot be made (no final assessment, a framework mismatch); one line."""


@dataclass(frozen=True)
class SnapshotOptions:
    """What the person exporting chose (export dialog, `export-pdf` options)."""

    include_detail: bool = True
    anonymize: bool = False  # participants as P1...Pn instead of their names


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


def build_snapshot(workbook: Workbook, framework: Framework, assessment: Assessment, *,
                   today: date | None = None, options: SnapshotOptions | None = None
                   ) -> Document:
    """The snapshot of `assessment` as a Document (see the module docstring for its sections)."""
    facts = gather(workbook, framework, assessment, today=today)
    return SnapshotBuilder(facts, options or SnapshotOptions()).document()


def stage_name(result: DimensionResult) -> str:
    return result.stage.name if result.stage is not None else translate(
        "SnapshotReport", "insufficient data")


def coverage_text(result: DimensionResult) -> str:
    text = arg(translate("SnapshotReport", "%1 of %2", "items rated of all items"),
               i18n.integer(result.rated), i18n.integer(result.total))
    if result.not_applicable:
        text += " " + translate("SnapshotReport", "(%n n/a)", "items not applicable",
                                result.not_applicable)
    return text


def level_text(framework: Framework, level: object) -> str:
    """'3 Scaling', 'not applicable' or 'not rated'."""
    if level is UNRATED:
        return translate("SnapshotReport", "not rated")
    if level is None:
        return translate("SnapshotReport", "not applicable")
    if level is UNKNOWN:
        return translate("SnapshotReport", "don't know")
    return arg("%1 %2", i18n.integer(level), framework.stage(level).name)


class SnapshotBuilder:
    def __init__(self, facts: SnapshotFacts, options: SnapshotOptions | None = None):
        self.facts = facts
        self.options = options or SnapshotOptions()
        self.wb = facts.workbook
        self.fw = facts.framework
        self.a = facts.assessment
        self.ov = facts.overview
        self.current = facts.overview.current
        self.previous = facts.overview.previous
        self.comparison = facts.overview.comparison
        finals = [v for v in facts.history if v.assessment.is_final and v.id != self.a.id]
        self.baseline = finals[0] if finals else None
        self.since_baseline = None
        if self.baseline is not None and (self.previous is None
                                          or self.baseline.id != self.previous.id):
            self.since_baseline = history.compare(self.fw, self.baseline, self.current)
        self.suggested_targets = not self.ov.targets
        self.targets = dict(self.ov.targets) or history.default_targets(self.current)

    # -- names

    @property
    def program(self) -> str:
        return self.wb.name.strip() or translate("SnapshotReport", "Untitled program")

    @property
    def title(self) -> str:
        return self.a.title.strip() or translate("SnapshotReport", "Assessment")

    def person(self, pid: str) -> str:
        """A participant's name, or P1...Pn (by their place in the assessment) when anonymized."""
        if self.options.anonymize:
            ids = list(self.a.participant_ids)
            number = ids.index(pid) + 1 if pid in ids else len(ids) + 1
            return arg(translate("SnapshotReport", "P%1", "an anonymized participant"),
                       i18n.integer(number))
        person = self.wb.participants.get(pid)
        return person.name if person is not None else translate(
            "SnapshotReport", "unknown participant")

    # -- the whole

    def document(self) -> Document:
        when = i18n.day(self.a.day)
        prepared_by = (getattr(self.wb, "prepared_by", "") or "").strip()
        draft = "" if self.a.is_final else " " + translate("SnapshotReport", "(draft)")
        doc = Document(
            title=arg(translate("SnapshotReport", "%1 — maturity snapshot, %2"), self.program,
                      when),
            blocks=[],
            header_left=fill(translate("SnapshotReport", "%1 · Maturity snapshot"),
                             user(self.program)),
            header_right=(user(self.title), Span(", " + when + draft)),
            footer_left=arg(translate("SnapshotReport", "Generated %1 with %2 %3"),
                            i18n.day(self.facts.generated), APP_NAME, __version__),
            author=prepared_by,
            subject=arg(translate("SnapshotReport", "Customer education maturity of %1: %2, %3"),
                        self.program, self.title, when),
            keywords=(translate("SnapshotReport", "maturity assessment"), self.fw.title,
                      self.program, *[d.name for d in self.fw.dimensions]),
            language=i18n.language(),
            creator=f"{APP_NAME} {__version__}",
            page_label=translate("SnapshotReport", "Page %1 of %2"),
            continued_label=translate("SnapshotReport", "%1 (continued)"),
        )
        doc.extend(self.title_block(prepared_by))
        doc.extend(self.summary())
        doc.extend(self.what_to_do())
        doc.extend(self.progress())
        from maturity_workbook.report.portfolio import portfolio  # the customers (seed 004)
        doc.extend(portfolio(self))
        from maturity_workbook.report.detail import about, item_detail

        if self.options.include_detail:
            doc.extend(item_detail(self))
        doc.extend(about(self))
        return doc

    # -- 1. page 1

    def title_block(self, prepared_by: str) -> list[Block]:
        a = self.a
        out: list[Block] = [
            Paragraph(text=translate("SnapshotReport", "MATURITY SNAPSHOT"), style="kicker"),
            Paragraph(text=user(self.program), style="title" if len(self.program)
                      <= LONG_TITLE_CHARS else "title-long"),
            Paragraph(text=user(self.title), style="subtitle" if len(self.title)
                      <= LONG_SUBTITLE_CHARS else "subtitle-long"),
        ]
        if prepared_by:  # without it, "prepared for" would only repeat the title
            line = fill(translate("SnapshotReport", "Prepared for %1 by %2"),
                        user(self.program), user(prepared_by, bold=True))
            out.append(Paragraph(text=line, style="muted", space_before=4))
        confidentiality = (getattr(self.wb, "confidentiality", "") or "").strip()
        if confidentiality:
            out.append(Paragraph(text=user(confidentiality, bold=True), style="muted",
                                 space_before=2))
        if not a.is_final:
            out.append(Paragraph(text=fill(translate(
                "SnapshotReport", "%1 this assessment is not final yet; its ratings may still "
                "change."), Span(translate("SnapshotReport", "Draft:"), bold=True)),
                space_before=4))
        rows = [(translate("SnapshotReport", "Assessed"), self.assessed_text()),
                (translate("SnapshotReport", "Participants"), self.participants_text()),
                (translate("SnapshotReport", "Framework"), self.framework_text())]
        out.append(Table(columns=(Column("", 0.2), Column("", 0.8)),
                         rows=[(Span(k, bold=True), v) for k, v in rows], header=False,
                         zebra=False, compact=True, space_before=10))
        return out

    def assessed_text(self):
        a = self.a
        status = (translate("SnapshotReport", "final") if a.is_final
                  else translate("SnapshotReport", "draft"))
        if self.previous is None:
            compared = translate("SnapshotReport", "the first assessment with this framework")
            return arg("%1 (%2), %3", i18n.day(a.day), status, compared)
        parts = fill(translate("SnapshotReport", "%1 (%2), compared with %3, %4"),
                     i18n.day(a.day), status, i18n.day(self.previous.day),
                     user(self.previous.title))
        if self.since_baseline is not None:
            parts += fill(translate("SnapshotReport", " and with the baseline of %1"),
                          i18n.day(self.baseline.day))
        return parts

    def participants_text(self):
        ids = [pid for pid in self.a.participant_ids if pid in self.wb.participants]
        if not ids:
            return translate("SnapshotReport", "none recorded")
        if self.options.anonymize:
            return arg(translate("SnapshotReport", "%n participant(s), shown as %1 to %2", "",
                                 len(ids)), self.person(ids[0]), self.person(ids[-1]))
        out: list = []
        for n, pid in enumerate(ids):
            if n:
                out.append(", ")
            person = self.wb.participants[pid]
            out.append(user(person.name))
            if person.role.strip() and len(ids) <= ROLES_UP_TO:
                out += [" (", user(person.role.strip()), ")"]
        return out

    def framework_text(self) -> str:
        a = self.a
        text = arg(translate("SnapshotReport", "%1, version %2"), self.fw.title,
                   a.framework_version)
        if a.framework_version != self.fw.version:
            text += " " + arg(translate("SnapshotReport", "(scored with version %1)"),
                              self.fw.version)
        return text

    def summary(self) -> list[Block]:
        result = self.current.result
        out: list[Block] = [Heading(text=translate("SnapshotReport", "Summary"), level=1,
                                    space_before=14)]
        lead: list = []
        if result.overall_stage is not None:
            lead += fill(translate("SnapshotReport", "Overall stage: %1 (score %2 of %3)."),
                         Span(result.overall_stage.name, bold=True),
                         i18n.score(result.overall_score), i18n.integer(self.fw.max_level))
            for then, comparison, template in (
                    (self.previous, self.comparison,
                     translate("SnapshotReport", " %1 since %2.")),
                    (self.baseline if self.since_baseline else None, self.since_baseline,
                     translate("SnapshotReport", " %1 since the baseline of %2."))):
                if then is None or comparison is None or comparison.overall_change is None:
                    continue
                lead += fill(template, i18n.change(comparison.overall_change), i18n.day(then.day))
        else:
            missing = [d.dimension.name for d in result.insufficient]
            lead += fill(translate("SnapshotReport", "Overall stage: %1. Too few items are rated "
                                   "to score: %2."),
                         Span(translate("SnapshotReport", "not determined"), bold=True),
                         i18n.join_names(missing))
        out.append(Paragraph(text=lead, style="lead", space_before=2))
        out.append(self.summary_table())
        out.append(self.radar())
        notes = user_text(self.a.notes)
        for n, note in enumerate(notes):
            out.append(Paragraph(text=user(note), label=translate("SnapshotReport", "Notes")
                                 if n == 0 else "", indent=52, label_style="label",
                                 space_before=6 if n == 0 else 2))
        return out

    def summary_table(self) -> Table:
        result = self.current.result
        columns = [Column(translate("SnapshotReport", "Function"), 0.3),
                   Column(translate("SnapshotReport", "Stage"), 0.14),
                   Column(translate("SnapshotReport", "Score"), 0.07, "right"),
                   Column(translate("SnapshotReport", "Rated"), 0.1, "right")]
        changes = []
        if self.previous is not None:
            changes.append((self.comparison, arg(translate("SnapshotReport", "Since %1"),
                                                 i18n.day(self.previous.day))))
        if self.since_baseline is not None:
            changes.append((self.since_baseline, arg(translate(
                "SnapshotReport", "Since baseline %1"), i18n.day(self.baseline.day))))
        columns += [Column(title, 0.13) for _c, title in changes]
        columns.append(Column(translate("SnapshotReport", "Target"), 0.16))
        rows = []
        for dim in result.dimensions:
            row = [dim.dimension.name, stage_name(dim), i18n.score(dim.score), coverage_text(dim)]
            row += [self.change_text(c, dim.id) for c, _t in changes]
            row.append(self.target_text(dim))
            rows.append(tuple(row))
        overall = [translate("SnapshotReport", "Overall"),
                   result.overall_stage.name if result.overall_stage
                   else translate("SnapshotReport", "not determined"),
                   i18n.score(result.overall_score),
                   arg(translate("SnapshotReport", "%1 of %2", "items rated of all items"),
                       i18n.integer(sum(d.rated for d in result.dimensions)),
                       i18n.integer(sum(d.total for d in result.dimensions)))]
        overall += [i18n.change(c.overall_change) for c, _t in changes]
        overall.append("")
        rows.append(tuple(overall))
        notes = []
        if changes:
            notes.append(translate("SnapshotReport", "An arrow marks a function that moved up "
                                   "(↑) or down (↓) a stage."))
        if self.targets and self.suggested_targets:
            notes.append(translate("SnapshotReport", "No targets were set for this assessment; "
                                   "the targets shown are one stage above today's stage, as the "
                                   "model advises against leaping stages."))
        return Table(columns=tuple(columns), rows=rows, strong_rows=frozenset({len(rows) - 1}),
                     space_before=8, caption=" ".join(notes), style="cell-small")

    def change_text(self, comparison, dimension_id: str) -> str:
        delta = comparison.dimension(dimension_id)
        if delta.score_change is None:
            return translate("SnapshotReport", "not comparable")
        text = i18n.change(delta.score_change)
        if delta.stage_change:
            text += " " + ("↑" * delta.stage_change if delta.stage_change > 0
                           else "↓" * -delta.stage_change)
        return text

    def target_text(self, dim: DimensionResult) -> str:
        level = self.targets.get(dim.id)
        if level is None:
            return translate("SnapshotReport", "not set")
        target = self.fw.stage(level)
        if dim.stage is None:
            return arg("%1 %2", i18n.integer(level), target.name)
        gap = level - dim.stage.level
        if gap <= 0:
            return arg(translate("SnapshotReport", "%1, reached"), target.name)
        return arg(translate("SnapshotReport", "%1 (%n to go)", "stages to go", gap), target.name)

    def radar(self) -> Chart:
        fw = self.fw
        series = ([self.previous] if self.previous is not None else []) + [self.current]
        labels = [self.legend_label(view) for view in series]
        target = dict(self.targets)

        def build(width_in: float, height_in: float):
            from maturity_workbook.charts import radar_figure
            from maturity_workbook.charts.radar import RadarSeries

            shown = [RadarSeries(label, view.scores()) for label, view in zip(labels, series)]
            return radar_figure(fw, shown, target, size=(width_in, height_in), font=8.5)

        target_text = (translate("SnapshotReport", "the suggested targets, one stage up")
                       if self.suggested_targets else translate("SnapshotReport", "the targets"))
        caption = arg(translate("SnapshotReport", "Rings mark the stages, from %1 at the centre "
                                "to %2 at the rim; the dashed line shows %3."),
                      fw.stages[0].name, fw.stages[-1].name, target_text)
        return Chart(name="radar", build=build, width_mm=RADAR_SIZE_MM[0],
                     height_mm=RADAR_SIZE_MM[1], min_height_mm=RADAR_MIN_HEIGHT_MM,
                     caption=caption, space_before=8)

    @staticmethod
    def legend_label(view: AssessmentView) -> str:
        """'12 Nov 2025 — Autumn review': the date always, the title shortened."""
        title = " ".join(view.title.split())
        if len(title) > LEGEND_TITLE_CHARS:
            title = title[:LEGEND_TITLE_CHARS - 1].rstrip() + "…"
        # emoji in text presentation: an outline emoji font draws them (no colour bitmap)
        from maturity_workbook.report.text import text_presentation

        label = arg("%1 — %2", i18n.day(view.day), title) if title else i18n.day(view.day)
        return text_presentation(label)

    # -- 2. what to do, 3. progress: see `sections`

    def what_to_do(self) -> list[Block]:
        from maturity_workbook.report.sections import what_to_do

        return what_to_do(self)

    def progress(self) -> list[Block]:
        from maturity_workbook.report.sections import progress

        return progress(self)

    def item_number(self, item_id: str) -> str:
        for d_index, dim in enumerate(self.fw.dimensions, 1):
            for i_index, item in enumerate(dim.items, 1):
                if item.id == item_id:
                    return f"{d_index}.{i_index}"
        return item_id
