"""Check a stream of drafts in several processes, keeping input order and streaming the reports."""

from __future__ import annotations

import multiprocessing
import signal
import threading
import time
from itertools import islice
from typing import Iterable, Iterator

from .drafts import Draft
from .formatters import Output, Rendered
from .report import Report

_worker_linter = None
_inherited = None  # a Linter built before the workers were forked, which they use as is


_worker_error: BaseException | None = None
_worker_render = None  # the render method of this worker's formatter, or None to send Reports


def _init(options: dict | None, warm: bool, output: Output | None = None) -> None:
    global _worker_linter, _worker_error, _worker_render
    # Ctrl-C reaches the whole process group: the main process stops the run (and lets the
    # workers finish the chunks they have); a worker that died of it would lose its chunk
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if options is None:
        _worker_linter = _inherited
    else:
        from .api import Linter

        try:
            _worker_linter = Linter(**options)
        except Exception as exc:  # raised with the first chunk: a failing initializer makes the pool respawn forever
            _worker_error = exc
    if output is not None and _worker_error is None:
        _worker_render = output.formatter(_worker_linter).render
    if warm and _worker_error is None:
        try:
            _worker_linter.warm_up()
        except Exception as exc:  # as above: raised with the first chunk
            _worker_error = exc
    from .batchgc import batch_gc

    batch_gc()  # long-lived rules and pipeline: spare them every collection


def _check_chunk(chunk: list[Draft]) -> list:
    if _worker_error is not None:
        raise _worker_error
    if _worker_render is None:
        return list(_worker_linter.check_many(chunk))
    render = _worker_render
    return [Rendered.of(report, render(report)) for report in _worker_linter.check_many(chunk)]


def _chunks(drafts: Iterable[Draft], size: int, stop: threading.Event) -> Iterator[list[Draft]]:
    """The drafts in lists of `size`, until they run out or `stop` is set."""
    source = iter(drafts)
    while not stop.is_set() and (chunk := list(islice(source, size))):
        yield chunk


def render_parallel(options: dict, drafts: Iterable[Draft], jobs: int, output: Output, **kwargs) -> Iterator:
    """Like check_parallel, but each worker writes its reports out as `output` says and hands
    back formatters.Rendered records, for the formatter's `add_rendered`. Same keyword
    arguments as check_parallel."""
    return _pool(options, drafts, jobs, output=output, **kwargs)


def check_parallel(options: dict, drafts: Iterable[Draft], jobs: int, chunk_size: int | None = None,
                   linter=None, warm: bool = False) -> Iterator[Report]:
    """Like Linter(**options).check_many(drafts), spread over `jobs` worker processes.

    `options` are Linter keyword arguments (rule folders, not a loaded RuleSet), so each worker
    can load its own rules and pipeline. Pass the `linter` already built from those options and,
    where processes fork, the workers start from a copy of it instead of loading everything
    again. At most a few chunks per worker are in flight. With `warm`, the RE2 sets and the
    first-use costs (Linter.warm_up) are paid before the first chunk: once, in this process,
    when the workers fork from `linter` (they share the result), or else in each worker as it
    starts. Worth it for a large batch, whose first chunk would pay them anyway, but about
    0.5 s of CPU wasted on a handful of drafts.

    A consumer may stop early (`break`, an exception, Ctrl-C): no more chunks are sent, the
    workers finish the ones they were sent, and the pool closes as after a full run. The
    workers ignore SIGINT, so Ctrl-C on a terminal stops the run through this process.
    """
    return _pool(options, drafts, jobs, chunk_size=chunk_size, linter=linter, warm=warm)


def _pool(options: dict, drafts: Iterable[Draft], jobs: int, chunk_size: int | None = None,
          linter=None, warm: bool = False, output: Output | None = None) -> Iterator:
    """The worker pool behind check_parallel and render_parallel: Reports, or Rendered with `output`."""
    global _inherited
    if chunk_size is None:  # one batch of Linter.check_many per chunk
        from .api import BATCH_SIZE

        chunk_size = BATCH_SIZE
    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    inherit = fork and linter is not None
    if inherit:
        _inherited = linter
        if warm:  # once here rather than once per worker
            linter.warm_up()
            warm = False
    stop = threading.Event()
    try:
        pool = context.Pool(jobs, initializer=_init, initargs=(None if inherit else options, warm, output))
        results = pool.imap(_check_chunk, _chunks(drafts, chunk_size, stop), chunksize=1)
        try:
            for reports in results:
                yield from reports
        except BaseException:  # the consumer stopped early: a closed pipe, Ctrl-C, an error, a `break`
            # Pool.terminate() can hang for good: it kills workers that may hold the lock on
            # the results pipe, or while its feeding thread is blocked writing them a chunk.
            # So stop feeding, let the workers finish the chunks already sent (a few), and
            # close the pool as after a full run; terminate only if that does not happen.
            stop.set()
            if not _drain(results, DRAIN_TIMEOUT):
                pool.terminate()
            raise
        finally:
            pool.close()
            pool.join()
    finally:
        if inherit:
            _inherited = None


def _drain(results, timeout: float) -> bool:
    """Take (and drop) every result still coming; False if that takes longer than `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            results.next(timeout=max(0.0, deadline - time.monotonic()))
        except StopIteration:
            return True
        except multiprocessing.TimeoutError:
            return False
        except Exception:  # a chunk that failed: its error is not the one being raised
            continue


DRAIN_TIMEOUT = 30.0  # seconds to finish the chunks already sent after an early stop; a chunk takes well under one
