"""The five-stage and the three-job models in the window, end to end: a workbook, a new
assessment chosen in the dialog, every item rated by keyboard, finalized; the Overview shows the
cohort bar or the job that holds the program back with its one step; the PDF exported from the
window says the same. Then several models in one workbook: a chooser with each model's latest
placement, and comparisons only within one framework id and version."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QFileDialog

from maturity_workbook.charts.radar import find_artists
from maturity_workbook.paths import load_catalog
from maturity_workbook.ui import report_actions
from tests.models_data import FIVE, JOBS, PRIMARY, models_workbook
from tests.report.conftest import all_text

CATALOG = load_catalog()
FIVE_FW = CATALOG.get(FIVE, "2.0")
JOBS_FW = CATALOG.get(JOBS, "2.0")


def new_workbook(qtbot, window, path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path),
                                                                                      "")))
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key_N, Qt.ControlModifier)  # File › New Workbook
    qtbot.waitUntil(lambda: window.session is not None)


def start_assessment(qtbot, window, framework, seen: dict):
    """New assessment by keyboard: the model is picked with the arrow keys in the dialog, which
    offers each model once, at its newest version."""
    def fill():
        dialog = QApplication.activeModalWidget()
        combo = dialog.framework
        seen["offered"] = [combo.itemData(i) for i in range(combo.count())]
        combo.setFocus()
        for _ in range(combo.count()):
            if combo.currentData()[0] == framework.id:
                break
            qtbot.keyClick(combo, Qt.Key_Down)
        seen["chosen"] = combo.currentData()
        for name in ("Ada Lovelace-Byron", "Ben"):  # QTest types Latin keys only
            dialog.new_name.setFocus()
            qtbot.keyClicks(dialog.new_name, name)
            qtbot.keyClick(dialog.new_name, Qt.Key_Return)
        dialog.title.setFocus()
        dialog.title.selectAll()
        qtbot.keyClicks(dialog.title, f"Check with the {framework.id} model")
        qtbot.keyClick(dialog.title, Qt.Key_Return)

    QTimer.singleShot(0, fill)
    qtbot.keyClick(window, Qt.Key_N, Qt.ControlModifier | Qt.ShiftModifier)
    view = window.workbook_view
    qtbot.waitUntil(lambda: view.assess.wizard is not None)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return view.assess.wizard


def rate_all_by_keyboard(qtbot, window, wizard, levels: dict[str, int]) -> None:
    """Both participants press the dimension's level on every item; Enter on the last item
    goes to review and finalize (the confirmation is answered yes)."""
    items = wizard.framework.items
    for index, item in enumerate(items):
        assert wizard.current == item.id
        key = str(levels[item.dimension_id])
        qtbot.keyClick(window.focusWidget(), key)
        qtbot.keyClick(window.focusWidget(), key)
        assert window.focusWidget() is wizard.page.agreed_row
        if index < len(items) - 1:
            qtbot.keyClick(window.focusWidget(), Qt.Key_Right, Qt.AltModifier)
    qtbot.keyClick(wizard.page.agreed_row, Qt.Key_Return)
    aid = wizard.assessment_id
    qtbot.waitUntil(lambda: window.session.assessment(aid).is_final)


def export_from_window(qtbot, window, monkeypatch, path):
    monkeypatch.setattr(report_actions, "ask_export_options", lambda parent, choice: choice)
    monkeypatch.setattr(report_actions, "ask_save_path", lambda *a: path)
    qtbot.keyClick(window, Qt.Key_E, Qt.ControlModifier)  # File › Export PDF Snapshot
    qtbot.waitUntil(path.exists, timeout=20000)
    return all_text(path)


def overview_by_keyboard(qtbot, window):
    qtbot.keyClick(window, Qt.Key_1, Qt.ControlModifier)  # View › Overview
    overview = window.workbook_view.overview
    qtbot.waitUntil(lambda: overview.isVisible())
    return overview


def test_five_stage_end_to_end_shows_the_cohort_and_prints_it(qtbot, window, tmp_path,
                                                             monkeypatch, no_modal_dialogs):
    new_workbook(qtbot, window, tmp_path / "Cohort Academy.mwb", monkeypatch)
    seen = {}
    wizard = start_assessment(qtbot, window, FIVE_FW, seen)
    offered = seen["offered"]
    assert len(offered) == len({fid for fid, _v in offered})  # each model once
    assert (FIVE, "2.0") in map(tuple, offered) and (FIVE, "1.0") not in map(tuple, offered)
    assert tuple(seen["chosen"]) == (FIVE, "2.0") and wizard.framework.version == "2.0"
    rate_all_by_keyboard(qtbot, window, wizard, {d.id: 2 for d in FIVE_FW.dimensions})

    overview = overview_by_keyboard(qtbot, window)
    panel = overview.model_panel
    assert panel.isVisible() and not overview.models.isVisible()  # one model: no chooser
    place = panel.cohort_place
    assert (place.stage.level, place.stage_share, place.ahead_of) == (2, 0.55, 0.30)
    chart = panel.cohort
    qtbot.waitUntil(lambda: chart.figure is not None, timeout=20000)
    marker = " ".join(t.get_text() for t in find_artists(chart.figure, "cohort-marker-text"))
    assert marker == "Stage 2 · Build foundation for scale"
    source = " ".join(t.get_text() for t in find_artists(chart.figure, "cohort-source"))
    assert "Thought Industries customer learning research cohort, 2021" in source
    assert chart.canvas.height() == chart.height() and chart.canvas.width() <= chart.width()
    text = panel.text.text()
    assert "where 55% of programs are; ahead of 30%" in text
    for imperative in FIVE_FW.stage(3).imperatives:
        assert imperative in text
    assert "Next level" in overview.steps.heading.text()  # the weakest function's steps stay

    printed = export_from_window(qtbot, window, monkeypatch, tmp_path / "cohort.pdf")
    assert "where 55% of the programs the research looked at are; ahead of 30%" in printed
    assert "55% of programs are at this stage" in printed  # the chart, as text


def test_three_jobs_end_to_end_names_the_job_and_one_step(qtbot, window, tmp_path, monkeypatch,
                                                         no_modal_dialogs):
    new_workbook(qtbot, window, tmp_path / "Argyle.mwb", monkeypatch)
    wizard = start_assessment(qtbot, window, JOBS_FW, {})
    assert wizard.framework.id == JOBS and wizard.framework.min_level == 0
    # the Argyle case: content is made and kept current, delivery stalls
    rate_all_by_keyboard(qtbot, window, wizard, {"create": 2, "deliver": 1, "scale": 1})

    overview = overview_by_keyboard(qtbot, window)
    panel = overview.model_panel
    found = panel.job
    assert (found.job.id, found.stage.level, found.target.level) == ("deliver", 1, 2)
    text = panel.text.text()
    step = JOBS_FW.job_for_level(2).steps[2]
    assert "The job that holds the program back" == panel.heading.text()
    assert text.count(step) == 1
    for level, other in JOBS_FW.jobs[1].steps.items():  # one step: no other step of the job
        assert level == 2 or other not in text
    advice = overview.advice.text()
    assert "Next level" not in advice and step not in advice  # said once, in the job's terms
    rows = overview.steps.rows_shown()  # the job's step can become an action; not said again
    assert len(rows) == 1 and rows[0].step.advice == step and step not in rows[0].text.text()
    assert "set by its weakest job" in overview.overall.text()
    cards = {c.dimension_id: c for c in overview.cards if c.isVisible()}
    assert "Holds the program back" in cards["deliver"].details.text()
    assert "Bottleneck" not in cards["deliver"].details.text()

    printed = export_from_window(qtbot, window, monkeypatch, tmp_path / "argyle.pdf")
    assert "The job that holds the program back: Deliver" in printed
    assert step in printed and printed.count("The next step") == 1


def test_stage_zero_is_placed_in_the_window_and_on_the_radar(qtbot, window, tmp_path):
    from tests.models_data import add_assessment
    from maturity_workbook.store import WorkbookStore

    path = tmp_path / "young.mwb"
    store = WorkbookStore.create(path, "Young program")
    pids = [store.add_participant(n).id for n in ("Ana", "Bo", "Cy")]
    add_assessment(store, JOBS_FW, "First check", "2026-01-05", pids,
                   {d.id: 0 for d in JOBS_FW.dimensions})
    store.flush()
    store.close()
    assert window.open_path(path)
    overview = window.workbook_view.overview
    found = overview.model_panel.job
    assert (found.stage.level, found.job.id, found.target.level) == (0, "create", 1)
    assert "0 · Reactive answers" in overview.overall.text()
    qtbot.waitUntil(lambda: overview.radar.figure is not None, timeout=20000)
    [line] = find_artists(overview.radar.figure, "radar-series:")
    assert list(line.get_ydata())[:3] == [0.0, 0.0, 0.0]  # drawn at stage 0, not left out


def test_several_models_one_at_a_time_with_each_latest_placement(qtbot, window, tmp_path):
    ids = models_workbook(tmp_path / "mixed.mwb")
    assert window.open_path(tmp_path / "mixed.mwb")
    overview = window.workbook_view.overview
    chooser = overview.models
    assert chooser.isVisible() and chooser.combo.count() == 4  # five-stage 1.0 and 2.0 apart
    table = chooser.placements.text()
    assert "Deliver holds it back" in table and "where 55% of programs are" in table
    assert "3 · Personalize learning, where 10% of programs are" in table  # the 1.0 one
    # the latest assessment is the three-job check: its model is shown first
    assert overview.selected_series() == (JOBS, "2.0") and overview.model_panel.job is not None
    assert overview.chooser.count() == 1

    chooser._link(f"{FIVE}|2.0")  # a click on the five-stage model in the table
    assert overview.selected_assessment_id() == ids["five-review"]
    assert [overview.chooser.itemData(i) for i in range(overview.chooser.count())] == [
        ids["five-review"], ids["five-baseline"]]
    model = overview.model
    assert model.previous.id == ids["five-baseline"]  # never the 1.0 pilot
    assert overview.model_panel.cohort_place.stage_share == 0.55

    overview.show_series((PRIMARY, "1.0"))
    assert not overview.model_panel.isVisible() and overview.model.previous is None

    history = window.workbook_view.history
    window.workbook_view.show_screen(window.workbook_view.HISTORY)
    history.show_series((FIVE, "2.0"))
    assert {v.id for v in history.views} == {ids["five-baseline"], ids["five-review"]}
    compare = [history.before.itemData(i) for i in range(history.before.count())]
    assert ids["five-old"] not in compare
    tabs = [history.charts.tabText(i) for i in range(history.charts.count())]
    assert tabs[-1] == "Cohort"
    headers = [history.table.horizontalHeaderItem(c).text()
               for c in range(history.table.columnCount())]
    placement = history.table.item(0, headers.index("Placement")).text()
    assert placement == "2 · Build foundation for scale: 55% of programs, ahead of 30%"
    history.table.setCurrentCell(1, 1)  # the baseline: stage 1, ahead of nobody
    assert history.model_panel.cohort_place.stage.level == 1
    assert history.table.item(1, headers.index("Placement")).text() == (
        "1 · Train your customers: 30% of programs")
    assert "other models or versions are not shown" in history.intro.text()

    history.show_series((JOBS, "2.0"))
    assert history.charts.tabText(history.charts.count() - 1) == "Jobs"
    assert history.model_panel.job.job.id == "deliver"
    history.show_series((PRIMARY, "1.0"))
    assert [history.charts.tabText(i) for i in range(history.charts.count())] == [
        "Radar overlay", "Trend", "Goal Metrics"]


def test_finalizing_another_models_assessment_shows_it(qtbot, window, tmp_path):
    ids = models_workbook(tmp_path / "mixed.mwb", jobs=False)
    assert window.open_path(tmp_path / "mixed.mwb")
    session, overview = window.session, window.workbook_view.overview
    overview.show_series((PRIMARY, "1.0"))
    a = session.store.create_assessment(JOBS_FW, "Quick check", "2026-01-05",
                                        session.assessment(ids["five-review"]).participant_ids)
    for item in JOBS_FW.items:
        for pid in a.participant_ids:
            session.set_rating(a.id, item.id, pid, 3)
    assert overview.selected_series() == (PRIMARY, "1.0")  # a draft elsewhere changes nothing
    session.finalize(a.id)
    qtbot.waitUntil(lambda: overview.selected_assessment_id() == a.id)
    assert overview.selected_series() == (JOBS, "2.0") and overview.model_panel.job is not None


def test_which_model_fits_us_opens_from_the_help_menu(qtbot, window):
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    [action] = [a for a in help_menu.actions() if "Which" in a.text()]
    assert action.text() == "Which &Model Fits Us"
    action.trigger()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if w.isVisible() and w.windowTitle() == "Which Model Fits Us")
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert text.startswith("Which model fits us")  # the Markdown heading, rendered
    for heading in ("Customer education maturity: four functions, four stages",
                    "Customer learning maturity: five stages against a research cohort",
                    "Three jobs, six stages", "Several models in one workbook"):
        assert heading in text
    assert "|" not in text  # the table is a table, not pipes
    assert dialog.browser.document().toMarkdown().count("##") >= 4
    dialog.close()


class Brackets(QTranslator):
    """Wraps every translated text in ⟦…⟧ (placeholders stay outside), so text that skipped
    translation stands out."""

    def translate(self, context, source, disambiguation=None, n=-1):
        if source == "QT_LAYOUT_DIRECTION":
            return ""
        pieces = re.split(r"(\{[^{}]*\}|%n|%\d)", source)
        return "".join(p if re.fullmatch(r"\{[^{}]*\}|%n|%\d", p) else f"⟦{p}⟧"
                       for p in pieces if p)

    def isEmpty(self) -> bool:
        return False


def model_data(framework) -> set[str]:
    """What a framework file contributes (one language for now: data, not translation)."""
    texts = {framework.title, framework.version, framework.cohort.cite() if framework.cohort
             else "", framework.cohort.note if framework.cohort else ""}
    for stage in framework.stages:
        texts |= {stage.name, stage.challenge, stage.benefit, *stage.imperatives}
    for job in framework.jobs:
        texts |= {job.name, job.friction, job.sustain, *job.steps.values()}
    texts |= {d.name for d in framework.dimensions}
    return {t for t in texts if t}


def untranslated(text: str, data: set[str]) -> str:
    text = html.unescape(re.sub(r"<[^>]*>", " ", text))
    while (shorter := re.sub("⟦[^⟦⟧]*⟧", " ", text)) != text:
        text = shorter
    for piece in sorted(data, key=len, reverse=True):
        text = text.replace(piece, " ")
    return "".join(ch for ch in text if ch.isalpha())


def test_every_text_of_the_model_views_is_translated(qtbot, window, tmp_path, qapp):
    models_workbook(tmp_path / "mixed.mwb")
    translator = Brackets()
    qapp.installTranslator(translator)
    try:
        assert window.open_path(tmp_path / "mixed.mwb")
        data = set().union(*(model_data(f) for f in CATALOG))
        data |= {a.title for a in window.session.workbook.assessments.values()}
        overview = window.workbook_view.overview
        history = window.workbook_view.history
        shown = []
        for key in ((FIVE, "2.0"), (JOBS, "2.0")):
            overview.show_series(key)
            history.show_series(key)
            for panel in (overview.model_panel, history.model_panel):
                shown += [panel.heading.text(), panel.text.text(),
                          panel.cohort.accessibleDescription()]
            chooser = overview.models
            shown += [chooser.label.text(), chooser.placements.text(),
                      chooser.combo.accessibleName(), overview.overall.text(),
                      *[chooser.combo.itemText(i) for i in range(chooser.combo.count())],
                      history.charts.tabText(history.charts.count() - 1),
                      history.table.item(0, history.table.columnCount() - 1).text()]
            shown += [c.details.text() for c in overview.cards if c.isVisible()]
        left = {text: untranslated(text, data) for text in shown}
        assert {t: rest for t, rest in left.items() if rest} == {}
        assert sum("⟦" in t for t in shown) >= len(shown) - 2
    finally:
        qapp.removeTranslator(translator)


def test_too_little_data_leaves_the_place_and_the_job_unsaid(qtbot, window, tmp_path):
    """A function without a stage could be the weakest: no cohort place, no job, and the job
    view says which one to rate first (as the advice does)."""
    from maturity_workbook.store import WorkbookStore

    path = tmp_path / "thin.mwb"
    store = WorkbookStore.create(path, "Thin data")
    pid = store.add_participant("Ana").id
    for framework in (FIVE_FW, JOBS_FW):
        a = store.create_assessment(framework, f"Half of {framework.id}", "2026-01-05", [pid])
        for dim in framework.dimensions[:-1]:  # the last function is left unrated
            for item in dim.items:
                store.set_rating(a.id, item.id, pid, 2)
        store.finalize(a.id)
    store.flush()
    store.close()
    assert window.open_path(path)
    overview = window.workbook_view.overview
    overview.show_series((FIVE, "2.0"))
    panel = overview.model_panel
    assert panel.isVisible() and panel.cohort_place is None and not panel.cohort.isVisible()
    assert "shows once every function has a stage" in panel.text.text()
    overview.show_series((JOBS, "2.0"))
    assert panel.job is None
    assert "Not known yet: Scale has too few rated items" in panel.text.text()
    assert "The bottleneck is not known yet" in overview.advice.text()
    assert "set by its weakest job" not in overview.overall.text()
