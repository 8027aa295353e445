"""matplotlib Figure builders for the radar, the trend, the cohort bar and the metrics: no pyplot,
no Qt.

The UI puts a figure on a FigureCanvasQTAgg; the report renders the same figure as vectors.
Importing this package does not import matplotlib: the names below load their module (and
matplotlib) on first use, so start-up stays close to a bare Qt window.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "RadarSeries": "radar",
    "radar_figure": "radar",
    "update_radar": "radar",
    "LiveRadar": "radar",
    "find_artists": "radar",
    "trend_figure": "trend",
    "cohort_figure": "cohort",
    "CohortTexts": "cohort",
    "metrics_figure": "metrics",
    "save_figure": "export",
    "SAVE_FORMATS": "export",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
