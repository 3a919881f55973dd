"""Kind `signal`: a reference to a named, reusable matcher from rules/signals/ (e.g. shared-context)."""

from __future__ import annotations

from .base import INSIDE_SCOPES, Compiled, get_str

KEYS = {"signal"}
REQUIRED = {"signal"}


def parse(raw, path):
    # The name is checked against the loaded signals once every pack is read (see ruleset.py).
    return {"signal": get_str(raw, "signal", path)}, frozenset()


class SignalRef(Compiled):
    def __init__(self, spec, ctx):
        super().__init__(spec)
        self.target = ctx.signal(spec.params["signal"], spec)
        self.anchors = self.target.anchors if self.scope in INSIDE_SCOPES else None

    def hits(self, document, span, run):
        return run(self.target, span)

    def possible(self, document):
        return self.target.possible(document)


def compile(spec, ctx):
    return SignalRef(spec, ctx)
