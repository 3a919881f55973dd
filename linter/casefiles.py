"""Case files (*.test.yaml): drafts with the rule ids, spans and score range a team expects."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .drafts import Draft
from .errors import RuleError, did_you_mean
from .rule import CHANNELS
from .yamlio import load_yaml_file

CASE_KEYS = ("name", "text", "to", "channel", "template", "expect")
EXPECT_KEYS = ("rules", "not_rules", "spans", "score", "passed")


@dataclass(frozen=True)
class CaseOutcome:
    path: str
    line: int
    name: str
    ok: bool
    problems: tuple[str, ...]

    def describe(self) -> str:
        if self.ok:
            return f"{self.path}:{self.line}: case '{self.name}' ok"
        return f"{self.path}:{self.line}: case '{self.name}' FAILED\n" + "\n".join(f"    - {p}" for p in self.problems)


def find_case_files(folders: Iterable[Path]) -> list[Path]:
    found: set[Path] = set()
    for folder in folders:
        if folder.is_file() and folder.name.endswith((".test.yaml", ".test.yml")):
            found.add(folder)
        elif folder.is_dir():
            found.update(p for p in folder.rglob("*.test.y*ml") if p.is_file())
    return sorted(found)


def _check(condition: bool, message: str, path: Path, line: int) -> None:
    if not condition:
        raise RuleError(message, str(path), line)


def run_case_file(linter, path: Path) -> Iterator[CaseOutcome]:
    data = load_yaml_file(path)
    _check(isinstance(data, dict) and isinstance(data.get("cases"), list) and data["cases"],
           "a case file needs 'cases:', a non-empty list", path, getattr(data, "line", 1))
    extra = set(data) - {"cases"}
    _check(not extra, f"unknown key '{next(iter(extra), '')}' in a case file (only 'cases')", path, 1)
    for index, case in enumerate(data["cases"]):
        line = data["cases"].line_of(index)
        _check(isinstance(case, dict), "each case must be a mapping with 'text' and 'expect'", path, line)
        for key in case:
            _check(key in CASE_KEYS, f"unknown key '{key}' in a case{did_you_mean(str(key), CASE_KEYS)}", path, case.line_of(key))
        _check(isinstance(case.get("text"), str) and case["text"].strip(), "a case needs non-empty 'text'", path, line)
        _check(case.get("channel") in (None, *CHANNELS), f"unknown channel {case.get('channel')!r}", path, case.line_of("channel"))
        expect = case.get("expect", {})
        _check(isinstance(expect, dict), "'expect' must be a mapping", path, case.line_of("expect"))
        for key in expect:
            _check(key in EXPECT_KEYS, f"unknown key '{key}' in expect{did_you_mean(str(key), EXPECT_KEYS)}",
                   path, expect.line_of(key))
        name = str(case.get("name") or f"case {index + 1}")
        report = linter.check_draft(Draft(text=case["text"], to=case.get("to"), channel=case.get("channel"),
                                          template=bool(case.get("template", False))))
        yield CaseOutcome(str(path), line, name, *_compare(report, expect))


def _compare(report, expect) -> tuple[bool, tuple[str, ...]]:
    if report.error:
        return False, (report.error,)
    fired = sorted({f.rule for f in report.findings})
    problems = []
    for rule_id in expect.get("rules", []) or []:
        if rule_id not in fired:
            problems.append(f"expected {rule_id} to fire; fired: {', '.join(fired) or 'nothing'}")
    for rule_id in expect.get("not_rules", []) or []:
        if rule_id in fired:
            hit = next(f for f in report.findings if f.rule == rule_id)
            problems.append(f"expected {rule_id} not to fire; it fired on '{hit.match[:60]}'")
    for span in expect.get("spans", []) or []:
        ok = any(f.rule == span.get("rule") and (span.get("match") in (None, f.match))
                 and span.get("start", f.start) == f.start and span.get("end", f.end) == f.end
                 for f in report.findings)
        if not ok:
            got = [(f.rule, f.match, f.start, f.end) for f in report.findings if f.rule == span.get("rule")]
            problems.append(f"expected span {dict(span)}; got {got or 'no finding of that rule'}")
    score = expect.get("score")
    if isinstance(score, dict):
        low, high = score.get("min", 0), score.get("max", 100)
        if not low <= report.score <= high:
            problems.append(f"expected score {low}..{high}; got {report.score}")
    if "passed" in expect and bool(expect["passed"]) != report.passed:
        problems.append(f"expected passed={expect['passed']}; got passed={report.passed} ({report.explanation[0]})")
    return not problems, tuple(problems)
