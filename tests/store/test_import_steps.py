"""An import as one undoable step (store steps in core's UndoHistory), and its conflicts as
choices: both values decoded, where and when each was set, the edit that picks one."""

from functools import partial

import pytest

from maturity_workbook.core.ops import Label, SetNote, UndoHistory
from maturity_workbook.core.workbook import UNKNOWN
from maturity_workbook.store import WorkbookStore
from maturity_workbook.store.decode import parse_workbook
from maturity_workbook.store.import_steps import (
    ConflictKind, ImportFiles, OriginKind, PutDocument, merge_conflicts, operation_for,
    run_step, side_in_use, stored_conflicts,
)
from maturity_workbook.store.participant_files import write_participant_files
from tests.store.helpers import content, fake_framework

PEOPLE = ("Ana Lima", "김민준", "فاطمة الزهراء", "Bo 🚀")


@pytest.fixture
def room(tmp_path):
    store = WorkbookStore.create(tmp_path / "room.mwb", "Northwind Academy")
    pids = [store.add_participant(name).id for name in PEOPLE]
    a = store.create_assessment(fake_framework(), "Spring", "2026-05-14", pids)
    store.set_rating(a.id, "a1", pids[0], 1)
    store.set_note(a.id, "a1", "room note")
    yield store, a, pids
    if not store.closed:
        store.close()


def laptops(store, a, pids, folder):
    """Every participant rates a2 and a3 on their own file; Ana changes her a1 too."""
    files = write_participant_files(store.document(), a.id, folder)
    for n, (path, pid) in enumerate(zip(files, pids)):
        with WorkbookStore.open(path) as laptop:
            laptop.set_rating(a.id, "a2", pid, 1 + n % 4)
            laptop.set_rating(a.id, "a3", pid, UNKNOWN if n == 3 else None)
            if n == 0:
                laptop.set_rating(a.id, "a1", pid, 3)
    return files


def test_report_before_is_the_state_before_the_import(room, tmp_path):
    store, a, pids = room
    files = laptops(store, a, pids, tmp_path / "out")
    before = content(store.workbook)
    report = store.import_sources(files)
    assert content(report.before.workbook) == before != content(store.workbook)
    assert report.before.workbook is not store.workbook


def test_the_whole_merge_is_one_step_undone_and_redone(room, tmp_path):
    store, a, pids = room
    history = UndoHistory(partial(run_step, store))
    history.do(SetNote(a.id, "b1", "before the laptops came back"))
    files = laptops(store, a, pids, tmp_path / "out")
    before = content(store.workbook)
    applied = history.do(ImportFiles(tuple(files)))
    merged = content(store.workbook)
    assert applied.report.changed_anything and history.undo_label is Label.IMPORT
    assert merged != before
    assert store.workbook.assessments[a.id].entries["a2"].ratings[pids[2]] == 3

    history.undo()
    assert content(store.workbook) == before and history.can_redo
    store.flush()
    on_disk = parse_workbook(store.path.read_bytes(), store.path).document
    assert content(on_disk.workbook) == before  # written, not only in memory
    history.redo()
    assert content(store.workbook) == merged
    history.undo()
    history.undo()  # the note made before the import
    assert "b1" not in store.workbook.assessments[a.id].entries
    history.redo()
    history.redo()
    assert content(store.workbook) == merged
    # the merge again: nothing new, no step
    assert history.do(ImportFiles(tuple(files))) is None
    assert history.undo_label is Label.IMPORT


def test_edits_after_an_undone_merge_count_after_it(room, tmp_path):
    """Undo puts the old state back with the session's clock, so the same files merged again
    bring their ratings back, and a rating typed after the undo is not lost to them."""
    store, a, pids = room
    history = UndoHistory(partial(run_step, store))
    files = laptops(store, a, pids, tmp_path / "out")
    history.do(ImportFiles(tuple(files)))
    history.undo()
    store.set_rating(a.id, "b1", pids[1], 2)
    report = store.import_sources(files)
    live = store.workbook.assessments[a.id]
    assert report.changed_anything and live.entries["a2"].ratings[pids[1]] == 2
    assert live.entries["b1"].ratings[pids[1]] == 2


def test_a_conflict_names_both_values_who_and_when_and_can_be_flipped(room, tmp_path):
    store, a, pids = room
    files = laptops(store, a, pids, tmp_path / "out")
    store.set_rating(a.id, "a1", pids[0], 4)  # the facilitator changed Ana's rating meanwhile
    history = UndoHistory(partial(run_step, store))
    report = history.do(ImportFiles(tuple(files))).report
    (conflict,) = merge_conflicts(report)
    assert conflict.kind is ConflictKind.RATING and conflict.is_level
    assert (conflict.assessment_id, conflict.item_id, conflict.participant_id) == (
        a.id, "a1", pids[0])
    sides = {conflict.kept.value: conflict.kept, conflict.other.value: conflict.other}
    assert set(sides) == {3, 4}
    assert sides[4].origin.kind is OriginKind.WORKBOOK
    assert sides[3].origin.kind is OriginKind.FILE and sides[3].origin.path == files[0]
    assert sides[3].origin.participant_id == pids[0]
    assert all(isinstance(s.time, int) and s.time > 1_700_000_000 for s in sides.values())
    in_use = side_in_use(store.workbook, conflict)
    assert getattr(conflict, in_use).value == store.workbook.assessments[a.id].entries[
        "a1"].ratings[pids[0]]
    other = "other" if in_use == "kept" else "kept"
    history.do(operation_for(conflict, other))  # keep the other one: an ordinary edit
    assert side_in_use(store.workbook, conflict) == other
    assert len(store.conflicts()) == 1  # nothing lost: both values stay in the table
    history.undo()
    assert side_in_use(store.workbook, conflict) == in_use
    assert [c.record["id"] for c in stored_conflicts(store)] == [conflict.record["id"]]


def test_conflicts_on_notes_agreed_and_text_are_choices_too(room, tmp_path):
    store, a, pids = room
    store.flush()
    copy = tmp_path / "copy.mwb"
    copy.write_bytes(store.path.read_bytes())
    with WorkbookStore.open(copy) as other:
        other.set_note(a.id, "a1", "said on the copy")
        other.set_agreed(a.id, "a2", None)
        other.update_participant(pids[1], role="교육 담당")
    store.set_note(a.id, "a1", "said in the room")
    store.set_agreed(a.id, "a2", UNKNOWN)
    store.update_participant(pids[1], role="CSM")
    report = store.import_sources([copy])
    conflicts = {c.kind: c for c in merge_conflicts(report)}
    assert set(conflicts) == {ConflictKind.NOTE, ConflictKind.AGREED, ConflictKind.PARTICIPANT}
    agreed = conflicts[ConflictKind.AGREED]
    assert {agreed.kept.value, agreed.other.value} == {None, UNKNOWN}
    for conflict in conflicts.values():
        for side in ("kept", "other"):
            store.apply(operation_for(conflict, side))
            assert side_in_use(store.workbook, conflict) == side
            assert getattr(conflict, side).origin.kind in (OriginKind.WORKBOOK,
                                                           OriginKind.FILE)


def test_put_document_swaps_and_returns_the_state_it_replaced(room, tmp_path):
    store, a, pids = room
    files = laptops(store, a, pids, tmp_path / "out")
    before = content(store.workbook)
    report = store.import_sources(files)
    after = content(store.workbook)
    back = PutDocument(report.before).run(store)
    assert content(store.workbook) == before
    store.set_rating(a.id, "b1", pids[0], 2)  # edits the live document, not the one kept
    back.inverse.run(store)
    assert content(store.workbook) == after
    b1 = store.workbook.assessments[a.id].entries.get("b1")
    assert b1 is None or pids[0] not in b1.ratings  # the merged state as it was
