"""Wizard navigation without a screen: order, completeness, resume position."""

from maturity_workbook.core.wizard import DONE, EMPTY, PARTIAL, WizardNavigator
from maturity_workbook.core.workbook import Assessment


def make_assessment(participants=("p1", "p2")):
    return Assessment("a", "tiny", "1.0", "t", "2026-01-01", participant_ids=list(participants))


def test_order_and_moving(tiny_framework):
    nav = WizardNavigator(tiny_framework, make_assessment())
    assert [i.id for i in nav.items] == ["a1", "a2", "a3", "a4", "b1", "b2"]
    assert nav.start().id == "a1"
    assert nav.next("a4").id == "b1" and nav.next("b2") is None
    assert nav.previous("b1").id == "a4" and nav.previous("a1") is None
    assert nav.position_label("b2") == "Beta · item 2 of 2"


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
