"""Workbooks for the report tests, made through the store API, and PDF helpers (pypdf)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "sample.mwb"

PEOPLE = (("Zoë Ångström", "Education lead"), ("Ben Okafor", "Content"),
          ("Chloé Dubois", "Delivery"))
HTML_NOTE = "Slides are <b>reused</b> &amp; linked <script>alert(1)</script> & kept"


@dataclass
class Spec:
    """One assessment to build: a level per dimension index, for everyone (with a small spread)."""

    title: str
    day: str
    levels: tuple[int, ...]
    final: bool = True
    notes: dict = field(default_factory=dict)  # item id -> note
    evidence: dict = field(default_factory=dict)  # item id -> [text]
    targets: dict = field(default_factory=dict)  # dimension id -> level
    skip_dimension: int | None = None  # leave this dimension unrated (insufficient data)


def build_workbook(path: Path, framework, specs: list[Spec], name: str = "Northwind Academy",
                   people=PEOPLE) -> Path:
    from maturity_workbook.store import WorkbookStore

    store = WorkbookStore.create(path, name)
    try:
        pids = [store.add_participant(n, r).id for n, r in people]
        for spec in specs:
            a = store.create_assessment(framework, spec.title, spec.day, pids)
            for d_index, dim in enumerate(framework.dimensions):
                if d_index == spec.skip_dimension:
                    continue
                base = spec.levels[d_index]
                for i_index, item in enumerate(dim.items):
                    for k, pid in enumerate(pids):
                        level = base + ((i_index + k) % 3 == 0 and base < framework.max_level)
                        store.set_rating(a.id, item.id, pid, level)
            for item_id, note in spec.notes.items():
                store.set_note(a.id, item_id, note)
            for item_id, evidence in spec.evidence.items():
                store.set_evidence(a.id, item_id, evidence)
            for dim_id, level in spec.targets.items():
                store.set_target(a.id, dim_id, level)
            if spec.final:
                store.finalize(a.id)
        store.flush()
    finally:
        store.close()
    return path


def open_workbook(path: Path):
    from maturity_workbook.store import WorkbookStore

    store = WorkbookStore.open(path, read_only=True)
    try:
        return store.workbook
    finally:
        store.close()


@pytest.fixture(scope="session", autouse=True)
def _application(qapp):
    """pytest-qt's QApplication, made before any report code runs: `ensure_app` would otherwise
    make a bare QGuiApplication, and the widget tests later in the run could not start."""
    return qapp


@pytest.fixture(scope="session")
def catalog():
    from maturity_workbook.paths import load_catalog

    return load_catalog()


@pytest.fixture(scope="session")
def framework(catalog):
    return catalog.get("customer-education")


def history_specs(framework) -> list[Spec]:
    """Three final assessments: a realistic history with notes, evidence and targets."""
    first = framework.dimensions[0].items
    second = framework.dimensions[1].items
    return [
        Spec("Spring kickoff", "2024-03-12", (1, 1, 2, 1), skip_dimension=3),
        Spec("Autumn review", "2024-10-01", (2, 1, 2, 2),
             notes={first[0].id: "We had no written goal yet."}),
        Spec("Spring 2025 reassessment", "2025-04-08", (2, 2, 3, 2),
             notes={first[0].id: "The goal is written into the plan; the CFO signed it off.",
                    second[1].id: HTML_NOTE},
             evidence={first[0].id: ["Plan 2025, page 3", "https://intranet.example/okr"]},
             targets={framework.dimensions[0].id: 3, framework.dimensions[1].id: 3}),
    ]


@pytest.fixture(scope="session")
def history_workbook(tmp_path_factory, framework):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MATURITY_WORKBOOK_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        path = tmp_path_factory.mktemp("wb") / "history.mwb"
        return build_workbook(path, framework, history_specs(framework))


@pytest.fixture(scope="session")
def history_pdf(tmp_path_factory, history_workbook, framework):
    """The snapshot of the history workbook's latest assessment, on A4, and its parsed text."""
    from datetime import date

    from maturity_workbook.report import export_pdf

    wb = open_workbook(history_workbook)
    out = tmp_path_factory.mktemp("pdf") / "history.pdf"
    export_pdf(wb, framework, wb.latest(), out, paper="A4", today=date(2025, 5, 1))
    return out


# ----------------------------------------------------------------------------------- reading


def pdf_reader(source):
    import pypdf

    if isinstance(source, (bytes, bytearray)):
        return pypdf.PdfReader(io.BytesIO(source))
    return pypdf.PdfReader(str(source))


def page_texts(source) -> list[str]:
    return [page.extract_text() or "" for page in pdf_reader(source).pages]


def flat(text: str) -> str:
    """Whitespace collapsed (lines wrap wherever the layout put them). A run of user text is a
    separate text chunk in the PDF (it is bidi-isolated), and pypdf puts a space at each chunk
    boundary, also before a comma or full stop that follows: that space is dropped."""
    text = re.sub(r"[\u2068\u2069\ufe0e]", "", text.replace("\u00a0", " "))
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r" (?=[,.;:)])", "", text)


def all_text(source) -> str:
    return flat(" ".join(page_texts(source)))


def image_xobjects(source) -> list[str]:
    """Every image XObject in the file, looking inside form XObjects too."""
    found: list[str] = []

    def walk(resources, where):
        if resources is None:
            return
        xobjects = resources.get("/XObject")
        if xobjects is None:
            return
        xobjects = xobjects.get_object()
        for name, ref in xobjects.items():
            obj = ref.get_object()
            subtype = obj.get("/Subtype")
            if subtype == "/Image":
                found.append(f"{where}{name}")
            elif subtype == "/Form":
                walk(obj.get("/Resources"), f"{where}{name}/")

    for number, page in enumerate(pdf_reader(source).pages, 1):
        walk(page.get("/Resources"), f"page {number}: ")
    return found
