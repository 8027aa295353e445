"""The open workbook as the widgets see it: the store's changes as Qt signals, plus undo/redo.

Widgets never own domain state: they read `session.workbook` and call the edit methods here, which
go through `store` (saved off the GUI thread) and are recorded on a QUndoStack with the value they
replace, so Undo puts back exactly what was there.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from maturity_workbook.core.framework import Framework
from maturity_workbook.core.workbook import UNRATED, Assessment, Workbook

log = logging.getLogger(__name__)

_NOTE_MERGE_ID = 1001


class _Edit(QUndoCommand):
    """One reversible edit: `apply(value)` with the new value on redo and the old one on undo."""

    def __init__(self, text: str, apply: Callable[[Any], None], old: Any, new: Any,
                 merge_key: tuple | None = None):
        super().__init__(text)
        self._apply, self.old, self.new, self.merge_key = apply, old, new, merge_key

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)

    def id(self) -> int:
        return _NOTE_MERGE_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Typing a note is one undo step per field, not one per pause."""
        if isinstance(other, _Edit) and other.merge_key == self.merge_key:
            self.new = other.new
            return True
        return False


class WorkbookSession(QObject):
    changed = Signal(object)  # a store Change, always delivered on the GUI thread
    saveStateChanged = Signal(str, str)  # state ("saved", "failed"), message

    _fromWriter = Signal(object)  # store notifications from its writer thread, queued to the GUI

    def __init__(self, store, catalog, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.catalog = catalog
        self.undo_stack = QUndoStack(self)
        self._fromWriter.connect(self._relay)
        self._unsubscribe = store.subscribe(self._on_store_change)

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

    def framework_for(self, assessment: Assessment) -> Framework | None:
        return self.catalog.get(assessment.framework_id, assessment.framework_version)

    def assessment(self, assessment_id: str) -> Assessment:
        return self.workbook.assessments[assessment_id]

    # -- store notifications

    def _on_store_change(self, change) -> None:
        if change.kind in ("saved", "save-failed"):
            self._fromWriter.emit(change)  # may come from the writer thread
        else:
            self.changed.emit(change)

    def _relay(self, change) -> None:
        if change.kind == "saved":
            self.saveStateChanged.emit("saved", "All changes saved")
        else:
            log.error("save failed: %s", change.detail)
            self.saveStateChanged.emit(
                "failed", f"Could not save: {change.detail}. Your changes are kept in the window; "
                          "free some space or check the folder, and the next change retries.")

    def close(self, discard: bool = False) -> None:
        """Release the file; `discard` drops edits that could not be saved (the user said so)."""
        self._unsubscribe()
        self.store.close(discard=discard)

    # -- edits with undo

    def _push(self, text: str, apply: Callable[[Any], None], old: Any, new: Any,
              merge_key: tuple | None = None) -> None:
        if old == new and type(old) is type(new):
            return
        self.undo_stack.push(_Edit(text, apply, old, new, merge_key))

    def set_rating(self, assessment_id: str, item_id: str, participant_id: str, level) -> None:
        entry = self.assessment(assessment_id).entries.get(item_id)
        old = entry.ratings.get(participant_id, UNRATED) if entry else UNRATED
        name = self.workbook.participants.get(participant_id)
        self._push(f"Rating by {name.name if name else 'participant'}",
                   lambda v: self.store.set_rating(assessment_id, item_id, participant_id, v),
                   old, level)

    def set_agreed(self, assessment_id: str, item_id: str, level) -> None:
        entry = self.assessment(assessment_id).entries.get(item_id)
        old = (entry.agreed if entry.agreed_set else UNRATED) if entry else UNRATED
        self._push("Agreed rating",
                   lambda v: self.store.set_agreed(assessment_id, item_id, v), old, level)

    def set_note(self, assessment_id: str, item_id: str, text: str) -> None:
        entry = self.assessment(assessment_id).entries.get(item_id)
        old = entry.note if entry else ""
        self._push("Note", lambda v: self.store.set_note(assessment_id, item_id, v), old, text,
                   merge_key=("note", assessment_id, item_id))

    def set_evidence(self, assessment_id: str, item_id: str, evidence: list[str]) -> None:
        entry = self.assessment(assessment_id).entries.get(item_id)
        old = list(entry.evidence) if entry else []
        self._push("Evidence", lambda v: self.store.set_evidence(assessment_id, item_id, list(v)),
                   old, list(evidence), merge_key=("evidence", assessment_id, item_id))

    def set_target(self, assessment_id: str, dimension_id: str, level) -> None:
        old = self.assessment(assessment_id).targets.get(dimension_id)
        self._push("Target", lambda v: self.store.set_target(assessment_id, dimension_id, v),
                   old, level)

    # -- edits that are explicit actions, not undone by Ctrl+Z

    def set_position(self, assessment_id: str, item_id: str) -> None:
        if not self.read_only and self.assessment(assessment_id).position != item_id:
            self.store.set_position(assessment_id, item_id)

    def finalize(self, assessment_id: str) -> None:
        self.store.finalize(assessment_id)
        self.undo_stack.clear()  # edits before finalizing cannot be undone into a final record

    def reopen(self, assessment_id: str) -> None:
        self.store.reopen(assessment_id)
