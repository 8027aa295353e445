"""Start-up helpers that need no window: the log's rotation."""

from maturity_workbook.app import rotate_log


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
