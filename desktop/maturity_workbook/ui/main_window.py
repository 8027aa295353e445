"""The main window: menus, the welcome page, and the open workbook's screens."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QStackedWidget

from maturity_workbook import APP_NAME
from maturity_workbook.paths import WORKBOOK_SUFFIX, load_catalog
from maturity_workbook.ui import texts
from maturity_workbook.ui.settings import AppSettings
from maturity_workbook.ui.zoom import WindowZoom, fit_on_screen



def _dialogs():
    """The dialogs module, imported when a dialog is first needed rather than before the first
    window shows (about 5 ms of imports and class set-up it does not need)."""
    from maturity_workbook.ui import dialogs

    return dialogs

log = logging.getLogger(__name__)


def workbook_filter() -> str:
    """The file dialogs' filter: the pattern stays, the words are translated."""
    return QCoreApplication.translate("MainWindow", "Maturity workbooks ({pattern});;All files "
                                      "(*)").format(pattern=f"*{WORKBOOK_SUFFIX}")


class MainWindow(QMainWindow):
    def __init__(self, log_path: Path | None = None, settings: AppSettings | None = None):
        super().__init__()
        self.log_path = log_path
        self.settings = settings or AppSettings()
        self._catalog = None  # the frameworks, loaded when first needed (or while opening)
        self._catalog_lock = threading.Lock()
        self.opening = None  # the workbook being opened at start-up (ui/start_open.py)
        self.session = None
        self.workbook_view = None
        self.presenter = None  # the presenter window (ui/presenter.py), built when first shown
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(960, 600)

        self.stack = QStackedWidget(self)
        self._welcome = None  # built when first shown: not at all when a workbook opens at once
        self.setCentralWidget(self.stack)
        QTimer.singleShot(0, self._welcome_if_nothing_open)
        self._build_menus()
        self._update_actions()
        geometry = self.settings.geometry()
        self._restored = geometry is not None and self.restoreGeometry(geometry)
        if self._restored:
            fit_on_screen(self)  # a geometry saved on a larger screen never overflows this one
        else:
            self.resize(1280, 800)
        self.zoom = WindowZoom(self, self.settings, "main")
        self.statusBar()  # made before the window shows, or it stays hidden (and its messages)
        from maturity_workbook.ui import broken_files

        broken_files.report_later(self)  # user files that were skipped: said once

    @property
    def welcome(self):
        """The welcome page (new, open, sample, recent files), built on first use."""
        if self._welcome is None:
            from maturity_workbook.ui.welcome import WelcomePage

            self._welcome = WelcomePage(self.settings, self)
            self._welcome.newRequested.connect(self.new_workbook)
            self._welcome.openRequested.connect(self.open_dialog)
            self._welcome.sampleRequested.connect(self.open_sample)
            self._welcome.recentRequested.connect(lambda p: self.open_path(Path(p)))
            self.stack.insertWidget(0, self._welcome)
        return self._welcome

    def _welcome_if_nothing_open(self) -> None:
        if self.session is None and self.opening is None:
            self.stack.setCurrentWidget(self.welcome)

    @property
    def catalog(self):
        """The frameworks the app knows (bundled and the user's)."""
        return self.load_catalog_now()

    @catalog.setter
    def catalog(self, value) -> None:
        self._catalog = value

    def load_catalog_now(self):
        """The catalog, loaded once (thread-safe: start-up loads it off the GUI thread)."""
        with self._catalog_lock:
            if self._catalog is None:
                self._catalog = load_catalog()
            return self._catalog

    def open_at_start(self, path: Path | None = None, read_only: bool = False,
                      sample: bool = False) -> None:
        """Open the first workbook (the sample with `sample`) while the window is already up and
        answering; problems are shown as opening from the menu shows them."""
        from maturity_workbook.ui.start_open import StartOpener

        self.opening = StartOpener(self, path, read_only, sample=sample)
        self.opening.start()

    # ------------------------------------------------------------------------------------ menus

    def _action(self, menu: QMenu, text: str, slot, shortcut=None, tip: str = "",
                fallback: str = "") -> QAction:
        """A menu action; a standard key gets all of the platform's bindings (Close is Ctrl+W
        and Ctrl+F4 on Linux), and `fallback` where the platform defines none (Quit, Preferences
        on some desktops)."""
        action = QAction(text, self)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
            if not action.shortcuts() and fallback:
                action.setShortcut(QKeySequence(fallback))
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        """The menu bar owns Alt+F, Alt+E, Alt+V and Alt+H: no screen uses those letters."""
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.act_new = self._action(file_menu, self.tr("&New Workbook…"), self.new_workbook,
                                    QKeySequence.New,
                                    self.tr("Create a workbook file for a program"))
        self.act_open = self._action(file_menu, self.tr("&Open…"), self.open_dialog,
                                     QKeySequence.Open, self.tr("Open a workbook file"))
        self.recent_menu = file_menu.addMenu(self.tr("Open &Recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._action(file_menu, self.tr("Open the &Sample Workbook"), self.open_sample,
                     tip=self.tr("Open a copy of a fictional program's workbook to explore"))
        file_menu.addSeparator()
        self.act_new_assessment = self._action(
            file_menu, self.tr("New &Assessment…"), self.new_assessment, "Ctrl+Shift+N",
            self.tr("Start an assessment in this workbook"))
        self.act_save_copy = self._action(file_menu, self.tr("Save a Cop&y As…"),
                                          self.save_copy_as, QKeySequence.SaveAs,
                                          self.tr("Write a copy of this workbook to another "
                                                  "file"))
        self.act_participant_files = self._action(
            file_menu, self.tr("Par&ticipant Files…"), self.participant_files,
            tip=self.tr("Write one file per participant, to rate on their own laptop"))
        self.act_import = self._action(
            file_menu, self.tr("&Import / Merge…"), self.import_merge, "Ctrl+Shift+I",
            self.tr("Merge participant files, copies or interchange files into this workbook"))
        self.act_backups = self._action(file_menu, self.tr("&Backups…"), self.show_backups,
                                        tip=self.tr("Where this workbook's backups are; put "
                                                    "one back"))
        self.act_export_pdf = self._action(file_menu, self.tr("&Export PDF Snapshot…"),
                                           self.export_pdf, "Ctrl+E",
                                           self.tr("Write the selected assessment as a PDF"))
        self.act_preview = self._action(file_menu, self.tr("Print Pre&view…"),
                                        self.print_preview, "Ctrl+Shift+P")
        self.act_print = self._action(file_menu, self.tr("&Print…"), self.print_report,
                                      QKeySequence.Print)
        self.act_properties = self._action(
            file_menu, self.tr("Wor&kbook Properties…"), self.workbook_properties,
            tip=self.tr("The workbook's name, who prepares its snapshots, a confidentiality line "
                        "and how often to reassess"))
        file_menu.addSeparator()
        self.act_close = self._action(file_menu, self.tr("&Close Workbook"), self.close_workbook,
                                      QKeySequence.Close)
        self._action(file_menu, self.tr("&Quit"), self.close, QKeySequence.Quit,
                     fallback="Ctrl+Q").setMenuRole(QAction.QuitRole)

        edit_menu = bar.addMenu(self.tr("&Edit"))
        self.act_undo = self._action(edit_menu, self.tr("&Undo"), self.undo, QKeySequence.Undo)
        self.act_redo = self._action(edit_menu, self.tr("&Redo"), self.redo, QKeySequence.Redo)
        edit_menu.addSeparator()
        self._action(edit_menu, self.tr("&Preferences…"), self.show_preferences,
                     QKeySequence.Preferences, fallback="Ctrl+,").setMenuRole(
                         QAction.PreferencesRole)

        view_menu = bar.addMenu(self.tr("&View"))
        self.view_actions = []
        for index, (name, key) in enumerate(((self.tr("&Overview"), "Ctrl+1"),
                                             (self.tr("&Assess"), "Ctrl+2"),
                                             (self.tr("&History"), "Ctrl+3"))):
            self.view_actions.append(self._action(
                view_menu, name, lambda checked=False, i=index: self.show_screen(i), key))
        self.view_actions.append(self._action(  # the Plan screen (ui/plan_view.py)
            view_menu, self.tr("&Plan"), lambda checked=False: self.show_screen(3), "Ctrl+4"))
        self.view_actions.append(self._action(  # the Customers screen (ui/customers_view.py)
            view_menu, self.tr("&Customers"), lambda checked=False: self.show_screen(4),
            "Ctrl+5"))
        view_menu.addSeparator()
        self.act_presenter = self._action(
            view_menu, self.tr("Presenter &Window"), self.toggle_presenter, "F5",
            self.tr("Show or hide the window for the projector: the current item in large "
                    "type, who has voted, and the votes once revealed"))
        self.act_presenter.setCheckable(True)
        self.act_presenter_full = self._action(
            view_menu, self.tr("Presenter Fu&ll Screen"), self.presenter_full_screen, "F11")
        view_menu.addSeparator()
        self.act_zoom_in = self._action(view_menu, self.tr("Zoom &In"),
                                        lambda: self.zoom.zoom_in(), QKeySequence.ZoomIn)
        self.act_zoom_in.setShortcuts([*self.act_zoom_in.shortcuts(), QKeySequence("Ctrl+=")])
        self._action(view_menu, self.tr("Zoom O&ut"), lambda: self.zoom.zoom_out(),
                     QKeySequence.ZoomOut)
        self._action(view_menu, self.tr("&Normal Size"), lambda: self.zoom.reset(), "Ctrl+0")

        help_menu = bar.addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("How &Scoring Works"),
                     lambda: _dialogs().show_scoring_help(self), QKeySequence.HelpContents)
        self.act_which_model = self._action(
            help_menu, self.tr("Which &Model Fits Us"), lambda: self.show_which_model(),
            tip=self.tr("What each bundled model is for, and when to use it"))
        self._action(help_menu, self.tr("&About {app}").format(app=APP_NAME),
                     lambda: _dialogs().show_about(self, self.catalog)).setMenuRole(QAction.AboutRole)

    def show_which_model(self):
        from maturity_workbook.ui.help_pages import show_which_model

        return show_which_model(self)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.settings.recent_files()
        for path in files:
            action = self.recent_menu.addAction(str(path).replace("&", "&&"))
            action.triggered.connect(lambda checked=False, p=path: self.open_path(p))
        if files:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(self.tr("Clear the &List"), self._clear_recent)
        else:
            self.recent_menu.addAction(self.tr("No recent workbooks")).setEnabled(False)

    def _clear_recent(self) -> None:
        self.settings.clear_recent()
        self.welcome.refresh()

    def _update_actions(self) -> None:
        has = self.session is not None
        for action in (self.act_new_assessment, self.act_save_copy, self.act_backups,
                       self.act_close, self.act_export_pdf, self.act_preview, self.act_print,
                       self.act_properties, *self.view_actions):
            action.setEnabled(has)
        can_edit = has and self.session.can_edit_workbook
        self.act_new_assessment.setEnabled(can_edit)
        self.act_import.setEnabled(can_edit)
        self.act_participant_files.setEnabled(has and self.session.participant_id is None)
        if has and self.session.participant_id is not None:  # only the wizard there
            for action in self.view_actions:
                action.setEnabled(action is self.view_actions[1])
        if has:
            history = self.session.history
            self.act_undo.setEnabled(history.can_undo)
            self.act_redo.setEnabled(history.can_redo)
            self.act_undo.setText(self.tr("&Undo {edit}").format(edit=self.session.undo_text())
                                  if history.can_undo else self.tr("&Undo"))
            self.act_redo.setText(self.tr("&Redo {edit}").format(edit=self.session.redo_text())
                                  if history.can_redo else self.tr("&Redo"))
        else:
            self.act_undo.setEnabled(False)
            self.act_redo.setEnabled(False)

    # ----------------------------------------------------------------------------- workbooks

    def new_workbook(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("New workbook"),
            str(Path.home() / (self.tr("Program") + WORKBOOK_SUFFIX)), workbook_filter())
        if not path:
            return
        path = Path(path)
        if path.suffix.lower() != WORKBOOK_SUFFIX:
            path = path.with_suffix(WORKBOOK_SUFFIX)
        from maturity_workbook.store import WorkbookError, WorkbookStore

        if path.exists():
            _dialogs().warn(self, self.tr("File exists"), self.tr(
                "{name} already exists. Choose another name, or open it with File › Open.")
                .format(name=path.name))
            return
        try:
            store = WorkbookStore.create(path, path.stem)
        except (WorkbookError, OSError) as exc:
            _dialogs().warn(self, self.tr("Cannot create the workbook"), texts.error_text(exc))
            return
        self._show_store(store)

    def open_dialog(self) -> None:
        start = str(self.settings.last_workbook.parent) if self.settings.last_workbook else ""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open workbook"), start,
                                              workbook_filter())
        if path:
            self.open_path(Path(path))

    def open_sample(self) -> None:
        from maturity_workbook.store.sample import ensure_sample_copy

        try:
            path = ensure_sample_copy()
        except OSError as exc:
            self.sample_not_copied(exc)
            return
        self.open_path(path)

    def sample_not_copied(self, exc: OSError) -> None:
        _dialogs().warn(self, self.tr("Cannot copy the sample"), self.tr(
            "The sample could not be copied into your data folder: {problem}").format(
                problem=exc))

    def restore_last_workbook(self, at_start: bool = False) -> None:
        last = self.settings.last_workbook
        if self.settings.reopen_last and last is not None and last.exists():
            if at_start:
                self.open_at_start(last)
            else:
                self.open_path(last)

    def open_path(self, path: Path, read_only: bool = False,
                  error: BaseException | None = None) -> bool:
        """Open a workbook and show it. `error`: what opening it already raised (start-up opens
        off the GUI thread and reports here, the same way)."""
        from maturity_workbook.store import WorkbookError, WorkbookStore

        path = Path(path)
        if self.session is not None and Path(self.session.path).resolve() == path.resolve():
            return True
        if not path.exists():
            _dialogs().warn(self, self.tr("Workbook not found"), self.tr(
                "{path} does not exist any more. It may have been moved or renamed.").format(
                    path=path))
            self.settings.remove_recent(path)
            self.welcome.refresh()
            return False
        try:
            if error is not None:
                raise error
            store = WorkbookStore.open(path, read_only=read_only)
        except WorkbookError as exc:
            log.warning("cannot open %s: %s", path, exc)
            return self._handle_open_error(path, exc)
        except OSError as exc:
            _dialogs().warn(self, self.tr("Cannot open the workbook"),
                         f"{path}: {exc.strerror or exc}")
            return False
        self.opened(store)
        return True

    def opened(self, store) -> None:
        """Show a workbook just opened (and say so when it is read-only)."""
        self._show_store(store)
        if store.read_only:
            _dialogs().inform(self, self.tr("Opened read-only"), texts.store_read_only_text(store))

    def _handle_open_error(self, path: Path, exc) -> bool:
        from maturity_workbook.store import list_backups

        backups = list_backups(path)
        choice = _dialogs().explain_open_error(self, path, texts.store_error_text(exc), backups,
                                            details=texts.details(exc))
        if choice == _dialogs().CHOOSE_BACKUP and backups:
            from maturity_workbook.ui.backups_dialog import restore_chosen_backup

            return restore_chosen_backup(self, path) and self.open_path(path)
        if choice == _dialogs().RESTORE_BACKUP and backups:
            from maturity_workbook.store import restore_backup

            try:
                restore_backup(path, backups[0])
            except Exception as restore_exc:  # noqa: BLE001 - shown to the user, file untouched
                _dialogs().warn(self, self.tr("Cannot restore the backup"),
                             texts.error_text(restore_exc))
                return False
            return self.open_path(path)
        if choice == _dialogs().PICK_ANOTHER:
            QTimer.singleShot(0, self.open_dialog)
        return False

    # ----------------------------------------------------------------------------- presenter

    def toggle_presenter(self) -> None:
        from maturity_workbook.ui.presenter import PresenterWindow

        if self.presenter is not None and self.presenter.isVisible():
            self.presenter.close()
        else:
            if self.presenter is None:
                self.presenter = PresenterWindow(self.settings)
                self.presenter.closed.connect(lambda: self.act_presenter.setChecked(False))
            self.presenter.follow(self._current_wizard())
            self.presenter.place(self)
        self.act_presenter.setChecked(self.presenter.isVisible())

    def presenter_full_screen(self) -> None:
        if self.presenter is None or not self.presenter.isVisible():
            self.toggle_presenter()
        self.presenter.toggle_full_screen()

    def _current_wizard(self):
        return self.workbook_view.current_wizard() if self.workbook_view is not None else None

    def _presenter_follows(self) -> None:
        if self.presenter is not None and self.presenter.isVisible():
            self.presenter.follow(self._current_wizard())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._restored:  # once more, now that the window frame is known
            self._restored = False
            fit_on_screen(self)

    def _show_store(self, store) -> None:
        from maturity_workbook.ui.session import WorkbookSession
        from maturity_workbook.ui.workbook_view import WorkbookView

        self.close_workbook()
        self.session = WorkbookSession(store, self.catalog, self)
        self.session.historyChanged.connect(self._update_actions)
        self.workbook_view = WorkbookView(self.session, self)
        self.workbook_view.wizardChanged.connect(self._presenter_follows)
        self.stack.addWidget(self.workbook_view)
        self.stack.setCurrentWidget(self.workbook_view)
        self.settings.add_recent(Path(store.path))
        self.settings.last_workbook = Path(store.path).resolve()
        self.session.changed.connect(self._title_follows)
        self._update_title()
        self.setWindowFilePath(str(store.path))
        self._update_actions()
        self.workbook_view.setFocus()
        from maturity_workbook.ui.conflict_copies import offer_later

        offer_later(self)  # a synced folder's conflict copies of this workbook: offer to merge

    def _update_title(self) -> None:
        store = self.session.store
        title = self.tr("{workbook} — {file} [read-only]") if store.read_only else \
            self.tr("{workbook} — {file}")
        if self.session.participant_id is not None:
            title = self.tr("{workbook} — {file} [participant file]")
        self.setWindowTitle(title.format(workbook=store.workbook.name,
                                         file=Path(store.path).name))

    def _title_follows(self, change) -> None:
        """A rename (Workbook Properties, its undo, a merge) shows in the title bar too."""
        from maturity_workbook.core.ops import What

        if change.what in (What.WORKBOOK, What.MANY) and self.session is not None:
            self._update_title()

    def close_workbook(self) -> bool:
        """Close the open workbook once everything typed is saved, or the user lets it go."""
        if self.session is None:
            return True
        discard = False
        while True:
            problem = self._save_problem(discard)
            if problem is None or discard:  # closed, or closed as far as it can be
                break
            if not _dialogs().confirm(self, self.tr("Changes not saved"), self.tr(
                    "The last changes could not be saved: {problem}\n\nUse File › Save a Copy As "
                    "to keep them elsewhere, or close anyway and lose them.").format(
                        problem=problem), self.tr("Close and lose changes")):
                return False
            discard = True
        if self.workbook_view is not None:
            self.workbook_view.shutdown()
            self.stack.removeWidget(self.workbook_view)
            self.workbook_view.deleteLater()
            self.workbook_view = None
        self.session.deleteLater()
        self.session = None
        self._presenter_follows()
        self.settings.last_workbook = None
        self.setWindowTitle(APP_NAME)
        self.welcome.refresh()
        self.stack.setCurrentWidget(self.welcome)
        self._update_actions()
        return True

    def _save_problem(self, discard: bool) -> str | None:
        """Save (the note being typed included) and close the session's file; None when that
        worked, else what went wrong, with the session still open."""
        try:
            if not discard and not self.session.flush(timeout=10):
                return self.tr("saving is taking longer than ten seconds")
            self.session.close(discard=discard)
        except Exception as exc:  # noqa: BLE001 - the user decides, nothing is thrown away silently
            log.warning("closing %s: %s", self.session.path, exc)
            return texts.error_text(exc)
        return None

    def save_copy_as(self) -> None:
        if self.session is None:
            return
        current = Path(self.session.path)
        self.session.commit_drafts()  # the copy holds the note being typed too
        copy_name = self.tr("{name} copy").format(name=current.stem) + WORKBOOK_SUFFIX
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save a copy as"), str(current.with_name(copy_name)), workbook_filter())
        if not path:
            return
        path = Path(path)
        if path.suffix.lower() != WORKBOOK_SUFFIX:
            path = path.with_suffix(WORKBOOK_SUFFIX)
        if path.resolve() == current.resolve():
            _dialogs().warn(self, self.tr("Same file"), self.tr("Choose a different file for the copy."))
            return
        try:
            self.session.store.save_copy_as(path)
        except Exception as exc:  # noqa: BLE001 - a clear message instead of a traceback
            _dialogs().warn(self, self.tr("Cannot save the copy"), texts.error_text(exc))
            return
        self.statusBar().showMessage(self.tr("Copy saved to {path}").format(path=path), 5000)

    # ----------------------------------------------------------------------------- reports

    def export_pdf(self) -> None:
        if self.workbook_view is not None:
            self.workbook_view.export_pdf()

    def print_preview(self) -> None:
        if self.workbook_view is not None:
            self.workbook_view.print_preview()

    def print_report(self) -> None:
        if self.workbook_view is not None:
            self.workbook_view.print_report()

    def workbook_properties(self) -> None:
        if self.session is not None:
            from maturity_workbook.ui.workbook_properties import edit_workbook_properties

            edit_workbook_properties(self, self.session)

    # ---------------------------------------------------------------------------- laptops

    def participant_files(self) -> None:
        if self.session is None:
            return
        from maturity_workbook.ui.participant_files import hand_out_participant_files

        assess = self.workbook_view.screen(self.workbook_view.ASSESS) \
            if self.workbook_view is not None else None
        hand_out_participant_files(self, self.session,
                                   assess.current_assessment_id() if assess else None)

    def import_merge(self) -> None:
        if self.session is None or not self.session.can_edit_workbook:
            return
        from maturity_workbook.ui.merge_dialog import import_and_merge

        report = import_and_merge(self, self.session)
        if report is not None:
            self.statusBar().showMessage(self.tr("Merged: Edit › Undo Import takes it back"),
                                         8000)

    # ----------------------------------------------------------------------------- the rest

    def new_assessment(self) -> None:
        if self.workbook_view is not None:
            self.workbook_view.show_screen(self.workbook_view.ASSESS)
            self.workbook_view.assess.new_assessment()

    def show_screen(self, index: int) -> None:
        if self.workbook_view is not None:
            self.workbook_view.show_screen(index)

    def undo(self) -> None:
        if self.session is not None and not self.session.read_only:
            self.session.undo()

    def redo(self) -> None:
        if self.session is not None and not self.session.read_only:
            self.session.redo()

    def show_backups(self) -> None:
        from maturity_workbook.ui.backups_dialog import show_backups

        show_backups(self)

    def show_preferences(self) -> None:
        _dialogs().PreferencesDialog(self.settings, self).exec()

    def closeEvent(self, event: QCloseEvent) -> None:
        last = self.session.path if self.session is not None else None
        if not self.close_workbook():
            event.ignore()
            return
        self.settings.last_workbook = Path(last).resolve() if last else None
        self.settings.set_geometry(self.saveGeometry())
        if self.presenter is not None:
            self.presenter.close()
            self.presenter.deleteLater()
            self.presenter = None
        event.accept()
