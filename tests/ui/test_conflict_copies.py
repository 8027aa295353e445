"""Opening a workbook in a synced folder: the conflict copies a sync service left beside it are
named with the service, merged on request (a backup first), and the report says what came in."""

import shutil

import pytest
from PySide6.QtCore import Qt

from maturity_workbook.paths import load_catalog
from maturity_workbook.store import WorkbookStore, list_backups
from maturity_workbook.store.backups import backup_info
from maturity_workbook.ui import conflict_copies
from maturity_workbook.ui.import_report import ImportReportDialog
from tests.ui.conftest import make_workbook

DROPBOX_COPY = "Acme Academy (Zoë Okafor's conflicted copy 2026-05-14).mwb"
SYNCTHING_COPY = "Acme Academy.sync-conflict-20260514-101500-BQ7XK2M.mwb"


@pytest.fixture(autouse=True)
def _english(english):
    """Start-up's English catalogue: "1 value", "2 copies"."""


@pytest.fixture
def reports(monkeypatch):
    """Report dialogs the merge would show, instead of a modal loop."""
    shown = []
    monkeypatch.setattr(ImportReportDialog, "exec", lambda self: shown.append(self) or 0)
    return shown


@pytest.fixture
def synced(tmp_path, workbook_path):
    """A workbook in a Dropbox folder that two more computers edited while apart."""
    (tmp_path / ".dropbox").write_text("{}")
    items = [item.id for item in load_catalog().newest("customer-education").items[:3]]
    aid, pids = make_workbook(workbook_path, ratings={items[0]: (2, 2)})
    dropbox_copy, syncthing_copy = tmp_path / DROPBOX_COPY, tmp_path / SYNCTHING_COPY
    shutil.copyfile(workbook_path, dropbox_copy)
    shutil.copyfile(workbook_path, syncthing_copy)
    with WorkbookStore.open(dropbox_copy) as laptop:  # Zoë's laptop, offline on a train
        laptop.set_note(aid, items[1], "Zoë: the onboarding course is live — «ça marche»")
        laptop.add_participant("김민준", "교육 담당")
        laptop.set_rating(aid, items[0], pids[0], 3)
    with WorkbookStore.open(syncthing_copy) as laptop:  # a third machine
        laptop.set_note(aid, items[2], "فاطمة: the LMS contract is signed")
    with WorkbookStore.open(workbook_path) as store:  # the file that kept the name
        store.set_rating(aid, items[0], pids[0], 4)  # the same rating, changed here too
    other = WorkbookStore.create(tmp_path / "Acme Academy-2025.mwb", "Last year")  # look-alike
    other.close()
    return {"aid": aid, "pids": pids, "items": items,
            "copies": sorted([dropbox_copy, syncthing_copy])}


def banner_of(window, qtbot):
    qtbot.waitUntil(lambda: getattr(window.workbook_view, "conflict_banner", None) is not None)
    banner = window.workbook_view.conflict_banner
    qtbot.waitUntil(banner.isVisible)
    return banner


def test_conflict_copies_are_offered_merged_and_reported(window, workbook_path, synced, reports,
                                                         qtbot):
    assert window.open_path(workbook_path)
    banner = banner_of(window, qtbot)
    assert banner.copies == synced["copies"]
    assert "2 conflict copies of this workbook from Dropbox" in banner.title.text()
    assert DROPBOX_COPY.replace("'", "&#x27;") in banner.names.text() or \
        DROPBOX_COPY in banner.names.text()
    assert SYNCTHING_COPY in banner.names.text() and "2025" not in banner.names.text()
    assert "Dropbox keeps such a copy" in banner.explanation.text()
    window.session.set_rating(synced["aid"], synced["items"][2], synced["pids"][1], 1)
    window._update_actions()
    assert window.act_undo.isEnabled()

    qtbot.mouseClick(banner.merge_button, Qt.LeftButton)

    workbook = window.session.workbook
    a = workbook.assessments[synced["aid"]]
    aid, (ada, ben), items = synced["aid"], synced["pids"], synced["items"]
    assert a.entries[items[1]].note == "Zoë: the onboarding course is live — «ça marche»"
    assert a.entries[items[2]].note == "فاطمة: the LMS contract is signed"
    assert a.entries[items[2]].ratings[ben] == 1  # the edit made in this window stays
    assert "김민준" in {p.name for p in workbook.participants.values()}
    [conflict] = window.session.store.conflicts()  # Ada's rating was changed on both
    assert conflict["key"][:4] == ["e", aid, items[0], "rating"]
    assert a.entries[items[0]].ratings[ada] in (3, 4)
    assert not banner.isVisible()
    assert not window.act_undo.isEnabled()  # the merge replaced the state: undo starts afresh
    newest = backup_info(list_backups(workbook_path)[0])
    assert newest.reason.value == "before-import"

    [dialog] = reports
    qtbot.addWidget(dialog)
    counts = {dialog.counts.topLevelItem(i).text(0): [dialog.counts.topLevelItem(i).text(c)
                                                      for c in (1, 2, 3)]
              for i in range(dialog.counts.topLevelItemCount())}
    assert counts["Participants"] == ["1", "0", "0"]
    # one new answer; changed: the one typed here too, and Ada's rating if the copy's value won
    # (both edits fall in the same second, so the merge's tie-break decides which is later)
    copy_won = a.entries[items[0]].ratings[ada] == 3
    assert counts["Answers to items"][0:2] == ["1", "2" if copy_won else "1"]
    assert "1 value had been changed on both computers" in dialog.conflicts_label.text()
    [line] = [dialog.conflicts.item(i).text() for i in range(dialog.conflicts.count())]
    assert line.startswith("Ada's rating of “Which company priority") and \
        "in “Spring workshop”" in line
    kept, aside = (3, 4) if a.entries[items[0]].ratings[ada] == 3 else (4, 3)
    stage = window.session.framework_for(a).stage
    assert f"kept {kept} · {stage(kept).name} (the later edit), set aside {aside} · " \
        f"{stage(aside).name}." in line
    assert dialog.windowTitle() == "What the merge brought in"
    assert dialog.findChildren(type(dialog.note))[0].text().startswith(
        "Merged 2 files into Acme Academy")
    assert "File › Backups…" in dialog.note.text()
    assert "2 merged copies are still beside the workbook" in dialog.note.text()
    assert all(c.exists() for c in synced["copies"])  # only read

    window.close_workbook()  # merged copies are not offered again while they stay as they are
    assert window.open_path(workbook_path)
    qtbot.wait(50)
    assert getattr(window.workbook_view, "conflict_banner", None) is None
    window.close_workbook()
    with WorkbookStore.open(synced["copies"][0]) as laptop:  # synced again with more in it
        laptop.set_notes("Zoë added more on the train home")
    assert window.open_path(workbook_path)
    assert banner_of(window, qtbot).copies == [synced["copies"][0]]


def test_merging_nothing_new_says_so(window, workbook_path, tmp_path, reports, qtbot):
    make_workbook(workbook_path)
    shutil.copyfile(workbook_path, tmp_path / "Acme Academy (conflicted copy).mwb")
    assert window.open_path(workbook_path)
    banner = banner_of(window, qtbot)
    assert "from" not in banner.title.text()  # no sync service found: none is named
    assert banner.merge()
    [dialog] = reports
    qtbot.addWidget(dialog)
    assert "nothing was changed" in dialog.findChildren(type(dialog.note))[0].text()
    assert not dialog.counts.isVisibleTo(dialog) and not dialog.conflicts.isVisibleTo(dialog)
    assert list_backups(workbook_path) == []  # nothing changed: no backup needed


def test_the_merged_copies_can_go_to_the_trash(window, workbook_path, synced, reports, qtbot,
                                               tmp_path, monkeypatch):
    trash = tmp_path / "data-home" / "Trash"
    for part in ("files", "info"):
        (trash / part).mkdir(parents=True)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    assert window.open_path(workbook_path)
    assert banner_of(window, qtbot).merge()
    [dialog] = reports
    qtbot.addWidget(dialog)
    assert dialog.trash_button.text() == "Move the 2 Copies to the &Trash"
    qtbot.mouseClick(dialog.trash_button, Qt.LeftButton)
    if any(c.exists() for c in synced["copies"]):  # a desktop without a usable trash
        assert "delete them by hand" in dialog.note.text()
        pytest.skip("Qt found no trash on this system")
    assert sorted(p.name for p in (trash / "files").iterdir()) == sorted(
        c.name for c in synced["copies"])
    assert dialog.note.text() == "The copies are in the trash."
    assert not dialog.trash_button.isEnabled()


def test_ignore_hides_the_offer_until_next_time(window, workbook_path, synced, qtbot):
    assert window.open_path(workbook_path)
    banner = banner_of(window, qtbot)
    banner.later_button.setFocus()
    qtbot.keyClick(banner.later_button, Qt.Key_Space)
    assert not banner.isVisible()
    entries = window.session.workbook.assessments[synced["aid"]].entries
    assert synced["items"][1] not in entries  # nothing merged
    window.close_workbook()
    assert window.open_path(workbook_path)
    assert banner_of(window, qtbot).copies == synced["copies"]


def test_a_read_only_workbook_names_the_copies_but_cannot_merge(window, workbook_path, synced,
                                                                 qtbot):
    holder = WorkbookStore.open(workbook_path)
    try:
        assert window.open_path(workbook_path)
        banner = banner_of(window, qtbot)
        assert not banner.merge_button.isEnabled()
        assert "open it for editing to merge" in banner.explanation.text()
    finally:
        window.close_workbook()
        holder.close()


def test_a_copy_that_cannot_be_merged_is_worded_and_changes_nothing(
        window, workbook_path, synced, no_modal_dialogs, reports, qtbot, monkeypatch):
    assert window.open_path(workbook_path)
    banner = banner_of(window, qtbot)
    before = window.session.store.snapshot_bytes()
    synced["copies"][1].write_bytes(b"\x00\x01 not a workbook any more")
    assert banner.merge() is False
    [(kind, title, text)] = [s for s in no_modal_dialogs if s[0] == "warn"]
    assert title == "Cannot merge the copies"
    assert text.startswith(f"{SYNCTHING_COPY} cannot be merged into this workbook")
    assert "Details:" in text
    assert window.session.store.snapshot_bytes() == before and reports == []
    assert banner.isVisible()


def test_the_offer_waits_for_the_window_and_skips_a_closed_workbook(window, workbook_path,
                                                                     synced, qtbot):
    assert window.open_path(workbook_path)
    assert getattr(window.workbook_view, "conflict_banner", None) is None  # not yet: shown first
    window.close_workbook()  # closed before the look
    qtbot.wait(20)
    assert window.session is None
    assert conflict_copies.offer(window) is None


def test_the_offer_works_from_the_keyboard(window, workbook_path, synced, reports, qtbot):
    """Alt+W merges (its letter is free on every screen of the window); Tab reaches the
    buttons."""
    from PySide6.QtTest import QTest

    assert window.open_path(workbook_path)
    banner = banner_of(window, qtbot)
    window.workbook_view.show_assess(synced["aid"])  # even beside the wizard's own keys
    QTest.keyClick(window, Qt.Key_W, Qt.AltModifier)
    qtbot.waitUntil(lambda: len(reports) == 1)  # a mnemonic clicks after a short animation
    assert not banner.isVisible()
    assert window.session.workbook.assessments[synced["aid"]].entries[
        synced["items"][2]].note == "فاطمة: the LMS contract is signed"
    assert all(b.focusPolicy() & Qt.TabFocus for b in (banner.merge_button,
                                                        banner.folder_button,
                                                        banner.later_button))
