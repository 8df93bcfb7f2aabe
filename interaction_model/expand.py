"""Expansion of the source's compact alternatives: "(what|what's) causes {location} pain"."""

from __future__ import annotations

import itertools
import re

_SPACES = re.compile(r"\s+")


class ExpansionError(ValueError):
    """A pattern with unbalanced brackets or a stray bar."""


def expand(pattern: str) -> list[str]:
    """Every sentence the pattern stands for, spaces tidied, in order, without repeats."""
    parser = _Parser(pattern)
    sentences = parser.alternatives()
    if parser.pos != len(pattern):
        raise ExpansionError(f"unexpected {pattern[parser.pos]!r} at {parser.pos} in {pattern!r}")
    seen: dict[str, None] = {}
    for sentence in sentences:
        tidy = _SPACES.sub(" ", sentence).strip()
        if tidy:
            seen.setdefault(tidy, None)
    return list(seen)


def expand_all(patterns: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for pattern in patterns:
        for sentence in expand(pattern):
            seen.setdefault(sentence, None)
    return list(seen)


class _Parser:
    """Recursive descent over: alternatives := sequence ('|' sequence)*."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def alternatives(self) -> list[str]:
        options = self.sequence()
        while self.pos < len(self.text) and self.text[self.pos] == "|":
            self.pos += 1
            options += self.sequence()
        return options

    def sequence(self) -> list[str]:
        parts: list[list[str]] = []
        literal = ""
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char in "([":
                closing = ")" if char == "(" else "]"
                self.pos += 1
                group = self.alternatives()
                if self.pos >= len(self.text) or self.text[self.pos] != closing:
                    raise ExpansionError(f"missing {closing!r} in {self.text!r}")
                self.pos += 1
                if closing == "]":
                    group = [*group, ""]
                parts.append([literal])
                parts.append(group)
                literal = ""
            elif char in ")]|":
                break
            else:
                literal += char
                self.pos += 1
        parts.append([literal])
        return ["".join(combo) for combo in itertools.product(*parts)]
