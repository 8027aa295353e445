"""Radar redraw after a rating change vs a bare matplotlib draw of the same polar figure.

Budget (DESIGN.md): the redraw costs at most 1.5x the floor, measured in the same run.

- floor:  a bare polar Figure with the same polygons (three assessments and the target as plain
          lines, default ticks, no legend); one value changes, then a full Agg `canvas.draw()`.
- text:   the bare figure plus the radar's words (dimension and stage names, the legend), with
          matplotlib's default styling: shows how much of a full draw is just drawing text.
- live:   the app's path for a rating change: `LiveRadar.update` (new data, then only the
          outlines are redrawn over the saved background) — this is the budgeted figure.
- full:   `update_radar` + a full `canvas.draw()` of the styled radar (what a resize or a
          caller without LiveRadar pays); reported, not budgeted.
- build:  `radar_figure` + first draw (opening a screen); reported.

The data: four dimensions, three assessments and a target, one dimension without enough data.
Rounds are interleaved so machine noise hits every variant alike; each sample is the mean of a
few redraws, and the median sample is reported.

    python tests/benchmarks/bench_radar.py [REPEATS]
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "desktop") not in sys.path:
    sys.path.insert(0, str(ROOT / "desktop"))

BUDGET = 1.5
INNER = 5  # redraws per sample


def _framework():
    from maturity_workbook.core.framework import Attribution, Dimension, Framework, Item, Stage

    names = ["Reacting", "Performing", "Scaling", "Optimizing"]
    stages = tuple(Stage(level, name, f"{name}.") for level, name in enumerate(names, start=1))
    dims = []
    for dim_id, name in (("strategy", "Strategy & planning"), ("content", "Content"),
                         ("delivery", "Go-to-market"), ("technology", "Technology")):
        items = tuple(Item(f"{dim_id}-{k}", dim_id, "?", "", {lv: "" for lv in range(1, 5)},
                           {lv: "" for lv in range(1, 4)}) for k in range(7))
        dims.append(Dimension(dim_id, name, "", items))
    return Framework("bench", "1", "Bench", Attribution("bench"), stages, tuple(dims))


def _series():
    from maturity_workbook.charts.radar import RadarSeries

    return [
        RadarSeries("14 Mar 2024 — Kick-off workshop",
                    {"strategy": 1.5, "content": 2.0, "delivery": 1.25, "technology": 1.75}),
        RadarSeries("9 Oct 2024 — Autumn review",
                    {"strategy": 2.0, "content": 2.5, "delivery": None, "technology": 2.0}),
        RadarSeries("2 Apr 2025 — Spring reassessment",
                    {"strategy": 2.0, "content": 3.25, "delivery": 2.5, "technology": 2.25}),
    ]


TARGET = {"strategy": 3, "content": 4, "delivery": 3, "technology": 3}
SIZE, DPI = (6.0, 5.0), 100


def _rating_changes(series):
    """An endless run of single rating changes to the current assessment's content score."""
    from maturity_workbook.charts.radar import RadarSeries

    current = series[-1]
    step = 0
    while True:
        step += 1
        score = 2.0 + 0.25 * (step % 5)
        yield series[:-1] + [RadarSeries(current.label, {**current.scores, "content": score})]


def _bare_with_text(framework, series):
    return _bare(framework, series, with_text=True)


def _bare(framework, series, with_text=False):
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=SIZE, dpi=DPI)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot(projection="polar")
    n = len(framework.dimensions)
    angles = np.append(np.arange(n), 0) * (2 * math.pi / n)
    lines = []
    for scores in [s.scores for s in series] + [TARGET]:
        radii = [np.nan if scores.get(d.id) is None else scores[d.id]
                 for d in framework.dimensions]
        lines.append(ax.plot(angles, radii + radii[:1])[0])
    ax.set_ylim(framework.min_level, framework.max_level)
    if with_text:  # the same words as the radar: axis names, stage names, legend
        ax.set_xticks(angles[:-1], [d.label for d in framework.dimensions])
        ax.set_rgrids(framework.levels, [s.name for s in framework.stages])
        fig.legend(lines, [s.label for s in series] + ["Target"], loc="lower center", ncols=2)
    canvas.draw()
    current = lines[len(series) - 1]

    def redraw(new_series):
        scores = new_series[-1].scores
        radii = [np.nan if scores.get(d.id) is None else scores[d.id]
                 for d in framework.dimensions]
        current.set_ydata(radii + radii[:1])
        canvas.draw()

    return redraw


def _full(framework, series):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from maturity_workbook.charts.radar import radar_figure, update_radar

    fig = radar_figure(framework, series, TARGET, size=SIZE, dpi=DPI)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()

    def redraw(new_series):
        update_radar(fig, framework, new_series, TARGET)
        canvas.draw()

    return redraw


def _live(framework, series):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from maturity_workbook.charts.radar import LiveRadar, radar_figure

    fig = radar_figure(framework, series, TARGET, size=SIZE, dpi=DPI)
    canvas = FigureCanvasAgg(fig)
    live = LiveRadar(canvas)
    canvas.draw()

    def redraw(new_series):
        if not live.update(framework, new_series, TARGET):
            raise RuntimeError("a rating change should not need a full redraw")

    return redraw


def _build(framework, series):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from maturity_workbook.charts.radar import radar_figure

    def redraw(new_series):
        FigureCanvasAgg(radar_figure(framework, new_series, TARGET, size=SIZE, dpi=DPI)).draw()

    return redraw


def _sample(redraw, changes, inner: int) -> float:
    start = time.perf_counter()
    for _ in range(inner):
        redraw(next(changes))
    return (time.perf_counter() - start) / inner


def run(repeats: int = 15) -> dict:
    """Median seconds per redraw for each variant, and the ratios to the bare floor."""
    import matplotlib

    matplotlib.use("Agg")
    framework, series = _framework(), _series()
    makers = {"floor": _bare, "floor_text": _bare_with_text, "live": _live, "full": _full,
              "build": _build}
    redraws = {name: make(framework, series) for name, make in makers.items()}
    changes = {name: _rating_changes(series) for name in makers}
    for name, redraw in redraws.items():  # warm caches (fonts, text layout)
        for _ in range(3):
            redraw(next(changes[name]))
    samples: dict[str, list[float]] = {name: [] for name in makers}
    order = list(makers)
    for round_ in range(repeats):
        for name in order[round_ % len(order):] + order[:round_ % len(order)]:
            inner = 1 if name == "build" else INNER
            samples[name].append(_sample(redraws[name], changes[name], inner))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    floor = medians["floor"]
    return {
        "repeats": repeats,
        "seconds": medians,
        "ratio_live": medians["live"] / floor,
        "ratio_full": medians["full"] / floor,
        "ratio_floor_text": medians["floor_text"] / floor,
        "ratio_build": medians["build"] / floor,
        "budget": BUDGET,
        "within_budget": medians["live"] / floor <= BUDGET,
    }


def main(argv: list[str]) -> int:
    repeats = int(argv[1]) if len(argv) > 1 else 15
    result = run(repeats)
    ms = {name: value * 1000 for name, value in result["seconds"].items()}
    print(f"radar redraw, median of {repeats} samples (ms per redraw, Agg, "
          f"{SIZE[0]:g}x{SIZE[1]:g} in at {DPI} dpi)")
    print(f"  floor  bare polar plot, same polygons, full draw  {ms['floor']:8.2f}")
    print(f"  text   the same with the radar's words + legend   {ms['floor_text']:8.2f}  "
          f"ratio {result['ratio_floor_text']:.2f}")
    print(f"  live   LiveRadar.update (blit), the app's path    {ms['live']:8.2f}  "
          f"ratio {result['ratio_live']:.2f} (budget {BUDGET})")
    print(f"  full   update_radar + full canvas.draw()          {ms['full']:8.2f}  "
          f"ratio {result['ratio_full']:.2f}")
    print(f"  build  radar_figure + first draw                  {ms['build']:8.2f}  "
          f"ratio {result['ratio_build']:.2f}")
    print("within budget" if result["within_budget"] else "OVER BUDGET")
    return 0 if result["within_budget"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
