"""Compare the check path of two revisions phase by phase, in one process, batches alternated.

    .venv/bin/python benchmarks/compare.py                 # HEAD's linter/ and rules/ against the working tree
    .venv/bin/python benchmarks/compare.py --base 71a7bef --rounds 16

This machine's speed drifts by 15% and more between runs of the same code. Here both revisions are loaded into the same process (the base's `linter` package extracted with
`git archive` and imported under another name, with its own rules) and check the same drafts of
the benchmark corpus through `Linter.check_many`, batch for batch, taking turns, so a slow spell
hits both. Each phase's entry point is wrapped to add up its CPU time: spaCy's tokenizer,
segmentation (Document), the shared scans (Engine.prepare), the rules (Engine.run), the report,
and the rest ("other": validation, the Report records, the batching). Noise: five runs of HEAD
against the identical working tree (12 rounds each) gave total ratios of 0.93 to 1.04, with every
phase moving together. Only a difference beyond about 7%, or one confined to a single phase,
means something.
"""

from __future__ import annotations

import argparse
import importlib
import io
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import make_corpus  # (after the sys.path line above)
import run as bench  # reads the corpus rows

PHASES = ("tokenize", "document", "prepare", "run", "report")
BATCH = 640  # drafts per revision per turn (check_many takes them 128 at a time)


def extract(rev: str, dest: Path, package: str = "linter_base") -> str:
    """The revision's linter/ (as `package`) and rules/ under dest; returns the package name."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "linter", "rules"],
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            tar.extractall(dest, filter="data")
        else:  # pragma: no cover - our own repository's archive
            tar.extractall(dest)
    if package != "linter":
        (dest / "linter").rename(dest / package)  # its imports are relative, so it runs under any name
    return package


def _timed(acc: dict, phase: str, call):
    def timed(*args, **kwargs):
        t = time.process_time()
        try:
            return call(*args, **kwargs)
        finally:
            acc[phase] += time.process_time() - t
    return timed


class Variant:
    """One revision's Linter and drafts; `check` runs Linter.check_many as the command line does,
    with each phase's entry point wrapped to add its CPU time to `seconds` (the rest is "other")."""

    def __init__(self, package: str, rows):
        module = importlib.import_module(package)
        self.linter = linter = module.Linter(cache=False)
        self.drafts = [module.drafts.Draft(text=r["text"], to=r.get("to"), channel=r.get("channel")) for r in rows]
        self.seconds = dict.fromkeys(PHASES + ("other",), 0.0)
        acc = self.seconds
        linter.pipeline.nlp.make_doc = _timed(acc, "tokenize", linter.pipeline.nlp.make_doc)
        module.api.Document = _timed(acc, "document", module.api.Document)
        linter.engine.prepare = _timed(acc, "prepare", linter.engine.prepare)
        linter.engine.run = _timed(acc, "run", linter.engine.run)
        linter._report = _timed(acc, "report", linter._report)

    def check(self, start: int, stop: int) -> None:
        t = time.process_time()
        before = sum(self.seconds[p] for p in PHASES)
        for _ in self.linter.check_many(self.drafts[start:stop]):
            pass
        self.seconds["other"] += time.process_time() - t - (sum(self.seconds[p] for p in PHASES) - before)

    def reset(self) -> None:
        for phase in self.seconds:
            self.seconds[phase] = 0.0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", default="HEAD", help="the revision to compare the working tree against (default HEAD)")
    ap.add_argument("--rounds", type=int, default=12, help=f"rounds of {BATCH} drafts per revision (default 12)")
    args = ap.parse_args(argv)
    rows = list(bench.read_rows(str(make_corpus.ensure_corpus(10_000))))
    with tempfile.TemporaryDirectory() as tmp:
        package = extract(args.base, Path(tmp))
        sys.path.insert(0, tmp)
        sys.path.insert(0, str(ROOT))
        variants = {args.base: Variant(package, rows), "working tree": Variant("linter", rows)}
        importlib.import_module("linter").batch_gc()
        for v in variants.values():  # warm both: caches, lazily compiled sets, adaptive policies
            v.check(0, BATCH)
            v.reset()
        names = list(variants)
        for k in range(args.rounds):
            lo = BATCH + (k * BATCH) % (len(rows) - 2 * BATCH)
            for name in (names if k % 2 == 0 else names[::-1]):
                variants[name].check(lo, lo + BATCH)
    n = args.rounds * BATCH
    print(f"{n:,} drafts per revision, microseconds of CPU per draft\n")
    print(f"| phase | {names[0]} | {names[1]} | ratio |\n| --- | --- | --- | --- |")
    for phase in PHASES + ("other", "total"):
        a, b = (sum(variants[x].seconds.values()) if phase == "total" else variants[x].seconds[phase]
                for x in names)
        print(f"| {phase} | {a / n * 1e6:,.0f} | {b / n * 1e6:,.0f} | {b / a:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
