"""5,000 customers: importing their CSV and drawing the matrix, against the csv module and a bare
matplotlib scatter of the same points.

Budgets (DESIGN.md), each a ratio to a floor measured in the same run:
- import: reading and checking the customer CSV (store.customers_csv) and applying it to an empty
  portfolio (core.portfolio.apply_updates) costs at most 3x reading the same file with the csv
  module (`csv.DictReader` over the decoded file, into a list);
- matrix: `matrix_figure` for the placed customers plus a full Agg draw costs at most 2x a bare
  `Figure` + `ax.scatter(x, y)` of the same points + a full Agg draw, at the same size and dpi.

Reported, not budgeted: the matrix with movement arrows since the first scoring date;
placing 5,000 customers (`matrix_points`, what the screen computes before drawing); one hover
lookup (`MatrixLookup.at`) against one frame at 60 Hz.

The customers have four scoring dates each (some join late or skip one); the CSV is the latest
scoring with all columns of the template, names with accents, Korean and Arabic. Rounds are
interleaved so machine noise hits every variant alike; medians are reported.

    python tests/benchmarks/bench_customers.py [REPEATS]
"""

from __future__ import annotations

import csv
import io
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for path in (ROOT, ROOT / "desktop"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

CUSTOMERS = 5000
IMPORT_BUDGET = 3.0
MATRIX_BUDGET = 2.0
SIZE, DPI = (6.4, 5.4), 100
TODAY = date(2025, 1, 1)


def _portfolio():
    from maturity_workbook.paths import load_default_cmi_model
    from tests.charts.portfolio_data import make_portfolio

    model = load_default_cmi_model()
    return model, make_portfolio(model, CUSTOMERS)


def _csv_file(model, customers, folder: Path) -> Path:
    from maturity_workbook.store.customers_csv import template_columns

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(template_columns(model))
    for c in customers:
        latest = c.latest
        writer.writerow([c.id, c.name, c.email, f"{latest.health:g}",
                         *(latest.scores[q] for q in model.qualifier_ids), c.owner])
    path = folder / "customers.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return path


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def run(repeats: int = 9) -> dict:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from maturity_workbook.charts.matrix import matrix_figure, matrix_lookup
    from maturity_workbook.core.portfolio import apply_updates, matrix_points, movement
    from maturity_workbook.store.customers_csv import read_customers_csv

    model, customers = _portfolio()
    points = matrix_points(model, customers)
    first_day = min(s.day for c in customers for s in c.scorings)
    moves = movement(model, customers, since=first_day)

    with tempfile.TemporaryDirectory() as folder:
        path = _csv_file(model, customers, Path(folder))

        def csv_floor():
            with open(path, encoding="utf-8-sig", newline="") as stream:
                return list(csv.DictReader(stream))

        def import_customers():
            parsed = read_customers_csv(path, model, today=TODAY)
            return apply_updates({}, parsed.updates)

        def scatter_floor():
            fig = Figure(figsize=SIZE, dpi=DPI)
            canvas = FigureCanvasAgg(fig)
            fig.add_subplot().scatter(points.cmi, points.health)
            canvas.draw()

        def matrix():
            FigureCanvasAgg(matrix_figure(model, points, size=SIZE, dpi=DPI)).draw()

        def matrix_moves():
            FigureCanvasAgg(matrix_figure(model, points, moves=moves, size=SIZE,
                                          dpi=DPI)).draw()

        def place():
            matrix_points(model, customers)

        hover_fig = matrix_figure(model, points, size=SIZE, dpi=DPI)
        FigureCanvasAgg(hover_fig).draw()
        lookup = matrix_lookup(hover_fig)
        probe = hover_fig.axes[0].transData.transform((points.cmi[0], points.health[0]))

        def hover():
            lookup.at(*probe)

        variants = {"csv_floor": csv_floor, "import": import_customers,
                    "scatter_floor": scatter_floor, "matrix": matrix,
                    "matrix_moves": matrix_moves, "place": place, "hover": hover}
        for function in variants.values():  # warm caches (fonts, imports, file cache)
            function()
        samples: dict[str, list[float]] = {name: [] for name in variants}
        order = list(variants)
        for round_ in range(repeats):
            shift = round_ % len(order)
            for name in order[shift:] + order[:shift]:
                samples[name].append(_timed(variants[name]))
    seconds = {name: statistics.median(values) for name, values in samples.items()}
    return {
        "repeats": repeats,
        "customers": CUSTOMERS,
        "placed": len(points.ids),
        "moves": sum(1 for m in moves if m.moved),
        "seconds": seconds,
        "ratio_import": seconds["import"] / seconds["csv_floor"],
        "ratio_matrix": seconds["matrix"] / seconds["scatter_floor"],
        "ratio_matrix_moves": seconds["matrix_moves"] / seconds["scatter_floor"],
        "import_budget": IMPORT_BUDGET,
        "matrix_budget": MATRIX_BUDGET,
        "within_budget": (seconds["import"] / seconds["csv_floor"] <= IMPORT_BUDGET
                          and seconds["matrix"] / seconds["scatter_floor"] <= MATRIX_BUDGET),
    }


def main(argv: list[str]) -> int:
    repeats = int(argv[1]) if len(argv) > 1 else 9
    r = run(repeats)
    ms = {name: value * 1000 for name, value in r["seconds"].items()}
    print(f"{r['customers']:,} customers ({r['placed']:,} placed, {r['moves']:,} moved), "
          f"median of {repeats} samples, ms")
    print(f"  floor   csv.DictReader of the same CSV           {ms['csv_floor']:8.2f}")
    print(f"  import  read + check + apply                     {ms['import']:8.2f}  "
          f"ratio {r['ratio_import']:.2f} (budget {IMPORT_BUDGET})")
    print(f"  floor   bare Figure + scatter + Agg draw          {ms['scatter_floor']:8.2f}")
    print(f"  matrix  matrix_figure + Agg draw                  {ms['matrix']:8.2f}  "
          f"ratio {r['ratio_matrix']:.2f} (budget {MATRIX_BUDGET})")
    print(f"  matrix  with movement arrows                      {ms['matrix_moves']:8.2f}  "
          f"ratio {r['ratio_matrix_moves']:.2f}")
    print(f"  place   matrix_points for every customer          {ms['place']:8.2f}")
    print(f"  hover   one MatrixLookup.at                       {ms['hover']:8.3f}")
    print("within budget" if r["within_budget"] else "OVER BUDGET")
    return 0 if r["within_budget"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
