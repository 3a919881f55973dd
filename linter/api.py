"""The library API: a Linter loads rules and the pipeline once and checks drafts; check() is the shortcut."""

from __future__ import annotations

import dataclasses
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from .document import Document, DraftContext
from .drafts import Draft
from .engine import Engine, Outcome, rule_matches_key
from .errors import InputError, UsageError
from .nlp import load_pipeline
from .report import Report
from .rule import CHANNELS, RuleOverride
from .ruleset import RuleSet, load_ruleset
from .scoring import FAIL_LEVELS, Policy, score

MAX_CHARS = 100_000
# Drafts tokenized, segmented and scanned together. The shared RE2 scans run set by set over a
# batch, and a larger batch keeps each set's automaton in the CPU's caches for longer: 128 was
# about 3% faster than 64 in interleaved runs on 4,000 benchmark rows, while 256 was no faster.
BATCH_SIZE = 128


class Linter:
    """Rules, pipeline and policy, loaded once; `check` and `check_many` reuse them for every draft.

    >>> linter = Linter(min_score=70)
    >>> linter.check("Hi Sarah, loved your PyCon talk on property testing.", to="Sarah Chen").score

    `cache=True` reuses validated rules from the user cache directory while the rule files are
    byte-identical, as the command line does (linter/rulecache.py), and keeps pyphen's parsed
    hyphenation patterns there; the default reads the files and writes nothing.
    """

    def __init__(
        self,
        ruleset: RuleSet | None = None,
        *,
        rule_dirs: Iterable[str | Path] = (),
        builtin: bool = True,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        overrides: Mapping[str, RuleOverride] | None = None,
        policy: Policy | None = None,
        min_score: int | None = None,
        fail_on: str | None = None,
        settings: Mapping[str, float] | None = None,
        model: str | None = None,
        default_channel: str | None = None,
        vocabulary: Iterable[str] = (),
        cache: bool = False,
    ):
        ruleset = ruleset if ruleset is not None else load_ruleset(rule_dirs, builtin=builtin, cache=cache)
        if cache:  # and keep pyphen's parsed hyphenation patterns there too (see readability.py)
            from . import readability

            readability.KEEP_PATTERNS = True
        if overrides:
            ruleset = ruleset.with_overrides(overrides)
        if select or ignore:
            ruleset = ruleset.select(select, ignore)
        self.ruleset = ruleset
        policy = policy or Policy()
        if min_score is not None or fail_on is not None:
            policy = Policy(
                min_score=policy.min_score if min_score is None else min_score,
                fail_on=policy.fail_on if fail_on is None else fail_on,
                ready_at=policy.ready_at, rewrite_below=policy.rewrite_below, max_credit=policy.max_credit,
            )
        _check_policy(policy)
        if default_channel is not None and default_channel not in CHANNELS:
            raise UsageError(f"unknown channel '{default_channel}'; channels are {', '.join(CHANNELS)}")
        self.policy = policy
        self.default_channel = default_channel
        self.vocabulary = frozenset(v.lower() for v in vocabulary)
        wanted = frozenset().union(*(r.requires for r in ruleset.active),
                                   *(s.match.requires for s in ruleset.signals.values() if s.credit))
        self.pipeline = load_pipeline(model, wanted)
        self.engine = Engine(ruleset, self.pipeline, settings)
        self.notices: tuple[str, ...] = (self.pipeline.notice,) if self.pipeline.notice else ()

    def warm_up(self) -> "Linter":
        """Do now the one-time work that early checks would otherwise pay for: build the shared
        matchers and their RE2 sets, and check a sample draft (first use of the tokenizer and
        the reading-grade dictionary). Without it, a Linter's first check takes about 0.2 s and
        its 17th about 0.35 s more than the rest (re2scan.Occurrence); a service that wants even
        latency calls this once at start-up. Returns the Linter."""
        self.engine.warm()
        self.check(_SAMPLE)
        return self

    # -- single drafts --------------------------------------------------------------------
    def check(self, text: str, *, to: str | None = None, channel: str | None = None, template: bool = False,
              id: str = "-", ignore: Iterable[str] = ()) -> Report:
        """Check one draft body (no front matter) and return its Report."""
        draft = Draft(text=text, id=id, to=to, channel=channel, template=template, ignore=tuple(ignore))
        return self.check_draft(draft)

    def check_draft(self, draft: Draft) -> Report:
        return next(self.check_many([draft]))

    # -- many drafts ----------------------------------------------------------------------
    def check_many(self, drafts: Iterable[Draft | str], batch_size: int = BATCH_SIZE) -> Iterator[Report]:
        """Check drafts lazily, batch by batch through spaCy, yielding one Report per draft in order."""
        source = iter(drafts)
        while True:
            batch = [d if isinstance(d, Draft) else Draft(text=d) for d in islice(source, batch_size)]
            if not batch:
                return
            yield from self._check_batch(batch)

    def _check_batch(self, batch: list[Draft]) -> Iterator[Report]:
        docs: list = []
        problems: list[str | None] = []
        for draft in batch:
            problem = draft.error or _validate(draft)
            problems.append(problem)
            docs.append(None if problem else self.pipeline.nlp.make_doc(draft.text))
        live = [d for d in docs if d is not None]
        # Documents segment and mark sentences before the statistical components run.
        documents = {}
        for draft, doc in zip(batch, docs):
            if doc is not None:
                context = DraftContext(draft.to, draft.channel or self.default_channel, draft.template,
                                       draft.cluster_size)
                documents[id(doc)] = Document(doc, context, self.pipeline.annotate, draft.text)
        if live and self.engine.requires:
            self.pipeline.annotate_many(live, self.engine.requires)
            for document in documents.values():
                document.mark_annotated(self.engine.requires)
        self.engine.prepare(list(documents.values()))
        for draft, doc, problem in zip(batch, docs, problems):
            if doc is None:
                yield Report(id=draft.id, score=None, grade=None, passed=False, row=draft.row,
                             error=problem, text=draft.text)
                continue
            document = documents[id(doc)]
            yield self._report(draft, document, self.engine.run(document, draft.ignore))

    def check_campaign(self, drafts: Iterable[Draft | str], batch_size: int = BATCH_SIZE) -> Iterator[Report]:
        """Check a whole batch and also flag drafts that are one template with names swapped.

        The drafts are held in memory for the two passes; for huge files the CLI re-reads them.
        """
        from .cluster import cluster_sizes

        items = [d if isinstance(d, Draft) else Draft(text=d) for d in drafts]
        sizes = cluster_sizes(items)
        return self.check_many((dataclasses.replace(d, cluster_size=n) for d, n in zip(items, sizes)), batch_size)

    def _report(self, draft: Draft, document: Document, outcome: Outcome) -> Report:
        if self.vocabulary:
            outcome.findings = [f for f in outcome.findings if f.match.lower() not in self.vocabulary]
        verdict = score(outcome.findings, outcome.strengths, self.policy)
        notices = list(self.notices) + list(draft.notices)
        used = {s.rule for s in outcome.suppressed if s.reason == "ignore"}
        for key in draft.ignore:
            if not any(rule_matches_key(r, key) for r in self.ruleset.rules):
                notices.append(f"ignore: '{key}' is not a rule id, name or group")
            elif not any(r.id in used and rule_matches_key(r, key) for r in self.ruleset.rules):
                notices.append(f"ignore: '{key}' suppressed nothing in this draft")
        return Report(
            id=draft.id, score=verdict.score, grade=verdict.grade, passed=verdict.passed,
            findings=tuple(outcome.findings), strengths=tuple(outcome.strengths),
            breakdown=verdict.breakdown, explanation=verdict.explanation,
            channel=document.context.channel, to=draft.to, notices=tuple(notices), row=draft.row,
            body_line=draft.body_line, text=draft.text,
        )


_SAMPLE = ("Hi Dana,\n\nI enjoyed your talk on onboarding churn at SaaStr last week, especially the "
           "point about activation emails. We ran a similar test at Fieldnote and saw the same drop. "
           "Would you be open to comparing notes?\n\nBest,\nSam")


def _validate(draft: Draft) -> str | None:
    if not isinstance(draft.text, str):
        return f"draft text must be a string, got {type(draft.text).__name__}"
    if not draft.text.strip():
        return "empty draft (no text to check)"
    try:
        draft.text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"the text is not valid Unicode (a lone surrogate at character {exc.start})"
    if len(draft.text) > MAX_CHARS:
        return f"draft is {len(draft.text):,} characters; the limit is {MAX_CHARS:,}"
    if draft.channel is not None and draft.channel not in CHANNELS:
        return f"unknown channel '{draft.channel}'; channels are {', '.join(CHANNELS)}"
    return None


def _check_policy(policy: Policy) -> None:
    if not 0 <= policy.min_score <= 100:
        raise UsageError(f"min score must be from 0 to 100, got {policy.min_score}")
    if policy.fail_on not in FAIL_LEVELS:
        raise UsageError(f"fail level must be info, warning, error or never, got '{policy.fail_on}'")


_default: dict[tuple, Linter] = {}


def check(text: str, *, to: str | None = None, channel: str | None = None, template: bool = False,
          **linter_options) -> Report:
    """Check one draft with the built-in rules. Raises InputError for an empty or oversized draft.

    The Linter behind it is built once per distinct set of options and reused.
    """
    key = tuple(sorted((k, repr(v)) for k, v in linter_options.items()))
    linter = _default.get(key)
    if linter is None:
        linter = _default[key] = Linter(**linter_options)
    report = linter.check(text, to=to, channel=channel, template=template)
    if report.error:
        raise InputError(report.error, "<text>")
    return report
