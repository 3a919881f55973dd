"""Compile a RuleSet once against a pipeline, then run it over Documents to get findings and strengths."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from .document import Document, DraftContext
from .errors import RuleError, did_you_mean
from .kinds import KINDS
from .kinds.base import NO_HITS, Compiled, Hit, anchored_sentences
from .report import Finding, Strength
from .rule import MatcherSpec, Rule, Signal
from .ruleset import RuleSet
from .settings import DEFAULTS

_PLACEHOLDER = re.compile(r"\{(match|value|min|max|to|greeting_name)\}")


class CompileContext:
    """What a kind needs to compile a matcher: the pipeline, the signals, and the settings."""

    def __init__(self, pipeline, signals: Mapping[str, Signal], settings: Mapping[str, float]):
        self.pipeline = pipeline
        self.nlp = pipeline.nlp
        self.signals = signals
        self.settings = settings
        self._compiled_signals: dict[str, Compiled] = {}
        self._banks: dict = {}

    def bank(self, key, make):
        """A matcher shared by the leaves of one kind and NLP needs, built by `make()` on first
        use: the token kind's TokenBank, the phrase kind's MatcherBank, the regex kind's RE2 set."""
        if key not in self._banks:
            self._banks[key] = make()
        return self._banks[key]

    def compile(self, spec: MatcherSpec) -> Compiled:
        return KINDS[spec.kind].compile(spec, self)

    def signal(self, name: str, spec: MatcherSpec) -> Compiled:
        if name not in self._compiled_signals:
            if name not in self.signals:
                raise RuleError(f"unknown signal '{name}'{did_you_mean(name, self.signals)}", spec.path, spec.line)
            self._compiled_signals[name] = self.compile(self.signals[name].match)
        return self._compiled_signals[name]

    def setting(self, value):
        if isinstance(value, str) and value.startswith("$"):
            return self.settings[value[1:]]
        return value

    def annotated_pipe(self, texts, requires):
        for text in texts:
            doc = self.nlp.make_doc(text)
            self.pipeline.annotate(doc, requires)
            yield doc


@dataclass(frozen=True)
class Suppressed:
    """A hit that an `unless` matcher (or a per-draft ignore) switched off; `rules try` shows these."""

    rule: str
    hit: Hit
    reason: str


@dataclass
class Outcome:
    findings: list[Finding]
    strengths: list[Strength]
    suppressed: list[Suppressed]


class Runner:
    """Evaluates a compiled matcher in a span of one draft, honouring its scope, memoized in the
    draft's cache. (An object rather than a closure: a closure that passes itself on is a
    reference cycle, which kept every draft's Document and cache alive until the next garbage
    collection.)"""

    __slots__ = ("document", "cache")

    def __init__(self, document: Document):
        self.document = document
        self.cache = document.cache

    def __call__(self, compiled: Compiled, span) -> list[Hit]:
        if compiled.direct:  # a leaf or metric keeps its own results for the draft (Compiled.direct)
            return compiled.hits(self.document, span, self)
        key = (compiled, span)
        out = self.cache.get(key)
        if out is not None:
            return out
        document = self.document
        if not compiled.possible(document):
            out = []
        elif compiled.scope:
            out = []
            subs = document.spans_for(compiled.scope, span)
            if compiled.sentence_anchors is not None:  # skip the sentences where it cannot hold
                kept = anchored_sentences(document, compiled)
                subs = [sub for sub in subs if sub in kept]
            for sub in subs:
                out.extend(compiled.hits(document, sub, self))
        else:  # the matcher's own list: results are shared read-only once made
            out = compiled.hits(document, span, self)
        self.cache[key] = out
        return out


class Engine:
    """Compiled rules and credit-earning signals for one RuleSet and one pipeline."""

    def __init__(self, ruleset: RuleSet, pipeline, settings: Mapping[str, float] | None = None):
        self.settings = {**DEFAULTS, **(settings or {})}
        ctx = self.context = CompileContext(pipeline, ruleset.signals, self.settings)
        self.rules: list[tuple[Rule, Compiled, Compiled | None]] = []
        self.skipped: list[Rule] = []
        for rule in ruleset.active:
            if not rule.requires <= pipeline.provides:
                self.skipped.append(rule)
                continue
            self.rules.append((rule, ctx.compile(rule.match), ctx.compile(rule.unless) if rule.unless else None))
        # {min} and {max} in messages: the bounds of the rule's first metric, settings resolved once
        self._bounds = {rule.id: _metric_bounds(rule.match, ctx) for rule, _, _ in self.rules}
        for sig in ruleset.signals.values():  # compile every usable signal now, so errors show at load
            if sig.match.requires <= pipeline.provides:
                ctx.signal(sig.name, sig.match)
        self.credit_signals: list[tuple[Signal, Compiled]] = [
            (sig, ctx.signal(sig.name, sig.match)) for sig in ruleset.signals.values()
            if sig.credit > 0 and sig.match.requires <= pipeline.provides
        ]
        self.requires = frozenset().union(*(r.requires for r, _, _ in self.rules),
                                          *(s.match.requires for s, _ in self.credit_signals))
        self._applicable: dict[tuple[str | None, bool], list] = {}  # (channel, template) -> rules that run

    def prepare(self, documents: list[Document]) -> None:
        """Let the shared matchers scan a batch of drafts together before their rules run (the
        same results as scanning each draft on first use, for less time per draft)."""
        # banks needing more than the tokenizer scan on first use instead, after the leaf that
        # asks has made sure its components have run on the draft
        banks = [bank for bank in self.context._banks.values() if hasattr(bank, "prepare") and not bank.requires]
        # Most leaves have no hits in most drafts, and each bank says so for all its leaves in each
        # draft's cache. For a fresh draft that is one copy of a table made for the whole batch
        # (a dict update into an empty dict clones it) instead of an insert per leaf and bank.
        fresh: list[Document] = []
        rest: list[Document] = []  # drafts whose cache already holds something (not in a normal run)
        for document in documents:
            (rest if document.cache else fresh).append(document)
        if fresh:
            blank: dict = {}
            for bank in banks:
                blank.update(dict.fromkeys(bank.blank_leaves(), NO_HITS))
            for document in fresh:
                document.cache.update(blank)
        for bank in banks:
            bank.prepare(fresh, prefilled=True)
            if rest:
                bank.prepare(rest)

    def warm(self) -> None:
        """Build every shared matcher now, RE2 sets included, rather than on the first drafts."""
        for bank in self.context._banks.values():
            if hasattr(bank, "warm"):
                bank.warm()

    def signal_hits(self, name: str, document: Document) -> list[Hit]:
        """Where a named signal holds in a draft (for signal examples and `rules try`)."""
        compiled = self.context.signal(name, self.context.signals[name].match)
        document.ensure(compiled.spec.requires)
        return Runner(document)(compiled, document.whole)

    # -- evaluation --------------------------------------------------------------------------
    def run(self, document: Document, ignore: tuple[str, ...] = ()) -> Outcome:
        run = Runner(document)
        outcome = Outcome([], [], [])
        whole = document.whole
        for rule, match, unless in self._rules_for(document.context):
            if not match.direct and not match.possible(document):
                continue  # most rules in most drafts: skipped without a Runner call or a memo entry
            kept = 0
            taken: list[tuple[int, int]] = []
            for hit in run(match, whole):
                # one piece of text counts once per rule, even when several patterns overlap on it
                if any(hit.start < end and start < hit.end or (hit.start, hit.end) == (start, end)
                       for start, end in taken):
                    continue
                taken.append((hit.start, hit.end))
                if unless is not None and self._holds(run, unless, document, hit):
                    outcome.suppressed.append(Suppressed(rule.id, hit, "unless"))
                    continue
                if _ignored(rule, ignore):
                    outcome.suppressed.append(Suppressed(rule.id, hit, "ignore"))
                    continue
                outcome.findings.append(self._finding(rule, match, hit, document))
                kept += 1
                if kept >= rule.max_hits:
                    break
        for signal, compiled in self.credit_signals:
            hits = run(compiled, document.whole)
            if hits:
                start, end = document.sentences_around(hits[0].start, hits[0].end)
                first = Hit(start, end, document.text[start:end])
                message = _fill(signal.strength, first, None, document)
                outcome.strengths.append(Strength(signal.name, message, first.text, signal.credit, first.start, first.end))
        outcome.findings.sort(key=lambda f: (f.start, f.rule))
        return outcome

    def _rules_for(self, ctx: DraftContext) -> list[tuple[Rule, Compiled, Compiled | None]]:
        """The rules that run on drafts of this channel and template flag, in order (worked out
        once per combination)."""
        key = (ctx.channel, bool(ctx.template))
        found = self._applicable.get(key)
        if found is None:
            found = self._applicable[key] = [
                entry for entry in self.rules
                if entry[0].applies_to(ctx.channel) and (entry[0].in_templates or not ctx.template)]
        return found

    @staticmethod
    def _holds(run, unless: Compiled, document: Document, hit: Hit) -> bool:
        if unless.spec.scope == "sentence":
            return bool(run(unless, document.sentences_around(hit.start, hit.end)))
        return bool(run(unless, document.whole))

    def _finding(self, rule: Rule, match: Compiled, hit: Hit, document: Document) -> Finding:
        hit = _quoted(hit)
        line, column = document.line_col(hit.start)
        bounds = self._bounds[rule.id]
        return Finding(
            rule=rule.id, name=rule.name, group=rule.group, severity=rule.severity,
            message=_fill(rule.message, hit, bounds, document),
            suggestion=_fill(rule.suggestion, hit, bounds, document),
            match=hit.text, start=hit.start, end=hit.end, line=line, column=column, weight=float(rule.weight),
        )


# What a regex's context alternative, like (?:^|[.!?]\s+) or (?:^|\s), consumed before the words
# it is about: the end of the previous sentence and the space after it.
_LEADING_CONTEXT = re.compile(r"(?:[.!?,:;…]+\s+|\s+)+")


def _quoted(hit: Hit) -> Hit:
    """The hit as a finding quotes and underlines it: without the previous sentence's end or the
    spaces around it. (Rules are evaluated on the hit as matched; this is presentation only.)"""
    text = hit.text
    lead = _LEADING_CONTEXT.match(text)
    cut = lead.end() if lead is not None and lead.end() < len(text) else 0
    kept = text[cut:].rstrip() or text[cut:]
    if cut == 0 and len(kept) == len(text):
        return hit
    start = hit.start + cut
    return Hit(start, start + len(kept), kept, hit.value)


def _ignored(rule: Rule, ignore: tuple[str, ...]) -> bool:
    return bool(ignore) and any(rule_matches_key(rule, key) for key in ignore)


def rule_matches_key(rule: Rule, key: str) -> bool:
    """Whether an id (any case), name or group names this rule."""
    return key.upper() == rule.id or key in (rule.name, rule.group)


def _metric_bounds(spec: MatcherSpec, ctx: CompileContext) -> tuple | None:
    for part in spec.walk():
        if part.kind == "metric":
            return ctx.setting(part.params["min"]), ctx.setting(part.params["max"])
    return None


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _number(value) -> str:
    if value is None:
        return ""
    return f"{value:,.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"


def _fill(template: str, hit: Hit, bounds, document: Document) -> str:
    """Fill {match}, {value}, {min}, {max}, {to} and {greeting_name}; other braces are left alone."""
    if "{" not in template:  # most suggestions, and many messages
        return template
    values = {
        "match": _short(hit.text),
        "value": _number(hit.value),
        "min": _number(bounds[0]) if bounds else "",
        "max": _number(bounds[1]) if bounds else "",
        "to": document.context.to or "",
        "greeting_name": document.greeting_name or "",
    }
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)
