"""A CSV row per draft (id, score, grade, passed, top findings) for spreadsheets."""

from __future__ import annotations

import csv

from . import Formatter

COLUMNS = ("id", "row", "score", "grade", "passed", "findings", "top_findings", "error")


class CsvFormatter(Formatter):
    def begin(self):
        self.writer = csv.writer(self.stream, lineterminator="\n")
        self.writer.writerow(COLUMNS)

    def add(self, report):
        if report.error is not None:
            self.writer.writerow([report.id, report.row or "", "", "", "false", "", "", report.error])
            return
        ranked = sorted(report.findings, key=lambda f: -f.weight)
        top = "; ".join(dict.fromkeys(f"{f.rule} {f.name}" for f in ranked[:3]))
        self.writer.writerow([report.id, report.row or "", report.score, report.grade,
                              "true" if report.passed else "false", len(report.findings), top, ""])
