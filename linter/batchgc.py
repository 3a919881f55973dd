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

YOUNG_THRESHOLD = 100_000  # allocations between young-generation passes (Python's default: 700)


def batch_gc() -> None:
    """Keep every object alive now out of future collections and collect young objects less often."""
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, older, oldest)
