"""Compare the check path of two revisions phase by phase, in one process, batches alternated.

    .venv/bin/python benchmarks/compare.py                 # HEAD's linter/ and rules/ against the working tree
    .venv/bin/python benchmarks/compare.py --base 71a7bef --rounds 16

This machine's speed drifts by 15% and more between runs of the same code, which hides the
few-percent changes engine work is made of: two separate benchmark runs cannot tell them apart.
Here both revisions are loaded into the same process (the base's `linter` package extracted with
`git archive` and imported under another name, with its own rules) and check the same drafts of
the benchmark corpus, batch for batch, taking turns, so a slow spell hits both. Each phase of
`Linter._check_batch` is timed separately with CPU time: spaCy's tokenizer, segmentation
(Document), the shared scans (Engine.prepare), the rules (Engine.run) and the report. Two copies of
the same code agreed within 2% per phase here over the default 12 rounds (one round alone was off
by 14%); differences below that are noise.
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
BATCH = 128


def extract(rev: str, dest: Path) -> str:
    """The revision's linter/ (as package `linter_base`) and rules/ under dest; returns the package name."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "linter", "rules"],
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            tar.extractall(dest, filter="data")
        else:  # pragma: no cover - our own repository's archive
            tar.extractall(dest)
    (dest / "linter").rename(dest / "linter_base")  # its imports are relative, so it runs under any name
    return "linter_base"


def variant(package: str, rows) -> dict:
    module = importlib.import_module(package)
    linter = module.Linter(cache=False)
    drafts = [module.drafts.Draft(text=r["text"], to=r.get("to"), channel=r.get("channel")) for r in rows]
    return {"module": module, "linter": linter, "drafts": drafts, "seconds": dict.fromkeys(PHASES, 0.0)}


def check_batch(v: dict, batch) -> None:
    """Linter._check_batch's steps for valid drafts, each phase timed on its own."""
    m, linter, acc, clock = v["module"], v["linter"], v["seconds"], time.process_time
    t = clock()
    docs = [linter.pipeline.nlp.make_doc(d.text) for d in batch]
    t2 = clock()
    documents = [m.document.Document(doc, m.document.DraftContext(d.to, d.channel or linter.default_channel,
                                                                  d.template, d.cluster_size),
                                     linter.pipeline.annotate, d.text) for d, doc in zip(batch, docs)]
    t3 = clock()
    linter.engine.prepare(documents)
    t4 = clock()
    outcomes = [linter.engine.run(doc, d.ignore) for doc, d in zip(documents, batch)]
    t5 = clock()
    for d, doc, outcome in zip(batch, documents, outcomes):
        linter._report(d, doc, outcome)
    t6 = clock()
    for phase, seconds in zip(PHASES, (t2 - t, t3 - t2, t4 - t3, t5 - t4, t6 - t5)):
        acc[phase] += seconds


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", default="HEAD", help="the revision to compare the working tree against (default HEAD)")
    ap.add_argument("--rounds", type=int, default=12, help="rounds of 640 drafts per revision (default 12)")
    args = ap.parse_args(argv)
    rows = list(bench.read_rows(str(make_corpus.ensure_corpus(10_000))))
    with tempfile.TemporaryDirectory() as tmp:
        package = extract(args.base, Path(tmp))
        sys.path.insert(0, tmp)
        sys.path.insert(0, str(ROOT))
        variants = {args.base: variant(package, rows), "working tree": variant("linter", rows)}
        importlib.import_module("linter").batch_gc()
        for v in variants.values():  # warm both: caches, lazily compiled sets, adaptive policies
            for start in range(0, 640, BATCH):
                check_batch(v, v["drafts"][start:start + BATCH])
            v["seconds"] = dict.fromkeys(PHASES, 0.0)
        names = list(variants)
        for k in range(args.rounds):
            lo = 640 + (k * 640) % (len(rows) - 1280)
            for name in (names if k % 2 == 0 else names[::-1]):
                for start in range(lo, lo + 640, BATCH):
                    check_batch(variants[name], variants[name]["drafts"][start:start + BATCH])
    n = args.rounds * 640
    print(f"{n:,} drafts per revision, microseconds of CPU per draft\n")
    print(f"| phase | {names[0]} | {names[1]} | ratio |\n| --- | --- | --- | --- |")
    for phase in PHASES + ("total",):
        a, b = (sum(variants[x]["seconds"].values()) if phase == "total" else variants[x]["seconds"][phase]
                for x in names)
        print(f"| {phase} | {a / n * 1e6:,.0f} | {b / n * 1e6:,.0f} | {b / a:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
