"""AMAZON.DURATION as Alexa fills it: spoken lengths of time to ISO 8601 ("two weeks" is P2W).

Vague lengths ("a few days", "ages") are the VAGUE_DURATION slot type's business, not this
module's; a length Alexa would hear but not parse ("a while") comes back as "?".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from interaction_model.numbers import parse_number

# unit word -> (ISO designator, belongs after "T")
_UNITS: dict[str, tuple[str, bool]] = {
    "second": ("S", True),
    "minute": ("M", True),
    "hour": ("H", True),
    "day": ("D", False),
    "night": ("D", False),
    "week": ("W", False),
    "month": ("M", False),
    "year": ("Y", False),
}
_FIXED: dict[tuple[str, ...], str] = {
    ("since", "yesterday"): "P1D",
    ("since", "the", "day", "before", "yesterday"): "P2D",
    ("a", "fortnight"): "P2W",
    ("fortnight",): "P2W",
    ("half", "an", "hour"): "PT30M",
    ("half", "a", "day"): "PT12H",
    ("half", "a", "year"): "P6M",
    ("overnight",): "PT12H",
}
_UNPARSABLE: tuple[tuple[str, ...], ...] = (
    ("a", "while"),
    ("awhile",),
    ("a", "little", "while"),
    ("a", "short", "while"),
    ("some", "time"),
    ("a", "bit"),
    ("a", "little", "bit"),
    ("not", "long"),
)


class DurationWords(NamedTuple):
    """How one language says a length of time."""

    # unit word (singular; a plural is the word with an "s", or listed) -> (ISO designator,
    # whether it belongs after "T")
    units: Mapping[str, tuple[str, bool]]
    fixed: Mapping[tuple[str, ...], str]
    unparsable: tuple[tuple[str, ...], ...]
    parse_number: Callable[[list[str], int], tuple[int, int] | None]
    # Said after the unit, these add half of it ("a week and a half").
    halves: tuple[tuple[str, ...], ...]


ENGLISH = DurationWords(_UNITS, _FIXED, _UNPARSABLE, parse_number, (("and", "a", "half"),))


@dataclass(frozen=True)
class DurationSpan:
    start: int
    end: int  # exclusive
    iso: str


def to_iso(amount: int, unit: str, language: DurationWords = ENGLISH) -> str | None:
    units = language.units
    unit = unit[:-1] if unit.endswith("s") and unit[:-1] in units else unit
    if unit not in units or amount <= 0:
        return None
    designator, is_time = units[unit]
    return f"PT{amount}{designator}" if is_time else f"P{amount}{designator}"


def find_durations(tokens: list[str], language: DurationWords = ENGLISH) -> list[DurationSpan]:
    """Every duration phrase in the tokens, longest first at each position."""
    spans: list[DurationSpan] = []
    for start in range(len(tokens)):
        span = _duration_at(tokens, start, language)
        if span is not None:
            spans.append(span)
    return spans


def parse_duration(text: str, language: DurationWords = ENGLISH) -> str | None:
    """The ISO value of a text that is exactly one duration, else None."""
    tokens = text.lower().split()
    span = _duration_at(tokens, 0, language)
    if span is None or span.end != len(tokens):
        return None
    return span.iso


def _duration_at(tokens: list[str], start: int, language: DurationWords) -> DurationSpan | None:
    for phrase, iso in sorted(language.fixed.items(), key=lambda item: -len(item[0])):
        if tuple(tokens[start : start + len(phrase)]) == phrase:
            return DurationSpan(start, start + len(phrase), iso)
    number = language.parse_number(tokens, start)
    if number is not None:
        amount, used = number
        unit_at = start + used
        if unit_at < len(tokens):
            value = to_iso(amount, tokens[unit_at], language)
            half = next((len(h) for h in language.halves
                         if tuple(tokens[unit_at + 1 : unit_at + 1 + len(h)]) == h), 0)
            if value is not None and half:
                # "a week and a half": Alexa gives a decimal amount of the unit.
                return DurationSpan(start, unit_at + 1 + half,
                                    value.replace(str(amount), f"{amount}.5"))
            if value is not None:
                return DurationSpan(start, unit_at + 1, value)
    for phrase in language.unparsable:
        if tuple(tokens[start : start + len(phrase)]) == phrase:
            return DurationSpan(start, start + len(phrase), "?")
    return None
