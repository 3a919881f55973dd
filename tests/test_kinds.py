"""Every rule kind, scope and header option, on real text, through small packs written for each test module."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter import Draft, Linter, load_ruleset
from linter.kinds import KINDS
from linter.metrics import METRICS
from linter.rule import SCOPES as CODE_SCOPES
from linter.settings import DEFAULTS
from packs import rule_yaml, signal_yaml, write_pack

SCOPES = ("draft", "body", "sentence", "first-sentence", "last-sentence", "greeting", "closing")

DEPENDENCY_YOU_OBJECT = """
  kind: dependency
  patterns:
    - - {RIGHT_ID: verb, RIGHT_ATTRS: {POS: VERB}}
      - {LEFT_ID: verb, REL_OP: ">", RIGHT_ID: object, RIGHT_ATTRS: {DEP: dobj, LOWER: "you"}}"""

RULES = {
    # phrase
    "KP01": rule_yaml("KP01", '{kind: phrase, phrases: ["pick your brain", "hop on a call"]}'),
    "KP02": rule_yaml("KP02", '{kind: phrase, attr: LEMMA, phrases: ["meet"]}', extra="max_hits: 5"),
    "KP03": rule_yaml("KP03", '{kind: phrase, phrases: ["meet"]}', extra="max_hits: 5"),
    "KP04": rule_yaml("KP04", '{kind: phrase, phrases: ["call"]}', extra="max_hits: 5"),
    "KP05": rule_yaml("KP05", '{kind: phrase, attr: ORTH, phrases: ["PyCon"]}', extra="max_hits: 5"),
    # token ("on" is quoted: unquoted it would be YAML's true)
    "KT01": rule_yaml("KT01", '{kind: token, patterns: [[{LOWER: hop}, {LOWER: "on"}, {LOWER: a}, '
                              '{LOWER: {IN: [quick, short]}, OP: "?"}, {LOWER: call}]]}'),
    # dependency: a verb whose direct object is "you"
    "KD01": rule_yaml("KD01", DEPENDENCY_YOU_OBJECT, extra="max_hits: 5"),
    # regex
    "KR01": rule_yaml("KR01", r"{kind: regex, pattern: 'quick\s+call'}"),
    "KR02": rule_yaml("KR02", r"{kind: regex, pattern: 'quick\s+call', ignorecase: false}"),
    "KR03": rule_yaml("KR03", r"{kind: regex, pattern: '(?:free|open)\s+for\s+an?\s+(?P<match>\w+\s+call)'}"),
    # metric
    "KM01": rule_yaml("KM01", "{kind: metric, metric: word_count, max: 5}",
                      message="Has {value} words; the most is {max}."),
    "KM02": rule_yaml("KM02", "{kind: metric, metric: sentence_count, min: 2}",
                      message="Has {value} sentences; at least {min} please."),
    "KM03": rule_yaml("KM03", "{kind: metric, metric: char_count, max: $linkedin_note_limit}",
                      message="{value} characters; the limit is {max}."),
    "KM04": rule_yaml("KM04", "{kind: metric, metric: exclamation_count, max: 1, scope: sentence}",
                      extra="max_hits: 5", message="{value} exclamation marks in one sentence."),
    "KM05": rule_yaml("KM05", "{kind: metric, metric: longest_bullet_run, max: 0}",
                      message="{value} bullet lines in a row."),
    # entity
    "KE01": rule_yaml("KE01", "{kind: entity, labels: [PERSON]}", extra="max_hits: 5"),
    "KE02": rule_yaml("KE02", "{kind: entity, labels: [ORG]}", extra="max_hits: 5"),
    # signal
    "KS01": rule_yaml("KS01", "{kind: signal, signal: met-in-person}"),
    # recipient
    "KC01": rule_yaml("KC01", "{kind: recipient, test: greeting-name-differs}",
                      message="Greets {greeting_name}, but the draft is for {to}."),
    "KC02": rule_yaml("KC02", "{kind: recipient, test: greeting-without-name}"),
    "KC03": rule_yaml("KC03", "{kind: recipient, test: name-missing}", message="Never names {to}."),
    "KC04": rule_yaml("KC04", "{kind: recipient, test: name-present}", extra="max_hits: 5"),
    # combinators
    "KB01": rule_yaml("KB01", "{kind: all, scope: sentence, of: [{kind: phrase, phrases: [love]}, "
                              "{kind: phrase, phrases: [meet]}]}", extra="max_hits: 5"),
    "KB02": rule_yaml("KB02", "{kind: any, of: [{kind: phrase, phrases: [alpha]}, {kind: regex, pattern: beta}]}",
                      extra="max_hits: 5"),
    "KB06": rule_yaml("KB06", "{kind: any, at_least: 2, scope: sentence, of: [{kind: phrase, phrases: [alpha]}, "
                              "{kind: regex, pattern: beta}, {kind: phrase, phrases: [gamma]}]}", extra="max_hits: 5"),
    "KB03": rule_yaml("KB03", "{kind: none, of: [{kind: phrase, phrases: [thanks, thank]}]}"),
    "KB04": rule_yaml("KB04", "{kind: all, of: [{kind: none, of: [{kind: phrase, phrases: [met]}]}, "
                              "{kind: phrase, phrases: [refer]}]}"),
    "KB05": rule_yaml("KB05", "{kind: all, scope: sentence, of: [{kind: phrase, phrases: [refer]}, "
                              "{kind: phrase, phrases: [met], scope: draft}]}", extra="max_hits: 5"),
    # unless
    "KU01": rule_yaml("KU01", '{kind: phrase, phrases: ["refer me"]}',
                      extra='unless: {kind: phrase, phrases: ["we met"]}'),
    "KU02": rule_yaml("KU02", '{kind: phrase, phrases: ["refer me"]}',
                      extra='unless: {kind: phrase, phrases: ["we met"], scope: sentence}'),
    # channels, max_hits, templates
    "KH01": rule_yaml("KH01", '{kind: phrase, phrases: ["refer me"]}', extra="channels: [linkedin-note, inmail]"),
    "KN01": rule_yaml("KN01", "{kind: phrase, phrases: [really]}"),
    "KN02": rule_yaml("KN02", "{kind: phrase, phrases: [really]}", extra="max_hits: 2"),
    "KL01": rule_yaml("KL01", r"{kind: regex, pattern: '\{\w+\}'}", extra="in_templates: false\nmax_hits: 5"),
    # messages
    "KF01": rule_yaml("KF01", '{kind: phrase, phrases: ["quick chat"]}',
                      message="Asks for a '{match}' with {to} ({greeting_name}); {first_name} and {min} stay put?"),
    "KF02": rule_yaml("KF02", r"{kind: regex, pattern: 'because[^.]*'}", message="Said '{match}'."),
}
for _scope in SCOPES:
    _id = f"KA{SCOPES.index(_scope) + 1:02d}"
    RULES[_id] = rule_yaml(_id, f"{{kind: phrase, phrases: [sam], scope: {_scope}}}", extra="max_hits: 10",
                           name=f"scope-{_scope}")

SIGNALS = {
    "signals/met-in-person.yaml": signal_yaml("met-in-person", '{kind: phrase, phrases: ["we met", "met you"]}'),
    "signals/read-their-work.yaml": signal_yaml("read-their-work", '{kind: phrase, phrases: ["read your"]}', credit=10),
}
SCOPE_IDS = {scope: f"KA{i + 1:02d}" for i, scope in enumerate(SCOPES)}


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    files = {f"{rid}.yaml": text for rid, text in RULES.items()} | SIGNALS
    return write_pack(tmp_path_factory.mktemp("kinds") / "pack", files)


@pytest.fixture(scope="module")
def ruleset(pack):
    return load_ruleset([pack], builtin=False)


@pytest.fixture(scope="module")
def lint(ruleset):
    return Linter(ruleset)


def hits(report, rule_id):
    return [f for f in report.findings if f.rule == rule_id]


def matches(report, rule_id):
    return [f.match for f in hits(report, rule_id)]


# -- phrase ------------------------------------------------------------------------------------

def test_phrase_lower_ignores_case_and_keeps_to_whole_tokens(lint):
    report = lint.check("Could I PICK YOUR BRAIN? I'd recall it; callback later.")
    assert matches(report, "KP01") == ["PICK YOUR BRAIN"]
    assert matches(report, "KP04") == []  # "recall" and "callback" are not the word "call"
    assert matches(lint.check("Give me a call."), "KP04") == ["call"]


def test_phrase_lemma_matches_inflected_forms(lint):
    text = "We met at PyCon and are meeting again; I meet people there."
    report = lint.check(text)
    assert matches(report, "KP02") == ["met", "meeting", "meet"]
    assert matches(report, "KP03") == ["meet"]  # LOWER: only the exact word


def test_phrase_orth_is_case_sensitive(lint):
    assert matches(lint.check("Saw you at PyCon, not pycon or PYCON."), "KP05") == ["PyCon"]


# -- token -------------------------------------------------------------------------------------

def test_token_pattern_with_optional_token(lint):
    assert matches(lint.check("Could we hop on a quick call?"), "KT01") == ["hop on a quick call"]
    assert matches(lint.check("Could we hop on a call?"), "KT01") == ["hop on a call"]
    assert matches(lint.check("Could we hop on a long call?"), "KT01") == []


# -- dependency --------------------------------------------------------------------------------

def test_dependency_finds_a_verb_with_you_as_object(lint):
    report = lint.check("I would love to meet you at the conference.")
    assert matches(report, "KD01") == ["meet you"]
    assert matches(lint.check("You called me yesterday about the conference."), "KD01") == []


# -- regex -------------------------------------------------------------------------------------

def test_regex_ignores_case_unless_told_not_to(lint):
    report = lint.check("Free for a QUICK   CALL?")
    assert matches(report, "KR01") == ["QUICK   CALL"]
    assert matches(report, "KR02") == []
    assert matches(lint.check("Free for a quick call?"), "KR02") == ["quick call"]


def test_regex_group_named_match_sets_the_reported_span(lint):
    report = lint.check("Are you free for a quick call? Or open for a short call")
    assert matches(report, "KR03") == ["quick call"]  # max_hits 1
    (finding,) = hits(report, "KR03")
    assert report.text[finding.start:finding.end] == "quick call"


def test_regex_hits_start_at_the_words_not_at_the_context_a_pattern_consumed(tmp_path):
    """A context alternative such as (?:^|[.!?]\\s+) is not part of what the finding quotes or
    underlines (the rule still runs on the hit as matched)."""
    pack = write_pack(tmp_path / "pack", {
        "XA01.yaml": rule_yaml("XA01", r"{kind: regex, pattern: '(?:^|[.!?]\s+)call\s+me\b'}"),
        "XA02.yaml": rule_yaml("XA02", r"{kind: regex, pattern: '\bpray\s+'}"),
    })
    lint = Linter(load_ruleset([pack], builtin=False))
    report = lint.check("Loved the panel. Call me tomorrow? Do you pray often?")
    assert matches(report, "XA01") == ["Call me"]
    (finding,) = hits(report, "XA01")
    assert report.text[finding.start:finding.end] == "Call me" and finding.column == 18
    assert matches(report, "XA02") == ["pray"]


def test_regex_set_searches_an_eager_leafs_patterns_with_the_batch():
    import spacy

    from linter.document import Document, DraftContext
    from linter.kinds.regex import RegexSet

    nlp = spacy.blank("en")
    rset = RegexSet(True)
    asked, unasked = object(), object()
    call, you = rset.add(r"quick\s+call", asked), rset.add(r"\byou\b", unasked)
    rset.policy.eager.add(asked)
    text = "Could you spare a quick call?"
    document = Document(nlp.make_doc(text), DraftContext(), None, text)
    rset.prepare([document])
    present, spans = document.cache[rset]
    assert present == [call, you] and list(spans) == [call]  # `you` is searched only when asked
    assert rset.spans(document, you) == [(6, 9)] and spans[call] == [(18, 28)]


def test_a_fresh_drafts_cache_is_filled_in_one_copy_and_holds_what_each_bank_would_give_it():
    from linter.document import Document, DraftContext
    from linter.kinds.base import Leaf

    linter = Linter()  # the built-in rules: both RE2 banks, hundreds of leaves
    text = ("Hi Dana, I loved your talk on onboarding at SaaStr. Could you spare a quick call? "
            "We help teams like yours cut churn by 30%.")

    def document():
        return Document(linter.pipeline.nlp.make_doc(text), DraftContext(), linter.pipeline.annotate, text)

    fresh, used = document(), document()
    used.cache["something"] = "already"  # not fresh: each bank fills its own leaves, as before
    linter.engine.prepare([fresh])
    linter.engine.prepare([used])
    leaves = {key for key in fresh.cache if isinstance(key, Leaf)}
    assert len(leaves) > 200 and leaves == {key for key in used.cache if isinstance(key, Leaf)}
    assert all(fresh.cache[leaf] == used.cache[leaf] for leaf in leaves)
    found = linter.engine.run(fresh).findings
    assert found and found == linter.engine.run(used).findings


@pytest.mark.parametrize("pattern, expected", [
    (r"pick\s+your\s+brain", "plain"), (r"\byour\s+\w+ed\b", "run"), (r"[a-z]+ed with you", "run"),
    (r"your.{0,40}post", "window"), (r"your[^.]{3,}post", "window"), (r"a{2,5}", "plain"),
    (r"[{}\[\]<>%|*]", "plain"), (r"(?:\w+\s+){1,8}you", "window"),
])
def test_regex_patterns_are_sorted_into_sets_by_shape(pattern, expected):
    from linter.kinds.regex import shape

    assert shape(pattern) == expected


def test_a_leaf_whose_patterns_sit_in_several_sets_finds_each_and_misses_none(tmp_path):
    """One pattern of each shape in one leaf: a hit from any one of the RE2 sets is found, and
    none is reported twice."""
    pack = write_pack(tmp_path / "pack", {"XA01.yaml": rule_yaml(
        "XA01", r"{kind: regex, patterns: ['quick\s+call', 'your\s+\w+ed\s+post', 'loved.{0,30}talk', 'call']}",
        extra="max_hits: 9")})
    lint = Linter(load_ruleset([pack], builtin=False))
    assert matches(lint.check("Is a quick call OK?"), "XA01") == ["quick call"]  # overlapping hits: the longest
    assert matches(lint.check("Call me."), "XA01") == ["Call"]
    assert matches(lint.check("I shared your linked post."), "XA01") == ["your linked post"]
    assert matches(lint.check("I loved the ending of your talk."), "XA01") == ["loved the ending of your talk"]
    assert matches(lint.check("Thanks for the note."), "XA01") == []
    assert matches(lint.check("Loved your talk. Quick call? Your shared post."), "XA01") == [
        "Loved your talk", "Quick call", "Your shared post"]


def test_a_set_group_scanned_over_a_batch_finds_what_it_finds_text_by_text():
    """SetGroup.match_many runs set by set over the texts; it must report, for each text, exactly
    the sorted expression indices it reports for that text alone, whatever the other texts."""
    from linter.kinds.re2scan import SetGroup
    from linter.kinds.regex import _options, shape

    group = SetGroup(_options(True, 8 << 20))
    patterns = [r"quick\s+call", r"your\s+\w+ed\s+post", r"loved.{0,30}talk", r"call", r"\bhi\b", r"talk"]
    for pattern in patterns:
        group.add(pattern, shape(pattern))
    assert group.compile()
    texts = [b"Hi, quick call?", b"", b"I loved the start of your talk", b"your shared post", b"nothing here",
             b"call me, hi"]
    alone = [group.match_many([text])[0] for text in texts]
    assert group.match_many(texts) == alone == group.match_many(texts[::-1])[::-1]
    assert alone[0] == [0, 3, 4] and alone[1] == [] and alone[2] == [2, 5] and group.match_many([]) == []


def test_a_set_group_too_large_for_its_budget_says_so_instead_of_raising():
    """The binding raises when a set outgrows RE2's memory budget; the group reports False, and
    its banks then search every pattern on its own."""
    from linter.kinds.re2scan import SetGroup
    from linter.kinds.regex import _options

    group = SetGroup(_options(False, 1 << 16))  # a tiny memory budget
    group.add("(?:" + "|".join(f"word{i}x{i * 7}" for i in range(3000)) + ")", "plain")
    assert group.compile() is False


def test_banks_whose_sets_outgrow_the_budget_still_find_every_hit(tmp_path, monkeypatch):
    """With the sets unusable, the regex and token banks search each pattern on their own and
    find exactly what they find with the sets."""
    from linter.kinds import re2scan, regex, tokenstring

    monkeypatch.setattr(re2scan.Occurrence, "SET_AFTER", 0)  # the sets, not the literal prefilter, from the start
    pack = write_pack(tmp_path / "pack", {
        "XA01.yaml": rule_yaml("XA01", r"{kind: regex, patterns: ['quick\s+call', 'loved.{0,30}talk']}",
                               extra="max_hits: 9"),
        "XA02.yaml": rule_yaml("XA02", "{kind: token, patterns: [[{LOWER: your}, {LOWER: {IN: [talk, post]}}]]}",
                               extra="max_hits: 9")})
    text = "I loved the end of your talk. Quick call? Your post too."
    expected = [(f.rule, f.match) for f in Linter(load_ruleset([pack], builtin=False)).check(text).findings]
    assert expected == [("XA01", "loved the end of your talk"), ("XA02", "your talk"),
                        ("XA01", "Quick call"), ("XA02", "Your post")]
    monkeypatch.setattr(regex, "SET_MAX_MEM", 1 << 10)
    original = tokenstring._options

    def tiny():
        options = original()
        options.max_mem = 1 << 10
        return options

    monkeypatch.setattr(tokenstring, "_options", tiny)
    starved = Linter(load_ruleset([pack], builtin=False))
    assert [(f.rule, f.match) for f in starved.check(text).findings] == expected
    banks = starved.engine.context._banks.values()
    assert [bank.set.usable for bank in banks if isinstance(bank, regex.RegexSet)] == [False]
    assert [bank._built[1].usable for bank in banks if isinstance(bank, tokenstring.TokenBank)] == [False]


# -- metric ------------------------------------------------------------------------------------

def test_metric_max_is_inclusive_and_reports_value_and_max(lint):
    assert hits(lint.check("One two three four five."), "KM01") == []
    (finding,) = hits(lint.check("One two three four five six."), "KM01")
    assert finding.message == "Has 6 words; the most is 5."
    assert finding.match == "One two three four five six."  # a metric points at its whole scope


def test_metric_min_reports_value_and_min(lint):
    (finding,) = hits(lint.check("Just one sentence here"), "KM02")
    assert finding.message == "Has 1 sentences; at least 2 please."
    assert hits(lint.check("One sentence. And another."), "KM02") == []


@pytest.mark.parametrize("text", ["Great talk!!!", "Really?!", 'She said "great talk."', "Great talk (really!)."])
def test_repeated_punctuation_does_not_make_extra_sentences(lint, text):
    (finding,) = hits(lint.check(text), "KM02")
    assert finding.message.startswith("Has 1 sentences")
    assert hits(lint.check(text + " Thanks."), "KM02") == []


def test_metric_bound_from_a_setting(lint, ruleset):
    limit = 300  # docs/writing-rules.md: linkedin_note_limit (300)
    at_limit = ("word " * 100)[: limit - 1] + "."
    assert len(at_limit) == limit
    assert hits(lint.check(at_limit), "KM03") == []
    (finding,) = hits(lint.check(at_limit + "x"), "KM03")
    assert finding.message == f"{limit + 1} characters; the limit is {limit}."
    tighter = Linter(ruleset, settings={"linkedin_note_limit": 120})
    text = ("word " * 30).strip()
    (finding,) = hits(tighter.check(text), "KM03")
    assert finding.message == f"{len(text)} characters; the limit is 120."


def test_char_count_ignores_the_whitespace_around_a_draft(lint):
    # A note saved in a file ends with a newline that is not part of what gets sent.
    at_limit = ("word " * 100)[:299] + "."
    assert hits(lint.check("\n" + at_limit + "\n\n"), "KM03") == []
    assert hits(lint.check(at_limit + "x\n"), "KM03") != []


def test_metric_with_sentence_scope_reports_each_sentence(lint):
    text = "Wow!! Great talk. Yes! Amazing!!!"
    found = hits(lint.check(text), "KM04")
    assert [f.match for f in found] == ["Wow!!", "Amazing!!!"]
    assert [f.message for f in found] == ["2 exclamation marks in one sentence.", "3 exclamation marks in one sentence."]
    assert [f.start for f in found] == [0, text.index("Amazing")]


@pytest.mark.parametrize("text, run", [
    ("Hi Bo,\n- eleven years of night-shift warehouse work\n- a forklift licence, renewed this spring\n- free to start in May", 3),
    ("Hi Bo,\n• one\n\n• two, after a blank line\n\n• three", 3),  # blank lines do not end a run
    ("Hi Bo,\n- one\n- two\nA sentence between.\n- three", 2),
    ("Hi Bo,\n1. Was the sample weighted?\n2. Is the data public?\n3. Who paid?", 0),  # numbered questions
    ("A well-known co-op - in Leeds - asked -me- twice.\n- Priya", 1),  # hyphens inside lines, a signature
])
def test_longest_bullet_run_counts_bullet_lines_of_any_length(lint, text, run):
    found = hits(lint.check(text), "KM05")
    assert [f.message for f in found] == ([f"{run} bullet lines in a row."] if run else [])


# -- entity ------------------------------------------------------------------------------------

def test_entity_person_and_org(lint):
    report = lint.check("I worked with Sarah Chen at Microsoft for three years.")
    assert matches(report, "KE01") == ["Sarah Chen"]
    assert matches(report, "KE02") == ["Microsoft"]
    assert hits(lint.check("I enjoyed the talk about caching."), "KE01") == []


# -- signal ------------------------------------------------------------------------------------

def test_signal_reference_holds_where_the_signal_does(lint):
    assert matches(lint.check("Great to see you again; we met at PyCon."), "KS01") == ["we met"]
    assert hits(lint.check("We have never spoken."), "KS01") == []


def test_signal_with_credit_is_a_strength(lint):
    text = "Hi Ana. I read your post on caching. It helped."
    report = lint.check(text)
    (strength,) = report.strengths
    assert strength.signal == "read-their-work" and strength.credit == 10
    assert "read your" in strength.match and text[strength.start:strength.end] == strength.match
    assert strength.match in strength.message
    assert report.breakdown.get("strengths") == 10
    assert lint.check("Hi Ana. Nice weather today.").strengths == ()


# -- recipient ---------------------------------------------------------------------------------

def test_recipient_greeting_name_differs(lint):
    (finding,) = hits(lint.check("Hi Jessica, loved your talk.", to="Sarah Chen"), "KC01")
    assert finding.match == "Jessica"
    assert finding.message == "Greets Jessica, but the draft is for Sarah Chen."
    assert hits(lint.check("Hi Sarah, loved your talk.", to="Sarah Chen"), "KC01") == []
    assert hits(lint.check("Hi Bob, loved your talk.", to="Dr. Robert Li"), "KC01") == []  # a nickname
    assert hits(lint.check("Hi Jessica, loved your talk."), "KC01") == []  # nobody to compare with


def test_recipient_greeting_name_differs_after_a_comma(lint):
    (finding,) = hits(lint.check("Hello, Jessica. Loved your talk.", to="Sarah Chen"), "KC01")
    assert finding.match == "Jessica"
    assert hits(lint.check("Hello, Sarah. Loved your talk.", to="Sarah Chen"), "KC01") == []


def test_recipient_greeting_without_name(lint):
    assert matches(lint.check("Hi there, loved your talk."), "KC02") == ["Hi there,"]
    assert matches(lint.check("Dear Hiring Manager,\nI applied last week."), "KC02") == ["Dear Hiring Manager,"]
    assert hits(lint.check("Hi Sarah, loved your talk."), "KC02") == []
    assert hits(lint.check("Loved your talk."), "KC02") == []  # no greeting at all


def test_greeting_with_name_after_a_comma_has_a_name(lint):
    # "Hello, Sarah," is a greeting with a name, not a nameless "Hello,"
    for text in ("Hello, Sarah. Loved your talk.", "Hi, Sarah, loved your talk.", "Hi, Dr. Chen, loved your talk."):
        assert hits(lint.check(text), "KC02") == [], text
    assert hits(lint.check("Hi, I'm Tom and I loved your talk."), "KC02") != []


def test_recipient_name_missing_and_present(lint):
    text = "Loved your talk on caching, Sarah."
    report = lint.check(text, to="Sarah Chen")
    assert hits(report, "KC03") == []
    assert matches(report, "KC04") == ["Sarah"]
    missing = lint.check("Loved your talk on caching.", to="Sarah Chen")
    (finding,) = hits(missing, "KC03")
    assert finding.message == "Never names Sarah Chen."
    assert hits(lint.check("Loved your talk on caching."), "KC03") == []  # no `to`: nothing to miss


# -- all / any / none --------------------------------------------------------------------------

def test_all_in_sentence_scope_needs_both_in_one_sentence(lint):
    assert matches(lint.check("I would love to meet."), "KB01") == ["love"]
    assert hits(lint.check("I love your work. Could we meet?"), "KB01") == []


def test_any_reports_each_childs_hits_in_text_order(lint):
    text = "beta alpha gamma alpha"
    found = hits(lint.check(text), "KB02")
    assert [(f.match, f.start) for f in found] == [("beta", 0), ("alpha", 5), ("alpha", 17)]


def test_any_at_least_counts_distinct_children_in_the_scope(lint):
    # two different children in one sentence: holds, reporting each child's hits
    assert matches(lint.check("alpha and gamma here. Nothing else."), "KB06") == ["alpha", "gamma"]
    # one child twice is still one child
    assert hits(lint.check("alpha and alpha again."), "KB06") == []
    # two children, but in different sentences: the sentence scope keeps them apart
    assert hits(lint.check("alpha here. beta there."), "KB06") == []


def test_at_least_is_checked_when_rules_load(tmp_path):
    from linter.errors import RuleError
    bad = {"at_least": "{kind: any, at_least: 3, of: [{kind: phrase, phrases: [a]}, {kind: phrase, phrases: [b]}]}",
           "on_all": "{kind: all, at_least: 2, of: [{kind: phrase, phrases: [a]}, {kind: phrase, phrases: [b]}]}",
           "zero": "{kind: any, at_least: 0, of: [{kind: phrase, phrases: [a]}]}"}
    for name, match in bad.items():
        pack = write_pack(tmp_path / name, {"KX01.yaml": rule_yaml("KX01", match)})
        with pytest.raises(RuleError, match="at_least") as caught:
            load_ruleset([pack], builtin=False)
        assert "KX01.yaml" in str(caught.value)


def test_none_holds_on_absence_and_points_at_the_whole_draft(lint):
    text = "  Could you refer me?  "
    (finding,) = hits(lint.check(text), "KB03")
    assert finding.match == text.strip()
    assert hits(lint.check("Thanks, could you refer me?"), "KB03") == []


def test_all_points_at_its_first_locating_child(lint):
    (finding,) = hits(lint.check("Could you refer me to the team?"), "KB04")
    assert finding.match == "refer"
    assert hits(lint.check("We met last week. Could you refer me?"), "KB04") == []


def test_nested_draft_scope_looks_at_the_whole_draft(lint):
    assert matches(lint.check("Could you refer me? We met in May."), "KB05") == ["refer"]
    assert hits(lint.check("Could you refer me?"), "KB05") == []


# -- scopes ------------------------------------------------------------------------------------

SCOPED_DRAFT = "Hi Sam,\nSam Lee suggested I write. I read the post by Sam. Sam, thanks again.\n\nThanks,\nSam\n"


def test_each_scope_sees_its_part_of_the_draft(lint):
    report = lint.check(SCOPED_DRAFT)
    sams = [m.start() for m in re.finditer("Sam", SCOPED_DRAFT)]
    greeting, first, middle, last, sign_off = sams
    expected = {
        "draft": sams,
        "sentence": sams,
        "body": [first, middle, last],
        "first-sentence": [first],
        "last-sentence": [last],
        "greeting": [greeting],
        "closing": [sign_off],
    }
    for scope, rule_id in SCOPE_IDS.items():
        assert [f.start for f in hits(report, rule_id)] == expected[scope], scope


def test_closing_is_the_last_sentence_when_there_is_no_sign_off(lint):
    text = "Hi Sam, Sam Lee suggested I write. See you soon, Sam."
    report = lint.check(text)
    assert [f.start for f in hits(report, SCOPE_IDS["closing"])] == [text.rindex("Sam")]
    assert [f.start for f in hits(report, SCOPE_IDS["greeting"])] == [text.index("Sam")]


@pytest.mark.parametrize("text", ["Hey Sam!! Sam Lee sent me.", "Hi Sam... Sam Lee sent me.",
                                  "Hello, Sam?! Sam Lee sent me.", "Hi, Sam, Sam Lee sent me."])
def test_the_greeting_is_never_the_first_sentence(lint, text):
    report = lint.check(text)
    greeting, first = [m.start() for m in re.finditer("Sam", text)][:2]
    assert [f.start for f in hits(report, SCOPE_IDS["greeting"])] == [greeting]
    assert [f.start for f in hits(report, SCOPE_IDS["first-sentence"])] == [first]


# -- unless ------------------------------------------------------------------------------------

def test_unless_at_draft_scope_looks_at_the_whole_draft(lint):
    assert hits(lint.check("Could you refer me? We met at PyCon."), "KU01") == []
    assert matches(lint.check("Could you refer me? I saw you at PyCon."), "KU01") == ["refer me"]


def test_unless_at_sentence_scope_looks_at_the_hits_sentence(lint):
    assert matches(lint.check("Could you refer me? We met at PyCon."), "KU02") == ["refer me"]
    assert hits(lint.check("We met at PyCon, so could you refer me?"), "KU02") == []


# -- channels, max_hits, templates ---------------------------------------------------------------

def test_channels_limit_where_a_rule_runs(lint):
    text = "Could you refer me?"
    assert matches(lint.check(text, channel="linkedin-note"), "KH01") == ["refer me"]
    assert matches(lint.check(text, channel="inmail"), "KH01") == ["refer me"]
    assert hits(lint.check(text, channel="email"), "KH01") == []
    assert hits(lint.check(text, channel="dm"), "KH01") == []
    assert matches(lint.check(text, channel="email"), "KU01") == ["refer me"]  # a rule for [any] still runs


def test_max_hits_counts_at_most_that_many(lint):
    text = "I really really really liked it."
    assert [f.start for f in hits(lint.check(text), "KN01")] == [text.index("really")]
    assert [f.start for f in hits(lint.check(text), "KN02")] == [m.start() for m in re.finditer("really", text)][:2]


def test_in_templates_false_skips_template_drafts(lint):
    text = "Hi {first_name}, loved your work at {company}."
    assert matches(lint.check(text), "KL01") == ["{first_name}", "{company}"]
    assert hits(lint.check(text, template=True), "KL01") == []
    assert matches(lint.check(text, template=True), "KC04") == matches(lint.check(text), "KC04")


# -- findings and messages ----------------------------------------------------------------------

MULTI_LINE = ("Hi Sam,\n\nI read your post on caching\tlast week. Could we hop on a quick call?\n"
              "We met at PyCon, really.\r\nPick your brain?\n\nThanks,\nTom")


def test_finding_offsets_slice_out_the_match_and_line_column_agree(lint):
    report = lint.check(MULTI_LINE, to="Sam Lee")
    assert len(report.findings) >= 5
    for f in report.findings:
        assert MULTI_LINE[f.start:f.end] == f.match, f
        assert f.line == MULTI_LINE.count("\n", 0, f.start) + 1, f
        assert f.column == f.start - (MULTI_LINE.rfind("\n", 0, f.start) + 1) + 1, f
        assert f.severity == "warning" and f.group == "custom" and f.weight == 10
    (brain,) = hits(report, "KP01")
    assert (brain.line, brain.column) == (5, 1)
    (call,) = hits(report, "KT01")
    assert call.line == 3 and MULTI_LINE.split("\n")[2][call.column - 1:].startswith("hop on a quick call")


def test_findings_are_sorted_by_position(lint):
    report = lint.check(MULTI_LINE)
    assert [f.start for f in report.findings] == sorted(f.start for f in report.findings)


def test_message_placeholders(lint):
    (finding,) = hits(lint.check("Hi Sam, a quick chat?", to="Sam Lee"), "KF01")
    assert finding.message == "Asks for a 'quick chat' with Sam Lee (Sam); {first_name} and  stay put?"
    (long,) = hits(lint.check("I write because " + "of many reasons " * 10 + "and more."), "KF02")
    shown = long.message[len("Said '"):-len("'.")]
    assert shown.endswith("…") and len(shown) <= 60 and long.match.startswith(shown[:-1])


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(["Hi Sam,", " ", "\n", "\n\n", "really ", "we met ", "refer me", "?", ".",
                                 "quick call", "Sarah Chen ", "{x}", "Thanks,\nTom", "\t", "é", "😀", "meet you "]),
                min_size=1, max_size=25).map("".join))
def test_findings_locate_their_match_on_any_text(lint, text):
    if not text.strip():
        return
    report = lint.check(text, to="Sam Lee")
    assert report.error is None and 0 <= report.score <= 100
    for f in report.findings:
        assert text[f.start:f.end] == f.match
        assert f.line == text.count("\n", 0, f.start) + 1
        assert f.column == f.start - (text.rfind("\n", 0, f.start) + 1) + 1


# -- what the pipeline loads -----------------------------------------------------------------------

def test_tokens_only_pack_loads_no_pipeline_components(tmp_path):
    folder = write_pack(tmp_path / "tokens", {
        "a.yaml": rule_yaml("KQ01", '{kind: phrase, phrases: ["quick call"]}'),
        "b.yaml": rule_yaml("KQ02", "{kind: token, patterns: [[{LOWER: pick}, {LOWER: your}, {IS_ALPHA: true}]]}"),
        "c.yaml": rule_yaml("KQ03", "{kind: metric, metric: word_count, max: 3}"),
        "d.yaml": rule_yaml("KQ04", "{kind: recipient, test: greeting-without-name}"),
    })
    lint = Linter(load_ruleset([folder], builtin=False))
    assert lint.pipeline.nlp.pipe_names == []
    report = lint.check("Hi there, can I pick your brain on a quick call?")
    assert {f.rule for f in report.findings} == {"KQ01", "KQ02", "KQ03", "KQ04"}


def test_dependency_pack_loads_the_parser_but_not_ner(tmp_path):
    folder = write_pack(tmp_path / "dep", {"a.yaml": rule_yaml("KQ05", DEPENDENCY_YOU_OBJECT)})
    lint = Linter(load_ruleset([folder], builtin=False))
    names = lint.pipeline.nlp.pipe_names
    assert "parser" in names and "ner" not in names and "lemmatizer" not in names
    assert matches(lint.check("I would love to meet you in Lisbon."), "KQ05") == ["meet you"]


def test_blank_model_skips_rules_that_need_a_parser_with_a_notice(tmp_path):
    folder = write_pack(tmp_path / "mixed", {
        "a.yaml": rule_yaml("KQ06", DEPENDENCY_YOU_OBJECT),
        "b.yaml": rule_yaml("KQ07", '{kind: phrase, phrases: ["quick call"]}'),
        "c.yaml": rule_yaml("KQ08", '{kind: phrase, attr: LEMMA, phrases: ["meet"]}'),
        "d.yaml": rule_yaml("KQ09", "{kind: entity, labels: [PERSON]}"),
    })
    ruleset = load_ruleset([folder], builtin=False)
    text = "Sarah Chen, I would love to meet you for a quick call."
    full = Linter(ruleset).check(text)
    assert {f.rule for f in full.findings} == {"KQ06", "KQ07", "KQ08", "KQ09"}
    assert full.notices == ()

    blank = Linter(ruleset, model="blank")
    assert blank.pipeline.nlp.pipe_names == []
    assert {r.id for r in blank.engine.skipped} == {"KQ06", "KQ08", "KQ09"}
    report = blank.check(text)
    assert [f.rule for f in report.findings] == ["KQ07"]
    assert report.notices and any("skipped" in n and "dep" in n for n in report.notices)
    assert report.to_dict()["notices"] == list(report.notices)


def test_check_many_and_check_agree(lint):
    texts = ["Could you refer me?", "We met at PyCon. Could you refer me?", MULTI_LINE]
    one_by_one = [lint.check(t) for t in texts]
    batched = list(lint.check_many([Draft(text=t) for t in texts]))
    assert [r.findings for r in batched] == [r.findings for r in one_by_one]


def test_blank_model_notice_does_not_claim_no_model_is_installed(ruleset):
    from linter.nlp import BLANK, resolve_model

    if resolve_model(None) == BLANK:
        pytest.skip("no spaCy model installed here: the notice would be right")
    (notice,) = Linter(ruleset, model="blank").notices
    assert "skipped" in notice
    assert "no English spaCy model is installed" not in notice


def test_writing_rules_doc_lists_what_the_code_accepts():
    doc = (Path(__file__).resolve().parent.parent / "docs" / "writing-rules.md").read_text(encoding="utf-8")
    metrics = doc[doc.index("Metrics:"):doc.index("Settings usable as")]
    assert set(re.findall(r"`(\w+)`", metrics)) == set(METRICS)
    settings_text = doc[doc.index("Settings usable as"):]
    settings_text = settings_text[: settings_text.index("\n\n")]
    documented = {k: float(v.replace(",", "")) for k, v in re.findall(r"`(\w+)` \(([\d,.]+)\)", settings_text)}
    assert documented == {k: float(v) for k, v in DEFAULTS.items()}
    table = doc[doc.index("## Matchers"):doc.index("### Scopes")]
    kinds = {name for row in re.findall(r"^\| (`[^|]+) \|", table, re.M) for name in re.findall(r"`(\w+)`", row)}
    assert kinds == set(KINDS)
    scopes = doc[doc.index("### Scopes"):doc.index("### What a finding points at")]
    assert set(CODE_SCOPES) <= set(re.findall(r"`([a-z-]+)`", scopes))
