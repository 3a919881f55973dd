"""GitHub Actions workflow commands: one ::error/::warning/::notice annotation per finding."""

from __future__ import annotations

from . import Formatter, file_position

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class GithubFormatter(Formatter):
    renders = True

    def add(self, report):
        self.stream.write(self.render(report))

    def render(self, report) -> str:
        if report.error is not None:
            where = f"file={_prop(report.id)},line={report.row}" if report.row else f"file={_prop(report.id)}"
            return f"::error {where},title=introlint::{_data(report.error)}\n"
        out = []
        for f in report.findings:
            line, col = file_position(report, f.start)
            end_line, end_col = file_position(report, f.end)
            props = f"file={_prop(report.id)},line={line},col={col},endLine={end_line},endColumn={end_col}"
            title = _prop(f"{f.rule} {f.name}")
            body = _data(f"{f.message} {f.suggestion}")
            out.append(f"::{_LEVEL[f.severity]} {props},title={title}::{body}\n")
        if not report.passed:
            out.append(f"::error file={_prop(report.id)},title=introlint score::"
                       f"{_data(report.explanation[0] if report.explanation else '')}\n")
        return "".join(out)

    def end(self, summary):
        s = summary.to_dict()
        self.stream.write(f"::notice title=introlint::{s['drafts']} drafts, {s['passed']} passed, "
                          f"{s['failed']} failed, {s['errors']} errors\n")
