"""The campaign pass of a batch (cluster sizes, linter/cluster.py), worked out in a child process
while the command line starts up.

Start-up (importing spaCy, loading the rules, building their matchers) keeps one core busy for
about a second and leaves the other idle; the campaign pass needs none of it, only the drafts,
and takes about as long for 10,000 rows. So where processes can fork, a child reads the drafts
and clusters them meanwhile, and hands the sizes over when the checks are about to start. Where
they cannot, or the child fails, the sizes are worked out in this process when asked for, as
before: the child only ever saves time, never changes a result.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from typing import Callable, Iterable

from .drafts import Draft

_ORPHAN_CHECK = 1000  # drafts between checks that the parent still exists


class CampaignSizes:
    """The campaign cluster size of each draft `drafts()` yields, computed in the background."""

    def __init__(self, drafts: Callable[[], Iterable[Draft]]):
        self._drafts = drafts
        self._process = None
        self._conn = None
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._conn, child_end = context.Pipe(duplex=False)
            self._process = context.Process(target=_child, args=(drafts, child_end, os.getpid()), daemon=True)
            self._process.start()
            child_end.close()

    def result(self) -> list[int]:
        """The sizes, in the order of the drafts (waits for the child if it is still working)."""
        if self._process is not None:
            try:
                sizes = self._conn.recv()
            except (EOFError, OSError):  # the child failed: work them out here
                sizes = None
            finally:
                self._conn.close()
                self._process.join()
                self._process = None
            if sizes is not None:
                return sizes
        from .cluster import cluster_sizes

        return cluster_sizes(self._drafts())


def _child(drafts: Callable[[], Iterable[Draft]], conn, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle

    def watched():
        for n, draft in enumerate(drafts()):
            if n % _ORPHAN_CHECK == 0 and os.getppid() != parent:  # the parent has exited: stop
                os._exit(0)
            yield draft

    try:
        from .cluster import cluster_sizes

        conn.send(cluster_sizes(watched()))
    except BaseException:  # the parent is gone, or meets the same problem reading the drafts itself
        pass
    finally:
        conn.close()
