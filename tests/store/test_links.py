"""Links and permissions, for real: a workbook opened through a symlink is saved into the file
the link points to (the link stays a link), writers by either name exclude each other, a file
with hard links opens read-only and is never split, and a 0444 file is not overwritten even by
root."""

import os
import sys

import pytest

from maturity_workbook.store import SaveError, WorkbookStore
from maturity_workbook.store.atomic import HardLinkError, ReadOnlyFileError, write_atomic
from maturity_workbook.store.lock import LOCKED_REASON, lock_path
from tests.store.helpers import content, populated
from tests.store.test_lock import start_holder

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges there")


@pytest.fixture
def real(tmp_path):
    folder = tmp_path / "Dropbox" / "Academy"
    folder.mkdir(parents=True)
    store = WorkbookStore.create(folder / "plan.mwb", "Plan")
    populated(store)
    store.close()
    return store.path


def notes_of(path):
    with WorkbookStore.open(path, read_only=True) as store:
        return store.workbook.notes


# ------------------------------------------------------------------------------------ symlinks


@posix_only
@pytest.mark.parametrize("relative", [False, True])
def test_saving_through_a_symlink_updates_the_target_and_keeps_the_link(real, tmp_path,
                                                                         relative):
    link = tmp_path / "plan-link.mwb"
    link.symlink_to(os.path.relpath(real, tmp_path) if relative else real)
    inode = os.stat(real).st_ino
    with WorkbookStore.open(link) as store:
        assert store.path == real and not store.read_only
        store.set_notes("written through the link")
    assert link.is_symlink() and os.readlink(link) == (os.path.relpath(real, tmp_path)
                                                        if relative else str(real))
    assert notes_of(real) == "written through the link"
    assert os.stat(real).st_ino != inode  # replaced atomically, as ever
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no lock there


@posix_only
def test_chain_of_links_and_a_linked_folder(real, tmp_path):
    (tmp_path / "shortcut").symlink_to(real.parent, target_is_directory=True)
    first = tmp_path / "one.mwb"
    first.symlink_to(tmp_path / "shortcut" / "plan.mwb")
    second = tmp_path / "two.mwb"
    second.symlink_to(first)
    with WorkbookStore.open(second) as store:
        assert store.path == real
        store.set_notes("via two links and a linked folder")
    assert second.is_symlink() and first.is_symlink()
    assert notes_of(real) == "via two links and a linked folder"


@posix_only
@pytest.mark.parametrize("holder_uses_link", [True, False])
def test_a_writer_by_the_link_and_one_by_the_real_path_exclude_each_other(real, tmp_path,
                                                                           holder_uses_link):
    link = tmp_path / "plan-link.mwb"
    link.symlink_to(real)
    holder = start_holder(link if holder_uses_link else real, tmp_path)
    try:
        before = real.read_bytes()
        store = WorkbookStore.open(real if holder_uses_link else link)
        assert store.read_only and store.read_only_reason == LOCKED_REASON
        store.close()
        assert real.read_bytes() == before
        holder.stdin.write("close\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "closed"
    finally:
        holder.kill()
        holder.wait()
    assert notes_of(link) == "written by the holder"
    assert link.is_symlink()


@posix_only
def test_lock_file_sits_beside_the_real_file(real, tmp_path):
    link = tmp_path / "elsewhere.mwb"
    link.symlink_to(real)
    assert lock_path(link) == real.with_name(".plan.mwb.lock")


@posix_only
def test_save_copy_as_onto_a_link_writes_the_target(real, tmp_path):
    target = tmp_path / "copy.mwb"
    with WorkbookStore.open(real) as store:
        store.save_copy_as(target)
        link = tmp_path / "copy-link.mwb"
        link.symlink_to(target)
        store.set_notes("second copy")
        store.save_copy_as(link)
        with pytest.raises(Exception, match="own file"):
            own = tmp_path / "own.mwb"
            own.symlink_to(real)
            store.save_copy_as(own)
    assert link.is_symlink() and notes_of(target) == "second copy"


@posix_only
def test_importing_the_workbook_through_a_link_to_itself_is_refused(real, tmp_path):
    link = tmp_path / "me.mwb"
    link.symlink_to(real)
    with WorkbookStore.open(real) as store, pytest.raises(Exception, match="itself"):
        store.import_sources([link])


@posix_only
def test_creating_through_a_dangling_link_creates_its_target(tmp_path):
    """As a text editor does: the new workbook is the file the link names; the link stays."""
    dangling = tmp_path / "new.mwb"
    dangling.symlink_to(tmp_path / "nowhere.mwb")
    store = WorkbookStore.create(dangling, "New")
    store.close()
    assert store.path == tmp_path / "nowhere.mwb" and dangling.is_symlink()
    assert notes_of(dangling) == ""
    with pytest.raises(FileExistsError):
        WorkbookStore.create(dangling, "Again")


@posix_only
def test_a_planted_lock_link_is_not_followed(real, tmp_path):
    """A symlink where the lock file goes would make an older filelock truncate its target."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    lock_path(real).unlink(missing_ok=True)  # left by the fixture's store, as lock files are
    lock_path(real).symlink_to(victim)
    with WorkbookStore.open(real) as store:
        assert store.read_only and "lock file" in store.read_only_reason
    assert victim.read_text() == "precious"


# ---------------------------------------------------------------------------------- hard links


def test_a_workbook_with_hard_links_opens_read_only_and_stays_one_file(real, tmp_path):
    other = tmp_path / "same-data.mwb"
    os.link(real, other)
    with WorkbookStore.open(real) as store:
        assert store.read_only and "2 hard links" in store.read_only_reason
        expected = content(store.workbook)
    assert os.stat(real).st_ino == os.stat(other).st_ino and os.stat(real).st_nlink == 2
    with WorkbookStore.open(other, read_only=True) as again:
        assert content(again.workbook) == expected
    os.unlink(other)  # the link is gone: editable again
    with WorkbookStore.open(real) as store:
        assert not store.read_only


def test_write_atomic_refuses_to_split_hard_links(tmp_path):
    first = tmp_path / "a.csv"
    first.write_text("old")
    os.link(first, tmp_path / "b.csv")
    with pytest.raises(HardLinkError):
        write_atomic(first, b"new")
    assert first.read_text() == "old" == (tmp_path / "b.csv").read_text()
    assert os.stat(first).st_nlink == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv"]  # no temp left


def test_a_hard_link_made_while_open_stops_the_save_not_the_edits(real, tmp_path):
    store = WorkbookStore.open(real)
    try:
        os.link(real, tmp_path / "made-meanwhile.mwb")
        before = real.read_bytes()
        store.set_notes("kept in memory")
        with pytest.raises(SaveError, match="hard links"):
            store.flush(timeout=30)
        assert real.read_bytes() == before == (tmp_path / "made-meanwhile.mwb").read_bytes()
        assert store.workbook.notes == "kept in memory"
        os.unlink(tmp_path / "made-meanwhile.mwb")
        store.set_notes("saved once the link is gone")
        assert store.flush(timeout=30)
    finally:
        store.close()
    assert notes_of(real) == "saved once the link is gone"


# ----------------------------------------------------------------------------- read-only files


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_a_0444_workbook_opens_read_only_even_for_root(real):
    os.chmod(real, 0o444)
    before = real.read_bytes()
    with WorkbookStore.open(real) as store:
        assert store.read_only and "read-only" in store.read_only_reason
    assert real.read_bytes() == before
    if os.geteuid() == 0:  # the report's case: root may write anything, yet must not here
        assert os.access(real, os.W_OK)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_a_workbook_made_0444_while_open_is_not_overwritten(real):
    store = WorkbookStore.open(real)
    try:
        os.chmod(real, 0o444)
        before = real.read_bytes()
        store.set_notes("not written over a read-only file")
        with pytest.raises(SaveError, match="read-only"):
            store.flush(timeout=30)
        assert real.read_bytes() == before and os.stat(real).st_mode & 0o777 == 0o444
    finally:
        os.chmod(real, 0o644)
        store.close()
    assert notes_of(real) == "not written over a read-only file"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_write_atomic_refuses_a_file_without_write_bits(tmp_path):
    target = tmp_path / "frozen.csv"
    target.write_text("old")
    os.chmod(target, 0o444)
    with pytest.raises(ReadOnlyFileError):
        write_atomic(target, b"new")
    assert target.read_text() == "old"
