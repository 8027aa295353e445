"""Operations apply the domain rules, report what they touched and undo exactly (no Qt, no
files)."""

import copy
from dataclasses import dataclass, field

import pytest
from hypothesis import example, given, settings, strategies as st

from maturity_workbook.core import ops
from maturity_workbook.core.errors import InvalidValue, NotFound, Refused
from maturity_workbook.core.ops import Touch, What
from maturity_workbook.core.workbook import (
    FINAL, UNKNOWN, UNRATED, Assessment, ItemEntry, Participant, Workbook, new_id,
)


def workbook_with(people=("Ana", "Bo", "Cy")) -> tuple[Workbook, Assessment, list[str]]:
    wb = Workbook(new_id(), "Northwind")
    pids = [ops.AddParticipant(name).apply(wb).change.participant_id for name in people]
    applied = ops.CreateAssessment("tiny", "1.0", "Spring", "2026-05-14", tuple(pids)).apply(wb)
    return wb, wb.assessments[applied.change.assessment_id], pids


def state(wb: Workbook):
    """Everything an operation may change, comparable."""
    snapshot = copy.deepcopy(wb)
    for a in snapshot.assessments.values():
        a.updated = ""  # a timestamp, not content
    # reading a collection makes an empty one: no records is no records
    snapshot.collections = {t: r for t, r in snapshot.collections.items() if r}
    return snapshot


def test_a_rating_reports_its_change_touch_and_inverse():
    wb, a, pids = workbook_with()
    applied = ops.SetRating(a.id, "a1", pids[0], 3).apply(wb)
    assert applied.change.what is What.RATING and applied.change.item_id == "a1"
    assert applied.change.participant_id == pids[0]
    assert applied.touched == (Touch(("entries", a.id, "a1"), f"rating:{pids[0]}"),)
    assert applied.inverse == ops.SetRating(a.id, "a1", pids[0], UNRATED)
    assert a.entries["a1"].ratings == {pids[0]: 3}
    assert applied.inverse.apply(wb).touched == (
        Touch(("entries", a.id, "a1"), f"rating:{pids[0]}", removed=True),
        Touch(("entries", a.id, "a1"), None))  # the emptied entry is dropped
    assert "a1" not in a.entries


def test_nothing_to_change_returns_none():
    wb, a, pids = workbook_with()
    ops.SetRating(a.id, "a1", pids[0], 0).apply(wb)
    assert ops.SetRating(a.id, "a1", pids[0], 0).apply(wb) is None
    assert ops.SetRating(a.id, "a1", pids[0], UNKNOWN).apply(wb) is not None  # not the same as 0
    assert ops.SetNote(a.id, "a9", "").apply(wb) is None
    assert ops.SetWorkbookField("name", "  Northwind ").apply(wb) is None


def test_final_assessments_refuse_rating_edits_but_not_details():
    wb, a, pids = workbook_with()
    ops.SetStatus(a.id, FINAL).apply(wb)
    for operation in (ops.SetRating(a.id, "a1", pids[0], 1), ops.SetAgreed(a.id, "a1", 2),
                      ops.SetNote(a.id, "a1", "x"), ops.SetEvidence(a.id, "a1", ("x",)),
                      ops.UpdateAssessment(a.id, participant_ids=(pids[0],))):
        before = state(wb)
        with pytest.raises(Refused, match="reopen"):
            operation.apply(wb)
        assert state(wb) == before
    assert ops.UpdateAssessment(a.id, title="Spring review").apply(wb) is not None
    assert ops.SetPosition(a.id, "a2").apply(wb) is not None


@pytest.mark.parametrize("operation, error", [
    (lambda a, p: ops.SetRating("ghost", "a1", p[0], 1), NotFound),
    (lambda a, p: ops.SetRating(a.id, "a1", "nobody", 1), NotFound),
    (lambda a, p: ops.SetRating(a.id, "a1", p[0], "3"), InvalidValue),
    (lambda a, p: ops.SetRating(a.id, "a1", p[0], True), InvalidValue),
    (lambda a, p: ops.SetRating(a.id, "", p[0], 1), InvalidValue),
    (lambda a, p: ops.SetTarget(a.id, "alpha", UNKNOWN), InvalidValue),
    (lambda a, p: ops.SetEvidence(a.id, "a1", "one string"), InvalidValue),
    (lambda a, p: ops.SetNote(a.id, "a1", 42), InvalidValue),
    (lambda a, p: ops.CreateAssessment("tiny", "1.0", "x", "14/05/2026", ()), InvalidValue),
    (lambda a, p: ops.CreateAssessment("tiny", "1.0", "x", "2026-05-14", ("ghost",)), NotFound),
    (lambda a, p: ops.SetWorkbookField("reassess_months", 0), InvalidValue),
    (lambda a, p: ops.SetWorkbookField("name", "   "), InvalidValue),
    (lambda a, p: ops.SetWorkbookField("colour", "red"), InvalidValue),
    (lambda a, p: ops.RemoveParticipant(p[0]), Refused),  # took part: ratings keep their people
])
def test_bad_edits_are_refused_and_change_nothing(operation, error):
    wb, a, pids = workbook_with()
    ops.SetRating(a.id, "a1", pids[0], 2).apply(wb)
    before = state(wb)
    with pytest.raises(error):
        operation(a, pids).apply(wb)
    assert state(wb) == before


def test_a_participant_outside_the_assessment_cannot_rate():
    wb, a, pids = workbook_with()
    outsider = ops.AddParticipant("Outsider").apply(wb).change.participant_id
    with pytest.raises(InvalidValue, match="not taking part"):
        ops.SetRating(a.id, "a1", outsider, 1).apply(wb)
    assert ops.RemoveParticipant(outsider).apply(wb).inverse == ops.AddParticipant(
        "Outsider", "", outsider)


def test_targets_change_after_finalizing_and_their_history_is_kept():
    from maturity_workbook.core.targets import TABLE, target_history

    wb, a, pids = workbook_with()
    ops.SetTarget(a.id, "alpha", 2).apply(wb)  # a draft's target is working state: no history
    ops.SetStatus(a.id, FINAL).apply(wb)
    assert wb.collection(TABLE) == {}
    raised = ops.SetTarget(a.id, "alpha", 3).apply(wb)
    dropped = ops.SetTarget(a.id, "alpha", None).apply(wb)
    history = target_history(wb, a.id, "alpha")
    assert [(c.before, c.after) for c in history] == [(2, 3), (3, None)]
    assert {t.record[0] for t in raised.touched} == {"targets", TABLE}
    dropped.inverse.apply(wb)
    raised.inverse.apply(wb)
    assert a.targets == {"alpha": 2} and wb.collection(TABLE) == {}  # undo leaves no trace


def test_a_copy_is_based_on_the_last_one_and_sets_no_rating():
    """A reassessment shows last time's answers beside each item (core.workshop.last_time);
    nothing counts as done until the room confirms or changes it."""
    wb, a, pids = workbook_with()
    ops.SetRating(a.id, "a1", pids[0], 2).apply(wb)
    ops.SetAgreed(a.id, "b1", None).apply(wb)
    applied = ops.CreateAssessment("tiny", "1.0", "Autumn", "2026-11-14", tuple(pids), a.id,
                                   facilitated=True).apply(wb)
    copy_ = wb.assessments[applied.change.assessment_id]
    assert copy_.based_on == a.id and copy_.facilitated
    assert copy_.entries == {}
    assert Touch(("assessments", copy_.id), "based_on") in applied.touched
    assert ops.DeleteAssessment(copy_.id).apply(wb).inverse.assessment.id == copy_.id


def test_delete_and_its_undo_bring_back_entries_and_targets():
    wb, a, pids = workbook_with()
    ops.SetRating(a.id, "a1", pids[0], 2).apply(wb)
    ops.SetTarget(a.id, "alpha", 3).apply(wb)
    before = state(wb)
    deleted = ops.DeleteAssessment(a.id).apply(wb)
    assert {t.record for t in deleted.touched} == {
        ("assessments", a.id), ("entries", a.id, "a1"), ("targets", a.id, "alpha")}
    assert all(t.field is None for t in deleted.touched)
    restored = deleted.inverse.apply(wb)
    assert state(wb) == before
    assert Touch(("targets", a.id, "alpha"), "level") in restored.touched


def test_a_batch_is_all_or_nothing():
    wb, a, pids = workbook_with()
    before = state(wb)
    with pytest.raises(NotFound):
        ops.Batch((ops.SetRating(a.id, "a1", pids[0], 1), ops.SetNote(a.id, "a1", "why"),
                   ops.SetRating(a.id, "a2", "nobody", 1))).apply(wb)
    assert state(wb) == before
    applied = ops.Batch((ops.SetRating(a.id, "a1", pids[0], 1),
                         ops.SetNote(a.id, "a1", "why"))).apply(wb)
    assert applied.change.what is What.MANY and len(applied.touched) == 2
    applied.inverse.apply(wb)
    assert state(wb) == before


def test_undo_history_undoes_redoes_and_merges_typing():
    wb, a, pids = workbook_with()
    history = ops.UndoHistory(lambda operation: operation.apply(wb))
    seen = []
    history.subscribe(lambda: seen.append(history.can_undo))
    history.do(ops.SetRating(a.id, "a1", pids[0], 3))
    for text in ("W", "Wh", "Why"):
        history.do(ops.SetNote(a.id, "a1", text), merge_key=("note", a.id, "a1"))
    assert a.entries["a1"].note == "Why" and history.undo_label is ops.Label.NOTE
    history.undo()  # the whole note at once
    assert a.entries["a1"].note == "" and a.entries["a1"].ratings[pids[0]] == 3
    history.undo()
    assert "a1" not in a.entries and not history.can_undo
    history.redo()
    history.redo()
    assert a.entries["a1"].note == "Why" and not history.can_redo
    history.do(ops.SetRating(a.id, "a2", pids[1], 1))
    assert not history.can_redo  # a new edit forgets what was undone
    assert history.do(ops.SetRating(a.id, "a2", pids[1], 1)) is None  # no-op, no step
    assert seen and seen[-1] is True
    history.clear()
    assert not history.can_undo and not history.can_redo


# ------------------------------------------------------------------ every edit undoes exactly

LEVELS = [0, 1, 2, 3, 4, None, UNKNOWN, UNRATED]
EDIT = st.tuples(st.sampled_from(["rate", "agree", "note", "evidence", "target", "title",
                                  "final", "position", "facilitate", "reveal", "round",
                                  "settle"]),
                 st.integers(0, 2), st.integers(0, 2), st.integers(0, len(LEVELS) - 1))


def operation_for(a, pids, kind, i, j, v):
    item = ["a1", "a2", "b1"][i]
    level = LEVELS[v]
    return {
        "rate": ops.SetRating(a.id, item, pids[j], level),
        "agree": ops.SetAgreed(a.id, item, level),
        "note": ops.SetNote(a.id, item, "" if v == 0 else f"note {v} 한국어 ✓"),
        "evidence": ops.SetEvidence(a.id, item, tuple(f"line {n}" for n in range(v % 3))),
        "target": ops.SetTarget(a.id, "alpha", level if isinstance(level, int) else None),
        "title": ops.UpdateAssessment(a.id, title=f"Title {v}", notes=f"n{j}"),
        "final": ops.SetStatus(a.id, "final" if v % 2 else "draft"),
        "position": ops.SetPosition(a.id, item if v else None),
        "facilitate": ops.SetFacilitated(a.id, bool(v % 2)),
        "reveal": ops.SetRevealed(a.id, item, bool(v % 2)),
        "round": ops.NewRound(a.id, item),
        "settle": ops.SetAgreed(a.id, item, level, reason=f"because {v}", by=pids[j]),
    }[kind]


@settings(max_examples=60, deadline=None)
@given(edits=st.lists(EDIT, max_size=25))
@example(edits=[("final", 0, 0, 1), ("target", 0, 0, 0), ("target", 0, 0, 3)])  # target history
@example(edits=[("rate", 0, 0, 0), ("agree", 0, 0, 1), ("facilitate", 0, 0, 1),
                ("agree", 0, 0, 0)])  # undo of a settled rating needs no new reason
def test_undoing_every_edit_in_reverse_restores_the_start(edits):
    wb, a, pids = workbook_with()
    start = state(wb)
    history = ops.UndoHistory(lambda operation: operation.apply(wb))
    for edit in edits:
        try:
            history.do(operation_for(a, pids, *edit))
        except Refused:
            pass  # a final assessment refused it: nothing changed, nothing recorded
    end = state(wb)
    while history.can_undo:
        history.undo()
    assert state(wb) == start
    while history.can_redo:
        history.redo()
    assert state(wb) == end


# ------------------------------------------------------------------------ records of a kind


@dataclass
class Reminder:
    id: str
    title: str
    due: str | None = None
    owner_id: str | None = None
    tags: list[str] = field(default_factory=list)


@pytest.fixture
def reminders(monkeypatch):
    from maturity_workbook.core import kinds
    from maturity_workbook.core.kinds import FieldSpec, FieldType, RecordKind

    def check(wb, reminder):
        if reminder.owner_id is not None and reminder.owner_id not in wb.participants:
            raise InvalidValue(kinds.Problem.BAD_REFERENCE, what="owner", value=reminder.owner_id)

    spec = RecordKind("reminders", Reminder, (
        FieldSpec("title", FieldType.NAME), FieldSpec("due", FieldType.DATE, optional=True),
        FieldSpec("owner_id", FieldType.REF, optional=True, ref="participants"),
        FieldSpec("tags", FieldType.TEXT_LIST)), check=check, label_field="title")
    monkeypatch.setitem(kinds._KINDS, "reminders", spec)
    return spec


def test_records_of_a_kind_are_added_changed_removed_and_undone(reminders):
    wb, a, pids = workbook_with()
    added = ops.AddRecord("reminders", {"title": "Book the room", "owner_id": pids[0]}).apply(wb)
    rid = added.change.record_id
    reminder = wb.collection("reminders")[rid]
    assert (reminder.title, reminder.due, reminder.tags) == ("Book the room", None, [])
    assert {t.field for t in added.touched} == {"title", "due", "owner_id", "tags"}
    changed = ops.UpdateRecord("reminders", rid, {"due": "2026-06-01", "tags": ["room"]}
                               ).apply(wb)
    assert {t.field for t in changed.touched} == {"due", "tags"}
    assert ops.UpdateRecord("reminders", rid, {"due": "2026-06-01"}).apply(wb) is None
    for bad in ({"due": "tomorrow"}, {"title": ""}, {"owner_id": "ghost"}, {"colour": "red"}):
        with pytest.raises(InvalidValue):
            ops.UpdateRecord("reminders", rid, bad).apply(wb)
    changed.inverse.apply(wb)
    assert (reminder.due, reminder.tags) == (None, [])
    removed = ops.RemoveRecord("reminders", rid).apply(wb)
    assert rid not in wb.collection("reminders") and removed.touched == (
        Touch(("reminders", rid), None),)
    removed.inverse.apply(wb)
    assert wb.collection("reminders")[rid].title == "Book the room"
    with pytest.raises(NotFound):
        ops.RemoveRecord("reminders", "ghost").apply(wb)
