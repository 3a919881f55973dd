"""The JSON Schema of rule and signal files, built from the same constants the loader checks."""

from __future__ import annotations

from .kinds import KINDS
from .kinds.entity import LABELS
from .kinds.phrase import ATTRS
from .kinds.recipient import TESTS
from .metrics import METRICS
from .rule import CHANNELS, SCOPES, SEVERITIES, STATUSES
from .settings import DEFAULTS

SCHEMA_ID = "https://introlint.dev/schema/rule.json"


def _str_list():
    return {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}


def _matcher_variants() -> list[dict]:
    number_or_setting = {"anyOf": [{"type": "number"}, {"type": "string", "enum": [f"${k}" for k in DEFAULTS]}]}
    token_pattern = {"type": "array", "items": {"type": "array", "minItems": 1, "items": {"type": "object"}}, "minItems": 1}
    specific = {
        "phrase": ({"phrases": _str_list(), "attr": {"enum": list(ATTRS)}}, ["phrases"]),
        "token": ({"patterns": token_pattern}, ["patterns"]),
        "dependency": ({"patterns": token_pattern}, ["patterns"]),
        "regex": ({"pattern": {"type": "string"}, "patterns": _str_list(), "ignorecase": {"type": "boolean"}}, []),
        "metric": ({"metric": {"enum": list(METRICS)}, "min": number_or_setting, "max": number_or_setting}, ["metric"]),
        "entity": ({"labels": {"type": "array", "items": {"enum": list(LABELS)}, "minItems": 1}}, ["labels"]),
        "signal": ({"signal": {"type": "string"}}, ["signal"]),
        "recipient": ({"test": {"enum": list(TESTS)}}, ["test"]),
        "campaign": ({"min_cluster": {"type": "integer", "minimum": 2}}, []),
    }
    for name in ("all", "any", "none"):
        specific[name] = ({"of": {"type": "array", "items": {"$ref": "#/$defs/matcher"}, "minItems": 1, "maxItems": 50}}, ["of"])
    specific["any"][0]["at_least"] = {"type": "integer", "minimum": 1}
    assert set(specific) == set(KINDS), "every kind needs a schema"
    variants = []
    for kind, (props, required) in specific.items():
        variants.append({
            "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
            "then": {
                "properties": {"kind": {"const": kind}, "scope": {"enum": list(SCOPES)}, **props},
                "required": ["kind", *required],
                "additionalProperties": False,
            },
        })
    return variants


def _examples(kinds: tuple[str, str]) -> dict:
    item = {"anyOf": [
        {"type": "string", "minLength": 1},
        {"type": "object", "required": ["text"], "additionalProperties": False, "properties": {
            "text": {"type": "string"}, "to": {"type": "string"}, "channel": {"enum": list(CHANNELS)},
            "template": {"type": "boolean"}, "cluster_size": {"type": "integer", "minimum": 1}}},
    ]}
    return {"type": "object", "additionalProperties": False, "required": list(kinds),
            "properties": {k: {"type": "array", "items": item, "minItems": 1} for k in kinds}}


def rule_schema() -> dict:
    """A JSON Schema (2020-12) accepting rule files and signal files."""
    docs = {"type": "object", "additionalProperties": False, "required": ["what", "why", "bad", "good"],
            "properties": {k: {"type": "string"} for k in ("what", "why", "bad", "good", "source")}}
    rule = {
        "type": "object", "additionalProperties": False,
        "required": ["id", "name", "group", "severity", "weight", "message", "suggestion", "match", "docs", "examples"],
        "properties": {
            "id": {"type": "string", "pattern": "^[A-Z]{2}[0-9]{2}$"},
            "name": {"type": "string", "pattern": "^[a-z][a-z0-9]*(-[a-z0-9]+)*$"},
            "group": {"type": "string", "pattern": "^[a-z][a-z0-9]*(-[a-z0-9]+)*$"},
            "severity": {"enum": list(SEVERITIES)},
            "weight": {"type": "number", "minimum": 0, "maximum": 100},
            "max_hits": {"type": "integer", "minimum": 1, "maximum": 100},
            "channels": {"type": "array", "items": {"enum": ["any", *CHANNELS]}, "minItems": 1},
            "message": {"type": "string", "minLength": 1, "maxLength": 300},
            "suggestion": {"type": "string", "minLength": 1, "maxLength": 500},
            "match": {"$ref": "#/$defs/matcher"},
            "unless": {"$ref": "#/$defs/matcher"},
            "docs": docs,
            "examples": _examples(("fail", "pass")),
            "status": {"enum": list(STATUSES)},
            "replaced_by": {"type": "string", "pattern": "^[A-Z]{2}[0-9]{2}$"},
            "in_templates": {"type": "boolean"},
            "override": {"type": "boolean"},
            "requires": {"type": "array", "items": {"enum": ["tag", "lemma", "dep", "ner"]}},
        },
    }
    signal = {
        "type": "object", "additionalProperties": False, "required": ["signal", "description", "match", "examples"],
        "properties": {
            "signal": {"type": "string", "pattern": "^[a-z][a-z0-9]*(-[a-z0-9]+)*$"},
            "description": {"type": "string"},
            "credit": {"type": "number", "minimum": 0, "maximum": 50},
            "strength": {"type": "string"},
            "match": {"$ref": "#/$defs/matcher"},
            "examples": _examples(("present", "absent")),
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "introlint rule or signal file",
        "oneOf": [rule, signal],
        "$defs": {"matcher": {"type": "object", "required": ["kind"],
                              "properties": {"kind": {"enum": list(KINDS)}},
                              "allOf": _matcher_variants()}},
    }
