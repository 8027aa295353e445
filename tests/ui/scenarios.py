"""Scenarios that drive the main window into every screen and open every dialog.

Each scenario takes a `Tour` and hands each window or dialog to `tour.inspector.check`. Modal
dialogs never block: `exec()` is replaced by a function that shows the dialog, inspects it and
cancels it; file dialogs return "cancelled" after their caption and filters are inspected.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QDate, QLocale, QSettings
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget

from maturity_workbook.paths import load_catalog
from maturity_workbook.ui.settings import AppSettings
from tests.ui.screens import Inspector, framework_texts, workbook_texts

MAIN = "maturity_workbook.ui.main_window"

PEOPLE = (
    ("Ada Lovelace-Fitzgerald of the Customer Education Programme Office", "Education lead"),
    ("김민준", "교육 담당"),
    ("فاطمة الزهراء", "نجاح العملاء"),
    ("Zoë 🚀 Okafor", "CSM"),
    ("Ben", ""),
    ("Chidi", "Support"),
    ("Dana", "Sales"),
    ("Émile", "Product"),
    ("Farah", "Docs"),
    ("Gustavo", "Partners"),
    ("Hana", "Community"),
    ("Ivo", "Ops"),
)


@dataclass
class Tour:
    """One pass through some screens: the window, its workbook, and what was inspected."""

    qtbot: object
    tmp_path: Path
    monkeypatch: object
    inspector: Inspector
    owner: str = MAIN  # who builds the dialog about to open
    dialogs: list[QWidget] = field(default_factory=list)
    file_dialogs: list[str] = field(default_factory=list)
    file_answer: str = ""
    window: object = None

    def __post_init__(self):
        self.settings = AppSettings(QSettings(str(self.tmp_path / "settings.ini"),
                                              QSettings.IniFormat))
        catalog = load_catalog()
        for framework in catalog:
            self.inspector.data |= framework_texts(framework)
        def exec_(dialog):  # a function, so that it binds to the dialog as a method
            return self._exec(dialog)

        self.monkeypatch.setattr(QDialog, "exec", exec_)
        self.monkeypatch.setattr(QMessageBox, "exec", exec_)
        for name in ("getSaveFileName", "getOpenFileName"):
            self.monkeypatch.setattr(QFileDialog, name, staticmethod(self._file_dialog))
        self.monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                                 staticmethod(self._files_dialog))
        self.monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                                 staticmethod(self._folder_dialog))

    def _exec(self, dialog: QDialog) -> int:
        dialog.show()
        QApplication.processEvents()
        self.dialogs.append(dialog)
        self.inspector.check(dialog, self.owner)
        dialog.hide()
        return 0

    def _file_dialog(self, parent=None, caption="", folder="", filters="", *args, **kwargs):
        self.file_dialogs.append(caption)
        self.inspector.check_file_dialog(self.owner, caption, filters)
        return self.file_answer, ""

    def _files_dialog(self, parent=None, caption="", folder="", filters="", *args, **kwargs):
        self.file_dialogs.append(caption)
        self.inspector.check_file_dialog(self.owner, caption, filters)
        return ([self.file_answer] if isinstance(self.file_answer, str) and self.file_answer
                else list(self.file_answer or [])), ""

    def _folder_dialog(self, parent=None, caption="", folder="", *args, **kwargs):
        self.file_dialogs.append(caption)
        self.inspector.check_file_dialog(self.owner, caption, "")
        return ""

    def expect_dialog(self, action, owner: str = MAIN) -> QWidget:
        """Run `action`, which must open exactly one dialog; returns it."""
        self.owner, before = owner, len(self.dialogs)
        action()
        self.owner = MAIN
        assert len(self.dialogs) == before + 1, f"{action} opened {len(self.dialogs) - before}"
        return self.dialogs[-1]

    def expect_file_dialog(self, action, owner: str = MAIN) -> None:
        self.owner, before = owner, len(self.file_dialogs)
        action()
        self.owner = MAIN
        assert len(self.file_dialogs) == before + 1

    # -- the window

    def open_window(self, path: Path | None = None, read_only: bool = False):
        from maturity_workbook.ui.main_window import MainWindow

        self.window = MainWindow(settings=self.settings)
        self.qtbot.addWidget(self.window)
        self.window.resize(1280, 800)
        self.window.show()
        self.qtbot.waitExposed(self.window)
        if path is not None:
            assert self.window.open_path(path, read_only=read_only)
            self.note_workbook()
        return self.window

    def note_workbook(self) -> None:
        from maturity_workbook.paths import load_cmi_catalog

        session = self.window.session
        self.inspector.data |= workbook_texts(session.workbook, Path(session.path))
        # the Customers screen shows the CMI model's texts: one language for now, so data
        self.inspector.data |= cmi_model_texts(load_cmi_catalog().get(""))
        if session.read_only:
            self.inspector.store_texts.add(session.store.read_only_reason or "")

    def check(self) -> None:
        QApplication.processEvents()
        self.inspector.check(self.window, MAIN)

    @property
    def view(self):
        return self.window.workbook_view

    def wizard(self, assessment_id: str):
        self.view.show_assess(assessment_id)
        return self.view.assess.wizard

    def close(self) -> None:
        """Release the workbook, whatever state the scenario left it in."""
        if self.window is not None and self.window.session is not None:
            if not self.window.close_workbook():
                self.window.session.store.close(discard=True)


# ------------------------------------------------------------------------------- workbooks


def rich_workbook(path: Path, people=PEOPLE, finals: int = 2, draft: bool = True) -> dict:
    """Final assessments a few months apart, then a draft where the room is split."""
    from maturity_workbook.store import WorkbookStore

    framework = load_catalog().get("customer-education", "1.0")
    items = [item.id for item in framework.items]
    store = WorkbookStore.create(path, "Acme Academy — 顧客教育 · أكاديمية")
    pids = [store.add_participant(name, role).id for name, role in people]
    made = {"pids": pids, "items": items, "finals": []}
    for n in range(finals):
        a = store.create_assessment(framework, f"Workshop {n + 1}: “spring” & <review>",
                                    f"202{4 + n}-0{3 + n}-1{n}", pids[:4])
        for k, item in enumerate(items):
            for j, pid in enumerate(pids[:4]):
                store.set_rating(a.id, item, pid, 1 + (k + j + n) % 4)
        store.set_note(a.id, items[0], "Zoë said — «ça marche» 日本 ✓")
        store.set_target(a.id, framework.dimensions[0].id, 3)
        store.finalize(a.id)
        made["finals"].append(a.id)
    if draft:
        a = store.create_assessment(framework, "Autumn workshop", "2026-09-15", pids)
        if len(pids) >= 3:
            store.set_rating(a.id, items[0], pids[0], 1)
            store.set_rating(a.id, items[0], pids[1], 4)  # split: spread 3
            store.set_rating(a.id, items[0], pids[2], None)
            store.set_rating(a.id, items[1], pids[0], 2)
            store.set_rating(a.id, items[1], pids[1], 3)  # spread 1
        store.set_note(a.id, items[0], "The room could not agree.")
        store.set_evidence(a.id, items[0], ["deck.pdf", "https://example.com/survey"])
        store.set_position(a.id, items[0])
        made["draft"] = a.id
    store.flush()
    store.close()
    return made


# ------------------------------------------------------------------------------- scenarios


def welcome(tour: Tour) -> None:
    here = tour.tmp_path / "Somewhere" / "Recent one.mwb"
    here.parent.mkdir()
    rich_workbook(here, finals=1, draft=False)
    gone = tour.tmp_path / "Gone away.mwb"
    tour.settings.add_recent(here)
    tour.settings.add_recent(gone)
    tour.inspector.data |= {"Recent one", "Gone away", here.name, str(here.parent),
                            str(tour.tmp_path),
                            *(str(p) for p in tour.settings.recent_files())}
    window = tour.open_window()
    window._fill_recent_menu()
    tour.check()
    tour.settings.clear_recent()
    window.welcome.refresh()
    window._fill_recent_menu()
    tour.check()
    tour.expect_file_dialog(window.new_workbook)
    tour.expect_file_dialog(window.open_dialog)
    tour.expect_dialog(lambda: window.open_path(tour.tmp_path / "Gone away.mwb"))
    broken = tour.tmp_path / "Broken.mwb"
    broken.write_bytes(b'{"workbook": {"1": {"id": "x", "na')
    from maturity_workbook.store import WorkbookError, WorkbookStore

    try:
        WorkbookStore.open(broken)
    except WorkbookError as exc:
        tour.inspector.store_texts.add(str(exc))
    tour.inspector.data |= {"Broken.mwb"}
    tour.expect_dialog(lambda: window.open_path(broken))
    tour.file_answer = str(here)  # "new workbook" on a file that exists
    tour.owner = MAIN
    before = len(tour.dialogs)
    window.new_workbook()
    assert len(tour.dialogs) == before + 1
    tour.file_answer = ""


def menus_and_help(tour: Tour) -> None:
    path = tour.tmp_path / "Acme.mwb"
    rich_workbook(path, finals=1)
    window = tour.open_window(path)
    tour.check()
    tour.expect_dialog(lambda: _trigger(window, "How"))
    tour.expect_dialog(lambda: _trigger(window, "About"))
    from maturity_workbook.ui import dialogs

    tour.expect_dialog(window.show_preferences)
    tour.expect_dialog(lambda: dialogs.PreferencesDialog(tour.settings, window).exec())
    tour.inspector.data |= {"RuntimeError: boom", str(tour.tmp_path / "app.log")}
    tour.expect_dialog(lambda: dialogs.show_unexpected_error(RuntimeError("boom"),
                                                             tour.tmp_path / "app.log"))
    tour.expect_file_dialog(window.save_copy_as)
    tour.file_answer = str(path)  # the same file: a warning
    tour.expect_dialog(window.save_copy_as)
    copy = tour.tmp_path / "Acme copy.mwb"
    tour.file_answer = str(copy)
    window.save_copy_as()
    tour.file_answer = ""
    tour.inspector.data |= {str(copy)}
    tour.check()  # the status bar says where the copy went
    assert str(copy) in window.statusBar().currentMessage()


def _trigger(window, text_start: str) -> bool:
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.text().replace("&", "").lstrip("⟦").startswith(text_start):
                action.trigger()
                return True
    raise AssertionError(f"no menu item starts with {text_start}")


def assessment_list(tour: Tour) -> None:
    path = tour.tmp_path / "Acme.mwb"
    made = rich_workbook(path)
    tour.open_window(path)
    tour.view.show_screen(tour.view.ASSESS)
    tour.check()
    listing = tour.view.assess.list
    listing.table.selectRow(2)  # a final one: Open, Reopen
    tour.check()
    tour.expect_dialog(listing._reopen_selected)
    listing.table.selectRow(0)
    tour.expect_dialog(listing._finalize_selected)
    dialog = _new_assessment_dialog(tour)
    tour.inspector.check(dialog, "maturity_workbook.ui.assess")
    dialog.title.setText("")
    dialog.accept()  # refused: the error line shows
    assert dialog.error.isVisible()
    tour.inspector.check(dialog, "maturity_workbook.ui.assess")
    _new_assessment_dialog(tour).close()  # (names the month for the next one)
    tour.expect_dialog(tour.view.assess.new_assessment, "maturity_workbook.ui.assess")
    assert made["draft"]


def _new_assessment_dialog(tour: Tour):
    from maturity_workbook.ui.assess import NewAssessmentDialog

    today = QDate.currentDate()
    tour.inspector.data.add(QLocale().toString(today, "MMMM yyyy"))  # the locale names months

    dialog = NewAssessmentDialog(tour.window.session, tour.window)
    tour.qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def wizard_room(tour: Tour) -> None:
    path = tour.tmp_path / "Acme.mwb"
    made = rich_workbook(path)
    window = tour.open_window(path)
    wizard = tour.wizard(made["draft"])
    assert wizard.page.room.spread.text()  # the room is split
    tour.check()
    wizard.go_next()  # spread of one stage
    tour.check()
    wizard.show_item(made["items"][-1])  # the last item: review and finalize
    wizard.go_next_unfinished()
    qtbot = tour.qtbot
    row = wizard.page.rows[0][1]
    qtbot.keyClick(row, "3")
    window._update_actions()
    tour.check()  # Edit › Undo names the edit
    tour.expect_dialog(wizard._finalize, "maturity_workbook.ui.wizard")


def wizard_alone(tour: Tour) -> None:
    path = tour.tmp_path / "Solo.mwb"
    made = rich_workbook(path, people=(("Ada", "Lead"),), finals=0)
    tour.open_window(path)
    wizard = tour.wizard(made["draft"])
    for item in made["items"]:
        wizard.show_item(item)
        tour.qtbot.keyClick(wizard.page.rows[0][1], "2")
    wizard.go_next_unfinished()  # every item done: a note says so
    assert not wizard.state_note.isHidden()
    tour.check()


def wizard_final_and_read_only(tour: Tour) -> None:
    from maturity_workbook.store import WorkbookStore

    path = tour.tmp_path / "Acme.mwb"
    made = rich_workbook(path)
    tour.open_window(path)
    tour.wizard(made["finals"][-1])
    tour.check()
    tour.window.close_workbook()
    holder = WorkbookStore.open(path)  # another instance holds the file
    try:
        probe = WorkbookStore.open(path)
        tour.inspector.store_texts.add(probe.read_only_reason)
        probe.close()
        tour.expect_dialog(lambda: tour.window.open_path(path))
        tour.note_workbook()
        tour.wizard(made["draft"])
        tour.check()
        tour.expect_dialog(tour.view.assess.new_assessment, "maturity_workbook.ui.assess")
        tour.window.close_workbook()
    finally:
        holder.close()


def framework_missing(tour: Tour) -> None:
    from maturity_workbook.store import WorkbookStore

    path = tour.tmp_path / "Odd.mwb"
    store = WorkbookStore.create(path, "Odd")
    pid = store.add_participant("Ada").id
    odd = SimpleNamespace(id="retired-model", version="0.9", items=(SimpleNamespace(id="x1"),))
    aid = store.create_assessment(odd, "Old model", "2025-01-01", [pid]).id
    store.close()
    tour.open_window(path)
    tour.view.show_screen(tour.view.ASSESS)
    tour.check()  # the list names a framework that is not installed
    tour.expect_dialog(lambda: tour.view.assess.open_assessment(aid),
                       "maturity_workbook.ui.assess")


def saving_fails(tour: Tour) -> None:
    from maturity_workbook.store import storage

    path = tour.tmp_path / "Acme.mwb"
    made = rich_workbook(path)
    window = tour.open_window(path)
    wizard = tour.wizard(made["draft"])

    def no_space(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(storage, "write_atomic", no_space)
        tour.qtbot.keyClick(wizard.page.rows[0][1], "2")
        tour.qtbot.waitUntil(lambda: window.workbook_view.banner.isVisible())
        error = window.session.store.last_save_error
        tour.inspector.store_texts |= {str(error), "No space left on device"}
        tour.check()
        tour.expect_dialog(window.close_workbook)  # "changes not saved": the user says no
        assert window.session is not None


def overview(tour: Tour) -> None:
    path = tour.tmp_path / "Acme.mwb"
    rich_workbook(path)
    window = tour.open_window(path)
    tour.view.show_screen(tour.view.OVERVIEW)
    panel = tour.view.overview.radar
    tour.qtbot.waitUntil(lambda: panel.figure is not None, timeout=20000)
    tour.check()
    tour.expect_file_dialog(panel.save_dialog, "maturity_workbook.ui.chart_widget")
    assert window.session is not None


def history(tour: Tour) -> None:
    path = tour.tmp_path / "Acme.mwb"
    rich_workbook(path, finals=3)
    tour.open_window(path)
    tour.view.show_screen(tour.view.HISTORY)
    tour.check()
    tour.view.history.charts.setCurrentIndex(1)
    tour.check()


def report(tour: Tour) -> None:
    from maturity_workbook.ui import report_actions

    path = tour.tmp_path / "Acme.mwb"
    rich_workbook(path, finals=1)
    window = tour.open_window(path)
    owner = "maturity_workbook.ui.report_actions"
    # the export's options are accepted, so that the file dialog comes next
    tour.monkeypatch.setattr(report_actions, "exec_dialog",
                             lambda dialog: tour._exec(dialog) or QDialog.DialogCode.Accepted)
    files = len(tour.file_dialogs)
    tour.expect_dialog(window.export_pdf, owner)
    assert len(tour.file_dialogs) == files + 1
    tour.expect_dialog(window.print_preview, owner)
    empty = tour.tmp_path / "Empty.mwb"
    from maturity_workbook.store import WorkbookStore

    WorkbookStore.create(empty, "Empty").close()
    window.open_path(empty)
    tour.note_workbook()
    tour.expect_dialog(window.export_pdf, owner)  # nothing to report yet


def plan_for(path: Path, made: dict) -> None:
    """A goal that changed once, metrics with values, actions and phases, in several scripts."""
    from maturity_workbook.core import plan as records
    from maturity_workbook.core.ops import AddRecord
    from maturity_workbook.core.ops import plan_ops
    from maturity_workbook.store import WorkbookStore

    with WorkbookStore.open(path) as store:
        store.apply(AddRecord(records.GOALS, {"priority": "onboarding", "since": "2024-01-01",
                                              "statement": "新しい管理者は30日以内に完了する"}))
        changed = store.apply(plan_ops.ChangeGoal({
            "priority": "", "own_priority": "Win the public sector — القطاع العام",
            "statement": "Trained accounts use three more features 🚀", "since": "2025-01-01"}))
        goal_id = changed.change.record_id
        for n, (name, unit) in enumerate((("Onboarding completion", "% of new admins"),
                                          ("지원 티켓 per 100 accounts", "tickets"))):
            metric = store.apply(AddRecord(records.METRICS, {
                "goal_id": goal_id, "name": name, "unit": unit, "baseline": 30 + n,
                "baseline_date": "2024-03-10", "target": 70 - 40 * n,
                "target_date": "2027-12-31", "source": "LMS export «monthly»",
                "position": n})).change.record_id
            for k, aid in enumerate(made["finals"]):
                store.apply(plan_ops.SetActual(metric, aid, 30 + n + 5 * k))
        phase = store.apply(AddRecord(records.PHASES, {
            "name": "Before the FY27 kickoff — مرحلة", "horizon": records.DATED,
            "until": "2027-01-31", "targets": {"strategy": 3}})).change.record_id
        store.apply(AddRecord(records.PHASES, {"horizon": records.WITHIN_YEAR}))
        for title, status, due in (("Pick an LMS that records completions", "in-progress",
                                    "2025-01-31"),
                                   ("講師のローテーションを始める", "planned", "2027-02-01"),
                                   ("Send completions to the BI tool", "done", "2025-06-30")):
            store.apply(plan_ops.AddAction({
                "title": title, "dimension_id": "technology", "owner": "김민준",
                "due": due, "status": status, "phase_id": phase, "note": "Zoë ✓"},
                "2024-06-01"))


def plan(tour: Tour) -> None:
    from maturity_workbook.core.scoring import NextStep
    from maturity_workbook.ui.plan_widgets import PlanSummary, ReviewPanel, action_from_step

    path = tour.tmp_path / "Acme.mwb"
    made = rich_workbook(path)
    plan_for(path, made)
    window = tour.open_window(path)
    tour.view.show_screen(tour.view.PLAN)
    screen = tour.view.plan
    tour.check()
    owner = "maturity_workbook.ui.plan_view"
    for table, edit in ((screen.metrics, screen.edit_selected_metric),
                        (screen.actions, screen.edit_selected_action),
                        (screen.phases, screen.edit_selected_phase)):
        table.selectRow(0)
        tour.expect_dialog(edit, owner)
    for action in (screen.edit_goal, screen.change_goal, screen.new_metric,
                   screen.record_actuals, screen.add_action, screen.new_phase,
                   screen.remove_goal):
        tour.expect_dialog(action, owner)
    widgets = "maturity_workbook.ui.plan_widgets"
    summary, review = PlanSummary(window.session), ReviewPanel(window.session)
    review.show_review(made["draft"])
    for widget in (summary, review):
        tour.qtbot.addWidget(widget)
        widget.show()
        tour.inspector.check(widget, widgets)
    step = NextStep("technology-lms", "technology", "", 1, 2, "Retire the shared drives.")
    tour.inspector.data.add(step.advice)
    tour.expect_dialog(lambda: action_from_step(window, window.session, step), widgets)


def workbook_properties(tour: Tour) -> None:
    path = tour.tmp_path / "Acme.mwb"
    rich_workbook(path, finals=1)
    window = tour.open_window(path)
    dialog = tour.expect_dialog(window.workbook_properties,
                                "maturity_workbook.ui.workbook_properties")
    dialog.show()
    dialog.name.clear()  # the message a blank name brings
    tour.inspector.check(dialog, "maturity_workbook.ui.workbook_properties")
    dialog.hide()


def cmi_model_texts(model) -> set[str]:
    """Every text a CMI model file contributes (one language for now, so data here), with a
    qualifier's name also as the table's two-line header shows it."""
    import textwrap

    from maturity_workbook.ui.customers_table import HEADER_CHARS

    texts = {model.id, model.title, model.version, model.description}
    for qualifier in model.qualifiers:
        texts |= {qualifier.id, qualifier.name, qualifier.summary, *qualifier.levels.values(),
                  *textwrap.wrap(qualifier.name, HEADER_CHARS)}
    for quadrant in model.quadrants:
        playbook = quadrant.playbook
        texts |= {quadrant.id, quadrant.name, playbook.name, playbook.summary, *playbook.actions,
                  *quadrant.tags}
    for track in model.tracks:
        texts |= {track.id, track.name, track.summary, *track.content, *track.tags}
    return {t for t in texts if isinstance(t, str)}


def customers(tour: Tour) -> None:
    """The Customers screen: the table, the matrix and the trends, and every dialog it opens
    (a CSV that imports nothing lists its problems: those lines are the store's words)."""
    from maturity_workbook.core.ops.customer_ops import ImportCustomers, add_customer
    from maturity_workbook.paths import load_cmi_catalog
    from maturity_workbook.resources import resource_path
    from maturity_workbook.store import WorkbookStore
    from maturity_workbook.store.customers_csv import CustomerCsvError, read_customers_csv

    path = tour.tmp_path / "Acme.mwb"
    rich_workbook(path)
    model = load_cmi_catalog().get("")
    with WorkbookStore.open(path) as store:
        store.apply(ImportCustomers(read_customers_csv(
            resource_path("cmi", "sample-customers.csv"), model).updates))
        store.apply(add_customer("kr-9", "주식회사 새싹 — فاطمة الزهراء 🚀", "", "김민준"))
    tour.inspector.data |= cmi_model_texts(model)
    window = tour.open_window(path)
    tour.view.show_screen(tour.view.CUSTOMERS)
    screen = tour.view.customers
    tour.check()
    owner = "maturity_workbook.ui.customers_view"
    screen.table.setCurrentIndex(screen.proxy.index(0, 1))
    for action in (screen.new_scoring, screen.add_customer, screen.choose_model,
                   screen.export_tags, screen.remove_selected):
        tour.expect_dialog(action, owner)
    for action in (screen.import_csv, screen.save_template):
        tour.expect_file_dialog(action, owner)
    bad = tour.tmp_path / "bad.csv"
    bad.write_text("id,name,email,health\nx,,nope,500\n", encoding="utf-8")
    try:
        read_customers_csv(bad, model, label=bad.name)
    except CustomerCsvError as exc:
        tour.inspector.data |= {str(p) for p in exc.problems}  # located lines, as the CLI prints
    tour.inspector.data |= {bad.name}
    tour.expect_dialog(lambda: screen.import_csv(bad), owner)
    tour.check()  # the banner saying nothing was imported
    for page in (screen.matrix_page, screen.trend_page):
        screen.tabs.setCurrentWidget(page)
        tour.qtbot.waitUntil(lambda page=page: page.chart.figure is not None, timeout=10000)
        tour.check()
    tour.inspector.data.add("zzz-nobody")  # what the user typed
    screen.filter_edit.setText("zzz-nobody")
    tour.check()  # the charts' message for a filter that matches nobody
    assert window.session is not None


BACKUPS = "maturity_workbook.ui.backups_dialog"
COPIES = "maturity_workbook.ui.conflict_copies"


def backups(tour: Tour) -> None:
    """File › Backups…: the list, the restore question, after a restore, a refused backup, a
    read-only workbook; then the cannot-open box with backups and "Choose a backup…"."""
    from maturity_workbook.store import WorkbookError, WorkbookStore
    from maturity_workbook.store.backups import backup_folder, make_backup
    from maturity_workbook.ui import dialogs
    from maturity_workbook.ui.backups_dialog import BackupsDialog

    path = tour.tmp_path / "Acme.mwb"
    rich_workbook(path, finals=1)
    with WorkbookStore.open(path) as store:
        store.rename("Acme Academy, renamed")  # the session's first backup
    make_backup(path, "before-import")
    make_backup(path, "before-upgrade-from-format-2")
    (backup_folder(path) / "kept by hand.mwb").write_bytes(path.read_bytes())
    tour.inspector.data |= {str(backup_folder(path)), "Acme.mwb"}
    _backup_names(tour, path)
    window = tour.open_window(path)
    tour.expect_dialog(window.show_backups, BACKUPS)
    dialog = BackupsDialog(path, window.session, window)
    tour.qtbot.addWidget(dialog)
    tour.expect_dialog(dialog.restore_selected, BACKUPS)  # "Restore a backup?": cancelled
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dialogs, "confirm", lambda *args: True)
        assert dialog.restore_selected()
        _backup_names(tour, path)
        dialog.show()
        tour.inspector.check(dialog, BACKUPS)  # the list after a restore, and its note
        damaged = dialog.selected().path
        damaged.write_bytes(b'{"workbook": {"1"')
        _backup_names(tour, path)
        try:
            WorkbookStore.open(damaged, read_only=True)
        except WorkbookError as exc:
            tour.inspector.data.add(str(exc))  # the English line, shown as "Details"
        tour.expect_dialog(dialog.restore_selected, BACKUPS)  # refused, worded
    dialog.close()
    window.close_workbook()
    holder = WorkbookStore.open(path)
    try:
        window.open_path(path)  # read-only: "opened read-only" box, then the list
        tour.note_workbook()
        tour.expect_dialog(window.show_backups, BACKUPS)
        window.close_workbook()
    finally:
        holder.close()
    path.write_bytes(b"\x00 no longer a workbook")
    try:
        WorkbookStore.open(path)
    except WorkbookError as exc:
        tour.inspector.data.add(str(exc))
    tour.expect_dialog(lambda: window.open_path(path))  # the box offers both ways back
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dialogs, "explain_open_error", lambda *args, **kwargs:
                      dialogs.CHOOSE_BACKUP)
        tour.expect_dialog(lambda: window.open_path(path), BACKUPS)  # choose one: cancelled


def _backup_names(tour: Tour, path: Path) -> None:
    """Backup file names (the rows' tooltips) and sizes as QLocale writes them: data."""
    from maturity_workbook.store import list_backups

    for backup in list_backups(path):
        tour.inspector.data |= {backup.name,
                                QLocale().formattedDataSize(backup.stat().st_size)}


def conflict_copies(tour: Tour) -> None:
    """A workbook in a Dropbox folder with conflict copies: the banner, then the merge report
    with a conflict; the same banner on a read-only workbook."""
    import shutil

    from maturity_workbook.store import WorkbookStore

    folder = tour.tmp_path / "Dropbox" / "Programs"
    folder.mkdir(parents=True)
    (tour.tmp_path / "Dropbox" / ".dropbox").write_text("{}")
    path = folder / "Acme.mwb"
    made = rich_workbook(path)
    copies = [folder / "Acme (Zoë Okafor's conflicted copy 2026-05-14).mwb",
              folder / "Acme.sync-conflict-20260514-101500-BQ7XK2M.mwb",
              folder / "Acme (김민준's conflicted copy 2026-05-15).mwb",
              folder / "Acme (conflicted copy 2026-05-16 093012).mwb",
              folder / "Acme (فاطمة's conflicted copy 2026-05-17).mwb"]
    for n, copy in enumerate(copies):
        shutil.copyfile(path, copy)
        with WorkbookStore.open(copy) as laptop:
            laptop.set_rating(made["draft"], made["items"][0], made["pids"][0], 1 + n % 4)
            laptop.set_note(made["draft"], made["items"][2 + n], f"Laptop {n + 1}: «ça marche»")
    with WorkbookStore.open(path) as store:
        store.set_rating(made["draft"], made["items"][0], made["pids"][0], 4)
    tour.inspector.data |= {"Dropbox", *(c.name for c in copies)}
    framework = load_catalog().get("customer-education", "1.0")  # rich_workbook's
    tour.inspector.data |= {item.prompt[:59] for item in framework.items}  # shortened to fit
    window = tour.open_window(path)
    tour.qtbot.waitUntil(lambda: getattr(window.workbook_view, "conflict_banner",
                                             None) is not None)
    banner = window.workbook_view.conflict_banner
    for index in range(tour.view.tabs.count()):  # the banner's keys beside every screen's
        tour.view.tabs.setCurrentIndex(index)
        tour.check()
    tour.wizard(made["draft"])
    tour.check()
    tour.expect_dialog(banner.merge, COPIES)  # the report: counts, conflicts, the trash
    tour.check()
    window.close_workbook()
    for copy in copies[:2]:
        with WorkbookStore.open(copy) as laptop:
            laptop.set_notes("Changed again after the merge")
    holder = WorkbookStore.open(path)
    try:
        window.open_path(path)
        tour.note_workbook()
        tour.qtbot.waitUntil(lambda: getattr(window.workbook_view, "conflict_banner",
                                             None) is not None)
        tour.check()  # read-only: no merge, and why
        window.close_workbook()
    finally:
        holder.close()


def skipped_files(tour: Tour) -> None:
    """User framework files with problems: the status-bar notice and its details."""
    from maturity_workbook.core.framework import FrameworkError, load_framework
    from maturity_workbook.paths import user_frameworks_dir
    from tests.conftest import TINY_FRAMEWORK

    folder = user_frameworks_dir()
    folder.mkdir(parents=True)
    (folder / "half-done.yaml").write_text(TINY_FRAMEWORK.replace("title: Tiny test "
                                                                  "framework\n", ""))
    (folder / "binary.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    for name in ("half-done.yaml", "binary.yaml"):
        try:
            load_framework(folder / name)
        except FrameworkError as exc:  # the validator's lines: shown as they are
            tour.inspector.data |= {p.message for p in exc.problems}
    tour.inspector.data |= {str(folder)}
    window = tour.open_window()
    tour.qtbot.waitUntil(lambda: getattr(window, "broken_files_notice", None) is not None)
    tour.check()
    tour.expect_dialog(window.broken_files_notice.show_details,
                       "maturity_workbook.ui.broken_files")


# name -> (scenario, the pending owners it shows, whether it shows nothing else)
SCENARIOS = {
    "welcome": (welcome, (), False),
    "menus and help": (menus_and_help, (), False),
    "assessment list": (assessment_list, (), False),
    "wizard, a split room": (wizard_room, (), False),
    "wizard, alone": (wizard_alone, (), False),
    "wizard, final and read-only": (wizard_final_and_read_only, (), False),
    "framework missing": (framework_missing, (), False),
    "saving fails": (saving_fails, (), False),
    "overview": (overview, ("maturity_workbook.ui.overview",), False),
    "history": (history, ("maturity_workbook.ui.history_view",), False),
    "report": (report, ("maturity_workbook.ui.report_actions", "maturity_workbook.report"), True),
    "plan": (plan, (), False),
    "workbook properties": (workbook_properties, (), False),
    "customers": (customers, (), False),
    "backups": (backups, (), False),
    "conflict copies": (conflict_copies, (), False),
    "skipped files": (skipped_files, (), False),
}

from tests.ui.room_scenarios import ROOM_SCENARIOS  # noqa: E402 - the workshop room (issue 13)

SCENARIOS.update(ROOM_SCENARIOS)

from tests.ui.scenarios_laptops import LAPTOP_SCENARIOS  # noqa: E402 - they use Tour from here

SCENARIOS.update(LAPTOP_SCENARIOS)

from tests.ui.scenarios_versions import VERSION_SCENARIOS  # noqa: E402 - question bank versions

SCENARIOS.update(VERSION_SCENARIOS)
