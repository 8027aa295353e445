"""The facilitator's controls beside the wizard: the split queue (the room's agenda) and the
item timer. Both render the wizard's controller (core.wizard / core.workshop)."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QSpinBox, QToolButton,
    QVBoxLayout, QWidget,
)

from maturity_workbook.ui.i18n import format_number


def clock_text(seconds: float) -> str:
    """m:ss in the locale's digits; a minus sign once time is up and the room runs over."""
    locale = QLocale()
    whole = int(abs(seconds) + (0.999 if seconds > 0 else 0))  # 4:59.2 left reads 5:00
    minutes, rest = divmod(whole, 60)
    text = locale.toString(minutes) + ":" + locale.toString(rest).rjust(2, locale.zeroDigit())
    return ("−" + text) if seconds < 0 and whole else text


class SplitQueue(QWidget):
    """Where the room is split, widest spread first; open items before settled ones."""

    itemChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        self.label = QLabel(self.tr("S&plit items, widest first (Ctrl+J):"))
        self.label.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Split items"))
        self.list.setWordWrap(True)
        self.list.setMaximumHeight(170)
        self.label.setBuddy(self.list)
        self.list.itemActivated.connect(self._chosen)
        self.list.itemClicked.connect(self._chosen)
        layout.addWidget(self.label)
        layout.addWidget(self.list)

    def refresh(self, controller) -> None:
        queue = controller.split_queue()
        self.list.clear()
        for split in queue:
            where = controller.navigator.position(split.item_id)
            prompt = controller.framework.item(split.item_id).prompt
            mark = "✓" if split.settled else "●"
            text = self.tr("{mark} {spread}: {function} {number}. {prompt}").format(
                mark=mark, spread=self.tr("%n stage(s) apart", "", split.spread),
                function=where.dimension_name, number=format_number(where.number),
                prompt=prompt)
            item = QListWidgetItem(text)
            item.setData(Qt.UserRole, split.item_id)
            item.setToolTip(self.tr("settled") if split.settled else
                            self.tr("votes from {low} to {high}").format(
                                low=format_number(split.low), high=format_number(split.high)))
            self.list.addItem(item)
            if split.item_id == controller.current:
                self.list.setCurrentItem(item)
        if not queue:
            empty = QListWidgetItem(self.tr("No split items so far."))
            empty.setFlags(Qt.NoItemFlags)
            self.list.addItem(empty)

    def _chosen(self, item: QListWidgetItem) -> None:
        item_id = item.data(Qt.UserRole)
        if item_id:  # after the click is handled: going there rebuilds this list
            QTimer.singleShot(0, lambda: self.itemChosen.emit(item_id))


class TimerControl(QWidget):
    """This item's timer: start/pause, the time left (red once up), its length, reset."""

    ticked = Signal()

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.toggle = QPushButton(self.tr("&Timer"))
        self.toggle.setToolTip(self.tr("Start or pause this item's timer (Ctrl+T)"))
        self.toggle.setFocusPolicy(Qt.TabFocus)
        self.toggle.clicked.connect(self.toggle_timer)
        self.time = QLabel()
        self.time.setAccessibleName(self.tr("Time left on this item"))
        self.time.setMinimumWidth(self.time.fontMetrics().horizontalAdvance("−00:00") + 8)
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 60)
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.setAccessibleName(self.tr("Timer length in minutes"))
        self.minutes.setValue(max(1, int(controller.timer_seconds // 60)))
        self.minutes.valueChanged.connect(self._length_changed)
        self.reset_button = QToolButton()
        self.reset_button.setText("↺")
        self.reset_button.setToolTip(self.tr("Reset this item's timer"))
        self.reset_button.setAccessibleName(self.tr("Reset the timer"))
        self.reset_button.clicked.connect(self.reset)
        for widget in (self.toggle, self.time, self.minutes, self.reset_button):
            layout.addWidget(widget)
        self._tick = QTimer(self)
        self._tick.setInterval(250)
        self._tick.timeout.connect(self.refresh)
        self.refresh()

    def toggle_timer(self) -> None:
        self.controller.toggle_timer()
        self.refresh()

    def reset(self) -> None:
        self.controller.reset_timer(self.minutes.value() * 60)
        self.refresh()

    def _length_changed(self, minutes: int) -> None:
        timer = self.controller.timer()
        self.controller.timer_seconds = minutes * 60
        if timer is not None and not timer.running and timer.elapsed() == 0:
            timer.reset(minutes * 60)
        self.refresh()

    def refresh(self) -> None:
        timer = self.controller.timer()
        running = timer is not None and timer.running
        left = timer.remaining() if timer is not None else self.controller.timer_seconds
        self.time.setText(clock_text(left))
        expired = timer is not None and timer.expired
        self.time.setStyleSheet("color: #b00020; font-weight: bold;" if expired else
                                "font-weight: bold;" if running else "")
        self.time.setToolTip(self.tr("Time is up") if expired else "")
        self.toggle.setText(self.tr("Pause &timer") if running else self.tr("&Timer"))
        if running and not self._tick.isActive():
            self._tick.start()
        elif not running:
            self._tick.stop()
        self.ticked.emit()
