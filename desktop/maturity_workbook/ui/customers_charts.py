"""The portfolio's charts on screen: the CMI x health matrix (names on hover, arrows since a
chosen date) and the counts per quadrant and track over time, each saved as PNG or SVG.

The figures come from charts/matrix.py, the same builders the PDF uses, on a FigureCanvasQTAgg
(the app's one chart path, see ui/chart_widget.py). The matrix lays out its margins in points
for the size it is drawn at, so a figure is built for the canvas's size and built again when the
canvas changes size (after the resizing stops), not stretched.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QToolTip,
    QVBoxLayout, QWidget,
)

from maturity_workbook.ui import dialogs
from maturity_workbook.ui.chart_widget import charts_ready, is_dark, screen_fonts
from maturity_workbook.ui.i18n import format_date, format_number

log = logging.getLogger(__name__)
DPI = 100
REBUILD_AFTER_MS = 150  # a resize builds the figure again once the resizing pauses
MIN_CHANGE_PX = 6


def _number(value: float) -> str:
    """One decimal, none for a whole number (as the table shows them)."""
    return format_number(value, 0 if float(value).is_integer() else 1)


class FigurePanel(QWidget):
    """Shows the figure `build(width_in, height_in, dark)` returns, at the panel's size."""

    drawn = Signal()

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.name = name
        self.figure = None
        self.canvas = None
        self._build: Callable | None = None
        self._built_size = QSize()
        self._stale = False
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMinimumSize(320, 280)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignCenter)
        self.message.setWordWrap(True)
        self._layout.addWidget(self.message)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REBUILD_AFTER_MS)
        self._timer.timeout.connect(self.draw_now)

    def show_figure(self, build: Callable | None, message: str = "") -> None:
        """Draw `build`'s figure when visible; with None, show `message` instead."""
        self._build = build
        if build is None:
            self._show_message(message)
            return
        self._stale = True
        if self.isVisible():
            QTimer.singleShot(0, self.draw_now)

    def _show_message(self, text: str) -> None:
        self._stale = False
        self.message.setText(text)
        self.message.setVisible(True)
        if self.canvas is not None:
            self.canvas.setVisible(False)
        self.figure = None

    def _say(self, text: str) -> None:
        """Why there is no chart yet (it stays due: drawn once the charts have loaded)."""
        self.message.setText(text)
        self.message.setVisible(True)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            QTimer.singleShot(0, self.draw_now)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.figure is not None and (
                abs(event.size().width() - self._built_size.width()) > MIN_CHANGE_PX
                or abs(event.size().height() - self._built_size.height()) > MIN_CHANGE_PX):
            self._stale = True
            self._timer.start()

    def draw_now(self) -> None:
        """Build and draw the figure for the current size (tests call this directly)."""
        if self._build is None or not self._stale:
            return
        if not charts_ready(self.draw_now, self._say):
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        size = self.size()
        width, height = max(size.width(), 320), max(size.height(), 280)
        with screen_fonts():
            figure = self._build(width / DPI, height / DPI, is_dark(self))
        self._stale = False
        self._built_size = QSize(width, height)
        if self.canvas is not None:
            self._layout.removeWidget(self.canvas)
            self.canvas.setParent(None)
            self.canvas.deleteLater()
        self.figure = figure
        self.canvas = FigureCanvasQTAgg(figure)
        self.canvas.setAccessibleName(self.accessibleName())
        self.canvas.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.canvas.setMouseTracking(True)
        self._layout.addWidget(self.canvas, 1)
        self.message.setVisible(False)
        self.connect_canvas(self.canvas)
        self.canvas.draw_idle()
        self.drawn.emit()

    def connect_canvas(self, canvas) -> None:
        """Hook for subclasses: mouse events of a new canvas."""

    # -- saving

    def save_dialog(self) -> None:
        if self.figure is None:
            return
        svg = self.tr("SVG drawing (*.svg)")
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Save chart"), str(Path.home() / f"{self.name}.png"),
            self.tr("PNG picture (*.png)") + ";;" + svg)
        if not path:
            return
        path = Path(path)
        if path.suffix.lower() not in (".png", ".svg"):
            path = path.with_suffix(".svg" if chosen == svg else ".png")
        self.save_to(path)

    def save_to(self, path: Path) -> bool:
        from maturity_workbook.charts import save_figure

        try:
            save_figure(self.figure, path)
        except (OSError, ValueError) as exc:
            dialogs.warn(self, self.tr("Cannot save the chart"), f"{path}: {exc}")
            return False
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(self.tr("Chart saved to {path}").format(path=path),
                                           5000)
        return True


class MatrixPanel(FigurePanel):
    """The matrix with names on hover: the customers under the mouse, nearest first."""

    hovered = Signal(str)  # the text shown for the customers under the mouse ("" for none)

    def __init__(self, parent: QWidget | None = None):
        super().__init__("customer-matrix", parent)
        self.setAccessibleName(self.tr("Customer matrix"))
        self.quadrant_names: dict[str, str] = {}
        self.hover_text = ""

    def connect_canvas(self, canvas) -> None:
        canvas.mpl_connect("motion_notify_event", self.on_motion)
        canvas.mpl_connect("figure_leave_event", lambda _event: self.show_hover(""))

    def on_motion(self, event) -> None:
        from maturity_workbook.charts.matrix import matrix_lookup

        lookup = matrix_lookup(self.figure) if self.figure is not None else None
        if lookup is None or event.x is None:
            self.show_hover("")
            return
        self.show_hover(self.describe(lookup, lookup.at(event.x, event.y)))

    def describe(self, lookup, indexes: list[int]) -> str:
        lines = []
        for index in indexes:
            _id, name, cmi, health, quadrant = lookup.customer(index)
            lines.append(self.tr("{name} — CMI {cmi}, health {health} ({quadrant})").format(
                name=name, cmi=_number(cmi), health=_number(health),
                quadrant=self.quadrant_names.get(quadrant, quadrant)))
        return "\n".join(lines)

    def show_hover(self, text: str) -> None:
        if text == self.hover_text:
            return
        self.hover_text = text
        if self.canvas is not None:
            if text:
                QToolTip.showText(QCursor.pos(), text, self.canvas)
            else:
                QToolTip.hideText()
        self.hovered.emit(text)


class MatrixPage(QWidget):
    """The matrix with its controls: arrows since a date, only changes of quadrant, save."""

    changed = Signal()  # the user chose other arrows: draw again

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        bar = QHBoxLayout()
        since_label = QLabel(self.tr("Arro&ws since"))
        self.since = QComboBox()
        self.since.setAccessibleName(self.tr("Show movement since"))
        self.since.setToolTip(self.tr("Draw an arrow from where each customer stood on this "
                                      "date to where it stands now"))
        since_label.setBuddy(self.since)
        bar.addWidget(since_label)
        bar.addWidget(self.since)
        self.only_changes = QCheckBox(self.tr("&Only changes of quadrant"))
        self.only_changes.setToolTip(self.tr("Leave out the arrows of customers that moved "
                                             "inside their quadrant"))
        bar.addWidget(self.only_changes)
        bar.addStretch(1)
        self.save_button = QPushButton(self.tr("Save Matri&x…"))
        self.save_button.setToolTip(self.tr("Save the matrix as a PNG picture or an SVG "
                                            "drawing"))
        bar.addWidget(self.save_button)
        layout.addLayout(bar)
        self.chart = MatrixPanel(self)
        layout.addWidget(self.chart, 1)
        self.hover_label = QLabel()
        self.hover_label.setTextFormat(Qt.PlainText)
        self.hover_label.setAccessibleName(self.tr("Customers under the mouse"))
        self.hover_label.setStyleSheet("color: palette(placeholder-text);")
        self.hover_label.setText(self.tr("Point at a customer to see its name."))
        layout.addWidget(self.hover_label)
        self.chart.hovered.connect(self._show_hovered)
        self.save_button.clicked.connect(self.chart.save_dialog)
        self.since.activated.connect(lambda _i: self.changed.emit())
        self.only_changes.toggled.connect(lambda _on: self.changed.emit())
        self.chart.drawn.connect(lambda: self.save_button.setEnabled(True))
        self.save_button.setEnabled(False)

    def _show_hovered(self, text: str) -> None:
        first = text.split("\n")[0] if text else ""
        more = text.count("\n")
        if not first:
            self.hover_label.setText(self.tr("Point at a customer to see its name."))
        elif more:
            self.hover_label.setText(self.tr("{first} and %n more", "", more).format(
                first=first))
        else:
            self.hover_label.setText(first)

    def set_days(self, days: list[date]) -> None:
        """The scoring dates one can draw movement since (all but the latest)."""
        chosen = self.since_day()
        self.since.clear()
        self.since.addItem(self.tr("no arrows"), None)
        for day in days[:-1]:
            self.since.addItem(format_date(day), day)
        found = self.since.findData(chosen) if chosen is not None else 0
        self.since.setCurrentIndex(max(found, 0))
        self.since.setEnabled(len(days) > 1)

    def since_day(self) -> date | None:
        return self.since.currentData()


class TrendPage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        bar = QHBoxLayout()
        self.intro = QLabel(self.tr("How many customers were in each quadrant and on each "
                                    "track, at each scoring date."))
        self.intro.setWordWrap(True)
        bar.addWidget(self.intro, 1)
        self.save_button = QPushButton(self.tr("Save Tren&d…"))
        self.save_button.setToolTip(self.tr("Save the trend as a PNG picture or an SVG "
                                            "drawing"))
        bar.addWidget(self.save_button)
        layout.addLayout(bar)
        self.chart = FigurePanel("customer-trend", self)
        self.chart.setAccessibleName(self.tr("Customers per quadrant and track over time"))
        layout.addWidget(self.chart, 1)
        self.save_button.clicked.connect(self.chart.save_dialog)
        self.chart.drawn.connect(lambda: self.save_button.setEnabled(True))
        self.save_button.setEnabled(False)
