"""The YAML rule loader: every malformed rule is a RuleError naming FILE:LINE, and exit code 2 from the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import linter
from linter import Linter, RuleError, load_ruleset
from linter.cli import main
from packs import line_of, rule_yaml, signal_yaml, write_pack

BASE = """\
id: XA01
name: test-rule
group: custom
severity: warning
weight: 10
message: "Found '{match}'."
suggestion: "Fix it."
match:
  kind: phrase
  phrases: ["quick call"]
docs:
  what: What it flags.
  why: Why it matters.
  bad: "A quick call?"
  good: "A reason first."
examples:
  fail: ["Are you free for a quick call?"]
  pass: ["I read your post on caching."]
"""

PHRASE_MATCH = """\
  kind: phrase
  phrases: ["quick call"]"""


def with_match(body: str) -> str:
    """BASE with its matcher replaced by an indented block."""
    return BASE.replace(PHRASE_MATCH, body)


def edit(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


DEEP = "{kind: phrase, phrases: [x]}"
for _ in range(10):
    DEEP = "{kind: any, of: [" + DEEP + "]}"

SIG_A = signal_yaml("sig-a", "{kind: signal, signal: sig-b}")
SIG_B = """\
signal: sig-b
description: Refers back to sig-a.
match:
  kind: any
  of:
    - {kind: phrase, phrases: [hello]}
    - {kind: signal, signal: sig-a}
examples: {present: [hello], absent: [bye]}
"""

# (case id, files, file that is wrong, marker on the line the error must point at, message fragments)
CASES = [
    ("unknown-header-key", {"r.yaml": edit("weight: 10", "wieght: 10")}, "r.yaml", "wieght",
     ["unknown key 'wieght'", "did you mean 'weight'?"]),
    ("unknown-matcher-key", {"r.yaml": with_match('  kind: phrase\n  atr: LOWER\n  phrases: ["quick call"]')},
     "r.yaml", "atr:", ["unknown key 'atr'", "'phrase' matcher", "did you mean 'attr'?"]),
    ("unknown-kind", {"r.yaml": edit("kind: phrase", "kind: phrse")}, "r.yaml", "kind: phrse",
     ["unknown kind 'phrse'", "did you mean 'phrase'?"]),
    ("weight-as-text", {"r.yaml": edit("weight: 10", "weight: ten")}, "r.yaml", "weight: ten",
     ["'weight' must be a number", "'ten'"]),
    ("weight-quoted-number", {"r.yaml": edit("weight: 10", 'weight: "10"')}, "r.yaml", "weight:",
     ["'weight' must be a number"]),
    ("severity-not-in-list", {"r.yaml": edit("severity: warning", "severity: critical")}, "r.yaml",
     "severity: critical", ["'severity' must be one of info, warning, error", "'critical'"]),
    ("severity-typo", {"r.yaml": edit("severity: warning", "severity: warn")}, "r.yaml", "severity: warn",
     ["'severity' must be one of", "did you mean 'warning'?"]),
    ("max-hits-not-whole", {"r.yaml": edit("weight: 10", "weight: 10\nmax_hits: 1.5")}, "r.yaml", "max_hits",
     ["'max_hits' must be a whole number"]),
    ("regex-unbalanced-paren", {"r.yaml": with_match("  kind: regex\n  pattern: 'quick (call'")}, "r.yaml",
     "pattern:", ["bad regex", "quick (call", "missing )"]),
    ("regex-lookahead", {"r.yaml": with_match("  kind: regex\n  patterns:\n    - 'fine'\n    - 'quick (?=call)'")},
     "r.yaml", "(?=", ["bad regex", "lookarounds and backreferences are not supported", "linear time"]),
    ("token-unknown-attribute", {"r.yaml": with_match("  kind: token\n  patterns:\n    - [{LOWER: quick},\n       {LOWR: call}]")},
     "r.yaml", "LOWR", ["unknown token attribute 'LOWR'", "did you mean 'LOWER'?"]),
    ("token-yaml-boolean", {"r.yaml": with_match("  kind: token\n  patterns:\n    - [{LOWER: say}, {LOWER: no}]")},
     "r.yaml", "LOWER: no", ["'LOWER' is False", "YAML reads yes/no/on/off as true/false", "quote"]),
    ("token-yaml-boolean-in-list", {"r.yaml": with_match("  kind: token\n  patterns:\n    - [{LOWER: {IN: ['ok', yes]}}]")},
     "r.yaml", "IN:", ["true/false", "quote"]),
    ("phrase-yaml-boolean", {"r.yaml": with_match("  kind: phrase\n  phrases: [call,\n    on]")}, "r.yaml",
     "    on]", ["true/false", "quote"]),
    ("token-regex-operator", {"r.yaml": with_match("  kind: token\n  patterns:\n    - [{LOWER: {REGEX: 'ca.*'}}]")},
     "r.yaml", "REGEX", ["REGEX", "kind 'regex'"]),
    ("dependency-node-key", {"r.yaml": with_match(
        "  kind: dependency\n  patterns:\n    - - {RIGHT_ID: v, RIGHT_ATRS: {POS: VERB}}")},
     "r.yaml", "RIGHT_ATRS", ["'RIGHT_ATRS'", "did you mean 'RIGHT_ATTRS'?"]),
    ("dependency-node-id-not-text", {"r.yaml": with_match(
        "  kind: dependency\n  patterns:\n    - - {RIGHT_ID: v, RIGHT_ATTRS: {POS: VERB}}\n"
        "      - {LEFT_ID: [v], REL_OP: '>', RIGHT_ID: o, RIGHT_ATTRS: {DEP: dobj}}")},
     "r.yaml", "LEFT_ID", ["LEFT_ID must be a name"]),
    ("metric-unknown", {"r.yaml": with_match("  kind: metric\n  metric: word_cuont\n  max: 5")}, "r.yaml",
     "word_cuont", ["unknown metric 'word_cuont'", "did you mean 'word_count'?"]),
    ("metric-unknown-setting", {"r.yaml": with_match("  kind: metric\n  metric: char_count\n  max: $linkedin_limit")},
     "r.yaml", "$linkedin_limit", ["unknown setting '$linkedin_limit'", "linkedin_note_limit"]),
    ("entity-unknown-label", {"r.yaml": with_match("  kind: entity\n  labels: [PERSN]")}, "r.yaml", "PERSN",
     ["unknown entity label 'PERSN'", "did you mean 'PERSON'?"]),
    ("scope-unknown", {"r.yaml": with_match('  kind: phrase\n  scope: sentense\n  phrases: ["quick call"]')},
     "r.yaml", "scope:", ["'scope' must be one of", "did you mean 'sentence'?"]),
    ("channel-unknown", {"r.yaml": edit("weight: 10", "weight: 10\nchannels: [linkedin-note, emial]")}, "r.yaml",
     "channels:", ["unknown channel 'emial'", "did you mean 'email'?"]),
    ("duplicate-id-across-files", {"a.yaml": BASE, "b.yaml": edit("name: test-rule", "name: other-rule")},
     "b.yaml", "id: XA01", ["rule id XA01 is already used by", "a.yaml"]),
    ("yaml-syntax-error", {"r.yaml": edit('suggestion: "Fix it."', "suggestion: Fix: it")}, "r.yaml",
     "suggestion: Fix: it", ["invalid YAML", "mapping values are not allowed"]),
    ("yaml-duplicate-key", {"r.yaml": edit("weight: 10", "weight: 10\nseverity: info")}, "r.yaml",
     "severity: info", ["duplicate key 'severity'"]),
    ("missing-docs", {"r.yaml": BASE[: BASE.index("docs:")] + BASE[BASE.index("examples:"):]}, "r.yaml", "id:",
     ["needs the key 'docs'"]),
    ("missing-docs-field", {"r.yaml": edit('  good: "A reason first."\n', "")}, "r.yaml", "  what:",
     ["'docs' needs the key 'good'"]),
    ("missing-examples", {"r.yaml": BASE[: BASE.index("examples:")]}, "r.yaml", "id:",
     ["needs the key 'examples'"]),
    ("missing-pass-examples", {"r.yaml": edit('  pass: ["I read your post on caching."]\n', "")}, "r.yaml",
     "  fail:", ["'examples' needs the key 'pass'"]),
    ("empty-fail-examples", {"r.yaml": edit('fail: ["Are you free for a quick call?"]', "fail: []")}, "r.yaml",
     "fail: []", ["'examples.fail' must be a non-empty list"]),
    ("unknown-signal", {"r.yaml": with_match("  kind: signal\n  signal: shared-contxt"),
                        "signals/shared-context.yaml": signal_yaml("shared-context", "{kind: phrase, phrases: [met]}")},
     "r.yaml", "kind: signal", ["unknown signal 'shared-contxt'", "did you mean 'shared-context'?"]),
    ("signal-cycle", {"r.yaml": with_match("  kind: signal\n  signal: sig-a"),
                      "signals/a.yaml": SIG_A, "signals/b.yaml": SIG_B},
     "signals/b.yaml", "{kind: signal, signal: sig-a}", ["refers to itself", "sig-a -> sig-b -> sig-a"]),
    ("nesting-too-deep", {"r.yaml": BASE.replace("match:\n" + PHRASE_MATCH, "match: " + DEEP)}, "r.yaml",
     "match:", ["nested more than 8 deep"]),
    ("id-prefix-not-group", {"r.yaml": edit("group: custom", "group: favor-asking")}, "r.yaml", "id: XA01",
     ["rules in group 'favor-asking' have ids starting with FA", "'XA01'"]),
    ("builtin-prefix-in-team-group", {"r.yaml": edit("id: XA01", "id: FA77")}, "r.yaml", "id: FA77",
     ["id prefix FA belongs to a built-in group"]),
    ("bad-id-shape", {"r.yaml": edit("id: XA01", "id: xa1")}, "r.yaml", "id: xa1",
     ["id 'xa1' must be two capital letters and two digits"]),
    ("name-not-kebab", {"r.yaml": edit("name: test-rule", "name: Test_Rule")}, "r.yaml", "name:",
     ["must be kebab-case"]),
    # found by the tokenizer when the rule compiles, not when the YAML is read
    ("token-value-split-by-tokenizer", {"r.yaml": with_match(
        "  kind: token\n  patterns:\n    - [{LOWER: hope},\n       {LOWER: \"you're\"},\n       {LOWER: well}]")},
     "r.yaml", "you're", ["'you're' is split by the tokenizer", "'you'", "'re", "one token description per piece"]),
    # an all-letter word the tokenizer still splits, by one of its special cases
    ("token-value-special-case", {"r.yaml": with_match(
        "  kind: token\n  patterns:\n    - [{LOWER: i},\n       {LOWER: {IN: [can, cannot]}},\n       {LOWER: come}]")},
     "r.yaml", "cannot", ["'cannot' is split by the tokenizer", "'can' + 'not'"]),
    ("token-pattern-bad-operator", {"r.yaml": with_match("  kind: token\n  patterns:\n    - [{LOWER: quick},\n       {LOWER: call, OP: '%'}]")},
     "r.yaml", "{LOWER: call, OP", ["OP must be one of", "'%'"]),
]


def first_error(folder: Path) -> RuleError:
    """The RuleError from loading the pack, or else from compiling it into a Linter."""
    with pytest.raises(RuleError) as info:
        Linter(load_ruleset([folder], builtin=False))
    return info.value


@pytest.mark.parametrize("files, bad_file, marker, fragments",
                         [pytest.param(*case[1:], id=case[0]) for case in CASES])
def test_rule_error_names_file_line_and_problem(tmp_path, files, bad_file, marker, fragments):
    folder = write_pack(tmp_path / "pack", files)
    err = first_error(folder)
    expected_line = line_of(files[bad_file], marker)
    assert Path(err.path) == folder / bad_file
    assert err.line == expected_line, err
    for fragment in fragments:
        assert fragment in err.message, err.message
    assert str(err).startswith(f"{folder / bad_file}:{expected_line}: ")
    assert isinstance(err, linter.IntrolintError)


@pytest.mark.parametrize("files, bad_file, marker, fragments",
                         [pytest.param(*case[1:], id=case[0]) for case in CASES])
def test_cli_reports_rule_error_with_exit_code_2(tmp_path, monkeypatch, files, bad_file, marker, fragments):
    folder = write_pack(tmp_path / "pack", files)
    draft = tmp_path / "draft.txt"
    draft.write_text("Hi Sarah, are you free for a quick call?\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--only-rules", str(folder), str(draft)])
    assert result.exit_code == 2, result.output
    assert f"{folder / bad_file}:{line_of(files[bad_file], marker)}: " in result.stderr
    assert fragments[0] in result.stderr
    assert result.stdout == ""


def test_valid_rule_loads_with_its_header(tmp_path):
    folder = write_pack(tmp_path / "pack", {"r.yaml": BASE})
    ruleset = load_ruleset([folder], builtin=False)
    (rule,) = ruleset.rules
    assert (rule.id, rule.name, rule.group, rule.severity, rule.weight) == ("XA01", "test-rule", "custom", "warning", 10)
    assert rule.max_hits == 1 and rule.channels == ("any",) and rule.in_templates is True
    assert rule.match.kind == "phrase" and rule.match.params["phrases"] == ("quick call",)
    assert rule.match.line == line_of(BASE, "kind: phrase")  # a block mapping starts at its first key
    assert [e.text for e in rule.fail_examples] == ["Are you free for a quick call?"]
    assert rule.fail_examples[0].line == line_of(BASE, "Are you free")
    assert rule.docs.bad == "A quick call?"


def test_signal_files_and_rules_load_together(tmp_path):
    folder = write_pack(tmp_path / "pack", {
        "r.yaml": with_match("  kind: signal\n  signal: met-before"),
        "signals/met-before.yaml": signal_yaml("met-before", "{kind: phrase, phrases: [we met]}", credit=5),
    })
    ruleset = load_ruleset([folder], builtin=False)
    assert set(ruleset.signals) == {"met-before"}
    assert ruleset.signals["met-before"].credit == 5
    assert [r.id for r in ruleset.rules] == ["XA01"]


def test_dependency_rule_records_that_it_needs_the_parser(tmp_path):
    folder = write_pack(tmp_path / "pack", {"r.yaml": with_match(
        "  kind: dependency\n  patterns:\n    - - {RIGHT_ID: v, RIGHT_ATTRS: {POS: VERB}}")})
    (rule,) = load_ruleset([folder], builtin=False).rules
    assert rule.requires == {"dep", "tag"}


def test_rule_that_uses_a_signal_inherits_its_needs(tmp_path):
    folder = write_pack(tmp_path / "pack", {
        "r.yaml": with_match("  kind: signal\n  signal: named"),
        "signals/named.yaml": signal_yaml("named", "{kind: entity, labels: [PERSON]}"),
    })
    (rule,) = load_ruleset([folder], builtin=False).rules
    assert "ner" in rule.requires


def test_missing_rule_folder_is_an_error(tmp_path):
    with pytest.raises(RuleError) as info:
        load_ruleset([tmp_path / "nowhere"], builtin=False)
    assert "no rule folder" in info.value.message
    assert str(tmp_path / "nowhere") in str(info.value)


def test_empty_rule_file_is_an_error(tmp_path):
    folder = write_pack(tmp_path / "pack", {"r.yaml": "# nothing here\n"})
    with pytest.raises(RuleError) as info:
        load_ruleset([folder], builtin=False)
    assert "empty" in info.value.message and Path(info.value.path) == folder / "r.yaml"


def test_non_utf8_rule_file_is_an_error(tmp_path):
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "r.yaml").write_bytes(BASE.replace("Fix it.", "Fix it \xe9.").encode("latin-1"))
    with pytest.raises(linter.IntrolintError) as info:
        load_ruleset([folder], builtin=False)
    assert "UTF-8" in info.value.message
    assert info.value.line == line_of(BASE, "suggestion")


def test_pack_rule_clashing_with_a_builtin_id_is_an_error(tmp_path):
    builtin = load_ruleset()
    taken = builtin.rules[0]
    text = rule_yaml(taken.id, "{kind: phrase, phrases: [hello]}", group=taken.group, name="my-own-rule")
    folder = write_pack(tmp_path / "pack", {"r.yaml": text})
    with pytest.raises(RuleError) as info:
        load_ruleset([folder])
    assert f"rule id {taken.id} is already used by" in info.value.message
    assert Path(info.value.path) == folder / "r.yaml"


def test_rule_files_are_loaded_from_subfolders_and_test_files_skipped(tmp_path):
    folder = write_pack(tmp_path / "pack", {
        "a/XA01-one.yaml": BASE,
        "b/deeper/XA02-two.yml": edit("name: test-rule", "name: second-rule", edit("id: XA01", "id: XA02")),
        "b/XA02.test.yaml": "this: is not a rule",
        "notes.txt": "not yaml at all: [",
    })
    assert sorted(r.id for r in load_ruleset([folder], builtin=False).rules) == ["XA01", "XA02"]
