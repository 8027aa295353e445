"""Merge import: idempotent (A+A = A), order-independent (A+B = B+A), conflicts kept and
reported, the source never modified, bad input refused with nothing changed."""

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from maturity_workbook.core.workbook import UNKNOWN, UNRATED, is_level
from maturity_workbook.store import (
    ImportSourceError, NewerWorkbookError, WorkbookStore, list_backups,
)
from maturity_workbook.store.export import export_json
from maturity_workbook.store.merge import merge
from maturity_workbook.store.decode import parse_workbook
from tests.store.helpers import content, fake_framework, populated


def doc_of(path):
    return parse_workbook(Path(path).read_bytes(), path).document


def full(doc):
    """Content plus workbook settings and the conflicts table: what must match."""
    wb = doc.workbook
    return (content(wb), wb.name, wb.notes, wb.reassess_months,
            sorted(doc.raw.get("conflicts", {})))


@pytest.fixture
def base(tmp_path):
    store = WorkbookStore.create(tmp_path / "base.mwb", "Workshop")
    a, pids = populated(store)
    store.close()
    return store.path, a.id, pids


def copies(base_path, *names):
    out = []
    for name in names:
        target = base_path.with_name(name)
        shutil.copyfile(base_path, target)
        out.append(target)
    return out


def test_import_of_itself_changes_nothing(base):
    path, aid, pids = base
    (copy,) = copies(path, "copy.mwb")
    before = path.read_bytes()
    store = WorkbookStore.open(path)
    report = store.import_sources([copy])
    store.close()
    assert not report.changed_anything and report.conflicts == []
    assert path.read_bytes() == before and list_backups(path) == []
    doc = doc_of(path)
    assert full(merge(doc, doc).document) == full(doc)


def test_workshop_laptops_merge_without_conflicts(base):
    """Each participant rates on their own copy; the facilitator merges them all."""
    path, aid, pids = base
    laptops = copies(path, "ana.mwb", "bo.mwb", "cy.mwb")
    for n, (laptop, pid) in enumerate(zip(laptops, pids)):
        with WorkbookStore.open(laptop) as s:
            for item in ("a1", "a2", "a3", "b1"):
                s.set_rating(aid, item, pid, 1 + n)
            s.set_position(aid, "b1" if n else "a2")  # where each one stopped: never a conflict
    sources_before = [p.read_bytes() for p in laptops]
    store = WorkbookStore.open(path)
    report = store.import_sources(laptops)
    a = store.workbook.assessments[aid]
    assert report.conflicts == [] and report.changed.get("entries") == 3  # a1 was as rated
    for n, pid in enumerate(pids):
        assert all(a.entries[i].ratings[pid] == 1 + n for i in ("a1", "a2", "a3", "b1"))
    store.close()
    assert [p.read_bytes() for p in laptops] == sources_before  # sources never modified
    assert len(list_backups(path)) == 1 and "before-import" in list_backups(path)[0].name


def test_a_field_changed_on_two_machines_is_a_conflict_kept_and_reported(base):
    path, aid, pids = base
    left, right = copies(path, "left.mwb", "right.mwb")
    with WorkbookStore.open(left) as s:
        s.set_rating(aid, "a1", pids[0], 4)
        s.set_note(aid, "a2", "left note")
    with WorkbookStore.open(right) as s:
        s.set_rating(aid, "a1", pids[0], 2)
        s.set_note(aid, "a3", "right note")  # a different field: no conflict
    results = {}
    for first, second in ((left, right), (right, left)):
        target = first.with_name(f"merged-{first.stem}.mwb")
        shutil.copyfile(first, target)
        with WorkbookStore.open(target) as s:
            report = s.import_sources([second])
            results[first.stem] = (full(s.document()), report)
    (left_full, left_report), (right_full, right_report) = results.values()
    assert left_full == right_full  # A+B = B+A, conflicts table included
    assert len(left_report.conflicts) == 1
    assert "Ana's rating of a1" in left_report.conflicts[0]
    record = left_report.conflict_records[0]
    assert {record["kept"]["value"], record["other"]["value"]} == {2, 4}
    merged = left_full[0]["assessments"][aid]["entries"]
    assert merged["a2"][3] == "left note" and merged["a3"][3] == "right note"
    # importing the same source again adds nothing, not even the conflict
    target = left.with_name("merged-left.mwb")
    with WorkbookStore.open(target) as s:
        again = s.import_sources([right])
        assert not again.changed_anything and again.conflicts == []


def test_dont_know_merges_and_conflicts_like_any_answer(base):
    path, aid, pids = base
    left, right = copies(path, "left.mwb", "right.mwb")
    with WorkbookStore.open(left) as s:
        s.set_rating(aid, "a1", pids[1], UNKNOWN)
        s.set_rating(aid, "b1", pids[2], UNKNOWN)
    with WorkbookStore.open(right) as s:
        s.set_rating(aid, "a1", pids[1], None)
    with WorkbookStore.open(path) as s:
        report = s.import_sources([left, right])
        a = s.workbook.assessments[aid]
        assert a.entries["b1"].ratings[pids[2]] is UNKNOWN
        assert a.entries["a1"].ratings[pids[1]] in (UNKNOWN, None)
        assert len(report.conflicts) == 1 and "don't know" in report.conflicts[0]
        assert "not applicable" in report.conflicts[0]


def test_edit_on_one_copy_is_not_a_conflict_and_wins(base):
    path, aid, pids = base
    edited, older = copies(path, "edited.mwb", "older.mwb")
    with WorkbookStore.open(edited) as s:
        s.set_rating(aid, "a1", pids[1], 4)
        s.set_rating(aid, "a2", pids[1], UNRATED)  # a cleared rating stays cleared
        s.set_note(aid, "a1", "")
    with WorkbookStore.open(path) as s:
        report = s.import_sources([edited])
        entries = s.workbook.assessments[aid].entries
        assert report.conflicts == []
        assert entries["a1"].ratings[pids[1]] == 4 and entries["a1"].note == ""
        assert pids[1] not in entries["a2"].ratings
    # and the other way round: the older copy brings nothing back
    with WorkbookStore.open(edited) as s:
        before = full(s.document())
        assert not s.import_sources([older]).changed_anything
        assert full(s.document()) == before


def test_deleted_assessment_stays_deleted_unless_changed_elsewhere(base):
    path, aid, pids = base
    deleter, editor = copies(path, "deleter.mwb", "editor.mwb")
    with WorkbookStore.open(deleter) as s:
        s.delete_assessment(aid)
    with WorkbookStore.open(path) as s:  # the base never changed it: the deletion wins
        s.import_sources([deleter])
        assert aid not in s.workbook.assessments
    with WorkbookStore.open(editor) as s:
        s.set_note(aid, "b1", "changed after the copy was made")
    with WorkbookStore.open(deleter) as s:  # changed on the other copy: kept, and reported
        report = s.import_sources([editor])
        assert aid in s.workbook.assessments
        assert s.workbook.assessments[aid].entries["b1"].note.startswith("changed")
        assert any("deleted on one copy" in line for line in report.conflicts)


def test_export_then_import_into_a_new_workbook_round_trips(base, tmp_path):
    path, aid, pids = base
    with WorkbookStore.open(path) as s:
        s.finalize(aid)
        exported = export_json(s.document(), tmp_path / "export.json")
        expected = content(s.workbook)
    fresh = WorkbookStore.create(tmp_path / "fresh.mwb", "Fresh")
    report = fresh.import_sources([exported])
    assert report.added["assessments"] == 1
    assert content(fresh.workbook) == expected
    fresh.close()
    assert content(WorkbookStore.open(fresh.path, read_only=True).workbook) == expected


def test_one_assessment_export_imports_alone(base, tmp_path):
    path, aid, pids = base
    with WorkbookStore.open(path) as s:
        other = s.create_assessment(fake_framework(), "Other", "2026-06-01", pids[:1])
        s.set_rating(other.id, "a1", pids[0], 2)
        out = export_json(s.document(), tmp_path / "one.json", assessment_id=aid)
    obj = json.loads(out.read_bytes())
    assert obj["content"] == "assessment" and len(obj["assessments"]) == 1
    with WorkbookStore.create(tmp_path / "one.mwb", "One") as fresh:
        fresh.import_sources([out])
        assert list(fresh.workbook.assessments) == [aid]
        assert set(fresh.workbook.participants) == set(pids)


def _bad_sources(tmp_path, path, aid):
    garbage = tmp_path / "garbage.mwb"
    garbage.write_bytes(b"\x00\x01garbage")
    truncated = tmp_path / "truncated.json"
    truncated.write_bytes(path.read_bytes()[:300])
    wrong_framework = tmp_path / "wrong-framework.mwb"
    obj = json.loads(path.read_bytes())
    next(iter(obj["assessments"].values()))["framework_id"] = "another-model"
    wrong_framework.write_text(json.dumps(obj), encoding="utf-8")
    newer = tmp_path / "newer.json"
    with WorkbookStore.open(path, read_only=True) as s:
        export_json(s.document(), newer)
    obj = json.loads(newer.read_bytes())
    obj["format_version"] = 99
    newer.write_text(json.dumps(obj), encoding="utf-8")
    return {"garbage": garbage, "truncated": truncated, "wrong framework": wrong_framework,
            "newer": newer, "missing": tmp_path / "missing.json"}


def test_bad_input_gets_a_clear_error_and_changes_nothing(base, tmp_path):
    path, aid, pids = base
    good = copies(path, "good.mwb")[0]
    with WorkbookStore.open(good) as s:
        s.set_note(aid, "a1", "good change")
    for name, bad in _bad_sources(tmp_path, path, aid).items():
        before = path.read_bytes()
        source_before = bad.read_bytes() if bad.exists() else None
        with WorkbookStore.open(path) as s:
            with pytest.raises(ImportSourceError) as caught:
                s.import_sources([good, bad])  # all or nothing: the good one is not merged
            message = str(caught.value)
            assert bad.name in message and "\n" not in message, name
            if name == "wrong framework":
                assert "another-model" in message
            if name == "newer":
                assert isinstance(caught.value.__cause__, NewerWorkbookError)
        assert path.read_bytes() == before, name
        assert (bad.read_bytes() if bad.exists() else None) == source_before
    assert list_backups(path) == []


def test_catalog_refuses_items_and_levels_the_framework_lacks(tmp_path):
    from maturity_workbook.paths import load_catalog

    catalog = load_catalog()
    framework = catalog.get("customer-education", "1.0")
    source = WorkbookStore.create(tmp_path / "src.mwb", "Src")
    p = source.add_participant("Ana")
    a = source.create_assessment(framework, "T", "2026-01-01", [p.id])
    source.set_rating(a.id, "not-an-item", p.id, 2)
    source.close()
    target = WorkbookStore.create(tmp_path / "dst.mwb", "Dst")
    with pytest.raises(ImportSourceError, match="not-an-item"):
        target.import_sources([source.path], catalog=catalog)
    assert target.workbook.assessments == {}
    target.close()


# ------------------------------------------------------------------ property: any two edits

EXAMPLES = int(os.environ.get("MW_MERGE_EXAMPLES", "25"))  # raise it for a long soak

OPS = st.lists(st.tuples(st.sampled_from(["rate", "agree", "note", "target", "rename",
                                          "delete", "create", "person", "final"]),
                         st.integers(0, 3), st.integers(0, 3), st.integers(0, 6)),
               max_size=8)


def apply_ops(path, ops, pids, tag):
    with WorkbookStore.open(path) as s:
        for op, i, j, v in ops:
            assessments = list(s.workbook.assessments.values())
            level = [1, 2, 3, 4, None, UNRATED, UNKNOWN][v]
            item = ["a1", "a2", "a3", "b1"][i]
            a = assessments[j % len(assessments)] if assessments else None
            if op == "create" or a is None:
                s.create_assessment(fake_framework(), f"{tag}{i}", "2026-02-0" + str(1 + j),
                                    pids)
            elif op == "delete":
                s.delete_assessment(a.id)
            elif op == "final":
                (s.reopen if a.is_final else s.finalize)(a.id)
            elif op == "rename":
                s.rename(f"{tag}-{v}")
            elif op == "person":
                s.update_participant(pids[i % len(pids)], role=f"{tag}{v}")
            elif a.is_final:
                continue
            elif op == "rate":
                s.set_rating(a.id, item, pids[j % len(pids)], level)
            elif op == "agree":
                s.set_agreed(a.id, item, level)
            elif op == "note":
                s.set_note(a.id, item, "" if v == 5 else f"{tag} note {v}")
            elif op == "target":
                s.set_target(a.id, "alpha", level if is_level(level) else None)


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(left_ops=OPS, right_ops=OPS)
def test_merge_is_idempotent_and_order_independent(base, left_ops, right_ops):
    path, aid, pids = base
    with tempfile.TemporaryDirectory() as folder:
        left, right = Path(folder) / "left.mwb", Path(folder) / "right.mwb"
        shutil.copyfile(path, left)
        shutil.copyfile(path, right)
        apply_ops(left, left_ops, pids, "L")
        apply_ops(right, right_ops, pids, "R")
        A, B = doc_of(left), doc_of(right)
        ab, ba = merge(A, B).document, merge(B, A).document
        assert full(ab) == full(ba)
        assert full(merge(A, A).document) == full(A)
        again = merge(ab, B)
        assert full(again.document) == full(ab) and not again.changed_anything
        assert not merge(ab, A).changed_anything
