"""The bundled sample: a fictional program with four final assessments six months apart (three
with question bank 1.0, then a 2.0 reassessment of the third), one function improving steadily
and one stuck; regenerating it gives the same data; the app gets a copy in the data folder, never
a write into the installed package."""

import subprocess
import sys
from datetime import date

import pytest

from maturity_workbook.core.scoring import score_assessment
from maturity_workbook.paths import load_catalog
from maturity_workbook.store import WorkbookStore
from maturity_workbook.store.sample import COPY_NAME, bundled_sample, ensure_sample_copy
from tests.store.helpers import ROOT, SAMPLE, content


@pytest.fixture(scope="module")
def sample():
    return WorkbookStore.open(SAMPLE, read_only=True).workbook


@pytest.fixture(scope="module")
def scores(sample):
    catalog = load_catalog()
    out = []
    for a in sample.ordered_assessments():  # each scored with its own version
        framework = catalog.get(a.framework_id, a.framework_version)
        result = score_assessment(framework, a.agreed_ratings())
        out.append({d.id: d.score for d in result.dimensions} | {
            "_bottleneck": result.bottleneck.id})
    return out


def test_four_final_assessments_about_six_months_apart_the_last_with_2_0(sample):
    assessments = sample.ordered_assessments()
    assert len(assessments) == 4 and all(a.is_final for a in assessments)
    assert [a.framework_version for a in assessments] == ["1.0", "1.0", "1.0", "2.0"]
    assert assessments[3].based_on == assessments[2].id  # a reassessment of spring 2026
    assert not any(a.based_on for a in assessments[:3])
    days = [date.fromisoformat(a.date) for a in assessments]
    assert all(150 <= (b - a).days <= 210 for a, b in zip(days, days[1:]))
    assert sample.name == "Northwind Analytics Academy"
    assert 3 <= len(sample.participants) <= 5
    assert all(p.role for p in sample.participants.values())


def test_content_improves_steadily_and_technology_is_stuck(scores):
    content_scores = [s["content"] for s in scores]
    assert content_scores[0] < content_scores[1] < content_scores[2]
    assert content_scores[2] - content_scores[0] >= 1.0
    assert abs(scores[2]["technology"] - scores[1]["technology"]) < 0.25
    assert abs(scores[3]["technology"] - scores[2]["technology"]) < 0.25  # 2.0 too
    assert scores[2]["_bottleneck"] == scores[3]["_bottleneck"] == "technology"


def test_notes_evidence_targets_and_disagreement(sample):
    for a in sample.assessments.values():
        assert a.targets and a.notes
        assert any(a.spread(i) and a.spread(i) >= 2 for i in a.entries) or a.date < "2025-06"
    entries = [e for a in sample.assessments.values() for e in a.entries.values()]
    assert sum(1 for e in entries if e.note) >= 6
    assert sum(1 for e in entries if e.evidence) >= 6
    assert any(a.spread(i) >= 2 for a in sample.assessments.values() for i in a.entries
               if a.spread(i) is not None)


def test_regenerating_gives_the_same_data(tmp_path):
    out = tmp_path / "regenerated.mwb"
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "make_sample.py"), str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    again = WorkbookStore.open(out, read_only=True).workbook
    bundled = WorkbookStore.open(SAMPLE, read_only=True).workbook
    assert content(again) == content(bundled)
    new_lines, old_lines = out.read_bytes().split(b"\n"), SAMPLE.read_bytes().split(b"\n")
    assert new_lines[2:] == old_lines[2:]  # byte for byte but the app version that wrote it


def test_ensure_sample_copy_copies_once_into_the_data_folder(private_data_dir):
    bundled_before = bundled_sample().read_bytes()
    path = ensure_sample_copy()
    assert path == private_data_dir / COPY_NAME and path.read_bytes() == bundled_before
    with WorkbookStore.open(path) as store:
        store.rename("My own notes on the sample")
    assert ensure_sample_copy() == path  # the user's copy is kept
    assert WorkbookStore.open(path, read_only=True).workbook.name == \
        "My own notes on the sample"
    assert bundled_sample().read_bytes() == bundled_before
