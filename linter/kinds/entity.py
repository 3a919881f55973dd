"""Kind `entity`: named entities of the given labels (PERSON, ORG, GPE, EVENT, ...), from spaCy NER."""

from __future__ import annotations

from .base import Hit, Leaf, fail, get_str_list

KEYS = {"labels"}
REQUIRED = {"labels"}
LABELS = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
          "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL")


def parse(raw, path):
    labels = get_str_list(raw, "labels", path)
    for i, label in enumerate(labels):
        if label not in LABELS:
            from ..errors import did_you_mean

            fail(f"unknown entity label '{label}'{did_you_mean(label, LABELS)}", path,
                 raw["labels"].line_of(i) if hasattr(raw["labels"], "line_of") else raw.line_of("labels"))
    return {"labels": labels}, frozenset({"ner"})


class EntityLeaf(Leaf):
    def find_all(self, document):
        labels = set(self.spec.params["labels"])
        return [Hit(e.start_char, e.end_char, e.text) for e in document.doc.ents if e.label_ in labels]


def compile(spec, ctx):
    return EntityLeaf(spec)
