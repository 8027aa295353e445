"""The snapshot across question bank versions: a 2.0 assessment is compared with the 1.0 ones
per function, each scored with its own version, page 1 marks the changes of functions whose
items differ, a section names those items, and the item detail says which items are new."""

from datetime import date

import pytest

from tests.report.conftest import all_text, open_workbook, page_texts, flat
from tests.thin_data import versions_workbook


@pytest.fixture(scope="module")
def versions_pdf(tmp_path_factory, catalog):
    from maturity_workbook.report import export_pdf

    folder = tmp_path_factory.mktemp("versions")
    made = versions_workbook(folder / "versions.mwb")
    wb = open_workbook(folder / "versions.mwb")
    latest = wb.assessments[made["latest"]]
    out = folder / "versions.pdf"
    export_pdf(wb, catalog.get("customer-education", "2.0"), latest, out, paper="A4",
               today=date(2026, 6, 1), catalog=catalog)
    return out


def test_page_one_compares_with_1_0_and_marks_the_changes_whose_items_differ(versions_pdf):
    first = flat(page_texts(versions_pdf)[0])
    assert "compared with 12 Nov 2025" in first and "version 2.0" in first
    assert "+1.1 ↑ *" in first  # strategy: up a stage since the 1.0 review, items differ
    assert ("* Questions of version 1.0 then, 2.0 now, each scored with its own; the marked "
            "functions' items differ") in first
    assert "6 of 9 at or above" in first  # what strategy's stage rests on


def test_a_section_names_the_items_that_differ(versions_pdf, catalog):
    text = all_text(versions_pdf)
    new = catalog.get("customer-education", "2.0")
    old = catalog.get("customer-education", "1.0")
    assert "Questions that differ from version 1.0" in text
    assert "Content development (1 split)" in text
    assert "Go-to-market & delivery (1 renamed, 2 split and 2 new)" in text
    assert flat(f"New in version 2.0: “{new.item('technology-learner-data').prompt}”") in text
    assert flat(f"Renamed: “{old.item('delivery-one-link').prompt}” is now "
                f"“{new.item('delivery-onboarding-link').prompt}”") in text
    # the item detail says what is new and what was asked differently, never "was not rated"
    assert "(new in version 2.0)" in text and "(asked differently in version 1.0)" in text
    assert "(was not rated)" not in text
    # a renamed item's change is compared one to one, under its 2.0 wording
    assert flat(new.item("delivery-onboarding-link").prompt) in text.split("Changes since")[1]


def test_without_the_catalog_a_2_0_snapshot_has_no_1_0_history(tmp_path, catalog):
    from maturity_workbook.report.content import build_snapshot

    made = versions_workbook(tmp_path / "v.mwb")
    wb = open_workbook(tmp_path / "v.mwb")
    doc = build_snapshot(wb, catalog.get("customer-education", "2.0"),
                         wb.assessments[made["latest"]], today=date(2026, 6, 1))
    assert "Questions that differ" not in doc.text() and "Since 12 Nov 2025" not in doc.text()


def test_a_1_0_snapshot_is_scored_with_1_0(tmp_path, catalog):
    from maturity_workbook.report.content import build_snapshot, gather

    made = versions_workbook(tmp_path / "v.mwb")
    wb = open_workbook(tmp_path / "v.mwb")
    review = wb.assessments[made["review"]]
    facts = gather(wb, catalog.get("customer-education", "1.0"), review,
                   today=date(2026, 6, 1), catalog=catalog)
    assert facts.framework.version == "1.0"
    assert [v.framework.version for v in facts.history] == ["1.0", "1.0"]
    doc = build_snapshot(wb, facts.framework, review, today=date(2026, 6, 1), catalog=catalog)
    assert "Questions that differ" not in doc.text()
    with pytest.raises(LookupError):  # never scored with 2.0
        gather(wb, catalog.get("customer-education", "2.0"), review, today=date(2026, 6, 1))
