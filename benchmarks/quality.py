"""Judgement quality on the labelled corpus: AUC, pass/fail rates and per-group recall and false alarms.

    python benchmarks/quality.py                 # every tuning split (never validation or test)
    python benchmarks/quality.py --split dev --misses     # list misclassified drafts (tuning splits only!)
    python benchmarks/quality.py --split validation       # figures only; --split all for every split

Splits: train (written with the rules), dev, dev2, dev3, ... (each written by independent authors who
never saw the rules; used for tuning once their first figures were recorded), validation (fresh drafts
whose figures, never drafts, rule authors may read) and test (held out: figures computed once at the
end of a round of rule work, drafts never read). Validation and test are scored only when named.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter import Linter  # noqa: E402
from linter.drafts import Draft  # noqa: E402
from linter.rule import GROUP_CODES  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
HELD_OUT = "test"
# Fresh drafts whose figures tell rule authors whether a change generalises; like the test
# split, its drafts are never read while tuning. (Present once its author has written it.)
VALIDATION = "validation"
UNTUNED = (VALIDATION, HELD_OUT)
# every other file in tests/corpus is a split rules may be tuned on; train first
TUNING_SPLITS = tuple(sorted((p.stem for p in CORPUS.glob("*.jsonl") if p.stem not in UNTUNED),
                             key=lambda name: (name != "train", name)))
SPLITS = TUNING_SPLITS + tuple(name for name in UNTUNED if (CORPUS / f"{name}.jsonl").exists())


def load_split(name: str) -> list[dict]:
    with open(CORPUS / f"{name}.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def auc(good: list[float], bad: list[float]) -> float:
    """Probability that a random good draft outscores a random bad one (ties count half)."""
    if not good or not bad:
        return float("nan")
    wins = sum((g > b) + 0.5 * (g == b) for g in good for b in bad)
    return wins / (len(good) * len(bad))


def evaluate(linter: Linter, rows: list[dict]) -> dict:
    drafts = [Draft(text=r["text"], id=r["id"], to=r.get("to"), channel=r.get("channel"),
                    template=bool(r.get("template", False))) for r in rows]
    reports = list(linter.check_many(drafts))
    good = [(r, rep) for r, rep in zip(rows, reports) if r["label"] == "good"]
    bad = [(r, rep) for r, rep in zip(rows, reports) if r["label"] == "bad"]
    result = {
        "drafts": len(rows),
        "auc": auc([rep.score for _, rep in good], [rep.score for _, rep in bad]),
        "good_pass": sum(rep.passed for _, rep in good) / max(len(good), 1),
        "bad_fail": sum(not rep.passed for _, rep in bad) / max(len(bad), 1),
        "groups": {},
        "misses": [],
    }
    for group in GROUP_CODES:
        tagged = [rep for r, rep in bad if group in r["tags"]]
        fired = lambda rep: any(f.group == group for f in rep.findings)  # noqa: E731
        result["groups"][group] = {
            "tagged": len(tagged),
            "recall": sum(fired(rep) for rep in tagged) / len(tagged) if tagged else float("nan"),
            "false_alarm": sum(fired(rep) for _, rep in good) / max(len(good), 1),
        }
    for r, rep in zip(rows, reports):
        wrong = (r["label"] == "good") != rep.passed
        missed_groups = [g for g in r["tags"] if not any(f.group == g for f in rep.findings)]
        if wrong or missed_groups or (r["label"] == "good" and rep.findings):
            result["misses"].append((r, rep, wrong, missed_groups))
    return result


def print_result(name: str, res: dict) -> None:
    print(f"== {name}: {res['drafts']} drafts")
    print(f"AUC {res['auc']:.3f}   good drafts passing {res['good_pass']:.0%}   bad drafts failing {res['bad_fail']:.0%}")
    print(f"{'group':<20} {'tagged':>6} {'recall':>7} {'false alarms':>13}")
    for group, g in res["groups"].items():
        print(f"{group:<20} {g['tagged']:>6} {g['recall']:>7.2f} {g['false_alarm']:>13.2f}")


def print_misses(res: dict) -> None:
    for r, rep, wrong, missed in res["misses"]:
        flag = "WRONG" if wrong else "     "
        found = ", ".join(f"{f.rule}:{f.match[:25]!r}" for f in rep.findings)
        print(f"{flag} {r['id']} {r['label']:<4} score={rep.score:<3} tags={r['tags']} missed={missed}\n"
              f"      found: {found}\n      text: {r['text'][:240]!r}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=[*SPLITS, "tuning", "all"], default="tuning",
                        help="a split, 'tuning' (every tuning split: the default) or 'all' (also validation and test)")
    parser.add_argument("--misses", action="store_true", help="list misclassified drafts (tuning splits only, never validation or test)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    linter = Linter()
    splits = {"all": list(SPLITS), "tuning": list(TUNING_SPLITS)}.get(args.split, [args.split])
    out = {}
    for split in splits:
        res = evaluate(linter, load_split(split))
        out[split] = {k: v for k, v in res.items() if k != "misses"}
        if not args.json:
            print_result(split, res)
            if args.misses and split not in UNTUNED:
                print_misses(res)
    if args.json:
        print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
