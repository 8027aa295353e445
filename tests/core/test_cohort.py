"""A program's place against the five-stage model's research cohort."""

import pytest

from maturity_workbook.core.cohort import cohort_bands, cohort_for, cohort_place
from maturity_workbook.core.framework import load_framework
from maturity_workbook.core.scoring import score_assessment
from maturity_workbook.paths import bundled_frameworks_dir


@pytest.fixture(scope="module")
def five_stage():
    return load_framework(bundled_frameworks_dir() / "customer-learning-five-stage.yaml")


def rate_all(framework, level):
    return {item.id: level for item in framework.items}


def test_stage_two_is_where_most_programs_are(five_stage):
    place = cohort_place(five_stage, 2)
    assert (place.stage_share, place.ahead_of, place.behind) == (0.55, 0.30, 0.15)
    assert place.stage.name == "Build foundation for scale"
    assert place.next_stage.level == 3
    assert place.next_steps == five_stage.stage(3).imperatives and len(place.next_steps) == 3
    assert place.as_json()["stage_share"] == 0.55 and place.as_json()["ahead_of"] == 0.30


@pytest.mark.parametrize("level, share, ahead, behind", [
    (1, 0.30, 0.0, 0.70), (3, 0.10, 0.85, 0.05), (4, 0.03, 0.95, 0.02), (5, 0.02, 0.98, 0.0)])
def test_every_stage_adds_up(five_stage, level, share, ahead, behind):
    place = cohort_place(five_stage, level)
    assert (place.stage_share, place.ahead_of, place.behind) == (share, ahead, behind)
    assert place.stage_share + place.ahead_of + place.behind == pytest.approx(1.0)


def test_the_top_stage_has_no_next_steps(five_stage):
    place = cohort_place(five_stage, 5)
    assert place.next_stage is None and place.next_steps == ()
    assert place.as_json()["next_level"] is None


def test_bands_lay_the_shares_end_to_end(five_stage):
    bands = cohort_bands(five_stage)
    assert [(b.start, b.end) for b in bands] == [
        (0.0, 0.30), (0.30, 0.85), (0.85, 0.95), (0.95, 0.98), (0.98, 1.0)]
    assert cohort_place(five_stage, 3).bands == bands


def test_a_framework_without_shares_has_no_cohort(tiny_framework):
    assert cohort_place(tiny_framework, 2) is None and cohort_bands(tiny_framework) == ()


def test_an_unknown_level_is_an_error(five_stage):
    with pytest.raises(KeyError):
        cohort_place(five_stage, 6)


def test_an_assessed_program_is_placed_at_its_overall_stage(five_stage):
    ratings = rate_all(five_stage, 2)
    ratings[five_stage.dimensions[0].items[0].id] = 3  # 2.2 in one function: still stage 2
    place = cohort_for(score_assessment(five_stage, ratings))
    assert place.level == 2 and place.stage_share == 0.55 and place.ahead_of == 0.30
    assert place.source.cite().startswith("Thought Industries")


def test_no_place_while_a_function_lacks_data(five_stage):
    ratings = rate_all(five_stage, 3)
    for item in five_stage.dimensions[1].items[:3]:  # 2 of 5 rated: not enough
        del ratings[item.id]
    assert cohort_for(score_assessment(five_stage, ratings)) is None
