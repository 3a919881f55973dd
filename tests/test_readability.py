"""Reading grade: the Flesch-Kincaid formula over pyphen syllable counts, offline."""

from __future__ import annotations

import socket
import sys

import pytest

from linter import readability
from linter.readability import flesch_kincaid_grade, syllables, total_syllables, words


def test_grade_follows_the_formula():
    # 3 one-syllable words in 1 sentence: 0.39 * 3 + 11.8 * 1 - 15.59
    assert flesch_kincaid_grade("The cat sat.", 1) == round(0.39 * 3 + 11.8 - 15.59, 2)
    long_words = "Organisational interdependencies necessitate comprehensive documentation."
    assert flesch_kincaid_grade(long_words, 1) > 14 > flesch_kincaid_grade("I read your post. It was good.", 2)
    assert flesch_kincaid_grade("", 1) == 0.0 and flesch_kincaid_grade("Hello", 0) == 0.0


def test_words_keep_inner_apostrophes_in_ascii_and_other_text():
    assert words("Don't stop - it's 2024_plan!") == ["Don't", "stop", "it's", "2024", "plan"]
    assert words("Zoë’s café, naïve São Paulo") == ["Zoë’s", "café", "naïve", "São", "Paulo"]


def test_syllable_totals_are_remembered_per_word_and_stay_correct(monkeypatch):
    monkeypatch.setattr(readability, "_SYLLABLES", {})
    found = ["comprehensive", "cat", "comprehensive"]
    expected = sum(syllables(w) for w in found)
    assert total_syllables(found) == expected == total_syllables(found)
    assert set(readability._SYLLABLES) == {"comprehensive", "cat"}


def test_the_grade_needs_no_network_and_no_nltk(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(readability, "_SYLLABLES", {})
    assert flesch_kincaid_grade("Interdisciplinary collaboration flourishes unexpectedly.", 1) > 10
    assert "nltk" not in sys.modules and "textstat" not in sys.modules


@pytest.mark.parametrize("word", ["a", "connection", "Überraschung", "x" * 60])
def test_every_word_has_at_least_one_syllable(word):
    assert syllables(word) >= 1


_COUNT_SCRIPT = """
import json, sys, pyphen
from linter import readability
readability.KEEP_PATTERNS = sys.argv[1] == "keep"
words = ["hyphenation", "readability", "connection", "introduction", "Oluwaseun", "mortgage", "a", "extraordinary"]
counts = [readability.syllables(w) for w in words]
print(json.dumps({"counts": counts, "parsed": type(pyphen.hdcache[next(iter(pyphen.hdcache))]).__name__}))
"""


def _counts(tmp_path, keep="keep", **env):
    import json
    import os
    import subprocess

    result = subprocess.run([sys.executable, "-c", _COUNT_SCRIPT, keep], capture_output=True, text=True, check=True,
                            env={**os.environ, "INTROLINT_CACHE_DIR": str(tmp_path), **env})
    return json.loads(result.stdout)["counts"]


def test_parsed_hyphenation_patterns_are_kept_and_give_the_same_counts(tmp_path):
    """The first run parses pyphen's dictionary and stores the patterns in the cache folder; the
    next run reads them back; a damaged entry or no cache at all falls back to parsing; the
    counts are the same every time."""
    plain = _counts(tmp_path, INTROLINT_NO_CACHE="1")
    assert _counts(tmp_path, keep="no") == plain  # the library without cache=True writes nothing
    assert not list(tmp_path.glob("hyphenation-*.pickle"))
    assert _counts(tmp_path) == plain
    stored = list(tmp_path.glob("hyphenation-*.pickle"))
    assert len(stored) == 1
    assert _counts(tmp_path) == plain
    stored[0].write_bytes(stored[0].read_bytes()[:-10])  # truncated: not unpickled, parsed again and rewritten
    assert _counts(tmp_path) == plain
    from linter.rulecache import read_checked

    assert [p.name for p in tmp_path.glob("hyphenation-*.pickle")] == [stored[0].name]
    assert read_checked(stored[0]) is not None  # whole again
