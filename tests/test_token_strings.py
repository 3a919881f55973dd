"""Token patterns on RE2 token records (kinds/tokenstring.py) find what spaCy's Matcher finds."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher

from linter import Linter, load_ruleset
from linter.document import Document, DraftContext
from linter.kinds.bank import longest_first
from linter.kinds.tokenstring import TokenBank, Translation, record_columns
from packs import rule_yaml, write_pack

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


def matcher_spans(nlp, patterns, text):
    """The reference: spaCy's Matcher on the same Doc (sentence starts set by segment.py). Each
    pattern keeps its leftmost-longest matches that do not overlap; then the longest across the
    patterns wins (the documented overlap rule)."""
    doc = Document(nlp.make_doc(text), DraftContext(), None).doc
    spans = []
    for pattern in patterns:
        matcher = Matcher(nlp.vocab, validate=False)
        matcher.add("p", [pattern])
        end = 0
        for _, s, e in sorted(matcher(doc), key=lambda m: (m[1], -m[2])):
            if s >= end:
                spans.append((s, e))
                end = e
    spans = longest_first(spans)
    return [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)) for s, e in spans]


def bank_spans(nlp, patterns, text):
    bank = TokenBank(nlp.vocab)
    key = bank.add(patterns)
    document = Document(nlp.make_doc(text), DraftContext(), None)
    return [(h.start, h.end) for h in bank.hits(document, key)]


@pytest.mark.parametrize("patterns, text, expected", [
    # IN list with optional tokens and a bounded repeat
    ([[{"LOWER": "pick"}, {"LOWER": {"IN": ["your", "ur"]}}, {"LOWER": "brain"}]],
     "Could I Pick your brain? or pick ur brain", ["Pick your brain", "pick ur brain"]),
    ([[{"LOWER": "open"}, {"LOWER": "to"}, {"LOWER": {"NOT_IN": [".", ","]}, "OP": "{0,3}"}, {"LOWER": "call"}]],
     "Open to a quick call. Open to. call", ["Open to a quick call"]),
    # a NOT_IN list is a membership mark on each record: "dear team" must not match
    ([[{"LOWER": "dear"}, {"LOWER": {"NOT_IN": ["team", "sir"]}}]],
     "Dear team, dear Sam", ["dear Sam"]),
    # boolean flags
    ([[{"LIKE_NUM": True, "IS_SENT_START": False}]], "It took 3 weeks. 4 days later", ["3"]),
    ([[{"IS_TITLE": True, "LOWER": {"NOT_IN": ["hi"]}}, {"ORTH": "dear"}]], "Hi dear, Maria dear,", ["Maria dear"]),
    # ORTH is case-sensitive, LOWER is not
    ([[{"ORTH": "CEO"}]], "ceo CEO Ceo", ["CEO"]),
    # an empty IN list matches nothing
    ([[{"LOWER": {"IN": []}}]], "anything at all", []),
])
def test_token_records_match_like_the_matcher(nlp, patterns, text, expected):
    found = bank_spans(nlp, patterns, text)
    assert [text[a:b] for a, b in found] == expected
    assert found == matcher_spans(nlp, patterns, text)


def test_patterns_records_cannot_express_still_run_on_spacy(nlp):
    patterns = [[{"LENGTH": 4, "IS_ALPHA": True}, {"LOWER": "call"}], [{"LOWER": "hey"}, {"LOWER": "you", "OP": "!"}]]
    assert [Translation(p, record_columns(patterns)).exact for p in patterns] == [False, False]
    text = "a long call, a big call, hey there, hey you"
    found = bank_spans(nlp, patterns, text)
    assert [text[a:b] for a, b in found] == ["long call", "hey there"]
    assert found == matcher_spans(nlp, patterns, text)

    # overlapping matches of one Matcher pattern follow the same rule as RE2: leftmost-longest
    repeat = [[{"LENGTH": 1, "OP": "+"}, {"LOWER": "end"}]]
    text = "x y z end, q end"
    found = bank_spans(nlp, repeat, text)
    assert [text[a:b] for a, b in found] == ["x y z end", ", q end"]  # "," is one character too
    assert found == matcher_spans(nlp, repeat, text)


def test_a_pack_with_more_exact_texts_than_record_columns_still_matches_every_phrase(nlp):
    from linter.kinds.tokenstring import MAX_LIST_COLUMNS

    names = [f"Brand{i}" for i in range(MAX_LIST_COLUMNS + 20)]
    patterns = [[{"ORTH": name}, {"LOWER": "rocks"}] for name in names]
    columns = record_columns(patterns)
    assert len(columns) == MAX_LIST_COLUMNS
    translations = [Translation(p, columns) for p in patterns]
    assert sum(t.exact for t in translations) == MAX_LIST_COLUMNS  # the rest run on spaCy's Matcher
    text = f"{names[0]} rocks, brand0 rocks, {names[-1]} rocks and {names[-1].upper()} rocks"
    found = bank_spans(nlp, patterns, text)
    assert [text[a:b] for a, b in found] == [f"{names[0]} rocks", f"{names[-1]} rocks"]
    assert found == matcher_spans(nlp, patterns, text)


def test_short_lowercase_exclusion_lists_are_expressions_not_record_columns(nlp):
    # words that are prefixes of one another, punctuation, a regex metacharacter and non-ASCII
    excluded = ["a", "an", "and", "!", ".", "?", "(", "]", "^", "café", "naïve", "c++"]
    patterns = [[{"LOWER": "not"}, {"LOWER": {"NOT_IN": excluded}}],
                [{"LOWER": {"IN": ["so", "very", "an"], "NOT_IN": ["an"]}}, {"LOWER": "good"}]]
    assert record_columns(patterns) == ()  # no list column: records stay short
    assert all(Translation(p, ()).exact for p in patterns)
    text = ("not a, not an. not and! not anderson, not andy? not café not cafés not naïve not "
            "naïveté not ( not ]x not c++ not c+ not b. so good, an good, very good, and good")
    found = bank_spans(nlp, patterns, text)
    assert [text[a:b] for a, b in found] == ["not anderson", "not andy", "not cafés", "not naïveté",
                                               "not c+", "not b.", "so good", "very good"]
    assert found == matcher_spans(nlp, patterns, text)


def test_a_long_lowercase_exclusion_list_is_a_record_column(nlp):
    """Past LONG_NOT_IN words the complement expression would make the record set slow to compile."""
    from linter.kinds.tokenstring import LONG_NOT_IN

    excluded = ["a", "an", "and", "!", ".", "café"] + [f"word{i}" for i in range(LONG_NOT_IN)]
    patterns = [[{"LOWER": "not"}, {"LOWER": {"NOT_IN": excluded}}]]
    assert record_columns(patterns) == (("lower", frozenset(excluded)),)
    assert Translation(patterns[0], record_columns(patterns)).exact
    text = "not a, not an. not and! not anderson, not café not cafés not word3 not word33 not b."
    found = bank_spans(nlp, patterns, text)
    assert [text[a:b] for a, b in found] == ["not anderson", "not cafés", "not word33", "not b."]
    assert found == matcher_spans(nlp, patterns, text)


def test_control_characters_in_a_draft_cannot_fake_a_token_boundary(nlp):
    patterns = [[{"LOWER": "quick"}, {"LOWER": "call"}]]
    text = "a quick\x01\x03\x03call\x02 and a quick call"
    found = bank_spans(nlp, patterns, text)
    assert [text[a:b] for a, b in found] == ["quick call"]
    assert found == matcher_spans(nlp, patterns, text)


# -- every built-in token pattern, on real drafts and on generated ones ----------------------------

def builtin_token_patterns():
    linter = Linter()
    banks = [b for b in linter.engine.context._banks.values() if isinstance(b, TokenBank)]
    assert banks, "the built-in rules use token patterns"
    return linter.pipeline.nlp, [patterns for bank in banks for patterns in bank.patterns.values()]


@pytest.fixture(scope="module")
def builtin():
    return builtin_token_patterns()


def test_every_builtin_token_pattern_runs_on_records(builtin):
    _, leaves = builtin
    patterns = [p for leaf in leaves for p in leaf]
    columns = record_columns(patterns)
    assert all(Translation(p, columns).exact for p in patterns)


def corpus_texts() -> list[str]:
    texts = []
    for name in ("train.jsonl", "dev.jsonl"):  # never the held-out test split
        with open(CORPUS / name, encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle if line.strip()]
    return texts


def test_builtin_patterns_agree_with_the_matcher_on_the_corpus(builtin):
    nlp, leaves = builtin
    for text in corpus_texts():
        for patterns in leaves:
            assert bank_spans(nlp, patterns, text) == matcher_spans(nlp, patterns, text), (patterns, text)


def _vocabulary(leaves) -> list[str]:
    words = {",", ".", "!", "?", "I", "you", "Sam", "3", "https://x.io", "a@b.co", "THE", "Dear"}
    for patterns in leaves:
        for pattern in patterns:
            for token in pattern:
                for value in token.values():
                    if isinstance(value, str):
                        words.add(value)
                    elif isinstance(value, dict):
                        for items in value.values():
                            words.update(v for v in items if isinstance(v, str))
    return sorted(words)


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), length=st.integers(1, 40))
def test_builtin_patterns_agree_with_the_matcher_on_generated_text(builtin, seed, length):
    nlp, leaves = builtin
    rng = random.Random(seed)
    vocabulary = _vocabulary(leaves)
    words = [rng.choice(vocabulary) for _ in range(length)]
    words = [w.title() if rng.random() < 0.2 else w for w in words]
    text = " ".join(words)
    for patterns in leaves:
        assert bank_spans(nlp, patterns, text) == matcher_spans(nlp, patterns, text), (patterns, text)


def test_the_one_word_shortcut_agrees_with_the_tokenizer(builtin):
    """Loading skips the tokenizer for all-letter ASCII values that are no special case; every
    such word in the built-in patterns, the corpus and the special cases' own spellings stays
    one token when the tokenizer does run."""
    from linter.kinds.token import _one_word

    nlp, leaves = builtin
    words = set(_vocabulary(leaves))
    for text in corpus_texts():
        words.update(text.split())
    for case in nlp.tokenizer.rules:
        words.update((case, case.lower(), case.upper(), case.title(), case + "s"))
    shortcut = [w for w in sorted(words) if _one_word(w, nlp)]
    assert len(shortcut) > 1000
    assert [w for w in shortcut if len(nlp.make_doc(w)) != 1] == []
    assert not _one_word("cannot", nlp) and not _one_word("you're", nlp) and not _one_word("e-mail", nlp)


def test_a_bank_runs_a_key_with_the_batch_once_rules_ask_for_it_often(nlp):
    """Patterns whose leaf rules seldom ask for wait until asked (many leaves sit behind a rarer
    condition); a key asked in at least a third of the drafts it occurs in, after a few asks, is
    found with every later batch. Both give the same hits."""
    from linter.kinds.bank import EagerPolicy

    bank = TokenBank(nlp.vocab)
    you = bank.add([[{"LOWER": {"IN": ["you", "your"]}}]])
    call = bank.add([[{"LOWER": "quick"}, {"LOWER": "call"}]])
    text = "Could you spare a quick call about your talk?"

    def draft():
        document = Document(nlp.make_doc(text), DraftContext(), None)
        bank.prepare([document])
        return document

    first = draft()
    scan = first.cache[bank]
    assert scan.found == {} and set(scan.pending) == {you, call}
    assert [h.text for h in bank.hits(first, you)] == ["you", "your"]
    assert bank.policy.eager == set() and set(scan.pending) == {call}  # one ask is not enough
    for _ in range(EagerPolicy.MIN_ASKS - 1):
        bank.hits(draft(), you)
    assert bank.policy.eager == {you}  # asked in every draft it occurred in
    later = draft()
    assert set(later.cache[bank].found) == {you} and set(later.cache[bank].pending) == {call}
    assert bank.hits(later, you) == bank.hits(first, you)
    for _ in range(3 * EagerPolicy.MIN_ASKS):  # `call` occurs in every draft, asked in none of these
        draft()
    for _ in range(EagerPolicy.MIN_ASKS):
        bank.hits(draft(), call)
    assert bank.policy.eager == {you}  # asked in 4 of 17 drafts: still searched only when asked
    assert [h.text for h in bank.hits(later, call)] == ["quick call"]
    assert bank.hits(later, "leaf-that-does-not-occur") == []


def test_a_leaf_waiting_for_its_search_is_possible_and_its_hits_are_found_when_asked(tmp_path):
    """`possible` answers from the set's scan without searching; the hits come when asked."""
    pack = write_pack(tmp_path / "pack", {"XA01.yaml": rule_yaml(
        "XA01", r'{kind: all, scope: sentence, of: [{kind: token, patterns: [[{LOWER: "you"}]]}, '
                r"{kind: regex, pattern: '\bsalary\b'}]}")})
    lint = Linter(load_ruleset([pack], builtin=False))
    assert [f.match for f in lint.check("What is your salary? Do you like it?").findings] == []
    assert [f.match for f in lint.check("What salary do you earn? Thanks.").findings] == ["you"]


@pytest.mark.parametrize("pattern, runs", [
    ([{"LOWER": "pick"}, {"LOWER": "your"}, {"LOWER": "brain"}], False),
    ([{"LOWER": "quick"}, {"LOWER": {"IN": ["call", "chat"]}, "OP": "+"}], False),  # a run of listed words
    ([{"LOWER": "your"}, {"IS_PUNCT": False, "OP": "{0,3}"}, {"LOWER": "talk"}], True),
    ([{"LOWER": "your"}, {"LOWER": {"NOT_IN": ["photo"]}, "OP": "*"}, {"LOWER": "talk"}], True),
    ([{"LOWER": "your"}, {"IS_PUNCT": False, "OP": "?"}, {"LOWER": "talk"}], False),
    ([{"LOWER": "your"}, {"IS_PUNCT": False, "OP": "{0,1}"}, {"LOWER": "talk"}], False),
    ([{"ORTH": "PyCon"}, {"IS_ALPHA": True, "OP": "{2,}"}], True),
])
def test_patterns_with_a_run_of_any_words_go_to_their_own_set(pattern, runs):
    from linter.kinds.tokenstring import _has_word_run

    assert _has_word_run(pattern) is runs
