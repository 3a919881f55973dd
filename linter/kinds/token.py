"""Kind `token`: spaCy Matcher token patterns, e.g. [{LEMMA: pick}, {LOWER: your}, {LOWER: brain}].

Patterns are written and validated as spaCy Matcher patterns; most run as RE2 expressions over
token records (kinds/tokenstring.py), the rest on spaCy's Matcher.
"""

from __future__ import annotations

import functools
import re

from ..errors import did_you_mean
from .bank import BankLeaf
from .base import fail

KEYS = {"patterns"}
REQUIRED = {"patterns"}
MAX_PATTERNS = 1000

TOKEN_ATTRS = {
    "ORTH", "TEXT", "LOWER", "NORM", "LEMMA", "SHAPE", "PREFIX", "SUFFIX", "LENGTH", "POS", "TAG",
    "MORPH", "DEP", "ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID", "IS_ALPHA", "IS_ASCII", "IS_DIGIT",
    "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE", "IS_STOP", "IS_SENT_START",
    "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY", "LIKE_NUM",
    "LIKE_URL", "LIKE_EMAIL", "SPACY", "OP",
}
STRING_ATTRS = {"ORTH", "TEXT", "LOWER", "NORM", "LEMMA", "SHAPE", "PREFIX", "SUFFIX", "POS", "TAG",
                "MORPH", "DEP", "ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID"}
NEEDS = {"LEMMA": "lemma", "POS": "tag", "TAG": "tag", "MORPH": "tag", "DEP": "dep",
         "ENT_TYPE": "ner", "ENT_IOB": "ner", "ENT_ID": "ner", "ENT_KB_ID": "ner"}


def check_token_dicts(pattern, path: str, line: int, allowed: set[str] = TOKEN_ATTRS, where: str = "token") -> set[str]:
    """Check one list of token dicts without spaCy; return the requirements its attributes imply."""
    needs: set[str] = set()
    if not isinstance(pattern, list) or not pattern:
        fail("each pattern must be a non-empty list of token descriptions like {LOWER: 'call'}", path, line)
    for i, tok in enumerate(pattern):
        tline = pattern.line_of(i) if hasattr(pattern, "line_of") else line
        if not isinstance(tok, dict):
            fail(f"each {where} in a pattern must be a mapping like {{LOWER: 'call'}}, got {tok!r}", path, tline)
        for key, value in tok.items():
            kline = tok.line_of(key) if hasattr(tok, "line_of") else tline
            attr = str(key).upper()
            if attr not in allowed:
                fail(f"unknown token attribute '{key}'{did_you_mean(attr, allowed)}", path, kline)
            if attr in STRING_ATTRS and isinstance(value, bool):
                fail(f"'{key}' is {value!r}: YAML reads yes/no/on/off as true/false, so quote the word", path, kline)
            if isinstance(value, dict):
                for op, item in value.items():
                    if str(op).upper() == "REGEX":
                        fail(f"'{key}' uses REGEX, which can run for a very long time on some texts; "
                             "use a matcher of kind 'regex' (linear-time) instead", path, kline)
                    items = item if isinstance(item, list) else [item]
                    if attr in STRING_ATTRS and any(isinstance(v, bool) for v in items):
                        fail(f"'{key}' {op} has true/false: YAML reads yes/no/on/off that way, so quote the words",
                             path, kline)
            if attr == "OP":
                _check_operator(value, path, kline)
            if attr in NEEDS:
                needs.add(NEEDS[attr])
    return needs


MAX_REPEAT = 20
_REPEAT = re.compile(r"^\{(\d*)(,?)(\d*)\}$")


def _check_operator(value, path: str, line: int) -> None:
    """OP is one of ! ? + * or a bounded repeat {n}, {n,m}, {,m}, {n,} with n <= m <= 20."""
    if value in ("!", "?", "+", "*"):
        return
    match = _REPEAT.match(str(value))
    if not isinstance(value, str) or not match or not (match.group(1) or match.group(3)):
        fail(f"OP must be one of !, ?, +, * or a repeat like {{2}} or {{0,3}}, got {value!r}", path, line)
    low = int(match.group(1) or 0)
    high = int(match.group(3)) if match.group(3) else (low if not match.group(2) else None)
    if low > MAX_REPEAT or (high is not None and high > MAX_REPEAT):
        fail(f"OP {value!r} repeats a token more than {MAX_REPEAT} times; the limit keeps patterns fast", path, line)
    if high is not None and low > high:
        fail(f"OP {value!r} has a minimum above its maximum", path, line)


def parse(raw, path):
    patterns = raw["patterns"]
    if not isinstance(patterns, list) or not patterns:
        fail("'patterns' must be a non-empty list of patterns (each a list of token descriptions)",
             path, raw.line_of("patterns"))
    if len(patterns) > MAX_PATTERNS:
        fail(f"'patterns' has {len(patterns):,} items; the limit is {MAX_PATTERNS:,}", path, raw.line_of("patterns"))
    needs: set[str] = set()
    for i, pattern in enumerate(patterns):
        needs |= check_token_dicts(pattern, path, patterns.line_of(i))
    return {"patterns": patterns}, frozenset(needs)


class TokenLeaf(BankLeaf):
    def __init__(self, spec, ctx):
        super().__init__(spec)
        from spacy.schemas import validate_token_pattern

        from .tokenstring import TokenBank

        patterns = spec.params["patterns"]
        plain = [_plain(pattern) for pattern in patterns]
        for i, pattern in enumerate(plain):
            problems = validate_token_pattern(pattern)
            if problems:
                fail(f"invalid token pattern: {problems[0]}", spec.path, patterns.line_of(i))
            _check_single_tokens(patterns[i], ctx.nlp, spec.path, patterns.line_of(i))
        self.bank = ctx.bank(("token", spec.requires), lambda: TokenBank(ctx.nlp.vocab, spec.requires))
        self.key = self.bank.add(plain, self)


SINGLE_TOKEN_ATTRS = {"ORTH", "TEXT", "LOWER", "NORM"}


def _check_single_tokens(pattern, nlp, path: str, line: int) -> None:
    """A value the tokenizer splits ("you're" -> you + 're) can never match one token: say so."""
    for tok in pattern:
        for key, value in tok.items():
            if str(key).upper() not in SINGLE_TOKEN_ATTRS:
                continue
            values = [value] if isinstance(value, str) else [
                v for op, items in (value.items() if isinstance(value, dict) else ())
                if str(op).upper() == "IN" and isinstance(items, list) for v in items if isinstance(v, str)]
            for text in values:
                if _one_word(text, nlp):
                    continue
                pieces = [t.text for t in nlp.make_doc(text)]
                if len(pieces) > 1 and text[:1] in "'’":  # a clitic: 're, 've, 's split off a word
                    pieces = [t.text for t in nlp.make_doc("we" + text)][1:]
                if len(pieces) > 1:
                    kline = tok.line_of(key) if hasattr(tok, "line_of") else line
                    fail(f"'{text}' is split by the tokenizer into {' + '.join(repr(p) for p in pieces)}, so it can "
                         "never match a single token; write one token description per piece", path, kline)


def _one_word(text: str, nlp) -> bool:
    """Whether the tokenizer surely keeps this text as one token, known without running it: ASCII
    letters only split by a special case ("cannot" -> can + not), since every prefix, suffix and
    infix rule of the English tokenizer needs a character that is not a letter."""
    return text.isascii() and text.isalpha() and text not in _special_cases(nlp.tokenizer)


@functools.lru_cache(maxsize=4)
def _special_cases(tokenizer) -> frozenset[str]:
    return frozenset(tokenizer.rules or ())


def _plain(value):
    """Located YAML containers back to plain dicts and lists, for spaCy."""
    if isinstance(value, dict):
        return {str(k).upper() if str(k).upper() in TOKEN_ATTRS or k in ("IN", "NOT_IN") else k: _plain(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def compile(spec, ctx):
    return TokenLeaf(spec, ctx)
