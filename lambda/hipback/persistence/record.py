"""The stored profile item: its attributes, their types, its schema version and expiry.

Both stores go through this module, so nothing but these attributes can be written: no symptom,
answer or assessment ever reaches storage (docs/clinical.md, "Policy"). Values are ints, strings and
booleans only; numbers read back from DynamoDB become ints, never floats.

Item: `id` (the salted key), `schema`, `version`, `visits`, `first_visit`, `last_visit` (ISO
dates), `style` and `expires` (epoch seconds, the DynamoDB TTL attribute).
"""

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal

SCHEMA_VERSION = 1
STYLES = ("standard", "brief", "detailed")
DEFAULT_STYLE = "standard"
# About thirteen months: a profile unused for a year and a month is forgotten.
RETENTION = timedelta(days=396)

ITEM_ATTRIBUTES = (
    "id", "schema", "version", "visits", "first_visit", "last_visit", "style", "expires",
)
# What a caller of save_attributes may pass. "version" is the version it read (0: no item yet);
# "schema" is accepted so a dict from get_attributes can be saved back, and is always rewritten.
SAVED_ATTRIBUTES = frozenset({"schema", "version", "visits", "first_visit", "last_visit", "style"})

Value = int | str


def item_values(attributes: Mapping[str, object], now: datetime) -> dict[str, Value]:
    """Validate the attributes to save; return the item's values without its key.

    The stored version is one more than the version the caller read, which is what the
    conditional write compares against.
    """
    unknown = set(attributes) - SAVED_ATTRIBUTES
    if unknown:
        raise ValueError(f"not profile attributes: {sorted(unknown)}")
    style = attributes.get("style", DEFAULT_STYLE)
    if style not in STYLES:
        raise ValueError("style must be one of " + ", ".join(STYLES))
    values: dict[str, Value] = {
        "schema": SCHEMA_VERSION,
        "version": _count(attributes.get("version", 0), "version") + 1,
        "visits": _count(attributes.get("visits", 0), "visits"),
        "style": str(style),
        "expires": int((now + RETENTION).timestamp()),
    }
    for name in ("first_visit", "last_visit"):
        day = attributes.get(name)
        if day is not None:
            if not isinstance(day, str):
                raise ValueError(f"{name} must be an ISO date string")
            values[name] = date.fromisoformat(day).isoformat()
    return values


def expected_version(values: Mapping[str, Value]) -> int:
    """The version the item must still have for the write in `values` to succeed (0: absent)."""
    return int(values["version"]) - 1


def stored_attributes(item: Mapping[str, object], now: datetime) -> dict[str, object]:
    """The attributes get_attributes returns for a stored item ({} for no item).

    Unknown attributes are dropped and a malformed value falls back to its default, so one bad
    field never costs the whole profile. An expired item (DynamoDB deletes by TTL only within
    days) keeps only its version: the user starts afresh and the next conditional write holds.
    """
    if not item:
        return {}
    version = _as_int(item.get("version"))
    if version is None or version < 0:
        raise ValueError("stored item has no valid version")
    attributes: dict[str, object] = {"schema": SCHEMA_VERSION, "version": version}
    expires = _as_int(item.get("expires"))
    if expires is not None and expires < now.timestamp():
        return attributes
    visits = _as_int(item.get("visits"))
    attributes["visits"] = visits if visits is not None and visits >= 0 else 0
    style = item.get("style")
    attributes["style"] = style if isinstance(style, str) and style in STYLES else DEFAULT_STYLE
    for name in ("first_visit", "last_visit"):
        attributes[name] = _as_date(item.get(name))
    return attributes


def _count(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative int")
    return value


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    return None


def _as_date(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return None
