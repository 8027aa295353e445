"""Workbooks with the five-stage and the three-job models, built through the store like a user's.

`models_workbook(path)` holds, besides two assessments of the primary model:
- the five-stage model (2.0): a baseline at stage 1 and a review at stage 2 (the research cohort:
  55% of programs there, ahead of 30%), plus an old 1.0 assessment at stage 3 that must never be
  compared with the 2.0 ones;
- the three-job model (2.0): the Argyle case, content made and kept current (create at 2) while
  delivery stalls (deliver at 1, scale at 1): the program stands at stage 1 and deliver holds it
  back; its step moves it into stage 2.
Twelve participants with long, Korean, Arabic and emoji names rate; the titles are long.
"""

from __future__ import annotations

from pathlib import Path

from tests.thin_data import LONG_NAME, PEOPLE

FIVE = "customer-learning-five-stage"
JOBS = "three-jobs-six-stage"
PRIMARY = "customer-education"


def rate(store, framework, assessment_id, pids, levels: dict[str, int]) -> None:
    """Everyone in `pids` rates each item of a dimension at its level in `levels`; the first
    participant one level lower on every other item, so the room is not unanimous (with three or
    more people the agreed rating, the median, stays at the level)."""
    for dim in framework.dimensions:
        level = levels[dim.id]
        for n, item in enumerate(dim.items):
            for k, pid in enumerate(pids):
                low = k == 0 and len(pids) > 2 and n % 2 == 1 and level > framework.min_level
                store.set_rating(assessment_id, item.id, pid, level - 1 if low else level)


def add_assessment(store, framework, title, day, pids, levels, final=True) -> str:
    a = store.create_assessment(framework, title, day, pids)
    rate(store, framework, a.id, pids, levels)
    if final:
        store.finalize(a.id)
    return a.id


def models_workbook(path: Path, *, primary: bool = True, five: bool = True,
                    jobs: bool = True) -> dict[str, str]:
    """The workbook described above; returns the assessment ids by name."""
    from maturity_workbook.paths import load_catalog
    from maturity_workbook.store import WorkbookStore

    catalog = load_catalog()
    store = WorkbookStore.create(path, LONG_NAME)
    pids = [store.add_participant(name, role).id for name, role in PEOPLE]
    ids = {}
    if primary:
        fw = catalog.get(PRIMARY, "1.0")
        ids["primary"] = add_assessment(store, fw, "Yearly workshop, whole team", "2025-03-10",
                                        pids[:4], {d.id: 2 for d in fw.dimensions})
    if five:
        old = catalog.get(FIVE, "1.0")
        ids["five-old"] = add_assessment(store, old, "Pilot with the first question set",
                                         "2024-09-02", pids[:3], {d.id: 3 for d in old.dimensions})
        fw = catalog.get(FIVE, "2.0")
        ids["five-baseline"] = add_assessment(
            store, fw, "Baseline against the research cohort — 기준선 🚀", "2025-01-15", pids,
            {d.id: 1 for d in fw.dimensions})
        ids["five-review"] = add_assessment(
            store, fw, "Autumn review of the customer learning program — مراجعة", "2025-10-20",
            pids, {"leadership": 2, "experience": 2, "operations": 3, "impact": 2})
    if jobs:
        fw = catalog.get(JOBS, "2.0")
        ids["jobs"] = add_assessment(store, fw, "Argyle-style check: content made, delivery "
                                     "stalls", "2025-11-05", pids[:5],
                                     {"create": 2, "deliver": 1, "scale": 1})
    assert store.flush(10)
    store.close()
    return ids
