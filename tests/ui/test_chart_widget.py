"""Charts on screen fall back glyph by glyph to the installed wide-coverage fonts, so a Korean
metric name or an Arabic assessment title is drawn, not boxes; the PDF's charts are untouched."""

from datetime import date

import pytest

from maturity_workbook.core.plan import Metric
from maturity_workbook.ui import chart_widget


@pytest.fixture
def fallbacks(monkeypatch):
    """DejaVu Sans Mono (shipped with matplotlib) stands in for an installed CJK font."""
    import maturity_workbook.report.text as report_text

    monkeypatch.setattr(report_text, "FALLBACK_FAMILIES", ("Not Installed Sans", "DejaVu Sans Mono"))
    monkeypatch.setattr(report_text, "OUTLINE_EMOJI_FAMILIES", ())
    monkeypatch.setattr(chart_widget, "_screen_families", None)
    yield
    chart_widget._screen_families = None


def test_only_installed_fallbacks_follow_dejavu(fallbacks):
    assert chart_widget.screen_font_families() == ["DejaVu Sans", "DejaVu Sans Mono"]


def test_a_metrics_chart_on_screen_takes_the_fallbacks_and_a_pdf_chart_does_not(fallbacks,
                                                                                 qtbot):
    from maturity_workbook.charts.metrics import metrics_figure
    from maturity_workbook.ui.plan_widgets import MetricChartPanel

    metric = Metric("m1", "g1", "온보딩 완료율 · إتمام التدريب", "%", 30.0, "2026-01-01", 70.0,
                    "2026-12-31", "", 0, None)
    series = [(metric, [(date(2026, 5, 13), 55.0)])]
    panel = MetricChartPanel()
    qtbot.addWidget(panel)
    panel.draw_now(series)
    shown = named(panel.figure, "온보딩")
    assert shown and all(t.get_fontfamily() == ["DejaVu Sans", "DejaVu Sans Mono"]
                         for t in shown)
    printed = named(metrics_figure(series), "온보딩")  # as the report builds it
    assert printed and all("DejaVu Sans Mono" not in t.get_fontfamily() for t in printed)


def named(figure, part: str) -> list:
    from matplotlib.text import Text

    return [t for t in figure.findobj(Text) if part in t.get_text()]
