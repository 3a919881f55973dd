"""The `introlint` command: exit codes, input forms, output formats, rule selection and the rules commands."""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter import load_ruleset
from linter.cli import main
from packs import rule_yaml, signal_yaml, write_pack

ANSI = re.compile(r"\x1b\[[0-9;]*m")

QUICK_WEIGHT = 30
PACK_FILES = {
    "asking/XQ01.yaml": rule_yaml("XQ01", '{kind: phrase, phrases: ["quick call"]}', name="quick-call", group="asking",
                                  weight=QUICK_WEIGHT, message="Asks for a '{match}'.",
                                  fail='["Are you free for a quick call?"]', pass_='["I read your post."]'),
    "merge/XE01.yaml": rule_yaml("XE01", r"{kind: regex, pattern: '\{\w+\}'}", name="placeholder", group="merge",
                                 severity="error", weight=10, extra="in_templates: false",
                                 fail='["Hi {first_name}, hello."]',
                                 pass_='["Hi Sam, hello.", {text: "Hi {first_name}.", template: true}]'),
    "merge/XE02.yaml": rule_yaml("XE02", "{kind: recipient, test: greeting-name-differs}", name="wrong-name",
                                 group="merge", severity="error", weight=40,
                                 message="Greets {greeting_name}, but the draft is for {to}.",
                                 fail='[{text: "Hi Jessica, hello.", to: "Sarah Chen"}]',
                                 pass_='[{text: "Hi Sarah, hello.", to: "Sarah Chen"}]'),
    "wording/XW01.yaml": rule_yaml("XW01", "{kind: phrase, phrases: [just]}", name="just", group="wording",
                                   severity="info", weight=5, fail='["I just wanted to say hi."]',
                                   pass_='["I wanted to say hi."]'),
    "wording/XW02.yaml": rule_yaml("XW02", "{kind: phrase, phrases: [connect]}", name="connect-in-note",
                                   group="wording", severity="info", weight=5, extra="channels: [linkedin-note]",
                                   fail='[{text: "Let us connect.", channel: linkedin-note}]',
                                   pass_='[{text: "Let us connect.", channel: email}]'),
    "signals/met.yaml": signal_yaml("met-before", '{kind: phrase, phrases: ["we met"]}',
                                    present='["We met at PyCon."]', absent='["Hello."]'),
}
PACK_IDS = {"XQ01", "XE01", "XE02", "XW01", "XW02"}

GOOD = "I read your post on Postgres upgrades. It fixed our migration.\n"
QUICK = "I read your post on caching. Are you free for a quick call?\n"
PLACEHOLDER = "Hi {first_name}, I read your post on caching.\n"


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    return write_pack(tmp_path_factory.mktemp("cli") / "pack", PACK_FILES)


@pytest.fixture(autouse=True)
def _no_config(tmp_path, monkeypatch):
    """Run from an empty folder, so no .introlint.yaml or pyproject.toml is picked up."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)


def draft(tmp_path: Path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return str(path)


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def check(pack, *args, input=None):
    return run("check", "--only-rules", pack, *args, input=input)


def json_reports(result) -> list[dict]:
    return json.loads(result.stdout)["reports"]


# -- exit codes --------------------------------------------------------------------------------

def test_good_draft_exits_0(tmp_path, pack):
    result = check(pack, draft(tmp_path, "good.txt", GOOD))
    assert result.exit_code == 0, result.output
    assert "100/100 ready [pass]" in result.stdout


def test_draft_with_an_error_level_finding_exits_1(tmp_path, pack):
    result = check(pack, draft(tmp_path, "bad.txt", PLACEHOLDER))
    assert result.exit_code == 1, result.output
    assert "XE01" in result.stdout and "[fail]" in result.stdout


def test_min_score(tmp_path, pack):
    path = draft(tmp_path, "quick.txt", QUICK)
    expected = 100 - QUICK_WEIGHT
    assert check(pack, path, "--min-score", expected).exit_code == 0
    assert check(pack, path, "--min-score", expected + 1).exit_code == 1


def test_fail_on(tmp_path, pack):
    quick = draft(tmp_path, "quick.txt", QUICK)
    placeholder = draft(tmp_path, "bad.txt", PLACEHOLDER)
    assert check(pack, quick).exit_code == 0  # a warning does not fail by default
    assert check(pack, quick, "--fail-on", "warning").exit_code == 1
    assert check(pack, quick, "--fail-on", "info").exit_code == 1
    assert check(pack, placeholder, "--fail-on", "never").exit_code == 0  # 90 points, nothing blocks
    just = draft(tmp_path, "just.txt", "I just read your post.\n")
    assert check(pack, just, "--fail-on", "warning").exit_code == 0
    assert check(pack, just, "--fail-on", "info").exit_code == 1


@pytest.mark.parametrize("args, message", [
    (["check", "{tmp}/missing.txt"], "no such file"),
    (["check", "--rules", "{tmp}/no-such-pack", "{tmp}/good.txt"], "no rule folder"),
    (["check", "--rules", "{tmp}/broken-pack", "{tmp}/good.txt"], "unknown key 'wieght'"),
    (["check", "{tmp}/empty.txt"], "empty draft"),
    (["check", "{tmp}/blank.txt"], "empty draft"),
    (["check", "{tmp}/binary.txt"], "binary"),
    (["check", "{tmp}/good.txt", "--select", "XZ99"], "no rule or group 'XZ99'"),
    (["check", "{tmp}/good.txt", "--format", "yaml"], "yaml"),
    (["check", "{tmp}/good.txt", "--min-score", "101"], "101"),
], ids=["missing-path", "missing-rule-folder", "bad-rule-file", "empty", "whitespace", "binary", "unknown-select",
        "unknown-format", "min-score-range"])
def test_usage_rule_and_input_errors_exit_2(tmp_path, args, message):
    draft(tmp_path, "good.txt", GOOD)
    draft(tmp_path, "empty.txt", b"")
    draft(tmp_path, "blank.txt", b" \n\n\t\n")
    draft(tmp_path, "binary.txt", b"\x00\x01\x02\x03PK\x03\x04binary")
    write_pack(tmp_path / "broken-pack", {"r.yaml": rule_yaml("XZ01", "{kind: phrase, phrases: [x]}")
                                          .replace("weight:", "wieght:")})
    result = run(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert ANSI.search(result.stderr) is None


def test_error_names_the_rule_file_and_line(tmp_path):
    text = rule_yaml("XZ01", "{kind: phrase, phrases: [x]}").replace("weight:", "wieght:")
    write_pack(tmp_path / "broken-pack", {"r.yaml": text})
    result = run("check", "--rules", tmp_path / "broken-pack", draft(tmp_path, "good.txt", GOOD))
    line = text.split("\n").index(next(l for l in text.split("\n") if l.startswith("wieght"))) + 1
    assert f"{tmp_path / 'broken-pack' / 'r.yaml'}:{line}: unknown key 'wieght'" in result.stderr


# -- input forms -------------------------------------------------------------------------------

def test_stdin_with_dash(pack):
    result = check(pack, "-", "--format", "json", "--to", "Sarah Chen", input="Hi Jessica, a quick call?")
    assert result.exit_code == 1, result.output
    (report,) = json_reports(result)
    assert report["id"] == "<stdin>" and report["to"] == "Sarah Chen"
    assert {f["rule"] for f in report["findings"]} == {"XQ01", "XE02"}


def test_stdin_front_matter_and_empty_stdin(pack):
    result = check(pack, "-", "--format", "json", input="---\nto: Sarah Chen\nid: piped\n---\nHi Jessica, hello.\n")
    (report,) = json_reports(result)
    assert report["id"] == "piped" and [f["rule"] for f in report["findings"]] == ["XE02"]
    assert report["findings"][0]["line"] == 1 and report["body_line"] == 5
    empty = check(pack, "-", input="")
    assert empty.exit_code == 2 and "empty draft" in empty.stderr


def test_front_matter_is_honoured(tmp_path, pack):
    wrong = draft(tmp_path, "wrong.txt", "---\nto: Sarah Chen\nid: campaign-7\n---\nHi Jessica, hello.\n")
    (report,) = json_reports(check(pack, wrong, "--format", "json"))
    assert report["id"] == "campaign-7" and report["to"] == "Sarah Chen"
    assert [f["rule"] for f in report["findings"]] == ["XE02"]
    assert report["findings"][0]["message"] == "Greets Jessica, but the draft is for Sarah Chen."
    # --to fills in only for drafts whose front matter has none
    (report,) = json_reports(check(pack, wrong, "--format", "json", "--to", "Jessica Alba"))
    assert report["to"] == "Sarah Chen"

    ignored = draft(tmp_path, "ignored.txt", "---\nto: Sarah Chen\nignore: [XE02]\n---\nHi Jessica, hello.\n")
    result = check(pack, ignored, "--format", "json")
    assert result.exit_code == 0 and json_reports(result)[0]["findings"] == []

    note = draft(tmp_path, "note.txt", "---\nchannel: linkedin-note\n---\nLet us connect.\n")
    mail = draft(tmp_path, "mail.txt", "---\nchannel: email\n---\nLet us connect.\n")
    note_report, mail_report = json_reports(check(pack, note, mail, "--format", "json"))
    assert note_report["channel"] == "linkedin-note" and [f["rule"] for f in note_report["findings"]] == ["XW02"]
    assert mail_report["channel"] == "email" and mail_report["findings"] == []

    template = draft(tmp_path, "template.txt", "---\ntemplate: true\n---\n" + PLACEHOLDER)
    assert check(pack, template).exit_code == 0
    assert check(pack, draft(tmp_path, "plain.txt", PLACEHOLDER), "--template").exit_code == 0


def test_bad_front_matter_is_an_input_error(tmp_path, pack):
    path = draft(tmp_path, "d.txt", "---\nto: Sarah Chen\ncolour: blue\n---\nHello.\n")
    result = check(pack, path)
    assert result.exit_code == 2 and "line 3" in result.stderr and "unknown key 'colour'" in result.stderr


def test_batch_with_a_binary_file_reports_the_others_and_exits_2(tmp_path, pack):
    good = draft(tmp_path, "a-good.txt", GOOD)
    binary = draft(tmp_path, "b-binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    quick = draft(tmp_path, "c-quick.txt", QUICK)
    result = check(pack, good, binary, quick)
    assert result.exit_code == 2
    assert f"{good}: 100/100 ready [pass]" in result.stdout
    assert f"{quick}: {100 - QUICK_WEIGHT}/100" in result.stdout
    assert binary in result.stderr and "binary" in result.stderr
    as_json = check(pack, good, binary, quick, "--format", "json")
    assert as_json.exit_code == 2
    data = json.loads(as_json.stdout)
    assert [r["id"] for r in data["reports"]] == [good, binary, quick]
    assert data["reports"][1] == {"id": binary, "error": data["reports"][1]["error"], "score": None,
                                  "grade": None, "passed": False}
    assert data["summary"]["errors"] == 1 and data["summary"]["drafts"] == 3


def test_folder_of_drafts(tmp_path, pack):
    draft(tmp_path, "drafts/one.txt", GOOD)
    draft(tmp_path, "drafts/sub/two.md", QUICK)
    draft(tmp_path, "drafts/skip.yaml", "not: a draft")
    data = json.loads(check(pack, tmp_path / "drafts", "--format", "json").stdout)
    assert sorted(Path(r["id"]).name for r in data["reports"]) == ["one.txt", "two.md"]


# -- output formats ----------------------------------------------------------------------------

FINDING_KEYS = {"rule", "name", "group", "severity", "message", "suggestion", "match", "start", "end", "line",
                "column", "points"}
REPORT_KEYS = {"id", "score", "grade", "passed", "channel", "to", "findings", "strengths", "breakdown",
               "explanation", "body_line"}
SUMMARY_KEYS = {"drafts", "passed", "failed", "errors", "mean_score", "grades", "top_findings"}


def test_json_follows_the_readme_contract(tmp_path, pack):
    text = "---\nto: Sarah Chen\nchannel: linkedin-note\n---\nHi Jessica,\nare you free for a quick call?\n"
    quick = draft(tmp_path, "quick.txt", text)
    good = draft(tmp_path, "good.txt", GOOD)
    result = check(pack, quick, good, "--format", "json")
    data = json.loads(result.stdout)
    assert set(data) == {"schema_version", "reports", "summary"} and data["schema_version"] == 1
    first, second = data["reports"]
    assert REPORT_KEYS <= set(first) and set(first) <= REPORT_KEYS | {"notices", "row"}
    assert (first["id"], first["to"], first["channel"], first["body_line"]) == (quick, "Sarah Chen", "linkedin-note", 5)
    body = text.split("---\n", 2)[2]
    for f in first["findings"]:
        assert set(f) == FINDING_KEYS
        assert body[f["start"]:f["end"]] == f["match"]
        assert f["line"] == body.count("\n", 0, f["start"]) + 1
        assert f["column"] == f["start"] - (body.rfind("\n", 0, f["start"]) + 1) + 1
    by_rule = {f["rule"]: f for f in first["findings"]}
    assert set(by_rule) == {"XQ01", "XE02"}
    assert (by_rule["XQ01"]["match"], by_rule["XQ01"]["line"], by_rule["XQ01"]["points"]) == ("quick call", 2, -QUICK_WEIGHT)
    assert by_rule["XE02"]["severity"] == "error" and by_rule["XE02"]["group"] == "merge"
    assert first["score"] == 100 - QUICK_WEIGHT - 40 and first["grade"] == "rewrite" and first["passed"] is False
    assert first["breakdown"] == {"asking": -QUICK_WEIGHT, "merge": -40}
    assert first["explanation"][0].startswith(f"{first['score']}/100")
    assert (second["score"], second["grade"], second["passed"], second["findings"]) == (100, "ready", True, [])
    summary = data["summary"]
    assert set(summary) == SUMMARY_KEYS
    assert (summary["drafts"], summary["passed"], summary["failed"], summary["errors"]) == (2, 1, 1, 0)
    assert summary["mean_score"] == (first["score"] + second["score"]) / 2
    assert summary["grades"] == {"ready": 1, "needs-work": 0, "rewrite": 1}
    assert sorted(summary["top_findings"], key=lambda t: t["rule"]) == [{"rule": "XE02", "count": 1},
                                                                         {"rule": "XQ01", "count": 1}]


def test_jsonl_prints_one_report_per_line(tmp_path, pack):
    paths = [draft(tmp_path, f"d{i}.txt", text) for i, text in enumerate([GOOD, QUICK, PLACEHOLDER])]
    result = check(pack, *paths, "--format", "jsonl")
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    reports = [json.loads(line) for line in lines]
    assert [r["id"] for r in reports] == paths
    assert all(r["schema_version"] == 1 for r in reports)
    assert [r["passed"] for r in reports] == [True, True, False]
    assert result.exit_code == 1


def test_text_output_locates_findings_in_the_file(tmp_path, pack):
    text = "---\nto: Sarah Chen\n---\nThanks for the talk.\nAre you free for a quick call?\n"
    path = draft(tmp_path, "quick.txt", text)
    result = check(pack, path)
    out = result.stdout
    file_lines = text.split("\n")
    line_no = next(i for i, l in enumerate(file_lines, 1) if "quick call" in l)
    column = file_lines[line_no - 1].index("quick call") + 1
    assert f"{path}:{line_no}:{column}: warning XQ01 Asks for a 'quick call'." in out
    lines = out.split("\n")
    excerpt = next(i for i, l in enumerate(lines) if l.rstrip().endswith(file_lines[line_no - 1]) and "|" in l)
    assert lines[excerpt].lstrip().startswith(f"{line_no} |")
    marker = lines[excerpt + 1]
    source_start = lines[excerpt].index(file_lines[line_no - 1])
    assert marker.index("^") == source_start + column - 1
    assert marker.count("^") == len("quick call") and set(marker.strip()) <= {"|", " ", "^"}
    assert f"{path}: {100 - QUICK_WEIGHT}/100 needs-work [pass]" in out
    assert f"−{QUICK_WEIGHT} XQ01 (quick-call): Asks for a 'quick call'." in out


def test_no_colour_when_not_a_terminal_but_colour_when_asked(tmp_path, pack):
    path = draft(tmp_path, "bad.txt", PLACEHOLDER)
    plain = check(pack, path)
    assert ANSI.search(plain.output) is None
    coloured = check(pack, path, "--color")
    assert ANSI.search(coloured.stdout) is not None
    assert ANSI.sub("", coloured.stdout) == plain.stdout


def _run_in_terminal(args: list[str], env: dict[str, str], cwd: Path) -> str:
    """Run the CLI with stdout on a pseudo-terminal; return what it printed there."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-c", "import sys; from linter.cli import main; main(sys.argv[1:])", *args],
                            stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
    os.close(slave)
    chunks = []
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(master)
        proc.wait(timeout=60)
    return b"".join(chunks).decode("utf-8", "replace")


def test_no_colour_on_a_terminal_with_NO_COLOR(tmp_path, pack):
    path = draft(tmp_path, "bad.txt", PLACEHOLDER)
    args = ["check", "--only-rules", str(pack), path]
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    on_terminal = _run_in_terminal(args, env, tmp_path)
    assert "XE01" in on_terminal and ANSI.search(on_terminal) is not None
    no_color = _run_in_terminal(args, {**env, "NO_COLOR": "1"}, tmp_path)
    assert "XE01" in no_color and ANSI.search(no_color) is None


# -- choosing rules ----------------------------------------------------------------------------

def rules_fired(result) -> set[str]:
    return {f["rule"] for r in json_reports(result) for f in r["findings"]}


def test_select_and_ignore(tmp_path, pack):
    path = draft(tmp_path, "d.txt", "I just read your post. Are you free for a quick call?\n")
    assert rules_fired(check(pack, path, "--format", "json")) == {"XQ01", "XW01"}
    assert rules_fired(check(pack, path, "--format", "json", "--select", "XQ01")) == {"XQ01"}
    assert rules_fired(check(pack, path, "--format", "json", "--select", "just")) == {"XW01"}  # by name
    assert rules_fired(check(pack, path, "--format", "json", "--ignore", "XQ01")) == {"XW01"}
    assert rules_fired(check(pack, path, "--format", "json", "--ignore", "wording")) == {"XQ01"}  # by group
    assert rules_fired(check(pack, path, "--format", "json", "--select", "xq01,XW01")) == {"XQ01", "XW01"}
    assert rules_fired(check(pack, path, "--format", "json", "--select", "asking", "--ignore", "XQ01")) == set()
    typo = check(pack, path, "--select", "wordng")
    assert typo.exit_code == 2 and "did you mean 'wording'?" in typo.stderr


def rule_ids_listed(result) -> list[str]:
    return [line.split()[0] for line in result.stdout.splitlines()[1:] if line.strip()]


def test_only_rules_uses_the_pack_alone_and_rules_adds_to_the_builtins(pack):
    only = run("rules", "list", "--only-rules", pack)
    assert only.exit_code == 0
    assert set(rule_ids_listed(only)) == PACK_IDS
    added = run("rules", "list", "--rules", pack)
    builtin_ids = {r.id for r in load_ruleset().rules}
    assert set(rule_ids_listed(added)) == PACK_IDS | builtin_ids and builtin_ids


def test_only_rules_drops_builtin_findings(tmp_path, pack):
    # a built-in placeholder rule fires on this draft; with --only-rules only the pack's rules may fire
    path = draft(tmp_path, "d.txt", PLACEHOLDER)
    with_builtins = rules_fired(run("check", "--rules", pack, path, "--format", "json"))
    only_pack = rules_fired(check(pack, path, "--format", "json"))
    assert only_pack == {"XE01"}
    assert only_pack < with_builtins


def test_rules_list_shows_severity_and_weight(pack):
    result = run("rules", "list", "--only-rules", pack)
    header, *rows = result.stdout.splitlines()
    assert header.split()[:5] == ["id", "name", "group", "severity", "weight"]
    row = next(r.split() for r in rows if r.startswith("XQ01"))
    assert row[1:5] == ["quick-call", "asking", "warning", str(QUICK_WEIGHT)]
    assert sum(1 for r in rows if r.startswith("XE0")) == 2


def test_explain_prints_what_why_bad_good():
    rule = load_ruleset().get("FA01")
    result = run("explain", "FA01")
    assert result.exit_code == 0
    out = result.stdout
    headings = ["What it flags:", "Why it matters:", "Bad:", "Good:"]
    positions = [out.index(h) for h in headings]
    assert positions == sorted(positions)
    flat = " ".join(out.split())
    for text in (rule.docs.what, rule.docs.why, rule.docs.bad, rule.docs.good):
        assert " ".join(text.split()) in flat
    assert out.startswith(f"FA01 {rule.name}")


def test_explain_unknown_rule(pack):
    result = run("explain", "XQ00", "--only-rules", pack)
    assert result.exit_code == 2 and "no rule 'XQ00'" in result.stderr and "did you mean 'XQ01'?" in result.stderr


def test_rules_test_passes_for_a_sound_pack(pack):
    result = run("rules", "test", "--only-rules", pack)
    ruleset = load_ruleset([pack], builtin=False)
    examples = sum(len(r.fail_examples) + len(r.pass_examples) for r in ruleset.rules)
    examples += sum(len(s.present_examples) + len(s.absent_examples) for s in ruleset.signals.values())
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == f"{examples} passed, 0 failed"


def test_rules_test_fails_readably_when_a_fail_example_does_not_fire(tmp_path):
    text = rule_yaml("XB01", '{kind: phrase, phrases: ["quick call"]}',
                     fail='["Are you free for a quick call?", "Are you free for a short chat?"]',
                     pass_='["I read your post."]')
    folder = write_pack(tmp_path / "bad-pack", {"XB01.yaml": text})
    result = run("rules", "test", "--only-rules", folder)
    assert result.exit_code == 1
    line = text.split("\n").index(next(l for l in text.split("\n") if "short chat" in l)) + 1
    assert f"{folder / 'XB01.yaml'}:{line}: XB01 fail example FAILED: did not fire" in result.stdout
    assert "Are you free for a short chat?" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "2 passed, 1 failed"


def test_rules_test_fails_when_a_pass_example_fires(tmp_path):
    text = rule_yaml("XB02", '{kind: phrase, phrases: ["call"]}', fail='["Call me."]', pass_='["A quick call?"]')
    folder = write_pack(tmp_path / "bad-pack", {"XB02.yaml": text})
    result = run("rules", "test", "--only-rules", folder)
    assert result.exit_code == 1 and "XB02 pass example FAILED: fired on 'call'" in result.stdout


def test_output_survives_a_terminal_encoding_without_the_drafts_characters(tmp_path):
    # A Latin-1 console cannot show a curly apostrophe or an em dash: machine formats are still
    # written as UTF-8 (JSON must be), and text escapes what it cannot show instead of crashing.
    draft = tmp_path / "note.txt"
    draft.write_text("Hi Sam — could you refer me? I’d love a quick call.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    command = [sys.executable, "-c", "import sys; from linter.cli import run; sys.argv[0] = 'introlint'; run()"]
    for fmt in ("jsonl", "json"):
        proc = subprocess.run([*command, "check", str(draft), "--format", fmt, "--to", "Zoë Łukasz"],
                              capture_output=True, env=env)
        assert proc.returncode in (0, 1), proc.stderr.decode(errors="replace")
        data = json.loads(proc.stdout.decode("utf-8"))
        report = data if fmt == "jsonl" else data["reports"][0]
        assert report["to"] == "Zoë Łukasz" and report["findings"]
    proc = subprocess.run([*command, "check", str(draft)], capture_output=True, env=env)
    assert proc.returncode in (0, 1) and b"Traceback" not in proc.stderr, proc.stderr.decode(errors="replace")
    assert b"\\u2019" in proc.stdout or b"\\u2014" in proc.stdout  # escaped, not dropped
