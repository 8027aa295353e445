"""The Overview and History screens show the charts and advice the workbook's data calls for."""

import html
import shutil
from dataclasses import replace
from datetime import date

import pytest

from maturity_workbook.charts.radar import find_artists
from maturity_workbook.resources import resource_path
from maturity_workbook.ui.i18n import format_date, format_number
from tests.thin_data import bouncing_workbook, thin_workbook
from tests.ui.conftest import make_workbook


def series_lines(panel):
    return find_artists(panel.figure, "radar-series:")


@pytest.fixture
def sample_window(window, tmp_path):
    path = tmp_path / "Sample.mwb"
    shutil.copy(resource_path("samples", "sample.mwb"), path)
    assert window.open_path(path)
    return window


def test_rating_in_the_wizard_updates_the_overview_radar(qtbot, window, workbook_path):
    aid, (ada, ben) = make_workbook(workbook_path)
    window.open_path(workbook_path)
    session, view = window.session, window.workbook_view
    from maturity_workbook.paths import load_catalog

    framework = load_catalog().get("customer-education", "1.0")
    content = framework.dimension("content").items
    for item in content[:4]:  # enough of Content to give it a score
        session.set_rating(aid, item.id, ada, 2)
        session.set_rating(aid, item.id, ben, 2)
    view.show_screen(view.OVERVIEW)
    view.overview.refresh()
    qtbot.waitUntil(lambda: view.overview.radar.figure is not None)
    theta_content = 1  # the second axis, in framework order

    def content_radius():
        return float(series_lines(view.overview.radar)[-1].get_ydata()[theta_content])

    assert content_radius() == pytest.approx(2.0)
    view.show_assess(aid)
    wizard = view.assess.wizard
    wizard.show_item(content[0].id)
    qtbot.keyClick(wizard.page.rows[0][1], "4")
    qtbot.keyClick(wizard.page.rows[1][1], "4")  # median now 4 for that item: mean 2.5
    view.show_screen(view.OVERVIEW)
    qtbot.waitUntil(lambda: content_radius() == pytest.approx(2.5))


def test_sample_overview_shows_due_notice_stuck_prompts_and_bottleneck(sample_window):
    overview = sample_window.workbook_view.overview
    overview.today = date(2027, 6, 1)  # past six months after the autumn 2026 review
    overview.refresh()
    assert overview.due.isVisible() and "overdue" in overview.due.text().lower()
    advice = overview.advice.text()
    assert "Where to start" in advice and "Next level" in overview.steps.heading.text()
    assert len(overview.steps.rows_shown()) == len(overview.model.bottleneck.next_steps) + len(
        overview.model.other_steps)  # each a row that Enter makes an action
    assert "Key findings" in advice
    advice += overview.advice_more.text()  # thin data, what to find out, stuck: below
    assert "Questions to reinvent them" in advice
    # (plural forms come from the English catalogue; without it Qt shows "function(s)")
    assert "<b>Technology stack</b> is the weakest of the 4 function" in advice
    # each discipline's questions once, with the threshold worded from the rule's constant
    model = overview.model
    for r in model.stuck.reinvent:
        for prompt in r.prompts:
            assert advice.count(html.escape(prompt)) == 1
    assert f"less than {format_number(model.stuck.threshold, 2)} of a stage" in advice
    cards = {c.dimension_id: c for c in overview.cards if c.isVisible()}
    assert "Bottleneck: start here" in cards["technology"].details.text()
    assert "Bottleneck" not in cards["content"].details.text()


def test_the_stuck_threshold_in_the_text_is_the_models(sample_window):
    overview = sample_window.workbook_view.overview
    model = overview.model
    changed = replace(model, stuck=replace(model.stuck, threshold=0.4))
    assert "less than 0.40 of a stage" in overview.advice_html(changed)
    assert "less than 0.40 of a stage" not in overview.advice_html(model)


def test_thin_data_says_rate_first_and_names_no_bottleneck(qtbot, window, tmp_path):
    path = thin_workbook(tmp_path / "thin.mwb")
    assert window.open_path(path)
    view = window.workbook_view
    view.show_screen(view.OVERVIEW)
    overview = view.overview
    overview.refresh()
    text = overview.advice.text()
    assert "The bottleneck is not known yet." in text
    assert "Rate <b>Technology stack</b> first: 2 more item" in text
    assert "weakest function when last scored" in text
    assert "start here" not in text and not overview.steps.isVisibleTo(overview)
    cards = {c.dimension_id: c for c in overview.cards if c.isVisible()}
    assert "Rate this function first" in cards["technology"].details.text()
    assert cards["technology"].stage.text() == "Not enough data"
    assert not any("Bottleneck" in c.details.text() for c in cards.values())
    assert overview.overall.text().startswith("Overall: not known yet, 1 function")
    # "Scaling -> too few items" is not a change in maturity
    assert "not comparable" in cards["technology"].details.text()


def test_history_overlay_selection_changes_the_polygons(qtbot, sample_window):
    history = sample_window.workbook_view.history
    sample_window.workbook_view.show_screen(2)
    assert len(history.views) >= 3
    history.set_overlay([v.id for v in history.views])
    history.radar.draw_now("radar", history.framework,
                           [v for v in history.views if v.id in history.overlay],
                           {})
    assert len(series_lines(history.radar)) == len(history.views)
    history.set_overlay([history.views[-1].id])
    history.radar.draw_now("radar", history.framework, [history.views[-1]], {})
    assert len(series_lines(history.radar)) == 1
    legend = history.radar.figure.findobj(lambda a: a.get_gid() == "radar-legend")
    assert legend and history.views[-1].title in " ".join(
        t.get_text() for t in legend[0].get_texts())


def test_history_compares_the_last_two(sample_window):
    history = sample_window.workbook_view.history
    text = history.comparison.toPlainText()
    last, previous = history.views[-1], history.views[-2]
    assert f"{format_date(previous.day)} → {format_date(last.day)}" in text
    # autumn 2026 (question bank 2.0) against spring 2026 (1.0), each with its own version
    assert (previous.framework.version, last.framework.version) == ("1.0", "2.0")
    assert "made with version 1.0 of the questions" in text and "(items differ)" in text
    assert "Most improved: Business strategy & planning" in text
    assert "Items that moved a level" in text
    # technology rose a little but is stuck: explained, never "most improved"
    assert "Technology stack rose +0.05, but over the last 2 reassessment" in text


def test_history_separates_answers_from_changes_in_maturity(qtbot, window, tmp_path):
    assert window.open_path(thin_workbook(tmp_path / "thin.mwb"))
    history = window.workbook_view.history
    window.workbook_view.show_screen(2)
    text = history.comparison.toPlainText()
    assert "Answers that changed what is known (5)" in text  # 5 technology items unrated now
    assert "1 · Reacting → not rated" in text
    assert "Technology stack\n1.00\n—\nno longer scored" in text


def test_save_chart_as_png_and_svg(qtbot, sample_window, tmp_path):
    panel = sample_window.workbook_view.overview.radar
    qtbot.waitUntil(lambda: panel.figure is not None)
    for suffix, magic in ((".png", b"\x89PNG"), (".svg", b"<?xml")):
        out = tmp_path / f"radar{suffix}"
        panel.save_to(out)
        assert out.read_bytes().startswith(magic)


def test_a_stuck_rise_is_explained_not_called_most_improved(qtbot, window, tmp_path):
    assert window.open_path(bouncing_workbook(tmp_path / "bounce.mwb"))
    view = window.workbook_view
    overview = view.overview
    overview.refresh()
    cards = {c.dimension_id: c for c in overview.cards if c.isVisible()}
    assert "Stuck: ±0.00 over the last 2 reassessment" in cards["technology"].details.text()
    assert "Stuck" not in cards["content"].details.text()
    history = view.history
    view.show_screen(2)
    text = history.comparison.toPlainText()
    # strategy, content and technology each rose +1.00: strategy (listed first) is the most
    # improved; technology's rise is explained as a stuck function's, never "most improved"
    assert "Most improved: Business strategy & planning" in text
    assert "Technology stack rose +1.00, but over the last 2 reassessment" in text
    assert "it is stuck, not improving" in text


def test_dont_know_items_are_listed_to_find_out(qtbot, window, workbook_path):
    from maturity_workbook.core.workbook import UNKNOWN
    from maturity_workbook.paths import load_catalog

    item = load_catalog().get("customer-education", "1.0").dimension("strategy").items[0]
    make_workbook(workbook_path, ratings={item.id: (UNKNOWN, UNKNOWN)}, final=True)
    assert window.open_path(workbook_path)
    overview = window.workbook_view.overview
    overview.refresh()
    text = overview.advice_more.text()
    assert "To find out before the next workshop" in text
    assert html.escape(item.prompt) in text
