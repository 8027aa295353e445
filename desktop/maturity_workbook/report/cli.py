"""`maturity-workbook export-pdf WORKBOOK [--assessment ID] [--paper A4|Letter] [--no-detail]
[--anonymize] [--actions-by function|phase] -o OUT.pdf`.

Works without a display (Qt's offscreen platform is chosen when there is none). The workbook is
opened read-only and never written; the PDF is written atomically, so a failure leaves no
half-written file. Every failure is one line on stderr and a non-zero exit status; a script that
no installed font can draw is a warning on stderr (the PDF is still written).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from maturity_workbook.commands import EXIT_OK, CommandError, register


def _paper(text: str) -> str:
    from maturity_workbook.report.pdf import check_paper

    try:
        return check_paper(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workbook", type=Path, help="the workbook file (.mwb)")
    parser.add_argument("--assessment", metavar="ID",
                        help="the assessment's id or a unique start of it (default: the latest "
                             "final assessment)")
    parser.add_argument("--paper", type=_paper, metavar="A4|Letter",
                        help="paper size (default: Letter in the US and Canada, else A4, from the "
                             "system locale)")
    parser.add_argument("--no-detail", action="store_true",
                        help="leave out the item detail (each item's ratings, notes, evidence)")
    parser.add_argument("--anonymize", action="store_true",
                        help="show participants as P1, P2... instead of their names")
    parser.add_argument("--actions-by", choices=("function", "phase"), default="function",
                        help="group the action plan by the function each action moves "
                             "(default) or by roadmap phase")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf",
                        help="the PDF file to write (replaced if it exists)")


def run(args: argparse.Namespace) -> int:
    from maturity_workbook.paths import load_catalog, user_frameworks_dir
    from maturity_workbook.report.content import SnapshotError, choose_assessment
    from maturity_workbook.store import WorkbookError, WorkbookStore
    from maturity_workbook.store.atomic import describe_os_error

    output: Path = args.output
    if output.is_dir():
        raise CommandError(f"{output} is a folder; give the PDF file's name, e.g. "
                           f"{output / 'snapshot.pdf'}")
    if not output.parent.exists():
        raise CommandError(f"cannot write {output}: the folder {output.parent} does not exist")
    if output.exists() and args.workbook.exists() and output.samefile(args.workbook):
        raise CommandError("the output would overwrite the workbook; choose another file name")

    try:
        store = WorkbookStore.open(args.workbook, read_only=True)
    except WorkbookError as exc:
        raise CommandError(str(exc)) from None
    try:
        workbook = store.workbook
        try:
            assessment = choose_assessment(workbook, args.assessment)
        except SnapshotError as exc:
            raise CommandError(str(exc)) from None
        try:
            catalog = load_catalog()
        except Exception as exc:  # noqa: BLE001 - a broken bundled file: still one line
            raise CommandError(f"could not load the frameworks: {exc}".splitlines()[0]) from None
        framework = catalog.get(assessment.framework_id, assessment.framework_version)
        if framework is None:
            raise CommandError(
                f"assessment {assessment.title!r} uses the framework "
                f"{assessment.framework_id!r} (version {assessment.framework_version}), which "
                f"this app does not know; put its file in {user_frameworks_dir()}")

        from maturity_workbook.report import snapshot_report
        from maturity_workbook.report.content import SnapshotOptions
        from maturity_workbook.report.pdf import default_paper, ensure_app, write_pdf
        from maturity_workbook.report.text import missing_font_messages

        ensure_app()
        paper = args.paper or default_paper()
        options = SnapshotOptions(include_detail=not args.no_detail, anonymize=args.anonymize,
                                  actions_by=args.actions_by)
        try:
            report = snapshot_report(workbook, framework, assessment, options=options,
                                     catalog=catalog)
        except SnapshotError as exc:
            raise CommandError(str(exc)) from None
        try:
            pages = write_pdf(report, output, paper)
        except OSError as exc:
            raise CommandError(f"cannot write {output}: {describe_os_error(exc)}") from None
    finally:
        store.close()
    for message in missing_font_messages(report.missing_fonts):
        print(f"maturity-workbook: warning: {message}", file=sys.stderr)
    print(f"wrote {output} ({pages} {'page' if pages == 1 else 'pages'}, {paper}): "
          f"{assessment.title}, {assessment.date}")
    return EXIT_OK


register("export-pdf", "write the PDF snapshot of an assessment (default: the latest final one)",
         run, configure)
