"""The room's questions: why the agreed rating leaves the median (and who set it), and at
finalize, what becomes of the split items the room never settled."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
    QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from maturity_workbook.ui.i18n import format_number
from maturity_workbook.ui.room_panel import level_text


class ReasonDialog(QDialog):
    """Setting the agreed rating away from the median: why, and who set it."""

    def __init__(self, parent: QWidget | None, framework, workbook, state, level):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Why this rating?"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "The room settles on {level}, away from the median of the votes ({median}). Note "
            "why, so the next reassessment knows.").format(
                level=level_text(framework, level), median=level_text(framework, state.median)))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.PlainText)
        layout.addWidget(intro)
        form = QFormLayout()
        self.reason = QPlainTextEdit(state.agreed_reason)
        self.reason.setTabChangesFocus(True)
        self.reason.setAccessibleName(self.tr("Reason"))
        self.reason.setMaximumHeight(110)
        reason_label = QLabel(self.tr("&Why:"))
        reason_label.setBuddy(self.reason)
        form.addRow(reason_label, self.reason)
        self.by = QComboBox()
        self.by.addItem(self.tr("The facilitator"), "")
        for pid in state.present:
            person = workbook.participants.get(pid)
            if person is not None:
                self.by.addItem(person.name, pid)
        if state.agreed_by:
            self.by.setCurrentIndex(max(self.by.findData(state.agreed_by), 0))
        by_label = QLabel(self.tr("Set &by:"))
        by_label.setBuddy(self.by)
        form.addRow(by_label, self.by)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.ok = buttons.button(QDialogButtonBox.Ok)
        self.ok.setText(self.tr("Set the agreed rating"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reason.textChanged.connect(self._update)
        self._update()
        self.reason.setFocus()

    def _update(self) -> None:
        self.ok.setEnabled(bool(self.reason.toPlainText().strip()))

    def values(self) -> tuple[str, str]:
        """(reason, who set it: a participant id or "" for the facilitator)"""
        return self.reason.toPlainText().strip(), self.by.currentData()


class FinalizeCheckDialog(QDialog):
    """At finalize: the split items whose agreed rating the room never set. For each, settle it
    now (the wizard goes there) or accept the median; finalizing goes on once none is left."""

    def __init__(self, parent: QWidget | None, controller):
        super().__init__(parent)
        self.controller = controller
        self.settle_item: str | None = None  # the item the room chose to settle now
        self.setWindowTitle(self.tr("Split items not settled"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Spread"),
                                              self.tr("Median")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(True)
        self.table.setAccessibleName(self.tr("Split items not settled"))
        self.table.activated.connect(lambda *_: self._settle())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.settle_button = QPushButton(self.tr("&Settle it now"))
        self.settle_button.setToolTip(self.tr("Go to this item and let the room agree"))
        self.settle_button.clicked.connect(self._settle)
        self.median_button = QPushButton(self.tr("Accept the &median"))
        self.median_button.clicked.connect(self._accept_selected)
        self.all_button = QPushButton(self.tr("Accept &all medians"))
        self.all_button.clicked.connect(self._accept_all)
        for button in (self.settle_button, self.median_button, self.all_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.ok = buttons.button(QDialogButtonBox.Ok)
        self.ok.setText(self.tr("Go on to finalize"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        controller = self.controller
        unsettled = controller.unsettled()
        self.intro.setText(self.tr(
            "%n split item(s) never had their agreed rating set by the room. Settle each one "
            "now, or accept the median of its votes.", "", len(unsettled)))
        selected = self._selected()
        self.table.setRowCount(len(unsettled))
        for n, item in enumerate(unsettled):
            where = controller.navigator.position(item.item_id)
            prompt = controller.framework.item(item.item_id).prompt
            values = (self.tr("{function} {number}: {prompt}").format(
                          function=where.dimension_name, number=format_number(where.number),
                          prompt=prompt),
                      self.tr("%n stage(s)", "", item.spread),
                      level_text(controller.framework, item.median))
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setData(Qt.UserRole, item.item_id)
                cell.setToolTip(value)
                self.table.setItem(n, column, cell)
        self.table.resizeColumnToContents(1)
        self.table.resizeColumnToContents(2)
        self.table.setColumnWidth(0, max(self.table.columnWidth(0), 380))
        ids = [u.item_id for u in unsettled]
        if ids:
            self.table.selectRow(ids.index(selected) if selected in ids else 0)
        for button in (self.settle_button, self.median_button, self.all_button):
            button.setEnabled(bool(ids))
        self.ok.setEnabled(not ids)
        (self.ok if not ids else self.table).setFocus()

    def _selected(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.table.item(rows[0].row(), 0).data(Qt.UserRole) if rows else None

    def _settle(self) -> None:
        self.settle_item = self._selected()
        if self.settle_item is not None:
            self.reject()

    def _accept_selected(self) -> None:
        item_id = self._selected()
        if item_id is not None:
            self.controller.accept_median(item_id)
            self.refresh()

    def _accept_all(self) -> None:
        for unsettled in self.controller.unsettled():
            self.controller.accept_median(unsettled.item_id)
        self.refresh()
