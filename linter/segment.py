"""Split a tokenized draft into sentences and find its greeting, sign-off and greeting name."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

Span = tuple[int, int]


class TokenInfo(NamedTuple):
    """What segmentation and metrics need of a token, read once from the Doc's arrays (much
    cheaper than spaCy Token objects)."""

    i: int
    start: int
    end: int
    text: str
    lower_: str
    is_space: bool
    is_word: bool  # counts as a word: has a letter or digit and is not a split-off clitic ('re, n't)


def token_infos(doc) -> tuple[list[TokenInfo], list[int]]:
    """The Doc's tokens as TokenInfo records, and each token's orth id (for the token bank)."""
    if not len(doc):
        return [], []
    from spacy.attrs import IDX, ORTH

    words = _WORDS
    if len(words) > _MAX_WORDS:  # a long stream of new words: start over rather than grow
        words.clear()
    strings = doc.vocab.strings
    out = []
    new = tuple.__new__  # skips NamedTuple's Python-level __new__
    orths, offsets = doc.to_array([ORTH, IDX]).T.tolist()
    for i, (orth, idx) in enumerate(zip(orths, offsets)):
        known = words.get(orth)
        if known is None:
            known = words[orth] = _word_facts(strings[orth])
        word, lower, space, is_word = known
        out.append(new(TokenInfo, (i, idx, idx + len(word), word, lower, space, is_word)))
    return out, orths


def _word_facts(word: str) -> tuple[str, str, bool, bool]:
    """What a token's text says once, whatever draft it is in: text, lowercase, space, word."""
    lower = word.lower()
    is_word = word[:1] not in "'’" and lower not in _CLITICS and _ALNUM.search(word) is not None
    return word, lower, word.isspace(), is_word


# orth hash -> facts; the hash is of the string itself, so one table serves every vocabulary
_WORDS: dict[int, tuple[str, str, bool, bool]] = {}
_MAX_WORDS = 200_000
_CLITICS = frozenset({"n't", "n’t"})
_ALNUM = re.compile(r"[^\W_]")  # a letter or digit, as str.isalnum() has it

_GREETING = re.compile(
    r"""^\s*(?:
        hi|hello|hey|heya|hiya|howdy|yo|dear|greetings|good\s+(?:morning|afternoon|evening|day)
        |hola|bonjour|salut|hallo|ciao|namaste|to\s+whom\s+it\s+may\s+concern
        # the Indian and Nigerian English salutation, before a title or a capitalised name ("Respected Sir,",
        # "Respected Dr Rao"), not a sentence that starts with the word ("Respected by peers, ...")
        |respected(?=[ \t]+(?:sir|madam|ma['’]?am|mr|mrs|ms|dr|prof|professor|team|colleagues?|(?-i:[A-Z])))
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
_GREETING_END = re.compile(r"[,:;!.\n—–-]")
_NO_NAME = {
    "there", "all", "everyone", "everybody", "team", "folks", "friend", "friends", "sir",
    "madam", "sir/madam", "sir or madam", "hiring manager", "recruiter", "you", "guys",
    "y'all", "colleague", "connection", "sir or madam,", "future colleague", "to whom it may concern",
    "doctor", "dr", "dr.", "professor", "prof", "ma'am", "mam", "madam or sir", "hiring team", "recruiting team",
    "admissions", "admissions team", "dear", "honey", "sweetie", "hun", "hon", "babe", "baby", "darling",
    "handsome", "beautiful", "gorgeous", "sweetheart", "love", "bro", "dude", "buddy", "pal", "sis", "stranger", "customer", "valued customer", "partner", "founder", "ceo", "boss", "mate",
    "website owner", "business owner", "shop owner", "store owner", "homeowner", "home owner", "owner", "hr", "hr team",
    "hr manager", "marketing manager", "manager", "ma'am/sir", "sir/ma'am", "respected sir", "respected madam", "respected ma'am",
}
# (also the professional and civic titles of many Englishes: "Engr. Okafor", "Barr. Eze", "Cllr. Patel", "Rev. Mensah")
_TITLES = re.compile(r"^(?:dr|mr|mrs|ms|mx|prof|professor|doctor|engr|arc|barr|rev|revd|fr|hon|cllr|capt|col|sgt|lt|supt|insp|amb|sen|gov)\.?\s+",
                     re.IGNORECASE)
_SIGN_OFF = re.compile(
    r"""^\s*(?:[-—–]+\s*\S.*|(?:best|all\s+the\s+best|kind\s+regards|best\s+regards|warm\s+regards|regards|
        warmly|warm\s+wishes|cheers|thanks|thank\s+you|many\s+thanks|thanks\s+again|thanks\s+so\s+much|
        sincerely|yours\s+sincerely|yours|respectfully|talk\s+soon|speak\s+soon|take\s+care|
        with\s+gratitude|gratefully|appreciatively|looking\s+forward)\b[^.?\n]{0,30}[,!.]?\s*)$""",
    re.IGNORECASE | re.VERBOSE,
)
_NAME_WORD = r"[A-Z][^\W\d_]*(?:['’-][^\W\d_]+)*"
# "Hello, Sarah," / "Hi, Dr. Chen!": a comma after the greeting word, then a capitalised name.
_VOCATIVE = re.compile(
    r"[ \t]*,[ \t]*(?P<name>(?:(?:[Dd]r|[Mm]rs?|[Mm]s|[Mm]x|[Pp]rof)\.?[ \t]+)?"
    + _NAME_WORD + r"(?:[ \t]+" + _NAME_WORD + r"){0,3})[ \t]*(?:[,:;!?.…—–-]|(?=\r?\n)|$)"
)
_NOT_A_NAME = {"i", "i'm", "i’m", "im", "i've", "i’ve", "i'd", "i’d", "i'll", "i’ll",
               "thanks", "thank", "congrats", "congratulations", "hope", "sorry", "welcome", "quick"}
_FINAL_PUNCT = set(".!?…")
_CLOSERS = set("\"')]”’»")


@dataclass(frozen=True)
class Layout:
    """Where the parts of a draft are, as character spans of the body."""

    sentences: tuple[Span, ...]
    greeting: Span | None
    greeting_name: str | None
    sign_off: Span | None
    tokens: list[TokenInfo]
    orths: list[int]  # each token's orth id, in order
    starts: list[bool]  # whether each token starts a sentence (as set on the Doc)


_SUBJECT = re.compile(r"^[ \t]*(?:subject|subj|re|fwd?)[ \t]*:[^\n]*\n", re.IGNORECASE)


def find_greeting(text: str) -> tuple[Span | None, str | None]:
    """Return the greeting span (e.g. 'Hi Sarah,') and the name in it, if the draft opens with one
    (after a 'Subject:' line, when the draft starts with one)."""
    subject = _SUBJECT.match(text)
    if subject is None:
        return _find_greeting(text)
    span, name = _find_greeting(text[subject.end():])
    return ((span[0] + subject.end(), span[1] + subject.end()) if span else None), name


def _find_greeting(text: str) -> tuple[Span | None, str | None]:
    m = _GREETING.match(text)
    if not m:
        return None, None
    start = len(text) - len(text.lstrip())
    rest = text[m.end():]
    vocative = _VOCATIVE.match(rest)
    if vocative and vocative.group("name").split()[0].lower() not in _NOT_A_NAME:
        name, end = vocative.group("name"), m.end() + vocative.end()
    else:
        end_m = _GREETING_END.search(rest, 0, 60)
        # "Dr." must not end the greeting at its period
        while end_m and end_m.group() == "." and _TITLES.match(rest[: end_m.start()].strip() + ". "):
            end_m = _GREETING_END.search(rest, end_m.end(), 60)
        if end_m is None:
            line_end = rest.find("\n")
            if line_end == -1 and len(rest) > 60:
                return (start, m.end()), None
            end = m.end() + (line_end if line_end != -1 else len(rest))
            name = rest[: end - m.end()].strip()
        else:
            name = rest[: end_m.start()].strip()
            end = m.end() + end_m.end() if end_m.group() != "\n" else m.end() + end_m.start()
    name = name.strip(" \t\"'“”")
    if not name or name.lower() in _NO_NAME or len(name) > 40 or len(name.split()) > 4:
        name = None
    while end < len(text) and text[end] in _FINAL_PUNCT and text[end - 1] in _FINAL_PUNCT:
        end += 1  # "Hi Sarah!!" and "Hi Sarah..." end after the last mark
    return (start, end), name


def find_sign_off(text: str) -> Span | None:
    """Return the span from a sign-off line ('Best,', 'Thanks, Tom') to the end of the draft."""
    lines = text.rstrip().split("\n")
    if len(lines) < 2:
        return None
    offset = len(text.rstrip())
    # walk back over at most four short trailing lines (name, title, company)
    for back in range(1, min(5, len(lines))):
        line = lines[-back]
        offset -= len(line) + (1 if back > 0 else 0)
        if _SIGN_OFF.match(line) and len(line.strip()) <= 40:
            start = offset + 1 + (len(line) - len(line.lstrip()))
            return (start, len(text.rstrip()))
        if len(line.strip()) > 60:
            return None
    return None


def sentence_starts(tokens: list[TokenInfo], greeting: Span | None, sign_off: Span | None, text: str) -> list[bool]:
    """Decide which tokens start a sentence: after final punctuation, line breaks, the greeting."""
    starts = [False] * len(tokens)
    if not tokens:
        return starts
    starts[0] = True
    forced = {_first_token_from(tokens, span[i]) for span, i in ((greeting, 1), (sign_off, 0)) if span}
    final = _FINAL_PUNCT
    closers = _CLOSERS
    last = None  # the previous token that is not whitespace
    last_end = 0
    before = ""
    for tok in tokens:
        i, start, end, word, _, space, _ = tok  # unpacked once: cheaper than attribute reads
        if space:
            continue
        if last is not None:
            if i in forced:
                starts[i] = True
            elif (last_end != start
                  and (text[last_end] == "\n" if start - last_end == 1 else text.find("\n", last_end, start) != -1)
                  and _line_break_ends_sentence(text, last, text[last_end:start], tok)):
                starts[i] = True
            elif before[-1:] in final or (before in closers and last.i > 0 and tokens[last.i - 1].text[-1:] in final):
                # after final punctuation, unless an abbreviation ends there, or the token is more of
                # it: "Wow!!", "?!" and '."' stay one sentence
                if not _is_abbreviation(last, tokens) and not _is_trailing_punct(word):
                    starts[i] = True
            elif not before.isascii() and word[:1].isupper() and _is_emoji(before) and word != "I":
                starts[i] = True  # "Hope your day is going well ☀️ Just wanted to say hi"
        last, last_end, before = tok, end, word
    return starts


def _first_token_from(tokens: list[TokenInfo], char: int) -> int:
    for tok in tokens:
        if tok.start >= char and not tok.is_space:
            return tok.i
    return -1


def _line_break_ends_sentence(text: str, last: TokenInfo, gap: str, tok: TokenInfo) -> bool:
    """A blank line always ends a sentence; a single break does unless the line looks hard-wrapped."""
    if gap.count("\n") >= 2:
        return True
    line_start = text.rfind("\n", 0, last.start) + 1
    prev_line = text[line_start: last.end]
    return _ends_line(prev_line) or len(prev_line.strip()) < 40 or _is_list_item(tok.text)


def _is_emoji(token_text: str) -> bool:
    """A token of pictographs only (emoji, with their variation selectors and joiners)."""
    return bool(token_text) and all(unicodedata.category(ch) == "So" or ch in "\ufe0f\u200d" or "\U0001F3FB" <= ch <= "\U0001F3FF"
                                    for ch in token_text)


def _is_trailing_punct(token_text: str) -> bool:
    return all(ch in _FINAL_PUNCT or ch in _CLOSERS for ch in token_text)


def _ends_line(line: str) -> bool:
    return bool(line.rstrip()) and line.rstrip()[-1] in ".!?:,;)…\"'”"


def _is_list_item(token_text: str) -> bool:
    return token_text in {"-", "*", "•", "–"} or token_text.rstrip(".)").isdigit()


_ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "prof", "st", "vs", "etc", "e.g", "i.e", "inc", "jr", "sr", "no", "approx"}


def _is_abbreviation(token: TokenInfo, tokens: list[TokenInfo]) -> bool:
    if token.text[-1:] != ".":
        return False
    if token.text == "." and token.i > 0:
        word = tokens[token.i - 1].text.lower()
    else:
        word = token.text[:-1].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def layout(doc, text: str | None = None) -> Layout:
    """Segment a tokenized Doc (sets ``is_sent_start`` on it) and return the draft's layout."""
    text = doc.text if text is None else text
    tokens, orths = token_infos(doc)
    greeting, name = find_greeting(text)
    sign_off = find_sign_off(text)
    if sign_off and greeting and sign_off[0] < greeting[1]:
        sign_off = None
    flags = sentence_starts(tokens, greeting, sign_off, text)
    if tokens:
        # one array write: setting Token.is_sent_start one by one rescans the Doc each time
        import numpy
        from spacy.attrs import SENT_START

        values = numpy.where(numpy.array(flags, dtype=bool), 1, -1).astype("int64").view("uint64").reshape(-1, 1)
        doc.from_array([SENT_START], values)
    # sentence spans straight from the flags (cheaper than iterating doc.sents)
    starts = [tok.start for tok, flag in zip(tokens, flags) if flag] + [len(text)]
    spans = []
    for begin, end in zip(starts, starts[1:]):
        chunk = text[begin:end]
        trimmed = chunk.strip()
        if trimmed:
            lead = len(chunk) - len(chunk.lstrip())
            spans.append((begin + lead, begin + lead + len(trimmed)))
    return Layout(tuple(spans), greeting, name, sign_off, tokens, orths, flags)
