"""Wizard navigation without a screen: order, completeness, resume position."""

from maturity_workbook.core.wizard import DONE, EMPTY, PARTIAL, Position, WizardNavigator
from maturity_workbook.core.workbook import Assessment


def make_assessment(participants=("p1", "p2")):
    return Assessment("a", "tiny", "1.0", "t", "2026-01-01", participant_ids=list(participants))


def test_order_and_moving(tiny_framework):
    nav = WizardNavigator(tiny_framework, make_assessment())
    assert [i.id for i in nav.items] == ["a1", "a2", "a3", "a4", "b1", "b2"]
    assert nav.start().id == "a1"
    assert nav.next("a4").id == "b1" and nav.next("b2") is None
    assert nav.previous("b1").id == "a4" and nav.previous("a1") is None
    assert nav.position("b2") == Position("beta", "Beta", 2, 2)


def test_status_follows_participants_and_agreement(tiny_framework):
    assessment = make_assessment()
    nav = WizardNavigator(tiny_framework, assessment)
    assert nav.status("a1") == EMPTY
    assessment.entry("a1").ratings["p1"] = 2
    assert nav.status("a1") == PARTIAL
    assessment.entry("a1").ratings["p2"] = None  # an N/A answer counts as answered
    assert nav.status("a1") == DONE
    assessment.entry("a2").agreed, assessment.entry("a2").agreed_set = 3, True
    assert nav.status("a2") == DONE  # the room agreed without everyone rating
    assessment.entry("a3").note = "only a note"
    assert nav.status("a3") == EMPTY
    assert str(nav.progress("alpha")) == "2/4" and str(nav.progress()) == "2/6"
    assert [i.id for i in nav.missing()] == ["a3", "a4", "b1", "b2"]


def test_next_unfinished_wraps_and_start_resumes(tiny_framework):
    assessment = make_assessment(["p1"])
    nav = WizardNavigator(tiny_framework, assessment)
    for item_id in ("a1", "a2", "b2"):
        assessment.entry(item_id).ratings["p1"] = 1
    assert nav.next_unfinished("b2").id == "a3"
    assert nav.next_unfinished("a3").id == "a4"
    assert nav.start().id == "a3"  # first unfinished when no position was saved
    assessment.position = "b1"
    assert nav.start().id == "b1"
    for item_id in ("a3", "a4", "b1"):
        assessment.entry(item_id).ratings["p1"] = 2
    assert nav.is_complete() and nav.next_unfinished("a1") is None


# ------------------------------------------------------------------------- the controller

import pytest  # noqa: E402

from maturity_workbook.core.framework import parse_framework  # noqa: E402
from maturity_workbook.core.wizard import (  # noqa: E402
    AGREED, DONT_KNOW, Key, Step, WizardController,
)
from maturity_workbook.core.workbook import UNRATED  # noqa: E402


class RecordingEditor:
    """Applies edits to the plain objects the way the store does, and records every call."""

    def __init__(self, assessment):
        self.assessment = assessment
        self.calls = []

    def set_rating(self, aid, item_id, pid, level, retract=False):
        self.calls.append(("rating", item_id, pid, level, retract))
        entry = self.assessment.entry(item_id)
        if level is UNRATED:
            entry.ratings.pop(pid, None)
        else:
            entry.ratings[pid] = level
        self._drop(item_id)

    def set_agreed(self, aid, item_id, level, retract=False):
        self.calls.append(("agreed", item_id, level, retract))
        entry = self.assessment.entry(item_id)
        entry.agreed, entry.agreed_set = (None, False) if level is UNRATED else (level, True)
        self._drop(item_id)

    def set_note(self, aid, item_id, text):
        self.calls.append(("note", item_id, text))
        self.assessment.entry(item_id).note = text
        self._drop(item_id)

    def set_evidence(self, aid, item_id, evidence):
        self.calls.append(("evidence", item_id, list(evidence)))
        self.assessment.entry(item_id).evidence = list(evidence)
        self._drop(item_id)

    def set_position(self, aid, item_id):
        self.calls.append(("position", item_id))
        self.assessment.position = item_id

    def finalize(self, aid):
        self.calls.append(("finalize",))
        self.assessment.status = "final"

    def _drop(self, item_id):
        if self.assessment.entries[item_id].is_empty():
            del self.assessment.entries[item_id]

    def edits(self):
        return [c for c in self.calls if c[0] != "position"]


def make_controller(framework, participants=("p1", "p2"), read_only=False):
    assessment = make_assessment(participants)
    editor = RecordingEditor(assessment)
    controller = WizardController(framework, assessment.id, lambda: assessment, editor,
                                  read_only=read_only)
    return controller, assessment, editor


def test_number_keys_rate_as_ints_and_focus_walks_down_the_rows(tiny_framework):
    c, a, editor = make_controller(tiny_framework)
    assert c.current == "a1" and c.rows() == ["p1", "p2", AGREED]
    assert c.first_open_row() == "p1"
    assert c.key("p1", "3") == c.key("p1", "3").__class__(Step.ROW, row="p2")
    assert editor.edits() == [("rating", "a1", "p1", 3, False)]  # the same key twice: one edit
    assert type(a.entries["a1"].ratings["p1"]) is int
    assert c.key("p2", "2").row == AGREED
    assert c.value(AGREED) == 2 and not c.agreed_is_set()  # the median stands in
    assert c.key(AGREED, "4").step is Step.STAY  # the last row keeps focus for the note
    assert c.value(AGREED) == 4 and c.agreed_is_set()
    assert c.key("p1", "7").step is Step.STAY  # no stage 7: nothing happens
    assert a.entries["a1"].ratings["p1"] == 3
    assert c.first_open_row() == "p1"  # every row rated: the first one
    c.key("p2", "٣")  # an Arabic-Indic three is a three
    assert a.entries["a1"].ratings["p2"] == 3


def test_not_applicable_dont_know_clear_and_row_moves(tiny_framework):
    c, a, editor = make_controller(tiny_framework)
    c.key("p1", "n")
    assert a.entries["a1"].ratings["p1"] is None
    c.key("p2", "0")  # 0 is no stage of this model: not applicable too
    assert a.entries["a1"].ratings["p2"] is None
    c.key("p1", "?")
    assert a.entries["a1"].ratings["p1"] is DONT_KNOW
    assert c.key("p1", named=Key.BACKSPACE).step is Step.STAY
    assert "p1" not in a.entries["a1"].ratings
    assert c.key("p2", named=Key.DELETE).step is Step.STAY and "a1" not in a.entries
    assert c.key("p2", named=Key.UP).row == "p1"
    assert c.key("p1", named=Key.UP).step is Step.STAY
    assert c.key(AGREED, named=Key.DOWN).step is Step.STAY
    assert [answer.kind for answer in c.answers()] == (
        ["not-applicable"] if DONT_KNOW is None else ["not-applicable", "dont-know"])


def test_levels_may_start_at_zero(tiny_framework):
    text = TINY_ZERO
    framework = parse_framework(text, "zero.yaml")
    assert framework.levels == (0, 1, 2)
    c, a, _ = make_controller(framework, participants=["p1"])
    assert c.rows() == ["p1"]  # a workshop of one has no agreed row
    assert c.key("p1", "0").step is Step.STAY and a.entries["z1"].ratings["p1"] == 0
    c.key("p1", "N")
    assert a.entries["z1"].ratings["p1"] is None
    assert c.key("p1", "3").step is Step.STAY and a.entries["z1"].ratings["p1"] is None


def test_typing_on_a_rating_row_never_changes_a_rating(tiny_framework):
    c, a, editor = make_controller(tiny_framework)
    c.key("p1", "2")
    # "Sales own onboarding": the first letter is no rating key, so the text goes to the note
    assert c.key("p2", "S") == c.key("p2", "S").__class__(Step.TYPE, text="S")
    # "nothing agreed": n rates p1 and moves on, the o shows it was a word: the rating is put back
    before = dict(a.entries["a1"].ratings)
    first = c.key("p2", "n")
    assert first.row == AGREED and a.entries["a1"].ratings["p2"] is None
    typed = c.key(AGREED, "o")
    assert typed.step is Step.TYPE and typed.text == "no"
    assert a.entries["a1"].ratings == before
    assert editor.calls[-1] == ("rating", "a1", "p2", UNRATED, True)  # marked as a retraction
    # on the agreed row too, back to the median
    c.key(AGREED, "N")
    assert c.value(AGREED) is None and c.agreed_is_set()
    assert c.key(AGREED, "o").text == "No"
    assert not c.agreed_is_set() and c.value(AGREED) == 2
    # a deliberate N/A, then a sentence: the rating stays
    c.key("p2", "n")
    assert c.key(AGREED, "W").text == "W" and a.entries["a1"].ratings["p2"] is None
    # keys between the N and the letter end the word
    c.key("p1", "n")
    c.key("p2", named=Key.UP)
    assert c.key("p1", "o").text == "o" and a.entries["a1"].ratings["p1"] is None
    # an N that changed nothing is not put back either
    c.key("p1", "n")
    assert c.key("p2", "o").text == "o" and a.entries["a1"].ratings["p1"] is None


def test_read_only_and_final_assessments_take_no_keys(tiny_framework):
    c, a, editor = make_controller(tiny_framework, read_only=True)
    assert c.key("p1", "3").step is Step.STAY
    assert c.key("p1", "x").step is Step.IGNORED
    assert c.pick("p1", 2).step is Step.STAY
    c.type_note("not kept")
    c.commit_drafts()
    assert editor.calls == [] and not a.entries
    c.go_to("a4")
    assert c.next().step is Step.ITEM and c.current == "b1"
    assert editor.calls == []  # not even the position
    c.go_to("b2")
    assert c.next().step is Step.STAY  # the end of a read-only assessment: nothing to finalize


def test_clicks_toggle_and_use_median(tiny_framework):
    c, a, _ = make_controller(tiny_framework)
    assert c.pick("p1", 3).row == "p1"
    assert c.pick("p1", 3) and "a1" not in a.entries  # clicking the picked level clears it
    c.pick("p1", None)
    assert a.entries["a1"].ratings["p1"] is None
    c.pick("p2", 4)
    c.pick(AGREED, 4)  # the median is 4 but nobody set it: a click sets it
    assert c.agreed_is_set() and c.value(AGREED) == 4
    c.use_median()
    assert not c.agreed_is_set() and c.value(AGREED) == 4


def test_enter_goes_on_and_the_end_offers_to_finalize(tiny_framework):
    c, a, editor = make_controller(tiny_framework)
    outcome = c.key("p1", named=Key.ENTER)
    assert outcome.step is Step.ITEM and outcome.row == "p1" and c.current == "a2"
    assert a.position == "a2"
    assert c.previous().step is Step.ITEM and c.current == "a1"
    assert c.previous().step is Step.STAY and c.is_first()
    c.go_to("b2")
    assert c.is_last() and c.position() == Position("beta", "Beta", 2, 2)
    c.type_note("the last word")
    assert c.next().step is Step.FINALIZE
    assert a.entries["b2"].note == "the last word"  # kept before anyone is asked anything
    assert [i.id for i in c.missing()][:2] == ["a1", "a2"]
    c.finalize()
    assert a.is_final and editor.calls[-1] == ("finalize",)
    assert not c.editable and c.key("p1", "2").step is Step.STAY


def test_next_unfinished_and_resume(tiny_framework):
    c, a, _ = make_controller(tiny_framework, participants=["p1"])
    for item in ("a1", "a2", "b1"):
        c.go_to(item)
        c.key("p1", "2")
    c.go_to("a1")
    assert c.next_unfinished().step is Step.ITEM and c.current == "a3"
    c.key("p1", "1")
    assert c.next_unfinished().step is Step.ITEM and c.current == "a4"
    # the room stopped at a4: a new controller on the same assessment resumes there
    again = WizardController(tiny_framework, a.id, lambda: a, RecordingEditor(a))
    assert again.current == "a4"
    for item in ("a4", "b2"):
        c.go_to(item)
        c.key("p1", "3")
    assert c.next_unfinished().step is Step.ALL_DONE
    with pytest.raises(KeyError):
        c.go_to("nope")
    assert c.current == "b2"


def test_drafts_are_committed_on_leaving_and_follow_undo(tiny_framework):
    c, a, editor = make_controller(tiny_framework)
    c.type_note("why: ")
    c.type_note("why: the team said so")
    c.type_evidence("deck.pdf\n\n  survey  \n")
    assert c.has_uncommitted_text and "a1" not in a.entries
    c.next()
    assert a.entries["a1"].note == "why: the team said so"
    assert a.entries["a1"].evidence == ["deck.pdf", "survey"]
    assert [call[0] for call in editor.edits()] == ["note", "evidence"]  # once each
    assert c.note_draft == "" and not c.has_uncommitted_text
    c.previous()
    assert c.note_draft == "why: the team said so"
    assert c.evidence_draft == "deck.pdf\nsurvey"
    a.entries["a1"].note = "changed by an undo"
    assert c.refresh_drafts() and c.note_draft == "changed by an undo"
    c.type_note("mine")
    a.entries["a1"].note = "changed elsewhere"
    assert not c.refresh_drafts() and c.note_draft == "mine"  # what is being typed wins
    c.commit_drafts()
    assert a.entries["a1"].note == "mine"


TINY_ZERO = """\
format: 1
id: zero
version: "1.0"
title: Zero-based test framework
attribution:
  source: "Test Co., A test model"
stages:
  - {level: 0, name: Create, summary: "Zero."}
  - {level: 1, name: Deliver, summary: "One."}
  - {level: 2, name: Scale, summary: "Two."}
dimensions:
  - id: zed
    name: Zed
    summary: The only dimension.
    items:
      - id: z1
        prompt: Zed question?
        help: Help.
        levels: {0: z at zero, 1: z at one, 2: z at two}
        advice: {0: zero to one, 1: one to two}
"""


def test_a_participant_file_shows_and_edits_only_its_participants_row(tiny_framework):
    """A participant's own file: their row only, done means they answered, no note, no agreed
    rating, no finalizing (the facilitator's workbook does those)."""
    assessment = make_assessment(("p1", "p2", "p3"))
    editor = RecordingEditor(assessment)
    c = WizardController(tiny_framework, assessment.id, lambda: assessment, editor,
                         participant_id="p2")
    assert c.rows() == ["p2"] and c.editable and not c.room_editable
    assert c.key("p2", "3").step is Step.STAY  # the only row: focus stays
    assert c.navigator.status("a1") == DONE  # p1 and p3 have not rated: still done for p2
    assert str(c.navigator.progress()) == "1/6"
    assert c.key("p2", "x").step is Step.IGNORED  # no note to type into
    c.type_note("a note nobody asked for")
    c.commit_drafts()
    c.pick(AGREED, 4)
    c.key("p1", "2")
    c.use_median()
    assert editor.edits() == [("rating", "a1", "p2", 3, False)]
    c.go_to("b2")
    assert c.next().step is Step.STAY  # past the last item: nothing to finalize here
    c.finalize()
    assert assessment.status == "draft" and ("finalize",) not in editor.calls
    assessment.entry("a2").ratings["p1"] = 1  # someone else's rating (not in a real file)
    assert c.navigator.status("a2") == EMPTY
    stranger = WizardController(tiny_framework, assessment.id, lambda: assessment, editor,
                                participant_id="p9")
    assert stranger.rows() == []


def test_a_vanished_assessment_leaves_nothing_to_commit(tiny_framework):
    """A restore or an undone creation removes the assessment the wizard shows; closing the
    wizard then commits nothing instead of failing on the lookup."""
    assessment = make_assessment()
    workbook = {assessment.id: assessment}
    editor = RecordingEditor(assessment)
    c = WizardController(tiny_framework, assessment.id, lambda: workbook[assessment.id], editor)
    c.commit_drafts()  # nothing typed: nothing looked up
    c.type_note("typed just before the restore")
    del workbook[assessment.id]
    c.commit_drafts()
    assert editor.edits() == [] and not c.has_uncommitted_text
