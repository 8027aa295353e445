"""Participant files: each person rates on their own laptop, sees only their own ratings, and
the facilitator merges the files back without losing anything."""

import json
import shutil

import pytest

from maturity_workbook.core.errors import Refused
from maturity_workbook.core.workbook import UNRATED, Scope
from maturity_workbook.store import ImportSourceError, WorkbookExistsError, WorkbookStore
from maturity_workbook.store.decode import parse_workbook
from maturity_workbook.store.export import export_json
from maturity_workbook.store.merge import merge, merge_all
from maturity_workbook.store.participant_files import write_participant_files
from tests.store.helpers import content, fake_framework

PEOPLE = ("Ana Lima", "김민준", "فاطمة الزهراء", "Bo 🚀")


@pytest.fixture
def workshop(tmp_path):
    store = WorkbookStore.create(tmp_path / "room.mwb", "Northwind Academy")
    pids = [store.add_participant(name).id for name in PEOPLE]
    old = store.create_assessment(fake_framework(), "Last year", "2025-05-14", pids[:2])
    store.set_rating(old.id, "a1", pids[0], 2)
    store.finalize(old.id)
    a = store.create_assessment(fake_framework(), "Spring", "2026-05-14", pids)
    store.set_rating(a.id, "a1", pids[0], 1)  # rated in the room before the laptops
    store.set_note(a.id, "a1", "room note")
    store.flush()
    yield store, a, pids
    if not store.closed:
        store.close()


def test_each_file_holds_only_its_participants_ratings(workshop, tmp_path):
    store, a, pids = workshop
    files = write_participant_files(store.document(), a.id, tmp_path / "out")
    assert [f.name for f in files] == [f"Northwind Academy - {n}.mwb" for n in PEOPLE]
    for path, pid in zip(files, pids):
        raw = json.loads(path.read_bytes())
        assert raw["workbook"]["1"]["scope"] == {"assessment_id": a.id, "participant_id": pid}
        assert len(raw["assessments"]) == 1  # not last year's
        ratings = [r["ratings"] for r in raw["entries"].values()]
        assert all(set(r) == {pid} for r in ratings)
        assert all(r["note"] == "" and not r["agreed_set"] for r in raw["entries"].values())
        assert raw["targets"] == {}
    with pytest.raises(WorkbookExistsError):
        write_participant_files(store.document(), a.id, tmp_path / "out")
    assert write_participant_files(store.document(), a.id, tmp_path / "out", overwrite=True)


def test_a_participant_file_edits_only_its_own_ratings(workshop, tmp_path):
    store, a, pids = workshop
    path = write_participant_files(store.document(), a.id, tmp_path, [pids[1]])[0]
    with WorkbookStore.open(path) as mine:
        assert mine.workbook.scope == Scope(a.id, pids[1])
        mine.set_rating(a.id, "a2", pids[1], 3)
        mine.set_position(a.id, "a2")
        for edit in (lambda: mine.set_rating(a.id, "a2", pids[0], 3),
                     lambda: mine.set_agreed(a.id, "a2", 3),
                     lambda: mine.set_note(a.id, "a2", "x"),
                     lambda: mine.rename("Mine now"),
                     lambda: mine.finalize(a.id)):
            with pytest.raises(Refused, match="김민준"):
                edit()
        with pytest.raises(ImportSourceError, match="participant file"):
            mine.import_sources([store.path])


def test_the_facilitator_merges_every_laptop_back(workshop, tmp_path):
    store, a, pids = workshop
    files = write_participant_files(store.document(), a.id, tmp_path)
    for n, (path, pid) in enumerate(zip(files, pids)):
        with WorkbookStore.open(path) as laptop:
            for item in ("a1", "a2", "a3"):
                laptop.set_rating(a.id, item, pid, 1 + (n + len(item)) % 4)
            if n == 0:
                laptop.set_rating(a.id, "a1", pid, UNRATED)  # Ana cleared her room rating
    store.set_rating(a.id, "b1", pids[0], 4)  # the facilitator went on meanwhile
    before_other = content(store.workbook)["assessments"]
    report = store.import_sources(files)
    live = store.workbook.assessments[a.id]
    assert report.conflicts == []
    assert pids[0] not in live.entries["a1"].ratings and live.entries["a1"].note == "room note"
    assert live.entries["b1"].ratings == {pids[0]: 4}
    for n, pid in enumerate(pids[1:], 1):
        assert live.entries["a2"].ratings[pid] == 1 + (n + 2) % 4
    others = {k: v for k, v in content(store.workbook)["assessments"].items() if k != a.id}
    assert others == {k: v for k, v in before_other.items() if k != a.id}  # nothing deleted
    assert not store.import_sources(files).changed_anything  # merging again changes nothing


def test_the_same_rating_changed_on_a_laptop_and_by_the_facilitator_is_a_conflict(
        workshop, tmp_path):
    store, a, pids = workshop
    (path,) = write_participant_files(store.document(), a.id, tmp_path, [pids[0]])
    with WorkbookStore.open(path) as laptop:
        laptop.set_rating(a.id, "a1", pids[0], 3)
    store.set_rating(a.id, "a1", pids[0], 4)
    report = store.import_sources([path])
    assert len(report.conflicts) == 1 and "Ana Lima's rating of a1" in report.conflicts[0]
    assert {report.conflict_records[0]["kept"]["value"],
            report.conflict_records[0]["other"]["value"]} == {3, 4}


def test_a_one_assessment_export_merges_back_without_deleting_the_rest(workshop, tmp_path):
    store, a, pids = workshop
    exported = export_json(store.document(), tmp_path / "spring.json", assessment_id=a.id)
    copy = tmp_path / "elsewhere.mwb"
    shutil.copyfile(store.path, copy)
    store.set_note(a.id, "a2", "added after the export")
    before = content(store.workbook)
    report = store.import_sources([exported])
    assert content(store.workbook) == before and not report.changed_anything


def test_merging_all_at_once_equals_merging_one_after_another(workshop, tmp_path):
    store, a, pids = workshop
    files = write_participant_files(store.document(), a.id, tmp_path)
    for n, (path, pid) in enumerate(zip(files, pids)):
        with WorkbookStore.open(path) as laptop:
            laptop.set_rating(a.id, "a3", pid, n % 4 + 1)
    full = tmp_path / "full.mwb"
    store.flush()
    shutil.copyfile(store.path, full)
    with WorkbookStore.open(full) as other:
        other.set_note(a.id, "a3", "a full copy edited elsewhere")
    docs = [parse_workbook(p.read_bytes(), p).document for p in [*files, full]]
    base = parse_workbook(store.path.read_bytes(), store.path).document
    sequential = base
    for doc in docs:
        sequential = merge(sequential, doc).document
    at_once = merge_all(base, docs).document
    assert content(at_once.workbook) == content(sequential.workbook)
    assert at_once.clock == sequential.clock
    assert sorted(at_once.raw["conflicts"]) == sorted(sequential.raw["conflicts"])


def test_laptop_votes_merged_into_a_room_with_hidden_votes_stay_hidden(workshop, tmp_path):
    """The room reveals them item by item, so the discussion starts before anyone sees them."""
    from maturity_workbook.core import ops, workshop as room

    store, a, pids = workshop
    store.apply(ops.SetFacilitated(a.id, True))
    files = write_participant_files(store.document(), a.id, tmp_path)
    for path, pid in zip(files, pids):
        with WorkbookStore.open(path) as laptop:
            laptop.set_rating(a.id, "a2", pid, 3)
    store.import_sources(files)
    live = store.workbook.assessments[a.id]
    state = room.room_state(live, "a2")
    assert state.everyone_voted and set(live.entries["a2"].ratings) == set(pids)
    assert not room.votes_shown(live, live.entries["a2"])  # who voted shows, never how
    assert "a2" not in room.shown_agreed(live)
