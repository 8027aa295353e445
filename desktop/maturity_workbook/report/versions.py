"""The snapshot across two versions of the framework's questions (question bank 1.0 and 2.0).

When the assessment is compared with one made with another version (`core.advice.Progress`
across versions), each is scored with its own version and functions are compared by stage and
score; this section says so and names, per function, the items that differ (renamed, split,
merged, new or no longer asked), so a new question is not read as progress. Page 1 marks the
changes of those functions (`DIFFER_MARK`) and points here.
"""

from __future__ import annotations

from collections import Counter

from maturity_workbook.report import i18n
from maturity_workbook.report.document import Block, Heading, Paragraph, Span
from maturity_workbook.report.i18n import SnapshotReport, arg, translate

DIFFER_MARK = "*"  # beside a page-1 change whose function's items differ between the versions
ORDER = ("renamed", "split", "merged", "new", "removed", "kept")


def counts_text(differences) -> str:
    """'1 renamed and 2 new'."""
    counts = Counter(d.change for d in differences)
    words = {
        "renamed": lambda n: SnapshotReport.tr("%n renamed", "", n),
        "split": lambda n: SnapshotReport.tr("%n split", "", n),
        "merged": lambda n: SnapshotReport.tr("%n merged", "", n),
        "new": lambda n: SnapshotReport.tr("%n new", "", n),
        "removed": lambda n: SnapshotReport.tr("%n no longer asked", "", n),
        "kept": lambda n: SnapshotReport.tr("%n moved between functions", "", n),
    }
    return i18n.join_names([words[kind](counts[kind]) for kind in ORDER if counts[kind]])


def difference_text(difference, before_framework, after_framework) -> str:
    """One difference, naming the items by their prompts."""
    def prompts(framework, ids) -> str:
        return i18n.join_names([arg(translate("SnapshotReport", "“%1”", "a quoted question"),
                                    framework.item(i).prompt) for i in ids])

    before = prompts(before_framework, difference.before_items)
    after = prompts(after_framework, difference.after_items)
    if difference.change == "renamed":
        return arg(translate("SnapshotReport", "Renamed: %1 is now %2"), before, after)
    if difference.change == "split":
        return arg(translate("SnapshotReport", "Split: %1 is now asked as %2"), before, after)
    if difference.change == "merged":
        return arg(translate("SnapshotReport", "Merged: %1 are now asked as %2"), before, after)
    if difference.change == "new":
        return arg(translate("SnapshotReport", "New in version %1: %2"),
                   after_framework.version, after)
    if difference.change == "removed":
        return arg(translate("SnapshotReport", "Not asked in version %1: %2"),
                   after_framework.version, before)
    return arg(translate("SnapshotReport", "Moved between functions: %1"), after)


def across_versions(b) -> list:
    """The comparisons of this snapshot that reach another version (since last time, since the
    baseline), without repeats."""
    out = []
    for progress in (b.advice.since_last, b.advice.since_baseline):
        if progress is not None and progress.across_versions and all(
                p.reference.framework.version != progress.reference.framework.version
                for p in out):
            out.append(progress)
    return out


def page_one_note(b) -> str:
    """The caption line under page 1's table when a change is marked, else ''."""
    if not any(f.since_last is not None and f.since_last.items_differ
               or f.since_baseline is not None and f.since_baseline.items_differ
               for f in b.advice.functions):
        return ""
    versions = i18n.join_names([p.reference.framework.version for p in across_versions(b)])
    return arg(translate("SnapshotReport", "%1 Questions of version %2 then, %3 now, each "
                         "scored with its own; the marked functions' items differ (see Progress "
                         "over time)."), DIFFER_MARK, versions, b.fw.version)


def versions_section(b) -> list[Block]:
    """How the comparison across versions works, and per function the items that differ."""
    out: list[Block] = []
    for progress in across_versions(b):
        before, after = progress.reference.framework, b.current.framework
        out.append(Heading(text=arg(translate("SnapshotReport", "Questions that differ from "
                                              "version %1"), before.version), level=2))
        out.append(Paragraph(text=arg(translate(
            "SnapshotReport", "The assessment of %1 was made with version %2 of the questions, "
            "this one with version %3. Each is scored with its own version; functions are "
            "compared by stage and score, and the items asked both times one to one. Where "
            "a function's items differ, part of its change comes from asking other questions."),
            i18n.day(progress.reference.day), before.version, after.version)))
        for found in progress.item_differences:
            name = b.advice.dimension(found.dimension_id).name
            out.append(Paragraph(text=(Span(name, bold=True),
                                       Span(" " + arg(translate("SnapshotReport", "(%1)"),
                                                      counts_text(found.differences)),
                                            muted=True)),
                                 keep_with_next=True, space_before=4))
            out.extend(Paragraph(text=difference_text(d, before, after), label="•", indent=12,
                                 style="small") for d in found.differences)
    return out
