"""What the snapshot says: one assessment in the context of its workbook, as a `Document`.

Built on the one advice model, `core.advice.advise`: the Overview screen, `summary` and the
report say the same things from the same data (stages, changes since last time and since the
baseline, gaps to target, key findings, where to start, stuck functions, when to reassess).
Every sentence goes through Qt's translation (context "SnapshotReport"), dates and numbers
through QLocale, and text a user typed is kept in its own isolated spans (`document.user`).
Charts are described here and built by `charts` only when the layout asks for them (at the
size they will print).

The sections, in order:
1. Page 1, the executive summary (`summary`): program and assessment, prepared for / by, an
   optional confidentiality line, the facts (date, how many took part, framework, what it is
   compared with), the overall stage and its change, the radar beside three key findings (where
   to start among them) and stuck functions, each function's stage with what it rests on, its
   change since last time and since the baseline and its gap to target, and the goal with its
   metrics.
2. About this assessment (who took part, its notes), then what to do (`sections`): where to
   start (or why that is not known yet), its next steps, one step for each other function, the
   disciplines that help, stuck functions with their prompts, functions without enough data,
   what nobody knew, when to reassess; then the action plan (`plan_section`: who does what by
   when, by function or by roadmap phase), only in a workbook with a goal or actions.
3. Progress over time (two or more final assessments): the trend, the scores by date (the
   baseline and the latest, saying what is left out) and the items whose rating changed.
4. Item detail (optional), function by function: see `detail`.
5. How to read this snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from maturity_workbook import APP_NAME, __version__
from maturity_workbook.core.advice import Advice, advise
from maturity_workbook.core.framework import Framework
from maturity_workbook.core.history import AssessmentView
from maturity_workbook.core.workbook import Assessment, Workbook
from maturity_workbook.report import i18n
from maturity_workbook.report.document import (
    Block, Column, Document, PageBreak, Paragraph, Span, Table, fill, user,
)
from maturity_workbook.report.i18n import SnapshotReport, arg, translate

LONG_TITLE_CHARS = 36  # a program name longer than this prints in the smaller title style
LONG_SUBTITLE_CHARS = 60
ROLES_UP_TO = 12  # participants listed with their roles (page 2); more: names only


class SnapshotProblem(Enum):
    """Why no snapshot can be made: the window words each one in the user's language."""

    NO_FINAL = "no final assessment"
    NO_SUCH_ID = "no such assessment id"
    AMBIGUOUS_ID = "ambiguous assessment id"
    OTHER_FRAMEWORK = "assessment of another framework"


class SnapshotError(Exception):
    """The snapshot cannot be made (no final assessment, a framework mismatch): one English line
    for the command line, and `problem` for the window."""

    def __init__(self, message: str, problem: SnapshotProblem):
        super().__init__(message)
        self.problem = problem


@dataclass(frozen=True)
class SnapshotOptions:
    """What the person exporting chose (export dialog, `export-pdf` options)."""

    include_detail: bool = True
    anonymize: bool = False  # participants as P1...Pn instead of their names
    actions_by: str = "function"  # the action plan grouped by "function" or by "phase"


@dataclass(frozen=True)
class SnapshotFacts:
    """What the document is about, kept for callers (file names, window titles, tests)."""

    workbook: Workbook
    framework: Framework
    assessment: Assessment
    advice: Advice
    generated: date

    @property
    def history(self) -> tuple[AssessmentView, ...]:
        """The trend's assessments, oldest first (a draft last when it is the one reported)."""
        return self.advice.history


def choose_assessment(workbook: Workbook, assessment_id: str | None = None) -> Assessment:
    """The assessment named by a full id or unique prefix, else the latest final one."""
    if assessment_id:
        found = workbook.find_assessment(assessment_id)
        if found is None:
            matches = [a for a in workbook.assessments.values() if a.id.startswith(assessment_id)]
            if len(matches) > 1:
                raise SnapshotError(f"assessment id {assessment_id!r} matches {len(matches)} "
                                    "assessments; type more of the id",
                                    SnapshotProblem.AMBIGUOUS_ID)
            raise SnapshotError(f"no assessment with id {assessment_id!r} in this workbook",
                                SnapshotProblem.NO_SUCH_ID)
        return found
    latest = workbook.latest(final_only=True)
    if latest is None:
        raise SnapshotError("this workbook has no final assessment yet; finalize one, or name a "
                            "draft with its id", SnapshotProblem.NO_FINAL)
    return latest


def gather(workbook: Workbook, framework: Framework, assessment: Assessment, *,
           today: date | None = None, catalog=None) -> SnapshotFacts:
    """The advice the snapshot lays out; with `catalog`, earlier assessments made with a mapped
    version of the framework are compared too, each scored with its own version."""
    if assessment.framework_id != framework.id:
        raise SnapshotError(f"assessment {assessment.title!r} uses framework "
                            f"{assessment.framework_id!r}, not {framework.id!r}",
                            SnapshotProblem.OTHER_FRAMEWORK)
    today = today or date.today()
    advice = advise(workbook, framework, assessment, today=today, catalog=catalog)
    if advice is None:  # only when there is no assessment at all, which cannot be here
        raise SnapshotError(f"nothing to report on {assessment.title!r}",
                            SnapshotProblem.NO_SUCH_ID)
    return SnapshotFacts(workbook, advice.framework, assessment, advice, today)


def build_snapshot(workbook: Workbook, framework: Framework, assessment: Assessment, *,
                   today: date | None = None, options: SnapshotOptions | None = None,
                   catalog=None) -> Document:
    """The snapshot of `assessment` as a Document (see the module docstring for its sections)."""
    facts = gather(workbook, framework, assessment, today=today, catalog=catalog)
    i18n.ensure_catalogue()  # plural forms: "1 participant", "2 participants"
    return SnapshotBuilder(facts, options or SnapshotOptions()).document()


class SnapshotBuilder:
    """Lays out one `Advice` as a Document; the sections (`summary`, `sections`, `detail`) read
    what they need from it: `advice`, `current`, `previous`, `baseline`, `options`."""

    def __init__(self, facts: SnapshotFacts, options: SnapshotOptions | None = None):
        self.facts = facts
        self.options = options or SnapshotOptions()
        self.wb = facts.workbook
        self.fw = facts.framework
        self.a = facts.assessment
        self.advice = facts.advice
        self.current = self.advice.current
        self.previous = self.advice.previous  # the previous final assessment, or None
        # the baseline when it is compared apart (it is not the previous assessment)
        since_baseline = self.advice.since_baseline
        self.baseline = since_baseline.reference if since_baseline is not None else None

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
        prepared_by = self.wb.prepared_by.strip()
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
        from maturity_workbook.report.detail import about, item_detail
        from maturity_workbook.report.summary import about_assessment, executive_summary

        doc.extend(self.title_block(prepared_by))
        doc.extend(executive_summary(self))
        doc.add(PageBreak(soft=True))  # page 1 stands alone
        doc.extend(about_assessment(self))
        doc.extend(self.model_section())  # the research cohort, or the jobs
        doc.extend(self.what_to_do())
        from maturity_workbook.report.plan_section import action_plan_section  # who, by when
        doc.extend(action_plan_section(self))
        doc.extend(self.progress())
        from maturity_workbook.report.portfolio import portfolio  # the customers (seed 004)
        doc.extend(portfolio(self))
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
        confidentiality = self.wb.confidentiality.strip()
        if confidentiality:
            out.append(Paragraph(text=user(confidentiality, bold=True), style="muted",
                                 space_before=2))
        if not a.is_final:
            out.append(Paragraph(text=fill(translate(
                "SnapshotReport", "%1 this assessment is not final yet; its ratings may still "
                "change."), Span(translate("SnapshotReport", "Draft:"), bold=True)),
                space_before=4))
        # who took part, by name and role, opens page 2 (`summary.about_assessment`)
        rows = [(translate("SnapshotReport", "Assessed"), self.assessed_text()),
                (translate("SnapshotReport", "Framework"), self.framework_text())]
        out.append(Table(columns=(Column("", 0.2), Column("", 0.8)),
                         rows=[(Span(k, bold=True), v) for k, v in rows], header=False,
                         zebra=False, compact=True, space_before=10))
        return out

    def assessed_text(self):
        """'13 May 2026 (final), 5 participants, compared with ...'."""
        a = self.a
        status = (translate("SnapshotReport", "final") if a.is_final
                  else translate("SnapshotReport", "draft"))
        people = len([p for p in a.participant_ids if p in self.wb.participants])
        when = arg(SnapshotReport.tr("%1 (%2), %n participant(s)", "", people),
                   i18n.day(a.day), status)
        if self.previous is None:
            compared = translate("SnapshotReport", "the first assessment with this framework")
            return arg("%1; %2", when, compared)
        parts = fill(translate("SnapshotReport", "%1; compared with %2, %3"), when,
                     i18n.day(self.previous.day), user(self.previous.title))
        if self.baseline is not None:
            parts += fill(translate("SnapshotReport", " and with the baseline of %1"),
                          i18n.day(self.baseline.day))
        return parts

    def participants_text(self):
        ids = [pid for pid in self.a.participant_ids if pid in self.wb.participants]
        if not ids:
            return translate("SnapshotReport", "none recorded")
        if self.options.anonymize:
            return arg(SnapshotReport.tr("%n participant(s), shown as %1 to %2", "", len(ids)),
                       self.person(ids[0]), self.person(ids[-1]))
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

    # -- 2. what to do, 3. progress: see `sections`

    def model_section(self) -> list[Block]:
        """The research cohort (models with shares) or the jobs (models with jobs)."""
        from maturity_workbook.report.models_section import cohort_section

        return cohort_section(self)


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
