"""Kind `dependency`: spaCy DependencyMatcher patterns over the parse (who asks whom for what)."""

from __future__ import annotations

from .base import Hit, Leaf, fail, hit_start
from .token import TOKEN_ATTRS, _plain, check_token_dicts

KEYS = {"patterns"}
REQUIRED = {"patterns"}
NODE_KEYS = {"RIGHT_ID", "RIGHT_ATTRS", "LEFT_ID", "REL_OP"}
MAX_PATTERNS = 200


def parse(raw, path):
    patterns = raw["patterns"]
    if not isinstance(patterns, list) or not patterns:
        fail("'patterns' must be a non-empty list of dependency patterns", path, raw.line_of("patterns"))
    if len(patterns) > MAX_PATTERNS:
        fail(f"'patterns' has {len(patterns):,} items; the limit is {MAX_PATTERNS:,}", path, raw.line_of("patterns"))
    needs = {"dep"}
    for i, pattern in enumerate(patterns):
        line = patterns.line_of(i)
        if not isinstance(pattern, list) or not pattern:
            fail("each dependency pattern must be a non-empty list of nodes", path, line)
        for j, node in enumerate(pattern):
            nline = pattern.line_of(j)
            if not isinstance(node, dict):
                fail("each node must be a mapping with RIGHT_ID and RIGHT_ATTRS", path, nline)
            check_token_dicts([node], path, nline, allowed=NODE_KEYS, where="node")
            first = j == 0
            wanted = {"RIGHT_ID", "RIGHT_ATTRS"} if first else NODE_KEYS
            missing = wanted - {str(k).upper() for k in node}
            if missing:
                fail(f"dependency node needs {', '.join(sorted(missing))}", path, nline)
            for key in ("RIGHT_ID", "LEFT_ID", "REL_OP"):
                if key in node and (not isinstance(node[key], str) or not node[key].strip()):
                    fail(f"{key} must be a name or an operator written as text, got {node[key]!r}", path,
                         node.line_of(key) if hasattr(node, "line_of") else nline)
            attrs = node.get("RIGHT_ATTRS")
            if not isinstance(attrs, dict):
                fail("RIGHT_ATTRS must be a mapping of token attributes", path, nline)
            needs |= check_token_dicts([attrs], path, nline, allowed=TOKEN_ATTRS - {"OP"})
    return {"patterns": patterns}, frozenset(needs)


class DependencyLeaf(Leaf):
    def __init__(self, spec, ctx):
        super().__init__(spec)
        from spacy.matcher import DependencyMatcher

        self.matcher = DependencyMatcher(ctx.nlp.vocab, validate=True)
        patterns = spec.params["patterns"]
        for i, pattern in enumerate(patterns):
            try:
                self.matcher.add(f"d{i}", [_plain(pattern)])
            except (ValueError, KeyError, TypeError) as exc:
                fail(f"invalid dependency pattern: {str(exc).splitlines()[0][:300]}", spec.path, patterns.line_of(i))

    def find_all(self, document):
        doc = document.doc
        out, seen = [], set()
        for _key, token_ids in self.matcher(doc):
            first, last = doc[min(token_ids)], doc[max(token_ids)]
            span = (first.idx, last.idx + len(last.text))
            if span not in seen:
                seen.add(span)
                out.append(Hit(span[0], span[1], doc.text[span[0]:span[1]]))
        return sorted(out, key=hit_start)


def compile(spec, ctx):
    return DependencyLeaf(spec, ctx)
