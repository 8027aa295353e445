"""Across assessments: deltas, trends, stuck functions, when to reassess, default targets.

Everything the Overview and History screens and the PDF report show about a workbook's history is
computed here from plain core objects, so the screens and the report agree and it is tested
without a display.

The rules (also stated on each function):

- **History** is the final assessments made with one framework, oldest first
  (`Workbook.ordered_assessments`): the same id and version, or (given the catalog) a version a
  shipped mapping connects to it (`series.same_series`). Each assessment is scored with the
  version it was made with, never another. Drafts appear only where a caller passes them in.
- **Change** between two assessments, per dimension: later score minus earlier score and later
  stage level minus earlier stage level; None when either side has insufficient data. Across
  two versions, dimensions are matched by id and items through the mapping: items asked both
  times (kept or renamed) are compared one to one, and the comparison lists, per dimension,
  where the items differ (`Comparison.item_differences`).
- **Most improved / most declined**: the dimension with the largest rise / largest fall in score;
  None when nothing rose / fell; a tie goes to the dimension listed first in the framework.
- **Stuck**: see `find_stuck` — the net score change over the last two reassessments (the last
  three final assessments; the last two when only two exist) is less than a quarter of a stage.
- **Reassessment due**: see `reassessment_due` — the latest final assessment's date plus the
  workbook's interval in calendar months; "due-soon" within `DUE_SOON_DAYS`, "overdue" after the
  due date.
- **Default targets**: one stage above the current stage, capped at the top stage.

Everything here is data: dates are `date` objects (ISO strings in the workbook), levels are ints,
kinds are enums. Wording, date formats and numbers belong to the presenters (QLocale and Qt
translation in `ui` and `report`). What to *say* about an assessment is `core.advice`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Iterable, Sequence

from maturity_workbook.core.framework import Dimension, Discipline, Framework, Item, Stage
from maturity_workbook.core.migration import ItemDifference, item_differences, paired_items
from maturity_workbook.core.scoring import AssessmentResult, DimensionResult, score_assessment
from maturity_workbook.core.series import same_series
from maturity_workbook.core.workshop import shown_agreed
from maturity_workbook.core.workbook import (
    DEFAULT_REASSESS_MONTHS, Assessment, Workbook,
)

STUCK_THRESHOLD = 0.25  # a quarter of a stage
STUCK_WINDOW = 3  # assessments: two reassessments
MIN_REASSESS_MONTHS = 6
MAX_REASSESS_MONTHS = 12
DUE_SOON_DAYS = 30


class DueStatus(StrEnum):
    """Where the next assessment stands; the values are the words `summary --json` prints."""

    OK = "ok"
    DUE_SOON = "due-soon"
    OVERDUE = "overdue"


STATUS_OK = DueStatus.OK
STATUS_DUE_SOON = DueStatus.DUE_SOON
STATUS_OVERDUE = DueStatus.OVERDUE

_EPS = 1e-9


# ------------------------------------------------------------------------------ scored views


@dataclass(frozen=True)
class AssessmentView:
    """An assessment together with its score under a framework."""

    assessment: Assessment
    result: AssessmentResult

    @property
    def id(self) -> str:
        return self.assessment.id

    @property
    def framework(self) -> Framework:
        return self.result.framework

    @property
    def day(self) -> date:
        return self.assessment.day

    @property
    def title(self) -> str:
        return self.assessment.title

    @property
    def label(self) -> str:
        """'2024-03-12 — Spring workshop': a locale-neutral fallback legend for charts. Screens and
        the report pass their own label (the date through QLocale) instead."""
        title = self.assessment.title.strip()
        return f"{self.assessment.date} — {title}" if title else self.assessment.date

    @property
    def version_matches(self) -> bool:
        """False when the assessment was made with another version of the framework."""
        return self.assessment.framework_version == self.framework.version

    def dimension(self, dimension_id: str) -> DimensionResult:
        return self.result.dimension(dimension_id)

    def score(self, dimension_id: str) -> float | None:
        """The dimension's score; None with too little data, or when this assessment's version
        of the framework has no such dimension."""
        found = next((d for d in self.result.dimensions if d.id == dimension_id), None)
        return None if found is None else found.score

    def scores(self) -> dict[str, float | None]:
        """dimension id -> score (None = insufficient data), in framework order."""
        return {d.id: d.score for d in self.result.dimensions}


def view_assessment(framework: Framework, assessment: Assessment) -> AssessmentView:
    """Score an assessment's agreed ratings (a draft too: the wizard's live radar uses this)
    with `framework`, which must be the version it was made with.

    A draft in a facilitated room counts only what the room has seen: a median of hidden votes
    would tell the facilitator's Overview, History and PDF what the room has not been shown.
    """
    if (assessment.framework_id, assessment.framework_version) != (framework.id,
                                                                   framework.version):
        raise ValueError(f"assessment {assessment.title!r} was made with "
                         f"{assessment.framework_id} {assessment.framework_version}; it is "
                         f"scored with that version, not {framework.id} {framework.version}")
    ratings = assessment.agreed_ratings() if assessment.is_final else shown_agreed(assessment)
    return AssessmentView(assessment, score_assessment(framework, ratings))


def own_framework(framework: Framework, assessment: Assessment, catalog=None) -> Framework:
    """The framework version `assessment` was made with: `framework` itself, or the catalog's
    exact version (LookupError when it is not installed)."""
    if (assessment.framework_id, assessment.framework_version) == (framework.id,
                                                                   framework.version):
        return framework
    found = catalog.get(assessment.framework_id, assessment.framework_version) \
        if catalog is not None else None
    if found is None:
        raise LookupError(f"{assessment.framework_id} {assessment.framework_version} is not "
                          "installed")
    return found


def history_views(workbook: Workbook, framework: Framework, *, until: Assessment | None = None,
                  final_only: bool = True, catalog=None) -> list[AssessmentView]:
    """The workbook's assessments made with this framework (its id and version, or with the
    catalog a version mapped to it: see `series.same_series`), each scored with its own
    version, oldest first.

    `until` ends the list at that assessment (included even when it is a draft), so the Overview
    of an older assessment sees the history as it stood then.
    """
    chosen = [a for a in workbook.ordered_assessments(final_only=final_only)
              if same_series(framework, a, catalog)]
    if until is not None:
        key = _order_key(until)
        chosen = [a for a in chosen if _order_key(a) < key and a.id != until.id]
        if until.framework_id == framework.id:
            chosen.append(until)
    return [view_assessment(own_framework(framework, a, catalog), a) for a in chosen]


def _order_key(assessment: Assessment) -> tuple:
    return (assessment.date, assessment.created, assessment.id)


def _as_view(framework: Framework, value: Assessment | AssessmentView,
             catalog=None) -> AssessmentView:
    if isinstance(value, AssessmentView):
        return value
    return view_assessment(own_framework(framework, value, catalog), value)


# -------------------------------------------------------------------------------- comparison


@dataclass(frozen=True)
class DimensionDelta:
    dimension: Dimension
    before: DimensionResult
    after: DimensionResult
    score_change: float | None  # after - before; None when either is insufficient
    stage_change: int | None  # stage levels moved; None when either is insufficient

    @property
    def id(self) -> str:
        return self.dimension.id


class ItemChangeKind(StrEnum):
    """How an item's agreed answer changed. Only UP and DOWN are changes in maturity: an item
    rated for the first time ("not rated -> Scaling") or no longer carrying a level ("Performing ->
    not applicable") changes what is known, not how mature the program is."""

    UP = "up"
    DOWN = "down"
    NEWLY_RATED = "newly-rated"  # no level before (not rated, N/A, don't know), a level now
    NO_LONGER_RATED = "no-longer-rated"  # a level before, none now
    ANSWER = "answer"  # neither side a level: e.g. not rated -> not applicable


def is_level(value: object) -> bool:
    """A stage level (an int, 0 included), not N/A, don't know or unrated."""
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class ItemChange:
    """An item whose agreed rating differs between two assessments.

    A level is an int, None (agreed not applicable / don't know) or `UNRATED` (no rating yet).
    """

    item: Item
    before: object
    after: object
    before_note: str
    after_note: str

    @property
    def dimension_id(self) -> str:
        return self.item.dimension_id

    @property
    def level_change(self) -> int | None:
        """after - before when both are levels; None when either is N/A or unrated."""
        if is_level(self.before) and is_level(self.after):
            return self.after - self.before
        return None

    @property
    def kind(self) -> ItemChangeKind:
        if is_level(self.before) and is_level(self.after):
            return ItemChangeKind.UP if self.after > self.before else ItemChangeKind.DOWN
        if is_level(self.after):
            return ItemChangeKind.NEWLY_RATED
        if is_level(self.before):
            return ItemChangeKind.NO_LONGER_RATED
        return ItemChangeKind.ANSWER

    @property
    def is_maturity_change(self) -> bool:
        """True only when both sides carry a level (see `ItemChangeKind`)."""
        return self.level_change is not None


@dataclass(frozen=True)
class ItemsDiffer:
    """Where one dimension's items differ between two framework versions (see
    `migration.ItemDifference`: renamed, split, merged, new or removed items)."""

    dimension_id: str
    differences: tuple[ItemDifference, ...]


@dataclass(frozen=True)
class Comparison:
    before: AssessmentView
    after: AssessmentView
    dimensions: tuple[DimensionDelta, ...]
    items: tuple[ItemChange, ...]
    overall_change: float | None
    most_improved: DimensionDelta | None
    most_declined: DimensionDelta | None
    item_differences: tuple[ItemsDiffer, ...] = ()  # only dimensions whose items differ

    @property
    def across_versions(self) -> bool:
        return self.before.framework.version != self.after.framework.version

    def differences_in(self, dimension_id: str) -> tuple[ItemDifference, ...]:
        found = next((d for d in self.item_differences if d.dimension_id == dimension_id), None)
        return found.differences if found is not None else ()

    def dimension(self, dimension_id: str) -> DimensionDelta:
        for delta in self.dimensions:
            if delta.id == dimension_id:
                return delta
        raise KeyError(dimension_id)

    @property
    def maturity_changes(self) -> tuple[ItemChange, ...]:
        """Items whose level went up or down."""
        return tuple(c for c in self.items if c.is_maturity_change)

    @property
    def answer_changes(self) -> tuple[ItemChange, ...]:
        """Items newly rated, no longer rated, or between N/A and not rated: not maturity."""
        return tuple(c for c in self.items if not c.is_maturity_change)


def dimension_deltas(before: AssessmentView, after: AssessmentView) -> tuple[DimensionDelta, ...]:
    """Per dimension, in framework order: score and stage change from `before` to `after`
    (matched by id; a dimension the earlier version lacks counts as not scored then)."""
    out = []
    for now in after.result.dimensions:
        then = next((d for d in before.result.dimensions if d.id == now.id), None)
        if then is None:
            then = DimensionResult(now.dimension, None, None, 0, 0, 0, ())
        score_change = stage_change = None
        if now.sufficient and then.sufficient:
            score_change = now.score - then.score
            stage_change = now.stage.level - then.stage.level
        out.append(DimensionDelta(now.dimension, then, now, score_change, stage_change))
    return tuple(out)


def changed_items(framework: Framework, before: Assessment, after: Assessment,
                  pairs: Sequence[tuple[str, str]] | None = None) -> tuple[ItemChange, ...]:
    """Items (in framework order) whose agreed rating changed, with the note of each side.
    `pairs` ((item id before, item id after), from `migration.paired_items`) links the items of
    two versions; by default every item of `framework` is its own pair."""
    if pairs is None:
        pairs = [(item.id, item.id) for item in framework.items]
    out = []
    for old_id, new_id in pairs:
        then, now = before.agreed_level(old_id), after.agreed_level(new_id)
        if then is now or (type(then) is type(now) and then == now):
            continue
        out.append(ItemChange(framework.item(new_id), then, now, _note(before, old_id),
                              _note(after, new_id)))
    return tuple(out)


def _note(assessment: Assessment, item_id: str) -> str:
    entry = assessment.entries.get(item_id)
    return entry.note if entry is not None else ""


def most_improved(deltas: Iterable[DimensionDelta]) -> DimensionDelta | None:
    """The largest rise in score (ties: first in framework order); None when nothing rose."""
    best = None
    for delta in deltas:
        if delta.score_change is not None and delta.score_change > _EPS and (
                best is None or delta.score_change > best.score_change + _EPS):
            best = delta
    return best


def most_declined(deltas: Iterable[DimensionDelta]) -> DimensionDelta | None:
    """The largest fall in score (ties: first in framework order); None when nothing fell."""
    worst = None
    for delta in deltas:
        if delta.score_change is not None and delta.score_change < -_EPS and (
                worst is None or delta.score_change < worst.score_change - _EPS):
            worst = delta
    return worst


def compare(framework: Framework, before: Assessment | AssessmentView,
            after: Assessment | AssessmentView, catalog=None) -> Comparison:
    """Everything the History screen's comparison shows, from `before` to `after`, each scored
    with its own version; two versions are compared through their mapping (from `catalog`)."""
    for value in (before, after):
        a = value.assessment if isinstance(value, AssessmentView) else value
        if a.framework_id != framework.id:
            raise ValueError(f"assessment {a.title!r} was made with "
                             f"{a.framework_id!r}, not {framework.id!r}")
    before, after = _as_view(framework, before, catalog), _as_view(framework, after, catalog)
    deltas = dimension_deltas(before, after)
    overall = None
    if before.result.overall_score is not None and after.result.overall_score is not None:
        overall = after.result.overall_score - before.result.overall_score
    old, new = before.framework, after.framework
    pairs, differ = None, ()
    if old.version != new.version:
        mapping = catalog.link(old.id, old.version, new.version) if catalog is not None \
            else None
        if mapping is None:
            raise ValueError(f"comparing {old.id} {old.version} with {new.version} needs a "
                             "mapping between them")
        pairs = paired_items(mapping, old, new)
        differ = tuple(ItemsDiffer(dim_id, found) for dim_id, found
                       in item_differences(mapping, old, new) if found)
    return Comparison(
        before=before, after=after, dimensions=deltas,
        items=changed_items(new, before.assessment, after.assessment, pairs),
        overall_change=overall, most_improved=most_improved(deltas),
        most_declined=most_declined(deltas), item_differences=differ,
    )


# ------------------------------------------------------------------------------------- stuck


@dataclass(frozen=True)
class StuckDimension:
    dimension: Dimension
    points: tuple[tuple[date, float | None], ...]  # the window, oldest first
    change: float  # net score change across the window
    disciplines: tuple[Discipline, ...]  # the framework's disciplines that help it

    @property
    def id(self) -> str:
        return self.dimension.id

    @property
    def reassessments(self) -> int:
        """Intervals in the window: 2 normally, 1 when only two assessments exist."""
        return len(self.points) - 1

    @property
    def prompts(self) -> tuple[tuple[Discipline, str], ...]:
        """(discipline, prompt) for every prompt of every helping discipline, in order."""
        return tuple((d, p) for d in self.disciplines for p in d.prompts)


def find_stuck(views: Sequence[AssessmentView]) -> tuple[StuckDimension, ...]:
    """The dimensions that are stuck, in framework order, judged on `views` (oldest first).

    The exact rule:
    - the window is the last three views (two reassessments); with only two views it is those two
      (one reassessment); with fewer there is nothing to judge and nothing is stuck;
    - a dimension is judged only when it has a score in the window's first and last view (an
      insufficient middle view does not matter: the rule uses the net change);
    - its change is the last score minus the first, i.e. the sum of the signed changes over the
      window's intervals; it is stuck when that change is less than a quarter of a stage
      (|change| < 0.25): up 0.5 then down 0.4 is stuck, a fall of 0.25 or more is not (it is
      reported by the comparison as a decline);
    - a dimension whose last score is at the framework's top level is never stuck: there is no
      stage left to reach.
    `views` should be one framework's final assessments (`history_views`); the framework of the last
    view supplies the dimensions and disciplines.
    """
    if len(views) < 2:
        return ()
    window = list(views[-STUCK_WINDOW:])
    framework = window[-1].framework
    out = []
    for dim in framework.dimensions:
        points = tuple((v.day, v.score(dim.id)) for v in window)
        first, last = points[0][1], points[-1][1]
        if first is None or last is None:
            continue
        if last >= framework.max_level - _EPS:
            continue
        change = last - first
        if abs(change) < STUCK_THRESHOLD - _EPS:
            out.append(StuckDimension(dim, points, change, framework.disciplines_for(dim.id)))
    return tuple(out)


def stuck_dimensions(workbook: Workbook, framework: Framework, *,
                     until: Assessment | None = None, catalog=None
                     ) -> tuple[StuckDimension, ...]:
    """`find_stuck` over the workbook's final assessments with this framework (up to `until`;
    with `catalog`, mapped versions too)."""
    return find_stuck(history_views(workbook, framework, until=until, catalog=catalog))


# ---------------------------------------------------------------------------------- due date


@dataclass(frozen=True)
class Reassessment:
    last: date  # the latest final assessment's date
    months: int  # the interval used (6-12)
    due: date
    days_left: int  # until the due date; negative when overdue, 0 on the day
    status: DueStatus
    soon_days: int = DUE_SOON_DAYS  # "due soon" this many days ahead

    @property
    def overdue_days(self) -> int:
        return max(0, -self.days_left)


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later, clamped to the month's end (31 Aug + 6 =
    28/29 Feb)."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last_day))


def clamp_months(months: int | None) -> int:
    """The workbook's interval limited to 6-12 months (the model's advice); None gives 6."""
    if months is None:
        return DEFAULT_REASSESS_MONTHS
    return max(MIN_REASSESS_MONTHS, min(MAX_REASSESS_MONTHS, int(months)))


def due_status(last: date, months: int, today: date) -> Reassessment:
    """The rule: due = `last` + `months` calendar months (clamped to 6-12); days_left = due -
    today; "overdue" when days_left < 0, "due-soon" when 0 <= days_left <= `DUE_SOON_DAYS` (30),
    else "ok"."""
    months = clamp_months(months)
    due = add_months(last, months)
    days_left = (due - today).days
    if days_left < 0:
        status = STATUS_OVERDUE
    elif days_left <= DUE_SOON_DAYS:
        status = STATUS_DUE_SOON
    else:
        status = STATUS_OK
    return Reassessment(last, months, due, days_left, status)


def reassessment_due(workbook: Workbook, today: date | None = None, *,
                     framework_id: str | None = None) -> Reassessment | None:
    """When the next assessment is due, from the latest final assessment (of any framework, or of
    `framework_id`) and `workbook.reassess_months`; None when no assessment is final yet.
    See `due_status` for the rule. `today` defaults to the local date."""
    finals = [a for a in workbook.ordered_assessments(final_only=True)
              if framework_id is None or a.framework_id == framework_id]
    if not finals:
        return None
    return due_status(finals[-1].day, workbook.reassess_months, today or date.today())


# ------------------------------------------------------------------------------------- trend


def trend_points(views: Sequence[AssessmentView]) -> dict[str, list[tuple[date, float | None]]]:
    """dimension id -> [(date, score)] over `views` (oldest first); None marks insufficient data,
    which the trend chart draws as a gap. Dimensions in the last view's framework order."""
    if not views:
        return {}
    framework = views[-1].framework
    return {dim.id: [(v.day, v.score(dim.id)) for v in views] for dim in framework.dimensions}


# ----------------------------------------------------------------------------------- targets


def next_stage(framework: Framework, stage: Stage) -> Stage:
    """The stage after `stage`, or `stage` itself at the top."""
    levels = framework.levels
    index = levels.index(stage.level)
    return framework.stages[min(index + 1, len(levels) - 1)]


def default_targets(result: AssessmentResult | AssessmentView) -> dict[str, int]:
    """dimension id -> level one stage above the current stage, capped at the top stage.

    A dimension with insufficient data gets no default target (there is no stage to start from).
    """
    if isinstance(result, AssessmentView):
        result = result.result
    framework = result.framework
    return {d.id: next_stage(framework, d.stage).level for d in result.dimensions
            if d.stage is not None}


def targets_for(view: AssessmentView) -> dict[str, int]:
    """The assessment's own targets for known dimensions, within the framework's levels."""
    framework = view.framework
    known = {d.id for d in framework.dimensions}
    return {k: v for k, v in view.assessment.targets.items()
            if k in known and framework.min_level <= v <= framework.max_level}
