"""JSON (one document: schema_version, reports, summary) and JSON Lines (one report per line)."""

from __future__ import annotations

import json

from ..report import SCHEMA_VERSION
from . import Formatter


class JsonFormatter(Formatter):
    """Streams `{"schema_version": 1, "reports": [...], "summary": {...}}`."""

    def begin(self):
        self.stream.write('{"schema_version": %d, "reports": [' % SCHEMA_VERSION)
        self._first = True

    def add(self, report):
        self.stream.write(("\n  " if self._first else ",\n  ") + json.dumps(report.to_dict(), ensure_ascii=False))
        self._first = False

    def end(self, summary):
        self.stream.write('\n], "summary": %s}\n' % json.dumps(summary.to_dict(), ensure_ascii=False))


class JsonlFormatter(Formatter):
    """One report per line, flushed as it is written, so a consumer can stream them."""

    def add(self, report):
        data = {"schema_version": SCHEMA_VERSION, **report.to_dict()}
        self.stream.write(json.dumps(data, ensure_ascii=False) + "\n")
        self.stream.flush()
