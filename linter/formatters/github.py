"""GitHub Actions workflow commands: one ::error/::warning/::notice annotation per finding."""

from __future__ import annotations

from . import Formatter, file_position

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class GithubFormatter(Formatter):
    def add(self, report):
        if report.error is not None:
            where = f"file={_prop(report.id)},line={report.row}" if report.row else f"file={_prop(report.id)}"
            self.stream.write(f"::error {where},title=introlint::{_data(report.error)}\n")
            return
        for f in report.findings:
            line, col = file_position(report, f.start)
            end_line, end_col = file_position(report, f.end)
            props = f"file={_prop(report.id)},line={line},col={col},endLine={end_line},endColumn={end_col}"
            title = _prop(f"{f.rule} {f.name}")
            body = _data(f"{f.message} {f.suggestion}")
            self.stream.write(f"::{_LEVEL[f.severity]} {props},title={title}::{body}\n")
        if not report.passed:
            self.stream.write(f"::error file={_prop(report.id)},title=introlint score::"
                              f"{_data(report.explanation[0] if report.explanation else '')}\n")

    def end(self, summary):
        s = summary.to_dict()
        self.stream.write(f"::notice title=introlint::{s['drafts']} drafts, {s['passed']} passed, "
                          f"{s['failed']} failed, {s['errors']} errors\n")
