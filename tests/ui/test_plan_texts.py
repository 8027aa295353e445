"""The plan's words in the window: the twelve priorities as the command line names them, numbers
and dates in the user's locale, refusals said plainly."""

from PySide6.QtCore import QLocale

from maturity_workbook.core import plan
from maturity_workbook.core.errors import InvalidValue, Problem
from maturity_workbook.store import plan_export
from maturity_workbook.ui import plan_texts


def test_every_priority_status_and_horizon_has_a_name_the_cli_shares():
    assert set(plan_texts.PRIORITY_NAMES) == set(plan.PRIORITIES)
    assert plan_texts.PRIORITY_NAMES == plan_export.PRIORITY_NAMES  # one wording, two places
    assert set(plan_texts.STATUS_NAMES) == set(plan.STATUSES)
    assert set(plan_texts.HORIZON_NAMES) == set(plan.HORIZONS)
    own = plan.Goal("g", plan.OWN_PRIORITY, "Grow in Korea 🇰🇷", "", "2026-01-01")
    assert plan_texts.priority_name(own) == "Grow in Korea 🇰🇷"
    assert plan_texts.phase_name(plan.Phase("p", "", plan.WITHIN_YEAR, None, {})) == \
        "Within a year"


def test_numbers_and_dates_follow_the_locale():
    german = QLocale(QLocale.German, QLocale.Germany)
    assert plan_texts.format_number(41.5, german) == "41,5"
    assert plan_texts.format_number(1234567, german) == "1.234.567"
    assert plan_texts.format_number(0.125, german) == "0,125"
    assert plan_texts.parse_number("41,5", german) == (True, 41.5)
    assert plan_texts.parse_number("1.234,5", german) == (True, 1234.5)
    assert plan_texts.parse_number("12.5", german) == (True, 12.5)  # pasted, C-style
    assert plan_texts.parse_number("", german) == (True, None)
    assert plan_texts.parse_number("viele", german) == (False, None)
    arabic = QLocale(QLocale.Arabic, QLocale.Egypt)
    shown = plan_texts.format_number(55, arabic)
    assert plan_texts.parse_number(shown, arabic) == (True, 55)
    assert plan_texts.format_date("2026-05-13", german) == "13.05.2026"
    assert plan_texts.format_date("2026-05-13", QLocale.c()) == "2026-05-13"
    assert plan_texts.format_date(None) == ""


def test_refusals_are_worded_for_people():
    limit = InvalidValue(Problem.LIMIT_REACHED, what="metrics per goal", limit=5)
    assert "five" in plan_texts.refusal(limit) and "Remove one" in plan_texts.refusal(limit)
    twice = InvalidValue(Problem.DUPLICATE, what="a goal in force since", value="2026-01-12")
    assert "Pick another date" in plan_texts.refusal(twice)
