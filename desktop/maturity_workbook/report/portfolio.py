"""The snapshot's portfolio page: the program's customers on the CMI x health matrix (seed 004).

Only for a workbook with customers whose CMI model this computer has. It shows where the
customers stand on their latest scorings (the same placements as the Customers screen and
`customers list`), with arrows for those that changed quadrant since the scoring date before the
latest; how many are in each quadrant (with its playbook) and on each track, and the change since
that date; and which customers changed quadrant. Customer names are the team's own text and print
as isolated runs.
"""

from __future__ import annotations

from maturity_workbook.core import customers as C
from maturity_workbook.core.cmi import HIGH_TOUCH
from maturity_workbook.core.portfolio import (
    matrix_points, movement, placements, quadrant_counts, scoring_days, track_counts,
)
from maturity_workbook.report import i18n
from maturity_workbook.report.document import (
    Block, Chart, Column, Heading, PageBreak, Paragraph, Table, user,
)
from maturity_workbook.report.i18n import SnapshotReport, arg

MATRIX_SIZE_MM = (160.0, 118.0)
MATRIX_MIN_HEIGHT_MM = 90.0
MAX_MOVES = 12  # customers listed as having changed quadrant; the rest are counted


def portfolio(b) -> list[Block]:
    """The portfolio section for the snapshot builder `b` (report.content.SnapshotBuilder);
    nothing when the workbook has no scored customers."""
    wb = b.wb
    customers = [c for c in C.customers_of(wb) if c.scorings]
    if not customers:
        return []
    catalog = C.installed_catalog()
    if catalog is None:
        from maturity_workbook.paths import load_cmi_catalog

        catalog = load_cmi_catalog()
    model = C.model_of(wb, catalog)
    out: list[Block] = [PageBreak(soft=True),
                        Heading(text=SnapshotReport.tr(
                            "Customers on the maturity and health matrix"), level=1)]
    if model is None:
        out.append(Paragraph(text=arg(SnapshotReport.tr(
            "The workbook's customers are scored on the CMI model %1, which was not available "
            "when this snapshot was made, so they are not shown."), C.model_id_of(wb))))
        return out
    thresholds = C.thresholds_of(wb, model)
    days = scoring_days(customers)
    latest, previous = days[-1], (days[-2] if len(days) > 1 else None)
    placed = placements(model, customers, thresholds=thresholds)
    out.append(Paragraph(text=arg(SnapshotReport.tr(
        "%Ln customer(s), each placed by its latest scoring (the last on %1): its Customer "
        "Maturity Index (CMI), from the qualifier scores of the model “%2”, against its "
        "customer health score (CHS). At or above %3 CMI and %4 health a customer is on the "
        "high side.",
        "", len(customers)), i18n.day(latest), model.title, i18n.number(thresholds.cmi, 0),
        i18n.number(thresholds.health, 0))))
    moves = movement(model, customers, previous, thresholds=thresholds) if previous else []
    out.append(_matrix(model, customers, thresholds, moves, previous))
    out.append(_quadrant_table(model, customers, placed, thresholds, previous))
    out.append(_track_table(model, customers, placed, thresholds, previous))
    out.extend(_changed(model, wb, moves, previous))
    return out


def _matrix(model, customers, thresholds, moves, previous) -> Chart:
    points = matrix_points(model, customers, thresholds=thresholds)
    names = {
        "cmi_axis": SnapshotReport.tr("Customer Maturity Index (CMI)"),
        "health_axis": SnapshotReport.tr("Customer health score (CHS)"),
        "tracks_axis": SnapshotReport.tr("Content track"),
    }

    def build(width_in: float, height_in: float):
        from maturity_workbook.charts.matrix import MatrixText, matrix_figure

        return matrix_figure(model, points, thresholds=thresholds, moves=moves,
                             all_moves=False, size=(width_in, height_in), font=8.5,
                             text=MatrixText(**names))

    caption = SnapshotReport.tr("Each dot is a customer; the lines are the thresholds, and each "
                                "quadrant is named with its number of customers.")
    if previous is not None and any(m.quadrant_changed for m in moves):
        caption += " " + arg(SnapshotReport.tr(
            "Arrows run from where a customer stood on %1 to where it stands now, for the "
            "customers that changed quadrant."), i18n.day(previous))
    return Chart(name="portfolio-matrix", build=build, width_mm=MATRIX_SIZE_MM[0],
                 height_mm=MATRIX_SIZE_MM[1], min_height_mm=MATRIX_MIN_HEIGHT_MM,
                 caption=caption, space_before=6)


def _change(now: int, before: int | None) -> str:
    if before is None:
        return "—"
    delta = now - before
    if delta == 0:
        return SnapshotReport.tr("no change")
    return ("+" if delta > 0 else i18n.MINUS) + i18n.integer(abs(delta))


def _quadrant_table(model, customers, placed, thresholds, previous) -> Table:
    counts = quadrant_counts(model, placed)
    before = quadrant_counts(model, placements(model, customers, previous, thresholds)) \
        if previous else {}
    columns = [Column(SnapshotReport.tr("Quadrant"), 0.34),
               Column(SnapshotReport.tr("Playbook"), 0.36),
               Column(SnapshotReport.tr("Customers"), 0.14, "right")]
    if previous:
        columns.append(Column(arg(SnapshotReport.tr("Since %1"), i18n.day(previous)), 0.16,
                              "right"))
    rows = []
    for quadrant in model.quadrants:
        touch = SnapshotReport.tr("high-touch") if quadrant.playbook.touch == HIGH_TOUCH else \
            SnapshotReport.tr("tech-touch")
        row = [quadrant.name, arg(SnapshotReport.tr("%1 (%2)"), quadrant.playbook.name, touch),
               i18n.integer(counts[quadrant.id])]
        if previous:
            row.append(_change(counts[quadrant.id], before.get(quadrant.id)))
        rows.append(tuple(row))
    return Table(columns=tuple(columns), rows=rows, space_before=8)


def _track_table(model, customers, placed, thresholds, previous) -> Table:
    counts = track_counts(model, placed)
    before = track_counts(model, placements(model, customers, previous, thresholds)) \
        if previous else {}
    columns = [Column(SnapshotReport.tr("Content track"), 0.34),
               Column(SnapshotReport.tr("CMI band"), 0.36),
               Column(SnapshotReport.tr("Customers"), 0.14, "right")]
    if previous:
        columns.append(Column(arg(SnapshotReport.tr("Since %1"), i18n.day(previous)), 0.16,
                              "right"))
    rows = []
    for track in model.tracks:
        band = arg(SnapshotReport.tr("%1 to %2"), i18n.number(track.start, 0),
                   i18n.number(model.track_end(track), 0))
        row = [track.name, band, i18n.integer(counts[track.id])]
        if previous:
            row.append(_change(counts[track.id], before.get(track.id)))
        rows.append(tuple(row))
    return Table(columns=tuple(columns), rows=rows, space_before=6)


def _changed(model, wb, moves, previous) -> list[Block]:
    changed = [m for m in moves if m.quadrant_changed]
    if previous is None:
        return []
    title = arg(SnapshotReport.tr("Changed quadrant since %1"), i18n.day(previous))
    out: list[Block] = [Heading(text=title, level=2, space_before=8)]
    if not changed:
        out.append(Paragraph(text=SnapshotReport.tr("No customer changed quadrant.")))
        return out
    records = wb.collection(C.CUSTOMERS)
    names = {q.id: q.name for q in model.quadrants}
    rows = []
    for move in changed[:MAX_MOVES]:
        record = records.get(move.customer_id)
        rows.append(((user(record.name if record else move.customer_id),),
                     names.get(move.before.quadrant, "—"), names.get(move.after.quadrant, "—")))
    caption = arg(SnapshotReport.tr("%1 more changed quadrant; the Customers screen lists them "
                                    "all."),
                  i18n.integer(len(changed) - MAX_MOVES)) if len(changed) > MAX_MOVES else ""
    out.append(Paragraph(text=SnapshotReport.tr("%Ln customer(s) changed quadrant.", "",
                                                len(changed)), keep_with_next=True))
    out.append(Table(columns=(Column(SnapshotReport.tr("Customer"), 0.4),
                              Column(SnapshotReport.tr("From"), 0.3),
                              Column(SnapshotReport.tr("To"), 0.3)),
                     rows=rows, space_before=4, caption=caption))
    return out
