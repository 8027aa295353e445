"""Fuzzing what users feed the app: damaged workbook files and import sources. Never a crash
(only WorkbookError subclasses, never an 'unexpected problem'), never a write to the input."""

import functools
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from maturity_workbook.store import ImportSourceError, WorkbookError, WorkbookStore
from maturity_workbook.store.export import export_json
from tests.store.helpers import content, populated

FUZZ = settings(max_examples=int(os.environ.get("MW_FUZZ_EXAMPLES", "120")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow,
                                       HealthCheck.function_scoped_fixture])


@functools.lru_cache(maxsize=None)
def valid_files() -> tuple[bytes, bytes]:
    """A small workbook file and its interchange export."""
    folder = Path(tempfile.mkdtemp(prefix="mwb-fuzz-"))
    store = WorkbookStore.create(folder / "seed.mwb", "Fuzz seed")
    a, pids = populated(store)
    store.finalize(a.id)
    store.close()
    with WorkbookStore.open(store.path, read_only=True) as s:
        exported = export_json(s.document(), folder / "seed.json")
    return store.path.read_bytes(), exported.read_bytes()


def json_values():
    scalars = (st.none() | st.booleans() | st.integers(-2**70, 2**70)
               | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12))
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                        max_leaves=8)


@st.composite
def damaged_bytes(draw, which: int):
    data = bytearray(valid_files()[which])
    kind = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "bom", "utf16",
                                 "non-utf8", "empty", "random", "zeros"]))
    n = len(data)
    if kind == "truncate":
        return bytes(data[: draw(st.integers(0, n - 1))])
    if kind == "flip":
        for _ in range(draw(st.integers(1, 4))):
            i = draw(st.integers(0, n - 1))
            data[i] ^= 1 << draw(st.integers(0, 7))
        return bytes(data)
    if kind == "insert":
        i = draw(st.integers(0, n))
        return bytes(data[:i]) + draw(st.binary(min_size=1, max_size=8)) + bytes(data[i:])
    if kind == "delete":
        i = draw(st.integers(0, n - 1))
        return bytes(data[:i] + data[i + draw(st.integers(1, 40)):])
    if kind == "bom":
        return b"\xef\xbb\xbf" + bytes(data)
    if kind == "utf16":
        return bytes(data).decode("utf-8").encode("utf-16")
    if kind == "non-utf8":
        i = draw(st.integers(0, n - 1))
        return bytes(data[:i]) + b"\xff\xfe\xc3" + bytes(data[i:])
    if kind == "empty":
        return b""
    if kind == "zeros":
        return b"\x00" * draw(st.integers(1, 64))
    return draw(st.binary(max_size=200))


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, prefix + (index,))


@st.composite
def wrong_types(draw, which: int):
    """Valid JSON where some value somewhere has been replaced or removed."""
    obj = json.loads(valid_files()[which])
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(obj))
        path = paths[draw(st.integers(0, len(paths) - 1))]
        if not path:
            obj = draw(json_values())
            continue
        parent = obj
        for part in path[:-1]:
            parent = parent[part]
        if isinstance(parent, dict) and draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(json_values())
    return json.dumps(obj).encode("utf-8")


def _write(folder: Path, name: str, data: bytes) -> tuple[Path, tuple]:
    path = folder / name
    path.write_bytes(data)
    stat = path.stat()
    return path, (data, stat.st_mtime_ns, stat.st_size)


def _unchanged(path: Path, before: tuple) -> bool:
    stat = path.stat()
    return (path.read_bytes(), stat.st_mtime_ns, stat.st_size) == before


def _check_open(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path, before = _write(Path(folder), "fuzzed.mwb", data)
        for read_only in (True, False):
            try:
                store = WorkbookStore.open(path, read_only=read_only)
            except WorkbookError as exc:
                assert "unexpected problem" not in str(exc), str(exc)
                assert "\n" not in str(exc)
            else:
                _ = [a.agreed_ratings() for a in store.workbook.assessments.values()]
                store.close()
            assert _unchanged(path, before)


@FUZZ
@given(data=damaged_bytes(0))
def test_open_damaged_bytes(data):
    _check_open(data)


@FUZZ
@given(data=wrong_types(0))
def test_open_wrong_types(data):
    _check_open(data)


@pytest.fixture(scope="module")
def target(tmp_path_factory):
    """One workbook to import into for a whole test (a fresh one per example costs fsyncs)."""
    store = WorkbookStore.create(tmp_path_factory.mktemp("fuzz") / "target.mwb", "Target")
    store.add_participant("Existing")
    store.flush()
    yield store
    store.close()


def _check_import(target, data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source, before = _write(Path(folder), name, data)
        target_before = target.path.read_bytes()
        content_before = content(target.workbook)
        try:
            target.import_sources([source])
        except WorkbookError as exc:
            assert isinstance(exc, ImportSourceError), repr(exc)
            assert "unexpected problem" not in str(exc), str(exc)
            assert target.path.read_bytes() == target_before
            assert content(target.workbook) == content_before
        else:
            assert target.flush()
        assert _unchanged(source, before)


@FUZZ
@given(data=damaged_bytes(1))
def test_import_damaged_interchange(target, data):
    _check_import(target, data, "source.json")


@FUZZ
@given(data=wrong_types(1))
def test_import_interchange_with_wrong_types(target, data):
    _check_import(target, data, "source.json")


@FUZZ
@given(data=st.one_of(damaged_bytes(0), wrong_types(0)))
def test_import_damaged_workbook(target, data):
    _check_import(target, data, "source.mwb")
