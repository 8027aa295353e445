"""The one place that finds bundled resources (frameworks, samples, icons).

Works from a source checkout (resources/ at the repository root), an installed wheel (the wheel
carries them as maturity_workbook/resources) and a PyInstaller bundle (sys._MEIPASS).
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def resource_root() -> Path:
    candidates = []
    frozen_dir = getattr(sys, "_MEIPASS", None)
    if frozen_dir:
        candidates.append(Path(frozen_dir) / "maturity_workbook" / "resources")
        candidates.append(Path(frozen_dir) / "resources")
    candidates.append(_PACKAGE_DIR / "resources")  # installed wheel
    candidates.append(_PACKAGE_DIR.parent.parent / "resources")  # source checkout
    for candidate in candidates:
        if (candidate / "frameworks").is_dir():
            return candidate
    raise FileNotFoundError(
        "the bundled resources are missing; looked in " + ", ".join(str(c) for c in candidates)
    )


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource, e.g. resource_path("frameworks", "customer-education.yaml")."""
    return resource_root().joinpath(*parts)
