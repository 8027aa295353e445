"""A function's target travels as None-or-int from the Overview's card to the file (no -1)."""

from tests.ui.conftest import make_workbook


def test_no_target_is_none_and_undo_brings_the_level_back(qtbot, window, workbook_path):
    aid, _ = make_workbook(workbook_path, ratings={"strategy-company-priority": (2, 3)})
    window.open_path(workbook_path)
    session = window.session
    session.set_target(aid, "strategy", 3)
    overview = window.workbook_view.overview
    overview.refresh()
    [card] = [c for c in overview.cards if c.dimension_id == "strategy"]
    sent = []
    card.targetChanged.connect(lambda dimension, level: sent.append((dimension, level)))
    card._target_activated(card.target.findData(None))
    assert sent == [("strategy", None)]
    assert "strategy" not in session.assessment(aid).targets
    card._target_activated(card.target.findData(4))
    assert sent[-1] == ("strategy", 4) and session.assessment(aid).targets["strategy"] == 4
    window.undo()
    window.undo()
    assert session.assessment(aid).targets["strategy"] == 3
