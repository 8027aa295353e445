"""Scenarios for the laptops: the participant files dialog, a participant file opened in the
window, and the merge report with a conflict (tests/ui/scenarios.py runs them with the rest)."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale
from PySide6.QtWidgets import QDialogButtonBox

from tests.ui.scenarios import MAIN, Tour, rich_workbook


def participant_files(tour: Tour) -> None:
    from maturity_workbook.ui.participant_files import ParticipantFilesDialog

    owner = "maturity_workbook.ui.participant_files"
    path = tour.tmp_path / "Acme.mwb"
    made = rich_workbook(path)
    window = tour.open_window(path)
    tour.wizard(made["draft"])
    tour.inspector.data |= {str(tour.tmp_path)}
    dialog = tour.expect_dialog(window.participant_files, owner)  # cancelled
    tour.expect_file_dialog(dialog._browse, owner)
    folder = tour.tmp_path / "handed out"
    tour.inspector.data |= {str(folder)}
    first = ParticipantFilesDialog(window.session, made["draft"], window)
    tour.qtbot.addWidget(first)
    first.folder.setText(str(folder))
    first.accept()
    tour.inspector.data |= {p.name for p in first.written}
    from maturity_workbook.ui import dialogs

    tour.expect_dialog(lambda: dialogs.inform(window, first.result_title(),
                                              first.result_text()), owner)
    again = ParticipantFilesDialog(window.session, made["draft"], window)
    tour.qtbot.addWidget(again)
    again.folder.setText(str(folder))
    tour.expect_dialog(again.accept, owner)  # replace them? (cancelled)
    again.folder.setText("")
    again.show()
    tour.inspector.check(again, owner)  # nothing to write: the button is off
    assert not again.buttons.button(QDialogButtonBox.Ok).isEnabled()
    finals = tour.tmp_path / "Finals.mwb"
    rich_workbook(finals, finals=1, draft=False)
    window.open_path(finals)
    tour.note_workbook()
    tour.expect_dialog(window.participant_files, owner)  # no draft to hand out


def _laptops_came_back(tour: Tour):
    """A workbook, its participant files rated on four laptops, one rating also changed by the
    facilitator meanwhile: the files to merge."""
    from maturity_workbook.store import WorkbookStore
    from maturity_workbook.store.participant_files import write_participant_files

    path = tour.tmp_path / "Acme.mwb"
    made = rich_workbook(path)
    with WorkbookStore.open(path) as store:
        files = write_participant_files(store.document(), made["draft"],
                                        tour.tmp_path / "laptops", made["pids"][:4])
        store.set_rating(made["draft"], made["items"][3], made["pids"][0], 4)
    for n, (file, pid) in enumerate(zip(files, made["pids"])):
        with WorkbookStore.open(file) as laptop:
            for item in made["items"][3:6]:
                laptop.set_rating(made["draft"], item, pid, None if n == 1 else 1 + n % 4)
    tour.inspector.data |= {p.name for p in files} | {str(p) for p in files}
    return path, made, files


def merge_laptops(tour: Tour) -> None:
    from maturity_workbook.store import WorkbookStore
    from maturity_workbook.store.import_steps import merge_conflicts
    from maturity_workbook.ui.merge_dialog import MergeReportDialog

    owner = "maturity_workbook.ui.merge_dialog"
    path, made, files = _laptops_came_back(tour)
    window = tour.open_window(path)
    shown = []
    tour.monkeypatch.setattr(MergeReportDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    tour.file_answer = [str(f) for f in files]
    tour.owner = owner
    window.import_merge()
    tour.owner = MAIN
    assert len(shown) == 1 and shown[0].cards, "the merge showed its conflict"
    report = shown[0].report
    tour.inspector.data |= {str(report.backup), *report.warnings}
    locale = QLocale()
    for conflict in merge_conflicts(report):
        for side in (conflict.kept, conflict.other):
            when = QDateTime.fromSecsSinceEpoch(side.time)
            tour.inspector.data.add(locale.toString(
                when.time(), locale.timeFormat(QLocale.FormatType.ShortFormat)))
    dialog = shown[0]
    dialog.show()
    tour.inspector.check(dialog, owner)
    card = dialog.cards[0]
    card.buttons["other"].click()  # keep the other value
    tour.inspector.check(dialog, owner)
    dialog.hide()
    tour.check()  # Edit › Undo names the choice; the status bar names the merge's undo
    tour.expect_dialog(window.import_merge, owner)  # the same files again: nothing new
    bad = tour.tmp_path / "not a workbook.mwb"
    bad.write_text("{}", encoding="utf-8")
    probe_path = tour.tmp_path / "probe.mwb"
    probe_path.write_bytes(path.read_bytes())
    try:
        with WorkbookStore.open(probe_path) as probe:
            probe.import_sources([bad])
    except Exception as exc:  # noqa: BLE001 - the store's message, shown as it is
        tour.inspector.store_texts.add(str(exc))
    tour.inspector.data.add(bad.name)  # the file the user chose, named in the message
    tour.file_answer = [str(bad)]
    tour.expect_dialog(window.import_merge, owner)  # cannot merge: nothing changed
    tour.file_answer = ""


def participant_file_opened(tour: Tour) -> None:
    path, made, files = _laptops_came_back(tour)
    window = tour.open_window(files[2])
    assert window.workbook_view.participant_banner.isVisible()
    tour.check()
    tour.view.assess.close_wizard()
    tour.check()  # the list: nothing to start or finalize here
    tour.expect_dialog(tour.view.assess.new_assessment, "maturity_workbook.ui.assess")
    assert window.session is not None and made["draft"]


LAPTOP_SCENARIOS = {
    "participant files": (participant_files, (), False),
    "merge laptops": (merge_laptops, ("store",), False),
    "participant file opened": (participant_file_opened, (), False),
}
