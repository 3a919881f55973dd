"""introlint: lint introduction messages before you send them. `linter.check(text)` is the quick start."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# Public names and the module each lives in. They are imported on first use, so that
# `introlint --version`, `--help` and `rules list` start fast and never import spaCy.
_EXPORTS = {
    "check": "api", "Linter": "api", "batch_gc": "batchgc",
    "Draft": "drafts",
    "IntrolintError": "errors", "RuleError": "errors", "ConfigError": "errors",
    "InputError": "errors", "UsageError": "errors",
    "Finding": "report", "Report": "report", "Strength": "report",
    "RuleSet": "ruleset", "load_ruleset": "ruleset",
    "Policy": "scoring",
}

__all__ = [*_EXPORTS, "__version__"]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors
    from .api import Linter, check
    from .batchgc import batch_gc
    from .drafts import Draft
    from .errors import ConfigError, InputError, IntrolintError, RuleError, UsageError
    from .report import Finding, Report, Strength
    from .ruleset import RuleSet, load_ruleset
    from .scoring import Policy


def __getattr__(name: str):
    if name == "__version__":
        from .version import version

        return version()
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'linter' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(__all__)
