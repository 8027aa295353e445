"""Why an operation was refused, as data: a `Problem` and its parameters.

The window words a problem in the user's language (ui/texts.py); `str(error)` is the English line
the command line and the log print. Callers catch `OperationError` (or the `ValueError` /
`LookupError` it also is).
"""

from __future__ import annotations

from enum import Enum
from typing import Any


class Problem(Enum):
    NO_ASSESSMENT = "no-assessment"  # {id}
    NO_PARTICIPANT = "no-participant"  # {id}
    NO_RECORD = "no-record"  # {table, id}
    FINAL_ASSESSMENT = "final-assessment"  # {title, action}
    NOT_TAKING_PART = "not-taking-part"  # {name, title}
    PARTICIPANT_IN_USE = "participant-in-use"  # {name}
    NEEDS_NAME = "needs-name"  # {what}
    NOT_TEXT = "not-text"  # {what, type}
    TOO_LONG = "too-long"  # {what, length, limit}
    BAD_IDENTIFIER = "bad-identifier"  # {what, value}
    BAD_LEVEL = "bad-level"  # {value}
    BAD_DATE = "bad-date"  # {value}
    BAD_NUMBER = "bad-number"  # {what, value, low, high}
    BAD_CHOICE = "bad-choice"  # {what, value, choices}
    BAD_LIST = "bad-list"  # {what}
    BAD_FRAMEWORK = "bad-framework"  # {}
    BAD_REFERENCE = "bad-reference"  # {what, value}
    LIMIT_REACHED = "limit-reached"  # {what, limit}
    DUPLICATE = "duplicate"  # {what, value}
    PARTICIPANT_FILE = "participant-file"  # {name}: a participant file edits only its ratings
    NOTHING_TO_REVOTE = "nothing-to-revote"  # {item}: no votes in this round yet
    NEEDS_REASON = "needs-reason"  # {item}: leaving the room's median needs a reason
    BAD_EMAIL = "bad-email"  # {value}


_ENGLISH = {
    Problem.NO_ASSESSMENT: "There is no assessment {id!r} in this workbook.",
    Problem.NO_PARTICIPANT: "There is no participant {id!r} in this workbook; add them first.",
    Problem.NO_RECORD: "There is no {table} record {id!r} in this workbook.",
    Problem.FINAL_ASSESSMENT: "'{title}' is final; reopen it before you {action}.",
    Problem.NOT_TAKING_PART: "{name} is not taking part in '{title}'; add them to the "
                             "assessment first.",
    Problem.PARTICIPANT_IN_USE: "{name} has ratings in this workbook and cannot be removed.",
    Problem.NEEDS_NAME: "{what} needs a name.",
    Problem.NOT_TEXT: "{what} must be text, not {type}.",
    Problem.TOO_LONG: "{what} is too long ({length:,} characters; at most {limit:,}).",
    Problem.BAD_IDENTIFIER: "{what} must be a short non-empty text, not {value!r}.",
    Problem.BAD_LEVEL: "A level must be a whole number, not applicable, don't know or unrated, "
                       "not {value!r}.",
    Problem.BAD_DATE: "A date must look like 2026-05-14, not {value!r}.",
    Problem.BAD_NUMBER: "{what} must be a number from {low} to {high}, not {value!r}.",
    Problem.BAD_CHOICE: "{what} must be one of {choices}, not {value!r}.",
    Problem.BAD_LIST: "{what} must be a list.",
    Problem.BAD_FRAMEWORK: "A new assessment needs a framework with an id and a version.",
    Problem.BAD_REFERENCE: "{what} refers to {value!r}, which is not in this workbook.",
    Problem.LIMIT_REACHED: "{what}: at most {limit}.",
    Problem.DUPLICATE: "{what} {value!r} exists already.",
    Problem.NOTHING_TO_REVOTE: "Nobody has voted on {item} in this round yet; there is nothing "
                               "to vote on again.",
    Problem.NEEDS_REASON: "The agreed rating of {item} differs from the room's median; say why.",
    Problem.PARTICIPANT_FILE: "This is {name}'s participant file: only {name}'s own ratings can "
                              "be changed here.",
    Problem.BAD_EMAIL: "{value!r} is not an email address (name@example.com).",
}


class OperationError(Exception):
    """An edit refused by a domain rule; nothing was changed."""

    def __init__(self, problem: Problem, **params: Any):
        self.problem = problem
        self.params = params
        try:
            text = _ENGLISH[problem].format(**params)
        except (KeyError, IndexError, ValueError):
            text = f"{problem.value}: {params}"
        super().__init__(text[:1].upper() + text[1:])


class InvalidValue(OperationError, ValueError):
    """A value of the wrong kind or out of range."""


class NotFound(OperationError, LookupError):
    """An unknown assessment, participant or record."""


class Refused(OperationError):
    """A rule forbids the edit now (a final assessment, a participant still in use, ...)."""
