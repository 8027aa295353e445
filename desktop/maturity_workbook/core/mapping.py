"""Mapping files: what became of each item of one framework version in the next.

A new version of a framework ships with a mapping from the version before, as data (YAML, loaded
safely): each old item is kept, renamed, split into several, merged with others into one, or
removed, and each new item is listed as new. With it, an assessment made with the old version can
seed one made with the new version (core/migration.py), and two assessments made with different
versions can be compared per function, with a note where their items differ.

Errors are located like framework errors (`PATH:LINE: what is wrong and how to fix it`); the format
is in docs/framework-format.md ("Mapping files").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml

from maturity_workbook.core import safe_yaml
from maturity_workbook.core.framework import (
    SLUG, Framework, FrameworkError, Problem, _Located,
)

FORMAT_VERSION = 1
MAX_FILE_BYTES = 1_000_000

KEPT, RENAMED, SPLIT, MERGED, NEW, REMOVED = "kept", "renamed", "split", "merged", "new", "removed"
CHANGES = (KEPT, RENAMED, SPLIT, MERGED, NEW, REMOVED)
# Whether an old rating is copied to the new item unless the entry says otherwise: the same
# practice carries over; a split or merged practice has to be rated afresh.
CARRY_BY_DEFAULT = {KEPT: True, RENAMED: True, SPLIT: False, MERGED: False, NEW: False,
                    REMOVED: False}

_TOP_KEYS = {"format": True, "framework": True, "from": True, "to": True, "note": False,
             "items": True}
_ENTRY_KEYS = {"change": True, "from": False, "to": False, "carry": False, "note": False}


class MappingError(FrameworkError):
    """A mapping file that cannot be used; every problem with its line."""


@dataclass(frozen=True)
class MappingEntry:
    change: str  # one of CHANGES
    sources: tuple[str, ...]  # item ids in the old version (empty for new)
    targets: tuple[str, ...]  # item ids in the new version (empty for removed)
    carry: bool  # copy an old rating to the new item(s) when starting from an old assessment
    note: str = ""
    line: int = 0  # where the entry starts, for located messages
    source_line: int = 0  # the line of `from:`, else the entry's
    target_line: int = 0  # the line of `to:`, else the entry's


@dataclass(frozen=True)
class FrameworkMapping:
    framework_id: str
    from_version: str
    to_version: str
    entries: tuple[MappingEntry, ...]
    note: str = ""
    source_path: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.framework_id, self.from_version, self.to_version)

    def for_target(self, item_id: str) -> MappingEntry | None:
        """The entry that produced a new-version item."""
        return next((e for e in self.entries if item_id in e.targets), None)

    def for_source(self, item_id: str) -> MappingEntry | None:
        """The entry that says what became of an old-version item."""
        return next((e for e in self.entries if item_id in e.sources), None)

    def inverted(self) -> "FrameworkMapping":
        """The same mapping read backwards (to_version -> from_version), for comparing a newer
        version's assessment with a later one made with the older version: kept and renamed
        items stay pairs, a split reads as a merge, new items as removed ones. Ratings are
        never carried backwards."""
        back = {SPLIT: MERGED, MERGED: SPLIT, NEW: REMOVED, REMOVED: NEW}
        entries = tuple(MappingEntry(back.get(e.change, e.change), e.targets, e.sources, False,
                                     e.note, e.line, e.target_line, e.source_line)
                        for e in self.entries)
        return FrameworkMapping(self.framework_id, self.to_version, self.from_version, entries,
                                self.note, self.source_path)

    def counts(self) -> dict[str, int]:
        """How many entries of each kind of change, for summaries."""
        return {change: sum(1 for e in self.entries if e.change == change) for change in CHANGES}


# ----------------------------------------------------------------------------------- validation


def _where(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the top level"


class _Checker:
    def __init__(self, located: _Located, label: str):
        self.doc = located
        self.label = label
        self.problems: list[Problem] = []

    def fail(self, path: tuple, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.label, line or self.doc.line(path), message))

    def keys(self, value: dict, path: tuple, allowed: dict[str, bool], what: str) -> None:
        for key in value:
            if key not in allowed:
                self.fail(path + (key,), f"unknown key {key!r} in {_where(path)}; expected one "
                                         f"of: {', '.join(allowed)} (check the spelling)")
        for key, required in allowed.items():
            if required and key not in value:
                self.fail(path, f"{_where(path)} is missing {key!r}; add `{key}: ...` to {what}")

    def text(self, value: dict, key: str, path: tuple) -> str | None:
        if key not in value:
            return None
        raw = value[key]
        if isinstance(raw, str) and raw.strip():
            return raw.strip()
        hint = ' (put it in quotes: "2.0")' if isinstance(raw, (int, float)) \
            and not isinstance(raw, bool) else ""
        self.fail(path + (key,), f"{_where(path + (key,))} should be text{hint}")
        return None

    def ids(self, value: dict, key: str, path: tuple) -> tuple[str, ...] | None:
        """One item id, or a list of them; None when absent."""
        if key not in value:
            return None
        raw = value[key]
        items = raw if isinstance(raw, list) else [raw]
        out = []
        for index, entry in enumerate(items):
            here = path + (key, index) if isinstance(raw, list) else path + (key,)
            if not isinstance(entry, str) or not SLUG.match(entry):
                self.fail(here, f"{_where(here)} is {entry!r}; an item id uses lower-case letters, "
                                "digits and '-' only (e.g. content-paths)")
                continue
            out.append(entry)
        return tuple(out)

    def mapping(self) -> FrameworkMapping | None:
        data = self.doc.data
        for parent, key, line in self.doc.duplicates:
            self.fail(parent, f"{key!r} appears twice in {_where(parent)}; keep one", line)
        if not isinstance(data, dict):
            self.fail((), "a mapping file is a YAML mapping with format, framework, from, to and "
                          "items (see docs/framework-format.md)")
            return None
        self.keys(data, (), _TOP_KEYS, "the mapping")
        fmt = data.get("format")
        if "format" in data and fmt != FORMAT_VERSION:
            self.fail(("format",), f"format {fmt!r} is not one this app reads; set "
                                   f"`format: {FORMAT_VERSION}`")
        framework_id = self.text(data, "framework", ())
        if framework_id is not None and not SLUG.match(framework_id):
            self.fail(("framework",), f"framework is {framework_id!r}; use the framework's id")
        old, new = self.text(data, "from", ()), self.text(data, "to", ())
        if old is not None and old == new:
            self.fail(("to",), f"from and to are both {old!r}; a mapping goes from one version "
                               "to another")
        note = self.text(data, "note", ()) or ""
        raw = data.get("items")
        if "items" in data and not isinstance(raw, list):
            self.fail(("items",), "items should be a list of entries, each starting with '-'")
            raw = []
        entries = [e for index, entry in enumerate(raw or ())
                   if (e := self.entry(entry, ("items", index))) is not None]
        self.duplicates(entries)
        if self.problems:
            return None
        return FrameworkMapping(framework_id, old, new, tuple(entries), note, self.label)

    def entry(self, value: Any, path: tuple) -> MappingEntry | None:
        if not isinstance(value, dict):
            self.fail(path, f"{_where(path)} should be an entry such as "
                            "`{change: kept, from: an-item-id}`")
            return None
        self.keys(value, path, _ENTRY_KEYS, "the entry")
        change = value.get("change")
        if "change" in value and change not in CHANGES:
            self.fail(path + ("change",), f"change {change!r} is not one of {', '.join(CHANGES)}")
            return None
        sources = self.ids(value, "from", path)
        targets = self.ids(value, "to", path)
        carry = value.get("carry", CARRY_BY_DEFAULT.get(change, False))
        if not isinstance(carry, bool):
            self.fail(path + ("carry",), f"{_where(path + ('carry',))} should be true or false")
        if change is None:
            return None
        if change == KEPT and targets is None:
            targets = sources
        shape_ok = self.shape(change, sources, targets, path, value)
        if not shape_ok:
            return None
        return MappingEntry(change, sources or (), targets or (), bool(carry),
                            self.text(value, "note", path) or "", self.doc.line(path),
                            self.doc.line(path + ("from",)), self.doc.line(path + ("to",)))

    def shape(self, change: str, sources, targets, path: tuple, value: dict) -> bool:
        """Each kind of change names its items in one way; say which when it does not."""
        need = {
            KEPT: ("one", "one"), RENAMED: ("one", "one"), SPLIT: ("one", "several"),
            MERGED: ("several", "one"), NEW: ("none", "one"), REMOVED: ("one", "none"),
        }[change]
        ok = True
        for key, found, wanted in (("from", sources, need[0]), ("to", targets, need[1])):
            count = 0 if found is None else len(found)
            is_list = isinstance(value.get(key), list)
            if wanted == "none" and found is not None:
                self.fail(path + (key,), f"a {change} item has no {key!r}; remove it")
                ok = False
            elif wanted == "one" and (count != 1 or is_list):
                self.fail(path + (key,) if key in value else path,
                          f"a {change} entry needs `{key}:` with one item id")
                ok = False
            elif wanted == "several" and (count < 2 or not is_list):
                self.fail(path + (key,) if key in value else path,
                          f"a {change} entry needs `{key}:` with a list of two or more item ids")
                ok = False
        if ok and change == KEPT and sources != targets:
            self.fail(path + ("to",), "a kept item keeps its id; use `change: renamed` when the "
                                      "id changes")
            ok = False
        if ok and change == RENAMED and sources == targets:
            self.fail(path + ("to",), "a renamed item gets a new id; use `change: kept` when the "
                                      "id stays")
            ok = False
        return ok

    def duplicates(self, entries: list[MappingEntry]) -> None:
        seen_from: dict[str, int] = {}
        seen_to: dict[str, int] = {}
        for entry in entries:
            for item_id in entry.sources:
                if item_id in seen_from:
                    self.fail((), f"{item_id!r} is mapped twice (also on line "
                                  f"{seen_from[item_id]}); each old item has one entry",
                              entry.line)
                seen_from.setdefault(item_id, entry.line)
            for item_id in entry.targets:
                if item_id in seen_to:
                    self.fail((), f"{item_id!r} is produced twice (also on line "
                                  f"{seen_to[item_id]}); each new item comes from one entry",
                              entry.line)
                seen_to.setdefault(item_id, entry.line)


# ------------------------------------------------------------------------------------ public API


def is_mapping_text(text: str) -> bool:
    """True when YAML text looks like a mapping file rather than a framework (for the CLI)."""
    try:
        data = safe_yaml.safe_load(text)  # bounded: a user's file may be hostile
    except (yaml.YAMLError, RecursionError):
        return False
    return isinstance(data, dict) and "from" in data and "to" in data and "stages" not in data


def parse_mapping(text: str, label: str = "<mapping>") -> FrameworkMapping:
    """Validate YAML text and build a mapping; raises MappingError listing every problem."""
    try:
        located = _Located(text)
    except safe_yaml.YAMLLimitError as exc:
        raise MappingError([Problem(label, exc.line, exc.reason)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise MappingError([Problem(label, mark.line + 1 if mark else 1,
                                    f"YAML syntax error: {exc.problem or exc.context}; check "
                                    "indentation, colons and quotes on this line")]) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise MappingError([Problem(label, 1, f"not valid YAML: {exc}")]) from None
    checker = _Checker(located, label)
    mapping = checker.mapping()
    if checker.problems or mapping is None:
        problems = checker.problems or [Problem(label, 1, "the mapping is incomplete")]
        raise MappingError(sorted(problems, key=lambda p: p.line))
    return mapping


def read_text(path: str | Path) -> str:
    """A mapping file's text; refuses huge, binary or non-UTF-8 files with a located message."""
    path = Path(path)
    label = str(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise MappingError([Problem(label, 1, f"the file is larger than {MAX_FILE_BYTES:,} "
                                                  "bytes; a mapping file is much smaller")])
        raw = path.read_bytes()
    except OSError as exc:
        raise MappingError([Problem(label, 1, f"cannot read the file: {exc.strerror or exc}")]) \
            from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw:
        raise MappingError([Problem(label, 1, "this is a binary file, not a YAML mapping file")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise MappingError([Problem(label, line, "the file is not UTF-8 text; save it as "
                                                 "UTF-8")]) from None


def load_mapping(path: str | Path) -> FrameworkMapping:
    """Read and validate a mapping file (its structure; `check_mapping` checks the item ids)."""
    return parse_mapping(read_text(path), str(path))


def check_mapping(mapping: FrameworkMapping, old: Framework, new: Framework) -> list[Problem]:
    """Problems of a mapping against the two framework versions it connects (empty when it fits).

    Every old item must have exactly one entry and every new item must come from exactly one, so
    nothing an old assessment rated is silently dropped and nothing new goes unmarked.
    """
    label = mapping.source_path or "<mapping>"
    problems: list[Problem] = []

    def fail(line: int, message: str) -> None:
        problems.append(Problem(label, line, message))

    for framework, version in ((old, mapping.from_version), (new, mapping.to_version)):
        if framework.id != mapping.framework_id or framework.version != version:
            fail(1, f"the mapping is for {mapping.framework_id} {version}, but was checked "
                    f"against {framework.id} {framework.version}")
    if problems:
        return problems
    old_items = {item.id for item in old.items}
    new_items = {item.id for item in new.items}
    for entry in mapping.entries:
        for item_id in entry.sources:
            if item_id not in old_items:
                fail(entry.source_line, f"{item_id!r} is not an item of {old.id} {old.version}; check "
                                 "the spelling")
        for item_id in entry.targets:
            if item_id not in new_items:
                fail(entry.target_line, f"{item_id!r} is not an item of {new.id} {new.version}; check "
                                 "the spelling")
    mapped = {i for e in mapping.entries for i in e.sources}
    produced = {i for e in mapping.entries for i in e.targets}
    for item in old.items:
        if item.id not in mapped:
            fail(1, f"{old.version} item {item.id!r} has no entry; add one (e.g. "
                    f"`- {{change: removed, from: {item.id}}}`)")
    for item in new.items:
        if item.id not in produced:
            fail(1, f"{new.version} item {item.id!r} has no entry; add one (e.g. "
                    f"`- {{change: new, to: {item.id}}}`)")
    return problems


def iter_mapping_files(folders: Iterable[Path]) -> Iterable[Path]:
    """Mapping files live in a `mappings` folder beside the framework files."""
    for folder in folders:
        sub = folder / "mappings"
        if sub.is_dir():
            yield from sorted(p for p in sub.iterdir()
                              if p.suffix.lower() in (".yaml", ".yml") and p.is_file())
