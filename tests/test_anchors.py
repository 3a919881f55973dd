"""Sentence anchors: an `all` or `any` with scope `sentence` skips the sentences that hold no hit
of the leaves it cannot hold without (Compiled.anchors). Skipping must never change a report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter import Draft, Linter, load_ruleset
from linter.kinds.base import Leaf
from packs import rule_yaml, signal_yaml, write_pack

ROOT = Path(__file__).resolve().parent.parent

LOVE = "{kind: phrase, phrases: [love]}"
MEET = "{kind: regex, pattern: 'meet|coffee'}"
RULES = {
    # a leaf first: its hits anchor the rule
    "KQ01": f"{{kind: all, scope: sentence, of: [{LOVE}, {MEET}]}}",
    # `any` first: every child's leaves anchor it
    "KQ02": f"{{kind: all, scope: sentence, of: [{{kind: any, of: [{LOVE}, {{kind: token, patterns: [[{{LOWER: call}}]]}}]}}, {MEET}]}}",
    # `none` first: it holds where nothing is found, so nothing anchors it
    "KQ03": f"{{kind: all, scope: sentence, of: [{{kind: none, of: [{LOVE}]}}, {MEET}]}}",
    # a metric inside the `any`: a metric can hold with no hit to point at
    "KQ04": f"{{kind: all, scope: sentence, of: [{{kind: any, of: [{LOVE}, {{kind: metric, metric: word_count, max: 3}}]}}, {MEET}]}}",
    # a first child that looks at the whole draft reaches outside the sentence
    "KQ05": f"{{kind: all, scope: sentence, of: [{{kind: phrase, phrases: [love], scope: draft}}, {MEET}]}}",
    # a signal: its own matcher's leaves anchor it
    "KQ06": f"{{kind: all, scope: sentence, of: [{{kind: signal, signal: warm-words}}, {MEET}]}}",
    # a pattern that can run across a sentence end: such a hit lies inside no sentence
    "KQ07": r"{kind: all, scope: sentence, of: [{kind: regex, pattern: 'love\W+\w+'}, {kind: regex, pattern: 'love'}]}",
    # `any` with at_least, in sentence scope itself, and nested
    "KQ08": f"{{kind: any, at_least: 2, scope: sentence, of: [{LOVE}, {MEET}, {{kind: all, scope: sentence, of: [{{kind: phrase, phrases: [call]}}, {{kind: none, of: [{LOVE}]}}]}}]}}",
}
SIGNALS = {"signals/warm-words.yaml": signal_yaml("warm-words", "{kind: any, of: [{kind: phrase, phrases: [glad]}, {kind: phrase, phrases: [love]}]}")}


@pytest.fixture(scope="module")
def lint(tmp_path_factory):
    files = {f"{rid}.yaml": rule_yaml(rid, match, extra="max_hits: 9") for rid, match in RULES.items()} | SIGNALS
    pack = write_pack(tmp_path_factory.mktemp("anchors") / "pack", files)
    return Linter(load_ruleset([pack], builtin=False))


def _compiled(lint, rule_id):
    return next(match for rule, match, _ in lint.engine.rules if rule.id == rule_id)


def _anchor_texts(matcher):
    """The anchors as `kind:first phrase or pattern`, sorted (None when there are none)."""
    if matcher.sentence_anchors is None:
        return None
    params = [leaf.spec.params for leaf in matcher.sentence_anchors]
    return sorted(f"phrase:{p['phrases'][0]}" if "phrases" in p else
                  f"regex:{p['patterns'][0]}" if "patterns" in p and isinstance(p["patterns"][0], str) else "token"
                  for p in params)


def test_anchors_come_from_the_leaves_a_matcher_cannot_hold_without(lint):
    assert _anchor_texts(_compiled(lint, "KQ01")) == ["phrase:love"]
    assert _anchor_texts(_compiled(lint, "KQ02")) == ["phrase:love", "token"]
    assert _anchor_texts(_compiled(lint, "KQ06")) == ["phrase:glad", "phrase:love"]
    assert _anchor_texts(_compiled(lint, "KQ07")) == [r"regex:love\W+\w+"]
    assert _anchor_texts(_compiled(lint, "KQ08")) == ["phrase:call", "phrase:love", "regex:meet|coffee"]
    for rule_id in ("KQ03", "KQ04", "KQ05"):
        assert _compiled(lint, rule_id).sentence_anchors is None, rule_id
    assert all(isinstance(leaf, Leaf) for leaf in _compiled(lint, "KQ08").sentence_anchors)


def _nodes(linter: Linter) -> list:
    """Every compiled matcher the Linter's rules and credit signals reach, once."""
    seen: dict[int, object] = {}

    def walk(node):
        if id(node) in seen:
            return
        seen[id(node)] = node
        for child in getattr(node, "children", None) or ():
            walk(child)
        if getattr(node, "target", None) is not None:
            walk(node.target)

    for _, match, unless in linter.engine.rules:
        walk(match)
        if unless is not None:
            walk(unless)
    for _, compiled in linter.engine.credit_signals:
        walk(compiled)
    return list(seen.values())


def _without_anchors(linter: Linter) -> Linter:
    """The same Linter with every sentence anchor switched off: each sentence is asked again."""
    for node in _nodes(linter):
        node.sentence_anchors = None
    return linter


def _reports(linter, drafts):
    return [report.to_dict() for report in linter.check_many(drafts)]


TEXTS = [
    "I would love to meet. Nothing else here.",
    "I love your work. Could we meet?",  # the two words in different sentences
    "Could we call? Coffee soon would be great. I love it.",
    "Glad to see the launch. Happy to meet for coffee.",
    "I love. Coffee then.",  # KQ07's pattern runs across the sentence end
    "love call meet",
    "Hi Sam,\n\nNothing specific here at all.\n\nBest,\nAna",
]


def test_a_rule_holds_in_the_same_sentences_with_or_without_anchors(lint, tmp_path):
    expected = _reports(_without_anchors(Linter(lint.ruleset)), [Draft(text=t) for t in TEXTS])
    got = _reports(lint, [Draft(text=t) for t in TEXTS])
    assert got == expected
    fired = {f["rule"] for report in got for f in report["findings"]}
    assert {"KQ01", "KQ02", "KQ06", "KQ08"} <= fired  # the texts do exercise the anchored rules
    by_text = dict(zip(TEXTS, got))
    assert [f["match"] for f in by_text[TEXTS[0]]["findings"] if f["rule"] == "KQ01"] == ["love"]
    assert not [f for f in by_text[TEXTS[1]]["findings"] if f["rule"] == "KQ01"]
    assert not [f for f in by_text[TEXTS[4]]["findings"] if f["rule"] == "KQ07"]


WORDS = st.sampled_from(["love", "meet", "coffee", "call", "glad", "I", "you", "the", "work", "Sam", "soon"])
SEPARATORS = st.sampled_from([" ", " ", " ", ". ", "? ", "! ", "\n\n", ", "])
SENTENCES = st.lists(st.tuples(WORDS, SEPARATORS), min_size=1, max_size=30).map(
    lambda pairs: "".join(word + sep for word, sep in pairs).strip() or "love")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(SENTENCES, min_size=1, max_size=5))
def test_anchors_never_change_a_report_on_generated_drafts(lint, texts):
    plain = _without_anchors(Linter(lint.ruleset))
    drafts = [Draft(text=t) for t in texts]
    assert _reports(lint, drafts) == _reports(plain, drafts)


def test_anchors_never_change_a_report_with_the_built_in_rules():
    rows = [json.loads(line) for line in (ROOT / "tests" / "corpus" / "train.jsonl").read_text(encoding="utf-8").splitlines()]
    drafts = [Draft(text=r["text"], to=r.get("to"), channel=r.get("channel")) for r in rows[:300]]
    anchored = Linter()
    assert sum(1 for node in _nodes(anchored) if node.sentence_anchors) >= 20  # the built-in rules use them
    assert _reports(anchored, drafts) == _reports(_without_anchors(Linter()), drafts)
