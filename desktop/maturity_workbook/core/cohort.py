"""Where a program sits against a research cohort, for frameworks whose stages carry shares.

The five-stage customer learning model says what share of the programs its research looked at was
at each stage (30%, 55%, 10%, 3%, 2%). A program at stage 2 is where 55% of them were, and ahead of
the 30% at stage 1. Its next steps are the imperatives of the stage above, as data: presenters word
the sentence and format the percentages for the reader's locale.
"""

from __future__ import annotations

from dataclasses import dataclass

from maturity_workbook.core.framework_model import Cohort, Framework, Stage
from maturity_workbook.core.scoring import AssessmentResult

_DIGITS = 6  # shares are sums of rounded percentages: 0.30 + 0.55 must print as 0.85


@dataclass(frozen=True)
class CohortBand:
    """One stage of the cohort: where its share starts on a 0-1 line, and how wide it is."""

    stage: Stage
    start: float
    share: float

    @property
    def end(self) -> float:
        return round(self.start + self.share, _DIGITS)


@dataclass(frozen=True)
class CohortPlace:
    """A program's place in the cohort. All shares are fractions of the whole cohort (0-1)."""

    stage: Stage  # the stage the program has reached
    stage_share: float  # share of the cohort at that stage
    ahead_of: float  # share of the cohort at lower stages
    behind: float  # share of the cohort at higher stages
    next_stage: Stage | None  # None at the top stage
    next_steps: tuple[str, ...]  # the next stage's imperatives, in the framework's order
    bands: tuple[CohortBand, ...]  # every stage, lowest first, for drawing the cohort
    source: Cohort | None  # where the shares come from

    @property
    def level(self) -> int:
        return self.stage.level

    def as_json(self) -> dict:
        """The fractions and next steps, for `summary --json` and the interchange files."""
        return {
            "stage_share": self.stage_share,
            "ahead_of": self.ahead_of,
            "behind": self.behind,
            "level": self.stage.level,
            "next_level": self.next_stage.level if self.next_stage else None,
            "next_steps": list(self.next_steps),
            "source": self.source.cite() if self.source else None,
        }


def cohort_bands(framework: Framework) -> tuple[CohortBand, ...]:
    """Each stage's share laid end to end, lowest stage first; () without shares."""
    if not framework.has_shares:
        return ()
    bands, start = [], 0.0
    for stage in framework.stages:
        bands.append(CohortBand(stage, round(start, _DIGITS), stage.share))
        start += stage.share
    return tuple(bands)


def cohort_place(framework: Framework, level: int) -> CohortPlace | None:
    """The place of a program at stage `level`; None when the framework's stages carry no shares.
    Raises KeyError for a level the framework does not have."""
    if not framework.has_shares:
        return None
    stage = framework.stage(level)
    bands = cohort_bands(framework)
    lower = sum(s.share for s in framework.stages if s.level < level)
    higher = sum(s.share for s in framework.stages if s.level > level)
    above = [s for s in framework.stages if s.level == level + 1]
    next_stage = above[0] if above else None
    return CohortPlace(
        stage=stage, stage_share=round(stage.share, _DIGITS), ahead_of=round(lower, _DIGITS),
        behind=round(higher, _DIGITS), next_stage=next_stage,
        next_steps=next_stage.imperatives if next_stage else (), bands=bands,
        source=framework.cohort,
    )


def cohort_for(result: AssessmentResult) -> CohortPlace | None:
    """The place of an assessed program: at its overall stage. None when the framework has no
    shares or the overall stage is not known (some function lacks enough rated items)."""
    if result.overall_stage is None:
        return None
    return cohort_place(result.framework, result.overall_stage.level)
