"""The reassessment's first page: the room sees what it did since last time (actions done,
dropped and carried over, the metrics' values) and records this assessment's values before it
rates; Enter goes on to the items and Look Back returns."""

import shutil

import pytest
from PySide6.QtCore import Qt

from maturity_workbook.core import action_plan, plan
from maturity_workbook.core.ops.plan_ops import UpdateAction
from maturity_workbook.paths import load_catalog
from maturity_workbook.resources import resource_path
from maturity_workbook.store import WorkbookStore
from maturity_workbook.ui.plan_texts import format_number
from tests.ui.conftest import make_workbook
from tests.ui.test_plan_view import answer, ok, press

DAY = "2026-12-01"


def reassessment(path, done_title=None):
    """A reassessment of the sample's latest final assessment, after one action was done."""
    with WorkbookStore.open(path) as store:
        wb = store.workbook
        last = wb.latest(final_only=True)  # the autumn 2026 review, on question bank 2.0
        framework = load_catalog().get(last.framework_id, last.framework_version)
        if done_title:  # done after that review
            action = next(a for a in wb.collection(plan.ACTIONS).values()
                          if a.title == done_title)
            store.apply(UpdateAction(action.id, {"status": plan.DONE}, "2026-11-20"))
        made = store.create_assessment(framework, "Winter review 2026", DAY,
                                       last.participant_ids, copy_from=last.id)
        return made.id


@pytest.fixture
def review_window(qtbot, window, tmp_path):
    path = tmp_path / "Sample.mwb"
    shutil.copy(resource_path("samples", "sample.mwb"), path)
    aid = reassessment(path, "Write the business case for replacing the LMS")
    assert window.open_path(path)
    view = window.workbook_view
    view.show_assess(aid)
    wizard = view.assess.wizard
    window.activateWindow()
    qtbot.waitUntil(lambda: wizard.isVisible() and window.isActiveWindow())
    return window, wizard, aid


def test_a_reassessment_opens_on_what_happened_since(qtbot, review_window):
    window, wizard, aid = review_window
    wb = window.session.workbook
    page = wizard.review
    assert page.showing() and not wizard.page.isVisibleTo(wizard)
    qtbot.waitUntil(page.start.hasFocus)
    review = action_plan.review_since_last(wb, wb.assessments[aid], None)
    assert [a.title for a in review.done] == ["Write the business case for replacing the LMS"]
    text = page.panel.text()
    assert f"Done ({len(review.done)})" in text and review.done[0].title in text
    assert f"Carried over ({len(review.carried)})" in text and len(review.carried) == 4
    for action in review.carried:
        assert action.title in text and action.owner in text
    assert "Autumn review 2026" in text  # since when
    for item in review.metrics:  # the autumn review recorded none: spring's, said as such
        assert item.before_at.title == "Spring review 2026"
        assert (f"{item.metric.name}: {format_number(item.before)} (at Spring review 2026) → "
                "not recorded yet") in text
    assert not page.look_back.isVisibleTo(wizard)  # under the item tree, with the items
    carried = review.carried[0]
    assert carried.due < DAY and f"{carried.title} (Technology stack)" in text
    assert text.count("overdue") == 1  # due before this reassessment, still open


def test_enter_starts_rating_and_look_back_returns(qtbot, review_window):
    window, wizard, aid = review_window
    page = wizard.review
    qtbot.waitUntil(page.start.hasFocus)
    qtbot.keyClick(page.start, Qt.Key_Return)
    assert not page.showing() and wizard.page.isVisibleTo(wizard)
    row = wizard.page.row_widget(wizard.controller.first_open_row())
    qtbot.waitUntil(row.hasFocus)  # straight on to rating
    press(qtbot, window, Qt.Key_B)  # Look &Back
    qtbot.waitUntil(page.showing)
    qtbot.keyClick(page.start, Qt.Key_PageDown)  # the wizard's Next keys go on too
    qtbot.waitUntil(lambda: not page.showing())
    assert wizard.controller.is_first()  # on the first item, not past it


def test_this_assessments_values_are_recorded_from_the_page_and_undone(qtbot, review_window):
    window, wizard, aid = review_window
    session = window.session
    page = wizard.review
    goal = plan.goal_at(session.workbook, session.workbook.assessments[aid])
    metrics = plan.metrics_of(session.workbook, goal)
    assert page.record.isVisible()

    def fill(dialog):
        assert dialog.assessment_id() == aid
        for _metric, field, _owner, _before in dialog.rows:
            field.setText("")
        dialog.rows[0][1].setText("61")
        dialog.rows[2][1].setText("33.5")
        ok(qtbot, dialog)

    handler = answer(fill)
    press(qtbot, window, Qt.Key_A)  # Record This Assessment's Metric V&alues…
    handler.wait(qtbot)
    wb = session.workbook
    assert plan.actual_at(wb, metrics[0], aid).value == 61
    assert plan.actual_at(wb, metrics[2], aid).value == 33.5
    qtbot.waitUntil(lambda: f"{metrics[0].name}: 55 (at Spring review 2026) → 61"
                    in page.panel.text())
    press(qtbot, window, Qt.Key_Z, Qt.ControlModifier)  # one undo takes both back
    qtbot.waitUntil(lambda: plan.actual_at(session.workbook, metrics[0], aid) is None)
    assert plan.actual_at(session.workbook, metrics[2], aid) is None
    qtbot.waitUntil(lambda: "not recorded yet" in page.panel.text())


def test_the_presenter_shows_the_review_then_the_item(qtbot, review_window):
    window, wizard, aid = review_window
    window.toggle_presenter()
    presenter = window.presenter
    qtbot.addWidget(presenter)
    assert presenter.wizard is wizard
    shown = presenter.idle.text()
    assert "Since Autumn review 2026" in shown and "1 action" in shown
    assert "4 carried over" in shown and "55 → …" in shown
    wizard.review.leave()
    qtbot.waitUntil(lambda: not presenter.idle.isVisible())
    assert wizard.framework.item(wizard.current).prompt in presenter.prompt.text()


def test_a_first_assessment_and_a_started_one_open_on_the_items(qtbot, window, workbook_path,
                                                                 tmp_path):
    aid, _ = make_workbook(workbook_path)
    assert window.open_path(workbook_path)
    window.workbook_view.show_assess(aid)
    wizard = window.workbook_view.assess.wizard
    assert not wizard.review.showing() and not wizard.review.look_back.isVisibleTo(wizard)
    window.close_workbook()

    path = tmp_path / "Sample.mwb"
    shutil.copy(resource_path("samples", "sample.mwb"), path)
    aid = reassessment(path)
    framework = load_catalog().get("customer-education", "1.0")
    with WorkbookStore.open(path) as store:
        a = store.workbook.assessments[aid]
        store.set_rating(aid, framework.items[0].id, a.participant_ids[0], 2)
    assert window.open_path(path)
    window.workbook_view.show_assess(aid)
    wizard = window.workbook_view.assess.wizard
    assert not wizard.review.showing()  # the room is rating already
    assert wizard.review.look_back.isVisibleTo(wizard) and wizard.review.look_back.isEnabled()
    qtbot.mouseClick(wizard.review.look_back, Qt.LeftButton)
    assert wizard.review.showing()
