"""Find drafts in a batch that are one template with names swapped: masked skeletons plus MinHash/LSH.

Each draft is normalised (recipient names, capitalised words, numbers, links and placeholders
masked), then grouped two ways: identical skeletons share a hash, and similar skeletons share
at least one LSH band of a 64-value MinHash over 3-word shingles (8 bands of 8, which pairs
drafts whose shingle sets overlap by roughly 75% or more). Work and memory grow linearly with
the number of drafts; only a parent array and the band tables are kept.
"""

from __future__ import annotations

import re
import zlib
from array import array
from functools import lru_cache
from typing import Iterable

import numpy as np

from .drafts import Draft

_SLOTS = re.compile(r"\{\{?[^{}\n]{1,40}\}\}?|\[[^\[\]\n]{1,40}\]|<[^<>\n]{1,40}>|%[A-Z_]{2,30}%")
_LINK = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+@[\w-]+\.[\w.]+\b|\b[\w-]+\.(?:com|io|ai|co|org|net|app)\b\S*")
_NUMBER = re.compile(r"\d[\d,.:/%-]*")
# Every link _LINK takes has "@", "://" or "www." in it, or this ending of a bare domain:
# drafts with none of them skip that (slow) pattern.
_DOMAIN_END = re.compile(r"\.(?:com|io|ai|co|org|net|app)\b")
_NAME_PART = re.compile(r"[^\W\d_]{2,}")
_CAPITAL = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'’-]*")
_TOKEN = re.compile(r"<\w+>|\w+")
NUM_PERM = 64
BANDS, ROWS = 8, 8
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20261122)
_A = _rng.integers(1, _PRIME, NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, NUM_PERM, dtype=np.uint64)


def skeleton(text: str, names: Iterable[str] = ()) -> list[str]:
    """Tokens of the draft with names, capitalised words, numbers, links and placeholders masked."""
    text = _SLOTS.sub(" <slot> ", text)
    for name in names:
        for part in _NAME_PART.findall(name):
            text = _name_pattern(part).sub(" <name> ", text)
    if "@" in text or "://" in text or "www." in text or _DOMAIN_END.search(text):  # else no link to mask
        text = _LINK.sub(" <link> ", text)
    text = _NUMBER.sub(" <num> ", text)
    text = _CAPITAL.sub(" <cap> ", text)
    return _TOKEN.findall(text.lower())


@lru_cache(maxsize=4096)
def _name_pattern(part: str) -> re.Pattern:
    """A part of a recipient's name as a whole word, any case (compiled once per name, not per draft:
    a campaign has more names than the re module keeps compiled)."""
    return re.compile(rf"\b{re.escape(part)}\b", re.IGNORECASE)


def minhash(tokens: list[str]) -> np.ndarray | None:
    if len(tokens) < 8:
        return None
    shingles = set(map(" ".join, zip(tokens, tokens[1:], tokens[2:])))
    values = np.fromiter(map(zlib.crc32, map(str.encode, shingles)), dtype=np.uint64, count=len(shingles))
    # (a*x + b) mod p with uint64 wrap-around: a cheap universal-style hash family, fine for LSH
    hashed = (_A[:, None] * values[None, :] + _B[:, None]) % np.uint64(_PRIME)
    return hashed.min(axis=1)


class Clusters:
    """Union-find over draft positions, fed one draft at a time."""

    def __init__(self):
        self.parent = array("l")
        self.size = array("l")
        self._skeletons: dict[int, int] = {}
        self._bands: dict[tuple[int, bytes], int] = {}

    def _find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def _union(self, i: int, j: int) -> None:
        a, b = self._find(i), self._find(j)
        if a != b:
            if self.size[a] < self.size[b]:
                a, b = b, a
            self.parent[b] = a
            self.size[a] += self.size[b]

    def add(self, text: str, names: Iterable[str] = ()) -> int:
        index = len(self.parent)
        self.parent.append(index)
        self.size.append(1)
        tokens = skeleton(text, names)
        if not tokens:
            return index
        key = hash(tuple(tokens))
        if key in self._skeletons:
            self._union(index, self._skeletons[key])
        else:
            self._skeletons[key] = index
        signature = minhash(tokens)
        if signature is not None:
            for band in range(BANDS):
                band_key = (band, signature[band * ROWS:(band + 1) * ROWS].tobytes())
                other = self._bands.setdefault(band_key, index)
                if other != index:
                    self._union(index, other)
        return index

    def size_of(self, index: int) -> int:
        return self.size[self._find(index)]


def cluster_sizes(drafts: Iterable[Draft]) -> list[int]:
    """For each draft, how many drafts of the batch (itself included) share its template."""
    clusters = Clusters()
    for draft in drafts:
        names = [n for n in (draft.to,) if n]
        clusters.add(draft.text if not draft.error else "", names)
    return [clusters.size_of(i) for i in range(len(clusters.parent))]
