"""AMAZON.DURATION and AMAZON.NUMBER from spoken words, as Alexa fills them."""

import pytest

from interaction_model.durations import find_durations, parse_duration
from interaction_model.numbers import number_to_words, parse_number


@pytest.mark.parametrize(
    ("spoken", "iso"),
    [
        ("two weeks", "P2W"),
        ("three days", "P3D"),
        ("a couple of months", "P2M"),
        ("since yesterday", "P1D"),
        ("twelve hours", "PT12H"),
        ("a day", "P1D"),
        ("an hour", "PT1H"),
        ("one year", "P1Y"),
        ("twenty one days", "P21D"),
        ("half an hour", "PT30M"),
        ("a fortnight", "P2W"),
        ("ten minutes", "PT10M"),
        ("couple weeks", "P2W"),
        ("a week", "P1W"),
        ("six months", "P6M"),
        ("a while", "?"),
        ("some time", "?"),
        # A half, after the unit or before it; "and half" as Indian English says it.
        ("a week and a half", "P1.5W"),
        ("one and a half weeks", "P1.5W"),
        ("two and a half months", "P2.5M"),
        ("one and half month", "P1.5M"),
        # Two lengths said as one, the larger first.
        ("one month fifteen days", "P1M15D"),
        ("two weeks and three days", "P2W3D"),
        ("a day and two hours", "P1DT2H"),
    ],
)
def test_spoken_durations(spoken, iso):
    assert parse_duration(spoken) == iso


@pytest.mark.parametrize("spoken", ["banana", "weeks", "two", "zero days", "two weeks ago maybe"])
def test_not_a_duration(spoken):
    assert parse_duration(spoken) is None


@pytest.mark.parametrize("spoken", ["three days and two weeks", "two hours and a day"])
def test_a_smaller_unit_first_is_two_lengths(spoken):
    assert parse_duration(spoken) is None
    assert [span.iso for span in find_durations(spoken.split())][:1] in (["P3D"], ["PT2H"])


def test_durations_found_inside_a_sentence():
    tokens = ["i", "have", "had", "it", "for", "about", "three", "days", "and", "a", "fever"]
    [span] = find_durations(tokens)
    assert (tokens[span.start : span.end], span.iso) == (["three", "days"], "P3D")


@pytest.mark.parametrize("value", [0, 7, 13, 20, 21, 99, 100, 105, 250, 1000, 2024])
def test_numbers_round_trip_through_words(value):
    words = number_to_words(value).split()
    assert parse_number(words, 0) == (value, len(words))
