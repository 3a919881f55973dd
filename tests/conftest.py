"""Shared fixtures: one Linter with the built-in rules for the whole session (the model loads once)."""

from __future__ import annotations

import pytest

from linter import Linter


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter()
