"""A chart on screen: a charts/ Figure on a FigureCanvasQTAgg, with "Save chart as PNG/SVG".

matplotlib is imported the first time a chart is needed, and then on a background thread: the
window is usable at once and the chart appears when matplotlib has loaded (about half a second).
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP, QAbstractEventDispatcher, QCoreApplication, QObject, Qt, QTimer, Signal,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout,
    QWidget,
)

from maturity_workbook.ui import dialogs


CHART_NAMES = {"radar": QT_TRANSLATE_NOOP("ChartPanel", "radar chart"),
               "radar-overlay": QT_TRANSLATE_NOOP("ChartPanel", "radar overlay chart"),
               "trend": QT_TRANSLATE_NOOP("ChartPanel", "trend chart")}

CHART_MODULES = ("matplotlib.figure", "matplotlib.backends.backend_qtagg",
                 "maturity_workbook.charts.radar", "maturity_workbook.charts.trend")


class _ChartModuleLoader(QObject):
    """Imports matplotlib and the chart builders once, off the GUI thread."""

    ready = Signal()

    def __init__(self):
        super().__init__()
        self._thread: threading.Thread | None = None
        self.error: BaseException | None = None

    def loaded(self) -> bool:
        return all(name in sys.modules for name in CHART_MODULES)

    def ensure(self) -> bool:
        """True when the modules are loaded; else start loading them once the window is idle
        (not while it is being built and painted) and emit `ready` when they are in."""
        if self.loaded():
            return True
        if self._thread is None:
            self._thread = threading.Thread(target=self._load, name="chart-import", daemon=True)
            dispatcher = QAbstractEventDispatcher.instance()
            if dispatcher is None:
                self._thread.start()
            else:
                dispatcher.aboutToBlock.connect(self._start_when_idle)
        return False

    def _start_when_idle(self) -> None:
        QAbstractEventDispatcher.instance().aboutToBlock.disconnect(self._start_when_idle)
        self._thread.start()

    def _load(self) -> None:
        import importlib

        try:
            for name in CHART_MODULES:
                importlib.import_module(name)
        except BaseException as exc:  # noqa: BLE001 - reported on the GUI thread
            self.error = exc
        self.ready.emit()  # queued to the GUI thread: the loader lives there


_loader: _ChartModuleLoader | None = None


def chart_module_loader() -> _ChartModuleLoader:
    global _loader
    if _loader is None:
        _loader = _ChartModuleLoader()
    return _loader


def charts_ready(retry, say) -> bool:
    """Whether matplotlib is loaded, for a panel about to draw. Until it is, `say(text)` tells
    the room the chart is coming and `retry` runs once it has loaded; if it cannot load, `say`
    tells why. One place for what every chart panel does before it draws."""
    loader = chart_module_loader()
    if not loader.ensure():
        say(QCoreApplication.translate("ChartPanel", "Drawing the chart…"))
        loader.ready.connect(retry, Qt.UniqueConnection)
        return False
    if loader.error is not None:
        say(QCoreApplication.translate("ChartPanel", "Charts are unavailable: {problem}").format(
            problem=loader.error))
        return False
    return True


_screen_families: list[str] | None = None


def screen_font_families() -> list[str]:
    """DejaVu Sans, then the installed wide-coverage fallbacks (the PDF's list): matplotlib's Agg
    canvas falls back glyph by glyph along this list, so Korean, Arabic or an emoji in a title or
    a legend is drawn instead of boxes. Only installed ones are listed (matplotlib warns about
    every missing family)."""
    global _screen_families
    if _screen_families is None:
        from matplotlib import font_manager

        from maturity_workbook.report.text import (
            BASE_FAMILY, FALLBACK_FAMILIES, OUTLINE_EMOJI_FAMILIES,
        )

        installed = {font.name for font in font_manager.fontManager.ttflist}
        _screen_families = [BASE_FAMILY] + [name for name in (
            *FALLBACK_FAMILIES, *OUTLINE_EMOJI_FAMILIES) if name in installed]
    return _screen_families


def screen_fonts():
    """Build a figure for the screen inside this: its texts take the fallback families (the
    PDF's charts keep DejaVu Sans alone, as Qt draws their SVG text with its own fallback)."""
    import matplotlib

    return matplotlib.rc_context({"font.family": screen_font_families()})


def is_dark(widget: QWidget) -> bool:
    color = widget.palette().color(QPalette.Window)
    return color.lightness() < 128


class ChartPanel(QWidget):
    """Holds one chart; `kind` names it in file names and accessible names."""

    def __init__(self, kind: str, parent: QWidget | None = None, session=None):
        super().__init__(parent)
        self.kind = kind
        self.session = session  # names the saved file after the workbook, in its folder
        self.text_points: float | None = None  # the radar's text size (None: the default)
        self.figure = None
        self.canvas = None
        self.live = None  # charts.LiveRadar: a rating change redraws only the polygons
        self._framework = None
        self._dark = False
        self._pending = None  # (builder, args) to draw once the panel is visible
        self.setAccessibleName(self.tr(CHART_NAMES.get(kind, kind)))
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMinimumHeight(320)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.canvas_holder = QVBoxLayout()
        layout.addLayout(self.canvas_holder, 1)
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignCenter)
        self.message.setWordWrap(True)
        self.canvas_holder.addWidget(self.message)
        bar = QHBoxLayout()
        bar.addStretch(1)
        self.save_button = QPushButton(self.tr("Save chart…"))
        self.save_button.setToolTip(self.tr("Save this chart as a PNG picture or an SVG drawing"))
        self.save_button.clicked.connect(self.save_dialog)
        self.save_button.setEnabled(False)
        bar.addWidget(self.save_button)
        layout.addLayout(bar)

    # -- what to show

    def show_radar(self, framework, views, target=None) -> None:
        if framework is None or not views:
            self._show_message(self.tr("Choose at least one assessment to draw the radar."))
            return
        self._request("radar", framework, list(views), target or {})

    def show_trend(self, framework, views) -> None:
        if framework is None or not views:
            self._show_message(self.tr("The trend appears once there is a final assessment."))
            return
        self._request("trend", framework, list(views), None)

    def _say(self, text: str) -> None:
        """Why there is no chart yet; what was asked for stays due (drawn once charts load)."""
        self.message.setText(text)
        self.message.setVisible(True)
        self.save_button.setEnabled(False)

    def _show_message(self, text: str) -> None:
        self._pending = None
        self.message.setText(text)
        self.message.setVisible(True)
        if self.canvas is not None:
            self.canvas.setVisible(False)
        self.save_button.setEnabled(False)

    def _request(self, chart: str, framework, views, target) -> None:
        self._pending = (chart, framework, views, target)
        if self.isVisible():
            QTimer.singleShot(0, self._draw_pending)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._pending is not None:
            QTimer.singleShot(0, self._draw_pending)

    def _draw_pending(self) -> None:
        if self._pending is None or not self.isVisible():
            return
        if not charts_ready(self._draw_pending, self._say):
            return
        chart, framework, views, target = self._pending
        self._pending = None
        self.draw_now(chart, framework, views, target)

    def draw_now(self, chart: str, framework, views, target=None) -> None:
        """Build or update the figure and draw it (tests call this directly)."""
        from maturity_workbook import charts

        dark = is_dark(self)
        if chart == "radar":
            same_kind = self.live is not None and self._framework is framework and \
                self._dark == dark
            if same_kind:
                self.live.update(framework, views, target)  # blits when only values moved
            else:
                with screen_fonts():
                    figure = charts.radar_figure(framework, views, target, dark=dark,
                                                 font=self.text_points)
                self._set_figure(figure)
                self.live = charts.LiveRadar(self.canvas)
                self.canvas.draw_idle()
        else:
            from maturity_workbook.core.history import trend_points

            with screen_fonts():
                figure = charts.trend_figure(framework, trend_points(views), dark=dark)
            self._set_figure(figure)
            self.canvas.draw_idle()
        self._framework, self._dark = framework, dark
        self.message.setVisible(False)
        self.canvas.setVisible(True)
        self.save_button.setEnabled(True)

    def _set_figure(self, figure) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        if self.live is not None:
            self.live.disconnect()
            self.live = None
        if self.canvas is not None:
            self.canvas_holder.removeWidget(self.canvas)
            self.canvas.setParent(None)
            self.canvas.deleteLater()
        self.figure = figure
        self.canvas = FigureCanvasQTAgg(figure)
        self.canvas.setAccessibleName(self.accessibleName())
        self.canvas.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.canvas.setMinimumSize(280, 260)
        self.canvas_holder.addWidget(self.canvas, 1)

    # -- saving

    def save_dialog(self) -> None:
        if self.figure is None:
            return
        svg_filter = self.tr("SVG drawing (*.svg)")
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Save chart"), str(self.suggested_path()),
            self.tr("PNG picture (*.png)") + ";;" + svg_filter)
        if not path:
            return
        path = Path(path)
        if path.suffix.lower() not in (".png", ".svg"):
            path = path.with_suffix(".svg" if chosen == svg_filter else ".png")
        self.save_to(path)

    def suggested_path(self) -> Path:
        """The workbook's folder, and a name with the workbook, the chart and today's date."""
        from datetime import date

        chart = self.tr(CHART_NAMES.get(self.kind, self.kind))
        day = date.today().isoformat()
        workbook = Path(self.session.path) if self.session is not None and \
            getattr(self.session, "path", None) else None
        if workbook is None:
            return Path.home() / safe_file_name(f"{chart} {day}.png")
        name = self.tr("{workbook} {chart} {date}").format(workbook=workbook.stem, chart=chart,
                                                             date=day)
        return workbook.parent / safe_file_name(name + ".png")

    def save_to(self, path: Path) -> None:
        from maturity_workbook.charts import save_figure

        try:
            save_figure(self.figure, path)
        except (OSError, ValueError) as exc:
            dialogs.warn(self, self.tr("Cannot save the chart"), f"{path}: {exc}")
            return
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(
                self.tr("Chart saved to {path}").format(path=path), 5000)


def safe_file_name(name: str) -> str:
    """A file name every system accepts: no path separators or characters Windows refuses."""
    return "".join("_" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in name).strip()
