"""The plan's words in the window: the twelve company priorities, action statuses, roadmap
horizons, refusals, and dates and numbers in the user's locale.

core/plan.py holds ids only. The names are marked with QT_TRANSLATE_NOOP so pyside6-lupdate
extracts them, and translated when shown (context "Plan"). The command line has the same names in
English in store/plan_export.py (a test keeps the two lists together). The report can call
`QCoreApplication.translate("Plan", PRIORITY_NAMES[id])` with these same source strings.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QT_TRANSLATE_NOOP

from maturity_workbook.core import plan
from maturity_workbook.core.errors import OperationError, Problem

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


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate(CONTEXT, text, disambiguation, n)


def priority_name(goal: plan.Goal | None) -> str:
    """The company priority as the window shows it: one of the twelve, or the team's words."""
    if goal is None:
        return ""
    if goal.priority in PRIORITY_NAMES:
        return tr(PRIORITY_NAMES[goal.priority])
    return goal.own_priority


def status_name(status: str) -> str:
    return tr(STATUS_NAMES[status]) if status in STATUS_NAMES else status


def phase_name(phase: plan.Phase | None) -> str:
    """A phase's own name, else its horizon's."""
    if phase is None:
        return tr("No phase")
    return phase.name or tr(HORIZON_NAMES.get(phase.horizon, "By a date"))


def function_name(framework, dimension_id: str) -> str:
    """A function's name in the framework; the program as a whole for PROGRAM."""
    if dimension_id == plan.PROGRAM:
        return tr("Whole program")
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
    """The locale's short date with a four-digit year; ISO in the C locale."""
    locale = locale or QLocale()
    if locale.language() == QLocale.C:
        return "yyyy-MM-dd"
    pattern = locale.dateFormat(QLocale.FormatType.ShortFormat)
    return pattern if "yyyy" in pattern else pattern.replace("yy", "yyyy")


def format_date(value: str | date | None, locale: QLocale | None = None) -> str:
    """An ISO date as the user's locale writes it (four-digit year); "" for none."""
    if not value:
        return ""
    locale = locale or QLocale()
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return locale.toString(QDate(day.year, day.month, day.day), date_pattern(locale))


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
        return tr("A goal has at most %n metric(s). Remove one before you add another.", "",
                  int(params.get("limit", plan.MAX_METRICS)))
    if error.problem is Problem.DUPLICATE and "since" in str(params.get("what", "")):
        return tr("Another version of the goal starts on %1. Pick another date.").replace(
            "%1", format_date(params.get("value")))
    if error.problem is Problem.NEEDS_NAME:
        return tr("Give it a name or title first.")
    if error.problem is Problem.BAD_DATE:
        return tr("Pick a date.")
    if error.problem is Problem.BAD_NUMBER:
        return tr("That number is too large or is not a number.")
    return tr("The workbook refused this change: %1").replace("%1", str(error))
