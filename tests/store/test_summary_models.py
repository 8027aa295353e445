"""`summary` for the models that carry more than stages: the cohort placement of the five-stage
model and the job holding a program back in the three-job model (issue 18's contract)."""

import json

import pytest

from maturity_workbook.cli import main
from maturity_workbook.core.framework import load_framework
from maturity_workbook.paths import bundled_frameworks_dir
from maturity_workbook.store import WorkbookStore


def assessed(tmp_path, name, levels_by_dimension, final=True):
    """A workbook with one assessment of the bundled framework `name`, every item of a
    dimension agreed at the given level; (path, framework)."""
    framework = load_framework(bundled_frameworks_dir() / f"{name}.yaml")
    path = tmp_path / f"{name}.mwb"
    store = WorkbookStore.create(path, "Program with a very long name — 학습 프로그램 ✓")
    try:
        pid = store.add_participant("Ana").id
        a = store.create_assessment(framework, "Autumn review", "2026-10-01", [pid])
        with store.batch():
            for dim in framework.dimensions:
                for item in dim.items:
                    store.set_agreed(a.id, item.id, levels_by_dimension[dim.id])
        if final:
            store.finalize(a.id)
        assert store.flush(10)
    finally:
        store.close()
    return path, framework


def summary(capsys, path, *extra):
    status = main(["summary", str(path), *extra])
    out, err = capsys.readouterr()
    assert status == 0, err
    return out


def test_stage_two_of_the_five_stage_model_is_placed_in_the_cohort(tmp_path, capsys):
    path, framework = assessed(tmp_path, "customer-learning-five-stage",
                               {"leadership": 2, "experience": 2, "operations": 2, "impact": 2})
    data = json.loads(summary(capsys, path, "--json"))
    assert data["overall"]["stage"]["level"] == 2
    assert {k: data["cohort"][k] for k in ("stage_share", "ahead_of")} == \
        {"stage_share": 0.55, "ahead_of": 0.30}
    assert data["cohort"]["next_steps"] == list(framework.stage(3).imperatives)
    assert data["cohort"]["source"].startswith("Thought Industries")
    assert data["job"] is None

    text = summary(capsys, path)
    assert "Cohort: 55% of programs are at this stage; ahead of 30%" in text
    assert framework.stage(3).imperatives[0] in text


def test_the_three_job_model_names_the_job_and_one_step(tmp_path, capsys):
    path, framework = assessed(tmp_path, "three-jobs-six-stage",
                               {"create": 2, "deliver": 1, "scale": 1})
    data = json.loads(summary(capsys, path, "--json"))
    assert data["job"]["job"] == "deliver" and data["job"]["target_level"] == 2
    assert data["job"]["step"] == framework.jobs[1].steps[2]
    assert data["cohort"] is None

    text = summary(capsys, path)
    assert "Job holding the program back: Deliver" in text
    assert text.count("Next step:") == 1 and "Next steps:" not in text  # one, not three


def test_stage_zero_everywhere_is_a_placement_not_missing_data(tmp_path, capsys):
    path, _ = assessed(tmp_path, "three-jobs-six-stage", {"create": 0, "deliver": 0, "scale": 0})
    data = json.loads(summary(capsys, path, "--json"))
    assert data["overall"]["score"] == 0.0 and data["overall"]["stage"]["level"] == 0
    assert all(d["sufficient"] and d["score"] == 0.0 for d in data["dimensions"])
    assert data["bottleneck"]["score"] == 0.0
    assert data["job"]["job"] == "create" and data["job"]["level"] == 0
    text = summary(capsys, path)
    assert "Overall: Reactive answers (0.00)" in text


@pytest.mark.parametrize("name", ["customer-learning-five-stage", "three-jobs-six-stage"])
def test_an_assessment_made_with_version_one_still_opens_and_scores(tmp_path, capsys, name):
    old = load_framework(bundled_frameworks_dir() / f"{name}-1.0.yaml")
    path = tmp_path / "old.mwb"
    store = WorkbookStore.create(path, "Old")
    try:
        a = store.create_assessment(old, "Made with 1.0", "2025-01-01", [])
        for item in old.items:
            store.set_agreed(a.id, item.id, old.min_level + 1)
        store.finalize(a.id)
        assert store.flush(10)
    finally:
        store.close()
    status = main(["summary", str(path), "--json"])
    out, err = capsys.readouterr()
    assert status == 0 and "warning" not in err
    data = json.loads(out)
    assert data["framework"]["version"] == "1.0"
    assert data["overall"]["stage"]["level"] == old.min_level + 1
