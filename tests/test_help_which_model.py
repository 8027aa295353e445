"""The "Which model fits us" help page: found like every bundled resource, and its facts agree
with the bundled framework files (a changed share or job range must not leave the help wrong)."""

import re

from maturity_workbook.core.framework import load_framework
from maturity_workbook.paths import bundled_frameworks_dir
from maturity_workbook.resources import resource_path


def page() -> str:
    """The page with each paragraph's line breaks folded, as a reader sees it."""
    text = resource_path("help", "which-model.md").read_text(encoding="utf-8")
    return re.sub(r"(?<=\S)\n(?=\S)", " ", text)


def test_each_bundled_model_has_a_section_with_when_to_use_it():
    text = page()
    assert text.startswith("# Which model fits us")
    sections = re.split(r"(?m)^## ", text)[1:]
    model_sections = [s for s in sections if "**Use it when**" in s]
    assert len(model_sections) == len({f.id for f in map(load_framework, bundled_frameworks_dir()
                                                           .glob("*.yaml"))})


def test_the_cohort_shares_match_the_five_stage_file():
    framework = load_framework(bundled_frameworks_dir() / "customer-learning-five-stage.yaml")
    text = page()
    for stage in framework.stages:
        assert stage.name in text, stage.name
    shares = [int(n) for n in re.findall(r"(\d+)%(?: of programs)? at the", text)]
    assert shares == [round(s.share * 100) for s in framework.stages]


def test_the_job_ranges_match_the_three_job_file():
    framework = load_framework(bundled_frameworks_dir() / "three-jobs-six-stage.yaml")
    text = page()
    ranges = {job.id: job.stages for job in framework.jobs}
    assert ranges == {"create": (0, 1), "deliver": (2, 3, 4), "scale": (5,)}
    assert "**create** (stages 0 and 1" in text and "**deliver** (stages 2 to 4" in text
    assert "**scale** (stage 5" in text
