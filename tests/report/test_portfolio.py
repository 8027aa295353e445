"""The snapshot's portfolio page: the customers on the matrix with counts per quadrant and
track, what changed since the scoring before the latest, and nothing for a workbook without
customers."""

from __future__ import annotations

from datetime import date

import pytest

from maturity_workbook.core import customers as C
from maturity_workbook.core.ops.customer_ops import SetPortfolioSettings
from maturity_workbook.report.content import build_snapshot
from maturity_workbook.report.document import Chart
from tests.report.conftest import SAMPLE, all_text, flat, open_workbook


@pytest.fixture(autouse=True)
def no_catalog_left():
    yield
    C.use_catalog(None)


TODAY = date(2026, 12, 1)  # after the sample's last assessment (November 2026)


def latest_with_its_framework(catalog, wb):
    """The latest assessment and its own framework version (the sample's is question bank 2.0),
    as the window and export-pdf choose them."""
    latest = wb.latest()
    return latest, catalog.get(latest.framework_id, latest.framework_version)


def sample_snapshot(catalog, wb=None):
    wb = wb or open_workbook(SAMPLE)
    latest, framework = latest_with_its_framework(catalog, wb)
    return build_snapshot(wb, framework, latest, today=TODAY, catalog=catalog)


def test_the_sample_has_a_portfolio_section_with_the_matrix_and_counts(catalog):
    doc = sample_snapshot(catalog)
    text = flat(doc.text())
    assert "40 customers, each placed by its latest scoring (the last on 14 Feb 2025)" in text
    assert "Quadrant | Playbook | Customers | Since 15 Aug 2024" in text
    assert "Expand and make advocates | Expand and advocate (high-touch) | 20 | +2" in text
    assert "Tech-touch or let go | Tech-touch or let go (tech-touch) | 4 | no change" in text
    assert "Foundations | 0 to 40 | 6 | −1" in text and "Mastery | 70 to 100 | 21 | +4" in text
    assert "16 customers changed quadrant." in text
    assert "4 more changed quadrant" in text
    charts = [b for b in doc.blocks if isinstance(b, Chart) and b.name == "portfolio-matrix"]
    assert len(charts) == 1 and "Arrows run from where a customer stood on 15 Aug 2024" in \
        charts[0].caption
    figure = charts[0].build(6.3, 4.6)
    gids = {a.get_gid() for a in figure.axes[0].get_children()}
    assert "matrix-moves:changed" in gids and "matrix-moves:within" not in gids
    order = [text.find(t) for t in ("Progress over time", "Customers on the maturity",
                                    "Item detail")]
    assert order == sorted(order) and -1 not in order


def test_the_workbooks_thresholds_are_used(catalog):
    wb = open_workbook(SAMPLE)
    SetPortfolioSettings({"cmi_threshold": 70}).apply(wb)
    text = flat(sample_snapshot(catalog, wb).text())
    assert "At or above 70 CMI and 50 health" in text


def test_no_customers_no_section_and_an_unknown_model_is_said(history_workbook, framework,
                                                            catalog):
    wb = open_workbook(history_workbook)
    text = build_snapshot(wb, framework, wb.latest(), today=date(2025, 5, 1)).text()
    assert "Customers on the maturity" not in text
    sample = open_workbook(SAMPLE)
    SetPortfolioSettings({"model_id": "elsewhere"}).apply(sample)
    text = flat(sample_snapshot(catalog, sample).text())
    assert "CMI model elsewhere, which was not available" in text
    assert "Quadrant | Playbook" not in text


def test_the_pdf_prints_the_portfolio_page(tmp_path, catalog):
    from maturity_workbook.report import export_pdf

    wb = open_workbook(SAMPLE)
    out = tmp_path / "sample.pdf"
    latest, framework = latest_with_its_framework(catalog, wb)
    export_pdf(wb, framework, latest, out, paper="A4", today=TODAY, catalog=catalog)
    text = all_text(out)
    assert "Customers on the maturity and health matrix" in text
    assert "Expand and make advocates" in text and "주식회사 한빛 회계법인" in text
    assert "Customer Maturity Index (CMI)" in text  # the chart's axis, as vector text
