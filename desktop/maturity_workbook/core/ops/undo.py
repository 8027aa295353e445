"""Undo and redo as plain Python: a step is an operation and its inverse.

`UndoHistory(apply)` is given the function that applies an operation for real (the store's
`apply`, which saves it); the window's Undo/Redo commands only call `undo()` and `redo()` and
show `undo_label`. Consecutive edits with the same `merge_key` (typing one note) become one step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Hashable

from maturity_workbook.core.ops.base import Applied, Label

DEFAULT_LIMIT = 1000


@dataclass
class _Step:
    label: Label
    undo: Any  # the operation that undoes the step
    redo: Any  # the operation that does it again
    merge_key: Hashable | None = None


class UndoHistory:
    def __init__(self, apply: Callable[[Any], Applied | None], limit: int = DEFAULT_LIMIT):
        self._apply = apply
        self._limit = limit
        self._done: list[_Step] = []
        self._undone: list[_Step] = []
        self._listeners: list[Callable[[], None]] = []

    # -- doing

    def do(self, operation: Any, merge_key: Hashable | None = None) -> Applied | None:
        """Apply `operation` and remember how to undo it. Returns what changed (None: nothing,
        and nothing is recorded). Errors from the operation propagate; nothing is recorded."""
        applied = self._apply(operation)
        if applied is None:
            return None
        top = self._done[-1] if self._done else None
        if merge_key is not None and top is not None and top.merge_key == merge_key \
                and not self._undone:
            top.redo = operation  # one step: undo goes back to before the first keystroke
        else:
            self._done.append(_Step(applied.label, applied.inverse, operation, merge_key))
            del self._done[:-self._limit]
        self._undone.clear()
        self._notify()
        return applied

    def undo(self) -> Applied | None:
        if not self._done:
            return None
        step = self._done.pop()
        try:
            applied = self._apply(step.undo)
        except BaseException:
            self._done.append(step)
            raise
        if applied is not None:
            step.redo = applied.inverse
        step.merge_key = None  # typing after an undo starts a new step
        self._undone.append(step)
        self._notify()
        return applied

    def redo(self) -> Applied | None:
        if not self._undone:
            return None
        step = self._undone.pop()
        try:
            applied = self._apply(step.redo)
        except BaseException:
            self._undone.append(step)
            raise
        if applied is not None:
            step.undo = applied.inverse
        self._done.append(step)
        self._notify()
        return applied

    def take_back(self) -> Applied | None:
        """Undo the last step and forget it: nothing to redo (the wizard takes back a rating
        whose key turned out to be the first letter of a typed word)."""
        if not self._done:
            return None
        applied = self.undo()
        self._undone.pop()
        self._notify()
        return applied

    def clear(self) -> None:
        """Forget every step (e.g. after finalizing: edits cannot be undone into a final
        record)."""
        self._done.clear()
        self._undone.clear()
        self._notify()

    def seal(self) -> None:
        """End merging: the next edit is a step of its own even with the same merge key."""
        if self._done:
            self._done[-1].merge_key = None

    # -- reading

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def undo_label(self) -> Label | None:
        return self._done[-1].label if self._done else None

    @property
    def redo_label(self) -> Label | None:
        return self._undone[-1].label if self._undone else None

    def subscribe(self, callback: Callable[[], None]) -> None:
        """Call `callback()` whenever what can be undone or redone changes."""
        self._listeners.append(callback)

    def _notify(self) -> None:
        for callback in list(self._listeners):
            callback()
