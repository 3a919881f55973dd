"""Check a stream of drafts in several processes, keeping input order and streaming the reports."""

from __future__ import annotations

import multiprocessing
from itertools import islice
from typing import Iterable, Iterator

from .drafts import Draft
from .report import Report

_worker_linter = None


def _init(options: dict) -> None:
    global _worker_linter
    from .api import Linter

    _worker_linter = Linter(**options)
    import gc

    gc.freeze()  # long-lived rules and pipeline: spare them every collection


def _check_chunk(chunk: list[Draft]) -> list[Report]:
    return list(_worker_linter.check_many(chunk))


def _chunks(drafts: Iterable[Draft], size: int) -> Iterator[list[Draft]]:
    source = iter(drafts)
    while chunk := list(islice(source, size)):
        yield chunk


def check_parallel(options: dict, drafts: Iterable[Draft], jobs: int, chunk_size: int = 64) -> Iterator[Report]:
    """Like Linter(**options).check_many(drafts), spread over `jobs` worker processes.

    `options` are Linter keyword arguments (rule folders, not a loaded RuleSet), so each worker
    loads its own rules and pipeline once. At most a few chunks per worker are in flight.
    """
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    pool = context.Pool(jobs, initializer=_init, initargs=(options,))
    try:
        for reports in pool.imap(_check_chunk, _chunks(drafts, chunk_size), chunksize=1):
            yield from reports
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
