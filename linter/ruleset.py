"""A RuleSet is the rules and signals loaded from built-in and team folders, as one immutable value."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from . import rule as R
from .errors import RuleError, did_you_mean

# The YAML reader and the validators (linter.yamlio, linter.loader and the kinds they import)
# are imported on first use: a RuleSet read back from the rule cache needs none of them.


def _load_rule_yaml(path: Path):
    """Parse a rule, signal or pack.yaml file; bad YAML is a RuleError like any other rule-file problem."""
    from .yamlio import YamlError, load_yaml_file

    try:
        return load_yaml_file(path)
    except YamlError as exc:
        raise RuleError(exc.message, exc.path, exc.line) from None


def builtin_rules_dir() -> Path:
    """The built-in rules: inside the installed wheel, or the repository's rules/ folder."""
    packaged = Path(__file__).parent / "_builtin_rules"  # = importlib.resources.files("linter"), not imported
    if packaged.is_dir():
        return packaged
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

    def summary(self) -> "RuleSet":
        """The rules' headers only (RuleSummary), and no signals: enough to list rules, not to check."""
        return RuleSet(tuple(R.RuleSummary.of(r) for r in self.rules), {})

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


MAX_RULE_FILES = 5000


def rule_files(folder: Path) -> list[Path]:
    """Rule and signal files in a folder, sorted; pack.yaml and *.test.yaml are not rules.

    A file or link that resolves outside the pack folder is refused: a pack cannot pull in
    files from elsewhere on the machine.
    """
    root = folder.resolve()
    found = []
    for path, is_link, is_file in sorted(_yaml_entries(folder)):
        if is_link:  # only a link can lead outside: the walk never enters a linked folder
            resolved = path.resolve()
            if resolved != root and root not in resolved.parents:
                raise RuleError(f"links outside the pack folder ({resolved}); packs may only contain their own "
                                "files", str(path))
        if is_file:
            found.append(path)
        if len(found) > MAX_RULE_FILES:
            raise RuleError(f"more than {MAX_RULE_FILES:,} rule files in one pack", str(folder))
    return found


def _yaml_entries(folder: Path) -> Iterator[tuple[Path, bool, bool]]:
    """(path, is a link, is a file) for every *.yaml / *.yml below folder except pack and test files.

    Walks like `folder.rglob("*")`: into real subfolders, not linked ones, skipping unreadable ones.
    """
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except PermissionError:
        return
    for entry in entries:
        name = entry.name
        if entry.is_dir(follow_symlinks=False):
            yield from _yaml_entries(folder / name)
        elif name.endswith((".yaml", ".yml")) and name not in ("pack.yaml", "pack.yml") \
                and not name.endswith((".test.yaml", ".test.yml")) and name not in (".yaml", ".yml"):
            yield folder / name, entry.is_symlink(), entry.is_file()


def load_folder(folder: Path, pack: str) -> tuple[list[R.Rule], list[R.Signal]]:
    from .loader import is_signal_file, parse_rule, parse_signal

    if not folder.is_dir():
        raise RuleError("rule folder not found" if not folder.exists() else "not a folder", str(folder))
    rules, signals = [], []
    for path in rule_files(folder):
        data = _load_rule_yaml(path)
        if data is None:
            raise RuleError("the file is empty", str(path))
        if is_signal_file(data):
            signals.append(parse_signal(data, str(path), pack))
        else:
            rules.append(parse_rule(data, str(path), pack))
    return rules, signals


def load_ruleset(folders: Iterable[Path | str] = (), builtin: bool = True, cache: bool = False,
                 summary: bool = False) -> RuleSet:
    """Load the built-in rules (unless builtin=False) and every pack given, in order.

    A pack is a folder (with an optional pack.yaml) or the name of an installed pack exposed
    through the `introlint.packs` entry point. Later packs may replace an earlier rule only when
    the replacing file says `override: true`; any other repeated id is an error.

    With cache=True (what the command line does) a valid result is kept in the user cache
    directory and reused while every rule file is byte-identical; see linter/rulecache.py.
    With summary=True the result is `RuleSet.summary()`: rule headers only, which the cache
    reads back without unpickling matchers, docs and examples (for `rules list`).
    """
    sources: list[Pack] = [Pack("builtin", builtin_rules_dir())] if builtin else []
    seen_folders: set[Path] = {p.folder.resolve() for p in sources}
    for ref in folders:
        for pack in resolve_pack(ref):
            if pack.folder.resolve() not in seen_folders:
                seen_folders.add(pack.folder.resolve())
                sources.append(pack)
    if cache:
        from .rulecache import cached_ruleset

        return cached_ruleset(sources, _load_packs, summary=summary)
    ruleset = _load_packs(sources)
    return ruleset.summary() if summary else ruleset


def _load_packs(sources: list[Pack]) -> RuleSet:
    rules: dict[str, R.Rule] = {}
    signals: dict[str, R.Signal] = {}
    for pack in sources:
        found_rules, found_signals = load_folder(pack.folder, pack.name)
        for sig in found_signals:
            if sig.name in signals:
                raise RuleError(f"signal '{sig.name}' is already defined in {signals[sig.name].path}", sig.path, sig.line)
            signals[sig.name] = sig
        for rule in found_rules:
            earlier = rules.get(rule.id)
            if earlier is not None and not rule.override:
                raise RuleError(f"rule id {rule.id} is already used by {earlier.path}; "
                                "add 'override: true' to replace it on purpose", rule.path, rule.line)
            if earlier is None and rule.override:
                raise RuleError(f"'override: true' but no earlier pack defines {rule.id}", rule.path, rule.line)
            rules[rule.id] = rule
    return resolve_signals(RuleSet(tuple(rules.values()), signals))


@dataclass(frozen=True)
class Pack:
    """A folder of rule files with a name (from pack.yaml, else the folder name)."""

    name: str
    folder: Path
    version: str = ""
    description: str = ""


ENTRY_POINT_GROUP = "introlint.packs"
PACK_KEYS = ("name", "version", "description", "extends")


def resolve_pack(ref: Path | str, _stack: tuple[str, ...] = ()) -> list[Pack]:
    """The packs a reference stands for: what it extends first, then itself."""
    folder = Path(ref)
    if not folder.is_dir():
        folder = _entry_point_folder(str(ref))
    key = str(folder.resolve())
    if key in _stack:
        raise RuleError(f"packs extend each other in a loop: {' -> '.join(_stack + (key,))}", key)
    meta = _pack_meta(folder)
    out: list[Pack] = []
    for parent in meta.get("extends", []):
        target = folder / parent if (folder / parent).is_dir() else parent
        out.extend(resolve_pack(target, _stack + (key,)))
    out.append(Pack(meta.get("name", folder.name), folder, meta.get("version", ""), meta.get("description", "")))
    return out


def _pack_meta(folder: Path) -> dict:
    path = folder / "pack.yaml"
    if not path.is_file():
        return {}
    data = _load_rule_yaml(path) or {}
    if not isinstance(data, dict):
        raise RuleError("pack.yaml must be a mapping (name, version, description, extends)", str(path), 1)
    for key, value in data.items():
        line = data.line_of(key) if hasattr(data, "line_of") else None
        if key not in PACK_KEYS:
            raise RuleError(f"unknown key '{key}' in pack.yaml{did_you_mean(str(key), PACK_KEYS)}", str(path), line)
        if key == "extends":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise RuleError("'extends' must be a list of pack folders or installed pack names", str(path), line)
        elif not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise RuleError(f"'{key}' must be text", str(path), line)
    return {k: (list(v) if k == "extends" else str(v)) for k, v in data.items()}


def _entry_point_folder(name: str) -> Path:
    from importlib.metadata import entry_points

    found = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == name]
    if not found:
        installed = [ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)]
        hint = did_you_mean(name, installed) or (f" (installed packs: {', '.join(installed)})" if installed else "")
        raise RuleError(f"no rule folder or installed pack named '{name}'{hint}", name)
    try:
        target = found[0].load()
        if callable(target):
            target = target()
        if hasattr(target, "__path__"):  # a package: its own folder holds the rules
            target = list(target.__path__)[0]
        folder = Path(str(target))
    except Exception as exc:  # a broken plugin must not crash the linter
        raise RuleError(f"installed pack '{name}' failed to load: {exc}", name) from None
    if not folder.is_dir():
        raise RuleError(f"installed pack '{name}' points to {folder}, which is not a folder", name)
    return folder


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
