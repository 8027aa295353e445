"""Question bank 2.0 of the primary framework: what the issue asks of it, checked on the file."""

import pytest

from tests.validity.report import bank

NEW_PRACTICES = {
    "strategy-output-per-person",  # more learners without more staff
    "strategy-ownership",  # who owns the program, what happens when they leave
    "delivery-live-capacity",  # how far live delivery stretches
    "delivery-deals",  # training given away in sales deals
    "technology-learner-data",  # learner records matched to accounts
    "delivery-promotion",  # who promotes the program
    "delivery-active-use",  # active use over time, not only sign-ups
}


@pytest.fixture(scope="module")
def v2():
    return bank("2.0")


def test_same_functions_and_stages_as_1_0(v2):
    v1 = bank("1.0")
    assert [d.id for d in v2.dimensions] == [d.id for d in v1.dimensions]
    assert [(s.level, s.name) for s in v2.stages] == [(s.level, s.name) for s in v1.stages]


def test_at_least_eight_items_per_function(v2):
    assert all(len(d.items) >= 8 for d in v2.dimensions), \
        {d.id: len(d.items) for d in v2.dimensions}


def test_the_practices_the_issue_lists_have_items(v2):
    assert NEW_PRACTICES <= {item.id for item in v2.items}


def test_one_practice_per_item_partners_and_community_apart(v2):
    ids = {item.id for item in v2.items}
    assert {"delivery-partners", "delivery-community"} <= ids
    assert "delivery-partners-community" not in ids


def test_levels_are_distinct_within_and_across_items(v2):
    seen = {}
    for item in v2.items:
        texts = [item.levels[level] for level in v2.levels]
        assert len(set(texts)) == len(texts), item.id
        for text in texts:
            assert text not in seen, (item.id, seen.get(text))
            seen[text] = item.id


def test_every_prompt_is_a_question_and_every_step_has_advice(v2):
    for item in v2.items:
        assert item.prompt.endswith("?"), item.id
        assert set(item.advice) == set(v2.levels[:-1]), item.id
