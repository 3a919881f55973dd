"""The scoring formula, grades, pass/fail policy, breakdown and explanation (linter.scoring.score)."""

from __future__ import annotations

import pytest

from linter.report import Finding, Strength
from linter.scoring import Policy, score


def finding(rule="XA01", weight=10.0, severity="warning", group="custom", start=0, message="A problem."):
    return Finding(rule=rule, name=f"name-{rule.lower()}", group=group, severity=severity, message=message,
                   suggestion="Fix it.", match="x", start=start, end=start + 1, line=1, column=start + 1,
                   weight=weight)


def strength(signal="shared-context", credit=10.0, message="Gives a reason."):
    return Strength(signal=signal, message=message, match="x", credit=credit, start=0, end=1)


CAP = Policy().max_credit  # the default credit cap


# -- formula -----------------------------------------------------------------------------------

def test_no_findings_is_a_perfect_pass():
    verdict = score([], [])
    assert (verdict.score, verdict.grade, verdict.passed, verdict.breakdown) == (100, "ready", True, {})


def test_score_is_100_minus_weights_plus_credit():
    credits = [CAP / 2, CAP / 4]
    verdict = score([finding("XA01", 20), finding("XB01", 15)], [strength(credit=credits[0]), strength("b", credits[1])])
    assert verdict.score == round(100 - 35 + sum(credits))


def test_credit_is_capped():
    assert 0 < CAP < 100
    verdict = score([finding(weight=40)], [strength(credit=CAP), strength("reason", credit=CAP)])
    assert verdict.score == round(100 - 40 + CAP)
    assert verdict.breakdown == {"custom": -40, "strengths": CAP}


def test_credit_cap_comes_from_the_policy():
    verdict = score([finding(weight=40)], [strength(credit=10)], Policy(max_credit=4))
    assert verdict.score == 64


def test_score_is_clamped_to_0_and_100():
    assert score([finding("XA01", 80), finding("XB01", 70)], []).score == 0
    assert score([], [strength(credit=10)]).score == 100
    assert score([finding(weight=CAP / 2)], [strength(credit=CAP)]).score == 100


def test_score_is_an_integer():
    verdict = score([finding(weight=2.25)], [])
    assert isinstance(verdict.score, int) and verdict.score == 98


def test_each_hit_counts():
    assert score([finding(start=0), finding(start=5)], []).score == 80


# -- grades ------------------------------------------------------------------------------------

@pytest.mark.parametrize("target, grade", [
    (100, "ready"), (80, "ready"), (79, "needs-work"), (50, "needs-work"), (49, "rewrite"), (0, "rewrite"),
])
def test_grade_boundaries(target, grade):
    findings = [finding(weight=100 - target, severity="info")] if target < 100 else []
    verdict = score(findings, [])
    assert verdict.score == target
    assert verdict.grade == grade


def test_grade_thresholds_come_from_the_policy():
    policy = Policy(ready_at=90, rewrite_below=70)
    assert score([finding(weight=15)], [], policy).grade == "needs-work"
    assert score([finding(weight=31)], [], policy).grade == "rewrite"
    assert score([finding(weight=10)], [], policy).grade == "ready"


# -- pass / fail -------------------------------------------------------------------------------

@pytest.mark.parametrize("weight, min_score, passed", [
    (40, 60, True), (41, 60, False), (0, 100, True), (1, 100, False), (100, 0, True),
])
def test_pass_needs_the_minimum_score(weight, min_score, passed):
    verdict = score([finding(weight=weight, severity="info")], [], Policy(min_score=min_score, fail_on="never"))
    assert verdict.passed is passed


@pytest.mark.parametrize("severity, fail_on, passed", [
    ("info", "info", False), ("info", "warning", True), ("info", "error", True), ("info", "never", True),
    ("warning", "info", False), ("warning", "warning", False), ("warning", "error", True), ("warning", "never", True),
    ("error", "info", False), ("error", "warning", False), ("error", "error", False), ("error", "never", True),
])
def test_a_finding_at_or_above_the_fail_level_fails_whatever_the_score(severity, fail_on, passed):
    verdict = score([finding(weight=1, severity=severity)], [], Policy(fail_on=fail_on))
    assert verdict.score == 99
    assert verdict.passed is passed


def test_default_policy_is_min_score_60_and_fail_on_error():
    assert Policy().min_score == 60 and Policy().fail_on == "error"
    assert score([finding(weight=40, severity="warning")], []).passed is True
    assert score([finding(weight=41, severity="warning")], []).passed is False
    assert score([finding(weight=1, severity="error")], []).passed is False


# -- breakdown ---------------------------------------------------------------------------------

def test_breakdown_sums_points_per_group():
    verdict = score([finding("FA01", 25, group="favor-asking"), finding("FA02", 20, group="favor-asking", start=3),
                     finding("GN01", 15, group="generic")], [strength(credit=5)])
    assert verdict.breakdown == {"favor-asking": -45, "generic": -15, "strengths": 5}
    assert verdict.score == 100 + sum(verdict.breakdown.values())


def test_breakdown_has_no_strengths_entry_without_credit():
    assert "strengths" not in score([finding()], []).breakdown


# -- explanation -------------------------------------------------------------------------------

def test_explanation_starts_with_the_verdict_then_deductions_largest_first():
    findings = [finding("XA01", 5, start=0, message="Small."), finding("XB01", 25, start=10, message="Big."),
                finding("XC01", 15, start=20, message="Middle.")]
    verdict = score(findings, [strength(credit=5, message="Shared context.")])
    lines = verdict.explanation
    assert lines[0].startswith(f"{verdict.score}/100, needs work: passes")
    deductions = [line for line in lines if line.startswith("−")]
    assert deductions == ["−25 XB01 (name-xb01): Big.", "−15 XC01 (name-xc01): Middle.", "−5 XA01 (name-xa01): Small."]
    assert "+5 Shared context." in lines
    assert lines.index(deductions[-1]) < lines.index("+5 Shared context.")


def test_explanation_when_the_score_is_too_low():
    verdict = score([finding(weight=45)], [])
    assert verdict.explanation[0] == "55/100, needs work: does not pass; it needs 5 more points to reach 60."


def test_explanation_names_blocking_findings():
    verdict = score([finding("MM01", 40, severity="error"), finding("XB01", 5, start=4)], [])
    first = verdict.explanation[0]
    assert first.startswith("55/100, needs work: does not pass")
    assert "error-level" in first and "MM01" in first and "XB01" not in first


def test_explanation_of_a_clean_draft():
    assert score([], []).explanation == ("100/100, ready: passes (minimum 60).", "No problems found.")


def test_explanation_shows_only_the_credit_actually_given():
    verdict = score([finding(weight=30)], [strength("a", CAP * 0.8, "First."), strength("b", CAP * 0.6, "Second.")])
    credits = [line for line in verdict.explanation if line.startswith("+")]
    assert credits[0] == f"+{CAP * 0.8:g} First."
    assert sum(float(line.split()[0][1:]) for line in credits) == pytest.approx(CAP)
