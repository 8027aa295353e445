"""The Plan screen: the goal the program serves and its metrics, the action plan, the roadmap.

Goal first (002): the company priority and the education goal at the top, with 1-5 metrics, their
values at each assessment and their trend; then the actions (who does what by when, filtered by
function, phase or status); then the roadmap phases with a target stage per function.

Every edit is an operation sent through `session.do`, so Edit > Undo takes back any of them.
Keys: Enter or a double click edits the selected row, Delete removes it; the buttons have Alt
keys (none on F, E, V or H, which the menu bar uses).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QBoxLayout, QComboBox, QFrame, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
    QScrollArea, QVBoxLayout, QWidget,
)

from maturity_workbook.core import action_plan, plan
from maturity_workbook.core.errors import OperationError
from maturity_workbook.core.ops import AddRecord, Batch, Label, RemoveRecord, UpdateRecord
from maturity_workbook.core.ops import plan_ops
from maturity_workbook.ui import dialogs, plan_texts
from maturity_workbook.ui.plan_dialogs import (
    ActionDialog, ActualsDialog, GoalDialog, MetricDialog, PhaseDialog,
)
from maturity_workbook.ui.plan_texts import format_date, format_number, function_name
from maturity_workbook.ui.plan_widgets import (
    WARN, MetricChartPanel, affects_plan, framework_of, metric_series,
)
from maturity_workbook.ui.record_table import ID_ROLE, RowTable

SHOW_OPEN, SHOW_OVERDUE, SHOW_ALL = "open", "overdue", "all"
SIDE_BY_SIDE = 1400  # from this width the metric chart stands beside the metrics table
CHART_HEIGHT = 280


def _button(text: str, slot, tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(slot)
    if tip:
        button.setToolTip(tip)
    return button


class PlanScreen(QWidget):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.today = date.today()
        self._dirty = True
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 6, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        body = QWidget()
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(0, 0, 6, 0)
        scroll.setWidget(body)
        outer.addWidget(scroll)
        self._build_goal()
        self._build_actions()
        self._build_roadmap()
        self.body.addStretch(1)
        self.editors = [self.goal_button, self.change_button, self.remove_goal_button,
                        self.add_metric, self.edit_metric, self.remove_metric,
                        self.record_values, self.new_action, self.edit_action, self.mark_done,
                        self.remove_action, self.add_phase, self.edit_phase, self.remove_phase]
        session.changed.connect(self._on_change)
        self.refresh()

    # -- building

    def _build_goal(self) -> None:
        box = QGroupBox(self.tr("Goal"))
        layout = QVBoxLayout(box)
        self.priority = QLabel()
        font = self.priority.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.priority.setFont(font)
        self.priority.setTextFormat(Qt.PlainText)
        self.priority.setWordWrap(True)
        self.statement = QLabel()
        self.statement.setTextFormat(Qt.PlainText)
        self.statement.setWordWrap(True)
        self.since = QLabel()
        self.since.setStyleSheet("color: palette(placeholder-text);")
        buttons = QHBoxLayout()
        self.goal_button = _button(self.tr("Set the &Goal…"), self.edit_goal)
        self.change_button = _button(
            self.tr("The Goal &Changed…"), self.change_goal,
            self.tr("Start a new version of the goal from a date; the earlier one stays in "
                    "History"))
        self.remove_goal_button = _button(self.tr("Remove This Version…"), self.remove_goal)
        for button in (self.goal_button, self.change_button, self.remove_goal_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for widget in (self.priority, self.statement, self.since):
            layout.addWidget(widget)
        layout.addLayout(buttons)

        self.metrics_row = QBoxLayout(QBoxLayout.TopToBottom)
        left = QVBoxLayout()
        self.metrics = RowTable([self.tr("Metric"), self.tr("Baseline"), self.tr("Target"),
                                 self.tr("Latest"), self.tr("Progress"), self.tr("Source")],
                                min_rows=1, max_rows=plan.MAX_METRICS)
        self.metrics.setAccessibleName(self.tr("Metrics"))
        self.metrics.edit_row = self.edit_selected_metric
        self.metrics.remove_row = self.remove_selected_metric
        header = self.metrics.horizontalHeader()
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setSectionResizeMode(5, QHeaderView.Stretch)
        left.addWidget(self.metrics)
        metric_buttons = QHBoxLayout()
        self.add_metric = _button(self.tr("Add &Metric…"), self.new_metric)
        self.edit_metric = _button(self.tr("Ed&it Metric…"), self.edit_selected_metric)
        self.remove_metric = _button(self.tr("Remove Metric"), self.remove_selected_metric)
        self.record_values = _button(
            self.tr("Record Va&lues…"), self.record_actuals,
            self.tr("The value of each metric at an assessment"))
        for button in (self.add_metric, self.edit_metric, self.remove_metric,
                       self.record_values):
            metric_buttons.addWidget(button)
        metric_buttons.addStretch(1)
        left.addLayout(metric_buttons)
        left.addStretch(1)
        self.metrics_row.addLayout(left, 3)
        self.chart = MetricChartPanel()
        self.chart.setFixedHeight(CHART_HEIGHT)
        self.metrics_row.addWidget(self.chart, 2)
        layout.addLayout(self.metrics_row)
        self.body.addWidget(box)

    def _build_actions(self) -> None:
        box = QGroupBox(self.tr("Action Plan"))
        layout = QVBoxLayout(box)
        filters = QHBoxLayout()
        self.function_filter = QComboBox()
        self.phase_filter = QComboBox()
        self.show_filter = QComboBox()
        for value, text in ((SHOW_OPEN, self.tr("Open")), (SHOW_OVERDUE, self.tr("Overdue")),
                            (SHOW_ALL, self.tr("All")), (plan.DONE, self.tr("Done")),
                            (plan.DROPPED, self.tr("Dropped"))):
            self.show_filter.addItem(text, value)
        for text, combo in ((self.tr("F&unction:"), self.function_filter),
                            (self.tr("&Phase:"), self.phase_filter),
                            (self.tr("&Show:"), self.show_filter)):
            label = QLabel(text)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo, 1)
            combo.activated.connect(lambda _i: self._show_actions())
        layout.addLayout(filters)
        self.overdue = QLabel()
        self.overdue.setTextFormat(Qt.PlainText)
        self.overdue.setStyleSheet(f"color: {WARN}; font-weight: bold;")
        layout.addWidget(self.overdue)
        self.actions = RowTable([self.tr("Action"), self.tr("Function"), self.tr("Owner"),
                                 self.tr("Due"), self.tr("Status"), self.tr("Last Changed"),
                                 self.tr("Phase")], min_rows=4, max_rows=14)
        self.actions.setAccessibleName(self.tr("Actions"))
        self.actions.edit_row = self.edit_selected_action
        self.actions.remove_row = self.remove_selected_action
        header = self.actions.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for column in range(1, 7):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        layout.addWidget(self.actions)
        buttons = QHBoxLayout()
        self.new_action = _button(self.tr("&New Action…"), self.add_action)
        self.edit_action = _button(self.tr("Edi&t Action…"), self.edit_selected_action)
        self.mark_done = _button(self.tr("Mark &Done"), self.mark_selected_done)
        self.remove_action = _button(self.tr("Remove Action"), self.remove_selected_action)
        for button in (self.new_action, self.edit_action, self.mark_done, self.remove_action):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.body.addWidget(box)

    def _build_roadmap(self) -> None:
        box = QGroupBox(self.tr("Roadmap"))
        layout = QVBoxLayout(box)
        self.phases = RowTable([self.tr("Phase"), self.tr("Ends"), self.tr("Target Stages"),
                                self.tr("Open Actions")], min_rows=2, max_rows=6)
        self.phases.setAccessibleName(self.tr("Roadmap phases"))
        self.phases.edit_row = self.edit_selected_phase
        self.phases.remove_row = self.remove_selected_phase
        header = self.phases.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeToContents)
        layout.addWidget(self.phases)
        buttons = QHBoxLayout()
        self.add_phase = _button(self.tr("Add Ph&ase…"), self.new_phase)
        self.edit_phase = _button(self.tr("Edit Phase…"), self.edit_selected_phase)
        self.remove_phase = _button(self.tr("Remove Phase"), self.remove_selected_phase)
        for button in (self.add_phase, self.edit_phase, self.remove_phase):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.body.addWidget(box)

    # -- refreshing

    def _on_change(self, change) -> None:
        if not affects_plan(change):
            return
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        wide = event.size().width() >= SIDE_BY_SIDE
        self.metrics_row.setDirection(QBoxLayout.LeftToRight if wide
                                      else QBoxLayout.TopToBottom)

    @property
    def framework(self):
        return framework_of(self.session)

    def refresh(self) -> None:
        self._dirty = False
        wb = self.session.workbook
        framework = self.framework
        order = [d.id for d in framework.dimensions] if framework else []
        status = action_plan.plan_status(wb, self.today, order)
        self._show_goal(status)
        self._show_metrics(status)
        self._fill_filters(framework)
        self._show_actions()
        self._show_phases(framework)
        self._update_buttons(status)

    def _show_goal(self, status) -> None:
        goal = status.goal
        versions = plan.goal_versions(self.session.workbook)
        if goal is None:
            self.priority.setText(self.tr("No goal yet"))
            self.statement.setText(self.tr(
                "Begin with the end in mind: pick the company priority the program serves, say "
                "what education will achieve for it, and choose 1 to 5 metrics to follow."))
            self.since.setVisible(False)
            self.goal_button.setText(self.tr("Set the &Goal…"))
            return
        self.since.setVisible(True)
        self.priority.setText(plan_texts.priority_name(goal) or self.tr("(no company priority)"))
        self.statement.setText(goal.statement or self.tr("(no education goal written yet)"))
        since = self.tr("In force since %1").replace("%1", format_date(goal.since))
        earlier = len(versions) - 1
        if earlier:
            since += " · " + self.tr("%n earlier version(s) kept for History", "", earlier)
        self.since.setText(since)
        self.since.setToolTip("\n".join(
            self.tr("%1: %2").replace("%1", format_date(g.since)).replace(
                "%2", plan_texts.priority_name(g)) for g in versions))
        self.goal_button.setText(self.tr("Edit the &Goal…"))

    def _show_metrics(self, status) -> None:
        rows = []
        for item in status.metrics:
            m = item.metric
            name = m.name + (f" ({m.unit})" if m.unit else "")
            progress = "" if item.progress is None else self.tr("%1%").replace(
                "%1", format_number(round(item.progress * 100)))
            rows.append((m.id, [name, _dated(m.baseline, m.baseline_date),
                                _dated(m.target, m.target_date), format_number(item.latest),
                                progress, m.source]))
        self.metrics.fill(rows)
        self.chart.setVisible(bool(status.metrics))  # no empty chart taking the screen
        self.chart.show_metrics(metric_series(self.session.workbook, status))

    def _fill_filters(self, framework) -> None:
        wb = self.session.workbook
        used = {a.dimension_id for a in wb.collection(plan.ACTIONS).values()}
        functions = [(None, self.tr("All functions"))]
        if framework is not None:
            functions += [(d.id, d.name) for d in framework.dimensions]
        known = {f for f, _ in functions}
        functions += [(d, d) for d in sorted(used - known - {plan.PROGRAM})]
        functions.append((plan.PROGRAM, self.tr("Whole program")))
        phases = [(None, self.tr("All phases"))] + [
            (p.id, plan_texts.phase_name(p)) for p in action_plan.ordered_phases(wb, self.today)]
        phases.append(("", self.tr("No phase")))
        for combo, entries in ((self.function_filter, functions), (self.phase_filter, phases)):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for value, text in entries:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def shown_actions(self) -> list[plan.Action]:
        """The actions the filters let through, by function (framework order), then due."""
        wb = self.session.workbook
        show = self.show_filter.currentData()
        function = self.function_filter.currentData()
        phase = self.phase_filter.currentData()
        phases = wb.collection(plan.PHASES)
        chosen = []
        for action in action_plan.actions(wb):
            if show == SHOW_OPEN and not action.is_open or show == SHOW_OVERDUE and \
                    not action_plan.is_overdue(action, self.today) or \
                    show in (plan.DONE, plan.DROPPED) and action.status != show:
                continue
            if function is not None and action.dimension_id != function:
                continue
            in_phase = action.phase_id if action.phase_id in phases else ""
            if phase is not None and in_phase != phase:
                continue
            chosen.append(action)
        framework = self.framework
        order = [d.id for d in framework.dimensions] if framework else []
        return [a for _, items in action_plan.by_function(chosen, order) for a in items]

    def _show_actions(self) -> None:
        wb = self.session.workbook
        framework = self.framework
        phases = wb.collection(plan.PHASES)
        rows = []
        late = set()
        for action in self.shown_actions():
            if action_plan.is_overdue(action, self.today):
                late.add(action.id)
            rows.append((action.id, [
                action.title, function_name(framework, action.dimension_id), action.owner,
                format_date(action.due), plan_texts.status_name(action.status),
                format_date(action.status_changed),
                plan_texts.phase_name(phases.get(action.phase_id)) if action.phase_id in phases
                else ""]))
        self.actions.fill(rows)
        for r in range(self.actions.rowCount()):
            if self.actions.item(r, 0).data(ID_ROLE) in late:
                self.actions.item(r, 3).setForeground(QColor(WARN))
                self.actions.item(r, 3).setToolTip(self.tr("Overdue"))
        overdue = len(action_plan.overdue_actions(wb, self.today))
        self.overdue.setText(self.tr("%n action(s) overdue", "", overdue) if overdue else "")
        self.overdue.setVisible(bool(overdue))

    def _show_phases(self, framework) -> None:
        wb = self.session.workbook
        rows = []
        for phase in action_plan.ordered_phases(wb, self.today):
            end = action_plan.phase_end(wb, phase, self.today)
            targets = [self.tr("%1: %2").replace("%1", function_name(framework, dimension))
                       .replace("%2", _stage(framework, level))
                       for dimension, level in _in_order(phase.targets, framework)]
            actions = [a for a in wb.collection(plan.ACTIONS).values() if a.phase_id == phase.id]
            open_count = sum(1 for a in actions if a.is_open)
            rows.append((phase.id, [plan_texts.phase_name(phase),
                                    format_date(end) if end else self.tr("after the first "
                                                                         "assessment"),
                                    self.tr("; ").join(targets) or self.tr("none"),
                                    self.tr("%1 of %2").replace("%1", str(open_count))
                                    .replace("%2", str(len(actions)))]))
        self.phases.fill(rows)
        for r, phase in enumerate(action_plan.ordered_phases(wb, self.today)):
            end = action_plan.phase_end(wb, phase, self.today)
            if end is not None and end < self.today:
                self.phases.item(r, 1).setForeground(QColor(WARN))
                self.phases.item(r, 1).setToolTip(self.tr("This date has passed"))

    def _update_buttons(self, status) -> None:
        editable = not self.session.read_only
        for button in self.editors:
            button.setEnabled(editable)
        if not editable:
            return
        has_goal = status.goal is not None
        self.change_button.setEnabled(has_goal)
        self.remove_goal_button.setEnabled(has_goal)
        self.add_metric.setEnabled(has_goal and len(status.metrics) < plan.MAX_METRICS)
        for button in (self.edit_metric, self.remove_metric):
            button.setEnabled(bool(status.metrics))
        self.record_values.setEnabled(bool(status.metrics) and bool(
            self.session.workbook.assessments))
        for button in (self.edit_action, self.mark_done, self.remove_action):
            button.setEnabled(self.actions.rowCount() > 0)
        for button in (self.edit_phase, self.remove_phase):
            button.setEnabled(self.phases.rowCount() > 0)

    # -- edits

    def _do(self, operation) -> bool:
        """Apply an edit with undo; a refusal is said, not raised. True when applied."""
        if self.session.read_only:
            return False
        try:
            self.session.do(operation)
        except OperationError as exc:
            dialogs.warn(self, self.tr("Not Changed"), plan_texts.refusal(exc))
            return False
        return True

    def _run(self, dialog, apply) -> bool:
        """Show a dialog whose OK runs `apply` (its errors keep the dialog open)."""
        if self.session.read_only:
            return False
        dialog.apply = apply
        return bool(dialog.exec())

    def _first_goal_day(self) -> date:
        """A first goal holds from the first assessment: the team states what it served."""
        first = self.session.workbook.ordered_assessments()
        return first[0].day if first else self.today

    def edit_goal(self) -> None:
        goal = plan.current_goal(self.session.workbook)
        dialog = GoalDialog(goal, self._first_goal_day(), self)
        if goal is None:
            self._run(dialog, lambda: self.session.do(AddRecord(plan.GOALS, dialog.fields())))
        else:
            self._run(dialog, lambda: self.session.do(
                UpdateRecord(plan.GOALS, goal.id, dialog.fields())))

    def change_goal(self) -> None:
        wb = self.session.workbook
        goal = plan.current_goal(wb)
        if goal is None:
            return self.edit_goal()
        dialog = GoalDialog(None, max(self.today, date.fromisoformat(goal.since)), self,
                            carry_from=plan.metrics_of(wb, goal),
                            title=self.tr("The Goal Changed"))
        self._run(dialog, lambda: self.session.do(
            plan_ops.ChangeGoal(dialog.fields(), dialog.carry())))

    def remove_goal(self) -> None:
        goal = plan.current_goal(self.session.workbook)
        if goal is not None and dialogs.confirm(
                self, self.tr("Remove This Version"),
                self.tr("Remove the goal in force since %1 with its metrics and their values? "
                        "Edit > Undo brings them back.").replace("%1", format_date(goal.since)),
                self.tr("Remove")):
            self._do(plan_ops.RemoveGoal(goal.id))

    def new_metric(self) -> None:
        goal = plan.current_goal(self.session.workbook)
        if goal is None:
            return
        dialog = MetricDialog(None, self.today, self)
        self._run(dialog, lambda: self.session.do(AddRecord(plan.METRICS, {
            **dialog.fields(), "goal_id": goal.id,
            "position": plan_ops.next_position(self.session.workbook, goal.id)})))

    def edit_selected_metric(self) -> None:
        metric = self.session.workbook.collection(plan.METRICS).get(self.metrics.selected_id())
        if metric is None:
            return
        dialog = MetricDialog(metric, self.today, self)
        self._run(dialog, lambda: self.session.do(
            UpdateRecord(plan.METRICS, metric.id, dialog.fields())))

    def remove_selected_metric(self) -> None:
        metric_id = self.metrics.selected_id()
        if metric_id is not None:
            self._do(plan_ops.RemoveMetric(metric_id))

    def record_actuals(self, assessment_id: str | None = None) -> None:
        wb = self.session.workbook
        latest = wb.latest(final_only=False)
        dialog = ActualsDialog(wb, assessment_id or (latest.id if latest else None), self)

        def apply() -> None:
            aid = dialog.assessment_id()
            steps = tuple(plan_ops.SetActual(mid, aid, value) for mid, value in dialog.changes())
            if steps:
                self.session.do(Batch(steps, Label.RECORD_CHANGED))

        self._run(dialog, apply)

    def _owners(self) -> list[str]:
        wb = self.session.workbook
        return [a.owner for a in wb.collection(plan.ACTIONS).values() if a.owner] + [
            p.name for p in wb.participants.values()]

    def _action_dialog(self, values: dict, title: str) -> ActionDialog:
        phases = action_plan.ordered_phases(self.session.workbook, self.today)
        return ActionDialog(values, self.framework, phases, self._owners(), self.today,
                            title=title, parent=self)

    def add_action(self) -> None:
        function = self.function_filter.currentData()
        phase = self.phase_filter.currentData()
        dialog = self._action_dialog({"dimension_id": function if function is not None else
                                      self._bottleneck(), "phase_id": phase or None},
                                     self.tr("New Action"))
        self._run(dialog, lambda: self.session.do(
            plan_ops.AddAction(dialog.fields(), self.today)))

    def _bottleneck(self) -> str:
        """A new action's function by default: the bottleneck of the latest assessment, else
        the framework's first function."""
        from maturity_workbook.core.scoring import score_assessment

        framework = self.framework
        if framework is None:
            return plan.PROGRAM
        latest = self.session.workbook.latest(final_only=True)
        if latest is not None:
            levels = set(framework.levels)
            ratings = {item: level for item, level in latest.agreed_ratings().items()
                       if not isinstance(level, int) or level in levels}
            bottleneck = score_assessment(framework, ratings).bottleneck
            if bottleneck is not None:
                return bottleneck.id
        return framework.dimensions[0].id

    def edit_selected_action(self) -> None:
        action = self.session.workbook.collection(plan.ACTIONS).get(self.actions.selected_id())
        if action is None:
            return
        values = {name: getattr(action, name) for name in plan.ACTION_KIND.field_names}
        dialog = self._action_dialog(values, self.tr("Action"))
        self._run(dialog, lambda: self.session.do(
            plan_ops.UpdateAction(action.id, dialog.fields(), self.today)))

    def mark_selected_done(self) -> None:
        action_id = self.actions.selected_id()
        if action_id is not None:
            self._do(plan_ops.UpdateAction(action_id, {"status": plan.DONE}, self.today))

    def remove_selected_action(self) -> None:
        action_id = self.actions.selected_id()
        if action_id is not None:
            self._do(RemoveRecord(plan.ACTIONS, action_id))

    def new_phase(self) -> None:
        dialog = PhaseDialog(None, self.framework, self.today, self)
        self._run(dialog, lambda: self.session.do(AddRecord(plan.PHASES, dialog.fields())))

    def edit_selected_phase(self) -> None:
        phase = self.session.workbook.collection(plan.PHASES).get(self.phases.selected_id())
        if phase is None:
            return
        dialog = PhaseDialog(phase, self.framework, self.today, self)
        self._run(dialog, lambda: self.session.do(
            UpdateRecord(plan.PHASES, phase.id, dialog.fields())))

    def remove_selected_phase(self) -> None:
        phase_id = self.phases.selected_id()
        if phase_id is not None:
            self._do(plan_ops.RemovePhase(phase_id))


def _in_order(targets: dict, framework) -> list[tuple[str, int]]:
    order = {d.id: i for i, d in enumerate(framework.dimensions)} if framework else {}
    return sorted(targets.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))


def _stage(framework, level) -> str:
    """'3 · Scaling' when the framework names the level, else the number."""
    if framework is not None:
        for stage in framework.stages:
            if stage.level == level:
                return QCoreApplication.translate("PlanScreen", "%1 · %2").replace(
                    "%1", str(stage.level)).replace("%2", stage.name)
    return format_number(level)


def _dated(value: float | None, day: str | None) -> str:
    if value is None:
        return ""
    if not day:
        return format_number(value)
    return QCoreApplication.translate("PlanScreen", "%1 (%2)").replace(
        "%1", format_number(value)).replace("%2", format_date(day))
