"""A RuleSet is the rules and signals loaded from built-in and team folders, as one immutable value."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable, Mapping

from . import rule as R
from .errors import RuleError, did_you_mean
from .loader import is_signal_file, parse_rule, parse_signal, rule_files
from .yamlio import load_yaml_file


def builtin_rules_dir() -> Path:
    """The built-in rules: inside the installed wheel, or the repository's rules/ folder."""
    packaged = resources.files("linter").joinpath("_builtin_rules")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "rules"


@dataclass(frozen=True)
class RuleSet:
    """Rules by id and signals by name, with signal references already checked."""

    rules: tuple[R.Rule, ...]
    signals: Mapping[str, R.Signal]

    def get(self, rule_id: str) -> R.Rule:
        for rule in self.rules:
            if rule.id == rule_id.upper() or rule.name == rule_id:
                return rule
        raise KeyError(rule_id)

    @property
    def active(self) -> tuple[R.Rule, ...]:
        return tuple(r for r in self.rules if r.enabled and r.status != "deprecated")

    def ids(self) -> set[str]:
        return {r.id for r in self.rules}

    def with_overrides(self, overrides: Mapping[str, R.RuleOverride], source: str = "config") -> "RuleSet":
        """Switch rules off or change severity or weight; unknown ids are errors."""
        by_key = {r.id: r for r in self.rules} | {r.name: r for r in self.rules}
        changed = {}
        for key, override in overrides.items():
            target = by_key.get(key) or by_key.get(str(key).upper())
            if target is None:
                raise RuleError(f"no rule '{key}' to override{did_you_mean(key, by_key)}", source)
            changes = {}
            if override.enabled is not None:
                changes["enabled"] = override.enabled
            if override.severity is not None:
                changes["severity"] = override.severity
            if override.weight is not None:
                changes["weight"] = override.weight
            changed[target.id] = dataclasses.replace(changed.get(target.id, target), **changes)
        return RuleSet(tuple(changed.get(r.id, r) for r in self.rules), self.signals)

    def select(self, only: Iterable[str] = (), ignore: Iterable[str] = ()) -> "RuleSet":
        """Keep rules whose id, name or group is in `only` (when given) and not in `ignore`."""
        only, ignore = {s.strip() for s in only if s.strip()}, {s.strip() for s in ignore if s.strip()}
        known = self.ids() | {r.name for r in self.rules} | {r.group for r in self.rules}
        for key in only | ignore:
            if key.upper() not in known and key not in known:
                raise RuleError(f"no rule or group '{key}'{did_you_mean(key, known)}", "--select/--ignore")

        def hit(rule, keys):
            return rule.id in {k.upper() for k in keys} or rule.name in keys or rule.group in keys

        kept = tuple(dataclasses.replace(r, enabled=r.enabled and (not only or hit(r, only)) and not hit(r, ignore))
                     for r in self.rules)
        return RuleSet(kept, self.signals)


def load_folder(folder: Path, pack: str) -> tuple[list[R.Rule], list[R.Signal]]:
    if not folder.is_dir():
        raise RuleError("rule folder not found" if not folder.exists() else "not a folder", str(folder))
    rules, signals = [], []
    files = rule_files(folder)
    for path in files:
        data = load_yaml_file(path)
        if data is None:
            raise RuleError("the file is empty", str(path))
        if is_signal_file(data):
            signals.append(parse_signal(data, str(path), pack))
        else:
            rules.append(parse_rule(data, str(path), pack))
    return rules, signals


def load_ruleset(folders: Iterable[Path | str] = (), builtin: bool = True) -> RuleSet:
    """Load the built-in rules (unless builtin=False) and every folder given, then check references."""
    sources: list[tuple[Path, str]] = [(builtin_rules_dir(), "builtin")] if builtin else []
    sources += [(Path(f), Path(f).name or str(f)) for f in folders]
    rules: list[R.Rule] = []
    signals: dict[str, R.Signal] = {}
    seen_ids: dict[str, R.Rule] = {}
    for folder, pack in sources:
        found_rules, found_signals = load_folder(folder, pack)
        for sig in found_signals:
            if sig.name in signals:
                raise RuleError(f"signal '{sig.name}' is already defined in {signals[sig.name].path}", sig.path, sig.line)
            signals[sig.name] = sig
        for rule in found_rules:
            if rule.id in seen_ids:
                raise RuleError(f"rule id {rule.id} is already used by {seen_ids[rule.id].path}", rule.path, rule.line)
            seen_ids[rule.id] = rule
            rules.append(rule)
    return resolve_signals(RuleSet(tuple(rules), signals))


def resolve_signals(ruleset: RuleSet) -> RuleSet:
    """Check every signal reference and fold each signal's NLP requirements into its users."""
    signals = dict(ruleset.signals)
    resolved: dict[str, frozenset[str]] = {}

    def needs_of(name: str, spec: R.MatcherSpec, stack: tuple[str, ...]) -> frozenset[str]:
        if name not in signals:
            raise RuleError(f"unknown signal '{name}'{did_you_mean(name, signals)}", spec.path, spec.line)
        if name in stack:
            raise RuleError(f"signal '{name}' refers to itself through {' -> '.join(stack + (name,))}",
                            spec.path, spec.line)
        if name not in resolved:
            resolved[name] = walk(signals[name].match, stack + (name,)).requires
        return resolved[name]

    def walk(spec: R.MatcherSpec, stack: tuple[str, ...]) -> R.MatcherSpec:
        children = tuple(walk(c, stack) for c in spec.children)
        needs = set(spec.requires)
        for child in children:
            needs |= child.requires
        if spec.kind == "signal":
            needs |= needs_of(spec.params["signal"], spec, stack)
        return dataclasses.replace(spec, children=children, requires=frozenset(needs))

    new_signals = {name: dataclasses.replace(sig, match=walk(sig.match, (name,))) for name, sig in signals.items()}
    new_rules = tuple(
        dataclasses.replace(r, match=walk(r.match, ()), unless=walk(r.unless, ()) if r.unless else None)
        for r in ruleset.rules
    )
    return RuleSet(new_rules, new_signals)
