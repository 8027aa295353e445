"""Framework files: the maturity model a team rates itself against.

A framework is loaded from YAML with the safe loader (nothing in a file is executed) and validated
with every problem located by line, so a user who writes their own file is told where and how to
fix it. The format is described in docs/framework-format.md.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

FORMAT_VERSION = 1
MAX_FILE_BYTES = 2_000_000
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


# --------------------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Attribution:
    source: str
    author: str = ""
    year: int | None = None
    url: str = ""
    note: str = ""

    def cite(self) -> str:
        """One line naming the published model, for About boxes and reports."""
        parts = [self.source]
        if self.author:
            parts.append(self.author)
        if self.year:
            parts.append(str(self.year))
        return ", ".join(parts)


@dataclass(frozen=True)
class Stage:
    level: int
    name: str
    summary: str
    share: float | None = None
    imperatives: tuple[str, ...] = ()
    benefit: str = ""
    challenge: str = ""
    phase: str = ""


@dataclass(frozen=True)
class Item:
    id: str
    dimension_id: str
    prompt: str
    help: str
    levels: Mapping[int, str]
    advice: Mapping[int, str]


@dataclass(frozen=True)
class Dimension:
    id: str
    name: str
    summary: str
    items: tuple[Item, ...]
    short: str = ""

    @property
    def label(self) -> str:
        """The short label for charts and tight places."""
        return self.short or self.name


@dataclass(frozen=True)
class Discipline:
    id: str
    name: str
    summary: str
    helps: tuple[str, ...]
    prompts: tuple[str, ...]


@dataclass(frozen=True)
class Framework:
    id: str
    version: str
    title: str
    attribution: Attribution
    stages: tuple[Stage, ...]
    dimensions: tuple[Dimension, ...]
    disciplines: tuple[Discipline, ...] = ()
    description: str = ""
    source_path: str = field(default="", compare=False)

    @property
    def levels(self) -> tuple[int, ...]:
        return tuple(s.level for s in self.stages)

    @property
    def min_level(self) -> int:
        return self.stages[0].level

    @property
    def max_level(self) -> int:
        return self.stages[-1].level

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item, in framework order (dimension by dimension)."""
        return tuple(item for dim in self.dimensions for item in dim.items)

    def stage(self, level: int) -> Stage:
        for stage in self.stages:
            if stage.level == level:
                return stage
        raise KeyError(f"{self.id} has no stage at level {level}")

    def stage_for_score(self, score: float) -> Stage:
        """The stage a score has fully reached (3.9 is still stage 3)."""
        reached = self.stages[0]
        for stage in self.stages:
            if score + 1e-9 >= stage.level:
                reached = stage
        return reached

    def dimension(self, dimension_id: str) -> Dimension:
        for dim in self.dimensions:
            if dim.id == dimension_id:
                return dim
        raise KeyError(f"{self.id} has no dimension {dimension_id!r}")

    def item(self, item_id: str) -> Item:
        for dim in self.dimensions:
            for item in dim.items:
                if item.id == item_id:
                    return item
        raise KeyError(f"{self.id} has no item {item_id!r}")

    def disciplines_for(self, dimension_id: str) -> tuple[Discipline, ...]:
        return tuple(d for d in self.disciplines if dimension_id in d.helps)


# -------------------------------------------------------------------------------------- errors


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class FrameworkError(Exception):
    """A framework file that cannot be used; carries every problem found, each with its line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# ------------------------------------------------------------------------------ YAML with lines


# libyaml's safe loader when PyYAML was built with it: 8x faster, which start-up feels
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Located:
    """Parsed YAML plus the line of every value, addressed by its path of keys and indexes."""

    def __init__(self, text: str):
        loader = _SafeLoader(text)
        try:
            node = loader.get_single_node()
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


# ----------------------------------------------------------------------------------- validation

_TOP_KEYS = {
    "format": True, "id": True, "version": True, "title": True, "description": False,
    "attribution": True, "stages": True, "dimensions": True, "disciplines": False,
}
_ATTRIBUTION_KEYS = {"source": True, "author": False, "year": False, "url": False, "note": False}
_STAGE_KEYS = {
    "level": True, "name": True, "summary": True, "share": False, "imperatives": False,
    "benefit": False, "challenge": False, "phase": False,
}
_DIMENSION_KEYS = {"id": True, "name": True, "short": False, "summary": True, "items": True}
_ITEM_KEYS = {"id": True, "prompt": True, "help": True, "levels": True, "advice": True}
_DISCIPLINE_KEYS = {"id": True, "name": True, "summary": True, "helps": True, "prompts": True}

_TYPE_NAMES = {
    dict: "a mapping (key: value lines)", list: "a list (lines starting with '-')", str: "text",
    int: "a whole number", float: "a number", bool: "true or false", type(None): "nothing",
}


def _describe(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _where(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the top level"


class _Validator:
    def __init__(self, located: _Located, file_label: str):
        self.doc = located
        self.file = file_label
        self.problems: list[Problem] = []
        self.stages_broken = False  # then per-item level checks would only repeat the problem

    def fail(self, path: tuple, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.file, line or self.doc.line(path), message))

    # -- small typed getters: each reports a located problem and returns None when wrong

    def mapping(self, value: Any, path: tuple, keys: Mapping[str, bool], what: str) -> dict | None:
        if not isinstance(value, dict):
            self.fail(path, f"{_where(path)} should be {_describe({})} describing {what}, "
                            f"found {_describe(value)}")
            return None
        for key in value:
            if key not in keys:
                known = ", ".join(keys)
                self.fail(path + (key,), f"unknown key {key!r} in {_where(path)}; "
                                         f"expected one of: {known} (check the spelling)")
        for key, required in keys.items():
            if required and key not in value:
                self.fail(path, f"{_where(path)} is missing {key!r}; add `{key}: ...` to {what}")
        return value

    def text(self, parent: dict, key: str, path: tuple, required: bool = True) -> str | None:
        if key not in parent:
            return None
        value = parent[key]
        if isinstance(value, str) and value.strip():
            return value.strip()
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(path + (key,), f"{_where(path + (key,))} is empty; write the text")
            return None
        hint = ' (put it in quotes: "1.0")' if isinstance(value, (int, float)) else ""
        self.fail(path + (key,), f"{_where(path + (key,))} should be text, found "
                                 f"{_describe(value)}{hint}")
        return None

    def slug(self, parent: dict, key: str, path: tuple) -> str | None:
        value = self.text(parent, key, path)
        if value is not None and not SLUG.match(value):
            self.fail(path + (key,), f"{_where(path + (key,))} is {value!r}; an id uses lower-case "
                                     "letters, digits and '-' only (e.g. content-development)")
            return None
        return value

    def integer(self, parent: dict, key: str, path: tuple) -> int | None:
        if key not in parent:
            return None
        value = parent[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path + (key,), f"{_where(path + (key,))} should be a whole number, "
                                     f"found {_describe(value)}")
            return None
        return value

    def text_list(self, parent: dict, key: str, path: tuple) -> tuple[str, ...]:
        if key not in parent:
            return ()
        value = parent[key]
        if not isinstance(value, list):
            self.fail(path + (key,), f"{_where(path + (key,))} should be a list of text lines "
                                     f"(each starting with '-'), found {_describe(value)}")
            return ()
        out = []
        for index, entry in enumerate(value):
            if isinstance(entry, str) and entry.strip():
                out.append(entry.strip())
            else:
                self.fail(path + (key, index), f"{_where(path + (key, index))} should be text, "
                                               f"found {_describe(entry)}")
        return tuple(out)

    def items_of(self, parent: dict, key: str, path: tuple, what: str) -> list:
        if key not in parent:
            return []
        value = parent[key]
        if not isinstance(value, list):
            self.fail(path + (key,), f"{_where(path + (key,))} should be a list of {what} "
                                     f"(each starting with '-'), found {_describe(value)}")
            return []
        return value

    # -- the sections

    def framework(self, path_label: str) -> Framework | None:
        data = self.doc.data
        for parent, key, line in self.doc.duplicates:
            self.fail(parent, f"{key!r} appears twice in {_where(parent)}; keep one", line)
        if data is None:
            self.fail((), "the file is empty; a framework needs format, id, version, title, "
                          "attribution, stages and dimensions (see docs/framework-format.md)")
            return None
        top = self.mapping(data, (), _TOP_KEYS, "the framework")
        if top is None:
            return None
        fmt = self.integer(top, "format", ())
        if fmt is not None and fmt != FORMAT_VERSION:
            newer = "a newer app" if fmt > FORMAT_VERSION else "an unknown format"
            self.fail(("format",), f"format {fmt} is {newer}; this app reads format "
                                   f"{FORMAT_VERSION} (set `format: {FORMAT_VERSION}`)")
        framework_id = self.slug(top, "id", ())
        version = self.text(top, "version", ())
        title = self.text(top, "title", ())
        description = self.text(top, "description", (), required=False) or ""
        attribution = self.attribution(top)
        stages = self.stages(top)
        levels = tuple(s.level for s in stages) if stages else ()
        dimensions = self.dimensions(top, stages)
        disciplines = self.disciplines(top, {d.id for d in dimensions})
        if self.problems:
            return None
        return Framework(
            id=framework_id, version=version, title=title, attribution=attribution,
            stages=stages, dimensions=dimensions, disciplines=disciplines,
            description=description, source_path=path_label,
        ) if levels else None

    def attribution(self, top: dict) -> Attribution | None:
        if "attribution" not in top:
            return None
        path = ("attribution",)
        value = self.mapping(top["attribution"], path, _ATTRIBUTION_KEYS,
                             "the published model this framework follows")
        if value is None:
            return None
        return Attribution(
            source=self.text(value, "source", path) or "",
            author=self.text(value, "author", path, required=False) or "",
            year=self.integer(value, "year", path),
            url=self.text(value, "url", path, required=False) or "",
            note=self.text(value, "note", path, required=False) or "",
        )

    def stages(self, top: dict) -> tuple[Stage, ...]:
        raw = self.items_of(top, "stages", (), "stages")
        if "stages" in top and isinstance(top["stages"], list) and len(raw) < 2:
            self.fail(("stages",), "a framework needs at least two stages to measure progress; "
                                   "add the missing stages")
        stages: list[Stage] = []
        seen_levels: set[int] = set()
        previous: int | None = None
        for index, entry in enumerate(raw):
            path = ("stages", index)
            value = self.mapping(entry, path, _STAGE_KEYS, "a stage (level, name, summary)")
            if value is None:
                continue
            level = self.integer(value, "level", path)
            name = self.text(value, "name", path)
            summary = self.text(value, "summary", path)
            share = value.get("share")
            if share is not None and (isinstance(share, bool) or not isinstance(share, (int, float))
                                      or not 0 <= share <= 1 or math.isnan(share)):
                self.fail(path + ("share",), f"{_where(path + ('share',))} should be a fraction "
                                             "between 0 and 1 (30% is 0.30)")
                share = None
            if level is None:
                continue
            if level in seen_levels:
                self.fail(path + ("level",), f"stage level {level} appears twice; "
                                             "each stage needs its own level")
                self.stages_broken = True
                continue
            if previous is not None and level != previous + 1:
                self.fail(path + ("level",),
                          f"stage level {level} follows level {previous}; levels must "
                          f"go up by one in order (expected {previous + 1})")
                self.stages_broken = True
            if previous is None and level not in (0, 1):
                self.fail(path + ("level",), f"the first stage has level {level}; "
                                             "start at 0 or 1")
                self.stages_broken = True
            previous = level
            seen_levels.add(level)
            stages.append(Stage(
                level=level, name=name or "", summary=summary or "",
                share=float(share) if share is not None else None,
                imperatives=self.text_list(value, "imperatives", path),
                benefit=self.text(value, "benefit", path, required=False) or "",
                challenge=self.text(value, "challenge", path, required=False) or "",
                phase=self.text(value, "phase", path, required=False) or "",
            ))
        names = [s.name.lower() for s in stages]
        for index, stage in enumerate(stages):
            if stage.name and names.index(stage.name.lower()) != index:
                self.fail(("stages", index, "name"), f"stage name {stage.name!r} is used twice; "
                                                     "give each stage its own name")
        return tuple(stages)

    def dimensions(self, top: dict, stages: tuple[Stage, ...]) -> tuple[Dimension, ...]:
        raw = self.items_of(top, "dimensions", (), "dimensions")
        if "dimensions" in top and isinstance(top["dimensions"], list) and not raw:
            self.fail(("dimensions",), "there are no dimensions; add at least one with its items")
        dims: list[Dimension] = []
        dim_ids: dict[str, int] = {}
        item_ids: dict[str, tuple] = {}
        for index, entry in enumerate(raw):
            path = ("dimensions", index)
            value = self.mapping(entry, path, _DIMENSION_KEYS,
                                 "a dimension (id, name, summary, items)")
            if value is None:
                continue
            dim_id = self.slug(value, "id", path)
            if dim_id is not None:
                if dim_id in dim_ids:
                    self.fail(path + ("id",), f"dimension id {dim_id!r} is already used by "
                                              f"dimensions[{dim_ids[dim_id]}]; ids must be unique")
                dim_ids.setdefault(dim_id, index)
            items_raw = self.items_of(value, "items", path, "items")
            if "items" in value and isinstance(value["items"], list) and not items_raw:
                self.fail(path + ("items",), f"dimension {dim_id or index!s} has no items; "
                                             "add at least one item to rate")
            items: list[Item] = []
            for item_index, item_entry in enumerate(items_raw):
                item = self.item(item_entry, path + ("items", item_index), dim_id or "", stages,
                                 item_ids)
                if item is not None:
                    items.append(item)
            dims.append(Dimension(
                id=dim_id or "", name=self.text(value, "name", path) or "",
                short=self.text(value, "short", path, required=False) or "",
                summary=self.text(value, "summary", path) or "", items=tuple(items),
            ))
        return tuple(dims)

    def item(self, entry: Any, path: tuple, dim_id: str, stages: tuple[Stage, ...],
             item_ids: dict[str, tuple]) -> Item | None:
        value = self.mapping(entry, path, _ITEM_KEYS,
                             "an item (id, prompt, help, levels, advice)")
        if value is None:
            return None
        item_id = self.slug(value, "id", path)
        if item_id is not None:
            if item_id in item_ids:
                self.fail(path + ("id",), f"item id {item_id!r} is already used at "
                                          f"{_where(item_ids[item_id])}; item ids must be unique "
                                          "across the file")
            item_ids.setdefault(item_id, path)
        levels = self.level_texts(value, "levels", path, stages, top_included=True)
        advice = self.level_texts(value, "advice", path, stages, top_included=False)
        return Item(
            id=item_id or "", dimension_id=dim_id, prompt=self.text(value, "prompt", path) or "",
            help=self.text(value, "help", path) or "", levels=levels, advice=advice,
        )

    def level_texts(self, parent: dict, key: str, path: tuple, stages: tuple[Stage, ...],
                    top_included: bool) -> dict[int, str]:
        if key not in parent:
            return {}
        here = path + (key,)
        raw = parent[key]
        what = "a description" if top_included else "advice"
        if not isinstance(raw, dict):
            self.fail(here, f"{_where(here)} should be a mapping from stage level to {what} "
                            f"(`1: ...`), found {_describe(raw)}")
            return {}
        if self.stages_broken or not stages:
            return {}
        wanted = [s for s in stages if top_included or s.level != stages[-1].level]
        wanted_levels = {s.level for s in wanted}
        out: dict[int, str] = {}
        for level_key, text in raw.items():
            if isinstance(level_key, bool) or not isinstance(level_key, int):
                self.fail(here + (level_key,), f"{_where(here)} has key {level_key!r}; keys are "
                                               "stage levels (whole numbers such as 1, 2, 3)")
                continue
            if level_key not in wanted_levels:
                if stages and level_key == stages[-1].level and not top_included:
                    self.fail(here + (level_key,), f"{_where(here)} gives advice for the top "
                                                   f"level {level_key}; there is no next stage, "
                                                   "remove it")
                else:
                    self.fail(here + (level_key,), f"{_where(here)} has level {level_key}, which "
                                                   "is not a stage level of this framework; "
                                                   f"expected {sorted(wanted_levels)}")
                continue
            if not isinstance(text, str) or not text.strip():
                self.fail(here + (level_key,), f"{_where(here + (level_key,))} should be text, "
                                               f"found {_describe(text)}")
                continue
            out[level_key] = text.strip()
        for stage in wanted:
            if stage.level not in raw:
                verb = ("what the item looks like at" if top_included
                        else "the step up from")
                self.fail(here, f"{_where(here)} has no entry for level {stage.level} "
                                f"({stage.name}); add `{stage.level}: ...` with {verb} that stage")
        return out

    def disciplines(self, top: dict, dimension_ids: set[str]) -> tuple[Discipline, ...]:
        raw = self.items_of(top, "disciplines", (), "disciplines")
        out: list[Discipline] = []
        seen: set[str] = set()
        for index, entry in enumerate(raw):
            path = ("disciplines", index)
            value = self.mapping(entry, path, _DISCIPLINE_KEYS,
                                 "a discipline (id, name, summary, helps, prompts)")
            if value is None:
                continue
            disc_id = self.slug(value, "id", path)
            if disc_id in seen:
                self.fail(path + ("id",), f"discipline id {disc_id!r} appears twice; "
                                          "ids must be unique")
            seen.add(disc_id or "")
            helps = self.text_list(value, "helps", path)
            for h_index, dim_id in enumerate(helps):
                if dim_id not in dimension_ids:
                    self.fail(path + ("helps", h_index),
                              f"discipline helps {dim_id!r}, which is not a dimension id; "
                              f"expected one of {sorted(dimension_ids)}")
            prompts = self.text_list(value, "prompts", path)
            if "prompts" in value and not prompts:
                self.fail(path + ("prompts",), "a discipline needs at least one prompt")
            out.append(Discipline(
                id=disc_id or "", name=self.text(value, "name", path) or "",
                summary=self.text(value, "summary", path) or "", helps=helps, prompts=prompts,
            ))
        return tuple(out)


# ---------------------------------------------------------------------------------- public API


def parse_framework(text: str, path_label: str = "<framework>") -> Framework:
    """Validate YAML text and build a Framework; raises FrameworkError listing every problem."""
    try:
        located = _Located(text)
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
    validator = _Validator(located, path_label)
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
        raw = path.read_bytes()
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
    return (f"{framework.id} {framework.version}: {framework.title} — {len(framework.stages)} "
            f"stages, {len(framework.dimensions)} dimensions, {n_items} items, "
            f"{len(framework.disciplines)} disciplines")


def iter_framework_files(folders: Iterable[Path]) -> Iterable[Path]:
    for folder in folders:
        if folder.is_dir():
            yield from sorted(p for p in folder.iterdir()
                              if p.suffix.lower() in (".yaml", ".yml") and p.is_file())
