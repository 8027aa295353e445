"""What a participant file may change: its participant's own ratings in its assessment, and
where they are in it. Everything else belongs to the facilitator's workbook."""

from __future__ import annotations

from typing import Any

from maturity_workbook.core.errors import Problem, Refused
from maturity_workbook.core.ops.assessment_ops import SetPosition
from maturity_workbook.core.ops.batch import Batch
from maturity_workbook.core.ops.entry_ops import SetRating
from maturity_workbook.core.workbook import Workbook


def allowed(wb: Workbook, operation: Any) -> bool:
    scope = wb.scope
    if scope is None or scope.participant_id is None:
        return True
    if isinstance(operation, Batch):
        return all(allowed(wb, op) for op in operation.operations)
    if isinstance(operation, SetRating):
        return (operation.assessment_id == scope.assessment_id
                and operation.participant_id == scope.participant_id)
    if isinstance(operation, SetPosition):
        return operation.assessment_id == scope.assessment_id
    return False


def check_scope(wb: Workbook, operation: Any) -> None:
    """Refuse an edit a participant file may not make (nothing is changed)."""
    if not allowed(wb, operation):
        person = wb.participants.get(wb.scope.participant_id)
        raise Refused(Problem.PARTICIPANT_FILE,
                      name=person.name if person else wb.scope.participant_id)
