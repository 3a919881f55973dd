"""Shared fixtures: one Linter with the built-in rules for the whole session (the model loads once)."""

from __future__ import annotations

import pytest

from linter import Linter


@pytest.fixture(scope="session", autouse=True)
def _rule_cache_dir(tmp_path_factory):
    """The CLI caches validated rules; tests (and the processes they start) use a private folder, never ~/.cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INTROLINT_CACHE_DIR", str(tmp_path_factory.mktemp("rule-cache")))
        patch.delenv("INTROLINT_NO_CACHE", raising=False)
        yield


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter()
