"""The cohort bar: the whole cohort cut into stage shares, the program's place marked, the
source cited. Checked by what the figure holds and where its texts land."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from maturity_workbook.charts.cohort import PRINT_WIDTH, CohortTexts, cohort_figure
from maturity_workbook.charts.radar import find_artists
from maturity_workbook.charts.style import LIGHT
from maturity_workbook.core.cohort import cohort_place
from maturity_workbook.core.framework import load_framework, parse_framework
from maturity_workbook.paths import bundled_frameworks_dir


@pytest.fixture(scope="module")
def five_stage():
    return load_framework(bundled_frameworks_dir() / "customer-learning-five-stage.yaml")


def texts(fig, prefix):
    return [t.get_text() for t in find_artists(fig, prefix)]


def one_text(fig, gid):
    return " ".join(texts(fig, gid))


def test_the_bar_is_the_whole_cohort_cut_into_the_stage_shares(five_stage):
    fig = cohort_figure(cohort_place(five_stage, 2))
    bands = find_artists(fig, "cohort-band:")
    assert [b.get_gid() for b in bands] == [f"cohort-band:{n}" for n in range(1, 6)]
    assert [round(b.get_x(), 6) for b in bands] == [0.0, 0.30, 0.85, 0.95, 0.98]
    assert [round(b.get_width(), 6) for b in bands] == [0.30, 0.55, 0.10, 0.03, 0.02]
    assert texts(fig, "cohort-level:") == ["1", "2", "3", "4", "5"]


def test_the_program_is_marked_and_the_lower_stages_are_hatched(five_stage):
    fig = cohort_figure(cohort_place(five_stage, 2))
    bands = {b.get_gid(): b for b in find_artists(fig, "cohort-band:")}
    mine = bands["cohort-band:2"]
    assert mine.get_facecolor()[:3] == pytest.approx(
        tuple(int(LIGHT.palette[0][i:i + 2], 16) / 255 for i in (1, 3, 5)))
    assert bands["cohort-band:1"].get_hatch() and not mine.get_hatch()
    assert not any(bands[f"cohort-band:{n}"].get_hatch() for n in (3, 4, 5))
    (marker,) = [a for a in find_artists(fig, "cohort-marker") if a.get_gid() == "cohort-marker"]
    tip_x = min(marker.get_xy(), key=lambda p: p[1])[0]
    assert tip_x == pytest.approx(0.30 + 0.55 / 2)
    assert one_text(fig, "cohort-marker-text") == "Stage 2 · Build foundation for scale"
    assert one_text(fig, "cohort-marker-here") == "55% of programs are at this stage"
    assert one_text(fig, "cohort-ahead-text") == "ahead of 30%"
    assert texts(fig, "cohort-share:") == ["30%", "55%", "10%"]  # 3% and 2% have no room


def test_the_key_names_every_stage_and_the_source_is_cited(five_stage):
    fig = cohort_figure(cohort_place(five_stage, 3))
    key = texts(fig, "cohort-key:")
    for stage in five_stage.stages:
        assert any(stage.name in line for line in key), stage.name
    assert "Elevate the brand · 2%" in " ".join(key)
    source = one_text(fig, "cohort-source")
    assert source.startswith("Source: Thought Industries") and "2021" in source


def test_the_first_stage_is_ahead_of_nobody(five_stage):
    fig = cohort_figure(cohort_place(five_stage, 1))
    assert not find_artists(fig, "cohort-ahead")  # neither the bracket nor its text
    assert not any(b.get_hatch() for b in find_artists(fig, "cohort-band:"))


def test_translated_templates_and_a_locale_percent(five_stage):
    de = CohortTexts(stage="Stufe {level}: {name}", here="{share} der Programme",
                     ahead="weiter als {share}", key="{level}. {name} ({share})",
                     source="Quelle: {source}", percent=lambda x: f"{x * 100:.0f} %")
    fig = cohort_figure(cohort_place(five_stage, 2), texts=de)
    assert one_text(fig, "cohort-marker-here") == "55 % der Programme"
    assert one_text(fig, "cohort-ahead-text") == "weiter als 30 %"
    assert "1. Train your customers (30 %)" in texts(fig, "cohort-key:")
    assert one_text(fig, "cohort-source").startswith("Quelle: ")


def laid_out(fig):
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    return renderer, [t for t in fig.findobj(lambda a: hasattr(a, "get_text"))
                      if t.get_text() and t.get_visible()]


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("width, font", [(6.0, None), (PRINT_WIDTH, None), (3.4, 11),
                                         (9.6, 14)])
def test_every_text_fits_and_none_overlap(five_stage, level, width, font):
    fig = cohort_figure(cohort_place(five_stage, level), width=width, font=font,
                        title="Where the program sits")
    renderer, found = laid_out(fig)
    frame = fig.bbox
    boxes = []
    for text in found:
        box = text.get_window_extent(renderer)
        assert frame.x0 - 0.5 <= box.x0 and box.x1 <= frame.x1 + 0.5, text.get_text()
        assert frame.y0 - 0.5 <= box.y0 and box.y1 <= frame.y1 + 0.5, text.get_text()
        boxes.append((text, box))
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1:]:
            inside_bar = {a.get_gid().split(":")[0], b.get_gid().split(":")[0]} & {"cohort-band"}
            if not inside_bar:
                assert not box_a.shrunk(0.98, 0.9).overlaps(box_b.shrunk(0.98, 0.9)), \
                    (a.get_text(), b.get_text())


def test_the_height_follows_the_content(five_stage):
    short = cohort_figure(cohort_place(five_stage, 1))  # no bracket: shorter
    tall = cohort_figure(cohort_place(five_stage, 2), width=3.4)  # narrow: key in one column
    assert short.get_figheight() < tall.get_figheight()
    fixed = cohort_figure(cohort_place(five_stage, 2), height=4.0)
    assert fixed.get_figheight() == 4.0


def test_dark_theme_keeps_the_marker_readable(five_stage):
    fig = cohort_figure(cohort_place(five_stage, 2), dark=True)
    (share,) = [t for t in find_artists(fig, "cohort-share:2")]
    assert share.get_color() == "#000000"  # on sky blue, black reads better than white


def test_a_user_framework_with_many_long_stage_names():
    stages = "".join(
        f"  - {{level: {n}, name: 'Stage number {n} with a rather long descriptive name', "
        f"summary: S., share: 0.125}}\n" for n in range(1, 9))
    levels = ", ".join(f"{n}: x{n}" for n in range(1, 9))
    advice = ", ".join(f"{n}: y{n}" for n in range(1, 8))
    framework = parse_framework(
        "format: 1\nid: long\nversion: '1'\ntitle: Long\nattribution: {source: Test}\n"
        "cohort: {source: 'A survey of 412 academies across Europe, North America and Asia'}\n"
        f"stages:\n{stages}dimensions:\n  - id: d\n    name: D\n    summary: S.\n    items:\n"
        f"      - {{id: i, prompt: P?, help: H., levels: {{{levels}}}, advice: {{{advice}}}}}\n",
        "long.yaml")
    fig = cohort_figure(cohort_place(framework, 8))
    renderer, found = laid_out(fig)
    for text in found:
        box = text.get_window_extent(renderer)
        assert fig.bbox.x0 - 0.5 <= box.x0 and box.x1 <= fig.bbox.x1 + 0.5, text.get_text()
    assert one_text(fig, "cohort-ahead-text") == "ahead of 88%"


def test_building_the_cohort_bar_uses_neither_pyplot_nor_qt():
    desktop = Path(__file__).resolve().parents[2] / "desktop"
    code = textwrap.dedent("""
        import sys
        import maturity_workbook.charts as charts
        from maturity_workbook.core.cohort import cohort_place
        from maturity_workbook.core.framework import load_framework
        from maturity_workbook.paths import bundled_frameworks_dir
        fw = load_framework(bundled_frameworks_dir() / "customer-learning-five-stage.yaml")
        charts.cohort_figure(cohort_place(fw, 2))
        bad = sorted(m for m in sys.modules
                     if m == "matplotlib.pyplot" or m.split(".")[0] in ("PySide6", "shiboken6"))
        print(",".join(bad))
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"PYTHONPATH": str(desktop), "PATH": "", "MPLBACKEND": "Agg"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
