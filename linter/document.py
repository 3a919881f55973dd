"""A draft prepared for the rules: its spaCy Doc, layout, scopes and metrics, each computed once."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any, Callable

from . import segment
from .metrics import compute_metric
from .segment import TokenInfo

Span = tuple[int, int]


@dataclass(frozen=True)
class DraftContext:
    """What the rules know about a draft besides its text."""

    to: str | None = None
    channel: str | None = None
    template: bool = False
    cluster_size: int | None = None


class Document:
    """One draft body and everything derived from it; rules read it, never change it."""

    def __init__(self, doc, context: DraftContext, annotate: Callable[[Any, frozenset], None] | None = None,
                 text: str | None = None):
        self.doc = doc
        self.text: str = doc.text if text is None else text  # the text the Doc was made from, when known
        self.context = context
        self.whole: Span = (0, len(self.text))  # the span of the whole draft
        self._annotate = annotate
        self._annotated: set[str] = set()
        self.cache: dict[Any, Any] = {}
        lay = segment.layout(doc, self.text)
        self.sentences: tuple[Span, ...] = lay.sentences
        self.greeting: Span | None = lay.greeting
        self.greeting_name: str | None = lay.greeting_name
        self.sign_off: Span | None = lay.sign_off
        self.token_list: list[TokenInfo] = lay.tokens  # every token of the Doc, in order
        self.orths: list[int] = lay.orths  # each token's orth id
        self.sentence_flags: list[bool] = lay.starts  # whether each token starts a sentence
        self._starts: list[int] | None = None
        self._sentence_starts: list[int] | None = None
        self._body: list[Span] | None = None
        self._metrics: dict[tuple[str, Span], float] = {}
        self._word_starts: list[int] | None = None
        self._word_ends: list[int] = []
        self._word_lowers: list[str] = []
        self._data: bytes | None = None
        self._char_at: dict[int, int] | None = None

    # -- the text as UTF-8, for RE2 -------------------------------------------------------
    @property
    def data(self) -> bytes:
        """The text as UTF-8 bytes (encoded once per draft)."""
        if self._data is None:
            self._data = self.text.encode("utf-8")
            if len(self._data) != len(self.text):
                self._char_at = {}
        return self._data

    def char_offset(self, byte_offset: int) -> int:
        """The character offset of a byte offset into `data` (on a character boundary)."""
        if self._char_at is None:  # ASCII text: the same number
            return byte_offset
        found = self._char_at.get(byte_offset)
        if found is None:
            found = self._char_at[byte_offset] = len(self._data[:byte_offset].decode("utf-8"))
        return found

    # -- annotation ---------------------------------------------------------------------
    def ensure(self, requires: frozenset[str]) -> None:
        """Run whatever pipeline components these requirements need and have not run yet."""
        missing = frozenset(requires) - self._annotated
        if missing and self._annotate is not None:
            self._annotate(self.doc, missing)
        self._annotated |= missing

    def mark_annotated(self, requires: frozenset[str]) -> None:
        self._annotated |= set(requires)

    # -- spans --------------------------------------------------------------------------

    def body_sentences(self) -> list[Span]:
        """Sentences that are neither the greeting nor part of the sign-off (computed once)."""
        if self._body is None:
            self._body = self._find_body_sentences()
        return self._body

    def _find_body_sentences(self) -> list[Span]:
        out = []
        for s in self.sentences:
            if self.greeting and s[1] <= self.greeting[1]:
                continue
            if self.sign_off and s[0] >= self.sign_off[0]:
                continue
            out.append(s)
        return out

    def spans_for(self, scope: str | None, parent: Span) -> list[Span]:
        """The spans a matcher with this scope looks at, inside (or, for 'draft', instead of) parent."""
        if scope is None:
            return [parent]
        if scope == "draft":
            return [self.whole]
        if scope == "sentence":
            return [s for s in self.sentences if s[0] < parent[1] and s[1] > parent[0]] or []
        if scope == "first-sentence":
            body = self.body_sentences()
            return [body[0]] if body and _overlaps(body[0], parent) else []
        if scope == "last-sentence":
            body = self.body_sentences()
            return [body[-1]] if body and _overlaps(body[-1], parent) else []
        if scope == "body":
            start = self.greeting[1] if self.greeting else 0
            end = self.sign_off[0] if self.sign_off else len(self.text)
            body = (max(start, parent[0]), min(end, parent[1]))
            return [body] if body[0] < body[1] else []
        if scope == "greeting":
            return [self.greeting] if self.greeting and _overlaps(self.greeting, parent) else []
        if scope == "closing":
            if self.sign_off:
                return [self.sign_off] if _overlaps(self.sign_off, parent) else []
            body = self.body_sentences()
            return [body[-1]] if body and _overlaps(body[-1], parent) else []
        raise ValueError(f"unknown scope {scope!r}")

    @property
    def sentence_starts(self) -> list[int]:
        """Where each sentence starts (computed once)."""
        if self._sentence_starts is None:
            self._sentence_starts = [s[0] for s in self.sentences]
        return self._sentence_starts

    def sentences_around(self, start: int, end: int) -> Span:
        """The span of the sentence(s) that contain the characters start..end."""
        inside = [s for s in self.sentences if s[0] < max(end, start + 1) and s[1] > start]
        if not inside:
            return (start, end)
        return (inside[0][0], inside[-1][1])

    def tokens(self, span: Span) -> list[TokenInfo]:
        """The tokens (as plain TokenInfo records) that lie within span."""
        if self._starts is None:
            self._starts = [info.start for info in self.token_list]
        out = []
        for info in self.token_list[bisect.bisect_left(self._starts, span[0]):]:
            if info.start >= span[1]:
                break
            if info.end <= span[1]:
                out.append(info)
        return out

    def words(self, span: Span) -> list[str]:
        """The lowercase words (tokens with a letter or digit, not split-off clitics) within span."""
        if self._word_starts is None:
            kept = [t for t in self.token_list if t.is_word]
            self._word_starts = [t.start for t in kept]
            self._word_ends = [t.end for t in kept]
            self._word_lowers = [t.lower_ for t in kept]
        lo = bisect.bisect_left(self._word_starts, span[0])
        hi = bisect.bisect_left(self._word_starts, span[1], lo)
        while hi > lo and self._word_ends[hi - 1] > span[1]:  # a word running past the span's end
            hi -= 1
        return self._word_lowers[lo:hi]

    def sentence_count(self, span: Span) -> int:
        return sum(1 for s in self.sentences if s[0] < span[1] and s[1] > span[0])

    # -- metrics and positions -----------------------------------------------------------
    def metric(self, name: str, span: Span) -> float:
        key = (name, span)
        if key not in self._metrics:
            self._metrics[key] = compute_metric(name, self, span)
        return self._metrics[key]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of a body offset; a line ends at '\\n'."""
        text = self.text
        return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and a[1] > b[0] or a == b
