"""Every change to a workbook, as plain-Python operations (see base.py for the contract).

    applied = SetRating(aid, item_id, pid, 3).apply(workbook)   # None when nothing changed
    applied.change, applied.touched, applied.inverse

The store applies them under its lock and saves (store.apply); undo applies the inverse.
"""

from maturity_workbook.core.ops.assessment_ops import (
    ASSESSMENT_FIELDS, CreateAssessment, DeleteAssessment, RestoreAssessment, SetPosition,
    SetStatus, UpdateAssessment,
)
from maturity_workbook.core.ops.base import Applied, Change, Label, Operation, Touch, What
from maturity_workbook.core.ops.batch import Batch
from maturity_workbook.core.ops.entry_ops import (
    SetAgreed, SetEvidence, SetNote, SetRating, SetTarget,
)
from maturity_workbook.core.ops.record_ops import AddRecord, RemoveRecord, UpdateRecord
from maturity_workbook.core.ops.undo import UndoHistory
from maturity_workbook.core.ops.workshop_ops import (
    NewRound, RestoreEntry, SetFacilitated, SetRevealed,
)
from maturity_workbook.core.ops.workbook_ops import (
    WORKBOOK_FIELDS, AddParticipant, RemoveParticipant, SetWorkbookField, UpdateParticipant,
)

__all__ = [
    "ASSESSMENT_FIELDS", "WORKBOOK_FIELDS", "AddParticipant", "AddRecord", "Applied", "Batch",
    "Change", "CreateAssessment", "DeleteAssessment", "Label", "Operation", "RemoveParticipant",
    "RemoveRecord", "RestoreAssessment", "SetAgreed", "SetEvidence", "SetNote", "SetPosition",
    "SetRating", "SetStatus", "SetTarget", "SetWorkbookField", "Touch", "UndoHistory",
    "UpdateAssessment", "UpdateParticipant", "UpdateRecord", "What", "NewRound", "RestoreEntry",
    "SetFacilitated", "SetRevealed",
]
