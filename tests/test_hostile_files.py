"""Hostile and broken input files: every encoding, binary, empty, huge, unreadable, vanishing, bad rows.

The promises checked here: a file that cannot be read is reported with its name (and row or line)
and makes the exit code 2, but never stops the other files or rows; nothing is read into memory
beyond the size limit; and input files are never modified.
"""

from __future__ import annotations

import builtins
import codecs
import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter import drafts as drafts_module
from linter.batch import MAX_LINE_CHARS, Columns, read_batch
from linter.cli import main
from linter.drafts import read_draft, read_stdin
from linter.errors import InputError
from linter.sources import Defaults, iter_drafts, resolve_targets

GOOD = "Hi Sarah, I loved your PyCon talk on property testing. Café au lait next week?\n"
VENV_BIN = Path(sys.executable).parent
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def invoke(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def reports_of(result) -> list[dict]:
    return json.loads(result.stdout)["reports"]


def check_beside_a_good_draft(tmp_path, bad) -> tuple[dict, dict]:
    """Check `bad` and a good draft in one run: exit code 2, and both get a report."""
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    result = invoke("check", bad, good, "--no-config", "--format", "json")
    assert result.exit_code == 2
    bad_report, good_report = reports_of(result)
    return bad_report, good_report


def snapshot(paths) -> dict:
    return {str(p): (Path(p).read_bytes(), os.stat(p, follow_symlinks=False).st_mtime_ns) for p in paths}


# -- encodings ---------------------------------------------------------------------------------------

ENCODED = {
    "utf8.txt": GOOD.encode("utf-8"),
    "utf8-bom.txt": codecs.BOM_UTF8 + GOOD.encode("utf-8"),
    "utf16.txt": GOOD.encode("utf-16"),  # with a BOM (little-endian here)
    "utf16-be.txt": codecs.BOM_UTF16_BE + GOOD.encode("utf-16-be"),
    "utf32.txt": GOOD.encode("utf-32"),
    "crlf.txt": GOOD.replace("\n", "\r\n").encode("utf-8"),
}


@pytest.mark.parametrize("name", sorted(ENCODED))
def test_read_draft_decodes_every_supported_encoding(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(ENCODED[name])
    draft = read_draft(path)
    assert draft.text.replace("\r\n", "\n") == GOOD
    assert not draft.text.startswith("\ufeff")
    assert draft.notices == ()
    assert draft.id == str(path)


def test_front_matter_works_behind_a_bom_and_in_utf16(tmp_path):
    source = "---\nto: Sarah Chen\nchannel: email\n---\n" + GOOD
    for name, data in (("a.txt", codecs.BOM_UTF8 + source.encode()), ("b.txt", source.encode("utf-16"))):
        (tmp_path / name).write_bytes(data)
        draft = read_draft(tmp_path / name)
        assert (draft.to, draft.channel, draft.text, draft.body_line) == ("Sarah Chen", "email", GOOD, 5)


def test_latin1_is_read_with_a_notice(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(("Hi Zoë,\n" + GOOD).encode("latin-1"))
    draft = read_draft(path)
    assert draft.text == "Hi Zoë,\n" + GOOD
    assert len(draft.notices) == 1 and "not UTF-8" in draft.notices[0] and str(path) in draft.notices[0]
    assert read_draft(path, encoding="latin-1").notices == ()  # --encoding silences the guess


def test_cli_reports_latin1_notice_and_checks_it(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(GOOD.encode("latin-1"))
    result = invoke("check", path, "--format", "json", "--no-config")
    report = reports_of(result)[0]
    assert report["score"] is not None and any("Windows-1252" in n for n in report["notices"])
    result = invoke("check", path, "--no-config")
    assert "Windows-1252" in result.stdout + result.stderr


def test_wrong_explicit_encoding_is_an_input_error(tmp_path):
    path = tmp_path / "u.txt"
    path.write_bytes("naïve ✓".encode("utf-8"))
    with pytest.raises(InputError, match="cannot decode as ascii"):
        read_draft(path, encoding="ascii")
    with pytest.raises(InputError, match="cannot decode"):
        read_draft(path, encoding="no-such-codec")


# -- binary, empty, blank ------------------------------------------------------------------------------

BAD_FILES = {
    "binary.txt": (bytes(range(256)) * 40, "binary"),
    "png.txt": (b"\x89PNG\r\n\x1a\n" + bytes(300), "binary"),
    "nul-in-text.txt": (b"Hi Sarah,\x00 quick call?", "binary"),
    "empty.txt": (b"", "empty"),
    "blank.txt": (b" \n\t\r\n  \n", "empty"),
    "bom-only.txt": (codecs.BOM_UTF8, "empty"),
    "utf16-blank.txt": ("  \n".encode("utf-16"), "empty"),
    "front-matter-only.txt": (b"---\nto: Sarah\n---\n\n", "empty"),
    "bad-utf16.txt": (codecs.BOM_UTF16_LE + b"\x00\xd8", "utf-16"),  # a lone surrogate
    "unclosed-front-matter.txt": (b"---\nto: Sarah\nHi Sarah", "closing"),
    "bad-front-matter.txt": (b"---\nto: [Sarah\n---\nHi Sarah", "front matter"),
    "python-tag-front-matter.txt": (b"---\nto: !!python/object/apply:os.system ['true']\n---\nHi", "front matter"),
    "unknown-key-front-matter.txt": (b"---\nrecipient: Sarah\n---\nHi Sarah", "unknown key"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_give_a_clear_input_error(tmp_path, name):
    data, words = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_draft(path)
    assert info.value.path == str(path)
    assert words in info.value.message.lower()


def test_cli_binary_file_exits_2_with_a_message(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    result = invoke("check", path, "--no-config")
    assert result.exit_code == 2
    assert str(path) in result.stderr and "binary" in result.stderr
    result = invoke("check", path, "--no-config", "--format", "json")
    assert result.exit_code == 2
    [report] = reports_of(result)
    assert report["id"] == str(path) and "binary" in report["error"] and report["score"] is None


def test_stdin_empty_and_binary(linter):
    for data, words in ((b"", "empty"), (b"   \n", "empty"), (b"\x00\x01\x02" * 100, "binary")):
        with pytest.raises(InputError, match=words):
            read_stdin(stream=io.BytesIO(data))
    result = invoke("check", "-", "--no-config", "--format", "json", input=b"\x00\x01binary\x02")
    assert result.exit_code == 2 and "binary" in reports_of(result)[0]["error"]


# -- size limits: refused without reading the file into memory ---------------------------------------

class CountingFile:
    """Wraps a binary file and counts the bytes read through it."""

    def __init__(self, handle, counter):
        self.handle, self.counter = handle, counter

    def read(self, size=-1):
        data = self.handle.read(size)
        self.counter.append(len(data))
        return data

    def __getattr__(self, name):
        return getattr(self.handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()


def _fifty_megabytes(path: Path) -> Path:
    with open(path, "wb") as handle:  # real text, not a sparse file, so reading it would really cost
        chunk = (GOOD * 200).encode()
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(chunk)
    return path


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    return _fifty_megabytes(tmp_path_factory.mktemp("big") / "huge.txt")


def test_read_draft_reads_at_most_max_bytes_plus_one(big_file, monkeypatch):
    counted: list[int] = []
    real_open = builtins.open

    def counting_open(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        return CountingFile(handle, counted) if "b" in mode else handle

    monkeypatch.setattr(drafts_module, "open", counting_open, raising=False)
    for limit in (1000, 1_000_000):
        counted.clear()
        with pytest.raises(InputError, match="limit"):
            read_draft(big_file, max_bytes=limit)
        assert counted and sum(counted) <= limit + 1


def test_stdin_reads_at_most_max_bytes_plus_one():
    class Endless(io.RawIOBase):
        served = 0

        def readable(self):
            return True

        def readinto(self, buffer):
            buffer[:] = b"a" * len(buffer)
            self.served += len(buffer)
            return len(buffer)

    stream = io.BufferedReader(Endless(), buffer_size=4096)
    with pytest.raises(InputError, match="limit"):
        read_stdin(max_bytes=10_000, stream=stream)
    assert stream.raw.served <= 10_000 + 1 + 4096


def _peak_rss_kib(args: list[str]) -> tuple[int, subprocess.CompletedProcess]:
    """Run introlint in a fresh child and return the child's peak RSS (KiB) and the result."""
    script = textwrap.dedent("""
        import json, resource, subprocess, sys
        done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(json.dumps({"peak": peak, "code": done.returncode, "out": done.stdout, "err": done.stderr}))
    """)
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=300)
    data = json.loads(done.stdout)
    return data["peak"], subprocess.CompletedProcess(args, data["code"], data["out"], data["err"])


@pytest.mark.skipif(sys.platform == "win32", reason="resource is POSIX-only")
def test_cli_refuses_a_50_mb_file_without_reading_it(big_file, tmp_path):
    small = tmp_path / "small.txt"
    small.write_text(GOOD)
    introlint = [str(VENV_BIN / "introlint"), "check", "--no-config", "--format", "json", "--no-campaign"]
    if not (VENV_BIN / "introlint").exists():
        introlint = [sys.executable, "-m", "linter.cli", *introlint[1:]]
    base, ok = _peak_rss_kib(introlint + [str(small)])
    assert ok.returncode == 0, ok.stderr
    peak, refused = _peak_rss_kib(introlint + [str(big_file)])
    assert refused.returncode == 2
    assert "limit" in json.loads(refused.stdout)["reports"][0]["error"]
    assert peak < base + 20 * 1024, (base, peak)  # reading the file would add 50 MB or more
    peak, refused = _peak_rss_kib(introlint + ["--max-bytes", "1000", str(small), str(big_file)])
    assert refused.returncode == 2 and "1,000-byte limit" in refused.stdout


def test_max_bytes_limit_is_exact(tmp_path):
    path = tmp_path / "d.txt"
    path.write_bytes(b"x" * 100)
    assert read_draft(path, max_bytes=100).text == "x" * 100
    with pytest.raises(InputError, match="99-byte limit"):
        read_draft(path, max_bytes=99)


# -- unreadable, missing, folders, links ---------------------------------------------------------------

def test_permission_denied_is_an_input_error(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text(GOOD)

    def denied(file, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(file))

    monkeypatch.setattr(drafts_module, "open", denied, raising=False)
    with pytest.raises(InputError) as info:
        read_draft(path)
    assert info.value.path == str(path) and "permission denied" in info.value.message


def test_permission_denied_in_a_batch_does_not_stop_the_others(tmp_path, monkeypatch):
    paths = [tmp_path / f"{n}.txt" for n in "abc"]
    for path in paths:
        path.write_text(GOOD)
    real_open = builtins.open

    def picky(file, *args, **kwargs):
        if Path(file).name == "b.txt":
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(drafts_module, "open", picky, raising=False)
    drafts = list(iter_drafts(resolve_targets([str(p) for p in paths]), Defaults()))
    assert [d.error for d in drafts] == [None, "permission denied", None]


@pytest.mark.skipif(IS_ROOT or not hasattr(os, "geteuid"), reason="root reads files whatever their mode")
def test_real_unreadable_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(GOOD)
    path.chmod(0)
    try:
        with pytest.raises(InputError, match="permission denied"):
            read_draft(path)
    finally:
        path.chmod(0o600)


def test_directory_path(tmp_path):
    folder = tmp_path / "drafts.txt"  # a folder whose name looks like a draft
    folder.mkdir()
    with pytest.raises(InputError, match="folder"):
        read_draft(folder)
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    result = invoke("check", empty, "--no-config")
    assert result.exit_code == 2 and "no drafts" in result.stderr


def test_file_that_disappears_mid_batch(tmp_path, linter):
    paths = [tmp_path / f"{n}.txt" for n in "abcd"]
    for path in paths:
        path.write_text(GOOD)
    targets = resolve_targets([str(tmp_path)])
    assert [Path(t).name for t in targets] == ["a.txt", "b.txt", "c.txt", "d.txt"]
    paths[1].unlink()
    reports = list(linter.check_many(iter_drafts(targets, Defaults())))
    assert [r.id for r in reports] == [str(p) for p in paths]
    assert [r.error for r in reports] == [None, "no such file", None, None]
    assert all(r.score is not None for i, r in enumerate(reports) if i != 1)


def test_cli_file_that_disappears_mid_batch_exits_2_after_the_rest(tmp_path, monkeypatch):
    from linter import sources

    paths = [tmp_path / f"{n}.txt" for n in "abc"]
    for path in paths:
        path.write_text(GOOD)
    real = sources.resolve_targets

    def resolve_then_delete(raw):
        targets = real(raw)
        paths[0].unlink()
        return targets

    monkeypatch.setattr(sources, "resolve_targets", resolve_then_delete)
    result = invoke("check", tmp_path, "--no-config", "--format", "json")
    assert result.exit_code == 2
    reports = reports_of(result)
    assert [r["id"] for r in reports] == [str(p) for p in paths]
    assert "no such file" in reports[0]["error"] and reports[1]["score"] is not None and reports[2]["score"] is not None


def test_broken_symlink(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(InputError, match="broken symlink"):
        read_draft(link)
    gone, ok = check_beside_a_good_draft(tmp_path, link)
    assert "broken symlink" in gone["error"] and ok["score"] is not None


def test_missing_path_is_refused_before_anything_runs(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    result = invoke("check", good, tmp_path / "missing.txt", "--no-config", "--format", "json")
    assert result.exit_code == 2 and "missing.txt" in result.stderr and result.stdout == ""


def test_undecodable_file_name_is_reported_printably(tmp_path):
    """A file name that is not UTF-8 must not crash output that is strict UTF-8."""
    raw = os.fsencode(str(tmp_path)) + b"/caf\xe9.txt"
    try:
        with open(raw, "wb") as handle:
            handle.write(GOOD.encode())
    except OSError:
        pytest.skip("this file system refuses non-UTF-8 names")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"}
    cmd = [sys.executable, "-m", "linter.cli", "check", str(tmp_path), "--no-config", "--format", "jsonl"]
    done = subprocess.run(cmd, capture_output=True, env=env, timeout=300)
    assert done.returncode in (0, 1), done.stderr.decode(errors="replace")
    [report] = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert report["id"].endswith("caf\\xe9.txt") and report["score"] is not None


# -- batches: one bad row never stops the others -------------------------------------------------------

def _csv_bytes() -> bytes:
    return b"".join([
        b"id,text,to\r\n",
        b"good-1,\"Hi Sarah, I loved your PyCon talk on property testing.\",Sarah Chen\r\n",
        b"empty,,Sarah\r\n",
        b"bad-utf8,\"Hi Zo\xeb, quick call?\",Zoe\r\n",
        b"short-row\r\n",
        b"\r\n",
        b"good-2,\"Line one\nline two, with a newline inside quotes\",\r\n",
        b"nul,\"Hi\x00 there, quick call?\",\r\n",
        b"good-3,\"Hi Tom, we met at the Oslo meetup; could I send you our notes?\",Tom\r\n",
    ])


def test_csv_with_bad_rows(tmp_path):
    path = tmp_path / "batch.csv"
    path.write_bytes(_csv_bytes())
    drafts = list(read_batch(path))
    by_id = {d.id: d for d in drafts}
    assert set(by_id) >= {"good-1", "good-2", "good-3", "empty", "short-row"}
    assert by_id["good-1"].error is None and by_id["good-1"].to == "Sarah Chen" and by_id["good-1"].row == 2
    assert by_id["good-2"].error is None and "\n" in by_id["good-2"].text
    assert by_id["good-3"].error is None
    assert "empty" in by_id["empty"].error and by_id["empty"].row == 3
    assert "no 'text' field" in by_id["short-row"].error
    bad = [d for d in drafts if d.row == 4]
    assert len(bad) == 1 and "UTF-8" in bad[0].error and bad[0].id == f"{path}:4"
    assert all(d.row is not None for d in drafts)


JSONL_LINES = [
    b'{"id": "good-1", "text": "Hi Sarah, I loved your PyCon talk on property testing.", "to": "Sarah Chen"}',
    b'{"id": "bad-json", "text": "unterminated',
    b"",
    b"   ",
    b'["a", "list"]',
    b'"just a string"',
    b"42",
    b"null",
    b'{"id": "no-text"}',
    b'{"id": "number", "text": 5}',
    b'{"id": "blank", "text": "   "}',
    b'{"id": "bad-utf8", "text": "Hi Zo\xeb"}',
    b'{"id": "surrogate", "text": "Hi \\ud800 Sarah"}',
    b'{"id": "channel", "text": "Hi Sarah", "channel": "fax"}',
    b'{"id": "huge", "text": "' + b"a" * (MAX_LINE_CHARS + 10) + b'"}',
    b'{"id": "good-2", "text": "Hi Tom, we met at the Oslo meetup; could I send you our notes?", "channel": "email"}',
    b'{"id": "nul", "text": "Hi\\u0000 there"}',
    b'{"id": "good-3", "text": "Hello Ana,\\r\\nthanks for the intro talk at RustConf."}',
]


def test_jsonl_with_bad_rows(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b"\n".join(JSONL_LINES) + b"\n")
    drafts = list(read_batch(path))
    by_row = {d.row: d for d in drafts}
    blank_rows = {3, 4}
    assert set(by_row) == set(range(1, len(JSONL_LINES) + 1)) - blank_rows  # blank lines are skipped, all else reported
    assert {d.id for d in drafts if d.error is None} == {"good-1", "good-2", "good-3", "nul"}
    assert "invalid JSON" in by_row[2].error and by_row[2].id == f"{path}:2"
    for row in (5, 6, 7, 8):
        assert "JSON object" in by_row[row].error
    assert "no 'text' field" in by_row[9].error
    assert "must be text" in by_row[10].error
    assert "empty" in by_row[11].error
    assert "UTF-8" in by_row[12].error
    assert "surrogate" in by_row[13].error
    assert "unknown channel" in by_row[14].error
    assert "longer than" in by_row[15].error
    assert by_row[16].channel == "email"


def test_jsonl_overlong_line_is_not_held_in_memory(tmp_path):
    path = tmp_path / "long.jsonl"
    with open(path, "wb") as handle:
        handle.write(b'{"text": "' + b"a" * (20 * MAX_LINE_CHARS) + b'"}\n{"text": "Hi Sarah, quick call?"}\n')
    import tracemalloc

    tracemalloc.start()
    try:
        drafts = list(read_batch(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [d.row for d in drafts] == [1, 2]
    assert "longer than" in drafts[0].error and drafts[1].error is None
    assert peak < 8 * MAX_LINE_CHARS  # not the 16 MB line


def test_batch_errors_via_the_cli_exit_2_after_every_row(tmp_path):
    csv_path = tmp_path / "batch.csv"
    csv_path.write_bytes(_csv_bytes())
    jsonl_path = tmp_path / "batch.jsonl"
    jsonl_path.write_bytes(b"\n".join(JSONL_LINES) + b"\n")
    text_path = tmp_path / "note.txt"
    text_path.write_text(GOOD)
    binary_path = tmp_path / "binary.txt"
    binary_path.write_bytes(bytes(range(256)) * 4)
    inputs = [csv_path, jsonl_path, binary_path, text_path]
    before = snapshot(inputs)

    result = invoke("check", *inputs, "--no-config", "--format", "jsonl")
    assert result.exit_code == 2
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    expected = len(list(read_batch(csv_path))) + len(list(read_batch(jsonl_path))) + 2
    assert len(reports) == expected
    assert reports[-1]["id"] == str(text_path) and reports[-1]["score"] is not None  # the last file still ran
    assert any(r["id"] == str(binary_path) and "binary" in r["error"] for r in reports)
    for report in reports:
        if report.get("error") and report["id"] not in (str(binary_path),):
            assert isinstance(report.get("row"), int)  # every bad row says where it is
    scored = {r["id"] for r in reports if r["score"] is not None}
    assert {"good-1", "good-2", "good-3"} <= scored

    text = invoke("check", *inputs, "--no-config")
    assert text.exit_code == 2
    assert f"{jsonl_path}:2 (row 2)" in text.stderr and "invalid JSON" in text.stderr
    assert snapshot(inputs) == before  # input files are never modified


def test_csv_without_text_column_and_custom_columns(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("name,message\nSarah,\"Hi Sarah, loved your talk at PyCon.\"\n")
    with pytest.raises(InputError, match="no 'text' column"):
        list(read_batch(path))
    [draft] = list(read_batch(path, Columns(text="message", id="name")))
    assert draft.id == "Sarah" and draft.error is None
    missing, ok = check_beside_a_good_draft(tmp_path, path)
    assert "no 'text' column" in missing["error"] and ok["score"] is not None


def test_batch_file_that_is_binary_or_empty(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    assert list(read_batch(empty)) == []
    garbage = tmp_path / "garbage.jsonl"
    garbage.write_bytes(bytes(range(256)) * 8)
    drafts = list(read_batch(garbage))
    assert drafts and all(d.error for d in drafts) and all(d.row for d in drafts)
    garbage_csv = tmp_path / "garbage.csv"
    garbage_csv.write_bytes(b"text\n" + bytes(range(1, 256)) * 8)
    drafts = list(read_batch(garbage_csv))  # control characters are text; only the rows are judged
    assert drafts and all(d.row for d in drafts) and all(d.error or d.text.strip() for d in drafts)
    high_bytes = tmp_path / "high.csv"
    high_bytes.write_bytes(b"text\n" + b"\n".join(bytes(range(128 + i, 256, 3)) for i in range(3)) + b"\n")
    drafts = list(read_batch(high_bytes))
    assert [d.row for d in drafts] == [2, 3, 4] and all("UTF-8" in d.error for d in drafts)


def test_input_files_are_never_modified(tmp_path):
    files = {
        "a.txt": "---\nto: Sarah Chen\n---\nHi Sarah, could we hop on a quick call?\n",
        "b.md": "Hi {first_name}, I came across your profile.\r\n",
        "c.jsonl": '{"text": "Hi Sarah, quick call?"}\n{"text": "Hello [Name]"}\n',
        "d.csv": "text\n\"Hi there, let's connect!\"\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    paths = sorted(tmp_path.iterdir())
    before = snapshot(paths)
    for fmt in ("text", "json", "sarif", "github", "csv"):
        invoke("check", *paths, "--no-config", "--format", fmt)
    assert snapshot(paths) == before
    assert sorted(tmp_path.iterdir()) == paths  # and nothing was written next to them


# -- output that a hostile draft cannot corrupt ------------------------------------------------------------

def test_terminal_escapes_in_a_draft_are_not_replayed_to_the_terminal(tmp_path):
    path = tmp_path / "evil\x1b[2J.txt"
    path.write_text("Hi {first_name}, could we hop on a \x1b]0;owned\x07quick call?\x1b[1A\x1b[2K\r"
                    "\u202eI came across your profile.\n")
    result = invoke("check", path, "--no-config", "--no-color")
    assert result.exit_code in (1, 2)
    assert "quick call" in result.stdout
    for bad in ("\x1b", "\x07", "\r", "\u202e"):
        assert bad not in result.stdout, repr(bad)


def test_jsonl_lines_survive_str_splitlines(tmp_path):
    path = tmp_path / "seps.jsonl"
    rows = [{"id": f"r{i}", "text": f"Hi Sarah,{sep}could we hop on a quick call?"}
            for i, sep in enumerate(["\u2028", "\u2029", "\x85", "\x1c", "\x0b", "\x0c", "\r"])]
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    result = invoke("check", path, "--no-config", "--no-campaign", "--format", "jsonl")
    lines = result.stdout.splitlines()  # also splits at U+2028, U+2029 and U+0085
    assert [json.loads(line)["id"] for line in lines] == [row["id"] for row in rows]
