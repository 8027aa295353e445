"""A read-only table of records, one per row, for screens that list records (the plan's
metrics, actions and phases): the record id rides in the first cell, Enter or a double click
edits the row, Delete removes it, and the table is as tall as its rows within limits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem, QWidget

ID_ROLE = Qt.UserRole


class RowTable(QTableWidget):
    """A read-only table of records, one per row (the id in the first cell): Enter edits, Delete
    removes."""

    def __init__(self, headers: list[str], min_rows: int = 2, max_rows: int = 10,
                 parent: QWidget | None = None):
        super().__init__(0, len(headers), parent)
        self.min_rows, self.max_rows = min_rows, max_rows
        self.setHorizontalHeaderLabels(headers)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setHighlightSections(False)
        self.setTabKeyNavigation(False)
        self.edit_row = None  # callbacks set by the screen
        self.remove_row = None
        self.doubleClicked.connect(lambda _index: self.edit_row and self.edit_row())

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and self.edit_row:
            self.edit_row()
            return
        if event.key() == Qt.Key_Delete and self.remove_row:
            self.remove_row()
            return
        super().keyPressEvent(event)

    def fill(self, rows: list[tuple[str, list[str]]], keep: str | None = None) -> None:
        """rows: (record id, cell texts); the record `keep` (else the selected one) stays
        selected."""
        keep = keep or self.selected_id()
        self.setRowCount(len(rows))
        for r, (record_id, cells) in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c == 0:
                    item.setData(ID_ROLE, record_id)
                self.setItem(r, c, item)
        ids = [rid for rid, _ in rows]
        if keep in ids:
            self.selectRow(ids.index(keep))
        else:
            self.clearSelection()
        self.fit_height()

    def fit_height(self) -> None:
        """As tall as its rows, between `min_rows` and `max_rows` (then it scrolls)."""
        rows = min(max(self.rowCount(), self.min_rows), self.max_rows)
        row_height = self.verticalHeader().defaultSectionSize()
        self.setFixedHeight(self.horizontalHeader().sizeHint().height() + rows * row_height
                            + 2 * self.frameWidth() + 2)

    def selected_id(self) -> str | None:
        """The selected record, else the current one (where the keyboard is)."""
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        row = rows[0].row() if rows else self.currentRow()
        item = self.item(row, 0) if row >= 0 else None
        return item.data(ID_ROLE) if item is not None else None

    def row_of(self, record_id: str) -> int:
        for r in range(self.rowCount()):
            if self.item(r, 0).data(ID_ROLE) == record_id:
                return r
        return -1
