"""The scoring formula: findings and strengths in, score, grade, pass/fail, breakdown and explanation out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from .rule import SEVERITY_RANK

if TYPE_CHECKING:  # annotations only: `rules list` and `--help` need FAIL_LEVELS, not the report types
    from .report import Finding, Strength

FAIL_LEVELS = ("info", "warning", "error", "never")


@dataclass(frozen=True)
class Policy:
    """Thresholds that turn points into a verdict; every field can be set in config or on the CLI."""

    min_score: int = 60
    fail_on: str = "error"
    ready_at: int = 80
    rewrite_below: int = 50
    max_credit: float = 10.0


@dataclass(frozen=True)
class Verdict:
    score: int
    grade: str
    passed: bool
    breakdown: dict[str, float]
    explanation: tuple[str, ...]


def grade_for(score: int, policy: Policy) -> str:
    if score >= policy.ready_at:
        return "ready"
    if score >= policy.rewrite_below:
        return "needs-work"
    return "rewrite"


def blocking(findings: Sequence[Finding], policy: Policy) -> list[Finding]:
    """Findings at or above the fail level; any one of them fails the draft whatever its score."""
    if policy.fail_on == "never":
        return []
    level = SEVERITY_RANK[policy.fail_on]
    return [f for f in findings if SEVERITY_RANK[f.severity] >= level]


def score(findings: Sequence[Finding], strengths: Sequence[Strength], policy: Policy = Policy()) -> Verdict:
    """100 − Σ finding weights + min(Σ strength credit, max_credit), rounded and clamped to 0..100."""
    penalty = sum(f.weight for f in findings)
    credit = min(sum(s.credit for s in strengths), policy.max_credit)
    value = int(round(max(0.0, min(100.0, 100.0 - penalty + credit))))
    breakdown: dict[str, float] = {}
    for f in findings:
        breakdown[f.group] = breakdown.get(f.group, 0.0) - f.weight
    if credit:
        breakdown["strengths"] = credit
    blockers = blocking(findings, policy)
    passed = value >= policy.min_score and not blockers
    grade = grade_for(value, policy)
    return Verdict(value, grade, passed, breakdown, explain(value, grade, passed, findings, strengths, blockers, policy))


def _points(x: float) -> str:
    return f"{x:g}"


def explain(value, grade, passed, findings, strengths, blockers, policy) -> tuple[str, ...]:
    """Sentences a person reads: the verdict, then each deduction and credit, biggest first."""
    label = grade.replace("-", " ")
    if passed:
        verdict = f"{value}/100, {label}: passes (minimum {policy.min_score})."
    elif blockers:
        ids = ", ".join(sorted({f.rule for f in blockers}))
        verdict = f"{value}/100, {label}: does not pass, because of {policy.fail_on}-level findings ({ids})."
    else:
        verdict = f"{value}/100, {label}: does not pass; it needs {policy.min_score - value} more points to reach {policy.min_score}."
    lines = [verdict]
    for f in sorted(findings, key=lambda f: (-f.weight, f.start)):
        lines.append(f"−{_points(f.weight)} {f.rule} ({f.name}): {f.message}")
    credit_left = policy.max_credit
    for s in sorted(strengths, key=lambda s: -s.credit):
        given = min(s.credit, credit_left)
        credit_left -= given
        if given > 0:
            lines.append(f"+{_points(given)} {s.message}")
        else:
            lines.append(f"(+0, credit is capped at {_points(policy.max_credit)}) {s.message}")
    if not findings:
        lines.append("No problems found." if not strengths else "No problems found; the strengths above are what make it work.")
    return tuple(lines)
