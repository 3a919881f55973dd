"""`introlint rules try`: run one rule file on a text and show each match, and why any was suppressed."""

from __future__ import annotations

from pathlib import Path

from .document import Document, DraftContext
from .errors import RuleError
from .loader import is_signal_file, parse_rule
from .ruleset import RuleSet, load_ruleset, resolve_signals
from .yamlio import load_yaml_file


def try_rule(path: Path, text: str, *, to=None, channel=None, template=False, rule_dirs=(), model=None) -> list[str]:
    from .api import Linter

    data = load_yaml_file(path)
    if is_signal_file(data):
        raise RuleError("this is a signal file; try a rule that uses it (kind: signal)", str(path), 1)
    rule = parse_rule(data, str(path), pack="try")
    base = load_ruleset(rule_dirs)
    ruleset = resolve_signals(RuleSet((rule,), base.signals))
    linter = Linter(ruleset, model=model)
    rule = ruleset.rules[0]
    if not linter.engine.rules:
        return [f"{rule.id} needs {', '.join(sorted(rule.requires))}, which the loaded model cannot provide"]
    if not text.strip():
        raise RuleError("no text to try the rule on", "<text>")
    doc = linter.pipeline.nlp.make_doc(text)
    document = Document(doc, DraftContext(to, channel, template), linter.pipeline.annotate)
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
    if len(document.sentences) > 1:
        lines.append("  sentences: " + " | ".join(repr(text[a:b][:40]) for a, b in document.sentences))
    return lines
