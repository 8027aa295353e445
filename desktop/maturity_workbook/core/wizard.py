"""The assessment wizard in plain Python: where the room is, what each key does, what comes next.

The Qt wizard only renders a WizardController and forwards keys to it (Electrum keeps its wizard
logic Qt-free the same way), so the order, the keys, auto-advance, finalizing and resuming are
tested without a screen. Edits go through an editor (the UI's session, which calls the store), so
the controller never owns a copy of the workbook.

A level travels as an int from key to file; None is "not applicable", UNRATED clears a rating.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto
from typing import Callable, Protocol

from maturity_workbook.core import workshop
from maturity_workbook.core.framework import Framework, Item
from maturity_workbook.core.navigator import (  # noqa: F401 - the wizard's vocabulary
    DONE, EMPTY, PARTIAL, Position, Progress, WizardNavigator,
)
from maturity_workbook.core.workbook import UNKNOWN, UNRATED, Assessment

AGREED = "agreed"  # the row of the room's agreed rating (participant ids are UUIDs: no clash)

NOT_APPLICABLE = None
# "Don't know" has its own key and its own button (WizardController.answers lists both): unlike
# not applicable, it is a gap in what the team knows.
DONT_KNOW = UNKNOWN

NOT_APPLICABLE_KEYS = ("n", "N")
DONT_KNOW_KEYS = ("?",)


# ------------------------------------------------------------------------------ the controller


class Key(Enum):
    """The named keys a rating row reacts to; everything else arrives as the text it types."""

    ENTER = auto()
    BACKSPACE = auto()
    DELETE = auto()
    UP = auto()
    DOWN = auto()


class Step(Enum):
    """What the view does after the controller handled an action."""

    IGNORED = auto()  # not the wizard's key: the widget handles it as usual
    STAY = auto()  # handled; nothing moves
    ROW = auto()  # focus moves to Outcome.row
    ITEM = auto()  # the current item changed: show it and focus its first open row
    FINALIZE = auto()  # past the last item: offer to finalize
    ALL_DONE = auto()  # no unfinished item is left
    TYPE = auto()  # text typed on a rating row: put Outcome.text in the note, focus the note
    REASON = auto()  # an agreed rating away from the median: ask why, then set_agreed(value)
    REFRESH = auto()  # the room's state of this item changed (revealed, a new round): redraw


@dataclass(frozen=True)
class Outcome:
    step: Step
    row: str | None = None
    text: str = ""
    value: object = None  # Step.REASON: the agreed level the room wants to set


@dataclass(frozen=True)
class Answer:
    """A choice besides the stages: `kind` is "not-applicable" or "dont-know"."""

    kind: str
    value: object
    key: str


class Editor(Protocol):
    """What the controller needs to change the workbook (the UI's session implements it).

    `retract=True` puts back the value the previous edit of that rating replaced: a letter key
    that turned out to start a typed word. It is not a new edit (nothing to undo)."""

    def set_rating(self, assessment_id: str, item_id: str, participant_id: str, level,
                   retract: bool = False) -> None: ...

    def set_agreed(self, assessment_id: str, item_id: str, level, retract: bool = False,
                   reason: str | None = None, by: str | None = None) -> None: ...

    def set_revealed(self, assessment_id: str, item_id: str, revealed: bool) -> None: ...

    def new_round(self, assessment_id: str, item_id: str) -> None: ...

    def set_note(self, assessment_id: str, item_id: str, text: str) -> None: ...

    def set_evidence(self, assessment_id: str, item_id: str, evidence: list[str]) -> None: ...

    def set_position(self, assessment_id: str, item_id: str) -> None: ...

    def finalize(self, assessment_id: str) -> None: ...


def evidence_lines(text: str) -> list[str]:
    """The evidence field's text as the list the workbook keeps: one non-blank line each."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class WizardController:
    """One assessment in the wizard: the current item, the rows, the keys, the note being typed.

    `lookup()` returns the assessment as the workbook holds it now (the store may replace the
    object, e.g. after restoring a backup); `read_only` is the workbook's state. `find(id)`
    returns another assessment of the workbook (or None): the one a reassessment is based on;
    `mapper` says which of its items an item's answer comes from (core.workshop.ItemMapper).

    In a facilitated assessment the controller also drives the room (core.workshop): votes stay
    hidden until revealed (by a key, or when the last vote comes in), a second round, the agreed
    rating set with a reason when it leaves the median, the split queue, a timer per item and the
    finalize check.

    With `participant_id` (a participant file) the wizard shows and edits that participant's
    ratings only: no other row, no agreed rating, no note or evidence, no room, no finalizing.
    """

    def __init__(self, framework: Framework, assessment_id: str,
                 lookup: Callable[[], Assessment], editor: Editor, read_only: bool = False,
                 find: Callable[[str], Assessment | None] | None = None,
                 mapper: workshop.ItemMapper = workshop.same_items,
                 clock: Callable[[], float] | None = None,
                 participant_id: str | None = None):
        self.framework = framework
        self.assessment_id = assessment_id
        self._lookup = lookup
        self.editor = editor
        self.read_only = read_only
        self._find = find or (lambda _id: None)
        self.mapper = mapper
        self._clock = clock
        self.timers: dict[str, workshop.Countdown] = {}  # per item; the room's, never saved
        self.timer_seconds = workshop.DEFAULT_TIMER_SECONDS
        self.at_end = False  # the room went past the last item: the summary is on screen
        self.participant_id = participant_id
        self._navigator: WizardNavigator | None = None
        self.current: str = self.navigator.start().id
        self.note_draft = ""
        self.evidence_draft = ""
        self._dirty_note = self._dirty_evidence = False
        # the last key was a letter that rated a row: (row, the value it replaced, the letter)
        self._letter_pick: tuple[str, object, str] | None = None
        self._load_drafts()

    # -- reading

    @property
    def assessment(self) -> Assessment:
        return self._lookup()

    @property
    def navigator(self) -> WizardNavigator:
        assessment = self.assessment
        if self._navigator is None or self._navigator.assessment is not assessment:
            self._navigator = WizardNavigator(self.framework, assessment, self.participant_id)
        return self._navigator

    @property
    def editable(self) -> bool:
        return not self.read_only and not self.assessment.is_final

    @property
    def room_editable(self) -> bool:
        """The room's part (agreed rating, note, evidence, finalizing) can change: not in a
        participant file."""
        return self.editable and self.participant_id is None

    @property
    def item(self) -> Item:
        return self.framework.item(self.current)

    def position(self) -> Position:
        return self.navigator.position(self.current)

    def is_last(self) -> bool:
        return self.navigator.next(self.current) is None

    def is_first(self) -> bool:
        return self.navigator.previous(self.current) is None

    def rows(self) -> list[str]:
        """Focusable rows: one per participant present, then the agreed row when several are
        (in a facilitated room only once the votes are shown: the room settles after the
        reveal)."""
        participants = list(self.assessment.participant_ids)
        if self.participant_id is not None:
            return [self.participant_id] if self.participant_id in participants else []
        if len(participants) < 2 or not self.room().shown and not self.agreed_is_set():
            return participants
        return participants + [AGREED]

    def answers(self) -> tuple[Answer, ...]:
        """The non-stage choices a row offers, each with its key."""
        both = [Answer("not-applicable", NOT_APPLICABLE, NOT_APPLICABLE_KEYS[0].upper())]
        if DONT_KNOW is not NOT_APPLICABLE:
            both.append(Answer("dont-know", DONT_KNOW, DONT_KNOW_KEYS[0]))
        return tuple(both)

    def value(self, row: str, item_id: str | None = None):
        """A row's rating of an item: a level, None, or UNRATED."""
        item_id = item_id or self.current
        if row == AGREED:
            return self.assessment.agreed_level(item_id)
        entry = self.assessment.entries.get(item_id)
        return entry.ratings.get(row, UNRATED) if entry else UNRATED

    def agreed_is_set(self, item_id: str | None = None) -> bool:
        entry = self.assessment.entries.get(item_id or self.current)
        return bool(entry and entry.agreed_set)

    def first_open_row(self) -> str | None:
        """The row to focus on arriving at an item: the first participant without a rating."""
        rows = self.rows()
        for row in rows:
            if row != AGREED and self.value(row) is UNRATED:
                return row
        return rows[0] if rows else None

    # -- moving

    def go_to(self, item_id: str) -> Outcome:
        """Show another item: the note typed so far is kept first, the position is saved."""
        self.framework.item(item_id)  # KeyError for an unknown item, before anything changes
        self.commit_drafts()
        self._letter_pick = None
        self.at_end = False
        self.current = item_id
        self._load_drafts()
        for timer in self.timers.values():  # the room has moved on: only this item's may run
            if timer is not self.timers.get(item_id):
                timer.pause()
        if self.editable:
            self.editor.set_position(self.assessment_id, item_id)
        return Outcome(Step.ITEM, row=self.first_open_row())

    def next(self) -> Outcome:
        """The next item; past the last one, offer to finalize (when the room still can)."""
        following = self.navigator.next(self.current)
        if following is None:
            self.commit_drafts()
            self.at_end = True
            return Outcome(Step.FINALIZE if self.room_editable else Step.STAY)
        return self.go_to(following.id)

    def previous(self) -> Outcome:
        before = self.navigator.previous(self.current)
        return self.go_to(before.id) if before is not None else Outcome(Step.STAY)

    def next_unfinished(self) -> Outcome:
        target = self.navigator.next_unfinished(self.current)
        if target is None:
            return Outcome(Step.ALL_DONE)
        return self.go_to(target.id)

    def go_to_dimension(self, dimension_id: str) -> Outcome:
        return self.go_to(self.navigator.first_of(dimension_id).id)

    # -- rating

    def level_for_key(self, text: str):
        """The value a key gives a row (a level, None, DONT_KNOW), or UNRATED for no rating key.

        Number keys pick the stage with that level (frameworks may start at 0); N picks not
        applicable, and so does 0 when 0 is not a stage; ? picks don't know."""
        if len(text) == 1 and text.isdecimal():  # any script's digits: ٣ is 3
            level = int(text)
            if level in self.framework.levels:
                return level
            if level == 0:
                return NOT_APPLICABLE
            return UNRATED
        if text in NOT_APPLICABLE_KEYS:
            return NOT_APPLICABLE
        if text in DONT_KNOW_KEYS:
            return DONT_KNOW
        return UNRATED

    def key(self, row: str, text: str = "", named: Key | None = None) -> Outcome:
        """A key pressed on a rating row (without Ctrl or Alt): rate, clear, move, or type.

        A rating moves focus to the next row (auto-advance), the last row stays. Text that is no
        rating key is the start of a note: it goes to the note, never into a rating; an N
        followed at once by a lowercase letter was the first letter of a word, so its rating is
        put back and the word goes to the note too."""
        letter_pick, self._letter_pick = self._letter_pick, None
        if named is Key.ENTER:
            return self.next()
        if named in (Key.BACKSPACE, Key.DELETE):
            self._set(row, UNRATED)
            return Outcome(Step.STAY)
        if named in (Key.UP, Key.DOWN):
            return self._move_row(row, -1 if named is Key.UP else 1)
        if named is not None or not text or not text.isprintable():
            return Outcome(Step.IGNORED)
        value = self.level_for_key(text)
        if value is UNRATED and text.isdecimal():
            return Outcome(Step.STAY)  # a number that is no stage of this model
        if value is not UNRATED:
            if not self.editable:
                return Outcome(Step.STAY)
            if row == AGREED and workshop.needs_reason(self.assessment, self.current, value):
                return Outcome(Step.REASON, row=AGREED, value=value)
            before = self.value(row) if row != AGREED or self.agreed_is_set() else UNRATED
            # a letter may start a typed word and be taken back: it never reveals the votes
            changed = self._set(row, value, reveal=not text.isalpha())
            if changed and text.isalpha():
                self._letter_pick = (row, before, text)
            return self._move_row(row, 1)
        if not self.room_editable:  # no note to type into
            return Outcome(Step.IGNORED)
        if letter_pick is not None and text.isalpha() and text.islower():
            picked_row, before, letter = letter_pick
            self._set(picked_row, before, retract=True)
            text = letter + text
        return Outcome(Step.TYPE, text=text)

    def pick(self, row: str, value) -> Outcome:
        """A click on a row's button: picks that value, or clears it when it was already picked."""
        self._letter_pick = None
        if not self.editable:
            return Outcome(Step.STAY)
        current = self.value(row) if row != AGREED or self.agreed_is_set() else UNRATED
        same = current is not UNRATED and current == value and \
            (current is None) == (value is None)
        if row == AGREED and not same and \
                workshop.needs_reason(self.assessment, self.current, value):
            return Outcome(Step.REASON, row=AGREED, value=value)
        self._set(row, UNRATED if same else value)
        return Outcome(Step.ROW, row=row)

    def use_median(self) -> None:
        """The agreed rating goes back to the median of the participants' ratings."""
        self._set(AGREED, UNRATED)

    def settle(self, level, reason: str = "", by: str = "") -> Outcome:
        """Set the agreed rating with why (`reason`) and who set it (`by`: a participant id,
        "" for the facilitator): what the view sends after asking, on Step.REASON."""
        self._letter_pick = None
        if not self.room_editable:
            return Outcome(Step.STAY)
        self.editor.set_agreed(self.assessment_id, self.current, level, reason=reason, by=by)
        return Outcome(Step.ROW, row=AGREED) if AGREED in self.rows() else Outcome(Step.STAY)

    def _set(self, row: str, value, retract: bool = False, reveal: bool = True) -> bool:
        """Send one rating to the editor; True when it changes what is stored. In a facilitated
        room the vote that completes the round reveals it (unless `reveal` is False)."""
        if not self.editable or (self.participant_id is not None
                                 and row != self.participant_id):
            return False
        if row == AGREED:
            stored = self.assessment.entries.get(self.current)
            old = (stored.agreed if stored.agreed_set else UNRATED) if stored else UNRATED
            if _same(old, value):
                return False
            self.editor.set_agreed(self.assessment_id, self.current, value, retract=retract)
        else:
            if _same(self.value(row), value):
                return False
            self.editor.set_rating(self.assessment_id, self.current, row, value, retract=retract)
            room = self.room()
            if reveal and not retract and room.facilitated and not room.shown \
                    and room.everyone_voted:
                self.editor.set_revealed(self.assessment_id, self.current, True)
        return True

    def _move_row(self, row: str, step: int) -> Outcome:
        rows = self.rows()
        index = rows.index(row) + step if row in rows else -1
        if 0 <= index < len(rows):
            return Outcome(Step.ROW, row=rows[index])
        return Outcome(Step.STAY)

    # -- the note and evidence being typed

    def _load_drafts(self) -> None:
        entry = self.assessment.entries.get(self.current)
        self.note_draft = entry.note if entry else ""
        self.evidence_draft = "\n".join(entry.evidence) if entry else ""
        self._dirty_note = self._dirty_evidence = False

    def type_note(self, text: str) -> None:
        """The note field's whole text as typed; kept in the model at the next commit."""
        self.note_draft, self._dirty_note = text, True

    def type_evidence(self, text: str) -> None:
        self.evidence_draft, self._dirty_evidence = text, True

    @property
    def has_uncommitted_text(self) -> bool:
        return self._dirty_note or self._dirty_evidence

    def commit_drafts(self) -> None:
        """Send what was typed to the editor; called on leaving the item, closing and flushing."""
        note_dirty, evidence_dirty = self._dirty_note, self._dirty_evidence
        self._dirty_note = self._dirty_evidence = False
        if not (note_dirty or evidence_dirty):
            return
        try:
            if not self.room_editable:
                return
        except LookupError:  # the assessment is gone (a restore, an undone creation)
            return
        entry = self.assessment.entries.get(self.current)
        if note_dirty and self.note_draft != (entry.note if entry else ""):
            self.editor.set_note(self.assessment_id, self.current, self.note_draft)
        evidence = evidence_lines(self.evidence_draft)
        if evidence_dirty and evidence != (list(entry.evidence) if entry else []):
            self.editor.set_evidence(self.assessment_id, self.current, evidence)

    def refresh_drafts(self) -> bool:
        """After a change from elsewhere (undo, import): fields nobody is typing in follow the
        stored text. True when a draft changed."""
        entry = self.assessment.entries.get(self.current)
        changed = False
        if not self._dirty_note:
            note = entry.note if entry else ""
            changed |= note != self.note_draft
            self.note_draft = note
        if not self._dirty_evidence:
            stored = list(entry.evidence) if entry else []
            if evidence_lines(self.evidence_draft) != stored:
                self.evidence_draft = "\n".join(stored)
                changed = True
        return changed

    # -- the room (core.workshop)

    def room(self, item_id: str | None = None) -> workshop.RoomState:
        """What the room may see of an item now: who voted, and the votes once shown."""
        return workshop.room_state(self.assessment, item_id or self.current)

    def can_reveal(self) -> bool:
        room = self.room()
        return self.editable and room.facilitated and not room.shown and bool(room.voted)

    def reveal(self) -> Outcome:
        """Show this round's votes to the room (the reveal key)."""
        if not self.can_reveal():
            return Outcome(Step.STAY)
        self.editor.set_revealed(self.assessment_id, self.current, True)
        return Outcome(Step.REFRESH, row=AGREED if AGREED in self.rows() else None)

    def can_take_new_round(self) -> bool:
        room = self.room()
        return self.editable and room.shown and bool(room.distribution.votes)

    def new_round(self) -> Outcome:
        """Another round of votes on this item, after the room heard each other: the votes so
        far are kept as an earlier round and the room votes again (hidden again)."""
        if not self.can_take_new_round():
            return Outcome(Step.STAY)
        self.editor.new_round(self.assessment_id, self.current)
        return Outcome(Step.REFRESH, row=self.first_open_row())

    def split_queue(self) -> list[workshop.SplitItem]:
        """The room's agenda: split items, widest spread first (core.workshop.split_queue)."""
        return workshop.split_queue(self.assessment, [i.id for i in self.framework.items])

    def next_split(self) -> Outcome:
        """The first open split item of the agenda other than this one (wrapping round)."""
        queue = [s.item_id for s in self.split_queue() if not s.settled]
        others = [i for i in queue if i != self.current]
        if not others:
            return Outcome(Step.STAY)
        after = queue[queue.index(self.current) + 1:] if self.current in queue else []
        return self.go_to((after or others)[0])

    # -- the timer: one per item, kept here (never saved)

    def timer(self, item_id: str | None = None) -> workshop.Countdown | None:
        return self.timers.get(item_id or self.current)

    def toggle_timer(self) -> workshop.Countdown:
        """Start this item's timer (a new one runs for `timer_seconds`), pause or resume it;
        a timer running on another item pauses: the room has moved on."""
        timer = self.timers.get(self.current)
        if timer is None:
            clock = (self._clock,) if self._clock is not None else ()
            timer = self.timers[self.current] = workshop.Countdown(self.timer_seconds, *clock)
        if timer.running:
            timer.pause()
        else:
            for other in self.timers.values():
                other.pause()
            timer.start()
        return timer

    def reset_timer(self, seconds: float | None = None) -> None:
        """Back to the full time (a new length when given, also for timers started later)."""
        if seconds is not None:
            self.timer_seconds = seconds
        timer = self.timers.get(self.current)
        if timer is not None:
            timer.reset(self.timer_seconds)

    # -- last time (a reassessment shows the answer it is based on)

    def previous_assessment(self) -> Assessment | None:
        based_on = self.assessment.based_on
        return self._find(based_on) if based_on else None

    def last_time(self, item_id: str | None = None) -> workshop.LastTime | None:
        return workshop.last_time(self.previous_assessment(), item_id or self.current,
                                  self.mapper)

    def can_confirm_last(self) -> bool:
        """Last time's rating can be confirmed: there is one, this one is not set to it yet,
        and no hidden votes would be overruled unseen."""
        last = self.last_time()
        if not self.editable or last is None or not last.can_confirm:
            return False
        room = self.room()
        if room.voted and not room.shown:
            return False
        return not (self.agreed_is_set() and _same(self.value(AGREED), last.level))

    def confirm_last(self) -> Outcome:
        """The room keeps last time's rating: it becomes this item's agreed rating (asking why
        when it leaves the median of votes cast this time)."""
        if not self.can_confirm_last():
            return Outcome(Step.STAY)
        level = self.last_time().level
        if workshop.needs_reason(self.assessment, self.current, level):
            return Outcome(Step.REASON, row=AGREED, value=level)
        return self.settle(level)

    # -- the end

    def missing(self) -> list[Item]:
        return self.navigator.missing()

    def unsettled(self) -> list[workshop.Unsettled]:
        """At finalize, in a facilitated room: split items whose agreed rating was never set."""
        if not self.assessment.facilitated:
            return []
        return workshop.unsettled_splits(self.assessment, [i.id for i in self.framework.items])

    def accept_median(self, item_id: str) -> None:
        """Settle an unsettled split at the median of its votes (the finalize check's choice)."""
        for unsettled in self.unsettled():
            if unsettled.item_id == item_id and self.editable:
                self.editor.set_agreed(self.assessment_id, item_id, unsettled.median,
                                       reason="", by="")

    def finalize(self) -> None:
        """Finalize the assessment (the view asked the room first); the text typed is kept."""
        self.commit_drafts()
        if self.room_editable:
            self.editor.finalize(self.assessment_id)


def _same(a, b) -> bool:
    if a is UNRATED or b is UNRATED:
        return a is b
    if a is None or b is None:
        return a is b
    return a == b
