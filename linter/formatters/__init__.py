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

    def add(self, report: "Report | Rendered") -> None:
        self.drafts += 1
        if report.error is not None:
            self.errors += 1
            return
        self.passed += int(report.passed)
        self.score_total += report.score or 0
        self.by_grade[report.grade] += 1
        self.by_rule.update(report.rule_ids)

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


@dataclass(frozen=True)
class Rendered:
    """A report a --jobs worker has already written out (Formatter.render) as UTF-8: what the
    summary, the exit code and the command need of it, and the bytes. Sending these back
    instead of whole Reports spares the main process unpickling and formatting every report,
    which competes with the workers for the same cores."""

    id: str
    row: int | None
    error: str | None
    passed: bool
    score: int | None
    grade: str | None
    rule_ids: tuple[str, ...]
    data: bytes

    @classmethod
    def of(cls, report: Report, text: str) -> "Rendered":
        return cls(report.id, report.row, report.error, report.passed, report.score, report.grade,
                   report.rule_ids, text.encode("utf-8"))


class Formatter:
    """Base formatter: `begin`, one `add` per report, `end` with the summary.

    A format whose text for a report depends only on the report and the formatter's options
    (colour, --explain) sets `renders` and defines `render(report)`, that text. The --jobs
    workers can then write the reports out with a formatter of their own (made with
    stream=None) and hand them over as Rendered, which `add_rendered` writes."""

    renders = False

    def __init__(self, stream, color: bool = False, explain_rules=None, rules=()):
        self.stream = stream
        self.color = color
        self.explain_rules = explain_rules
        self.rules = tuple(rules)

    def begin(self) -> None:
        pass

    def add(self, report: Report) -> None:  # pragma: no cover
        raise NotImplementedError

    def end(self, summary: Summary) -> None:
        pass

    def render(self, report: Report) -> str:  # pragma: no cover - only formats that set `renders`
        raise NotImplementedError

    def add_rendered(self, rendered: Rendered) -> None:
        """Write a report a worker rendered, as `add` would have written it."""
        self._write_utf8(rendered.data)

    def _write_utf8(self, data: bytes) -> None:
        """Write UTF-8 bytes: straight to the binary layer under a UTF-8 text stream (after what
        the text layer holds), decoded otherwise."""
        buffer = getattr(self.stream, "buffer", None)
        if buffer is None or not writes_utf8(self.stream):
            self.stream.write(data.decode("utf-8"))
            return
        self.stream.flush()
        buffer.write(data)
        if getattr(self.stream, "line_buffering", False):  # a terminal: show it now, as the text layer would
            buffer.flush()


def writes_utf8(stream) -> bool:
    """Whether a text stream encodes what it is given as UTF-8."""
    import codecs

    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "utf-8"
    except LookupError:
        return False


@dataclass(frozen=True)
class Output:
    """How reports are written out: the format, colour, and whether each finding's rule is
    explained. The command line makes its formatter from this, and so do --jobs workers that
    write reports out themselves (`renders`)."""

    fmt: str
    color: bool = False
    explain: bool = False

    def formatter(self, linter, stream=None):
        explainer = None
        if self.explain:
            from ..docs import explain_rule

            explainer = lambda rule_id: explain_rule(linter.ruleset.get(rule_id))  # noqa: E731
        return get_formatter(self.fmt)(stream, color=self.color, explain_rules=explainer, rules=linter.ruleset.active)


def get_formatter(name: str):
    """The formatter class for a format name; each lives in its own module, imported on use."""
    import importlib

    module, cls = _FORMATTERS[name]
    return getattr(importlib.import_module(f"{__name__}.{module}"), cls)


def file_position(report: Report, offset: int) -> tuple[int, int]:
    """1-based line and column in the source file (front matter included) of a body offset."""
    text = report.text
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line + report.body_line - 1, column


_FORMATTERS = {
    "text": ("text", "TextFormatter"),
    "json": ("jsonfmt", "JsonFormatter"),
    "jsonl": ("jsonfmt", "JsonlFormatter"),
    "sarif": ("sarif", "SarifFormatter"),
    "github": ("github", "GithubFormatter"),
    "csv": ("csvfmt", "CsvFormatter"),
}
FORMATS = tuple(_FORMATTERS)
