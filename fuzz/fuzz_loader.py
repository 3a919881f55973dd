"""Fuzz rule loading: bytes -> rule (or signal, or front matter, or config) file -> validated, compiled, run.

Run for ten minutes (atheris if installed, else Hypothesis)::

    .venv/bin/python fuzz/fuzz_loader.py --seconds 600
    .venv/bin/python fuzz/fuzz_loader.py --seconds 600 --engine hypothesis --seed 1
    .venv/bin/python fuzz/fuzz_loader.py --replay fuzz-crashes/crash-*

The seeds are the built-in rule and signal files, so the mutations stay close to real rules. A
rule that loads is compiled against the spaCy pipeline and run on a few drafts; its findings must
keep the report contract. Refusals must be ``IntrolintError`` naming the file; anything else (a
crash, a hang caught by the fuzzer's timeout, a ``RecursionError``) is a failure.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402  (puts the checkout on sys.path; instruments it for atheris)

from linter import Linter  # noqa: E402
from linter.drafts import parse_draft  # noqa: E402
from linter.errors import IntrolintError  # noqa: E402
from linter.loader import is_signal_file, parse_rule, parse_signal  # noqa: E402
from linter.ruleset import RuleSet, builtin_rules_dir, load_ruleset, resolve_signals  # noqa: E402
from linter.yamlio import load_yaml_file  # noqa: E402

BUILTIN = load_ruleset()
BASE = Linter(BUILTIN)
DRAFTS = [
    "Hi Sarah, I loved your PyCon talk. Could we hop on a quick call? Best, Tom",
    "Hello {first_name}, I came across your profile and would like to add you to my network!!",
    "a" * 3000 + "b",
    "👋 مرحبا\r\n\u200b\tx",
]
WORKDIR = Path(tempfile.mkdtemp(prefix="introlint-fuzz-loader-"))


def one_input(data: bytes) -> None:
    mode = data[0] % 3 if data else 0
    body = data[1:]
    if mode == 2:  # as the front matter of a draft
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return
        try:
            parse_draft("---\n" + text.replace("\n---", "\n- --") + "\n---\nHi Sarah\n", "fuzz.txt")
        except IntrolintError as exc:
            assert exc.path == "fuzz.txt"
        return
    path = WORKDIR / "pack" / "FZ01-fuzz.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(body)
    name = str(path)
    try:
        data_ = load_yaml_file(path)
        if data_ is None:
            return
        if is_signal_file(data_):
            signal = parse_signal(data_, name, "fuzz")
            signals = {**BUILTIN.signals, signal.name: signal}
            ruleset = resolve_signals(RuleSet(BUILTIN.rules[:3], signals))
        else:
            rule = parse_rule(data_, name, "fuzz")
            ruleset = resolve_signals(RuleSet((rule,), dict(BUILTIN.signals)))
        checker = Linter(ruleset) if mode == 0 else Linter(ruleset, min_score=0, fail_on="never")
    except IntrolintError as exc:
        assert exc.path in (name, None) or exc.path.startswith(str(builtin_rules_dir())), exc.path
        return
    for text in DRAFTS:
        report = checker.check(text, to="Sarah Chen", channel="linkedin-note" if mode else None)
        assert report.error is None and 0 <= report.score <= 100
        for f in report.findings:
            assert 0 <= f.start < f.end <= len(text) and text[f.start:f.end] == f.match, f
            assert f.line == text.count("\n", 0, f.start) + 1


def seeds() -> list[bytes]:
    out = []
    for path in sorted(builtin_rules_dir().rglob("*.yaml")):
        out.append(b"\x00" + path.read_bytes())
    out.append(b"\x02to: Sarah Chen\nchannel: email\nignore: [GN03]\n")
    return out


def strategy():
    from hypothesis import strategies as st

    originals = [s[1:] for s in seeds()[:-1]]

    @st.composite
    def mutated(draw):
        data = bytearray(draw(st.sampled_from(originals)))
        for _ in range(draw(st.integers(1, 6))):
            if not data:
                break
            at = draw(st.integers(0, len(data) - 1))
            action = draw(st.sampled_from(["delete", "insert", "replace", "duplicate"]))
            size = draw(st.integers(1, 40))
            if action == "delete":
                del data[at:at + size]
            elif action == "duplicate":
                data[at:at] = data[at:at + size] * draw(st.integers(1, 30))
            else:
                piece = draw(st.one_of(st.binary(max_size=size), st.sampled_from([
                    b"&a ", b"*a ", b"[", b"]", b"{", b"}", b"- ", b": ", b"\n  ", b"\n", b"'", b'"', b"kind: all\n",
                    b"of: [", b"(a+)+$", b"(?=x)", b"\\C", b"!!python/name:os.system ", b"~", b"yes", b"1e999",
                    b".nan", b"LEMMA", b"scope: sentence", b"$linkedin_note_limit", b"\xff", b"\x00", b"\t",
                ])))
                if action == "insert":
                    data[at:at] = piece
                else:
                    data[at:at + len(piece)] = piece
        return bytes(data)

    return st.tuples(st.integers(0, 2), st.one_of(mutated(), st.binary(max_size=500))).map(
        lambda t: bytes([t[0]]) + t[1])


if __name__ == "__main__":
    try:
        sys.exit(_harness.run(one_input, strategy(), seeds(), __doc__.splitlines()[0]))
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
