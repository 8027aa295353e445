"""What the product says about an assessment, as data: the one advice model.

The Overview screen, the PDF snapshot and `summary` (text and `--json`) lay out the same
`Advice`; none of them decides anything on its own. It holds ids, numbers, dates, enums and the
constants the rules used, never sentences: a presenter that words a threshold ("moved less than
0.25 of a stage", "due within 30 days") takes the number from the field that carries it
(`advice.rules`, `advice.stuck.threshold`, `advice.due.soon_days`).

Use:

    from maturity_workbook.core.advice import advise
    advice = advise(workbook, framework, assessment, today=date.today(),
                    catalog=catalog)  # None: nothing to show; catalog: compare mapped versions

    advice.current, .previous, .baseline   scored assessments (history.AssessmentView) or None
    advice.functions          FunctionStatus per function (framework order): score, stage level,
                              coverage, change since last time and since the baseline, target gap
    advice.start              Bottleneck (where to start, next steps, disciplines that help) or
                              RateFirst (bottleneck not known: which function to rate first, why)
    advice.bottleneck, .rate_first   the same split in two; exactly one is set
    advice.other_steps        the first next step of each other function
    advice.insufficient       InsufficientFunction per function without a stage
    advice.since_last, .since_baseline   Progress: change per function, most improved and
                              declined, item changes (maturity apart from answers)
    advice.stuck              StuckAdvice: stuck functions, then the questions, once per discipline
    advice.due                history.Reassessment, or None
    advice.findings           up to three Findings: strengths and gaps
    advice.to_find_out        ids of the items the room answered "don't know": to find out
    advice.rules              the constants the rules used
    advice.dimension(id), .discipline(id), .stage(level)   names for the presenter

The rules (each function below states its own in full):
- **Where to start.** The bottleneck is the weakest function, and it is known only when every
  function has a stage. When a function lacks data the bottleneck is *not known* (the
  next-weakest function is never named): the advice says which function to rate first.
- **Next steps.** The bottleneck's lowest items, one level up (`scoring`); `other_steps` only
  when the bottleneck is known, so no other function reads as the place to start.
- **Stuck.** `history.find_stuck`. The reinvention prompts are grouped by discipline: a
  discipline that helps three stuck functions asks its questions once.
- **Most improved / declined** since the previous final assessment and since the baseline (the
  first final assessment with this framework; given the catalog, with a version of it that a
  mapping connects: each side is scored with its own version, and `Progress.item_differences`
  says where the items differ). A stuck function is never "most improved": a rise
  that only wins back what the window lost is not progress. `since_baseline` is None when the
  baseline is the previous assessment.
- **Changes in maturity.** A function's change is a number only when it has a stage on both sides
  (`ChangeKind`); an item's only when it has a level on both sides (`history.ItemChangeKind`):
  "not rated -> Scaling" and "Performing -> not applicable" change what is known, not maturity.
- **Gap to target.** The assessment's own targets; when it has none, suggested ones, one stage up.
- **Findings.** See `core.findings.key_findings`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Mapping, Sequence

from maturity_workbook.core import history
from maturity_workbook.core.framework import Dimension, Discipline, Framework, Stage
from maturity_workbook.core.history import (
    DUE_SOON_DAYS, MAX_REASSESS_MONTHS, MIN_REASSESS_MONTHS, STUCK_THRESHOLD, STUCK_WINDOW,
    AssessmentView, DimensionDelta, ItemChange, Reassessment, is_level,
)
from maturity_workbook.core.scoring import MAX_NEXT_STEPS, DimensionResult, NextStep, is_sufficient
from maturity_workbook.core.findings import (  # noqa: F401 - part of this module's API
    MAX_FINDINGS, NOTABLE_CHANGE, Finding, FindingKind, Tone, key_findings, make_finding,
)
from maturity_workbook.core.workbook import UNKNOWN, Assessment, Workbook

def _by_id(values, dimension_id: str):
    found = next((v for v in values if v.dimension_id == dimension_id), None)
    if found is None:
        raise KeyError(dimension_id)
    return found


_EPS = 1e-9


@dataclass(frozen=True)
class Rules:
    """The constants behind the advice, for presenters to word (never retype them)."""

    stuck_threshold: float = STUCK_THRESHOLD  # in stages: a smaller net change is stuck
    stuck_window: int = STUCK_WINDOW  # final assessments judged (two reassessments)
    due_soon_days: int = DUE_SOON_DAYS
    min_reassess_months: int = MIN_REASSESS_MONTHS
    max_reassess_months: int = MAX_REASSESS_MONTHS
    max_next_steps: int = MAX_NEXT_STEPS
    max_findings: int = MAX_FINDINGS
    notable_change: float = NOTABLE_CHANGE  # in stages: the least rise or fall that is a finding


# ------------------------------------------------------------------------------- per function


class ChangeKind(StrEnum):
    """Whether a function's change between two assessments is a change in maturity."""

    COMPARED = "compared"  # a stage on both sides: score_change and stage_change are numbers
    NEWLY_SCORED = "newly-scored"  # no stage before, one now: more is known, nothing moved
    NO_LONGER_SCORED = "no-longer-scored"  # a stage before, too little data now
    NOT_SCORED = "not-scored"  # too little data on both sides


@dataclass(frozen=True)
class FunctionChange:
    dimension_id: str
    kind: ChangeKind
    before_score: float | None
    after_score: float | None
    before_level: int | None  # stage levels
    after_level: int | None
    items_differ: bool = False  # the two versions asked this function different items

    @property
    def score_change(self) -> float | None:
        compared = self.kind is ChangeKind.COMPARED
        return self.after_score - self.before_score if compared else None

    @property
    def stage_change(self) -> int | None:
        compared = self.kind is ChangeKind.COMPARED
        return self.after_level - self.before_level if compared else None


class GapStatus(StrEnum):
    REACHED = "reached"
    TO_GO = "to-go"
    NOT_SCORED = "not-scored"  # no stage yet to measure the gap from


@dataclass(frozen=True)
class TargetGap:
    dimension_id: str
    target_level: int
    stage_level: int | None
    suggested: bool  # True: no target was set; this one is one stage up from today

    @property
    def stages_to_go(self) -> int | None:
        """Stage levels still to climb (0 once reached); None without a stage."""
        if self.stage_level is None:
            return None
        return max(0, self.target_level - self.stage_level)

    @property
    def status(self) -> GapStatus:
        if self.stage_level is None:
            return GapStatus.NOT_SCORED
        return GapStatus.REACHED if self.stages_to_go == 0 else GapStatus.TO_GO


@dataclass(frozen=True)
class FunctionStatus:
    """One function of the current assessment, with everything said about it."""

    dimension_id: str
    score: float | None  # None: too little data
    stage_level: int | None
    rated: int  # items with a level
    not_applicable: int
    total: int
    is_bottleneck: bool
    since_last: FunctionChange | None  # None: no previous assessment
    since_baseline: FunctionChange | None  # None: see Advice.since_baseline
    target: TargetGap | None  # None: no target set and none to suggest
    unknown: int = 0  # items answered "don't know": a gap to find out, unlike not applicable

    @property
    def sufficient(self) -> bool:
        return self.score is not None


# ----------------------------------------------------------------------------- where to start


@dataclass(frozen=True)
class Bottleneck:
    """Where to start: the weakest function, with its next steps and helping disciplines."""

    dimension_id: str
    score: float
    stage_level: int
    scored_functions: int  # how many functions it was compared with (itself included)
    next_steps: tuple[NextStep, ...]  # empty: every rated item is at its stage or the top
    discipline_ids: tuple[str, ...]


class UnknownReason(StrEnum):
    """Why the bottleneck is not known; `summary --json` prints the value."""

    INSUFFICIENT_DATA = "insufficient-data"


class RateFirstBasis(StrEnum):
    """Why this function is the one to rate first (see `rate_first`)."""

    WEAKEST_WHEN_LAST_SCORED = "weakest-when-last-scored"
    FEWEST_RATINGS_NEEDED = "fewest-ratings-needed"


@dataclass(frozen=True)
class InsufficientFunction:
    """A function without a stage, and what it takes to give it one."""

    dimension_id: str
    rated: int
    not_applicable: int
    total: int
    items_needed: int  # more items with a level before it gets a stage
    open_item_ids: tuple[str, ...]  # items without an answer that could carry a level, in order
    last_score: float | None  # its score in the latest earlier final assessment that had one
    last_day: date | None

    @property
    def reachable(self) -> bool:
        """False when too many items are not applicable for the function ever to get a stage."""
        return self.items_needed <= len(self.open_item_ids)


@dataclass(frozen=True)
class RateFirst:
    """The bottleneck is not known; rate this function first."""

    reason: UnknownReason
    function: InsufficientFunction
    basis: RateFirstBasis

    @property
    def dimension_id(self) -> str:
        return self.function.dimension_id


# ------------------------------------------------------------------------------ progress, stuck


@dataclass(frozen=True)
class Progress:
    """The current assessment against an earlier one (the previous one or the baseline)."""

    reference: AssessmentView
    functions: tuple[FunctionChange, ...]
    overall_change: float | None
    most_improved: FunctionChange | None  # never a stuck function
    most_declined: FunctionChange | None
    item_changes: tuple[ItemChange, ...]
    # across framework versions: per function, where the items differ (history.ItemsDiffer)
    item_differences: tuple[history.ItemsDiffer, ...] = ()
    current_version: str = ""  # the framework version of the assessment compared with it

    def function(self, dimension_id: str) -> FunctionChange:
        return _by_id(self.functions, dimension_id)

    @property
    def across_versions(self) -> bool:
        """The reference was made with another version of the framework than the current."""
        return bool(self.current_version) and \
            self.reference.framework.version != self.current_version

    def differences_in(self, dimension_id: str) -> tuple[history.ItemDifference, ...]:
        found = next((d for d in self.item_differences if d.dimension_id == dimension_id), None)
        return found.differences if found is not None else ()

    @property
    def maturity_changes(self) -> tuple[ItemChange, ...]:
        """Items whose level went up or down."""
        return tuple(c for c in self.item_changes if c.is_maturity_change)

    @property
    def answer_changes(self) -> tuple[ItemChange, ...]:
        """Items newly rated, no longer rated, or between N/A and not rated."""
        return tuple(c for c in self.item_changes if not c.is_maturity_change)


@dataclass(frozen=True)
class StuckFunction:
    dimension_id: str
    points: tuple[tuple[date, float | None], ...]  # the window, oldest first
    change: float  # net score change across the window
    discipline_ids: tuple[str, ...]

    @property
    def reassessments(self) -> int:
        return len(self.points) - 1


@dataclass(frozen=True)
class Reinvention:
    """One discipline's questions, asked once for every stuck function it helps."""

    discipline_id: str
    prompts: tuple[str, ...]  # the framework's own text
    dimension_ids: tuple[str, ...]  # the stuck functions it helps, in framework order


@dataclass(frozen=True)
class StuckAdvice:
    functions: tuple[StuckFunction, ...]
    reinvent: tuple[Reinvention, ...]
    assessments_judged: int  # final assessments in the window; under 2: nothing could be judged
    threshold: float = STUCK_THRESHOLD
    window: int = STUCK_WINDOW

    @property
    def judged(self) -> bool:
        return self.assessments_judged >= 2

    @property
    def reassessments(self) -> int:
        return max(0, self.assessments_judged - 1)


# -------------------------------------------------------------------------------------- advice


@dataclass(frozen=True)
class Advice:
    framework: Framework
    current: AssessmentView
    previous: AssessmentView | None  # the previous final assessment with this framework
    baseline: AssessmentView | None  # the first one (may be `previous`)
    history: tuple[AssessmentView, ...]  # final assessments up to the current one, + a draft
    functions: tuple[FunctionStatus, ...]
    overall_score: float | None
    overall_level: int | None
    start: Bottleneck | RateFirst | None  # None only for a framework without functions
    other_steps: tuple[NextStep, ...]
    insufficient: tuple[InsufficientFunction, ...]
    since_last: Progress | None
    since_baseline: Progress | None  # None when there is no baseline or it is `previous`
    stuck: StuckAdvice
    due: Reassessment | None  # from the workbook's latest final assessment
    targets: Mapping[str, int]  # the assessment's own targets (empty when none were set)
    targets_suggested: bool  # the gaps measure suggested targets, one stage up
    findings: tuple[Finding, ...]
    to_find_out: tuple[str, ...] = ()  # items answered "don't know", in framework order
    rules: Rules = field(default_factory=Rules)

    @property
    def is_draft(self) -> bool:
        return not self.current.assessment.is_final

    @property
    def bottleneck(self) -> Bottleneck | None:
        return self.start if isinstance(self.start, Bottleneck) else None

    @property
    def rate_first(self) -> RateFirst | None:
        return self.start if isinstance(self.start, RateFirst) else None

    def function(self, dimension_id: str) -> FunctionStatus:
        return _by_id(self.functions, dimension_id)

    def dimension(self, dimension_id: str) -> Dimension:
        return self.framework.dimension(dimension_id)

    def discipline(self, discipline_id: str) -> Discipline:
        return next(d for d in self.framework.disciplines if d.id == discipline_id)

    def stage(self, level: int) -> Stage:
        return self.framework.stage(level)


def advise(workbook: Workbook, framework: Framework, assessment: Assessment | None = None, *,
           today: date | None = None, catalog=None) -> Advice | None:
    """The advice for `assessment` (default: the latest final one with this framework); None
    when there is nothing to advise on. History is read as it stood at that assessment: stuck is
    judged on the final assessments up to it (a draft is not a reassessment yet); the due date
    comes from the workbook's latest final assessment. With `catalog`, assessments made with a
    version of the framework that a mapping connects are part of the history, each scored with
    its own version (`history.history_views`); `framework` must be the assessment's own."""
    if assessment is None:
        finals = history.history_views(workbook, framework, catalog=catalog)
        if not finals:
            return None
        assessment = finals[-1].assessment
        framework = finals[-1].framework
    if assessment.framework_id != framework.id:
        raise ValueError(f"assessment {assessment.title!r} was made with "
                         f"{assessment.framework_id!r}, not {framework.id!r}")
    framework = history.own_framework(framework, assessment, catalog)
    views = history.history_views(workbook, framework, until=assessment, catalog=catalog)
    current = views[-1]
    finals = views if assessment.is_final else views[:-1]
    earlier = [v for v in finals if v.id != current.id]
    previous = earlier[-1] if earlier else None
    baseline = earlier[0] if earlier else None
    result = current.result

    stuck = stuck_advice(framework, finals)
    stuck_ids = {s.dimension_id for s in stuck.functions}
    since_last = progress(framework, previous, current, stuck_ids, catalog) if previous \
        else None
    since_baseline = (progress(framework, baseline, current, stuck_ids, catalog)
                      if baseline is not None and baseline is not previous else None)
    insufficient = tuple(insufficient_function(current, d, earlier) for d in result.dimensions
                         if not d.sufficient)
    start = where_to_start(framework, result, insufficient)
    bottleneck = start if isinstance(start, Bottleneck) else None
    own_targets = history.targets_for(current)
    targets = own_targets or history.default_targets(result)
    functions = tuple(
        FunctionStatus(
            dimension_id=d.id, score=d.score, stage_level=_level(d.stage), rated=d.rated,
            not_applicable=d.not_applicable, total=d.total,
            is_bottleneck=bottleneck is not None and d.id == bottleneck.dimension_id,
            since_last=since_last.function(d.id) if since_last else None,
            since_baseline=since_baseline.function(d.id) if since_baseline else None,
            target=(TargetGap(d.id, targets[d.id], _level(d.stage), not own_targets)
                    if d.id in targets else None), unknown=d.unknown)
        for d in result.dimensions)
    other_steps = () if bottleneck is None else tuple(
        d.next_steps[0] for d in result.dimensions
        if d.next_steps and d.id != bottleneck.dimension_id)
    due = history.reassessment_due(workbook, today or date.today())
    findings = key_findings(functions, start_finding(functions, start), stuck, since_last,
                            since_baseline)
    return Advice(
        framework=framework, current=current, previous=previous, baseline=baseline,
        history=tuple(views), functions=functions, overall_score=result.overall_score,
        overall_level=_level(result.overall_stage), start=start, other_steps=other_steps,
        insufficient=insufficient, since_last=since_last, since_baseline=since_baseline,
        stuck=stuck, due=due, targets=own_targets, targets_suggested=not own_targets,
        findings=findings, to_find_out=tuple(
            i.id for i in framework.items if assessment.agreed_level(i.id) is UNKNOWN))


def _level(stage: Stage | None) -> int | None:
    return None if stage is None else stage.level


# ------------------------------------------------------------------------------------- rules


def where_to_start(framework: Framework, result,
                   insufficient: Sequence[InsufficientFunction]) -> Bottleneck | RateFirst | None:
    """The bottleneck when every function has a stage; else the function to rate first.

    `result` is the current `scoring.AssessmentResult`; only its dimensions, bottleneck and
    next steps are read. Any function without a stage could be the weakest, so then the
    bottleneck is not known, whatever scoring says about the others.
    """
    if insufficient:
        return rate_first(result, insufficient)
    b = result.bottleneck
    if b is None:
        return None
    return Bottleneck(
        dimension_id=b.id, score=b.score, stage_level=b.stage.level,
        scored_functions=sum(1 for d in result.dimensions if d.sufficient),
        next_steps=tuple(b.next_steps),
        discipline_ids=tuple(d.id for d in framework.disciplines_for(b.id)))


def rate_first(result, insufficient: Sequence[InsufficientFunction]) -> RateFirst:
    """Which function without a stage to rate first.

    - Only functions that can still get a stage are considered, unless none can.
    - The one whose last known score is at or below every score measured now: it was probably
      the weakest, so it is likely the bottleneck (the lowest such; basis
      WEAKEST_WHEN_LAST_SCORED). With no function scored now, any last known score counts.
    - Otherwise the one needing the fewest more ratings to get a stage (FEWEST_RATINGS_NEEDED).
    - Ties go to the function listed first in the framework.
    """
    pool = [f for f in insufficient if f.reachable] or list(insufficient)
    scores_now = [d.score for d in result.dimensions if d.sufficient]
    floor = min(scores_now) if scores_now else None
    weakest = [f for f in pool if f.last_score is not None
               and (floor is None or f.last_score <= floor + _EPS)]
    if weakest:
        chosen = min(weakest, key=lambda f: f.last_score)  # min keeps framework order on ties
        return RateFirst(UnknownReason.INSUFFICIENT_DATA, chosen,
                         RateFirstBasis.WEAKEST_WHEN_LAST_SCORED)
    chosen = min(pool, key=lambda f: f.items_needed)
    return RateFirst(UnknownReason.INSUFFICIENT_DATA, chosen, RateFirstBasis.FEWEST_RATINGS_NEEDED)


def items_needed(rated: int, total: int) -> int:
    """How many more items need a level before `scoring.is_sufficient` gives a stage."""
    more = 0
    while more <= total and not is_sufficient(rated + more, total):
        more += 1
    return more


def insufficient_function(current: AssessmentView, dim: DimensionResult,
                          earlier: Sequence[AssessmentView]) -> InsufficientFunction:
    """What a function without a stage needs, and its last known score (from `earlier`, oldest
    first). An open item is one whose agreed answer is neither a level nor not applicable."""
    assessment = current.assessment
    open_items = tuple(item.id for item in dim.dimension.items
                       if not is_level(level := assessment.agreed_level(item.id))
                       and level is not None)
    last_score = last_day = None
    for view in reversed(earlier):
        score = view.score(dim.id)
        if score is not None:
            last_score, last_day = score, view.day
            break
    return InsufficientFunction(dim.id, dim.rated, dim.not_applicable, dim.total,
                                items_needed(dim.rated, dim.total), open_items, last_score,
                                last_day)


def function_change(delta: DimensionDelta, items_differ: bool = False) -> FunctionChange:
    before, after = delta.before, delta.after
    if before.sufficient and after.sufficient:
        kind = ChangeKind.COMPARED
    elif after.sufficient:
        kind = ChangeKind.NEWLY_SCORED
    elif before.sufficient:
        kind = ChangeKind.NO_LONGER_SCORED
    else:
        kind = ChangeKind.NOT_SCORED
    return FunctionChange(delta.id, kind, before.score, after.score, _level(before.stage),
                          _level(after.stage), items_differ)


def progress(framework: Framework, reference: AssessmentView, current: AssessmentView,
             stuck_ids: set[str] | frozenset[str] = frozenset(), catalog=None) -> Progress:
    """`current` against `reference`, each scored with its own version (two versions are
    compared through their mapping, from `catalog`). Most improved and most declined follow
    `history.most_improved` / `most_declined`, except that a stuck function is never most
    improved."""
    comparison = history.compare(framework, reference, current, catalog)
    differ = {d.dimension_id for d in comparison.item_differences}
    changes = {d.id: function_change(d, d.id in differ) for d in comparison.dimensions}
    improved = history.most_improved(d for d in comparison.dimensions if d.id not in stuck_ids)
    declined = history.most_declined(comparison.dimensions)
    return Progress(
        reference=reference, functions=tuple(changes.values()),
        overall_change=comparison.overall_change,
        most_improved=changes[improved.id] if improved else None,
        most_declined=changes[declined.id] if declined else None,
        item_changes=comparison.items, item_differences=comparison.item_differences,
        current_version=current.framework.version)


def stuck_advice(framework: Framework, finals: Sequence[AssessmentView]) -> StuckAdvice:
    """`history.find_stuck` on `finals`, with the prompts grouped by discipline."""
    found = history.find_stuck(finals)
    functions = tuple(StuckFunction(s.id, s.points, s.change,
                                    tuple(d.id for d in s.disciplines)) for s in found)
    reinvent = []
    for discipline in framework.disciplines:
        helped = tuple(s.dimension_id for s in functions if discipline.id in s.discipline_ids)
        if helped and discipline.prompts:
            reinvent.append(Reinvention(discipline.id, tuple(discipline.prompts), helped))
    judged = min(len(finals), STUCK_WINDOW) if len(finals) >= 2 else 0
    return StuckAdvice(functions, tuple(reinvent), judged)


def start_finding(functions: Sequence[FunctionStatus],
                  start: Bottleneck | RateFirst | None) -> Finding | None:
    """The first gap: the bottleneck, or (not known) the function to rate first."""
    if start is None:
        return None
    status = _by_id(functions, start.dimension_id)
    if isinstance(start, Bottleneck):
        return make_finding(status, FindingKind.BOTTLENECK)
    return make_finding(status, FindingKind.RATE_FIRST, since=start.function.last_day)
