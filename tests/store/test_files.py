"""What the store will read: regular files only (a FIFO never hangs a command), the size checked
before reading, UTF-16 named as such, and nothing it could not write back: numbers like 1e999,
NaN and repeated keys are refused on load with the line and place."""

import json
import math
import os
import shutil
import subprocess
import sys
import threading
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from maturity_workbook.store import (
    CorruptWorkbookError, ImportSourceError, NotAWorkbookError, WorkbookStore,
)
from maturity_workbook.store.export import export_json
from maturity_workbook.store.files import find_doubt, load_json, text_encoding
from tests.store.helpers import ROOT, SAMPLE, content, populated

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")


def finishes(work, seconds=30):
    """A hang guard (not a timing test): run `work` in a thread, return what it raised."""
    out = {}

    def run():
        try:
            out["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            out["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the store blocked"
    return out


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "sample.mwb"
    shutil.copyfile(SAMPLE, path)
    return path


# ----------------------------------------------------------------------------- special files


@posix_only
@pytest.mark.parametrize("read_only", [True, False])
def test_fifo_as_a_workbook_is_refused_at_once(tmp_path, read_only):
    fifo = tmp_path / "pipe.mwb"
    os.mkfifo(fifo)
    error = finishes(lambda: WorkbookStore.open(fifo, read_only=read_only))["error"]
    assert isinstance(error, NotAWorkbookError)
    assert "named pipe (FIFO)" in str(error) and "\n" not in str(error)


@posix_only
def test_fifo_as_an_import_source_is_refused_and_nothing_changes(sample, tmp_path):
    fifo = tmp_path / "laptop.mwb"
    os.mkfifo(fifo)
    before = sample.read_bytes()
    with WorkbookStore.open(sample) as store:
        error = finishes(lambda: store.import_sources([fifo]))["error"]
    assert isinstance(error, ImportSourceError) and "named pipe" in str(error)
    assert sample.read_bytes() == before


@posix_only
def test_device_and_folder_as_a_workbook(tmp_path):
    with pytest.raises(NotAWorkbookError, match="character device"):
        WorkbookStore.open("/dev/null", read_only=True)
    folder = tmp_path / "folder.mwb"
    folder.mkdir()
    with pytest.raises(NotAWorkbookError, match="is a folder"):
        WorkbookStore.open(folder, read_only=True)


def _cli(args, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "desktop"), QT_QPA_PLATFORM="offscreen",
               MATURITY_WORKBOOK_DATA_DIR=str(tmp_path / "cli-data"))
    # the timeout only stops a hang (the bug this guards against): it is not a measurement
    return subprocess.run([sys.executable, "-m", "maturity_workbook", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=180)


@posix_only
@pytest.mark.parametrize("command", ["summary", "import", "export-pdf"])
def test_commands_given_a_fifo_answer_in_one_line(command, sample, tmp_path):
    fifo = tmp_path / "pipe.mwb"
    os.mkfifo(fifo)
    args = {"summary": ["summary", fifo], "import": ["import", sample, fifo],
            "export-pdf": ["export-pdf", fifo, "-o", tmp_path / "out.pdf"]}[command]
    before = sample.read_bytes()
    result = _cli(args, tmp_path)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert "named pipe (FIFO)" in line and "Traceback" not in result.stderr
    assert sample.read_bytes() == before


# ------------------------------------------------------------------------------------ memory


def test_huge_file_is_refused_from_its_size_without_reading_it(tmp_path):
    big = tmp_path / "huge.mwb"
    with open(big, "wb") as f:
        f.write(b'{"workbook": {')
        f.truncate(300 * 1024 * 1024)  # sparse: 300 MB on paper
    tracemalloc.start()
    try:
        with pytest.raises(NotAWorkbookError) as caught:
            WorkbookStore.open(big, read_only=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "far too large" in str(caught.value) and "314,572,800 bytes" in str(caught.value)
    assert peak < 2 * 1024 * 1024


# --------------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding, name", [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"),
                                            ("utf-16-be", "UTF-16"), ("utf-32", "UTF-32")])
def test_utf16_and_utf32_files_are_named(sample, encoding, name):
    sample.write_bytes(SAMPLE.read_bytes().decode("utf-8").encode(encoding))
    before = sample.read_bytes()
    with pytest.raises(NotAWorkbookError) as caught:
        WorkbookStore.open(sample)
    assert f"is {name} text" in str(caught.value) and "UTF-8" in str(caught.value)
    assert "not text" not in str(caught.value)
    assert sample.read_bytes() == before


def test_utf16_import_source_is_named(sample, tmp_path):
    source = tmp_path / "notepad.json"
    with WorkbookStore.open(SAMPLE, read_only=True) as s:
        export_json(s.document(), source)
    source.write_bytes(source.read_bytes().decode("utf-8").encode("utf-16"))
    with WorkbookStore.open(sample) as store, pytest.raises(ImportSourceError) as caught:
        store.import_sources([source])
    assert "UTF-16" in str(caught.value)


def test_binary_with_zero_bytes_is_not_called_utf16():
    assert text_encoding(b"\x00\x01\x02\x03\x04") is None
    assert text_encoding(b"PK\x03\x04\x00\x00") is None
    assert text_encoding('{"a": 1}'.encode("utf-16-le")) == "UTF-16"


# ------------------------------------------------------------- non-finite numbers, repeated keys


def _inject_into_first_entry(data: bytes, field: str) -> tuple[bytes, int, int]:
    """Put `field` first in the first entry record; (new bytes, its line, its column)."""
    text = data.decode("utf-8")
    table = text.index('"entries": {\n') + len('"entries": {\n')
    brace = text.index("{", table)
    text = text[:brace + 1] + field + ", " + text[brace + 1:]
    line = text.count("\n", 0, brace) + 1
    column = brace - text.rfind("\n", 0, brace) + 1
    return text.encode("utf-8"), line, column


@pytest.mark.parametrize("token", ["1e999", "-1e999", "NaN", "Infinity", "-Infinity",
                                   "123456789e400"])
def test_non_finite_number_in_an_unknown_field_is_refused_with_its_place(sample, token):
    """The report's case: 1e999 in an unknown field opened for editing, then no save ever
    worked. Now the file does not open, the message says where, and nothing is written."""
    data, line, column = _inject_into_first_entry(SAMPLE.read_bytes(),
                                                  f'"x_score": {token}')
    sample.write_bytes(data)
    with pytest.raises(CorruptWorkbookError) as caught:
        WorkbookStore.open(sample)
    message = str(caught.value)
    token_column = column + len('"x_score": ')
    assert f"at line {line}, column {token_column} (/entries/1/x_score)" in message
    assert token.lstrip("-")[:5] in message and "\n" not in message
    assert sample.read_bytes() == data
    with pytest.raises(CorruptWorkbookError):
        WorkbookStore.open(sample, read_only=True)


def test_repeated_key_is_refused_with_its_place(sample):
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace('"name": "Northwind Analytics Academy"',
                        '"name": "Northwind Analytics Academy", "name": "Someone Else"', 1)
    sample.write_text(text, encoding="utf-8")
    with pytest.raises(CorruptWorkbookError) as caught:
        WorkbookStore.open(sample)
    second = text.index('"name": "Someone Else"')
    column = second - text.rfind("\n", 0, second)
    assert f'at line 2, column {column} (/workbook/1) the key "name" appears twice' in \
        str(caught.value)


def test_repeated_key_in_an_import_source_is_refused(sample, tmp_path):
    source = tmp_path / "laptop.json"
    with WorkbookStore.open(SAMPLE, read_only=True) as s:
        export_json(s.document(), source)
    text = source.read_text(encoding="utf-8").replace('"agreed_set":', '"note": "?", '
                                                      '"agreed_set":', 1)
    assert text.count('"note"') > 1
    source.write_text(text, encoding="utf-8")
    before = sample.read_bytes()
    with WorkbookStore.open(sample) as store, pytest.raises(ImportSourceError) as caught:
        store.import_sources([source])
    assert 'the key "note" appears twice' in str(caught.value)
    assert sample.read_bytes() == before


def test_find_doubt_locates_inside_nested_lists_and_ignores_strings():
    text = '{"a": ["1e999", {"b": [1, 2, 1e400]}], "c": "NaN"}'
    offset, what, path = find_doubt(text)
    assert text[offset:offset + 5] == "1e400" and path == ["a", 1, "b", 2]
    assert find_doubt('{"a": "1e999", "b": "x\\"y", "k": {"k": 1}}') is None
    assert load_json('{"k": {"k": 1}, "big": 1e300, "n": 12345678901234567890}')["n"] == \
        12345678901234567890


number_tokens = st.from_regex(r"-?(0|[1-9][0-9]{0,3})(\.[0-9]{1,4})?([eE][-+]?[0-9]{1,4})?",
                              fullmatch=True)


@settings(max_examples=int(os.environ.get("MW_FUZZ_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=number_tokens)
def test_a_file_that_opens_for_editing_can_always_be_saved(tmp_path_factory, token):
    """Whatever number sits in an unknown field: either the file is refused on load, or it
    opens, takes an edit, saves, and keeps the field."""
    folder = tmp_path_factory.mktemp("roundtrip")
    path = folder / "w.mwb"
    store = WorkbookStore.create(path, "Round trip")
    populated(store)
    store.close()
    data, _, _ = _inject_into_first_entry(path.read_bytes(), f'"x_value": {token}')
    path.write_bytes(data)
    if not math.isfinite(float(token)):
        with pytest.raises(CorruptWorkbookError):
            WorkbookStore.open(path)
        assert path.read_bytes() == data
        return
    with WorkbookStore.open(path) as store:
        assert not store.read_only
        store.set_notes("edited")
        assert store.flush(timeout=60)
        expected = content(store.workbook)
    with WorkbookStore.open(path, read_only=True) as again:
        assert content(again.workbook) == expected
        extra = next(v for k, v in again.document().extra.items() if k[0] == "entries")
        assert extra["x_value"] == json.loads(token)


@posix_only
def test_fifo_as_a_customer_list_is_refused_at_once(tmp_path):
    from maturity_workbook.paths import load_default_cmi_model
    from maturity_workbook.store.customers_csv import CustomerCsvError, read_customers_csv

    fifo = tmp_path / "customers.csv"
    os.mkfifo(fifo)
    model = load_default_cmi_model()
    error = finishes(lambda: read_customers_csv(fifo, model))["error"]
    assert isinstance(error, CustomerCsvError) and "named pipe" in str(error)
