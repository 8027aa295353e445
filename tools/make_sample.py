"""Generate resources/samples/sample.mwb, the bundled sample workbook, deterministically.

    python tools/make_sample.py [OUT]

A fictional program, "Northwind Analytics Academy", assessed three times six months apart
against the customer-education framework: content development improves steadily, the
technology stack stays stuck (the bottleneck), the room disagrees on a few items, and several
items carry notes and evidence. Ids come from fixed names and the participants' spread of
ratings from a seeded random generator, so running it twice gives the same file.
"""

from __future__ import annotations

import random
import sys
import uuid
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))

from maturity_workbook.core.framework import FrameworkError, load_framework  # noqa: E402
from maturity_workbook.core.workbook import (  # noqa: E402
    FINAL, Assessment, ItemEntry, Participant, Workbook, median_level,
)
from maturity_workbook.store.atomic import write_atomic  # noqa: E402
from maturity_workbook.store.decode import parse_workbook  # noqa: E402
from maturity_workbook.store.merge import stamp_everything  # noqa: E402
from maturity_workbook.store.records import Document, encode_document  # noqa: E402

FRAMEWORK = ROOT / "resources" / "frameworks" / "customer-education.yaml"
OUT = ROOT / "resources" / "samples" / "sample.mwb"
NS = uuid.UUID("3d6f0a8e-2c4b-4e7d-9b1a-5f8c7e6d4a21")
SEED = 20250514


def uid(name: str) -> str:
    return str(uuid.uuid5(NS, f"northwind/{name}"))


PEOPLE = [  # key, name, role
    ("maya", "Maya Okafor", "Head of Customer Education"),
    ("daniel", "Daniel Reyes", "Instructional Designer"),
    ("priya", "Priya Natarajan", "Customer Success Lead"),
    ("tom", "Tom Becker", "Learning Platform Administrator"),
]

# (key, title, date, participants, notes)
ASSESSMENTS = [
    ("2025-05", "Baseline, spring 2025", "2025-05-14", ["maya", "daniel", "priya"],
     "First assessment after the academy became its own team. Everything is built on request."),
    ("2025-11", "Autumn review 2025", "2025-11-12", ["maya", "daniel", "priya", "tom"],
     "Tom joined as platform administrator. Content templates and the SME programme landed."),
    ("2026-05", "Spring review 2026", "2026-05-13", ["maya", "daniel", "priya", "tom"],
     "Content is now planned as a product. The platform still blocks measurement and "
     "personalised journeys: the LMS replacement was postponed twice."),
]

# the agreed level of every item at each assessment (None = not applicable)
AGREED = {
    "strategy": {
        "2025-05": [2, 2, 1, 2, 2, 3, 1],
        "2025-11": [3, 2, 2, 2, 2, 3, 2],
        "2026-05": [3, 3, 2, 2, 3, 3, 2],
    },
    "content": {  # improves steadily
        "2025-05": [1, 2, 1, 2, 1, None, 1],
        "2025-11": [2, 3, 2, 3, 2, 1, 2],
        "2026-05": [3, 3, 3, 4, 3, 2, 3],
    },
    "delivery": {
        "2025-05": [2, 1, 2, 1, 2, 1, 2, 2],
        "2025-11": [2, 2, 2, 2, 2, 1, 2, 3],
        "2026-05": [3, 2, 3, 2, 3, 2, 2, 3],
    },
    "technology": {  # stuck: barely moves
        "2025-05": [2, 2, 1, 2, 1, 1, 1],
        "2025-11": [2, 2, 1, 2, 1, 1, 1],
        "2026-05": [2, 2, 1, 2, 1, 1, 2],
    },
}

TARGETS = {
    "2025-05": {"strategy": 2, "content": 2, "delivery": 2, "technology": 2},
    "2025-11": {"strategy": 3, "content": 3, "delivery": 3, "technology": 2},
    "2026-05": {"strategy": 3, "content": 4, "delivery": 3, "technology": 3},
}

# items where the room clearly disagreed: participant ratings given outright
DISAGREEMENTS = {
    ("2025-05", "strategy-executive-support"): {"maya": 4, "daniel": 2, "priya": 3},
    ("2025-11", "delivery-public-learning"): {"maya": 3, "daniel": 2, "priya": 4, "tom": 2},
    ("2026-05", "content-sme"): {"maya": 4, "daniel": 4, "priya": 2, "tom": 3},
    ("2026-05", "technology-measurement"): {"maya": 1, "daniel": 3, "priya": 1, "tom": 2},
    ("2026-05", "strategy-core-metric"): {"maya": 3, "daniel": 2, "priya": 4, "tom": 3},
}

NOTES = {
    ("2025-05", "content-localization"): (
        "Not applicable yet: every customer is served in English.", []),
    ("2025-05", "strategy-executive-support"): (
        "Maya sees the VP's backing; Daniel notes no budget line exists. Agreed on 3 because "
        "the education goal is in the company OKRs.", ["FY25 company OKR deck, slide 7"]),
    ("2025-05", "technology-lms"): (
        "Courses live in three places: a legacy LMS, the help centre and shared drives.",
        ["Platform inventory spreadsheet"]),
    ("2025-11", "content-reusable"): (
        "Template library adopted for all new courses since August.",
        ["Template library v2", "Course build checklist"]),
    ("2025-11", "content-sme"): (
        "Six product managers now record one module a quarter.", ["SME rota"]),
    ("2025-11", "delivery-public-learning"): (
        "Split room: the public webinar series is popular but not yet repeatable. Agreed 3 "
        "for the series that now runs monthly.", ["Webinar attendance report, Q3"]),
    ("2025-11", "technology-measurement"): (
        "Completion data still exported by hand every month.", []),
    ("2026-05", "content-sme"): (
        "Priya disagrees: the SME programme depends on two people. Agreed 4 with a risk noted.",
        ["SME rota 2026", "Module release calendar"]),
    ("2026-05", "content-paths"): (
        "Role-based paths for analysts, admins and developers.",
        ["Learning path map", "Path completion dashboard"]),
    ("2026-05", "technology-measurement"): (
        "Daniel counts the new survey tool; the rest of the room does not, because nothing "
        "links learning to product usage yet. Agreed 1.",
        ["Survey tool pilot notes"]),
    ("2026-05", "technology-lms"): (
        "LMS replacement postponed to next fiscal year for the second time.",
        ["Budget review minutes, March 2026"]),
    ("2026-05", "strategy-core-metric"): (
        "Core metric: feature adoption of trained accounts versus untrained.",
        ["Education scorecard"]),
}


def build(framework) -> Document:
    rng = random.Random(SEED)
    wb = Workbook(id=uid("workbook"), name="Northwind Analytics Academy",
                  created="2025-05-02T09:00:00+00:00", reassess_months=6,
                  notes="Fictional sample: the customer education team of a made-up analytics "
                        "software company. Change anything: this is your own copy.")
    for key, name, role in PEOPLE:
        wb.participants[uid(f"participant/{key}")] = Participant(uid(f"participant/{key}"),
                                                                 name, role)
    for key, title, day, people, notes in ASSESSMENTS:
        a = Assessment(id=uid(f"assessment/{key}"), framework_id=framework.id,
                       framework_version=framework.version, title=title, date=day,
                       status=FINAL, participant_ids=[uid(f"participant/{p}") for p in people],
                       notes=notes, created=f"{day}T08:30:00+00:00",
                       updated=f"{day}T16:45:00+00:00")
        for dim in framework.dimensions:
            levels = AGREED[dim.id][key]
            assert len(levels) == len(dim.items), dim.id
            for item, level in zip(dim.items, levels):
                entry = ItemEntry(item.id)
                given = DISAGREEMENTS.get((key, item.id))
                for p in people:
                    pid = uid(f"participant/{p}")
                    if given is not None:
                        entry.ratings[pid] = given[p]
                    elif level is None:
                        entry.ratings[pid] = None
                    else:
                        nudge = rng.choices([-1, 0, 0, 0, 1], k=1)[0]
                        entry.ratings[pid] = min(4, max(1, level + nudge))
                if median_level(entry.ratings.values()) != level:
                    entry.agreed, entry.agreed_set = level, True  # the room settled it
                note, evidence = NOTES.get((key, item.id), ("", []))
                entry.note, entry.evidence = note, list(evidence)
                a.entries[item.id] = entry
        a.targets = dict(TARGETS[key])
        a.position = ""
        wb.assessments[a.id] = a
    doc = Document(workbook=wb)
    when = int(datetime(2026, 5, 13, 17, 0, tzinfo=timezone.utc).timestamp())
    stamp_everything(doc, "5a3b1e000001", when)
    return doc


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    try:
        framework = load_framework(FRAMEWORK)
    except FrameworkError as exc:
        print(f"the framework does not validate:\n{exc}", file=sys.stderr)
        return 2
    doc = build(framework)
    data = encode_document(doc)
    parse_workbook(data, out)  # what we write must read back
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, data)
    print(f"wrote {out} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
