"""Dialogs of the Plan screen: the goal, a metric, the metric values at an assessment, an action
(also made from a next step), and a roadmap phase.

Each dialog only collects values and checks what it can (a number is a number, a title is not
blank); the caller turns them into an operation and sends it through `session.do`, so Undo
covers it and the rules stay in core. A value the workbook refuses keeps the dialog open with the
reason beside the buttons: nothing typed is lost.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QCompleter, QDateEdit, QDialog, QDialogButtonBox, QFormLayout,
    QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget,
)

from maturity_workbook.core import plan
from maturity_workbook.core.errors import OperationError
from maturity_workbook.ui import plan_texts
from maturity_workbook.ui.plan_texts import format_date, format_number, parse_number

ERROR_STYLE = "color: #b00020;"


def _qdate(value: str | date | None, fallback: date) -> QDate:
    day = value if isinstance(value, date) else date.fromisoformat(value) if value else fallback
    return QDate(day.year, day.month, day.day)


def _iso(qdate: QDate) -> str:
    return date(qdate.year(), qdate.month(), qdate.day()).isoformat()


def escape_mnemonic(text: str) -> str:
    """A name shown in a label that has a buddy: '&' would underline the next letter."""
    return text.replace("&", "&&")


class DateField(QWidget):
    """A date that may be left out: a check box that enables the date."""

    def __init__(self, what: str, value: str | None, fallback: date,
                 optional: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.enabled = QCheckBox(self.tr("Set"))
        self.enabled.setAccessibleName(self.tr("%1: set a date").replace("%1", what))
        self.edit = QDateEdit(_qdate(value, fallback))
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(plan_texts.date_pattern())
        self.edit.setAccessibleName(what)
        if optional:
            layout.addWidget(self.enabled)
            self.enabled.setChecked(value is not None)
            self.edit.setEnabled(value is not None)
            self.enabled.toggled.connect(self.edit.setEnabled)
            self.setFocusProxy(self.enabled)
        else:
            self.enabled.setChecked(True)
            self.setFocusProxy(self.edit)
        layout.addWidget(self.edit, 1)

    def value(self) -> str | None:
        return _iso(self.edit.date()) if self.enabled.isChecked() else None

    def set_value(self, value: str | None) -> None:
        self.enabled.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(_qdate(value, date.today()))


class PlanDialog(QDialog):
    """OK/Cancel, an error line, and `check` run before closing."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.layout_.addLayout(self.form)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.apply: Callable[[], Any] | None = None  # the caller's edit, run on OK

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.buttons)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    def check(self) -> str | None:
        """A reason the values cannot be used yet, or None."""
        return None

    def accept(self) -> None:
        problem = self.check()
        if problem:
            self.show_error(problem)
            return
        if self.apply is not None:
            try:
                self.apply()
            except OperationError as exc:
                self.show_error(plan_texts.refusal(exc))
                return
        super().accept()


# ------------------------------------------------------------------------------------ the goal


class GoalDialog(PlanDialog):
    """The company priority, the education goal and the date it holds from; when the goal
    changed, also which metrics carry over."""

    def __init__(self, goal: plan.Goal | None, since: date, parent: QWidget | None = None,
                 carry_from: list[plan.Metric] | None = None, title: str | None = None):
        super().__init__(title or self.tr("The Goal"), parent)
        intro = QLabel(self.tr("Start from what the company cares about most right now, then say "
                               "what education will achieve for it."))
        intro.setWordWrap(True)
        self.layout_.insertWidget(0, intro)
        self.priority = QComboBox()
        for pid in plan.PRIORITIES:
            self.priority.addItem(plan_texts.translated(plan_texts.PRIORITY_NAMES[pid]), pid)
        self.priority.insertSeparator(self.priority.count())
        self.priority.addItem(self.tr("In our own words…"), plan.OWN_PRIORITY)
        self.own = QLineEdit()
        self.own.setPlaceholderText(self.tr("The company's priority, as the team says it"))
        self.statement = QPlainTextEdit()
        self.statement.setTabChangesFocus(True)
        self.statement.setPlaceholderText(self.tr(
            "For example: new admins finish the onboarding path within 30 days"))
        self.statement.setFixedHeight(self.statement.fontMetrics().lineSpacing() * 4 + 12)
        self.since = DateField(self.tr("In force since"), (goal.since if goal else None)
                               or since.isoformat(), since, optional=False)
        self.form.addRow(self.tr("Company &priority:"), self.priority)
        self.form.addRow(self.tr("Our &words:"), self.own)
        self.form.addRow(self.tr("Education &goal:"), self.statement)
        self.form.addRow(self.tr("In force &since:"), self.since)
        self.carry_boxes: list[tuple[QCheckBox, str]] = []
        if carry_from:
            box = QGroupBox(self.tr("Metrics to carry over (their values stay in the trend)"))
            column = QVBoxLayout(box)
            for metric in carry_from:
                check = QCheckBox(escape_mnemonic(metric.name))
                check.setChecked(True)
                column.addWidget(check)
                self.carry_boxes.append((check, metric.id))
            self.layout_.addWidget(box)
        if goal is not None:
            index = self.priority.findData(goal.priority)
            self.priority.setCurrentIndex(index if index >= 0 else self.priority.count() - 1)
            self.own.setText(goal.own_priority)
            self.statement.setPlainText(goal.statement)
        self.priority.currentIndexChanged.connect(self._priority_changed)
        self._priority_changed()
        self.finish_layout()

    def _priority_changed(self) -> None:
        self.own.setEnabled(self.priority.currentData() == plan.OWN_PRIORITY)

    def check(self) -> str | None:
        if self.priority.currentData() == plan.OWN_PRIORITY and not self.own.text().strip():
            return self.tr("Say the company's priority in your own words, or pick one of the "
                           "list.")
        return None

    def fields(self) -> dict[str, Any]:
        own = self.priority.currentData() == plan.OWN_PRIORITY
        return {"priority": self.priority.currentData(),
                "own_priority": self.own.text().strip() if own else "",
                "statement": self.statement.toPlainText().strip(), "since": self.since.value()}

    def carry(self) -> tuple[str, ...]:
        return tuple(mid for check, mid in self.carry_boxes if check.isChecked())


# -------------------------------------------------------------------------------------- metrics


class NumberField(QLineEdit):
    def __init__(self, value: float | None, what: str, parent: QWidget | None = None):
        super().__init__(format_number(value), parent)
        self.what = what
        self.setAccessibleName(what)

    def value(self) -> tuple[bool, float | None]:
        return parse_number(self.text())


class MetricDialog(PlanDialog):
    def __init__(self, metric: plan.Metric | None, today: date,
                 parent: QWidget | None = None):
        super().__init__(self.tr("Metric") if metric else self.tr("New Metric"), parent)
        self.name = QLineEdit(metric.name if metric else "")
        self.name.setPlaceholderText(self.tr("What you count, for example onboarding "
                                             "completion"))
        self.unit = QLineEdit(metric.unit if metric else "")
        self.unit.setPlaceholderText(self.tr("%, days, accounts, tickets per 100 accounts…"))
        self.baseline = NumberField(metric.baseline if metric else None, self.tr("Baseline"))
        self.baseline_date = DateField(self.tr("Baseline measured on"),
                                       metric.baseline_date if metric else None, today)
        self.target = NumberField(metric.target if metric else None, self.tr("Target"))
        self.target_date = DateField(self.tr("Target date"),
                                     metric.target_date if metric else None, today)
        self.source = QLineEdit(metric.source if metric else "")
        self.source.setPlaceholderText(self.tr("Where the number comes from: a report, a tool, "
                                               "a survey"))
        self.form.addRow(self.tr("&Name:"), self.name)
        self.form.addRow(self.tr("&Unit:"), self.unit)
        for text, number, day in ((self.tr("&Baseline:"), self.baseline, self.baseline_date),
                                  (self.tr("&Target:"), self.target, self.target_date)):
            label = QLabel(text)
            label.setBuddy(number)
            self.form.addRow(label, self._pair(number, day))
        self.form.addRow(self.tr("S&ource:"), self.source)
        self.finish_layout()

    def _pair(self, number: NumberField, day: DateField) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(number, 2)
        layout.addWidget(QLabel(self.tr("on")))
        layout.addWidget(day, 3)
        return row

    def check(self) -> str | None:
        if not self.name.text().strip():
            return self.tr("Give the metric a name.")
        for field in (self.baseline, self.target):
            if not field.value()[0]:
                return self.tr("%1 is not a number.").replace("%1", field.what)
        return None

    def fields(self) -> dict[str, Any]:
        return {"name": self.name.text().strip(), "unit": self.unit.text().strip(),
                "baseline": self.baseline.value()[1], "baseline_date": self.baseline_date.value(),
                "target": self.target.value()[1], "target_date": self.target_date.value(),
                "source": self.source.text().strip()}


class ActualsDialog(PlanDialog):
    """The value of each metric at one assessment (the metrics of the goal then in force)."""

    def __init__(self, workbook, assessment_id: str | None, parent: QWidget | None = None):
        super().__init__(self.tr("Metric Values"), parent)
        self.workbook = workbook
        self.assessment = QComboBox()
        for a in reversed(workbook.ordered_assessments()):
            self.assessment.addItem(self.tr("%1 — %2").replace("%1", format_date(a.date))
                                    .replace("%2", a.title), a.id)
        if assessment_id is not None:
            self.assessment.setCurrentIndex(max(0, self.assessment.findData(assessment_id)))
        self.form.addRow(self.tr("&Assessment:"), self.assessment)
        self.grid_box = QWidget()
        self.grid = QGridLayout(self.grid_box)
        self.grid.setContentsMargins(0, 6, 0, 0)
        self.layout_.addWidget(self.grid_box)
        self.rows: list[tuple[plan.Metric, NumberField, str | None, float | None]] = []
        self.assessment.currentIndexChanged.connect(self._fill)
        self._fill()
        self.finish_layout()

    def _fill(self) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.rows.clear()
        a = self.workbook.assessments.get(self.assessment.currentData())
        goal = plan.goal_at(self.workbook, a) if a else None
        metrics = plan.metrics_of(self.workbook, goal)
        if not metrics:
            empty = QLabel(self.tr("No goal with metrics was in force at this assessment. Set "
                                   "the goal and its metrics first, from a date on or before "
                                   "it."))
            empty.setWordWrap(True)
            self.grid.addWidget(empty, 0, 0, 1, 3)
            return
        for row, metric in enumerate(metrics):
            found = plan.actual_at(self.workbook, metric, a.id)
            field = NumberField(found.value if found else None, metric.name)
            label = QLabel(escape_mnemonic(metric.name) + (
                f" ({escape_mnemonic(metric.unit)})" if metric.unit else ""))
            label.setBuddy(field)
            label.setWordWrap(True)
            hint = QLabel(self._hint(metric))
            hint.setStyleSheet("color: palette(placeholder-text);")
            self.grid.addWidget(label, row, 0)
            self.grid.addWidget(field, row, 1)
            self.grid.addWidget(hint, row, 2)
            self.rows.append((metric, field, found.metric_id if found else None,
                              found.value if found else None))
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 2)
        self.grid.setColumnStretch(2, 3)
        self.rows[0][1].setFocus()

    def _hint(self, metric: plan.Metric) -> str:
        parts = []
        if metric.baseline is not None:
            parts.append(self.tr("baseline %1").replace("%1", format_number(metric.baseline)))
        if metric.target is not None:
            parts.append(self.tr("target %1").replace("%1", format_number(metric.target)))
        return self.tr(", ").join(parts)

    def check(self) -> str | None:
        for metric, field, _, _ in self.rows:
            if not field.value()[0]:
                return self.tr("The value of %1 is not a number.").replace("%1", metric.name)
        return None

    def assessment_id(self) -> str | None:
        return self.assessment.currentData()

    def changes(self) -> list[tuple[str, float | None]]:
        """(metric id, value or None) for each value typed differently from what was there; a
        value recorded on the metric this one continues is changed there."""
        out = []
        for metric, field, owner, before in self.rows:
            value = field.value()[1]
            if value != before:
                out.append((owner or metric.id, value))
        return out


# -------------------------------------------------------------------------------------- actions


class ActionDialog(PlanDialog):
    """An action: what, which function (and item), who, by when, its status, phase and note."""

    def __init__(self, values: dict[str, Any], framework, phases: list[plan.Phase],
                 owners: list[str], today: date, title: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(title or self.tr("Action"), parent)
        self.framework = framework
        self.title_edit = QLineEdit(values.get("title", ""))
        self.title_edit.setPlaceholderText(self.tr("What will be done, in a few words"))
        self.function = QComboBox()
        known = []
        if framework is not None:
            for dimension in framework.dimensions:
                self.function.addItem(dimension.name, dimension.id)
                known.append(dimension.id)
        dimension_id = values.get("dimension_id", plan.PROGRAM)
        if dimension_id not in known and dimension_id != plan.PROGRAM:
            self.function.addItem(dimension_id, dimension_id)  # from another framework
        self.function.addItem(self.tr("Whole program"), plan.PROGRAM)
        self.function.setCurrentIndex(max(0, self.function.findData(dimension_id)))
        self.item = QComboBox()
        self.item.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.item.setMinimumContentsLength(30)
        self._wanted_item = values.get("item_id", "")
        self.owner = QLineEdit(values.get("owner", ""))
        self.owner.setPlaceholderText(self.tr("Who makes it happen"))
        completer = QCompleter(sorted(set(owners), key=str.casefold), self.owner)
        completer.setCaseSensitivity(Qt.CaseInsensitive)
        self.owner.setCompleter(completer)
        self.due = DateField(self.tr("Due date"), values.get("due"), today)
        self.status = QComboBox()
        for status in plan.STATUSES:
            self.status.addItem(plan_texts.status_name(status), status)
        self.status.setCurrentIndex(max(0, self.status.findData(values.get("status",
                                                                           plan.PLANNED))))
        self.phase = QComboBox()
        self.phase.addItem(self.tr("No phase"), None)
        for phase in phases:
            self.phase.addItem(plan_texts.phase_name(phase), phase.id)
        self.phase.setCurrentIndex(max(0, self.phase.findData(values.get("phase_id"))))
        self.note = QPlainTextEdit(values.get("note", ""))
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 3 + 12)
        self.form.addRow(self.tr("&Title:"), self.title_edit)
        self.form.addRow(self.tr("F&unction:"), self.function)
        self.form.addRow(self.tr("&Item:"), self.item)
        self.form.addRow(self.tr("&Owner:"), self.owner)
        self.form.addRow(self.tr("&Due:"), self.due)
        self.form.addRow(self.tr("&Status:"), self.status)
        self.form.addRow(self.tr("&Phase:"), self.phase)
        self.form.addRow(self.tr("&Note:"), self.note)
        self._fill_items()
        self.function.currentIndexChanged.connect(self._fill_items)
        self.finish_layout()

    def _fill_items(self) -> None:
        wanted, self._wanted_item = self._wanted_item, ""  # a new function starts with none
        self.item.clear()
        self.item.addItem(self.tr("No particular item"), "")
        dimension_id = self.function.currentData()
        if self.framework is not None:
            for dimension in self.framework.dimensions:
                if dimension.id == dimension_id:
                    for item in dimension.items:
                        self.item.addItem(item.prompt, item.id)
                        self.item.setItemData(self.item.count() - 1, item.prompt,
                                              Qt.ToolTipRole)
        index = self.item.findData(wanted)
        if index < 0 and wanted:
            self.item.addItem(wanted, wanted)  # an item the framework does not have
            index = self.item.count() - 1
        self.item.setCurrentIndex(max(0, index))

    def check(self) -> str | None:
        if not self.title_edit.text().strip():
            return self.tr("Give the action a title.")
        return None

    def fields(self) -> dict[str, Any]:
        return {"title": self.title_edit.text().strip(),
                "dimension_id": self.function.currentData(),
                "item_id": self.item.currentData() or "", "owner": self.owner.text().strip(),
                "due": self.due.value(), "status": self.status.currentData(),
                "phase_id": self.phase.currentData(), "note": self.note.toPlainText().strip()}


# -------------------------------------------------------------------------------------- phases


class PhaseDialog(PlanDialog):
    def __init__(self, phase: plan.Phase | None, framework, today: date,
                 parent: QWidget | None = None):
        super().__init__(self.tr("Roadmap Phase"), parent)
        self.name = QLineEdit(phase.name if phase else "")
        self.name.setPlaceholderText(self.tr("Optional: the horizon names it otherwise"))
        self.horizon = QComboBox()
        for horizon in plan.HORIZONS:
            self.horizon.addItem(plan_texts.translated(plan_texts.HORIZON_NAMES[horizon]),
                                 horizon)
        self.horizon.setCurrentIndex(max(0, self.horizon.findData(
            phase.horizon if phase else plan.NEXT_REASSESSMENT)))
        self.until = DateField(self.tr("Ends on"), phase.until if phase else None, today,
                               optional=False)
        self.form.addRow(self.tr("&Name:"), self.name)
        self.form.addRow(self.tr("&When:"), self.horizon)
        self.form.addRow(self.tr("Ends &on:"), self.until)
        self.targets: dict[str, QComboBox] = {}
        box = QGroupBox(self.tr("Target stage per function"))
        targets_form = QFormLayout(box)
        current = plan.Phase("", "", "", None, {}) if phase is None else phase
        if framework is not None:
            for dimension in framework.dimensions:
                combo = QComboBox()
                combo.addItem(self.tr("No target"), None)
                for stage in framework.stages:
                    combo.addItem(self.tr("%1 · %2").replace("%1", str(stage.level))
                                  .replace("%2", stage.name), stage.level)
                level = current.targets.get(dimension.id)
                combo.setCurrentIndex(max(0, combo.findData(
                    int(level) if level is not None else None)))
                combo.setAccessibleName(dimension.name)
                targets_form.addRow(escape_mnemonic(dimension.name) + ":", combo)
                self.targets[dimension.id] = combo
        self.layout_.addWidget(box)
        self.horizon.currentIndexChanged.connect(self._horizon_changed)
        self._horizon_changed()
        self.finish_layout()
        self._others = {k: v for k, v in current.targets.items() if k not in self.targets}

    def _horizon_changed(self) -> None:
        self.until.setEnabled(self.horizon.currentData() == plan.DATED)

    def fields(self) -> dict[str, Any]:
        targets = dict(self._others)  # targets of functions this framework does not have stay
        for dimension_id, combo in self.targets.items():
            if combo.currentData() is not None:
                targets[dimension_id] = combo.currentData()
        dated = self.horizon.currentData() == plan.DATED
        return {"name": self.name.text().strip(), "horizon": self.horizon.currentData(),
                "until": self.until.value() if dated else None, "targets": targets}
