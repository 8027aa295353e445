"""The report's translation: plurals through Qt's %n forms from the English catalogue, loaded
by the report itself when nothing else translates it (the export-pdf command, a script)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from maturity_workbook.report import i18n
from maturity_workbook.report.i18n import SnapshotReport


def _without_our_catalogue(app) -> None:
    for translator in i18n._english:
        app.removeTranslator(translator)


def test_plurals_without_a_catalogue_are_loaded_from_the_english_one(qapp):
    _without_our_catalogue(qapp)
    try:
        assert SnapshotReport.tr("%n participant(s)", "a count of people", 2) \
            == "2 participant(s)"  # what the report printed before it loaded the catalogue
        i18n.ensure_catalogue()
        assert SnapshotReport.tr("%n participant(s)", "a count of people", 1) == "1 participant"
        assert SnapshotReport.tr("%1 (%2), %n participant(s)", "", 12) \
            == "%1 (%2), 12 participants"
        assert SnapshotReport.tr("Reassess every %n month(s), counting from the assessment of "
                                 "%1: the next one %2. Compare it with this snapshot.", "", 1) \
            .startswith("Reassess every month,")
        i18n.ensure_catalogue()  # a second call installs nothing more
        assert SnapshotReport.tr("%n participant(s)", "a count of people", 3) == "3 participants"
    finally:
        _without_our_catalogue(qapp)
        i18n.ensure_catalogue()  # as the other report tests expect it


def test_a_translation_already_loaded_is_left_in_charge(qapp):
    """When the window's catalogues (or a pseudo-locale) answer, the report adds nothing."""

    class Shouting(QTranslator):
        def translate(self, context, source, disambiguation=None, n=-1):
            return "»" + source if context == i18n.CONTEXT else None

        def isEmpty(self):
            return False

    _without_our_catalogue(qapp)
    shouting = Shouting()
    qapp.installTranslator(shouting)
    try:
        i18n.ensure_catalogue()
        assert SnapshotReport.tr("%n participant(s)", "a count of people", 2) \
            == "»2 participant(s)"
    finally:
        qapp.removeTranslator(shouting)
        i18n.ensure_catalogue()


def test_the_window_s_plurals_come_from_the_same_catalogue(qapp):
    i18n.ensure_catalogue()
    assert QCoreApplication.translate("ReportActions", "Saved %1 (%n page(s))", None, 1) \
        == "Saved %1 (1 page)"
