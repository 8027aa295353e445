"""Zoom for a window (Ctrl+= / Ctrl+- / Ctrl+0), remembered per window, and windows that fit
their screen.

A zoomed window sets its own font; every widget inherits it, and dialogs opened from it follow
(window propagation). A widget whose text is larger than its window's (a heading) says how much
larger with `emphasize(widget, 1.35)` instead of a fixed point size, so it scales too.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

STEPS = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5, 3.0)
SCALE = "fontScale"  # widget property: its text is that many times its window's
BOLD = "fontBold"


def _fit_scaled(widget: QWidget) -> None:
    scale = widget.property(SCALE)
    if not scale:
        return
    window = widget.window()
    base = window.font() if window is not widget else QApplication.font()
    font = QFont(widget.font())
    font.setPointSizeF(max(base.pointSizeF(), 1.0) * float(scale))
    if widget.property(BOLD):
        font.setBold(True)
    if font != widget.font():
        widget.setFont(font)


class _FollowWindow(QObject):
    """Recomputes a scaled widget's font when it is shown or moves to another window."""

    def eventFilter(self, watched, event) -> bool:
        if event.type() in (QEvent.Show, QEvent.ParentChange):
            _fit_scaled(watched)
        return False


_follower: _FollowWindow | None = None


def partial_font(bold: bool | None = None, italic: bool | None = None) -> QFont:
    """A font that sets only these attributes: its size keeps following the window's zoom
    (a copy of widget.font() would pin today's size)."""
    font = QFont()
    if bold is not None:
        font.setBold(bold)
    if italic is not None:
        font.setItalic(italic)
    return font


def emphasize(widget: QWidget, scale: float, bold: bool = False) -> QWidget:
    """Make a widget's text `scale` times its window's text, at every zoom."""
    global _follower
    if _follower is None:
        _follower = _FollowWindow()
    widget.setProperty(SCALE, float(scale))
    widget.setProperty(BOLD, bool(bold))
    widget.installEventFilter(_follower)
    _fit_scaled(widget)
    return widget


class WindowZoom(QObject):
    """One window's zoom: a factor from STEPS, kept in the settings under `key`."""

    changed = Signal(float)

    def __init__(self, window: QWidget, settings, key: str, apply_font: bool = True):
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.key = key
        self.apply_font = apply_font  # False: the window sizes its own text from `factor`
        self.base = QApplication.font().pointSizeF()
        self.factor = _nearest(settings.zoom(key))
        if apply_font:
            window.setAttribute(Qt.WA_WindowPropagation)  # its dialogs zoom along
            # a widget with a style sheet (a rating row) takes its parent's size too
            QApplication.setAttribute(Qt.AA_UseStyleSheetPropagationInWidgetStyles, True)
        self.apply()

    def zoom_in(self) -> None:
        self.set_factor(STEPS[min(STEPS.index(self.factor) + 1, len(STEPS) - 1)])

    def zoom_out(self) -> None:
        self.set_factor(STEPS[max(STEPS.index(self.factor) - 1, 0)])

    def reset(self) -> None:
        self.set_factor(1.0)

    def set_factor(self, factor: float) -> None:
        factor = _nearest(factor)
        if factor == self.factor:
            return
        self.factor = factor
        self.settings.set_zoom(self.key, factor)
        self.apply()
        self.changed.emit(factor)

    def apply(self) -> None:
        if not self.apply_font:
            return
        font = QFont(self.window.font())
        font.setPointSizeF(self.base * self.factor)
        self.window.setFont(font)
        for widget in self.window.findChildren(QWidget):
            _fit_scaled(widget)


def _nearest(factor) -> float:
    try:
        value = float(factor)
    except (TypeError, ValueError):
        value = 1.0
    return min(STEPS, key=lambda step: abs(step - value))


def fit_on_screen(window: QWidget) -> None:
    """Keep a (restored) window inside the available area of its screen: a geometry saved on a
    larger monitor never leaves the window bigger than the screen or partly off it."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    available: QRect = screen.availableGeometry()
    frame = window.frameGeometry()
    extra_w = frame.width() - window.width()
    extra_h = frame.height() - window.height()
    width = min(window.width(), available.width() - extra_w)
    height = min(window.height(), available.height() - extra_h)
    if (width, height) != (window.width(), window.height()):
        window.setMinimumSize(min(window.minimumWidth(), width),
                              min(window.minimumHeight(), height))
        window.resize(width, height)
    frame = window.frameGeometry()
    x = min(max(frame.x(), available.left()), available.right() + 1 - frame.width())
    y = min(max(frame.y(), available.top()), available.bottom() + 1 - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)
