"""The snapshot of the five-stage and the three-job models: the cohort bar with the program's
place and its source, the next stage's imperatives, and the job that holds the program back with
its single step. Checked by the text pypdf extracts from the printed file."""

from __future__ import annotations

from datetime import date

import pytest

from tests.models_data import FIVE, JOBS, models_workbook
from tests.report.conftest import all_text, image_xobjects, open_workbook


@pytest.fixture(scope="module")
def printed(tmp_path_factory, catalog):
    """The workbook of tests/models_data.py and the PDF of its five-stage review and of its
    three-job check, keyed by name."""
    from maturity_workbook.report import export_pdf

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MATURITY_WORKBOOK_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        folder = tmp_path_factory.mktemp("models")
        ids = models_workbook(folder / "models.mwb")
    wb = open_workbook(folder / "models.mwb")
    out = {}
    for name, framework in (("five-review", catalog.get(FIVE, "2.0")),
                            ("jobs", catalog.get(JOBS, "2.0"))):
        path = folder / f"{name}.pdf"
        export_pdf(wb, framework, wb.assessments[ids[name]], path, paper="A4",
                   today=date(2026, 1, 10))
        out[name] = path
    return out


def test_the_five_stage_snapshot_places_the_program_in_the_cohort(printed, catalog):
    text = all_text(printed["five-review"])
    framework = catalog.get(FIVE, "2.0")
    head = "Where the program sits among others"
    assert text.index("Summary") < text.index(head) < text.index("What to do")
    assert ("Stage 2 · Build foundation for scale: where 55% of the programs the research "
            "looked at are; ahead of 30%.") in text
    # the chart prints as vectors with real text: the marker, the bracket and the source
    assert "55% of programs are at this stage" in text and "ahead of 30%" in text
    assert "Source: Thought Industries customer learning research cohort, 2021" in text
    assert image_xobjects(printed["five-review"]) == []
    assert "Next steps: the imperatives of stage 3 · Personalize learning" in text
    for imperative in framework.stage(3).imperatives:
        assert imperative in text
    assert "The job that holds the program back" not in text


def test_the_three_job_snapshot_names_the_job_and_gives_one_step(printed, catalog):
    text = all_text(printed["jobs"])
    framework = catalog.get(JOBS, "2.0")
    deliver = framework.job_for_level(2)
    what_to_do = text[text.index("What to do"):]
    assert what_to_do.startswith("What to do The job that holds the program back: Deliver")
    assert ("The program stands at 1 · Reusable content base, the stage its weakest job, "
            "Deliver, has reached. The next stage, 2 · Organized for findability, is the work "
            "of Deliver.") in text
    assert deliver.steps[2] in text
    assert text.count("The next step") == 1
    assert "Next steps" not in text  # not the weakest function's three steps
    assert "Deliver 2 to 4 holds the program back: next, stage 2" in text
    assert "Where the program sits among others" not in text


def test_the_primary_model_prints_neither(history_pdf):
    text = all_text(history_pdf)
    assert "Where the program sits among others" not in text
    assert "The job that holds the program back" not in text


def test_stage_zero_prints_with_create_as_the_job(tmp_path, catalog):
    """A program answering everything live is at stage 0: create holds it back."""
    from maturity_workbook.report import export_pdf
    from tests.models_data import add_assessment
    from maturity_workbook.store import WorkbookStore

    framework = catalog.get(JOBS, "2.0")
    path = tmp_path / "young.mwb"
    store = WorkbookStore.create(path, "Young program")
    pids = [store.add_participant(n).id for n in ("Ana", "Bo", "Cy")]
    aid = add_assessment(store, framework, "First check", "2026-01-05", pids,
                         {d.id: 0 for d in framework.dimensions})
    store.flush()
    store.close()
    wb = open_workbook(path)
    export_pdf(wb, framework, wb.assessments[aid], tmp_path / "young.pdf", paper="Letter",
               today=date(2026, 1, 10))
    text = all_text(tmp_path / "young.pdf")
    assert "The job that holds the program back: Create" in text
    assert "The program stands at 0 · Reactive answers" in text
    assert framework.job_for_level(1).steps[1] in text


def test_a_function_without_a_stage_leaves_the_cohort_place_unsaid(tmp_path, catalog):
    from maturity_workbook.report.content import build_snapshot
    from maturity_workbook.report.document import Paragraph, plain
    from maturity_workbook.store import WorkbookStore

    framework = catalog.get(FIVE, "2.0")
    path = tmp_path / "thin.mwb"
    store = WorkbookStore.create(path, "Thin")
    pid = store.add_participant("Ana").id
    a = store.create_assessment(framework, "Half done", "2026-01-05", [pid])
    for item in framework.dimensions[0].items:
        store.set_rating(a.id, item.id, pid, 2)
    store.finalize(a.id)
    store.flush()
    store.close()
    wb = open_workbook(path)
    doc = build_snapshot(wb, framework, wb.assessments[a.id], today=date(2026, 1, 10))
    said = [plain(b.text) for b in doc.blocks if isinstance(b, Paragraph)]
    assert any("shown once every function has a stage" in s for s in said)
    assert not any(getattr(b, "name", "") == "cohort" for b in doc.blocks)
