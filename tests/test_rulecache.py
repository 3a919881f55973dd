"""The on-disk rule cache: hits equal a fresh load, any change or damage means a normal load, errors stay the same."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter import RuleError, load_ruleset
from linter import ruleset as ruleset_module
from linter.cli import main
from linter.rulecache import FORMAT, MAGIC, MAX_ENTRIES, cache_dir
from packs import line_of, rule_yaml, write_pack

ROOT = Path(__file__).resolve().parent.parent

RULE = rule_yaml("XA01", '{kind: regex, pattern: "pick your brain"}', message="Asks to pick a brain ('{match}').",
                 fail='["Can I pick your brain?"]', pass_='["Thanks for the talk."]')
TOKEN_RULE = rule_yaml("XA02", '{kind: token, patterns: [[{LOWER: "quick"}, {LOWER: "call"}]]}')


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("INTROLINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("INTROLINT_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def pack(tmp_path) -> Path:
    return write_pack(tmp_path / "pack", {"XA01-pick.yaml": RULE, "XA02-call.yaml": TOKEN_RULE})


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("ruleset-*.pickle")) if folder.is_dir() else []


def no_loading(monkeypatch) -> None:
    """Make any real load fail, so a passing call proves the result came from the cache."""
    def refuse(sources):
        raise AssertionError("the rule files were parsed although the cache should have answered")

    monkeypatch.setattr(ruleset_module, "_load_packs", refuse)


def lines(value, out=None) -> list:
    """Every YAML line the loaded rules remember (Located containers carry them into error messages)."""
    out = [] if out is None else out
    if hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            lines(getattr(value, name), out)
    elif isinstance(value, Mapping):
        out.append(("map", getattr(value, "line", None), dict(getattr(value, "key_lines", {}))))
        for item in value.values():
            lines(item, out)
    elif isinstance(value, (list, tuple)):
        out.append(("seq", getattr(value, "line", None), list(getattr(value, "item_lines", []))))
        for item in value:
            lines(item, out)
    return out


# -- hits ---------------------------------------------------------------------------------------

def test_a_hit_returns_an_equal_ruleset_without_parsing(cache, pack, monkeypatch):
    fresh = load_ruleset([pack], builtin=False)
    first = load_ruleset([pack], builtin=False, cache=True)
    assert first == fresh
    assert len(entries(cache)) == 1
    no_loading(monkeypatch)
    hit = load_ruleset([pack], builtin=False, cache=True)
    assert hit == fresh
    assert lines(hit) == lines(fresh)  # file lines for errors found later (e.g. when matchers compile)
    assert hit.get("XA02").match.params["patterns"].line_of(0) == fresh.get("XA02").match.params["patterns"].line_of(0)


def test_the_builtin_rules_round_trip(cache, monkeypatch):
    fresh = load_ruleset()
    load_ruleset(cache=True)
    no_loading(monkeypatch)
    hit = load_ruleset(cache=True)
    assert hit == fresh and lines(hit) == lines(fresh)
    assert [r.path for r in hit.rules] == [r.path for r in fresh.rules]


def test_a_summary_comes_from_the_same_entry_without_parsing(cache, pack, monkeypatch):
    fresh = load_ruleset([pack], builtin=False)
    cold = load_ruleset([pack], builtin=False, cache=True, summary=True)  # a miss stores the whole entry
    assert cold == fresh.summary() == load_ruleset([pack], builtin=False, summary=True)
    assert [r.id for r in cold.rules] == ["XA01", "XA02"] and not hasattr(cold.rules[0], "match")
    no_loading(monkeypatch)
    assert load_ruleset([pack], builtin=False, cache=True, summary=True) == cold
    assert load_ruleset([pack], builtin=False, cache=True) == fresh
    assert len(entries(cache)) == 1


def test_check_reports_the_same_with_and_without_the_cache(cache, tmp_path, monkeypatch):
    draft = tmp_path / "draft.txt"
    draft.write_text("Hi Sam, can I pick your brain on a quick call? Book a demo here: {first_name}\n")
    runner = CliRunner()
    args = ["check", "--no-config", "--format", "json", str(draft)]
    monkeypatch.setenv("INTROLINT_NO_CACHE", "1")
    plain = runner.invoke(main, args)
    monkeypatch.delenv("INTROLINT_NO_CACHE")
    cold = runner.invoke(main, args)
    assert len(entries(cache)) == 1
    warm = runner.invoke(main, args)
    assert plain.exit_code == cold.exit_code == warm.exit_code == 1
    assert json.loads(plain.output) == json.loads(cold.output) == json.loads(warm.output)


# -- invalidation -------------------------------------------------------------------------------

def test_editing_one_byte_invalidates_even_with_the_same_mtime(cache, pack, monkeypatch):
    path = pack / "XA01-pick.yaml"
    load_ruleset([pack], builtin=False, cache=True)
    before = path.stat()
    path.write_bytes(path.read_bytes().replace(b"Asks to pick", b"Asks to kick"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_mtime_ns == before.st_mtime_ns and path.stat().st_size == before.st_size
    edited = load_ruleset([pack], builtin=False, cache=True)
    assert edited.get("XA01").message.startswith("Asks to kick")
    assert edited == load_ruleset([pack], builtin=False)
    assert len(entries(cache)) == 2


def test_adding_a_rule_file_or_changing_pack_yaml_invalidates(cache, pack):
    load_ruleset([pack], builtin=False, cache=True)
    write_pack(pack, {"sub/XA03-more.yaml": rule_yaml("XA03", '{kind: regex, pattern: "more"}')})
    assert load_ruleset([pack], builtin=False, cache=True).ids() == {"XA01", "XA02", "XA03"}
    (pack / "pack.yaml").write_text("name: team\n")
    assert {r.pack for r in load_ruleset([pack], builtin=False, cache=True).rules} == {"team"}


def test_a_file_edited_while_loading_is_not_stored_under_its_old_bytes(cache, pack, monkeypatch):
    path = pack / "XA01-pick.yaml"
    real = ruleset_module._load_packs

    def edit_then_load(sources):  # the edit lands after the key was computed, before the file is parsed
        path.write_text(RULE.replace("Asks to pick", "Asks to kick"))
        return real(sources)

    monkeypatch.setattr(ruleset_module, "_load_packs", edit_then_load)
    assert load_ruleset([pack], builtin=False, cache=True).get("XA01").message.startswith("Asks to kick")
    assert entries(cache) == []
    monkeypatch.setattr(ruleset_module, "_load_packs", real)
    path.write_text(RULE)
    assert load_ruleset([pack], builtin=False, cache=True).get("XA01").message.startswith("Asks to pick")


# -- damage and failures ------------------------------------------------------------------------

def _framed(pickled: bytes) -> bytes:
    """An intact entry whose summary and whole RuleSet are both `pickled`."""
    payload = len(pickled).to_bytes(8, "little") + pickled + pickled
    return MAGIC + hashlib.sha256(payload).digest() + payload


@pytest.mark.parametrize("summary", [False, True], ids=["whole", "summary"])
@pytest.mark.parametrize("damage", [
    lambda data: b"",
    lambda data: data[: len(data) // 2],
    lambda data: data[:-1] + bytes([data[-1] ^ 1]),
    lambda data: b"not a cache entry at all",
    lambda data: _framed(b"\x80\x05garbage"),
    lambda data: _framed(pickle.dumps((FORMAT + 1, "a future format"))),
    lambda data: _framed(pickle.dumps((FORMAT, {"not": "a RuleSet"}))),
    lambda data: MAGIC + hashlib.sha256(b"\xff" * 8).digest() + b"\xff" * 8,
], ids=["empty", "truncated", "flipped-bit", "garbage", "bad-pickle", "other-format", "wrong-type", "bad-length"])
def test_a_damaged_entry_falls_back_to_loading_and_is_replaced(cache, pack, damage, summary):
    fresh = load_ruleset([pack], builtin=False, cache=True)
    [entry] = entries(cache)
    entry.write_bytes(damage(entry.read_bytes()))
    expected = fresh.summary() if summary else fresh
    assert load_ruleset([pack], builtin=False, cache=True, summary=summary) == expected
    [entry] = entries(cache)
    assert entry.read_bytes().startswith(MAGIC) and len(entry.read_bytes()) > 1000  # rewritten whole


def test_an_entry_owned_by_someone_else_is_not_read(cache, pack, monkeypatch):
    load_ruleset([pack], builtin=False, cache=True)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(entries(cache)[0]).st_uid + 1)
    calls = []
    real = ruleset_module._load_packs
    monkeypatch.setattr(ruleset_module, "_load_packs", lambda sources: calls.append(1) or real(sources))
    load_ruleset([pack], builtin=False, cache=True)
    assert calls == [1]


def test_a_cache_folder_that_cannot_be_created_is_ignored(tmp_path, pack, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("INTROLINT_CACHE_DIR", str(blocker / "cache"))
    assert load_ruleset([pack], builtin=False, cache=True) == load_ruleset([pack], builtin=False)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can write to read-only folders")
def test_a_read_only_cache_folder_is_ignored(cache, pack):
    cache.mkdir()
    cache.chmod(0o500)
    try:
        assert load_ruleset([pack], builtin=False, cache=True) == load_ruleset([pack], builtin=False)
        assert entries(cache) == []
    finally:
        cache.chmod(0o700)


def test_the_cache_keeps_only_a_few_entries(cache, tmp_path):
    for i in range(MAX_ENTRIES + 3):
        folder = write_pack(tmp_path / f"pack{i}", {"XA01-pick.yaml": RULE.replace("Asks", f"Asks{i}")})
        load_ruleset([folder], builtin=False, cache=True)
    assert len(entries(cache)) == MAX_ENTRIES


def test_no_cache_env_var_turns_it_off(cache, pack, monkeypatch):
    load_ruleset([pack], builtin=False, cache=True)
    monkeypatch.setenv("INTROLINT_NO_CACHE", "1")
    calls = []
    real = ruleset_module._load_packs
    monkeypatch.setattr(ruleset_module, "_load_packs", lambda sources: calls.append(1) or real(sources))
    other = write_pack(pack.parent / "other", {"XA01-pick.yaml": RULE})
    load_ruleset([pack], builtin=False, cache=True)
    load_ruleset([other], builtin=False, cache=True)
    assert calls == [1, 1]
    assert len(entries(cache)) == 1


def test_the_library_does_not_cache_unless_asked(cache, pack):
    load_ruleset([pack], builtin=False)
    assert entries(cache) == []


def test_where_the_cache_lives(tmp_path, monkeypatch):
    monkeypatch.delenv("INTROLINT_CACHE_DIR", raising=False)
    monkeypatch.delenv("INTROLINT_NO_CACHE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert cache_dir() == tmp_path / "home" / ".cache" / "introlint"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    assert cache_dir() == tmp_path / "home" / ".cache" / "introlint"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "introlint"
    monkeypatch.setenv("INTROLINT_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"
    monkeypatch.setenv("INTROLINT_NO_CACHE", "1")
    assert cache_dir() is None


# -- errors -------------------------------------------------------------------------------------

def _error(pack: Path, cache: bool) -> RuleError:
    with pytest.raises(RuleError) as info:
        load_ruleset([pack], builtin=False, cache=cache)
    return info.value


def test_an_invalid_rule_file_errors_exactly_as_without_the_cache(cache, pack):
    load_ruleset([pack], builtin=False, cache=True)
    path = pack / "XA01-pick.yaml"
    text = RULE.replace("severity: warning", "severity: warning\nweigth: 3")
    path.write_text(text)
    cached, plain = _error(pack, True), _error(pack, False)
    assert str(cached) == str(plain)
    assert (cached.path, cached.line) == (str(path), line_of(text, "weigth"))
    assert "weigth" in cached.message
    assert len(entries(cache)) == 1  # the broken set was not stored
    path.write_text(RULE)  # fixed again: the old entry answers
    assert load_ruleset([pack], builtin=False, cache=True) == load_ruleset([pack], builtin=False)


def test_a_set_with_errors_is_never_stored(cache, tmp_path):
    broken = write_pack(tmp_path / "broken", {"XA01-pick.yaml": RULE.replace("pick your brain", "(unclosed")})
    for _ in range(2):
        error = _error(broken, True)
        assert "bad regex" in error.message and error.line == line_of(RULE, "match:")
    assert entries(cache) == []


def test_the_cli_reports_rule_errors_the_same_with_a_warm_cache(cache, pack, monkeypatch):
    runner = CliRunner()
    args = ["rules", "list", "--no-config", "--only-rules", str(pack)]
    assert runner.invoke(main, args).exit_code == 0
    (pack / "XA02-call.yaml").write_text(TOKEN_RULE.replace("kind: token", "kind: tokn"))
    with_cache = runner.invoke(main, args)
    monkeypatch.setenv("INTROLINT_NO_CACHE", "1")
    without = runner.invoke(main, args)
    assert with_cache.exit_code == without.exit_code == 2
    assert with_cache.output == without.output
    assert "XA02-call.yaml" in with_cache.output and "tokn" in with_cache.output


# -- start-up -----------------------------------------------------------------------------------

LIST = """
import sys
from linter.cli import main
try:
    main(["rules", "list", "--no-config"], prog_name="introlint")
except SystemExit as exc:
    assert exc.code == 0, exc.code
sys.stderr.write("MODULES=%s" % sorted(m for m in ("yaml", "re2", "spacy", "linter.loader") if m in sys.modules))
"""


def test_rules_list_from_a_warm_cache_skips_yaml_and_validation(tmp_path):
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "INTROLINT_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", LIST], capture_output=True, text=True, cwd=tmp_path, env=env,
                           timeout=120) for _ in range(2)]
    assert "MODULES=['linter.loader', 're2', 'yaml']" in runs[0].stderr, runs[0].stderr  # cold: parsed, no spaCy
    assert "MODULES=[]" in runs[1].stderr, runs[1].stderr  # warm: none of it
    assert runs[0].stdout == runs[1].stdout and "FA01" in runs[0].stdout
