"""Translation, dates and numbers for the report: Qt's translation system and QLocale.

Every sentence of the report goes through `translate("SnapshotReport", "...")`: the same
signature as QCoreApplication.translate, so pyside6-lupdate extracts each call with its literal
context. A plural goes through `SnapshotReport.tr("... %n item(s)", "", n)` instead: lupdate
marks a message as plural (numerus) only in a `<name>.tr(...)` call, and reads no message at all
from a `translate(...)` whose count is an expression. The English forms ("1 item", "2 items")
live in resources/translations/maturity-workbook_en.ts; `ensure_catalogue` loads it when nothing
else translates the report (the `export-pdf` command, a script), so "(s)" is never printed.

Dates read "13 May 2026" in English; the pattern itself is translatable ("d MMM yyyy"), and
month names come from QLocale. Scores print with the locale's decimal separator.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QLocale

CONTEXT = "SnapshotReport"


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """QCoreApplication.translate (for a plural, use a `TranslationContext`'s `tr`)."""
    return QCoreApplication.translate(context, text, disambiguation, n)


class TranslationContext:
    """A translation context pyside6-lupdate can read: `Name.tr(text)` and, for a plural,
    `Name.tr("%n item(s)", "", n)` are extracted under the context "Name" (a plural as a
    numerus message with its one/other forms). Name the variable as its context:
    `SnapshotReport = TranslationContext("SnapshotReport")` (tests/ui/test_translations.py
    checks that every text asked for at run time is in the catalogue)."""

    def __init__(self, name: str):
        self.name = name

    def tr(self, text: str, disambiguation: str | None = None, n: int = -1) -> str:
        return QCoreApplication.translate(self.name, text, disambiguation or None, n)


SnapshotReport = TranslationContext(CONTEXT)  # the report's plurals (not layout.SnapshotReport)

_english: list = []  # the English catalogue this module loaded (kept alive), at most one


def ensure_catalogue() -> None:
    """Load the English catalogue when no translator knows the report's texts, so plurals read
    "1 participant" and "2 participants" outside the window too (the window loads its
    catalogues at start-up). Cheap when one is loaded: a single look-up."""
    app = QCoreApplication.instance()
    probe = SnapshotReport.tr("%n participant(s)", "a count of people", 2)
    if app is None or probe != "2 participant(s)":  # a catalogue knows the report's texts
        return
    if not _english:
        from PySide6.QtCore import QTranslator

        from maturity_workbook.resources import resource_path

        translator = QTranslator()
        if not translator.load("maturity-workbook_en", str(resource_path("translations"))):
            return
        _english.append(translator)
    app.installTranslator(_english[0])


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
