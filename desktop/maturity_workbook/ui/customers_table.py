"""The customer table: a QAbstractTableModel over core's customers and placements, a filter
proxy, and editors for health and the qualifier scores.

The model holds one plain tuple per customer, computed from the workbook when it changes (the
view model of the screen, never its own state): `data()` only indexes into it, so a view of 5,000
customers asks for the few dozen visible rows and scrolls without a stall. Sorting reorders that
list with Python's sort on precomputed keys (one call, not a call per comparison), and filtering
tests a precomputed lower-case text, so neither asks `data()` for every row.

Edits are requests: `setData` calls the screen's `edit(customer_id, field, value)`, which sends
an operation through the session (undoable); the row changes when the workbook says it did.
"""

from __future__ import annotations

import textwrap
from datetime import date
from typing import Callable, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel, QLocale, QModelIndex, QSortFilterProxyModel, Qt,
)
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox, QStyledItemDelegate

from maturity_workbook.core.cmi import SCORES, CmiModel, Thresholds
from maturity_workbook.core.portfolio import Customer, place
from maturity_workbook.ui.i18n import TranslationContext, format_date

HEADER_CHARS = 12  # a qualifier's name per line of its column header
SORT_ROLE = int(Qt.UserRole) + 1
ID_ROLE = int(Qt.UserRole) + 2
# Qt's names looked up once: reading `Qt.DisplayRole` costs microseconds each time, and data()
# runs for every role of every visible cell while the table scrolls
DISPLAY, EDIT, TOOLTIP = int(Qt.DisplayRole), int(Qt.EditRole), int(Qt.ToolTipRole)
DECORATION, ALIGNMENT = int(Qt.DecorationRole), int(Qt.TextAlignmentRole)
FOREGROUND = int(Qt.ForegroundRole)
RIGHT = int(Qt.AlignRight | Qt.AlignVCenter)
SELECTABLE = Qt.ItemIsEnabled | Qt.ItemIsSelectable
EDITABLE_FLAGS = SELECTABLE | Qt.ItemIsEditable
# the matrix's quadrant colours (charts/matrix.py, Okabe-Ito), by corner: (cmi side, health side)
CORNER_COLOURS = {("high", "high"): "#009E73", ("high", "low"): "#D55E00",
                  ("low", "high"): "#0072B2", ("low", "low"): "#8C8C8C"}

# column kinds
ID, NAME, EMAIL, OWNER, HEALTH, SCORE, CMI, QUADRANT, TRACK, SCORED = range(10)
EDITABLE = {NAME, EMAIL, OWNER, HEALTH, SCORE}
FIELD_OF = {NAME: "name", EMAIL: "email", OWNER: "owner", HEALTH: "health"}


CustomerTable = TranslationContext("CustomerTable")  # lupdate reads `CustomerTable.tr(...)`


class Row(NamedTuple):
    id: str
    name: str
    email: str
    owner: str
    health: float | None
    scores: tuple  # per qualifier of the model, int or None
    cmi: float | None
    quadrant: str | None
    track: str | None
    scored: date | None
    search: str  # lower-case text the filter looks in


def make_row(model: CmiModel | None, thresholds: Thresholds | None, customer: Customer,
             quadrant_names: dict[str, str], track_names: dict[str, str]) -> Row:
    scoring = customer.latest
    placement = place(model, customer.id, scoring, thresholds) \
        if scoring is not None and model is not None else None
    qualifiers = model.qualifier_ids if model is not None else ()
    scores = tuple(scoring.scores.get(q) for q in qualifiers) if scoring else (None,) * len(
        qualifiers)
    quadrant = placement.quadrant if placement else None
    track = placement.track if placement else None
    search = "\n".join((customer.id, customer.name, customer.email, customer.owner,
                        quadrant_names.get(quadrant, ""), track_names.get(track, ""))).casefold()
    return Row(customer.id, customer.name, customer.email, customer.owner,
               scoring.health if scoring else None, scores,
               placement.cmi if placement else None, quadrant, track,
               scoring.day if scoring else None, search)


class CustomerTableModel(QAbstractTableModel):
    """One row per customer: id, name, email, owner, CHS, one column per qualifier, CMI,
    quadrant, track and the date last scored."""

    def __init__(self, edit: Callable[[str, str, object], bool] | None = None, parent=None):
        super().__init__(parent)
        self.edit = edit
        self.read_only = False
        self.cmi_model: CmiModel | None = None
        self.thresholds: Thresholds | None = None
        self.rows: list[Row] = []
        self._index: dict[str, int] = {}
        self._columns: list[tuple[int, int]] = []  # (kind, qualifier index)
        self._quadrant_names: dict[str, str] = {}
        self._track_names: dict[str, str] = {}
        self._colours: dict[str, QColor] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._locale = QLocale()
        self._muted = QPalette().brush(QPalette.PlaceholderText)

    # -- filling

    def reload(self, cmi_model: CmiModel | None, thresholds: Thresholds | None,
               customers: list[Customer]) -> None:
        self.beginResetModel()
        self.cmi_model, self.thresholds = cmi_model, thresholds
        qualifiers = cmi_model.qualifiers if cmi_model is not None else ()
        self._columns = ([(ID, -1), (NAME, -1), (EMAIL, -1), (OWNER, -1), (HEALTH, -1)]
                         + [(SCORE, i) for i in range(len(qualifiers))]
                         + [(CMI, -1), (QUADRANT, -1), (TRACK, -1), (SCORED, -1)])
        self._quadrant_names = {q.id: q.name for q in cmi_model.quadrants} if cmi_model else {}
        self._track_names = {t.id: t.name for t in cmi_model.tracks} if cmi_model else {}
        self._colours = {q.id: QColor(CORNER_COLOURS[(q.cmi, q.health)])
                         for q in cmi_model.quadrants} if cmi_model else {}
        self.rows = [self._row(c) for c in customers]
        self._sorted()
        self.endResetModel()

    def _row(self, customer: Customer) -> Row:
        return make_row(self.cmi_model, self.thresholds, customer, self._quadrant_names,
                        self._track_names)

    def update_customer(self, customer: Customer) -> bool:
        """Refresh one customer's row in place; False when it is not in the table (reload)."""
        position = self._index.get(customer.id)
        if position is None:
            return False
        self.rows[position] = self._row(customer)
        self.dataChanged.emit(self.index(position, 0),
                              self.index(position, self.columnCount() - 1))
        return True

    def row_of(self, customer_id: str) -> int | None:
        return self._index.get(customer_id)

    # -- the table

    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:
        # the base class checks rowCount() and columnCount(): two calls into Python per cell
        if 0 <= row < len(self.rows) and 0 <= column < len(self._columns) \
                and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def column_kind(self, column: int) -> tuple[int, int]:
        return self._columns[column]

    def column_of(self, kind: int, qualifier: int = -1) -> int:
        return self._columns.index((kind, qualifier))

    def headerData(self, section: int, orientation, role: int = DISPLAY):
        if orientation != Qt.Horizontal or not 0 <= section < len(self._columns):
            return None
        kind, q = self._columns[section]
        if role == DISPLAY:
            if kind == SCORE:  # two short lines rather than one clipped one
                return "\n".join(textwrap.wrap(self.cmi_model.qualifiers[q].name,
                                                HEADER_CHARS)[:2])
            return {ID: CustomerTable.tr("ID"), NAME: CustomerTable.tr("Name"),
                    EMAIL: CustomerTable.tr("Email"), OWNER: CustomerTable.tr("Owner"),
                    HEALTH: CustomerTable.tr("CHS"), CMI: CustomerTable.tr("CMI"),
                    QUADRANT: CustomerTable.tr("Quadrant"), TRACK: CustomerTable.tr("Track"),
                    SCORED: CustomerTable.tr("Last scored")}[kind]
        if role == TOOLTIP:
            if kind == SCORE:
                qualifier = self.cmi_model.qualifiers[q]
                return CustomerTable.tr("{name}: a score from 1 to 5 (weight {weight})").format(
                    name=qualifier.name, weight=self._locale.toString(qualifier.weight, "g", 6))
            return {HEALTH: CustomerTable.tr("Customer health score, 0 to 100"),
                    CMI: CustomerTable.tr("Customer Maturity Index, 0 to 100, from the "
                                          "qualifier scores"),
                    SCORED: CustomerTable.tr("The date of the latest scoring")}.get(kind)
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return SELECTABLE
        return self.flags_at(index.row(), index.column())

    def flags_at(self, position: int, column: int):
        if self.read_only or self.edit is None:
            return SELECTABLE
        kind = self._columns[column][0]
        if kind in (NAME, EMAIL, OWNER) or (kind in (HEALTH, SCORE)
                                             and self.rows[position].scored is not None):
            return EDITABLE_FLAGS
        return SELECTABLE

    def data(self, index: QModelIndex, role: int = DISPLAY):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        kind, q = self._columns[index.column()]
        if role == DISPLAY:
            return self._display(row, kind, q)
        if role == EDIT:
            return self._value(row, kind, q)
        if role == SORT_ROLE:
            return self._key(row, kind, q)
        if role == ID_ROLE:
            return row.id
        if role == ALIGNMENT:
            return RIGHT if kind in (HEALTH, SCORE, CMI) else None
        if role == DECORATION:
            return self._colours.get(row.quadrant) if kind == QUADRANT and row.quadrant \
                else None
        if role == TOOLTIP:
            return self._tooltip(row, kind, q)
        if role == FOREGROUND and row.quadrant is None and kind in (CMI, QUADRANT, TRACK):
            return self._muted
        return None

    def multiData(self, index: QModelIndex, roles) -> None:
        """Every role a cell is drawn with, in one call (the delegate asks for seven)."""
        if index.isValid():
            self.fill_roles(index.row(), index.column(), roles)

    def fill_roles(self, position: int, column: int, roles) -> None:
        row = self.rows[position]
        kind, q = self._columns[column]
        for role_data in roles:
            role = role_data.role()
            value = None
            if role == DISPLAY:
                value = self._display(row, kind, q)
            elif role == ALIGNMENT:
                value = RIGHT if kind in (HEALTH, SCORE, CMI) else None
            elif role == DECORATION:
                value = self._colours.get(row.quadrant) if kind == QUADRANT else None
            elif role == FOREGROUND:
                value = self._muted if row.quadrant is None and kind in (CMI, QUADRANT, TRACK) \
                    else None
            elif role in (EDIT, SORT_ROLE, ID_ROLE, TOOLTIP):
                value = self.data(self.index(position, column), role)
            if value is None:
                role_data.clearData()
            else:
                role_data.setData(value)

    def _number(self, value: float | None, decimals: int) -> str:
        if value is None:
            return "—"
        value = float(value)
        if value.is_integer():
            return self._locale.toString(int(value))
        return self._locale.toString(value, "f", decimals)

    def _display(self, row: Row, kind: int, q: int):
        if kind == ID:
            return row.id
        if kind == NAME:
            return row.name
        if kind == EMAIL:
            return row.email
        if kind == OWNER:
            return row.owner
        if kind == HEALTH:
            return self._number(row.health, 1)
        if kind == SCORE:
            score = row.scores[q]
            return "—" if score is None else self._locale.toString(int(score))
        if kind == CMI:
            return self._number(row.cmi, 1) if row.scored else "—"
        if kind == QUADRANT:
            if row.scored is None:
                return CustomerTable.tr("not scored")
            return self._quadrant_names.get(row.quadrant) or CustomerTable.tr("not placed")
        if kind == TRACK:
            return self._track_names.get(row.track, "—")
        if kind == SCORED:
            return format_date(row.scored, self._locale) if row.scored else "—"
        return None

    def _value(self, row: Row, kind: int, q: int):
        if kind == HEALTH:
            return row.health if row.health is not None else 0.0
        if kind == SCORE:
            return row.scores[q] if row.scores[q] is not None else SCORES[len(SCORES) // 2]
        return self._display(row, kind, q)

    def _key(self, row: Row, kind: int, q: int):
        """What a column sorts by: numbers as numbers (unscored last), text without case."""
        missing = float("inf")
        if kind == HEALTH:
            return missing if row.health is None else row.health
        if kind == SCORE:
            return missing if row.scores[q] is None else row.scores[q]
        if kind == CMI:
            return missing if row.cmi is None else row.cmi
        if kind == SCORED:
            return row.scored.toordinal() if row.scored else missing
        if kind == QUADRANT:
            order = [x.id for x in self.cmi_model.quadrants] if self.cmi_model else []
            return order.index(row.quadrant) if row.quadrant in order else len(order)
        if kind == TRACK:
            order = [x.id for x in self.cmi_model.tracks] if self.cmi_model else []
            return order.index(row.track) if row.track in order else len(order)
        return (self._display(row, kind, q) or "").casefold()

    def _tooltip(self, row: Row, kind: int, q: int):
        model = self.cmi_model
        if model is None:
            return None
        if kind == QUADRANT and row.quadrant:
            quadrant = model.quadrant(row.quadrant)
            touch = CustomerTable.tr("high-touch") if quadrant.playbook.touch == "high-touch" else \
                CustomerTable.tr("tech-touch")
            return CustomerTable.tr("{playbook} ({touch}): {summary}").format(
                playbook=quadrant.playbook.name, touch=touch, summary=quadrant.playbook.summary)
        if kind == TRACK and row.track:
            track = model.track(row.track)
            return "\n".join([track.name] + [f"• {c}" for c in track.content])
        if kind == SCORE and row.scores[q] is not None:
            qualifier = model.qualifiers[q]
            return qualifier.levels.get(int(row.scores[q]))
        if kind == NAME:
            return row.name
        return None

    def setData(self, index: QModelIndex, value, role: int = EDIT) -> bool:
        if role != EDIT or not index.isValid() or self.edit is None:
            return False
        row = self.rows[index.row()]
        kind, q = self._columns[index.column()]
        if kind == SCORE:
            return self.edit(row.id, "score:" + self.cmi_model.qualifiers[q].id, int(value))
        if kind == HEALTH:
            return self.edit(row.id, "health", round(float(value), 1))
        if kind in FIELD_OF:
            return self.edit(row.id, FIELD_OF[kind], str(value))
        return False

    # -- sorting: the rows themselves, by precomputed keys

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self.rows[i.row()].id for i in persistent]
        self._sort = (column, order) if 0 <= column < len(self._columns) else None
        self._sorted()
        self.changePersistentIndexList(persistent, [
            self.index(self._index[cid], i.column()) for cid, i in zip(ids, persistent)])
        self.layoutChanged.emit()

    def _sorted(self) -> None:
        if self._sort is not None and self._sort[0] < len(self._columns):
            column, order = self._sort
            kind, q = self._columns[column]
            key = self._key
            self.rows.sort(key=lambda r: (key(r, kind, q), r.id.casefold()),
                           reverse=order == Qt.DescendingOrder)
        self._index = {row.id: i for i, row in enumerate(self.rows)}


class CustomerFilter(QSortFilterProxyModel):
    """Rows whose text contains every word typed, in the chosen quadrant and track. Sorting is
    left to the table model (see its `sort`).

    The proxy keeps its own list of the source rows it shows (`shown`, in order: it never sorts),
    so painting a cell is one call into Python with no index mapping through the table model.
    Filtering is not dynamic: a row stays in view after an edit until the filter changes."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setDynamicSortFilter(False)
        self.words: list[str] = []
        self.quadrant: str | None = None
        self.track: str | None = None
        self.shown: list[int] = []

    def setSourceModel(self, model) -> None:
        super().setSourceModel(model)  # the proxy's own mapping is updated first
        model.modelReset.connect(self._remap)
        model.layoutChanged.connect(self._remap)
        self._remap()

    def _remap(self) -> None:
        rows = self.sourceModel().rows
        if not self.words and self.quadrant is None and self.track is None:
            self.shown = list(range(len(rows)))
        else:
            self.shown = [i for i, row in enumerate(rows) if self._accepts(row)]

    def set_filter(self, text: str | None = None, quadrant: str | None = "",
                   track: str | None = "") -> None:
        """Change what is shown; "" leaves a criterion as it is, None clears it."""
        self.beginFilterChange()
        if text is not None:
            self.words = text.casefold().split()
        if quadrant != "":
            self.quadrant = quadrant
        if track != "":
            self.track = track
        self._remap()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def multiData(self, index: QModelIndex, roles) -> None:
        # the default would ask the table for each role apart, each through mapToSource
        if index.isValid():
            self.sourceModel().fill_roles(self.shown[index.row()], index.column(), roles)

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return SELECTABLE
        return self.sourceModel().flags_at(self.shown[index.row()], index.column())

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        return self._accepts(self.sourceModel().rows[source_row])

    def _accepts(self, row: Row) -> bool:
        if self.quadrant is not None and row.quadrant != self.quadrant:
            return False
        if self.track is not None and row.track != self.track:
            return False
        return all(word in row.search for word in self.words)

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def accepted_ids(self) -> set[str]:
        rows = self.sourceModel().rows
        return {rows[i].id for i in self.shown}


class RangeDelegate(QStyledItemDelegate):
    """Spin boxes for health (0-100, one decimal) and qualifier scores (1-5)."""

    def createEditor(self, parent, option, index):
        kind, _ = index.model().sourceModel().column_kind(index.column()) \
            if isinstance(index.model(), QSortFilterProxyModel) else \
            index.model().column_kind(index.column())
        if kind == SCORE:
            editor = QSpinBox(parent)
            editor.setRange(SCORES[0], SCORES[-1])
        elif kind == HEALTH:
            editor = QDoubleSpinBox(parent)
            editor.setRange(0.0, 100.0)
            editor.setDecimals(1)
        else:
            return super().createEditor(parent, option, index)
        editor.setFrame(False)
        editor.setAlignment(Qt.AlignRight)
        return editor


def quadrant_colour(model: CmiModel, quadrant_id: str) -> QColor:
    quadrant = model.quadrant(quadrant_id)
    return QColor(CORNER_COLOURS[(quadrant.cmi, quadrant.health)])

