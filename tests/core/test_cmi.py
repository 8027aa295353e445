"""CMI model files: the bundled default loads, broken ones get every problem with its line."""

import pytest

from maturity_workbook.core.cmi import (
    HIGH, HIGH_TOUCH, LOW, TECH_TOUCH, CmiModelError, load_cmi_model, parse_cmi_model,
)
from maturity_workbook.paths import bundled_cmi_model_path

GOOD = """\
format: 1
id: tiny-cmi
version: "1.0"
title: Tiny CMI
attribution:
  source: Test
qualifiers:
  - id: usage
    name: Usage
    weight: 3
    levels: {1: one, 2: two, 3: three, 4: four, 5: five}
  - id: size
    name: Size
    weight: 1
    levels: {1: one, 2: two, 3: three, 4: four, 5: five}
thresholds: {cmi: 60, health: 40}
quadrants:
  - id: grow
    name: Grow
    cmi: high
    health: high
    playbook: {name: Grow, touch: high-touch, summary: Do more., actions: [Call them]}
    tags: [q-grow, people]
  - id: rescue
    name: Rescue
    cmi: high
    health: low
    playbook: {name: Rescue, touch: high-touch, summary: Fix it., actions: [Visit]}
    tags: [q-rescue, people]
  - id: teach
    name: Teach
    cmi: low
    health: high
    playbook: {name: Teach, touch: tech-touch, summary: Teach., actions: [Email]}
    tags: [q-teach]
  - id: wait
    name: Wait
    cmi: low
    health: low
    playbook: {name: Wait, touch: tech-touch, summary: Wait., actions: [Nothing]}
tracks:
  - {id: basic, name: Basic, from: 0, content: [Intro], tags: [t-basic]}
  - {id: pro, name: Pro, from: 55.5, content: [Advanced, Expert], tags: [t-pro]}
"""


def problems_of(text):
    with pytest.raises(CmiModelError) as info:
        parse_cmi_model(text, "m.yaml")
    return info.value.problems


def test_default_model_is_valid_and_covers_the_seed_qualifiers():
    model = load_cmi_model(bundled_cmi_model_path())
    assert {q.name for q in model.qualifiers} == {
        "Readiness for change", "Product usage", "Ambition", "Team skills", "Size"}
    for qualifier in model.qualifiers:
        assert sorted(qualifier.levels) == [1, 2, 3, 4, 5]
        assert qualifier.weight > 0
    # size counts least: value should not follow size alone (the seed)
    assert model.qualifier("size").weight == min(q.weight for q in model.qualifiers)
    assert (model.thresholds.cmi, model.thresholds.health) == (50, 50)
    corners = {(q.cmi, q.health): q for q in model.quadrants}
    assert set(corners) == {(c, h) for c in (HIGH, LOW) for h in (HIGH, LOW)}
    # higher CMI -> high-touch, really low -> tech-touch (the seed)
    assert corners[(HIGH, HIGH)].playbook.touch == HIGH_TOUCH
    assert corners[(LOW, LOW)].playbook.touch == TECH_TOUCH
    assert [t.start for t in model.tracks] == sorted(t.start for t in model.tracks)
    assert all(len(t.content) >= 3 and t.tags for t in model.tracks)
    assert all(q.tags and q.playbook.actions for q in model.quadrants)
    assert model.attribution.source and model.attribution.year == 2017


def test_small_model_parses_with_its_thresholds_and_bands():
    model = parse_cmi_model(GOOD, "m.yaml")
    assert model.qualifier_ids == ("usage", "size")
    assert (model.thresholds.cmi, model.thresholds.health) == (60, 40)
    assert model.quadrant_at(LOW, LOW).id == "wait"
    assert model.quadrant("wait").tags == ()
    assert model.track_for(55.4).id == "basic" and model.track_for(55.5).id == "pro"
    assert model.track_end(model.track("basic")) == 55.5
    assert model.track_end(model.track("pro")) == 100
    assert model.all_tags == ("q-grow", "people", "q-rescue", "q-teach", "t-basic", "t-pro")


def test_thresholds_default_to_fifty_fifty():
    text = GOOD.replace("thresholds: {cmi: 60, health: 40}\n", "")
    model = parse_cmi_model(text)
    assert (model.thresholds.cmi, model.thresholds.health) == (50, 50)


def test_every_problem_is_reported_with_its_line():
    text = (GOOD.replace("weight: 3", "weight: -2")
            .replace("3: three, 4: four, 5: five}\n  - id: size", "3: three, 4: four}\n  - id: size")
            .replace("touch: tech-touch, summary: Wait.", "touch: low-touch, summary: Wait.")
            .replace("from: 55.5", "from: 0"))
    lines = {(p.line, p.message.split(" ")[0]) for p in problems_of(text)}
    messages = " | ".join(p.message for p in problems_of(text))
    assert (10, "qualifiers[0].weight") in lines
    assert "no entry for score 5" in messages
    assert "low-touch" in messages and "high-touch or tech-touch" in messages
    assert "not above the one before" in messages
    assert all(str(p).startswith(f"m.yaml:{p.line}: ") for p in problems_of(text))
    assert [p.line for p in problems_of(text)] == sorted(p.line for p in problems_of(text))


@pytest.mark.parametrize("change, expected", [
    (("cmi: low\n    health: low", "cmi: low\n    health: high"), "already the quadrant"),
    (("cmi: low\n    health: low", "cmi: low\n    health: lowish"), "`high` or `low`"),
    (("tags: [q-teach]", "tags: [Q Teach]"), "lower-case letters"),
    (("from: 0,", "from: 5,"), "start it at `from: 0`"),
    (("id: size", "id: usage"), "already used"),
    (("id: size", "id: email"), "a column of the customer CSV"),
    (("format: 1", "format: 2"), "newer app"),
    (("version: \"1.0\"", "version: 1.0"), "put it in quotes"),
    (("title: Tiny CMI", "title: Tiny CMI\ncolour: red"), "unknown key 'colour'"),
    (("thresholds: {cmi: 60, health: 40}", "thresholds: {cmi: 160, health: 40}"),
     "from 0 to 100"),
    (("content: [Intro]", "content: []"), "is empty"),
    (("tags: [q-grow, people]", "tags: [q-grow, q-grow]"), "listed twice"),
    (("thresholds:", "index: {method: median}\nthresholds:"), "index.method is 'median'"),
])
def test_specific_problems(change, expected):
    old, new = change
    assert old in GOOD
    messages = [p.message for p in problems_of(GOOD.replace(old, new, 1))]
    assert any(expected in m for m in messages), messages


def test_missing_quadrant_is_named():
    start = GOOD.index("  - id: wait")
    end = GOOD.index("tracks:")
    messages = [p.message for p in problems_of(GOOD[:start] + GOOD[end:])]
    assert any("none is given for CMI low, health low" in m for m in messages)


def test_yaml_syntax_error_is_located():
    [problem] = problems_of(GOOD.replace("title: Tiny CMI", "title: [unclosed"))
    assert "YAML syntax error" in problem.message and 4 <= problem.line <= 7


def test_empty_and_non_mapping_files():
    [empty] = problems_of("")
    assert "empty" in empty.message
    [listed] = problems_of("- a\n- b\n")
    assert "should be a mapping" in listed.message


def test_duplicate_key_is_located():
    problems = problems_of(GOOD.replace('title: Tiny CMI', 'title: Tiny CMI\ntitle: Again'))
    assert any(p.line == 5 and "appears twice" in p.message for p in problems)


def test_yaml_is_loaded_safely(tmp_path):
    text = GOOD.replace("title: Tiny CMI", "title: !!python/object/apply:os.system [echo hi]")
    problems = problems_of(text)
    assert problems and problems[0].line == 4


def test_files_that_are_not_text(tmp_path):
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(CmiModelError, match="binary"):
        load_cmi_model(binary)
    latin = tmp_path / "l.yaml"
    latin.write_bytes(GOOD.replace("Tiny CMI", "Tiny CMI \xe9t\xe9").encode("latin-1"))
    with pytest.raises(CmiModelError, match=r"l.yaml:4: the file is not UTF-8"):
        load_cmi_model(latin)
    with pytest.raises(CmiModelError, match="cannot read"):
        load_cmi_model(tmp_path / "missing.yaml")


def test_bom_and_unicode_text_load(tmp_path):
    path = tmp_path / "own.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("name: Usage", "name: 사용량 📈")
                     .encode("utf-8"))
    assert load_cmi_model(path).qualifier("usage").name == "사용량 📈"
