"""Framework YAML is bounded before objects are built: the 342-byte alias bomb, self-referring
aliases, deep nesting and bad dates are refused with a line, a bomb among the user's frameworks
is skipped with one warning, and aliases within the limits still work."""

import os
import subprocess
import sys
import textwrap
import tracemalloc

import pytest
import yaml

from maturity_workbook.core import safe_yaml
from maturity_workbook.core.catalog import FrameworkCatalog
from maturity_workbook.core.framework import FrameworkError, load_framework, parse_framework
from maturity_workbook.paths import bundled_frameworks_dir
from tests.conftest import ROOT, TINY_FRAMEWORK


def alias_bomb() -> str:
    """The classic nine-by-nine "billion laughs": 9**9 strings from 342 bytes."""
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for name, previous in zip("bcdefghi", "abcdefgh"):
        text += f"{name}: &{name} [{','.join([f'*{previous}'] * 9)}]\n"
    return text


def test_the_bomb_is_the_one_from_the_report():
    assert len(alias_bomb().encode()) == 342


def test_bomb_is_refused_before_it_expands():
    tracemalloc.start()
    try:
        with pytest.raises(safe_yaml.YAMLLimitError) as caught:
            safe_yaml.compose(alias_bomb())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "aliases" in caught.value.reason and "200,000" in caught.value.reason
    assert 1 <= caught.value.line <= 9
    assert peak < 5 * 1024 * 1024  # nothing was expanded


def test_bomb_as_a_framework_is_one_located_problem():
    with pytest.raises(FrameworkError) as caught:
        parse_framework(alias_bomb(), "bomb.yaml")
    [problem] = caught.value.problems
    assert problem.path == "bomb.yaml" and problem.line > 1 and "aliases" in problem.message


def _run_limited(args, env, memory=1024 * 1024 * 1024):
    """The CLI in a child process with its address space capped, so a regression fails with
    MemoryError instead of taking the machine's memory (the report saw over 8 GB)."""
    code = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
        sys.path.insert(0, {str(ROOT / 'desktop')!r})
        from maturity_workbook.cli import main
        sys.exit(main({args!r}))
    """)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=300)


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is POSIX")
def test_validate_framework_on_the_bomb_answers_at_once(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(alias_bomb(), encoding="utf-8")
    env = dict(os.environ, MATURITY_WORKBOOK_DATA_DIR=str(tmp_path / "data"))
    result = _run_limited(["validate-framework", str(bomb)], env)
    assert result.returncode == 2, result.stderr
    [line] = result.stdout.splitlines()
    assert line.startswith(f"{bomb}:") and "aliases" in line
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is POSIX")
def test_bomb_in_the_user_folder_is_skipped_and_other_commands_work(tmp_path):
    data = tmp_path / "data"
    (data / "frameworks").mkdir(parents=True)
    (data / "frameworks" / "bomb.yaml").write_text(alias_bomb(), encoding="utf-8")
    (data / "frameworks" / "tiny.yaml").write_text(TINY_FRAMEWORK, encoding="utf-8")
    env = dict(os.environ, MATURITY_WORKBOOK_DATA_DIR=str(data))
    result = _run_limited(["frameworks"], env)
    assert result.returncode == 0, result.stderr
    assert "customer-education\t" in result.stdout and "tiny\t1.0" in result.stdout
    [warning] = result.stderr.splitlines()
    assert "bomb.yaml" in warning and "aliases" in warning


def test_catalog_skips_every_kind_of_broken_user_file(tmp_path):
    folder = tmp_path / "frameworks"
    folder.mkdir()
    # the bomb is tried in a memory-capped child process above: a regression here would take
    # the test run's memory
    (folder / "b-loop.yaml").write_text("a: &x [1, *x]\n", encoding="utf-8")
    (folder / "c-date.yaml").write_text(TINY_FRAMEWORK + "when: 2026-02-30\n", encoding="utf-8")
    (folder / "d-deep.yaml").write_text("a: " + "[" * 500 + "]" * 500 + "\n", encoding="utf-8")
    (folder / "tiny.yaml").write_text(TINY_FRAMEWORK, encoding="utf-8")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "e-pipe.yaml")  # skipped: not a regular file
    catalog = FrameworkCatalog.load(bundled_frameworks_dir(), [folder])
    assert catalog.get("tiny", "1.0") is not None and catalog.newest("customer-education") is not None
    broken = sorted(exc.problems[0].path.rsplit("/", 1)[-1] for exc in catalog.broken)
    assert broken == ["b-loop.yaml", "c-date.yaml", "d-deep.yaml"]


def test_self_referring_alias_is_refused():
    with pytest.raises(safe_yaml.YAMLLimitError) as caught:
        safe_yaml.compose("top:\n  a: &x\n    - 1\n    - *x\n")
    assert "contains that alias" in caught.value.reason and caught.value.line >= 2


@pytest.mark.parametrize("text", ["[" * 70 + "]" * 70, "- " * 70 + "x\n",
                                  "".join(f"{'  ' * n}k{n}:\n" for n in range(70)) + "  " * 70
                                  + "v\n"])
def test_deep_nesting_is_refused(text):
    with pytest.raises(safe_yaml.YAMLLimitError) as caught:
        safe_yaml.compose(text)
    assert "64 levels" in caught.value.reason


def test_depth_through_an_alias_counts():
    deep = "[" * 40 + "1" + "]" * 40
    text = f"a: &d {deep}\nb: " + "[" * 30 + "*d" + "]" * 30 + "\n"
    with pytest.raises(safe_yaml.YAMLLimitError):
        safe_yaml.compose(text)
    assert safe_yaml.safe_load(f"a: &d {deep}\nb: [[*d]]\n")["b"][0][0] is not None


def test_text_size_limit():
    with pytest.raises(safe_yaml.YAMLLimitError) as caught:
        safe_yaml.compose("a: 1\n" * 10, max_chars=20)
    assert "characters" in caught.value.reason


def test_bad_date_is_a_located_yaml_error_not_a_crash():
    with pytest.raises(yaml.YAMLError) as caught:
        safe_yaml.safe_load("ok: 1\nwhen: 2026-02-30\n")
    assert caught.value.problem_mark.line == 1
    with pytest.raises(FrameworkError) as caught:
        parse_framework(TINY_FRAMEWORK + "when: 2026-02-30\n", "f.yaml")
    [problem] = caught.value.problems
    assert problem.line == TINY_FRAMEWORK.count("\n") + 1


def test_aliases_within_the_limits_still_work():
    """A framework may reuse text with anchors: the same level descriptions for two items."""
    text = TINY_FRAMEWORK.replace(
        "        levels: {1: b1 at one, 2: b1 at two, 3: b1 at three, 4: b1 at four}",
        "        levels: &shared {1: b at one, 2: b at two, 3: b at three, 4: b at four}",
    ).replace(
        "        levels: {1: b2 at one, 2: b2 at two, 3: b2 at three, 4: b2 at four}",
        "        levels: *shared",
    )
    assert "*shared" in text
    framework = parse_framework(text, "aliases.yaml")
    assert framework.item("b2").levels[3] == "b at three" == framework.item("b1").levels[3]


def test_expanded_count_is_exact_for_a_tree_and_for_aliases():
    loader, node = safe_yaml.compose("a: [1, 2]\nb: {c: 3}\n")
    try:
        # the root, key a, the list and its 2 items, key b, the mapping, key c and 3: keys count
        assert safe_yaml.check_graph(node) == 9
    finally:
        loader.dispose()
    loader, node = safe_yaml.compose("a: &x [1, 2, 3]\nb: *x\nc: *x\n")
    try:
        assert safe_yaml.check_graph(node) == 1 + 3 + 3 * (1 + 3)  # the list counted each time
        with pytest.raises(safe_yaml.YAMLLimitError):
            safe_yaml.check_graph(node, max_values=15)
    finally:
        loader.dispose()


@pytest.mark.parametrize("path", sorted(bundled_frameworks_dir().glob("*.yaml")),
                         ids=lambda p: p.name)
def test_bundled_frameworks_are_well_inside_the_limits(path):
    loader, node = safe_yaml.compose(path.read_text(encoding="utf-8"))
    try:
        assert safe_yaml.check_graph(node) < safe_yaml.MAX_VALUES // 20
    finally:
        loader.dispose()
    assert load_framework(path).items


def test_libyaml_is_kept_when_pyyaml_has_it():
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML built without libyaml")
    assert issubclass(safe_yaml.BoundedSafeLoader, yaml.CSafeLoader)


def test_safe_load_still_runs_no_code():
    with pytest.raises(yaml.YAMLError):
        safe_yaml.safe_load("!!python/object/apply:os.system ['echo hacked']\n")


def test_cmi_model_files_have_the_same_limits(tmp_path):
    """The CMI model loader keeps its own located YAML reader: the same bounds apply."""
    from maturity_workbook.core.cmi import CmiModelError, load_cmi_model, parse_cmi_model

    with pytest.raises(CmiModelError) as caught:
        parse_cmi_model(alias_bomb(), "bomb-cmi.yaml")
    [problem] = caught.value.problems
    assert "aliases" in problem.message and problem.line > 1
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.yaml"
        os.mkfifo(fifo)
        with pytest.raises(CmiModelError, match="named pipe"):
            load_cmi_model(fifo)
