"""Kind `phrase`: a list of words or phrases found with spaCy's PhraseMatcher (by LOWER or LEMMA)."""

from __future__ import annotations

from .base import Leaf, get_str, get_str_list

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
        phrases = spec.params["phrases"]
        if attr == "LEMMA":
            docs = list(ctx.annotated_pipe(phrases, spec.requires))
        else:  # patterns need only the tokenizer (make_doc), never the full pipeline
            docs = [ctx.nlp.make_doc(p.lower() if attr == "LOWER" else p) for p in phrases]
        self.bank = ctx.bank(("phrase", attr), lambda: PhraseMatcher(ctx.nlp.vocab, attr=attr))
        self.key = self.bank.add(docs)

    def find_all(self, document):
        return self.bank.hits(document, self.key)


def compile(spec, ctx):
    return PhraseLeaf(spec, ctx)
