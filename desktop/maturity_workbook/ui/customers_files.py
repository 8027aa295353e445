"""Files of the Customers screen: importing a customer CSV, saving its template, exporting the
segment tags (the store does the reading and writing; this words it for the window).

An import is all or nothing: a file with a bad row changes nothing and every problem is listed
as FILE:LINE: message. A good one is backed up against and applied as one undoable operation.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from maturity_workbook.core.ops.customer_ops import ImportCustomers, summarize_import
from maturity_workbook.ui import dialogs


def show_problems(parent: QWidget, title: str, text: str, lines: list[str]) -> None:
    """Every problem of a file: the first few in the box, all of them under Show Details."""
    box = QMessageBox(QMessageBox.Warning, title, text, QMessageBox.Ok, parent)
    box.setInformativeText("\n".join(lines[:5]) + ("\n…" if len(lines) > 5 else ""))
    box.setDetailedText("\n".join(lines))
    box.exec()


class CustomerFiles(QObject):
    """The screen's file actions (a QObject, so its texts, plurals included, reach lupdate)."""

    def __init__(self, screen):
        super().__init__(screen)
        self.screen = screen

    def import_csv(self, path: str | Path | None = None) -> bool:
        from maturity_workbook.store.backups import make_backup
        from maturity_workbook.store.customers_csv import CustomerCsvError, read_customers_csv
        from maturity_workbook.store.errors import WorkbookError

        screen = self.screen
        session = screen.session
        if screen.model is None or session.read_only:
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                screen, self.tr("Import customers"), str(Path.home()),
                self.tr("CSV files (*.csv *.txt);;All files (*)"))
            if not path:
                return False
        path = Path(path)
        QGuiApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            parsed = read_customers_csv(path, screen.model, label=path.name)
            summary = summarize_import(session.workbook, parsed.updates)
            make_backup(session.path, "before-customers-import", session.store.snapshot_bytes())
            done = screen.do(ImportCustomers(parsed.updates))
        except CustomerCsvError as exc:
            QGuiApplication.restoreOverrideCursor()
            lines = [str(p) for p in exc.problems]
            screen.show_banner(self.tr("Nothing was imported from {file}: %Ln problem(s), the "
                                       "first: {first}", "", len(lines)).format(
                file=path.name, first=lines[0]), warn=True)
            show_problems(screen, self.tr("Nothing was imported"), self.tr(
                "{file} has %Ln problem(s); fix them and import it again. Nothing was changed.",
                "", len(lines)).format(file=path.name), lines)
            return False
        except WorkbookError as exc:  # the backup could not be written: do not go ahead
            QGuiApplication.restoreOverrideCursor()
            dialogs.warn(screen, self.tr("Nothing was imported"), str(exc))
            return False
        QGuiApplication.restoreOverrideCursor()
        if done:
            screen.show_banner(self.tr(
                "Imported {file}: customers {added} added and {updated} updated, %Ln "
                "scoring(s) recorded. Undo takes the whole import back.", "",
                summary.new_scorings + summary.replaced_scorings).format(
                    file=path.name, added=len(summary.added), updated=len(summary.updated)))
        return done

    def save_template(self, path: str | Path | None = None) -> bool:
        from maturity_workbook.store.customers_csv import write_template

        screen = self.screen
        if screen.model is None:
            return False
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                screen, self.tr("Save the customer CSV template"),
                str(Path.home() / "customers.csv"), self.tr("CSV files (*.csv)"))
            if not path:
                return False
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(".csv")
        try:
            write_template(screen.model, path)
        except OSError as exc:
            dialogs.warn(screen, self.tr("Cannot save the template"),
                         f"{path}: {exc.strerror or exc}")
            return False
        screen.show_banner(self.tr("Saved the template to {path}: fill in one row per customer "
                                   "under the header, then import it.").format(path=path))
        return True

    def export_tags(self, fmt: str | None = None, path: str | Path | None = None,
                    per_tag: bool = False) -> bool:
        from maturity_workbook.store.tag_export import export_tags as write_tags
        from maturity_workbook.ui.customers_dialogs import ExportTagsDialog

        screen = self.screen
        if screen.model is None or not screen.customers:
            return False
        if fmt is None:
            dialog = ExportTagsDialog(screen)
            if dialog.exec() != ExportTagsDialog.Accepted:
                return False
            fmt, per_tag = dialog.format(), dialog.one_file_per_tag()
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                screen, self.tr("Export segment tags"), str(Path.home() / f"tags-{fmt}.csv"),
                self.tr("CSV files (*.csv)"))
            if not path:
                return False
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(".csv")
        try:
            result = write_tags(screen.model, list(screen.customers.values()), fmt, path,
                                per_tag=per_tag, thresholds=screen.thresholds)
        except (OSError, ValueError) as exc:
            dialogs.warn(screen, self.tr("Cannot export the tags"), f"{path}: {exc}")
            return False
        where = result.paths[0] if len(result.paths) == 1 else path.parent
        text = self.tr("Exported the tags of %Ln customer(s) to {path}.", "",
                       result.rows).format(path=where)
        counts: dict[str, int] = {}
        for _customer_id, reason in result.skipped:
            counts[reason] = counts.get(reason, 0) + 1
        if counts:
            text += " " + self.tr("Left out: {reasons}.").format(reasons=", ".join(
                self.skipped_text(reason, n) for reason, n in counts.items()))
        screen.last_export = result
        screen.show_banner(text)
        return True

    def skipped_text(self, reason: str, n: int) -> str:
        if reason == "no-email":
            return self.tr("%Ln without an email", "", n)
        if reason == "not-placed":
            return self.tr("%Ln not placed (no complete scoring)", "", n)
        if reason == "duplicate-email":
            return self.tr("%Ln sharing an email with another", "", n)
        return f"{n} {reason}"
