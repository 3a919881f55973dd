"""Where the time goes: sample the batch path and the cold start, and print shares by function.

    .venv/bin/pip install py-spy            # benchmark-only tool, not a project dependency
    .venv/bin/python benchmarks/profiling.py batch            # Linter.check_many over 3,000 corpus rows
    .venv/bin/python benchmarks/profiling.py cold             # `introlint check one-draft.txt`, 10 runs merged
    .venv/bin/python benchmarks/profiling.py batch --native   # also attribute time inside spaCy's Cython code
    .venv/bin/python benchmarks/profiling.py cold --args "rules list"   # another command's start-up

py-spy samples the process from outside (no instrumentation overhead, which matters here: an
instrumenting profiler inflates the many small calls into spaCy's Cython code several fold).
Without py-spy it falls back to cProfile, whose numbers are inflated the same way.

The tables:
  * phases (cold start): each sample goes to the first of a few known phases whose frame is on
    its stack (import spaCy, load the model, compile matchers, load rule YAML, check, ...);
  * by introlint function: each sample goes to the deepest frame in linter/ on its stack, so
    the share is "this function's own code plus the library calls it makes directly";
  * inclusive: samples with the function anywhere on the stack;
  * self: samples whose innermost frame is the function (with --native, Cython functions too).
Raw collapsed stacks are kept in benchmarks/.corpus/profiles/ for flame graphs.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as bench  # noqa: E402  (shares the corpus, draft and environment helpers)
import make_corpus  # noqa: E402

OUT = make_corpus.DEFAULT_DIR / "profiles"

COLD_PHASES = [  # (label, regex on a frame); the first label whose frame is anywhere on a stack wins
    ("import spaCy (with thinc, numpy, pydantic, ...)", r"^<module> \((?:.*/)?spacy/__init__\.py\)"),
    ("load the model package (spacy.load, from_disk)", r"^(?:load \((?:.*/)?en_core_web|load_model|Language\.from_disk|spacy\.blank|blank \()"),
    ("compile matchers (Engine.__init__)", r"^Engine\.__init__ \("),
    ("load and validate rule YAML", r"^(?:load_ruleset|load_folder|resolve_signals|load_rules_only) \("),
    ("load pyphen's dictionary (first readability metric)", r"^_hyphenator \("),
    ("check the draft (check_many)", r"^Linter\.check_many \("),
    ("format and print the report", r"^(?:\w+Formatter\.|get_formatter)"),
    ("read the draft file", r"^(?:read_draft|expand_paths|_drafts) \("),
    ("import linter.* and its deps (click, yaml, re2, ...)", r"^<module> \("),
]


def find_pyspy() -> str | None:
    candidate = Path(sys.executable).parent / "py-spy"
    return str(candidate) if candidate.exists() else shutil.which("py-spy")


def parse_raw(path: Path) -> list[tuple[list[str], int]]:
    stacks = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip():
            continue
        stack, _, count = line.rpartition(" ")
        frames = [re.sub(r":\d+\)$", ")", f) for f in stack.split(";")]
        frames = [f.replace(str(bench.SOURCE) + "/", "") for f in frames]
        stacks.append((frames, int(count)))
    return stacks


def shares(stacks, root: str | None = None, top: int = 30) -> str:
    """Markdown tables of inclusive, self and deepest-introlint-frame shares, within stacks under `root`."""
    if root:
        cut = []
        for frames, n in stacks:
            idx = next((i for i, f in enumerate(frames) if f.startswith(root)), None)
            if idx is not None:
                cut.append((frames[idx:], n))
        stacks = cut
    total = sum(n for _, n in stacks)
    if not total:
        return f"(no samples under {root})"
    incl, selfc, own = collections.Counter(), collections.Counter(), collections.Counter()
    for frames, n in stacks:
        for f in set(frames):
            incl[f] += n
        selfc[frames[-1]] += n
        mine = next((f for f in reversed(frames) if "(linter/" in f), "(outside linter/)")
        own[mine] += n
    out = [f"{total:,} samples" + (f" under {root}" if root else "")]

    def table(title, counter, k):
        out.append(f"\n#### {title}\n\n| share | function (file) |\n| --- | --- |")
        for f, n in counter.most_common(k):
            out.append(f"| {100 * n / total:5.1f}% | `{f}` |")

    table("By introlint function (deepest linter/ frame: own code + the library calls it makes)", own, top)
    table("Inclusive (function anywhere on the stack)", incl, top)
    table("Self (innermost frame)", selfc, 20)
    return "\n".join(out)


def phases(stacks) -> str:
    total = sum(n for _, n in stacks)
    counter = collections.Counter()
    compiled = [(label, re.compile(rx)) for label, rx in COLD_PHASES]
    for frames, n in stacks:
        label = "no Python frame (interpreter start-up and exit, native code)" if frames == [""] else "other Python"
        for lab, rx in compiled:
            if any(rx.search(f) for f in frames):
                label = lab
                break
        counter[label] += n
    lines = [f"{total:,} samples\n\n| share | phase |\n| --- | --- |"]
    for label, n in counter.most_common():
        lines.append(f"| {100 * n / total:5.1f}% | {label} |")
    return "\n".join(lines)


def record(cmd: list[str], out: Path, rate: int, native: bool) -> Path:
    pyspy = find_pyspy()
    # --nonblocking: do not pause the process for each sample. Pausing costs more than the 1-5 ms
    # between samples when stacks are deep (imports), which slows the run several fold and skews shares.
    # (py-spy cannot read native stacks without pausing, so --native samples paused, at a lower rate.)
    args = [pyspy, "record", "-r", str(min(rate, 100) if native else rate), "-f", "raw", "-o", str(out)]
    args.append("--native" if native else "--nonblocking")
    started = time.perf_counter()
    proc = subprocess.run(args + ["--"] + cmd, capture_output=True, text=True, env=bench.clean_env(),
                          cwd=str(bench.SOURCE))
    print(f"profiled run took {time.perf_counter() - started:.1f} s: {' '.join(cmd[-3:])}", file=sys.stderr)
    if not out.exists():
        raise SystemExit(f"py-spy failed ({proc.returncode}): {proc.stderr.strip()[-800:]}\n"
                         "py-spy needs ptrace permission (in Docker: --cap-add SYS_PTRACE)")
    return out


def workload_batch(rows: int, path: str) -> None:
    """Run in the profiled process: build a Linter, then check `rows` corpus rows with check_many,
    in the steady state a long batch reaches: matchers and RE2 sets built first (their one-time
    cost would weigh far more in a few thousand rows than in a campaign), and the garbage
    collector set as `introlint check` and run.py's batch workers set it."""
    from linter import Linter, batch_gc

    linter = Linter().warm_up()
    batch_gc()
    t = time.perf_counter()
    n = sum(1 for _ in linter.check_many(bench.to_drafts(bench.read_rows(path, rows))))
    print(f"checked {n} rows in {time.perf_counter() - t:.1f} s (under the profiler)", file=sys.stderr)


def profile_batch(args) -> str:
    path = str(make_corpus.ensure_corpus(max(args.rows, 10_000)))
    cmd = [sys.executable, str(Path(__file__).resolve()), "--workload", "batch", "--rows", str(args.rows), "--path", path]
    if find_pyspy():
        raw = record(cmd, OUT / f"batch{'-native' if args.native else ''}.raw", args.rate, args.native)
        stacks = parse_raw(raw)
        return (f"### Batch: Linter.check_many over {args.rows:,} corpus rows (py-spy, {args.rate} Hz"
                f"{', native frames' if args.native else ''}; raw stacks: {raw})\n\n"
                + shares(stacks, root="Linter.check_many (linter/api.py)", top=args.top))
    return cprofile(cmd)


def profile_cold(args) -> str:
    draft = bench.write_draft_file(make_corpus.DEFAULT_DIR)
    cmd = [bench.introlint_exe()] + (args.args.split() if args.args else ["check", str(draft)])
    if not find_pyspy():
        return cprofile([sys.executable, "-c", "import sys; from linter.cli import main; sys.argv=['introlint','check',"
                         f"{str(draft)!r}]; main()"])
    merged = OUT / ("cold.raw" if not args.args else "cold-" + "-".join(args.args.split())[:40] + ".raw")
    counts = collections.Counter()
    for i in range(args.runs):
        raw = record(cmd, OUT / f"cold-{i}.raw", args.rate, False)
        for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip():
                stack, _, n = line.rpartition(" ")
                counts[stack] += int(n)
    merged.write_text("".join(f"{s} {n}\n" for s, n in counts.items()), encoding="utf-8")
    stacks = parse_raw(merged)
    shown = args.args or "check one-draft.txt"
    return (f"### Cold start: `introlint {shown}` ({args.runs} runs merged, py-spy {args.rate} Hz; "
            f"raw stacks: {merged})\n\n#### Phases\n\n" + phases(stacks) + "\n\n" + shares(stacks, top=args.top))


def cprofile(cmd: list[str]) -> str:
    out = OUT / "cprofile.out"
    code = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out)] + cmd[1:], env=bench.clean_env(),
                          cwd=str(bench.SOURCE), capture_output=True).returncode
    import pstats
    import io

    buf = io.StringIO()
    pstats.Stats(str(out), stream=buf).sort_stats("cumulative").print_stats(40)
    return f"(py-spy not installed: cProfile fallback, exit {code}; shares are inflated for small calls)\n\n" + buf.getvalue()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Profile introlint's batch path and cold start")
    parser.add_argument("what", nargs="?", choices=["batch", "cold", "all"], default="all")
    parser.add_argument("--rows", type=int, default=3_000, help="corpus rows for the batch profile")
    parser.add_argument("--runs", type=int, default=10, help="cold-start runs to merge")
    parser.add_argument("--rate", type=int, default=None, help="samples per second (default 250 batch, 250 cold)")
    parser.add_argument("--args", default=None,
                        help="cold: profile `introlint ARGS` instead of `introlint check one-draft.txt`, e.g. 'rules list'")
    parser.add_argument("--native", action="store_true", help="include native (C/Cython) frames in the batch profile")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--workload", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.workload == "batch":
        workload_batch(args.rows, args.path)
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    reports = []
    if args.what in ("batch", "all"):
        args.rate = args.rate or 250
        reports.append(profile_batch(args))
        args.rate = None
    if args.what in ("cold", "all"):
        args.rate = args.rate or 250
        reports.append(profile_cold(args))
    print(f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print("\n\n".join(reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
