"""Several operations as one edit: all of them or none, one undo step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from maturity_workbook.core.ops.base import Applied, Change, Label, What
from maturity_workbook.core.workbook import Workbook


@dataclass(frozen=True)
class Batch:
    operations: tuple[Any, ...]
    label: Label = Label.SEVERAL

    def apply(self, wb: Workbook) -> Applied | None:
        done: list[Applied] = []
        try:
            for operation in self.operations:
                applied = operation.apply(wb)
                if applied is not None:
                    done.append(applied)
        except BaseException:
            for applied in reversed(done):  # leave the workbook as it was
                applied.inverse.apply(wb)
            raise
        if not done:
            return None
        change = done[0].change if len(done) == 1 else Change(What.MANY)
        touched = tuple(t for applied in done for t in applied.touched)
        inverse = Batch(tuple(applied.inverse for applied in reversed(done)), self.label)
        return Applied(change, touched, inverse, self.label)
