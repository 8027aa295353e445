"""Agreed ratings default to the participants' median until the room sets one."""

import pytest

from maturity_workbook.core.workbook import (
    UNKNOWN, UNRATED, Assessment, Workbook, is_level, median_level, new_id,
)


@pytest.mark.parametrize("levels, expected", [
    ([], UNRATED),
    ([None, None], None),
    ([3], 3),
    ([1, 3, 4], 3),
    ([2, 3], 2),  # a split room has not reached the higher stage
    ([1, 2, 3, 4], 2),
    ([None, 4, 2], 2),
    ([UNKNOWN, 1, 3, 4], 3),  # don't know is left out of the median like not applicable
    ([UNKNOWN, UNKNOWN], UNKNOWN),
    ([UNKNOWN, None], UNKNOWN),  # someone does not know: a gap to fill, not "not applicable"
    ([0, 0, 1], 0),  # stage 0 is a level, never "no rating"
])
def test_median_level(levels, expected):
    if expected is None or expected is UNRATED or expected is UNKNOWN:
        assert median_level(levels) is expected
    else:
        assert median_level(levels) == expected


def test_unknown_is_one_sentinel_and_not_a_level():
    import copy
    import pickle

    assert copy.deepcopy(UNKNOWN) is UNKNOWN and pickle.loads(pickle.dumps(UNKNOWN)) is UNKNOWN
    assert [is_level(v) for v in (0, 3, None, UNKNOWN, UNRATED, True)] == [
        True, True, False, False, False, False]


def make(date="2026-01-10", status="final"):
    return Assessment(new_id(), "tiny", "1.0", "t", date, status=status,
                      participant_ids=["p1", "p2", "p3"])


def test_agreed_level_and_spread():
    a = make()
    entry = a.entry("a1")
    entry.ratings = {"p1": 1, "p2": 3, "p3": 4}
    assert a.agreed_level("a1") == 3 and a.spread("a1") == 3
    entry.agreed, entry.agreed_set = 2, True
    assert a.agreed_level("a1") == 2
    entry.agreed = None
    assert a.agreed_level("a1") is None  # the room agreed: not applicable
    assert a.agreed_level("a2") is UNRATED
    assert a.agreed_ratings() == {"a1": None}


def test_latest_and_previous_use_dates_and_final_only():
    wb = Workbook(new_id(), "Acme")
    old, mid, draft = make("2025-01-01"), make("2025-07-01"), make("2026-01-01", "draft")
    for a in (draft, old, mid):
        wb.assessments[a.id] = a
    assert wb.latest() is mid
    assert wb.latest(final_only=False) is draft
    assert wb.previous(mid) is old and wb.previous(old) is None
    assert wb.find_assessment(mid.id[:8]) is mid


