"""Token patterns run as RE2 expressions over a string of token records, instead of spaCy's Matcher.

Each token of a draft becomes one record in a byte string::

    \\x01 <lowercase text> \\x03 <marks> \\x02

where <marks> holds the boolean attributes the patterns test (IS_PUNCT, LIKE_NUM, ...) and the
lists of exact texts (ORTH/TEXT) and NOT_IN lists the word is in. The attributes (with the
sentence-start mark first) are packed six to a byte, chr(0x40 + bits); then come the ids of the
lists the word is in, chr(0x30 + k) in ascending order (most words are in none), so records
stay short. The word comes first because most patterns name words: patterns naming another
word drop out of RE2's automaton at once instead of riding through the marks of every token,
which kept its states large and many (a set scanning new text spends most of its time building
states). A token description becomes a record expression: LOWER strings, IN lists and NOT_IN
lists are matched on the lowercase text (a NOT_IN list of fewer than LONG_NOT_IN words as the
complement of its words; a longer one is a list column), everything else on its column. A
pattern whose every constraint is one of these, with the operators ?, *, + or a bounded repeat,
is a regular expression over records. RE2 runs all of them in one pass (two sets, one for
patterns with a run of any words, say which patterns occur at all) and finds their places in
linear time. Matches start and end on record boundaries, so the token index of a match is the
number of record starts before it.

Patterns that use anything else (LEMMA, POS, SHAPE, LENGTH, the "!" operator, ...) keep using
spaCy's Matcher, which only runs when a loose version of them (each such constraint read as "any
token") is found by the same RE2 pass.

Overlaps: each pattern contributes its leftmost-longest matches that do not overlap one another
(how a regular expression search proceeds); across the patterns of a leaf the longest match wins
(kinds/bank.py `longest_first`). `tests/test_token_strings.py` checks this against spaCy's
Matcher for every built-in pattern, on the corpus and on generated text.
"""

from __future__ import annotations

import functools
import re

import re2

from .bank import EagerPolicy, SharedBank, fill_leaves, longest_first
from .base import NO_HITS, Hit
from .literals import any_clauses, token_clauses
from .re2scan import Occurrence, byte_spans

#: Boolean token attributes a record can carry, in spaCy attribute names. All but the first are
#: properties of the word itself (the lexeme), so a record after the sentence-start mark can be
#: built once per distinct word and reused.
FLAGS = ("IS_SENT_START", "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE",
         "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT",
         "IS_CURRENCY", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL")
TEXT_ATTRS = {"ORTH": "text", "TEXT": "text", "LOWER": "lower"}

ANY_TOKEN = r"\x01[^\x02]*\x02"
NOTHING = r"[^\x00-\x{10FFFF}]"
_CONTROL = re.compile(r"[\x00-\x03]")  # a draft's own control characters must not fake a record boundary
_REPEAT = re.compile(r"^\{(\d*)(,?)(\d*)\}$")


def _options():
    opts = re2.Options()
    opts.case_sensitive = True
    opts.longest_match = True
    opts.log_errors = False
    opts.max_mem = 256 << 20
    return opts


def _strings(items) -> bool:
    return isinstance(items, list) and all(isinstance(v, str) for v in items)


def _constraint(value):
    """A text constraint as (strings it must be one of or None, strings it must not be or None);
    None when it is something RE2 records cannot express (a number, REGEX, a comparison...)."""
    if isinstance(value, str):
        return [value], None
    if isinstance(value, dict) and value and set(value) <= {"IN", "NOT_IN"} \
            and all(_strings(v) for v in value.values()):
        return value.get("IN"), value.get("NOT_IN")
    return None


def _quantifier(op) -> str | None:
    """The RE2 quantifier for a Matcher operator, or None for '!' (not expressible)."""
    if op is None:
        return ""
    if op in ("?", "*", "+"):
        return op
    match = _REPEAT.match(str(op))
    if not match:
        return None
    low, comma, high = match.groups()
    if not comma:
        return "{" + low + "}"
    return "{" + (low or "0") + "," + high + "}"


class Translation:
    """One token pattern as RE2: `exact` when the expression matches what the Matcher matches,
    otherwise a loose expression that matches at least everywhere the pattern does."""

    def __init__(self, pattern: list[dict], columns: tuple, read=None):
        self.exact = True
        self._read = read or _token_constraints
        parts = []
        for token in pattern:
            body = self._token(token, columns)
            quantifier = _quantifier(token.get("OP"))
            if quantifier is None:  # "!": the token must not match here; loosely, any token or none
                self.exact = False
                parts.append("(?:" + ANY_TOKEN + ")?")
            else:
                parts.append("(?:" + body + ")" + quantifier)
        self.expression = "".join(parts)

    def _token(self, token: dict, columns: tuple) -> str:
        lower, wanted, exact = self._read(token)
        self.exact &= exact
        marks = ["."] * len(columns)
        where, flags = _layout(columns)
        for column, value in wanted:
            if column in where:
                marks[where[column]] = value
            else:  # beyond the record's column budget: left to spaCy's Matcher
                self.exact = False
        return (r"\x01" + (lower or r"[^\x03]*") + r"\x03"
                + _marks_expression(tuple(marks[:flags])) + _ids_expression(tuple(marks[flags:])) + r"\x02")


@functools.lru_cache(maxsize=8)
def _layout(columns: tuple) -> tuple[dict, int]:
    """Each column's position in a record, and how many of them are attribute flags."""
    return {column: i for i, column in enumerate(columns)}, sum(1 for column in columns if isinstance(column, str))


def _token_constraints(token: dict) -> tuple[str | None, list[tuple], bool]:
    """One token description as (an expression for its lowercase text or None, the column marks
    it needs as (column, '1' or '0'), whether records express it exactly)."""
    lower, wanted, exact = None, [], True
    for key, value in token.items():
        if key == "OP":
            continue
        if key in FLAGS and isinstance(value, bool):
            wanted.append((key, "1" if value else "0"))
            continue
        field = TEXT_ATTRS.get(key)
        constraint = _constraint(value) if field else None
        if constraint is None:
            exact = False
            continue
        among, excluded = constraint
        if field == "lower" and lower is None and (among is not None or len(excluded) < LONG_NOT_IN):
            # the record's word: an expression, not a list column
            if among is not None:
                kept = [v for v in among if not excluded or v not in excluded]
                lower = "(?:" + "|".join(re2.escape(v) for v in kept) + ")" if kept else NOTHING
            else:
                lower = _none_of(frozenset(excluded))
            continue
        if among is not None:
            wanted.append((_column(field, among), "1"))
        if excluded is not None:
            wanted.append((_column(field, excluded), "0"))
    return lower, wanted, exact


# A NOT_IN list this long stays a list column: its complement expression is large, and RE2
# compiles the record set at start-up about three times slower with them (0.27 s instead of
# 0.08 s for the built-in rules), for no gain in scanning.
LONG_NOT_IN = 20


@functools.lru_cache(maxsize=1024)
def _none_of(words: frozenset[str]) -> str:
    """An expression for any word except these (NOT_IN on the lowercase text). RE2 has no
    negative lookahead, but the words that are not in a finite list form a regular language:
    walk the list's trie, and at each node accept any other next character followed by anything,
    or a listed one followed by the rest of the walk. Records stay shorter than with a list
    column, which every token in the list would mark."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _complement(trie)


def _complement(node: dict) -> str:
    """The continuations from this trie node that do not spell a listed word."""
    nexts = sorted(ch for ch in node if ch)
    parts = ["[^" + "".join(f"\\x{{{ord(ch):x}}}" for ch in nexts) + r"\x03][^\x03]*"]
    parts += [f"\\x{{{ord(ch):x}}}" + _complement(node[ch]) for ch in nexts]
    body = "(?:" + "|".join(parts) + ")"
    return body if "" in node else body + "?"  # where a word ends, the text must go on


PACK = 6  # columns per mark byte: a byte is chr(0x40 + bits), so it is printable ASCII and never a record delimiter


@functools.lru_cache(maxsize=4096)
def _marks_expression(marks: tuple[str, ...]) -> str:
    """The record expression for the attribute marks ('1', '0' or '.' per column), packed six
    to a byte: each byte as the class of the byte values that agree with every constrained bit."""
    out = ""
    for g in range(0, len(marks), PACK):
        group = marks[g:g + PACK]
        if all(m == "." for m in group):
            out += r"[\x40-\x7f]"
            continue
        allowed = [v for v in range(64)
                   if all(m == "." or ((v >> k) & 1) == (m == "1") for k, m in enumerate(group))]
        out += "[" + "".join(f"\\x{{{0x40 + v:02x}}}" for v in allowed) + "]"
    return out


ID_BASE = 0x30  # list column k is the character chr(ID_BASE + k) in a record that is in the list


@functools.lru_cache(maxsize=4096)
def _ids_expression(marks: tuple[str, ...]) -> str:
    """The record expression for the list columns ('1', '0' or '.' per list): a record names,
    in ascending order, only the lists its word is in (most words are in none, which keeps
    records short), so the expression asks for each required id in order, with any ids that are
    neither required nor excluded around them."""
    if not marks:
        return ""
    required = [k for k, m in enumerate(marks) if m == "1"]
    others = [k for k, m in enumerate(marks) if m == "."]
    around = ("[" + "".join(f"\\x{{{ID_BASE + k:02x}}}" for k in others) + "]*") if others else ""
    return around + "".join(f"\\x{{{ID_BASE + k:02x}}}" + around for k in required)


def _column(field: str, values) -> tuple[str, frozenset[str]]:
    return (field, frozenset(values))


MAX_LIST_COLUMNS = 80  # list ids per record stay one ASCII byte (0x30-0x7f); patterns that need more run on the Matcher


def record_columns(patterns, read=None) -> tuple:
    """The columns of a record for these patterns: the flags they test, then one membership
    column per list they test that is not on LOWER (ORTH/TEXT lists; at most MAX_LIST_COLUMNS,
    so that a pack with thousands of ORTH phrases keeps short records)."""
    read = read or _token_constraints
    flags, lists = set(), []
    for pattern in patterns:
        for token in pattern:
            for column, _ in read(token)[1]:
                if isinstance(column, str):
                    flags.add(column)
                elif column not in lists and len(lists) < MAX_LIST_COLUMNS:
                    lists.append(column)
    return tuple(flag for flag in FLAGS if flag in flags) + tuple(lists)


def _has_word_run(pattern: list[dict]) -> bool:
    """Whether a pattern has a token that can repeat and is not pinned to listed words (LOWER)."""
    for token in pattern:
        op = token.get("OP")
        if op in (None, "?", "!"):
            continue
        word = token.get("LOWER")
        if isinstance(word, str) or (isinstance(word, dict) and "IN" in word):
            continue
        match = _REPEAT.match(str(op))
        if op in ("*", "+") or (match and (match.group(2) and (not match.group(3) or int(match.group(3)) >= 2))):
            return True
    return False


class TokenBank(SharedBank):
    """All token leaves of one compile context: RE2 for the patterns it can express exactly,
    one shared spaCy Matcher for the rest."""

    def __init__(self, vocab, requires: frozenset = frozenset()):
        self.vocab = vocab
        self.requires = requires  # what the Doc needs beyond the tokenizer before a scan
        self.patterns: dict[str, list[list[dict]]] = {}
        self.owners: dict[str, object] = {}  # key -> the leaf whose patterns they are
        self.policy = EagerPolicy()  # which keys are searched with the batch (see EagerPolicy)
        self._built = None

    def add(self, patterns: list[list[dict]], owner=None) -> str:
        key = f"leaf{len(self.patterns)}"
        self.patterns[key] = patterns
        if owner is not None:
            self.owners[key] = owner
        self._built = None  # rebuilt on next use
        return key

    # -- building -------------------------------------------------------------------------------

    def _build(self):
        from spacy.matcher import Matcher

        every = [p for patterns in self.patterns.values() for p in patterns]
        known = {id(token): _token_constraints(token) for pattern in every for token in pattern}
        read = lambda token: known[id(token)]  # noqa: E731 - each description read once, not twice
        columns = record_columns(every, read)
        # patterns with a run of any words ({IS_PUNCT: false, OP: "{0,3}"}, a NOT_IN word with "*")
        # in a set of their own (see SetGroup): about a quarter less scanning on fresh drafts
        entries: list[list] = []  # index -> [key, expression, compiled or None], or [key, None, None] for the Matcher
        rset = Occurrence(_options(), lambda index, data: self._occurs(index, data))

        def add(expression: str, runs: bool, clauses, entry: list) -> None:
            rset.add(expression, runs, clauses)
            entries.append(entry)

        matcher = Matcher(self.vocab, validate=False)
        loose = False
        for key, patterns in self.patterns.items():
            translations = [Translation(p, columns, read) for p in patterns]
            for pattern, translation in zip(patterns, translations):
                if translation.exact:  # each pattern on its own, so the longest across patterns wins
                    add(translation.expression, _has_word_run(pattern), token_clauses(pattern),
                        [key, translation.expression, None])
            fallback = [p for p, t in zip(patterns, translations) if not t.exact]
            if fallback:  # one loose expression says whether spaCy's Matcher needs to run at all
                self.policy.eager.add(key)  # the Matcher runs with the batch
                add("(?:" + ")|(?:".join(t.expression for t in translations if not t.exact) + ")",
                    any(_has_word_run(p) for p in fallback), any_clauses(token_clauses(p) for p in fallback),
                    [key, None, None])
                for n, pattern in enumerate(fallback):  # one id per pattern, for the same overlap rule as RE2
                    matcher.add(f"{key}\x00{n}", [pattern])
                loose = True
        self._records = Records(self.vocab, columns)
        self._built = (columns, rset, entries, matcher if loose else None)
        return self._built

    # -- matching -------------------------------------------------------------------------------

    def hits(self, document, key: str) -> list[Hit]:
        scan = document.cache.get(self)
        if scan is None:
            self.prepare([document])
            scan = document.cache[self]
        found = scan.found.get(key)
        if found is None:
            indices = scan.pending.pop(key, None)
            if indices is None:  # none of the key's patterns occurs in the draft
                return []
            self.policy.asked(key)
            spans = [span for index in indices for span in self._token_spans(self._compiled(index), scan.data)]
            found = scan.found[key] = self._to_hits(document, spans)
        return found

    def warm(self) -> None:
        """Translate the patterns and compile the RE2 sets now rather than on first use."""
        _, rset, entries, _ = self._built or self._build()
        if entries:
            rset.compiled()

    def blank_leaves(self):
        """The leaves prepare() gives an entry in each draft's cache (see Engine.prepare)."""
        return self.owners.values()

    def prepare(self, documents, prefilled: bool = False) -> None:
        """Scan a batch of drafts (_scan_many) and give each leaf its hits in each draft's cache;
        with `prefilled`, the caches already hold NO_HITS for every leaf."""
        todo = [d for d in documents if self not in d.cache]
        owners = self.owners
        nothing = None if prefilled else dict.fromkeys(owners.values(), NO_HITS)
        for document, scan in zip(todo, self._scan_many(todo)):
            document.cache[self] = scan
            fill_leaves(document.cache, nothing,
                        [(owners[key], hits) for key, hits in scan.found.items() if hits and key in owners],
                        [owners[key] for key in scan.pending if key in owners])

    def _scan_many(self, documents) -> list[_Scan]:
        """What each draft holds, key by key. The set runs over the batch first; then each
        occurring pattern of a key the rules ask for often runs over the drafts it occurs
        in, pattern after pattern (an RE2 automaton that has just run is still in the CPU's
        caches, which makes a batch several times cheaper than the same drafts one at a time).
        The patterns of other keys are left pending and run for a draft only if a rule asks
        (many leaves sit behind a rarer condition that decides first; see EagerPolicy)."""
        columns, rset, entries, matcher = self._built or self._build()
        if not entries:
            return [_Scan({}, {}, b"") for _ in documents]
        datas = [self._records.encode(document.orths, document.sentence_flags) for document in documents]
        wanted = self.policy.eager
        occurred = self.policy.occurred
        eager: dict[int, list[int]] = {}  # set index -> the drafts in which it occurs
        pending: list[dict[str, list[int]]] = [{} for _ in documents]
        found = rset.find(datas, lambda n: rset.literals.for_words(_words(documents[n])))
        for n, present in enumerate([range(len(entries))] * len(datas) if found is None else found):
            for index in present:
                key = entries[index][0]
                if key in wanted:
                    eager.setdefault(index, []).append(n)
                else:
                    waiting = pending[n].get(key)
                    if waiting is None:
                        waiting = pending[n][key] = []
                        occurred(key)
                    waiting.append(index)
        spans: list[dict[str, list[tuple[int, int]]]] = [{} for _ in documents]
        run_matcher = [False] * len(documents)
        for index in sorted(eager):
            key, expression, _ = entries[index]
            if expression is None:
                for n in eager[index]:
                    run_matcher[n] = True
                continue
            compiled = self._compiled(index)
            for n in eager[index]:
                spans[n].setdefault(key, []).extend(self._token_spans(compiled, datas[n]))
        out = []
        for document, found, run, data, later in zip(documents, spans, run_matcher, datas, pending):
            if matcher is not None and run:
                self._matcher_spans(document, matcher, found)
            out.append(_Scan({key: self._to_hits(document, s) for key, s in found.items() if s}, later, data))
        return out

    def _occurs(self, index: int, data: bytes) -> bool:
        """Whether one expression occurs in a draft's records (a loose one is taken to occur:
        spaCy's Matcher then decides)."""
        return self._built[2][index][1] is None or self._compiled(index).search(data) is not None

    def _compiled(self, index: int):
        entry = self._built[2][index]
        if entry[2] is None:  # compiled when first reported
            entry[2] = re2.compile(entry[1], _options())
        return entry[2]

    @staticmethod
    def _token_spans(compiled, data: bytes) -> list[tuple[int, int]]:
        """Matches as token index ranges: the number of record starts before each end."""
        return [(data.count(b"\x01", 0, start), data.count(b"\x01", 0, end))
                for start, end in byte_spans(compiled, data) if end > start]

    @staticmethod
    def _matcher_spans(document, matcher, spans: dict[str, list[tuple[int, int]]]) -> None:
        strings = document.doc.vocab.strings
        per_pattern: dict[str, list[tuple[int, int]]] = {}
        for match_id, start, end in matcher(document.doc):
            per_pattern.setdefault(strings[match_id], []).append((start, end))
        for name, found in per_pattern.items():  # leftmost-longest, without overlaps, as finditer gives
            kept, reach = spans.setdefault(name.split("\x00")[0], []), 0
            for start, end in sorted(found, key=lambda m: (m[0], -m[1])):
                if start >= reach:
                    kept.append((start, end))
                    reach = end

    @staticmethod
    def _to_hits(document, found: list[tuple[int, int]]) -> list[Hit]:
        text, tokens = document.text, document.token_list
        hits = []
        for start, end in longest_first(found):
            a, b = tokens[start].start, tokens[end - 1].end
            hits.append(Hit(a, b, text[a:b]))
        return hits


def _words(document) -> set[str]:
    """The lowercase texts of a draft's tokens, as its records spell them."""
    words = {token.lower_ for token in document.token_list}
    if _CONTROL.search(document.text):
        words |= {_CONTROL.sub("\ufffd", word) for word in words}
    return words


class _Scan:
    """One draft's token-bank results: hits by key, the set indices of keys not yet run, and
    the draft's records for running them."""

    __slots__ = ("found", "pending", "data")

    def __init__(self, found: dict, pending: dict, data: bytes):
        self.found = found
        self.pending = pending
        self.data = data


class Records:
    """Encodes a draft's tokens as records for one set of columns, remembering each distinct word's
    record (its lexical marks and lowercase text), so a draft costs one dict lookup per token."""

    MAX_WORDS = 200_000  # forget the remembered words past this, so a long stream stays bounded

    def __init__(self, vocab, columns: tuple):
        self.vocab = vocab
        self.sentence_mark = bool(columns) and columns[0] == "IS_SENT_START"
        self.lexical = [c for c in columns if isinstance(c, str) and c != "IS_SENT_START"]
        self.lists = [c for c in columns if not isinstance(c, str)]
        self.words: dict[int, tuple[bytes, bytes]] = {}

    def encode(self, orths: list[int], starts: list[bool]) -> bytes:
        """The records of a draft's tokens, from their orth ids and sentence-start flags."""
        words = self.words
        if len(words) > self.MAX_WORDS:
            words.clear()
        try:  # the common case: every word seen before, one lookup per token
            return b"".join([words[orth][start] for orth, start in zip(orths, starts)])
        except KeyError:
            for orth in orths:
                if orth not in words:
                    words[orth] = self._word(orth)
            return b"".join([words[orth][start] for orth, start in zip(orths, starts)])

    def _word(self, orth: int) -> tuple[bytes, bytes]:
        """The word's record inside a sentence and at a sentence start."""
        lexeme = self.vocab[orth]
        text = _CONTROL.sub("\ufffd", lexeme.orth_)
        lower = text.lower()
        lexical = [bool(getattr(lexeme, flag.lower())) for flag in self.lexical]
        ids = "".join(chr(ID_BASE + k) for k, (field, members) in enumerate(self.lists)
                      if (text if field == "text" else lower) in members)
        head = "\x01" + lower + "\x03"

        def record(starts_sentence: bool) -> bytes:
            bits = ([starts_sentence] if self.sentence_mark else []) + lexical
            packed = "".join(chr(0x40 + sum(1 << k for k, bit in enumerate(bits[g:g + PACK]) if bit))
                             for g in range(0, len(bits), PACK))
            return (head + packed + ids + "\x02").encode("utf-8", "replace")

        return (record(False), record(True))  # inside a sentence, starting one

