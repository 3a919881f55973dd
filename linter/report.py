"""Findings, strengths and the per-draft Report, with the JSON contract (schema_version 1)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Finding:
    """One problem found in a draft, located by body offsets and 1-based line/column."""

    rule: str
    name: str
    group: str
    severity: str
    message: str
    suggestion: str
    match: str
    start: int
    end: int
    line: int
    column: int
    weight: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule, "name": self.name, "group": self.group, "severity": self.severity,
            "message": self.message, "suggestion": self.suggestion, "match": self.match,
            "start": self.start, "end": self.end, "line": self.line, "column": self.column,
            "points": _number(-self.weight),
        }


@dataclass(frozen=True)
class Strength:
    """A signal the draft shows that earns credit (e.g. a specific shared context)."""

    signal: str
    message: str
    match: str
    credit: float
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"signal": self.signal, "message": self.message, "match": self.match,
                "points": _number(self.credit), "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Report:
    """The result of checking one draft."""

    id: str
    score: int | None
    grade: str | None
    passed: bool
    findings: tuple[Finding, ...] = ()
    strengths: tuple[Strength, ...] = ()
    breakdown: dict[str, float] = field(default_factory=dict)
    explanation: tuple[str, ...] = ()
    channel: str | None = None
    to: str | None = None
    notices: tuple[str, ...] = ()
    error: str | None = None
    row: int | None = None
    body_line: int = 1
    text: str = ""

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The rule of each finding, in order (a rule that fired twice is listed twice)."""
        return tuple([f.rule for f in self.findings])

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id}
        if self.row is not None:
            data["row"] = self.row
        if self.error is not None:
            data.update({"error": self.error, "score": None, "grade": None, "passed": False})
            return data
        data.update({
            "score": self.score, "grade": self.grade, "passed": self.passed,
            "channel": self.channel, "to": self.to,
            "findings": [f.to_dict() for f in self.findings],
            "strengths": [s.to_dict() for s in self.strengths],
            "breakdown": {group: _number(points) for group, points in self.breakdown.items()},
            "explanation": list(self.explanation),
            "body_line": self.body_line,
        })
        if self.notices:
            data["notices"] = list(self.notices)
        return data


def _number(value: float) -> int | float:
    """Whole numbers as ints in JSON (-25, not -25.0)."""
    return int(value) if float(value).is_integer() else value
