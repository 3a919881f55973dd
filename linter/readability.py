"""Flesch-Kincaid grade level, counted offline with pyphen's hyphenation dictionary.

textstat 0.7.13 looks words up in NLTK's CMU dictionary, which it downloads on first use:
that fails offline and costs about 0.7 s and 120 MiB even when the data is present. We apply
the same published formula with the syllable counter textstat itself falls back to for words
the dictionary lacks (pyphen hyphenation points + 1), so no data is ever downloaded.
"""

from __future__ import annotations

import hashlib
import pickle
import re
import sys
from functools import lru_cache
from pathlib import Path

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z0-9]+)*")  # the same words in ASCII text, found faster
_SYLLABLES: dict[str, int] = {}
_MAX_KNOWN = 200_000
KEEP_PATTERNS = False  # set by Linter(cache=True), as the command line builds it


@lru_cache(maxsize=1)
def _hyphenator():
    import pyphen  # imported on first use, only when a readability rule runs

    path = pyphen.LANGUAGES[pyphen.language_fallback("en_US")]
    kept = _kept_patterns_file(path, pyphen) if KEEP_PATTERNS and path not in pyphen.hdcache else None
    stored = _read_patterns(kept, pyphen.HyphDict) if kept is not None else None
    if stored is not None:
        pyphen.hdcache[path] = stored
    hyphenator = pyphen.Pyphen(lang="en_US")
    if kept is not None and stored is None:
        _keep_patterns(kept, hyphenator.hd)
    return hyphenator


# Parsing pyphen's English dictionary takes about 0.1 s, half of what a cold check spends past
# loading spaCy's tokenizer; its parsed patterns unpickle in under 0.01 s. They are kept in the
# rule cache's folder when the rule cache is on (Linter(cache=True), as the command line has it),
# keyed by the bytes of the dictionary file and of pyphen's parser, and are never needed: any
# failure parses the file as pyphen does.
def _kept_patterns_file(path, pyphen) -> Path | None:
    from .rulecache import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    try:
        digest = hashlib.sha256(path.read_bytes())
        digest.update(Path(pyphen.__file__).read_bytes())
        digest.update(sys.version.encode())
    except OSError:
        return None
    return folder / f"hyphenation-{digest.hexdigest()[:32]}.pickle"


def _read_patterns(file: Path, kind):
    from .rulecache import read_checked

    payload = read_checked(file)
    try:
        found = pickle.loads(payload) if payload is not None else None
    except Exception:
        return None
    return found if isinstance(found, kind) else None


def _keep_patterns(file: Path, patterns) -> None:
    from .rulecache import write_checked

    try:
        write_checked(file.parent, file.name, pickle.dumps(patterns, protocol=pickle.HIGHEST_PROTOCOL))
        for old in file.parent.glob("hyphenation-*.pickle"):  # another pyphen or dictionary: not needed again
            if old != file:
                old.unlink()
    except Exception:
        pass


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
