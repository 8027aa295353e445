"""Participant files: one workbook file per participant of an assessment, for rating on their own
laptop. A file holds the assessment and that participant's own ratings only (never anyone
else's, so nobody anchors on another's vote), and its scope lets it change nothing else. Merging
the files back (`WorkbookStore.import_sources`) takes only each participant's ratings."""

from __future__ import annotations

import copy
import re
from pathlib import Path

from maturity_workbook.core.workbook import ItemEntry, Scope, Workbook
from maturity_workbook.paths import WORKBOOK_SUFFIX
from maturity_workbook.store.atomic import describe_os_error, write_atomic
from maturity_workbook.store.errors import WorkbookError, WorkbookExistsError
from maturity_workbook.store.records import Document, encode_document

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def participant_document(doc: Document, assessment_id: str, participant_id: str) -> Document:
    """The part of `doc` one participant rates with: the assessment, the people in it, and this
    participant's own ratings with their stamps (so a merge knows what they changed)."""
    wb = doc.workbook
    a = wb.assessments[assessment_id]
    if participant_id not in a.participant_ids:
        raise KeyError(participant_id)
    part = Workbook(wb.id, wb.name, wb.created, wb.reassess_months,
                    scope=Scope(assessment_id, participant_id))
    out = Document(part, clock=dict(doc.clock))
    out.stamps[("workbook",)] = {}
    for pid in a.participant_ids:
        if pid in wb.participants:
            part.participants[pid] = copy.copy(wb.participants[pid])
            out.stamps[("participants", pid)] = dict(doc.stamps.get(("participants", pid), {}))
    mine = copy.copy(a)
    mine.entries = {}
    mine.targets = {}
    mine.notes = ""
    mine.position = ""
    mine.facilitated = False  # one person rates alone: nothing to hide from a room
    part.assessments[a.id] = mine
    out.stamps[("assessments", a.id)] = dict(doc.stamps.get(("assessments", a.id), {}))
    rating = f"rating:{participant_id}"
    for item_id, entry in a.entries.items():
        if participant_id not in entry.ratings:
            continue
        mine.entries[item_id] = ItemEntry(item_id, {participant_id: entry.ratings[participant_id]})
        stamp = doc.stamps.get(("entries", a.id, item_id), {}).get(rating)
        if stamp is not None:
            out.stamps[("entries", a.id, item_id)] = {rating: list(stamp)}
    return out


def file_name(workbook_name: str, participant_name: str) -> str:
    """'<workbook> - <participant>.mwb', safe on every file system."""
    stem = _UNSAFE.sub("_", f"{workbook_name} - {participant_name}").strip(" .") or "participant"
    return stem[:120] + WORKBOOK_SUFFIX


def write_participant_files(doc: Document, assessment_id: str, folder: str | Path,
                            participant_ids: list[str] | None = None, *,
                            overwrite: bool = False) -> list[Path]:
    """One file per participant (all of the assessment's by default) in `folder`. Refuses to
    overwrite an existing file unless `overwrite`; nothing is written when any would clash."""
    folder = Path(folder)
    a = doc.workbook.assessments[assessment_id]
    people = participant_ids if participant_ids is not None else list(a.participant_ids)
    planned: list[tuple[Path, bytes]] = []
    used: set[str] = set()
    for pid in people:
        person = doc.workbook.participants[pid]
        name = file_name(doc.workbook.name, person.name)
        n = 1
        while name.lower() in used:  # two people with the same name
            n += 1
            name = file_name(doc.workbook.name, f"{person.name} ({n})")
        used.add(name.lower())
        planned.append((folder / name, encode_document(participant_document(doc, a.id, pid))))
    clashes = [path for path, _ in planned if path.exists()]
    if clashes and not overwrite:
        raise WorkbookExistsError(f"{clashes[0]} already exists; choose another folder or "
                                  "replace the files.", clashes[0])
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkbookError(f"Could not create {folder}: {describe_os_error(exc)}.",
                            folder) from exc
    for path, data in planned:
        try:
            write_atomic(path, data)
        except OSError as exc:
            raise WorkbookError(f"Could not write {path}: {describe_os_error(exc)}.",
                                path) from exc
        written.append(path)
    return written
