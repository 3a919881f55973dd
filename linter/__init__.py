"""introlint: lint introduction messages before you send them. `linter.check(text)` is the quick start."""

from __future__ import annotations

from importlib import metadata

from .api import Linter, check
from .drafts import Draft
from .errors import ConfigError, InputError, IntrolintError, RuleError, UsageError
from .report import Finding, Report, Strength
from .ruleset import RuleSet, load_ruleset
from .scoring import Policy

try:
    __version__ = metadata.version("introlint")
except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0+unknown"

__all__ = [
    "check", "Linter", "Draft", "Report", "Finding", "Strength", "RuleSet", "load_ruleset", "Policy",
    "IntrolintError", "RuleError", "ConfigError", "InputError", "UsageError", "__version__",
]
