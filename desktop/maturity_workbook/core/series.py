"""Several models in one workbook: which assessments may be compared, and each model's latest
placement.

A workbook can hold assessments made with different frameworks (a yearly four-function workshop
and a quick three-job check in between). Scores, changes, trends and "stuck" only mean something
between assessments of the same framework, so every comparison in the app goes through
`same_series`:

- an assessment belongs to the series of its framework id **and version**;
- versions that a mapping connects (core/mapping.py, being built on the `validity` branch) will
  join one series. That is the one seam: when mappings land, `same_series` consults them and
  `history.history_views` scores each side with its own version (`migration.compare_versions`).
  Until then, 1.0 and 2.0 of a framework are kept apart rather than scored with the wrong items.

`placements` gives, for each framework used in a workbook, its latest assessment (the latest
final one; a draft only when none is final) with the overall stage, the place in the research
cohort (frameworks whose stages carry shares) and the job that holds the program back
(frameworks with jobs). All data; presenters word it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from maturity_workbook.core.cohort import CohortPlace, cohort_for
from maturity_workbook.core.framework import Framework
from maturity_workbook.core.jobs import JobStep, job_step_for
from maturity_workbook.core.scoring import AssessmentResult, score_assessment
from maturity_workbook.core.workbook import Assessment, Workbook

SeriesKey = tuple[str, str]  # (framework id, version)


def series_key(assessment: Assessment) -> SeriesKey:
    """The series an assessment belongs to: the framework id and version it recorded."""
    return (assessment.framework_id, assessment.framework_version)


def same_series(framework: Framework, assessment: Assessment) -> bool:
    """Whether `assessment` may be compared with others scored with `framework`.

    Same id and same version. (Mapped versions: see the module docstring; this is the seam.)"""
    return (assessment.framework_id, assessment.framework_version) == (framework.id,
                                                                       framework.version)


def series_in(workbook: Workbook) -> list[SeriesKey]:
    """The series used in the workbook, the one with the most recent assessment first (final or
    draft), then by how recently each was last assessed."""
    latest: dict[SeriesKey, tuple] = {}
    for a in workbook.ordered_assessments():
        latest[series_key(a)] = (a.date, a.created, a.id)
    return sorted(latest, key=lambda k: latest[k], reverse=True)


def latest_in(workbook: Workbook, key: SeriesKey, *, final_only: bool = True
              ) -> Assessment | None:
    """The latest assessment of a series (final ones only unless `final_only` is False)."""
    chosen = [a for a in workbook.ordered_assessments(final_only=final_only)
              if series_key(a) == key]
    return chosen[-1] if chosen else None


@dataclass(frozen=True)
class Placement:
    """Where the program stood at the latest assessment of one framework."""

    key: SeriesKey
    framework: Framework | None  # None: the framework is not installed
    assessment: Assessment  # the latest final one; the latest draft when none is final
    result: AssessmentResult | None  # None without the framework
    cohort: CohortPlace | None  # frameworks whose stages carry shares, overall stage known
    job: JobStep | None  # frameworks with jobs, once the weakest job has a stage

    @property
    def is_final(self) -> bool:
        return self.assessment.is_final

    @property
    def overall_level(self) -> int | None:
        """The stage the mean of the function scores has reached."""
        stage = self.result.overall_stage if self.result is not None else None
        return None if stage is None else stage.level

    @property
    def stage_level(self) -> int | None:
        """Where the program is placed: in a model with jobs, the stage its weakest job has
        reached (the model's rule); else the overall stage."""
        return self.job.stage.level if self.job is not None else self.overall_level


def placements(workbook: Workbook,
               framework_for: Callable[[Assessment], Framework | None]) -> list[Placement]:
    """Each framework's latest placement, in `series_in` order. `framework_for` finds the
    framework an assessment was made with (the session's or the CLI's catalog lookup)."""
    out = []
    for key in series_in(workbook):
        assessment = latest_in(workbook, key) or latest_in(workbook, key, final_only=False)
        framework = framework_for(assessment)
        if framework is None:
            out.append(Placement(key, None, assessment, None, None, None))
            continue
        result = score_assessment(framework, assessment.agreed_ratings())
        job = job_step_for(result)
        out.append(Placement(key, framework, assessment, result, cohort_for(result),
                             None if job is None or job.partial else job))
    return out
