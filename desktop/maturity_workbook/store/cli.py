"""Workbook sub-commands: new, summary, export, import. They need no display.

Each reports failure as one line (via CommandError) and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from maturity_workbook.commands import EXIT_OK, CommandError, register
from maturity_workbook.paths import WORKBOOK_SUFFIX
from maturity_workbook.store.errors import WorkbookError


def _workbook_path(text: str) -> Path:
    path = Path(text)
    return path if path.suffix else path.with_suffix(WORKBOOK_SUFFIX)


def _open(path: Path, read_only: bool = True, wait: float = 0):
    from maturity_workbook.store.workbook_store import WorkbookStore

    try:
        return WorkbookStore.open(path, read_only=read_only, wait=wait)
    except WorkbookError as exc:
        raise CommandError(str(exc)) from None


def not_writable(path: Path, store, waited: float) -> CommandError:
    """Why the command cannot change the workbook, in command-line words."""
    from maturity_workbook.store.workbook_store import ReadOnlyCause

    cause = store.read_only_cause
    if cause is ReadOnlyCause.LOCKED:
        hint = f" after waiting {waited:g} s" if waited else "; retry with --wait SECONDS"
        return CommandError(f"{path} is open in another Maturity Workbook window or program"
                            f"{hint}; nothing was changed")
    if cause is ReadOnlyCause.FILE_READ_ONLY:
        return CommandError(f"{path} is read-only (its permissions forbid changes); nothing "
                            "was changed")
    if cause is ReadOnlyCause.FOLDER_READ_ONLY:
        return CommandError(f"the folder of {path} cannot be written; nothing was changed")
    if cause is ReadOnlyCause.HARD_LINKS:
        return CommandError(f"{path} has other hard links, which a save would separate from "
                            "it (see docs/reliability.md); copy it to a file of its own; "
                            "nothing was changed")
    if cause is ReadOnlyCause.LOCK_UNAVAILABLE:
        return CommandError(f"cannot lock {path} for writing ({store.read_only_reason}); "
                            "nothing was changed")
    return CommandError(f"cannot change {path}: {store.read_only_reason}")


def add_wait_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                        help="when another window or program has the workbook open, wait up to "
                             "this long for it to close (default: do not wait)")


def _catalog():
    from maturity_workbook.paths import load_catalog

    try:
        return load_catalog()
    except Exception as exc:  # a broken bundled framework is a bug, but say it in one line
        raise CommandError(f"could not load the frameworks: {exc}".splitlines()[0]) from None


# ------------------------------------------------------------------------------------- new


def cmd_new(args: argparse.Namespace) -> int:
    from maturity_workbook.store.workbook_store import WorkbookStore

    path = _workbook_path(args.path)
    try:
        store = WorkbookStore.create(path, args.name)
        store.close()
    except WorkbookError as exc:
        raise CommandError(str(exc)) from None
    print(f"created {path}")
    return EXIT_OK


def configure_new(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help=f"the new workbook file ({WORKBOOK_SUFFIX} is added when "
                                     "the name has no extension)")
    parser.add_argument("--name", required=True, help="the program or client it is about")


# --------------------------------------------------------------------------------- summary


def pick_assessment(wb, wanted: str | None):
    if wanted:
        a = wb.find_assessment(wanted)
        if a is None:
            known = ", ".join(f"{x.id[:8]} ({x.title}, {x.date})"
                              for x in wb.ordered_assessments()) or "none"
            raise CommandError(f"no assessment {wanted!r} in this workbook (or the prefix is "
                               f"not unique); assessments: {known}")
        return a
    a = wb.latest(final_only=True)
    if a is None:
        drafts = ", ".join(f"{x.id[:8]} ({x.title})" for x in wb.ordered_assessments())
        raise CommandError("this workbook has no final assessment yet"
                           + (f"; name a draft with --assessment ID: {drafts}" if drafts
                              else "; start one in the app"))
    return a


def framework_for(catalog, a, warn=True):
    from maturity_workbook.paths import user_frameworks_dir

    framework = catalog.get(a.framework_id, a.framework_version)
    if framework is None:
        raise CommandError(f"assessment '{a.title}' uses framework {a.framework_id} "
                           f"{a.framework_version}, which this app does not know; put its "
                           f"file in {user_frameworks_dir()} and try again")
    if framework.version != a.framework_version and warn:
        print(f"warning: '{a.title}' was made with {a.framework_id} {a.framework_version}; "
              f"scored with version {framework.version}, the one this app has",
              file=sys.stderr)
    return framework


def cmd_summary(args: argparse.Namespace) -> int:
    from maturity_workbook.store.plan_export import plan_summary, with_plan_text
    from maturity_workbook.store.summary import summary_data, summary_text  # core.advice

    store = _open(Path(args.path))
    try:
        wb = store.workbook
        a = pick_assessment(wb, args.assessment)
        catalog = _catalog()
        framework = framework_for(catalog, a)
        data = summary_data(wb, a, framework, catalog)
        data.update(plan_summary(wb, a, framework))  # "goal" and "actions"
    finally:
        store.close()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(with_plan_text(summary_text(data), data))
    return EXIT_OK


def configure_summary(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="the workbook file")
    parser.add_argument("--assessment", metavar="ID",
                        help="an assessment id (or a unique prefix); default: the latest final")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


# ---------------------------------------------------------------------------------- export


def cmd_export(args: argparse.Namespace) -> int:
    from maturity_workbook.store.export import csv_paths, export_csv, export_json

    source = Path(args.path)
    out = Path(args.output)
    store = _open(source)
    try:
        if args.format == "json":
            targets = [out]
        else:
            targets = list(csv_paths(out, source.stem))
        for target in targets:
            if target.suffix.lower() == WORKBOOK_SUFFIX or (
                    target.exists() and target.resolve() == store.path.resolve()):
                raise CommandError(f"refusing to write the export over {target}; choose an "
                                   f"output name that does not end in {WORKBOOK_SUFFIX}")
        assessment_id = None
        if args.assessment:
            assessment_id = pick_assessment(store.workbook, args.assessment).id
        try:
            if args.format == "json":
                written = [export_json(store.document(), out, assessment_id)]
                warnings = []
            else:
                if assessment_id is not None:
                    raise CommandError("--assessment works with --format json only")
                written, warnings = export_csv(store.workbook, out, _catalog(), source.stem)
        except WorkbookError as exc:
            raise CommandError(str(exc)) from None
    finally:
        store.close()
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for path in written:
        print(f"wrote {path}")
    return EXIT_OK


def configure_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="the workbook file")
    parser.add_argument("--format", choices=("json", "csv"), required=True,
                        help="json: the interchange file (import reads it back); csv: "
                             "OUT-ratings.csv, OUT-scores.csv, OUT-actions.csv and "
                             "OUT-metrics.csv for spreadsheets")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="where to write")
    parser.add_argument("--assessment", metavar="ID", help="json only: export one assessment")


# ---------------------------------------------------------------------------------- import


def _counts(counts: dict[str, int]) -> str:
    names = {"participants": "participant", "assessments": "assessment", "entries": "entry",
             "targets": "target", "workbook": "workbook setting", "conflicts": "conflict record",
             "goals": "goal", "actions": "action", "customers": "customer",
             "customer_scorings": "customer scoring", "portfolio": "portfolio setting"}
    parts = []
    for table, n in sorted(counts.items()):
        word = names.get(table, table)
        if n != 1:
            word = word[:-1] + "ies" if word.endswith("y") else word + "s"
        parts.append(f"{n} {word}")
    return ", ".join(parts)


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.path)
    store = _open(path, read_only=False, wait=args.wait)
    try:
        if store.read_only:
            raise not_writable(path, store, args.wait)
        try:
            report = store.import_sources([Path(s) for s in args.sources], catalog=_catalog())
        except WorkbookError as exc:
            raise CommandError(str(exc)) from None
        try:
            store.close()
        except WorkbookError as exc:
            raise CommandError(str(exc)) from None
    finally:
        if not store.closed:
            store.close(discard=True)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    names = ", ".join(p.name for p in report.sources)
    if not report.changed_anything:
        print(f"nothing new in {names}: {path.name} already has all of it")
        return EXIT_OK
    print(f"imported {names} into {path.name}")
    if report.backup:
        print(f"  backup of the workbook before the import: {report.backup}")
    for label, counts in (("added", report.added), ("updated", report.changed),
                          ("removed", report.removed)):
        if counts:
            print(f"  {label}: {_counts(counts)}")
    if report.conflicts:
        print(f"  conflicts: {len(report.conflicts)} (the later edit was kept; the other value "
              "is kept in the workbook's conflicts table)")
        for line in report.conflicts:
            print(f"    - {line}")
    return EXIT_OK


def configure_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="the workbook to merge into (backed up first)")
    parser.add_argument("sources", nargs="+", metavar="SOURCE",
                        help="workbook files or JSON interchange files; only read")
    add_wait_option(parser)


register("new", "create an empty workbook file", cmd_new, configure_new)
register("summary", "scores, stages, bottleneck and next steps of an assessment", cmd_summary,
         configure_summary)
register("export", "export a workbook as JSON (interchange) or CSV", cmd_export,
         configure_export)
register("import", "merge workbooks or interchange files into a workbook", cmd_import,
         configure_import)
