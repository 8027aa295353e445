"""File > Export PDF, Print Preview and Print: the same SnapshotReport on a PDF writer or printer.

Export PDF first asks what to include (`ExportOptionsDialog`: item detail or not, participants by
name or as P1...Pn, paper size), then where. Every modal step goes through a module-level function
(`ask_export_options`, `ask_save_path`, `exec_dialog`, and `dialogs.warn` / `dialogs.inform`), so
tests replace them and never leave a modal open. When some text has no installed font, the user
is told which script and how to get a font, instead of finding empty boxes in the PDF.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
    QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from maturity_workbook.report.i18n import TranslationContext, arg
from maturity_workbook.ui import dialogs
from maturity_workbook.ui.i18n import isolate

log = logging.getLogger(__name__)

ReportActions = TranslationContext("ReportActions")  # this module's texts outside a QObject
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


# ----------------------------------------------------------------------- replaceable dialogs


@dataclass(frozen=True)
class ExportChoice:
    include_detail: bool = True
    anonymize: bool = False
    paper: str = "A4"
    # who prepares the snapshots, asked while the workbook does not say (None: not asked)
    prepared_by: str | None = None
    actions_by: str = "function"  # the action plan grouped by "function" or by "phase"


class ExportOptionsDialog(QDialog):
    """What goes into the exported snapshot, and on which paper."""

    def __init__(self, parent: QWidget | None, choice: ExportChoice):
        super().__init__(parent)
        from maturity_workbook.report.pdf import PAPERS

        self.setWindowTitle(self.tr("Export PDF snapshot"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("The snapshot always has the summary, the radar, what to do and "
                               "the progress over time."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.detail = QCheckBox(self.tr("Include the item &detail (every item's ratings, notes "
                                        "and evidence)"))
        self.detail.setChecked(choice.include_detail)
        self.anonymize = QCheckBox(self.tr("Show participants as P1, P2… instead of their "
                                           "&names"))
        self.anonymize.setChecked(choice.anonymize)
        self.paper = QComboBox()
        names = {"A4": self.tr("A4 (210 × 297 mm)"), "Letter": self.tr("Letter (8.5 × 11 in)")}
        for paper in PAPERS:
            self.paper.addItem(names.get(paper, paper), paper)
        self.paper.setCurrentIndex(max(0, self.paper.findData(choice.paper)))
        self.paper.setAccessibleName(self.tr("Paper size"))
        form = QFormLayout()
        paper_label = QLabel(self.tr("&Paper size:"))
        paper_label.setBuddy(self.paper)
        form.addRow(paper_label, self.paper)
        self.actions_by = QComboBox()  # the action plan, after What to do
        self.actions_by.addItem(self.tr("Function"), "function")
        self.actions_by.addItem(self.tr("Roadmap phase"), "phase")
        self.actions_by.setCurrentIndex(max(0, self.actions_by.findData(choice.actions_by)))
        actions_label = QLabel(self.tr("&Group the action plan by:"))
        actions_label.setBuddy(self.actions_by)
        form.addRow(actions_label, self.actions_by)
        self.prepared_by = None
        if choice.prepared_by is not None:  # the workbook does not name who prepares it yet
            self.prepared_by = QLineEdit(choice.prepared_by)
            self.prepared_by.setMaxLength(200)
            self.prepared_by.setPlaceholderText(self.tr("You or your organisation (optional)"))
            self.prepared_by.setToolTip(self.tr(
                "Printed on page 1 as “prepared by” and as the PDF's author. It is kept in the "
                "workbook; change it later under File › Workbook Properties."))
            prepared_label = QLabel(self.tr("Prepared &by:"))
            prepared_label.setBuddy(self.prepared_by)
            form.addRow(prepared_label, self.prepared_by)
        layout.addWidget(self.detail)
        layout.addWidget(self.anonymize)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Ch&oose file…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choice(self) -> ExportChoice:
        prepared_by = None if self.prepared_by is None else self.prepared_by.text().strip()
        return ExportChoice(self.detail.isChecked(), self.anonymize.isChecked(),
                            self.paper.currentData(), prepared_by,
                            self.actions_by.currentData())


def ask_export_options(parent: QWidget | None, choice: ExportChoice) -> ExportChoice | None:
    """The options the user chose for this export (None when cancelled)."""
    dialog = ExportOptionsDialog(parent, choice)
    try:
        if exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()
    finally:
        dialog.deleteLater()


def ask_save_path(parent: QWidget | None, caption: str, suggested: Path) -> Path | None:
    """The file the user chose to write (None when cancelled)."""
    path, _ = QFileDialog.getSaveFileName(parent, caption, str(suggested),
                                          ReportActions.tr("PDF documents (*.pdf)"))
    if not path:
        return None
    path = Path(path)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def exec_dialog(dialog: QDialog) -> int:
    """Run a print or preview dialog modally; returns its result code."""
    return dialog.exec()


def paper_preference(parent: QWidget | None) -> str:
    """The paper size from Preferences: the window's settings when it has them."""
    window = parent.window() if parent is not None else None
    settings = getattr(window, "settings", None)
    if settings is None or not hasattr(settings, "paper"):
        from maturity_workbook.ui.settings import AppSettings

        settings = AppSettings()
    return settings.paper


# ------------------------------------------------------------------------------- the report


class _Busy:
    """A wait cursor while charts render and pages are laid out."""

    def __enter__(self):
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        return self

    def __exit__(self, *exc) -> None:
        QApplication.restoreOverrideCursor()


def _resolve(parent, session, assessment_id):
    """(workbook, framework, assessment) for the report, or None after telling the user why."""
    from maturity_workbook.report.content import SnapshotError, choose_assessment

    workbook = session.workbook
    try:
        assessment = choose_assessment(workbook, assessment_id)
    except SnapshotError as exc:
        dialogs.inform(parent, ReportActions.tr("Nothing to report yet"), nothing_to_report(exc))
        return None
    framework = session.framework_for(assessment)
    if framework is None:
        dialogs.warn(parent, ReportActions.tr("Unknown framework"), arg(ReportActions.tr(
            "“%1” was made with the framework “%2” (version %3), which is not installed. Add "
            "its file under Preferences to report on it."), isolate(assessment.title),
            isolate(assessment.framework_id), isolate(assessment.framework_version)))
        return None
    return workbook, framework, assessment


def nothing_to_report(error) -> str:
    """Why there is no snapshot (a `content.SnapshotError`), in the user's words."""
    from maturity_workbook.report.content import SnapshotProblem

    if error.problem is SnapshotProblem.NO_FINAL:
        return ReportActions.tr("This workbook has no final assessment yet. Finalize one on the "
                                "Assess screen, then export its snapshot.")
    if error.problem is SnapshotProblem.OTHER_FRAMEWORK:
        return ReportActions.tr("The chosen assessment was made with another framework than "
                                "the one it is reported with.")
    return ReportActions.tr("The chosen assessment is no longer in this workbook. Choose one "
                            "on the History screen.")


def build_report(parent, session, assessment_id, choice: ExportChoice | None = None):
    """(SnapshotReport, assessment) for the assessment, or None when there is none to report
    on (the user has been told why)."""
    from maturity_workbook.report import snapshot_report
    from maturity_workbook.report.content import SnapshotOptions

    resolved = _resolve(parent, session, assessment_id)
    if resolved is None:
        return None
    workbook, framework, assessment = resolved
    options = None
    if choice is not None:
        options = SnapshotOptions(include_detail=choice.include_detail,
                                  anonymize=choice.anonymize, actions_by=choice.actions_by)
    return snapshot_report(workbook, framework, assessment, options=options,
                           catalog=session.catalog), assessment


def warn_missing_fonts(parent: QWidget | None, report) -> None:
    """Say which scripts printed as boxes and how to get a font for them."""
    from maturity_workbook.report.text import missing_font_messages

    messages = missing_font_messages(report.missing_fonts)
    if messages:
        dialogs.warn(parent, ReportActions.tr("Some text has no font"),
                     "\n\n".join(messages))


def suggested_pdf_path(session, assessment) -> Path:
    """'<workbook> <assessment date>.pdf' beside the workbook file."""
    name = session.workbook.name.strip() or "Maturity snapshot"
    stem = " ".join(_UNSAFE.sub(" ", f"{name} {assessment.date}").split()).strip(".")
    folder = Path(session.path).parent if getattr(session, "path", None) else Path.home()
    return folder / f"{stem or 'snapshot'}.pdf"


def _status(parent: QWidget | None, text: str) -> None:
    window = parent.window() if parent is not None else None
    bar = getattr(window, "statusBar", None)
    if callable(bar):
        bar().showMessage(text, 6000)


def _printer(paper: str, title: str):
    from PySide6.QtPrintSupport import QPrinter

    from maturity_workbook.report.pdf import page_size

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)  # the report keeps its own margins, the same on every device
    printer.setPageSize(page_size(paper))
    printer.setDocName(title)
    return printer


# -------------------------------------------------------------------------------- actions


def export_pdf(parent: QWidget | None, session, assessment_id: str | None) -> Path | None:
    """Ask what to include and where, then write the snapshot there (atomically). Returns the
    path written."""
    from maturity_workbook.report.content import SnapshotError, choose_assessment
    from maturity_workbook.report.pdf import write_pdf
    from maturity_workbook.store.atomic import describe_os_error

    ask_prepared_by = not session.workbook.prepared_by.strip() and not session.read_only
    choice = ExportChoice(paper=paper_preference(parent),
                          prepared_by="" if ask_prepared_by else None)
    try:
        choose_assessment(session.workbook, assessment_id)
    except SnapshotError:
        pass  # build_report tells the user why there is nothing to export
    else:
        choice = ask_export_options(parent, choice)
        if choice is None:
            return None
        if choice.prepared_by:
            record_prepared_by(parent, session, choice.prepared_by)
    with _Busy():
        built = build_report(parent, session, assessment_id, choice)
    if built is None:
        return None
    report, assessment = built
    path = ask_save_path(parent, ReportActions.tr("Export PDF snapshot"),
                         suggested_pdf_path(session, assessment))
    if path is None:
        return None
    paper = choice.paper
    try:
        with _Busy():
            pages = write_pdf(report, path, paper)
    except OSError as exc:
        log.warning("PDF export to %s failed: %s", path, exc)
        dialogs.warn(parent, ReportActions.tr("Cannot export the PDF"), arg(ReportActions.tr(
            "%1 could not be written: %2. Choose another folder or free some space."),
            isolate(path.name), describe_os_error(exc)))
        return None
    _status(parent, arg(ReportActions.tr("Saved %1 (%n page(s))", "", pages), isolate(path.name)))
    warn_missing_fonts(parent, report)
    return path


def record_prepared_by(parent: QWidget | None, session, name: str) -> None:
    """Keep who prepares the snapshots in the workbook (one undoable edit), so it is asked
    once; a refusal is said and the export goes on without it."""
    from maturity_workbook.core import ops
    from maturity_workbook.core.errors import OperationError
    from maturity_workbook.store import WorkbookError

    try:
        session.do(ops.SetWorkbookField("prepared_by", name))
    except (OperationError, WorkbookError, OSError) as exc:
        log.warning("prepared-by not recorded: %s", exc)
        dialogs.warn(parent, ReportActions.tr("Not recorded"), arg(ReportActions.tr(
            "Who prepared the snapshot could not be kept in the workbook: %1. The PDF is written "
            "without it."), str(exc)))


def print_preview(parent: QWidget | None, session, assessment_id: str | None) -> None:
    """Show the snapshot in Qt's print preview; printing from there uses the same pages."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    with _Busy():
        built = build_report(parent, session, assessment_id)
    if built is None:
        return
    report = built[0]
    printer = _printer(paper_preference(parent), report.document.title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(arg(ReportActions.tr("Print preview — %1"), report.document.title))
    dialog.paintRequested.connect(lambda device: _paint(parent, report, device))
    fit_toolbar(dialog)
    try:
        exec_dialog(dialog)
    finally:
        dialog.deleteLater()


def fit_toolbar(dialog: QWidget) -> None:
    """Make a dialog wide enough for its whole toolbar (the print preview's was cut into an
    overflow menu), within its screen; a little taller than wide pages need, too."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QToolBar

    toolbar = dialog.findChild(QToolBar)
    if toolbar is None:
        return
    margins = dialog.layout().contentsMargins() if dialog.layout() is not None else None
    extra = (margins.left() + margins.right()) if margins is not None else 0
    screen = dialog.screen() or QGuiApplication.primaryScreen()
    available = screen.availableGeometry() if screen is not None else None
    width = max(dialog.width(), toolbar.sizeHint().width() + extra + 8)
    height = max(dialog.height(), 700)
    if available is not None:
        width, height = min(width, available.width()), min(height, available.height())
    dialog.resize(width, height)


def print_report(parent: QWidget | None, session, assessment_id: str | None) -> bool:
    """The system print dialog, then the snapshot on the chosen printer. True when printed."""
    from PySide6.QtPrintSupport import QPrintDialog

    with _Busy():
        built = build_report(parent, session, assessment_id)
    if built is None:
        return False
    report = built[0]
    printer = _printer(paper_preference(parent), report.document.title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(ReportActions.tr("Print snapshot"))
    try:
        if exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return False
    finally:
        dialog.deleteLater()
    return _paint(parent, report, printer, chosen_pages(printer))


def chosen_pages(printer) -> list[int] | None:
    """The pages picked in the print dialog (1-based), or None for all."""
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0 and last <= 0:
        return None
    return list(range(max(first, 1), (last if last > 0 else 10_000) + 1))


def _paint(parent, report, device, pages=None) -> bool:
    from maturity_workbook.store.atomic import describe_os_error

    try:
        with _Busy():
            report.render(device, pages)
    except OSError as exc:
        log.warning("printing failed: %s", exc)
        dialogs.warn(parent, ReportActions.tr("Cannot print"), arg(ReportActions.tr(
            "The snapshot could not be printed: %1."), describe_os_error(exc)))
        return False
    return True
