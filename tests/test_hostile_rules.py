"""Hostile rule files: code-running YAML tags, catastrophic regexes, alias bombs, deep nesting,
oversized lists, links out of the pack, and random mutations of a valid rule.

A team pack is data written by people who may not be careful (or friendly). Loading one must never
run code, hang, exhaust memory or crash the process; every refusal names the file, and the line
when there is one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import tracemalloc
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter import Linter
from linter.cli import main
from linter.errors import IntrolintError, RuleError
from linter.loader import parse_rule
from linter.ruleset import RuleSet, load_ruleset, resolve_signals
from linter.yamlio import MAX_ALIAS_VALUES, YamlError, load_yaml_file, load_yaml_text

PROFILE = settings(
    max_examples=int(os.environ.get("INTROLINT_HYPOTHESIS_EXAMPLES", "0")) or
    (3000 if os.environ.get("INTROLINT_HYPOTHESIS_PROFILE") == "long" else 150),
    deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

RULE = """\
id: TR01
name: team-rule
group: team-rules
severity: warning
weight: 10
message: "Bad ('{{match}}')."
suggestion: "Fix it."
match:
{match}
docs: {{what: w, why: y, bad: b, good: g}}
examples:
  fail: ["aaaa"]
  pass: ["bbbb"]
"""


def indent(block: str, spaces: int = 2) -> str:
    return textwrap.indent(textwrap.dedent(block).strip("\n"), " " * spaces)


def write_pack(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def rule_pack(tmp_path: Path, match: str, name: str = "pack") -> Path:
    return write_pack(tmp_path / name, {"TR01-team-rule.yaml": RULE.format(match=indent(match))})


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def load_error(pack: Path) -> RuleError:
    with pytest.raises(IntrolintError) as info:
        load_ruleset([pack], builtin=False)
    return info.value


def finishes(func, seconds: float = 60.0):
    """Run func in a thread; fail (instead of hanging the suite) if it has not returned by then."""
    result: dict = {}

    def target():
        try:
            result["value"] = func()
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            result["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in result:
        raise result["error"]
    return result.get("value")


# -- YAML tags that would run code --------------------------------------------------------------------

TAGS = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/object/apply:subprocess.check_call [['touch', '{marker}']]",
    "!!python/name:os.system",
    "!!python/module:os",
    "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']",
    "!!python/object:argparse.Namespace {{a: 1}}",
]


@pytest.mark.parametrize("where", ["top", "pattern", "message"])
@pytest.mark.parametrize("tag", TAGS)
def test_python_object_tags_are_refused_and_run_nothing(tmp_path, tag, where):
    marker = tmp_path / "PWNED"
    value = tag.format(marker=marker)
    if where == "top":
        text = value + "\n"
    elif where == "pattern":
        text = RULE.format(match=indent(f"kind: regex\npattern: {value}"))
    else:
        text = RULE.format(match=indent("kind: regex\npattern: 'a'")).replace('"Bad (\'{match}\')."', value)
    pack = write_pack(tmp_path / "pack", {"TR01-team-rule.yaml": text})
    error = load_error(pack)
    assert error.path == str(pack / "TR01-team-rule.yaml")
    assert "tag" in error.message or "constructor" in error.message
    assert not marker.exists()


def test_python_tags_in_config_front_matter_and_cli_run_nothing(tmp_path):
    marker = tmp_path / "PWNED"
    evil = f"!!python/object/apply:os.system ['touch {marker}']"
    config = tmp_path / "evil.yaml"
    config.write_text(f"min_score: {evil}\n")
    draft = tmp_path / "draft.txt"
    draft.write_text(f"---\nto: {evil}\n---\nHi Sarah, loved your PyCon talk.\n")
    pack = write_pack(tmp_path / "pack", {"TR01-team-rule.yaml": evil + "\n"})
    runner = CliRunner()
    for args in (["check", str(draft), "--no-config"],
                 ["check", str(draft), "--config", str(config)],
                 ["rules", "test", "--only-rules", str(pack), "--no-config"],
                 ["rules", "list", "--rules", str(pack), "--no-config"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
    assert not marker.exists()


# -- regexes: linear time, and clear errors for what RE2 cannot do -----------------------------------

CATASTROPHIC = ["(a+)+$", "(a|aa)+$", "(a*)*b", "(x+x+)+y", "^(\\w+\\s?)*$", "(.*a){25}", "(a|a?)+b",
                "^(([a-z])+.)+[A-Z]([a-z])+$", "(\\d+)*[a-z]$"]


def test_catastrophic_backtracking_regexes_run_in_linear_time(tmp_path):
    patterns = "\n".join(f"  - '{p}'" for p in CATASTROPHIC)
    pack = rule_pack(tmp_path, f"kind: regex\npatterns:\n{patterns}")
    checker = Linter(rule_dirs=[pack], builtin=False)
    hostile = ["a" * 50_000 + "b", "a" * 50_000 + "!", "x" * 50_000, ("ab" * 25_000) + "1",
               "1" * 50_000 + "!", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" * 1000]
    # A hang guard, not a timing assertion: backtracking engines take hours on these inputs.
    reports = finishes(lambda: [checker.check(text) for text in hostile], seconds=60)
    assert all(r.error is None for r in reports)
    assert any(f.rule == "TR01" for f in reports[0].findings)  # "(a+)+$" does not match, "(a*)*b" does


@pytest.mark.parametrize("pattern, words", [
    ("(?=abc)a", "lookaround"),
    ("(?!abc)a", "lookaround"),
    ("(?<=a)b", "lookaround"),
    ("(?<!a)b", "lookaround"),
    ("(a)\\1", "backreference"),
    ("(?P<n>a)(?P=n)", "backreference"),
    ("(a)(b)\\2", "backreference"),
    ("a++", "bad regex"),
    ("(unclosed", "bad regex"),
    ("\\C", "any byte"),
    ("a\\Cb", "any byte"),
    ("((a{100}){100}){100}", "bad regex"),
])
def test_unsupported_regex_gives_a_clear_error_with_file_and_line(tmp_path, pattern, words):
    quoted = json.dumps(pattern)
    pack = rule_pack(tmp_path, f"kind: regex\npatterns:\n  - 'fine'\n  - {quoted}")
    path = pack / "TR01-team-rule.yaml"
    error = load_error(pack)
    assert isinstance(error, RuleError)
    assert error.path == str(path) and error.line == line_of(path, quoted)
    assert words in error.message and "bad regex" in error.message


def test_an_escaped_backslash_before_c_is_fine(tmp_path):
    pack = rule_pack(tmp_path, "kind: regex\npattern: '\\\\Cat'")  # a literal backslash, then "Cat"
    [rule] = load_ruleset([pack], builtin=False).rules
    report = Linter(load_ruleset([pack], builtin=False)).check("a \\Cat here")
    assert rule.id == "TR01" and [f.match for f in report.findings] == ["\\Cat"]


# -- limits: oversized lists and deep nesting ------------------------------------------------------------

def _list(key: str, items: list[str]) -> str:
    return f"{key}:\n" + "".join(f"  - {json.dumps(item)}\n" for item in items)


LIMITS = {
    "phrases": ("kind: phrase\n" + _list("phrases", [f"w{i}" for i in range(5001)]), "phrases:", "5,001 items"),
    "regex patterns": ("kind: regex\n" + _list("patterns", [f"w{i}" for i in range(501)]), "patterns:", "501 items"),
    "token patterns": ("kind: token\npatterns:\n" + "".join(f"  - [{{LOWER: w{i}}}]\n" for i in range(1001)),
                       "patterns:", "1,001 items"),
    "long phrase": ("kind: phrase\n" + _list("phrases", ["x" * 2001]), "xxxx", "2,001 characters"),
    "of": ("kind: any\nof:\n" + "".join(f"  - {{kind: regex, pattern: 'w{i}'}}\n" for i in range(51)), "of:", "limit is 50"),
}


@pytest.mark.parametrize("name", sorted(LIMITS))
def test_oversized_lists_give_clear_errors_with_file_and_line(tmp_path, name):
    match, needle, words = LIMITS[name]
    pack = rule_pack(tmp_path, match)
    path = pack / "TR01-team-rule.yaml"
    error = load_error(pack)
    assert error.path == str(path) and error.line == line_of(path, needle)
    assert words in error.message


def _nested(depth: int) -> str:
    return "{kind: all, of: [" * depth + "{kind: regex, pattern: 'a'}" + "]}" * depth


def test_deeply_nested_combinators_give_an_error_with_file_and_line(tmp_path):
    pack = rule_pack(tmp_path, "kind: none\nof:\n  - " + _nested(9))
    path = pack / "TR01-team-rule.yaml"
    error = load_error(pack)
    assert error.path == str(path) and error.line == line_of(path, "{kind: all")
    assert "nested more than 8 deep" in error.message
    ok = rule_pack(tmp_path, "kind: none\nof:\n  - " + _nested(6), name="ok")
    assert load_ruleset([ok], builtin=False).rules[0].id == "TR01"


def test_yaml_nested_past_the_parser_limit_is_refused_with_a_line(tmp_path):
    pack = rule_pack(tmp_path, "kind: none\nof:\n  - " + _nested(150))
    error = load_error(pack)
    path = pack / "TR01-team-rule.yaml"
    assert error.path == str(path) and error.line == line_of(path, "{kind: all") and "nested more than" in error.message


@pytest.mark.parametrize("what", ["rule", "front matter", "config"])
def test_yaml_nested_fifty_thousand_deep_does_not_crash_the_process(tmp_path, what):
    """libyaml's C composer recurses per level; ~50,000 levels overflowed the C stack (a segfault)."""
    deep = "[" * 50_000 + "]" * 50_000
    if what == "rule":
        target = rule_pack(tmp_path, f"kind: regex\npattern: {deep}")
        code = "from linter.ruleset import load_ruleset; load_ruleset([sys.argv[1]], builtin=False)"
    elif what == "front matter":
        target = tmp_path / "draft.txt"
        target.write_text(f"---\nto: {deep}\n---\nHi Sarah\n")
        code = "from pathlib import Path; from linter.drafts import read_draft; read_draft(Path(sys.argv[1]))"
    else:
        target = tmp_path / ".introlint.yaml"
        target.write_text(f"select: {deep}\n")
        code = "from pathlib import Path; from linter.config import load_config; load_config(Path(sys.argv[1]))"
    script = f"import sys\ntry:\n    {code}\nexcept Exception as exc:\n    print(type(exc).__name__, exc)\n"
    done = subprocess.run([sys.executable, "-c", script, str(target)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"crashed with {done.returncode}: {done.stderr[-500:]}"
    assert "nested more than" in done.stdout and str(target) in done.stdout


# -- alias bombs ("billion laughs") --------------------------------------------------------------------------

def _laughs(levels: int = 9, width: int = 9, prefix: str = "_") -> list[str]:
    lines = [f'{prefix}a: &a [{", ".join(["lol"] * width)}]']
    letters = "abcdefghijklmnop"
    for i in range(1, levels):
        lines.append(f"{prefix}{letters[i]}: &{letters[i]} [{', '.join([f'*{letters[i - 1]}'] * width)}]")
    return lines


def _token_bomb(width: int = 300) -> str:
    words = ", ".join(f"'w{i}'" for i in range(width))
    tokens = ", ".join(["*t"] * (width - 1))
    patterns = ", ".join(["*p"] * (width - 1))
    return f"kind: token\npatterns: [&p [&t {{LOWER: {{IN: &w [{words}]}}}}, {tokens}], {patterns}]"


def _inline_laughs(levels: int = 9, width: int = 9) -> str:
    """The bomb written in place: [&a [lol, ...], &b [*a, ...], ..., &i [*h, ...]]."""
    letters = "abcdefghijklmnop"
    items = [f"&a [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels):
        items.append(f"&{letters[i]} [{', '.join([f'*{letters[i - 1]}'] * width)}]")
    return "[" + ", ".join(items) + "]"


BOMBS = {
    "top-level laughs": "\n".join(_laughs()) + "\n",
    "laughs as phrases": RULE.format(match=indent(f"kind: phrase\nphrases: {_inline_laughs()}")),
    "laughs in examples": RULE.format(match=indent("kind: regex\npattern: 'a'")).replace(
        '  fail: ["aaaa"]', f"  fail: {_inline_laughs()}"),
    "laughs in docs": RULE.format(match=indent("kind: regex\npattern: 'a'")).replace(
        "docs: {what: w,", f"docs: {{what: {_inline_laughs()},"),
    "token patterns": RULE.format(match=indent(_token_bomb())),
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_alias_bombs_are_refused_fast_and_small(tmp_path, name):
    pack = write_pack(tmp_path / "pack", {"TR01-team-rule.yaml": BOMBS[name]})
    tracemalloc.start()
    try:
        error = finishes(lambda: load_error(pack), seconds=60)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert error.path.endswith("TR01-team-rule.yaml") and error.line
    assert "aliases" in error.message and f"{MAX_ALIAS_VALUES:,}" in error.message
    assert peak < 64 * 1024 * 1024


def test_nested_matcher_alias_bomb_is_refused(tmp_path):
    anchors = ["  - &m0 {kind: regex, pattern: 'a'}"]
    for depth in range(1, 8):
        anchors.append(f"  - &m{depth} {{kind: any, of: [{', '.join([f'*m{depth - 1}'] * 40)}]}}")
    match = "kind: all\nof:\n" + "\n".join(anchors)
    pack = rule_pack(tmp_path, match)
    error = finishes(lambda: load_error(pack), seconds=60)
    assert "aliases" in error.message


def test_billion_laughs_in_front_matter_and_config(tmp_path):
    from linter.drafts import parse_draft

    header = "\n".join(_laughs()) + "\n"
    with pytest.raises(IntrolintError, match="aliases"):
        parse_draft(f"---\n{header}---\nHi Sarah\n", "x.txt")
    with pytest.raises(YamlError, match="aliases"):
        load_yaml_text(header, "config.yaml")


def test_modest_alias_use_still_works(tmp_path):
    match = """\
        kind: token
        patterns:
          - [&quick {LOWER: quick}, {LOWER: call}]
          - [*quick, {LOWER: chat}]
          - [*quick, {LOWER: question}]
    """
    pack = rule_pack(tmp_path, match)
    report = Linter(load_ruleset([pack], builtin=False)).check("Hi, could we have a quick chat?")
    assert [f.match for f in report.findings] == ["quick chat"]


def test_recursive_alias_is_an_error_not_a_crash():
    with pytest.raises(YamlError):
        load_yaml_text("a: &a [*a]\n", "x.yaml")
    with pytest.raises(YamlError):
        load_yaml_text("a: &a {b: *a}\n", "x.yaml")


# -- links out of the pack and files that are not rule files ---------------------------------------------

def test_symlink_to_a_rule_outside_the_pack_is_refused(tmp_path):
    outside = rule_pack(tmp_path, "kind: regex\npattern: 'a'", name="elsewhere")
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "TR01-team-rule.yaml").symlink_to(outside / "TR01-team-rule.yaml")
    error = load_error(pack)
    assert error.path == str(pack / "TR01-team-rule.yaml") and "outside the pack" in error.message


def test_symlinked_folder_outside_the_pack_is_refused(tmp_path):
    outside = rule_pack(tmp_path, "kind: regex\npattern: 'a'", name="elsewhere")
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "sub").symlink_to(outside, target_is_directory=True)
    try:
        ruleset = load_ruleset([pack], builtin=False)
    except IntrolintError as exc:  # refused outright ...
        assert "outside the pack" in exc.message
    else:  # ... or the linked folder is not followed
        assert ruleset.rules == ()


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_link_to_a_device_is_refused_and_devices_are_read_with_a_bound(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "zero.yaml").symlink_to("/dev/zero")
    with pytest.raises(IntrolintError, match="outside the pack"):
        load_ruleset([pack], builtin=False)
    # A device reports size 0 but never ends: the reader must stop at the limit.
    with pytest.raises(YamlError, match="limit"):
        finishes(lambda: load_yaml_file(Path("/dev/zero"), max_bytes=100_000), seconds=60)
    result = CliRunner().invoke(main, ["check", "-", "--config", "/dev/zero"], input="Hi Sarah")
    assert result.exit_code == 2 and "Traceback" not in result.output


@pytest.mark.parametrize("content, words", [
    (b"", "empty"),
    (b"id: TR01\x00\n", "NUL"),
    (b"id: \xff\xfe TR01\n", "UTF-8"),
    (b"- just\n- a list\n", "mapping"),
    (b"id: TR01\nid: TR02\n", "duplicate key"),
    (b"id: [unclosed\n", "invalid YAML"),
    (b"\t- tab: indent\n", "invalid YAML"),
    (b"x" * 1_000_001, "limit"),
])
def test_malformed_rule_files_give_clear_errors(tmp_path, content, words):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "TR01-team-rule.yaml").write_bytes(content)
    error = load_error(pack)
    assert error.path == str(pack / "TR01-team-rule.yaml")
    assert words.lower() in error.message.lower()


def test_yaml_booleans_in_phrases_are_caught(tmp_path):
    pack = rule_pack(tmp_path, "kind: phrase\nphrases: [no, 'fine']")
    path = pack / "TR01-team-rule.yaml"
    error = load_error(pack)
    assert "quote it" in error.message and error.line == line_of(path, "phrases:")


# -- random mutations of a valid rule ------------------------------------------------------------------------

BASE_RULE = yaml.safe_load(RULE.format(match=indent("""\
    kind: any
    of:
      - {kind: phrase, phrases: ["quick call", "pick your brain"]}
      - {kind: regex, pattern: '\\b(?:book|schedule) a demo\\b', ignorecase: true}
      - {kind: token, patterns: [[{LOWER: refer}, {LOWER: me}]]}
      - {kind: metric, metric: word_count, min: 1, max: 200}
      - {kind: none, scope: sentence, of: [{kind: regex, pattern: 'thanks'}]}
""")))

KEYS = ["id", "name", "group", "severity", "weight", "max_hits", "channels", "message", "suggestion", "match",
        "unless", "docs", "examples", "status", "replaced_by", "in_templates", "requires", "override", "kind",
        "of", "phrases", "pattern", "patterns", "metric", "min", "max", "scope", "attr", "LOWER", "IN", "OP",
        "labels", "signal", "fail", "pass", "text", "to", "channel", "template", "cluster_size", "ignorecase"]
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30), st.sampled_from(["any", "email", "sentence", "draft", "warning", "error", "LOWER", "LEMMA",
                                            "phrase", "regex", "token", "all", "none", "metric", "signal", "word_count",
                                            "(a+)+$", "(?=x)", "\\C", "{match}", "$linkedin_note_limit", "$nope", "", " ",
                                            "x" * 3000, "quick call", "shared-context"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=5)),
    max_leaves=12)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, prefix + (index,))


ALL_PATHS = sorted((p for p in _paths(BASE_RULE) if p), key=len, reverse=True)  # deep first: where bugs hide


PLAUSIBLE_TEXT = st.one_of(
    st.text(max_size=20), st.text(alphabet="abc (|)+*?.\\[]{}^$-", max_size=12),
    st.sampled_from(["quick call", "(?i)demo", "\\bcall\\b", "é", "👋", "\u200b", " ", "call me", "{match}", "x" * 2001]))


def _similar(value):
    """A value of the same shape as `value`: most mutations should be near misses, not garbage."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, (int, float)):
        return st.one_of(st.integers(-5, 300), st.floats(-1e6, 1e6), st.sampled_from([0, 1, 100, 101, 10**9]))
    if isinstance(value, str):
        return PLAUSIBLE_TEXT
    if isinstance(value, list):
        item = _similar(value[0]) if value else PLAUSIBLE_TEXT
        return st.lists(item, max_size=6)
    return VALUES


@st.composite
def mutated_rules(draw):
    import copy

    rule = copy.deepcopy(BASE_RULE)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent = rule
        try:
            for step in path[:-1]:
                parent = parent[step]
            action = draw(st.sampled_from(["similar", "similar", "similar", "replace", "delete", "add"]))
            if action == "similar":
                parent[path[-1]] = draw(_similar(parent[path[-1]]))
            elif action == "replace":
                parent[path[-1]] = draw(VALUES)
            elif action == "delete":
                del parent[path[-1]]
            elif isinstance(parent, dict):
                parent[draw(st.sampled_from(KEYS))] = draw(VALUES)
            elif isinstance(parent, list):
                parent.append(draw(VALUES))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this path
    return rule


@PROFILE
@given(rule=mutated_rules())
def test_any_mutated_rule_loads_or_gives_a_rule_error(linter, rule):
    try:
        text = yaml.safe_dump(rule, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return
    try:
        data = load_yaml_text(text, "team/TR01.yaml")
        parsed = parse_rule(data, "team/TR01.yaml", "team")
        ruleset = resolve_signals(RuleSet((parsed,), dict(linter.ruleset.signals)))
        checker = Linter(ruleset, model=None)
    except IntrolintError as exc:
        assert exc.path == "team/TR01.yaml" and exc.message
        assert exc.line is None or exc.line >= 0  # 0: no line known
        return
    for draft in ("Hi Sarah, could we hop on a quick call? Thanks!", "book a demo " * 50, "x"):
        report = checker.check(draft)
        assert report.error is None and 0 <= report.score <= 100
        for f in report.findings:
            assert draft[f.start:f.end] == f.match


YAMLISH = st.lists(st.sampled_from([
    "id: TR01\n", "match:\n", "  kind: regex\n", "  pattern: 'a'\n", "- ", "[", "]", "{", "}", ": ", ", ", "&a ", "*a ",
    "*b ", "&b ", "!!str ", "!!python/name:os.system ", "!!binary ", "!!set ", "!!omap ", "? ", "|\n", ">-\n", "'", '"',
    "\\x00", "\t", "\n", "  ", "---\n", "...\n", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "<<: *a\n", "~", "null", "yes",
    "1e999", ".nan", "0x1F", "2001-12-14", "é", "\ufeff", "\u2028", "# c\n", "x" * 50,
]), max_size=40).map("".join)


@PROFILE
@given(text=YAMLISH | st.text(max_size=200))
def test_any_yaml_text_parses_or_gives_a_yaml_error(text):
    try:
        data = load_yaml_text(text, "x.yaml")
    except YamlError as exc:
        assert exc.path == "x.yaml"
        return
    try:
        parse_rule(data, "x.yaml")
    except RuleError as exc:
        assert exc.path == "x.yaml"
    assert len(repr(data)) < 100 * len(text) + 100  # no alias expanded into something huge


def test_non_mapping_examples_error_names_its_line(tmp_path):
    pack = rule_pack(tmp_path, "kind: regex\npattern: 'a'")
    path = pack / "TR01-team-rule.yaml"
    path.write_text(path.read_text().replace('examples:\n  fail: ["aaaa"]\n  pass: ["bbbb"]\n', "examples: null\n"))
    error = load_error(pack)
    assert "'examples' must be a mapping" in error.message
    assert error.line == line_of(path, "examples:")


# -- token patterns: spaCy operators -----------------------------------------------------------------------

def test_token_repeat_operator_with_min_above_max_is_a_rule_error(tmp_path):
    pack = rule_pack(tmp_path, "kind: token\npatterns:\n  - [{LOWER: very, OP: '{5,3}'}, {LOWER: good}]")
    try:
        Linter(rule_dirs=[pack], builtin=False)
    except IntrolintError as exc:
        assert exc.path.endswith("TR01-team-rule.yaml")
    else:
        pytest.fail("the rule loaded")


def test_token_repeat_operator_is_bounded(tmp_path):
    # 200,000 copies load in well under a second and a few MB, so this test is safe to run as is.
    pack = rule_pack(tmp_path, "kind: token\npatterns:\n  - [{LOWER: very, OP: '{200000}'}, {LOWER: good}]")
    with pytest.raises(IntrolintError) as info:
        Linter(rule_dirs=[pack], builtin=False)
    assert info.value.path.endswith("TR01-team-rule.yaml")
