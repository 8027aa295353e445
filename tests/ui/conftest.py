"""Widget-test fixtures: a main window with private settings and a fresh workbook in tmp_path."""

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from maturity_workbook.ui import dialogs
from maturity_workbook.ui.settings import AppSettings


@pytest.fixture
def app_settings(tmp_path):
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))


@pytest.fixture
def no_modal_dialogs(monkeypatch):
    """Record what the dialogs would have said instead of opening modal boxes."""
    said = []
    monkeypatch.setattr(dialogs, "inform", lambda parent, title, text: said.append(("inform", title, text)))
    monkeypatch.setattr(dialogs, "warn", lambda parent, title, text: said.append(("warn", title, text)))
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text, action: said.append(("confirm", title, text)) or True)
    return said


@pytest.fixture
def window(qtbot, app_settings, no_modal_dialogs):
    from maturity_workbook.ui.main_window import MainWindow

    win = MainWindow(settings=app_settings)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close_workbook()


@pytest.fixture
def workbook_path(tmp_path) -> Path:
    return tmp_path / "Acme Academy.mwb"


def make_workbook(path, participants=(("Ada", "Education lead"), ("Ben", "CSM")),
                  ratings=None, final=False, title="Spring workshop", date="2026-05-04"):
    """A workbook with one assessment of the primary framework, through the store."""
    from maturity_workbook.paths import load_catalog
    from maturity_workbook.store import WorkbookStore

    framework = load_catalog().get("customer-education", "1.0")
    store = WorkbookStore.create(path, Path(path).stem)
    pids = [store.add_participant(name, role).id for name, role in participants]
    assessment = store.create_assessment(framework, title, date, pids)
    for item_id, levels in (ratings or {}).items():
        for pid, level in zip(pids, levels):
            store.set_rating(assessment.id, item_id, pid, level)
    if final:
        store.finalize(assessment.id)
    store.flush()
    store.close()
    return assessment.id, pids


@pytest.fixture
def english(qapp):
    """The app's English catalogue, as start-up installs it: plurals read "1 copy", "2 copies"."""
    from PySide6.QtCore import QLocale

    from maturity_workbook.ui import i18n

    i18n.install_translations(qapp, QLocale(QLocale.English))
    yield
    for translator in list(i18n._installed):
        qapp.removeTranslator(translator)
    i18n._installed.clear()
