"""The presenter window: what the projector shows the room, following the facilitator.

It shows the current item in large type with its stage descriptions; before the reveal who has
voted (never how), after it the distribution and the spread; the item's timer; and at the end,
the radar of what the room agreed. It reads only core.workshop's RoomState (which holds levels
only once revealed) and shown_agreed, so it can never show more than the facilitator revealed.

It opens full-screen on another screen when there is one, else as a window beside the main one;
F11 toggles full screen, Ctrl+= / Ctrl+- / Ctrl+0 zoom its text (remembered).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget,
)

from maturity_workbook import APP_NAME
from maturity_workbook.core import workshop
from maturity_workbook.core.scoring import score_assessment
from maturity_workbook.ui.i18n import format_number
from maturity_workbook.ui.room_controls import clock_text
from maturity_workbook.ui.room_panel import DistributionBars, level_text, spread_sentence
from maturity_workbook.ui.zoom import WindowZoom

# each part's text size, in the window's base size (which follows the window and the zoom)
SIZES = {"where": 0.8, "prompt": 1.5, "head": 0.85, "level": 0.8, "votes": 1.0, "bars": 0.9,
         "spread": 0.85, "clock": 1.4, "idle": 1.2}


def choose_screen(screens, here):
    """The screen for the room: another one than the facilitator's when there is one."""
    others = [screen for screen in screens if screen is not here]
    return others[0] if others else None


class PresenterWindow(QWidget):
    closed = Signal()

    def __init__(self, settings, parent: QWidget | None = None):
        super().__init__(parent, Qt.Window)
        self.setWindowTitle(QCoreApplication.translate("Presenter", "{app} — presenter view")
                            .format(app=APP_NAME))
        self.setObjectName("presenter")
        self.wizard = None
        self.highlighted = None  # the stage level shown as the room's, or None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 20)
        head = QHBoxLayout()
        self.where = self._label("where", plain=True)
        head.addWidget(self.where, 1)
        self.clock = self._label("clock", plain=True)
        self.clock.setAccessibleName(self.tr("Time left on this item"))
        head.addWidget(self.clock)
        layout.addLayout(head)
        self.prompt = self._label("prompt", plain=True)
        layout.addWidget(self.prompt)
        self.levels = QGridLayout()
        self.levels.setHorizontalSpacing(18)
        self.levels.setVerticalSpacing(6)
        self.level_labels: dict[int, tuple[QLabel, QLabel]] = {}
        layout.addLayout(self.levels)
        self.votes = self._label("votes")
        layout.addWidget(self.votes)
        self.voters_box = QWidget()
        self.voters = QGridLayout(self.voters_box)
        self.voters.setContentsMargins(0, 0, 0, 0)
        self.voter_chips: list[QLabel] = []
        layout.addWidget(self.voters_box)
        self.bars = DistributionBars(self)
        self.bars.setProperty("role", "bars")
        layout.addWidget(self.bars)
        self.spread = self._label("spread")
        layout.addWidget(self.spread)
        self.idle = self._label("idle", plain=True)
        self.idle.setAlignment(Qt.AlignCenter)
        layout.addWidget(self.idle, 1)
        self.radar = None  # the chart panel, built at the end (matplotlib loads lazily)
        self.radar_box = QVBoxLayout()
        layout.addLayout(self.radar_box, 1)
        self.tail = QWidget()  # takes the room left under an item (not under the radar)
        self.tail.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Expanding)
        layout.addWidget(self.tail, 1)
        self.zoom = WindowZoom(self, settings, "presenter", apply_font=False)
        self.zoom.changed.connect(lambda _factor: self._restyle())
        for keys, slot in ((("F11",), self.toggle_full_screen),
                           (("Escape",), self.showNormal),
                           ((QKeySequence.ZoomIn, "Ctrl+="), self.zoom.zoom_in),
                           ((QKeySequence.ZoomOut,), self.zoom.zoom_out),
                           (("Ctrl+0",), self.zoom.reset)):
            for key in keys:
                QShortcut(QKeySequence(key), self, slot)
        self.resize(1280, 720)
        self.refresh()

    def _label(self, role: str, plain: bool = False) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setProperty("role", role)
        label.setTextFormat(Qt.PlainText if plain else Qt.RichText)
        return label

    # -- where it goes

    def place(self, anchor: QWidget) -> None:
        """Show on another screen than `anchor`'s, full-screen there; else beside it."""
        self.setAttribute(Qt.WA_ShowWithoutActivating)  # the facilitator's keys stay there
        screen = choose_screen(QGuiApplication.screens(), anchor.screen())
        if screen is not None:
            self.setScreen(screen)
            self.setGeometry(screen.availableGeometry())
            self.showFullScreen()
        else:
            available = anchor.screen().availableGeometry()
            self.resize(min(1280, available.width()), min(720, available.height()))
            self.show()
        anchor.activateWindow()

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._restyle()

    def base_pixels(self) -> float:
        """The text size everything is measured in: fits the window, times the zoom."""
        return max(12.0, min(self.width() / 60, self.height() / 34)) * self.zoom.factor

    def _restyle(self) -> None:
        base = self.base_pixels()
        for widget in [self, *self.findChildren(QWidget)]:
            role = widget.property("role")
            if role in SIZES:
                font = QFont(widget.font())
                font.setPixelSize(max(8, round(base * SIZES[role])))
                font.setBold(role in ("prompt", "head", "clock"))
                widget.setFont(font)
        self.bars.updateGeometry()

    # -- following the facilitator

    def follow(self, wizard) -> None:
        """Show what this wizard's room sees (None: no assessment is open)."""
        if self.wizard is not None:
            try:
                self.wizard.roomChanged.disconnect(self.refresh)
            except (RuntimeError, TypeError):
                pass  # the wizard is already gone
        self.wizard = wizard
        if wizard is not None:
            wizard.roomChanged.connect(self.refresh)
            wizard.destroyed.connect(lambda *_: self._lost(wizard))
        self.refresh()

    def _lost(self, wizard) -> None:
        if self.wizard is wizard:
            self.wizard = None
            try:
                self.refresh()
            except RuntimeError:  # this window is going away too (the app is quitting)
                pass

    def refresh(self) -> None:
        wizard = self.wizard
        controller = wizard.controller if wizard is not None else None
        if controller is None:
            self._show_idle(self.tr("Waiting for the facilitator to open an assessment."))
            return
        if wizard.review.showing():  # a reassessment looks back before it rates
            self._show_idle(wizard.review.summary_text())
            return
        if controller.at_end or controller.assessment.is_final:
            self._show_end(wizard)
            return
        self._show_item(wizard)

    def _parts(self, item: bool, end: bool) -> None:
        for widget in (self.prompt, self.votes, self.bars, self.spread, self.clock):
            widget.setVisible(item)
        for head, text in self.level_labels.values():
            head.setVisible(item)
            text.setVisible(item)
        self.idle.setVisible(not item and not end)
        self.tail.setVisible(not end)
        if not item:
            self.voters_box.hide()
        if self.radar is not None:
            self.radar.setVisible(end)

    def _show_idle(self, text: str) -> None:
        self.where.setText("")
        self.idle.setText(text)
        self._parts(item=False, end=False)

    def _show_item(self, wizard) -> None:
        controller = wizard.controller
        framework = controller.framework
        workbook = wizard.session.workbook
        state = controller.room()
        where = controller.position()
        round_text = self.tr(" · round {round}").format(round=format_number(state.round)) \
            if state.round > 1 else ""
        self.where.setText(self.tr("{function} · item {number} of {count}{round}").format(
            function=where.dimension_name, number=format_number(where.number),
            count=format_number(where.count), round=round_text))
        self.prompt.setText(controller.item.prompt)
        self._fill_levels(framework, controller.item)
        agreed = controller.value("agreed")
        # the room's rating once it is one: set by the room, or a revealed median nobody
        # disputes (a split room has no rating yet, only a median)
        standing = state.agreed_set or state.shown and not state.split
        self.highlighted = agreed if standing and isinstance(agreed, int) else None
        for level, (head, text) in self.level_labels.items():
            style = ("background: palette(highlight); color: palette(highlighted-text); "
                     "padding: 2px;") if level == self.highlighted else "padding: 2px;"
            head.setStyleSheet(style)
            text.setStyleSheet(style)
        several = len(state.present) > 1
        voting = several and not state.shown
        if voting:
            self.votes.setText(self.tr("<b>%n of {count} voted</b>", "", len(state.voted))
                               .format(count=format_number(len(state.present))))
        else:
            self.votes.setText("")
        self._show_voters(workbook, state if voting else None)
        show_bars = several and state.distribution is not None and state.distribution.votes
        if show_bars:
            self.bars.show_votes(framework, state.distribution, agreed)
        self.spread.setText(spread_sentence(workbook, state) if several else "")
        timer = controller.timer()
        self.clock.setText(("⏱ " + clock_text(timer.remaining())) if timer is not None else "")
        self.clock.setStyleSheet("color: #b00020;" if timer is not None and timer.expired
                                 else "")
        self._parts(item=True, end=False)
        self.votes.setVisible(bool(self.votes.text()))
        self.bars.setVisible(bool(show_bars))
        self.spread.setVisible(bool(self.spread.text()))
        self.clock.setVisible(timer is not None)

    def _show_voters(self, workbook, state) -> None:
        """One chip per person before the reveal: ticked once they voted (never how)."""
        people = list(_people(workbook, state.present)) if state is not None else []
        while len(self.voter_chips) < len(people):
            chip = self._label("votes", plain=True)
            chip.setParent(self.voters_box)
            chip.setWordWrap(True)  # a long name takes two lines, never widens the window
            self.voter_chips.append(chip)
            self._restyle()
        columns = 4 if len(people) > 6 else max(len(people), 1)
        for n, chip in enumerate(self.voter_chips):
            self.voters.removeWidget(chip)
            if n >= len(people):
                chip.hide()
                continue
            pid, name = people[n]
            voted = pid in state.voted
            # the name is isolated, so a right-to-left name keeps its mark on the left
            chip.setText(("✓ " if voted else "○ ") + "\u2068" + name + "\u2069")
            chip.setAccessibleName(self.tr("{name}: voted").format(name=name) if voted else
                                   self.tr("{name}: not voted yet").format(name=name))
            chip.setStyleSheet(
                "background: #2e7d32; color: white; border-radius: 6px; padding: 4px 12px;"
                if voted else "border: 2px solid palette(mid); border-radius: 6px; "
                              "padding: 2px 10px; color: palette(placeholder-text);")
            self.voters.addWidget(chip, n // columns, n % columns)
            chip.show()
        self.voters_box.setVisible(bool(people))

    def _fill_levels(self, framework, item) -> None:
        if not self.level_labels:
            for row, stage in enumerate(framework.stages):
                head = self._label("head", plain=True)
                head.setWordWrap(False)
                text = self._label("level", plain=True)
                self.levels.addWidget(head, row, 0, Qt.AlignTop)
                self.levels.addWidget(text, row, 1)
                self.level_labels[stage.level] = (head, text)
            self.levels.setColumnStretch(1, 1)
            self._restyle()
        for stage in framework.stages:
            head, text = self.level_labels[stage.level]
            head.setText(level_text(framework, stage.level))
            text.setText(item.levels.get(stage.level, ""))

    def _show_end(self, wizard) -> None:
        """The end of the walk: the radar of what the room has seen and agreed."""
        controller = wizard.controller
        assessment = controller.assessment
        self.where.setText(self.tr("{title}: where the room stands").format(
            title=assessment.title))
        if self.radar is None:
            from maturity_workbook.ui.chart_widget import ChartPanel

            self.radar = ChartPanel("radar", self)
            self.radar.save_button.hide()
            self.radar.message.setProperty("role", "idle")  # "drawing the chart" reads too
            self.radar.text_points = 0.55 * self.base_pixels()  # readable from the back
            self.radar_box.addWidget(self.radar)
            self._restyle()
        result = score_assessment(controller.framework, workshop.shown_agreed(assessment))
        self.radar.show_radar(controller.framework, [(assessment.title, result)],
                              dict(assessment.targets))
        self._parts(item=False, end=True)

    def closeEvent(self, event) -> None:
        self.follow(None)
        super().closeEvent(event)
        self.closed.emit()


def _people(workbook, ids):
    for pid in ids:
        person = workbook.participants.get(pid)
        yield pid, person.name if person is not None else "?"


