"""Turn a rule's docs into text for `introlint explain` and `check --explain`."""

from __future__ import annotations

import textwrap

from .rule import Rule


def _block(title: str, body: str, width: int = 88) -> str:
    paragraphs = [textwrap.fill(p, width, initial_indent="  ", subsequent_indent="  ") for p in body.strip().split("\n\n")]
    return f"{title}\n" + "\n\n".join(paragraphs)


def explain_rule(rule: Rule) -> str:
    """What / why / bad / good / what to do, as plain text."""
    channels = ", ".join(rule.channels)
    head = f"{rule.id} {rule.name} ({rule.group}, {rule.severity}, −{rule.weight:g} points per hit, channels: {channels})"
    if rule.status != "active":
        head += f" [{rule.status}" + (f", replaced by {rule.replaced_by}]" if rule.replaced_by else "]")
    parts = [
        head,
        _block("What it flags:", rule.docs.what),
        _block("Why it matters:", rule.docs.why),
        _block("Bad:", rule.docs.bad),
        _block("Good:", rule.docs.good),
        _block("What to do:", rule.suggestion),
    ]
    if rule.docs.source:
        parts.append(_block("Source:", rule.docs.source))
    return "\n\n".join(parts)
