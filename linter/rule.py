"""Immutable records for rules, signals, matchers and their examples, as validated from YAML."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
CHANNELS = ("linkedin-note", "linkedin-message", "inmail", "email", "dm")
SCOPES = ("draft", "body", "sentence", "first-sentence", "last-sentence", "greeting", "closing")
STATUSES = ("active", "experimental", "deprecated")

# Built-in groups and their two-letter id prefixes.
GROUP_CODES = {
    "generic": "GN",
    "favor-asking": "FA",
    "overly-personal": "PS",
    "context-free": "CX",
    "sales-pitch": "SP",
    "length-and-format": "LF",
    "mail-merge": "MM",
    "tone": "TN",
}

# What a matcher may need beyond tokens and sentences, mapped to pipeline components.
REQUIREMENTS = ("tag", "lemma", "dep", "ner")


@dataclass(frozen=True)
class MatcherSpec:
    """One validated matcher: a kind, its kind-specific parameters, an optional scope, children."""

    kind: str
    params: Mapping[str, Any]
    scope: str | None
    children: tuple["MatcherSpec", ...]
    requires: frozenset[str]
    path: str
    line: int

    def walk(self):
        """Yield this matcher and every nested one."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Example:
    """A draft used as a test case, with the metadata it is checked under."""

    text: str
    to: str | None = None
    channel: str | None = None
    template: bool = False
    line: int = 0
    cluster_size: int | None = None


@dataclass(frozen=True)
class Docs:
    """The explanation of a rule: what it flags, why it matters, a bad and a good example."""

    what: str = ""
    why: str = ""
    bad: str = ""
    good: str = ""
    source: str = ""


@dataclass(frozen=True)
class Rule:
    """A validated rule: header, matcher, suppression, documentation and examples."""

    id: str
    name: str
    group: str
    severity: str
    weight: float
    max_hits: int
    channels: tuple[str, ...]
    message: str
    suggestion: str
    match: MatcherSpec
    unless: MatcherSpec | None
    docs: Docs
    fail_examples: tuple[Example, ...]
    pass_examples: tuple[Example, ...]
    path: str
    line: int
    status: str = "active"
    replaced_by: str | None = None
    in_templates: bool = True
    pack: str = "builtin"
    enabled: bool = True
    override: bool = False

    @property
    def requires(self) -> frozenset[str]:
        needs = set(self.match.requires)
        if self.unless is not None:
            needs |= self.unless.requires
        return frozenset(needs)

    def applies_to(self, channel: str | None) -> bool:
        """Rules for some channels only run on drafts known to be for one of them."""
        return "any" in self.channels or (channel is not None and channel in self.channels)


@dataclass(frozen=True)
class RuleSummary:
    """A rule's header without its matcher, docs or examples: what `rules list` shows.

    Overrides and --select/--ignore apply to it as to a Rule; it cannot check a draft.
    """

    id: str
    name: str
    group: str
    severity: str
    weight: float
    channels: tuple[str, ...]
    path: str
    line: int
    status: str
    pack: str
    enabled: bool

    @classmethod
    def of(cls, rule: Rule) -> "RuleSummary":
        return cls(**{name: getattr(rule, name) for name in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Signal:
    """A named, reusable matcher; when present it can earn credit as a strength."""

    name: str
    description: str
    match: MatcherSpec
    credit: float
    strength: str
    present_examples: tuple[Example, ...]
    absent_examples: tuple[Example, ...]
    path: str
    line: int
    pack: str = "builtin"


def frozen_mapping(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """Read-only view used for matcher parameters."""
    return MappingProxyType(dict(data))


@dataclass(frozen=True)
class RuleOverride:
    """A config change to one rule: switch it off, or change its severity or weight."""

    enabled: bool | None = None
    severity: str | None = None
    weight: float | None = None
