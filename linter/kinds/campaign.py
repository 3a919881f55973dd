"""Kind `campaign`: the draft is one of many near-identical drafts in the same batch (a mass template)."""

from __future__ import annotations

from .base import Compiled, get_number, whole_span_hit

KEYS = {"min_cluster"}
REQUIRED: set[str] = set()


def parse(raw, path):
    return {"min_cluster": get_number(raw, "min_cluster", path, low=2, high=1_000_000, default=3, integer=True)}, frozenset()


class CampaignMatcher(Compiled):
    """Holds when the batch had at least min_cluster drafts sharing this draft's template.

    The value is the number of *other* drafts in the cluster. Outside a batch it never holds.
    """

    def hits(self, document, span, run):
        size = document.context.cluster_size
        if size is None or size < self.spec.params["min_cluster"]:
            return []
        return [whole_span_hit(document, span, size - 1)]


def compile(spec, ctx):
    return CampaignMatcher(spec)
