"""JSON (one document: schema_version, reports, summary) and JSON Lines (one report per line)."""

from __future__ import annotations

import json

from ..report import SCHEMA_VERSION
from . import Formatter


def _dumps(data) -> str:
    """JSON on one line. U+2028, U+2029 and U+0085 are escaped too: str.splitlines() and older
    JavaScript treat them as line ends, which would split one report across lines."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")


class JsonFormatter(Formatter):
    """Streams `{"schema_version": 1, "reports": [...], "summary": {...}}`."""

    renders = True

    def begin(self):
        self.stream.write('{"schema_version": %d, "reports": [' % SCHEMA_VERSION)
        self._first = True

    def render(self, report) -> str:
        return _dumps(report.to_dict())

    def add(self, report):
        self.stream.write(("\n  " if self._first else ",\n  ") + self.render(report))
        self._first = False

    def add_rendered(self, rendered):
        self._write_utf8((b"\n  " if self._first else b",\n  ") + rendered.data)
        self._first = False

    def end(self, summary):
        self.stream.write('\n], "summary": %s}\n' % _dumps(summary.to_dict()))


class JsonlFormatter(Formatter):
    """One report per line, flushed as it is written, so a consumer can stream them."""

    renders = True

    def render(self, report) -> str:
        return _dumps({"schema_version": SCHEMA_VERSION, **report.to_dict()}) + "\n"

    def add(self, report):
        self.stream.write(self.render(report))
        self.stream.flush()

    def add_rendered(self, rendered):
        self._write_utf8(rendered.data)
        self.stream.flush()
