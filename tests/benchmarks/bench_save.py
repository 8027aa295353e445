"""Saving one rating: a 40-assessment x 8-participant workbook vs a one-assessment workbook.

Budget (DESIGN.md): in the largest realistic workbook, saving a rating stays off the GUI thread
and costs at most 3x saving it in a one-assessment workbook, measured in the same run.

- caller:  `store.set_rating(...)` as the GUI thread pays it: the edit in memory, the change
           notification, waking the writer. No disk I/O happens here. This is budgeted.
- durable: from the same call until `flush()` returns, i.e. the writer thread has re-encoded the
           changed records, written the whole file to a temp file, fsynced it, renamed it over
           the workbook and fsynced the folder. Reported with its ratio; it is off the GUI thread.
- encode:  (large only) encoding every record from scratch, which a save would pay without the
           per-record cache, and what the TinyDB storage pays with its cache; reported.

Both workbooks use the customer-education framework (29 items) with 8 participants. Samples of
the two sizes are interleaved so machine noise hits both alike; medians are reported.

    python tests/benchmarks/bench_save.py [REPEATS]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "desktop") not in sys.path:
    sys.path.insert(0, str(ROOT / "desktop"))

BUDGET = 3.0
ASSESSMENTS = 40
PARTICIPANTS = 8


def _framework():
    from maturity_workbook.core.framework import load_framework

    return load_framework(ROOT / "resources" / "frameworks" / "customer-education-1.0.yaml")


def _build(path: Path, framework, assessments: int):
    """A workbook with `assessments` assessments, all final but the last, every item rated by
    every participant, some agreed levels, notes and evidence, targets everywhere."""
    from maturity_workbook.store import WorkbookStore

    store = WorkbookStore.create(path, f"Bench {assessments}")
    with store.batch():
        pids = [store.add_participant(f"Participant {n}", "Role").id
                for n in range(PARTICIPANTS)]
        for k in range(assessments):
            a = store.create_assessment(framework, f"Assessment {k}",
                                        f"{2000 + k // 2}-{1 + 6 * (k % 2):02d}-15", pids)
            for n, item in enumerate(framework.items):
                for p, pid in enumerate(pids):
                    store.set_rating(a.id, item.id, pid, 1 + (n + p + k) % 4)
                if n % 3 == 0:
                    store.set_agreed(a.id, item.id, 1 + (n + k) % 4)
                if n % 4 == 0:
                    store.set_note(a.id, item.id, f"Why the room chose this, item {n}. " * 3)
                    store.set_evidence(a.id, item.id, ["workshop notes", "survey results"])
            for dim in framework.dimensions:
                store.set_target(a.id, dim.id, 3)
            if k < assessments - 1:
                store.finalize(a.id)
    store.flush()
    return store, a.id, pids, [i.id for i in framework.items]


def _edit(store, aid, pids, items, step):
    item = items[step % len(items)]
    pid = pids[step % len(pids)]
    level = 1 + (step // len(items)) % 4
    current = store.workbook.assessments[aid].entries[item].ratings.get(pid)
    if current == level:
        level = 1 + level % 4
    start = time.perf_counter()
    store.set_rating(aid, item, pid, level)
    caller = time.perf_counter() - start
    store.flush()
    durable = time.perf_counter() - start
    return caller, durable


def run(repeats: int = 40) -> dict:
    """Median seconds per saved rating for each size, and the ratios large / small."""
    from maturity_workbook.store.records import encode_document

    framework = _framework()
    with tempfile.TemporaryDirectory(prefix="mwb-bench-") as folder:
        folder = Path(folder)
        os.environ["MATURITY_WORKBOOK_DATA_DIR"] = str(folder / "data")
        small = _build(folder / "small.mwb", framework, 1)
        large = _build(folder / "large.mwb", framework, ASSESSMENTS)
        stores = {"small": small, "large": large}
        for name, (store, aid, pids, items) in stores.items():  # warm up (the session backup)
            for step in range(5):
                _edit(store, aid, pids, items, step)
        samples = {f"{kind}_{name}": [] for kind in ("caller", "durable") for name in stores}
        for step in range(repeats):
            order = ["small", "large"] if step % 2 else ["large", "small"]
            for name in order:
                store, aid, pids, items = stores[name]
                caller, durable = _edit(store, aid, pids, items, 100 + step)
                samples[f"caller_{name}"].append(caller)
                samples[f"durable_{name}"].append(durable)
        store = large[0]
        doc = store.document()
        encode_all, collect = [], []
        for _ in range(max(3, repeats // 5)):
            start = time.perf_counter()
            encode_document(doc)
            encode_all.append(time.perf_counter() - start)
            start = time.perf_counter()
            store._db.storage.encode()  # the storage re-encodes only changed records (none)
            collect.append(time.perf_counter() - start)
        sizes = {name: s[0].path.stat().st_size for name, s in stores.items()}
        entries = sum(len(a.entries) for a in doc.workbook.assessments.values())
        for store, *_ in stores.values():
            store.close()
    medians = {name: statistics.median(values) for name, values in samples.items()}
    medians["encode_all_large"] = statistics.median(encode_all)
    medians["cached_encode_large"] = statistics.median(collect)
    ratio_caller = medians["caller_large"] / medians["caller_small"]
    ratio_durable = medians["durable_large"] / medians["durable_small"]
    return {
        "repeats": repeats,
        "seconds": medians,
        "file_bytes": sizes,
        "entries_large": entries,
        "ratio_caller": ratio_caller,
        "ratio_durable": ratio_durable,
        "budget": BUDGET,
        "within_budget": ratio_caller <= BUDGET,
    }


def main(argv: list[str]) -> int:
    repeats = int(argv[1]) if len(argv) > 1 else 40
    result = run(repeats)
    ms = {name: value * 1000 for name, value in result["seconds"].items()}
    sizes = result["file_bytes"]
    print(f"saving one rating, median of {repeats} samples (ms); customer-education, "
          f"{PARTICIPANTS} participants")
    print(f"  workbook sizes: 1 assessment {sizes['small']:,} bytes, {ASSESSMENTS} assessments "
          f"{sizes['large']:,} bytes ({result['entries_large']:,} entries)")
    print(f"  caller thread (set_rating returns)   1: {ms['caller_small']:8.3f}   "
          f"{ASSESSMENTS}: {ms['caller_large']:8.3f}   ratio {result['ratio_caller']:.2f} "
          f"(budget {BUDGET})")
    print(f"  durable (until flush returns)        1: {ms['durable_small']:8.3f}   "
          f"{ASSESSMENTS}: {ms['durable_large']:8.3f}   ratio {result['ratio_durable']:.2f}")
    print(f"  encoding the large file: every record {ms['encode_all_large']:.2f}, with the "
          f"record cache {ms['cached_encode_large']:.2f}")
    print("within budget" if result["within_budget"] else "OVER BUDGET")
    return 0 if result["within_budget"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
