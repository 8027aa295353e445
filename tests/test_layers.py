"""The domain stays plain Python: core imports no Qt, matplotlib or tinydb, directly or not."""

import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "desktop" / "maturity_workbook" / "core"
FORBIDDEN = ("PySide6", "matplotlib", "tinydb", "shiboken6")


def test_core_imports_nothing_forbidden():
    modules = [f"maturity_workbook.core.{p.stem}" for p in CORE.glob("*.py") if p.stem != "__init__"]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))\n"
    )
    env_path = str(CORE.parents[1])
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"PYTHONPATH": env_path, "PATH": ""}, check=True)
    assert len(modules) >= 4
    assert result.stdout.strip() == "", f"core pulled in: {result.stdout.strip()}"
