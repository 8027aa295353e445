"""Mapping files: structure, located errors, and the fit against both framework versions."""

import pytest

from maturity_workbook.core.framework import load_framework
from maturity_workbook.core.mapping import (
    MappingError, check_mapping, is_mapping_text, iter_mapping_files, load_mapping, parse_mapping,
)
from maturity_workbook.paths import bundled_frameworks_dir

HEAD = 'format: 1\nframework: tiny\nfrom: "1.0"\nto: "2.0"\nitems:\n'


def problems(text):
    with pytest.raises(MappingError) as info:
        parse_mapping(text, "m.yaml")
    return [(p.line, p.message) for p in info.value.problems]


def test_every_kind_of_change_parses():
    mapping = parse_mapping(HEAD + """\
  - {change: kept, from: a1}
  - {change: renamed, from: a2, to: a2-new}
  - {change: split, from: a3, to: [a3-x, a3-y]}
  - {change: merged, from: [b1, b2], to: b-both, carry: true}
  - {change: new, to: c1, note: "A new practice."}
  - {change: removed, from: a4}
""", "m.yaml")
    kinds = {e.change: e for e in mapping.entries}
    assert kinds["kept"].targets == ("a1",) and kinds["kept"].carry
    assert kinds["renamed"].carry and not kinds["split"].carry
    assert kinds["merged"].carry and kinds["merged"].sources == ("b1", "b2")
    assert kinds["new"].sources == () and kinds["new"].note == "A new practice."
    assert kinds["removed"].targets == ()
    assert mapping.counts() == {"kept": 1, "renamed": 1, "split": 1, "merged": 1, "new": 1,
                                "removed": 1}
    assert kinds["split"].line == 8


@pytest.mark.parametrize("entry, line, fragment", [
    ("  - {change: moved, from: a1}\n", 6, "not one of kept, renamed"),
    ("  - {change: kept, from: a1, to: a2}\n", 6, "use `change: renamed`"),
    ("  - {change: renamed, from: a1, to: a1}\n", 6, "use `change: kept`"),
    ("  - {change: split, from: a1, to: b1}\n", 6, "list of two or more"),
    ("  - {change: merged, from: a1, to: b1}\n", 6, "list of two or more"),
    ("  - {change: new, from: a1, to: b1}\n", 6, "a new item has no 'from'"),
    ("  - {change: removed, from: a1, to: b1}\n", 6, "a removed item has no 'to'"),
    ("  - {change: kept}\n", 6, "needs `from:` with one item id"),
    ("  - {change: kept, from: A B}\n", 6, "lower-case letters"),
    ("  - {change: kept, from: a1, carry: maybe}\n", 6, "true or false"),
    ("  - {change: kept, from: a1, colour: red}\n", 6, "unknown key 'colour'"),
    ("  - just text\n", 6, "should be an entry"),
])
def test_entry_problems_are_located(entry, line, fragment):
    found = problems(HEAD + entry)
    assert any(ln == line and fragment in msg for ln, msg in found), found


def test_duplicates_name_both_lines():
    found = problems(HEAD + "  - {change: kept, from: a1}\n  - {change: removed, from: a1}\n")
    assert (7, "'a1' is mapped twice (also on line 6); each old item has one entry") in found
    found = problems(HEAD + "  - {change: new, to: c1}\n  - {change: new, to: c1}\n")
    assert any(ln == 7 and "produced twice" in msg for ln, msg in found)


def test_top_level_problems():
    found = problems("format: 2\nframework: tiny\nfrom: 1.0\nto: 1.0\nitems: nope\n")
    messages = " ".join(m for _, m in found)
    assert "format 2" in messages and 'quotes: "2.0"' in messages and "list of entries" in messages
    assert problems("- a\n- b\n")[0][1].startswith("a mapping file is a YAML mapping")
    assert "YAML syntax error" in problems(HEAD + "  - {change: kept, from: [a1\n")[0][1]
    found = problems('format: 1\nframework: tiny\nfrom: "1.0"\nto: "1.0"\nitems: []\n')
    assert any("both '1.0'" in m for _, m in found)


def test_file_reading_refuses_binary_and_non_utf8(tmp_path):
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"format: 1\x00\x01")
    with pytest.raises(MappingError, match="binary"):
        load_mapping(binary)
    latin = tmp_path / "l.yaml"
    latin.write_bytes(HEAD.encode() + "  - {change: new, to: c1, note: caf\xe9}\n".encode("latin-1"))
    with pytest.raises(MappingError) as info:
        load_mapping(latin)
    assert info.value.problems[0].line == 6


def test_is_mapping_text_tells_mappings_from_frameworks():
    assert is_mapping_text(HEAD)
    assert not is_mapping_text("format: 1\nid: x\nstages: []\n")
    assert not is_mapping_text("[unclosed")


def test_check_against_frameworks_names_missing_and_unknown_items(tiny_framework):
    mapping = parse_mapping(HEAD.replace('"2.0"', '"1.0-next"') + """\
  - {change: kept, from: a1}
  - {change: renamed, from: a2, to: a2-typo}
""", "m.yaml")
    from dataclasses import replace
    new = replace(tiny_framework, version="1.0-next")
    messages = [str(p) for p in check_mapping(mapping, tiny_framework, new)]
    assert "m.yaml:7: 'a2-typo' is not an item of tiny 1.0-next; check the spelling" in messages
    assert any("1.0 item 'b1' has no entry" in m for m in messages)
    assert any("1.0-next item 'a2' has no entry" in m for m in messages)
    wrong = check_mapping(mapping, tiny_framework, tiny_framework)
    assert "checked against tiny 1.0" in wrong[0].message


def test_bundled_mapping_fits_both_versions():
    folder = bundled_frameworks_dir()
    [path] = list(iter_mapping_files([folder]))
    mapping = load_mapping(path)
    old = load_framework(folder / "customer-education-1.0.yaml")
    new = load_framework(folder / "customer-education.yaml")
    assert check_mapping(mapping, old, new) == []
    counts = mapping.counts()
    assert counts["split"] == 3 and counts["new"] == 5 and counts["renamed"] == 2
    assert mapping.for_source("delivery-partners-community").targets == (
        "delivery-partners", "delivery-community")


def test_a_hostile_mapping_file_is_refused_before_it_expands():
    bomb = HEAD + "".join(f"  - &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
    bomb = bomb.replace("&a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]", "&a1 [x, x, x]")
    assert not is_mapping_text("a: &x [1, *x]\n")
    with pytest.raises(MappingError) as info:
        parse_mapping(bomb, "m.yaml")
    assert "aliases" in info.value.problems[0].message and info.value.problems[0].line >= 6
