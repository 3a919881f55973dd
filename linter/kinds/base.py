"""What every rule kind shares: hits, compiled matchers, and checks of a matcher's YAML keys."""

from __future__ import annotations

import bisect
import operator
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from ..errors import RuleError, did_you_mean

if TYPE_CHECKING:  # pragma: no cover
    from ..document import Document, Span
    from ..rule import MatcherSpec

MAX_LIST_ITEMS = 5000
MAX_PATTERN_CHARS = 2000


class Hit(NamedTuple):
    """A place where a matcher holds: character offsets in the body, the text, and a metric value.
    (A tuple: drafts make thousands of them, and a tuple is the cheapest immutable record.)"""

    start: int
    end: int
    text: str
    value: float | None = None


Runner = Callable[["Compiled", "Span"], list[Hit]]


class Compiled:
    """A matcher ready to run. ``hits`` returns where it holds inside ``span``."""

    # True when the Runner should call hits() straight away: no memo entry, no possible() first.
    # Right for a matcher without a scope of its own whose hits are cheap to ask again (a leaf
    # keeps its per-draft list; a metric, its per-draft values) and whose possible() says nothing
    # that hits() does not.
    direct = False

    # Leaves one of which has a hit lying inside any sentence where this matcher holds, or None
    # when no such list is known (set by Leaf, SignalRef and combinators._anchors). An `all` or
    # `any` with scope `sentence` then skips the sentences that hold none of those hits.
    anchors: "list[Leaf] | None" = None
    sentence_anchors: "list[Leaf] | None" = None
    anchor_key: tuple = ()  # where anchored_sentences keeps its answer in a draft's cache

    def __init__(self, spec: "MatcherSpec"):
        self.spec = spec
        self.scope = spec.scope

    def hits(self, document: "Document", span: "Span", run: Runner) -> list[Hit]:  # pragma: no cover
        raise NotImplementedError

    def possible(self, document: "Document") -> bool:
        """False when this matcher cannot hold anywhere in the draft (a cheap, draft-wide check
        that lets the engine skip scopes and rules); True when it might."""
        return True


NO_HITS: tuple[tuple, tuple] = ((), ())  # a leaf's hits and their starts, when it has none


hit_start = operator.itemgetter(0)  # a Hit's start, as a sort key (in C: no Python call per hit)


class Leaf(Compiled):
    """A matcher that finds all its hits in a draft once; scopes then filter them by span."""

    def __init__(self, spec: "MatcherSpec"):
        super().__init__(spec)
        # without a scope of its own, a leaf's hits in a span come straight from its per-draft list
        self.direct = self.scope is None
        self.anchors = [self] if self.scope in INSIDE_SCOPES else None

    def find_all(self, document: "Document") -> list[Hit]:  # pragma: no cover
        raise NotImplementedError

    def _ordered(self, document) -> tuple[list[Hit], list[int]]:
        found = document.cache.get(self)  # keyed by the matcher object itself: cheaper than a tuple
        if found is None:
            if self.spec.requires:  # most leaves need only the tokenizer
                document.ensure(self.spec.requires)
            ordered = self.find_all(document)
            if not ordered:  # most leaves, in most drafts
                found = document.cache[self] = NO_HITS
            else:
                if len(ordered) > 1:
                    ordered = sorted(ordered, key=hit_start)
                found = document.cache[self] = (ordered, [h.start for h in ordered])
        return found

    def possible(self, document):
        found = document.cache.get(self)  # usually there: the banks fill it for the batch
        if found is None:
            if self._seen(document):
                return True  # a shared scan saw one of this leaf's patterns: the search can wait for an ask
            found = self._ordered(document)
        return bool(found[0])

    def _seen(self, document) -> bool:
        """Whether a shared scan already knows one of this leaf's patterns occurs in the draft."""
        return False

    def hits(self, document, span, run):
        found = document.cache.get(self)
        ordered, starts = self._ordered(document) if found is None else found
        if not ordered:
            return []
        if span == document.whole:  # the draft's own list: callers only read hits (see engine.Runner)
            return ordered
        # hits are in start order: jump to the span instead of filtering every hit of the draft
        out = []
        for hit in ordered[bisect.bisect_left(starts, span[0]):]:
            if hit.start >= span[1]:
                break
            if hit.end <= span[1]:
                out.append(hit)
        return out


#: Scopes that keep a matcher inside the sentence it is asked about: itself (None), the sentence,
#: or the part of it in the body. (`draft`, `greeting` and the like may reach outside it.)
INSIDE_SCOPES = (None, "sentence", "body")


def anchored_sentences(document: "Document", matcher: Compiled) -> set:
    """The draft's sentences that hold a hit of one of the matcher's sentence anchors (worked
    out once per draft): the only sentences where the matcher can hold."""
    key = matcher.anchor_key
    found = document.cache.get(key)
    if found is None:
        found = document.cache[key] = set()
        cache = document.cache
        sentences = document.sentences
        starts = document.sentence_starts
        for leaf in matcher.sentence_anchors:
            entry = cache.get(leaf)
            for hit in (leaf._ordered(document) if entry is None else entry)[0]:
                at = bisect.bisect_right(starts, hit.start) - 1
                if at >= 0 and hit.end <= sentences[at][1]:
                    found.add(sentences[at])
    return found


def whole_span_hit(document: "Document", span: "Span", value: float | None = None) -> Hit:
    """A hit covering the span, without its leading and trailing whitespace."""
    text = document.text[span[0]:span[1]]
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    if not body:
        return Hit(span[0], span[1], text, value)
    return Hit(span[0] + lead, span[0] + lead + len(body), body, value)


# -- checks of YAML values, raising RuleError with file and line ---------------------------------

def fail(message: str, path: str, line: int) -> None:
    raise RuleError(message, path, line)


def check_keys(raw: dict, allowed: set[str], required: set[str], path: str, what: str) -> None:
    for key in raw:
        if key not in allowed:
            fail(f"unknown key '{key}' in {what}{did_you_mean(key, allowed)}", path, raw.line_of(key))
    for key in sorted(required - set(raw)):
        fail(f"{what} needs the key '{key}'", path, raw.line)


def get_str(raw: dict, key: str, path: str, choices: tuple[str, ...] | None = None, default: Any = None) -> Any:
    if key not in raw:
        return default
    value = raw[key]
    if isinstance(value, bool) and choices is None:
        fail(f"'{key}' must be text, not {value!r}: YAML reads yes/no/on/off as true/false, so quote it",
             path, raw.line_of(key))
    if not isinstance(value, str):
        fail(f"'{key}' must be text, got {type(value).__name__}", path, raw.line_of(key))
    if choices is not None and value not in choices:
        fail(f"'{key}' must be one of {', '.join(choices)}, got '{value}'{did_you_mean(value, choices)}",
             path, raw.line_of(key))
    return value


def get_number(raw: dict, key: str, path: str, low: float | None = None, high: float | None = None,
               default: Any = None, integer: bool = False) -> Any:
    if key not in raw:
        return default
    value = raw[key]
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds):
        fail(f"'{key}' must be a {'whole number' if integer else 'number'}, got {value!r}", path, raw.line_of(key))
    if value != value or (low is not None and value < low) or (high is not None and value > high):
        bounds = f"from {low} to {high}" if high is not None else f"at least {low}"
        fail(f"'{key}' must be {bounds}, got {value!r}", path, raw.line_of(key))
    return value


def get_bool(raw: dict, key: str, path: str, default: bool) -> bool:
    if key not in raw:
        return default
    value = raw[key]
    if not isinstance(value, bool):
        fail(f"'{key}' must be true or false, got {value!r}", path, raw.line_of(key))
    return value


def get_str_list(raw: dict, key: str, path: str, required: bool = True, max_items: int = MAX_LIST_ITEMS) -> tuple[str, ...]:
    if key not in raw:
        return ()
    value = raw[key]
    if isinstance(value, str):
        value = [value]
        lines = [raw.line_of(key)]
    elif isinstance(value, list):
        lines = [getattr(value, "line_of", lambda i: raw.line_of(key))(i) for i in range(len(value))]
    else:
        fail(f"'{key}' must be a list of text, got {type(value).__name__}", path, raw.line_of(key))
    if required and not value:
        fail(f"'{key}' must not be empty", path, raw.line_of(key))
    if len(value) > max_items:
        fail(f"'{key}' has {len(value):,} items; the limit is {max_items:,}", path, raw.line_of(key))
    out = []
    for item, line in zip(value, lines):
        if isinstance(item, bool):
            fail(f"an item of '{key}' is {item!r}: YAML reads yes/no/on/off as true/false, so quote it", path, line)
        if isinstance(item, (int, float)):
            item = str(item)
        if not isinstance(item, str) or not item.strip():
            fail(f"each item of '{key}' must be non-empty text, got {item!r}", path, line)
        if len(item) > MAX_PATTERN_CHARS:
            fail(f"an item of '{key}' is {len(item):,} characters; the limit is {MAX_PATTERN_CHARS:,}", path, line)
        out.append(item)
    return tuple(out)
