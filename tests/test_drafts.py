"""Reading drafts: front matter, decoding, folders, limits, and never touching the input files."""

from __future__ import annotations

import codecs
import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter import InputError
from linter.cli import main
from linter.drafts import expand_paths, read_draft, read_stdin
from packs import rule_yaml, write_pack

BODY = "Hi Sarah, I was at your PyData talk on feature stores.\nGlad to connect. - Marco\n"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def input_error(path: Path, **kw) -> InputError:
    with pytest.raises(InputError) as info:
        read_draft(path, **kw)
    return info.value


# -- front matter ------------------------------------------------------------------------------

def test_front_matter_sets_every_field_and_is_stripped(tmp_path):
    source = ("---\nto: Sarah Chen\nchannel: linkedin-note\nignore: [GN03, generic]\ntemplate: true\n"
              "id: campaign-7\n---\n" + BODY)
    draft = read_draft(write(tmp_path / "d.txt", source))
    assert draft.text == BODY
    assert (draft.to, draft.channel, draft.ignore, draft.template, draft.id) == (
        "Sarah Chen", "linkedin-note", ("GN03", "generic"), True, "campaign-7")
    assert draft.body_line == source.split("\n").index("---", 1) + 2
    assert source.split("\n")[draft.body_line - 1] == BODY.split("\n")[0]


def test_without_front_matter_the_whole_file_is_the_body(tmp_path):
    path = write(tmp_path / "d.txt", BODY)
    draft = read_draft(path)
    assert draft.text == BODY and draft.body_line == 1 and draft.id == str(path)
    assert (draft.to, draft.channel, draft.template, draft.ignore) == (None, None, False, ())


def test_a_single_ignore_may_be_a_plain_string(tmp_path):
    assert read_draft(write(tmp_path / "d.txt", "---\nignore: GN03\n---\n" + BODY)).ignore == ("GN03",)


def test_front_matter_with_windows_line_endings(tmp_path):
    source = "---\r\nto: Sarah Chen\r\n---\r\nHi Sarah, hello.\r\n"
    draft = read_draft(write(tmp_path / "d.txt", source))
    assert draft.to == "Sarah Chen" and draft.text == "Hi Sarah, hello.\r\n" and draft.body_line == 4


def test_unknown_front_matter_key_names_the_line_and_suggests(tmp_path):
    source = "---\nto: Sarah Chen\nchanel: linkedin-note\n---\n" + BODY
    err = input_error(write(tmp_path / "d.txt", source))
    assert err.line == 3
    assert "unknown key 'chanel'" in err.message and "did you mean 'channel'?" in err.message


def test_unknown_channel_in_front_matter(tmp_path):
    err = input_error(write(tmp_path / "d.txt", "---\nchannel: linkdin-note\n---\n" + BODY))
    assert err.line == 2 and "unknown channel 'linkdin-note'" in err.message and "linkedin-note" in err.message


def test_template_must_be_a_boolean(tmp_path):
    err = input_error(write(tmp_path / "d.txt", "---\ntemplate: maybe\n---\n" + BODY))
    assert err.line == 2 and "'template' must be true or false" in err.message


def test_malformed_front_matter_yaml_reports_the_file_line(tmp_path):
    source = "---\nto: Sarah Chen\nchannel: [linkedin-note\nid: x\n---\n" + BODY
    err = input_error(write(tmp_path / "d.txt", source))
    assert "front matter" in err.message and "invalid YAML" in err.message
    assert err.line in (3, 4)  # the unclosed '[' on line 3 is noticed by line 4 at the latest


def test_duplicate_front_matter_key(tmp_path):
    err = input_error(write(tmp_path / "d.txt", "---\nto: Sarah\nto: Bob\n---\n" + BODY))
    assert err.line == 3 and "duplicate key 'to'" in err.message


def test_front_matter_that_is_not_a_mapping(tmp_path):
    err = input_error(write(tmp_path / "d.txt", "---\n- Sarah\n- Bob\n---\n" + BODY))
    assert "must be a mapping" in err.message


def test_unclosed_front_matter(tmp_path):
    err = input_error(write(tmp_path / "d.txt", "---\nto: Sarah Chen\n" + BODY))
    assert err.line == 1 and "no closing '---'" in err.message


def test_empty_body_after_front_matter_is_refused(tmp_path):
    err = input_error(write(tmp_path / "d.txt", "---\nto: Sarah Chen\n---\n  \n\n"))
    assert "empty draft" in err.message and "after the front matter" in err.message


# -- decoding ----------------------------------------------------------------------------------

TEXT = "Hi José, loved your talk on Zürich's “bike lanes” — thanks! 😀\n"


def test_utf8(tmp_path):
    draft = read_draft(write(tmp_path / "d.txt", TEXT.encode("utf-8")))
    assert draft.text == TEXT and draft.notices == ()


def test_utf8_with_bom_is_stripped_and_front_matter_still_found(tmp_path):
    draft = read_draft(write(tmp_path / "d.txt", codecs.BOM_UTF8 + ("---\nto: José Ruiz\n---\n" + TEXT).encode()))
    assert draft.text == TEXT and draft.to == "José Ruiz"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path, codec):
    data = TEXT.encode(codec)
    if codec != "utf-16":  # the explicit-endian codecs write no BOM: add the right one
        data = (codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE) + data
    draft = read_draft(write(tmp_path / "d.txt", data))
    assert draft.text == TEXT


def test_windows_1252_fallback_with_a_notice(tmp_path):
    text = "Hi José,\nloved the “caf\u00e9” talk – thanks.\n"
    path = write(tmp_path / "d.txt", text.encode("cp1252"))
    draft = read_draft(path)
    assert draft.text == text
    (notice,) = draft.notices
    assert "Windows-1252" in notice and "line 1" in notice and str(path) in notice


def test_latin1_bytes_decode_with_a_notice(tmp_path):
    text = "Hola Mar\u00eda, \u00bfqu\u00e9 tal?\n"
    draft = read_draft(write(tmp_path / "d.txt", text.encode("latin-1")))
    assert draft.text == text and draft.notices


def test_explicit_encoding_wins(tmp_path):
    text = "Hi Zo\u00eb, saw your talk.\n"
    draft = read_draft(write(tmp_path / "d.txt", text.encode("latin-1")), encoding="latin-1")
    assert draft.text == text and draft.notices == ()


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
    b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00",
    "Hi Sarah".encode("utf-16-le"),  # UTF-16 without a BOM cannot be told from binary
], ids=["png", "elf", "utf16-no-bom"])
def test_binary_is_refused(tmp_path, data):
    err = input_error(write(tmp_path / "d.txt", data))
    assert "binary" in err.message and err.path == str(tmp_path / "d.txt")


@pytest.mark.parametrize("data", [b"", b"   \n\t\n\r\n", codecs.BOM_UTF8 + b"\n\n"], ids=["empty", "whitespace", "bom-only"])
def test_empty_and_whitespace_only_are_refused(tmp_path, data):
    assert "empty draft" in input_error(write(tmp_path / "d.txt", data)).message


def test_max_bytes(tmp_path):
    data = BODY.encode()
    path = write(tmp_path / "d.txt", data)
    assert read_draft(path, max_bytes=len(data)).text == BODY
    err = input_error(path, max_bytes=len(data) - 1)
    assert f"{len(data) - 1:,}-byte limit" in err.message and "--max-bytes" in err.message


def test_missing_file_and_folder_as_file(tmp_path):
    assert "no such file" in input_error(tmp_path / "nope.txt").message
    assert "folder" in input_error(tmp_path).message


def test_stdin_is_read_as_bytes_and_parsed_like_a_file():
    draft = read_stdin(stream=io.BytesIO(("---\nto: Sarah Chen\n---\n" + TEXT).encode("utf-8")))
    assert draft.text == TEXT and draft.to == "Sarah Chen" and draft.id == "<stdin>"
    with pytest.raises(InputError):
        read_stdin(stream=io.BytesIO(b""))
    with pytest.raises(InputError) as info:
        read_stdin(max_bytes=4, stream=io.BytesIO(b"Hello there"))
    assert "limit" in info.value.message


# -- folders -----------------------------------------------------------------------------------

def test_folders_are_searched_recursively_for_txt_and_md_only(tmp_path):
    for rel in ["a.txt", "sub/b.md", "sub/deeper/c.TXT", "notes.yaml", "data.csv", "rows.jsonl", "img.png", "README"]:
        write(tmp_path / "drafts" / rel, BODY)
    found = [Path(p) for p in expand_paths([str(tmp_path / "drafts")])]
    rels = sorted(p.relative_to(tmp_path / "drafts").as_posix() for p in found)
    assert rels == ["a.txt", "sub/b.md", "sub/deeper/c.TXT"]


def test_files_and_stdin_are_passed_through_in_order(tmp_path):
    a = write(tmp_path / "a.yaml", BODY)  # named explicitly: used whatever its suffix
    b = write(tmp_path / "b.txt", BODY)
    assert list(expand_paths([str(b), "-", str(a)])) == [b, "-", a]


def test_folder_without_drafts_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    write(tmp_path / "other" / "notes.yaml", "x: 1")
    for name in ("empty", "other"):
        with pytest.raises(InputError) as info:
            list(expand_paths([str(tmp_path / name)]))
        assert "no drafts" in info.value.message and info.value.path == str(tmp_path / name)


def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(InputError) as info:
        list(expand_paths([str(tmp_path / "nope")]))
    assert "no such file or folder" in info.value.message


# -- inputs are never modified -------------------------------------------------------------------

def test_checking_never_modifies_inputs(tmp_path, monkeypatch):
    files = {
        "drafts/plain.txt": BODY.encode(),
        "drafts/front.md": ("---\nto: Sarah Chen\nchannel: linkedin-note\n---\n" + BODY).encode(),
        "drafts/bom.txt": codecs.BOM_UTF8 + BODY.encode(),
        "drafts/cp1252.txt": "Hi Jos\u00e9, \u201cthanks\u201d.\r\n".encode("cp1252"),
        "drafts/utf16.txt": BODY.encode("utf-16"),
        "drafts/sub/crlf.txt": BODY.replace("\n", "\r\n").encode(),
        "drafts/binary.txt": b"\x00\x01\x02 not text",
    }
    for rel, data in files.items():
        write(tmp_path / rel, data)
    pack = write_pack(tmp_path / "pack", {"r.yaml": rule_yaml("XQ01", '{kind: phrase, phrases: ["glad"]}')})
    old = 1_500_000_000
    for path in [*tmp_path.rglob("*.txt"), *tmp_path.rglob("*.md"), pack / "r.yaml"]:
        os.utime(path, ns=(old * 10**9, old * 10**9))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.rglob("*") if p.is_file()}
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for args in (["check", "drafts"], ["check", "drafts", "--format", "json"], ["check", "--rules", str(pack), "drafts"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, result.output  # the binary file is an input error
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before


def test_cli_max_bytes(tmp_path, monkeypatch):
    path = write(tmp_path / "d.txt", BODY)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    too_small = runner.invoke(main, ["check", "--max-bytes", str(len(BODY.encode()) - 1), str(path)])
    assert too_small.exit_code == 2 and "limit" in too_small.stderr and str(path) in too_small.stderr
    enough = runner.invoke(main, ["check", "--max-bytes", str(len(BODY.encode())), "--format", "json", str(path)])
    assert enough.exit_code in (0, 1), enough.stderr


def test_cli_reports_the_decoding_notice(tmp_path, monkeypatch):
    path = write(tmp_path / "d.txt", "Hi Jos\u00e9, loved the talk.\n".encode("cp1252"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
    (report,) = json.loads(result.stdout)["reports"]
    assert any("Windows-1252" in n for n in report["notices"])
