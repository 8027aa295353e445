"""The room on screen, for the wizard's item page and the presenter window: who has voted, the
distribution of the votes once revealed, the spread and who to hear first, earlier rounds, and
last time's answer in a reassessment.

Everything shown comes from core.workshop's RoomState and LastTime, which hold levels only once
the room may see them; these widgets never read the ratings themselves.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)

from maturity_workbook.core.wizard import AGREED
from maturity_workbook.core.workbook import UNKNOWN, UNRATED, is_level
from maturity_workbook.ui.i18n import format_date, format_number, join_list

SPLIT_COLOR = "#b35900"


class RoomTexts(QObject):
    """The room's sentences (a QObject, so that plurals reach the translators as plurals)."""

    def level_text(self, framework, value) -> str:
        """An answer as the room reads it: "3 · Scaling", not applicable, don't know."""
        if is_level(value):
            stage = next((s for s in framework.stages if s.level == value), None)
            number = format_number(value)
            return f"{number} · {stage.name}" if stage is not None else number
        if value is None:
            return self.tr("not applicable")
        if value is UNKNOWN:
            return self.tr("don't know")
        return self.tr("not rated")

    def names(self, workbook, ids) -> str:
        """Participants' names as a list the room reads ("Ana, Bo and Cy")."""
        # each name isolated, so a right-to-left name keeps its place in the sentence
        found = ["\u2068" + (workbook.participants[p].name if p in workbook.participants
                              else self.tr("an unknown participant")) + "\u2069" for p in ids]
        if len(found) <= 1:
            return "".join(found)
        return self.tr("{names} and {last}").format(names=self.tr(", ").join(found[:-1]),
                                                    last=found[-1])

    def spread_sentence(self, workbook, state) -> str:
        """The spread of shown votes, with whom to hear first when the room is split (rich
        text: the split is coloured)."""
        votes = state.distribution
        if votes is None or votes.spread is None:
            return ""
        low, high = format_number(votes.low), format_number(votes.high)
        if not state.split:
            return self.tr("Spread: %n stage(s) ({low}–{high})", "", votes.spread).format(
                low=low, high=high)
        return (f"<span style='color:{SPLIT_COLOR}'>" + self.tr(
            "<b>The room is split:</b> votes from {low} to {high}. Hear {highest} ({high}) and "
            "{lowest} ({low}) first, then agree a rating and note why.").format(
                low=low, high=high, highest=_esc(self.names(workbook, state.highest)),
                lowest=_esc(self.names(workbook, state.lowest))) + "</span>")

    def counts(self, framework, votes) -> str:
        return self.tr("; ").join(
            self.tr("%n × {answer}", "", n).format(answer=self.level_text(framework, answer))
            for answer, n in votes.counts)

    def distribution_summary(self, framework, votes) -> str:
        """The distribution in words (an accessible description, and what tests read)."""
        if not votes.counts:
            return self.tr("No votes")
        return self.tr("Votes: {counts}").format(counts=self.counts(framework, votes))

    def earlier_round(self, framework, number: int, votes) -> str:
        return self.tr("Round {round}: {counts}").format(round=format_number(number),
                                                         counts=self.counts(framework, votes))

    def round_status(self, state) -> str:
        if not state.facilitated:
            return ""
        if not state.shown:
            return self.tr("Round {round}: %n of {count} voted; the votes stay hidden until "
                           "the reveal.", "", len(state.voted)).format(
                               round=format_number(state.round),
                               count=format_number(len(state.present)))
        return self.tr("Round {round}: the votes are revealed.").format(
            round=format_number(state.round))


_texts: RoomTexts | None = None


def texts() -> RoomTexts:
    global _texts
    if _texts is None:
        _texts = RoomTexts()
    return _texts


def level_text(framework, value) -> str:
    return texts().level_text(framework, value)


def names(workbook, ids) -> str:
    return texts().names(workbook, ids)


def spread_sentence(workbook, state) -> str:
    return texts().spread_sentence(workbook, state)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
        self.setAccessibleName(self.tr("Distribution of the votes"))
        self.setAccessibleDescription(texts().distribution_summary(framework, votes)
                                      if votes else "")
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
        self.reveal_button = QPushButton(self.tr("Revea&l the votes"))
        self.reveal_button.setToolTip(self.tr("Show everyone's votes together (Ctrl+R)"))
        self.reveal_button.clicked.connect(self.revealRequested)
        self.round_button = QPushButton(self.tr("Another r&ound"))
        self.round_button.setToolTip(self.tr("Keep these votes as a round and vote again, "
                                             "hidden (Ctrl+Shift+R)"))
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
        text = texts().round_status(state)
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
        lines = [texts().earlier_round(framework, n, votes)
                 for n, votes in enumerate(state.earlier, 1)]
        self.earlier.setText("\n".join(lines))
        self.earlier.setVisible(bool(lines))


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
        self.confirm = QPushButton(self.tr("&Confirm last time's rating"))
        self.confirm.setToolTip(self.tr("The room keeps last time's rating for this item"))
        self.confirm.setFocusPolicy(Qt.TabFocus)
        self.confirm.clicked.connect(self.confirmRequested)
        layout.addWidget(self.confirm, 0, Qt.AlignTop)

    def show_last(self, controller) -> None:
        last = controller.last_time()
        self.setVisible(last is not None)
        if last is None:
            return
        previous = controller.previous_assessment()
        when = self.tr("{title}, {date}").format(title=previous.title,
                                            date=format_date(previous.date))
        self.answer.setText(self.last_text(controller, last, when,
                                           previous.framework_version))
        self.note.setText(last.note)
        self.note.setVisible(bool(last.note))
        confirmed = (not last.new and last.can_confirm and controller.agreed_is_set()
                     and controller.value(AGREED) == last.level)
        self.confirm.setVisible(not last.new and last.can_confirm and controller.editable)
        self.confirm.setEnabled(controller.can_confirm_last())
        self.confirm.setText(self.tr("Confirmed ✓") if confirmed else
                             self.tr("&Confirm last time's rating"))

    def last_text(self, controller, last, when: str, then_version: str) -> str:
        """Last time's answer as the room reads it; across two versions of the framework, new
        items are marked new in this version and split or merged ones show the old answer as a
        hint to rate afresh."""
        framework = controller.framework
        other_version = then_version != framework.version
        if last.new:
            if other_version:
                return self.tr("New in version {version}: not asked last time ({when}), so "
                               "there is nothing to carry over.").format(
                    version=framework.version, when=when)
            return self.tr("New since last time ({when}): nothing to carry over.").format(
                when=when)
        if last.hint:
            answers = join_list([
                self.tr("{prompt}: {answer}").format(
                    prompt=QLocale().quoteString(prompt), answer=level_text(framework, level))
                for prompt, (_item, level) in zip(last.prompts or last.sources, last.answers)])
            return self.tr("Last time ({when}) this was asked differently, in version "
                           "{version}: {answers}. Only a hint: rate this item afresh.").format(
                when=when, version=then_version, answers=answers)
        answer = level_text(framework, last.level)
        if last.prompts and last.change != "kept":
            return self.tr("Last time ({when}), asked as {prompt}: {answer}").format(
                when=when, prompt=QLocale().quoteString(last.prompts[0]), answer=answer)
        return self.tr("Last time ({when}): {answer}").format(when=when, answer=answer)
