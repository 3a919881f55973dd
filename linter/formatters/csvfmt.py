"""A CSV row per draft (id, score, grade, passed, top findings) for spreadsheets."""

from __future__ import annotations

import csv
import io

from . import Formatter

COLUMNS = ("id", "row", "score", "grade", "passed", "findings", "top_findings", "error")


class CsvFormatter(Formatter):
    renders = True

    def begin(self):
        self.writer = csv.writer(self.stream, lineterminator="\n")
        self.writer.writerow(COLUMNS)

    def add(self, report):
        self.writer.writerow(self._row(report))

    def render(self, report) -> str:
        line = io.StringIO()
        csv.writer(line, lineterminator="\n").writerow(self._row(report))
        return line.getvalue()

    @staticmethod
    def _row(report) -> list:
        if report.error is not None:
            return [report.id, report.row or "", "", "", "false", "", "", report.error]
        ranked = sorted(report.findings, key=lambda f: -f.weight)
        top = "; ".join(dict.fromkeys(f"{f.rule} {f.name}" for f in ranked[:3]))
        return [report.id, report.row or "", report.score, report.grade,
                "true" if report.passed else "false", len(report.findings), top, ""]
