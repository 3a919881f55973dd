"""Match spans of a compiled RE2 expression over bytes, found the way `finditer` finds them
(leftmost, non-overlapping, stepping past empty matches), without the Python wrapper's
per-match objects and per-call re-encoding, which cost more than the matching itself on
short drafts. Falls back to `finditer` if the binding's internals ever change."""

from __future__ import annotations

import re2

try:
    _UNANCHORED = re2._re2.RE2.Anchor.UNANCHORED
except AttributeError:  # pragma: no cover - another binding version
    _UNANCHORED = None


def byte_spans(rx, data: bytes, group: int = 0) -> list[tuple[int, int]]:
    """The (start, end) byte offsets of `group` in each successive match of rx in data;
    (-1, -1) where the group took no part in a match."""
    native = getattr(rx, "_regexp", None)
    if native is None or _UNANCHORED is None:
        return [m.span(group) for m in rx.finditer(data)]
    match = native.Match
    out = []
    pos, end = 0, len(data)
    while True:
        spans = match(_UNANCHORED, data, pos, end)
        stop = spans[0][1]
        if stop < 0:
            return out
        out.append(spans[group])
        if pos == end:
            return out
        pos = pos + 1 if stop == pos else stop
