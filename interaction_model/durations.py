"""AMAZON.DURATION as Alexa fills it: spoken lengths of time to ISO 8601 ("two weeks" is P2W).

Vague lengths ("a few days", "ages") are the VAGUE_DURATION slot type's business, not this
module's; a length Alexa would hear but not parse ("a while") comes back as "?".
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class DurationSpan:
    start: int
    end: int  # exclusive
    iso: str


def to_iso(amount: int, unit: str) -> str | None:
    unit = unit[:-1] if unit.endswith("s") and unit[:-1] in _UNITS else unit
    if unit not in _UNITS or amount <= 0:
        return None
    designator, is_time = _UNITS[unit]
    return f"PT{amount}{designator}" if is_time else f"P{amount}{designator}"


def find_durations(tokens: list[str]) -> list[DurationSpan]:
    """Every duration phrase in the tokens, longest first at each position."""
    spans: list[DurationSpan] = []
    for start in range(len(tokens)):
        span = _duration_at(tokens, start)
        # "Twelve years old" is an age, not a length of pain.
        if span is not None and tokens[span.end : span.end + 1] != ["old"]:
            spans.append(span)
    return spans


def parse_duration(text: str) -> str | None:
    """The ISO value of a text that is exactly one duration, else None."""
    tokens = text.lower().split()
    span = _duration_at(tokens, 0)
    if span is None or span.end != len(tokens):
        return None
    return span.iso


def _duration_at(tokens: list[str], start: int) -> DurationSpan | None:
    for phrase, iso in sorted(_FIXED.items(), key=lambda item: -len(item[0])):
        if tuple(tokens[start : start + len(phrase)]) == phrase:
            return DurationSpan(start, start + len(phrase), iso)
    number = parse_number(tokens, start)
    if number is not None:
        amount, used = number
        unit_at = start + used
        if unit_at < len(tokens):
            value = to_iso(amount, tokens[unit_at])
            half = tuple(tokens[unit_at + 1 : unit_at + 4]) == ("and", "a", "half")
            if value is not None and half:
                # "a week and a half": Alexa gives a decimal amount of the unit.
                return DurationSpan(start, unit_at + 4, value.replace(str(amount), f"{amount}.5"))
            if value is not None:
                return DurationSpan(start, unit_at + 1, value)
    for phrase in _UNPARSABLE:
        if tuple(tokens[start : start + len(phrase)]) == phrase:
            return DurationSpan(start, start + len(phrase), "?")
    return None
