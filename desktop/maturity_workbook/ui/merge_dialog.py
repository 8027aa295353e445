"""File › Import / Merge…: bring participant files, copies and interchange files back into the
facilitator's workbook, then show what changed and every conflict side by side.

The merge itself is the store's (the existing rules: a field changed in one place wins, a field
changed in two places is a conflict, the later change is used and the other kept in the
workbook's conflicts table). In the window the whole merge is one undoable step (Edit › Undo
Import; `WorkbookSession.import_files`). For each conflict the dialog shows both values in words
(stage names, not applicable, don't know), where each came from and when it was set, and lets
the facilitator keep either one; choosing is an ordinary undoable edit and both values stay in
the conflicts table, so nothing is lost.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QObject, Qt, QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QFrame, QGridLayout,
    QHBoxLayout, QHeaderView, QLabel, QPushButton, QScrollArea, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from maturity_workbook.core.errors import OperationError, Problem
from maturity_workbook.core.workbook import UNKNOWN, UNRATED
from maturity_workbook.paths import WORKBOOK_SUFFIX
from maturity_workbook.store.import_steps import (
    ConflictKind, MergeConflict, OriginKind, Side, merge_conflicts, side_in_use,
)
from maturity_workbook.ui import dialogs
from maturity_workbook.ui.i18n import date_pattern, format_date, format_number, isolate

TABLE_NAMES = {  # what the counts are about, in words
    "participants": QT_TRANSLATE_NOOP("MergeReportDialog", "People"),
    "assessments": QT_TRANSLATE_NOOP("MergeReportDialog", "Assessments"),
    "entries": QT_TRANSLATE_NOOP("MergeReportDialog", "Items (ratings, notes, evidence)"),
    "targets": QT_TRANSLATE_NOOP("MergeReportDialog", "Targets"),
    "conflicts": QT_TRANSLATE_NOOP("MergeReportDialog", "Conflicts kept"),
    "workbook": QT_TRANSLATE_NOOP("MergeReportDialog", "Workbook settings"),
}
FIELD_NAMES = {
    "title": QT_TRANSLATE_NOOP("MergeReportDialog", "The title"),
    "date": QT_TRANSLATE_NOOP("MergeReportDialog", "The date"),
    "notes": QT_TRANSLATE_NOOP("MergeReportDialog", "The notes"),
    "participant_ids": QT_TRANSLATE_NOOP("MergeReportDialog", "Who took part"),
}


def source_filter() -> str:
    return QCoreApplication.translate(
        "MergeReportDialog", "Workbooks and interchange files ({both});;Maturity workbooks "
        "({workbooks});;Interchange files ({json});;All files (*)").format(
            both=f"*{WORKBOOK_SUFFIX} *.json", workbooks=f"*{WORKBOOK_SUFFIX}", json="*.json")


def import_and_merge(parent: QWidget, session, paths: list[str] | None = None) -> object:
    """Ask for the files (unless given), merge them as one undoable step, show the report.
    Returns the report (None when nothing was merged)."""
    from maturity_workbook.store import WorkbookError

    if paths is None:
        start = str(Path(session.path).parent)
        paths, _ = QFileDialog.getOpenFileNames(parent, QCoreApplication.translate(
            "MergeReportDialog", "Import / merge files"), start, source_filter())
    if not paths:
        return None
    try:
        report = session.import_files([Path(p) for p in paths])
    except WorkbookError as exc:
        from maturity_workbook.ui import texts

        dialogs.warn(parent, QCoreApplication.translate("MergeReportDialog", "Cannot merge"),
                     texts.error_text(exc))  # says that nothing was changed
        return None
    if report is None:
        dialogs.inform(parent, QCoreApplication.translate("MergeReportDialog", "Nothing new"),
                       MergeReportDialog.nothing_new(len(paths)))
        return None
    MergeReportDialog(session, report, parent).exec()
    return report


class MergeReportDialog(QDialog):
    """What a merge changed, and every conflict with keep-this / keep-that."""

    def __init__(self, session, report, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.report = report
        self.conflicts: list[MergeConflict] = merge_conflicts(report)
        self.cards: list[ConflictCard] = []
        self.setWindowTitle(self.tr("Import / merge: what changed"))
        layout = QVBoxLayout(self)
        summary = QLabel(self.tr("%n file(s) merged into this workbook as one step: Edit › "
                                 "Undo Import takes the whole merge back.", "",
                                 len(report.sources)))
        summary.setWordWrap(True)
        layout.addWidget(summary)
        # each name isolated, so a right-to-left name does not pull its neighbours round
        names = QLabel(", ".join(isolate(Path(p).name) for p in report.sources))
        names.setTextFormat(Qt.PlainText)
        names.setWordWrap(True)
        names.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(names)
        layout.addWidget(self._counts())
        if report.backup is not None:
            backup = QLabel(self.tr("A backup of the workbook as it was: {path}").format(
                path=report.backup))
            backup.setTextFormat(Qt.PlainText)
            backup.setWordWrap(True)
            backup.setTextInteractionFlags(Qt.TextSelectableByMouse)
            layout.addWidget(backup)
        for warning in report.warnings:  # the store's words (English for now)
            line = QLabel(warning)
            line.setTextFormat(Qt.PlainText)
            line.setWordWrap(True)
            line.setStyleSheet("color: #8a5300;")
            layout.addWidget(line)

        self.conflict_heading = QLabel()
        self.conflict_heading.setWordWrap(True)
        layout.addWidget(self.conflict_heading)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setVisible(False)
        layout.addWidget(self.error)
        if self.conflicts:
            holder = QWidget()
            cards = QVBoxLayout(holder)
            cards.setContentsMargins(0, 0, 0, 0)
            for conflict in self.conflicts:
                card = ConflictCard(self, conflict, holder)
                cards.addWidget(card)
                self.cards.append(card)
            cards.addStretch(1)
            scroll = QScrollArea()
            scroll.setWidget(holder)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.NoFrame)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
            layout.addWidget(scroll, 1)
        else:
            layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self._refresh()
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 920, 300 + 230 * min(len(self.conflicts), 4) if self.conflicts else 380
        if screen is not None:  # as tall as the conflicts need, within the screen
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)

    @staticmethod
    def nothing_new(count: int) -> str:
        return _MergePlurals().nothing_new(count)

    # -- counts

    def _counts(self) -> QTableWidget:
        tables = [t for t in dict.fromkeys([*self.report.added, *self.report.changed,
                                            *self.report.removed])
                  if self.report.added.get(t) or self.report.changed.get(t)
                  or self.report.removed.get(t)]
        table = QTableWidget(len(tables), 4)
        table.setHorizontalHeaderLabels([self.tr("What"), self.tr("Added"), self.tr("Changed"),
                                         self.tr("Removed")])
        table.setAccessibleName(self.tr("What the merge changed"))
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.NoSelection)
        table.setFocusPolicy(Qt.NoFocus)
        for row, name in enumerate(tables):
            label = TABLE_NAMES.get(name)
            cells = [self.tr(label) if label else name]
            cells += [format_number(counts.get(name, 0)) for counts in (
                self.report.added, self.report.changed, self.report.removed)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                table.setItem(row, col, item)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeToContents)
        table.setFixedHeight(header.sizeHint().height() + 4 +
                             sum(table.rowHeight(r) for r in range(len(tables))))
        return table

    # -- conflicts

    def _refresh(self) -> None:
        workbook = self.session.workbook
        for card in self.cards:
            card.show_state(side_in_use(workbook, card.conflict))
        if not self.conflicts:
            self.conflict_heading.setText(self.tr("No conflicts: nothing was changed in two "
                                                  "places."))
        else:
            self.conflict_heading.setText(self.tr(
                "<b>%n conflict(s)</b>: the same value was changed in two places. The later "
                "change is in use; keep the other one instead where it is right. Both values "
                "stay in the workbook's list of conflicts, whichever you keep.", "",
                len(self.conflicts)))

    def choose(self, card: "ConflictCard", side: str) -> None:
        """Keep one side of a conflict: an ordinary edit, undoable with Edit › Undo."""
        self.error.setVisible(False)
        try:
            self.session.use_conflict_value(card.conflict, side)
        except OperationError as exc:
            self.error.setText(self.refusal(card.conflict, exc))
            self.error.setVisible(True)
        self._refresh()

    def refusal(self, conflict: MergeConflict, exc: OperationError) -> str:
        a = self.session.workbook.assessments.get(conflict.assessment_id or "")
        if getattr(exc, "problem", None) is Problem.FINAL_ASSESSMENT and a is not None:
            return self.tr("“{title}” is final: reopen it (Assess › Reopen for editing), then "
                           "choose again.").format(title=a.title)
        if getattr(exc, "problem", None) is Problem.NEEDS_REASON:
            return self.tr("This agreed rating differs from the room's median, which needs a "
                           "reason: set it in the wizard with the reason.")
        return self.tr("This value cannot be used: {problem}").format(problem=exc)

    # -- wording

    def subject(self, conflict: MergeConflict) -> tuple[str, str]:
        """(what the conflict is about, in which assessment)."""
        workbook = self.session.workbook
        a = workbook.assessments.get(conflict.assessment_id or "")
        framework = self.session.framework_for(a) if a is not None else None
        item = conflict.item_id or ""
        if framework is not None and conflict.item_id:
            try:
                item = framework.item(conflict.item_id).prompt
            except KeyError:
                pass
        where = self.tr("{title} · {date}").format(title=isolate(a.title),
                                                  date=format_date(a.date)) \
            if a is not None else self.tr("The workbook")
        kind = conflict.kind
        key = conflict.record.get("key", [])
        if kind is ConflictKind.RATING:
            person = workbook.participants.get(conflict.participant_id or "")
            what = self.tr("{name}'s rating of “{item}”").format(
                name=isolate(person.name if person else conflict.participant_id),
                item=isolate(item))
        elif kind is ConflictKind.AGREED:
            what = self.tr("The agreed rating of “{item}”").format(item=isolate(item))
        elif kind is ConflictKind.NOTE:
            what = self.tr("The note on “{item}”").format(item=isolate(item))
        elif kind is ConflictKind.EVIDENCE:
            what = self.tr("The evidence for “{item}”").format(item=isolate(item))
        elif kind is ConflictKind.TARGET:
            name = conflict.dimension_id
            if framework is not None:
                names = {d.id: d.name for d in framework.dimensions}
                name = names.get(conflict.dimension_id, name)
            what = self.tr("The target for {function}").format(function=isolate(name))
        elif kind is ConflictKind.ASSESSMENT:
            label = FIELD_NAMES.get(conflict.field)
            what = self.tr(label) if label else conflict.field
        elif kind is ConflictKind.PARTICIPANT:
            person = workbook.participants.get(key[1] if len(key) > 1 else "")
            name = person.name if person else ""
            what = (self.tr("{name}'s role") if conflict.field == "role"
                    else self.tr("{name}'s name")).format(name=isolate(name))
        elif kind is ConflictKind.DELETED:
            what = self.tr("Deleted in one place, changed in another: the assessment was kept")
        elif kind is ConflictKind.WORKBOOK:
            what = self.tr("A workbook setting ({field})").format(field=conflict.field)
        elif kind is ConflictKind.RECORD:
            what = self.tr("A field of a {table} record ({field})").format(
                table=key[1] if len(key) > 1 else "", field=conflict.field)
        else:
            what = self.tr("The room's {field} of “{item}”").format(field=conflict.field,
                                                                     item=isolate(item))
        return what, where

    def value_text(self, conflict: MergeConflict, side: Side) -> str:
        value, kind = side.value, conflict.kind
        if conflict.is_level:
            if value is None:
                return self.tr("No target") if kind is ConflictKind.TARGET else \
                    self.tr("Not applicable")
            if value is UNKNOWN:
                return self.tr("Don't know")
            if value is UNRATED:
                return self.tr("No rating")
            a = self.session.workbook.assessments.get(conflict.assessment_id or "")
            framework = self.session.framework_for(a) if a is not None else None
            stages = {s.level: s.name for s in framework.stages} if framework else {}
            if isinstance(value, int) and value in stages:
                return self.tr("{level} · {stage}").format(level=format_number(value),
                                                          stage=stages[value])
            return format_number(value) if isinstance(value, (int, float)) else str(value)
        if kind is ConflictKind.DELETED:
            return self.tr("Kept") if value == "kept" else self.tr("Deleted")
        if kind is ConflictKind.ASSESSMENT and conflict.field == "participant_ids":
            return ", ".join(self.session.workbook.participant_names(value or ()))
        if kind is ConflictKind.ASSESSMENT and conflict.field == "date":
            return format_date(value)
        if isinstance(value, (tuple, list)):
            return "\n".join(str(v) for v in value) or self.tr("(nothing)")
        if value is None or value == "":
            return self.tr("(empty)")
        return str(value)

    def origin_text(self, side: Side) -> str:
        origin = side.origin
        if origin.kind is OriginKind.WORKBOOK:
            return self.tr("This workbook (before the merge)")
        if origin.kind is OriginKind.FILE:
            person = self.session.workbook.participants.get(origin.participant_id or "")
            if person is not None:
                return self.tr("{name}'s participant file").format(name=isolate(person.name))
            return self.tr("The file {file}").format(file=isolate(origin.path.name))
        return self.tr("Not recorded")

    def time_text(self, side: Side) -> str:
        if side.time is None:
            return self.tr("Time not recorded")
        locale = QLocale()
        when = QDateTime.fromSecsSinceEpoch(int(side.time))
        return self.tr("Set {date} at {time}").format(
            date=locale.toString(when.date(), date_pattern(locale)),
            time=locale.toString(when.time(), locale.timeFormat(QLocale.FormatType.ShortFormat)))


class ConflictCard(QFrame):
    """One conflict: what it is about, then the two values side by side, each with where it
    came from, when it was set, and a button to keep it."""

    SIDES = ("kept", "other")
    HEADINGS = {"kept": QT_TRANSLATE_NOOP("ConflictCard", "The later change"),
                "other": QT_TRANSLATE_NOOP("ConflictCard", "The earlier change")}

    def __init__(self, dialog: MergeReportDialog, conflict: MergeConflict,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.dialog = dialog
        self.conflict = conflict
        what, where = dialog.subject(conflict)
        self.setFrameShape(QFrame.StyledPanel)
        self.setAccessibleName(what)
        grid = QGridLayout(self)
        self.title = QLabel(what)  # long item prompts wrap instead of widening the dialog
        self.title.setTextFormat(Qt.PlainText)
        self.title.setWordWrap(True)
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        grid.addWidget(self.title, 0, 0, 1, 2)
        context = QLabel(where)
        context.setTextFormat(Qt.PlainText)
        context.setStyleSheet("color: palette(placeholder-text);")
        grid.addWidget(context, 1, 0, 1, 2)
        self.state: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        self.frames: dict[str, QFrame] = {}
        choosable = conflict.kind not in (ConflictKind.DELETED, ConflictKind.OTHER)
        for column, name in enumerate(self.SIDES):
            side: Side = getattr(conflict, name)
            frame = QFrame()
            frame.setObjectName("conflictSide")
            frame.setFrameShape(QFrame.StyledPanel)
            box = QVBoxLayout(frame)
            heading = QLabel(self.tr(self.HEADINGS[name]))
            heading.setStyleSheet("color: palette(placeholder-text);")
            box.addWidget(heading)
            value = QLabel(dialog.value_text(conflict, side))
            value.setTextFormat(Qt.PlainText)
            value.setWordWrap(True)
            font = value.font()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.15)
            value.setFont(font)
            box.addWidget(value)
            for text in (dialog.origin_text(side), dialog.time_text(side)):
                line = QLabel(text)
                line.setTextFormat(Qt.PlainText)
                line.setWordWrap(True)
                box.addWidget(line)
            if side.origin.path is not None:
                frame.setToolTip(str(side.origin.path))
            row = QHBoxLayout()
            state = QLabel()
            row.addWidget(state, 1)
            button = QPushButton(self.tr("Keep this value"))
            button.setAccessibleName(self.tr("Keep this value: {value}, {origin}").format(
                value=value.text(), origin=dialog.origin_text(side)))
            button.clicked.connect(lambda _checked=False, n=name: dialog.choose(self, n))
            button.setVisible(choosable)
            row.addWidget(button)
            box.addLayout(row)
            grid.addWidget(frame, 2, column)
            self.state[name], self.buttons[name], self.frames[name] = state, button, frame
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

    def show_state(self, in_use: str | None) -> None:
        for name in self.SIDES:
            used = name == in_use
            self.state[name].setText(self.tr("✓ In use") if used else "")
            self.buttons[name].setEnabled(not used)
            self.frames[name].setStyleSheet(
                "QFrame#conflictSide { border: 2px solid palette(highlight); "
                "border-radius: 4px; }"
                if used else "")
        if in_use is None and self.conflict.kind not in (ConflictKind.DELETED,
                                                         ConflictKind.OTHER):
            self.state["kept"].setText(self.tr("Changed since"))


class _MergePlurals(QObject):
    """Plural messages said outside a dialog instance (lupdate marks plurals only in self.tr)."""

    def nothing_new(self, count: int) -> str:
        return self.tr("%n file(s) merged: they hold nothing this workbook does not have "
                       "already.", "", count)
