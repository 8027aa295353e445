"""The snapshot's appendix: every item with its agreed rating, the participants' ratings as a
small grid, notes and evidence; then how to read the snapshot (see `content`).

An item's title, agreed rating, description and ratings grid stay together on one page; a long
note may break, and its lines on the next page sit under the item's number and prompt marked
"continued".
"""

from __future__ import annotations

from maturity_workbook.core.workbook import UNKNOWN, UNRATED
from maturity_workbook.report import i18n
from maturity_workbook.report.wording import coverage_text, level_text, stage_name
from maturity_workbook.report.document import (
    Block, Heading, PageBreak, Paragraph, Rating, RatingGrid, Span, Spacer, fill, user, user_text,
)
from maturity_workbook.report.i18n import arg, translate

LONG_TEXT = 320  # characters: a note this long may break across pages on its own
WIDE_SPREAD = 2  # stage levels between the lowest and highest participant rating
ITEM_INDENT = 30  # points: room for "10.12"
ROW_INDENT = ITEM_INDENT + 52  # points: the hanging labels ("Agreed", "Ratings", "Note")
CONTINUED_CHARS = 70  # an item's prompt is shortened to this in the "continued" line


def item_detail(b) -> list[Block]:
    legend = ", ".join(arg("%1 %2", i18n.integer(s.level), s.name) for s in b.fw.stages)
    out: list[Block] = [
        PageBreak(soft=True),
        Heading(text=translate("SnapshotReport", "Item detail"), level=1),
        Paragraph(text=arg(translate(
            "SnapshotReport", "Every item of the assessment with the agreed rating, each "
            "participant's rating and the spread between them, and the notes and evidence "
            "recorded. Levels: %1."), legend)),
    ]
    if b.options.anonymize:
        out.append(Paragraph(text=translate(
            "SnapshotReport", "Participants are shown as P1, P2 and so on, in the order they "
            "were listed for the assessment."), style="muted"))
    before = previous_answers(b)
    for d_index, dim in enumerate(b.fw.dimensions, 1):
        result = b.current.result.dimension(dim.id)
        out.append(Heading(text=dim.name, number=i18n.integer(d_index), level=2,
                           space_before=16))
        facts = [stage_name(result)]
        if result.score is not None:
            facts.append(arg(translate("SnapshotReport", "score %1"), i18n.score(result.score)))
        facts.append(arg(translate("SnapshotReport", "%1 items rated"), coverage_text(result)))
        out.append(Paragraph(text=" · ".join(facts), style="muted", keep_with_next=True))
        for i_index, item in enumerate(dim.items, 1):
            out.extend(item_blocks(b, f"{d_index}.{i_index}", item, before))
    return out


NEW_ITEM, ASKED_DIFFERENTLY = object(), object()  # an item with no one-to-one answer before


def previous_answers(b) -> dict[str, object]:
    """Item id -> its agreed answer last time, for the items whose answer changed (matched
    through the version mapping when last time used another version); NEW_ITEM or
    ASKED_DIFFERENTLY for items that last time's version did not ask one to one."""
    since = b.advice.since_last
    if since is None:
        return {}
    out: dict[str, object] = {c.item.id: c.before for c in since.item_changes}
    for found in since.item_differences:
        for difference in found.differences:
            if difference.change in ("renamed", "kept"):
                continue  # asked both times: compared one to one above
            for item_id in difference.after_items:
                out[item_id] = NEW_ITEM if difference.change == "new" else ASKED_DIFFERENTLY
    return out


def item_blocks(b, number: str, item, before: dict[str, object]) -> list[Block]:
    a = b.a
    entry = a.entries.get(item.id)
    level = a.agreed_level(item.id)
    continued = item.prompt if len(item.prompt) <= CONTINUED_CHARS else (
        item.prompt[:CONTINUED_CHARS - 1].rstrip() + "…")
    continued = f"{number}  {continued}"
    blocks: list[Block] = [Paragraph(text=Span(item.prompt, bold=True), label=number,
                                     indent=ITEM_INDENT, space_before=9, label_style="body")]
    agreed: list = [Span(level_text(b.fw, level), bold=True)]
    if level is not UNRATED:
        if entry is not None and entry.agreed_set:
            agreed.append(Span("  " + translate("SnapshotReport", "agreed by the room"),
                               muted=True))
        elif entry is not None and len(entry.ratings) > 1:
            agreed.append(Span("  " + translate("SnapshotReport", "median of the ratings"),
                               muted=True))
    if item.id in before:
        then = before[item.id]
        if then is NEW_ITEM:
            was = arg(translate("SnapshotReport", "(new in version %1)"), b.fw.version)
        elif then is ASKED_DIFFERENTLY:
            was = arg(translate("SnapshotReport", "(asked differently in version %1)"),
                      b.previous.framework.version)
        else:
            was = arg(translate("SnapshotReport", "(was %1)"), level_text(b.fw, then))
        agreed.append(Span("  " + was, italic=True))
    label = translate("SnapshotReport", "Agreed")
    blocks.append(Paragraph(text=agreed, label=label, indent=ROW_INDENT, label_style="label"))
    if isinstance(level, int) and level in item.levels:
        blocks.append(Paragraph(text=item.levels[level], style="muted", indent=ROW_INDENT))
    grid = ratings_grid(b, item, entry)
    if grid is not None:
        blocks.append(grid)
    kept = list(blocks)
    if entry is not None:
        notes = user_text(entry.note)
        for n, para in enumerate(notes):
            blocks.append(Paragraph(text=user(para), label=translate("SnapshotReport", "Note")
                                    if n == 0 else "", indent=ROW_INDENT, label_style="label",
                                    space_before=2, continued=continued))
        evidence = [e for e in entry.evidence if e.strip()]
        for n, text in enumerate(evidence):
            lines = user_text(text)
            blocks.append(Paragraph(text=user(" ".join(lines) if lines else text),
                                    label=translate("SnapshotReport", "Evidence")
                                    if n == 0 else "", indent=ROW_INDENT, label_style="label",
                                    continued=continued))
    # the title, agreed rating, description and grid stay together; so does a short note with
    # them. A long note may break (under a "continued" line), starting where its first lines fit.
    for block in blocks[:-1]:
        text = "".join(s.text for s in getattr(block, "text", ()))
        block.keep_with_next = block in kept or len(text) <= LONG_TEXT
    return blocks


def ratings_grid(b, item, entry) -> RatingGrid | None:
    a = b.a
    ratings = entry.ratings if entry is not None else {}
    if not (len(ratings) > 1 or (len(ratings) == 1 and len(a.participant_ids) > 1)):
        return None
    order = [p for p in a.participant_ids if p in ratings] + \
            [p for p in ratings if p not in a.participant_ids]
    cells = []
    for pid in order:
        value = ratings[pid]
        if value is None:
            shown = translate("SnapshotReport", "n/a")
        elif value is UNKNOWN:
            shown = translate("SnapshotReport", "don't know")
        else:
            shown = i18n.integer(value)
        cells.append(Rating(b.person(pid), shown))
    spread = a.spread(item.id)
    note: tuple = ()
    if spread == 0:
        note = (Span(translate("SnapshotReport", "All agree."), italic=True),)
    elif spread is not None:
        template = (translate("SnapshotReport", "Spread %1.") if spread < WIDE_SPREAD
                    else translate("SnapshotReport", "Wide spread: %1 stages apart."))
        note = fill(template, i18n.integer(spread), italic=True)
    return RatingGrid(ratings=tuple(cells), indent=ROW_INDENT,
                      label=translate("SnapshotReport", "Ratings"),
                      name_title=translate("SnapshotReport", "Participant"),
                      rating_title=translate("SnapshotReport", "Rating"),
                      round_title=translate("SnapshotReport", "Round"), note=note)


def about(b) -> list[Block]:
    fw = b.fw
    text = [
        # the rules of core/scoring.py (its docstring and docs/scoring.md), in the reader's words
        translate("SnapshotReport", "Each item is rated at a stage level, as not applicable "
                  "(left out of the score) or as don't know (a gap, listed to find out). A "
                  "function's stage is the highest stage that most of its rated "
                  "items (more than half) have reached, so one strong item never carries it; "
                  "its score, the mean of its rated items' agreed ratings, and how many items "
                  "sit at or above the stage are shown beside it. A function needs at least half "
                  "of its items rated at a level to have a stage. The overall stage follows the "
                  "same rule over the function stages, and the overall score is the mean of the "
                  "function scores. The bottleneck is the function at the lowest stage (on a "
                  "tie, the lower score); while any function has too few rated items it is not "
                  "known, and the snapshot names the function to rate first. What to do gives "
                  "the advice, one stage up, for the bottleneck's lowest-rated items, never for "
                  "an item already above its function's stage."),
        translate("SnapshotReport", "The agreed rating of an item is the one the room set, or "
                  "else the median of the participants' ratings; the spread is the distance "
                  "between the lowest and highest rating."),
    ]
    from maturity_workbook.report.plan_section import how_to_read_the_plan

    text.extend(how_to_read_the_plan(b))
    out: list[Block] = [Heading(text=translate("SnapshotReport", "How to read this snapshot"),
                                level=2, space_before=20)]
    out.extend(Paragraph(text=t, style="small", space_before=3) for t in text)
    if fw.attribution is not None:
        source = arg(translate("SnapshotReport", "%1 %2 follows %3."), fw.title, fw.version,
                     fw.attribution.cite())
        if fw.attribution.note:
            source += " " + fw.attribution.note
        out.append(Paragraph(text=source, style="small", space_before=3))
    notes = user_text(b.wb.notes)
    if notes:
        out.append(Heading(text=translate("SnapshotReport", "About this workbook"), level=3))
        out.extend(Paragraph(text=user(n), style="small", space_before=2) for n in notes)
    out.append(Spacer(height=2))
    return out
