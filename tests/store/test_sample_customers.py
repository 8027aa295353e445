"""The sample workbook's customers: about 40 on the default CMI model with a scoring history in
which customers move between quadrants, so the Customers screen, the matrix's arrows and the
trends have something to show from the first start."""

from datetime import date

import pytest

from maturity_workbook.core import customers as C
from maturity_workbook.core.portfolio import movement, placements, quadrant_counts, scoring_days
from maturity_workbook.paths import load_cmi_catalog
from maturity_workbook.store import WorkbookStore
from tests.store.helpers import SAMPLE


@pytest.fixture(scope="module")
def sample():
    with WorkbookStore.open(SAMPLE, read_only=True) as store:
        yield store.workbook
    C.use_catalog(None)


def test_about_forty_customers_with_three_scoring_dates(sample):
    customers = C.customers_of(sample)
    assert 35 <= len(customers) <= 45
    assert scoring_days(customers) == [date(2024, 2, 15), date(2024, 8, 15), date(2025, 2, 14)]
    assert sum(len(c.scorings) >= 3 for c in customers) >= 30
    assert any(len(c.scorings) < 3 for c in customers)  # some joined later
    assert not C.orphan_scorings(sample)


def test_every_quadrant_is_used_and_customers_moved_between_them(sample):
    model = load_cmi_catalog().get(C.model_id_of(sample))
    customers = C.customers_of(sample)
    counts = quadrant_counts(model, placements(model, customers))
    assert all(n > 0 for n in counts.values())
    moves = movement(model, customers, since=date(2024, 2, 15))
    assert sum(m.quadrant_changed for m in moves) >= 10
