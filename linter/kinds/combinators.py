"""Kinds `all`, `any` and `none`: combine matchers; `none` holds where none of them does (absence)."""

from __future__ import annotations

from .base import INSIDE_SCOPES, Compiled, Leaf, fail, get_number, hit_start, whole_span_hit

KEYS = {"of", "at_least"}
REQUIRED = {"of"}
MAX_CHILDREN = 50


def parse(raw, path):
    # The children under `of:` are parsed by the rule loader, which knows every kind.
    if "at_least" not in raw:
        return {}, frozenset()
    if raw["kind"] != "any":
        fail(f"'at_least' belongs to an 'any' matcher, not '{raw['kind']}'", path, raw.line_of("at_least"))
    at_least = get_number(raw, "at_least", path, low=1, integer=True)
    children = raw.get("of")
    if isinstance(children, list) and at_least > len(children):
        fail(f"'at_least' is {at_least} but 'of' lists only {len(children)} matchers, so it could never hold",
             path, raw.line_of("at_least"))
    return {"at_least": at_least}, frozenset()


class All(Compiled):
    """Holds when every child holds in the span; hits are those of the first child that locates text."""

    def possible(self, document):
        cache = document.cache
        found = cache.get(self)
        if found is None:
            found = True
            for leaf in self.leaves:  # a leaf's entry in the draft's cache answers without a call
                entry = cache.get(leaf)
                if not (leaf.possible(document) if entry is None else entry[0]):
                    found = False
                    break
            else:
                for child in self.others:
                    if not child.possible(document):
                        found = False
                        break
            cache[self] = found
        return found

    def hits(self, document, span, run):
        results = []
        for child in self.children:
            found = run(child, span)
            if not found:
                return []
            results.append((child, found))
        for child, found in results:
            if child.spec.kind not in ("none", "metric"):
                return found
        values = [h.value for _, found in results for h in found if h.value is not None]
        return [whole_span_hit(document, span, values[0] if values else None)]


class Any(Compiled):
    """Holds when at least one child holds (or `at_least` of them, each counted once however often
    it matches); hits are all the holding children's, in text order."""

    def __init__(self, spec):
        super().__init__(spec)
        self.at_least = spec.params.get("at_least", 1)

    def possible(self, document):
        cache = document.cache
        found = cache.get(self)
        if found is None:
            if self.at_least == 1:
                found = False
                for leaf in self.leaves:  # as in All.possible
                    entry = cache.get(leaf)
                    if leaf.possible(document) if entry is None else entry[0]:
                        found = True
                        break
                else:
                    for child in self.others:
                        if child.possible(document):
                            found = True
                            break
            else:
                found = len(_live(self, document)) >= self.at_least
            cache[self] = found
        return found

    def hits(self, document, span, run):
        seen, out, holding = set(), [], 0
        for child in _live(self, document):
            found = run(child, span)
            if found:
                holding += 1
            for hit in found:
                if (hit.start, hit.end) not in seen:
                    seen.add((hit.start, hit.end))
                    out.append(hit)
        if holding < self.at_least:
            return []
        return sorted(out, key=hit_start)


class None_(Compiled):
    """Holds when no child holds anywhere in the span; the hit is the whole span."""

    def hits(self, document, span, run):
        for child in _live(self, document):
            if run(child, span):
                return []
        return [whole_span_hit(document, span)]


def _live(matcher: Compiled, document) -> list[Compiled]:
    """The children that may hold somewhere in this draft, worked out once per draft: the others
    cannot hold in any of its sentences either, so they are not asked sentence by sentence."""
    cache = document.cache
    found = cache.get(matcher.live_key)
    if found is None:
        found = cache[matcher.live_key] = [
            child for child, leaf in matcher.kinds
            if (child.possible(document) if not leaf or (entry := cache.get(child)) is None else entry[0])]
    return found


_CLASSES = {"all": All, "any": Any, "none": None_}


def _direct(child: Compiled) -> Compiled:
    """A signal reference without a scope of its own holds exactly where its signal does: ask the
    signal itself, one memoized call instead of two. (Not when the signal's own matcher is a
    `none` or `metric`, which `all` treats differently from a signal when choosing what a hit
    points at.)"""
    target = getattr(child, "target", None)
    if child.spec.kind == "signal" and child.scope is None and target.spec.kind not in ("none", "metric"):
        return target
    return child


def compile(spec, ctx):
    matcher = _CLASSES[spec.kind](spec)
    matcher.children = [_direct(ctx.compile(child)) for child in spec.children]
    # possible() asks the leaves first: most are answered by one lookup in the draft's cache, and
    # the order of the children matters only for hits
    matcher.leaves = [child for child in matcher.children if isinstance(child, Leaf)]
    matcher.others = [child for child in matcher.children if not isinstance(child, Leaf)]
    matcher.kinds = [(child, isinstance(child, Leaf)) for child in matcher.children]  # in order, for _live
    matcher.live_key = (matcher, "live")  # where _live keeps its answer in a draft's cache
    matcher.anchors = _anchors(matcher)
    if matcher.scope == "sentence" and matcher.anchors is not None:
        matcher.sentence_anchors = matcher.anchors
        matcher.anchor_key = (matcher, "anchored")
    return matcher


def _anchors(matcher: Compiled) -> list[Leaf] | None:
    """Leaves one of which has a hit inside any sentence where the matcher holds (Compiled.anchors).
    `all` holds only where its first child does, so that child's anchors serve; `any` only where
    one of its children does, so it needs anchors for every child; `none` holds where nothing
    is found, so it has none. (The first child only: its leaves are the ones `all` runs anyway.)"""
    if matcher.scope not in INSIDE_SCOPES or not matcher.children:
        return None
    if isinstance(matcher, All):
        return matcher.children[0].anchors
    if isinstance(matcher, Any):
        found: list[Leaf] = []
        for child in matcher.children:
            if child.anchors is None:
                return None
            found.extend(leaf for leaf in child.anchors if leaf not in found)
        return found
    return None
