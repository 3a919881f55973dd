"""Property-based tests: any Unicode draft, any metadata, and the report always keeps its contract.

Hypothesis generates drafts mixed from arbitrary text and from pieces that are known to be awkward
(emoji and ZWJ sequences, combining marks, right-to-left text and bidi controls, zero-width
characters, CRLF and lone CR, tabs, NUL, U+2028, very long lines, many newlines) and from phrases
that make the built-in rules fire, so offsets, lines and columns are checked on real findings.

Examples per property: 150 by default. For a deeper run::

    INTROLINT_HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_properties.py

(``long`` runs 3,000 examples per property; ``INTROLINT_HYPOTHESIS_EXAMPLES=N`` overrides either.)
"""

from __future__ import annotations

import io
import json
import os
import re
import time

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from linter import Draft
from linter.drafts import decode, parse_draft, read_stdin
from linter.errors import InputError
from linter.formatters import FORMATS, Summary, file_position, get_formatter
from linter.rule import CHANNELS
from linter.scoring import Policy, grade_for

# -- settings profiles ----------------------------------------------------------------------------

_COMMON = dict(deadline=None, derandomize=False, print_blob=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
settings.register_profile("introlint", max_examples=150, **_COMMON)
settings.register_profile("long", max_examples=3000, **_COMMON)
PROFILE = settings.get_profile(os.environ.get("INTROLINT_HYPOTHESIS_PROFILE", "introlint"))
if os.environ.get("INTROLINT_HYPOTHESIS_EXAMPLES"):
    PROFILE = settings(PROFILE, max_examples=int(os.environ["INTROLINT_HYPOTHESIS_EXAMPLES"]))
FEW = settings(PROFILE, max_examples=max(20, PROFILE.max_examples // 3))  # for the slower properties

# -- strategies -----------------------------------------------------------------------------------

AWKWARD = [
    # emoji, ZWJ sequences, skin tones, flags, keycaps
    "👋", "🙂", "👩‍💻", "👨‍👩‍👧‍👦", "👍🏽", "🇺🇸", "1️⃣", "❤️",
    # combining marks and decomposed letters
    "e\u0301", "n\u0303", "\u0301", "\u0301\u0327\u0308", "Zalgơ̸̢̙̬͔", "a\u20dd",
    # right-to-left scripts and bidi controls
    "مرحبا سارة", "שלום שרה", "\u200f", "\u200e", "\u202e", "\u202b", "\u2066", "\u2069", "\u061c",
    # zero-width and invisible characters
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e",
    # line and paragraph breaks of every kind
    "\n", "\r\n", "\r", "\n\n", "\r\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1e",
    # tabs, spaces, NUL and other controls
    "\t", "\t\t", " ", "   ", "\u00a0", "\u3000", "\u2009", "\x00", "\x00\x00", "\x07", "\x1b[31m", "\x7f",
    # other scripts and wide characters
    "你好，莎拉", "こんにちは", "안녕하세요", "नमस्ते", "Привет, Сара", "Γειά σου", "ｆｕｌｌｗｉｄｔｈ",
    "𝓗𝓲 𝓢𝓪𝓻𝓪𝓱", "\U0001d400\U0001d401", "\U0010fffd", "\uffff", "\ufffd",
    # punctuation that segmentation and regexes care about
    ".", "!", "?", "...", "…", "?!", "—", "–", "-", "\"", "“", "”", "'", "’", "(", ")", "[", "]", "{", "}",
    ",", ":", ";", "•", "* ", "- ", "1. ", "#", "@", "$", "%", "<", ">", "&", "\\", "/",
]

INTRO_PIECES = [
    "Hi Sarah,", "Hello {first_name},", "Hi [Name],", "Dear Sir/Madam,", "Hey there!", "Hi, Dr. Chen!",
    "Hi Sarah,\n\n", "Hello,\r\n", "I loved your PyCon talk on property testing.", "We met at the Oslo meetup.",
    "I came across your profile.", "I'd like to add you to my professional network.", "Let's connect!",
    "Could we hop on a quick call?", "I'd love to pick your brain.", "Can you refer me?",
    "Book a demo: https://calendly.com/x/15min", "Our platform boosts ROI by 300%!", "FREE trial",
    "You look gorgeous in your photo.", "How old are you?", "Are you married?", "sweetie",
    "following up AGAIN, did you see my last message??", "#hiring #growth #synergy #leverage",
    "{{company}}", "[Company]", "%FIRSTNAME%", "<insert name>", "INSERT PERSONAL NOTE HERE",
    "Best,\nTom", "Thanks,\r\nAna", "Cheers!\n-- Li", "Kind regards,\nDr. Sam Lee\nCTO, Acme",
    "I I I I my my me", "you your yours", "synergy leverage paradigm", "www.example.com", "a@b.co",
    "12,000", "3.5", "2024-01-01", "Hi Sarah, Hi Sarah,", "Hello Hello",
]

# Long inputs, kept to a few thousand tokens so the suite stays fast; the explicit @example cases
# below add a 100,000-character line.
_scaled = st.integers(min_value=1, max_value=200)
LONG_PIECES = st.one_of(
    st.builds(lambda n: "word " * n * 5, _scaled),  # a very long line (up to 5,000 characters)
    st.builds(lambda n: "x" * n * 100, _scaled),  # one huge "word" (up to 20,000 characters)
    st.builds(lambda n: "\n" * n * 10, _scaled),  # many newlines
    st.builds(lambda n: "\r\n" * n, _scaled),
    st.builds(lambda n: "\r" * n, _scaled),
    st.builds(lambda n: "Hi Sarah, quick call? " * n, st.integers(1, 30)),
    st.builds(lambda n: "👩‍💻" * n, _scaled),
    st.builds(lambda n: "\u0301" * n * 5, _scaled),
    st.builds(lambda n: "\t" * n * 5, _scaled),
)

PIECE = st.one_of(
    st.sampled_from(AWKWARD),
    st.sampled_from(INTRO_PIECES),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
)
DRAFTS = st.one_of(
    st.lists(PIECE, max_size=40).map("".join),
    st.lists(st.one_of(PIECE, LONG_PIECES), max_size=6).map("".join),
    st.text(),
)
NONBLANK_DRAFTS = DRAFTS.filter(lambda t: t.strip() != "")

NAMES = st.one_of(
    st.none(),
    st.sampled_from(["Sarah Chen", "Dr. Sarah Chen", "Chen, Sarah", "O’Brien", "Jean-Luc", "Ms.", "", " ",
                     "سارة", "李娜", "Sarah\u200bChen", "{first_name}", "Sarah\nChen", "a" * 300, "Dr", "Mx. Kai"]),
    st.text(max_size=30),
)
CHANNEL = st.one_of(st.none(), st.sampled_from(CHANNELS))

# -- the invariants ---------------------------------------------------------------------------------


def expected_line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def assert_report_ok(report, text: str, policy: Policy = Policy()) -> None:
    """Everything the JSON contract promises about one report of `text`."""
    if not text.strip():
        assert report.error is not None and report.score is None and report.grade is None
        assert report.passed is False
        return
    assert report.error is None, report.error
    assert isinstance(report.score, int) and not isinstance(report.score, bool)
    assert 0 <= report.score <= 100
    assert report.grade == grade_for(report.score, policy)
    assert report.grade in ("ready", "needs-work", "rewrite")
    for f in report.findings:
        assert 0 <= f.start <= f.end <= len(text), f
        assert text[f.start:f.end] == f.match, (f, text)
        assert (f.line, f.column) == expected_line_col(text, f.start), (f, text)
        assert f.severity in ("info", "warning", "error")
        assert isinstance(f.message, str) and f.message.strip()
    for s in report.strengths:
        assert 0 <= s.start <= s.end <= len(text), s
        assert text[s.start:s.end] == s.match, (s, text)
    blockers = [f for f in report.findings if policy.fail_on != "never" and
                ("info", "warning", "error").index(f.severity) >= ("info", "warning", "error").index(policy.fail_on)]
    assert report.passed == (report.score >= policy.min_score and not blockers)
    penalty = sum(f.weight for f in report.findings)
    credit = min(sum(s.credit for s in report.strengths), policy.max_credit)
    assert report.score == int(round(max(0.0, min(100.0, 100.0 - penalty + credit))))
    data = report.to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


# -- properties -------------------------------------------------------------------------------------


@PROFILE
@given(text=DRAFTS)
@example(text="")
@example(text="\x00")
@example(text="\r\n\r\n\r\n")
@example(text="Hi Sarah,\r\rcould we hop on a quick call?\rBest,\rTom")
@example(text="\u202eHi {first_name}, I came across your profile.\u202c")
@example(text="\n" * 5000 + "Hi [Name], let's connect!")
@example(text="a" * 99_999 + "\n")
@example(text="\n".join(["x" * 20_000] * 4))
def test_any_draft_gives_a_consistent_report_and_the_same_one_twice(linter, text):
    report = linter.check(text)
    assert_report_ok(report, text)
    assert linter.check(text).to_dict() == report.to_dict()


@PROFILE
@given(text=DRAFTS, to=NAMES, channel=CHANNEL, template=st.booleans(),
       ignore=st.lists(st.sampled_from(["GN03", "MM01", "favor-asking", "NOPE", "cold-favor-ask", ""]), max_size=3))
def test_any_metadata_gives_a_consistent_report(linter, text, to, channel, template, ignore):
    report = linter.check(text, to=to, channel=channel, template=template, ignore=ignore)
    assert_report_ok(report, text)
    if report.error is None:
        assert report.channel == channel and report.to == to
        assert not any(f.rule in ignore for f in report.findings)
        again = linter.check(text, to=to, channel=channel, template=template, ignore=ignore)
        assert again.to_dict() == report.to_dict()


@FEW
@given(drafts=st.lists(st.tuples(DRAFTS, NAMES, CHANNEL, st.booleans()), min_size=1, max_size=4))
def test_checking_in_a_batch_equals_checking_one_by_one(linter, drafts):
    items = [Draft(text=t, id=str(i), to=to, channel=ch, template=tp) for i, (t, to, ch, tp) in enumerate(drafts)]
    together = [r.to_dict() for r in linter.check_many(items, batch_size=4)]
    alone = [linter.check_draft(d).to_dict() for d in items]
    assert together == alone


@FEW
@given(text=NONBLANK_DRAFTS, to=NAMES, channel=CHANNEL, row=st.one_of(st.none(), st.integers(1, 10**9)))
def test_every_formatter_renders_any_report(linter, text, to, channel, row):
    report = linter.check_draft(Draft(text=text, id="d\u200b.txt", to=to, channel=channel, row=row))
    for name in FORMATS:
        stream = io.StringIO()
        formatter = get_formatter(name)(stream, color=name == "text", rules=linter.ruleset.active)
        summary = Summary()
        summary.add(report)
        formatter.begin()
        formatter.add(report)
        formatter.end(summary)
        out = stream.getvalue()
        out.encode("utf-8")  # printable: no lone surrogates
        if name == "text":  # nothing from the draft can move the cursor, clear the screen or reorder text
            plain = io.StringIO()
            get_formatter(name)(plain, color=False).add(report)
            assert not TERMINAL_UNSAFE.search(plain.getvalue()), repr(plain.getvalue())
        if name == "json":
            assert json.loads(out)["reports"][0] == report.to_dict()
        if name == "jsonl":
            assert [json.loads(line) for line in out.splitlines()][0]["id"] == report.id


TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


# -- reading: bytes to drafts -----------------------------------------------------------------------


@PROFILE
@given(data=st.binary(max_size=2000) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
       encoding=st.sampled_from([None, None, None, "utf-8", "latin-1", "utf-16", "cp1252", "ascii", "no-such-codec"]))
def test_any_bytes_decode_or_give_an_input_error(data, encoding):
    try:
        text, notice = decode(data, "x.txt", encoding)
    except InputError as exc:
        assert exc.path == "x.txt" and exc.message
        return
    assert isinstance(text, str)
    text.encode("utf-8")  # decoding never produces lone surrogates
    assert notice is None or "x.txt" in notice


_PRINTABLE = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"))


@PROFILE
@given(text=st.text(alphabet=_PRINTABLE | st.sampled_from("\n\t\r"), max_size=300),
       codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "utf-32"]))
def test_text_survives_every_supported_encoding(text, codec):
    assume(not text.startswith("\ufeff"))
    if codec == "utf-16-le-bom":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    elif codec == "utf-16-be-bom":
        data = b"\xfe\xff" + text.encode("utf-16-be")
    else:
        data = text.encode(codec)
    assert decode(data, "x.txt") == (text, None)


@PROFILE
@given(data=st.binary(max_size=3000), limit=st.integers(min_value=1, max_value=4000))
def test_stdin_reads_at_most_the_limit(data, limit):
    stream = io.BytesIO(data)
    try:
        draft = read_stdin(max_bytes=limit, stream=stream)
    except InputError as exc:
        assert exc.path == "<stdin>"
        if len(data) > limit:
            assert "limit" in exc.message
    else:
        assert len(data) <= limit and draft.text.strip()
    assert stream.tell() <= limit + 1


META = st.fixed_dictionaries({}, optional={
    "to": st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cn", "Zl", "Zp")), max_size=20),
    "channel": st.sampled_from(CHANNELS),
    "template": st.booleans(),
    "ignore": st.lists(st.sampled_from(["GN03", "MM01", "tone"]), max_size=2),
    "id": st.from_regex(r"[a-z0-9][a-z0-9_.-]{0,15}", fullmatch=True),
})


@PROFILE
@given(meta=META, body=NONBLANK_DRAFTS, newline=st.sampled_from(["\n", "\r\n"]))
def test_front_matter_is_stripped_and_body_line_is_exact(meta, body, newline):
    header = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}{newline}" for key, value in meta.items())
    source = f"---{newline}{header}---{newline}{body}"
    try:
        draft = parse_draft(source, "x.txt")
    except InputError as exc:  # only a body that is blank is refused
        assert "empty" in exc.message and not body.strip()
        return
    assert draft.text == body
    assert source.endswith(draft.text)
    assert draft.body_line == source[: len(source) - len(body)].count("\n") + 1
    assert draft.to == meta.get("to") and draft.channel == meta.get("channel")
    assert draft.template == meta.get("template", False) and draft.id == meta.get("id", "x.txt")


@PROFILE
@given(source=st.one_of(st.text(max_size=300), st.lists(st.sampled_from(
    ["---\n", "---\r\n", "...\n", "to: x\n", "to: [\n", "id: {a: b}\n", "channel: fax\n", "ignore: 5\n", "bogus: 1\n",
     "template: maybe\n", "\n", "- a\n", "&a [*a]\n", "!!python/name:os.system\n", "Hi Sarah\n", "\u2028", "\r"]),
    max_size=12).map("".join)))
def test_any_front_matter_parses_or_gives_an_input_error(source):
    try:
        draft = parse_draft(source, "x.txt")
    except InputError as exc:
        assert exc.path == "x.txt" and exc.message
        return
    assert draft.text.strip() and source.endswith(draft.text)
    assert draft.body_line == source[: len(source) - len(draft.text)].count("\n") + 1


@pytest.mark.parametrize("source, body_line", [
    ("---\nto: Sarah Chen\u2028\n---\nHi Sarah,\n", 4),  # YAML and str.splitlines break at U+2028; files do not
    ("---\n# a note\u2029\nto: Sarah Chen\n---\nHi Sarah,\n", 5),
    ("---\r\nto: Sarah Chen\r\n---\r\nHi Sarah,\r\n", 4),
    ("\n---\nto: x\n---\nbody", 1),  # front matter must start on the first line
])
def test_body_line_counts_newlines_only(source, body_line):
    draft = parse_draft(source, "x.txt")
    assert draft.body_line == body_line
    assert file_position_of_body_start(draft) == (body_line, 1)


def file_position_of_body_start(draft):
    from linter.report import Report

    return file_position(Report(id=draft.id, score=0, grade="rewrite", passed=False, text=draft.text,
                                body_line=draft.body_line), 0)


# -- known failures, kept visible --------------------------------------------------------------------

def test_lone_surrogate_in_library_call_gives_error_report(linter):
    report = linter.check("Hi Sarah, could we hop on a quick call \ud800 next week?")
    assert report.error is not None


def _layout_cpu_seconds(nlp, words: int) -> float:
    from linter import segment

    best = float("inf")
    for _ in range(3):
        doc = nlp.make_doc("word " * words)
        start = time.process_time()
        segment.layout(doc)
        best = min(best, time.process_time() - start)
    return best


def test_segmenting_a_long_draft_takes_linear_time(linter):
    # A ratio, not a time limit: four times the tokens should cost about four times the CPU, not sixteen.
    small = _layout_cpu_seconds(linter.pipeline.nlp, 1500)
    large = _layout_cpu_seconds(linter.pipeline.nlp, 6000)
    assert large < 8 * max(small, 1e-3), (small, large)
