"""Start-up helpers that need no window: the log's rotation and the domain preloaded before Qt."""

import subprocess
import sys

from maturity_workbook.app import FIRST_WINDOW_MODULES, rotate_log


def test_a_large_log_is_rotated_at_start_up_keeping_three(tmp_path):
    log = tmp_path / "app.log"
    for generation in range(5):
        log.write_text(f"generation {generation}\n" + "x" * 200)
        rotate_log(log, max_bytes=100, backups=3)
        assert not log.exists()
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == ["app.log.1", "app.log.2", "app.log.3"]
    assert (tmp_path / "app.log.1").read_text().startswith("generation 4")
    assert (tmp_path / "app.log.3").read_text().startswith("generation 2")
    log.write_text("small")
    rotate_log(log, max_bytes=100, backups=3)
    assert log.read_text() == "small"


def test_the_preloaded_modules_need_no_qt():
    code = ("import sys\n" + "".join(f"import {m}\n" for m in FIRST_WINDOW_MODULES)
            + "print(any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"
