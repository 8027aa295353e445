"""The translation catalogue: current with the code, English plurals filled in, loaded at start.

The catalogue is refreshed by tools/update_translations.sh (pyside6-lupdate over ui/ and
report/, then pyside6-lrelease); these tests fail when someone changed a text and forgot to run
it, or added a plural without its English forms.
"""

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from maturity_workbook.ui import i18n

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "resources" / "translations" / "maturity-workbook_en.ts"
SCRIPT = ROOT / "tools" / "update_translations.sh"
SOURCES = [ROOT / "desktop" / "maturity_workbook" / part for part in ("ui", "report")]


def messages(ts: Path) -> dict[tuple[str, str, str], ET.Element]:
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            key = (name, message.findtext("source"), message.findtext("comment") or "")
            out[key] = message
    return out


def lupdate() -> str:
    found = shutil.which("pyside6-lupdate") or str(Path(__import__("sys").executable).parent
                                                   / "pyside6-lupdate")
    if not Path(found).exists():
        pytest.skip("pyside6-lupdate is not installed")
    return found


def test_the_catalogue_holds_every_text_of_the_code(tmp_path):
    """Run the script's extraction into a copy: it must find nothing new and nothing gone."""
    copy = tmp_path / CATALOGUE.name
    shutil.copy(CATALOGUE, copy)
    sources = sorted(str(p) for folder in SOURCES for p in folder.rglob("*.py"))
    subprocess.run([lupdate(), "-no-obsolete", "-source-language", "en", "-target-language",
                    "en", *sources, "-ts", str(copy)], check=True, capture_output=True)
    assert set(messages(copy)) == set(messages(CATALOGUE)), \
        "resources/translations is out of date: run tools/update_translations.sh"
    assert "pyside6-lupdate" in SCRIPT.read_text() and "report" in SCRIPT.read_text()


def test_english_plurals_are_filled_in_and_built():
    plural = {key: m for key, m in messages(CATALOGUE).items() if m.get("numerus") == "yes"}
    assert plural, "the catalogue should hold the plural messages"
    translator = QTranslator()
    assert translator.load(str(CATALOGUE.with_suffix(".qm")))
    for (context, source, comment), message in plural.items():
        forms = [f.text or "" for f in message.iter("numerusform")]
        # English: one and other; "every month" may leave the number out, "every %n months" not
        assert len(forms) == 2 and all(forms) and ("%n" in forms[1] or "%Ln" in forms[1]), \
            f"fill in: {source}"
        for n, form in ((1, forms[0]), (3, forms[1])):
            built = translator.translate(context, source, comment or None, n)
            assert built == form, f"rebuild the .qm (tools/update_translations.sh): {source}"


def test_plural_messages_use_self_tr():
    """lupdate marks a message as plural only in a `<name>.tr()` call (self.tr, or a
    TranslationContext's tr); QCoreApplication.translate(..., n) and the report's
    translate(..., n) reach translators as a plain message, or not at all when the count is an
    expression, and read "1 item(s)" in English."""
    bad = []
    for folder in SOURCES:
        for path in folder.rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for call in re.finditer(r"(?<![\w.])(?:Q(?:Core)?Application\.)?translate\(\s*"
                                    r"\"[^\"]*\",\s*((?:\"[^\"]*\"\s*)+)", text):
                if re.search(r"%L?n", call.group(1)):
                    bad.append(f"{path.name}: {call.group(1)[:60]}")
    assert not bad


def test_english_plurals_read_naturally(qapp):
    from maturity_workbook.ui.dialogs import _Plurals

    i18n.install_translations(qapp, QLocale(QLocale.English))
    try:
        assert _Plurals().unfinished_items(1).startswith("1 item is not finished")
        assert _Plurals().unfinished_items(4).startswith("4 items are not finished")
    finally:
        for translator in list(i18n._installed):
            qapp.removeTranslator(translator)
        i18n._installed.clear()


def test_start_up_loads_only_what_exists(qapp):
    try:
        loaded = i18n.install_translations(qapp, QLocale(QLocale.French, QLocale.France))
        assert [Path(p).name for p in loaded] == ["maturity-workbook_en.qm"]  # no French yet
        assert QCoreApplication.translate("NoSuchContext", "Untouched") == "Untouched"
    finally:
        for translator in list(i18n._installed):
            qapp.removeTranslator(translator)
        i18n._installed.clear()


def test_dates_and_numbers_follow_the_locale():
    german = QLocale(QLocale.German, QLocale.Germany)
    assert i18n.format_date("2026-05-04", german) == "04.05.2026"
    assert i18n.format_date("2026-05-04", QLocale(QLocale.English, QLocale.UnitedStates)) \
        == "5/4/2026"
    assert i18n.format_date("2026-05-04", QLocale.c()) == "2026-05-04"
    assert i18n.format_date("not a date", german) == "not a date"
    assert i18n.format_number(2.5, 2, german) == "2,50"
    assert i18n.format_number(3, locale=QLocale(QLocale.Arabic, QLocale.Egypt)) == "٣"
