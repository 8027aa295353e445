"""The plan in the PDF snapshot: the goal and its metrics on page 1, the action plan after
"What to do", read back from the PDF with pypdf (report/plan_section.py)."""

from __future__ import annotations

from datetime import date

import pytest

from maturity_workbook.core import action_plan, plan
from maturity_workbook.report import i18n
from maturity_workbook.report.content import SnapshotOptions
from tests.report.conftest import Spec, build_workbook, flat, open_workbook, page_texts

AFTER_THE_REASSESSMENT = date(2026, 12, 1)  # two of the sample's open actions are overdue then


SPRING = "Spring review 2026"  # the sample's last 1.0 review: the plan's values recorded there


def pdf_pages(path, framework, today=AFTER_THE_REASSESSMENT, options=None, paper="A4",
              title=None):
    """The PDF's page texts for the assessment called `title` (default: the latest)."""
    from maturity_workbook.report import snapshot_report
    from maturity_workbook.report.pdf import pdf_bytes

    from maturity_workbook.paths import load_catalog

    wb = open_workbook(path)
    chosen = wb.latest() if title is None else next(
        a for a in wb.assessments.values() if a.title == title)
    catalog = load_catalog()  # as export-pdf: each assessment with its own version
    framework = catalog.get(chosen.framework_id, chosen.framework_version) or framework
    report = snapshot_report(wb, framework, chosen, today=today, options=options,
                             catalog=catalog)
    data, _count = pdf_bytes(report, paper)
    return wb, [flat(text) for text in page_texts(data)]


@pytest.fixture(scope="module")
def sample(workbooks, framework):
    return pdf_pages(workbooks["sample"], framework, title=SPRING)


def section(pages: list[str], heading: str, following: str) -> str:
    """The text from `heading` to `following` (both level-1 headings), across pages."""
    text = " ".join(pages)
    start = text.index(heading)
    return text[start:text.index(following, start)]


def test_page_one_shows_the_goal_and_each_metric_from_baseline_to_target(sample):
    wb, pages = sample
    goal = plan.current_goal(wb)
    page_one = pages[0]
    assert "Goal More product usage" in page_one
    assert flat(goal.statement) in page_one
    spring = next(a for a in wb.assessments.values() if a.title == SPRING)
    for metric in plan.metrics_of(wb, goal):
        actual = plan.actual_at(wb, metric, spring.id)
        assert actual is not None
        row = page_one[page_one.index(metric.name):][:160]
        numbers = [i18n.integer(int(v)) if float(v).is_integer() else i18n.number(v)
                   for v in (metric.baseline, metric.target, actual.value)]
        assert f"({metric.unit}) {numbers[0]} {numbers[1]} by Dec 2026 {numbers[2]}" in row, row
    # how far each has come, between the baseline and the target
    assert "55 (+14) 58%" in page_one
    assert page_one.index("Goal") < page_one.index("Function Stage Score")


def test_the_action_plan_follows_what_to_do_with_owner_due_date_and_status(sample):
    wb, pages = sample
    text = " ".join(pages)
    assert text.index("What to do") < text.index("Action plan") < text.index(
        "Progress over time")
    plan_text = section(pages, "Action plan", "Progress over time")
    finals = wb.ordered_assessments(final_only=True)
    since = finals[[a.title for a in finals].index(SPRING) - 1].date
    closed = [a.status for a in action_plan.actions(wb) if (a.status_changed or "") > since
              and not a.is_open]  # up to today: the plan as it stands, seen from that review
    assert (closed.count(plan.DONE), closed.count(plan.DROPPED)) == (2, 2)
    assert "5 open actions. 2 overdue on 1 Dec 2026. Since 12 Nov 2025: 2 done, 2 dropped." \
        in plan_text
    for action in action_plan.actions(wb):
        shown = action.is_open or (action.status_changed or "") > since
        assert (action.title in plan_text) == shown, action.title
        if shown:
            row = plan_text[plan_text.index(action.title):]
            due = i18n.day(date.fromisoformat(action.due))
            assert row.startswith(f"{action.title} {action.owner} {due} "), row[:160]
    overdue = plan_text[plan_text.index("Write the business case"):]
    assert overdue.split(" By the next")[0].endswith("In progress · overdue")
    assert "Done 22 Apr 2026" in plan_text and "Dropped 10 Feb 2026" in plan_text
    # grouped by function in the framework's order, each named once
    order = [plan_text.index(name) for name in (
        "Business strategy & planning", "Content development", "Go-to-market & delivery",
        "Technology stack")]
    assert order == sorted(order)
    assert plan_text.count("Content development") == 1


def test_the_action_plan_by_roadmap_phase_shows_each_phase_end_and_targets(workbooks,
                                                                          framework):
    _wb, pages = pdf_pages(workbooks["sample"], framework,
                           options=SnapshotOptions(actions_by="phase"), title=SPRING)
    plan_text = section(pages, "Action plan", "Progress over time")
    assert "Phase Ends Target stages" in plan_text
    assert "Phase Action Owner Due Status Function" in plan_text
    # the roadmap as it stands, soonest end first: the next reassessment is due six months
    # after the latest one (11 Nov 2026), whichever assessment the snapshot is of
    for row in ("Before the FY27 kickoff 31 Jan 2027", "By the next reassessment 11 May 2027 "
                "Strategy & planning: Scaling, Content: Optimizing", "Within a year 11 Nov 2027"):
        assert row in plan_text
    table = plan_text[plan_text.index("Phase Action"):]
    phases = [table.index(name) for name in (
        "Before the FY27 kickoff", "By the next reassessment", "Within a year",
        "Not in a phase")]
    assert phases == sorted(phases)
    assert "Link course completions to product usage per account Priya Natarajan 30 Sep 2026 " \
        "Planned · overdue Technology stack" in table


def test_a_workbook_without_a_plan_has_no_plan_section_and_no_goal(history_workbook,
                                                                   framework):
    _wb, pages = pdf_pages(history_workbook, framework, today=date(2025, 6, 1))
    text = " ".join(pages)
    assert "What to do" in text
    assert "Action plan" not in text
    assert "Goal " not in pages[0] and "The goal and its metrics" not in text
    assert "Metric Baseline Target" not in text


def test_a_goal_without_actions_says_how_to_make_one(tmp_path, framework):
    from maturity_workbook.core.ops import AddRecord
    from maturity_workbook.store import WorkbookStore

    path = build_workbook(tmp_path / "goal.mwb", framework, [
        Spec("First", "2025-01-10", (1, 2, 2, 1)), Spec("Second", "2025-07-10", (2, 2, 3, 1))])
    with WorkbookStore.open(path) as store:
        store.apply(AddRecord(plan.GOALS, {"priority": "renewals",
                                           "statement": "Renewals of trained accounts up",
                                           "since": "2025-01-10"}))
    _wb, pages = pdf_pages(path, framework, today=date(2025, 8, 1))
    assert "Goal Higher renewal rates — Renewals of trained accounts up" in pages[0]
    assert "Metric Baseline" not in pages[0]  # no metrics: no empty table
    plan_text = section(pages, "Action plan", "Progress over time")
    assert "No open actions." in plan_text


def test_actions_without_a_goal_still_list_the_plan(tmp_path, framework):
    from maturity_workbook.core.ops.plan_ops import AddAction
    from maturity_workbook.store import WorkbookStore

    path = build_workbook(tmp_path / "actions.mwb", framework, [
        Spec("Only", "2025-03-04", (2, 1, 2, 2))])
    with WorkbookStore.open(path) as store:
        store.apply(AddAction({"title": "Name an owner for the content backlog",
                               "dimension_id": "content", "owner": "", "due": "2025-04-30",
                               "status": plan.PLANNED}, "2025-03-04"))
    _wb, pages = pdf_pages(path, framework, today=date(2025, 5, 2))
    assert "Goal " not in pages[0]
    plan_text = section(pages, "Action plan", "Item detail")
    assert "1 open action. 1 overdue on 2 May 2025." in plan_text
    assert ("Name an owner for the content backlog no owner yet 30 Apr 2025 Planned · overdue"
            in plan_text)


def test_how_to_read_explains_progress_and_overdue_only_with_a_plan(sample, history_workbook,
                                                                    framework):
    _wb, pages = sample
    text = " ".join(pages)
    assert "A metric's progress is the share of the way" in text[
        text.index("How to read this snapshot"):]
    _wb, plain_pages = pdf_pages(history_workbook, framework, today=date(2025, 6, 1))
    plain = " ".join(plain_pages)
    assert "How to read this snapshot" in plain and "A metric's progress" not in plain
