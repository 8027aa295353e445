"""Kill loop: fork a child that saves a growing and shrinking workbook and acknowledges each
durable save; SIGKILL it at a random moment; check the file. Prints a JSON summary.

    python killloop_helper.py WORKDIR KILLS SEED [naive]

Run in its own process (not inside pytest) so the fork happens in a single-threaded parent.
"""

from __future__ import annotations

import json
import os
import random
import signal
import struct
import sys
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "desktop"))

from maturity_workbook.store import WorkbookStore  # noqa: E402
from maturity_workbook.store.atomic import leftover_temps  # noqa: E402
from maturity_workbook.store.decode import parse_workbook  # noqa: E402

FRAMEWORK = SimpleNamespace(id="kill", version="1", items=())
PEOPLE = ("P0", "P1", "P2")


def desired(seq: int) -> dict:
    """The whole content of the workbook at step `seq`: it grows and shrinks."""
    phase = seq % 12
    count = 1 + (phase if phase < 6 else 12 - phase)  # 1..7 assessments
    out = {}
    for k in range(count):
        items = 3 + (seq * 5 + k * 3) % 18
        out[f"A{k}"] = {
            f"i{i}": ([(seq + k + i + j) % 4 + 1 for j in range(len(PEOPLE))],
                      "n" * ((seq * 37 + k * 11 + i) % 300))
            for i in range(items)
        }
    return {"seq": seq, "assessments": out}


def observe(wb) -> dict:
    names = {p.id: p.name for p in wb.participants.values()}
    out = {}
    for a in wb.assessments.values():
        entries = {}
        for item, e in a.entries.items():
            by_name = {names[pid]: level for pid, level in e.ratings.items()}
            entries[item] = ([by_name.get(p) for p in PEOPLE], e.note)
        out[a.title] = entries
    seq = int(wb.notes.split("=")[1]) if wb.notes.startswith("seq=") else 0
    return {"seq": seq, "assessments": out}


def apply(store: WorkbookStore, seq: int) -> None:
    want = desired(seq)["assessments"]
    wb = store.workbook
    pids = {p.name: p.id for p in wb.participants.values()}
    with store.batch():
        by_title = {a.title: a for a in list(wb.assessments.values())}
        for title, a in by_title.items():
            if title not in want:
                store.delete_assessment(a.id)
        for title, items in want.items():
            a = by_title.get(title)
            if a is None:
                a = store.create_assessment(FRAMEWORK, title, "2026-01-01",
                                            [pids[p] for p in PEOPLE])
            for item in [i for i in list(a.entries) if i not in items]:
                for p in PEOPLE:
                    store.set_rating(a.id, item, pids[p], None)
                    store.set_rating(a.id, item, pids[p], _unrated())
                store.set_note(a.id, item, "")
            for item, (levels, note) in items.items():
                for p, level in zip(PEOPLE, levels):
                    store.set_rating(a.id, item, pids[p], level)
                store.set_note(a.id, item, note)
        store.set_notes(f"seq={seq}")


def _unrated():
    from maturity_workbook.core.workbook import UNRATED

    return UNRATED


def child(path: Path, ack_fd: int) -> None:
    store = WorkbookStore.open(path)
    if store.read_only:
        os.write(2, f"child got a read-only store: {store.read_only_reason}\n".encode())
        os._exit(3)
    seq = observe(store.workbook)["seq"]
    while True:
        seq += 1
        apply(store, seq)
        store.flush()
        os.write(ack_fd, struct.pack("<I", seq))


def main() -> int:
    workdir, kills, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    if sys.argv[4:] == ["naive"]:  # prove the loop catches a writer that is not atomic
        from maturity_workbook.store import storage as workbook_storage

        def write_in_place(target, data, exclusive=False, mode=None):
            with open(target, "wb") as f:
                for i in range(0, len(data), 4096):
                    f.write(data[i:i + 4096])
                    f.flush()

        workbook_storage.write_atomic = write_in_place
    os.environ["MATURITY_WORKBOOK_DATA_DIR"] = str(workdir / "data")
    rng = random.Random(seed)
    path = workdir / "kill.mwb"
    store = WorkbookStore.create(path, "kill loop")
    for name in PEOPLE:
        store.add_participant(name)
    apply(store, 1)
    store.close()
    last_seen = 1
    stats = {"kills": 0, "failures": [], "mid_write": 0, "acks": 0, "advanced": 0,
             "exited_early": 0, "max_size": 0, "min_size": 1 << 30, "seq": 0}
    window = 0.045  # seconds: kills land uniformly within this after the fork
    while stats["kills"] < kills:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            os.close(read_fd)
            try:
                child(path, write_fd)
            except BaseException as exc:  # noqa: BLE001
                os.write(2, f"child failed: {exc!r}\n".encode())
            os._exit(3)
        os.close(write_fd)
        time.sleep(rng.uniform(0.0, window))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        acked = []
        with os.fdopen(read_fd, "rb") as pipe:
            data = pipe.read()
        for (seq,) in struct.iter_unpack("<I", data[: len(data) // 4 * 4]):
            acked.append(seq)
        if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
            stats["exited_early"] += 1
            stats["failures"].append(f"child exited by itself with status {status}")
            break
        stats["kills"] += 1
        stats["acks"] += len(acked)
        # keep the kills landing across the whole save cycle whatever the machine's load: a
        # child that never got to save had too little time, one that saved many times too much
        window = min(window * 1.25, 2.0) if not acked else max(window * 0.8, 0.02) \
            if len(acked) > 3 else window
        last_ack = max(acked) if acked else last_seen
        if leftover_temps(path):
            stats["mid_write"] += 1
        data = path.read_bytes()
        stats["max_size"] = max(stats["max_size"], len(data))
        stats["min_size"] = min(stats["min_size"], len(data))
        try:
            wb = parse_workbook(data, path).document.workbook
        except Exception as exc:  # noqa: BLE001
            stats["failures"].append(f"kill {stats['kills']}: the file does not open: {exc}")
            break
        got = observe(wb)
        if got["seq"] not in (last_ack, last_ack + 1):
            stats["failures"].append(f"kill {stats['kills']}: file at step {got['seq']}, last "
                                     f"acknowledged {last_ack}")
            break
        if got != desired(got["seq"]):
            stats["failures"].append(f"kill {stats['kills']}: step {got['seq']} content differs")
            break
        if got["seq"] > last_seen:
            stats["advanced"] += 1
        last_seen = got["seq"]
    stats["seq"] = last_seen
    if not stats["failures"]:  # the next writer cleans up what the last kill left
        store = WorkbookStore.open(path)
        stats["temps_after_reopen"] = len(leftover_temps(path))
        stats["reopened_writable"] = not store.read_only
        store.close()
    print(json.dumps(stats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
