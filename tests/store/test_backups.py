"""Backups are private (0700 folders, the workbook's own mode) and rotate by age as well as
count: ten quick imports no longer push out yesterday's copy."""

import os
import sys
from datetime import datetime, timedelta, timezone

import pytest

from maturity_workbook.store import WorkbookStore, backups, list_backups
from maturity_workbook.store.backups import backup_folder, backup_root, backup_time, rotate
from tests.store.helpers import populated

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")


@pytest.fixture
def workbook(tmp_path):
    store = WorkbookStore.create(tmp_path / "private.mwb", "Private")
    populated(store)
    store.close()
    return store.path


def mode(path):
    return os.stat(path).st_mode & 0o777


@posix_only
@pytest.mark.parametrize("workbook_mode", [0o600, 0o640, 0o644], ids=oct)
def test_backups_keep_the_workbooks_mode_in_private_folders(workbook, workbook_mode):
    old_umask = os.umask(0o022)  # the usual umask, which made 0644 backups in 0755 folders
    try:
        os.chmod(workbook, workbook_mode)
        with WorkbookStore.open(workbook) as store:
            store.set_notes("an edit, so the session's first backup is taken")
        [backup] = list_backups(workbook)
    finally:
        os.umask(old_umask)
    assert mode(backup) == workbook_mode
    assert mode(backup.parent) == 0o700 and mode(backup_root()) == 0o700
    assert backup.read_bytes().startswith(b'{"workbook"')


@posix_only
def test_wide_backup_folders_from_before_are_tightened(workbook):
    folder = backup_folder(workbook)
    folder.mkdir(parents=True)
    os.chmod(backup_root(), 0o755)
    os.chmod(folder, 0o775)
    backups.make_backup(workbook, "test")
    assert mode(folder) == 0o700 and mode(backup_root()) == 0o700


@posix_only
def test_a_read_only_workbook_gets_an_owner_writable_backup(workbook):
    os.chmod(workbook, 0o444)
    backup = backups.make_backup(workbook, "test")
    assert mode(backup) == 0o644  # never wider than the workbook for others
    rotate(workbook, keep=0)  # and it can still be rotated away


# ------------------------------------------------------------------------------------ rotation


def plant(workbook, when: datetime, reason="before-import"):
    """A backup file named as make_backup names them, taken at `when`."""
    folder = backup_folder(workbook)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = when.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"{stamp}-{reason}.mwb"
    path.write_bytes(workbook.read_bytes())
    return path


def local(day_offset=0, hour=12, minute=0, now=None):
    now = now or datetime.now().astimezone()
    base = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return base + timedelta(days=day_offset)


def test_backup_time_reads_our_names():
    when = datetime(2026, 5, 14, 9, 30, 12, 123456, tzinfo=timezone.utc)
    from pathlib import Path

    assert backup_time(Path("20260514T093012123456Z-before-import.mwb")) == when
    assert backup_time(Path("20260514T093012123456Z-2-before-import.mwb")) == when
    assert backup_time(Path("my notes.mwb")) is None


def test_rotation_keeps_the_last_ten_plus_one_a_day_for_a_week_and_one_a_month(workbook):
    now = local(0, hour=18)
    planted = {}
    for day in range(0, 400, 1):  # three backups a day (9:00, 12:00, 15:00) for 400 days
        for hour in (9, 12, 15):
            when = local(-day, hour=hour, now=now)
            planted[when] = plant(workbook, when)
    foreign = backup_folder(workbook) / "kept by hand.mwb"
    foreign.write_bytes(b"{}")
    rotate(workbook, now=now)
    kept = {backup_time(p).astimezone(): p for p in list_backups(workbook) if backup_time(p)}
    newest_ten = sorted(planted)[-10:]
    firsts_of_days = [local(-d, hour=9, now=now) for d in range(7)]
    months = []
    for when in sorted(planted):  # the first backup of each of the last 12 months
        key = (when.year, when.month)
        first_month = now.year * 12 + now.month - 12
        if when.year * 12 + when.month - 1 >= first_month and key not in [m[0] for m in months]:
            months.append((key, when))
    expected = set(newest_ten) | set(firsts_of_days) | {when for _, when in months}
    assert set(kept) == expected
    assert len(months) == 12
    assert foreign.exists()  # never delete what is not ours
    assert len(list_backups(workbook)) == len(expected) + 1 <= 10 + 7 + 12 + 1  # of 1,200


def test_ten_quick_imports_keep_yesterdays_copy(workbook, tmp_path):
    """The report's case, for real: imports made backups and rotation kept only the last 10."""
    yesterday_first = plant(workbook, local(-1, hour=9), "before-editing")
    yesterday_last = plant(workbook, local(-1, hour=17), "before-import")
    source = tmp_path / "laptop.mwb"
    with WorkbookStore.open(workbook) as store:
        for n in range(12):
            other = WorkbookStore.create(source, "Laptop") if n == 0 else \
                WorkbookStore.open(source)
            with other:
                if n == 0:
                    populated(other, people=("Zed",))
                else:
                    other.add_participant(f"Late arrival {n}", "guest")
            report = store.import_sources([source])
            assert report.backup is not None
    names = list_backups(workbook)
    assert yesterday_first in names  # the first backup of yesterday, kept by the daily rule
    assert yesterday_last not in names
    today = [p for p in names if backup_time(p).astimezone().date() == local().date()]
    assert len(today) == 11  # the newest ten plus today's first


def test_backups_are_described_as_data_for_the_window(workbook, tmp_path):
    """Each reason the app writes is recognised from the name; the window words it."""
    from maturity_workbook.store.backups import BackupReason, backup_info, describe_backups

    with WorkbookStore.open(workbook) as store:
        store.set_notes("an edit: the session's first backup")
        copy = tmp_path / "copy.mwb"
        store.save_copy_as(copy)
        store.import_sources([copy])  # nothing new: no backup
        older = list_backups(workbook)[0]
        store.restore_backup(older)
    upgrade = plant(workbook, local(-2), "before-upgrade-from-format-2")
    odd = plant(workbook, local(-3), "before-customers-import")
    foreign = backup_folder(workbook) / "kept by hand.mwb"
    foreign.write_bytes(b"{}")
    infos = describe_backups(workbook)
    assert [i.path for i in infos] == list_backups(workbook)
    by_reason = {i.reason: i for i in infos}
    assert set(by_reason) == {BackupReason.EDITING, BackupReason.RESTORE, BackupReason.UPGRADE,
                              BackupReason.IMPORT, BackupReason.OTHER}
    assert by_reason[BackupReason.UPGRADE].from_format == 2
    assert by_reason[BackupReason.UPGRADE].path == upgrade
    assert by_reason[BackupReason.IMPORT].path == odd
    other = by_reason[BackupReason.OTHER]
    assert other.path == foreign and other.taken is None and other.slug == "kept by hand.mwb"
    restore = by_reason[BackupReason.RESTORE]
    assert restore.taken == backup_time(restore.path) and restore.size == \
        restore.path.stat().st_size
    assert backup_info(tmp_path / "20260514T093012Z-before-editing.mwb").size is None
