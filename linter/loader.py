"""Validate rule and signal YAML into immutable Rule, Signal and MatcherSpec records (no spaCy needed)."""

from __future__ import annotations

import re

from . import rule as R
from .errors import did_you_mean
from .kinds import COMBINATORS, KINDS
from .kinds.base import check_keys, fail, get_bool, get_number, get_str
from .located import LocatedDict

RULE_KEYS = {
    "id", "name", "group", "severity", "weight", "max_hits", "channels", "message", "suggestion",
    "match", "unless", "docs", "examples", "status", "replaced_by", "in_templates", "requires", "override",
}
RULE_REQUIRED = {"id", "name", "group", "severity", "weight", "message", "suggestion", "match", "docs", "examples"}
SIGNAL_KEYS = {"signal", "description", "credit", "strength", "match", "examples"}
SIGNAL_REQUIRED = {"signal", "description", "match", "examples"}
DOCS_KEYS = {"what", "why", "bad", "good", "source"}
EXAMPLE_KEYS = {"text", "to", "channel", "template", "cluster_size"}
MATCHER_COMMON = {"kind", "scope"}
MAX_DEPTH = 8
MAX_TEXT = 2000

ID_RE = re.compile(r"^[A-Z]{2}[0-9]{2}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


def _mapping(value, path: str, line: int, what: str) -> LocatedDict:
    if not isinstance(value, dict):
        fail(f"{what} must be a mapping of keys to values, got {type(value).__name__}", path, line)
    return value


def parse_matcher(raw, path: str, line: int, depth: int = 0, what: str = "match") -> R.MatcherSpec:
    """Validate one matcher mapping (and its children) into a MatcherSpec."""
    raw = _mapping(raw, path, line, f"'{what}'")
    if depth > MAX_DEPTH:
        fail(f"matchers are nested more than {MAX_DEPTH} deep", path, raw.line)
    if "kind" not in raw:
        guess = next((k for k in raw if k in KINDS), None)
        hint = f" (write 'kind: {guess}')" if guess else ""
        fail(f"'{what}' needs a 'kind' ({', '.join(KINDS)}){hint}", path, raw.line)
    kind = raw["kind"]
    if not isinstance(kind, str) or kind not in KINDS:
        fail(f"unknown kind '{kind}'{did_you_mean(kind, KINDS)}; kinds are {', '.join(KINDS)}",
             path, raw.line_of("kind"))
    module = KINDS[kind]
    check_keys(raw, MATCHER_COMMON | module.KEYS, module.REQUIRED, path, f"a '{kind}' matcher")
    scope = get_str(raw, "scope", path, choices=R.SCOPES)
    params, needs = module.parse(raw, path)
    children: tuple[R.MatcherSpec, ...] = ()
    if kind in COMBINATORS:
        items = raw["of"]
        if not isinstance(items, list) or not items:
            fail(f"'of' in an '{kind}' matcher must be a non-empty list of matchers", path, raw.line_of("of"))
        if len(items) > 50:
            fail(f"'of' has {len(items)} matchers; the limit is 50", path, raw.line_of("of"))
        children = tuple(parse_matcher(item, path, items.line_of(i), depth + 1, f"{kind}.of[{i}]")
                         for i, item in enumerate(items))
        for child in children:
            needs |= child.requires
    return R.MatcherSpec(kind, R.frozen_mapping(params), scope, children, frozenset(needs), path, raw.line)


def _text(raw, key: str, path: str, required: bool = False, limit: int = MAX_TEXT) -> str:
    value = get_str(raw, key, path, default="")
    if required and not value.strip():
        fail(f"'{key}' must not be empty", path, raw.line_of(key))
    if len(value) > limit:
        fail(f"'{key}' is {len(value):,} characters; the limit is {limit:,}", path, raw.line_of(key))
    return value


def parse_examples(raw, path: str, kinds: tuple[str, str], line: int = 0) -> dict[str, tuple[R.Example, ...]]:
    """Parse `examples: {fail: [...], pass: [...]}` (or present/absent for signals)."""
    raw = _mapping(raw, path, getattr(raw, "line", line) or line, "'examples'")
    check_keys(raw, set(kinds), set(kinds), path, "'examples'")
    out = {}
    for key in kinds:
        items = raw[key]
        if not isinstance(items, list) or not items:
            fail(f"'examples.{key}' must be a non-empty list of drafts", path, raw.line_of(key))
        parsed = []
        for i, item in enumerate(items):
            line = items.line_of(i)
            if isinstance(item, str):
                parsed.append(R.Example(item, line=line))
                continue
            item = _mapping(item, path, line, f"an item of 'examples.{key}'")
            check_keys(item, EXAMPLE_KEYS, {"text"}, path, f"an item of 'examples.{key}'")
            parsed.append(R.Example(
                text=get_str(item, "text", path),
                to=get_str(item, "to", path),
                channel=get_str(item, "channel", path, choices=R.CHANNELS),
                template=get_bool(item, "template", path, False),
                line=line,
                cluster_size=get_number(item, "cluster_size", path, low=1, high=10_000_000, integer=True),
            ))
        out[key] = tuple(parsed)
    return out


def parse_rule(raw, path: str, pack: str = "builtin") -> R.Rule:
    """Validate one rule file's mapping into a Rule."""
    raw = _mapping(raw, path, 1, "a rule file")
    check_keys(raw, RULE_KEYS, RULE_REQUIRED, path, "a rule")
    rule_id = get_str(raw, "id", path)
    if not ID_RE.match(rule_id):
        fail(f"id '{rule_id}' must be two capital letters and two digits, like FA01", path, raw.line_of("id"))
    name = get_str(raw, "name", path)
    if not NAME_RE.match(name):
        fail(f"name '{name}' must be kebab-case, like cold-favor-ask", path, raw.line_of("name"))
    group = get_str(raw, "group", path)
    if not NAME_RE.match(group):
        fail(f"group '{group}' must be kebab-case{did_you_mean(group, R.GROUP_CODES)}", path, raw.line_of("group"))
    code = R.GROUP_CODES.get(group)
    if code and not rule_id.startswith(code):
        fail(f"rules in group '{group}' have ids starting with {code}, not '{rule_id}'", path, raw.line_of("id"))
    if not code and rule_id[:2] in R.GROUP_CODES.values():
        fail(f"id prefix {rule_id[:2]} belongs to a built-in group; pick another two letters for '{group}'",
             path, raw.line_of("id"))
    channels = raw.get("channels", ["any"])
    if isinstance(channels, str):
        channels = [channels]
    if not isinstance(channels, list) or not channels:
        fail("'channels' must be a list such as [any] or [linkedin-note, inmail]", path, raw.line_of("channels"))
    for ch in channels:
        if ch != "any" and ch not in R.CHANNELS:
            fail(f"unknown channel '{ch}'{did_you_mean(ch, R.CHANNELS + ('any',))}; channels are any, "
                 f"{', '.join(R.CHANNELS)}", path, raw.line_of("channels"))
    requires = raw.get("requires", [])
    if not isinstance(requires, list) or any(r not in R.REQUIREMENTS for r in requires):
        fail(f"'requires' must list some of {', '.join(R.REQUIREMENTS)}", path, raw.line_of("requires"))
    match = parse_matcher(raw["match"], path, raw.line_of("match"))
    if requires:
        match = R.MatcherSpec(match.kind, match.params, match.scope, match.children,
                              match.requires | frozenset(requires), match.path, match.line)
    unless = parse_matcher(raw["unless"], path, raw.line_of("unless"), what="unless") if "unless" in raw else None
    docs_raw = _mapping(raw["docs"], path, raw.line_of("docs"), "'docs'")
    check_keys(docs_raw, DOCS_KEYS, {"what", "why", "bad", "good"}, path, "'docs'")
    docs = R.Docs(**{k: _text(docs_raw, k, path, required=k != "source") for k in DOCS_KEYS})
    examples = parse_examples(raw["examples"], path, ("fail", "pass"), raw.line_of("examples"))
    status = get_str(raw, "status", path, choices=R.STATUSES, default="active")
    replaced_by = get_str(raw, "replaced_by", path)
    if replaced_by is not None and not ID_RE.match(replaced_by):
        fail(f"'replaced_by' must be a rule id like FA01, got '{replaced_by}'", path, raw.line_of("replaced_by"))
    return R.Rule(
        id=rule_id, name=name, group=group,
        severity=get_str(raw, "severity", path, choices=R.SEVERITIES),
        weight=get_number(raw, "weight", path, low=0, high=100),
        max_hits=get_number(raw, "max_hits", path, low=1, high=100, default=1, integer=True),
        channels=tuple(channels),
        message=" ".join(_text(raw, "message", path, required=True, limit=300).split()),
        suggestion=" ".join(_text(raw, "suggestion", path, required=True, limit=500).split()),
        match=match, unless=unless, docs=docs,
        fail_examples=examples["fail"], pass_examples=examples["pass"],
        path=path, line=raw.line, status=status, replaced_by=replaced_by,
        in_templates=get_bool(raw, "in_templates", path, True), pack=pack,
        override=get_bool(raw, "override", path, False),
    )


def parse_signal(raw, path: str, pack: str = "builtin") -> R.Signal:
    """Validate one signal file's mapping into a Signal."""
    raw = _mapping(raw, path, 1, "a signal file")
    check_keys(raw, SIGNAL_KEYS, SIGNAL_REQUIRED, path, "a signal")
    name = get_str(raw, "signal", path)
    if not NAME_RE.match(name):
        fail(f"signal name '{name}' must be kebab-case, like shared-context", path, raw.line_of("signal"))
    credit = get_number(raw, "credit", path, low=0, high=50, default=0)
    strength = " ".join(_text(raw, "strength", path, limit=300).split())
    if credit and not strength:
        fail("a signal with 'credit' needs a 'strength' sentence for the report", path, raw.line_of("credit"))
    examples = parse_examples(raw["examples"], path, ("present", "absent"), raw.line_of("examples"))
    return R.Signal(
        name=name, description=_text(raw, "description", path, required=True),
        match=parse_matcher(raw["match"], path, raw.line_of("match")),
        credit=credit, strength=strength,
        present_examples=examples["present"], absent_examples=examples["absent"],
        path=path, line=raw.line, pack=pack,
    )


def is_signal_file(data) -> bool:
    return isinstance(data, dict) and "signal" in data and "id" not in data
