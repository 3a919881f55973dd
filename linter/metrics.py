"""Countable properties of a span of a draft (words, questions, I-vs-you, reading grade, ...)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

from .readability import flesch_kincaid_grade

if TYPE_CHECKING:  # pragma: no cover
    from .document import Document, Span

I_WORDS = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll", "im", "ive"})
WE_WORDS = frozenset({"we", "us", "our", "ours", "ourselves"})
YOU_WORDS = frozenset({"you", "your", "yours", "yourself", "yourselves", "u", "ur", "you're", "you've", "you'd", "you'll", "y'all"})
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|io|ai|co|org|net|me|ly|app)(?:/\S*)?\b", re.IGNORECASE)
_EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_FOUR_CAPITALS = re.compile(r"[A-Z]{4}")
# a line that starts with a bullet: a bullet sign, or a hyphen or asterisk followed by a space
# (not a numbered line: numbered questions are a normal way to ask two or three things)
_BULLET_LINE = re.compile(r"[ \t]*(?:[•✅✔☑▪►➤◦🔹🔸👉⭐●■◆▶→✓]|[-*–+][ \t])[ \t]*\S")


def _text(doc: "Document", span: "Span") -> str:
    return doc.text[span[0]:span[1]]


def word_count(doc, span):
    return len(doc.words(span))


def char_count(doc, span):
    """Characters, without the whitespace around the span (a file's final newline is not part of a note)."""
    return len(_text(doc, span).strip())


def sentence_count(doc, span):
    return doc.sentence_count(span)


def question_count(doc, span):
    return len(re.findall(r"\?+", _text(doc, span)))


def exclamation_count(doc, span):
    return _text(doc, span).count("!")


def i_count(doc, span):
    return sum(map(I_WORDS.__contains__, doc.words(span)))


def we_count(doc, span):
    return sum(map(WE_WORDS.__contains__, doc.words(span)))


def you_count(doc, span):
    return sum(map(YOU_WORDS.__contains__, doc.words(span)))


def i_you_ratio(doc, span):
    """Sender words (I, me, my) per reader word (you, your); with no reader word, the sender count."""
    return round(i_count(doc, span) / max(you_count(doc, span), 1), 2)


def reading_grade(doc, span):
    return flesch_kincaid_grade(_text(doc, span), max(doc.sentence_count(span), 1))


def caps_word_count(doc, span):
    """Words of four or more letters written in capitals (shouting, not acronyms like AWS)."""
    text = _text(doc, span)
    if text.isascii() and not _FOUR_CAPITALS.search(text):  # the usual case, without a token loop
        return 0
    return sum(1 for t in doc.tokens(span) if len(t.text) >= 4 and t.text.isalpha() and t.text.isupper())


def link_count(doc, span):
    return len(_URL.findall(_text(doc, span)))


def emoji_count(doc, span):
    text = _text(doc, span)
    return 0 if text.isascii() else len(_EMOJI.findall(text))


def paragraph_count(doc, span):
    return len([p for p in _PARAGRAPH_BREAK.split(_text(doc, span)) if p.strip()])


def longest_paragraph_words(doc, span):
    text = _text(doc, span)
    best, pos = 0, span[0]
    for part in _PARAGRAPH_BREAK.split(text):
        start = doc.text.find(part, pos)
        if part.strip():
            best = max(best, word_count(doc, (start, start + len(part))))
        pos = start + len(part)
    return best


def longest_bullet_run(doc, span):
    """Bullet lines in a row, however long each line is; blank lines between bullets do not end the run."""
    best = run = 0
    for line in _text(doc, span).split("\n"):
        if _BULLET_LINE.match(line):
            run += 1
            best = max(best, run)
        elif line.strip():
            run = 0
    return best


def longest_sentence_words(doc, span):
    inside = [s for s in doc.sentences if s[0] >= span[0] and s[1] <= span[1]]
    return max((word_count(doc, s) for s in inside), default=0)


METRICS: dict[str, Callable] = {
    "word_count": word_count,
    "char_count": char_count,
    "sentence_count": sentence_count,
    "question_count": question_count,
    "exclamation_count": exclamation_count,
    "i_count": i_count,
    "we_count": we_count,
    "you_count": you_count,
    "i_you_ratio": i_you_ratio,
    "reading_grade": reading_grade,
    "caps_word_count": caps_word_count,
    "link_count": link_count,
    "emoji_count": emoji_count,
    "paragraph_count": paragraph_count,
    "longest_paragraph_words": longest_paragraph_words,
    "longest_sentence_words": longest_sentence_words,
    "longest_bullet_run": longest_bullet_run,
}


def compute_metric(name: str, doc: "Document", span: "Span") -> float:
    return METRICS[name](doc, span)
