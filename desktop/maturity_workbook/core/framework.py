"""Framework files: the maturity model a team rates itself against.

A framework is loaded from YAML with the safe loader (nothing in a file is executed) and validated
with every problem located by line, so a user who writes their own file is told where and how to
fix it. The format is described in docs/framework-format.md; the objects live in
core.framework_model and the checks in core.framework_rules (both re-exported here).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import yaml

from maturity_workbook.core import safe_yaml
from maturity_workbook.core.framework_model import (  # noqa: F401  (the public names)
    Attribution, Cohort, Dimension, Discipline, Framework, FrameworkError, Item, Job, Problem,
    Stage,
)
from maturity_workbook.core.framework_rules import (  # noqa: F401
    FORMAT_VERSION, SLUG, FrameworkValidator,
)
from maturity_workbook.core.safe_read import read_regular

MAX_FILE_BYTES = 2_000_000


# ------------------------------------------------------------------------------ YAML with lines


class _Located:
    """Parsed YAML plus the line of every value, addressed by its path of keys and indexes."""

    def __init__(self, text: str):
        loader, node = safe_yaml.compose(text)  # limits checked before objects are built
        try:
            self.lines: dict[tuple, int] = {}
            self.duplicates: list[tuple[tuple, Any, int]] = []
            self.data = None
            if node is not None:
                self.data = loader.construct_document(node)
                self._walk(loader, node, ())
        finally:
            loader.dispose()

    def _walk(self, loader, node: yaml.Node, path: tuple) -> None:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            seen: set = set()
            for key_node, value_node in node.value:
                try:
                    key = loader.construct_object(key_node, deep=True)
                    hash(key)
                except Exception:  # an unhashable key is reported by the constructor already
                    continue
                if key in seen:
                    self.duplicates.append((path, key, key_node.start_mark.line + 1))
                seen.add(key)
                self._walk(loader, value_node, path + (key,))
        elif isinstance(node, yaml.SequenceNode):
            for index, child in enumerate(node.value):
                self._walk(loader, child, path + (index,))

    def line(self, path: tuple) -> int:
        """The line of the value at path, or of its nearest parent that exists."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


# ---------------------------------------------------------------------------------- public API


def parse_framework(text: str, path_label: str = "<framework>") -> Framework:
    """Validate YAML text and build a Framework; raises FrameworkError listing every problem."""
    try:
        located = _Located(text)
    except safe_yaml.YAMLLimitError as exc:
        raise FrameworkError([Problem(path_label, exc.line, exc.reason)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        reason = exc.problem or exc.context or "the YAML cannot be read"
        raise FrameworkError([Problem(
            path_label, line,
            f"YAML syntax error: {reason}; check indentation, colons and quotes on this line",
        )]) from None
    except yaml.YAMLError as exc:
        raise FrameworkError([Problem(path_label, 1, f"not valid YAML: {exc}")]) from None
    except RecursionError:
        raise FrameworkError([Problem(path_label, 1, "the YAML nests too deeply to be a "
                                                     "framework")]) from None
    validator = FrameworkValidator(located, path_label)
    framework = validator.framework(path_label)
    if validator.problems or framework is None:
        problems = validator.problems or [Problem(path_label, 1, "the framework is incomplete")]
        raise FrameworkError(sorted(problems, key=lambda p: p.line))
    return framework


def load_framework(path: str | Path) -> Framework:
    """Read and validate a framework file; errors name the file and line."""
    path = Path(path)
    label = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FrameworkError([Problem(label, 1, f"the file is {size:,} bytes; a framework "
                                                    f"file is at most {MAX_FILE_BYTES:,}")])
        raw = read_regular(path, MAX_FILE_BYTES)  # no FIFO, device or folder; capped
    except OSError as exc:
        raise FrameworkError([Problem(label, 1, f"cannot read the file: {exc.strerror or exc}")]) \
            from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw:
        raise FrameworkError([Problem(label, 1, "this is a binary file, not a YAML framework "
                                                "file; choose a .yaml file")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FrameworkError([Problem(label, line, "the file is not UTF-8 text; save it as "
                                                   "UTF-8")]) from None
    return parse_framework(text, label)


def summarize(framework: Framework) -> str:
    """The one-line summary `validate-framework` prints for a valid file."""
    n_items = len(framework.items)
    extras = ""
    if framework.jobs:
        extras += f", {len(framework.jobs)} jobs"
    if framework.has_shares:
        extras += ", cohort shares per stage"
    return (f"{framework.id} {framework.version}: {framework.title} — {len(framework.stages)} "
            f"stages, {len(framework.dimensions)} dimensions, {n_items} items, "
            f"{len(framework.disciplines)} disciplines{extras}")


def iter_framework_files(folders: Iterable[Path]) -> Iterable[Path]:
    for folder in folders:
        if folder.is_dir():
            yield from sorted(p for p in folder.iterdir()
                              if p.suffix.lower() in (".yaml", ".yml") and p.is_file())
