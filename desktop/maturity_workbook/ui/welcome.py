"""The welcome page: start a workbook, open one, open the sample, or pick a recent file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout,
    QWidget,
)

from maturity_workbook import APP_NAME
from maturity_workbook.ui.i18n import format_number
from maturity_workbook.ui.zoom import emphasize, partial_font

STEPS = (
    (QT_TRANSLATE_NOOP("WelcomePage", "Rate"),
     QT_TRANSLATE_NOOP("WelcomePage", "Go through each function's practices alone or as a room; "
                       "everyone rates, the room agrees, and every note is kept.")),
    (QT_TRANSLATE_NOOP("WelcomePage", "See"),
     QT_TRANSLATE_NOOP("WelcomePage", "Find the stage of each function, the one holding you "
                       "back, and the next step up, with the radar of where you stood last "
                       "time.")),
    (QT_TRANSLATE_NOOP("WelcomePage", "Share"),
     QT_TRANSLATE_NOOP("WelcomePage", "Print a snapshot for the executives and reassess in six "
                       "to twelve months against the history in the same file.")),
)


class WelcomePage(QWidget):
    newRequested = Signal()
    openRequested = Signal()
    sampleRequested = Signal()
    recentRequested = Signal(str)

    def __init__(self, settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        outer = QHBoxLayout(self)
        outer.setContentsMargins(48, 40, 48, 40)
        outer.setSpacing(48)

        left_box = QWidget()
        left_box.setMaximumWidth(640)
        left = QVBoxLayout(left_box)
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(10)
        title = QLabel(APP_NAME)
        title.setObjectName("welcomeTitle")
        emphasize(title, 2.0, bold=True)
        left.addWidget(title)
        lead = QLabel(self.tr("Where does your customer-education program stand in each "
                              "function, which one holds it back, and what is the one next "
                              "step?"))
        lead.setWordWrap(True)
        emphasize(lead, 1.2)
        left.addWidget(lead)
        left.addSpacing(12)
        steps = QGridLayout()
        steps.setHorizontalSpacing(14)
        steps.setVerticalSpacing(14)
        for row, (head, text) in enumerate(STEPS):
            badge = QLabel(format_number(row + 1))
            badge.setAlignment(Qt.AlignCenter)
            badge.setFixedSize(32, 32)
            badge.setStyleSheet("border-radius: 16px; background: palette(highlight); "
                                "color: palette(highlighted-text); font-weight: bold;")
            steps.addWidget(badge, row, 0, Qt.AlignTop)
            label = QLabel(f"<b>{self.tr(head)}</b><br>{self.tr(text)}")
            label.setWordWrap(True)
            steps.addWidget(label, row, 1)
        steps.setColumnStretch(1, 1)
        left.addLayout(steps)
        left.addSpacing(12)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("&New workbook…"))
        self.new_button.setToolTip(
            self.tr("Create a workbook file for one program or client (Ctrl+N)"))
        self.new_button.clicked.connect(self.newRequested)
        self.open_button = QPushButton(self.tr("&Open…"))
        self.open_button.setToolTip(self.tr("Open a workbook file (Ctrl+O)"))
        self.open_button.clicked.connect(self.openRequested)
        self.sample_button = QPushButton(self.tr("Open the &sample"))
        self.sample_button.setToolTip(self.tr("A fictional program with four assessments over "
                                              "two versions of the questions, to explore (a "
                                              "copy in your data folder)"))
        self.sample_button.clicked.connect(self.sampleRequested)
        for button in (self.new_button, self.open_button, self.sample_button):
            button.setMinimumHeight(36)
            buttons.addWidget(button)
        buttons.addStretch(1)
        left.addLayout(buttons)
        outer.addWidget(left_box, 3, Qt.AlignTop)

        right = QVBoxLayout()
        right.setSpacing(6)  # not the 48 between the columns, which it would inherit
        recent_label = QLabel(self.tr("&Recent workbooks"))
        recent_label.setFont(partial_font(bold=True))
        right.addWidget(recent_label)
        self.recent = QListWidget()
        self.recent.setAccessibleName(self.tr("Recent workbooks"))
        self.recent.itemActivated.connect(
            lambda item: self.recentRequested.emit(item.data(Qt.UserRole)))
        recent_label.setBuddy(self.recent)
        right.addWidget(self.recent, 1)
        self.empty_hint = QLabel(self.tr("Workbooks you open appear here."))
        self.empty_hint.setWordWrap(True)
        right.addWidget(self.empty_hint)
        outer.addLayout(right, 2)
        self.refresh()

    def refresh(self) -> None:
        self.recent.clear()
        for path in self.settings.recent_files():
            item = QListWidgetItem(f"{path.stem}\n{path.parent}")
            item.setData(Qt.UserRole, str(path))
            item.setToolTip(str(path))
            if not Path(path).exists():
                item.setText(self.tr("{name} (missing)").format(name=path.stem)
                             + f"\n{path.parent}")
            self.recent.addItem(item)
        has = self.recent.count() > 0
        self.recent.setVisible(has)
        self.empty_hint.setVisible(not has)
        if has:
            self.recent.setCurrentRow(0)
