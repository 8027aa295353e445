"""The PDF snapshot of the sample workbook vs rendering its charts alone.

Budget (DESIGN.md): the snapshot costs at most 2x the floor, measured in the same run.

- floor:     the snapshot's charts alone: each figure built by `charts` at the size it prints
             and rendered to SVG (the vector form the report draws), nothing else.
- floor_pdf: the same figures saved by matplotlib as PDF instead (reported, for reference).
- snapshot:  the whole export as `export-pdf` does it once the workbook is open: the content
             (scores, history, advice), the same charts, text layout and pagination, painting
             every page on a QPdfWriter and finishing the PDF in memory — the budgeted figure.
- layout:    laying out and painting again with the charts already rendered (what a print
             preview pays on each repaint); reported.

Rounds are interleaved so machine noise hits every variant alike; the median is reported.
Opening the workbook and loading the frameworks happen once, outside the timings.

    python tests/benchmarks/bench_pdf.py [REPEATS]
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "desktop") not in sys.path:
    sys.path.insert(0, str(ROOT / "desktop"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BUDGET = 2.0
SAMPLE = ROOT / "resources" / "samples" / "sample.mwb"


def _load():
    from maturity_workbook.paths import load_catalog
    from maturity_workbook.store import WorkbookStore

    store = WorkbookStore.open(SAMPLE, read_only=True)
    workbook = store.workbook
    store.close()
    assessment = workbook.latest()
    catalog = load_catalog()
    framework = catalog.get(assessment.framework_id, assessment.framework_version)
    return workbook, framework, assessment, catalog


def run(repeats: int = 7) -> dict:
    """Median seconds for each variant, the ratio of the snapshot to the floor, the pages."""
    import matplotlib

    matplotlib.use("Agg")
    from maturity_workbook.report import snapshot_report
    from maturity_workbook.report.document import Chart
    from maturity_workbook.report.pdf import ensure_app, pdf_bytes
    from maturity_workbook.report.vector import figure_svg

    ensure_app()
    workbook, framework, assessment, catalog = _load()

    # one export first: warms fonts and caches, and tells the sizes the charts print at
    # as export-pdf builds it: with the catalog, so earlier versions are compared too
    warm = snapshot_report(workbook, framework, assessment, catalog=catalog)
    _, pages = pdf_bytes(warm, "A4")
    charts = {id(b): b for b in warm.document.all_blocks() if isinstance(b, Chart)}
    sizes = [(charts[key], w, h) for key, w, h in warm._svgs]  # noqa: SLF001 - bench only

    def floor():
        for chart, w, h in sizes:
            figure_svg(chart.build(w / 25.4, h / 25.4))

    def floor_pdf():
        for chart, w, h in sizes:
            chart.build(w / 25.4, h / 25.4).savefig(io.BytesIO(), format="pdf")

    def snapshot():
        report = snapshot_report(workbook, framework, assessment, catalog=catalog)
        pdf_bytes(report, "A4")

    def layout():
        pdf_bytes(warm, "A4")

    variants = {"floor": floor, "floor_pdf": floor_pdf, "snapshot": snapshot, "layout": layout}
    for fn in variants.values():
        fn()
    samples: dict[str, list[float]] = {name: [] for name in variants}
    order = list(variants)
    for round_ in range(repeats):
        for name in order[round_ % len(order):] + order[:round_ % len(order)]:
            start = time.perf_counter()
            variants[name]()
            samples[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    ratio = medians["snapshot"] / medians["floor"]
    return {
        "repeats": repeats,
        "pages": pages,
        "charts": [(chart.name, round(w, 1), round(h, 1)) for chart, w, h in sizes],
        "seconds": medians,
        "ratio": ratio,
        "ratio_to_pdf_floor": medians["snapshot"] / medians["floor_pdf"],
        "budget": BUDGET,
        "within_budget": ratio <= BUDGET,
    }


def main(argv: list[str]) -> int:
    repeats = int(argv[1]) if len(argv) > 1 else 7
    result = run(repeats)
    ms = {name: value * 1000 for name, value in result["seconds"].items()}
    charts = ", ".join(f"{name} {w:g}x{h:g} mm" for name, w, h in result["charts"])
    print(f"PDF snapshot of the sample workbook ({result['pages']} pages, A4), median of "
          f"{repeats} runs (ms)")
    print(f"  floor      its charts alone: build + SVG ({charts})  {ms['floor']:8.1f}")
    print(f"  floor_pdf  the same charts saved as PDF by matplotlib    {ms['floor_pdf']:8.1f}")
    print(f"  snapshot   content + charts + layout + paint + PDF       {ms['snapshot']:8.1f}  "
          f"ratio {result['ratio']:.2f} (budget {BUDGET})")
    print(f"  layout     layout + paint + PDF, charts already drawn    {ms['layout']:8.1f}")
    print("within budget" if result["within_budget"] else "OVER BUDGET")
    return 0 if result["within_budget"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
