"""Every built-in rule's and signal's examples run as tests, one test case per example."""

from __future__ import annotations

from functools import lru_cache

import pytest

from linter import Linter, load_ruleset
from linter.ruletest import check_rule_examples, check_signal_examples

RULESET = load_ruleset()
_LINTER: list[Linter] = []


def shared_linter() -> Linter:
    if not _LINTER:
        _LINTER.append(Linter(RULESET))
    return _LINTER[0]


def _rule_cases():
    for rule in RULESET.rules:
        for kind, examples in (("fail", rule.fail_examples), ("pass", rule.pass_examples)):
            for index, _ in enumerate(examples):
                yield pytest.param(rule.id, kind, index, id=f"{rule.id}-{kind}-{index}")


def _signal_cases():
    for signal in RULESET.signals.values():
        for kind, examples in (("present", signal.present_examples), ("absent", signal.absent_examples)):
            for index, _ in enumerate(examples):
                yield pytest.param(signal.name, kind, index, id=f"{signal.name}-{kind}-{index}")


@lru_cache(maxsize=None)
def rule_results(rule_id: str):
    return tuple(check_rule_examples(shared_linter(), RULESET.get(rule_id)))


@lru_cache(maxsize=None)
def signal_results(name: str):
    return tuple(check_signal_examples(shared_linter(), RULESET.signals[name]))


@pytest.mark.parametrize("rule_id, kind, index", list(_rule_cases()))
def test_rule_example(rule_id, kind, index):
    result = [r for r in rule_results(rule_id) if r.expected == kind][index]
    assert result.ok, result.describe()


@pytest.mark.parametrize("name, kind, index", list(_signal_cases()))
def test_signal_example(name, kind, index):
    result = [r for r in signal_results(name) if r.expected == kind][index]
    assert result.ok, result.describe()


def test_every_rule_has_failing_and_passing_examples_that_fire():
    """A rule with no failing example that fires, or no passing example, is a defect."""
    for rule in RULESET.rules:
        assert rule.fail_examples and rule.pass_examples, rule.id
        results = rule_results(rule.id)
        assert any(r.ok for r in results if r.expected == "fail"), f"{rule.id} fires on none of its fail examples"


def test_every_rule_has_docs():
    for rule in RULESET.rules:
        for field in ("what", "why", "bad", "good"):
            assert getattr(rule.docs, field).strip(), f"{rule.id} lacks docs.{field}"


def test_each_core_group_has_at_least_two_rules():
    groups = {}
    for rule in RULESET.rules:
        groups.setdefault(rule.group, []).append(rule.id)
    for group in ("generic", "favor-asking", "overly-personal", "context-free"):
        assert len(groups.get(group, [])) >= 2, group
