"""`introlint rules` commands: list, show, test (examples, case files, coverage), try, new, schema, docs."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml
from click.testing import CliRunner

from linter.cli import main
from packs import rule_yaml, signal_yaml, write_pack

ROOT = Path(__file__).resolve().parent.parent
TEAM_PACK = ROOT / "examples" / "team-pack"
BUILTIN_SIGNALS = ROOT / "rules" / "signals"


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_list_filters_by_pack_and_group():
    result = run("rules", "list", "--rules", str(TEAM_PACK), "--pack", "recruiting")
    ids = [line.split()[0] for line in result.output.splitlines()[1:]]
    assert result.exit_code == 0 and ids == ["RC01", "RC02", "RC03"]
    result = run("rules", "list", "--group", "mail-merge")
    assert all(" mail-merge " in line for line in result.output.splitlines()[1:])
    assert "MM01" in result.output


def test_show_prints_the_whole_rule():
    result = run("rules", "show", "FA01")
    assert result.exit_code == 0
    for part in ("What it flags:", "Matches:", "Unless:", "Examples that must fail:", "Defined in"):
        assert part in result.output
    assert run("rules", "show", "FA1").exit_code == 2


def test_team_pack_tests_pass_including_case_file():
    result = run("rules", "test", str(TEAM_PACK))
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output


def test_broken_rule_fails_rules_test_with_readable_message(tmp_path):
    pack = write_pack(tmp_path / "p", {"RC01.yaml": rule_yaml(
        "RC01", '{kind: phrase, phrases: ["salary"]}', group="recruiting",
        fail='["We pay well."]', pass_='["No money talk here."]')})
    result = run("rules", "test", "--only-rules", str(pack))
    assert result.exit_code == 1
    assert "RC01 fail example FAILED: did not fire" in result.output
    assert "We pay well." in result.output


def test_failing_case_file_shows_a_diff(tmp_path):
    pack = write_pack(tmp_path / "p", {
        "RC01.yaml": rule_yaml("RC01", '{kind: phrase, phrases: ["salary"]}', group="recruiting",
                               fail='["The salary is fine."]', pass_='["Hello."]'),
        "cases.test.yaml": "cases:\n  - name: expects a rule that will not fire\n    text: Hello there.\n"
                           "    expect: {rules: [RC01], score: {max: 50}}\n",
    })
    result = run("rules", "test", "--only-rules", str(pack))
    assert result.exit_code == 1
    assert "expected RC01 to fire; fired: nothing" in result.output
    assert "expected score 0..50; got 100" in result.output


def test_case_file_with_unknown_key_is_an_error(tmp_path):
    pack = write_pack(tmp_path / "p", {
        "RC01.yaml": rule_yaml("RC01", '{kind: phrase, phrases: ["salary"]}', group="recruiting",
                               fail='["salary"]'),
        "cases.test.yaml": "cases:\n  - text: Hello.\n    expcet: {rules: [RC01]}\n",
    })
    result = run("rules", "test", "--only-rules", str(pack))
    assert result.exit_code == 2 and "did you mean 'expect'" in result.output


def test_coverage_fails_when_no_fail_example_fires(tmp_path):
    pack = write_pack(tmp_path / "p", {"RC01.yaml": rule_yaml(
        "RC01", '{kind: phrase, phrases: ["salary"]}', group="recruiting",
        fail='["salary talk", "no money words"]', pass_='["Hello."]')})
    ok = run("rules", "test", "--only-rules", str(pack), "--coverage")
    # one fail example does not fire: the example test itself fails
    assert ok.exit_code == 1
    pack2 = write_pack(tmp_path / "q", {"RC02.yaml": rule_yaml(
        "RC02", '{kind: phrase, phrases: ["salary"]}', group="recruiting", fail='["salary talk"]', pass_='["Hello."]')})
    assert run("rules", "test", "--only-rules", str(pack2), "--coverage").exit_code == 0


def test_try_runs_a_signal_file_and_an_edited_copy_replaces_the_builtin(tmp_path):
    result = run("rules", "try", str(BUILTIN_SIGNALS / "shared-context.yaml"),
                 "Hi Maya, we met at the PyData Berlin meetup. Someone as busy as you gets many notes.")
    assert result.exit_code == 0, result.output
    assert "signal shared-context: holds in" in result.output and "earns 10 points" in result.output
    assert "'we met at'" in result.output and "as busy as you" not in result.output.split("sentences:")[0]
    # an edited copy under the same name is tried instead of the built-in signal
    copy = tmp_path / "shared-context.yaml"
    copy.write_text(signal_yaml("shared-context", "{kind: phrase, phrases: [as busy as you]}"), encoding="utf-8")
    result = run("rules", "try", str(copy), "We met at PyCon. Someone as busy as you gets many notes.")
    assert result.exit_code == 0, result.output
    assert "holds in 1 place(s)" in result.output and "'as busy as you'" in result.output
    # a broken signal file is an error naming the file and line
    broken = tmp_path / "broken.yaml"
    broken.write_text(signal_yaml("broken", "{kind: phrase, phrase: [oops]}"), encoding="utf-8")
    result = run("rules", "try", str(broken), "text")
    assert result.exit_code == 2 and str(broken) in result.output


def test_try_shows_matches_and_suppressions(tmp_path):
    rule = tmp_path / "RC01.yaml"
    rule.write_text(rule_yaml("RC01", '{kind: phrase, phrases: ["coffee"]}', group="recruiting",
                              extra='unless: {kind: signal, signal: shared-context}', fail='["coffee?"]'),
                    encoding="utf-8")
    result = run("rules", "try", str(rule), "Could we get coffee? Coffee is on me.")
    assert result.exit_code == 0
    assert "match 13-19" in result.output and "'coffee'" in result.output
    result = run("rules", "try", str(rule), "We met at PyCon. Could we get coffee?")
    assert "suppressed" in result.output and "unless" in result.output
    result = run("rules", "try", str(rule), input="coffee from stdin")
    assert "1 finding(s)" in result.output


def test_new_writes_a_skeleton_that_passes_and_never_overwrites(tmp_path):
    result = run("rules", "new", "--group", "recruiting", "--name", "salary-in-first-note", "--dir", str(tmp_path))
    assert result.exit_code == 0
    path = Path(result.output.strip())
    assert path.name.endswith("-salary-in-first-note.yaml") and path.parent.name == "recruiting"
    assert run("rules", "test", "--only-rules", str(tmp_path)).exit_code == 0
    second = run("rules", "new", "--group", "recruiting", "--name", "another", "--dir", str(tmp_path))
    first_id, second_id = path.name[:4], Path(second.output.strip()).name[:4]
    assert first_id != second_id
    before = path.read_text(encoding="utf-8")
    clash = run("rules", "new", "--group", "recruiting", "--name", "salary-in-first-note", "--dir", str(tmp_path),
                "--id", first_id)
    assert clash.exit_code == 2 and "exists" in clash.output
    assert path.read_text(encoding="utf-8") == before


def test_new_in_builtin_group_takes_next_free_id(tmp_path):
    (tmp_path / "favor-asking").mkdir()
    (tmp_path / "favor-asking" / "FA01-x.yaml").write_text("", encoding="utf-8")
    result = run("rules", "new", "--group", "favor-asking", "--name", "ask-for-likes", "--dir", str(tmp_path))
    assert Path(result.output.strip()).name == "FA02-ask-for-likes.yaml"


def test_schema_is_valid_json_schema_and_accepts_builtin_rules():
    result = run("rules", "schema")
    schema = json.loads(result.output)
    jsonschema.Draft202012Validator.check_schema(schema)
    rule = yaml.safe_load((ROOT / "rules" / "favor-asking" / "FA01-favor-before-context.yaml").read_text())
    assert jsonschema.Draft202012Validator(schema).is_valid(rule)
    rule["weigth"] = 3
    assert not jsonschema.Draft202012Validator(schema).is_valid(rule)


def test_docs_writes_reference_atomically(tmp_path):
    out = tmp_path / "rules.md"
    assert run("rules", "docs", "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "### FA01 favor-before-context" in text and "**Why it matters.**" in text
    again = run("rules", "docs", "-o", str(out))
    assert again.exit_code == 2 and "--force" in again.output
    assert run("rules", "docs", "-o", str(out), "--force").exit_code == 0
