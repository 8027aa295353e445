"""The room without a screen: hidden votes, the reveal, the split rule and agenda, the timer, the
finalize check, last time's answers, and the wizard's controller driving them."""

import pytest

from maturity_workbook.core import ops, workshop
from maturity_workbook.core.errors import Refused
from maturity_workbook.core.navigator import DONE, EMPTY, PARTIAL, WizardNavigator
from maturity_workbook.core.wizard import AGREED, Step, WizardController
from maturity_workbook.core.workbook import UNKNOWN, UNRATED, Assessment, Workbook, new_id
from maturity_workbook.core.workshop import Phase


def room(people=("Ana", "Bo", "Cy", "Dee"), facilitated=True):
    wb = Workbook(new_id(), "Northwind")
    pids = [ops.AddParticipant(name).apply(wb).change.participant_id for name in people]
    applied = ops.CreateAssessment("tiny", "1.0", "Spring", "2026-05-14", tuple(pids),
                                   facilitated=facilitated).apply(wb)
    return wb, wb.assessments[applied.change.assessment_id], pids


def vote(wb, a, item, pids, levels):
    for pid, level in zip(pids, levels):
        ops.SetRating(a.id, item, pid, level).apply(wb)


class OpsEditor:
    """The editor the window's session is, without the store: every edit is a core operation,
    so the controller meets the real rules (a reason to leave the median, final is final)."""

    def __init__(self, wb):
        self.wb = wb
        self.calls = []

    def _do(self, name, operation):
        self.calls.append(name)
        operation.apply(self.wb)

    def set_rating(self, aid, item_id, pid, level, retract=False):
        self._do("rating", ops.SetRating(aid, item_id, pid, level))

    def set_agreed(self, aid, item_id, level, retract=False, reason=None, by=None):
        self._do("agreed", ops.SetAgreed(aid, item_id, level, reason, by))

    def set_note(self, aid, item_id, text):
        self._do("note", ops.SetNote(aid, item_id, text))

    def set_evidence(self, aid, item_id, evidence):
        self._do("evidence", ops.SetEvidence(aid, item_id, tuple(evidence)))

    def set_position(self, aid, item_id):
        ops.SetPosition(aid, item_id).apply(self.wb)

    def set_revealed(self, aid, item_id, revealed):
        self._do("reveal" if revealed else "hide", ops.SetRevealed(aid, item_id, revealed))

    def new_round(self, aid, item_id):
        self._do("round", ops.NewRound(aid, item_id))

    def finalize(self, aid):
        self._do("finalize", ops.SetStatus(aid, "final"))


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def controller(framework, wb, a, clock=None, mapper=workshop.same_items):
    return WizardController(framework, a.id, lambda: wb.assessments[a.id], OpsEditor(wb),
                            find=wb.assessments.get, mapper=mapper, clock=clock)


# ------------------------------------------------------------------------------ the phases


def test_before_the_reveal_the_room_sees_who_voted_never_the_level():
    wb, a, (ana, bo, cy, dee) = room()
    vote(wb, a, "a1", (ana, cy), (4, 1))
    state = workshop.room_state(a, "a1")
    assert state.phase is Phase.VOTING and not state.shown
    assert state.voted == (ana, cy) and state.waiting == (bo, dee)
    assert state.distribution is None and state.median is UNRATED and not state.split
    assert state.highest == state.lowest == ()  # not even who stands where
    ops.SetRevealed(a.id, "a1", True).apply(wb)
    shown = workshop.room_state(a, "a1")
    assert shown.phase is Phase.REVEALED and shown.distribution.counts == ((1, 1), (4, 1))


def test_after_the_reveal_distribution_spread_and_who_to_hear_first():
    wb, a, (ana, bo, cy, dee) = room()
    vote(wb, a, "a1", (ana, bo, cy, dee), (2, 4, None, 2))
    ops.SetRevealed(a.id, "a1", True).apply(wb)
    state = workshop.room_state(a, "a1")
    votes = state.distribution
    assert votes.counts == ((2, 2), (4, 1), (None, 1))  # N/A counted, after the stages
    assert votes.count(2) == 2 and votes.count(3) == 0 and votes.count(None) == 1
    assert votes.spread == 2 and votes.split and votes.median == 2
    assert state.highest == (bo,) and state.lowest == (ana, dee)
    ops.SetAgreed(a.id, "a1", 3, reason="Bo's evidence: the survey").apply(wb)
    settled = workshop.room_state(a, "a1")
    assert settled.phase is Phase.SETTLED and settled.agreed_reason.startswith("Bo's")


def test_a_spread_of_one_is_not_split_and_dont_know_is_no_stage():
    wb, a, pids = room()
    vote(wb, a, "a1", pids, (2, 3, UNKNOWN, 3))
    ops.SetRevealed(a.id, "a1", True).apply(wb)
    state = workshop.room_state(a, "a1")
    assert state.distribution.spread == 1 and not state.split and state.highest == ()
    assert state.distribution.count(UNKNOWN) == 1 and state.distribution.count(None) == 0


def test_without_facilitation_every_vote_shows_at_once():
    wb, a, pids = room(facilitated=False)
    vote(wb, a, "a1", pids[:2], (1, 4))
    state = workshop.room_state(a, "a1")
    assert state.shown and state.phase is Phase.REVEALED and state.split


def test_earlier_rounds_stay_on_record():
    wb, a, pids = room()
    vote(wb, a, "a1", pids, (1, 4, 4, 2))
    ops.SetRevealed(a.id, "a1", True).apply(wb)
    ops.NewRound(a.id, "a1").apply(wb)
    vote(wb, a, "a1", pids[:1], (3,))
    state = workshop.room_state(a, "a1")
    assert state.round == 2 and not state.shown and state.voted == (pids[0],)
    assert [d.counts for d in state.earlier] == [((1, 1), (2, 1), (4, 2))]


@pytest.mark.parametrize("votes, level", [((1, 4, 4, 2), 3), ((1, 4, 4, 2), 2),
                                          ((2, 2, 2, 2), 3), ((None, None, 2, 2), 2),
                                          ((), 3), ((UNKNOWN,), 1)])
def test_needs_reason_is_the_rule_set_agreed_enforces(votes, level):
    wb, a, pids = room()
    vote(wb, a, "a1", pids, votes)
    needed = workshop.needs_reason(a, "a1", level)
    if needed:
        with pytest.raises(Refused):
            ops.SetAgreed(a.id, "a1", level).apply(wb)
    else:
        assert ops.SetAgreed(a.id, "a1", level).apply(wb) is not None
    assert needed == (votes == (1, 4, 4, 2) and level == 3 or votes == (2, 2, 2, 2))


def test_a_facilitated_item_is_done_once_revealed_in_full_or_settled(tiny_framework):
    wb, a, pids = room()
    nav = WizardNavigator(tiny_framework, a)
    vote(wb, a, "a1", pids, (2, 2, 3, 3))
    assert nav.status("a1") == PARTIAL  # every vote in, still hidden
    ops.SetRevealed(a.id, "a1", True).apply(wb)
    assert nav.status("a1") == DONE
    vote(wb, a, "a2", pids[:2], (2, 2))
    ops.SetRevealed(a.id, "a2", True).apply(wb)
    assert nav.status("a2") == PARTIAL  # revealed, two still to vote
    ops.SetAgreed(a.id, "a3", 2).apply(wb)  # the room agreed without voting
    assert nav.status("a3") == DONE and nav.status("a4") == EMPTY


# ------------------------------------------------------------------------------ the agenda


def test_the_split_queue_puts_the_widest_open_split_first():
    wb, a, pids = room()
    for item, votes in (("a1", (1, 3, 3, 3)), ("a2", (1, 4, 2, 2)), ("a3", (2, 3, 3, 2)),
                        ("b1", (1, 3, 2, 2)), ("b2", (4, 1, 1, 1))):
        vote(wb, a, item, pids, votes)
        ops.SetRevealed(a.id, item, True).apply(wb)
    ops.SetAgreed(a.id, "b2", 1).apply(wb)  # settled at the median
    vote(wb, a, "a4", pids, (1, 4, 4, 4))  # split, but the room has not seen it
    queue = workshop.split_queue(a, ["a1", "a2", "a3", "a4", "b1", "b2"])
    assert [(s.item_id, s.spread, s.settled) for s in queue] == [
        ("a2", 3, False), ("a1", 2, False), ("b1", 2, False), ("b2", 3, True)]
    assert (queue[0].low, queue[0].high) == (1, 4)


def test_the_finalize_check_lists_splits_never_settled_hidden_ones_too():
    wb, a, pids = room()
    vote(wb, a, "a1", pids, (1, 4, 4, 2))
    vote(wb, a, "a2", pids, (1, 3, 3, 3))
    ops.SetRevealed(a.id, "a2", True).apply(wb)
    ops.SetAgreed(a.id, "a2", 2, reason="the docs are a year old").apply(wb)
    vote(wb, a, "b1", pids, (2, 3, 3, 3))
    unsettled = workshop.unsettled_splits(a, ["a1", "a2", "b1"])
    assert [(u.item_id, u.spread, u.median) for u in unsettled] == [("a1", 3, 2)]


def test_the_presenter_radar_uses_only_what_the_room_has_seen():
    wb, a, pids = room()
    vote(wb, a, "a1", pids, (2, 2, 2, 2))
    vote(wb, a, "a2", pids, (3, 3, 3, 3))
    ops.SetRevealed(a.id, "a2", True).apply(wb)
    ops.SetAgreed(a.id, "b1", 1).apply(wb)
    assert workshop.shown_agreed(a) == {"a2": 3, "b1": 1}
    a.facilitated = False
    assert workshop.shown_agreed(a) == {"a1": 2, "a2": 3, "b1": 1}


def test_a_countdown_runs_pauses_and_overruns():
    clock = FakeClock()
    timer = workshop.Countdown(120, clock)
    assert timer.remaining() == 120 and not timer.running
    timer.start()
    clock.now += 50
    timer.pause()
    clock.now += 1000  # paused: the time does not count
    assert timer.remaining() == 70 and not timer.expired
    timer.start()
    clock.now += 100
    assert timer.remaining() == -30 and timer.expired  # the room ran over by half a minute
    timer.reset(60)
    assert timer.remaining() == 60 and not timer.running


def test_last_time_follows_the_item_mapper():
    wb, old, pids = room()
    vote(wb, old, "a1", pids, (2, 2, 3, 3))
    ops.SetNote(old.id, "a1", "LMS chosen, not rolled out").apply(wb)
    ops.SetAgreed(old.id, "a2", 3).apply(wb)
    ops.SetAgreed(old.id, "a3", 1).apply(wb)
    same = workshop.last_time(old, "a1")
    assert (same.level, same.note, same.new) == (2, "LMS chosen, not rolled out", False)
    assert workshop.last_time(old, "a4").level is UNRATED  # not rated last time
    assert workshop.last_time(None, "a1") is None
    merged = workshop.last_time(old, "x", lambda _i: ("a2", "a3"))
    assert merged.level is UNRATED and merged.sources == ("a2", "a3")  # they disagreed
    known = workshop.items_known_to(["a1", "a2"])
    assert workshop.last_time(old, "a2", known).level == 3
    new = workshop.last_time(old, "c9", known)
    assert new.new and not new.can_confirm


# ------------------------------------------------------------------------------ the controller


def test_votes_stay_hidden_and_the_last_vote_reveals_them(tiny_framework):
    wb, a, (ana, bo, cy, dee) = room()
    c = controller(tiny_framework, wb, a)
    assert c.rows() == [ana, bo, cy, dee]  # no agreed row before the reveal
    assert c.key(ana, "1").row == bo and c.key(bo, "4").row == cy
    assert not c.room().shown and not c.can_take_new_round()
    assert c.key(cy, "4").row == dee
    outcome = c.key(dee, "2")
    assert c.room().shown and c.editor.calls[-2:] == ["rating", "reveal"]
    assert outcome == type(outcome)(Step.ROW, row=AGREED)  # on to settling
    assert c.rows()[-1] == AGREED and c.value(AGREED) == 2


def test_the_reveal_key_and_a_letter_that_never_reveals(tiny_framework):
    wb, a, (ana, bo, cy, dee) = room()
    c = controller(tiny_framework, wb, a)
    assert c.reveal().step is Step.STAY  # nobody voted yet
    for pid in (ana, bo, cy):
        c.key(pid, "3")
    c.key(dee, "n")  # may be the start of a note: no reveal
    assert not c.room().shown and c.can_reveal()
    assert c.reveal() == type(c.reveal())(Step.REFRESH, row=AGREED)
    assert c.room().distribution.counts == ((3, 3), (None, 1))


def test_leaving_the_median_asks_for_a_reason_and_records_who(tiny_framework):
    wb, a, (ana, bo, cy, dee) = room()
    c = controller(tiny_framework, wb, a)
    for pid, key in zip((ana, bo, cy, dee), "1442"):
        c.key(pid, key)
    asked = c.key(AGREED, "3")
    assert asked.step is Step.REASON and asked.value == 3 and not c.agreed_is_set()
    assert c.pick(AGREED, 3).step is Step.REASON
    assert c.key(AGREED, "2").step is Step.STAY and c.agreed_is_set()  # the median: no reason
    c.settle(3, reason="the survey shows a plan", by=bo)
    entry = a.entries["a1"]
    assert (entry.agreed, entry.agreed_reason, entry.agreed_by) == (3, "the survey shows a plan",
                                                                    bo)


def test_a_second_round_hides_the_new_votes_again(tiny_framework):
    wb, a, pids = room()
    c = controller(tiny_framework, wb, a)
    for pid, key in zip(pids, "1443"):
        c.key(pid, key)
    outcome = c.new_round()
    assert outcome.step is Step.REFRESH and outcome.row == pids[0]
    state = c.room()
    assert state.round == 2 and not state.shown and state.voted == ()
    assert c.rows() == pids
    for pid, key in zip(pids, "3343"):
        c.key(pid, key)
    assert c.room().shown and c.room().distribution.spread == 1
    assert [e.counts for e in c.room().earlier] == [((1, 1), (3, 1), (4, 2))]


def test_the_agenda_key_walks_open_splits_widest_first(tiny_framework):
    wb, a, pids = room()
    c = controller(tiny_framework, wb, a)
    for item, keys in (("a2", "1333"), ("b1", "1444"), ("b2", "2222")):
        c.go_to(item)
        for pid, key in zip(pids, keys):
            c.key(pid, key)
    c.go_to("a1")
    assert [s.item_id for s in c.split_queue()] == ["b1", "a2"]
    assert c.next_split().step is Step.ITEM and c.current == "b1"
    c.next_split()
    assert c.current == "a2"
    c.settle(3)
    assert c.next_split().step is Step.ITEM and c.current == "b1"  # the only open one left
    assert c.next_split().step is Step.STAY


def test_a_timer_per_item_pauses_when_the_room_moves_on(tiny_framework):
    wb, a, pids = room()
    clock = FakeClock()
    c = controller(tiny_framework, wb, a, clock=clock)
    assert c.timer() is None
    c.reset_timer(180)
    c.toggle_timer()
    clock.now += 60
    c.go_to("a2")
    clock.now += 500
    assert c.timer("a1").remaining() == 120 and not c.timer("a1").running
    assert c.timer() is None
    c.go_to("a1")
    c.toggle_timer()  # resumes
    clock.now += 30
    assert c.timer().remaining() == 90 and c.timer().running
    c.toggle_timer()
    assert not c.timer().running


def test_finalize_check_and_accepting_the_median(tiny_framework):
    wb, a, pids = room()
    c = controller(tiny_framework, wb, a)
    for pid, key in zip(pids, "1442"):
        c.key(pid, key)
    c.go_to("a2")
    for pid, key in zip(pids, "1333"):
        c.key(pid, key)
    assert [u.item_id for u in c.unsettled()] == ["a1", "a2"]
    c.accept_median("a1")
    assert a.entries["a1"].agreed_set and a.entries["a1"].agreed == 2
    assert [u.item_id for u in c.unsettled()] == ["a2"]
    c.next()
    assert not c.at_end
    c.go_to("b2")
    assert c.next().step is Step.FINALIZE and c.at_end
    c.go_to("a1")
    assert not c.at_end


def test_a_reassessment_shows_last_time_and_counts_only_what_the_room_confirms(tiny_framework):
    wb, old, pids = room(facilitated=False)
    vote(wb, old, "a1", pids, (3, 3, 3, 3))
    ops.SetNote(old.id, "a1", "Playbook written").apply(wb)
    ops.SetAgreed(old.id, "a2", 2).apply(wb)
    ops.SetStatus(old.id, "final").apply(wb)
    applied = ops.CreateAssessment("tiny", "1.0", "Autumn", "2026-11-14", tuple(pids),
                                   copy_from=old.id, facilitated=True).apply(wb)
    new = wb.assessments[applied.change.assessment_id]
    c = controller(tiny_framework, wb, new)
    assert c.navigator.progress().done == 0  # nothing counts before the room says so
    assert c.last_time().level == 3 and c.last_time().note == "Playbook written"
    assert c.can_confirm_last()
    c.key(pids[0], "2")  # a hidden vote: confirming now would overrule it unseen
    assert not c.can_confirm_last() and c.confirm_last().step is Step.STAY
    c.key(pids[0], "3")
    for pid in pids[1:]:
        c.key(pid, "2")
    asked = c.confirm_last()  # the room votes 2, last time was 3: why?
    assert asked.step is Step.REASON and asked.value == 3
    c.go_to("a2")
    c.confirm_last()
    assert new.entries["a2"].agreed == 2 and c.navigator.status("a2") == DONE
    assert not c.can_confirm_last()  # already confirmed
    c.go_to("a3")
    assert c.last_time().level is UNRATED and not c.can_confirm_last()


def test_without_facilitation_the_wizard_is_as_before(tiny_framework):
    wb, a, (ana,) = room(people=("Ana",), facilitated=False)
    c = controller(tiny_framework, wb, a)
    assert c.rows() == [ana]
    c.key(ana, "3")
    assert c.room().shown and c.navigator.status("a1") == DONE
    assert c.unsettled() == [] and c.split_queue() == []
    assert c.reveal().step is Step.STAY and c.last_time() is None


def test_across_versions_the_mapping_decides_what_can_be_confirmed():
    """A 2.0 reassessment of a 1.0 assessment: kept and renamed items show last time's answer
    to confirm, split items show it as a hint only, new items are marked new."""
    from maturity_workbook.paths import load_catalog

    catalog = load_catalog()
    old_fw = catalog.get("customer-education", "1.0")
    old = Assessment(new_id(), old_fw.id, "1.0", "Spring", "2025-05-01", status="final")
    for item_id, level in {"content-sme": 3, "delivery-one-link": 2,
                           "content-product-thinking": 2, "delivery-engagement": 1}.items():
        entry = old.entry(item_id)
        entry.agreed, entry.agreed_set = level, True
    old.entry("delivery-one-link").note = "Everyone gets the same link"
    new = Assessment(new_id(), old_fw.id, "2.0", "Autumn", "2025-11-01", based_on=old.id)
    mapper = workshop.mapper_for(catalog, old, new)

    kept = workshop.last_time(old, "content-sme", mapper)
    assert (kept.level, kept.change, kept.can_confirm) == (3, "kept", True)
    renamed = workshop.last_time(old, "delivery-onboarding-link", mapper)
    assert renamed.sources == ("delivery-one-link",) and renamed.can_confirm
    assert renamed.note == "Everyone gets the same link" and renamed.change == "renamed"
    assert renamed.prompts == (old_fw.item("delivery-one-link").prompt,)
    split = workshop.last_time(old, "content-backlog", mapper)
    assert (split.level, split.hint, split.change) == (2, True, "split")
    assert not split.can_confirm and split.answers == (("content-product-thinking", 2),)
    fresh = workshop.last_time(old, "delivery-deals", mapper)
    assert fresh.new and fresh.change == "new" and not fresh.can_confirm
    # within one version nothing changes; another framework shares no items
    assert workshop.mapper_for(catalog, old, old) is workshop.same_items
    other = Assessment(new_id(), "three-jobs-six-stage", "2.0", "Jobs", "2025-11-01")
    assert workshop.last_time(old, "create-1", workshop.mapper_for(catalog, old, other)).new


def test_a_hint_is_never_confirmed_by_the_controller(tiny_framework):
    wb, old, pids = room()
    ops.SetAgreed(old.id, "a1", 3).apply(wb)
    old.status = "final"
    a = Assessment(new_id(), "tiny", "1.0", "Again", "2025-06-01",
                   participant_ids=list(pids), based_on=old.id)
    wb.assessments[a.id] = a
    split = lambda item_id: workshop.Origin(("a1",), carries=False, change="split")  # noqa: E731
    c = controller(tiny_framework, wb, a, mapper=split)
    assert c.last_time().level == 3 and c.last_time().hint
    assert not c.can_confirm_last() and c.confirm_last().step is Step.STAY
    assert a.agreed_level("a1") is UNRATED
