"""The bundled sample workbook, offered as a copy in the user's data folder.

The copy is made once and kept: a user's changes to it are theirs. The installed package is only
ever read.
"""

from __future__ import annotations

from pathlib import Path

from maturity_workbook.paths import data_dir
from maturity_workbook.resources import resource_path
from maturity_workbook.store.atomic import write_atomic

SAMPLE_NAME = "sample.mwb"
COPY_NAME = "Sample - Northwind.mwb"


def bundled_sample() -> Path:
    return resource_path("samples", SAMPLE_NAME)


def ensure_sample_copy() -> Path:
    """The path of the user's copy of the sample, copying the bundled one if there is none.

    Raises OSError when the data folder cannot be written or the bundled sample is missing.
    """
    target = data_dir() / COPY_NAME
    if target.exists():
        return target
    data = bundled_sample().read_bytes()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        write_atomic(target, data, exclusive=True)
    except FileExistsError:
        pass  # another instance made it at the same moment: keep theirs
    return target
