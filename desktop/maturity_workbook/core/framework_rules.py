"""Validation of a parsed framework file: every problem located by line, with the fix.

core.framework parses the YAML (keeping each value's line) and hands it here; the sections below
check it against docs/framework-format.md and build the objects of core.framework_model.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Any, Mapping, Protocol

from maturity_workbook.core.framework_model import (
    Attribution, Cohort, Dimension, Discipline, Framework, Item, Job, Problem, Stage,
)

FORMAT_VERSION = 1
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class LocatedDocument(Protocol):
    """Parsed YAML plus the line of every value (core.framework's _Located)."""

    data: Any
    duplicates: list

    def line(self, path: tuple) -> int: ...


# ----------------------------------------------------------------------------------- validation

_TOP_KEYS = {
    "format": True, "id": True, "version": True, "title": True, "description": False,
    "attribution": True, "stages": True, "dimensions": True, "disciplines": False,
    "cohort": False, "jobs": False,
}
_ATTRIBUTION_KEYS = {"source": True, "author": False, "year": False, "url": False, "note": False}
_STAGE_KEYS = {
    "level": True, "name": True, "summary": True, "share": False, "imperatives": False,
    "benefit": False, "challenge": False, "phase": False,
}
_DIMENSION_KEYS = {"id": True, "name": True, "short": False, "summary": True, "items": True}
_ITEM_KEYS = {"id": True, "prompt": True, "help": True, "levels": True, "advice": True}
_DISCIPLINE_KEYS = {"id": True, "name": True, "summary": True, "helps": True, "prompts": True}
_COHORT_KEYS = {"source": True, "year": False, "size": False, "note": False}
_JOB_KEYS = {
    "id": True, "name": True, "summary": True, "stages": True, "steps": True, "friction": False,
    "sustain": False,
}
SHARE_TOLERANCE = 0.02  # published shares are rounded percentages: 30+55+10+3+2 may not be 100

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


class FrameworkValidator:
    """Checks one document section by section; collects problems instead of stopping at the
    first, so a user fixes a file in one pass."""

    def __init__(self, located: LocatedDocument, file_label: str):
        self.doc = located
        self.file = file_label
        self.problems: list[Problem] = []
        self.stages_broken = False  # then per-item level checks would only repeat the problem
        self.stage_paths: dict[int, tuple] = {}  # stage level -> its path in the file

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
        cohort = self.cohort(top, stages)
        jobs = self.jobs(top, stages)
        stages = self.with_phases(stages, jobs)
        dimensions = self.dimensions(top, stages)
        disciplines = self.disciplines(top, {d.id for d in dimensions})
        if self.problems:
            return None
        return Framework(
            id=framework_id, version=version, title=title, attribution=attribution,
            stages=stages, dimensions=dimensions, disciplines=disciplines,
            description=description, source_path=path_label, jobs=jobs, cohort=cohort,
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
            self.stage_paths[level] = path
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
        self.all_or_none(stages, "share", lambda s: s.share is not None,
                         "its share (0 when none of the cohort is there)")
        self.all_or_none(stages, "imperatives", lambda s: bool(s.imperatives),
                         "its imperatives")
        if stages and all(s.share is not None for s in stages):
            total = sum(s.share for s in stages)
            if abs(total - 1) > SHARE_TOLERANCE:
                self.fail(("stages",), f"the stage shares add up to {total:.2f} ({total:.0%}); "
                                       "they must add up to 1 (100%), give or take "
                                       f"{SHARE_TOLERANCE} for rounding")
        return tuple(stages)

    def all_or_none(self, stages: list[Stage], key: str, has, what: str) -> None:
        """A cohort's shares or a model's imperatives make sense only when every stage has
        them: a program at a stage without them would be placed against nothing."""
        present = [s for s in stages if has(s)]
        if not present or len(present) == len(stages):
            return
        for stage in stages:
            if not has(stage):
                self.fail(self.stage_paths.get(stage.level, ("stages",)),
                          f"stage {stage.level} ({stage.name}) has no {key!r} while other "
                          f"stages do; give every stage {what}, or remove {key!r} from all")

    def cohort(self, top: dict, stages: tuple[Stage, ...]) -> Cohort | None:
        has_shares = bool(stages) and all(s.share is not None for s in stages)
        if "cohort" not in top:
            if has_shares:
                first = self.stage_paths.get(stages[0].level, ("stages",))
                self.fail(first + ("share",),
                          "the stages carry shares of a research cohort but the file does not "
                          "say where they come from; add `cohort:` with `source: ...` at the "
                          "top level")
            return None
        path = ("cohort",)
        value = self.mapping(top["cohort"], path, _COHORT_KEYS,
                             "where the stage shares come from")
        if value is None:
            return None
        if not any(s.share is not None for s in stages):
            self.fail(path, "`cohort` names where stage shares come from, but the stages have "
                            "no `share`; add a share to every stage or remove `cohort`")
        size = self.integer(value, "size", path)
        if size is not None and size < 1:
            self.fail(path + ("size",), "cohort.size should be the number of programs or "
                                        "interviews, 1 or more")
        return Cohort(
            source=self.text(value, "source", path) or "",
            year=self.integer(value, "year", path),
            size=size,
            note=self.text(value, "note", path, required=False) or "",
        )

    def jobs(self, top: dict, stages: tuple[Stage, ...]) -> tuple[Job, ...]:
        raw = self.items_of(top, "jobs", (), "jobs")
        if "jobs" in top and isinstance(top["jobs"], list) and not raw:
            self.fail(("jobs",), "`jobs` is empty; list the jobs with the stages each owns, or "
                                 "remove `jobs`")
        levels = [s.level for s in stages]
        jobs: list[Job] = []
        owner: dict[int, str] = {}  # stage level -> the key of the job owning it
        keys: list[str] = []  # each job's key (its id, or its index when the id is broken)
        seen_ids: set[str] = set()
        for index, entry in enumerate(raw):
            path = ("jobs", index)
            value = self.mapping(entry, path, _JOB_KEYS,
                                 "a job (id, name, summary, stages, steps)")
            if value is None:
                continue
            job_id = self.slug(value, "id", path)
            if job_id is not None:
                if job_id in seen_ids:
                    self.fail(path + ("id",), f"job id {job_id!r} appears twice; ids must be "
                                              "unique")
                seen_ids.add(job_id)
            keys.append(job_id or f"jobs[{index}]")
            owned = self.job_stages(value, path, keys[-1], levels, owner)
            jobs.append(Job(
                id=job_id or "", name=self.text(value, "name", path) or "",
                summary=self.text(value, "summary", path) or "", stages=owned,
                steps=self.job_steps(value, path, owned, levels),
                friction=self.text(value, "friction", path, required=False) or "",
                sustain=self.text(value, "sustain", path, required=False) or "",
            ))
        if jobs and levels and not self.stages_broken:
            missing = [level for level in levels if level not in owner]
            if missing:
                self.fail(("jobs",), f"no job owns stage level(s) {missing}; every stage "
                                     "belongs to exactly one job")
            order = [owner[level] for level in levels if level in owner]
            if order != sorted(order, key=keys.index):
                self.fail(("jobs",), "the jobs own the stages out of order; list the jobs in "
                                     "the order of their stages (the first job owns the lowest)")
        return tuple(jobs)

    def job_stages(self, value: dict, path: tuple, job_id: str, levels: list[int],
                   owner: dict[int, str]) -> tuple[int, ...]:
        here = path + ("stages",)
        raw = value.get("stages")
        if "stages" not in value:
            return ()
        if not isinstance(raw, list) or not raw:
            self.fail(here, f"{_where(here)} should be a list of stage levels such as [2, 3, 4], "
                            f"found {_describe(raw)}")
            return ()
        owned: list[int] = []
        for index, level in enumerate(raw):
            if isinstance(level, bool) or not isinstance(level, int):
                self.fail(here + (index,), f"{_where(here + (index,))} should be a stage level "
                                           f"(a whole number), found {_describe(level)}")
                continue
            if levels and level not in levels:
                self.fail(here + (index,), f"job {job_id!r} owns stage level {level}, which is "
                                           f"not a stage of this framework; expected {levels}")
                continue
            if level in owner:
                self.fail(here + (index,), f"stage level {level} is owned by job "
                                           f"{owner[level]!r} already; each stage belongs to "
                                           "one job")
                continue
            owner[level] = job_id
            owned.append(level)
        if owned and owned != list(range(owned[0], owned[0] + len(owned))):
            self.fail(here, f"job {job_id!r} owns stages {owned}; a job owns a run of consecutive "
                            "stages, listed in order")
        return tuple(owned)

    def job_steps(self, value: dict, path: tuple, owned: tuple[int, ...],
                  levels: list[int]) -> dict[int, str]:
        """steps[level]: the move into that stage. The framework's first stage needs none: a
        program starts there."""
        here = path + ("steps",)
        if "steps" not in value:
            return {}
        raw = value["steps"]
        if not isinstance(raw, dict):
            self.fail(here, f"{_where(here)} should be a mapping from stage level to the step "
                            f"into that stage (`2: ...`), found {_describe(raw)}")
            return {}
        wanted = [level for level in owned if not levels or level != levels[0]]
        out: dict[int, str] = {}
        for key, text in raw.items():
            if isinstance(key, bool) or not isinstance(key, int) or key not in wanted:
                expected = wanted or "none: this job owns only the first stage"
                self.fail(here + (key,), f"{_where(here)} has key {key!r}; its keys are the "
                                         f"levels of this job's stages (expected {expected}); "
                                         "the first stage of a framework has no step into it")
                continue
            if not isinstance(text, str) or not text.strip():
                self.fail(here + (key,), f"{_where(here + (key,))} should be text, found "
                                         f"{_describe(text)}")
                continue
            out[key] = text.strip()
        for level in wanted:
            if level not in raw:
                self.fail(here, f"{_where(here)} has no step into stage {level}; add `{level}: ...`"
                                " saying, in this job's terms, what moves a program there")
        return out

    def with_phases(self, stages: tuple[Stage, ...], jobs: tuple[Job, ...]) -> tuple[Stage, ...]:
        """With jobs, a stage's `phase` is the id of the job that owns it: filled in when
        absent, and a different one is an error."""
        if not jobs:
            return stages
        out = []
        for stage in stages:
            job = next((j for j in jobs if stage.level in j.stages), None)
            if job is None:
                out.append(stage)
                continue
            if stage.phase and stage.phase != job.id:
                self.fail(self.stage_paths.get(stage.level, ("stages",)) + ("phase",),
                          f"stage {stage.level} says phase {stage.phase!r}, but job {job.id!r} "
                          "owns it; remove `phase` (the jobs decide it) or make them agree")
            out.append(replace(stage, phase=job.id))
        return tuple(out)

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
