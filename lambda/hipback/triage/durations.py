"""How long the pain has lasted, from what Alexa hears.

AMAZON.DURATION arrives as an ISO 8601 duration ("P3D", "P2W", "PT12H"); vague answers
("a few days", "ages") arrive as VAGUE_DURATION slot ids. Both become whole hours, the unit
the rules compare against. Months and years are taken as 30 and 365 days: the rules only
need to know which side of a week or three weeks the answer falls.
"""

from __future__ import annotations

import re

HOURS_PER_DAY = 24

_ISO = re.compile(
    r"P(?!$)"
    r"(?:(?P<years>\d+(?:\.\d+)?)Y)?"
    r"(?:(?P<months>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<weeks>\d+(?:\.\d+)?)W)?"
    r"(?:(?P<days>\d+(?:\.\d+)?)D)?"
    r"(?:T(?=\d)"
    r"(?:(?P<hours>\d+(?:\.\d+)?)H)?"
    r"(?:(?P<minutes>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?"
    r")?",
)

_HOURS_PER_UNIT = {
    "years": 365 * HOURS_PER_DAY,
    "months": 30 * HOURS_PER_DAY,
    "weeks": 7 * HOURS_PER_DAY,
    "days": HOURS_PER_DAY,
    "hours": 1,
    "minutes": 1 / 60,
    "seconds": 1 / 3600,
}

# Nobody has had back pain for longer than a lifetime: a bigger figure is a mishearing.
MAX_HOURS = 120 * 365 * HOURS_PER_DAY

VAGUE_DURATIONS: dict[str, int] = {
    "today": 12,
    "few_days": 3 * HOURS_PER_DAY,
    "about_a_week": 7 * HOURS_PER_DAY,
    "couple_of_weeks": 14 * HOURS_PER_DAY,
    "few_weeks": 21 * HOURS_PER_DAY,
    "about_a_month": 30 * HOURS_PER_DAY,
    "few_months": 90 * HOURS_PER_DAY,
    "ages": 180 * HOURS_PER_DAY,
}


def parse_iso_duration(text: str | None) -> int | None:
    """Whole hours in an ISO 8601 duration, or None when it is not one we can trust."""
    if not text:
        return None
    match = _ISO.fullmatch(text.strip().upper())
    if match is None:
        return None
    parts = {unit: float(value) for unit, value in match.groupdict().items() if value}
    if not parts:
        return None
    hours = sum(value * _HOURS_PER_UNIT[unit] for unit, value in parts.items())
    if hours > MAX_HOURS:
        return None
    return round(hours)


def vague_duration_hours(value_id: str | None) -> int | None:
    """Hours for a VAGUE_DURATION slot id ("few_days"), or None for an unknown id."""
    if value_id is None:
        return None
    return VAGUE_DURATIONS.get(value_id)
