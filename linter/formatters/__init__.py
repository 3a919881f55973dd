"""Output formats. Each formatter writes reports to a stream as they arrive, then a summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..report import Report


@dataclass
class Summary:
    """Running totals over a batch, kept without holding the reports themselves."""

    drafts: int = 0
    passed: int = 0
    errors: int = 0
    score_total: int = 0
    by_grade: Counter = field(default_factory=Counter)
    by_rule: Counter = field(default_factory=Counter)

    def add(self, report: Report) -> None:
        self.drafts += 1
        if report.error is not None:
            self.errors += 1
            return
        self.passed += int(report.passed)
        self.score_total += report.score or 0
        self.by_grade[report.grade] += 1
        for finding in report.findings:
            self.by_rule[finding.rule] += 1

    @property
    def scored(self) -> int:
        return self.drafts - self.errors

    @property
    def failed(self) -> int:
        return self.scored - self.passed

    @property
    def mean_score(self) -> float | None:
        return round(self.score_total / self.scored, 1) if self.scored else None

    def to_dict(self) -> dict:
        return {
            "drafts": self.drafts, "passed": self.passed, "failed": self.failed, "errors": self.errors,
            "mean_score": self.mean_score,
            "grades": {g: self.by_grade.get(g, 0) for g in ("ready", "needs-work", "rewrite")},
            "top_findings": [{"rule": r, "count": n} for r, n in self.by_rule.most_common(5)],
        }


class Formatter:
    """Base formatter: `begin`, one `add` per report, `end` with the summary."""

    def __init__(self, stream, color: bool = False, explain_rules=None, verbose: bool = False):
        self.stream = stream
        self.color = color
        self.explain_rules = explain_rules
        self.verbose = verbose

    def begin(self) -> None:
        pass

    def add(self, report: Report) -> None:  # pragma: no cover
        raise NotImplementedError

    def end(self, summary: Summary) -> None:
        pass


def get_formatter(name: str):
    from . import jsonfmt, text

    return {"text": text.TextFormatter, "json": jsonfmt.JsonFormatter, "jsonl": jsonfmt.JsonlFormatter}[name]


FORMATS = ("text", "json", "jsonl")
