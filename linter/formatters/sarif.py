"""SARIF 2.1.0 for code-scanning tools: one run, every active rule, one result per finding."""

from __future__ import annotations

import json

from . import Formatter, file_position

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("introlint")
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "0"


class SarifFormatter(Formatter):
    """Streams the log: the header and rule table first, then results as reports arrive."""

    def begin(self):
        self._index = {rule.id: i for i, rule in enumerate(self.rules)}
        driver = {
            "name": "introlint",
            "version": _version(),
            "informationUri": "https://pypi.org/project/introlint/",
            "rules": [self._rule(rule) for rule in self.rules],
        }
        head = json.dumps({"$schema": SCHEMA, "version": "2.1.0"})[:-1]
        self.stream.write(head + ', "runs": [{"tool": {"driver": ' + json.dumps(driver) + '}, "results": [')
        self._first = True
        self._notifications = []

    @staticmethod
    def _rule(rule) -> dict:
        return {
            "id": rule.id,
            "name": rule.name,
            "shortDescription": {"text": rule.docs.what.strip() or rule.name},
            "fullDescription": {"text": rule.docs.why.strip() or rule.docs.what.strip() or rule.name},
            "help": {"text": rule.suggestion},
            "defaultConfiguration": {"level": _LEVEL[rule.severity]},
            "properties": {"group": rule.group, "weight": rule.weight},
        }

    def _write(self, result: dict) -> None:
        self.stream.write(("\n" if self._first else ",\n") + json.dumps(result, ensure_ascii=False))
        self._first = False

    def add(self, report):
        if report.error is not None:
            self._notifications.append({
                "level": "error",
                "message": {"text": f"{report.id}: {report.error}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": report.id}}}],
            })
            return
        for f in report.findings:
            line, col = file_position(report, f.start)
            end_line, end_col = file_position(report, f.end)
            result = {
                "ruleId": f.rule,
                "level": _LEVEL[f.severity],
                "message": {"text": f"{f.message} {f.suggestion}"},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": report.id},
                    "region": {"startLine": line, "startColumn": col, "endLine": end_line,
                               "endColumn": max(end_col, col + (1 if end_line == line else 0)),
                               "snippet": {"text": f.match}},
                }}],
                "properties": {"score": report.score, "grade": report.grade, "points": -f.weight},
            }
            if f.rule in self._index:
                result["ruleIndex"] = self._index[f.rule]
            self._write(result)

    def end(self, summary):
        invocation = {"executionSuccessful": summary.errors == 0,
                      "toolExecutionNotifications": self._notifications}
        self.stream.write('\n], "invocations": [' + json.dumps(invocation, ensure_ascii=False) + "]}]}\n")
