"""The command line: `maturity-workbook [FILE]` opens the window; sub-commands work without a display.

Errors exit non-zero with one clear line on stderr; a traceback is a bug.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from maturity_workbook import APP_ID, __version__
from maturity_workbook.commands import (  # noqa: F401 - re-exported for callers
    COMMANDS, EXIT_ERROR, EXIT_INVALID, EXIT_OK, CommandError, register,
)

# ------------------------------------------------------------------------------------ commands


def cmd_frameworks(args: argparse.Namespace) -> int:
    from maturity_workbook.paths import load_catalog

    catalog = load_catalog()
    for framework in catalog:
        origin = catalog.origins[(framework.id, framework.version)]
        print(f"{framework.id}\t{framework.version}\t{framework.title}"
              + ("\t(user)" if origin == "user" else ""))
    for broken in catalog.broken:
        first = broken.problems[0]
        print(f"warning: skipped {first.path}: {first.message}", file=sys.stderr)
    return EXIT_OK


def cmd_validate_framework(args: argparse.Namespace) -> int:
    from maturity_workbook.core.framework import FrameworkError, load_framework, summarize
    from maturity_workbook.core.mapping import MappingError, is_mapping_text, read_text

    try:
        if is_mapping_text(read_text(args.path)):
            return _validate_mapping(args.path)
        framework = load_framework(args.path)
    except (FrameworkError, MappingError) as exc:
        for problem in exc.problems:
            print(problem)
        return EXIT_INVALID
    print(f"{args.path}: valid — {summarize(framework)}")
    return EXIT_OK


def _validate_mapping(path: str) -> int:
    """A mapping file: its structure, then its item ids against the two versions it connects
    (installed frameworks, or framework files next to the mapping's `mappings` folder)."""
    from maturity_workbook.core.framework import FrameworkError, iter_framework_files, \
        load_framework
    from maturity_workbook.core.mapping import CHANGES, check_mapping, load_mapping
    from maturity_workbook.paths import load_catalog

    mapping = load_mapping(path)
    known = {(f.id, f.version): f for f in load_catalog()}
    here = Path(path).resolve().parent
    for candidate in iter_framework_files([here, here.parent]):
        try:
            framework = load_framework(candidate)
        except FrameworkError:
            continue
        known.setdefault((framework.id, framework.version), framework)
    old = known.get((mapping.framework_id, mapping.from_version))
    new = known.get((mapping.framework_id, mapping.to_version))
    counts = mapping.counts()
    summary = (f"mapping {mapping.framework_id} {mapping.from_version} → {mapping.to_version}: "
               + ", ".join(f"{counts[c]} {c}" for c in CHANGES))
    if old is None or new is None:
        missing = mapping.from_version if old is None else mapping.to_version
        print(f"{path}: structure valid — {summary}")
        print(f"warning: {mapping.framework_id} {missing} is not installed, so the item ids were "
              "not checked", file=sys.stderr)
        return EXIT_OK
    problems = check_mapping(mapping, old, new)
    for problem in problems:
        print(problem)
    if problems:
        return EXIT_INVALID
    print(f"{path}: valid — {summary}")
    return EXIT_OK


register("frameworks", "list the frameworks the app knows: id, version, title", cmd_frameworks)
register("validate-framework",
         "check a framework or mapping file; every problem as PATH:LINE: message",
         cmd_validate_framework,
         lambda p: p.add_argument("path", help="the YAML framework file or mapping file"))


# -------------------------------------------------------------------------------------- parsing


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=APP_ID,
        description="Assess a customer-education program's maturity per function. With no "
                    "command, opens the window (optionally on FILE).",
    )
    parser.add_argument("--version", action="version", version=f"{APP_ID} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, configure, run) in COMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        configure(sub_parser)
        sub_parser.set_defaults(run=run)
    return parser


def _load_command_modules() -> None:
    """Sub-commands that live beside their layer register themselves when imported."""
    import importlib

    for module in ("maturity_workbook.store.cli", "maturity_workbook.report.cli",
                   "maturity_workbook.store.customers_cli"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name is None or not module.startswith(exc.name):
                raise  # a real missing dependency, not a layer that has no commands


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _load_command_modules()
    is_gui = not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help",
                                                                      "--version"))
    if is_gui:
        from maturity_workbook.app import main as gui_main

        return gui_main(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except CommandError as exc:
        print(f"{APP_ID}: error: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    # run the imported module's main: sub-commands register on maturity_workbook.cli, which is
    # a different module object from this __main__
    from maturity_workbook.cli import main as package_main

    sys.exit(package_main())
