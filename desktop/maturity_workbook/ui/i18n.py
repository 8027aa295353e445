"""Translations and locale-aware formatting for the window.

At start-up `install_translations` loads, cheaply (a few file look-ups and one small mmap each):
our English catalogue (it holds the English plural forms, so "%n item(s)" reads "1 item" and
"2 items"), our catalogue for the user's language when there is one, and Qt's own for its stock
dialogs. The .ts sources live in resources/translations/ and are refreshed with
tools/update_translations.sh.

Dates and numbers shown to the user go through `format_date` and `format_number` (QLocale).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QLibraryInfo, QLocale, QTranslator

# `Name = TranslationContext("Name")`, then `Name.tr("%n item(s)", "", n)`: texts outside a
# QObject that pyside6-lupdate extracts, plurals included (one class for the report and the window)
from maturity_workbook.report.i18n import TranslationContext  # noqa: F401

CATALOGUE = "maturity-workbook"
SOURCE_LANGUAGE = "en"

_installed: list[QTranslator] = []  # kept alive for as long as the application runs


def translations_dir():
    from maturity_workbook.resources import resource_path

    return resource_path("translations")


def install_translations(app, locale: QLocale | None = None) -> list[str]:
    """Load the catalogues for `locale` (the system's by default); returns the files loaded.

    Our English catalogue goes first, the user's language last: Qt asks the most recently
    installed translator first, so a missing translation falls back to English."""
    locale = locale or QLocale()
    folder = str(translations_dir())
    loaded: list[str] = []

    def add(translator: QTranslator) -> None:
        app.installTranslator(translator)
        _installed.append(translator)
        loaded.append(translator.filePath())

    english = QTranslator(app)
    if english.load(f"{CATALOGUE}_{SOURCE_LANGUAGE}", folder):
        add(english)
    if locale.language() not in (QLocale.English, QLocale.C):
        ours = QTranslator(app)
        if ours.load(locale, CATALOGUE, "_", folder):  # Qt's stock dialogs follow only then:
            add(ours)  # a window half in one language and half in another reads worse
            qt_own = QTranslator(app)
            if qt_own.load(locale, "qtbase", "_",
                           QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                add(qt_own)
    return loaded


def date_pattern(locale: QLocale) -> str:
    """The locale's short date with a four-digit year (a workbook spans decades of history);
    ISO in the C locale, which has no convention of its own."""
    if locale.language() == QLocale.C:
        return "yyyy-MM-dd"
    pattern = locale.dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in pattern:
        pattern = pattern.replace("yy", "yyyy")
    return pattern


def format_date(value: str | date, locale: QLocale | None = None) -> str:
    """An ISO date ("2026-05-04") or a date, as the user's locale writes it."""
    locale = locale or QLocale()
    if isinstance(value, date):
        qdate = QDate(value.year, value.month, value.day)
    else:
        qdate = QDate.fromString(str(value), "yyyy-MM-dd")
        if not qdate.isValid():
            return str(value)
    return locale.toString(qdate, date_pattern(locale))


def format_number(value: float | int, decimals: int = 0, locale: QLocale | None = None) -> str:
    """A number with the locale's digits and decimal separator."""
    locale = locale or QLocale()
    if decimals == 0 and float(value).is_integer():
        return locale.toString(int(value))
    return locale.toString(float(value), "f", decimals)


def isolate(text: str) -> str:
    """User data put into a sentence, in a bidirectional isolate: a right-to-left name at the
    start ("فاطمة's file") no longer turns the whole sentence right to left, and a left-to-right
    name keeps its place in a right-to-left translation."""
    return f"\u2068{text}\u2069"


def join_list(parts) -> str:
    """'a', 'a and b', 'a, b and c', with the separators translated (QLocale's own list
    joining speaks the system's language, not the catalogue's)."""
    parts = list(parts)
    if len(parts) <= 1:
        return "".join(parts)
    head = QCoreApplication.translate("Lists", ", ", "list separator").join(parts[:-1])
    return QCoreApplication.translate("Lists", "{head} and {last}",
                                      "the last two of a list").format(head=head,
                                                                       last=parts[-1])
