"""The labelled corpus is well formed and its held-out split stays held out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linter.rule import CHANNELS, GROUP_CODES

CORPUS = Path(__file__).parent / "corpus"
HELD_OUT = "test"
VALIDATION = "validation"  # fresh drafts rule authors see the figures of, never the drafts
UNTUNED = tuple(name for name in (VALIDATION, HELD_OUT) if (CORPUS / f"{name}.jsonl").exists())
TUNING = tuple(p.stem for p in sorted(CORPUS.glob("*.jsonl")) if p.stem not in UNTUNED)  # every other split
KEYS = ["id", "label", "tags", "channel", "to", "text", "note"]


def load(split: str) -> list[dict]:
    with open(CORPUS / f"{split}.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="module")
def splits() -> dict[str, list[dict]]:
    return {name: load(name) for name in TUNING + UNTUNED}


def test_every_draft_is_labelled_with_known_groups_and_channels(splits):
    for name, rows in splits.items():
        for row in rows:
            assert list(row) == KEYS, (name, row["id"])
            assert row["label"] in ("good", "bad"), row["id"]
            assert set(row["tags"]) <= set(GROUP_CODES), row["id"]
            assert bool(row["tags"]) == (row["label"] == "bad"), row["id"]
            assert row["channel"] in CHANNELS, row["id"]
            assert row["text"].strip(), row["id"]
            assert row["to"] is None or row["to"].strip(), row["id"]  # some drafts have no known recipient


def test_ids_are_unique_across_the_corpus(splits):
    ids = [row["id"] for rows in splits.values() for row in rows]
    assert len(ids) == len(set(ids))


def test_no_untuned_text_also_appears_in_another_split(splits):
    for untuned in UNTUNED:
        others = {row["text"].strip().lower() for name in splits if name != untuned for row in splits[name]}
        leaked = [row["id"] for row in splits[untuned] if row["text"].strip().lower() in others]
        assert leaked == [], untuned


def test_at_least_30_percent_of_the_corpus_is_held_out(splits):
    held_out = len(splits[HELD_OUT])
    total = sum(len(rows) for rows in splits.values())
    assert held_out / total >= 0.30, f"{held_out} of {total}"


WRITTEN_WITH_THE_RULES = "train"  # drafts the rule authors wrote themselves, alongside the rules


def test_rule_examples_do_not_copy_sentences_from_independent_drafts(splits):
    """Rule examples are written in our own words: no sentence of one (longer than 30 characters)
    is also a sentence of a draft written by an independent author, in any split."""
    import re

    from linter import load_ruleset

    ruleset = load_ruleset()
    drafts = "\n".join(row["text"].lower() for name, rows in splits.items() if name != WRITTEN_WITH_THE_RULES
                       for row in rows)
    examples = [(rule.path, ex.text) for rule in ruleset.rules for ex in (*rule.fail_examples, *rule.pass_examples)]
    examples += [(sig.path, ex.text) for sig in ruleset.signals.values()
                 for ex in (*sig.present_examples, *sig.absent_examples)]
    copied = [(Path(path).name, sentence) for path, text in examples
              for sentence in re.split(r"(?<=[.!?])\s+", text) if len(sentence) > 30 and sentence.lower() in drafts]
    assert copied == []
