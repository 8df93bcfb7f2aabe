"""AMAZON.DURATION as Alexa fills it: spoken lengths of time to ISO 8601 ("two weeks" is P2W).

Vague lengths ("a few days", "ages") are the VAGUE_DURATION slot type's business, not this
module's; a length Alexa would hear but not parse ("a while") comes back as "?".

The words are a language's (`DurationWords`); the tables below are English's and the module's
functions use them. Another language gives its own tables and number reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

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
    ("since", "day", "before", "yesterday"): "P2D",
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


@dataclass(frozen=True)
class DurationWords:
    """One language's words for lengths of time."""

    # unit word (singular) -> (ISO designator, belongs after "T"); a plural is the unit + "s".
    units: Mapping[str, tuple[str, bool]]
    fixed: Mapping[tuple[str, ...], str]
    unparsable: tuple[tuple[str, ...], ...]
    # Said after a unit, adds half of one ("a week and a half").
    half: tuple[str, ...]
    # A number spelled out from tokens[start]: (value, tokens used), or None.
    parse_number: Callable[[list[str], int], tuple[int, int] | None]
    # The singular of a unit's plural, when it is not the plural less its last "s".
    plurals: Mapping[str, str] = field(default_factory=dict)
    # Said right after a length, these make it an age ("twelve years old"), not a length.
    age_after: frozenset[str] = frozenset()
    # Other ways to say the half, after the unit or before it: "one and half month" (Indian
    # English), "one and a half weeks".
    other_halves: tuple[tuple[str, ...], ...] = ()
    # Between two lengths said as one: "two weeks and three days".
    joiner: str = "and"
    # The fixed phrases by first word, longest first (worked out from `fixed`).
    _fixed_by_first: dict[str, list[tuple[tuple[str, ...], str]]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        # By first word, longest first, worked out once: every word of every sample is tried
        # as the start of a length when a model compiles.
        for phrase, iso in sorted(self.fixed.items(), key=lambda item: -len(item[0])):
            self._fixed_by_first.setdefault(phrase[0], []).append((phrase, iso))

    def to_iso(self, amount: int, unit: str) -> str | None:
        unit = self.plurals.get(unit, unit)
        unit = unit[:-1] if unit.endswith("s") and unit[:-1] in self.units else unit
        if unit not in self.units or amount <= 0:
            return None
        designator, is_time = self.units[unit]
        return f"PT{amount}{designator}" if is_time else f"P{amount}{designator}"

    def find(self, tokens: list[str]) -> list[DurationSpan]:
        """Every duration phrase in the tokens, longest first at each position."""
        spans: list[DurationSpan] = []
        for start in range(len(tokens)):
            span = self.at(tokens, start)
            after = tokens[span.end] if span is not None and span.end < len(tokens) else ""
            if span is not None and after not in self.age_after:
                spans.append(span)
        return spans

    def parse(self, text: str) -> str | None:
        """The ISO value of a text that is exactly one duration, else None."""
        tokens = text.lower().split()
        span = self.at(tokens, 0)
        if span is None or span.end != len(tokens):
            return None
        return span.iso

    def _half_at(self, tokens: list[str], i: int) -> int:
        """How many words say a half at tokens[i] ("and a half"), or 0."""
        for phrase in (self.half, *self.other_halves):
            if phrase and tuple(tokens[i : i + len(phrase)]) == phrase:
                return len(phrase)
        return 0

    def at(self, tokens: list[str], start: int) -> DurationSpan | None:
        """The duration said from tokens[start], or None: "one month fifteen days" and "two
        weeks and three days" are one length, as Alexa gives them (P1M15D, P2W3D)."""
        first = self._single_at(tokens, start)
        if first is None or first.iso == "?":
            return first
        joined = first.end + (1 if tokens[first.end : first.end + 1] == [self.joiner] else 0)
        second = self._single_at(tokens, joined) if joined < len(tokens) else None
        combined = _combined(first.iso, second.iso) if second is not None else None
        if second is None or combined is None:
            return first
        return DurationSpan(start, second.end, combined)

    def _single_at(self, tokens: list[str], start: int) -> DurationSpan | None:
        """One amount of one unit said from tokens[start], or None."""
        if start >= len(tokens):
            return None
        for phrase, iso in self._fixed_by_first.get(tokens[start], ()):
            if tuple(tokens[start : start + len(phrase)]) == phrase:
                return DurationSpan(start, start + len(phrase), iso)
        number = self.parse_number(tokens, start)
        if number is not None:
            amount, used = number
            before = self._half_at(tokens, start + used)
            unit_at = start + used + before
            if unit_at < len(tokens):
                value = self.to_iso(amount, tokens[unit_at])
                after = unit_at + 1
                half = before or self._half_at(tokens, after)
                if value is not None and half:
                    # "a week and a half": Alexa gives a decimal amount of the unit.
                    end = after + (0 if before else half)
                    return DurationSpan(start, end, value.replace(str(amount), f"{amount}.5"))
                if value is not None:
                    return DurationSpan(start, after, value)
        for phrase in self.unparsable:
            if tuple(tokens[start : start + len(phrase)]) == phrase:
                return DurationSpan(start, start + len(phrase), "?")
        return None


# The ISO components from the largest unit to the smallest; (designator, after "T").
_ORDER = (("Y", False), ("M", False), ("W", False), ("D", False), ("H", True), ("M", True),
          ("S", True))  # fmt: skip
_ONE_UNIT = re.compile(r"P(T?)(\d+(?:\.\d+)?)([YMWDHS])")


def _combined(first: str, second: str) -> str | None:
    """Two single-unit lengths as one ISO duration when the second unit is the smaller one and
    both are whole ("P1M" and "P15D" is "P1M15D"), else None."""
    found = [_ONE_UNIT.fullmatch(iso) for iso in (first, second)]
    parts = [m for m in found if m is not None]
    if len(parts) < 2 or "." in first + second:
        return None
    ranks = [_ORDER.index((m.group(3), bool(m.group(1)))) for m in parts]
    if ranks[0] >= ranks[1]:
        return None
    date_part = "".join(m.group(2) + m.group(3) for m in parts if not m.group(1))
    time_part = "".join(m.group(2) + m.group(3) for m in parts if m.group(1))
    return "P" + date_part + (f"T{time_part}" if time_part else "")


ENGLISH = DurationWords(
    units=_UNITS, fixed=_FIXED, unparsable=_UNPARSABLE, half=("and", "a", "half"),
    parse_number=parse_number, age_after=frozenset({"old"}), other_halves=(("and", "half"),),
)


def to_iso(amount: int, unit: str) -> str | None:
    return ENGLISH.to_iso(amount, unit)


def find_durations(tokens: list[str]) -> list[DurationSpan]:
    """Every duration phrase in the tokens, longest first at each position (English)."""
    return ENGLISH.find(tokens)


def parse_duration(text: str) -> str | None:
    """The ISO value of a text that is exactly one duration, else None (English)."""
    return ENGLISH.parse(text)
