"""Error types that carry the file, line and a stable code, so every bad input is reported the same way."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class IntrolintError(Exception):
    """Base class for every error introlint reports to a user (exit code 2).

    ``code`` is a stable, searchable identifier such as ``E101``; ``path`` and
    ``line`` locate the problem when it comes from a file.
    """

    code = "E000"

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message} [{self.code}]"


class RuleError(IntrolintError):
    """A rule, signal or pack file is malformed."""

    code = "E100"


class ConfigError(IntrolintError):
    """A configuration file or option is malformed."""

    code = "E200"


class InputError(IntrolintError):
    """A draft could not be read: missing, binary, undecodable, empty or too large."""

    code = "E300"


class UsageError(IntrolintError):
    """The command line or API was called with arguments that do not fit together."""

    code = "E400"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ' (did you mean 'x'?)' for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
