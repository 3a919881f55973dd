"""Kind `metric`: a number measured on the scope (words, questions, I-vs-you, reading grade) outside min..max."""

from __future__ import annotations

from ..errors import did_you_mean
from ..metrics import METRICS
from ..settings import DEFAULTS
from .base import Compiled, fail, get_str, whole_span_hit

KEYS = {"metric", "min", "max"}
REQUIRED = {"metric"}


def _bound(raw, key, path):
    if key not in raw:
        return None
    value = raw[key]
    if isinstance(value, str) and value.startswith("$"):
        if value[1:] not in DEFAULTS:
            fail(f"unknown setting '{value}'{did_you_mean(value[1:], DEFAULTS)}; "
                 f"settings are {', '.join('$' + k for k in DEFAULTS)}", path, raw.line_of(key))
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        fail(f"'{key}' must be a number or a $setting, got {value!r}", path, raw.line_of(key))
    return value


def parse(raw, path):
    name = get_str(raw, "metric", path)
    if name not in METRICS:
        fail(f"unknown metric '{name}'{did_you_mean(name, METRICS)}; metrics are {', '.join(METRICS)}",
             path, raw.line_of("metric"))
    low, high = _bound(raw, "min", path), _bound(raw, "max", path)
    if low is None and high is None:
        fail("a metric matcher needs 'min', 'max' or both (the acceptable range)", path, raw.line)
    if isinstance(low, (int, float)) and isinstance(high, (int, float)) and low > high:
        fail(f"'min' ({low}) is larger than 'max' ({high})", path, raw.line_of("min"))
    return {"metric": name, "min": low, "max": high}, frozenset()


class MetricMatcher(Compiled):
    """Holds, once per span, when the measured value falls outside the acceptable range."""

    def __init__(self, spec, ctx):
        super().__init__(spec)
        self.low = ctx.setting(spec.params["min"])
        self.high = ctx.setting(spec.params["max"])
        self.direct = self.scope is None  # Document.metric keeps each value for the draft

    def hits(self, document, span, run):
        value = document.metric(self.spec.params["metric"], span)
        if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
            return [whole_span_hit(document, span, value)]
        return []


def compile(spec, ctx):
    return MetricMatcher(spec, ctx)
