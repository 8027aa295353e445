"""Workbooks with thin data and long names, built through the store like a user's.

`thin_workbook`: the case issue 15 found — technology, the weakest function last time, is hardly
rated now, and go-to-market is the weakest of the rest. The product must not say "start with
go-to-market"; it must say "rate technology first".
"""

from __future__ import annotations

from pathlib import Path

LONG_NAME = ("Northwind Analytics Academy for Partners, Resellers and Customer Success "
             "Managers in Europe, the Middle East and Africa")
PEOPLE = (("Maya Okafor-Lindqvist", "Head of customer education"), ("김민준", "교육 매니저"),
          ("مريم الحسيني", "مديرة التدريب"), ("Tom 🚀 Becker", "CSM"),
          ("Priya Natarajan", "Instructional designer"), ("Daniel Reyes", "Support lead"),
          ("Jean-Baptiste de la Fontaine-Beaumarchais", "Partner enablement"),
          ("Ana", ""), ("Bo", ""), ("Cy", ""), ("Dee", ""), ("Eli", ""))


def _framework():
    from maturity_workbook.paths import load_catalog

    return load_catalog().get("customer-education", "1.0")


def thin_workbook(path: Path) -> Path:
    """Two final assessments; in the latest, technology has 2 of its 7 items rated."""
    from maturity_workbook.store import WorkbookStore

    framework = _framework()
    store = WorkbookStore.create(path, LONG_NAME)
    pids = [store.add_participant(name, role).id for name, role in PEOPLE]
    before = {"strategy": 2, "content": 2, "delivery": 2, "technology": 1}
    now = {"strategy": 3, "content": 3, "delivery": 2, "technology": 2}
    for title, day, levels, rated_tech in (
            ("Baseline workshop with the whole education and customer success team, spring",
             "2025-05-14", before, 7),
            ("Autumn review — مراجعة الخريف — 가을 리뷰 🚀", "2025-11-12", now, 2)):
        a = store.create_assessment(framework, title, day, pids)
        for dim in framework.dimensions:
            items = dim.items[:rated_tech] if dim.id == "technology" else dim.items
            for item in items:
                for pid in pids[:3]:
                    store.set_rating(a.id, item.id, pid, levels[dim.id])
        store.finalize(a.id)
    store.flush()
    store.close()
    return path


def bouncing_workbook(path: Path) -> Path:
    """Three final reviews: technology 2 -> 1 -> 2 (the biggest rise last time, but stuck over
    the window); content rises 1 -> 2 -> 3; the others stay at 2 then 3."""
    from maturity_workbook.store import WorkbookStore

    framework = _framework()
    store = WorkbookStore.create(path, "Bouncing Academy")
    pid = store.add_participant("Ana", "Education lead").id
    plan = (("2024-05-01", {"strategy": 2, "content": 1, "delivery": 2, "technology": 2}),
            ("2024-11-01", {"strategy": 2, "content": 2, "delivery": 2, "technology": 1}),
            ("2025-05-01", {"strategy": 3, "content": 3, "delivery": 2, "technology": 2}))
    for n, (day, levels) in enumerate(plan, 1):
        a = store.create_assessment(framework, f"Review {n}", day, [pid])
        for dim in framework.dimensions:
            for item in dim.items:
                store.set_rating(a.id, item.id, pid, levels[dim.id])
        store.finalize(a.id)
    store.flush()
    store.close()
    return path


def versions_workbook(path: Path, *, latest: bool = True, draft: bool = False) -> dict:
    """Question bank 1.0 then 2.0: a 1.0 baseline and review, then (with `latest`) a final 2.0
    review half a year later (each function gained or split items), or (with `draft`) a 2.0
    reassessment of the 1.0 review with nothing rated yet. The 1.0 review answers one delivery
    item "don't know" and one content item "not applicable"."""
    from maturity_workbook.core.workbook import UNKNOWN
    from maturity_workbook.paths import load_catalog
    from maturity_workbook.store import WorkbookStore

    catalog = load_catalog()
    old = catalog.get("customer-education", "1.0")
    new = catalog.get("customer-education", "2.0")
    store = WorkbookStore.create(path, LONG_NAME)
    pids = [store.add_participant(name, role).id for name, role in PEOPLE[:4]]
    made = {"pids": pids}
    plan = (("baseline", old, "Baseline — 기준 🚀", "2025-05-14", 1),
            ("review", old, "Autumn review, the last on 1.0", "2025-11-12", 2),
            ("latest", new, "Spring review on question bank 2.0 — مراجعة", "2026-05-13", 3))
    for key, framework, title, day, level in plan[:3 if latest else 2]:
        a = store.create_assessment(framework, title, day, pids)
        for n, item in enumerate(framework.items):
            value = level if n % 3 else max(1, level - 1)
            if key == "review" and item.id == "delivery-certification":
                value = UNKNOWN
            if key == "review" and item.id == "content-localization":
                value = None
            for pid in pids[:2]:
                store.set_rating(a.id, item.id, pid, value)
        store.set_note(a.id, framework.items[0].id, f"Note of {title}")
        store.finalize(a.id)
        made[key] = a.id
    if draft:
        made["draft"] = store.create_assessment(new, "Reassessment on 2.0", "2026-06-01", pids,
                                                copy_from=made["review"]).id
    store.flush()
    store.close()
    return made
