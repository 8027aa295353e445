"""The catalog: exact version lookups, explicit newest, safe version ordering, mappings."""

import pytest

from maturity_workbook.core.catalog import FrameworkCatalog, version_key
from maturity_workbook.core.framework import parse_framework
from maturity_workbook.core.mapping import MappingError, parse_mapping
from maturity_workbook.paths import bundled_frameworks_dir
from tests.conftest import TINY_FRAMEWORK


def tiny(version: str, extra_item: str = ""):
    text = TINY_FRAMEWORK.replace('version: "1.0"', f'version: "{version}"')
    if extra_item:
        text = text.replace("""  - id: beta
    name: Beta""", f"""      - id: {extra_item}
        prompt: New?
        help: New.
        levels: {{1: n1, 2: n2, 3: n3, 4: n4}}
        advice: {{1: u1, 2: u2, 3: u3}}
  - id: beta
    name: Beta""")
    return parse_framework(text, f"tiny-{version}.yaml")


TINY_MAPPING = """\
format: 1
framework: tiny
from: "1.0"
to: "2.0"
items:
  - {change: kept, from: a1}
  - {change: kept, from: a2}
  - {change: kept, from: a3}
  - {change: kept, from: a4}
  - {change: kept, from: b1}
  - {change: kept, from: b2}
  - {change: new, to: a5}
"""


@pytest.fixture
def catalog():
    cat = FrameworkCatalog()
    for version in ("1.0", "2.0", "1.0-beta", "10.0"):
        cat.add(tiny(version, "a5" if version == "2.0" else ""), "bundled")
    return cat


def test_get_is_exact_and_never_falls_back(catalog):
    assert catalog.get("tiny", "2.0").version == "2.0"
    assert catalog.get("tiny", "3.0") is None  # not the newest in its place
    assert catalog.get("other", "1.0") is None
    with pytest.raises(TypeError):
        catalog.get("tiny")  # a version must always be named


def test_newest_is_explicit_and_orders_numerically(catalog):
    assert catalog.newest("tiny").version == "10.0"
    assert catalog.versions("tiny") == ["1.0-beta", "1.0", "2.0", "10.0"]
    assert catalog.newest("missing") is None


@pytest.mark.parametrize("lower, higher", [
    ("1.0-beta", "1.0"), ("1.0", "1.1"), ("1.9", "1.10"), ("2.0", "10.0"),
    ("1.0-alpha", "1.0-beta"), ("1.0-rc1", "1.0"), ("1.0", "1.0.1"), ("1.x", "2.0"),
])
def test_version_ordering_never_crashes(lower, higher):
    assert version_key(lower) < version_key(higher)


def test_version_key_sorts_odd_strings_without_error():
    odd = ["1.0-beta", "beta", "1.0", "1.a", "1.2", "2024.05", "v2", "1.0+local", ""]
    assert len(sorted(odd, key=version_key)) == len(odd)


def test_iteration_sorted_by_id_then_version(catalog):
    assert [f.version for f in catalog] == ["1.0-beta", "1.0", "2.0", "10.0"]


def test_mapping_is_kept_when_it_fits(catalog):
    catalog.add_mapping(parse_mapping(TINY_MAPPING, "m.yaml"))
    mapping = catalog.mapping("tiny", "1.0", "2.0")
    assert mapping.for_target("a5").change == "new"
    assert catalog.mapping("tiny", "2.0", "1.0") is None  # only the direction shipped


def test_mapping_that_misses_an_item_is_refused_with_its_place(catalog):
    text = TINY_MAPPING.replace("  - {change: kept, from: b2}\n", "")
    with pytest.raises(MappingError) as info:
        catalog.add_mapping(parse_mapping(text, "m.yaml"))
    assert any("'b2' has no entry" in p.message for p in info.value.problems)


def test_bundled_mapping_to_uninstalled_version_is_an_error(catalog):
    text = TINY_MAPPING.replace('to: "2.0"', 'to: "3.0"')
    with pytest.raises(MappingError, match="3.0 is not installed"):
        catalog.add_mapping(parse_mapping(text, "m.yaml"), strict=True)
    catalog.add_mapping(parse_mapping(text, "m.yaml"), strict=False)  # a user's: skipped
    assert catalog.mapping("tiny", "1.0", "3.0") is None


def test_user_mappings_load_from_the_mappings_folder_and_broken_ones_are_reported(tmp_path):
    bundled = tmp_path / "bundled"
    user = tmp_path / "user"
    (bundled / "mappings").mkdir(parents=True)
    (user / "mappings").mkdir(parents=True)
    (bundled / "tiny-1.yaml").write_text(TINY_FRAMEWORK, encoding="utf-8")
    two = TINY_FRAMEWORK.replace('version: "1.0"', 'version: "2.0"')
    (user / "tiny-2.yaml").write_text(two, encoding="utf-8")
    (user / "mappings" / "ok.yaml").write_text(
        TINY_MAPPING.replace("  - {change: new, to: a5}\n", ""), encoding="utf-8")
    (user / "mappings" / "broken.yml").write_text("format: 1\nframework: tiny\nfrom: 1.0\n",
                                                   encoding="utf-8")
    catalog = FrameworkCatalog.load(bundled, [user])
    assert catalog.mapping("tiny", "1.0", "2.0") is not None
    assert len(catalog.broken) == 1
    messages = [str(p) for p in catalog.broken[0].problems]
    assert any("broken.yml:3:" in m and 'quotes' in m for m in messages)
    assert any("missing 'to'" in m for m in messages)


def test_bundled_catalog_has_both_primary_versions_and_their_mapping():
    catalog = FrameworkCatalog.load(bundled_frameworks_dir())
    assert catalog.versions("customer-education") == ["1.0", "2.0"]
    assert catalog.newest("customer-education").version == "2.0"
    assert catalog.mapping("customer-education", "1.0", "2.0") is not None
    old = catalog.get("customer-education", "1.0")
    assert len(old.items) == 29  # 1.0 is unchanged, so 1.0 assessments score as before
