"""Run the examples inside rule and signal files as tests; pytest and `introlint rules test` share this."""

from __future__ import annotations

from dataclasses import dataclass

from .document import Document, DraftContext
from .drafts import Draft
from .rule import Example, Rule, Signal


@dataclass(frozen=True)
class ExampleResult:
    """One example checked against its rule or signal."""

    owner: str          # rule id or signal name
    path: str
    line: int
    expected: str       # 'fail'/'pass' for rules, 'present'/'absent' for signals
    text: str
    ok: bool
    detail: str

    def describe(self) -> str:
        status = "ok" if self.ok else "FAILED"
        return f"{self.path}:{self.line}: {self.owner} {self.expected} example {status}: {self.detail}"


def _channel_for(rule: Rule | None, example: Example) -> str | None:
    if example.channel:
        return example.channel
    if rule is not None and "any" not in rule.channels:
        return rule.channels[0]
    return None


def check_rule_examples(linter, rule: Rule) -> list[ExampleResult]:
    """Each fail example must make the rule fire; each pass example must not."""
    results = []
    for expected, examples in (("fail", rule.fail_examples), ("pass", rule.pass_examples)):
        for ex in examples:
            report = linter.check_draft(Draft(text=ex.text, to=ex.to, channel=_channel_for(rule, ex),
                                              template=ex.template, cluster_size=ex.cluster_size))
            if report.error:
                results.append(ExampleResult(rule.id, rule.path, ex.line, expected, ex.text, False, report.error))
                continue
            hits = [f for f in report.findings if f.rule == rule.id]
            fired = bool(hits)
            ok = fired == (expected == "fail")
            if expected == "fail":
                detail = f"fired on '{hits[0].match[:60]}'" if fired else "did not fire"
            else:
                detail = "did not fire" if not fired else f"fired on '{hits[0].match[:60]}' ({hits[0].message})"
            results.append(ExampleResult(rule.id, rule.path, ex.line, expected, ex.text, ok, detail))
    return results


def check_signal_examples(linter, signal: Signal) -> list[ExampleResult]:
    """Each present example must show the signal; each absent example must not."""
    results = []
    for expected, examples in (("present", signal.present_examples), ("absent", signal.absent_examples)):
        for ex in examples:
            doc = linter.pipeline.nlp.make_doc(ex.text)
            document = Document(doc, DraftContext(ex.to, ex.channel, ex.template, ex.cluster_size),
                                linter.pipeline.annotate)
            hits = linter.engine.signal_hits(signal.name, document)
            ok = bool(hits) == (expected == "present")
            detail = f"matched '{hits[0].text[:60]}'" if hits else "no match"
            results.append(ExampleResult(signal.name, signal.path, ex.line, expected, ex.text, ok, detail))
    return results


def check_all_examples(linter) -> list[ExampleResult]:
    results = []
    compiled = {r.id for r, _, _ in linter.engine.rules}
    for rule in linter.ruleset.rules:
        if rule.enabled and rule.status != "deprecated" and rule.id in compiled:
            results.extend(check_rule_examples(linter, rule))
    for signal in linter.ruleset.signals.values():
        if signal.match.requires <= linter.pipeline.provides:
            results.extend(check_signal_examples(linter, signal))
    return results


def coverage_problems(linter, results: list[ExampleResult]) -> list[str]:
    """Rules with no fail example that fires, or no pass example; signals without both kinds."""
    problems = []
    for rule in linter.ruleset.rules:
        if not rule.enabled or rule.status == "deprecated":
            continue
        mine = [r for r in results if r.owner == rule.id]
        if not mine:
            problems.append(f"{rule.id} was not tested (its NLP needs are not available)")
            continue
        if not any(r.ok for r in mine if r.expected == "fail"):
            problems.append(f"{rule.path}: {rule.id} has no fail example that fires")
        if not any(r.expected == "pass" for r in mine):
            problems.append(f"{rule.path}: {rule.id} has no pass example")
    return problems
