"""The history of targets: a target changed after its assessment was finalized is recorded with
the day, so a report can say what the team aimed for then and what it aims for now."""

from __future__ import annotations

from dataclasses import dataclass

from maturity_workbook.core.kinds import FieldSpec, FieldType, RecordKind, register
from maturity_workbook.core.workbook import Workbook

TABLE = "target_changes"


@dataclass
class TargetChange:
    id: str
    assessment_id: str
    dimension_id: str
    day: str  # ISO date of the change
    at: str  # when exactly (ISO time, microseconds): orders changes made on the same day
    before: int | None  # the target until then (None: none)
    after: int | None  # the target from then on (None: removed)


KIND = register(RecordKind(TABLE, TargetChange, (
    FieldSpec("assessment_id", FieldType.REF, ref="assessments"),
    FieldSpec("dimension_id", FieldType.REF, ref="dimension"),
    FieldSpec("day", FieldType.DATE),
    FieldSpec("at", FieldType.TEXT),
    FieldSpec("before", FieldType.INT, optional=True, low=-1000, high=1000),
    FieldSpec("after", FieldType.INT, optional=True, low=-1000, high=1000),
)))


def target_history(wb: Workbook, assessment_id: str, dimension_id: str) -> list[TargetChange]:
    """The changes of one target after finalizing, oldest first."""
    changes = [c for c in wb.collection(TABLE).values()
               if c.assessment_id == assessment_id and c.dimension_id == dimension_id]
    return sorted(changes, key=lambda c: (c.day, c.at, c.id))
