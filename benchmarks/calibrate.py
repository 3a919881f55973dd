"""Calibrate the built-in rule weights on the tuning splits so that the default --min-score (60) separates good from bad.

    python benchmarks/calibrate.py                        # report separation for each weight multiplier
    python benchmarks/calibrate.py --splits train,dev     # on chosen splits (default: every tuning split)
    python benchmarks/calibrate.py --apply                # scale every built-in rule's weight by the chosen multiplier

The procedure: try multipliers 0.60, 0.65, ..., 1.60 on every rule's current weight. For each,
measure the share of good drafts that pass and of bad drafts that fail, and the middle of the
gap between the lowest score of a good draft and the highest score of a bad one that is not
already failed by an error-level finding. The chosen multiplier passes the most good drafts,
then fails the most bad ones, then puts the default threshold of 60 closest to the middle of
that gap (maximum margin). The held-out test split is never read.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter import Linter, load_ruleset  # noqa: E402
from linter.drafts import Draft  # noqa: E402
from linter.ruleset import RuleSet, builtin_rules_dir  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from quality import TUNING_SPLITS, UNTUNED, load_split  # noqa: E402


def separation(ruleset: RuleSet, rows: list[dict], scale: float) -> tuple[float, float, float]:
    scaled = RuleSet(tuple(dataclasses.replace(r, weight=min(100.0, round(r.weight * scale)))
                           for r in ruleset.rules), ruleset.signals)
    linter = Linter(scaled)
    reports = list(linter.check_many(Draft(text=r["text"], to=r.get("to"), channel=r.get("channel")) for r in rows))
    good = [rep for r, rep in zip(rows, reports) if r["label"] == "good"]
    bad = [rep for r, rep in zip(rows, reports) if r["label"] == "bad"]
    good_min = min(rep.score for rep in good)
    bad_max = max((rep.score for rep in bad if not any(f.severity == "error" for f in rep.findings)), default=0)
    midpoint = (good_min + bad_max) / 2
    return (sum(rep.passed for rep in good) / len(good), sum(not rep.passed for rep in bad) / len(bad), midpoint)


def choose(results: list[tuple[float, float, float, float]]) -> float:
    best_good = max(r[1] for r in results)
    candidates = [r for r in results if r[1] == best_good]
    best_bad = max(r[2] for r in candidates)
    candidates = [r for r in candidates if r[2] == best_bad]
    return min(candidates, key=lambda r: (abs(r[3] - 60), r[0]))[0]


def apply(scale: float) -> int:
    """Rewrite `weight:` in every built-in rule file; returns how many files changed."""
    changed = 0
    for path in sorted(builtin_rules_dir().rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        new = re.sub(r"^weight: (\d+(?:\.\d+)?)\s*$",
                     lambda m: f"weight: {min(100, round(float(m.group(1)) * scale))}", text, count=1, flags=re.M)
        if new != text:
            tmp = path.with_suffix(".yaml.tmp")
            tmp.write_text(new, encoding="utf-8")
            tmp.replace(path)
            changed += 1
    return changed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apply", action="store_true", help="scale the built-in weights by the chosen multiplier")
    parser.add_argument("--splits", default=",".join(TUNING_SPLITS), help="comma-separated tuning splits (never validation or test)")
    args = parser.parse_args(argv)
    splits = [s for s in args.splits.split(",") if s]
    if set(splits) & set(UNTUNED):
        parser.error("the validation and held-out test splits are never used for calibration")
    rows = [row for split in splits for row in load_split(split)]
    print(f"{len(rows)} drafts from {', '.join(splits)}")
    n_good = sum(row["label"] == "good" for row in rows)
    n_bad = len(rows) - n_good
    ruleset = load_ruleset()
    results = []
    for step in range(0, 21):
        scale = round(0.6 + step * 0.05, 2)
        good, bad, middle = separation(ruleset, rows, scale)
        results.append((scale, good, bad, middle))
        print(f"x{scale:.2f}: good drafts passing {good:.1%} ({round(good * n_good)} of {n_good}), bad drafts "
              f"failing {bad:.1%} ({round(bad * n_bad)} of {n_bad}), middle of the gap {middle:.1f}")
    chosen = choose(results)
    print(f"chosen multiplier: x{chosen:.2f}")
    if args.apply and chosen != 1.0:
        print(f"rescaled {apply(chosen)} rule files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
