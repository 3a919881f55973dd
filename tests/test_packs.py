"""Packs: pack.yaml, extends, precedence and explicit overrides, installed (entry-point) packs, symlinks."""

from __future__ import annotations

import sys
import textwrap

import pytest

from linter import Linter, RuleError, load_ruleset
from packs import rule_yaml, write_pack

PHRASE = '{kind: phrase, phrases: ["salary"]}'


def test_pack_yaml_names_the_pack(tmp_path):
    pack = write_pack(tmp_path / "folder", {
        "pack.yaml": "name: recruiting\nversion: 1.2.0\ndescription: House rules.\n",
        "r/RC01-salary.yaml": rule_yaml("RC01", PHRASE, group="recruiting", fail='["salary talk"]'),
    })
    ruleset = load_ruleset([pack], builtin=False)
    assert ruleset.get("RC01").pack == "recruiting"


def test_unknown_pack_yaml_key_is_an_error_with_line(tmp_path):
    pack = write_pack(tmp_path / "p", {"pack.yaml": "name: x\nversoin: 1\n"})
    with pytest.raises(RuleError) as info:
        load_ruleset([pack], builtin=False)
    assert info.value.line == 2 and "did you mean 'version'" in str(info.value)


def test_extends_loads_the_base_pack_first(tmp_path):
    base = write_pack(tmp_path / "base", {"RC01.yaml": rule_yaml("RC01", PHRASE, group="recruiting")})
    child = write_pack(tmp_path / "child", {
        "pack.yaml": "name: child\nextends: [../base]\n",
        "RC02.yaml": rule_yaml("RC02", '{kind: phrase, phrases: ["urgent"]}', group="recruiting"),
    })
    ruleset = load_ruleset([child], builtin=False)
    assert [r.id for r in ruleset.rules] == ["RC01", "RC02"]
    assert ruleset.get("RC01").pack == "base"
    assert base.exists()


def test_extends_loop_is_an_error(tmp_path):
    write_pack(tmp_path / "a", {"pack.yaml": "name: a\nextends: [../b]\n"})
    b = write_pack(tmp_path / "b", {"pack.yaml": "name: b\nextends: [../a]\n"})
    with pytest.raises(RuleError, match="loop"):
        load_ruleset([b], builtin=False)


def test_repeated_id_without_override_is_an_error(tmp_path):
    one = write_pack(tmp_path / "one", {"RC01.yaml": rule_yaml("RC01", PHRASE, group="recruiting")})
    two = write_pack(tmp_path / "two", {"RC01.yaml": rule_yaml("RC01", PHRASE, group="recruiting")})
    with pytest.raises(RuleError, match="override: true"):
        load_ruleset([one, two], builtin=False)


def test_later_pack_overrides_with_explicit_flag(tmp_path):
    one = write_pack(tmp_path / "one", {"RC01.yaml": rule_yaml("RC01", PHRASE, group="recruiting", weight=10)})
    two = write_pack(tmp_path / "two", {
        "RC01.yaml": rule_yaml("RC01", PHRASE, group="recruiting", weight=30, extra="override: true")})
    ruleset = load_ruleset([one, two], builtin=False)
    assert len(ruleset.rules) == 1 and ruleset.get("RC01").weight == 30 and ruleset.get("RC01").pack == "two"


def test_override_of_a_builtin_rule(tmp_path):
    pack = write_pack(tmp_path / "team", {
        "GN06.yaml": rule_yaml("GN06", '{kind: phrase, phrases: ["quick question"]}', group="generic",
                               name="stock-pleasantry", severity="error", weight=40, extra="override: true",
                               fail='["Quick question for you"]'),
    })
    linter = Linter(load_ruleset([pack]))
    report = linter.check("Hi Sam, quick question about your Rust talk at RustConf.", to="Sam Lee")
    hit = [f for f in report.findings if f.rule == "GN06"]
    assert hit and hit[0].severity == "error" and not report.passed


def test_override_of_nothing_is_an_error(tmp_path):
    pack = write_pack(tmp_path / "p", {"RC01.yaml": rule_yaml("RC01", PHRASE, group="recruiting", extra="override: true")})
    with pytest.raises(RuleError, match="no earlier pack"):
        load_ruleset([pack], builtin=False)


def test_symlink_out_of_pack_is_refused(tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text(rule_yaml("RC01", PHRASE, group="recruiting"), encoding="utf-8")
    pack = write_pack(tmp_path / "pack", {})
    (pack / "RC01.yaml").symlink_to(outside)
    with pytest.raises(RuleError, match="outside the pack"):
        load_ruleset([pack], builtin=False)


@pytest.fixture
def installed_pack(tmp_path, monkeypatch):
    """A tiny installed distribution exposing a pack through the introlint.packs entry point."""
    site = tmp_path / "site"
    pkg = site / "acme_rules"
    write_pack(pkg, {
        "__init__.py": "from pathlib import Path\n\ndef rules_folder():\n    return Path(__file__).parent / 'rules'\n",
        "rules/pack.yaml": "name: acme\nversion: 0.1.0\n",
        "rules/AC01-no-urgent.yaml": rule_yaml("AC01", '{kind: phrase, phrases: ["urgent"]}', group="acme",
                                               name="no-urgent", fail='["This is urgent"]', pass_='["No rush"]'),
    })
    info = site / "acme_rules-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-rules\nVersion: 0.1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[introlint.packs]\nacme = acme_rules:rules_folder\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    yield "acme"
    sys.modules.pop("acme_rules", None)


def test_installed_pack_by_name(installed_pack):
    ruleset = load_ruleset([installed_pack])
    rule = ruleset.get("AC01")
    assert rule.pack == "acme"
    report = Linter(ruleset).check("Hi Dana, this is urgent: we met at PyCon.", to="Dana Park")
    assert "AC01" in {f.rule for f in report.findings}


def test_unknown_installed_pack_is_an_error(installed_pack):
    with pytest.raises(RuleError) as info:
        load_ruleset(["acmee"])
    assert "did you mean 'acme'" in str(info.value)


def test_config_packs_resolve_relative_to_the_config(tmp_path):
    from linter.config import load_config

    write_pack(tmp_path / "rules", {"RC01.yaml": rule_yaml("RC01", PHRASE, group="recruiting")})
    cfg = tmp_path / "team" / ".introlint.yaml"
    cfg.parent.mkdir()
    cfg.write_text(textwrap.dedent("packs: [../rules]\n"), encoding="utf-8")
    config = load_config(cfg)
    assert config.packs == ((tmp_path / "rules").resolve(),)
