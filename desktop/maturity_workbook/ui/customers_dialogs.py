"""Dialogs of the Customers screen: a scoring (a new customer's first one, or a re-scoring on a
date), the workbook's CMI model and thresholds, and the tag export's format.

They only collect values; the screen turns them into operations. Every score shows what that
score means for the qualifier (the model's words), so people score alike.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QDoubleSpinBox,
    QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QRadioButton, QScrollArea,
    QSpinBox, QVBoxLayout, QWidget,
)

from maturity_workbook.core.cmi import SCORES, CmiModel, Thresholds
from maturity_workbook.core.portfolio import Scoring
from maturity_workbook.ui.i18n import date_pattern


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.PlainText)
    label.setWordWrap(True)
    return label


class ScoringDialog(QDialog):
    """Health and one score per qualifier on a date; with `new_customer`, also the customer's
    id, name, email and owner. Starts from `start` (the latest scoring) when given."""

    def __init__(self, model: CmiModel, title: str, *, start: Scoring | None = None,
                 new_customer: bool = False, customer_name: str = "",
                 taken_ids: set[str] = frozenset(), parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.taken_ids = taken_ids
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        outer = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.id_edit = self.name_edit = self.email_edit = self.owner_edit = None
        if new_customer:
            self.id_edit = QLineEdit()
            self.id_edit.setMaxLength(180)
            self.id_edit.setToolTip(self.tr("The id your team knows the customer by (from your "
                                            "CRM or messaging tool); imports match on it"))
            self.name_edit = QLineEdit()
            self.email_edit = QLineEdit()
            self.owner_edit = QLineEdit()
            form.addRow(self.tr("&ID"), self.id_edit)
            form.addRow(self.tr("&Name"), self.name_edit)
            form.addRow(self.tr("E&mail"), self.email_edit)
            form.addRow(self.tr("&Owner"), self.owner_edit)
        elif customer_name:
            form.addRow(self.tr("Customer"), _label(customer_name))
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(date_pattern(self.locale()))
        today = QDate.currentDate()
        self.date_edit.setMaximumDate(today)
        self.date_edit.setDate(today)
        self.date_edit.setToolTip(self.tr("The day the customer was scored; a second scoring "
                                          "on the same day replaces the first"))
        form.addRow(self.tr("&Date"), self.date_edit)
        self.health = QDoubleSpinBox()
        self.health.setRange(0.0, 100.0)
        self.health.setDecimals(1)
        self.health.setValue(start.health if start else 50.0)
        self.health.setToolTip(self.tr("The customer health score, 0 to 100, from your health "
                                       "scoring"))
        form.addRow(self.tr("&CHS (health)"), self.health)
        outer.addLayout(form)

        box = QGroupBox(self.tr("Qualifier scores, 1 to 5"))
        grid = QFormLayout(box)
        grid.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.scores: dict[str, QSpinBox] = {}
        self.meanings: dict[str, QLabel] = {}
        for qualifier in model.qualifiers:
            spin = QSpinBox()
            spin.setRange(SCORES[0], SCORES[-1])
            previous = start.scores.get(qualifier.id) if start else None
            spin.setValue(int(previous) if previous in SCORES else SCORES[len(SCORES) // 2])
            spin.setAccessibleName(qualifier.name)
            spin.setToolTip(qualifier.summary)
            meaning = _label("")
            meaning.setStyleSheet("color: palette(placeholder-text);")
            row = QHBoxLayout()
            row.addWidget(spin)
            row.addWidget(meaning, 1)
            name = _label(qualifier.name)
            name.setBuddy(spin)
            grid.addRow(name, row)
            spin.valueChanged.connect(lambda value, q=qualifier.id: self._explain(q, value))
            self.scores[qualifier.id] = spin
            self.meanings[qualifier.id] = meaning
            self._explain(qualifier.id, spin.value())
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(box)
        scroll.setFrameShape(QScrollArea.NoFrame)
        outer.addWidget(scroll, 1)
        self.problem = _label("")
        self.problem.setStyleSheet("color: #b35900;")
        self.problem.setVisible(False)
        outer.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        (self.id_edit or self.health).setFocus()

    def _explain(self, qualifier_id: str, value: int) -> None:
        self.meanings[qualifier_id].setText(self.model.qualifier(qualifier_id).levels.get(
            value, ""))

    def day(self) -> date:
        d = self.date_edit.date()
        return date(d.year(), d.month(), d.day())

    def values(self) -> tuple[date, float, dict[str, int]]:
        return (self.day(), round(self.health.value(), 1),
                {q: spin.value() for q, spin in self.scores.items()})

    def identity(self) -> tuple[str, str, str, str]:
        return (self.id_edit.text().strip(), self.name_edit.text().strip(),
                self.email_edit.text().strip(), self.owner_edit.text().strip())

    def accept(self) -> None:
        if self.id_edit is not None:
            customer_id, name, _email, _owner = self.identity()
            problem = ""
            if not customer_id:
                problem = self.tr("Give the customer's id: the one your team knows it by.")
            elif customer_id in self.taken_ids:
                problem = self.tr("There is already a customer with the id {id}.").format(
                    id=customer_id)
            elif not name:
                problem = self.tr("Give the customer's name.")
            if problem:
                self.problem.setText(problem)
                self.problem.setVisible(True)
                (self.id_edit if not customer_id or customer_id in self.taken_ids
                 else self.name_edit).setFocus()
                return
        super().accept()


class ModelDialog(QDialog):
    """The workbook's CMI model and its thresholds (the model's own unless set here)."""

    def __init__(self, catalog, current_id: str, model: CmiModel | None,
                 thresholds: Thresholds | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.catalog = catalog
        self.setWindowTitle(self.tr("CMI Model and Thresholds"))
        self.setMinimumWidth(520)
        outer = QVBoxLayout(self)
        form = QFormLayout()
        self.models = QComboBox()
        for known in catalog:
            self.models.addItem(self.tr("{title} ({version})").format(
                title=known.title, version=known.version), known.id)
        if catalog.get(current_id) is None:
            self.models.addItem(self.tr("{id} (not on this computer)").format(id=current_id),
                                current_id)
        self.models.setCurrentIndex(max(self.models.findData(current_id or "cmi-default"), 0))
        form.addRow(self.tr("&Model"), self.models)
        self.cmi = QDoubleSpinBox()
        self.health = QDoubleSpinBox()
        for spin in (self.cmi, self.health):
            spin.setRange(0.0, 100.0)
            spin.setDecimals(1)
        if thresholds is not None:
            self.cmi.setValue(thresholds.cmi)
            self.health.setValue(thresholds.health)
        form.addRow(self.tr("&CMI threshold"), self.cmi)
        form.addRow(self.tr("Health thre&shold"), self.health)
        outer.addLayout(form)
        self.about = _label("")
        outer.addWidget(self.about)
        self.note = _label(self.tr("A customer at or above a threshold is on its high side. "
                                   "Each workbook keeps its own thresholds; the model's are "
                                   "the default."))
        self.note.setStyleSheet("color: palette(placeholder-text);")
        outer.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel
                                   | QDialogButtonBox.RestoreDefaults)
        buttons.button(QDialogButtonBox.RestoreDefaults).setText(self.tr("&Reset to the Model's"))
        buttons.button(QDialogButtonBox.RestoreDefaults).clicked.connect(self._defaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.models.currentIndexChanged.connect(lambda _i: self._describe())
        self._describe()

    def chosen_model(self) -> CmiModel | None:
        return self.catalog.get(self.models.currentData())

    def _describe(self) -> None:
        model = self.chosen_model()
        self.about.setText(model.description if model is not None else self.tr(
            "This model's file is not on this computer: put it in the cmi folder of the app's "
            "data folder."))

    def _defaults(self) -> None:
        model = self.chosen_model()
        if model is not None:
            self.cmi.setValue(model.thresholds.cmi)
            self.health.setValue(model.thresholds.health)

    def changes(self) -> dict:
        """The portfolio settings to store: a threshold equal to the model's is left to it."""
        model = self.chosen_model()
        model_id = self.models.currentData()
        changes: dict = {"model_id": "" if model_id == "cmi-default" else model_id}
        for name, spin, default in (
                ("cmi_threshold", self.cmi, model.thresholds.cmi if model else None),
                ("health_threshold", self.health, model.thresholds.health if model else None)):
            value = round(spin.value(), 1)
            changes[name] = None if default is not None and value == default else value
        return changes


class ExportTagsDialog(QDialog):
    """Which messaging tool the tags are for."""

    FORMATS = ("intercom", "hubspot", "csv")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export Segment Tags"))
        self.setMinimumWidth(440)
        outer = QVBoxLayout(self)
        outer.addWidget(_label(self.tr("Each customer's tags come from its quadrant and its "
                                       "track. Choose the tool that will import them.")))
        self.group = QButtonGroup(self)
        texts = {
            "intercom": (self.tr("&Intercom user import"),
                         self.tr("user_id, email and the tags as true/false attributes")),
            "hubspot": (self.tr("Hub&Spot contact import"),
                        self.tr("keyed by email, the tags in one property separated by ;")),
            "csv": (self.tr("&Plain CSV"),
                    self.tr("id, email, quadrant, track and tags, for anything else")),
        }
        for index, fmt in enumerate(self.FORMATS):
            button = QRadioButton(texts[fmt][0])
            button.setToolTip(texts[fmt][1])
            self.group.addButton(button, index)
            outer.addWidget(button)
            hint = _label(texts[fmt][1])
            hint.setIndent(24)
            hint.setStyleSheet("color: palette(placeholder-text);")
            outer.addWidget(hint)
        self.group.button(0).setChecked(True)
        self.per_tag = QCheckBox(self.tr("One file per &tag (Intercom: tag each imported "
                                         "list)"))
        outer.addWidget(self.per_tag)
        self.group.idToggled.connect(lambda _i, _on: self.per_tag.setEnabled(
            self.format() == "intercom"))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("Choose a &Location…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)

    def format(self) -> str:
        return self.FORMATS[max(self.group.checkedId(), 0)]

    def choose(self, fmt: str, per_tag: bool = False) -> None:
        self.group.button(self.FORMATS.index(fmt)).setChecked(True)
        self.per_tag.setChecked(per_tag and fmt == "intercom")

    def one_file_per_tag(self) -> bool:
        return self.per_tag.isChecked() and self.format() == "intercom"
