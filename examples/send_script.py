"""A pre-send check for an outreach script: refuse any draft introlint does not pass, and say why.

    python examples/send_script.py examples/drafts/*.txt

Replace `send()` with your real sending code (SMTP, a CRM API, ...). Exit code: 0 if every
draft was sent, 1 if any was held back, 2 if a draft could not be read.
"""

from __future__ import annotations

import sys
from pathlib import Path

import linter
from linter.drafts import read_draft

MIN_SCORE = 70  # this team's bar is higher than the default 60


def send(draft) -> None:
    print(f"SENT     {draft.id} -> {draft.to or 'unknown recipient'}")


def main(paths: list[str]) -> int:
    checker = linter.Linter(min_score=MIN_SCORE)  # loads rules and the spaCy pipeline once
    held = errors = 0
    for path in paths:
        try:
            draft = read_draft(Path(path))
        except linter.InputError as exc:
            print(f"ERROR    {exc}", file=sys.stderr)
            errors += 1
            continue
        if draft.template:
            print(f"SKIPPED  {draft.id}: a template, not a message to send")
            continue
        report = checker.check_draft(draft)
        if report.passed:
            send(draft)
            continue
        held += 1
        print(f"HELD     {draft.id}: {report.explanation[0]}")
        for finding in report.findings:
            print(f"         - {finding.message}\n           {finding.suggestion}")
    return 2 if errors else 1 if held else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
