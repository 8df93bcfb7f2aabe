"""The newer English locales' own words reach the intent and value they mean.

tests/devsets/local-words.tsv is the developer's own check, not a blind set: the blind sets of
these locales, when they exist, are tests/heldout/<locale>/ and measure understanding."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from interaction_model.resolver import Resolver
from tests.fast_set import slow_except

WORDS = Path(__file__).resolve().parent / "devsets" / "local-words.tsv"


def cases() -> list[tuple[str, str, str, str]]:
    with WORDS.open(encoding="utf-8") as handle:
        rows = csv.reader((line for line in handle if not line.startswith("#")),
                          delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(locale, text, intent, value) for locale, text, intent, value in rows]


# The fast set keeps the first line: each locale's resolver takes seconds to compile in each
# test process that uses it.
@pytest.mark.parametrize(("locale", "text", "intent", "value"), slow_except(cases(), cases()[0]))
def test_local_words_are_heard(locale: str, text: str, intent: str, value: str) -> None:
    resolution = Resolver(locale, today=lambda: date(2026, 11, 25)).resolve(text)
    assert resolution.intent == intent
    ids = {slot.id for slot in resolution.slots.values()}
    assert value == "-" or value in ids, resolution.slots

