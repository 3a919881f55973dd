"""Run a fuzz target for a fixed time with atheris (coverage-guided, if installed) or Hypothesis.

A target is a function ``one_input(data: bytes) -> None`` that raises on a bug (any exception it
does not expect, or a broken invariant) and returns normally otherwise. Failing inputs are saved
to ``--crash-dir`` so they can be replayed with ``--replay FILE``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

try:  # with atheris installed, instrument introlint's code for coverage-guided fuzzing
    import atheris

    with atheris.instrument_imports(include=["linter"]):
        import linter  # noqa: F401
except ImportError:
    pass


def arguments(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seconds", type=float, default=60.0, help="How long to fuzz [60].")
    parser.add_argument("--engine", choices=["auto", "atheris", "hypothesis"], default="auto",
                        help="atheris when installed (auto), else Hypothesis.")
    parser.add_argument("--crash-dir", type=Path, default=Path("fuzz-crashes"),
                        help="Where failing inputs are written [./fuzz-crashes].")
    parser.add_argument("--corpus", type=Path, default=None,
                        help="atheris: corpus folder to read and grow (default: a temporary copy of the seeds).")
    parser.add_argument("--seed", type=int, default=None, help="Hypothesis: random seed (default: random).")
    parser.add_argument("--replay", type=Path, nargs="*", default=None, help="Run these saved inputs once and exit.")
    return parser.parse_args()


def run(one_input: Callable[[bytes], None], strategy, seeds: list[bytes], description: str) -> int:
    """Parse the command line and fuzz `one_input`; returns a process exit code."""
    args = arguments(description)
    if args.replay is not None:
        return _replay(one_input, args.replay)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401
            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    print(f"fuzzing for {args.seconds:g} s with {engine}", file=sys.stderr)
    if engine == "atheris":
        return _atheris(one_input, seeds, args)
    return _hypothesis(one_input, strategy, seeds, args)


def _save(data: bytes, crash_dir: Path) -> Path:
    crash_dir.mkdir(parents=True, exist_ok=True)
    path = crash_dir / f"crash-{hashlib.sha1(data).hexdigest()[:16]}"
    path.write_bytes(data)
    return path


def _replay(one_input, paths) -> int:
    failed = 0
    for path in paths:
        try:
            one_input(path.read_bytes())
            print(f"{path}: ok")
        except Exception:  # noqa: BLE001 - report every failure
            failed += 1
            print(f"{path}: FAILED")
            traceback.print_exc()
    return 1 if failed else 0


def _atheris(one_input, seeds, args) -> int:
    import atheris

    corpus = args.corpus
    temporary = None
    if corpus is None:
        temporary = corpus = Path(tempfile.mkdtemp(prefix="introlint-fuzz-"))
    corpus.mkdir(parents=True, exist_ok=True)
    for i, seed in enumerate(seeds):
        (corpus / f"seed-{i:04d}").write_bytes(seed)
    args.crash_dir.mkdir(parents=True, exist_ok=True)
    libfuzzer = [
        sys.argv[0], str(corpus), f"-max_total_time={max(1, int(args.seconds))}", "-timeout=60",
        "-rss_limit_mb=4096", f"-artifact_prefix={args.crash_dir}{os.sep}", "-print_final_stats=1",
    ]
    try:
        atheris.Setup(libfuzzer, one_input)
        atheris.Fuzz()  # exits the process when time is up or on the first crash
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    return 0


def _hypothesis(one_input, strategy, seeds, args) -> int:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as seed_decorator
    from hypothesis import strategies as st

    rng = random.Random(args.seed)
    deadline = time.monotonic() + args.seconds
    examples = 0
    found: list[bytes] = []

    for data in seeds:  # the seeds first, as they are
        one_input(data)
        examples += 1

    def test(data):
        nonlocal examples
        if time.monotonic() > deadline:
            return
        examples += 1
        try:
            one_input(data)
        except Exception:
            found.append(data)
            raise

    batch = 0
    while time.monotonic() < deadline:
        batch += 1
        wrapped = seed_decorator(rng.getrandbits(64))(settings(
            max_examples=200, deadline=None, database=None, derandomize=False, print_blob=True,
            suppress_health_check=list(HealthCheck),
        )(given(st.one_of(strategy, st.sampled_from(seeds)) if seeds else strategy)(test)))
        try:
            wrapped()
        except Exception:  # noqa: BLE001 - Hypothesis has shrunk it; save and report
            traceback.print_exc()
            path = _save(found[-1], args.crash_dir) if found else None
            print(f"FAILED after {examples:,} inputs in {batch} batches; minimal input saved to {path}",
                  file=sys.stderr)
            return 1
    print(f"ok: {examples:,} inputs in {batch} batches, {args.seconds:g} s, no failures", file=sys.stderr)
    return 0
