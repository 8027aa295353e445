"""The framework as plain data: stages, dimensions, items, and what a model carries beyond them
(disciplines, a research cohort's shares, jobs that own ranges of stages).

Built only by core.framework's loader after validation, so every object here is consistent: levels
ascend by one, every item describes every level, shares add up, jobs cover the stages once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping


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
class Cohort:
    """Where a framework's stage shares come from: the programs a piece of research looked at."""

    source: str
    year: int | None = None
    size: int | None = None  # how many programs or interviews, when the research says
    note: str = ""

    def cite(self) -> str:
        """One line for a chart's source line: the source and its year."""
        return f"{self.source}, {self.year}" if self.year else self.source


@dataclass(frozen=True)
class Stage:
    level: int
    name: str
    summary: str
    share: float | None = None  # share of a research cohort at this stage (0-1)
    imperatives: tuple[str, ...] = ()
    benefit: str = ""
    challenge: str = ""
    phase: str = ""  # the id of the job that owns this stage, when the framework has jobs


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
class Job:
    """A job a program must do well, owning a run of consecutive stages (three-job model: create
    owns 0-1, deliver 2-4, scale 5). `steps[level]` is the move into that stage, worded in the
    job's terms; `sustain` is what keeps the job done once the top stage is reached."""

    id: str
    name: str
    summary: str
    stages: tuple[int, ...]
    steps: Mapping[int, str]
    friction: str = ""
    sustain: str = ""

    @property
    def first_level(self) -> int:
        return self.stages[0]

    @property
    def last_level(self) -> int:
        return self.stages[-1]


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
    jobs: tuple[Job, ...] = ()
    cohort: Cohort | None = None

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

    @property
    def has_shares(self) -> bool:
        """True when every stage carries its share of a research cohort."""
        return bool(self.stages) and all(s.share is not None for s in self.stages)

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

    def job_for_level(self, level: int) -> Job | None:
        """The job that owns a stage level; None when the framework has no jobs."""
        for job in self.jobs:
            if level in job.stages:
                return job
        return None


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
