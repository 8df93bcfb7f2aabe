"""Turns a content string and its parameters into SSML for speech or plain text for cards."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import NamedTuple

# Characters that would break the SSML document Alexa receives; "&" goes first so the entities
# written for the others are not escaped twice.
_XML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&apos;"))
_XML_UNESCAPES = tuple((entity, char) for char, entity in reversed(_XML_ESCAPES))

_WHITESPACE = re.compile(r"\s+")
_PARAGRAPH_TAG = re.compile(r"\s*</?p>\s*")
# Tags that separate words (a pause, a sentence) become a space; the rest vanish in place.
_SEPARATING_TAG = re.compile(r"<(?:break\b[^>]*|/?s)>")
_ANY_TAG = re.compile(r"<[^>]*>")
_SPACE_BEFORE_PUNCTUATION = re.compile(r" +([,.;:?!])")
_SPACES = re.compile(r"[ \t]+")


def escape_xml(value: str) -> str:
    for char, entity in _XML_ESCAPES:
        value = value.replace(char, entity)
    return value


def unescape_xml(value: str) -> str:
    for entity, char in _XML_UNESCAPES:
        value = value.replace(entity, char)
    return value


def ssml_to_text(ssml: str) -> str:
    """Plain text for a card: paragraphs on their own lines, no tags, no entities."""
    text = _WHITESPACE.sub(" ", ssml)
    text = _PARAGRAPH_TAG.sub("\n", text)
    text = _SEPARATING_TAG.sub(" ", text)
    text = _ANY_TAG.sub("", text)
    text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return unescape_xml("\n".join(line for line in lines if line))


def emergency_fact(number: str, words: str) -> str:
    """How the emergency number is spoken: digit by digit ("nine one one"), or words."""
    return f'<say-as interpret-as="digits">{number}</say-as>' if number else words


# English month names and list word for the review line; another language's base file gives
# its own ([facts] month_names, twelve names separated by spaces, and list_and).
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
LIST_AND = "and"


class Content(NamedTuple):
    """Everything the skill says in one locale. Keys are dotted paths into the TOML files."""

    locale: str
    supported: bool
    emergency_number: str
    templates: Mapping[str, str]
    # Trusted SSML filled into every string: emergency, urgent_help, er.
    facts: Mapping[str, str]
    # Per answer (``topics.sleep``): when it was last reviewed (ISO date) and its source ids.
    reviewed: Mapping[str, str] = MappingProxyType({})
    sources: Mapping[str, str] = MappingProxyType({})
    # How this locale names each source a listener would know (no entry: not named here),
    # and the card's closing line, with {names} and {month}.
    source_names: Mapping[str, str] = MappingProxyType({})
    sources_line: str = ""
    month_names: tuple[str, ...] = MONTHS
    list_and: str = LIST_AND

    def ssml(self, key: str, **params: str) -> str:
        """An SSML fragment (no <speak> wrapper); every parameter value is XML-escaped."""
        template = self._template(key)
        values = dict(self.facts)
        for name, value in params.items():
            if name in self.facts:
                raise ValueError(f"parameter {name!r} would replace the locale fact of that name")
            escaped = escape_xml(str(value))
            if name == "phone":
                escaped = f'<say-as interpret-as="telephone">{escaped}</say-as>'
            values[name] = escaped
        try:
            return template.format_map(values)
        except KeyError as error:
            raise KeyError(f"content {key!r} needs the parameter {error.args[0]!r}") from None

    def text(self, key: str, **params: str) -> str:
        """The same content as plain text, for cards."""
        return ssml_to_text(self.ssml(key, **params))

    def source_line(self, entry: str) -> str:
        """The card's last line for an answer: its sources as this locale names them, and the
        month it was last reviewed ("Based on guidance from the NHS and NICE. Reviewed
        November 2026.")."""
        reviewed = date.fromisoformat(self.reviewed[entry])
        names = [self.source_names[source] for source in self.sources[entry].split()
                 if self.source_names.get(source)]
        listed = (names[0] if len(names) < 2
                  else f"{', '.join(names[:-1])} {self.list_and} {names[-1]}")
        month = f"{self.month_names[reviewed.month - 1]} {reviewed.year}"
        return self.sources_line.format(names=listed, month=month)

    def has(self, key: str) -> bool:
        return key in self.templates

    def keys(self) -> frozenset[str]:
        return frozenset(self.templates)

    def _template(self, key: str) -> str:
        try:
            return self.templates[key]
        except KeyError:
            raise KeyError(f"no content {key!r} for locale {self.locale}") from None
