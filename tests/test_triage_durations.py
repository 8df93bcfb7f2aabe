import pytest

from hipback.triage import parse_iso_duration, vague_duration_hours
from hipback.triage.hours import VAGUE_DURATIONS

DAY = 24


@pytest.mark.parametrize(
    ("iso", "hours"),
    [
        ("P3D", 3 * DAY),
        ("P2W", 14 * DAY),
        ("P6M", 180 * DAY),
        ("PT12H", 12),
        ("P1Y", 365 * DAY),
        ("P1DT6H", 30),
        ("PT30M", 0),
        ("PT90M", 2),
        ("P0D", 0),
        ("p2w", 14 * DAY),
        (" P2W ", 14 * DAY),
        ("P1.5W", 252),
    ],
)
def test_valid_iso_durations(iso: str, hours: int) -> None:
    assert parse_iso_duration(iso) == hours


@pytest.mark.parametrize(
    "text",
    ["", "P", "PT", "?", "-P3D", "P-3D", "P3", "3D", "PD", "P3DT", "P3X", "P3W2Y", "T3H",
     "P99999999999Y", "P200Y", "PT", "P1DT", "nonsense", None],
)
def test_invalid_iso_durations_are_none(text: str | None) -> None:
    assert parse_iso_duration(text) is None


def test_a_lifetime_is_the_longest_duration_trusted() -> None:
    assert parse_iso_duration("P120Y") is not None
    assert parse_iso_duration("P121Y") is None


def test_vague_durations_order_matches_their_words() -> None:
    order = ["today", "few_days", "about_a_week", "couple_of_weeks", "few_weeks",
             "about_a_month", "few_months", "ages"]
    assert sorted(VAGUE_DURATIONS) == sorted(order)
    hours = [VAGUE_DURATIONS[value] for value in order]
    assert hours == sorted(hours)
    # "A few weeks" is the seed's three-week threshold.
    assert vague_duration_hours("few_weeks") == 21 * DAY
    assert vague_duration_hours("nonsense") is None
    assert vague_duration_hours(None) is None
