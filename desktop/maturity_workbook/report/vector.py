"""Charts as vectors on a QPainter: a matplotlib Figure -> SVG in memory -> QSvgRenderer.

The figure is built at the size it prints (inches), so its text keeps its point sizes. SVG text is
kept as text (`svg.fonttype: none`), which QSvgRenderer draws with Qt's fonts: in a PDF the chart
labels are real, searchable text, and the lines and fills are paths. No raster image is made.

matplotlib lays its text out with its bundled DejaVu Sans; the same files are registered with Qt
(when Qt does not already have that family), so labels measure the same when Qt draws them.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QFontDatabase, QPainter

log = logging.getLogger(__name__)

_FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
               "DejaVuSans-BoldOblique.ttf")
_fonts_ready = False

SVG_RC = {
    "svg.fonttype": "none",  # text stays text
    "svg.hashsalt": "maturity-workbook",  # stable ids: the same chart gives the same bytes
    "svg.image_inline": True,
}


def ensure_fonts() -> None:
    """Make matplotlib's DejaVu Sans known to Qt (needs a QGuiApplication)."""
    global _fonts_ready
    if _fonts_ready:
        return
    _fonts_ready = True
    families = set(QFontDatabase.families())
    wanted = {"DejaVu Sans"}
    if wanted <= families:
        return
    try:
        import matplotlib

        folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    except Exception:  # noqa: BLE001 - without the files Qt falls back to a system font
        log.warning("matplotlib's fonts were not found; the report uses a system font")
        return
    for name in _FONT_FILES:
        path = folder / name
        if path.is_file() and QFontDatabase.addApplicationFont(str(path)) < 0:
            log.warning("Qt could not load the font %s", path)


# a path with no data (an empty fill) has no "d"; Qt would warn about each one on stderr
_EMPTY_PATH = re.compile(rb'<path(?![^>]*\sd=")[^>]*/>')


def figure_svg(figure) -> bytes:
    """The figure as SVG bytes, text kept as text."""
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context(SVG_RC), warnings.catch_warnings():
        # matplotlib measures with DejaVu Sans, which lacks Korean or emoji in a legend; Qt
        # draws the SVG text with its own font fallback, so the warning says nothing useful
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure.savefig(buffer, format="svg", metadata={"Date": None},
                       facecolor=figure.get_facecolor())
    return _EMPTY_PATH.sub(b"", buffer.getvalue())


@dataclass
class SvgChart:
    """One chart's SVG and a renderer for it; draws into any rectangle, keeping its shape."""

    name: str
    svg: bytes
    width_in: float
    height_in: float

    @classmethod
    def from_chart(cls, chart, width_mm: float, height_mm: float) -> "SvgChart":
        """Build the chart's figure at this size and render it to SVG."""
        width_in, height_in = width_mm / 25.4, height_mm / 25.4
        figure = chart.build(width_in, height_in)
        return cls(chart.name, figure_svg(figure), width_in, height_in)

    def __post_init__(self) -> None:
        from PySide6.QtSvg import QSvgRenderer

        self.renderer = QSvgRenderer(QByteArray(self.svg))
        if not self.renderer.isValid():
            raise ValueError(f"the {self.name} chart did not render to valid SVG")
        self.renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)

    def draw(self, painter: QPainter, rect: QRectF) -> None:
        painter.save()
        self.renderer.render(painter, rect)
        painter.restore()
