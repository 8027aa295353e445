"""CSV export: the scores file's `bottleneck` column says what scoring says, no more."""

from __future__ import annotations

import csv

import pytest

from maturity_workbook.core.scoring import score_assessment
from maturity_workbook.paths import load_catalog
from maturity_workbook.store import WorkbookStore
from maturity_workbook.store.export import export_csv
from tests.thin_data import thin_workbook


def scores_by_date(path, tmp_path) -> dict[str, dict[str, str]]:
    """assessment date -> dimension id -> the bottleneck cell of the exported scores CSV."""
    store = WorkbookStore.open(path, read_only=True)
    try:
        written, warnings = export_csv(store.workbook, tmp_path / "out.csv", load_catalog())
    finally:
        store.close()
    assert warnings == []
    with written[1].open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    out: dict[str, dict[str, str]] = {}
    for row in rows:
        out.setdefault(row["assessment_date"], {})[row["dimension_id"]] = row["bottleneck"]
    return out


@pytest.fixture
def thin(tmp_path):
    return thin_workbook(tmp_path / "thin.mwb")


def test_no_bottleneck_while_a_function_lacks_data(thin, tmp_path):
    """Technology has 2 of 7 items rated in the latest assessment: the bottleneck is not known,
    so no row says "yes" — not delivery, the weakest of the functions that have a stage."""
    cells = scores_by_date(thin, tmp_path)
    assert cells["2025-11-12"] == {"strategy": "", "content": "", "delivery": "",
                                   "technology": ""}
    # the baseline had every function placed: technology, the weakest, is its bottleneck
    assert cells["2025-05-14"] == {"strategy": "", "content": "", "delivery": "",
                                   "technology": "yes"}


def test_the_column_follows_scoring_for_every_assessment(thin, tmp_path):
    framework = load_catalog().get("customer-education", "1.0")
    store = WorkbookStore.open(thin)
    try:
        latest = store.workbook.latest()
        # technology rated enough now (4 of 7, at 3): delivery at 2 becomes the bottleneck
        draft = store.create_assessment(framework, "Spring", "2026-04-01",
                                        list(latest.participant_ids)[:1])
        pid = list(latest.participant_ids)[0]
        for dim in framework.dimensions:
            items = dim.items[:4] if dim.id == "technology" else dim.items
            for item in items:
                store.set_rating(draft.id, item.id, pid, 2 if dim.id == "delivery" else 3)
        store.flush()
        expected = {}
        for a in store.workbook.assessments.values():
            result = score_assessment(framework, a.agreed_ratings())
            expected[a.date] = result.bottleneck.id if result.bottleneck else None
    finally:
        store.close()
    cells = scores_by_date(thin, tmp_path)
    assert expected == {"2025-05-14": "technology", "2025-11-12": None,
                        "2026-04-01": "delivery"}
    for day, bottleneck in expected.items():
        assert [d for d, cell in cells[day].items() if cell == "yes"] == \
            ([bottleneck] if bottleneck else [])
