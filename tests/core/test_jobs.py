"""The three-job model: the job holding a program back and its single next step, from stage 0."""

import pytest

from maturity_workbook.core.framework import load_framework
from maturity_workbook.core.jobs import job_step, job_step_for
from maturity_workbook.core.scoring import score_assessment
from maturity_workbook.paths import bundled_frameworks_dir


@pytest.fixture(scope="module")
def three_jobs():
    return load_framework(bundled_frameworks_dir() / "three-jobs-six-stage.yaml")


def ratings(framework, per_dimension):
    """Every item of each dimension at the given level."""
    return {item.id: per_dimension[dim.id] for dim in framework.dimensions for item in dim.items}


@pytest.mark.parametrize("level, job, target", [
    (0, "create", 1), (1, "deliver", 2), (2, "deliver", 3), (3, "deliver", 4), (4, "scale", 5)])
def test_the_job_that_owns_the_next_stage_holds_the_program_back(three_jobs, level, job, target):
    found = job_step(three_jobs, level)
    assert found.job.id == job and found.stage.level == level and found.target.level == target
    assert found.step == three_jobs.jobs[[j.id for j in three_jobs.jobs].index(job)].steps[target]
    assert not found.at_top


def test_at_the_top_the_step_is_what_keeps_scale_done(three_jobs):
    found = job_step(three_jobs, 5)
    assert found.at_top and found.job.id == "scale" and found.target is None
    assert found.step == three_jobs.jobs[-1].sustain
    assert found.as_json()["target_level"] is None


def test_stage_zero_is_rated_and_placed(three_jobs):
    """A 0 is a rating, not a missing one: all zeros put the program at stage 0, in create."""
    result = score_assessment(three_jobs, ratings(three_jobs, {"create": 0, "deliver": 0,
                                                               "scale": 0}))
    assert result.overall_score == 0.0 and result.overall_stage.level == 0
    assert all(d.sufficient and d.score == 0.0 for d in result.dimensions)
    found = job_step_for(result)
    assert (found.job.id, found.stage.level, found.target.level) == ("create", 0, 1)
    assert "reusable" in found.step
    assert result.next_steps and result.next_steps[0].from_level == 0


def test_argyle_content_exists_but_delivery_stalls(three_jobs):
    """The published case: plenty of content (create past stage 1), delivery still manual
    (attachments, resends): the program is at stage 1 and deliver holds it back."""
    levels = {"create": 2, "deliver": 1, "scale": 1}
    rated = ratings(three_jobs, levels)
    rated["create-production-speed"] = 3
    found = job_step_for(score_assessment(three_jobs, rated))
    assert found.job.id == "deliver" and found.target.level == 2
    assert found.dimension_id == "deliver" and not found.partial
    assert "collections" in found.step


def test_the_weakest_job_sets_the_stage_even_when_the_others_are_far_ahead(three_jobs):
    found = job_step_for(score_assessment(three_jobs, ratings(
        three_jobs, {"create": 0, "deliver": 4, "scale": 4})))
    assert found.job.id == "create" and found.stage.level == 0


def test_one_step_only(three_jobs):
    found = job_step_for(score_assessment(three_jobs, ratings(
        three_jobs, {"create": 1, "deliver": 1, "scale": 1})))
    assert isinstance(found.step, str) and found.step.count("\n") == 0


def test_partial_when_a_job_lacks_data_and_none_without_any(three_jobs):
    rated = ratings(three_jobs, {"create": 2, "deliver": 3, "scale": 3})
    for item in three_jobs.dimension("scale").items:
        del rated[item.id]
    found = job_step_for(score_assessment(three_jobs, rated))
    assert found.partial and found.stage.level == 2 and found.job.id == "deliver"
    assert job_step_for(score_assessment(three_jobs, {})) is None


def test_frameworks_without_jobs_have_none(tiny_framework):
    assert job_step(tiny_framework, 2) is None
    result = score_assessment(tiny_framework, {i.id: 2 for i in tiny_framework.items})
    assert job_step_for(result) is None
