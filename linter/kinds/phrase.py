"""Kind `phrase`: a list of words or phrases found with spaCy's PhraseMatcher (by LOWER or LEMMA)."""

from __future__ import annotations

from .base import Hit, Leaf, get_str, get_str_list

KEYS = {"phrases", "attr"}
REQUIRED = {"phrases"}
ATTRS = ("LOWER", "LEMMA", "ORTH", "NORM")


def parse(raw, path):
    phrases = get_str_list(raw, "phrases", path)
    attr = get_str(raw, "attr", path, choices=ATTRS, default="LOWER")
    needs = {"lemma"} if attr == "LEMMA" else set()
    return {"phrases": phrases, "attr": attr}, frozenset(needs)


class PhraseLeaf(Leaf):
    def __init__(self, spec, ctx):
        super().__init__(spec)
        from spacy.matcher import PhraseMatcher

        attr = spec.params["attr"]
        self.matcher = PhraseMatcher(ctx.nlp.vocab, attr=attr)
        phrases = spec.params["phrases"]
        if attr == "LEMMA":
            docs = list(ctx.annotated_pipe(phrases, spec.requires))
        else:
            docs = [ctx.nlp.make_doc(p.lower() if attr == "LOWER" else p) for p in phrases]
        self.matcher.add("p", docs)

    def find_all(self, document):
        spans = self.matcher(document.doc, as_spans=True)
        return [Hit(s.start_char, s.end_char, s.text) for s in _longest_first(spans)]


def _longest_first(spans):
    """Keep the longest of overlapping matches, in text order (like spacy.util.filter_spans)."""
    chosen, taken = [], set()
    for span in sorted(spans, key=lambda s: (s.end - s.start, -s.start), reverse=True):
        if not any(i in taken for i in range(span.start, span.end)):
            chosen.append(span)
            taken.update(range(span.start, span.end))
    return sorted(chosen, key=lambda s: s.start)


def compile(spec, ctx):
    return PhraseLeaf(spec, ctx)
