"""Garbage-collector settings for long batches, once a Linter is built.

The cyclic collector otherwise walks the Linter's long-lived objects (rules, pipeline, caches)
on every full pass, and runs a young-generation pass every 700 allocations while each draft
allocates thousands of short-lived objects. Checking a draft creates no reference cycles
(tests/test_api.py checks this), so reference counting frees everything a draft made and the
collector has little to find: freezing what exists and collecting less often is safe and makes
batches faster. The settings are process-wide, which is why the library never applies them by
itself: the command line and its --jobs workers call this; batch callers may too.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 100_000  # allocations between young-generation passes (Python's default: 700)


def batch_gc() -> None:
    """Keep every object alive now out of future collections and collect young objects less often."""
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, older, oldest)


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic collection inside the block; the collector's state is restored after it.

    For start-up work that allocates many long-lived objects and almost no garbage (importing
    spaCy, unpickling cached rules, compiling matchers): each young-generation pass would walk
    objects that all survive, and the full passes it triggers walk everything loaded so far.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
