"""Generate resources/samples/sample.mwb, the bundled sample workbook, deterministically.

    python tools/make_sample.py [OUT]

A fictional program, "Northwind Analytics Academy", assessed four times six months apart
against the customer-education framework: three times with question bank 1.0, then (autumn
2026) a reassessment of the spring review with question bank 2.0, so History, the Overview and
the PDF show a comparison across the two versions (each scored with its own version, with a note
where the items differ). Content development improves steadily, the technology stack stays stuck
(the bottleneck), the room disagrees on a few items, and several items carry notes and evidence.
Its plan: the goal changed once (faster onboarding, then more product usage), the current goal's
three metrics have values at the three 1.0 assessments (the autumn 2026 values are not recorded
yet), and the action plan has done, dropped, open and overdue actions in three roadmap phases
(one done and one dropped between the spring and autumn 2026 reviews).
Its 40 customers carry a scoring history on the CMI matrix. Ids come from fixed names and the
participants' spread of ratings from a seeded random generator, so running it twice gives the
same file.
"""

from __future__ import annotations

import random
import sys
import uuid
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))

from maturity_workbook.core import plan  # noqa: E402
from maturity_workbook.core.framework import FrameworkError, load_framework  # noqa: E402
from maturity_workbook.core.ops import AddRecord  # noqa: E402
from maturity_workbook.core.ops.plan_ops import SetActual  # noqa: E402
from maturity_workbook.core.workbook import (  # noqa: E402
    FINAL, Assessment, ItemEntry, Participant, Workbook, median_level,
)
from maturity_workbook.store.atomic import write_atomic  # noqa: E402
from maturity_workbook.store.decode import parse_workbook  # noqa: E402
from maturity_workbook.store.merge import stamp_everything  # noqa: E402
from maturity_workbook.store.records import Document, encode_document  # noqa: E402

FRAMEWORK = ROOT / "resources" / "frameworks" / "customer-education-1.0.yaml"
FRAMEWORK_2 = ROOT / "resources" / "frameworks" / "customer-education.yaml"  # question bank 2.0
OUT = ROOT / "resources" / "samples" / "sample.mwb"
CMI = ROOT / "resources" / "cmi"
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

# (key, title, date, participants, notes); the last one uses question bank 2.0
ASSESSMENTS = [
    ("2025-05", "Baseline, spring 2025", "2025-05-14", ["maya", "daniel", "priya"],
     "First assessment after the academy became its own team. Everything is built on request."),
    ("2025-11", "Autumn review 2025", "2025-11-12", ["maya", "daniel", "priya", "tom"],
     "Tom joined as platform administrator. Content templates and the SME programme landed."),
    ("2026-05", "Spring review 2026", "2026-05-13", ["maya", "daniel", "priya", "tom"],
     "Content is now planned as a product. The platform still blocks measurement and "
     "personalised journeys: the LMS replacement was postponed twice."),
    ("2026-11", "Autumn review 2026", "2026-11-11", ["maya", "daniel", "priya", "tom"],
     "The first review on question bank 2.0, started from the spring answers: the room "
     "confirmed or changed each one and rated the new questions. Delivery's new questions "
     "(deals, community) show gaps the old ones did not ask about."),
]
VERSION_2 = "2026-11"  # the assessment made with question bank 2.0
BASED_ON = {"2026-11": "2026-05"}  # a reassessment of that one

# the agreed level of every item at each assessment (None = not applicable), in the item order
# of the version the assessment used (2.0 for "2026-11": see resources/frameworks/mappings/)
AGREED = {
    "strategy": {  # 2.0 adds ownership and output per person
        "2025-05": [2, 2, 1, 2, 2, 3, 1],
        "2025-11": [3, 2, 2, 2, 2, 3, 2],
        "2026-05": [3, 3, 2, 2, 3, 3, 2],
        "2026-11": [3, 3, 3, 2, 3, 3, 3, 2, 2],
    },
    "content": {  # improves steadily; 2.0 splits product thinking (backlog, outcome review)
        "2025-05": [1, 2, 1, 2, 1, None, 1],
        "2025-11": [2, 3, 2, 3, 2, 1, 2],
        "2026-05": [3, 3, 3, 4, 3, 2, 3],
        "2026-11": [3, 3, 3, 2, 4, 3, 2, 3],
    },
    "delivery": {  # 2.0 splits engagement and partners/community, adds live capacity, deals
        "2025-05": [2, 1, 2, 1, 2, 1, 2, 2],
        "2025-11": [2, 2, 2, 2, 2, 1, 2, 3],
        "2026-05": [3, 2, 3, 2, 3, 2, 2, 3],
        "2026-11": [3, 3, 3, 2, 3, 2, 2, 2, 1, 3, 2, 2],
    },
    "technology": {  # stuck: barely moves; 2.0 adds learner data quality
        "2025-05": [2, 2, 1, 2, 1, 1, 1],
        "2025-11": [2, 2, 1, 2, 1, 1, 1],
        "2026-05": [2, 2, 1, 2, 1, 1, 2],
        "2026-11": [2, 2, 1, 2, 1, 1, 2, 2],
    },
}

TARGETS = {
    "2025-05": {"strategy": 2, "content": 2, "delivery": 2, "technology": 2},
    "2025-11": {"strategy": 3, "content": 3, "delivery": 3, "technology": 2},
    "2026-05": {"strategy": 3, "content": 4, "delivery": 3, "technology": 3},
    "2026-11": {"strategy": 4, "content": 4, "delivery": 3, "technology": 3},
}

# items where the room clearly disagreed: participant ratings given outright
DISAGREEMENTS = {
    ("2025-05", "strategy-executive-support"): {"maya": 4, "daniel": 2, "priya": 3},
    ("2025-11", "delivery-public-learning"): {"maya": 3, "daniel": 2, "priya": 4, "tom": 2},
    ("2026-05", "content-sme"): {"maya": 4, "daniel": 4, "priya": 2, "tom": 3},
    ("2026-05", "technology-measurement"): {"maya": 1, "daniel": 3, "priya": 1, "tom": 2},
    ("2026-05", "strategy-core-metric"): {"maya": 3, "daniel": 2, "priya": 4, "tom": 3},
    ("2026-11", "delivery-deals"): {"maya": 1, "daniel": 2, "priya": 3, "tom": 2},
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
    ("2026-11", "strategy-ownership"): (
        "Maya owns the program; while she was away for six weeks in the summer, nothing new "
        "shipped and two launches went without training.", []),
    ("2026-11", "content-outcome-review"): (
        "Outcomes are written for new courses, but nobody has looked back at the old ones yet.",
        ["Course outcome template"]),
    ("2026-11", "delivery-deals"): (
        "Split room: Priya sees priced packages in most deals; Maya counts three free custom "
        "trainings promised this quarter. Agreed 2: a standard package exists, discounts are "
        "given without asking.", ["Q3 deal desk export"]),
    ("2026-11", "delivery-community"): (
        "No customer community yet; questions go to support.", []),
    ("2026-11", "technology-learner-data"): (
        "About two thirds of learner records match a CRM account, by email domain.",
        ["Learner-to-account match report, October 2026"]),
}


# the goal's versions: key, priority, statement, in force since
GOALS = [
    ("v1", "onboarding", "New customer admins finish the onboarding path within their first "
     "30 days.", "2025-05-01"),
    ("v2", "product-usage", "Trained accounts use at least three more dashboard features than "
     "untrained ones by the end of 2026.", "2026-01-12"),
]
# key, goal, name, unit, baseline, baseline date, target, target date, source, continues
METRICS = [
    ("completion-v1", "v1", "Onboarding path completed within 30 days", "% of new admins", 34,
     "2025-05-14", 70, "2026-12-31", "LMS completion export, monthly", None),
    ("first-dashboard", "v1", "Days to the first published dashboard", "days", 21,
     "2025-05-14", 10, "2026-06-30", "Product analytics", None),
    ("completion", "v2", "Onboarding path completed within 30 days", "% of new admins", 34,
     "2025-05-14", 70, "2026-12-31", "LMS completion export, monthly", "completion-v1"),
    ("adoption", "v2", "Feature adoption lift of trained accounts", "features", 0.8,
     "2025-05-14", 3, "2026-12-31", "Product analytics: trained vs untrained accounts", None),
    ("tickets", "v2", "Support tickets per 100 trained accounts", "tickets", 42, "2025-05-14",
     30, "2026-12-31", "Support desk monthly report", None),
]
ACTUALS = {  # metric -> value at each assessment
    "completion-v1": {"2025-05": 34, "2025-11": 41},
    "first-dashboard": {"2025-05": 21, "2025-11": 17},
    "completion": {"2026-05": 55},
    "adoption": {"2025-05": 0.8, "2025-11": 1.4, "2026-05": 2.1},
    "tickets": {"2025-05": 42, "2025-11": 40, "2026-05": 37},
}
# key, name, horizon, until, targets
PHASES = [
    ("next", "By the next reassessment", plan.NEXT_REASSESSMENT, None,
     {"strategy": 3, "content": 4, "delivery": 3, "technology": 2}),
    ("year", "Within a year", plan.WITHIN_YEAR, None, {"delivery": 3, "technology": 3}),
    ("fy27", "Before the FY27 kickoff", plan.DATED, "2027-01-31", {"strategy": 4}),
]
# key, title, function, item, owner, due, status, status changed, created, phase, note
ACTIONS = [
    ("templates", "Use the course template library for every new course", "content",
     "content-reusable", "Daniel Reyes", "2025-09-30", plan.DONE, "2025-08-29", "2025-05-20",
     None, ""),
    ("sme-rota", "Start a rota of product managers who record one module a quarter", "content",
     "content-sme", "Maya Okafor", "2025-10-31", plan.DONE, "2025-10-15", "2025-05-20", None,
     ""),
    ("bi-export", "Send completion data to the BI tool automatically", "technology",
     "technology-measurement", "Tom Becker", "2026-02-28", plan.DROPPED, "2026-02-10",
     "2025-11-12", None, "Folded into the LMS replacement: the BI team has no room for it."),
    ("paths", "Publish role-based paths for analysts, admins and developers", "content",
     "content-paths", "Daniel Reyes", "2026-04-30", plan.DONE, "2026-04-22", "2025-11-12",
     None, ""),
    ("lms-case", "Write the business case for replacing the LMS", "technology",
     "technology-lms", "Tom Becker", "2026-07-31", plan.IN_PROGRESS, "2026-05-20",
     "2026-01-20", "next", "Finance wants the licence costs of both shortlisted vendors."),
    ("usage-link", "Link course completions to product usage per account", "technology",
     "technology-measurement", "Priya Natarajan", "2026-09-30", plan.PLANNED, "2026-05-13",
     "2026-05-13", "next", ""),
    ("webinars", "Run the public webinar series monthly with a fixed agenda", "delivery",
     "delivery-public-learning", "Priya Natarajan", "2027-02-28", plan.IN_PROGRESS,
     "2026-06-01", "2026-05-13", "year", ""),
    ("qbr", "Put the education goal and its metrics in the quarterly business review",
     "strategy", "strategy-core-metric", "Maya Okafor", "2027-01-31", plan.PLANNED,
     "2026-05-13", "2026-05-13", "fy27", ""),
    ("localize", "Translate the admin path into German and Japanese", "content",
     "content-localization", "Daniel Reyes", "2027-04-30", plan.PLANNED, "2026-05-13",
     "2026-05-13", "year", ""),
    # closed between the spring and the autumn 2026 reviews (what the autumn review looks back on)
    ("catalogue", "Publish the course catalogue on the help centre, searchable by role",
     "delivery", "delivery-findability", "Priya Natarajan", "2026-08-31", plan.DONE,
     "2026-08-25", "2026-05-13", "next", ""),
    ("sandbox", "Give every trained admin a sandbox workspace for the exercises", "technology",
     "technology-in-app", "Tom Becker", "2026-10-31", plan.DROPPED, "2026-09-02", "2026-05-13",
     "next", "Security would not allow shared workspaces; the exercises use the demo data set "
     "instead."),
]


def add_plan(wb: Workbook) -> None:
    """The goal, its metrics and values, the roadmap and the actions, through the operations
    (so the sample keeps every rule an edit keeps)."""
    for key, priority, statement, since in GOALS:
        AddRecord(plan.GOALS, {"priority": priority, "statement": statement, "since": since},
                  uid(f"goal/{key}")).apply(wb)
    for position, (key, goal, name, unit, baseline, baseline_date, target, target_date, source,
                   continues) in enumerate(METRICS):
        AddRecord(plan.METRICS, {
            "goal_id": uid(f"goal/{goal}"), "name": name, "unit": unit, "baseline": baseline,
            "baseline_date": baseline_date, "target": target, "target_date": target_date,
            "source": source, "position": position,
            "continues": uid(f"metric/{continues}") if continues else None,
        }, uid(f"metric/{key}")).apply(wb)
    for key, values in ACTUALS.items():
        for assessment, value in values.items():
            SetActual(uid(f"metric/{key}"), uid(f"assessment/{assessment}"), value).apply(wb)
    for key, name, horizon, until, targets in PHASES:
        AddRecord(plan.PHASES, {"name": name, "horizon": horizon, "until": until,
                                "targets": targets}, uid(f"phase/{key}")).apply(wb)
    for (key, title, function, item, owner, due, status, changed, created, phase,
         note) in ACTIONS:
        AddRecord(plan.ACTIONS, {
            "title": title, "dimension_id": function, "item_id": item, "owner": owner,
            "due": due, "status": status, "status_changed": changed, "created": created,
            "phase_id": uid(f"phase/{phase}") if phase else None, "note": note,
        }, uid(f"action/{key}")).apply(wb)


def add_customers(wb: Workbook) -> None:
    """The program's customers (seed 004): about 40, each scored on the default CMI model up to
    three times, six months apart, from resources/cmi/sample-customers.csv, imported as the
    window would (one ImportCustomers operation)."""
    from datetime import date

    from maturity_workbook.core.customers import CmiCatalog, use_catalog
    from maturity_workbook.core.ops.customer_ops import ImportCustomers
    from maturity_workbook.store.customers_csv import read_customers_csv

    catalog = CmiCatalog.load(CMI)
    use_catalog(catalog)
    parsed = read_customers_csv(CMI / "sample-customers.csv", catalog.get(""),
                                today=date(2026, 5, 13))
    ImportCustomers(parsed.updates).apply(wb)


def build(framework, framework_2) -> Document:
    rng = random.Random(SEED)
    wb = Workbook(id=uid("workbook"), name="Northwind Analytics Academy",
                  created="2025-05-02T09:00:00+00:00", reassess_months=6,
                  notes="Fictional sample: the customer education team of a made-up analytics "
                        "software company. Change anything: this is your own copy.")
    add_customers(wb)
    for key, name, role in PEOPLE:
        wb.participants[uid(f"participant/{key}")] = Participant(uid(f"participant/{key}"),
                                                                 name, role)
    for key, title, day, people, notes in ASSESSMENTS:
        used = framework_2 if key == VERSION_2 else framework
        a = Assessment(id=uid(f"assessment/{key}"), framework_id=used.id,
                       framework_version=used.version, title=title, date=day,
                       status=FINAL, participant_ids=[uid(f"participant/{p}") for p in people],
                       notes=notes, created=f"{day}T08:30:00+00:00",
                       updated=f"{day}T16:45:00+00:00")
        if key in BASED_ON:
            a.based_on = uid(f"assessment/{BASED_ON[key]}")
        for dim in used.dimensions:
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
    add_plan(wb)
    doc = Document(workbook=wb)
    when = int(datetime(2026, 11, 11, 17, 0, tzinfo=timezone.utc).timestamp())
    stamp_everything(doc, "5a3b1e000001", when)
    return doc


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    try:
        framework, framework_2 = load_framework(FRAMEWORK), load_framework(FRAMEWORK_2)
    except FrameworkError as exc:
        print(f"the framework does not validate:\n{exc}", file=sys.stderr)
        return 2
    doc = build(framework, framework_2)
    data = encode_document(doc)
    parse_workbook(data, out)  # what we write must read back
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, data)
    print(f"wrote {out} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
