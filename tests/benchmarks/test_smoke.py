"""Every benchmark still runs (with tiny repeat counts); the timed suite is tests/benchmarks/run.py."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402


@pytest.mark.parametrize("suite", sorted(run.SUITES))
def test_benchmark_runs_and_reports_ratios(suite, qapp, capsys):
    measures = run.SUITES[suite](1)
    assert measures
    for measure in measures:
        assert measure.value > 0 and measure.floor > 0
        assert measure.verdict in ("pass", "OVER", "info")
    run.print_table(measures)
    assert measures[0].name in capsys.readouterr().out
