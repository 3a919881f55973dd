"""The library API: linter.check, Linter.check_many, errors, and what importing the package costs."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import linter
from linter import Draft, InputError, IntrolintError, Linter, Report, load_ruleset
from packs import rule_yaml, write_pack

ROOT = Path(__file__).resolve().parent.parent

PACK = {
    "XQ01.yaml": rule_yaml("XQ01", '{kind: phrase, phrases: ["quick call"]}', group="asking", weight=30,
                           message="Asks for a '{match}'."),
    "XE01.yaml": rule_yaml("XE01", r"{kind: regex, pattern: '\{\w+\}'}", group="merge", severity="error", weight=10),
    "XE02.yaml": rule_yaml("XE02", "{kind: recipient, test: greeting-name-differs}", group="merge",
                           severity="error", weight=40, message="Greets {greeting_name}, not {to}."),
    "XW01.yaml": rule_yaml("XW01", '{kind: phrase, phrases: ["connect"]}', group="wording", weight=5,
                           extra="channels: [linkedin-note]"),
}


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    return write_pack(tmp_path_factory.mktemp("api") / "pack", PACK)


@pytest.fixture(scope="module")
def lint(pack):
    return Linter(load_ruleset([pack], builtin=False))


# -- linter.check ------------------------------------------------------------------------------

def test_check_returns_a_report(pack):
    report = linter.check("Hi Jessica, are you free for a quick call?", to="Sarah Chen", channel="email",
                          builtin=False, rule_dirs=[pack])
    assert isinstance(report, Report)
    assert [f.rule for f in report.findings] == ["XE02", "XQ01"]
    assert report.score == 100 - 40 - 30 and report.grade == "rewrite" and report.passed is False
    assert report.channel == "email" and report.to == "Sarah Chen"
    assert report.findings[0].message == "Greets Jessica, not Sarah Chen."
    assert report.explanation[0].startswith(f"{report.score}/100, rewrite: does not pass")
    data = report.to_dict()
    assert data["score"] == report.score and data["passed"] is False and data["to"] == "Sarah Chen"
    assert [f["rule"] for f in data["findings"]] == ["XE02", "XQ01"]
    assert data["findings"][1]["points"] == -30 and data["findings"][1]["match"] == "quick call"
    assert data["breakdown"] == {"merge": -40, "asking": -30}
    json.dumps(data)  # plain JSON types only


def test_check_honours_channel(pack):
    text = "Glad to connect."
    assert [f.rule for f in linter.check(text, channel="linkedin-note", builtin=False, rule_dirs=[pack]).findings] == ["XW01"]
    assert linter.check(text, channel="email", builtin=False, rule_dirs=[pack]).findings == ()


def test_check_with_the_builtin_rules_on_the_readme_example():
    report = linter.check("Hi Sarah, loved your PyCon talk on property testing.", to="Sarah Chen",
                          channel="linkedin-note")
    assert isinstance(report.score, int) and 0 <= report.score <= 100
    assert report.passed is True and report.grade == "ready"  # README: 100, 'ready', True
    assert report.explanation[0].startswith(f"{report.score}/100, ready: passes")


@pytest.mark.parametrize("text", ["", "   \n\t  ", "x" * 100_001], ids=["empty", "whitespace", "oversized"])
def test_check_raises_input_error(text, pack):
    with pytest.raises(InputError) as info:
        linter.check(text, builtin=False, rule_dirs=[pack])
    assert isinstance(info.value, IntrolintError)
    assert info.value.path is not None and info.value.message


def test_check_raises_input_error_for_an_unknown_channel(pack):
    with pytest.raises(InputError) as info:
        linter.check("Hello there.", channel="fax", builtin=False, rule_dirs=[pack])
    assert "fax" in info.value.message


def test_bad_rule_folder_raises_rule_error(tmp_path):
    write_pack(tmp_path / "bad", {"r.yaml": rule_yaml("XZ01", "{kind: phrse, phrases: [x]}")})
    with pytest.raises(linter.RuleError) as info:
        Linter(rule_dirs=[tmp_path / "bad"], builtin=False)
    assert info.value.path == str(tmp_path / "bad" / "r.yaml") and info.value.line == 8


def test_linter_policy_options(pack):
    ruleset = load_ruleset([pack], builtin=False)
    text = "Are you free for a quick call?"
    assert Linter(ruleset).check(text).passed is True
    assert Linter(ruleset, min_score=71).check(text).passed is False
    assert Linter(ruleset, fail_on="warning").check(text).passed is False
    with pytest.raises(linter.UsageError):
        Linter(ruleset, fail_on="sometimes")


# -- check_many --------------------------------------------------------------------------------

def test_check_many_accepts_a_generator_and_keeps_order(lint):
    texts = [f"Message {i}: are you free for a quick call?" if i % 3 == 0 else f"Message {i}: thanks." for i in range(10)]
    reports = list(lint.check_many(t for t in texts))
    assert len(reports) == len(texts)
    for text, report in zip(texts, reports):
        assert report.text == text
        assert [f.rule for f in report.findings] == (["XQ01"] if "quick call" in text else [])


def test_check_many_mixes_strings_and_drafts(lint):
    items = ["Are you free for a quick call?",
             Draft(text="Hi Jessica, hello.", id="wrong-name", to="Sarah Chen"),
             Draft(text="Glad to connect.", id="note", channel="linkedin-note"),
             "Thanks for the talk."]
    reports = list(lint.check_many(items))
    assert [r.id for r in reports] == ["-", "wrong-name", "note", "-"]
    assert [[f.rule for f in r.findings] for r in reports] == [["XQ01"], ["XE02"], ["XW01"], []]


def test_an_error_draft_does_not_stop_the_others(lint):
    items = ["A quick call?", Draft(text="   ", id="blank"), Draft(text="x", id="bad-channel", channel="fax"),
             Draft(text="", id="unreadable", error="looks like a binary file"), "Hi {first_name}."]
    reports = list(lint.check_many(items))
    assert [r.id for r in reports] == ["-", "blank", "bad-channel", "unreadable", "-"]
    assert [r.error is None for r in reports] == [True, False, False, False, True]
    assert reports[1].score is None and reports[1].passed is False and "empty" in reports[1].error
    assert reports[3].error == "looks like a binary file"
    assert reports[3].to_dict() == {"id": "unreadable", "error": "looks like a binary file", "score": None,
                                    "grade": None, "passed": False}
    assert [f.rule for f in reports[4].findings] == ["XE01"]


def test_check_many_streams_without_reading_everything_first(lint):
    consumed = []

    def endless():
        for i in itertools.count():
            consumed.append(i)
            yield f"Draft number {i}, a quick call?"

    reports = lint.check_many(endless(), batch_size=4)
    first = list(itertools.islice(reports, 6))
    assert [r.text for r in first] == [f"Draft number {i}, a quick call?" for i in range(6)]
    assert len(consumed) <= 8  # two batches of four, not the endless rest


def test_check_many_matches_check(lint):
    texts = ["Hi Jessica, a quick call?", "Thanks for the talk.", "Hi {name}, let us connect."]
    batched = list(lint.check_many(Draft(text=t, to="Sarah Chen") for t in texts))
    single = [lint.check(t, to="Sarah Chen") for t in texts]
    assert [r.to_dict() for r in batched] == [r.to_dict() for r in single]



def test_a_batch_scanned_together_finds_what_each_draft_finds_alone():
    # check_many lets the shared matchers scan a whole batch at once, pattern by pattern across
    # drafts; one check() scans a single draft. Every report must come out the same, on real
    # drafts of every kind, including non-ASCII ones (byte and character offsets differ there).
    rows = [json.loads(line) for path in sorted((ROOT / "tests" / "corpus").glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines()[:40]]
    drafts = [Draft(text=r["text"], to=r["to"], channel=r["channel"]) for r in rows]
    drafts.append(Draft(text="Héllo Zoë — I read your café post 😊. Could we chat? {first_name}", to="Zoë Brandt"))
    assert any(not d.text.isascii() for d in drafts)
    lint = Linter()  # the built-in rules
    batched = [r.to_dict() for r in lint.check_many(drafts, batch_size=64)]
    alone = [lint.check(d.text, to=d.to, channel=d.channel).to_dict() for d in drafts]
    assert batched == alone
    assert sum(len(r["findings"]) for r in alone) > len(drafts)  # the drafts do set rules off



@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(), reason="needs fork")
def test_parallel_workers_start_from_the_linter_they_are_given(monkeypatch):
    from linter.parallel import check_parallel

    lint = Linter()
    drafts = [Draft(text=t, id=str(i)) for i, t in enumerate(
        ["Hi Sam, could you refer me to any openings?", "Hello {first_name}! Let's connect.",
         "Hi Ana, I enjoyed your PyCon talk on typing; the slides helped my team."] * 30)]
    expected = [r.to_dict() for r in lint.check_many(drafts)]

    def no_second_linter(self, *args, **kwargs):
        raise AssertionError("a worker built its own Linter")

    monkeypatch.setattr(Linter, "__init__", no_second_linter)  # the forked workers inherit this too
    got = [r.to_dict() for r in check_parallel({}, drafts, 2, chunk_size=16, linter=lint)]
    assert got == expected



@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(), reason="needs fork")
def test_forked_workers_share_one_warm_up_done_before_they_start(tmp_path, monkeypatch):
    import os

    from linter.parallel import check_parallel

    lint = Linter()
    drafts = [Draft(text=t, id=str(i)) for i, t in enumerate(
        ["Hi Sam, could you refer me to any openings?", "Hi Ana, I enjoyed your PyCon talk on typing."] * 40)]
    expected = [r.to_dict() for r in lint.check_many(drafts)]
    log = tmp_path / "warm-ups"
    warm_up = Linter.warm_up

    def logged(self):
        with open(log, "a") as fh:
            fh.write(f"{os.getpid()}\n")
        return warm_up(self)

    monkeypatch.setattr(Linter, "warm_up", logged)
    got = [r.to_dict() for r in check_parallel({}, drafts, 2, chunk_size=16, linter=lint, warm=True)]
    assert got == expected
    assert log.read_text().split() == [str(os.getpid())]  # this process, once; no worker again


def test_a_worker_that_cannot_build_its_linter_raises_instead_of_hanging(tmp_path):
    from linter.errors import RuleError
    from linter.parallel import check_parallel

    pack = write_pack(tmp_path / "bad", {"XB01.yaml": "id: XB01\nname: [unclosed\n"})
    with pytest.raises(RuleError):
        list(check_parallel({"rule_dirs": [pack]}, [Draft(text="Hi Sam, a quick question.")], 2))



def test_checking_drafts_leaves_no_reference_cycles():
    # batch_gc() collects young objects rarely; that is safe because a draft's work is freed by
    # reference counting alone. A cycle here (say, a closure that passes itself on) would keep
    # every draft's Document alive until a collection.
    import gc

    lint = Linter()
    rows = [json.loads(line) for line in (ROOT / "tests" / "corpus" / "train.jsonl").read_text().splitlines()[:60]]
    drafts = [Draft(text=r["text"], to=r["to"], channel=r["channel"]) for r in rows]
    list(lint.check_many(drafts[:5]))
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        reports = list(lint.check_many(drafts))
        del reports
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()


def test_batch_gc_freezes_and_collects_young_objects_less_often(monkeypatch):
    import gc

    calls = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(gc, "get_threshold", lambda: (700, 10, 10))
    monkeypatch.setattr(gc, "set_threshold", lambda *t: calls.append(t))
    linter.batch_gc()
    assert calls == ["freeze", (100_000, 10, 10)]


# -- import cost -------------------------------------------------------------------------------

def _python(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
                                              "INTROLINT_CACHE_DIR": os.environ["INTROLINT_CACHE_DIR"]})


def test_import_linter_does_not_import_spacy():
    proc = _python("import sys, linter; linter.Linter; linter.check; "
                   "print(sorted(m for m in ('spacy', 'thinc', 'click', 'pyphen') if m in sys.modules))")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


CLI_WRAPPER = """
import sys
from linter.cli import main
try:
    main(sys.argv[1:], prog_name="introlint")
except SystemExit as exc:
    code = exc.code
sys.stderr.write("\\nEXIT=%s SPACY=%s\\n" % (code, "spacy" in sys.modules))
"""


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["check", "--help"], ["rules", "--help"]],
                         ids=["version", "help", "check-help", "rules-help"])
def test_version_and_help_do_not_import_spacy(args):
    proc = _python(CLI_WRAPPER, *args)
    assert "EXIT=0 SPACY=False" in proc.stderr, proc.stderr
    if args == ["--version"]:
        assert linter.__version__ in proc.stdout
    else:
        assert "Usage:" in proc.stdout


def test_the_version_comes_from_the_installed_metadata_without_importlib_metadata(tmp_path, monkeypatch):
    from importlib import metadata

    from linter.version import version

    assert version() == metadata.version("introlint") == linter.__version__
    proc = _python("import sys\nfrom linter.version import version\nprint(version(), 'importlib.metadata' in sys.modules)")
    assert proc.stdout.split() == [metadata.version("introlint"), "False"]
    fake = tmp_path / "introlint-9.9.9.dist-info"
    fake.mkdir()
    (fake / "METADATA").write_text("Metadata-Version: 2.1\nName: introlint\nVersion: 9.9.9\n\nVersion: body\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    assert version() == "9.9.9"  # the first on sys.path wins, as with importlib.metadata
    monkeypatch.setattr(sys, "path", [str(tmp_path / "nowhere")])
    assert version() == "0+unknown"  # not installed anywhere on the path


def test_the_control_case_does_import_spacy(tmp_path):
    # the wrapper above would notice spaCy: checking a draft does load it
    path = tmp_path / "d.txt"
    path.write_text("Thanks for the talk.\n")
    proc = _python(CLI_WRAPPER, "check", "--no-config", str(path))
    assert "SPACY=True" in proc.stderr, proc.stderr


def test_workers_that_build_their_own_linter_render_reports_as_this_process_does(tmp_path):
    # without a Linter to inherit (as under spawn), each worker loads the rules from the options
    # and makes its formatter from the Output it is sent
    from linter.formatters import Output, Rendered
    from linter.parallel import render_parallel

    pack = write_pack(tmp_path / "pack", {"XR01.yaml": rule_yaml("XR01", '{kind: phrase, phrases: ["quick call"]}')})
    options = {"rule_dirs": [pack], "builtin": False}
    drafts = [Draft(text=t, id=str(i)) for i, t in enumerate(["Are you free for a quick call?", "Thanks!", "  "] * 30)]
    output = Output("text", color=True, explain=True)
    local = Linter(**options)
    expected = [output.formatter(local).render(r) for r in local.check_many(drafts)]
    got = list(render_parallel(options, drafts, 2, output, chunk_size=16))
    assert all(isinstance(r, Rendered) for r in got)
    assert [r.data.decode("utf-8") for r in got] == expected
    assert [r.rule_ids for r in got][:3] == [("XR01",), (), ()] and got[2].error


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(), reason="needs fork")
def test_stopping_early_closes_the_pool_without_killing_workers(monkeypatch):
    # Pool.terminate() kills workers that may hold the lock on the results pipe, or while the
    # thread feeding them is blocked on a full pipe; either can hang it for good. A consumer that
    # stops early (a `break`, a closed pipe) must let the workers finish instead.
    import multiprocessing.pool

    from linter.parallel import check_parallel

    def no_terminate(self):
        raise AssertionError("the pool was terminated")

    monkeypatch.setattr(multiprocessing.pool.Pool, "terminate", no_terminate)
    lint = Linter()
    text = "Hi Sam, I loved your talk at PyCon about typing and the way you explained protocols. " * 20
    drafts = [Draft(text=text + str(i), id=str(i)) for i in range(2000)]
    reports = check_parallel({}, drafts, 2, chunk_size=100, linter=lint)
    first = next(reports)
    reports.close()  # what a `break` does to the generator
    assert first.id == "0" and first.findings is not None
    assert not [p for p in multiprocessing.active_children() if p.name.startswith("ForkPoolWorker")]
