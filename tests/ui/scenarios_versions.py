"""Scenarios for question bank 1.0 and 2.0 in one workbook (tests/ui/scenarios.py runs them
with the rest): the Overview and History comparing across versions, the New Assessment dialog
offering 2.0 for a reassessment of a 1.0 assessment, and that reassessment's wizard (last
time's answer to confirm, as a hint, or a new item)."""

from __future__ import annotations

from tests.thin_data import versions_workbook
from tests.ui.scenarios import Tour, _new_assessment_dialog

ASSESS = "maturity_workbook.ui.assess"


def _notes_are_data(tour: Tour) -> None:
    """The items' notes the workbook holds are the room's words: data here."""
    workbook = tour.window.session.workbook
    tour.inspector.data |= {e.note for a in workbook.assessments.values()
                            for e in a.entries.values() if e.note}


def versions_overview_history(tour: Tour) -> None:
    path = tour.tmp_path / "Versions.mwb"
    made = versions_workbook(path)
    tour.open_window(path)
    _notes_are_data(tour)
    view = tour.view
    view.show_screen(view.OVERVIEW)
    view.overview.refresh()
    assert "asked other items" in " ".join(c.details.text() for c in view.overview.cards)
    tour.check()
    view.overview.show_assessment(made["review"])  # don't know apart from not applicable
    tour.check()
    view.show_screen(view.HISTORY)
    assert view.history.comparison.toPlainText().count("version") >= 2
    tour.check()


def versions_reassessment(tour: Tour) -> None:
    from maturity_workbook.paths import load_catalog

    path = tour.tmp_path / "Versions.mwb"
    made = versions_workbook(path, latest=False)
    window = tour.open_window(path)
    _notes_are_data(tour)
    dialog = _new_assessment_dialog(tour)  # 2.0, of the 1.0 review: the note says what maps
    assert dialog.versions_note.isVisible()
    tour.inspector.check(dialog, ASSESS)
    dialog.close()
    session = window.session
    draft = session.store.create_assessment(
        load_catalog().get("customer-education", "2.0"), "Reassessment on 2.0", "2026-06-01",
        made["pids"], copy_from=made["review"])
    tour.note_workbook()  # its title is data too
    wizard = tour.wizard(draft.id)
    for item in ("content-sme", "delivery-onboarding-link", "content-backlog",
                 "delivery-deals"):  # kept, renamed, split (a hint), new
        wizard.show_item(item)
        tour.check()


VERSION_SCENARIOS = {
    "question bank versions, overview and history": (versions_overview_history, (), False),
    "question bank versions, reassessment": (versions_reassessment, (), False),
}
