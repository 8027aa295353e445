"""File > Workbook Properties: the workbook's name, who prepares its snapshots, the
confidentiality line and how often to reassess.

The snapshot prints "prepared for / by" and the confidentiality line on page 1, and names who
prepared it as the PDF's author (never the app). The dialog holds no state of its own: OK sends
one `SetWorkbookField` operation per changed field through `session.do` (several as one
`Batch`), so one Undo puts them all back. The modal step goes through `exec_dialog`, so tests
replace it and never face a modal window.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget,
)

from maturity_workbook.core import ops
from maturity_workbook.core.errors import OperationError
from maturity_workbook.core.history import MAX_REASSESS_MONTHS, MIN_REASSESS_MONTHS
from maturity_workbook.store import WorkbookError
from maturity_workbook.ui import dialogs

log = logging.getLogger(__name__)

MAX_LINE = 200  # characters in the name, prepared-by and confidentiality lines


@dataclass(frozen=True)
class WorkbookProperties:
    name: str
    prepared_by: str
    confidentiality: str
    reassess_months: int

    @classmethod
    def of(cls, workbook) -> "WorkbookProperties":
        return cls(workbook.name, workbook.prepared_by, workbook.confidentiality,
                   workbook.reassess_months)


class WorkbookPropertiesDialog(QDialog):
    """The four properties as a form; `properties()` reads what the user typed."""

    def __init__(self, parent: QWidget | None, current: WorkbookProperties,
                 read_only: bool = False):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Workbook properties"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("These belong to the workbook file and print on the first page of "
                               "every PDF snapshot made from it."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = self._line(current.name, self.tr("The program or client this workbook "
                                                     "assesses"))
        self.prepared_by = self._line(current.prepared_by, self.tr("You, or your organisation"))
        self.prepared_by.setToolTip(self.tr("Printed on page 1 as “prepared by”, and as the "
                                            "PDF's author"))
        self.confidentiality = self._line(current.confidentiality, self.tr(
            "For example: Confidential, for the leadership team only"))
        self.months = QSpinBox()
        low = min(MIN_REASSESS_MONTHS, current.reassess_months)  # never change it unasked
        high = max(MAX_REASSESS_MONTHS, current.reassess_months)
        self.months.setRange(low, high)
        self.months.setValue(current.reassess_months)
        self.months.setSuffix(self.tr(" months"))
        self.months.setAccessibleName(self.tr("Reassess every, in months"))
        self.months.setToolTip(self.tr("The model advises reassessing every %1 to %2 months; the "
                                       "Overview says when the next one is due.")
                               .replace("%1", str(MIN_REASSESS_MONTHS))
                               .replace("%2", str(MAX_REASSESS_MONTHS)))
        for text, field in ((self.tr("Workbook &name:"), self.name),
                            (self.tr("Prepared &by:"), self.prepared_by),
                            (self.tr("Confidentiality &line:"), self.confidentiality),
                            (self.tr("&Reassess every:"), self.months)):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        layout.addLayout(form)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(buttons)
        self.read_only = read_only
        if read_only:
            for field in (self.name, self.prepared_by, self.confidentiality):
                field.setReadOnly(True)
            self.months.setReadOnly(True)
            self._say(self.tr("This workbook is open read-only, so its properties cannot be "
                              "changed here."))
        self.name.textChanged.connect(self._check)
        self._check()

    def _line(self, text: str, hint: str) -> QLineEdit:
        field = QLineEdit(text)
        field.setMaxLength(MAX_LINE)
        field.setPlaceholderText(hint)
        field.setToolTip(hint)
        field.setClearButtonEnabled(True)
        return field

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _check(self) -> None:
        if self.read_only:
            self.ok.setEnabled(False)
            return
        named = bool(self.name.text().strip())
        self.ok.setEnabled(named)
        self._say("" if named else self.tr("The workbook needs a name."))

    def properties(self) -> WorkbookProperties:
        return WorkbookProperties(self.name.text().strip(), self.prepared_by.text().strip(),
                                  self.confidentiality.text().strip(), self.months.value())


def exec_dialog(dialog: QDialog) -> int:
    """Run the dialog modally; tests replace this."""
    return dialog.exec()


def changes(before: WorkbookProperties, after: WorkbookProperties) -> list:
    """One SetWorkbookField per property that differs, in the form's order."""
    return [ops.SetWorkbookField(field, getattr(after, field))
            for field in ("name", "prepared_by", "confidentiality", "reassess_months")
            if getattr(after, field) != getattr(before, field)]


def apply_properties(parent: QWidget | None, session, before: WorkbookProperties,
                     after: WorkbookProperties) -> bool:
    """Send the changed properties as one undoable step. False when nothing changed or the
    store refused (the user is told why; nothing is changed then)."""
    operations = changes(before, after)
    if not operations:
        return False
    operation = (operations[0] if len(operations) == 1
                 else ops.Batch(tuple(operations), ops.Label.WORKBOOK_SETTINGS))
    try:
        session.do(operation)
    except (OperationError, WorkbookError, OSError) as exc:
        log.warning("workbook properties not changed: %s", exc)
        dialogs.warn(parent, QCoreApplication.translate("WorkbookPropertiesDialog",
                                                        "Properties not changed"), str(exc))
        return False
    return True


def edit_workbook_properties(parent: QWidget | None, session) -> bool:
    """Show the dialog for the session's workbook; True when a property changed."""
    before = WorkbookProperties.of(session.workbook)
    dialog = WorkbookPropertiesDialog(parent, before, read_only=session.read_only)
    try:
        if exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return False
        return apply_properties(parent, session, before, dialog.properties())
    finally:
        dialog.deleteLater()
