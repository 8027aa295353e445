"""An open workbook: its name and file, the save state, and the Overview, Assess, History and
Plan screens."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from maturity_workbook.core.ops import What
from maturity_workbook.ui.zoom import emphasize
from maturity_workbook.ui.i18n import isolate



class WorkbookView(QWidget):
    OVERVIEW, ASSESS, HISTORY, PLAN, CUSTOMERS = range(5)
    wizardChanged = Signal()  # the Assess screen opened or closed a wizard

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)

        header = QHBoxLayout()
        self.title = QLabel()
        emphasize(self.title, 1.4, bold=True)
        header.addWidget(self.title)
        self.file_label = QLabel()
        self.file_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.file_label.setStyleSheet("color: palette(placeholder-text);")
        header.addWidget(self.file_label, 1)
        self.save_label = QLabel()
        self.save_label.setAccessibleName(self.tr("Save state"))
        header.addWidget(self.save_label)
        layout.addLayout(header)

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff4ce; color: #3b2f00; padding: 6px; "
                                  "border: 1px solid #e0c060; border-radius: 4px;")
        self.banner.setVisible(False)
        layout.addWidget(self.banner)
        self.participant_banner = QLabel()  # a participant file: whose, and what to do with it
        self.participant_banner.setWordWrap(True)
        self.participant_banner.setTextFormat(Qt.PlainText)
        self.participant_banner.setAccessibleName(self.tr("Participant file"))
        self.participant_banner.setStyleSheet(
            "background: #e6f4ea; color: #0d3b1e; padding: 8px; border: 1px solid #7cc08f; "
            "border-radius: 4px; font-weight: bold;")
        self.participant_banner.setVisible(False)
        layout.addWidget(self.participant_banner)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        # each screen is built the first time it is shown: start-up builds only the first one
        self._screens: dict[int, QWidget] = {}
        self._holders = []
        for name in (self.tr("Overview"), self.tr("Assess"), self.tr("History")):
            holder = QWidget()
            holder_layout = QVBoxLayout(holder)
            holder_layout.setContentsMargins(0, 0, 0, 0)
            self._holders.append(holder)
            self.tabs.addTab(holder, name)
        self.tabs.setTabToolTip(0, self.tr("Where the program stands and what to do next "
                                           "(Ctrl+1)"))
        self.tabs.setTabToolTip(1, self.tr("Run or continue an assessment (Ctrl+2)"))
        self.tabs.setTabToolTip(2, self.tr("Every assessment, trends and comparisons (Ctrl+3)"))
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self.screen)
        self._holders.append(QWidget())  # the Plan screen (ui/plan_view.py)
        QVBoxLayout(self._holders[self.PLAN]).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self._holders[self.PLAN], self.tr("Plan"))
        self.tabs.setTabToolTip(self.PLAN, self.tr(
            "The goal, its metrics, the action plan and the roadmap (Ctrl+4)"))
        self._add_tab(self.tr("Customers"), self.tr(
            "Customers on the maturity × health matrix: table, matrix, trends (Ctrl+5)"))

        session.changed.connect(self._on_change)
        session.saveStateChanged.connect(self._on_save_state)
        self._refresh_header()
        if session.read_only:
            from maturity_workbook.ui.texts import store_read_only_text

            self.show_banner(store_read_only_text(session.store))
        start = self.OVERVIEW if session.workbook.assessments else self.ASSESS
        if session.participant_id is not None:
            start = self._participant_mode()
        self.screen(start)
        self.tabs.setCurrentIndex(start)
        if session.participant_id is not None and \
                session.workbook.scope.assessment_id in session.workbook.assessments:
            self.show_assess(session.workbook.scope.assessment_id)

    def _participant_mode(self) -> int:
        """A participant file: only the wizard, on that person's own row, and a banner saying
        whose file it is and where it goes back to."""
        person = self.session.workbook.participants.get(self.session.participant_id)
        name = person.name if person is not None else self.tr("A participant")
        self.participant_banner.setText(self.tr(
            "{name}'s participant file: your own ratings only. When you are done, give this "
            "file back to the facilitator.").format(name=isolate(name)))
        self.participant_banner.setVisible(True)
        for index in (self.OVERVIEW, self.HISTORY, self.PLAN, self.CUSTOMERS):  # not here
            self.tabs.setTabEnabled(index, False)
            self.tabs.setTabToolTip(index, self.tr("Not in a participant file: the "
                                                   "facilitator's workbook shows the results"))
        return self.ASSESS

    def screen(self, index: int) -> QWidget:
        """The screen at a tab index, built on first use."""
        if index not in self._screens:
            if index == self.OVERVIEW:
                from maturity_workbook.ui.overview import OverviewScreen

                screen = OverviewScreen(self.session, self._holders[index])
                screen.assessRequested.connect(self.show_assess)
                screen.planRequested.connect(lambda: self.show_screen(self.PLAN))
            elif index == self.ASSESS:
                from maturity_workbook.ui.assess import AssessScreen

                screen = AssessScreen(self.session, self._holders[index])
                screen.openedAssessment.connect(
                    lambda _aid: self.tabs.setCurrentIndex(self.ASSESS))
                screen.wizardChanged.connect(self.wizardChanged)
            elif index == self.PLAN:
                from maturity_workbook.ui.plan_view import PlanScreen

                screen = PlanScreen(self.session, self._holders[index])
            elif index == self.CUSTOMERS:
                from maturity_workbook.ui.customers_view import CustomersScreen

                screen = CustomersScreen(self.session, self._holders[index])
            else:
                from maturity_workbook.ui.history_view import HistoryScreen

                screen = HistoryScreen(self.session, self._holders[index])
            self._holders[index].layout().addWidget(screen)
            self._screens[index] = screen
        return self._screens[index]

    def _add_tab(self, name: str, tip: str) -> None:
        holder = QWidget()
        QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
        self._holders.append(holder)
        self.tabs.setTabToolTip(self.tabs.addTab(holder, name), tip)

    @property
    def customers(self):
        return self.screen(self.CUSTOMERS)

    @property
    def overview(self):
        return self.screen(self.OVERVIEW)

    @property
    def assess(self):
        return self.screen(self.ASSESS)

    @property
    def history(self):
        return self.screen(self.HISTORY)

    @property
    def plan(self):
        return self.screen(self.PLAN)

    def _refresh_header(self) -> None:
        self.title.setTextFormat(Qt.PlainText)
        self.title.setText(self.session.workbook.name)
        self.file_label.setText(str(Path(self.session.path)))
        self.file_label.setToolTip(str(Path(self.session.path)))
        if self.session.read_only:
            self.save_label.setText(self.tr("Read-only"))

    def show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(True)

    def _on_change(self, change) -> None:
        if change.what in (What.WORKBOOK, What.MANY):
            self._refresh_header()

    def _on_save_state(self, state: str, message: str) -> None:
        if state == "saved":
            self.save_label.setText(self.tr("✓ Saved"))
            self.save_label.setToolTip(message)
            if self.banner.property("saveError"):
                self.banner.setVisible(False)
                self.banner.setProperty("saveError", False)
        else:
            self.save_label.setText(self.tr("⚠ Not saved"))
            self.save_label.setToolTip(message)
            self.banner.setProperty("saveError", True)
            self.show_banner(message)

    def show_screen(self, index: int) -> None:
        if not self.tabs.isTabEnabled(index):
            return
        self.tabs.setCurrentIndex(index)
        self.screen(index).setFocus()

    def show_assess(self, assessment_id: str | None = None) -> None:
        self.tabs.setCurrentIndex(self.ASSESS)
        if assessment_id:
            self.assess.open_assessment(assessment_id)

    def current_wizard(self):
        """The open assessment wizard, if any (without building the Assess screen)."""
        assess = self._screens.get(self.ASSESS)
        return assess.wizard if assess is not None else None

    def selected_assessment_id(self) -> str | None:
        """The assessment the user is looking at, for reports: the wizard's, else the overview's."""
        assess = self._screens.get(self.ASSESS)
        if self.tabs.currentIndex() == self.ASSESS and assess and assess.current_assessment_id():
            return assess.current_assessment_id()
        if self.OVERVIEW in self._screens:
            return self.overview.selected_assessment_id()
        latest = self.session.workbook.latest(final_only=True) or \
            self.session.workbook.latest(final_only=False)
        return latest.id if latest else None

    # -- reports (the report layer is imported only when asked for)

    def export_pdf(self) -> None:
        from maturity_workbook.ui.report_actions import export_pdf

        self.session.commit_drafts()  # the report shows the note being typed too
        export_pdf(self, self.session, self.selected_assessment_id())

    def print_preview(self) -> None:
        from maturity_workbook.ui.report_actions import print_preview

        self.session.commit_drafts()
        print_preview(self, self.session, self.selected_assessment_id())

    def print_report(self) -> None:
        from maturity_workbook.ui.report_actions import print_report

        self.session.commit_drafts()
        print_report(self, self.session, self.selected_assessment_id())

    def shutdown(self) -> None:
        if self.ASSESS in self._screens:
            self.assess.shutdown()
