"""`introlint rules try`: run one rule or signal file on a text and show each match, and why any
rule match was suppressed."""

from __future__ import annotations

from pathlib import Path

from .document import Document, DraftContext
from .errors import RuleError
from .loader import is_signal_file, parse_rule, parse_signal
from .ruleset import RuleSet, load_ruleset, resolve_signals
from .yamlio import load_yaml_file


def try_rule(path: Path, text: str, *, to=None, channel=None, template=False, rule_dirs=(), model=None) -> list[str]:
    from .api import Linter

    data = load_yaml_file(path)
    base = load_ruleset(rule_dirs)
    if is_signal_file(data):
        return _try_signal(parse_signal(data, str(path), pack="try"), base, text, to, channel, template, model)
    rule = parse_rule(data, str(path), pack="try")
    ruleset = resolve_signals(RuleSet((rule,), base.signals))
    linter = Linter(ruleset, model=model)
    rule = ruleset.rules[0]
    if not linter.engine.rules:
        return [f"{rule.id} needs {', '.join(sorted(rule.requires))}, which the loaded model cannot provide"]
    document = _document(linter, text, to, channel, template)
    outcome = linter.engine.run(document)
    lines = [f"{rule.id} {rule.name}: {len(outcome.findings)} finding(s), {len(outcome.suppressed)} suppressed"]
    if not rule.applies_to(channel):
        lines.append(f"  (the rule only runs on channels: {', '.join(rule.channels)})")
    if template and not rule.in_templates:
        lines.append("  (the rule skips drafts marked as templates)")
    for f in outcome.findings:
        lines.append(f"  match {f.start}-{f.end} line {f.line} col {f.column}: {f.match!r}")
        lines.append(f"    {f.message}")
    for s in outcome.suppressed:
        why = "its 'unless' matcher holds" if s.reason == "unless" else "ignored for this draft"
        lines.append(f"  suppressed {s.hit.start}-{s.hit.end}: {s.hit.text!r} ({why})")
    return lines + _sentences(document)


def _sentences(document: Document) -> list[str]:
    """Where the draft's sentences fall, when it has more than one (sentence scopes depend on it)."""
    if len(document.sentences) < 2:
        return []
    return ["  sentences: " + " | ".join(repr(document.text[a:b][:40]) for a, b in document.sentences)]


def _document(linter, text: str, to, channel, template) -> Document:
    if not text.strip():
        raise RuleError("no text to try the rule on", "<text>")
    doc = linter.pipeline.nlp.make_doc(text)
    return Document(doc, DraftContext(to, channel, template), linter.pipeline.annotate)


def _try_signal(signal, base: RuleSet, text: str, to, channel, template, model) -> list[str]:
    """Where the signal holds in the text. The file replaces a loaded signal of the same name, so
    an edited copy of a built-in signal is tried as it would run."""
    from .api import Linter

    signals = {**base.signals, signal.name: signal}
    ruleset = resolve_signals(RuleSet((), signals))
    linter = Linter(ruleset, model=model)
    signal = ruleset.signals[signal.name]
    if not signal.match.requires <= linter.pipeline.provides:
        return [f"signal {signal.name} needs {', '.join(sorted(signal.match.requires))}, "
                "which the loaded model cannot provide"]
    document = _document(linter, text, to, channel, template)
    hits = linter.engine.signal_hits(signal.name, document)
    credit = f", earns {signal.credit:g} points of credit when present" if signal.credit else ""
    lines = [f"signal {signal.name}: holds in {len(hits)} place(s){credit}"]
    for hit in hits:
        line, column = document.line_col(hit.start)
        lines.append(f"  match {hit.start}-{hit.end} line {line} col {column}: {hit.text!r}")
    return lines + _sentences(document)
