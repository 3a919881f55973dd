"""The literal prefilter (kinds/literals.py): what it reads from token patterns and regexes, that it
never rules out an expression that occurs, and that checks through it find exactly what the RE2
sets find."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import re2
from hypothesis import given, settings
from hypothesis import strategies as st

from linter import Draft, Linter, load_ruleset
from linter.kinds import re2scan
from linter.kinds.literals import LiteralIndex, any_clauses, regex_clauses, token_clauses
from linter.kinds.re2scan import SetGroup
from linter.kinds.regex import _options, compiled

ROOT = Path(__file__).resolve().parent.parent


def words(clauses) -> list[list[str]]:
    return [sorted(clause) for clause in clauses]


# -- what is read -------------------------------------------------------------------------------

@pytest.mark.parametrize("pattern, expected", [
    (r"pick\s+your\s+brain", [["pick"], ["your"], ["brain"]]),
    (r"\bquick (?:call|chat)\b", [["quick "], ["call", "chat"]]),
    (r"colou?r", [["colo"], ["r"]]),  # the optional letter splits the run
    (r"ab+c", [["ab"], ["c"]]),  # "b+" needs one b; what follows starts a new run
    (r"(?:just )?checking in", [["checking in"]]),  # an optional group requires nothing
    (r"(?:very )+kind", [["very "], ["kind"]]),  # a group repeated at least once is required
    (r"x{2,}y", [["x"], ["y"]]),  # a counted repeat counts as one
    (r"x{0,3}y", [["y"]]),
    (r"Dear (?P<match>Sir|Madam)", [["dear "], ["madam", "sir"]]),
    (r"U\.S\. market", [["u.s. market"]]),  # an escaped dot is a literal dot
    (r"(?i)HELLO", [["hello"]]),  # casefolded: the index is searched with the casefolded text
    (r"café owner", [["caf"], [" owner"]]),  # non-ASCII letters are left out (case folding differs)
])
def test_regex_literals(pattern, expected):
    assert words(regex_clauses(pattern)) == expected


@pytest.mark.parametrize("pattern", [
    r"\w+@\w+",  # no literal outside classes... except "@"
    r"[a-z]+ing",
])
def test_classes_and_runs_contribute_nothing_but_the_literals_around_them(pattern):
    clauses = regex_clauses(pattern)
    assert all(atom.isascii() and "[" not in atom and "\\" not in atom for clause in clauses for atom in clause)
    assert clauses  # "@" and "ing" are certain


@pytest.mark.parametrize("pattern", [
    r"a|", r"(?:foo|\w+)bar?", r"[xyz]", r"\d{3}", r".*", r"(?:a|b)?", r"\p{Lu}\p{Ll}+",
])
def test_patterns_with_an_uncertain_branch_or_no_literal_need_nothing(pattern):
    clauses = regex_clauses(pattern)
    # "(?:foo|\w+)bar?" still needs "ba"; the others need nothing at all
    assert words(clauses) == ([["ba"]] if "bar" in pattern else [])


@pytest.mark.parametrize("pattern", [r"(unclosed", r"closed)", r"+x"])
def test_syntax_the_reader_does_not_follow_means_no_literals(pattern):
    assert regex_clauses(pattern) == ()


def test_token_pattern_literals():
    pattern = [{"LOWER": "pick"}, {"LOWER": {"IN": ["your", "ur"]}}, {"IS_PUNCT": True, "OP": "?"},
               {"ORTH": "Brain"}, {"LOWER": "now", "OP": "*"}, {"LEMMA": "be"}]
    assert words(token_clauses(pattern)) == [["pick"], ["ur", "your"], ["brain"]]
    assert token_clauses([{"LOWER": {"REGEX": "^h(i|ey)$"}}, {"POS": "PROPN"}]) == ()
    assert words(token_clauses([{"LOWER": "hi", "OP": "{1,3}"}, {"LOWER": "x", "OP": "{0,2}"}])) == [["hi"]]


def test_an_alternation_needs_one_word_of_each_alternative():
    first = token_clauses([{"LOWER": "quick"}, {"LOWER": "call"}])
    second = token_clauses([{"LOWER": "short"}, {"LOWER": "chat"}])
    (only,) = any_clauses([first, second])
    assert len(only) == 2 and only & {"quick", "call"} and only & {"short", "chat"}
    assert any_clauses([first, ()]) == ()  # an alternative without literals could match anything


def test_the_index_keeps_expressions_whose_every_clause_is_met():
    index = LiteralIndex()
    index.add(0, (frozenset({"quick "}), frozenset({"call", "chat"})))
    index.add(1, ())  # nothing certain: always a candidate
    index.add(2, (frozenset({"brain"}),))
    assert index.for_text("a quick chat?") == [0, 1]
    assert index.for_text("quick, call me") == [1]  # "quick " with its space is not there
    assert index.for_text("your brain, a quick call") == [0, 1, 2]
    index.add(3, (frozenset({"pick"}), frozenset({"your", "ur"})))
    assert index.for_words({"pick", "ur", "brain"}) == [1, 2, 3]
    assert index.for_words({"pick"}) == [1]


# -- never wrong --------------------------------------------------------------------------------

@cache
def _builtin():
    return load_ruleset()


def _texts() -> list[str]:
    ruleset = _builtin()
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "examples" / "drafts").iterdir())]
    for rule in ruleset.rules:
        texts += [example.text for example in rule.fail_examples + rule.pass_examples]
    for signal in ruleset.signals.values():
        texts += [example.text for example in signal.present_examples + signal.absent_examples]
    return texts


def _regexes():
    ruleset = _builtin()
    specs = [rule.match for rule in ruleset.rules] + [rule.unless for rule in ruleset.rules if rule.unless]
    specs += [signal.match for signal in ruleset.signals.values()]
    for spec in specs:
        for node in spec.walk():
            if node.kind == "regex":
                yield from zip(node.params["patterns"], node.params["_literals"],
                               [node.params["ignorecase"]] * len(node.params["patterns"]))


def test_no_builtin_regex_is_ruled_out_of_a_text_it_matches():
    """Every regex of the built-in rules, against every example text (and its upper- and
    lower-case copies): whenever the regex matches, the text has what its literals say it needs.
    Which regexes match a text is asked of an RE2 set (checked against single searches in
    test_kinds.py), one per case mode."""
    texts = _texts()
    texts += [text.upper() for text in texts] + [text.lower() for text in texts]
    regexes = list(_regexes())
    assert len(regexes) > 1000
    matched = 0
    for ignorecase in (True, False):
        mine = [(pattern, clauses) for pattern, clauses, case in regexes if case == ignorecase]
        group = SetGroup(_options(ignorecase, 256 << 20))
        for pattern, clauses in mine:
            assert clauses == regex_clauses(pattern)  # what the loader stored is what the reader says
            group.add(pattern, "plain")
        assert group.compile()
        for text, found in zip(texts, group.match_many([text.encode() for text in texts])):
            low = text.casefold()
            for index in found:
                pattern, clauses = mine[index]
                assert compiled(pattern, ignorecase).search(text) is not None
                assert all(any(atom in low for atom in clause) for clause in clauses), (pattern, text)
            matched += len(found)
    assert matched > 10000


def test_every_character_re2_folds_with_an_ascii_letter_casefolds_to_that_letter():
    """What makes casefolding the text and the literals safe: a case-insensitive ASCII letter
    matches only characters whose casefold contains it (Kelvin sign and long s included)."""
    every = "".join(chr(cp) for cp in range(0x80, 0x110000) if not 0xD800 <= cp < 0xE000)
    folded_with = {}
    for letter in "abcdefghijklmnopqrstuvwxyz":
        found = re2.compile("(?i)" + letter).findall(every)
        assert all(letter in char.casefold() for char in found), letter
        folded_with.update({char: letter for char in found})
    assert folded_with == {"\u212a": "k", "\u017f": "s"}


PIECES = ["hi", "Hi", "quick", " ", "call", "KELVIN", "\u212a", "\u017f", "s", "é", "ß", ".", "-", "\n", "x"]


@st.composite
def regexes(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        choice = draw(st.integers(0, 7 if depth < 2 else 4))
        if choice <= 1:
            part = draw(st.sampled_from(["hi", "quick", "call", "kelvin", "s", "é", "x", "ss"]))
        elif choice == 2:
            part = draw(st.sampled_from([r"\s", r"\w", r"[a-k]", r"\.", ".", r"\b", "^", r"[^\n]"]))
        elif choice == 3:
            part = draw(st.sampled_from(["a", "b"])) + draw(st.sampled_from(["?", "*", "+", "{2}", "{0,2}", "+?"]))
        elif choice == 4:
            part = draw(st.sampled_from(["(?i)", "(?-i)", ""]))
        else:
            inner = "|".join(draw(st.lists(regexes(depth + 1), min_size=1, max_size=3)))
            part = draw(st.sampled_from(["(?:{})", "({})", "(?P<match>{})", "(?i:{})"])).format(inner)
            part += draw(st.sampled_from(["", "?", "*", "+", "{1,3}"]))
        parts.append(part)
    return "".join(parts)


@settings(max_examples=400, deadline=None)
@given(regexes(), st.lists(st.sampled_from(PIECES + ["a", "b", "aa", "bb"]), max_size=14), st.booleans())
def test_generated_regexes_are_never_ruled_out_of_a_text_they_match(pattern, pieces, ignorecase):
    text = "".join(pieces)
    try:
        rx = compiled(pattern, ignorecase)
    except re2.error:
        return
    clauses = regex_clauses(pattern)
    if rx.search(text) is not None:
        assert all(any(atom in text.casefold() for atom in clause) for clause in clauses), (pattern, text, clauses)


# -- the same findings either way ------------------------------------------------------------------

def _occurrences(linter) -> list[re2scan.Occurrence]:
    """The regex banks' and the token bank's Occurrence."""
    out = []
    for bank in linter.engine.context._banks.values():
        if isinstance(getattr(bank, "set", None), re2scan.Occurrence):
            out.append(bank.set)
        elif getattr(bank, "_built", None) is not None:
            out.append(bank._built[1])
    return out


def test_checks_through_the_prefilter_find_exactly_what_the_sets_find(monkeypatch):
    """The first drafts of a run go through the literal prefilter, later ones through the RE2
    sets: both must give the same findings, strengths and scores."""
    texts = _texts()[:400]
    drafts = [Draft(text=text) for text in texts if text.strip()]

    def results(set_after: int):
        monkeypatch.setattr(re2scan.Occurrence, "SET_AFTER", set_after)
        linter = Linter()
        out = [(r.score, [(f.rule, f.start, f.end, f.message) for f in r.findings], list(r.strengths))
               for r in (linter.check_draft(draft) for draft in drafts)]
        return out, [occurrence.sets is not None for occurrence in _occurrences(linter)]

    through_prefilter, compiled_sets = results(10 ** 9)
    assert compiled_sets and not any(compiled_sets)
    through_sets, compiled_sets = results(0)
    assert all(compiled_sets)
    assert through_prefilter == through_sets
    assert sum(len(findings) for _, findings, _ in through_sets) > 200


def test_the_literals_are_kept_with_the_rule_but_not_shown_as_one_of_its_keys():
    from linter.docs import show_rule

    rule = next(r for r in _builtin().rules if r.match.kind == "regex")
    assert len(rule.match.params["_literals"]) == len(rule.match.params["patterns"])
    shown = show_rule(rule)
    assert "patterns:" in shown and "_literals" not in shown


def test_warm_up_compiles_the_sets_so_no_later_check_does():
    text = (ROOT / "examples" / "drafts" / "cold-favor-ask.txt").read_text(encoding="utf-8").split("---\n", 2)[2]
    fresh = Linter().check(text)
    linter = Linter()
    assert not any(occurrence.sets is not None for occurrence in _occurrences(linter))
    assert linter.warm_up() is linter
    occurrences = _occurrences(linter)
    assert occurrences and all(occurrence.sets is not None for occurrence in occurrences)
    report = linter.check(text)
    assert [(f.rule, f.start, f.end) for f in report.findings] == [(f.rule, f.start, f.end) for f in fresh.findings]
    assert report.score == fresh.score and fresh.findings
