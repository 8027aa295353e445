"""Alt mnemonics: unique on every screen and dialog, and never one of the menu bar's.

The menu bar owns Alt+F, Alt+E, Alt+V and Alt+H (File, Edit, View, Help). A button or label that
takes one of them shadows a menu (Alt+E meant for Evidence opened the Edit menu, and the keys
after it ran Undo); two widgets with the same letter on one screen make Alt+letter a guess. The
scenarios in tests/ui/scenarios.py walk every screen and dialog, other lanes' screens included.
"""

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from tests.ui.scenarios import SCENARIOS, Tour
from tests.ui.screens import Inspector, mnemonic


@pytest.mark.parametrize("name", SCENARIOS)
def test_mnemonics_are_unique_and_leave_the_menu_bar_alone(name, qtbot, tmp_path, monkeypatch):
    inspector = Inspector()
    tour = Tour(qtbot, tmp_path, monkeypatch, inspector)
    try:
        SCENARIOS[name][0](tour)
    finally:
        tour.close()
    assert inspector.windows >= 1
    assert not inspector.mnemonic_problems, "\n".join(inspector.mnemonic_problems)


def test_the_check_catches_clashes(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    layout = QVBoxLayout(widget)
    note, next_ = QPushButton("&Note"), QPushButton("&Next")
    evidence = QLabel("&Evidence")
    evidence.setBuddy(note)
    for child in (note, next_, evidence, QPushButton("Fish && &chips")):
        layout.addWidget(child)
    widget.show()
    inspector = Inspector()
    inspector.check(widget, "maturity_workbook.ui.test")
    assert sorted(inspector.mnemonic_problems) == [
        "QWidget '': Alt+E (&Evidence) is the menu bar's",
        "QWidget '': Alt+N is used 2 times: &Note, &Next",
    ]
    assert mnemonic("Fish && &chips") == "C" and mnemonic("Fish && chips") is None
