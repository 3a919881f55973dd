"""The rule kinds, one module each; this maps a kind's name to its module."""

from __future__ import annotations

from types import MappingProxyType

from . import campaign, combinators, dependency, entity, metric, phrase, recipient, regex, signal, token

KINDS = MappingProxyType({
    "phrase": phrase,
    "token": token,
    "dependency": dependency,
    "regex": regex,
    "metric": metric,
    "entity": entity,
    "signal": signal,
    "recipient": recipient,
    "campaign": campaign,
    "all": combinators,
    "any": combinators,
    "none": combinators,
})
COMBINATORS = frozenset({"all", "any", "none"})
