"""Translation, dates and numbers for the report: Qt's translation system and QLocale.

Every sentence of the report goes through `translate("SnapshotReport", "...")`: the same
signature as QCoreApplication.translate, so pyside6-lupdate extracts each call with its literal
context (checked by tests/report/test_i18n.py). Plurals use `%n`; until an English .qm with
numerus forms is installed, "(s)" is resolved here for English (1 item, 2 items).

Dates read "13 May 2026" in English; the pattern itself is translatable ("d MMM yyyy"), and
month names come from QLocale. Scores print with the locale's decimal separator.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QLocale

CONTEXT = "SnapshotReport"


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """QCoreApplication.translate, resolving "(s)" for English when no plural forms exist."""
    out = QCoreApplication.translate(context, text, disambiguation, n)
    if n >= 0 and "(s)" in out:  # no numerus forms installed for this language: English
        out = out.replace("(s)", "" if n == 1 else "s")
    return out


def language() -> str:
    """The report's language as a BCP 47 tag: a translation names its own language here."""
    tag = translate("SnapshotReport", "en", "BCP 47 language tag of this translation of the report")
    return tag.strip() or "en"


def locale() -> QLocale:
    return QLocale()


def day(value: date) -> str:
    """'13 May 2026' (pattern translatable, month names from the locale)."""
    pattern = translate("SnapshotReport", "d MMM yyyy", "date format of the report (QDate pattern)")
    return locale().toString(QDate(value.year, value.month, value.day), pattern)


def number(value: float, decimals: int = 1) -> str:
    return locale().toString(float(value), "f", decimals)


def integer(value: int) -> str:
    return locale().toString(int(value))


def score(value: float | None) -> str:
    return "—" if value is None else number(value)


MINUS = "\u2212"
NO_CHANGE = 0.05  # a change smaller than this prints as "no change" (it rounds to 0.0)


def change(value: float | None) -> str:
    """'+0.4', '−0.3' or 'no change'."""
    if value is None:
        return "—"
    if abs(value) < NO_CHANGE:
        return translate("SnapshotReport", "no change")
    sign = "+" if value > 0 else MINUS
    return sign + number(abs(value))


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C' (the separators are translatable)."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    head = translate("SnapshotReport", ", ", "list separator").join(names[:-1])
    return arg(translate("SnapshotReport", "%1 and %2", "the last two of a list"), head,
               names[-1])


_PLACEHOLDER = re.compile(r"%(\d)")


def arg(template: str, *values: str) -> str:
    """QString.arg in one pass: `%1`... replaced by `values` (a value containing "%2" stays)."""
    def value(match: re.Match) -> str:
        index = int(match.group(1)) - 1
        return str(values[index]) if 0 <= index < len(values) else match.group(0)

    return _PLACEHOLDER.sub(value, template)
