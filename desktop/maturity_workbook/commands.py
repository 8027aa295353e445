"""The command line's plumbing, shared by every layer that adds sub-commands: exit codes, the
one-line error, and the registry `cli.py` builds its parser from."""

from __future__ import annotations

import argparse
from typing import Callable

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_INVALID = 2


class CommandError(Exception):
    """A failure to report as one line, with an exit status."""

    def __init__(self, message: str, status: int = EXIT_ERROR):
        super().__init__(message)
        self.status = status


COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Callable]] = {}


def register(name: str, help_text: str, run: Callable[[argparse.Namespace], int],
             configure: Callable[[argparse.ArgumentParser], None] = lambda parser: None) -> None:
    """Add a sub-command; `configure` adds its arguments, `run` returns the exit status."""
    COMMANDS[name] = (help_text, configure, run)
