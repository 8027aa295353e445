"""The Customers screen: the portfolio table, the CMI x health matrix and the trends (seed 004).

Every customer in a sortable, filterable table (id, name, email, owner, CHS, the qualifier
scores, CMI, quadrant, track, date last scored) that is edited in place with undo: a name,
email or owner changes the customer; CHS and the scores correct its latest scoring; "New
Scoring" records a new one on its date, so movement between quadrants stays history. From here
a CSV is imported (all or nothing, one undo step), the template written and the segment tags
exported. The matrix and the trends show the customers the filter shows.

The screen reads `session.workbook` through core (core.customers, core.portfolio) and edits with
`session.do`; the table model is only a view of that (ui/customers_table.py).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
    QTableView, QTabWidget, QVBoxLayout, QWidget,
)

from maturity_workbook.core import customers as C
from maturity_workbook.core.errors import OperationError, Problem
from maturity_workbook.core.ops import UpdateRecord, What
from maturity_workbook.core.ops.customer_ops import (
    RemoveCustomers, ScoreCustomer, SetPortfolioSettings, add_customer,
)
from maturity_workbook.core.portfolio import (
    counts_over_time, matrix_points, movement, scoring_days,
)
from maturity_workbook.ui import dialogs
from maturity_workbook.ui.customers_charts import DPI, MatrixPage, TrendPage
from maturity_workbook.ui.customers_table import (
    CMI, HEALTH, ID, NAME, QUADRANT, SCORE, SCORED, CustomerFilter, CustomerTableModel,
    RangeDelegate,
)

log = logging.getLogger(__name__)
FILTER_DELAY_MS = 250  # the matrix follows the filter once typing pauses
WARN_STYLE = ("background: #fff4ce; color: #3b2f00; padding: 6px; border: 1px solid #e0c060; "
              "border-radius: 4px;")
INFO_STYLE = ("background: #e8f1fb; color: #0b2a4a; padding: 6px; border: 1px solid #9cc3ea; "
              "border-radius: 4px;")
COLUMN_WIDTHS = {ID: 90, NAME: 230, HEALTH: 60, SCORE: 92, CMI: 60, QUADRANT: 190, SCORED: 100}


def refusal_text(exc: OperationError) -> str:
    """Why an edit of a customer was refused, in the user's words."""
    params = exc.params
    if exc.problem is Problem.BAD_EMAIL:
        return CustomersScreen.tr("{value} is not an email address; write it as "
                                  "name@example.com, or leave it empty.").format(
            value=params.get("value"))
    if exc.problem is Problem.NEEDS_NAME:
        return CustomersScreen.tr("A customer needs a name.")
    if exc.problem is Problem.DUPLICATE:
        return CustomersScreen.tr("There is already a customer with the id {id}.").format(
            id=params.get("value"))
    if exc.problem is Problem.BAD_CHOICE or (exc.problem is Problem.BAD_NUMBER
                                             and params.get("value") is None):
        return CustomersScreen.tr("This scoring was made with another CMI model. Make a new "
                                  "scoring to score every qualifier of the model in use.")
    if exc.problem is Problem.BAD_NUMBER:
        return CustomersScreen.tr("{what} must be from {low} to {high}.").format(
            what=params.get("what"), low=params.get("low"), high=params.get("high"))
    return str(exc)


class CustomersScreen(QWidget):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.catalog = None
        self.model = None
        self.thresholds = None
        self.customers: dict = {}  # id -> core.portfolio.Customer, as the workbook has them
        self.files = None  # the file actions (ui/customers_files.py), made on first use
        self._dirty = True
        self._build()
        session.changed.connect(self._on_change)
        self.reload()

    # ------------------------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.PlainText)
        self.banner.setVisible(False)
        layout.addWidget(self.banner)

        actions = QHBoxLayout()
        self.import_button = QPushButton(self.tr("&Import CSV…"))
        self.import_button.setToolTip(self.tr("Add or update customers from a CSV file; nothing "
                                              "is imported from a file with a bad row"))
        self.template_button = QPushButton(self.tr("CSV Tem&plate…"))
        self.template_button.setToolTip(self.tr("Save the header of the CSV to fill in"))
        self.export_button = QPushButton(self.tr("Export Ta&gs…"))
        self.export_button.setToolTip(self.tr("Segment tags for Intercom, HubSpot or a plain "
                                              "CSV"))
        self.model_button = QPushButton(self.tr("&Model and Thresholds…"))
        self.model_button.setToolTip(self.tr("The CMI model this workbook uses and where the "
                                             "2×2 is split"))
        for button in (self.import_button, self.template_button, self.export_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.PlainText)
        actions.addWidget(self.summary)
        actions.addWidget(self.model_button)
        layout.addLayout(actions)

        filters = QHBoxLayout()
        filter_label = QLabel(self.tr("Fi&lter"))
        self.filter_edit = QLineEdit()
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setPlaceholderText(self.tr("id, name, email, owner, quadrant or track"))
        filter_label.setBuddy(self.filter_edit)
        self.quadrant_combo = QComboBox()
        self.quadrant_combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        quadrant_label = QLabel(self.tr("&Quadrant"))
        quadrant_label.setBuddy(self.quadrant_combo)
        self.track_combo = QComboBox()
        track_label = QLabel(self.tr("Trac&k"))
        track_label.setBuddy(self.track_combo)
        self.shown_label = QLabel()
        self.shown_label.setTextFormat(Qt.PlainText)
        for widget, stretch in ((filter_label, 0), (self.filter_edit, 2), (quadrant_label, 0),
                                (self.quadrant_combo, 0), (track_label, 0),
                                (self.track_combo, 0), (self.shown_label, 1)):
            filters.addWidget(widget, stretch)
        layout.addLayout(filters)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        table_page = QWidget()
        table_layout = QVBoxLayout(table_page)
        table_layout.setContentsMargins(0, 6, 0, 0)
        self.table_model = CustomerTableModel(self.edit, self)
        self.proxy = CustomerFilter(self)
        self.proxy.setSourceModel(self.table_model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Customers"))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.AscendingOrder)
        self.table.setItemDelegate(RangeDelegate(self.table))
        self.table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.DoubleClicked
                                   | QAbstractItemView.EditKeyPressed
                                   | QAbstractItemView.AnyKeyPressed)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.Fixed)  # no per-row measuring over 5,000 rows
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        table_layout.addWidget(self.table, 1)
        row_actions = QHBoxLayout()
        self.score_button = QPushButton(self.tr("&New Scoring…"))
        self.score_button.setToolTip(self.tr("Score the selected customer again; the earlier "
                                             "scorings are kept as its history"))
        self.add_button = QPushButton(self.tr("&Add Customer…"))
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.remove_button.setToolTip(self.tr("Remove the selected customers and their scorings "
                                              "(Delete); Undo brings them back"))
        for button in (self.score_button, self.add_button, self.remove_button):
            row_actions.addWidget(button)
        row_actions.addStretch(1)
        self.hint = QLabel(self.tr("Type or double-click to edit a cell; CHS and scores correct "
                                   "the latest scoring."))
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        row_actions.addWidget(self.hint)
        table_layout.addLayout(row_actions)
        self.tabs.addTab(table_page, self.tr("Table"))
        self.matrix_page = MatrixPage()
        self.tabs.addTab(self.matrix_page, self.tr("Matrix"))
        self.trend_page = TrendPage()
        self.tabs.addTab(self.trend_page, self.tr("Trends"))
        layout.addWidget(self.tabs, 1)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._update_charts)
        self.filter_edit.textChanged.connect(self._filter_text)
        self.quadrant_combo.activated.connect(lambda _i: self._filter_choice())
        self.track_combo.activated.connect(lambda _i: self._filter_choice())
        self.import_button.clicked.connect(lambda: self.import_csv())
        self.template_button.clicked.connect(lambda: self.save_template())
        self.export_button.clicked.connect(lambda: self.export_tags())
        self.model_button.clicked.connect(self.choose_model)
        self.score_button.clicked.connect(lambda: self.new_scoring())
        self.add_button.clicked.connect(lambda: self.add_customer())
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        self.matrix_page.changed.connect(self._update_charts)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        delete = QShortcut(QKeySequence.Delete, self.table)
        delete.setContext(Qt.WidgetShortcut)
        delete.activated.connect(lambda: self.remove_selected())

    # ------------------------------------------------------------------------------ reading

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.reload()

    def reload(self) -> None:
        """Everything again from the workbook (a new model, an import, an undo of several)."""
        if self.catalog is None:
            from maturity_workbook.paths import load_cmi_catalog

            self.catalog = load_cmi_catalog()
        wb = self.session.workbook
        self.model = C.model_of(wb, self.catalog)
        self.thresholds = C.thresholds_of(wb, self.model) if self.model else None
        customers = C.customers_of(wb)
        self.customers = {c.id: c for c in customers}
        self.table_model.read_only = self.session.read_only
        self.table_model.reload(self.model, self.thresholds, customers)
        self._fill_filters()
        self._size_columns()
        self._dirty = False
        if self.model is None:
            from maturity_workbook.paths import user_cmi_dir

            self.show_banner(self.tr(
                "This workbook uses the CMI model {id}, which is not on this computer. Put its "
                "file in {folder}, or choose another model.").format(
                    id=C.model_id_of(wb), folder=user_cmi_dir()), warn=True)
        self.matrix_page.set_days(scoring_days(customers))
        self._update_counts()
        self._update_buttons()
        self._update_charts()

    def _fill_filters(self) -> None:
        model = self.model
        for combo, everything, entries in (
                (self.quadrant_combo, self.tr("All quadrants"),
                 [(q.id, q.name) for q in model.quadrants] if model else []),
                (self.track_combo, self.tr("All tracks"),
                 [(t.id, t.name) for t in model.tracks] if model else [])):
            chosen = combo.currentData()
            combo.clear()
            combo.addItem(everything, None)
            for value, name in entries:
                combo.addItem(name, value)
            combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen else 0)
        self.proxy.set_filter(quadrant=self.quadrant_combo.currentData(),
                              track=self.track_combo.currentData())

    def _size_columns(self) -> None:
        for column in range(self.table_model.columnCount()):
            kind, _ = self.table_model.column_kind(column)
            self.table.setColumnWidth(column, COLUMN_WIDTHS.get(kind, 150))

    def _on_change(self, change) -> None:
        relevant = change.what is What.MANY or (change.what is What.RECORD and change.table in (
            C.CUSTOMERS, C.SCORINGS, C.PORTFOLIO))
        if not relevant:
            return
        if not self.isVisible():
            self._dirty = True
            return
        customer_id = self._customer_of_change(change)
        customer = C.customer_of(self.session.workbook, customer_id) if customer_id else None
        if customer is None or not self.table_model.update_customer(customer):
            self.reload()
            return
        self.customers[customer.id] = customer
        self.matrix_page.set_days(scoring_days(self.customers.values()))
        self._update_counts()
        self._update_charts()

    def _customer_of_change(self, change) -> str | None:
        if change.what is not What.RECORD or change.record_id is None:
            return None
        if change.table == C.CUSTOMERS:
            return change.record_id
        if change.table == C.SCORINGS:
            record = self.session.workbook.collection(C.SCORINGS).get(change.record_id)
            return record.customer_id if record else change.record_id.rpartition("@")[0]
        return None

    # ----------------------------------------------------------------------------- filtering

    def _filter_text(self, text: str) -> None:
        self.proxy.set_filter(text=text)
        self._update_counts()
        self._filter_timer.start()

    def _filter_choice(self) -> None:
        self.proxy.set_filter(quadrant=self.quadrant_combo.currentData(),
                              track=self.track_combo.currentData())
        self._update_counts()
        self._update_charts()

    def shown_customers(self) -> list:
        """The customers the filter shows, for the matrix and the trends."""
        ids = self.proxy.accepted_ids()
        return [c for cid, c in self.customers.items() if cid in ids]

    def _update_counts(self) -> None:
        total = len(self.customers)
        shown = self.proxy.rowCount()
        text = self.tr("%Ln customer(s)", "", total) if shown == total else \
            self.tr("{shown} of %Ln customer(s)", "", total).format(
                shown=self.locale().toString(shown))
        self.shown_label.setText(text)
        if self.model is not None:
            self.summary.setText(self.tr("{model}: CMI threshold {cmi}, health {health}").format(
                model=self.model.title, cmi=self.locale().toString(self.thresholds.cmi, "g", 4),
                health=self.locale().toString(self.thresholds.health, "g", 4)))
        else:
            self.summary.setText("")

    def _update_buttons(self) -> None:
        editable = not self.session.read_only and self.model is not None
        for button in (self.import_button, self.add_button):
            button.setEnabled(editable)
        self.model_button.setEnabled(not self.session.read_only)
        self.template_button.setEnabled(self.model is not None)
        self.export_button.setEnabled(self.model is not None and bool(self.customers))
        selected = self.selected_ids()
        self.score_button.setEnabled(editable and len(selected) == 1)
        self.remove_button.setEnabled(not self.session.read_only and bool(selected))

    # ------------------------------------------------------------------------------ charts

    def _matrix_text(self):
        from maturity_workbook.charts.matrix import MatrixText

        return MatrixText(cmi_axis=self.tr("Customer Maturity Index (CMI)"),
                          health_axis=self.tr("Customer health score (CHS)"),
                          tracks_axis=self.tr("Content track"),
                          quadrant_counts_title=self.tr("Customers per quadrant"),
                          track_counts_title=self.tr("Customers per track"),
                          count_axis=self.tr("Customers"))

    def _update_charts(self) -> None:
        model, thresholds = self.model, self.thresholds
        shown = self.shown_customers()
        placed = model is not None and any(c.latest for c in shown)
        self.matrix_page.chart.quadrant_names = {q.id: q.name for q in model.quadrants} \
            if model else {}
        if not placed:
            message = self.tr("Import a customer CSV or add a customer to see the matrix.") \
                if not self.customers else self.tr("No scored customer matches the filter.")
            self.matrix_page.chart.show_figure(None, message)
            self.matrix_page.save_button.setEnabled(False)
            self.trend_page.chart.show_figure(None, message)
            self.trend_page.save_button.setEnabled(False)
            return
        since = self.matrix_page.since_day()
        all_moves = not self.matrix_page.only_changes.isChecked()
        text = self._matrix_text()

        def matrix(width: float, height: float, dark: bool):
            from maturity_workbook.charts.matrix import matrix_figure

            points = matrix_points(model, shown, thresholds=thresholds)
            moves = movement(model, shown, since, thresholds=thresholds) if since else ()
            return matrix_figure(model, points, thresholds=thresholds, moves=moves,
                                 all_moves=all_moves, size=(width, height), dpi=DPI, dark=dark,
                                 text=text)

        self.matrix_page.chart.show_figure(matrix)
        if len(scoring_days(shown)) < 2:
            self.trend_page.chart.show_figure(None, self.tr(
                "The trends need scorings on at least two dates."))
            self.trend_page.save_button.setEnabled(False)
            return

        def trend(width: float, height: float, dark: bool):
            from maturity_workbook.charts.matrix import portfolio_trend_figure

            timeline = counts_over_time(model, shown, thresholds=thresholds)
            return portfolio_trend_figure(model, timeline, size=(width, height), dpi=DPI,
                                          dark=dark, text=text)

        self.trend_page.chart.show_figure(trend)

    # ------------------------------------------------------------------------------- editing

    def show_banner(self, text: str, warn: bool = False) -> None:
        self.banner.setStyleSheet(WARN_STYLE if warn else INFO_STYLE)
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def do(self, operation) -> bool:
        try:
            self.session.do(operation)
        except OperationError as exc:
            self.show_banner(self.tr("Not changed: {reason}").format(reason=refusal_text(exc)),
                             warn=True)
            return False
        return True

    def edit(self, customer_id: str, field: str, value) -> bool:
        """An edit in the table: a customer's detail, or its latest scoring's health or score."""
        if self.session.read_only:
            return False
        if field in ("name", "email", "owner"):
            return self.do(UpdateRecord(C.CUSTOMERS, customer_id, {field: value}))
        latest = C.latest_scoring(self.session.workbook, customer_id)
        if latest is None:
            return False
        if field == "health":
            return self.do(UpdateRecord(C.SCORINGS, latest.id, {"health": value}))
        qualifier = field.partition(":")[2]
        return self.do(UpdateRecord(C.SCORINGS, latest.id,
                                     {"scores": {**latest.scores, qualifier: value}}))

    def selected_ids(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedIndexes()})
        source = self.table_model.rows
        return [source[self.proxy.mapToSource(self.proxy.index(r, 0)).row()].id for r in rows]

    def select_customer(self, customer_id: str) -> None:
        row = self.table_model.row_of(customer_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.table_model.index(row, 0))
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def new_scoring(self, dialog_hook=None) -> bool:
        """Score the selected customer on a date (today unless changed)."""
        from maturity_workbook.ui.customers_dialogs import ScoringDialog

        ids = self.selected_ids()
        if len(ids) != 1 or self.model is None or self.session.read_only:
            return False
        customer = self.customers[ids[0]]
        dialog = ScoringDialog(self.model, self.tr("New Scoring"), start=customer.latest,
                               customer_name=customer.name, parent=self)
        if (dialog_hook(dialog) if dialog_hook else dialog.exec()) != ScoringDialog.Accepted:
            return False
        day, health, scores = dialog.values()
        return self.do(ScoreCustomer(customer.id, day.isoformat(), health, scores))

    def add_customer(self, dialog_hook=None) -> bool:
        from maturity_workbook.ui.customers_dialogs import ScoringDialog

        if self.model is None or self.session.read_only:
            return False
        dialog = ScoringDialog(self.model, self.tr("Add Customer"), new_customer=True,
                               taken_ids=set(self.customers), parent=self)
        if (dialog_hook(dialog) if dialog_hook else dialog.exec()) != ScoringDialog.Accepted:
            return False
        customer_id, name, email, owner = dialog.identity()
        day, health, scores = dialog.values()
        if self.do(add_customer(customer_id, name, email, owner, (day, health, scores))):
            self.select_customer(customer_id)
            return True
        return False

    def remove_selected(self, confirm=None) -> bool:
        ids = self.selected_ids()
        if not ids or self.session.read_only:
            return False
        names = [self.customers[i].name for i in ids if i in self.customers]
        text = self.tr("Remove %Ln customer(s) and their scorings? Undo brings them back.", "",
                       len(ids))
        if len(names) <= 5:
            text += "\n\n" + "\n".join(names)
        if not (confirm or dialogs.confirm)(self, self.tr("Remove Customers"), text,
                                            self.tr("Remove")):
            return False
        return self.do(RemoveCustomers(tuple(ids)))

    def choose_model(self, dialog_hook=None) -> bool:
        from maturity_workbook.ui.customers_dialogs import ModelDialog

        dialog = ModelDialog(self.catalog, C.model_id_of(self.session.workbook), self.model,
                             self.thresholds, self)
        if (dialog_hook(dialog) if dialog_hook else dialog.exec()) != ModelDialog.Accepted:
            return False
        return self.do(SetPortfolioSettings(dialog.changes()))

    # ---------------------------------------------------------------------------- files

    def import_csv(self, path: str | Path | None = None) -> bool:
        """Import a customer CSV as one undoable step (a bad file imports nothing)."""
        return self._files().import_csv(path)

    def save_template(self, path: str | Path | None = None) -> bool:
        return self._files().save_template(path)

    def export_tags(self, fmt: str | None = None, path: str | Path | None = None,
                    per_tag: bool = False) -> bool:
        return self._files().export_tags(fmt, path, per_tag)

    def _files(self):
        from maturity_workbook.ui.customers_files import CustomerFiles

        if self.files is None:
            self.files = CustomerFiles(self)
        return self.files
