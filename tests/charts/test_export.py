"""Save chart as PNG/SVG: the suffix picks the format; a failed save leaves nothing behind."""

import pytest

from maturity_workbook.charts import radar_figure, save_figure
from maturity_workbook.charts.radar import RadarSeries


@pytest.fixture
def fig(primary):
    return radar_figure(primary, [RadarSeries("Now", {"strategy": 2, "content": 3,
                                                      "delivery": 1, "technology": 2})])


@pytest.mark.parametrize("name, magic", [("chart.png", b"\x89PNG"), ("chart.SVG", b"<?xml"),
                                         ("chart.pdf", b"%PDF")])
def test_format_follows_the_suffix(fig, tmp_path, name, magic):
    path = save_figure(fig, tmp_path / name)
    assert path.read_bytes().startswith(magic)
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left
    assert path.stat().st_mode & 0o777 == 0o644


def test_png_is_written_at_print_resolution(fig, tmp_path):
    from PIL import Image

    with Image.open(save_figure(fig, tmp_path / "chart.png")) as image:
        assert image.size == (1200, 1000)  # 6 x 5 in at 200 dpi


def test_svg_is_vector_text(fig, tmp_path):
    text = save_figure(fig, tmp_path / "chart.svg").read_text()
    assert "<svg" in text and "<image" not in text


def test_overwrites_an_existing_file(fig, tmp_path):
    path = tmp_path / "chart.png"
    path.write_bytes(b"old")
    save_figure(fig, path)
    assert path.read_bytes().startswith(b"\x89PNG")


def test_other_suffixes_are_refused(fig, tmp_path):
    with pytest.raises(ValueError, match="'.jpg'"):
        save_figure(fig, tmp_path / "chart.jpg")
    with pytest.raises(ValueError, match="without a suffix"):
        save_figure(fig, tmp_path / "chart")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_save_leaves_no_partial_file(fig, tmp_path, monkeypatch):
    path = tmp_path / "chart.png"
    path.write_bytes(b"keep me")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(fig, "savefig", broken)
    with pytest.raises(OSError):
        save_figure(fig, path)
    assert path.read_bytes() == b"keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["chart.png"]
