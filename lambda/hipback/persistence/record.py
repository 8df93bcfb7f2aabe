"""The stored profile: its fields, the change a session makes to it, and how long it is kept.

Both stores go through this module, so nothing but these fields can be written: no symptom,
answer or assessment ever reaches storage (docs/clinical.md, "Policy").

Item: `id` (the salted key), `visits`, `first_visit`, `last_visit` (ISO dates), `style`,
`check_in` (the ISO day a check-in reminder was set for: a date, never why), `expires` (epoch
seconds, the DynamoDB TTL attribute) and, after a forget, `forgotten` (epoch milliseconds): no
session that began before that instant may write the item again.
"""

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

STYLES = ("standard", "brief", "detailed")
# Change.check_in's value that removes the stored check-in day.
CLEAR = ""
DEFAULT_STYLE = "standard"
# About thirteen months: a profile unused for a year and a month is forgotten.
RETENTION = timedelta(days=396)
# A forget leaves only its instant behind, for a day: long enough to outlast any session that
# was open when it happened, because a session older than this never writes (profile.py).
TOMBSTONE_LIFETIME = timedelta(days=1)


class Profile(NamedTuple):
    visits: int = 0
    first_visit: str | None = None
    last_visit: str | None = None
    style: str = DEFAULT_STYLE
    check_in: str | None = None  # the day a check-in reminder goes off


class Change(NamedTuple):
    """One session's write: applied atomically on top of whatever is stored."""

    visit_day: str | None  # count one visit on this ISO day
    style: str | None  # the answer style chosen this session
    started_ms: int  # when the session began: a forget after it refuses the write
    # The check-in day set this session (an ISO day), CLEAR to remove it, None for no change.
    check_in: str | None = None

    def __bool__(self) -> bool:
        return self.visit_day is not None or self.style is not None or self.check_in is not None


def expires_at(now: datetime, lifetime: timedelta = RETENTION) -> int:
    return int((now + lifetime).timestamp())


def epoch_ms(now: datetime) -> int:
    return int(now.timestamp() * 1000)


def profile_from(item: Mapping[str, object], now: datetime) -> Profile:
    """The profile in a stored item; an expired one (DynamoDB deletes by TTL only within days)
    or a malformed field reads as the default, so one bad field never costs the whole profile."""
    expires = _as_int(item.get("expires"))
    if not item or (expires is not None and expires <= now.timestamp()):
        return Profile()
    visits = _as_int(item.get("visits"))
    style = item.get("style")
    return Profile(
        visits=visits if visits is not None and visits >= 0 else 0,
        first_visit=_as_date(item.get("first_visit")),
        last_visit=_as_date(item.get("last_visit")),
        style=style if isinstance(style, str) and style in STYLES else DEFAULT_STYLE,
        check_in=_as_date(item.get("check_in")),
    )


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal | str):
        try:
            number = Decimal(value)
        except ArithmeticError:
            return None
        if number.is_finite() and number == number.to_integral_value():
            return int(number)
    return None


def _as_date(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return None
