"""Find and validate configuration (.introlint.yaml or [tool.introlint] in pyproject.toml)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .errors import ConfigError, did_you_mean
from .rule import CHANNELS, SEVERITIES, RuleOverride
from .scoring import FAIL_LEVELS
from .settings import DEFAULTS

CONFIG_NAMES = (".introlint.yaml", ".introlint.yml")
KEYS = ("channel", "min_score", "fail_on", "packs", "rules", "template", "vocabulary", "settings",
        "max_bytes", "select", "ignore")


@dataclass(frozen=True)
class Config:
    """Effective settings, and where each came from ('default', a file path, or 'command line')."""

    channel: str | None = None
    min_score: int = 60
    fail_on: str = "error"
    packs: tuple[Path, ...] = ()
    overrides: Mapping[str, RuleOverride] = field(default_factory=dict)
    template: bool = False
    vocabulary: frozenset[str] = frozenset()
    settings: Mapping[str, float] = field(default_factory=dict)
    max_bytes: int = 1_000_000
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    path: str | None = None
    sources: Mapping[str, str] = field(default_factory=dict)

    def merged(self, source: str = "command line", **values: Any) -> "Config":
        """A copy with the given non-None values applied, recording their source."""
        changes = {k: v for k, v in values.items() if v is not None and v != () and v != []}
        data = {**self.__dict__, **changes}
        data["sources"] = {**self.sources, **{k: source for k in changes}}
        return Config(**data)


def discover(start: Path) -> Path | None:
    """The nearest .introlint.yaml, or pyproject.toml with [tool.introlint], from start upward."""
    for folder in [start, *start.parents]:
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and re.search(r"^\[tool\.introlint\]", _read(pyproject), re.MULTILINE):
            return pyproject
    return None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config: {exc}", str(path)) from None


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    """Load the given config file, or discover one from `start` (default: the working directory)."""
    if path is None:
        path = discover((start or Path.cwd()).resolve())
        if path is None:
            return Config(sources={k: "default" for k in KEYS})
    if not path.is_file():
        raise ConfigError("config file not found", str(path))
    if path.name == "pyproject.toml":
        data, lines = _from_pyproject(path)
    else:
        from .yamlio import load_yaml_file

        data = load_yaml_file(path)
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ConfigError("config must be a mapping of keys to values", str(path), 1)
        lines = {k: data.line_of(k) for k in data} if hasattr(data, "line_of") else {}
    return _validate(data, lines, path)


def _from_pyproject(path: Path) -> tuple[dict, dict]:
    import tomllib

    text = _read(path)
    try:
        table = tomllib.loads(text).get("tool", {}).get("introlint", {})
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise ConfigError(f"invalid TOML: {exc}", str(path), int(match.group(1)) if match else None) from None
    lines: dict[str, int] = {}
    section = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped.startswith("[tool.introlint")
            sub = re.match(r"\[tool\.introlint\.([\w-]+)\]", stripped)
            if sub:
                lines.setdefault(sub.group(1), number)
            continue
        key = re.match(r"([\w-]+)\s*=", stripped)
        if section and key:
            lines.setdefault(key.group(1), number)
    return table, lines


def _validate(data: Mapping, lines: Mapping[str, int], path: Path) -> Config:
    where = str(path)
    base = path.parent

    def err(message: str, key: str) -> ConfigError:
        return ConfigError(message, where, lines.get(key))

    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in KEYS:
            raise err(f"unknown config key '{key}'{did_you_mean(str(key), KEYS)}", key)
        if key == "channel":
            if value not in CHANNELS:
                raise err(f"channel must be one of {', '.join(CHANNELS)}, got {value!r}", key)
            values[key] = value
        elif key in ("min_score", "max_bytes"):
            low, high = (0, 100) if key == "min_score" else (1, 1 << 34)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise err(f"{key} must be a whole number from {low} to {high}, got {value!r}", key)
            values[key] = value
        elif key == "fail_on":
            if value not in FAIL_LEVELS:
                raise err(f"fail_on must be one of {', '.join(FAIL_LEVELS)}, got {value!r}", key)
            values[key] = value
        elif key == "template":
            if not isinstance(value, bool):
                raise err("template must be true or false", key)
            values[key] = value
        elif key in ("packs", "vocabulary", "select", "ignore"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise err(f"{key} must be a list of text", key)
            if key == "packs":
                values[key] = tuple((base / v).resolve() for v in value)
            elif key == "vocabulary":
                values[key] = frozenset(v.lower() for v in value)
            else:
                values[key] = tuple(value)
        elif key == "settings":
            if not isinstance(value, dict):
                raise err("settings must be a mapping like {linkedin_note_limit: 200}", key)
            for name, number in value.items():
                if name not in DEFAULTS:
                    raise err(f"unknown setting '{name}'{did_you_mean(str(name), DEFAULTS)}", key)
                if isinstance(number, bool) or not isinstance(number, (int, float)) or number < 0:
                    raise err(f"setting '{name}' must be a non-negative number", key)
            values[key] = dict(value)
        elif key == "rules":
            values["overrides"] = _overrides(value, err)
    sources = {k: "default" for k in KEYS}
    sources.update({("rules" if k == "overrides" else k): where for k in values})
    return Config(**values, path=where, sources=sources)


def _overrides(value, err) -> dict[str, RuleOverride]:
    if not isinstance(value, dict):
        raise err("rules must map rule ids to off, on, a severity, or {severity:, weight:}", "rules")
    out = {}
    for rule_id, setting in value.items():
        if setting in (False, "off"):
            out[str(rule_id)] = RuleOverride(enabled=False)
        elif setting in (True, "on"):
            out[str(rule_id)] = RuleOverride(enabled=True)
        elif setting in SEVERITIES:
            out[str(rule_id)] = RuleOverride(severity=setting)
        elif isinstance(setting, dict):
            unknown = set(setting) - {"severity", "weight", "enabled"}
            if unknown:
                key = sorted(unknown)[0]
                raise err(f"rules.{rule_id}: unknown key '{key}'{did_you_mean(key, ('severity', 'weight', 'enabled'))}", "rules")
            severity = setting.get("severity")
            if severity is not None and severity not in SEVERITIES:
                raise err(f"rules.{rule_id}: severity must be one of {', '.join(SEVERITIES)}", "rules")
            weight = setting.get("weight")
            if weight is not None and (isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 <= weight <= 100):
                raise err(f"rules.{rule_id}: weight must be a number from 0 to 100", "rules")
            enabled = setting.get("enabled")
            if enabled is not None and not isinstance(enabled, bool):
                raise err(f"rules.{rule_id}: enabled must be true or false", "rules")
            out[str(rule_id)] = RuleOverride(enabled=enabled, severity=severity, weight=weight)
        else:
            raise err(f"rules.{rule_id}: expected off, on, a severity or a mapping, got {setting!r}", "rules")
    return out


def describe(config: Config) -> list[str]:
    """Lines for `introlint config`: each setting, its value and where it came from."""
    def show(value):
        if isinstance(value, (tuple, frozenset, list)):
            return "[" + ", ".join(sorted(str(v) for v in value)) + "]"
        if isinstance(value, dict):
            return "{" + ", ".join(f"{k}: {_override_text(v)}" for k, v in value.items()) + "}"
        return "(none)" if value is None else str(value)

    rows = [("config file", config.path or "(none found)", "")]
    for key in KEYS:
        attr = "overrides" if key == "rules" else key
        rows.append((key, show(getattr(config, attr)), config.sources.get(key, "default")))
    width = max(len(r[0]) for r in rows)
    return [f"{k:<{width}}  {v}" + (f"    ({s})" if s else "") for k, v, s in rows]


def _override_text(value) -> str:
    if isinstance(value, RuleOverride):
        parts = []
        if value.enabled is not None:
            parts.append("on" if value.enabled else "off")
        if value.severity:
            parts.append(value.severity)
        if value.weight is not None:
            parts.append(f"weight {value.weight:g}")
        return " ".join(parts) or "unchanged"
    return str(value)
