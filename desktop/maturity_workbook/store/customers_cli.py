"""The `customers` sub-commands: template, import, list, export-tags (docs/cmi-format.md).

    maturity-workbook customers template WORKBOOK -o FILE.csv
    maturity-workbook customers import WORKBOOK FILE.csv [--wait SECONDS]
    maturity-workbook customers list WORKBOOK [--json] [--on YYYY-MM-DD]
    maturity-workbook customers export-tags WORKBOOK --format intercom|hubspot|csv -o OUT.csv
                                            [--per-tag] [--on YYYY-MM-DD]

An import is all or nothing: a file with any bad row exits 2, prints every problem as
`FILE:LINE: message` and changes nothing. Other failures are one line and exit 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from maturity_workbook.commands import EXIT_INVALID, EXIT_OK, CommandError, register
from maturity_workbook.paths import WORKBOOK_SUFFIX
from maturity_workbook.store.errors import WorkbookError

SKIP_REASONS = {"no-email": "without an email", "not-placed": "not placed (no complete "
                "scoring)", "duplicate-email": "sharing an email with an earlier customer"}
MAX_LISTED = 10


def _workbook_path(text: str) -> Path:
    path = Path(text)
    return path if path.suffix else path.with_suffix(WORKBOOK_SUFFIX)


def _open(path: Path, read_only: bool = True, wait: float = 0):
    from maturity_workbook.store.workbook_store import WorkbookStore

    try:
        return WorkbookStore.open(path, read_only=read_only, wait=wait)
    except WorkbookError as exc:
        raise CommandError(str(exc)) from None


def _catalog():
    from maturity_workbook.paths import load_cmi_catalog

    try:
        catalog = load_cmi_catalog()
    except Exception as exc:  # a broken bundled model is a bug, but say it in one line
        raise CommandError(f"could not load the CMI models: {exc}".splitlines()[0]) from None
    for broken in catalog.broken:
        first = broken.problems[0]
        print(f"warning: skipped CMI model {first.path}: {first.message}", file=sys.stderr)
    return catalog


def workbook_model(wb, catalog):
    """The workbook's CMI model and thresholds, or a CommandError saying where the file goes."""
    from maturity_workbook.core.customers import model_id_of, model_of, thresholds_of
    from maturity_workbook.paths import user_cmi_dir

    model = model_of(wb, catalog)
    if model is None:
        raise CommandError(f"this workbook uses the CMI model {model_id_of(wb)!r}, which this "
                           f"app does not know; put its file in {user_cmi_dir()} and try again")
    return model, thresholds_of(wb, model)


def _output(text: str, workbook: Path) -> Path:
    out = Path(text)
    if out.suffix.lower() == WORKBOOK_SUFFIX or (out.exists() and out.resolve()
                                                  == workbook.resolve()):
        raise CommandError(f"refusing to write over {out}; choose an output name that does not "
                           f"end in {WORKBOOK_SUFFIX}")
    return out


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--on {text!r} is not a date; write it as YYYY-MM-DD") from None


# ----------------------------------------------------------------------------------- template


def cmd_template(args: argparse.Namespace) -> int:
    from maturity_workbook.store.customers_csv import write_template

    path = _workbook_path(args.workbook)
    out = _output(args.output, path)
    catalog = _catalog()
    store = _open(path)
    try:
        model, _ = workbook_model(store.workbook, catalog)
    finally:
        store.close()
    try:
        write_template(model, out)
    except OSError as exc:
        raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from None
    print(f"wrote {out} (the columns of CMI model {model.id} {model.version})")
    return EXIT_OK


# ------------------------------------------------------------------------------------- import


def cmd_import(args: argparse.Namespace) -> int:
    from maturity_workbook.core.errors import OperationError
    from maturity_workbook.core.ops.customer_ops import ImportCustomers, summarize_import
    from maturity_workbook.store.backups import make_backup
    from maturity_workbook.store.customers_csv import CustomerCsvError, read_customers_csv

    path = _workbook_path(args.workbook)
    catalog = _catalog()
    store = _open(path, read_only=False, wait=args.wait)
    try:
        model, _ = workbook_model(store.workbook, catalog)
        try:
            parsed = read_customers_csv(args.csv, model, label=args.csv)
        except CustomerCsvError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            print(f"nothing was imported: {len(exc.problems)} problem(s) in {args.csv}",
                  file=sys.stderr)
            return EXIT_INVALID
        if store.read_only:
            from maturity_workbook.store.cli import not_writable

            raise not_writable(path, store, args.wait)
        summary = summarize_import(store.workbook, parsed.updates)
        try:
            backup = make_backup(store.path, "before-customers-import", store.snapshot_bytes())
            applied = store.apply(ImportCustomers(parsed.updates))
            store.close()
        except (WorkbookError, OperationError) as exc:
            raise CommandError(f"{exc}; nothing was imported") from None
    finally:
        if not store.closed:
            store.close(discard=True)
    if applied is None:
        print(f"nothing new in {args.csv}: {path.name} already has all of it")
        return EXIT_OK
    print(f"imported {args.csv} into {path.name}: {len(summary.added)} customer(s) added, "
          f"{len(summary.updated)} updated; {summary.new_scorings} scoring(s) added, "
          f"{summary.replaced_scorings} replaced")
    if backup:
        print(f"  backup of the workbook before the import: {backup}")
    return EXIT_OK


# --------------------------------------------------------------------------------------- list


def customer_rows(wb, model, thresholds, on: date | None = None) -> list[dict]:
    """Each customer with its placement on `on` (default: its latest scoring), as plain data."""
    from maturity_workbook.core.customers import customers_of
    from maturity_workbook.core.portfolio import place

    rows = []
    for customer in customers_of(wb):
        scoring = customer.scoring_on(on)
        placement = place(model, customer.id, scoring, thresholds) if scoring else None
        rows.append({
            "id": customer.id, "name": customer.name, "email": customer.email,
            "owner": customer.owner, "scored": scoring.day.isoformat() if scoring else None,
            "cmi": placement.cmi if placement else None,
            "health": placement.health if placement else None,
            "quadrant": placement.quadrant if placement else None,
            "track": placement.track if placement else None,
            "tags": list(placement.tags) if placement else [],
        })
    return rows


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def cmd_list(args: argparse.Namespace) -> int:
    path = _workbook_path(args.workbook)
    on = _day(args.on)
    catalog = _catalog()
    store = _open(path)
    try:
        model, thresholds = workbook_model(store.workbook, catalog)
        rows = customer_rows(store.workbook, model, thresholds, on)
    finally:
        store.close()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    columns = ("id", "name", "cmi", "health", "quadrant", "track", "tags")
    table = [columns] + [tuple(_cell(r[c]) if c != "tags" else ";".join(r["tags"]) or "-"
                               for c in columns) for r in rows]
    widths = [min(max(len(line[i]) for line in table), 40) for i in range(len(columns) - 1)]
    for line in table:
        print("  ".join(cell[:40].ljust(width) for cell, width in zip(line, widths))
              + "  " + line[-1])
    placed = sum(1 for r in rows if r["quadrant"])
    print(f"{len(rows)} customer(s), {placed} placed; CMI model {model.id} {model.version}, "
          f"thresholds CMI {thresholds.cmi:g} and health {thresholds.health:g}")
    return EXIT_OK


# -------------------------------------------------------------------------------- export-tags


def cmd_export_tags(args: argparse.Namespace) -> int:
    from maturity_workbook.core.customers import customers_of
    from maturity_workbook.store.tag_export import export_tags

    path = _workbook_path(args.workbook)
    out = _output(args.output, path)
    on = _day(args.on)
    if args.per_tag and args.format != "intercom":
        raise CommandError("--per-tag works with --format intercom only")
    catalog = _catalog()
    store = _open(path)
    try:
        model, thresholds = workbook_model(store.workbook, catalog)
        customers = customers_of(store.workbook)
    finally:
        store.close()
    try:
        result = export_tags(model, customers, args.format, out, per_tag=args.per_tag, on=on,
                             thresholds=thresholds)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"cannot write {exc.filename or out}: {exc.strerror or exc}"
                           ) from None
    for written in result.paths:
        print(f"wrote {written}")
    print(f"{result.rows} customer(s) exported as {args.format}")
    if result.skipped:
        for line in skipped_lines(result.skipped):
            print(line, file=sys.stderr)
    return EXIT_OK


def skipped_lines(skipped) -> list[str]:
    """'skipped 3 customer(s): 2 without an email (a, b), 1 not placed (c)'"""
    by_reason: dict[str, list[str]] = {}
    for customer_id, reason in skipped:
        by_reason.setdefault(reason, []).append(customer_id)
    lines = [f"skipped {len(skipped)} customer(s):"]
    for reason, ids in by_reason.items():
        shown = ", ".join(ids[:MAX_LISTED]) + (f", … ({len(ids) - MAX_LISTED} more)"
                                               if len(ids) > MAX_LISTED else "")
        lines.append(f"  {len(ids)} {SKIP_REASONS.get(reason, reason)}: {shown}")
    return lines


# ---------------------------------------------------------------------------------- the parser


def configure(parser: argparse.ArgumentParser) -> None:
    from maturity_workbook.store.cli import add_wait_option

    sub = parser.add_subparsers(dest="customers_command", metavar="ACTION", required=True)
    template = sub.add_parser("template", help="write the CSV header to fill in: id, name, "
                                               "email, health, one column per qualifier, owner")
    template.add_argument("workbook", help="the workbook (its CMI model decides the columns)")
    template.add_argument("-o", "--output", required=True, metavar="FILE.csv")
    template.set_defaults(customers_run=cmd_template)

    imports = sub.add_parser("import", help="add or update customers by id from a CSV; all or "
                                            "nothing (exit 2 and every problem on a bad file)")
    imports.add_argument("workbook", help="the workbook to import into (backed up first)")
    imports.add_argument("csv", metavar="FILE.csv", help="UTF-8 (with or without a BOM), "
                                                         "commas or semicolons")
    add_wait_option(imports)
    imports.set_defaults(customers_run=cmd_import)

    listing = sub.add_parser("list", help="each customer: id, name, cmi, health, quadrant, "
                                          "track, tags")
    listing.add_argument("workbook")
    listing.add_argument("--json", action="store_true", help="print one JSON list")
    listing.add_argument("--on", metavar="YYYY-MM-DD",
                         help="as the customers stood on this day (default: latest scorings)")
    listing.set_defaults(customers_run=cmd_list)

    export = sub.add_parser("export-tags", help="segment tags for a messaging tool")
    export.add_argument("workbook")
    export.add_argument("--format", choices=("intercom", "hubspot", "csv"), required=True,
                        help="intercom: a user import with the tags as attributes; hubspot: a "
                             "contact import keyed by email; csv: id, email, quadrant, track, "
                             "tags")
    export.add_argument("-o", "--output", required=True, metavar="OUT.csv")
    export.add_argument("--per-tag", action="store_true",
                        help="intercom: one file per tag, OUT-<tag>.csv (user_id, email, name), "
                             "instead of one file with a column per tag")
    export.add_argument("--on", metavar="YYYY-MM-DD",
                        help="as the customers stood on this day (default: latest scorings)")
    export.set_defaults(customers_run=cmd_export_tags)


def run(args: argparse.Namespace) -> int:
    return args.customers_run(args)


register("customers", "customers on the CMI x health matrix: CSV template and import, list, "
         "segment tags for Intercom or HubSpot", run, configure)
