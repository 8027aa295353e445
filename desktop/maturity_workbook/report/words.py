"""English words for dates and answers in the snapshot, until the report words them through
QLocale and Qt translation (core returns dates and levels, not text; these moved here from
core.history so the report prints as before)."""

from __future__ import annotations

from datetime import date

from maturity_workbook.core.framework import Framework
from maturity_workbook.core.history import AssessmentView
from maturity_workbook.core.workbook import UNKNOWN, UNRATED

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_day(day: date) -> str:
    """'12 Mar 2024'. Moved here from core.history (core returns dates, not text) until the
    report words dates through QLocale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def level_text(framework: Framework, level: object) -> str:
    """'3 Scaling', 'not applicable', "don't know" or 'not rated' (moved from core.history)."""
    if level is UNRATED:
        return "not rated"
    if level is None:
        return "not applicable"
    if level is UNKNOWN:
        return "don't know"
    return f"{level} {framework.stage(level).name}"


def view_label(view: AssessmentView) -> str:
    title = view.title.strip()
    return f"{format_day(view.day)} — {title}" if title else format_day(view.day)
