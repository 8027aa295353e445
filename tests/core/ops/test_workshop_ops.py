"""The room's edits: hidden votes revealed together, a second round that keeps the first, and an
agreed rating that leaves the median only with a reason."""

import pytest

from maturity_workbook.core import ops
from maturity_workbook.core.errors import Refused
from maturity_workbook.core.ops import Touch, What
from maturity_workbook.core.workbook import UNKNOWN, UNRATED
from tests.core.ops.test_operations import state, workbook_with


@pytest.fixture
def room():
    wb, a, pids = workbook_with(("Ana", "Bo", "Cy", "Dee"))
    ops.SetFacilitated(a.id, True).apply(wb)
    return wb, a, pids


def test_a_second_round_keeps_the_first_and_hides_again(room):
    wb, a, pids = room
    for pid, level in zip(pids, (1, 2, 4, 4)):
        ops.SetRating(a.id, "a1", pid, level).apply(wb)
    revealed = ops.SetRevealed(a.id, "a1", True).apply(wb)
    assert revealed.change.what is What.REVEAL and a.entries["a1"].revealed
    before = state(wb)
    second = ops.NewRound(a.id, "a1").apply(wb)
    entry = a.entries["a1"]
    assert (entry.round, entry.ratings, entry.revealed) == (2, {}, False)
    assert entry.earlier == [dict(zip(pids, (1, 2, 4, 4)))]
    assert Touch(("entries", a.id, "a1"), "earlier") in second.touched
    assert a.agreed_level("a1") is UNRATED  # the room has not voted in this round yet
    ops.SetRating(a.id, "a1", pids[0], 3).apply(wb)
    assert entry.rounds() == [dict(zip(pids, (1, 2, 4, 4))), {pids[0]: 3}]
    ops.SetRating(a.id, "a1", pids[0], UNRATED).apply(wb)
    second.inverse.apply(wb)
    assert state(wb) == before


def test_a_round_needs_votes_and_a_draft(room):
    wb, a, pids = room
    with pytest.raises(Refused, match="nothing"):
        ops.NewRound(a.id, "a1").apply(wb)
    ops.SetRating(a.id, "a1", pids[0], 2).apply(wb)
    ops.SetStatus(a.id, "final").apply(wb)
    with pytest.raises(Refused, match="reopen"):
        ops.NewRound(a.id, "a1").apply(wb)


def test_leaving_the_median_needs_a_reason_in_a_facilitated_room(room):
    wb, a, pids = room
    for pid, level in zip(pids, (2, 2, 3, 4)):
        ops.SetRating(a.id, "a1", pid, level).apply(wb)
    assert a.agreed_level("a1") == 2
    with pytest.raises(Refused, match="say why"):
        ops.SetAgreed(a.id, "a1", 3).apply(wb)
    ops.SetAgreed(a.id, "a1", 2).apply(wb)  # the median itself needs no reason
    applied = ops.SetAgreed(a.id, "a1", 3, reason="the CRM sync went live last week",
                            by=pids[2]).apply(wb)
    entry = a.entries["a1"]
    assert (entry.agreed, entry.agreed_reason, entry.agreed_by) == (
        3, "the CRM sync went live last week", pids[2])
    assert {t.field for t in applied.touched} == {"agreed", "agreed_reason", "agreed_by"}
    applied.inverse.apply(wb)
    assert (entry.agreed, entry.agreed_reason, entry.agreed_by) == (2, "", "")
    ops.SetAgreed(a.id, "a1", UNKNOWN).apply(wb)  # don't know is no level: no reason needed
    ops.SetFacilitated(a.id, False).apply(wb)
    ops.SetAgreed(a.id, "a1", 4).apply(wb)  # a team of one settles without a reason


def test_facilitation_and_reveal_are_plain_flags(room):
    wb, a, pids = room
    with pytest.raises(ValueError):
        ops.SetFacilitated(a.id, 1).apply(wb)
    assert ops.SetFacilitated(a.id, True).apply(wb) is None
    shown = ops.SetRevealed(a.id, "b1", True).apply(wb)  # nobody voted yet: still allowed
    hidden = shown.inverse.apply(wb)
    assert "b1" not in a.entries and Touch(("entries", a.id, "b1"), None) in hidden.touched
