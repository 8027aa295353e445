"""Framework files: the bundled ones load, broken ones get every problem with its line."""

import pytest

from maturity_workbook.core.framework import FrameworkError, load_framework, parse_framework
from maturity_workbook.paths import bundled_frameworks_dir
from tests.conftest import TINY_FRAMEWORK


def problems_of(text):
    with pytest.raises(FrameworkError) as info:
        parse_framework(text, "f.yaml")
    return info.value.problems


def lines_and_messages(text):
    return [(p.line, p.message) for p in problems_of(text)]


def test_tiny_framework_parses(tiny_framework):
    assert tiny_framework.levels == (1, 2, 3, 4)
    assert [d.id for d in tiny_framework.dimensions] == ["alpha", "beta"]
    assert tiny_framework.item("b2").advice[3] == "b2 three to four"
    assert tiny_framework.stage_for_score(3.99).name == "Scaling"
    assert [d.id for d in tiny_framework.disciplines_for("beta")] == ["forecasting"]


@pytest.mark.parametrize("path", sorted(bundled_frameworks_dir().glob("*.yaml")),
                         ids=lambda p: p.name)
def test_bundled_frameworks_are_valid(path):
    framework = load_framework(path)
    for dimension in framework.dimensions:
        for item in dimension.items:
            assert set(item.levels) == set(framework.levels)
            assert set(item.advice) == set(framework.levels[:-1])


def test_primary_model_has_the_four_functions_and_stages():
    framework = load_framework(bundled_frameworks_dir() / "customer-education.yaml")
    assert [s.name for s in framework.stages] == ["Reacting", "Performing", "Scaling", "Optimizing"]
    assert [d.id for d in framework.dimensions] == ["strategy", "content", "delivery", "technology"]
    assert all(len(d.items) >= 6 for d in framework.dimensions)
    assert {d.id for d in framework.disciplines} == {
        "business-model-design", "value-proposition-design", "forecasting", "agile",
        "product-management"}
    for dimension in framework.dimensions:
        assert len(framework.disciplines_for(dimension.id)) >= 2


def test_yaml_syntax_error_is_located():
    text = TINY_FRAMEWORK.replace("title: Tiny test framework", "title: [unclosed")
    [(line, message)] = lines_and_messages(text)
    assert "YAML syntax error" in message
    assert line in (4, 5, 6)


def test_not_a_mapping():
    [(line, message)] = lines_and_messages("- just\n- a list\n")
    assert line == 1 and "should be a mapping" in message


def test_missing_and_unknown_keys():
    text = TINY_FRAMEWORK.replace('version: "1.0"\n', "").replace("title:", "titel:")
    messages = [m for _, m in lines_and_messages(text)]
    assert any("missing 'version'" in m for m in messages)
    assert any("missing 'title'" in m for m in messages)
    assert any("unknown key 'titel'" in m and "check the spelling" in m for m in messages)


def test_wrong_types_name_the_fix():
    text = TINY_FRAMEWORK.replace('version: "1.0"', "version: 1.0")
    [(line, message)] = lines_and_messages(text)
    assert line == 3 and "should be text" in message and 'quotes' in message


def test_duplicate_ids_and_keys():
    text = TINY_FRAMEWORK.replace("- id: b2", "- id: b1").replace("id: beta", "id: alpha")
    messages = [m for _, m in lines_and_messages(text)]
    assert any("item id 'b1' is already used" in m for m in messages)
    assert any("dimension id 'alpha' is already used" in m for m in messages)
    dup = TINY_FRAMEWORK.replace("title: Tiny test framework",
                                 "title: Tiny test framework\ntitle: Again")
    assert any("'title' appears twice" in m for _, m in lines_and_messages(dup))


def test_missing_level_description_and_advice_are_located():
    text = TINY_FRAMEWORK.replace("3: a2 at three, ", "").replace(", 3: b1 three to four", "")
    found = lines_and_messages(text)
    lines = TINY_FRAMEWORK.splitlines()
    a2_levels = next(i for i, l in enumerate(lines, 1) if "a2 at one" in l)
    b1_advice = next(i for i, l in enumerate(lines, 1) if "b1 one to two" in l)
    assert (a2_levels, ) == tuple(l for l, m in found if "level 3 (Scaling)" in m and "levels" in m)
    assert any(l == b1_advice and "advice has no entry for level 3" in m for l, m in found)


def test_advice_for_top_level_is_refused():
    text = TINY_FRAMEWORK.replace("3: a1 three to four}", "3: a1 three to four, 4: beyond}")
    assert any("top level 4" in m for _, m in lines_and_messages(text))


def test_levels_out_of_order():
    text = TINY_FRAMEWORK.replace("{level: 3, name: Scaling", "{level: 5, name: Scaling")
    assert lines_and_messages(text) == [
        (10, "stage level 5 follows level 2; levels must go up by one in order (expected 3)"),
        (11, "stage level 4 follows level 5; levels must go up by one in order (expected 6)")]


def test_empty_dimension():
    text = TINY_FRAMEWORK.replace("  - id: beta\n    name: Beta\n    summary: Second dimension.\n"
                                  "    items:\n", "  - id: beta\n    name: Beta\n"
                                  "    summary: Second dimension.\n    items: []\n")
    text = text[: text.index("      - id: b1")] + text[text.index("disciplines:"):]
    text = text.replace("helps: [alpha, beta]", "helps: [alpha]")
    [(line, message)] = lines_and_messages(text)
    assert "beta has no items" in message


def test_discipline_must_help_a_real_dimension():
    text = TINY_FRAMEWORK.replace("helps: [alpha]", "helps: [gamma]")
    assert any("'gamma', which is not a dimension id" in m for _, m in lines_and_messages(text))


def test_yaml_is_data_not_code():
    text = TINY_FRAMEWORK.replace('title: Tiny test framework',
                                  'title: !!python/object/apply:os.system ["echo pwned"]')
    [(line, message)] = lines_and_messages(text)
    assert line == 4 and "YAML syntax error" in message


@pytest.mark.parametrize("content, expected", [
    (b"", "the file is empty"),
    (b"\x00\x01\x02PK", "binary file"),
    (b"title: caf\xe9\n", "not UTF-8"),
    (b"just some words", "should be a mapping"),
])
def test_files_that_are_not_frameworks(tmp_path, content, expected):
    path = tmp_path / "broken.yaml"
    path.write_bytes(content)
    with pytest.raises(FrameworkError) as info:
        load_framework(path)
    assert expected in str(info.value)
    assert str(info.value).startswith(f"{path}:")


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + TINY_FRAMEWORK.encode())
    assert load_framework(path).id == "tiny"


def test_five_stage_model_places_programs_against_the_cohort():
    framework = load_framework(bundled_frameworks_dir() / "customer-learning-five-stage.yaml")
    assert framework.version == "2.0"
    assert [s.share for s in framework.stages] == [0.30, 0.55, 0.10, 0.03, 0.02]
    assert [s.name for s in framework.stages] == [
        "Train your customers", "Build foundation for scale", "Personalize learning",
        "Expand business impact", "Elevate the brand"]
    assert all(len(s.imperatives) == 3 and s.benefit and s.challenge for s in framework.stages)
    assert framework.cohort is not None and framework.cohort.year == 2021
    assert all(len(d.items) >= 5 for d in framework.dimensions)


def test_three_job_model_starts_at_stage_zero_with_jobs_owning_the_stages():
    framework = load_framework(bundled_frameworks_dir() / "three-jobs-six-stage.yaml")
    assert framework.version == "2.0" and framework.levels == (0, 1, 2, 3, 4, 5)
    assert [(j.id, j.stages) for j in framework.jobs] == [
        ("create", (0, 1)), ("deliver", (2, 3, 4)), ("scale", (5,))]
    assert [s.phase for s in framework.stages] == ["create"] * 2 + ["deliver"] * 3 + ["scale"]
    assert all(len(d.items) >= 5 for d in framework.dimensions)
    assert framework.jobs[-1].sustain  # the top stage still has one thing to keep doing


@pytest.mark.parametrize("name", ["customer-learning-five-stage", "three-jobs-six-stage"])
def test_the_previous_version_stays_loadable_beside_the_new_one(name):
    """Assessments made with 1.0 name that version; it must still open and score."""
    from maturity_workbook.paths import load_catalog

    catalog = load_catalog()
    old, new = catalog.get(name, "1.0"), catalog.newest(name)
    assert old.version == "1.0" and new.version == "2.0"
    old_items = {i.id: i for i in old.items}
    new_items = {i.id: i for i in new.items}
    assert set(old_items) <= set(new_items)  # 2.0 adds items and keeps every 1.0 item
    for item_id, item in old_items.items():
        assert new_items[item_id].levels == item.levels, item_id


def test_bundled_level_texts_are_distinct_and_unique_across_items():
    """Each stage of an item must read differently, and no two items share a description:
    a copy-paste slip would make two levels or two questions indistinguishable in the room."""
    for path in bundled_frameworks_dir().glob("*.yaml"):
        framework = load_framework(path)
        seen: dict[str, str] = {}
        for item in framework.items:
            texts = list(item.levels.values()) + list(item.advice.values())
            assert len(set(texts)) == len(texts), (path.name, item.id)
            for text in item.levels.values():
                assert seen.setdefault(text, item.id) == item.id, (path.name, item.id, text)
