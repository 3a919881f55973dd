"""RE2 helpers shared by the regex and token-record banks.

`byte_spans`: match spans of a compiled RE2 expression over bytes, found the way `finditer` finds
them (leftmost, non-overlapping, stepping past empty matches), without the Python wrapper's
per-match objects and per-call re-encoding, which cost more than the matching itself on short
drafts. Falls back to `finditer` if the binding's internals ever change.

`SetGroup`: several RE2 sets scanned as one.

`Occurrence`: which expressions occur in each text, through a SetGroup compiled once enough
texts have been asked about, and through a literal prefilter and single searches before."""

from __future__ import annotations

from typing import Callable

import re2

from .literals import Clauses, LiteralIndex

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


class SetGroup:
    """Expressions in several RE2 sets, by a group the caller picks, with one index space across
    them. RE2 builds a set's automaton lazily, state by state, as new text arrives, and a state
    combines the progress of every expression at once, so expressions that stay open over many
    characters or tokens multiply each other's states; in separate sets their states add. A draft
    is scanned once per set. The grouping decides only where an expression is looked for, never
    whether it matches."""

    def __init__(self, options):
        self.options = options
        self.sets: dict = {}  # group -> (RE2 set, the group index of each of its expressions)
        self.size = 0
        self._scans: list = []

    def add(self, expression, group) -> int:
        """Add an expression (raises on one RE2 cannot take, before anything is recorded); its index."""
        found = self.sets.get(group)
        if found is None:
            found = self.sets[group] = (re2.Set.SearchSet(self.options), [])
        found[0].Add(expression)
        found[1].append(self.size)
        self.size += 1
        return self.size - 1

    def compile(self) -> bool:
        """Compile every set; False when one is too large for RE2's memory budget (then any
        expression may occur, and the caller must search them all)."""
        try:
            usable = all(rset.Compile() is not False for rset, _ in self.sets.values())  # None on success
        except re2.error:  # how this binding reports a set beyond its budget
            usable = False
        self._scans = [(rset.Match, indices) for rset, indices in self.sets.values()]
        return usable

    def match_many(self, datas: list[bytes]) -> list[list[int]]:
        """For each text, the indices of the expressions that occur in it, sorted. Each set runs
        over all the texts before the next set starts: a set's automaton stays in the CPU's caches
        from one text to the next, where alternating sets text by text would keep evicting each
        other's states."""
        found: list[list[int]] = [[] for _ in datas]
        for match, indices in self._scans:
            for out, data in zip(found, datas):
                hits = match(data)
                if hits:
                    out.extend([indices[i] for i in hits])
        for out in found:
            out.sort()
        return found


class Occurrence:
    """Which of a bank's expressions occur in each text of a batch.

    Adding and compiling the built-in rules' expressions as RE2 sets (a SetGroup) takes
    0.35-0.45 s, after which a text costs a few microseconds; that pays from a few dozen drafts
    on, not for the single draft a pre-send check lints. So the sets are compiled only once more
    than SET_AFTER texts have been asked about (at once for a larger batch). Until then each
    text gets the expressions whose literals it contains (kinds/literals.py), each searched on
    its own by the bank's `search`: a few milliseconds more per draft. Both ways report exactly
    the expressions that occur. A long-lived Linter that checks drafts one at a time therefore
    pauses once, on its 17th draft, to compile the sets."""

    SET_AFTER = 16

    def __init__(self, options, search: Callable[[int, bytes], bool]):
        self.options = options
        self.search = search  # (index, text) -> whether that expression alone occurs in the text
        self.expressions: list[tuple[str, object]] = []  # (expression, SetGroup group), by index
        self.literals = LiteralIndex()
        self.sets: SetGroup | None = None  # compiled on first need
        self.usable = True  # False when the sets are too large for RE2's memory budget
        self.asked = 0

    def add(self, expression: str, group, clauses: Clauses) -> int:
        """Add an expression with the literals it needs (kinds/literals.py; () when unknown); its index."""
        index = len(self.expressions)
        self.expressions.append((expression, group))
        self.literals.add(index, clauses)
        return index

    def compiled(self) -> bool:
        """Compile the sets now (normally done on demand); False when they are too large for
        RE2's budget, and any expression may then occur in any text."""
        if self.sets is None:
            self.sets = SetGroup(self.options)
            for expression, group in self.expressions:
                self.sets.add(expression, group)
            self.usable = self.sets.compile()
        return self.usable

    def find(self, datas: list[bytes], candidates: Callable[[int], list[int]]) -> list[list[int]] | None:
        """For each text, the sorted indices of the expressions that occur in it; None when
        every expression may occur in every text. `candidates(n)` gives the indices the literal
        index allows in the n-th text (asked only while the sets are not compiled)."""
        self.asked += len(datas)
        if self.sets is None and self.asked <= self.SET_AFTER:
            search = self.search
            return [[index for index in candidates(n) if search(index, data)] for n, data in enumerate(datas)]
        if not self.compiled():
            return None
        return self.sets.match_many(datas)
