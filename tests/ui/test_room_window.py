"""The room's window around the wizard: the presenter on the other screen, zoom remembered per
window, a restored window that fits its screen, and the fixes found while running a workshop
(a fresh title that Enter starts, Save chart's proposal, the Print Preview toolbar, hidden votes
toggled on a draft, the finalize check from the assessment list)."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QDialog, QToolBar

from maturity_workbook.ui import room_dialogs
from maturity_workbook.ui.presenter import choose_screen
from tests.ui.conftest import make_workbook

ROOT = Path(__file__).resolve().parents[2]

TWO_SCREENS = """
import os, sys
sys.path.insert(0, {desktop!r})
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from maturity_workbook.ui.main_window import MainWindow
from maturity_workbook.ui.settings import AppSettings
window = MainWindow(settings=AppSettings(QSettings({ini!r}, QSettings.IniFormat)))
window.setGeometry(100, 100, 900, 600)
window.show()
app.processEvents()
window.toggle_presenter()
app.processEvents()
presenter = window.presenter
print(window.screen().name(), presenter.screen().name(), presenter.isFullScreen(),
      app.activeWindow() is window)
window.toggle_presenter()
print(presenter.isVisible(), window.act_presenter.isChecked())
"""


def test_the_presenter_opens_full_screen_on_the_other_screen(tmp_path):
    """Two screens (the offscreen platform configured like a laptop and a projector)."""
    screens = {"screens": [
        {"name": "laptop", "x": 0, "y": 0, "width": 1024, "height": 768},
        {"name": "projector", "x": 1024, "y": 0, "width": 1920, "height": 1080}]}
    config = tmp_path / "screens.json"
    config.write_text(json.dumps(screens))
    script = TWO_SCREENS.format(desktop=str(ROOT / "desktop"), ini=str(tmp_path / "s.ini"))
    env = {"QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "MATURITY_WORKBOOK_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[0] == "laptop projector True True"  # and the keys stay with the facilitator
    assert lines[1] == "False False"  # the key toggles it away again


def test_with_one_screen_the_presenter_is_a_window_beside():
    assert choose_screen(["main"], "main") is None
    assert choose_screen(["main", "projector"], "main") == "projector"


def test_zoom_keys_scale_the_window_and_are_remembered(qtbot, window, app_settings,
                                                       workbook_path):
    from maturity_workbook.ui.main_window import MainWindow

    make_workbook(workbook_path)
    window.open_path(workbook_path)
    base = window.font().pointSizeF()
    title = window.workbook_view.title
    heading = title.font().pointSizeF()
    qtbot.keyClick(window, Qt.Key_Equal, Qt.ControlModifier)
    qtbot.keyClick(window, Qt.Key_Equal, Qt.ControlModifier)
    assert window.zoom.factor == pytest.approx(1.3)
    assert window.font().pointSizeF() == pytest.approx(base * 1.3)
    assert title.font().pointSizeF() == pytest.approx(heading * 1.3)  # headings scale too
    window.workbook_view.show_assess()
    qtbot.keyClick(window, Qt.Key_Minus, Qt.ControlModifier)
    assert window.zoom.factor == pytest.approx(1.15)
    again = MainWindow(settings=app_settings)
    qtbot.addWidget(again)
    assert again.zoom.factor == pytest.approx(1.15)  # remembered
    qtbot.keyClick(window, Qt.Key_0, Qt.ControlModifier)
    assert window.font().pointSizeF() == pytest.approx(base)


def test_a_rating_row_names_column_follows_the_zoom(qtbot, window, workbook_path):
    aid, _ = make_workbook(workbook_path)
    window.open_path(workbook_path)
    window.workbook_view.show_assess(aid)
    row = window.workbook_view.assess.wizard.page.rows[0][1]
    narrow = row.label.width()
    window.zoom.set_factor(2.0)
    assert row.label.width() > narrow * 1.6


def test_a_restored_window_never_exceeds_the_screen(qtbot, app_settings):
    from maturity_workbook.ui.main_window import MainWindow

    big = MainWindow(settings=app_settings)
    qtbot.addWidget(big)
    big.setMinimumSize(0, 0)
    big.setGeometry(-300, -200, 3000, 2200)  # saved on a huge monitor
    app_settings.set_geometry(big.saveGeometry())
    restored = MainWindow(settings=app_settings)
    qtbot.addWidget(restored)
    restored.show()
    qtbot.waitExposed(restored)
    available = restored.screen().availableGeometry()
    assert available.contains(restored.frameGeometry()) or \
        available.contains(QRect(restored.pos(), restored.size()))
    assert restored.width() <= available.width() and restored.height() <= available.height()


def test_a_new_title_is_fresh_selected_and_enter_starts(qtbot, window, workbook_path):
    from maturity_workbook.ui.assess import NewAssessmentDialog

    make_workbook(workbook_path)
    window.open_path(workbook_path)
    first = NewAssessmentDialog(window.session, window)
    qtbot.addWidget(first)
    proposed = first.title.text()
    window.session.store.update_assessment(
        next(iter(window.session.workbook.assessments)), title=proposed)
    dialog = NewAssessmentDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.title.text() != proposed and dialog.title.text().endswith("(2)")
    assert dialog.title.selectedText() == dialog.title.text()
    assert dialog.focusWidget() is dialog.title
    qtbot.keyClick(dialog.title, Qt.Key_Return)
    assert dialog.result() == QDialog.Accepted and dialog.result_values["title"].endswith("(2)")


def test_save_chart_proposes_the_workbooks_folder_and_a_dated_name(qtbot, window,
                                                                    workbook_path):
    make_workbook(workbook_path, ratings={"strategy-company-priority": (2, 3)}, final=True)
    window.open_path(workbook_path)
    panel = window.workbook_view.overview.radar
    proposed = panel.suggested_path()
    assert proposed.parent == workbook_path.parent
    assert proposed.name == f"Acme Academy radar chart {date.today().isoformat()}.png"


def test_the_print_preview_toolbar_fits_its_window(qtbot, window, workbook_path, monkeypatch):
    from maturity_workbook.ui import report_actions

    make_workbook(workbook_path, ratings={"strategy-company-priority": (2, 3)}, final=True)
    window.open_path(workbook_path)
    seen = []

    def look(dialog):
        from PySide6.QtPrintSupport import QPrintPreviewWidget

        preview = dialog.findChild(QPrintPreviewWidget)
        with qtbot.waitSignal(dialog.paintRequested, timeout=20000):
            dialog.show()
        qtbot.waitUntil(lambda: preview.pageCount() > 0, timeout=20000)
        toolbar = dialog.findChild(QToolBar)
        seen.append((toolbar.width(), toolbar.sizeHint().width(), dialog.width()))
        dialog.close()
        return QDialog.Rejected

    monkeypatch.setattr(report_actions, "exec_dialog", look)
    window.print_preview()
    (width, wanted, dialog_width), = seen
    assert width >= wanted or dialog_width == window.screen().availableGeometry().width()


def test_hidden_votes_can_be_switched_on_a_draft_and_undone(qtbot, window, workbook_path):
    aid, (ada, ben) = make_workbook(workbook_path, ratings={"strategy-company-priority": (1, 4)})
    window.open_path(workbook_path)
    window.workbook_view.show_assess(aid)
    wizard = window.workbook_view.assess.wizard
    qtbot.waitUntil(wizard.isVisible)
    wizard.show_item("strategy-company-priority")
    page = wizard.page
    assert page.rows[1][1].buttons[4].isChecked() and not wizard.facilitated.isChecked()
    wizard.facilitated.click()
    assert window.session.assessment(aid).facilitated
    assert not page.rows[1][1].buttons[4].isChecked()  # the votes are hidden now
    assert page.rows[1][1].hint.text() == "✓ voted" and page.room.reveal_button.isVisible()
    assert window.session.undo_text() == "Hidden Votes"
    window.session.undo()
    assert not wizard.facilitated.isChecked() and page.rows[1][1].buttons[4].isChecked()


def test_finalizing_from_the_list_runs_the_check_and_can_go_to_the_item(
        qtbot, window, workbook_path, monkeypatch, no_modal_dialogs):
    from maturity_workbook.core import ops
    from maturity_workbook.store import WorkbookStore

    aid, (ada, ben) = make_workbook(workbook_path, ratings={"strategy-company-priority": (1, 4)})
    store = WorkbookStore.open(workbook_path)
    store.apply(ops.SetFacilitated(aid, True))
    store.close()
    window.open_path(workbook_path)
    window.workbook_view.show_screen(window.workbook_view.ASSESS)
    listing = window.workbook_view.assess.list

    def settle_now(dialog):
        dialog.table.selectRow(0)
        qtbot.mouseClick(dialog.settle_button, Qt.LeftButton)
        return dialog.result()

    monkeypatch.setattr(room_dialogs.FinalizeCheckDialog, "exec", settle_now)
    listing._finalize_selected()
    assert not window.session.assessment(aid).is_final
    wizard = window.workbook_view.assess.wizard
    assert wizard is not None and wizard.current == "strategy-company-priority"
    assert no_modal_dialogs == []  # no "finalize?" question: the room went to settle it


def test_targets_change_after_finalizing_and_the_card_keeps_their_history(qtbot, window,
                                                                          workbook_path):
    aid, _ = make_workbook(workbook_path, ratings={"strategy-company-priority": (2, 3)},
                           final=True)
    window.open_path(workbook_path)
    overview = window.workbook_view.overview
    [card] = [c for c in overview.cards if c.dimension_id == "strategy"]
    assert card.target.isEnabled()  # final, and still the team's to aim
    card._target_activated(card.target.findData(3))
    [card] = [c for c in overview.cards if c.dimension_id == "strategy"]
    assert window.session.assessment(aid).targets["strategy"] == 3
    assert "Target changed after finalizing" in card.details.text()
    assert "no target → 3 · Scaling" in card.target.toolTip()
    window.undo()
    [card] = [c for c in overview.cards if c.dimension_id == "strategy"]
    assert "changed" not in card.details.text() and not card.target.toolTip()


def test_f5_toggles_the_presenter_and_its_text_zooms_on_its_own(qtbot, window, workbook_path):
    aid, _ = make_workbook(workbook_path, ratings={"strategy-company-priority": (1, 4)})
    window.open_path(workbook_path)
    window.workbook_view.show_assess(aid)
    qtbot.keyClick(window, Qt.Key_F5)
    presenter = window.presenter
    qtbot.addWidget(presenter)
    assert presenter.isVisible() and window.act_presenter.isChecked()
    assert presenter.prompt.text() == window.workbook_view.assess.wizard.controller.item.prompt
    assert window.isActiveWindow()  # the facilitator's keys stay in the main window
    size = presenter.prompt.font().pixelSize()
    presenter.activateWindow()  # a click on the presenter window
    qtbot.waitUntil(presenter.isActiveWindow)
    qtbot.keyClick(presenter, Qt.Key_Equal, Qt.ControlModifier)
    assert presenter.prompt.font().pixelSize() > size
    assert window.zoom.factor == 1.0  # each window keeps its own zoom
    presenter.toggle_full_screen()
    assert presenter.isFullScreen()
    qtbot.keyClick(presenter, Qt.Key_Escape)
    assert not presenter.isFullScreen()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key_F5)
    assert not presenter.isVisible() and not window.act_presenter.isChecked()


def test_at_1024_by_768_note_and_evidence_show_and_names_are_whole(qtbot, window,
                                                                   workbook_path):
    people = (("Ada Lovelace-Fitzgerald of the Customer Education Programme Office", "Lead"),
              ("김민준", "CSM"), ("فاطمة الزهراء", "Docs"), ("Zoë 🚀 Okafor", "Sales"))
    aid, _ = make_workbook(workbook_path, participants=people)
    window.resize(1024, 768)
    window.open_path(workbook_path)
    window.workbook_view.show_assess(aid)
    wizard = window.workbook_view.assess.wizard
    qtbot.waitUntil(wizard.isVisible)
    page = wizard.page
    for field in (page.note, page.evidence):
        shown = field.visibleRegion().boundingRect()
        assert shown.height() == field.height() and shown.width() == field.width()
    for _pid, row in page.rows:
        label = row.label
        assert label.height() >= label.heightForWidth(label.width())  # wrapped, not cut
