"""Kind `phrase`: a list of words or phrases, matched token by token (by LOWER, ORTH, LEMMA or NORM)."""

from __future__ import annotations

from .bank import BankLeaf
from .base import get_str, get_str_list

KEYS = {"phrases", "attr"}
REQUIRED = {"phrases"}
ATTRS = ("LOWER", "LEMMA", "ORTH", "NORM")


def parse(raw, path):
    phrases = get_str_list(raw, "phrases", path)
    attr = get_str(raw, "attr", path, choices=ATTRS, default="LOWER")
    needs = {"lemma"} if attr == "LEMMA" else set()
    return {"phrases": phrases, "attr": attr}, frozenset(needs)


class PhraseLeaf(BankLeaf):
    """LOWER and ORTH phrases become token patterns (one exact text per token) and run with the
    token kind's patterns in one RE2 pass (kinds/tokenstring.py); LEMMA and NORM phrases use
    spaCy's PhraseMatcher."""

    def __init__(self, spec, ctx):
        super().__init__(spec)
        attr = spec.params["attr"]
        phrases = spec.params["phrases"]
        if attr == "LEMMA":
            docs = list(ctx.annotated_pipe(phrases, spec.requires))
        else:  # patterns need only the tokenizer (make_doc), never the full pipeline
            docs = [ctx.nlp.make_doc(p.lower() if attr == "LOWER" else p) for p in phrases]
        if attr in ("LOWER", "ORTH"):
            from .tokenstring import TokenBank

            patterns = [[{attr: t.lower_ if attr == "LOWER" else t.text} for t in doc] for doc in docs]
            self.bank = ctx.bank(("token", spec.requires), lambda: TokenBank(ctx.nlp.vocab, spec.requires))
            self.key = self.bank.add(patterns, self)
        else:
            from spacy.matcher import PhraseMatcher

            from .bank import MatcherBank

            self.bank = ctx.bank(("phrase", attr), lambda: MatcherBank(PhraseMatcher(ctx.nlp.vocab, attr=attr)))
            self.key = self.bank.add(docs)


def compile(spec, ctx):
    return PhraseLeaf(spec, ctx)
