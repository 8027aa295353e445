"""Several models in one workbook: which assessments may be compared, and each model's latest
placement.

A workbook can hold assessments made with different frameworks (a yearly four-function workshop
and a quick three-job check in between). Scores, changes, trends and "stuck" only mean something
between assessments of the same framework, so every comparison in the app goes through
`same_series`:

- an assessment belongs to the series of its framework id and version;
- two versions of one framework that a shipped mapping connects directly (core/mapping.py,
  `FrameworkCatalog.link`) are one series: question bank 1.0 and 2.0 of the primary model.
  Each assessment is still scored with its own version (`history.history_views`), functions are
  compared by id, and items through the mapping, with a note where they differ
  (`migration.compare_versions`). Chains of mappings are not followed: a version that should be
  compared with several older ones ships a mapping from each;
- the functions that take a catalog fall back to "same id and version" without one.

A series is named by its key, (framework id, version): with a catalog, the newest of its
versions used in the workbook, so the History of a workbook on 1.0 and 2.0 is the 2.0 history
with the 1.0 assessments in it.

`placements` gives, for each framework used in a workbook, its latest assessment (the latest
final one; a draft only when none is final) with the overall stage, the place in the research
cohort (frameworks whose stages carry shares) and the job that holds the program back
(frameworks with jobs). All data; presenters word it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from maturity_workbook.core.catalog import version_key
from maturity_workbook.core.cohort import CohortPlace, cohort_for
from maturity_workbook.core.framework import Framework
from maturity_workbook.core.jobs import JobStep, job_step_for
from maturity_workbook.core.scoring import AssessmentResult, score_assessment
from maturity_workbook.core.workbook import Assessment, Workbook

SeriesKey = tuple[str, str]  # (framework id, version)


def linked(catalog, framework_id: str, version: str, other: str) -> bool:
    """Whether assessments of two versions of a framework may be compared: the same version, or
    a mapping connects them directly (either way round)."""
    if version == other:
        return True
    return catalog is not None and catalog.link(framework_id, version, other) is not None


def same_series(framework: Framework, assessment: Assessment, catalog=None) -> bool:
    """Whether `assessment` may be compared with others scored with `framework`: the same id,
    and the same version or (given the catalog) a version a mapping connects to it."""
    return assessment.framework_id == framework.id and linked(
        catalog, framework.id, framework.version, assessment.framework_version)


def series_key(assessment: Assessment, workbook: Workbook | None = None,
               catalog=None) -> SeriesKey:
    """The series an assessment belongs to: its framework id and version; with a catalog and
    the workbook, the newest version used in the workbook among those linked to its own."""
    fid, version = assessment.framework_id, assessment.framework_version
    if catalog is None or workbook is None:
        return (fid, version)
    used = {a.framework_version for a in workbook.assessments.values()
            if a.framework_id == fid}
    joined = [v for v in used if linked(catalog, fid, version, v)] + [version]
    return (fid, max(joined, key=version_key))


def series_in(workbook: Workbook, catalog=None) -> list[SeriesKey]:
    """The series used in the workbook, the one with the most recent assessment first (final or
    draft), then by how recently each was last assessed."""
    latest: dict[SeriesKey, tuple] = {}
    for a in workbook.ordered_assessments():
        latest[series_key(a, workbook, catalog)] = (a.date, a.created, a.id)
    return sorted(latest, key=lambda k: latest[k], reverse=True)


def latest_in(workbook: Workbook, key: SeriesKey, *, final_only: bool = True,
              catalog=None) -> Assessment | None:
    """The latest assessment of a series (final ones only unless `final_only` is False)."""
    chosen = [a for a in workbook.ordered_assessments(final_only=final_only)
              if series_key(a, workbook, catalog) == key]
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
               framework_for: Callable[[Assessment], Framework | None],
               catalog=None) -> list[Placement]:
    """Each framework's latest placement, in `series_in` order. `framework_for` finds the
    framework an assessment was made with (the session's or the CLI's catalog lookup); with
    `catalog`, mapped versions are one series (`series_key`)."""
    out = []
    for key in series_in(workbook, catalog):
        assessment = latest_in(workbook, key, catalog=catalog) or latest_in(
            workbook, key, final_only=False, catalog=catalog)
        framework = framework_for(assessment)
        if framework is None:
            out.append(Placement(key, None, assessment, None, None, None))
            continue
        result = score_assessment(framework, assessment.agreed_ratings())
        job = job_step_for(result)
        out.append(Placement(key, framework, assessment, result, cohort_for(result),
                             None if job is None or job.partial else job))
    return out
