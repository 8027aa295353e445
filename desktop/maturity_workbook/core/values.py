"""Checking the values an operation is given: text, identifiers, levels, dates, numbers.

Every checker returns the clean value or raises InvalidValue; none changes anything.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any, Iterable

from maturity_workbook.core.errors import InvalidValue, Problem
from maturity_workbook.core.workbook import UNKNOWN, UNRATED

MAX_TEXT = 1_000_000
MAX_IDENT = 200
MAX_LEVEL = 1000


def clean_text(text: str) -> str:
    """Text that always encodes as UTF-8: lone surrogates (broken pastes, bad escapes) -> U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise InvalidValue(Problem.NOT_TEXT, what=what, type=type(value).__name__)
    if len(value) > MAX_TEXT:
        raise InvalidValue(Problem.TOO_LONG, what=what, length=len(value), limit=MAX_TEXT)
    return clean_text(value)


def name(value: Any, what: str) -> str:
    """Text that must not be blank once trimmed (names, titles of records)."""
    cleaned = text(value, what).strip()
    if not cleaned:
        raise InvalidValue(Problem.NEEDS_NAME, what=what)
    return cleaned


def ident(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_IDENT:
        raise InvalidValue(Problem.BAD_IDENTIFIER, what=what, value=value)
    return clean_text(value)


def level(value: Any, *, allow_unrated: bool = True) -> Any:
    """A rating: an int level, None (not applicable), UNKNOWN, or UNRATED (clears it)."""
    if value is None or value is UNKNOWN or (allow_unrated and value is UNRATED):
        return value
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_LEVEL:
        raise InvalidValue(Problem.BAD_LEVEL, value=value)
    return value


def target_level(value: Any) -> int | None:
    """A target: an int level, or None for no target."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_LEVEL:
        raise InvalidValue(Problem.BAD_LEVEL, value=value)
    return value


def iso_date(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()[:10]
    if isinstance(value, str) and len(value) == 10:
        try:
            date.fromisoformat(value)
            return value
        except ValueError:
            pass
    raise InvalidValue(Problem.BAD_DATE, value=value)


def boolean(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidValue(Problem.BAD_CHOICE, what=what, value=value, choices="true, false")
    return value


def integer(value: Any, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidValue(Problem.BAD_NUMBER, what=what, value=value, low=low, high=high)
    return value


def number(value: Any, what: str, low: float = -1e15, high: float = 1e15) -> float | int:
    """A finite number (an int stays an int): the file must be able to store it."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not math.isfinite(value) or not low <= value <= high:
        raise InvalidValue(Problem.BAD_NUMBER, what=what, value=value, low=low, high=high)
    return value


def choice(value: Any, what: str, choices: Iterable[str]) -> str:
    options = tuple(choices)
    if value not in options:
        raise InvalidValue(Problem.BAD_CHOICE, what=what, value=value, choices=", ".join(options))
    return value


def text_list(value: Any, what: str) -> list[str]:
    if isinstance(value, str):
        raise InvalidValue(Problem.BAD_LIST, what=what)
    try:
        return [text(line, what) for line in value]
    except TypeError:
        raise InvalidValue(Problem.BAD_LIST, what=what) from None
