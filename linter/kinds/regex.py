r"""Kind `regex`: regular expressions run with RE2, which takes linear time on any input.

RE2 has no lookbehind; a pattern may instead capture the part to report in a group named
`match`, e.g. `(?:^|[^\w])(?P<match>\{\w+\})`, and only that group becomes the finding's span.
"""

from __future__ import annotations

import bisect
import functools
import re as pyre

import re2

from .bank import EagerPolicy, fill_leaves
from .base import NO_HITS, Hit, Leaf, fail, get_bool, get_str_list
from .literals import regex_clauses
from .re2scan import Occurrence, byte_spans

KEYS = {"pattern", "patterns", "ignorecase"}
REQUIRED: set[str] = set()
MAX_PATTERNS = 500


@functools.lru_cache(maxsize=4096)
def compiled(pattern: str, ignorecase: bool):
    """Compile once per process: the loader validates with it and the matcher reuses the result."""
    return re2.compile(pattern, _options(ignorecase))


def _options(ignorecase: bool, max_mem: int = 32 << 20):
    options = re2.Options()
    options.case_sensitive = not ignorecase
    options.log_errors = False
    options.max_mem = max_mem
    return options


# The set's budget: RE2 builds its automaton lazily within it, and on new text it keeps adding
# states, so a budget the states outgrow makes every scan rebuild them. The built-in set (about
# 870 patterns) scans a draft in about 6 us at 32 MiB and about 300 us at 16 MiB; four times the
# need leaves room for team packs. Memory is taken as states are made, not up front.
SET_MAX_MEM = 128 << 20


_LOOKAROUND_OR_BACKREF = pyre.compile(r"\(\?<?[=!]|\(\?P=|\\[1-9]|\\[gk]<")


def _any_byte(pattern: str) -> bool:
    """Whether the pattern uses RE2's \\C (any single byte), which can match half a character."""
    if "\\C" not in pattern:  # the common case, without walking the pattern in Python
        return False
    i = 0
    while i < len(pattern) - 1:
        if pattern[i] == "\\":
            if pattern[i + 1] == "C":
                return True
            i += 2
        else:
            i += 1
    return False


def parse(raw, path):
    if ("pattern" in raw) == ("patterns" in raw):
        fail("a regex matcher needs exactly one of 'pattern' or 'patterns'", path, raw.line)
    key = "pattern" if "pattern" in raw else "patterns"
    patterns = get_str_list(raw, key, path, max_items=MAX_PATTERNS)
    ignorecase = get_bool(raw, "ignorecase", path, True)
    for i, pattern in enumerate(patterns):
        try:
            if _any_byte(pattern):
                raise re2.error("\\C (any byte) can split a character; use . instead")
            compiled(pattern, ignorecase)
        except re2.error as exc:
            reason = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
            hint = ""
            if _LOOKAROUND_OR_BACKREF.search(pattern):
                hint = " (lookarounds and backreferences are not supported: rule regexes run in linear time)"
            line = raw[key].line_of(i) if hasattr(raw[key], "line_of") else raw.line_of(key)
            fail(f"bad regex {pattern!r}: {reason}{hint}", path, line)
    # derived here, so the rule cache keeps them: reading 1,400 regexes costs about 0.2 s
    return {"patterns": patterns, "ignorecase": ignorecase,
            "_literals": tuple(regex_clauses(pattern) for pattern in patterns)}, frozenset()


class _Everything(frozenset):
    def __contains__(self, item) -> bool:
        return True


_EVERYTHING = _Everything()


# A RegexSet keeps its patterns in three RE2 sets by shape (see re2scan.SetGroup): patterns that
# stay open across many characters (a window such as `.{0,40}`, a run such as `\w+` or
# `[a-z]+`) multiplied each other's automaton states in one set; on 5,000 fresh drafts the three
# sets cost about half the one set's time, though a draft is scanned three times.
_WIDE_REPEAT = pyre.compile(r"\{\d*,\s*(\d*)\}")
_OPEN_RUN = pyre.compile(r"(?:\.|\\[wSD]|\[(?:\\.|[^\]\\])*\])[*+]")


def shape(pattern: str) -> str:
    """'window' (a counted repeat of 8 or more, or unbounded), 'run' (* or + on a broad class) or 'plain'."""
    for found in _WIDE_REPEAT.finditer(pattern):
        if not found.group(1) or int(found.group(1)) >= 8:
            return "window"
    return "run" if _OPEN_RUN.search(pattern) else "plain"


class RegexSet:
    """Every rule regex of one case mode, scanned together (in three RE2 sets by shape): one scan
    per draft tells which patterns occur at all, and only those are then searched for their positions."""

    requires = frozenset()  # regexes run on the text: nothing beyond the tokenizer

    def __init__(self, ignorecase: bool):
        # patterns by shape; until the sets are compiled, a draft's candidates are searched one by one
        self.set = Occurrence(_options(ignorecase, SET_MAX_MEM),
                              lambda index, data: self.searcher(index)[0].search(data) is not None)
        self.ignorecase = ignorecase
        self.patterns: list[str] = []  # set index -> pattern
        self.searchers: dict[int, tuple] = {}  # set index -> (compiled pattern, group to report), once found
        self.owners: list = []  # set index -> the leaf whose pattern it is
        self.leaves: dict = {}  # each owning leaf once, in order
        self.policy = EagerPolicy()  # leaves whose patterns are searched with the batch (see EagerPolicy)

    def add(self, pattern: str, owner, clauses=None) -> int:
        """Add a pattern with the literals it needs (kinds/literals.py; read here when not
        given); its index."""
        index = self.set.add(pattern, shape(pattern), regex_clauses(pattern) if clauses is None else clauses)
        self.patterns.append(pattern)
        self.owners.append(owner)
        self.leaves[owner] = None
        return index

    def warm(self) -> None:
        """Compile the RE2 sets now rather than when the first drafts have gone through the prefilter."""
        self.set.compiled()

    def found(self, document) -> tuple[list[int] | _Everything, dict[int, list[tuple[int, int]]]]:
        """The set indices of the patterns that occur in the draft, sorted (or _EVERYTHING), and
        the byte spans of those found so far (the rest are searched on first use)."""
        found = document.cache.get(self)
        if found is None:
            self.prepare([document])
            found = document.cache[self]
        return found

    def spans(self, document, index: int) -> list[tuple[int, int]]:
        _, spans = self.found(document)
        found = spans.get(index)
        if found is None:  # not searched with the batch: its leaf is not (yet) one rules ask for often
            self.policy.asked(self.owners[index])
            rx, group = self.searcher(index)
            found = spans[index] = byte_spans(rx, document.data, group)
        return found

    def searcher(self, index: int) -> tuple:
        """The pattern compiled on its own, with the group to report: made the first time the set
        reports the pattern in a draft (most patterns never occur in a given run)."""
        found = self.searchers.get(index)
        if found is None:
            rx = compiled(self.patterns[index], self.ignorecase)
            # re2 spans take group numbers: a group named `match` sets the reported span
            found = self.searchers[index] = (rx, rx.groupindex.get("match", 0))
        return found

    def blank_leaves(self):
        """The leaves prepare() gives an entry in each draft's cache (see Engine.prepare)."""
        return self.leaves

    def prepare(self, documents, prefilled: bool = False) -> None:
        """Run the set over a batch of drafts, then each occurring pattern of a leaf that rules
        ask for often (EagerPolicy) over the drafts it occurs in, one pattern after another: an
        automaton that has just run is still in the CPU's caches. Other patterns are searched if a
        rule asks. With `prefilled`, the drafts' caches already hold NO_HITS for every leaf."""
        todo = [d for d in documents if self not in d.cache]
        if not todo:
            return
        occurring = self.set.find([document.data for document in todo],
                                  lambda n: self.set.literals.for_text(todo[n].text.casefold()))
        if occurring is None:  # a set too large for RE2's memory budget just means no prefilter: search them all
            for document in todo:
                document.cache[self] = (_EVERYTHING, {})
                if prefilled:  # every leaf works its hits out when asked
                    fill_leaves(document.cache, None, waiting=self.leaves)
            return
        drafts_of: dict[int, list] = {}
        wanted = self.policy.eager
        occurred = self.policy.occurred
        nothing = None if prefilled else dict.fromkeys(self.leaves, NO_HITS)
        for document, present in zip(todo, occurring):
            document.cache[self] = (present, {})
            for index in present:
                if self.owners[index] in wanted:  # the rest are searched if a rule asks
                    drafts_of.setdefault(index, []).append(document)
                else:
                    occurred(self.owners[index])
            # a leaf none of whose patterns occurs has no hits: say so now rather than on each ask
            fill_leaves(document.cache, nothing, waiting=[self.owners[index] for index in present])
        for index in sorted(drafts_of):
            rx, group = self.searcher(index)
            for document in drafts_of[index]:
                document.cache[self][1][index] = byte_spans(rx, document.data, group)


class RegexLeaf(Leaf):
    def __init__(self, spec, ctx):
        super().__init__(spec)
        ignorecase = spec.params["ignorecase"]
        self.prefilter = ctx.bank(("regex", ignorecase), lambda: RegexSet(ignorecase))
        self.indices = [self.prefilter.add(pattern, self, clauses)  # the loader read each pattern's literals
                        for pattern, clauses in zip(spec.params["patterns"], spec.params["_literals"])]

    def _seen(self, document) -> bool:
        present, _ = self.prefilter.found(document)
        return present is not _EVERYTHING and bool(self._mine(present))

    def _mine(self, present: list[int]) -> list[int]:
        """The indices of this leaf's patterns among the present ones (consecutive in the set)."""
        first = self.indices[0] if self.indices else 0
        lo = bisect.bisect_left(present, first)
        return present[lo:bisect.bisect_left(present, first + len(self.indices), lo)]

    def find_all(self, document):
        text = document.text
        present, _ = self.prefilter.found(document)
        if present is _EVERYTHING:
            mine = self.indices
        else:  # visit only this leaf's patterns the set reported
            mine = self._mine(present)
            if not mine:
                return []
        char = document.char_offset
        out, seen = [], set()
        for index in mine:
            for start, end in self.prefilter.spans(document, index):
                if end > start and (start, end) not in seen:
                    seen.add((start, end))
                    a, b = char(start), char(end)
                    out.append(Hit(a, b, text[a:b]))
        return sorted(out, key=lambda h: (h.start, -h.end))


def compile(spec, ctx):
    return RegexLeaf(spec, ctx)
