"""Helpers for tests that write small rule packs to a temporary folder."""

from __future__ import annotations

from pathlib import Path

DOCS = '{what: "What it flags.", why: "Why it matters.", bad: "A bad draft.", good: "A good draft."}'


def rule_yaml(rule_id: str, match: str, *, name: str | None = None, group: str = "custom",
              severity: str = "warning", weight: float = 10, message: str = "Found '{match}'.",
              suggestion: str = "Fix it.", extra: str = "", fail: str = '["x"]', pass_: str = '["y"]') -> str:
    """The text of one rule file. `match` is everything after 'match:' (flow or an indented block);
    `extra` holds more header lines (unless:, channels:, max_hits: ...)."""
    lines = [
        f"id: {rule_id}",
        f"name: {name or 'rule-' + rule_id.lower()}",
        f"group: {group}",
        f"severity: {severity}",
        f"weight: {weight}",
        "message: " + _quote(message),
        "suggestion: " + _quote(suggestion),
    ]
    if extra:
        lines.append(extra.rstrip("\n"))
    lines += [
        f"match: {match}",
        f"docs: {DOCS}",
        "examples:",
        f"  fail: {fail}",
        f"  pass: {pass_}",
    ]
    return "\n".join(lines) + "\n"


def signal_yaml(name: str, match: str, *, credit: float = 0, present: str = '["x"]', absent: str = '["y"]') -> str:
    lines = [f"signal: {name}", "description: A test signal."]
    if credit:
        lines += [f"credit: {credit}", "strength: " + _quote("Shows it ('{match}').")]
    lines += [f"match: {match}", "examples:", f"  present: {present}", f"  absent: {absent}"]
    return "\n".join(lines) + "\n"


def write_pack(folder: Path, files: dict[str, str]) -> Path:
    """Write {relative path: text} under folder and return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def line_of(text: str, marker: str) -> int:
    """1-based line of the first occurrence of marker in text."""
    index = text.index(marker)
    return text.count("\n", 0, index) + 1


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
