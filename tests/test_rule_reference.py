"""The generated rule reference is fresh, and every built-in rule file validates against the JSON Schema."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml

from linter import load_ruleset
from linter.docs import markdown_reference
from linter.ruleset import builtin_rules_dir, rule_files
from linter.schema import rule_schema

ROOT = Path(__file__).resolve().parent.parent


def test_docs_rules_md_is_up_to_date():
    expected = markdown_reference(load_ruleset())
    actual = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/rules.md is stale: run `introlint rules docs -o docs/rules.md --force`"


@pytest.fixture(scope="module")
def validator():
    schema = rule_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", rule_files(builtin_rules_dir()), ids=lambda p: p.name)
def test_builtin_rule_files_validate_against_schema(validator, path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, f"{path}: {errors[0].message}"


def test_team_pack_validates_against_schema(validator):
    for path in rule_files(ROOT / "examples" / "team-pack"):
        assert validator.is_valid(yaml.safe_load(path.read_text(encoding="utf-8"))), path


@pytest.mark.parametrize("broken", [
    {"id": "FA99", "name": "x", "group": "favor-asking", "severity": "warning", "weight": 1, "message": "m",
     "suggestion": "s", "match": {"kind": "phrase", "phrases": ["a"]}, "docs": {"what": "w", "why": "y", "bad": "b",
     "good": "g"}, "examples": {"fail": ["a"], "pass": ["b"]}, "severty": "error"},
    {"id": "FA99", "name": "x", "group": "favor-asking", "severity": "warning", "weight": 1, "message": "m",
     "suggestion": "s", "match": {"kind": "phrase", "phrase": ["a"]}, "docs": {"what": "w", "why": "y", "bad": "b",
     "good": "g"}, "examples": {"fail": ["a"], "pass": ["b"]}},
    {"id": "FA99", "name": "x", "group": "favor-asking", "severity": "fatal", "weight": 1, "message": "m",
     "suggestion": "s", "match": {"kind": "phrase", "phrases": ["a"]}, "docs": {"what": "w", "why": "y", "bad": "b",
     "good": "g"}, "examples": {"fail": ["a"], "pass": ["b"]}},
], ids=["unknown-header-key", "unknown-matcher-key", "bad-severity"])
def test_schema_rejects_what_the_loader_rejects(validator, broken):
    assert not validator.is_valid(broken)
