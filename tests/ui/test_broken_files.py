"""A user's broken framework or CMI model files never stop the window: they are skipped and
reported once, in the status bar, with every problem and its line."""

import os
import sys

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from maturity_workbook.core.cmi import CmiModelError, load_cmi_model
from maturity_workbook.paths import user_frameworks_dir
from maturity_workbook.ui import broken_files
from maturity_workbook.ui.broken_files import BrokenFilesDialog, BrokenFilesNotice
from tests.conftest import TINY_FRAMEWORK
from tests.ui.conftest import make_workbook


def alias_bomb() -> str:
    """The 342-byte "billion laughs" of the reliability report."""
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for name, previous in zip("bcdefghi", "abcdefgh"):
        text += f"{name}: &{name} [{','.join([f'*{previous}'] * 9)}]\n"
    return text


@pytest.fixture
def broken_user_frameworks():
    folder = user_frameworks_dir()
    folder.mkdir(parents=True)
    (folder / "tiny.yaml").write_text(TINY_FRAMEWORK, encoding="utf-8")  # a good one
    (folder / "bomb.yaml").write_text(alias_bomb(), encoding="utf-8")
    (folder / "half-done.yaml").write_text(
        TINY_FRAMEWORK.replace("id: tiny", "id: half").replace("title: Tiny test framework\n",
                                                               ""), encoding="utf-8")
    (folder / "binary.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    if sys.platform != "win32":
        os.mkfifo(folder / "pipe.yaml")  # would hang a reader that waits for a writer
    return folder


@pytest.fixture
def english_window(english, window):
    return window


def notices(window):
    return window.statusBar().findChildren(BrokenFilesNotice)


def test_broken_user_frameworks_are_reported_once_and_the_window_works(
        broken_user_frameworks, english_window, workbook_path, monkeypatch, qtbot):
    window = english_window
    qtbot.waitUntil(lambda: len(notices(window)) == 1)
    [notice] = notices(window)
    # the pipe did not hang the start; the catalog looks only at regular files, so it is not
    # a framework file the user added and is not listed
    assert notice.text() == "⚠ 3 files of yours could not be loaded: details…"
    assert notice.isVisible()
    assert window.catalog.newest("tiny") is not None  # the good user framework loaded
    assert window.catalog.newest("customer-education") is not None
    shown = []
    monkeypatch.setattr(BrokenFilesDialog, "exec", lambda self: shown.append(self) or 0)
    notice.click()
    [dialog] = shown
    qtbot.addWidget(dialog)
    text = dialog.details.toPlainText()
    for name in ("bomb.yaml", "half-done.yaml", "binary.yaml"):
        assert str(broken_user_frameworks / name) in text
    assert "line 1:" in text and "title" in text  # the validator's problem, with its line
    assert "tiny.yaml" not in text
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog.open_folder()
    assert opened == [QUrl.fromLocalFile(str(broken_user_frameworks))]

    make_workbook(workbook_path)  # opening and closing workbooks does not report again
    assert window.open_path(workbook_path)
    window.close_workbook()
    qtbot.wait(20)
    assert len(notices(window)) == 1


def test_nothing_broken_nothing_said(window, qtbot):
    qtbot.wait(20)
    assert notices(window) == [] and broken_files.report(window) is None
    assert window.statusBar().isVisible()  # made before the window showed: its messages show


def test_a_broken_cmi_model_is_reported_with_its_lines(english_window, tmp_path, qtbot,
                                                       monkeypatch):
    from tests.conftest import ROOT

    model = tmp_path / "our-model.yaml"
    text = (ROOT / "resources" / "cmi" / "default.yaml").read_text(encoding="utf-8")
    model.write_text(text.replace("weight: 25", "weight: lots"), encoding="utf-8")
    with pytest.raises(CmiModelError) as caught:
        load_cmi_model(model)
    window = english_window
    notice = broken_files.report(window, [caught.value])
    assert notice.text() == "⚠ 1 file of yours could not be loaded: details…"
    shown = []
    monkeypatch.setattr(BrokenFilesDialog, "exec", lambda self: shown.append(self) or 0)
    notice.click()
    [dialog] = shown
    qtbot.addWidget(dialog)
    line = text[: text.index("weight: 25")].count("\n") + 1
    assert f"{model}\n  line {line}: " in dialog.details.toPlainText()


def test_the_user_cmi_folder_is_read_only_when_it_holds_files(monkeypatch, tmp_path):
    """Before the customers screen brings a user CMI folder this reports nothing; with one, an
    empty folder costs nothing at start-up and a broken file is reported."""
    from maturity_workbook import paths

    if not hasattr(paths, "load_cmi_catalog"):
        assert broken_files.user_cmi_errors() == []
        folder = tmp_path / "cmi"
        monkeypatch.setattr(paths, "user_cmi_dir", lambda: folder, raising=False)
        loads = []

        class Catalog:
            broken = ["a broken model"]

        monkeypatch.setattr(paths, "load_cmi_catalog", lambda: loads.append(1) or Catalog,
                            raising=False)
        assert broken_files.user_cmi_errors() == [] and loads == []  # no folder yet
        folder.mkdir()
        assert broken_files.user_cmi_errors() == [] and loads == []  # empty: nothing loaded
        (folder / "ours.yaml").write_text("id: x\n")
        assert broken_files.user_cmi_errors() == ["a broken model"] and loads == [1]
    else:  # the customers lane has landed: the real catalog
        folder = paths.user_cmi_dir()
        assert broken_files.user_cmi_errors() == []
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "ours.yaml").write_text("id: [unclosed\n")
        [error] = broken_files.user_cmi_errors()
        assert error.problems[0].path.endswith("ours.yaml")


def test_an_oversized_framework_is_refused_from_its_size_unread(english_window, monkeypatch,
                                                                qtbot):
    """A 3 MB file among the user's frameworks (the limit is 2 MB) is skipped without being
    read, and reported like any other broken file."""
    from maturity_workbook.core import framework as framework_module

    folder = user_frameworks_dir()
    folder.mkdir(parents=True)
    huge = folder / "huge.yaml"
    with open(huge, "wb") as f:
        f.truncate(3 * 1024 * 1024)  # sparse: nothing to read that could be parsed
    real_read = framework_module.read_regular

    def no_reading_of_the_huge_one(path, *args, **kwargs):
        assert str(path) != str(huge), "the size alone should have refused it"
        return real_read(path, *args, **kwargs)

    monkeypatch.setattr(framework_module, "read_regular", no_reading_of_the_huge_one)
    from maturity_workbook.paths import load_catalog

    catalog = load_catalog()
    [error] = catalog.broken
    assert "3,145,728 bytes" in str(error) and "at most 2,000,000" in str(error)
    notice = broken_files.report(english_window, catalog.broken)
    assert notice.text() == "⚠ 1 file of yours could not be loaded: details…"
