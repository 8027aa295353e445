"""The room's state is saved and merged like any other field: facilitation, reveals, rounds,
the reason for an agreed rating and who set it."""

import json
import shutil

from maturity_workbook.core import ops
from maturity_workbook.core.workbook import UNKNOWN
from maturity_workbook.store import WorkbookStore
from tests.store.helpers import fake_framework


def test_rounds_and_reasons_survive_reopening_and_read_plainly(tmp_path):
    store = WorkbookStore.create(tmp_path / "room.mwb", "Room")
    pids = [store.add_participant(n).id for n in ("Ana", "김민준", "فاطمة")]
    a = store.create_assessment(fake_framework(), "Spring", "2026-05-14", pids)
    store.apply(ops.SetFacilitated(a.id, True))
    for pid, level in zip(pids, (1, 3, UNKNOWN)):
        store.set_rating(a.id, "a1", pid, level)
    store.apply(ops.SetRevealed(a.id, "a1", True))
    store.apply(ops.NewRound(a.id, "a1"))
    store.set_rating(a.id, "a1", pids[0], 2)
    store.apply(ops.SetAgreed(a.id, "a1", 3, reason="two of three moved up", by=pids[1]))
    store.close()
    raw = json.loads(store.path.read_bytes())
    record = next(iter(raw["entries"].values()))
    assert record["round"] == 2 and record["revealed"] is False
    assert record["earlier"] == [{pids[0]: 1, pids[1]: 3, pids[2]: "unknown"}]
    assert (record["agreed_reason"], record["agreed_by"]) == ("two of three moved up", pids[1])
    assert next(iter(raw["assessments"].values()))["facilitated"] is True
    again = WorkbookStore.open(store.path, read_only=True)
    entry = again.workbook.assessments[a.id].entries["a1"]
    assert entry.earlier == [{pids[0]: 1, pids[1]: 3, pids[2]: UNKNOWN}]
    assert entry.ratings == {pids[0]: 2} and entry.agreed == 3 and entry.round == 2
    assert again.workbook.assessments[a.id].facilitated
    again.close()


def test_a_round_taken_on_one_copy_merges_into_another(tmp_path):
    store = WorkbookStore.create(tmp_path / "base.mwb", "Room")
    pids = [store.add_participant(n).id for n in ("Ana", "Bo")]
    a = store.create_assessment(fake_framework(), "Spring", "2026-05-14", pids)
    store.set_rating(a.id, "a1", pids[0], 1)
    store.close()
    laptop = tmp_path / "laptop.mwb"
    shutil.copyfile(store.path, laptop)
    with WorkbookStore.open(laptop) as s:
        s.apply(ops.NewRound(a.id, "a1"))
        s.set_rating(a.id, "a1", pids[0], 3)
        s.apply(ops.SetRevealed(a.id, "a2", True))
    with WorkbookStore.open(store.path) as s:
        report = s.import_sources([laptop])
        entry = s.workbook.assessments[a.id].entries["a1"]
        assert report.conflicts == []
        assert entry.round == 2 and entry.earlier == [{pids[0]: 1}]
        assert entry.ratings == {pids[0]: 3}
        assert s.workbook.assessments[a.id].entries["a2"].revealed
