"""Merging a workshop's laptops: twelve participant files vs one, into the facilitator's
workbook.

Budget (DESIGN.md): merging twelve participants' laptop files into the facilitator's workbook
costs at most 3x importing one. The facilitator's workbook has ten earlier assessments and the
workshop's (customer-education, 29 items, 12 participants); each participant rated every item on
their laptop. Each sample imports into a fresh copy of the workbook (backup, merge, write: the
whole `import_sources`); the two sizes are interleaved and medians reported.

    python tests/benchmarks/bench_merge.py [REPEATS]
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "desktop") not in sys.path:
    sys.path.insert(0, str(ROOT / "desktop"))

BUDGET = 3.0
PARTICIPANTS = 12
EARLIER = 10


def _build(folder: Path):
    from maturity_workbook.core.framework import load_framework
    from maturity_workbook.store import WorkbookStore
    from maturity_workbook.store.participant_files import write_participant_files

    framework = load_framework(ROOT / "resources" / "frameworks" / "customer-education-1.0.yaml")
    store = WorkbookStore.create(folder / "room.mwb", "Bench room")
    with store.batch():
        pids = [store.add_participant(f"Participant {n:02d} with a longer name").id
                for n in range(PARTICIPANTS)]
        for k in range(EARLIER):
            a = store.create_assessment(framework, f"Earlier {k}", f"{2015 + k}-05-14", pids[:6])
            for n, item in enumerate(framework.items):
                for p, pid in enumerate(pids[:6]):
                    store.set_rating(a.id, item.id, pid, 1 + (n + p + k) % 4)
                store.set_note(a.id, item.id, f"why {n}")
            store.finalize(a.id)
        current = store.create_assessment(framework, "Workshop", "2026-05-14", pids)
    store.close()
    files = write_participant_files(store.document(), current.id, folder / "laptops")
    for n, (path, pid) in enumerate(zip(files, pids)):
        with WorkbookStore.open(path) as laptop, laptop.batch():
            for i, item in enumerate(framework.items):
                laptop.set_rating(current.id, item.id, pid, 1 + (i + n) % 4)
    return store.path, files


def _import(base: Path, files: list[Path], scratch: Path) -> float:
    from maturity_workbook.store import WorkbookStore

    target = scratch / f"merge-{len(files)}.mwb"
    shutil.copyfile(base, target)
    store = WorkbookStore.open(target)
    start = time.perf_counter()
    report = store.import_sources(files)
    elapsed = time.perf_counter() - start
    store.close()
    assert report.changed_anything and not report.conflicts
    target.unlink()
    return elapsed


def run(repeats: int = 7) -> dict:
    with tempfile.TemporaryDirectory(prefix="mwb-merge-") as folder:
        folder = Path(folder)
        os.environ["MATURITY_WORKBOOK_DATA_DIR"] = str(folder / "data")
        base, files = _build(folder)
        samples = {"one": [], "twelve": []}
        _import(base, files[:1], folder)  # warm up
        for step in range(repeats):
            order = ("one", "twelve") if step % 2 else ("twelve", "one")
            for name in order:
                chosen = files[:1] if name == "one" else files
                samples[name].append(_import(base, chosen, folder))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    ratio = medians["twelve"] / medians["one"]
    return {"repeats": repeats, "seconds": medians, "ratio": ratio, "budget": BUDGET,
            "within_budget": ratio <= BUDGET}


def main(argv: list[str]) -> int:
    repeats = int(argv[1]) if len(argv) > 1 else 7
    result = run(repeats)
    ms = {name: value * 1000 for name, value in result["seconds"].items()}
    print(f"merging participant files into a {EARLIER + 1}-assessment workbook, median of "
          f"{repeats} (ms): one {ms['one']:.1f}, twelve {ms['twelve']:.1f}, ratio "
          f"{result['ratio']:.2f} (budget {BUDGET})")
    print("within budget" if result["within_budget"] else "OVER BUDGET")
    return 0 if result["within_budget"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
