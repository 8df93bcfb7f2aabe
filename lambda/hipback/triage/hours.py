"""How long the pain has lasted, from what Alexa hears.

AMAZON.DURATION arrives as an ISO 8601 duration ("P3D", "P2W", "PT12H"); vague answers
("a few days", "ages") arrive as VAGUE_DURATION slot ids; "since sunday" arrives as an
AMAZON.DATE, counted back from the request's day. Both become whole hours, the unit
the rules compare against. Months and years are taken as 30 and 365 days: the rules only
need to know which side of a week or three weeks the answer falls.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

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


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_WEEK = re.compile(r"(\d{4})-W(\d{2})(-WE)?")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")


def hours_since(value: str | None, today: date) -> int | None:
    """Whole hours since an AMAZON.DATE value the user said the pain started ("since sunday").

    Alexa resolves dates on or after the request's day ("sunday" is the coming one), but pain
    cannot start in the future: a weekday or week ahead means the one before, a day of the year
    ahead ("since christmas") means last year's. Unknown forms give None.
    """
    start = _start_date(value or "", today)
    if start is None:
        return None
    days = (today - start).days
    if days < 0 or days * HOURS_PER_DAY > MAX_HOURS:
        return None
    return max(days * HOURS_PER_DAY, VAGUE_DURATIONS["today"])


def _start_date(value: str, today: date) -> date | None:
    try:
        if match := _ISO_DATE.fullmatch(value):
            day = date(int(match[1]), int(match[2]), int(match[3]))
            if day > today:
                day = _before(day, today)
            return day
        if match := _ISO_WEEK.fullmatch(value):
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
            day = monday + timedelta(days=5) if match[3] else monday
            return day - timedelta(days=7) if day > today else day
        if match := _ISO_MONTH.fullmatch(value):
            # "Since October": some day in it, on average its middle; this month: its first.
            year, month = int(match[1]), int(match[2])
            if (year, month) == (today.year, today.month):
                return date(year, month, 1)
            day = date(year, month, 15)
            return _year_before(day) if day > today else day
    except ValueError:
        return None
    return None


def _before(day: date, today: date) -> date:
    """The past day a future AMAZON.DATE stands for: a weekday said is last week's, a day of
    the month said is last month's, a day of the year said is last year's ("christmas")."""
    ahead = (day - today).days
    if ahead <= 7:
        return day - timedelta(days=7)
    if ahead <= 31 and day.day < today.day:
        # "the tenth", said on the 25th: Alexa gives next month's.
        month_before = (day.replace(day=1) - timedelta(days=1)).replace(day=1)
        return month_before.replace(day=min(day.day, 28))
    return _year_before(day)


def _year_before(day: date) -> date:
    return day.replace(year=day.year - 1, day=min(day.day, 28) if day.month == 2 else day.day)
