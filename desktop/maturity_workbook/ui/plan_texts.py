"""The plan's words in the window: the twelve company priorities, action statuses, roadmap
horizons, refusals, and dates and metric values in the user's locale (dates as ui/i18n.py writes
them; a metric's value keeps the decimals it has).

core/plan.py holds ids only. The names are marked with QT_TRANSLATE_NOOP so pyside6-lupdate
extracts them, and translated when shown (context "Plan"). The command line has the same names in
English in store/plan_export.py (a test keeps the two lists together). The report can call
`QCoreApplication.translate("Plan", PRIORITY_NAMES[id])` with these same source strings.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QLocale, QT_TRANSLATE_NOOP

from maturity_workbook.core import plan
from maturity_workbook.core.errors import OperationError, Problem
from maturity_workbook.ui import i18n

CONTEXT = "Plan"

PRIORITY_NAMES = {
    "educate-market": QT_TRANSLATE_NOOP("Plan", "Educate the market"),
    "marketing-leads": QT_TRANSLATE_NOOP("Plan", "More marketing-qualified leads"),
    "onboarding": QT_TRANSLATE_NOOP("Plan", "Faster onboarding"),
    "training-revenue": QT_TRANSLATE_NOOP("Plan", "Revenue or profit from selling training"),
    "deal-size": QT_TRANSLATE_NOOP("Plan", "Larger average deal size"),
    "support-calls": QT_TRANSLATE_NOOP("Plan", "Fewer calls to support"),
    "services-time": QT_TRANSLATE_NOOP("Plan", "Less services time spent training"),
    "product-usage": QT_TRANSLATE_NOOP("Plan", "More product usage"),
    "renewals": QT_TRANSLATE_NOOP("Plan", "Higher renewal rates"),
    "upsell-tiers": QT_TRANSLATE_NOOP("Plan", "Upsell to higher user tiers"),
    "feature-purchases": QT_TRANSLATE_NOOP("Plan", "More add-on feature purchases"),
    "customer-outcomes": QT_TRANSLATE_NOOP("Plan", "Better customer outcomes"),
}
STATUS_NAMES = {
    plan.PLANNED: QT_TRANSLATE_NOOP("Plan", "Planned"),
    plan.IN_PROGRESS: QT_TRANSLATE_NOOP("Plan", "In progress"),
    plan.DONE: QT_TRANSLATE_NOOP("Plan", "Done"),
    plan.DROPPED: QT_TRANSLATE_NOOP("Plan", "Dropped"),
}
HORIZON_NAMES = {
    plan.NEXT_REASSESSMENT: QT_TRANSLATE_NOOP("Plan", "By the next reassessment"),
    plan.WITHIN_YEAR: QT_TRANSLATE_NOOP("Plan", "Within a year"),
    plan.DATED: QT_TRANSLATE_NOOP("Plan", "By a date"),
}


def translated(name: str) -> str:
    """A name of the tables above in the user's language (lupdate finds them through
    QT_TRANSLATE_NOOP; a literal text must be translated where it is written)."""
    return QCoreApplication.translate(CONTEXT, name)


def priority_name(goal: plan.Goal | None) -> str:
    """The company priority as the window shows it: one of the twelve, or the team's words."""
    if goal is None:
        return ""
    if goal.priority in PRIORITY_NAMES:
        return translated(PRIORITY_NAMES[goal.priority])
    return goal.own_priority


def status_name(status: str) -> str:
    return translated(STATUS_NAMES[status]) if status in STATUS_NAMES else status


def phase_name(phase: plan.Phase | None) -> str:
    """A phase's own name, else its horizon's."""
    if phase is None:
        return QCoreApplication.translate("Plan", "No phase")
    return phase.name or translated(HORIZON_NAMES.get(phase.horizon, HORIZON_NAMES[plan.DATED]))


def function_name(framework, dimension_id: str) -> str:
    """A function's name in the framework; the program as a whole for PROGRAM."""
    if dimension_id == plan.PROGRAM:
        return QCoreApplication.translate("Plan", "Whole program")
    if framework is not None:
        for dimension in framework.dimensions:
            if dimension.id == dimension_id:
                return dimension.name
    return dimension_id


def item_prompt(framework, item_id: str) -> str:
    if framework is not None and item_id:
        for dimension in framework.dimensions:
            for item in dimension.items:
                if item.id == item_id:
                    return item.prompt
    return item_id


def date_pattern(locale: QLocale | None = None) -> str:
    """The locale's short date with a four-digit year; ISO in the C locale (ui/i18n.py)."""
    return i18n.date_pattern(locale or QLocale())


def format_date(value: str | date | None, locale: QLocale | None = None) -> str:
    """An ISO date as the user's locale writes it; "" for none."""
    return i18n.format_date(value, locale) if value else ""


def format_number(value: float | None, locale: QLocale | None = None) -> str:
    """A metric's value with the locale's digits and separators, without needless decimals."""
    if value is None:
        return ""
    locale = locale or QLocale()
    if float(value).is_integer() and abs(value) < 1e15:
        return locale.toString(int(value))
    text = locale.toString(float(value), "f", 4)
    decimal = locale.decimalPoint()
    if decimal in text:
        text = text.rstrip(locale.zeroDigit()).rstrip(decimal)
    return text


def parse_number(text: str, locale: QLocale | None = None) -> tuple[bool, float | None]:
    """(ok, value) for what the user typed: blank is (True, None); the locale's way of writing a
    number first, then the C locale's (a pasted 12.5 in a German window)."""
    text = text.strip()
    if not text:
        return True, None
    for loc in (locale or QLocale(), QLocale.c()):
        value, ok = loc.toDouble(text)
        if ok:
            return True, value
    return False, None


def refusal(error: OperationError) -> str:
    """Why the workbook refused an edit, in the user's words."""
    params = error.params
    if error.problem is Problem.LIMIT_REACHED:
        return QCoreApplication.translate(
            "Plan", "A goal has at most five metrics. Remove one before you add another.")
    if error.problem is Problem.DUPLICATE and "since" in str(params.get("what", "")):
        return QCoreApplication.translate(
            "Plan", "Another version of the goal starts on %1. Pick another date.").replace(
            "%1", format_date(params.get("value")))
    if error.problem is Problem.NEEDS_NAME:
        return QCoreApplication.translate("Plan", "Give it a name or title first.")
    if error.problem is Problem.BAD_DATE:
        return QCoreApplication.translate("Plan", "Pick a date.")
    if error.problem is Problem.BAD_NUMBER:
        return QCoreApplication.translate("Plan", "That number is too large or is not a number.")
    return QCoreApplication.translate("Plan", "The workbook refused this change: %1").replace(
        "%1", str(error))
