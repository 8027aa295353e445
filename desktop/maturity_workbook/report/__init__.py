"""The PDF snapshot and printing: one report, painted on Qt's paged paint devices.

- `content` decides what the snapshot says (plain Python over `core.history`) as a `Document`;
- `layout.SnapshotReport` lays that out on any QPagedPaintDevice and paints it: a QPdfWriter for
  Export PDF and `maturity-workbook export-pdf`, a QPrinter for Print and Print Preview;
- `vector` turns the `charts` figures into SVG drawn as vectors;
- `pdf` writes the PDF file atomically and knows the paper sizes;
- `cli` registers the `export-pdf` command.

Importing this package imports neither Qt nor matplotlib; use the functions below.
"""

from __future__ import annotations

from datetime import date


def snapshot_report(workbook, framework, assessment, *, today: date | None = None,
                    options=None, catalog=None):
    """The SnapshotReport of `assessment` (a core Assessment of `workbook`, made with
    `framework`); `options` is a `content.SnapshotOptions` (item detail, anonymized names);
    with `catalog`, assessments made with a mapped version of the framework are compared too."""
    from maturity_workbook.report.content import build_snapshot
    from maturity_workbook.report.layout import SnapshotReport

    return SnapshotReport(build_snapshot(workbook, framework, assessment, today=today,
                                         options=options, catalog=catalog))


def export_pdf(workbook, framework, assessment, path, *, paper: str = "A4",
               today: date | None = None, options=None, catalog=None) -> int:
    """Write the snapshot of `assessment` to `path` (atomically); returns the page count."""
    from maturity_workbook.report.pdf import write_pdf

    return write_pdf(snapshot_report(workbook, framework, assessment, today=today,
                                     options=options, catalog=catalog), path, paper)
