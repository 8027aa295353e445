"""The store's operations: what they change, what they refuse, and that edits never wait for
the disk."""

import threading
import time

import pytest

from maturity_workbook.core.errors import InvalidValue, NotFound, Refused
from maturity_workbook.core.ops import Change, What
from maturity_workbook.core.workbook import UNRATED
from maturity_workbook.store import (
    InvalidValueError, ReadOnlyError, Saved, WorkbookExistsError, WorkbookStore,
)
from maturity_workbook.store import storage as workbook_storage
from tests.store.helpers import content, fake_framework, populated


@pytest.fixture
def store(tmp_path):
    s = WorkbookStore.create(tmp_path / "api.mwb", "Acme Academy")
    yield s
    if not s.closed:
        s.close(discard=True)


def test_create_refuses_to_overwrite(tmp_path):
    path = tmp_path / "x.mwb"
    path.write_bytes(b"precious")
    with pytest.raises(WorkbookExistsError):
        WorkbookStore.create(path, "X")
    assert path.read_bytes() == b"precious"


def test_everything_typed_survives_close_and_open(store):
    a, pids = populated(store)
    store.set_reassess_months(9)
    store.update_participant(pids[0], role="Lead")
    store.update_assessment(a.id, title="Spring review", notes="Free notes")
    store.set_position(a.id, "a3")
    expected = content(store.workbook)
    store.close()
    again = WorkbookStore.open(store.path)
    assert content(again.workbook) == expected
    assert again.workbook.reassess_months == 9
    assert again.workbook.assessments[a.id].position == "a3"
    again.close()


def test_changes_are_reported_synchronously_on_the_callers_thread(store):
    seen = []
    unsubscribe = store.subscribe(lambda c: seen.append((c, threading.current_thread())))
    p = store.add_participant("Ana")
    a = store.create_assessment(fake_framework(), "T", "2026-01-02", [p.id])
    store.set_rating(a.id, "a1", p.id, 2)
    store.set_agreed(a.id, "a1", 3)
    store.set_target(a.id, "alpha", 3)
    store.set_position(a.id, "a2")
    store.finalize(a.id)
    kinds = [(c.what, c.assessment_id, c.item_id) for c, t in seen if isinstance(c, Change)]
    assert kinds == [(What.PARTICIPANT, None, None), (What.ASSESSMENT_CREATED, a.id, None),
                     (What.RATING, a.id, "a1"), (What.AGREED, a.id, "a1"),
                     (What.TARGET, a.id, None), (What.POSITION, a.id, "a2"),
                     (What.STATUS, a.id, None)]
    assert [c.participant_id for c, t in seen if isinstance(c, Change)][:3] == [p.id, None, p.id]
    assert all(t is threading.current_thread() for c, t in seen if isinstance(c, Change))
    store.flush()
    saved = [t for c, t in seen if isinstance(c, Saved)]
    assert saved and all(t is not threading.current_thread() for t in saved)
    unsubscribe()
    store.rename("Other")
    assert not any(isinstance(c, Change) and c.what is What.WORKBOOK for c, t in seen)


def test_edits_do_not_wait_for_the_disk(store, monkeypatch):
    a, pids = populated(store)
    store.flush()
    gate, writing = threading.Event(), threading.Event()
    real = workbook_storage.write_atomic

    def slow_write(path, data, **kw):
        writing.set()
        gate.wait(10)
        return real(path, data, **kw)

    monkeypatch.setattr(workbook_storage, "write_atomic", slow_write)
    store.set_rating(a.id, "a1", pids[0], 4)
    assert writing.wait(10)  # the writer is stuck in the disk...
    started = time.perf_counter()
    for level in (1, 2, 3, 4, 1, 2):  # ...and edits still return at once
        store.set_rating(a.id, "a2", pids[1], level)
    assert time.perf_counter() - started < 1.0
    assert store.pending
    gate.set()
    assert store.flush(timeout=10)
    store.close()
    again = WorkbookStore.open(store.path, read_only=True)
    assert again.workbook.assessments[a.id].entries["a2"].ratings[pids[1]] == 2


def test_flush_times_out_without_raising(store, monkeypatch):
    a, pids = populated(store)
    store.flush()
    gate = threading.Event()
    real = workbook_storage.write_atomic
    monkeypatch.setattr(workbook_storage, "write_atomic",
                        lambda p, d, **k: (gate.wait(10), real(p, d, **k)))
    store.set_note(a.id, "a1", "slow")
    assert store.flush(timeout=0.05) is False
    gate.set()
    assert store.flush(timeout=10) is True


def test_rating_semantics(store):
    a, pids = populated(store)
    entry = store.workbook.assessments[a.id].entries["a2"]
    store.set_rating(a.id, "a2", pids[0], None)  # not applicable
    assert entry.ratings[pids[0]] is None
    store.set_rating(a.id, "a2", pids[0], UNRATED)  # cleared
    assert pids[0] not in entry.ratings
    store.set_agreed(a.id, "a1", None)  # the room agreed: not applicable
    assert store.workbook.assessments[a.id].agreed_level("a1") is None
    store.set_agreed(a.id, "a1", UNRATED)  # back to the median
    a1 = store.workbook.assessments[a.id].entries["a1"]
    assert not a1.agreed_set
    # an entry with nothing left in it disappears
    for pid in pids:
        store.set_rating(a.id, "b1", pid, UNRATED)
    assert "b1" not in store.workbook.assessments[a.id].entries
    store.set_target(a.id, "alpha", None)
    assert "alpha" not in store.workbook.assessments[a.id].targets


@pytest.mark.parametrize("bad", ["3", 2.0, True, [1], 10 ** 9, object()])
def test_garbage_levels_are_refused(store, bad):
    a, pids = populated(store)
    before = content(store.workbook)
    for edit in (lambda: store.set_rating(a.id, "a1", pids[0], bad),
                 lambda: store.set_agreed(a.id, "a1", bad),
                 lambda: store.set_target(a.id, "alpha", bad)):
        with pytest.raises(InvalidValue):
            edit()
    assert content(store.workbook) == before


def test_unknown_ids_and_bad_values_are_refused(store):
    a, pids = populated(store)
    with pytest.raises(NotFound):
        store.set_rating("nope", "a1", pids[0], 1)
    with pytest.raises(NotFound):
        store.set_rating(a.id, "a1", "nobody", 1)
    outsider = store.add_participant("Outsider")
    with pytest.raises(InvalidValue, match="not taking part"):
        store.set_rating(a.id, "a1", outsider.id, 1)
    with pytest.raises(InvalidValue):
        store.set_note(a.id, "a1", 42)
    with pytest.raises(InvalidValue):
        store.set_evidence(a.id, "a1", "one string")
    with pytest.raises(InvalidValue):
        store.create_assessment(fake_framework(), "x", "14/05/2026", pids)
    with pytest.raises(NotFound):
        store.create_assessment(fake_framework(), "x", "2026-05-14", ["ghost"])
    with pytest.raises(InvalidValue):
        store.set_reassess_months(0)
    with pytest.raises(NotFound):
        store.update_participant("ghost", name="x")
    with pytest.raises(NotFound):
        store.delete_assessment("ghost")


def test_final_assessments_must_be_reopened_before_editing_ratings(store):
    a, pids = populated(store)
    store.finalize(a.id)
    for edit in (lambda: store.set_rating(a.id, "a1", pids[0], 1),
                 lambda: store.set_agreed(a.id, "a1", 1),
                 lambda: store.set_note(a.id, "a1", "x"),
                 lambda: store.set_evidence(a.id, "a1", ["x"]),
                 lambda: store.update_assessment(a.id, participant_ids=pids[:1])):
        with pytest.raises(Refused, match="reopen"):
            edit()
    store.update_assessment(a.id, title="Renamed while final")  # details may change
    store.set_target(a.id, "alpha", 1)  # so may targets, with their history kept
    store.set_position(a.id, "a2")
    store.reopen(a.id)
    store.set_rating(a.id, "a1", pids[0], 1)
    assert store.workbook.assessments[a.id].status == "draft"


def test_every_edit_is_refused_on_a_read_only_store(tmp_path):
    writer = WorkbookStore.create(tmp_path / "r.mwb", "R")
    a, pids = populated(writer)
    writer.close()
    store = WorkbookStore.open(writer.path, read_only=True)
    before = writer.path.read_bytes()
    edits = [
        lambda: store.rename("x"), lambda: store.set_reassess_months(3),
        lambda: store.add_participant("x"), lambda: store.update_participant(pids[0], "y"),
        lambda: store.create_assessment(fake_framework(), "t", "2026-01-01", pids),
        lambda: store.update_assessment(a.id, title="t"), lambda: store.delete_assessment(a.id),
        lambda: store.set_rating(a.id, "a1", pids[0], 1), lambda: store.set_agreed(a.id, "a1", 1),
        lambda: store.set_note(a.id, "a1", "n"), lambda: store.set_evidence(a.id, "a1", []),
        lambda: store.set_target(a.id, "alpha", 1), lambda: store.set_position(a.id, "a1"),
        lambda: store.finalize(a.id), lambda: store.reopen(a.id),
        lambda: store.import_sources([writer.path]),
        lambda: store.restore_backup(writer.path), lambda: store.set_notes("x"),
    ]
    for edit in edits:
        with pytest.raises(ReadOnlyError):
            edit()
    assert store.flush() is True
    store.close()
    assert writer.path.read_bytes() == before


def test_copy_from_records_the_assessment_it_reassesses(store):
    a, pids = populated(store)
    store.finalize(a.id)
    b = store.create_assessment(fake_framework(items=("a1", "a2")), "Autumn", "2026-11-01",
                                pids[:2], copy_from=a.id, facilitated=True)
    store.close()
    reopened = WorkbookStore.open(store.path, read_only=True)
    try:
        kept = reopened.workbook.assessments[b.id]
        assert kept.based_on == a.id and kept.facilitated and kept.entries == {}
    finally:
        reopened.close()


def test_delete_assessment_removes_it_from_the_file(store):
    a, pids = populated(store)
    store.flush()
    assert a.id in store.path.read_text(encoding="utf-8")
    store.delete_assessment(a.id)
    store.flush()
    assert a.id not in store.path.read_text(encoding="utf-8")


def test_save_copy_as_is_a_full_copy_and_the_store_goes_on(store, tmp_path):
    a, pids = populated(store)
    copy = store.save_copy_as(tmp_path / "copy.mwb")
    store.set_note(a.id, "a3", "after the copy")
    store.close()
    copied = WorkbookStore.open(copy, read_only=True)
    assert "a3" not in copied.workbook.assessments[a.id].entries or \
        copied.workbook.assessments[a.id].entries["a3"].note == ""
    assert copied.workbook.name == "Acme Academy"
    with WorkbookStore.open(store.path) as again, pytest.raises(InvalidValueError):
        again.save_copy_as(store.path)


def test_batch_saves_its_edits_together(store):
    a, pids = populated(store)
    store.flush()
    saves = []
    store.subscribe(lambda c: saves.append(c) if isinstance(c, Saved) else None)
    with store.batch():
        for level in (1, 2, 3):
            store.set_rating(a.id, "a3", pids[2], level)
        time.sleep(0.05)
        assert saves == [] and store.pending
    store.flush()
    assert len(saves) == 1


def test_a_listener_that_raises_does_not_stop_edits_or_saves(store):
    store.subscribe(lambda change: 1 / 0)
    store.rename("Still fine")
    assert store.flush()
    assert "Still fine" in store.path.read_text(encoding="utf-8")


def test_change_is_frozen():
    change = Change(What.RATING, "a", "i")
    with pytest.raises(AttributeError):
        change.what = What.NOTE
