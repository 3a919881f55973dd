"""Readable terminal output: each finding with its line and an underline, then the score and why."""

from __future__ import annotations

import re

from . import Formatter

# Drafts and file names may hold terminal escapes, carriage returns and bidi overrides that would
# rewrite or hide what is shown on a terminal; each becomes one U+FFFD, so carets stay aligned.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _safe(text) -> str:
    return _UNSAFE.sub("\ufffd", str(text))

_SEVERITY_COLOR = {"error": "red", "warning": "yellow", "info": "cyan"}
_GRADE_COLOR = {"ready": "green", "needs-work": "yellow", "rewrite": "red"}


class TextFormatter(Formatter):
    def style(self, text: str, **kw) -> str:
        if not self.color:
            return text
        import click

        return click.style(text, **kw)

    renders = True

    def add(self, report):
        self.stream.write(self.render(report))

    def render(self, report) -> str:
        out: list[str] = []
        write = out.append
        if report.error is not None:
            where = _safe(report.id) + (f" (row {report.row})" if report.row is not None else "")
            write(self.style(f"{where}: error: {_safe(report.error)}", fg="red") + "\n\n")
            return "".join(out)
        lines = report.text.split("\n")
        for note in report.notices:
            write(self.style(f"note: {_safe(note)}", dim=True) + "\n")
        for f in report.findings:
            file_line = f.line + report.body_line - 1
            head = f"{_safe(report.id)}:{file_line}:{f.column}: "
            sev = self.style(f.severity, fg=_SEVERITY_COLOR[f.severity], bold=True)
            write(f"{head}{sev} {self.style(f.rule, bold=True)} {_safe(f.message)}\n")
            write(self._excerpt(lines, f, file_line))
            write(f"      {self.style('try:', fg='green')} {_safe(f.suggestion)}\n")
        grade = self.style(f"{report.score}/100 {report.grade}", fg=_GRADE_COLOR[report.grade], bold=True)
        verdict = self.style("pass", fg="green") if report.passed else self.style("fail", fg="red")
        write(f"{_safe(report.id)}: {grade} [{verdict}]\n")
        for sentence in report.explanation:
            write(f"  {_safe(sentence)}\n")
        if self.explain_rules:
            for rule_id in dict.fromkeys(f.rule for f in report.findings):
                write("\n" + self.explain_rules(rule_id) + "\n")
        write("\n")
        return "".join(out)

    def _excerpt(self, lines: list[str], f, file_line: int) -> str:
        """The finding's first line with a caret underline under the matched part."""
        line_text = lines[f.line - 1] if f.line - 1 < len(lines) else ""
        line_text = line_text.rstrip("\r")
        start = f.column - 1
        width = max(1, min(f.end - f.start, len(line_text) - start))
        shown = _safe(line_text.expandtabs(1))
        if len(shown) > 100:  # keep very long lines readable: show a window around the match
            left = max(0, start - 40)
            shown = ("…" if left else "") + shown[left:left + 100] + ("…" if left + 100 < len(line_text) else "")
            start = start - left + (1 if left else 0)
            width = min(width, 100)
        gutter = f"{file_line:>5} | "
        marker = " " * len(gutter[:-2]) + "| " + " " * start + self.style("^" * width, fg="red")
        return f"{gutter}{shown}\n{marker}\n"

    def end(self, summary):
        if summary.drafts > 1:
            s = summary.to_dict()
            grades = ", ".join(f"{n} {g}" for g, n in s["grades"].items())
            mean = "" if s["mean_score"] is None else f", mean score {s['mean_score']}"
            errors = f", {s['errors']} could not be read" if s["errors"] else ""
            self.stream.write(f"{s['drafts']} drafts: {s['passed']} passed, {s['failed']} failed{errors}"
                              f" ({grades}{mean})\n")
