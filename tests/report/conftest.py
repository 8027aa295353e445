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
    assessment_notes: str = ""


def build_workbook(path: Path, framework, specs: list[Spec], name: str = "Northwind Academy",
                   people=PEOPLE, notes: str = "") -> Path:
    from maturity_workbook.store import WorkbookStore

    store = WorkbookStore.create(path, name)
    try:
        pids = [store.add_participant(n, r).id for n, r in people]
        if notes:
            store.set_notes(notes)
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
            if spec.assessment_notes:
                store.update_assessment(a.id, notes=spec.assessment_notes)
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
    return catalog.get("customer-education", "1.0")


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


# ------------------------------------------------------------------ the six workbooks of issue 15
# (the sample on A4 and Letter; one assessment; a function with too little data; long names and
# twelve participants; Korean, Arabic and emoji; 40 assessments x 8 participants)

LONG_PROGRAM = ("Global Customer Enablement and Partner Education Academy of the Northern "
                "Hemisphere Field Operations Division")
LONG_TITLE = ("Second-half reassessment with the regional enablement leads, the partner "
              "academy owners and the customer success operations council, October")
LONG_PEOPLE = (
    ("Maximiliane Alexandra von Hohenzollern-Sigmaringen", "Head of Customer Education"),
    ("Jean-Baptiste Emmanuel Zorg", "Instructional Designer"),
    ("Oluwaseun Adebayo-Williams", "Customer Success Lead"),
    ("Guðrún Sigurðardóttir", "Learning Platform Administrator"),
    ("Krzysztof Brzęczyszczykiewicz", "Partner Enablement"),
    ("Anna-Lena Müller-Lüdenscheidt", "Content Operations"),
    ("Siddharth Venkataraman Subramanian", "Analytics"),
    ("Bartholomew Fitzgerald III", "Field Enablement"),
    ("María José Fernández de Córdoba", "Certification Program Manager"),
    ("Nguyễn Thị Minh Khai", "Community Manager"),
    ("Aleksandra Wiśniewska-Kowalczyk", "Localization"),
    ("Christopher Montgomery-Ashford", "Sales Engineering"),
)
INTL_PROGRAM = "Academy 아카데미 🎓"
INTL_PEOPLE = (("김민준", "교육 책임자"), ("이서연", "콘텐츠"), ("فاطمة الزهراء", "مديرة التدريب"),
               ("يوسف بن علي", ""), ("Lena 🌟 Park", "Delivery"), ("Tomás 🚀 Ortega", ""))
INTL_TITLE = "مراجعة الربيع"
KOREAN_NOTE = "고객 교육 목표가 계획서에 작성되어 있으며 CFO가 승인했습니다. 다음 분기에 다시 검토합니다."
ARABIC_NOTE = "الهدف مكتوب في الخطة منذ 2025، ووافق عليه المدير المالي. نراجعه كل 6 أشهر."
EMOJI_NOTE = "Launch went well 🎉 — 3 of 4 regions live ✅, the last one in May 🚀"
MANY_PEOPLE = tuple((f"{first} {last}", role) for first, last, role in (
    ("Amara", "Okonkwo", "Lead"), ("Bjorn", "Lindqvist", "Content"),
    ("Chen", "Wei", "Platform"), ("Dalia", "Haddad", "Delivery"),
    ("Emeka", "Nwosu", "Analytics"), ("Freya", "Kowalski", "Partners"),
    ("Gustavo", "Pereira", "Success"), ("Hana", "Suzuki", "Community")))


LONG_GOAL = ("Expand into the public sector and the regulated industries of the northern "
             "hemisphere field operations")
LONG_STATEMENT = ("Every newly onboarded administrator in the regulated accounts completes the "
                  "certified administrator path and its compliance module within the first "
                  "forty-five days, measured account by account and region by region.")
LONG_METRICS = (
    ("Certified administrator path completed within forty-five days by regulated accounts",
     "% of newly onboarded administrators", 18, 65),
    ("Compliance module completion among partner-delivered accounts in the northern region",
     "% of accounts", 9, 50),
    ("Support tickets about configuration per hundred trained regulated accounts",
     "tickets per 100 accounts", 42, 25),
    ("Feature adoption lift of trained accounts against untrained accounts of similar size",
     "features", 0.8, 3),
    ("Renewal rate of regulated accounts with at least one certified administrator",
     "% of renewals", 81, 92),
)
INTL_GOAL = "공공 부문 고객 확대 — توسيع القطاع العام 🚀"
INTL_METRICS = (("온보딩 완료율", "%", 30, 70), ("معدل التجديد", "%", 80, 90),
                ("Tickets 🎫 per 100 accounts", "tickets", 40, 25))


def add_plan(path: Path, own_priority: str, statement: str, metrics, owners) -> None:
    """A goal in the team's own words with metrics measured at each final assessment, and an
    action plan with done, open and overdue actions in two phases."""
    from maturity_workbook.core import plan
    from maturity_workbook.core.ops import AddRecord
    from maturity_workbook.core.ops.plan_ops import AddAction, SetActual
    from maturity_workbook.store import WorkbookStore

    with WorkbookStore.open(path) as store:
        wb = store.workbook
        finals = wb.ordered_assessments(final_only=True)
        goal = store.apply(AddRecord(plan.GOALS, {
            "priority": plan.OWN_PRIORITY, "own_priority": own_priority,
            "statement": statement, "since": finals[0].date})).change.record_id
        for position, (name, unit, baseline, target) in enumerate(metrics):
            metric = store.apply(AddRecord(plan.METRICS, {
                "goal_id": goal, "name": name, "unit": unit, "baseline": baseline,
                "baseline_date": finals[0].date, "target": target, "target_date": "2026-12-31",
                "source": "LMS export", "position": position})).change.record_id
            for k, assessment in enumerate(finals):
                store.apply(SetActual(metric, assessment.id, round(  # as a team types it
                    baseline + (target - baseline) * k / (len(finals) + 1), 1)))
        phase = store.apply(AddRecord(plan.PHASES, {
            "horizon": plan.NEXT_REASSESSMENT,
            "targets": {"strategy": 3, "content": 3}})).change.record_id
        later = store.apply(AddRecord(plan.PHASES, {
            "name": "Before the regional kickoff", "horizon": plan.DATED, "until": "2027-01-31",
            "targets": {"technology": 3}})).change.record_id
        dimensions = ("strategy", "content", "delivery", "technology", "")
        for n, owner in enumerate(owners):
            status = (plan.DONE, plan.IN_PROGRESS, plan.PLANNED, plan.DROPPED, plan.PLANNED)[n % 5]
            store.apply(AddAction({
                "title": f"{metrics[n % len(metrics)][0]}: agree the owner and the report "
                         f"({n + 1})", "dimension_id": dimensions[n % 5], "owner": owner,
                "due": f"202{5 + n % 3}-0{1 + n % 9}-15", "status": status,
                "phase_id": phase if n % 2 else later}, finals[-1].date))


def _thin_specs(framework) -> list[Spec]:
    """Technology was the weakest last time and is unrated now; go-to-market is scored lowest
    among the rest; one item goes Performing -> not applicable, another not rated -> Scaling."""
    return [
        Spec("Spring baseline", "2024-03-12", (2, 2, 2, 1), skip_dimension=None),
        Spec("Autumn review", "2024-10-01", (2, 3, 2, 1)),
        Spec("Spring review", "2025-04-08", (3, 3, 2, 1), skip_dimension=3),
    ]


def six_workbooks(folder: Path, framework) -> dict[str, Path]:
    """name -> workbook path (the sample is the bundled one)."""
    first = framework.dimensions[0].items
    out = {"sample": SAMPLE}
    out["single"] = build_workbook(folder / "single.mwb", framework, [
        Spec("First look", "2025-02-03", (1, 2, 2, 3),
             notes={first[0].id: "We have no written goal yet."})])
    out["thin"] = build_workbook(folder / "thin.mwb", framework, _thin_specs(framework))
    out["long"] = build_workbook(folder / "long.mwb", framework, [
        Spec("Kick-off with everyone in the room, first half of the year", "2024-04-02",
             (1, 2, 2, 1)),
        Spec(LONG_TITLE, "2024-10-15", (2, 2, 3, 2),
             notes={item.id: " ".join(["The room discussed this at length and agreed to revisit "
                                       "it with the regional leads before the next review."] * 4)
                    for item in first[:3]},
             assessment_notes="Twelve people from five regions took part; two joined remotely.")],
        name=LONG_PROGRAM, people=LONG_PEOPLE)
    add_plan(out["long"], LONG_GOAL, LONG_STATEMENT, LONG_METRICS,
             [name for name, _role in LONG_PEOPLE[:6]])
    out["intl"] = build_workbook(folder / "intl.mwb", framework, [
        Spec("봄 워크숍 🌸", "2024-04-02", (1, 2, 2, 1)),
        Spec(INTL_TITLE, "2025-05-13", (2, 2, 3, 2),
             notes={first[0].id: KOREAN_NOTE, first[1].id: ARABIC_NOTE, first[2].id: EMOJI_NOTE},
             assessment_notes=ARABIC_NOTE)],
        name=INTL_PROGRAM, people=INTL_PEOPLE, notes=KOREAN_NOTE)
    add_plan(out["intl"], INTL_GOAL, KOREAN_NOTE + " " + ARABIC_NOTE, INTL_METRICS,
             [name for name, _role in INTL_PEOPLE[:4]])
    specs = []
    for n in range(40):
        year, half = 2006 + n // 2, n % 2
        levels = tuple(min(4, 1 + (n + k * 3) // 14) for k in range(4))
        specs.append(Spec(f"Review {n + 1}", f"{year}-{'04' if half == 0 else '10'}-1{k % 9}"
                          if (k := n) is not None else "", levels))
    out["big"] = build_workbook(folder / "big.mwb", framework, specs, name="Big History Academy",
                                people=MANY_PEOPLE)
    return out


@pytest.fixture(scope="session")
def workbooks(tmp_path_factory, framework) -> dict[str, Path]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MATURITY_WORKBOOK_DATA_DIR", str(tmp_path_factory.mktemp("data6")))
        return six_workbooks(tmp_path_factory.mktemp("six"), framework)
