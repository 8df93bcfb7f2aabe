"""AMAZON.DATE as Alexa fills it: spoken days and dates to ISO 8601 values.

Alexa resolves a date that could be past or future ("sunday", "christmas", "the third") to the
first one on or after the request's date; "yesterday" and "last tuesday" say which. Weeks are
``2026-W48``, weekends ``2026-W48-WE``, months ``2026-11``. The skill, not this module, turns a
future date said after "since" into the last one before today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from interaction_model.numbers import parse_number

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
# Fixed days of the year people date things from.
_HOLIDAYS: dict[tuple[str, ...], tuple[int, int]] = {
    ("christmas",): (12, 25),
    ("christmas", "day"): (12, 25),
    ("christmas", "eve"): (12, 24),
    ("boxing", "day"): (12, 26),
    ("new", "year", "s", "day"): (1, 1),
    ("new", "year", "s"): (1, 1),
    ("new", "years", "day"): (1, 1),
    ("new", "years", "eve"): (12, 31),
    ("new", "year", "s", "eve"): (12, 31),
    ("veterans", "day"): (11, 11),
    ("remembrance", "day"): (11, 11),
    ("bonfire", "night"): (11, 5),
    ("guy", "fawkes", "night"): (11, 5),
    ("independence", "day"): (7, 4),
    ("the", "fourth", "of", "july"): (7, 4),
    ("fourth", "of", "july"): (7, 4),
    ("st", "patrick", "s", "day"): (3, 17),
    ("saint", "patrick", "s", "day"): (3, 17),
    ("new", "year"): (1, 1),
    ("new", "years"): (1, 1),
    ("halloween",): (10, 31),
    ("valentine's", "day"): (2, 14),
    ("valentines", "day"): (2, 14),
}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip


@dataclass(frozen=True)
class DateSpan:
    start: int
    end: int  # exclusive
    value: str


def find_dates(tokens: list[str], today: date) -> list[DateSpan]:
    """Every date phrase in the tokens (at most one per start position)."""
    spans: list[DateSpan] = []
    for start in range(len(tokens)):
        span = _date_at(tokens, start, today)
        if span is not None:
            spans.append(span)
    return spans


def _date_at(tokens: list[str], start: int, today: date) -> DateSpan | None:
    rest = tokens[start:]
    for reader in (
        _relative_day, _week, _before_last, _weekday, _holiday, _moving_holiday, _day_of_month,
        _month_day,
        _month_part, _month,
    ):
        found = reader(rest, today)
        if found is not None:
            used, value = found
            if reader in (_relative_day, _weekday):
                used += _day_part(rest[used:])
            return DateSpan(start, start + used, value)
    return None


# Said after a day, these keep its date: "yesterday morning", "sunday afternoon", "monday gone".
_DAY_PARTS = (("just", "gone"), ("gone",), ("morning",), ("afternoon",), ("evening",),
              ("night",), ("lunchtime",), ("teatime",))  # fmt: skip


def _day_part(words: list[str]) -> int:
    for phrase in _DAY_PARTS:
        if tuple(words[: len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


_RELATIVE_DAYS = {("today",): 0, ("this", "morning"): 0, ("this", "afternoon"): 0,
                  ("this", "evening"): 0, ("tonight",): 0, ("yesterday",): -1,
                  ("last", "night"): -1, ("the", "day", "before", "yesterday"): -2,
                  ("day", "before", "yesterday"): -2}  # fmt: skip
_RELATIVE_DAY_STARTS = frozenset(phrase[0] for phrase in _RELATIVE_DAYS)


def _relative_day(words: list[str], today: date) -> tuple[int, str] | None:
    if not words or words[0] not in _RELATIVE_DAY_STARTS:
        return None
    for phrase, offset in _RELATIVE_DAYS.items():
        if tuple(words[: len(phrase)]) == phrase:
            return len(phrase), (today + timedelta(days=offset)).isoformat()
    return None


def _week(words: list[str], today: date) -> tuple[int, str] | None:
    lead = words[0] if words else ""
    shift = {"last": -7, "this": 0, "the": 0, "next": 7}.get(lead)
    if shift is None or len(words) < 2:
        return None
    day = today + timedelta(days=shift)
    if words[1] == "week":
        return 2, _iso_week(day)
    if words[1] == "weekend":
        return 2, _iso_week(day) + "-WE"
    if words[1] == "month" and lead != "the":
        month = (today.replace(day=1) + timedelta(days=shift * 5)).replace(day=1)
        return 2, f"{month.year}-{month.month:02d}"
    return None


def _weekday(words: list[str], today: date) -> tuple[int, str] | None:
    used, lead = 0, ""
    if words and words[0] in ("last", "this", "next", "on"):
        lead, used = words[0], 1
    if used >= len(words) or words[used] not in WEEKDAYS:
        return None
    target = WEEKDAYS.index(words[used])
    ahead = (target - today.weekday()) % 7
    if lead == "last":
        # The one in the week before this one.
        monday = today - timedelta(days=today.weekday() + 7)
        day = monday + timedelta(days=target)
    elif lead == "next":
        day = today + timedelta(days=ahead or 7)
    else:
        day = today + timedelta(days=ahead)
    return used + 1, day.isoformat()


def _before_last(words: list[str], today: date) -> tuple[int, str] | None:
    """"the friday before last", "a week last friday": the one a week before last week's."""
    if words[:3] == ["a", "week", "last"] and len(words) > 3 and words[3] in WEEKDAYS:
        monday = today - timedelta(days=today.weekday() + 14)
        return 4, (monday + timedelta(days=WEEKDAYS.index(words[3]))).isoformat()
    start = 1 if words[:1] == ["the"] else 0
    if len(words) < start + 3 or words[start + 1 : start + 3] != ["before", "last"]:
        return None
    if words[start] == "week":
        return start + 3, _iso_week(today - timedelta(days=14))
    if words[start] == "weekend":
        return start + 3, _iso_week(today - timedelta(days=14)) + "-WE"
    if words[start] not in WEEKDAYS:
        return None
    monday = today - timedelta(days=today.weekday() + 14)
    return start + 3, (monday + timedelta(days=WEEKDAYS.index(words[start]))).isoformat()


# Holidays that fall on a weekday of a month: phrase -> (month, weekday, nth; -1 is the last).
_MOVING_HOLIDAYS = {("labor", "day"): (9, 0, 1), ("labour", "day"): (9, 0, 1),
                    ("thanksgiving",): (11, 3, 4), ("memorial", "day"): (5, 0, -1),
                    ("remembrance", "sunday"): (11, 6, 2),
                    ("the", "august", "bank", "holiday"): (8, 0, -1),
                    ("august", "bank", "holiday"): (8, 0, -1),
                    ("the", "may", "bank", "holiday"): (5, 0, 1)}  # fmt: skip
_MOVING_HOLIDAY_STARTS = frozenset(phrase[0] for phrase in _MOVING_HOLIDAYS)


def _moving_holiday(words: list[str], today: date) -> tuple[int, str] | None:
    """US holidays that fall on a weekday of a month: the next one, as Alexa resolves dates."""
    if not words or words[0] not in _MOVING_HOLIDAY_STARTS:
        return None
    for phrase, (month, weekday, nth) in _MOVING_HOLIDAYS.items():
        if tuple(words[: len(phrase)]) == phrase:
            day = _nth_weekday(today.year, month, weekday, nth)
            if day < today:
                day = _nth_weekday(today.year + 1, month, weekday, nth)
            return len(phrase), day.isoformat()
    return None


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = (date(year, month, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _month_part(words: list[str], today: date) -> tuple[int, str] | None:
    """"the first of the month", "the middle of october", "mid october"."""
    if words[:1] in (["mid"], ["early"], ["late"]) and len(words) > 1 and words[1] in MONTHS:
        day = {"mid": 15, "early": 1, "late": 25}[words[0]]
        return 2, on_or_after(today, MONTHS.index(words[1]) + 1, day).isoformat()
    if words[:1] != ["the"] or len(words) < 4 or words[2] != "of":
        return None
    part = {"first": 1, "start": 1, "beginning": 1, "middle": 15, "end": 28}.get(words[1])
    if part is None:
        return None
    if words[3:5] == ["the", "month"]:
        return 5, today.replace(day=part).isoformat()
    if words[3] in MONTHS:
        return 4, on_or_after(today, MONTHS.index(words[3]) + 1, part).isoformat()
    return None


# By first word, longest first, worked out once: every word of every sample is tried as the
# start of a date when a model compiles.
_HOLIDAYS_BY_FIRST_WORD: dict[str, list[tuple[tuple[str, ...], tuple[int, int]]]] = {}
for _item in sorted(_HOLIDAYS.items(), key=lambda item: -len(item[0])):
    _HOLIDAYS_BY_FIRST_WORD.setdefault(_item[0][0], []).append(_item)


def _holiday(words: list[str], today: date) -> tuple[int, str] | None:
    for phrase, (month, day) in _HOLIDAYS_BY_FIRST_WORD.get(words[0] if words else "", ()):
        if tuple(words[: len(phrase)]) == phrase:
            return len(phrase), on_or_after(today, month, day).isoformat()
    return None


def _ordinal_day(words: list[str], i: int) -> tuple[int, int] | None:
    """A day said as an ordinal ("fifteenth", "15th", "twenty first") at i, or None."""
    day = _day_number(words, i)
    said = words[i : i + day[1]] if day else []
    if day is None or not (said[-1] in _ORDINALS or said[0][:1].isdigit()):
        return None
    return day


def _day_of_month(words: list[str], today: date) -> tuple[int, str] | None:
    """"fifteenth of this month", "the 3rd of last month", "fifteenth november": a day with
    its month said, where "the" may be left out (Indian and British English)."""
    start = 1 if words[:1] == ["the"] else 0
    day = _ordinal_day(words, start)
    if day is None:
        return None
    at = start + day[1]
    at += 1 if words[at : at + 1] == ["of"] else 0
    if words[at : at + 2] in (["this", "month"], ["last", "month"]):
        first = today.replace(day=1)
        if words[at] == "last":
            first = (first - timedelta(days=1)).replace(day=1)
        found = safe_date(first.year, first.month, day[0])
        return (at + 2, found.isoformat()) if found else None
    if start == 0 and at < len(words) and words[at] in MONTHS:
        return at + 1, on_or_after(today, MONTHS.index(words[at]) + 1, day[0]).isoformat()
    return None


def _month_day(words: list[str], today: date) -> tuple[int, str] | None:
    """"november third", "the third of november", "the third"."""
    if len(words) >= 2 and words[0] in MONTHS:
        day = _day_number(words, 1)
        if day is not None:
            month = MONTHS.index(words[0]) + 1
            return 1 + day[1], on_or_after(today, month, day[0]).isoformat()
    if words[:1] == ["the"]:
        day = _day_number(words, 1)
        if day is None:
            return None
        used = 1 + day[1]
        if words[used : used + 1] == ["of"] and used + 1 < len(words) and words[used + 1] in MONTHS:
            month = MONTHS.index(words[used + 1]) + 1
            return used + 2, on_or_after(today, month, day[0]).isoformat()
        candidate = safe_date(today.year, today.month, day[0])
        if candidate is None:
            return None
        if candidate < today:
            next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
            candidate = safe_date(next_month.year, next_month.month, day[0]) or candidate
        return used, candidate.isoformat()
    return None


def _month(words: list[str], today: date) -> tuple[int, str] | None:
    if not words or words[0] not in MONTHS:
        return None
    month = MONTHS.index(words[0]) + 1
    year = today.year if month >= today.month else today.year + 1
    return 1, f"{year}-{month:02d}"


def _day_number(words: list[str], i: int) -> tuple[int, int] | None:
    if i >= len(words):
        return None
    if words[i] in _ORDINALS:
        return _ORDINALS[words[i]], 1
    digits = words[i].rstrip("stndrh")
    if digits.isdigit() and digits != words[i] and 1 <= int(digits) <= 31:
        return int(digits), 1
    if words[i] in ("twenty", "thirty") and i + 1 < len(words) and words[i + 1] in _ORDINALS:
        return (20 if words[i] == "twenty" else 30) + _ORDINALS[words[i + 1]], 2
    number = parse_number(words, i)
    if number is not None and 1 <= number[0] <= 31 and words[i] not in ("a", "an"):
        return number
    return None


def safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None where the month has no such day."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def on_or_after(today: date, month: int, day: int) -> date:
    """The next date with this month and day, today included (any language's dates)."""
    candidate = safe_date(today.year, month, day) or date(today.year, month, 28)
    if candidate < today:
        candidate = safe_date(today.year + 1, month, day) or date(today.year + 1, month, 28)
    return candidate
