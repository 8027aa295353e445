"""Conflict copies that sync services leave beside a workbook are found (and only real copies of
the same workbook), then merged back with the ordinary import."""

import json
import shutil

import pytest

from maturity_workbook.store import WorkbookStore
from maturity_workbook.store.synced import (
    candidates, conflict_copies, sync_service, workbook_identity,
)
from tests.store.helpers import content, fake_framework, populated

CONFLICT_NAMES = {
    "Plan (conflicted copy).mwb": "Dropbox or Nextcloud",
    "Plan (Ana's conflicted copy 2026-05-14).mwb": "Dropbox or Nextcloud",
    "Plan (Ana's conflicted copy 2026-05-14 (1)).mwb": "Dropbox or Nextcloud",
    "Plan (conflicted copy 2026-05-14 093012).mwb": "Dropbox or Nextcloud",
    "Plan (Konflikt-Kopie 2026-05-14 093012).mwb": "Dropbox or Nextcloud",
    "Plan_conflict-20260514-093012.mwb": "ownCloud",
    "Plan.sync-conflict-20260514-093012-ABCDEF7.mwb": "Syncthing",
    "Plan-DESKTOP-4F2K9QX.mwb": "OneDrive",
}


@pytest.fixture
def plan(tmp_path):
    store = WorkbookStore.create(tmp_path / "Plan.mwb", "Plan")
    populated(store)
    store.close()
    return store.path


def test_every_service_naming_is_recognised(plan):
    for name in CONFLICT_NAMES:
        shutil.copyfile(plan, plan.parent / name)
    found = {p.name: service for p, service in candidates(plan)}
    assert found == CONFLICT_NAMES
    assert sorted(p.name for p in conflict_copies(plan)) == sorted(CONFLICT_NAMES)


def test_look_alikes_are_not_conflict_copies(plan, tmp_path):
    shutil.copyfile(plan, tmp_path / "Plan (1).mwb")  # a browser's download twin
    shutil.copyfile(plan, tmp_path / "Plan.mwb.bak")
    shutil.copyfile(plan, tmp_path / "Planning (conflicted copy).mwb")  # another stem
    other = WorkbookStore.create(tmp_path / "Plan-2025.mwb", "Last year's plan")
    other.close()  # named like a OneDrive copy, but another workbook
    (tmp_path / "Plan (conflicted copy 2026-05-14).mwb").write_text("not a workbook")
    assert conflict_copies(plan) == []
    names = {p.name for p, _ in candidates(plan)}
    assert "Plan-2025.mwb" in names and "Plan (1).mwb" not in names


def test_identity_is_read_from_the_head_and_from_other_layouts(plan, tmp_path):
    ident = workbook_identity(plan)
    assert ident and len(ident) == 36
    pretty = tmp_path / "Plan (conflicted copy).mwb"  # re-saved by jq, pretty-printed
    pretty.write_text(json.dumps(json.loads(plan.read_text("utf-8")), indent=2,
                                 ensure_ascii=False), encoding="utf-8")
    assert workbook_identity(pretty) == ident
    assert conflict_copies(plan) == [pretty]


def test_conflict_copies_are_found_and_merged(plan):
    """Two laptops edited the synced workbook while apart: Dropbox kept one under the name and
    put the other beside it; Syncthing did the same on a third machine. Merging brings every
    edit back into the one file."""
    dropbox_copy = plan.parent / "Plan (Bo's conflicted copy 2026-05-14).mwb"
    syncthing_copy = plan.parent / "Plan.sync-conflict-20260514-101500-BQ7XK2M.mwb"
    shutil.copyfile(plan, dropbox_copy)
    shutil.copyfile(plan, syncthing_copy)
    items = [i.id for i in fake_framework().items]
    with WorkbookStore.open(dropbox_copy) as laptop:  # Bo's laptop
        a = next(iter(laptop.workbook.assessments.values()))
        laptop.set_note(a.id, items[1], "Bo: the onboarding course is live")
        laptop.add_participant("Dee", "Support lead")
    with WorkbookStore.open(syncthing_copy) as laptop:  # a third machine
        laptop.set_note(a.id, items[2], "Cy: the LMS contract is signed")
    with WorkbookStore.open(plan) as store:  # the file under the name
        store.set_notes("facilitator's summary")
        copies = conflict_copies(plan, store.workbook.id)
        assert copies == sorted([dropbox_copy, syncthing_copy])
        report = store.import_sources(copies)
        assert report.backup is not None and report.conflicts == []
        merged = content(store.workbook)
    entries = merged["assessments"][a.id]["entries"]
    assert entries[items[1]][3] == "Bo: the onboarding course is live"
    assert entries[items[2]][3] == "Cy: the LMS contract is signed"
    assert "Dee" in {name for name, _ in merged["participants"].values()}
    with WorkbookStore.open(plan, read_only=True) as again:
        assert again.workbook.notes == "facilitator's summary"
        assert content(again.workbook) == merged
    assert dropbox_copy.exists() and syncthing_copy.exists()  # the copies are only read


@pytest.mark.parametrize("marker, service", [
    (".dropbox", "Dropbox"), (".stfolder", "Syncthing"), ("._sync_6a1b2c3d4e5f.db", "Nextcloud"),
    (".sync_0a1b2c.db", "Nextcloud"), (".owncloudsync.log", "Nextcloud"),
])
def test_sync_service_from_marker_files(tmp_path, marker, service):
    root = tmp_path / "Synced"
    (root / "Clients" / "Acme").mkdir(parents=True)
    (root / marker).write_text("")
    workbook = root / "Clients" / "Acme" / "acme.mwb"
    assert sync_service(workbook) == service
    assert sync_service(tmp_path / "elsewhere.mwb") is None


@pytest.mark.parametrize("folder, service", [
    ("OneDrive", "OneDrive"), ("OneDrive - Contoso", "OneDrive"),
    ("Library/Mobile Documents/com~apple~CloudDocs", "iCloud Drive"),
])
def test_sync_service_from_folder_names(tmp_path, folder, service, monkeypatch):
    for env in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        monkeypatch.delenv(env, raising=False)
    (tmp_path / folder).mkdir(parents=True)
    assert sync_service(tmp_path / folder / "plan.mwb") == service


def test_sync_service_from_the_onedrive_variable(tmp_path, monkeypatch):
    root = tmp_path / "Company Files"
    root.mkdir()
    monkeypatch.setenv("OneDriveCommercial", str(root))
    assert sync_service(root / "plan.mwb") == "OneDrive"
