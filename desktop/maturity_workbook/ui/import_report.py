"""What a merge did, in the user's language: records added, changed and removed, and each
conflict (the same value changed on two computers) with what was kept and what was set aside.

The store's ImportReport holds the counts per table and the conflict records as data
(store/importing.py, store/merge.py); its English lines are for the command line. This module
words them for the window, so the conflict-copies offer and any other merge can show them.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QFile, QLocale, Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHeaderView, QLabel, QListWidget, QPlainTextEdit, QPushButton,
    QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

log = logging.getLogger(__name__)

translate = QCoreApplication.translate

UNKNOWN_JSON = "unknown"  # how the file writes "don't know" (store/records.py)

TABLES = (  # (table name in the report, what a row of it is called)
    ("assessments", QT_TRANSLATE_NOOP("ImportReport", "Assessments")),
    ("entries", QT_TRANSLATE_NOOP("ImportReport", "Answers to items")),
    ("targets", QT_TRANSLATE_NOOP("ImportReport", "Targets")),
    ("participants", QT_TRANSLATE_NOOP("ImportReport", "Participants")),
    ("workbook", QT_TRANSLATE_NOOP("ImportReport", "Workbook settings")),
)

_ENTRY_FIELDS = {
    "agreed": QT_TRANSLATE_NOOP("ImportReport", "the agreed rating of {item}"),
    "note": QT_TRANSLATE_NOOP("ImportReport", "the note on {item}"),
    "evidence": QT_TRANSLATE_NOOP("ImportReport", "the evidence for {item}"),
    "agreed_reason": QT_TRANSLATE_NOOP("ImportReport", "the reason for the agreed rating of "
                                                       "{item}"),
}
_ASSESSMENT_FIELDS = {
    "title": QT_TRANSLATE_NOOP("ImportReport", "the title of {assessment}"),
    "date": QT_TRANSLATE_NOOP("ImportReport", "the date of {assessment}"),
    "status": QT_TRANSLATE_NOOP("ImportReport", "whether {assessment} is final"),
    "participant_ids": QT_TRANSLATE_NOOP("ImportReport", "who took part in {assessment}"),
    "notes": QT_TRANSLATE_NOOP("ImportReport", "the notes of {assessment}"),
}


def table_rows(report) -> list[tuple[str, int, int, int]]:
    """(what, added, changed, removed) for each kind of record the merge touched; the
    conflicts table itself is not listed (its entries are listed one by one)."""
    counts = (report.added, report.changed, report.removed)
    known = {name for name, _ in TABLES}
    rows = []
    for name, label in TABLES:
        numbers = [c.get(name, 0) for c in counts]
        if any(numbers):
            rows.append((translate("ImportReport", label), *numbers))
    others = [sum(n for t, n in c.items() if t not in known and t != "conflicts")
              for c in counts]
    if any(others):
        rows.append((translate("ImportReport", "Other records"), *others))
    return rows


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def value_text(value: Any, is_level: bool = False, framework=None) -> str:
    """A stored value as the user reads it; a level with its stage's name when known."""
    if is_level and isinstance(value, int) and not isinstance(value, bool) and \
            framework is not None:
        try:
            return translate("ImportReport", "{level} · {stage}").format(
                level=QLocale().toString(value), stage=framework.stage(value).name)
        except KeyError:
            pass
    if value is None:
        return translate("ImportReport", "not applicable") if is_level else \
            translate("ImportReport", "nothing")
    if is_level and value == UNKNOWN_JSON:
        return translate("ImportReport", "don't know")
    if isinstance(value, bool):
        return translate("ImportReport", "yes") if value else translate("ImportReport", "no")
    if isinstance(value, (int, float)):
        return QLocale().toString(value)
    if isinstance(value, list):
        return "; ".join(value_text(v) for v in value) or translate("ImportReport", "nothing")
    return translate("ImportReport", "“{text}”").format(text=_clip(str(value), 40))


def conflict_text(workbook, record: dict, catalog=None) -> str:
    """One conflict from the conflicts table: which value was kept, which set aside."""
    key = list(record.get("key") or [])
    kind = key[0] if key else ""
    assessment = workbook.assessments.get(key[1]) if kind in ("a", "e", "t") and \
        len(key) > 1 else None
    framework = catalog.get(assessment.framework_id, assessment.framework_version) \
        if assessment is not None and catalog is not None else None
    title = translate("ImportReport", "“{title}”").format(title=assessment.title) \
        if assessment is not None else translate("ImportReport", "an assessment")

    def item_name(item_id: str) -> str:
        try:
            return translate("ImportReport", "“{prompt}”").format(
                prompt=_clip(framework.item(item_id).prompt))
        except (AttributeError, KeyError):
            return translate("ImportReport", "item {id}").format(id=item_id)

    if kind == "a" and key[-1] == "deleted":
        return translate("ImportReport", "{assessment} was deleted on one computer and changed "
                                         "on the other; it was kept.").format(assessment=title)
    is_level = False
    if kind == "e" and len(key) >= 4:
        if key[3] == "rating":
            person = workbook.participants.get(key[4]) if len(key) > 4 else None
            what = translate("ImportReport", "{person}'s rating of {item}").format(
                person=person.name if person else translate("ImportReport", "someone"),
                item=item_name(key[2]))
            is_level = True
        else:
            template = _ENTRY_FIELDS.get(key[3])
            what = translate("ImportReport", template).format(item=item_name(key[2])) \
                if template else translate("ImportReport", "a detail of {item}").format(
                    item=item_name(key[2]))
            is_level = key[3] == "agreed"
        what = translate("ImportReport", "{what} in {assessment}").format(what=what,
                                                                          assessment=title)
    elif kind == "t" and len(key) >= 3:
        try:
            dimension = framework.dimension(key[2]).name
        except (AttributeError, KeyError):
            dimension = key[2]
        what = translate("ImportReport", "the target for {function} in {assessment}").format(
            function=dimension, assessment=title)
        is_level = True
    elif kind == "a" and len(key) >= 3:
        template = _ASSESSMENT_FIELDS.get(key[2])
        what = translate("ImportReport", template).format(assessment=title) if template else \
            translate("ImportReport", "a detail of {assessment}").format(assessment=title)
    elif kind == "p" and len(key) >= 3:
        person = workbook.participants.get(key[1])
        name = person.name if person else translate("ImportReport", "someone")
        what = translate("ImportReport", "the role of {person}").format(person=name) \
            if key[2] == "role" else translate("ImportReport", "the name of {person}").format(
                person=name)
    elif kind == "w":
        what = translate("ImportReport", "a workbook setting")
    else:
        what = translate("ImportReport", "a record")
    kept = (record.get("kept") or {}).get("value")
    other = (record.get("other") or {}).get("value")
    return translate("ImportReport", "{what}: changed on both computers; kept {kept} (the "
                                     "later edit), set aside {other}.").format(
        what=what[:1].upper() + what[1:], kept=value_text(kept, is_level, framework),
        other=value_text(other, is_level, framework))


class ImportReportDialog(QDialog):
    """After a merge: what came in, the conflicts, where the backup is; for conflict copies,
    an offer to move the merged copies to the trash once the merge looks right."""

    def __init__(self, report, workbook, catalog=None, copies: list[Path] = (),
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.report = report
        self.copies = [Path(c) for c in copies]
        self.trashed: list[Path] = []
        self.setWindowTitle(self.tr("What the merge brought in"))
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        rows = table_rows(report)
        count = len(report.sources)
        heading = QLabel(self.tr("Merged %n file(s) into {workbook}:", "", count).format(
            workbook=workbook.name) if report.changed_anything else self.tr(
            "These %n file(s) held nothing this workbook does not have already; nothing was "
            "changed:", "", count))
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        names = QLabel("\n".join("• " + p.name for p in report.sources))
        names.setTextFormat(Qt.PlainText)
        names.setWordWrap(True)
        names.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(names)

        self.counts = QTreeWidget(self)
        self.counts.setRootIsDecorated(False)
        self.counts.setHeaderLabels([self.tr("What"), self.tr("Added"), self.tr("Changed"),
                                     self.tr("Removed")])
        self.counts.setAccessibleName(self.tr("Records merged"))
        self.counts.setSelectionMode(QTreeWidget.NoSelection)
        self.counts.setFocusPolicy(Qt.NoFocus)
        locale = QLocale()
        for what, *numbers in rows:
            item = QTreeWidgetItem([what, *(locale.toString(n) for n in numbers)])
            for column in (1, 2, 3):
                item.setTextAlignment(column, Qt.AlignRight | Qt.AlignVCenter)
            self.counts.addTopLevelItem(item)
        self.counts.header().setSectionResizeMode(0, QHeaderView.Stretch)
        self.counts.setMaximumHeight(40 + 26 * max(1, len(rows)))
        self.counts.setVisible(bool(rows))
        layout.addWidget(self.counts)

        records = report.conflict_records
        self.conflicts_label = QLabel(self.tr(
            "%n value(s) had been changed on both computers. The later edit was kept; the "
            "other stays in the workbook's list of conflicts:", "", len(records)))
        self.conflicts_label.setWordWrap(True)
        self.conflicts_label.setVisible(bool(records))
        layout.addWidget(self.conflicts_label)
        self.conflicts = QListWidget(self)
        self.conflicts.setAccessibleName(self.tr("Conflicts"))
        self.conflicts.setWordWrap(True)
        for record in records:
            self.conflicts.addItem(conflict_text(workbook, record, catalog))
        self.conflicts.setVisible(bool(records))
        self.conflicts_label.setBuddy(self.conflicts)
        layout.addWidget(self.conflicts, 1)

        if report.warnings:  # English lines from the store: the details
            details = QPlainTextEdit("\n".join(report.warnings))
            details.setReadOnly(True)
            details.setMaximumHeight(80)
            details.setAccessibleName(self.tr("Details"))
            label = QLabel(self.tr("Details:"))
            layout.addWidget(label)
            layout.addWidget(details)

        notes = []
        if report.backup is not None:
            notes.append(self.tr("The workbook as it was before the merge is a backup: File › "
                                 "Backups… puts it back if needed."))
        if self.copies:
            notes.append(self.tr("The %n merged copy(ies) are still beside the workbook. Once "
                                 "the merge looks right, move them to the trash.", "",
                                 len(self.copies)))
        self.note = QLabel("\n".join(notes))
        self.note.setWordWrap(True)
        self.note.setVisible(bool(notes))
        layout.addWidget(self.note)

        buttons = QDialogButtonBox(QDialogButtonBox.Close, parent=self)
        self.trash_button = QPushButton(self.tr("Move the %n Cop(ies) to the &Trash", "",
                                                len(self.copies)))
        self.trash_button.setVisible(bool(self.copies))
        self.trash_button.clicked.connect(self.move_copies_to_trash)
        buttons.addButton(self.trash_button, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def move_copies_to_trash(self) -> None:
        """Move the merged copies to the trash (recoverable), so they are not offered again."""
        failed = []
        for copy in self.copies:
            if copy in self.trashed:
                continue
            if QFile(str(copy)).moveToTrash():  # the desktop's trash: the user can get it back
                self.trashed.append(copy)
            else:
                failed.append(copy.name)
        self.trash_button.setEnabled(bool(failed))
        if failed:
            self.note.setText(self.tr("These copies could not be moved to the trash; delete "
                                      "them by hand: {files}").format(files=", ".join(failed)))
        else:
            self.note.setText(self.tr("The copies are in the trash."))
