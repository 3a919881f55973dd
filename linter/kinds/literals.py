"""Words and strings an expression cannot match without, so a few drafts can skip compiling a set.

An RE2 set answers "which of these thousands of expressions occur in this text?" in one pass,
but adding and compiling the built-in rules' expressions takes 0.35-0.45 s, most of what a
single `introlint check` spends past loading spaCy. For the first few drafts of a run the banks
ask a cheaper question first (re2scan.Occurrence): which expressions could occur at all, judged
by literals every match must contain, and then search only those, each on its own.

`token_clauses` reads a token pattern: a token that must be present (no "?", "*", "!" or zero
minimum) and is pinned to listed texts (LOWER, ORTH or TEXT, a string or an IN list) needs one
of those words, lowercased, among the draft's tokens. `regex_clauses` reads a regex: a run of
ASCII literal characters that every match contains, or one such run from each branch of an
alternation, casefolded (RE2's case-insensitive matching folds ASCII letters only with each
other, the Kelvin sign and the long s, which casefold to them; tests/test_literals.py checks
this over all of Unicode's letters as RE2 sees them). Both return () when they find nothing
certain, and the expression is then searched in every draft. Only the choice of what to
search depends on this; what a search finds does not. The loader stores each regex's clauses
with the rule (kinds/regex.py), so the rule cache keeps them: reading them takes about 0.2 s.
"""

from __future__ import annotations

import re

Clause = frozenset  # of str: a draft must contain one of them
Clauses = tuple  # of Clause: a draft must satisfy every one; () when nothing is certain

_REPEAT = re.compile(r"^\{(\d*),?\d*\}$")


def _required(op) -> bool:
    """Whether a token with this Matcher operator must be present at least once."""
    if op is None or op == "+":
        return True
    if op in ("?", "*", "!"):
        return False
    match = _REPEAT.match(str(op))
    return bool(match and match.group(1) and int(match.group(1)) >= 1)


def _texts(value) -> set[str] | None:
    if isinstance(value, str):
        return {value.lower()}
    if isinstance(value, dict):
        among = value.get("IN")
        if isinstance(among, list) and among and all(isinstance(v, str) for v in among):
            return {v.lower() for v in among}
    return None


def token_clauses(pattern: list[dict]) -> Clauses:
    """For each required token pinned to listed texts, the lowercase words one of which the
    draft must contain."""
    out = []
    for token in pattern:
        if not _required(token.get("OP")):
            continue
        words = None
        for key in ("LOWER", "ORTH", "TEXT"):
            found = _texts(token.get(key))
            if found is not None:
                words = found if words is None else words & found  # both constraints hold
        if words is not None:
            out.append(frozenset(words))
    return tuple(out)


def _strength(clause: Clause) -> tuple[int, int]:
    """How well a clause filters: the longer its shortest atom, and the fewer atoms, the better."""
    return min(map(len, clause), default=0), -len(clause)


def best(clauses: Clauses) -> Clause | None:
    return max(clauses, key=_strength) if clauses else None


def any_clauses(alternatives) -> Clauses:
    """Clauses for an alternation: one atom of any alternative's best clause; () when an
    alternative has none."""
    out: set[str] = set()
    for clauses in alternatives:
        if not clauses:
            return ()
        out |= best(clauses)
    return (frozenset(out),)


# A regex as tokens of RE2 syntax, enough to find the literal characters every match contains.
_REGEX_TOKEN = re.compile(r"""
    (?P<chars>[^\\\[\](){}|*+?.^$\x80-\U0010ffff]+)
  | (?P<bar>\|)
  | (?P<repeat>(?:[*+?]|\{(?P<low>\d+)(?:,\d*)?\})\??)
  | (?P<close>\))
  | (?P<flags>\(\?[A-Za-z-]*\))
  | (?P<open>\((?:\?P?<[^>]*>|\?[A-Za-z-]*:)?)
  | (?P<quoted>\\Q.*?(?:\\E|$))
  | (?P<escape>\\(?:x\{[0-9A-Fa-f]*\}|x[0-9A-Fa-f]{0,2}|[pP](?:\{[^}]*\}|.)|[0-7]{1,3}|[A-Za-z0-9]))
  | (?P<escaped>\\.)
  | (?P<klass>\[\^?\]?(?:\[:\^?[a-z]+:\]|\\.|[^\]\\])*\])
  | (?P<other>[.^$])
  | (?P<char>.)
""", re.VERBOSE | re.DOTALL)


def regex_clauses(pattern: str) -> Clauses:
    """Casefolded ASCII strings: for each clause, the text must contain one of them for the
    regex to match."""
    tokens = [(m.lastgroup, m) for m in _REGEX_TOKEN.finditer(pattern)]
    try:
        clauses, end = _alternation(tokens, 0)
    except _Unsure:
        return ()
    return clauses if end == len(tokens) else ()


class _Unsure(Exception):
    """Syntax this reader does not follow (an unbalanced parenthesis...): assume nothing."""


def _alternation(tokens, i) -> tuple[Clauses, int]:
    branches = []
    while True:
        clauses, i = _sequence(tokens, i)
        branches.append(clauses)
        if i < len(tokens) and tokens[i][0] == "bar":
            i += 1
            continue
        return (branches[0] if len(branches) == 1 else any_clauses(branches)), i


def _at_least_once(repeat) -> bool:
    text = repeat.group()
    return text[0] == "+" or (text[0] == "{" and int(repeat.group("low")) >= 1)


def _sequence(tokens, i) -> tuple[Clauses, int]:
    out: list[Clause] = []
    run: list[str] = []

    def flush():
        text = "".join(run)
        if text:
            out.append(frozenset({text.casefold()}))
        run.clear()

    while i < len(tokens):
        kind, match = tokens[i]
        if kind in ("bar", "close"):
            break
        if kind == "repeat":  # a repeat with nothing to repeat: not RE2 as this reader knows it
            raise _Unsure
        inner: Clauses = ()
        if kind == "open":
            inner, i = _alternation(tokens, i + 1)
            if i >= len(tokens) or tokens[i][0] != "close":
                raise _Unsure
        i += 1
        repeat = None
        if i < len(tokens) and tokens[i][0] == "repeat":
            repeat = tokens[i][1]
            i += 1
        required = repeat is None or _at_least_once(repeat)
        if kind == "chars":  # plain ASCII characters; a repeat applies to the last one only
            text = match.group()
            run.append(text if repeat is None else text[:-1])
            if repeat is None:
                continue
            if not required:
                flush()
                continue
            run.append(text[-1])
            flush()
            continue
        if kind in ("char", "escaped") and match.group()[-1].isascii() and required:
            run.append(match.group()[-1])
            if repeat is not None:  # "ab+" needs "ab"; what follows the repeat starts a new run
                flush()
            continue
        flush()
        if required:
            out.extend(inner)
    flush()
    return tuple(out), i


class LiteralIndex:
    """Expressions by the literals they need: which of them could occur in a draft.

    An expression is looked up by the atoms of its best clause (`best`) and kept when its other
    clauses are met too. In a text, the atoms present are found through their first three
    characters: the text's three-character slices pick the few atoms worth an `in` search, so
    the cost follows the draft's length rather than the number of atoms (about 3,000 in the
    built-in rules)."""

    def __init__(self):
        self.always: list[int] = []  # expressions without clauses: searched in every draft
        self.by_atom: dict[str, list[int]] = {}  # an atom of each expression's best clause -> expressions
        self.rest: dict[int, tuple[Clause, ...]] = {}  # each expression's other clauses, checked after
        self.by_start: dict[str, set[str]] = {}  # every atom of 3 or more characters, by its first three
        self.short: set[str] = set()  # every shorter atom

    def add(self, index: int, clauses: Clauses) -> None:
        if not clauses:
            self.always.append(index)
            return
        first = best(clauses)
        for atom in first:
            self.by_atom.setdefault(atom, []).append(index)
        others = tuple(clause for clause in clauses if clause is not first)
        if others:
            self.rest[index] = others
        for clause in clauses:
            for atom in clause:
                if len(atom) < 3:
                    self.short.add(atom)
                else:
                    self.by_start.setdefault(atom[:3], set()).add(atom)

    def for_words(self, words: set[str]) -> list[int]:
        """The expressions that could occur among these lowercase token texts, sorted."""
        return self._having(words)

    def for_text(self, folded: str) -> list[int]:
        """The expressions that could occur in this casefolded text, sorted."""
        present = {atom for atom in self.short if atom in folded}
        by_start = self.by_start
        for start in {folded[i:i + 3] for i in range(len(folded) - 2)}:
            atoms = by_start.get(start)
            if atoms:
                present.update(atom for atom in atoms if atom in folded)
        return self._having(present)

    def _having(self, present: set[str]) -> list[int]:
        """The expressions whose every clause has an atom among those present, sorted."""
        by_atom = self.by_atom
        found = set()
        for atom in present:
            indices = by_atom.get(atom)
            if indices:
                found.update(indices)
        rest = self.rest
        keep = [i for i in found if i not in rest or all(not present.isdisjoint(c) for c in rest[i])]
        return sorted(self.always + keep)
