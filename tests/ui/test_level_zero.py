"""Stage 0 in the window: in the three-job model the 0 key rates stage 0 (not "not applicable"),
a 0 survives saving and reopening, and the program is placed at stage 0 in create."""

from pathlib import Path

from PySide6.QtCore import Qt

from maturity_workbook.core.jobs import job_step_for
from maturity_workbook.core.scoring import score_assessment
from maturity_workbook.paths import load_catalog
from maturity_workbook.store import WorkbookStore


def three_job_workbook(path: Path):
    framework = load_catalog().newest("three-jobs-six-stage")
    store = WorkbookStore.create(path, "Young program ✓")
    pids = [store.add_participant(name).id for name in ("Ada", "Ben")]
    assessment = store.create_assessment(framework, "First check", "2026-06-01", pids)
    assert store.flush(10)
    store.close()
    return framework, assessment.id, pids


def test_zero_key_rates_stage_zero_and_the_program_is_placed_there(qtbot, window, tmp_path):
    path = tmp_path / "young.mwb"
    framework, aid, (ada, ben) = three_job_workbook(path)
    assert framework.min_level == 0
    assert window.open_path(path)
    window.workbook_view.show_assess(aid)
    wizard = window.workbook_view.assess.wizard
    qtbot.waitUntil(lambda: wizard.current == framework.items[0].id)

    na_item = framework.items[1].id
    for item in framework.items:
        assert wizard.current == item.id
        ada_row, ben_row = wizard.page.rows[0][1], wizard.page.rows[1][1]
        qtbot.keyClick(ada_row, "0")
        qtbot.keyClick(ben_row, "n" if item.id == na_item else "0")
        wizard.go_next()
    window.session.store.flush(10)

    assessment = window.session.assessment(aid)
    for item in framework.items:
        entry = assessment.entries[item.id]
        assert entry.ratings[ada] == 0, item.id  # a real 0, stored as a level
        assert entry.ratings[ben] == (None if item.id == na_item else 0), item.id
    result = score_assessment(framework, assessment.agreed_ratings())
    assert result.overall_stage.level == 0 and result.overall_score == 0.0
    found = job_step_for(result)
    assert (found.job.id, found.target.level) == ("create", 1)

    window.close_workbook()
    store = WorkbookStore.open(path, read_only=True)
    try:
        reopened = store.workbook.assessments[aid]
        assert reopened.entries[framework.items[0].id].ratings == {ada: 0, ben: 0}
        assert reopened.agreed_level(framework.items[0].id) == 0
    finally:
        store.close()


def test_the_rating_row_offers_stage_zero_and_shows_it_as_chosen(qtbot, window, tmp_path):
    path = tmp_path / "young.mwb"
    framework, aid, _ = three_job_workbook(path)
    assert window.open_path(path)
    window.workbook_view.show_assess(aid)
    wizard = window.workbook_view.assess.wizard
    row = wizard.page.rows[0][1]
    assert 0 in row.buttons and len(row.buttons) >= len(framework.levels)
    qtbot.keyClick(row, "0")
    qtbot.waitUntil(lambda: row.buttons[0].isChecked())
    assert not any(b.isChecked() for level, b in row.buttons.items() if level != 0)
    qtbot.keyClick(row, Qt.Key_Backspace)
    qtbot.waitUntil(lambda: not row.buttons[0].isChecked())
