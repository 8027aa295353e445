"""The window words every store error class, read-only cause and refused edit itself (through
Qt's translation); the store's English line stays available as the details. The errors here
come from real faults: files that are damaged, empty, newer, pipes, folders; saves that meet a
full disk, a new hard link or a read-only flag; a second window; edits core refuses."""

import errno
import json
import os
import sys
from pathlib import Path

import pytest

from maturity_workbook.core import ops
from maturity_workbook.core.errors import OperationError, Problem
from maturity_workbook.store import SaveError, WorkbookError, WorkbookStore, errors, storage
from maturity_workbook.store.workbook_store import ReadOnlyCause
from maturity_workbook.ui import texts
from tests.ui.conftest import make_workbook
from tests.ui.screens import OPEN, PseudoTranslator, without_translated

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and POSIX modes")


def open_error(path) -> WorkbookError:
    with pytest.raises(WorkbookError) as caught:
        WorkbookStore.open(path)
    return caught.value


def newer(path):
    make_workbook(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    for table in data.values():
        for record in table.values():
            if "schema_version" in record:
                record["schema_version"] = 99
    path.write_text(json.dumps(data), encoding="utf-8")


@posix_only
def test_every_file_that_does_not_open_gets_its_own_sentence(tmp_path):
    cases = {
        "damaged": lambda p: p.write_bytes(b'{"workbook": {"1": {"id": "x", "na'),
        "empty": lambda p: p.write_bytes(b""),
        "not a workbook": lambda p: p.write_text('{"recipes": {"1": {"name": "soup"}}}'),
        "newer version": newer,
        "another kind of file": lambda p: os.mkfifo(p),
        "a folder": lambda p: p.mkdir(),
        "encoding": lambda p: p.write_bytes('{"workbook": {}}'.encode("utf-16")),
        "does not exist": lambda p: None,
    }
    said = {}
    for words, make in cases.items():
        path = tmp_path / f"Plan — {words}.mwb"
        make(path)
        error = open_error(path)
        sentence = texts.store_error_text(error)
        assert path.name in sentence and sentence != texts.details(error) == str(error)
        assert words.split()[-1] in sentence or (words == "damaged" and "damaged" in sentence)
        said[type(error)] = sentence
    assert set(said) == {errors.CorruptWorkbookError, errors.EmptyWorkbookError,
                         errors.NotAWorkbookError, errors.NewerWorkbookError,
                         errors.MissingWorkbookError}
    assert "format 99" in said[errors.NewerWorkbookError]


def test_every_store_error_class_has_its_sentence(tmp_path):
    """No class falls through to the general sentence, and no two say the same."""
    classes = [c for c in vars(errors).values()
               if isinstance(c, type) and issubclass(c, WorkbookError)]
    sentences = {}
    for cls in classes:
        kwargs = {"source": tmp_path / "laptop.mwb"} if cls is errors.ImportSourceError else {}
        error = cls("English line", tmp_path / "Plan.mwb", **kwargs)
        sentences[cls] = texts.store_error_text(error)
    assert len(set(sentences.values())) == len(classes)
    assert "laptop.mwb" in sentences[errors.ImportSourceError]
    assert all("Something went wrong" not in s for s in sentences.values())


@pytest.fixture
def open_store(workbook_path):
    make_workbook(workbook_path)
    store = WorkbookStore.open(workbook_path)
    yield store
    store.close(discard=True)


def failed_save(store) -> SaveError:
    store.set_notes("a change that cannot be saved")
    with pytest.raises(SaveError) as caught:
        store.flush()
    return caught.value


def test_a_full_disk_is_named_and_the_changes_are_said_to_be_kept(open_store, monkeypatch):
    def no_space(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "write_atomic", no_space)
    error = failed_save(open_store)
    assert texts.save_error_text(error) == "Could not save Acme Academy.mwb: the disk is full."
    assert texts.store_error_text(error) == texts.save_error_text(error)
    assert "Your changes are kept in this window" in texts.unsaved_changes_text(error)


@posix_only
def test_a_hard_link_or_read_only_flag_made_while_open_is_named(open_store, tmp_path):
    os.link(open_store.path, tmp_path / "second name.mwb")
    assert "hard links" in texts.save_error_text(failed_save(open_store))
    os.unlink(tmp_path / "second name.mwb")
    os.chmod(open_store.path, 0o444)
    try:
        assert "marked read-only" in texts.save_error_text(failed_save(open_store))
    finally:
        os.chmod(open_store.path, 0o644)


def test_each_read_only_cause_is_worded(workbook_path, tmp_path):
    make_workbook(workbook_path)
    sentences = {cause: texts.read_only_text(cause) for cause in ReadOnlyCause}
    assert len(set(sentences.values())) == len(ReadOnlyCause)
    assert texts.read_only_text(None) not in sentences.values()
    with WorkbookStore.open(workbook_path) as holder, WorkbookStore.open(workbook_path) as second:
        assert second.read_only_cause is ReadOnlyCause.LOCKED
        assert "another window or program" in texts.store_read_only_text(second)
        assert holder.read_only_cause is None
    if sys.platform != "win32":
        os.link(workbook_path, tmp_path / "other name.mwb")
        with WorkbookStore.open(workbook_path) as linked:
            assert texts.store_read_only_text(linked) == sentences[ReadOnlyCause.HARD_LINKS]
        os.unlink(tmp_path / "other name.mwb")
        os.chmod(workbook_path, 0o444)
        with WorkbookStore.open(workbook_path) as flagged:
            assert texts.store_read_only_text(flagged) == sentences[ReadOnlyCause.FILE_READ_ONLY]
        os.chmod(workbook_path, 0o644)
    with WorkbookStore.open(workbook_path, read_only=True) as asked:
        assert texts.store_read_only_text(asked) == sentences[ReadOnlyCause.REQUESTED]


def refused(store, operation) -> OperationError:
    with pytest.raises(OperationError) as caught:
        store.apply(operation)
    return caught.value


def test_refused_edits_are_worded_from_their_problem(workbook_path):
    aid, pids = make_workbook(workbook_path, ratings={"strategy-company-priority": (2, 3)},
                              final=True)
    with WorkbookStore.open(workbook_path) as store:
        cases = [
            (ops.SetWorkbookField("name", "  "), "The workbook needs a name."),
            (ops.SetRating(aid, "strategy-core-metric", pids[0], 2),
             "“Spring workshop” is final; reopen it before changing it."),
            (ops.RemoveParticipant(pids[0]),
             "Ada has ratings in this workbook, so they cannot be removed."),
            (ops.SetRating("no-such-assessment", "x", pids[0], 2),
             "That assessment is not in this workbook any more."),
            (ops.AddParticipant("", ""), "A participant needs a name."),
        ]
        for operation, expected in cases:
            error = refused(store, operation)
            assert texts.operation_text(error) == expected
            assert texts.error_text(error) == expected
            assert str(error) != expected or error.problem is Problem.NEEDS_NAME


PARAMS = dict(id="x1", table="actions", title="Spring", action="rate", name="김민준",
              what="the note", type="int", length=1_200_000, limit=1_000_000, value="v",
              low=0, high=10, choices="draft, final", item="strategy-1")


@pytest.mark.parametrize("problem", list(Problem), ids=lambda p: p.value)
def test_every_problem_has_its_own_sentence(problem):
    text = texts.operation_text(OperationError(problem, **PARAMS))
    assert text != "That change is not allowed here." and "{" not in text


def test_every_sentence_goes_through_translation(qapp, tmp_path, workbook_path):
    """Under a pseudo-language each sentence is a translation: only names are left over."""
    translator = PseudoTranslator()
    qapp.installTranslator(translator)
    try:
        name = "Plan.mwb"
        pieces = [texts.store_error_text(cls("English", tmp_path / name))
                  for cls in (errors.CorruptWorkbookError, errors.WorkbookLockedError,
                              errors.ReadOnlyError, errors.WorkbookError)]
        pieces += [texts.read_only_text(cause) for cause in ReadOnlyCause]
        pieces += [texts.operation_text(OperationError(p, **PARAMS)) for p in Problem]
        save = SaveError("English", tmp_path / name,
                         cause=OSError(errno.EIO, "Input/output error"))
        pieces += [texts.save_error_text(save), texts.unsaved_changes_text(save)]
        for text in pieces:
            assert OPEN in text
            rest = without_translated(text).replace(name, " ")
            for data in ("Spring", "김민준", "strategy-1", "draft, final", "1,200,000",
                         "1,000,000", "1200000", "1000000", "10", "0"):
                rest = rest.replace(data, " ")
            assert not any(ch.isalpha() for ch in rest), (text, rest)
    finally:
        qapp.removeTranslator(translator)


def test_an_os_error_the_store_did_not_wrap_names_its_file_and_cause(tmp_path):
    try:
        open(tmp_path / "missing folder" / "Plan.mwb", "xb")
    except OSError as exc:
        error = exc
    assert texts.error_text(error) == "Plan.mwb could not be used: its folder is gone."
    full = OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "Plan.mwb"))
    assert texts.error_text(full) == "Plan.mwb could not be used: the disk is full."


def test_the_window_says_why_it_is_read_only_in_its_own_words(window, workbook_path,
                                                              no_modal_dialogs):
    """The opening message, the banner above the screens and the wizard's note all use the
    sentence for the cause, not the store's English line."""
    aid, _pids = make_workbook(workbook_path)
    sentence = texts.read_only_text(ReadOnlyCause.LOCKED)
    with WorkbookStore.open(workbook_path) as holder:
        assert window.open_path(workbook_path)
        assert window.session.store.read_only_reason not in sentence
        assert ("inform", "Opened read-only", sentence) in no_modal_dialogs
        assert window.workbook_view.banner.text() == sentence
        window.workbook_view.show_assess(aid)
        assert window.workbook_view.assess.wizard.state_note.text() == \
            f"Read-only: {sentence}"
        window.close_workbook()
        assert holder.read_only_cause is None
