"""Flesch-Kincaid grade level, counted offline with pyphen's hyphenation dictionary.

textstat 0.7.13 looks words up in NLTK's CMU dictionary, which it downloads on first use:
that fails offline and costs about 0.7 s and 120 MiB even when the data is present. We apply
the same published formula with the syllable counter textstat itself falls back to for words
the dictionary lacks (pyphen hyphenation points + 1), so no data is ever downloaded.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z0-9]+)*")  # the same words in ASCII text, found faster
_SYLLABLES: dict[str, int] = {}
_MAX_KNOWN = 200_000


@lru_cache(maxsize=1)
def _hyphenator():
    import pyphen  # imported on first use: costs ~0.1 s, only when a readability rule runs

    return pyphen.Pyphen(lang="en_US")


def syllables(word: str) -> int:
    """Syllables in one word: hyphenation points + 1, as textstat counts unknown words."""
    word = word.lower()
    if not word:
        return 0
    return len(_hyphenator().positions(word)) + 1


def words(text: str) -> list[str]:
    """Words as textstat lists them: runs of letters and digits, keeping inner apostrophes."""
    return (_ASCII_WORD if text.isascii() else _WORD).findall(text)


def total_syllables(found: list[str]) -> int:
    """Syllables in a list of words, each distinct word counted once per process."""
    known = _SYLLABLES
    try:  # the usual case: every word seen before
        return sum(map(known.__getitem__, found))
    except KeyError:
        if len(known) > _MAX_KNOWN:
            known.clear()
        for word in found:
            if word not in known:
                known[word] = syllables(word)
        return sum(map(known.__getitem__, found))


def flesch_kincaid_grade(text: str, sentence_count: int) -> float:
    """0.39 × words per sentence + 11.8 × syllables per word − 15.59 (Kincaid et al., 1975)."""
    found = words(text)
    if not found or sentence_count <= 0:
        return 0.0
    total = total_syllables(found)
    return round(0.39 * len(found) / sentence_count + 11.8 * total / len(found) - 15.59, 2)
