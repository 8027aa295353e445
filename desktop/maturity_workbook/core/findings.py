"""Key findings: the three things an executive reads first, strengths and gaps, as data.

Part of the advice model: `core.advice.advise` fills `Advice.findings` with `key_findings`, and
`core.advice` re-exports the types. Kept apart so each module stays small; it reads the advice's
FunctionStatus, StuckAdvice and Progress by their fields and imports nothing from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Sequence

from maturity_workbook.core.history import STUCK_THRESHOLD

MAX_FINDINGS = 3
NOTABLE_CHANGE = STUCK_THRESHOLD  # a smaller rise or fall is standing still: never a finding
_EPS = 1e-9


class Tone(StrEnum):
    STRENGTH = "strength"
    GAP = "gap"


class FindingKind(StrEnum):
    BOTTLENECK = "bottleneck"  # gap: where to start
    RATE_FIRST = "rate-first"  # gap: the bottleneck is not known
    STUCK = "stuck"  # gap
    DECLINED = "declined"  # gap: fell since last time
    IMPROVED = "improved"  # strength: rose since last time
    IMPROVED_SINCE_BASELINE = "improved-since-baseline"  # strength: rose since the baseline
    STRONGEST = "strongest"  # strength: the highest score


_STRENGTHS = {FindingKind.IMPROVED, FindingKind.IMPROVED_SINCE_BASELINE, FindingKind.STRONGEST}


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    dimension_id: str
    score: float | None  # today's
    stage_level: int | None  # today's
    change: float | None = None  # IMPROVED, DECLINED, STUCK: the score change it is about
    since: date | None = None  # the date `change` is measured from (RATE_FIRST: last scored)

    @property
    def tone(self) -> Tone:
        return Tone.STRENGTH if self.kind in _STRENGTHS else Tone.GAP


def make_finding(status, kind: FindingKind, change: float | None = None,
                 since: date | None = None) -> Finding:
    """A finding about one function, with today's score and stage."""
    return Finding(kind, status.dimension_id, status.score, status.stage_level, change, since)


def key_findings(functions: Sequence, start: Finding | None, stuck, since_last,
                 since_baseline) -> tuple[Finding, ...]:
    """Up to MAX_FINDINGS findings, each naming a different function. `functions` are the
    advice's FunctionStatus (framework order), `stuck` its StuckAdvice, `since_last` and
    `since_baseline` its Progress or None.

    - Gaps, in order: `start` (BOTTLENECK, or RATE_FIRST when the bottleneck is not known);
      each stuck function; falls since last time, largest first.
    - Strengths, in order: rises since last time, largest first; rises since the baseline,
      largest first; the strongest function (the highest score, when above the lowest).
    - A rise or fall counts only when it is at least NOTABLE_CHANGE (the stuck threshold: less
      is what the product calls standing still); a stuck function's rise never counts.
    - The first gap comes first, then the first strength, then gaps before strengths; a
      candidate naming a function already named is skipped.
    """
    by_id = {f.dimension_id: f for f in functions}
    stuck_ids = {s.dimension_id for s in stuck.functions}

    def finding(kind, dimension_id, change=None, since=None):
        return make_finding(by_id[dimension_id], kind, change, since)

    def moves(kind, prog, rising: bool) -> list[Finding]:
        if prog is None:
            return []
        sign = 1 if rising else -1
        notable = [c for c in prog.functions if c.score_change is not None
                   and sign * c.score_change >= NOTABLE_CHANGE - _EPS
                   and not (rising and c.dimension_id in stuck_ids)]
        notable.sort(key=lambda c: -sign * c.score_change)  # stable: framework order on ties
        return [finding(kind, c.dimension_id, c.score_change, prog.reference.day)
                for c in notable]

    gaps: list[Finding] = [start] if start is not None else []
    gaps += [finding(FindingKind.STUCK, s.dimension_id, s.change, s.points[0][0])
             for s in stuck.functions]
    gaps += moves(FindingKind.DECLINED, since_last, rising=False)
    strengths = (moves(FindingKind.IMPROVED, since_last, rising=True)
                 + moves(FindingKind.IMPROVED_SINCE_BASELINE, since_baseline, rising=True))
    scored = [f for f in functions if f.sufficient]
    if len(scored) >= 2:
        best = max(scored, key=lambda f: f.score)  # max keeps framework order on ties
        if best.score > min(f.score for f in scored) + _EPS:
            strengths.append(finding(FindingKind.STRONGEST, best.dimension_id))

    chosen: list[Finding] = []
    named: set[str] = set()

    def take(pool: list[Finding]) -> bool:
        while pool:
            candidate = pool.pop(0)
            if candidate.dimension_id not in named:
                chosen.append(candidate)
                named.add(candidate.dimension_id)
                return True
        return False

    take(gaps), take(strengths)
    while len(chosen) < MAX_FINDINGS and (take(gaps) or take(strengths)):
        pass
    return tuple(chosen[:MAX_FINDINGS])
