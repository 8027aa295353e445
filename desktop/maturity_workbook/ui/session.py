"""The open workbook as the widgets see it: the store's changes as Qt signals, plus undo/redo.

Widgets never own domain state: they read `session.workbook` and send operations through the
edit methods here, which apply them through the store (saved off the GUI thread) and record them
in core's UndoHistory, so Undo applies the operation's inverse and puts back exactly what was
there. Text a widget holds back while the user types (the wizard's note) is registered as a
draft source and committed before every flush and close.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal

from maturity_workbook.core import ops
from maturity_workbook.core.framework import Framework
from maturity_workbook.core.ops import Change, Label, UndoHistory
from maturity_workbook.core.workbook import Assessment, Workbook
from maturity_workbook.store import Reloaded, Saved, SaveError
from maturity_workbook.store.import_steps import ImportFiles, StoreStep, operation_for, run_step

log = logging.getLogger(__name__)


LABEL_TEXT = {  # what an undo step is called in the Edit menu (lupdate reads these markers)
    Label.RENAME: QT_TRANSLATE_NOOP("Session", "Rename"),
    Label.WORKBOOK_SETTINGS: QT_TRANSLATE_NOOP("Session", "Workbook Settings"),
    Label.PARTICIPANT: QT_TRANSLATE_NOOP("Session", "Participant"),
    Label.NEW_ASSESSMENT: QT_TRANSLATE_NOOP("Session", "New Assessment"),
    Label.ASSESSMENT_DETAILS: QT_TRANSLATE_NOOP("Session", "Assessment Details"),
    Label.DELETE_ASSESSMENT: QT_TRANSLATE_NOOP("Session", "Delete Assessment"),
    Label.FINALIZE: QT_TRANSLATE_NOOP("Session", "Finalize"),
    Label.REOPEN: QT_TRANSLATE_NOOP("Session", "Reopen"),
    Label.POSITION: QT_TRANSLATE_NOOP("Session", "Move"),
    Label.RATING: QT_TRANSLATE_NOOP("Session", "Rating"),
    Label.AGREED: QT_TRANSLATE_NOOP("Session", "Agreed Rating"),
    Label.NOTE: QT_TRANSLATE_NOOP("Session", "Note"),
    Label.EVIDENCE: QT_TRANSLATE_NOOP("Session", "Evidence"),
    Label.TARGET: QT_TRANSLATE_NOOP("Session", "Target"),
    Label.FACILITATION: QT_TRANSLATE_NOOP("Session", "Hidden Votes"),
    Label.REVEAL: QT_TRANSLATE_NOOP("Session", "Reveal"),
    Label.NEW_ROUND: QT_TRANSLATE_NOOP("Session", "New Round"),
    Label.RECORD_ADDED: QT_TRANSLATE_NOOP("Session", "Add"),
    Label.RECORD_CHANGED: QT_TRANSLATE_NOOP("Session", "Edit"),
    Label.RECORD_REMOVED: QT_TRANSLATE_NOOP("Session", "Remove"),
    Label.SEVERAL: QT_TRANSLATE_NOOP("Session", "Several Changes"),
    Label.IMPORT: QT_TRANSLATE_NOOP("Session", "Import"),
}


def label_text(label: Label | None) -> str:
    """What an undo step is called in the Edit menu, in the user's language."""
    text = LABEL_TEXT.get(label) if label is not None else None
    return QCoreApplication.translate("Session", text) if text else ""


class WorkbookSession(QObject):
    changed = Signal(object)  # a core Change, always delivered on the GUI thread
    saveStateChanged = Signal(str, str)  # state ("saved", "failed"), message
    historyChanged = Signal()  # what Undo and Redo would do changed

    _fromWriter = Signal(object)  # store events from its writer thread, queued to the GUI

    def __init__(self, store, catalog, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.catalog = catalog
        self.history = UndoHistory(self._apply)
        self._running_step = False  # a store step of ours replaces the document: keep history
        self.history.subscribe(self.historyChanged.emit)
        self._drafts: list[Callable[[], None]] = []
        self._fromWriter.connect(self._relay)
        self._unsubscribe = store.subscribe(self._on_store_event)

    # -- reading

    @property
    def workbook(self) -> Workbook:
        return self.store.workbook

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    @property
    def path(self):
        return self.store.path

    @property
    def participant_id(self) -> str | None:
        """The participant whose file this is (a participant file), else None."""
        scope = self.workbook.scope
        return scope.participant_id if scope is not None else None

    @property
    def can_edit_workbook(self) -> bool:
        """Edits beyond one's own ratings: not in a read-only workbook or a participant file."""
        return not self.read_only and self.participant_id is None

    def framework_for(self, assessment: Assessment) -> Framework | None:
        return self.catalog.get(assessment.framework_id, assessment.framework_version)

    def assessment(self, assessment_id: str) -> Assessment:
        return self.workbook.assessments[assessment_id]

    # -- store notifications

    def _on_store_event(self, event) -> None:
        if isinstance(event, Change):
            self.changed.emit(event)
        elif isinstance(event, Reloaded):
            if not self._running_step:  # a restore: the steps recorded no longer apply
                self.history.clear()
        else:
            self._fromWriter.emit(event)  # may come from the writer thread

    def _relay(self, event) -> None:
        if isinstance(event, Saved):
            self.saveStateChanged.emit("saved", self.tr("All changes saved"))
        elif isinstance(event, SaveError):
            log.error("save failed: %s", event)
            from maturity_workbook.ui.texts import unsaved_changes_text

            self.saveStateChanged.emit("failed", unsaved_changes_text(event))

    # -- text being typed: part of the workbook before any flush or close

    def add_draft_source(self, commit: Callable[[], None]) -> Callable[[], None]:
        """`commit()` sends text a widget holds back while the user types to the store; it is
        called before every flush and close. Returns a function that removes it again."""
        self._drafts.append(commit)

        def remove() -> None:
            if commit in self._drafts:
                self._drafts.remove(commit)

        return remove

    def commit_drafts(self) -> None:
        if not self.read_only:
            for commit in list(self._drafts):
                commit()

    def flush(self, timeout: float | None = None) -> bool:
        """Commit the text being typed, then wait until everything is on disk (True) or the
        timeout ran out (False). Raises the store's SaveError when saving fails."""
        self.commit_drafts()
        return self.store.flush(timeout=timeout)

    def close(self, discard: bool = False) -> None:
        """Release the file; `discard` drops edits that could not be saved (the user said so).
        When the last save fails this raises the store's SaveError and the session stays open."""
        self.commit_drafts()
        self.store.close(discard=discard)
        self._unsubscribe()
        self._drafts.clear()

    # -- edits with undo

    def _apply(self, operation: Any):
        """The history's apply: core operations through the store, store steps (an import and
        its undo) run with the store; the whole-workbook reload they cause keeps the history,
        since every step recorded before still applies to the state it puts back."""
        if not isinstance(operation, StoreStep):
            return self.store.apply(operation)
        self._running_step = True
        try:
            return run_step(self.store, operation)
        finally:
            self._running_step = False

    def import_files(self, paths) -> Any:
        """Merge files into this workbook as one undoable step. Returns the store's
        ImportReport, or None when the files held nothing new. Store errors (a bad file: nothing
        changed) propagate."""
        self.commit_drafts()  # the note being typed is part of the state an undo puts back
        applied = self.do(ImportFiles(tuple(paths), self.catalog))
        return applied.report if applied is not None else None

    def use_conflict_value(self, conflict, side: str) -> bool:
        """Make one side of a merge conflict ("kept" or "other") the value in use, as an
        ordinary undoable edit; False when no edit can (the conflict is only shown)."""
        operation = operation_for(conflict, side)
        if operation is None:
            return False
        self.do(operation)
        return True

    def do(self, operation: Any, merge_key: tuple | None = None):
        """Apply an operation as one undoable step (consecutive ones with the same `merge_key`,
        like the keystrokes of one note, make one step)."""
        return self.history.do(operation, merge_key)

    def undo(self) -> None:
        self.history.undo()

    def redo(self) -> None:
        self.history.redo()

    def undo_text(self) -> str:
        return label_text(self.history.undo_label)

    def redo_text(self) -> str:
        return label_text(self.history.redo_label)

    def set_rating(self, assessment_id: str, item_id: str, participant_id: str, level,
                   retract: bool = False) -> None:
        """A participant's rating; `retract` takes back the rating just made (a letter key that
        turned out to start a typed word): no undo step is left of either."""
        operation = ops.SetRating(assessment_id, item_id, participant_id, level)
        self._take_back(operation) if retract else self.do(operation)

    def set_agreed(self, assessment_id: str, item_id: str, level, retract: bool = False,
                   reason: str | None = None, by: str | None = None) -> None:
        """The room's agreed rating; `reason` and `by` (a participant id, "" the facilitator)
        say why and who when it leaves the median (None keeps what is recorded)."""
        operation = ops.SetAgreed(assessment_id, item_id, level, reason, by)
        self._take_back(operation) if retract else self.do(operation)

    def set_revealed(self, assessment_id: str, item_id: str, revealed: bool) -> None:
        self.do(ops.SetRevealed(assessment_id, item_id, revealed))

    def new_round(self, assessment_id: str, item_id: str) -> None:
        self.do(ops.NewRound(assessment_id, item_id))

    def set_facilitated(self, assessment_id: str, facilitated: bool) -> None:
        self.do(ops.SetFacilitated(assessment_id, facilitated))

    def _take_back(self, operation) -> None:
        if self.history.undo_label in (Label.RATING, Label.AGREED):
            self.history.take_back()  # the step's inverse puts back what was there
        self.store.apply(operation)  # nothing left to do when that already did it

    def set_note(self, assessment_id: str, item_id: str, text: str) -> None:
        self.do(ops.SetNote(assessment_id, item_id, text), ("note", assessment_id, item_id))

    def set_evidence(self, assessment_id: str, item_id: str, evidence: list[str]) -> None:
        self.do(ops.SetEvidence(assessment_id, item_id, tuple(evidence)),
                ("evidence", assessment_id, item_id))

    def set_target(self, assessment_id: str, dimension_id: str, level: int | None) -> None:
        """A function's target: a level, or None for no target."""
        self.do(ops.SetTarget(assessment_id, dimension_id, level))

    # -- edits that are explicit actions, not undone by Ctrl+Z

    def set_position(self, assessment_id: str, item_id: str) -> None:
        if not self.read_only and self.assessment(assessment_id).position != item_id:
            self.store.set_position(assessment_id, item_id)

    def finalize(self, assessment_id: str) -> None:
        self.commit_drafts()
        self.store.finalize(assessment_id)
        self.history.clear()  # edits before finalizing cannot be undone into a final record

    def reopen(self, assessment_id: str) -> None:
        self.store.reopen(assessment_id)
