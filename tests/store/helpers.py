"""Shared helpers for the store tests."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from maturity_workbook.core.workbook import Workbook

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "sample.mwb"


def fake_framework(fid: str = "tiny", version: str = "1.0", items=("a1", "a2", "a3", "b1")):
    """What create_assessment needs from a framework: id, version, items."""
    return SimpleNamespace(id=fid, version=version,
                           items=tuple(SimpleNamespace(id=i) for i in items))


def content(wb: Workbook) -> dict:
    """Everything a user entered, in a form that compares equal when the data is equal."""
    return {
        "participants": {p.id: (p.name, p.role) for p in wb.participants.values()},
        "assessments": {
            a.id: {
                "head": (a.framework_id, a.framework_version, a.title, a.date, a.status,
                         tuple(a.participant_ids), a.notes),
                "entries": {i: (tuple(sorted(e.ratings.items())), e.agreed, e.agreed_set,
                                e.note, tuple(e.evidence))
                            for i, e in a.entries.items() if not e.is_empty()},
                "targets": dict(a.targets),
            }
            for a in wb.assessments.values()
        },
    }


def populated(store, framework=None, people=("Ana", "Bo", "Cy")):
    """A draft assessment with ratings, agreed levels, notes, evidence and a target."""
    framework = framework or fake_framework()
    pids = [store.add_participant(name, "role " + name).id for name in people]
    a = store.create_assessment(framework, "Spring", "2026-05-01", pids)
    for n, item in enumerate(i.id for i in framework.items):
        for k, pid in enumerate(pids):
            store.set_rating(a.id, item, pid, 1 + (n + k) % 4)
    first = framework.items[0].id
    store.set_agreed(a.id, first, 2)
    store.set_note(a.id, first, "Zoë said — «ça marche» 日本 ✓")
    store.set_evidence(a.id, first, ["deck.pdf", "survey"])
    store.set_target(a.id, "alpha", 3)
    return a, pids
