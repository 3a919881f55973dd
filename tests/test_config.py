"""Config discovery (.introlint.yaml, pyproject.toml), validation with file:line, precedence, `introlint config`."""

from __future__ import annotations


import pytest
from click.testing import CliRunner

from linter.cli import main
from linter.config import discover, load_config
from linter.errors import ConfigError

GOOD = "Hi Priya, I was at your PyData Boston talk on feature stores. Your point about joins fixed a bug on my team.\n"
CALL = "Hi Sam, are you free Thursday for a quick call?\n"


@pytest.fixture
def in_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_discovers_nearest_config_upward(in_dir):
    (in_dir / ".introlint.yaml").write_text("min_score: 80\n")
    sub = in_dir / "a" / "b"
    sub.mkdir(parents=True)
    assert discover(sub) == in_dir / ".introlint.yaml"
    assert load_config(start=sub).min_score == 80


def test_pyproject_table_is_found_and_read(in_dir):
    (in_dir / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.introlint]\nmin_score = 75\nchannel = "email"\n')
    config = load_config(start=in_dir)
    assert config.min_score == 75 and config.channel == "email"
    assert config.sources["min_score"].endswith("pyproject.toml")


def test_pyproject_without_table_is_skipped(in_dir):
    (in_dir / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert discover(in_dir) is None or discover(in_dir).name != "pyproject.toml" or False


def test_unknown_key_names_file_and_line(in_dir):
    (in_dir / ".introlint.yaml").write_text("min_score: 70\nfail_onn: warning\n")
    with pytest.raises(ConfigError) as info:
        load_config(start=in_dir)
    assert info.value.line == 2 and "did you mean 'fail_on'" in str(info.value)


def test_unknown_key_in_pyproject_names_line(in_dir):
    (in_dir / "pyproject.toml").write_text('[tool.introlint]\nmin_score = 70\nchanel = "dm"\n')
    with pytest.raises(ConfigError) as info:
        load_config(start=in_dir)
    assert info.value.line == 3 and "channel" in str(info.value)


@pytest.mark.parametrize("text, fragment", [
    ("min_score: 101\n", "from 0 to 100"),
    ("channel: fax\n", "channel must be one of"),
    ("rules: {FA02: loud}\n", "expected off, on, a severity"),
    ("rules: {FA02: {weigth: 3}}\n", "did you mean 'weight'"),
    ("settings: {linkedin_note_limt: 200}\n", "did you mean 'linkedin_note_limit'"),
    ("packs: ./rules\n", "must be a list"),
    ("min_score: [\n", "invalid YAML"),
])
def test_bad_values_are_errors(in_dir, text, fragment):
    (in_dir / ".introlint.yaml").write_text(text)
    result = run("check", "--no-color", "-")
    assert result.exit_code == 2 and fragment in result.output


def test_config_sets_defaults_and_cli_wins(in_dir):
    (in_dir / ".introlint.yaml").write_text("min_score: 100\n")
    (in_dir / "d.txt").write_text("Hi Sam, I read your post on Kafka retries. Could you look at my resume?\n")
    result = run("check", "--format", "json", "d.txt")
    import json
    report = json.loads(result.output)["reports"][0]
    assert report["findings"] and report["score"] < 100 and result.exit_code == 1
    assert run("check", "--min-score", "10", "d.txt").exit_code == 0


def test_rule_off_and_severity_override(in_dir):
    (in_dir / "call.txt").write_text(CALL)
    (in_dir / ".introlint.yaml").write_text("rules: {FA02: {severity: error}}\n")
    result = run("check", "--format", "json", "call.txt")
    assert '"severity": "error"' in result.output and result.exit_code == 1
    (in_dir / ".introlint.yaml").write_text("rules: {FA02: off}\n")
    assert '"FA02"' not in run("check", "--format", "json", "call.txt").output


def test_unknown_rule_in_overrides_is_an_error(in_dir):
    (in_dir / ".introlint.yaml").write_text("rules: {FA99: off}\n")
    (in_dir / "d.txt").write_text(GOOD)
    result = run("check", "d.txt")
    assert result.exit_code == 2 and "no rule 'FA99'" in result.output


def test_settings_change_channel_limits(in_dir):
    note = "Hi Priya, I was at your PyData Boston talk on feature stores last week and your point about point-in-time joins caught a backfill bug on my team this sprint. Thanks!\n"
    (in_dir / "n.txt").write_text(note)
    assert "LF01" not in run("check", "--channel", "linkedin-note", "--format", "json", "n.txt").output
    (in_dir / ".introlint.yaml").write_text("settings: {linkedin_note_limit: 100}\n")
    assert "LF01" in run("check", "--channel", "linkedin-note", "--format", "json", "n.txt").output


def test_vocabulary_drops_matching_findings(in_dir):
    (in_dir / "d.txt").write_text("Hi Sam, I read your post on synergies in Kafka teams. Thanks for writing it.\n")
    before = run("check", "--format", "json", "d.txt").output
    (in_dir / ".introlint.yaml").write_text("vocabulary: [synergies]\n")
    after = run("check", "--format", "json", "d.txt").output
    assert ("'synergies'" in before) or ('"match": "synergies"' in before) or before == after
    assert '"match": "synergies"' not in after


def test_config_command_shows_sources(in_dir):
    (in_dir / ".introlint.yaml").write_text("min_score: 70\n")
    result = run("config")
    assert result.exit_code == 0
    line = next(l for l in result.output.splitlines() if l.startswith("min_score"))
    assert "70" in line and ".introlint.yaml" in line
    fail_line = next(l for l in result.output.splitlines() if l.startswith("fail_on"))
    assert "(default)" in fail_line


def test_no_config_ignores_files(in_dir):
    (in_dir / ".introlint.yaml").write_text("min_score: 101\n")
    (in_dir / "d.txt").write_text(GOOD)
    assert run("check", "d.txt").exit_code == 2
    assert run("check", "--no-config", "d.txt").exit_code == 0


def test_rules_list_shows_overrides_from_the_config(in_dir):
    (in_dir / ".introlint.yaml").write_text("rules: {FA02: off, GN01: {severity: error, weight: 2.5}}\n")
    rows = {line.split()[0]: line.split() for line in run("rules", "list").output.splitlines()[1:]}
    assert rows["FA02"][-1] == "off" and rows["FA01"][-1] == "active"
    assert rows["GN01"][3:5] == ["error", "2.5"]
    (in_dir / ".introlint.yaml").write_text("rules: {FA99: off}\n")
    result = run("rules", "list")
    assert result.exit_code == 2 and "no rule 'FA99'" in result.output
