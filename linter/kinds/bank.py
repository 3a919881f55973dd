"""One spaCy PhraseMatcher shared by all LEMMA (or NORM) phrase leaves, so a draft is scanned once,
and the overlap rule every token-level bank applies.

Every leaf registers its patterns under its own key; the first leaf that asks for results in a
draft runs the shared matcher over the whole Doc and the hits are handed out by key. Token
patterns and LOWER/ORTH phrases use the RE2 token-record bank in kinds/tokenstring.py instead.
"""

from __future__ import annotations

from .base import Hit, Leaf


class SharedBank:
    """A matcher shared by many leaves: scanned once per draft, its hits handed out by leaf key."""

    def hits(self, document, key: str) -> list[Hit]:
        found = document.cache.get(self)
        if found is None:
            found = document.cache[self] = self._scan(document)
        return found.get(key, [])

    def _scan(self, document) -> dict[str, list[Hit]]:  # pragma: no cover
        raise NotImplementedError


class MatcherBank(SharedBank):
    def __init__(self, matcher):
        self.matcher = matcher
        self._next = 0

    def add(self, patterns) -> str:
        key = f"leaf{self._next}"
        self._next += 1
        self.matcher.add(key, patterns)
        return key

    def _scan(self, document) -> dict[str, list[Hit]]:
        doc = document.doc
        strings = doc.vocab.strings
        by_key: dict[str, list[tuple[int, int]]] = {}
        for match_id, start, end in self.matcher(doc):
            by_key.setdefault(strings[match_id], []).append((start, end))
        text = document.text
        out = {}
        for key, spans in by_key.items():
            hits = []
            for start, end in longest_first(spans):
                first, last = doc[start], doc[end - 1]
                a, b = first.idx, last.idx + len(last.text)
                hits.append(Hit(a, b, text[a:b]))
            out[key] = hits
        return out


class BankLeaf(Leaf):
    """A leaf whose patterns sit in a shared bank under `self.key`."""

    bank: SharedBank
    key: str

    def find_all(self, document):
        return self.bank.hits(document, self.key)

    def _seen(self, document) -> bool:
        # the token bank's set saw one of this leaf's exact patterns, which left it pending
        return self.key in getattr(document.cache.get(self.bank), "pending", ())


class EagerPolicy:
    """Which of a bank's leaves to search with the whole batch rather than when a rule asks.

    A leaf's patterns that occur in a draft are searched with the batch once rules ask for that
    leaf in at least a third of the drafts where it occurs, after a few asks (a batch search is
    several times cheaper than the same search for one draft, but a leaf whose words are in
    nearly every draft, such as "you", and which rules read only behind a rarer condition,
    would otherwise be searched in every draft for the few that need it). Only when a search
    runs changes, never what it finds."""

    MIN_ASKS = 4
    RATIO = 3  # eager when asks * RATIO >= occurrences

    def __init__(self):
        self.eager: set = set()
        self.asks: dict = {}
        self.occurrences: dict = {}

    def occurred(self, key) -> None:
        """A key not yet eager occurred in a draft (its search waits for an ask)."""
        self.occurrences[key] = self.occurrences.get(key, 0) + 1

    def asked(self, key) -> None:
        """A rule asked for a key that had been left waiting in a draft."""
        asks = self.asks[key] = self.asks.get(key, 0) + 1
        if asks >= self.MIN_ASKS and asks * self.RATIO >= self.occurrences.get(key, 0):
            self.eager.add(key)


def fill_leaves(cache: dict, nothing: dict | None, found=(), waiting=()) -> None:
    """Give a bank's leaves their hits in one draft's cache (what Leaf._ordered would work out on
    first use), so rules ask the cache instead of calling every leaf. `nothing` maps each of the
    bank's leaves to NO_HITS (built once per batch: most leaves, in most drafts, have none), or
    is None when the cache already holds that (Engine.prepare); `found` holds (leaf, hits in
    text order) pairs; `waiting` leaves a scan saw but did not search are left to work theirs
    out if a rule asks."""
    if nothing is not None:
        cache.update(nothing)
    for leaf, hits in found:
        cache[leaf] = (hits, [h.start for h in hits])
    for leaf in waiting:
        cache.pop(leaf, None)


def longest_first(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Keep the longest of overlapping token spans, returned in text order."""
    if len(spans) < 2:  # the usual case: one match
        return spans
    ordered = sorted(spans)
    if all(a[1] <= b[0] for a, b in zip(ordered, ordered[1:])):  # no overlaps: all are kept
        return ordered
    chosen, taken = [], set()
    for start, end in sorted(spans, key=lambda s: (s[1] - s[0], -s[0]), reverse=True):
        if not any(i in taken for i in range(start, end)):
            chosen.append((start, end))
            taken.update(range(start, end))
    return sorted(chosen)

