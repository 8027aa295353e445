"""The room on screen, for the wizard's item page and the presenter window: who has voted, the
distribution of the votes once revealed, the spread and who to hear first, earlier rounds, and
last time's answer in a reassessment.

Everything shown comes from core.workshop's RoomState and LastTime, which hold levels only once
the room may see them; these widgets never read the ratings themselves.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)

from maturity_workbook.core.wizard import AGREED
from maturity_workbook.core.workbook import UNKNOWN, UNRATED, is_level
from maturity_workbook.ui.i18n import format_date, format_number

SPLIT_COLOR = "#b35900"


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate("Room", text, disambiguation, n)


def level_text(framework, value) -> str:
    """An answer as the room reads it: "3 · Scaling", not applicable, don't know, not rated."""
    if is_level(value):
        stage = next((s for s in framework.stages if s.level == value), None)
        number = format_number(value)
        return f"{number} · {stage.name}" if stage is not None else number
    if value is None:
        return tr("not applicable")
    if value is UNKNOWN:
        return tr("don't know")
    return tr("not rated")


def names(workbook, ids) -> str:
    """Participants' names as a list the room reads ("Ana, Bo and Cy")."""
    found = [workbook.participants[p].name if p in workbook.participants
             else tr("an unknown participant") for p in ids]
    if len(found) <= 1:
        return "".join(found)
    return tr("{names} and {last}").format(names=tr(", ").join(found[:-1]), last=found[-1])


def spread_sentence(workbook, state) -> str:
    """The spread of shown votes as a sentence, with whom to hear first when the room is split
    (rich text: the split is coloured)."""
    votes = state.distribution
    if votes is None or votes.spread is None:
        return ""
    low, high = format_number(votes.low), format_number(votes.high)
    if not state.split:
        return tr("Spread: %n stage(s) ({low}–{high})", "", votes.spread).format(low=low,
                                                                                 high=high)
    return (f"<span style='color:{SPLIT_COLOR}'>" + tr(
        "<b>The room is split:</b> votes from {low} to {high}. Hear {highest} ({high}) and "
        "{lowest} ({low}) first, then agree a rating and note why.").format(
            low=low, high=high, highest=_esc(names(workbook, state.highest)),
            lowest=_esc(names(workbook, state.lowest))) + "</span>")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def distribution_summary(framework, votes) -> str:
    """The distribution in words (an accessible description, and what tests read)."""
    parts = [tr("%n × {answer}", "", n).format(answer=level_text(framework, answer))
             for answer, n in votes.counts]
    return tr("Votes: {counts}").format(counts=tr("; ").join(parts)) if parts else \
        tr("No votes")


class DistributionBars(QWidget):
    """One bar per stage (and per N/A or don't know when given): how many voted for it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.framework = None
        self.votes = None
        self.marked = UNRATED  # the agreed answer, outlined
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)

    def show_votes(self, framework, votes, marked=UNRATED) -> None:
        self.framework, self.votes, self.marked = framework, votes, marked
        self.setAccessibleName(tr("Distribution of the votes"))
        self.setAccessibleDescription(distribution_summary(framework, votes) if votes else "")
        self.updateGeometry()
        self.update()

    def rows(self) -> list[tuple[str, object, int]]:
        if self.framework is None or self.votes is None:
            return []
        rows = [(level_text(self.framework, s.level), s.level, self.votes.count(s.level))
                for s in self.framework.stages]
        for answer in (None, UNKNOWN):
            if self.votes.count(answer):
                rows.append((level_text(self.framework, answer), answer,
                             self.votes.count(answer)))
        return rows

    def _line(self) -> float:
        return QFontMetricsF(self.font()).height() * 1.45

    def sizeHint(self) -> QSize:
        return QSize(320, int(self._line() * max(len(self.rows()), 1)) + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, self.sizeHint().height())

    def paintEvent(self, _event) -> None:
        rows = self.rows()
        if not rows:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        metrics = QFontMetricsF(self.font())
        line = self._line()
        label_w = min(max(metrics.horizontalAdvance(r[0]) for r in rows) + 12,
                      self.width() * 0.45)
        count_w = metrics.horizontalAdvance("888") + 8
        bar_w = max(self.width() - label_w - count_w, 10)
        most = max(n for _t, _a, n in rows) or 1
        palette = self.palette()
        fill = palette.color(QPalette.Highlight)
        empty = QColor(palette.color(QPalette.Mid))
        empty.setAlpha(60)
        text = palette.color(QPalette.WindowText)
        for i, (label, answer, n) in enumerate(rows):
            top = i * line + 2
            painter.setPen(text)
            painter.drawText(QRectF(0, top, label_w - 8, line), Qt.AlignVCenter | Qt.AlignLeft,
                             metrics.elidedText(label, Qt.ElideRight, label_w - 8))
            box = QRectF(label_w, top + line * 0.15, bar_w, line * 0.7)
            painter.fillRect(box, empty)
            painter.fillRect(QRectF(box.left(), box.top(), bar_w * n / most, box.height()), fill)
            if self.marked is not UNRATED and (answer == self.marked if is_level(answer)
                                               else answer is self.marked):
                painter.setPen(text)
                painter.drawRect(box)
            painter.setPen(text)
            painter.drawText(QRectF(label_w + bar_w + 6, top, count_w, line),
                             Qt.AlignVCenter | Qt.AlignLeft, format_number(n))
        painter.end()


class RoomPanel(QFrame):
    """Under the rating rows: the round, who has voted, the reveal and a second round, and the
    distribution, spread and who to hear first once the votes are shown."""

    revealRequested = Signal()
    newRoundRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        top = QHBoxLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.PlainText)
        top.addWidget(self.status, 1)
        self.reveal_button = QPushButton(tr("Revea&l the votes"))
        self.reveal_button.setToolTip(tr("Show everyone's votes together (Ctrl+R)"))
        self.reveal_button.clicked.connect(self.revealRequested)
        self.round_button = QPushButton(tr("Another r&ound"))
        self.round_button.setToolTip(tr("Keep these votes as a round and vote again, hidden "
                                        "(Ctrl+Shift+R)"))
        self.round_button.clicked.connect(self.newRoundRequested)
        for button in (self.reveal_button, self.round_button):
            button.setFocusPolicy(Qt.TabFocus)
            top.addWidget(button)
        layout.addLayout(top)
        self.bars = DistributionBars(self)
        layout.addWidget(self.bars)
        self.spread = QLabel()
        self.spread.setWordWrap(True)
        self.spread.setTextFormat(Qt.RichText)
        layout.addWidget(self.spread)
        self.earlier = QLabel()
        self.earlier.setWordWrap(True)
        self.earlier.setTextFormat(Qt.PlainText)
        self.earlier.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.earlier)

    def show_room(self, controller, workbook) -> None:
        state = controller.room()
        framework = controller.framework
        several = len(state.present) > 1
        self.setVisible(several)
        if not several:
            return
        facilitated = state.facilitated
        if facilitated and not state.shown:
            text = tr("Round {round}: %n of {count} voted; the votes stay hidden until the "
                      "reveal.", "", len(state.voted)).format(
                          round=format_number(state.round),
                          count=format_number(len(state.present)))
        elif facilitated:
            text = tr("Round {round}: the votes are revealed.").format(
                round=format_number(state.round))
        else:
            text = ""
        self.status.setText(text)
        self.status.setVisible(bool(text))
        self.reveal_button.setVisible(facilitated and not state.shown)
        self.reveal_button.setEnabled(controller.can_reveal())
        self.round_button.setVisible(facilitated and state.shown)
        self.round_button.setEnabled(controller.can_take_new_round())
        votes = state.distribution
        show_bars = facilitated and votes is not None and votes.votes > 0
        self.bars.setVisible(show_bars)
        if show_bars:
            self.bars.show_votes(framework, votes, controller.value(AGREED))
        sentence = spread_sentence(workbook, state)
        self.spread.setText(sentence)
        self.spread.setVisible(bool(sentence))
        lines = [earlier_round(framework, n, votes)
                 for n, votes in enumerate(state.earlier, 1)]
        self.earlier.setText("\n".join(lines))
        self.earlier.setVisible(bool(lines))


def earlier_round(framework, number: int, votes) -> str:
    counts = tr("; ").join(tr("%n × {answer}", "", n).format(answer=level_text(framework, a))
                           for a, n in votes.counts)
    return tr("Round {round}: {counts}").format(round=format_number(number), counts=counts)


class LastTimeBox(QFrame):
    """A reassessment: last time's agreed rating and note beside this item, and Confirm."""

    confirmRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.StyledPanel)
        self.setObjectName("lastTime")
        self.setStyleSheet("#lastTime { background: palette(alternate-base); "
                           "border-radius: 4px; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        column = QVBoxLayout()
        self.answer = QLabel()
        self.answer.setWordWrap(True)
        self.answer.setTextFormat(Qt.PlainText)
        column.addWidget(self.answer)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.PlainText)
        self.note.setStyleSheet("font-style: italic;")
        column.addWidget(self.note)
        layout.addLayout(column, 1)
        self.confirm = QPushButton(tr("&Confirm last time's rating"))
        self.confirm.setToolTip(tr("The room keeps last time's rating for this item"))
        self.confirm.setFocusPolicy(Qt.TabFocus)
        self.confirm.clicked.connect(self.confirmRequested)
        layout.addWidget(self.confirm, 0, Qt.AlignTop)

    def show_last(self, controller) -> None:
        last = controller.last_time()
        self.setVisible(last is not None)
        if last is None:
            return
        previous = controller.previous_assessment()
        when = tr("{title}, {date}").format(title=previous.title,
                                            date=format_date(previous.date))
        if last.new:
            text = tr("New since last time ({when}): nothing to carry over.").format(when=when)
        else:
            text = tr("Last time ({when}): {answer}").format(
                when=when, answer=level_text(controller.framework, last.level))
        self.answer.setText(text)
        self.note.setText(last.note)
        self.note.setVisible(bool(last.note))
        confirmed = (not last.new and last.can_confirm and controller.agreed_is_set()
                     and controller.value(AGREED) == last.level)
        self.confirm.setVisible(not last.new and last.can_confirm and controller.editable)
        self.confirm.setEnabled(controller.can_confirm_last())
        self.confirm.setText(tr("Confirmed ✓") if confirmed else
                             tr("&Confirm last time's rating"))
