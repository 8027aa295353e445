"""The job that holds a program back, and the single next step for it (three-job model).

A framework with jobs gives each job a run of stages (create 0-1, deliver 2-4, scale 5). The rule:
- the program stands at the stage its weakest dimension has reached (no dimension can be ahead of
  the program by leaping; in the three-job model the dimensions are the jobs themselves);
- the job that owns the next stage up is the one holding the program back;
- the next step is that job's step into that stage, one step, in the job's own words;
- at the top stage there is nothing to move into: the step is what keeps the top job done.
A program whose content exists but whose delivery stalls (stage 1) is held back by deliver, and
its step is to make the content findable.

Everything here is data from the framework; presenters word the sentence around it.
"""

from __future__ import annotations

from dataclasses import dataclass

from maturity_workbook.core.framework_model import Framework, Job, Stage
from maturity_workbook.core.scoring import AssessmentResult


@dataclass(frozen=True)
class JobStep:
    """The job holding a program back and its single next step."""

    job: Job  # the job that owns the next stage (the top job at the top stage)
    stage: Stage  # the stage the program has reached
    target: Stage | None  # the stage the step moves into; None at the top stage
    step: str  # the job's step into `target`, or the top job's `sustain` at the top
    dimension_id: str | None = None  # the weakest dimension that set `stage`, when known
    partial: bool = False  # True when some dimension lacked the data to take part

    @property
    def at_top(self) -> bool:
        return self.target is None

    def as_json(self) -> dict:
        return {
            "job": self.job.id,
            "job_name": self.job.name,
            "level": self.stage.level,
            "target_level": self.target.level if self.target else None,
            "step": self.step,
            "dimension_id": self.dimension_id,
            "partial": self.partial,
        }


def job_step(framework: Framework, level: int) -> JobStep | None:
    """The job and step for a program at stage `level`; None when the framework has no jobs.
    Raises KeyError for a level the framework does not have."""
    if not framework.jobs:
        return None
    stage = framework.stage(level)
    if level == framework.max_level:
        job = framework.job_for_level(level)
        return JobStep(job=job, stage=stage, target=None, step=job.sustain)
    target = framework.stage(level + 1)
    job = framework.job_for_level(target.level)
    return JobStep(job=job, stage=stage, target=target, step=job.steps[target.level])


def job_step_for(result: AssessmentResult) -> JobStep | None:
    """The job and step for an assessed program, from the stage of its weakest dimension (the
    scoring's bottleneck). None without jobs, or while no dimension has enough rated items."""
    bottleneck = result.bottleneck or result.weakest_placed  # partial while some lack data
    if not result.framework.jobs or bottleneck is None or bottleneck.stage is None:
        return None
    found = job_step(result.framework, bottleneck.stage.level)
    return JobStep(job=found.job, stage=found.stage, target=found.target, step=found.step,
                   dimension_id=bottleneck.id, partial=bool(result.insufficient))
