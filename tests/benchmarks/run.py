"""Run every benchmark and print one table: median, floor, ratio, budget, pass/over.

    python tests/benchmarks/run.py [--repeats-scale X] [--only NAME ...]

Each measure is a ratio against a floor measured in the same run (DESIGN.md, performance
budgets): absolute times on shared machines are noisy, ratios much less so. The suite is not
part of the default pytest run; tests/benchmarks/test_smoke.py checks that each one still runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for path in (HERE, ROOT / "desktop"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")

FRAME_SECONDS = 1 / 60


@dataclass
class Measure:
    name: str
    value: float  # the median (or, for a stall, the worst case)
    floor: float
    floor_name: str
    unit: str
    budget: float | None  # the highest ratio allowed; None: reported, not budgeted

    @property
    def ratio(self) -> float:
        return self.value / self.floor if self.floor else float("inf")

    @property
    def verdict(self) -> str:
        if self.budget is None:
            return "info"
        return "pass" if self.ratio <= self.budget else "OVER"


def _ms(seconds: float) -> float:
    return seconds * 1000


def startup(repeats: int) -> list[Measure]:
    import bench_startup

    out = []
    for name, m in bench_startup.run(max(2, repeats)).items():
        out.append(Measure(name, m["median"], m["floor"], m["floor_name"], m["unit"],
                           m["budget"]))
    return out


def radar(repeats: int) -> list[Measure]:
    import bench_radar

    r = bench_radar.run(max(3, repeats * 2))
    s = r["seconds"]
    return [
        Measure("radar redraw after a rating change", _ms(s["live"]), _ms(s["floor"]),
                "bare matplotlib polar draw", "ms", r["budget"]),
        Measure("radar full redraw (resize, new series)", _ms(s["full"]), _ms(s["floor"]),
                "bare matplotlib polar draw", "ms", None),
    ]


def save(repeats: int) -> list[Measure]:
    import bench_save

    r = bench_save.run(max(5, repeats * 6))
    s = r["seconds"]
    return [
        Measure("save a rating, 40x8 workbook (GUI thread)", _ms(s["caller_large"]),
                _ms(s["caller_small"]), "same, 1-assessment workbook", "ms", r["budget"]),
        Measure("save a rating, 40x8 workbook (on disk)", _ms(s["durable_large"]),
                _ms(s["durable_small"]), "same, 1-assessment workbook", "ms", None),
        gui_stall(),
    ]


def gui_stall(edits: int = 300) -> Measure:
    """The longest time one rating keeps the GUI thread in the large workbook while the writer
    thread saves in the background (GIL contention included), against one frame at 60 Hz."""
    import bench_save
    from maturity_workbook.paths import load_catalog

    framework = load_catalog().get("customer-education", "1.0")
    with tempfile.TemporaryDirectory() as folder:
        store, aid, pids, items = bench_save._build(Path(folder) / "large.mwb", framework,
                                                     bench_save.ASSESSMENTS)
        worst = 0.0
        try:
            for n in range(edits):
                start = time.perf_counter()
                store.set_rating(aid, items[n % len(items)], pids[n % len(pids)], 1 + n % 4)
                worst = max(worst, time.perf_counter() - start)
                time.sleep(0.002)  # a person types slower than this; the writer runs meanwhile
            store.flush()
        finally:
            store.close()
    return Measure("longest GUI-thread stall while saving, 40x8", _ms(worst),
                   _ms(FRAME_SECONDS), "one frame at 60 Hz", "ms", 1.0)


def pdf(repeats: int) -> list[Measure]:
    import bench_pdf

    r = bench_pdf.run(max(3, repeats))
    s = r["seconds"]
    return [Measure(f"PDF snapshot of the sample ({r['pages']} pages)", _ms(s["snapshot"]),
                    _ms(s["floor"]), "its charts alone", "ms", r["budget"])]


def merge(repeats: int) -> list[Measure]:
    import bench_merge

    r = bench_merge.run(max(3, repeats * 2))
    s = r["seconds"]
    return [Measure("merge 12 participant files", _ms(s["twelve"]), _ms(s["one"]),
                    "merging one", "ms", r["budget"])]


def customers(repeats: int) -> list[Measure]:
    import bench_customers

    r = bench_customers.run(max(3, repeats * 2))
    s = r["seconds"]
    n = f"{r['customers']:,}"
    return [
        Measure(f"import {n} customers from CSV", _ms(s["import"]), _ms(s["csv_floor"]),
                "csv.DictReader of the same file", "ms", r["import_budget"]),
        Measure(f"matrix of {n} customers", _ms(s["matrix"]), _ms(s["scatter_floor"]),
                "bare matplotlib scatter, same points", "ms", r["matrix_budget"]),
        Measure(f"matrix of {n}, movement arrows", _ms(s["matrix_moves"]),
                _ms(s["scatter_floor"]), "bare matplotlib scatter, same points", "ms", None),
        Measure(f"names on hover, {n} points", _ms(s["hover"]), _ms(FRAME_SECONDS),
                "one frame at 60 Hz", "ms", 1.0),
        Measure(f"import {n} into a workbook (store)", _ms(s["store_import"]),
                _ms(s["csv_floor"]), "csv.DictReader of the same file", "ms", None),
        Measure(f"table of {n}: a scrolled page", _ms(s["table_page"]),
                _ms(s["table_floor"]), "same cells, C++ model, plain view", "ms",
                r["table_budget"]),
        Measure(f"table of {n}: a scrolled page", _ms(s["table_page"]), _ms(FRAME_SECONDS),
                "one frame at 60 Hz", "ms", None),
        Measure(f"table of {n}: reload", _ms(s["table_reload"]), _ms(FRAME_SECONDS),
                "one frame at 60 Hz", "ms", None),
    ]


SUITES = {"startup": startup, "radar": radar, "save": save, "pdf": pdf, "merge": merge,
          "customers": customers}


def print_table(measures: list[Measure]) -> None:
    head = f"{'measure':46} {'median':>11} {'floor':>11} {'ratio':>7} {'budget':>7}  result"
    print(head)
    print("-" * len(head))
    for m in measures:
        budget = f"{m.budget:.1f}x" if m.budget is not None else "-"
        print(f"{m.name:46} {m.value:8.3g}{m.unit:>3} {m.floor:8.3g}{m.unit:>3} "
              f"{m.ratio:6.2f}x {budget:>7}  {m.verdict}")
    print()
    for m in measures:
        print(f"  floor of '{m.name}': {m.floor_name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5,
                        help="repeat count scale (each benchmark takes a multiple of it)")
    parser.add_argument("--only", nargs="*", choices=sorted(SUITES), default=None)
    args = parser.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    # one QApplication for the whole run: the PDF would otherwise make a QGuiApplication, on
    # which the customers table's widgets cannot be built
    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 - kept alive
    measures: list[Measure] = []
    for name in args.only or SUITES:
        print(f"running {name}…", file=sys.stderr, flush=True)
        measures.extend(SUITES[name](args.repeats))
    print_table(measures)
    return 0 if all(m.verdict != "OVER" for m in measures) else 1


if __name__ == "__main__":
    sys.exit(main())
