"""Turns a content string and its parameters into SSML for speech or plain text for cards."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
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


# Said differently from how they are written; only ``heard`` text renders them (a card shows
# what is written). Tags of the skill's own SSML: attribute values in double quotes. Patterns,
# not compiled here: the skill itself never asks for heard text (re caches what it compiles).
_SUB = r'<sub\b[^>]*?\balias="([^"]*)"[^>]*>.*?</sub>'
_SAY_AS = r'<say-as\b[^>]*?\binterpret-as="([^"]*)"[^>]*>(.*?)</say-as>'
_AUDIO = r"<audio\b[^>]*>"
_SPELLED_OUT = frozenset({"digits", "spell-out", "characters", "telephone"})
_TELEPHONE_GROUPS = r"[^0-9A-Za-z+]+"


# Cards and screens show the same content to every user, so a warm container reuses the text.
# Bounded: the strings said most (the questions, the common outcomes) stay; the rest are made
# again when asked, as before.
@lru_cache(maxsize=512)
def ssml_to_text(ssml: str, heard: bool = False) -> str:
    """Plain text of the SSML, no tags, no entities. For a card (the default) paragraphs stand
    on their own lines and numbers as written; ``heard`` is what a listener hears, on one line:
    aliases said, numbers said digit by digit ("9 1 1"), a phone number group by group, and a
    sound as "[audio]"."""
    if heard:
        ssml = re.sub(_SUB, lambda match: match.group(1), ssml, flags=re.DOTALL)
        ssml = re.sub(_SAY_AS, _said_as, ssml, flags=re.DOTALL)
        ssml = re.sub(_AUDIO, " [audio] ", ssml)
    text = _WHITESPACE.sub(" ", ssml)
    text = _PARAGRAPH_TAG.sub(" " if heard else "\n", text)
    text = _SEPARATING_TAG.sub(" ", text)
    text = _ANY_TAG.sub("", text)
    text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return unescape_xml("\n".join(line for line in lines if line))


def _said_as(match: re.Match[str]) -> str:
    interpret, written = match.group(1), _ANY_TAG.sub("", match.group(2))
    if interpret not in _SPELLED_OUT:
        return written
    groups = re.split(_TELEPHONE_GROUPS, written) if interpret == "telephone" else [written]
    return ", ".join(" ".join(c for c in group if not c.isspace()) for group in groups if group)


def emergency_fact(number: str, words: str) -> str:
    """How the emergency number is spoken: digit by digit ("nine one one"), or words."""
    return f'<say-as interpret-as="digits">{number}</say-as>' if number else words


# Who the skill can speak about when the user asks for someone else: content written about them
# is a variant of a key, ``<table>.<person>.<name>`` beside ``<table>.<name>``
# (``outcomes.self_care.her.speech``), and is said instead of it (Content.about).
PERSONS = ("her", "him", "them")
# A word said to whoever is talking to Alexa, not to the person in pain, is marked
# ``{listener:you}``: it reads and sounds as "you", and the tests can tell it from a "you" that
# would address the patient when the listener is someone else ("Would {listener:you} like me to
# time her ice pack?").
LISTENER = "listener"


class _AsWritten:
    """Fills ``{listener:<words>}`` with its words: the mark is for readers and tests only."""

    def __format__(self, words: str) -> str:
        return words


_LISTENER_WORDS = _AsWritten()


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
        values: dict[str, object] = {**self.facts, LISTENER: _LISTENER_WORDS}
        for name, value in params.items():
            if name in values:
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

    def about(self, key: str, person: str | None) -> str:
        """The key to say for `key` when the user is asking about `person` ("her", "him",
        "them", or None for themselves): the content's own words about that person,
        ``<table>.<person>.<name>``, where it has them, else `key` itself. Every sentence the
        skill says goes through this one rule, questions and outcomes alike."""
        table, _, name = key.rpartition(".")
        if person is None or not table:
            return key
        variant = f"{table}.{person}.{name}"
        return variant if variant in self.templates else key

    @staticmethod
    def plain(key: str) -> str:
        """The key a person's variant stands in for (``outcomes.urgent.her.more`` ->
        ``outcomes.urgent.more``); any other key is itself."""
        parts = key.split(".")
        if len(parts) > 2 and parts[-2] in PERSONS:
            del parts[-2]
        return ".".join(parts)

    def has(self, key: str) -> bool:
        return key in self.templates

    def keys(self) -> frozenset[str]:
        return frozenset(self.templates)

    def _template(self, key: str) -> str:
        try:
            return self.templates[key]
        except KeyError:
            raise KeyError(f"no content {key!r} for locale {self.locale}") from None
