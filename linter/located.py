"""Dicts and lists that remember the 1-based YAML line of themselves and of each item.

They live apart from the YAML loader so that a validated RuleSet read back from the rule
cache (whose matcher parameters hold them) does not have to import PyYAML.
"""

from __future__ import annotations


class LocatedDict(dict):
    """A dict that also knows the 1-based line of itself and of each of its keys."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LocatedList(list):
    """A list that knows the 1-based line of itself and of each item."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        try:
            return self.item_lines[index]
        except IndexError:
            return self.line
