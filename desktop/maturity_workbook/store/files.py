"""Reading workbook files safely: the real path, regular files only, the size checked first,
strict JSON, and whether a file may be written at all.

- `real_path`: a workbook opened through a symlink is locked and saved as the file the link
  points to, resolved once when it is opened; the link stays a link.
- `read_workbook_bytes`: refuses folders, FIFOs, devices and sockets in one line without ever
  blocking, and a file over the size limit before reading it (core/safe_read.py).
- `load_json`: json.loads that refuses what it could not write back the same way: numbers too
  large for a float (1e999 would become infinity, which JSON cannot hold), NaN and Infinity, and
  keys repeated in one object (which value counts would be a guess). The message says where.
- `check_text_encoding`: a UTF-16 or UTF-32 file is named as such instead of "not text".
- `writable_reason`: why a workbook must open read-only: other hard links, no write permission
  (also for root, who could write anyway), a read-only folder.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from maturity_workbook.core import safe_read
from maturity_workbook.store.atomic import describe_os_error
from maturity_workbook.store.errors import (
    CorruptWorkbookError, MissingWorkbookError, NotAWorkbookError, WorkbookError,
)

MAX_WORKBOOK_BYTES = 256 * 1024 * 1024  # decode.MAX_FILE_BYTES is this
FILE_READ_ONLY = ("The file is read-only (its permissions do not allow changes); it is open "
                  "read-only.")
FOLDER_READ_ONLY = "The folder holding the workbook cannot be written; it is open read-only."


def real_path(path: str | Path) -> Path:
    """The absolute path with every symlink resolved (as far as the path exists)."""
    return Path(os.path.realpath(os.path.abspath(path)))


def _label(path: str | Path | None) -> str:
    return str(path) if path is not None else "the file"


# ---------------------------------------------------------------------------------- reading


def read_workbook_bytes(path: str | Path, max_bytes: int | None = None,
                        what: str = "workbook") -> bytes:
    """The bytes of a workbook (or import source, or backup) at `path`; only WorkbookErrors."""
    if max_bytes is None:
        max_bytes = MAX_WORKBOOK_BYTES
    path = Path(path)
    try:
        return safe_read.read_regular(path, max_bytes)
    except FileNotFoundError:
        raise MissingWorkbookError(f"{path} does not exist (it may have been moved or "
                                   "renamed).", path) from None
    except safe_read.UnsafeFileError as exc:
        if exc.kind == safe_read.TOO_LARGE:
            raise NotAWorkbookError(f"{path} is {exc.size:,} bytes, far too large for a {what} "
                                    f"file (at most {max_bytes:,}).", path) from None
        if exc.kind == safe_read.DIRECTORY:
            raise NotAWorkbookError(f"{path} is a folder, not a {what} file.", path) from None
        raise NotAWorkbookError(f"{path} is a {exc.kind}, not a {what} file; choose a regular "
                                "file.", path) from None
    except IsADirectoryError:  # Windows reports a folder this way on open
        raise NotAWorkbookError(f"{path} is a folder, not a {what} file.", path) from None
    except OSError as exc:
        raise WorkbookError(f"Could not read {path}: {describe_os_error(exc)}.", path) from exc


# -------------------------------------------------------------------------------- encodings

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"),
)


def text_encoding(data: bytes) -> str | None:
    """"UTF-16" or "UTF-32" when `data` is JSON-like text in one of them (with or without a
    byte order mark), else None. Text editors on Windows save "Unicode" as UTF-16."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    if len(data) < 4:
        return None
    guess = json.detect_encoding(data[:4])  # RFC 4627's rule: where the zero bytes are
    if not guess.startswith(("utf-16", "utf-32")):
        return None
    head = data[:4096].decode(guess, "replace").lstrip()
    if head[:1] not in ("{", "["):
        return None  # zero bytes, but not text that looks like JSON: leave it to the caller
    return "UTF-32" if guess.startswith("utf-32") else "UTF-16"


def check_text_encoding(data: bytes, path: str | Path | None, what: str = "workbook") -> None:
    """Raise NotAWorkbookError naming the encoding when `data` is UTF-16 or UTF-32 text."""
    name = text_encoding(data)
    if name:
        raise NotAWorkbookError(f"{_label(path)} is {name} text; {what} files are read as UTF-8 "
                                "only. Save it as UTF-8 (a text editor can) and try again.", path)


# ------------------------------------------------------------------------------ strict JSON


class _Doubts:
    """What the hooks saw that cannot be written back as read (collected, then located)."""

    __slots__ = ("found",)

    def __init__(self):
        self.found = False


def load_json(text: str, path: str | Path | None = None) -> Any:
    """json.loads, refusing non-finite numbers and repeated keys with a located
    CorruptWorkbookError. Syntax errors still raise json.JSONDecodeError (a ValueError)."""
    doubts = _Doubts()

    def pairs(items: list) -> dict:
        obj = dict(items)
        if len(obj) != len(items):
            doubts.found = True
        return obj

    def number(token: str) -> float:
        value = float(token)
        if value - value != 0:  # inf - inf is nan; nan != 0
            doubts.found = True
        return value

    def constant(name: str) -> None:
        doubts.found = True
        return None

    obj = json.loads(text, object_pairs_hook=pairs, parse_float=number, parse_constant=constant)
    if doubts.found:
        raise strict_json_error(text, path)
    return obj


_TOKEN = re.compile(r"""[ \t\n\r]*(?:
      (?P<str>"(?:[^"\\]|\\.)*")
    | (?P<num>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)
    | (?P<lit>true|false|null|NaN|-?Infinity)
    | (?P<punct>[{}\[\]:,])
    )""", re.X | re.S)


def find_doubt(text: str) -> tuple[int, str, list] | None:
    """The first non-finite number or repeated key in valid JSON `text`: (offset, what, path to
    it as keys and indexes). None when there is none."""
    stack: list[list] = []  # [is_object, keys seen, current key or index, expecting a key]
    pos = 0
    end = len(text)
    while pos < end:
        match = _TOKEN.match(text, pos)
        if match is None:
            return None  # trailing space, or not the JSON we expect: give up on locating
        pos = match.end()
        kind = match.lastgroup
        token = match.group(kind)
        start = match.start(kind)
        top = stack[-1] if stack else None
        if kind == "punct":
            if token in "{[":
                stack.append([token == "{", set(), 0 if token == "[" else None, token == "{"])
            elif token in "}]":
                stack.pop()
            elif token == "," and top is not None:
                if top[0]:
                    top[3] = True
                else:
                    top[2] += 1
            elif token == ":" and top is not None:
                top[3] = False
            continue
        if kind == "str" and top is not None and top[0] and top[3]:
            key = json.loads(token)
            if key in top[1]:
                return start, f"the key {_quote(key)} appears twice, so which value counts " \
                              "is unclear", [frame[2] for frame in stack[:-1]]
            top[1].add(key)
            top[2] = key
            continue
        if kind == "lit" and token in ("NaN", "Infinity", "-Infinity"):
            return start, f"it holds {token}, which is not a number a workbook can store", \
                [frame[2] for frame in stack]
        if kind == "num" and not _finite(token):
            return start, f"it holds the number {_clip(token)}, too large to store", \
                [frame[2] for frame in stack]
    return None


def _finite(token: str) -> bool:
    try:
        value = float(token)
    except OverflowError:  # pragma: no cover - float() returns inf rather than raising
        return False
    return value - value == 0


def _quote(key: str) -> str:
    return json.dumps(_clip(key), ensure_ascii=False)


def _clip(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 3] + "..."


def _where(path: list) -> str:
    return "/" + "/".join(str(part) for part in path) if path else "the top level"


def strict_json_error(text: str, path: str | Path | None) -> CorruptWorkbookError:
    found = find_doubt(text)
    label = _label(path)
    if found is None:  # the hooks saw it, the scanner did not: still refuse, without a place
        return CorruptWorkbookError(f"{label} cannot be opened safely: it holds a number too "
                                    "large to store or a key given twice. Correct it in a text "
                                    "editor or restore a backup.", path)
    offset, what, where = found
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return CorruptWorkbookError(f"{label} cannot be opened safely: at line {line}, column "
                                f"{column} ({_where(where)}) {what}. Correct it in a text editor "
                                "or restore a backup.", path)


# -------------------------------------------------------------------------------- writing


def hard_link_reason(links: int) -> str:
    return (f"The file has {links} hard links (names for the same data); saving replaces the "
            "file and would separate them, so it is open read-only. Make a copy to edit it.")


def writable_reason(path: str | Path) -> tuple[str, str]:
    """Why the workbook at `path` must be opened read-only, as (cause, sentence): cause is
    "hard-links", "file-read-only" or "folder-read-only" (the values of the store's
    ReadOnlyCause), or ("", "") when it may be written.

    Mode bits decide, not only os.access: root may write anything, yet a file marked 0444 is
    meant to stay as it is. A file with hard links is not saved, because an atomic save puts a
    new file in its place and the other names would keep the old data (docs/reliability.md)."""
    path = Path(path)
    try:
        st = os.stat(path)
    except OSError:
        return "", ""  # reading it just worked; a save will report what is wrong
    if stat.S_ISREG(st.st_mode) and st.st_nlink > 1:
        return "hard-links", hard_link_reason(st.st_nlink)
    if not st.st_mode & 0o222 or not os.access(path, os.W_OK):
        return "file-read-only", FILE_READ_ONLY
    if not os.access(path.parent, os.W_OK):
        return "folder-read-only", FOLDER_READ_ONLY
    return "", ""
