"""`introlint rules new`: write a commented rule skeleton with the next free id, never overwriting."""

from __future__ import annotations

import re
from pathlib import Path

from .atomic import atomic_writer
from .errors import UsageError
from .loader import ID_RE, NAME_RE
from .rule import GROUP_CODES

SKELETON = """\
# {id} {name}: describe the bad pattern in one line.
# Run `introlint rules test --rules {root}` to check the examples below, and
# `introlint rules try {path} "some text"` to see what the rule matches.
id: {id}
name: {name}
group: {group}
severity: warning        # info | warning | error (error fails the draft)
weight: 10               # points off the score per hit
max_hits: 1
channels: [any]          # or some of: linkedin-note, linkedin-message, inmail, email, dm
message: "Say what is wrong, quoting the match: '{{match}}'."
suggestion: "Say what the writer should do instead."
match:
  kind: phrase           # phrase | token | regex | metric | signal | all | any | none | ...
  phrases:
    - "replace me"
# unless: {{kind: signal, signal: shared-context}}   # skip when the draft gives context
docs:
  what: What the rule flags.
  why: Why a reader minds.
  bad: "A draft that should fail."
  good: "The same draft, fixed."
examples:
  fail:
    - "A draft that says replace me and should fail."
  pass:
    - "A draft that should pass."
"""


def next_id(folder: Path, group: str) -> str:
    code = GROUP_CODES.get(group) or _team_code(group)
    used = set()
    for path in folder.rglob("*.y*ml") if folder.is_dir() else ():
        match = re.match(rf"({code}\d\d)-", path.name)
        if match:
            used.add(match.group(1))
    for number in range(1, 100):
        candidate = f"{code}{number:02d}"
        if candidate not in used:
            return candidate
    raise UsageError(f"no free id left for group '{group}' ({code}01-{code}99)")


def _team_code(group: str) -> str:
    letters = [w[0] for w in group.split("-") if w] + list(group.replace("-", ""))
    code = "".join(letters[:2]).upper()
    if code in GROUP_CODES.values() or len(code) < 2:
        code = (group.replace("-", "")[:1] + "X").upper()
    return code


def new_rule(folder: Path, group: str, name: str, rule_id: str | None = None) -> Path:
    if not NAME_RE.match(group):
        raise UsageError(f"group '{group}' must be kebab-case, like recruiting or favor-asking")
    if not NAME_RE.match(name):
        raise UsageError(f"name '{name}' must be kebab-case, like salary-in-first-note")
    rule_id = rule_id or next_id(folder, group)
    if not ID_RE.match(rule_id):
        raise UsageError(f"id '{rule_id}' must be two capital letters and two digits")
    target_dir = folder / group
    target_dir.mkdir(parents=True, exist_ok=True)
    path = target_dir / f"{rule_id}-{name}.yaml"
    with atomic_writer(path) as handle:
        handle.write(SKELETON.format(id=rule_id, name=name, group=group, root=folder, path=path))
    return path
