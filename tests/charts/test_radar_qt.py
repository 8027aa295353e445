"""LiveRadar on the canvas the app uses (FigureCanvasQTAgg), offscreen: blits, resizes, hi-DPI."""

import numpy as np
import pytest

pytest.importorskip("PySide6")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg  # noqa: E402

from maturity_workbook.charts.radar import LiveRadar, RadarSeries, radar_figure  # noqa: E402

SERIES = [RadarSeries("Before", {"strategy": 1.5, "content": 2.0, "delivery": None,
                                 "technology": 1.75}),
          RadarSeries("Now", {"strategy": 2.0, "content": 3.25, "delivery": 2.5,
                              "technology": 2.0})]
TARGET = {"strategy": 3, "content": 4, "delivery": 3, "technology": 3}


def test_live_radar_on_a_qt_canvas(qtbot, primary):
    canvas = FigureCanvasQTAgg(radar_figure(primary, SERIES, TARGET))
    qtbot.addWidget(canvas)
    live = LiveRadar(canvas)
    canvas.resize(600, 500)
    canvas.show()
    qtbot.waitExposed(canvas)
    canvas.draw()
    changed = [SERIES[0], RadarSeries("Now", {**SERIES[1].scores, "content": 4.0})]
    assert live.update(primary, changed, TARGET) is True
    blitted = np.asarray(canvas.buffer_rgba()).copy()

    reference = radar_figure(primary, changed, TARGET)
    reference.set_size_inches(canvas.figure.get_size_inches())
    reference.set_dpi(canvas.figure.dpi)
    ref_canvas = FigureCanvasAgg(reference)
    LiveRadar(ref_canvas)
    ref_canvas.draw()
    assert blitted.shape == np.asarray(ref_canvas.buffer_rgba()).shape
    assert (blitted == np.asarray(ref_canvas.buffer_rgba())).all()

    canvas.resize(500, 420)  # the window shrinks: the saved background no longer fits
    qtbot.waitUntil(lambda: canvas.get_width_height() == (500, 420))
    canvas.draw()
    assert live.update(primary, SERIES, TARGET) is True
