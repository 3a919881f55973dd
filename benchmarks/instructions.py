"""Count the instructions `Linter.check_many` spends per draft, under callgrind: exact and repeatable.

    .venv/bin/python benchmarks/instructions.py                    # the working tree
    .venv/bin/python benchmarks/instructions.py --base HEAD~1      # and a revision, with the ratio
    .venv/bin/python benchmarks/instructions.py --warm 3000 --rows 300

Wall time on this machine drifts by 15% and more between runs of the same code (see
compare.py), which hides the few-percent changes most engine work makes. An instruction count
drifts far less: two runs of the same code here differed by 0.06% (0.9% once, before the workers'
string hash seed was fixed). Each revision runs in its own
process under `valgrind --tool=callgrind --instr-atstart=no`: it builds a Linter, warms it up,
checks `--warm` corpus rows (RE2 builds most of its automata on them), then switches counting on
for exactly the next `--rows` rows through a two-line helper compiled from valgrind's
callgrind.h. Instructions are not time: memory stalls, which matter here (RESULTS.md), do not
show. Needs valgrind with its headers and a C compiler (both on Debian: valgrind, gcc); a
benchmark tool only, nothing else depends on it. About a minute per revision for the defaults.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import make_corpus  # (after the sys.path line above)

HELPER_C = """#include <valgrind/callgrind.h>
void count_on(void) { CALLGRIND_ZERO_STATS; CALLGRIND_START_INSTRUMENTATION; }
void count_off(void) { CALLGRIND_STOP_INSTRUMENTATION; CALLGRIND_DUMP_STATS_AT("measured"); }
"""


def helper(folder: Path) -> Path:
    """The switch compiled into a shared library (once)."""
    lib = folder / "libcount.so"
    if not lib.exists():
        source = folder / "count.c"
        source.write_text(HELPER_C)
        subprocess.run(["cc", "-O2", "-shared", "-fPIC", "-o", str(lib), str(source)], check=True)
    return lib


def worker(source: str, lib: str, corpus: str, warm: int, rows: int) -> None:
    """In the counted process: check `warm` rows uncounted, then `rows` rows counted."""
    import ctypes

    import run as bench  # the corpus readers the other benchmarks use

    sys.path.insert(0, source)
    switch = ctypes.CDLL(lib)
    from linter import Linter, batch_gc

    drafts = list(bench.to_drafts(bench.read_rows(corpus, warm + rows)))
    linter = Linter().warm_up()
    batch_gc()
    for _ in linter.check_many(drafts[:warm]):
        pass
    counted = drafts[warm:]
    switch.count_on()
    scores = sum(report.score or 0 for report in linter.check_many(counted))
    switch.count_off()
    print(f"score-sum {scores}", file=sys.stderr)


def count(source: Path, lib: Path, corpus: Path, warm: int, rows: int, out: Path) -> tuple[int, str]:
    cmd = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
           sys.executable, __file__, "--worker", str(source), str(lib), str(corpus), str(warm), str(rows)]
    # a fixed string hash: set and dict orders (and so some work) otherwise vary from run to run
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    collected = re.search(r"Collected : (\d+)", proc.stderr)
    scores = re.search(r"score-sum (\d+)", proc.stderr)
    if proc.returncode != 0 or not collected or not scores:
        raise SystemExit(f"callgrind run failed for {source}:\n{proc.stderr[-2000:]}")
    return int(collected.group(1)), scores.group(1)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="also count this git revision (its linter/ and rules/) and print the ratio")
    parser.add_argument("--warm", type=int, default=3000, help="rows checked before counting starts")
    parser.add_argument("--rows", type=int, default=300, help="rows counted")
    parser.add_argument("--worker", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        source, lib, corpus, warm, rows = args.worker
        worker(source, lib, corpus, int(warm), int(rows))
        return 0
    missing = [tool for tool in ("valgrind", "cc") if shutil.which(tool) is None]
    if missing:
        raise SystemExit(f"needs {' and '.join(missing)} (Debian: apt install valgrind gcc)")
    folder = make_corpus.DEFAULT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    corpus = make_corpus.ensure_corpus(max(10_000, args.warm + args.rows))
    lib = helper(folder)
    with tempfile.TemporaryDirectory() as tmp:
        sources = [("working tree", ROOT)]
        if args.base:
            from compare import extract

            extract(args.base, Path(tmp) / "base", package="linter")
            sources.append((args.base, Path(tmp) / "base"))
        counts = {}
        for n, (label, source) in enumerate(sources):
            total, scores = count(source, lib, corpus, args.warm, args.rows, Path(tmp) / f"callgrind-{n}.out")
            counts[label] = total
            print(f"{label}: {total:,} instructions for {args.rows:,} drafts after {args.warm:,}, "
                  f"{total / args.rows / 1e6:.2f} million per draft (score sum {scores})")
        if args.base:
            print(f"working tree / {args.base}: {counts['working tree'] / counts[args.base]:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
