"""What a model carries beyond stages and items: cohort shares, imperatives and jobs, each problem
located on its line with the fix."""

import textwrap

import pytest

from maturity_workbook.core.framework import FrameworkError, parse_framework


def three_job_text(jobs: str, stage_extra: dict[int, str] | None = None) -> str:
    """A framework with stages 0-3 and one dimension; `jobs` is the YAML of the jobs list."""
    stage_extra = stage_extra or {}
    stages = "".join(
        f"  - {{level: {n}, name: S{n}, summary: Stage {n}.{stage_extra.get(n, '')}}}\n"
        for n in range(4))
    levels = ", ".join(f"{n}: at {n}" for n in range(4))
    advice = ", ".join(f"{n}: from {n}" for n in range(3))
    return (
        "format: 1\nid: jobs-test\nversion: '1.0'\ntitle: Jobs test\n"
        "attribution: {source: Test}\n"
        "stages:\n" + stages
        + "dimensions:\n  - id: d\n    name: D\n    summary: S.\n    items:\n"
        + f"      - {{id: i1, prompt: P?, help: H., levels: {{{levels}}}, "
          f"advice: {{{advice}}}}}\n"
        + "jobs:\n" + textwrap.indent(textwrap.dedent(jobs), "  "))


GOOD_JOBS = """\
- id: make
  name: Make
  summary: Make things.
  stages: [0, 1]
  steps: {1: Make a reusable thing.}
- id: ship
  name: Ship
  summary: Ship things.
  friction: Nobody finds things.
  stages: [2, 3]
  steps: {2: Put things in one place., 3: Put things in the product.}
  sustain: Review things on a cadence.
"""


def problems(text):
    with pytest.raises(FrameworkError) as info:
        parse_framework(text, "f.yaml")
    return [(p.line, p.message) for p in info.value.problems]


def line_of(text, needle):
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_jobs_parse_and_own_their_stages():
    framework = parse_framework(three_job_text(GOOD_JOBS), "f.yaml")
    make, ship = framework.jobs
    assert make.stages == (0, 1) and ship.stages == (2, 3)
    assert make.steps == {1: "Make a reusable thing."}
    assert ship.steps[3] == "Put things in the product."
    assert ship.friction == "Nobody finds things." and ship.sustain.startswith("Review")
    assert [s.phase for s in framework.stages] == ["make", "make", "ship", "ship"]
    assert framework.job_for_level(0) is make and framework.job_for_level(3) is ship
    assert framework.min_level == 0


def test_a_stage_no_job_owns_is_reported():
    text = three_job_text(GOOD_JOBS.replace("stages: [2, 3]", "stages: [2]")
                          .replace(", 3: Put things in the product.", ""))
    [(line, message)] = problems(text)
    assert line == line_of(text, "jobs:") + 1  # the list's first line
    assert "no job owns stage level(s) [3]" in message


def test_a_stage_owned_twice_is_located_on_the_second_owner():
    text = three_job_text(GOOD_JOBS.replace("stages: [2, 3]", "stages: [1, 2, 3]"))
    found = problems(text)
    assert (line_of(text, "stages: [1, 2, 3]"),
            "stage level 1 is owned by job 'make' already; each stage belongs to one job") \
        in found


def test_unknown_and_gapped_stage_levels():
    text = three_job_text(GOOD_JOBS.replace("stages: [2, 3]", "stages: [2, 3, 7]"))
    [(line, message)] = problems(text)
    assert line == line_of(text, "stages: [2, 3, 7]")
    assert "not a stage of this framework; expected [0, 1, 2, 3]" in message

    gapped = three_job_text(GOOD_JOBS.replace("stages: [0, 1]", "stages: [0, 2]")
                            .replace("stages: [2, 3]", "stages: [1, 3]")
                            .replace("steps: {1: Make a reusable thing.}",
                                     "steps: {2: Make a reusable thing.}")
                            .replace("steps: {2: Put things in one place., 3:",
                                     "steps: {1: Put things in one place., 3:"))
    messages = [m for _, m in problems(gapped)]
    assert any("owns stages [0, 2]; a job owns a run of consecutive stages" in m
               for m in messages)


def test_jobs_listed_out_of_order():
    swapped = """\
- id: ship
  name: Ship
  summary: Ship things.
  stages: [2, 3]
  steps: {2: Put things in one place., 3: Put things in the product.}
- id: make
  name: Make
  summary: Make things.
  stages: [0, 1]
  steps: {1: Make a reusable thing.}
"""
    [(_, message)] = problems(three_job_text(swapped))
    assert "out of order" in message


def test_steps_missing_and_for_the_first_stage():
    text = three_job_text(GOOD_JOBS.replace("steps: {1: Make a reusable thing.}",
                                            "steps: {0: Start., 1: Make a reusable thing.}")
                          .replace(", 3: Put things in the product.", ""))
    found = problems(text)
    assert any(line == line_of(text, "{0: Start.") and "has key 0" in message
               and "the first stage of a framework has no step" in message
               for line, message in found)
    assert any(line == line_of(text, "steps: {2: Put things") and
               "no step into stage 3; add `3: ...`" in message for line, message in found)


def test_step_must_be_text_and_stages_a_list():
    text = three_job_text(GOOD_JOBS.replace("{1: Make a reusable thing.}", "{1: 42}")
                          .replace("stages: [2, 3]", "stages: two"))
    messages = [m for _, m in problems(text)]
    assert "jobs[0].steps[1] should be text, found a whole number" in messages
    assert any(m.startswith("jobs[1].stages should be a list of stage levels") for m in messages)


def test_a_stage_phase_that_disagrees_with_its_job():
    text = three_job_text(GOOD_JOBS, {2: "', phase: make, x: '"}.copy())
    text = text.replace("summary: Stage 2.', phase: make, x: '}", "summary: Stage 2., "
                        "phase: make}")
    [(line, message)] = problems(text)
    assert line == line_of(text, "phase: make")
    assert "says phase 'make', but job 'ship' owns it" in message


def test_unknown_job_key_and_duplicate_id():
    text = three_job_text(GOOD_JOBS.replace("  friction:", "  frictoin:")
                          .replace("- id: ship", "- id: make"))
    messages = [m for _, m in problems(text)]
    assert any("unknown key 'frictoin'" in m for m in messages)
    assert "job id 'make' appears twice; ids must be unique" in messages


# ------------------------------------------------------------------------------ cohort shares

def shares_text(shares, cohort="cohort: {source: Test research, year: 2021, size: 50}\n",
                imperatives=None):
    imperatives = imperatives or {}
    stages = ""
    for level, share in enumerate(shares, 1):
        stages += f"  - level: {level}\n    name: S{level}\n    summary: Stage {level}.\n"
        if share is not None:
            stages += f"    share: {share}\n"
        if level in imperatives:
            stages += "    imperatives: [" + ", ".join(imperatives[level]) + "]\n"
    levels = ", ".join(f"{n}: at {n}" for n in range(1, len(shares) + 1))
    advice = ", ".join(f"{n}: from {n}" for n in range(1, len(shares)))
    return ("format: 1\nid: cohort-test\nversion: '1.0'\ntitle: Cohort test\n"
            "attribution: {source: Test}\n" + cohort + "stages:\n" + stages
            + "dimensions:\n  - id: d\n    name: D\n    summary: S.\n    items:\n"
            + f"      - {{id: i1, prompt: P?, help: H., levels: {{{levels}}}, "
              f"advice: {{{advice}}}}}\n")


def test_shares_and_their_source_load():
    framework = parse_framework(shares_text([0.30, 0.55, 0.10, 0.03, 0.02]), "f.yaml")
    assert framework.has_shares
    assert [s.share for s in framework.stages] == [0.30, 0.55, 0.10, 0.03, 0.02]
    assert framework.cohort.source == "Test research" and framework.cohort.size == 50
    assert framework.cohort.cite() == "Test research, 2021"


def test_shares_must_add_up_to_one():
    text = shares_text([0.30, 0.55, 0.10, 0.30, 0.02])
    [(line, message)] = problems(text)
    assert line == line_of(text, "stages:") + 1
    assert "add up to 1.27 (127%)" in message and "give or take 0.02" in message
    parse_framework(shares_text([0.30, 0.55, 0.10, 0.03, 0.01]), "f.yaml")  # 99%: rounding


def test_a_stage_without_a_share_when_others_have_one():
    text = shares_text([0.30, 0.55, None, 0.13, 0.02])
    [(line, message)] = problems(text)
    assert line == line_of(text, "name: S3") - 1
    assert "stage 3 (S3) has no 'share' while other stages do" in message


def test_share_out_of_range_is_located():
    text = shares_text([0.30, 55, 0.10, 0.03, 0.02])
    found = problems(text)
    assert (line_of(text, "share: 55"),
            "stages[1].share should be a fraction between 0 and 1 (30% is 0.30)") in found


def test_shares_need_a_source_and_a_source_needs_shares():
    text = shares_text([0.5, 0.5], cohort="")
    [(line, message)] = problems(text)
    assert line == line_of(text, "share: 0.5")
    assert "does not say where they come from; add `cohort:`" in message

    text = shares_text([None, None])
    [(line, message)] = problems(text)
    assert line == line_of(text, "cohort:")
    assert "the stages have no `share`" in message


def test_imperatives_on_every_stage_or_none():
    text = shares_text([0.5, 0.5], imperatives={1: ["Do a", "Do b"]})
    [(line, message)] = problems(text)
    assert line == line_of(text, "name: S2") - 1
    assert "stage 2 (S2) has no 'imperatives'" in message


def test_the_jobs_example_in_the_format_doc_is_valid():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "framework-format.md").read_text()
    section = doc.split("## Jobs", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    text = three_job_text("")[: three_job_text("").index("jobs:\n")]
    text = text.replace("  - {level: 3, name: S3, summary: Stage 3.}\n", "")
    text = text.replace(", 3: at 3", "").replace(", 2: from 2", "")
    framework = parse_framework(text + example, "doc.yaml")
    assert [j.id for j in framework.jobs] == ["create", "deliver"]
