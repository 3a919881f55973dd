"""Kind `recipient`: checks against who the draft is for (`to:`), such as a greeting to the wrong name."""

from __future__ import annotations

import re

from .base import Compiled, Hit, get_str

KEYS = {"test"}
REQUIRED = {"test"}
TESTS = ("greeting-name-differs", "greeting-without-name", "name-missing", "name-present")

# Short forms a writer may fairly use for a recipient's first name.
_NICKNAMES = {
    "robert": {"rob", "bob", "bobby", "robbie"}, "william": {"will", "bill", "billy", "liam"},
    "elizabeth": {"liz", "beth", "lisa", "eliza", "betty"}, "margaret": {"maggie", "meg", "peggy"},
    "richard": {"rick", "rich", "dick"}, "james": {"jim", "jimmy", "jamie"}, "michael": {"mike", "mikey"},
    "katherine": {"kate", "kathy", "katie", "kat"}, "catherine": {"cathy", "cat", "kate"},
    "jennifer": {"jen", "jenny"}, "alexander": {"alex", "sasha"}, "alexandra": {"alex", "sasha", "lexi"},
    "christopher": {"chris"}, "christine": {"chris", "tina"}, "daniel": {"dan", "danny"},
    "nicholas": {"nick"}, "joseph": {"joe", "joey"}, "thomas": {"tom", "tommy"}, "anthony": {"tony"},
    "edward": {"ed", "eddie", "ted"}, "patricia": {"pat", "trish"}, "samuel": {"sam"}, "samantha": {"sam"},
    "benjamin": {"ben"}, "jonathan": {"jon", "jonny"}, "matthew": {"matt"}, "andrew": {"andy", "drew"},
    "stephen": {"steve"}, "steven": {"steve"}, "susan": {"sue", "susie"}, "deborah": {"deb", "debbie"},
    "rebecca": {"becky", "becca"}, "victoria": {"vicky", "tori"}, "charles": {"charlie", "chuck"},
    "gregory": {"greg"}, "timothy": {"tim"}, "zachary": {"zach", "zack"}, "abigail": {"abby"},
}
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def parse(raw, path):
    return {"test": get_str(raw, "test", path, choices=TESTS)}, frozenset()


def _name_parts(to: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(to) if w.lower().rstrip(".") not in
            {"dr", "mr", "mrs", "ms", "mx", "prof", "professor", "doctor", "sir", "dame", "jr", "sr", "phd", "md",
             "engr", "arc", "barr", "rev", "revd", "fr", "hon", "cllr", "capt", "col", "sgt", "lt", "supt", "insp", "amb",
             "sen", "gov"}]


def names_agree(greeting_name: str, to: str) -> bool:
    """Whether 'Hi <greeting_name>' fits a draft addressed to `to` (any name part, nickname, or its start or end)."""
    parts = _name_parts(to)
    said = _name_parts(greeting_name)
    if not parts or not said:
        return True
    for word in said:
        for part in parts:
            if word == part or word in _NICKNAMES.get(part, ()) or (
                    len(word) >= 3 and (part.startswith(word) or part.endswith(word))):  # Seun for Oluwaseun
                return True
    return False


class RecipientMatcher(Compiled):
    def hits(self, document, span, run):
        test, ctx = self.spec.params["test"], document.context
        greeting, name = document.greeting, document.greeting_name
        if test in ("greeting-name-differs", "greeting-without-name"):
            if not greeting or not (span[0] <= greeting[0] and greeting[1] <= span[1]):
                return []
            if test == "greeting-without-name":
                return [] if name else [Hit(greeting[0], greeting[1], document.text[greeting[0]:greeting[1]])]
            if not name or not ctx.to or names_agree(name, ctx.to):
                return []
            start = document.text.find(name, greeting[0], greeting[1])
            return [Hit(start, start + len(name), name)] if start >= 0 else []
        found = self._name_mentions(document, span)
        if test == "name-present":
            return found
        if ctx.to and not found:
            return [Hit(span[0], span[1], document.text[span[0]:span[1]])]
        return []

    def _name_mentions(self, document, span):
        to = document.context.to or document.greeting_name
        if not to:
            return []
        wanted = set(_name_parts(to))
        for part in list(wanted):
            wanted |= _NICKNAMES.get(part, set())
        text = document.text
        return [Hit(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, span[0], span[1])
                if m.group().lower() in wanted]


def compile(spec, ctx):
    return RecipientMatcher(spec)
