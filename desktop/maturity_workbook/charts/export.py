"""Save a chart as the user asked ("Save chart as PNG/SVG"): the format follows the file suffix."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from matplotlib.figure import Figure

SAVE_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
PNG_DPI = 200  # crisp when pasted into slides or documents


def save_figure(fig: Figure, path: str | os.PathLike, *, dpi: float | None = None) -> Path:
    """Write `fig` to `path` as PNG, SVG or PDF by its suffix (case-insensitive).

    The file is written next to its destination and then moved into place, so an existing file
    is never left half-written. PNGs are written at `dpi` (default 200); SVG and PDF are vectors.
    Raises ValueError for another suffix, OSError when the folder cannot be written.
    """
    path = Path(path)
    fmt = SAVE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(SAVE_FORMATS)
        raise ValueError(f"cannot save a chart as {path.suffix or 'a file without a suffix'!r}; "
                         f"choose one of {known}")
    options = {"format": fmt, "facecolor": fig.get_facecolor()}
    if fmt == "png":
        options["dpi"] = dpi or PNG_DPI
    if fmt == "svg":
        options["metadata"] = {"Date": None}  # the same chart gives the same file
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        # mkstemp makes a private file; a saved chart gets the usual permissions (or keeps the
        # permissions of the file it replaces)
        os.chmod(temp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        with os.fdopen(handle, "wb") as stream:
            fig.savefig(stream, **options)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise
    return path
