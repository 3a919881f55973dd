"""Fuzz the whole check path: bytes -> draft (file, front matter, JSONL or CSV batch) -> report -> every format.

Run for ten minutes (atheris if installed, else Hypothesis)::

    .venv/bin/python fuzz/fuzz_check.py --seconds 600
    .venv/bin/python fuzz/fuzz_check.py --seconds 600 --engine hypothesis --seed 1
    .venv/bin/python fuzz/fuzz_check.py --replay fuzz-crashes/crash-*     # re-run saved failures

The first input byte picks how the rest is read (a draft file's bytes, UTF-8 text given to the
library, a JSONL batch or a CSV batch); the second picks the channel, template flag and recipient.
Expected refusals (``IntrolintError``: binary, empty, oversized, bad front matter) are fine;
anything else, or a report that breaks the JSON contract, is a failure.
"""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402  (puts the checkout on sys.path; instruments it for atheris)

from linter import Draft, Linter  # noqa: E402
from linter.batch import read_batch  # noqa: E402
from linter.drafts import decode, parse_draft  # noqa: E402
from linter.errors import IntrolintError  # noqa: E402
from linter.formatters import FORMATS, Summary, get_formatter  # noqa: E402
from linter.rule import CHANNELS  # noqa: E402
from linter.scoring import Policy, grade_for  # noqa: E402

LINTER = Linter()
NAMES = [None, "Sarah Chen", "Dr. Sarah Chen", "", "سارة", "{first_name}", "Sarah\nChen", "李娜"]
WORKDIR = Path(tempfile.mkdtemp(prefix="introlint-fuzz-check-"))


def check_report(report, text: str) -> None:
    """The JSON contract of one report."""
    policy = Policy()
    if report.error is not None:
        assert report.score is None and report.grade is None and report.passed is False
        return
    assert isinstance(report.score, int) and 0 <= report.score <= 100, report.score
    assert report.grade == grade_for(report.score, policy)
    for f in report.findings:
        assert 0 <= f.start <= f.end <= len(text), f
        assert text[f.start:f.end] == f.match, (f, text)
        assert f.line == text.count("\n", 0, f.start) + 1, f
        assert f.column == f.start - (text.rfind("\n", 0, f.start) + 1) + 1, f
    for s in report.strengths:
        assert 0 <= s.start <= s.end <= len(text) and text[s.start:s.end] == s.match, s
    for name in FORMATS:
        stream = io.StringIO()
        formatter = get_formatter(name)(stream, rules=LINTER.ruleset.active)
        summary = Summary()
        summary.add(report)
        formatter.begin()
        formatter.add(report)
        formatter.end(summary)
        stream.getvalue().encode("utf-8")
        if name == "jsonl":
            assert len(stream.getvalue().splitlines()) == 1
            assert json.loads(stream.getvalue()) == {"schema_version": 1, **report.to_dict()}


def drafts_from(data: bytes) -> list[Draft]:
    mode = data[0] % 4 if data else 1
    meta = data[1] if len(data) > 1 else 0
    body = data[2:]
    channel = ([None] + list(CHANNELS))[meta % (len(CHANNELS) + 1)]
    extra = {"channel": channel, "template": bool(meta & 0x80), "to": NAMES[(meta >> 3) % len(NAMES)]}
    if mode == 0:  # the bytes of a draft file: decode, front matter
        try:
            text, notice = decode(body, "fuzz.txt")
            draft = parse_draft(text, "fuzz.txt")
        except IntrolintError as exc:
            assert exc.path == "fuzz.txt"
            return []
        unset = {key: value for key, value in extra.items() if getattr(draft, key) in (None, False)}
        return [dataclasses.replace(draft, **unset)]
    if mode == 1:  # text handed to the library
        return [Draft(text=body.decode("utf-8", "replace"), **extra)]
    suffix = ".jsonl" if mode == 2 else ".csv"
    path = WORKDIR / f"batch{suffix}"
    path.write_bytes((b"text\n" if mode == 3 else b"") + body)
    try:
        return list(read_batch(path))
    except IntrolintError as exc:
        assert exc.path == str(path)
        return []


def one_input(data: bytes) -> None:
    drafts = drafts_from(data)
    reports = list(LINTER.check_many(drafts))
    assert len(reports) == len(drafts)
    for draft, report in zip(drafts, reports):
        if draft.error is None and draft.text.strip() and len(draft.text) <= 100_000:
            assert report.error is None, report.error
        check_report(report, draft.text)
    if drafts and drafts[0].error is None:  # the same input gives the same report
        assert LINTER.check_draft(drafts[0]).to_dict() == reports[0].to_dict()


def strategy():
    from hypothesis import strategies as st

    pieces = st.sampled_from([
        "Hi Sarah,", "Hello {first_name},", "[Company]", "quick call", "pick your brain", "Let's connect!",
        "I came across your profile.", "We met at PyCon.", "Best,\nTom", "👋", "👩‍💻", "e\u0301", "مرحبا", "\u200b",
        "\u202e", "\ufeff", "\r\n", "\r", "\n", "\n\n", "\t", "\x00", "\u2028", "\x85", "---\n", "to: Sarah\n",
        "channel: email\n", "{\"text\": \"", "\"}\n", ",", "\"", "\\ud800", "\\u0000", "x" * 300,
    ])
    text = st.lists(st.one_of(pieces, st.text(max_size=20)), max_size=30).map("".join)
    payload = st.one_of(st.binary(max_size=2000), text.map(lambda t: t.encode("utf-8")),
                        text.map(lambda t: t.encode("utf-16")), text.map(lambda t: t.encode("cp1252", "replace")))
    return st.tuples(st.integers(0, 255), st.integers(0, 255), payload).map(lambda t: bytes(t[:2]) + t[2])


def seeds() -> list[bytes]:
    root = _harness.ROOT
    out = []
    for path in sorted((root / "examples" / "drafts").glob("*"))[:20]:
        out.append(b"\x00\x00" + path.read_bytes())
        out.append(b"\x01\x09" + path.read_bytes())
    out.append(b"\x02\x00" + b'{"id": 1, "text": "Hi Sarah, quick call?"}\n[1]\n{"text": 5}\n')
    out.append(b"\x03\x00" + b'"Hi Sarah, loved your talk"\n"Hi \xff"\n')
    return out


if __name__ == "__main__":
    try:
        sys.exit(_harness.run(one_input, strategy(), seeds(), __doc__.splitlines()[0]))
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
