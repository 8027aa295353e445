"""Question bank 1.0 and 2.0 in one workbook, in the window: one model in the Overview and
History, a 2.0 assessment compared with the 1.0 ones per function with a note where the items
differ, and a 2.0 reassessment of a 1.0 assessment that shows what maps and marks what is new."""

import html

from PySide6.QtCore import QLocale, Qt

from maturity_workbook.paths import load_catalog
from maturity_workbook.ui.assess import NewAssessmentDialog
from tests.thin_data import versions_workbook


def cards_of(overview):
    return {c.dimension_id: html.unescape(c.details.text()) for c in overview.cards
            if c.isVisible()}


def test_overview_compares_across_versions_and_says_what_each_stage_rests_on(qtbot, english,
                                                                             window, tmp_path):
    made = versions_workbook(tmp_path / "versions.mwb")
    assert window.open_path(tmp_path / "versions.mwb")
    overview = window.workbook_view.overview
    overview.refresh()
    assert not overview.models.isVisible()  # 1.0 and 2.0 are one model
    assert overview.selected_assessment_id() == made["latest"]
    assert overview.model.previous.id == made["review"]
    assert overview.chooser.count() == 3  # all three, whichever version
    cards = cards_of(overview)
    # strategy 2.0: 9 items, three at Performing (every third), six at Scaling
    # (with the English catalogue, as the app starts: plurals read "items", never "item(s)")
    assert "Scaling: 6 of 9 items at Scaling or above, 3 at Performing" in cards["strategy"]
    assert "Version 1.0 asked other items here (1 renamed and 2 new): compare with care" in \
        cards["strategy"]
    assert "(1 split)" in cards["content"] and "(1 new)" in cards["technology"]
    # the 1.0 review, shown on its own, compares with the 1.0 baseline only, scored with 1.0
    overview.show_assessment(made["review"])
    assert overview.model.framework.version == "1.0"
    review = cards_of(overview)
    assert "asked other items" not in review["strategy"]
    assert "1 don't know: to find out" in review["delivery"]
    assert "1 not applicable: left out" in review["content"]
    assert "To find out before the next workshop" in overview.advice_more.text()  # after the steps


def test_history_holds_both_versions_and_names_the_items_that_differ(qtbot, window, tmp_path):
    made = versions_workbook(tmp_path / "versions.mwb")
    assert window.open_path(tmp_path / "versions.mwb")
    view = window.workbook_view
    view.show_screen(2)
    history = view.history
    assert [v.id for v in history.views] == [made["baseline"], made["review"], made["latest"]]
    assert [v.framework.version for v in history.views] == ["1.0", "1.0", "2.0"]
    assert "made with versions 1.0 and 2.0 of its questions" in history.intro.text()
    titles = [history.table.item(row, 2).text() for row in range(history.table.rowCount())]
    assert titles[0].endswith("(version 2.0)") and titles[-1].endswith("(version 1.0)")
    text = history.comparison.toPlainText()
    assert "made with version 1.0 of the questions" in text and "with version 2.0" in text
    new = load_catalog().get("customer-education", "2.0")
    old = load_catalog().get("customer-education", "1.0")
    quote = QLocale().quoteString
    assert f"New in version 2.0: {quote(new.item('delivery-deals').prompt)}" in text
    assert (f"Split: {quote(old.item('content-product-thinking').prompt)} is now asked as "
            f"{quote(new.item('content-backlog').prompt)} and "
            f"{quote(new.item('content-outcome-review').prompt)}") in text
    assert "(items differ)" in text
    # a renamed item is compared one to one under its new prompt
    assert new.item("delivery-onboarding-link").prompt in text.split("Items that moved")[1]


def test_a_2_0_reassessment_of_a_1_0_assessment_shows_what_maps_and_marks_what_is_new(
        qtbot, window, tmp_path, monkeypatch):
    made = versions_workbook(tmp_path / "versions.mwb", latest=False)
    assert window.open_path(tmp_path / "versions.mwb")
    seen = {}

    def fill_and_start(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        seen["framework"] = dialog.selected_framework().version
        seen["note"] = dialog.versions_note.text() if dialog.versions_note.isVisible() else ""
        dialog.copy_last.setChecked(True)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(NewAssessmentDialog, "exec", fill_and_start)
    window.new_assessment()
    assert seen["framework"] == "2.0"  # a new assessment uses the newest version
    assert "used version 1.0 of the questions; this one uses 2.0" in seen["note"]
    wizard = window.workbook_view.assess.wizard
    window.activateWindow()  # as after a modal exec(): the dialog hands the keys back
    qtbot.waitUntil(lambda: wizard.isVisible() and window.isActiveWindow())
    session = window.session
    assessment = session.assessment(wizard.assessment_id)
    assert assessment.based_on == made["review"] and assessment.entries == {}
    assert assessment.framework_version == "2.0"

    def tree_text(item_id):
        return wizard.tree_items[item_id].text(0)

    assert "New in 2.0: " in tree_text("delivery-deals")
    assert "New in" not in tree_text("content-sme")
    box = wizard.page.last_time
    wizard.show_item("content-sme")  # kept: last time's answer, to confirm
    assert box.answer.text().startswith("Last time (Autumn review, the last on 1.0")
    assert box.confirm.isVisible() and box.confirm.isEnabled()
    wizard.show_item("delivery-onboarding-link")  # renamed: asked as the old prompt
    old = load_catalog().get("customer-education", "1.0")
    assert f"asked as {QLocale().quoteString(old.item('delivery-one-link').prompt)}" in \
        box.answer.text()
    wizard.show_item("content-backlog")  # split: a hint, never confirmed
    assert "Only a hint: rate this item afresh" in box.answer.text()
    assert not box.confirm.isVisible()
    wizard.show_item("delivery-deals")  # new in 2.0
    assert box.answer.text().startswith("New in version 2.0: not asked last time")
    assert not box.confirm.isVisible()
    wizard.show_item("content-sme")
    qtbot.mouseClick(box.confirm, Qt.LeftButton)
    assert session.assessment(assessment.id).agreed_level("content-sme") == 2
    assert wizard.progress.value() == 1  # only what the room confirmed counts
