"""The information questions people ask, in their own words: held out, written blind.

`tests/heldout/<locale>/topics.tsv` was written by someone who saw only the list of topics,
never the voice model or the content. It is only ever counted, never read while improving the
model (tests/devsets/topics/<locale>.tsv is the set for that). The bar is each topic understood
from at least five of its eight phrasings per locale, and the total is held by a floor.
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from interaction_model.locales import heldout_locales
from interaction_model.resolver import Resolution, Resolver
from tests.fast_set import slow_except

HELDOUT = Path(__file__).resolve().parent / "heldout"
# Every locale with a held-out topics set.
LOCALES = [locale for locale in heldout_locales() if (HELDOUT / locale / "topics.tsv").is_file()]
CHILD = {"girl", "boy", "child"}
# Each topic: the intent that answers it, and the slot value it must carry, if any.
EXPECTED: dict[str, tuple[str, str | None]] = {
    "sleep_position": ("SleepIntent", None),
    "exercise": ("ExerciseIntent", None),
    "paracetamol": ("PainReliefIntent", None),
    "scans": ("ImagingIntent", None),
    "chiropractor": ("ManualTherapyIntent", None),
    "bursitis": ("ConditionInfoIntent", "bursitis"),
    "how_long": ("RecoveryTimeIntent", None),
    "pregnancy": ("PregnancyIntent", None),
    "child": ("ForSomeoneElseIntent", "child"),
    "someone_else": ("ForSomeoneElseIntent", "adult"),
    "sciatica": ("ConditionInfoIntent", "sciatica"),
    "rheumatoid_arthritis": ("ConditionInfoIntent", "rheumatoid_arthritis"),
    "see_doctor": ("SeeDoctorIntent", None),
    "tell_me_more": ("MoreIntent", None),
}
# The bar: at least five held-out phrasings of each topic understood, per locale.
AT_LEAST = 5


def understood(topic: str, resolution: Resolution) -> bool:
    intent, value = EXPECTED[topic]
    ids = {slot.id for slot in resolution.slots.values()}
    if resolution.intent != intent:
        return False
    if value == "child":
        return bool(ids & CHILD)
    if value == "adult":
        return not ids & CHILD
    return value is None or value in ids


def lines(locale: str) -> list[tuple[str, str]]:
    with (HELDOUT / locale / "topics.tsv").open(encoding="utf-8") as handle:
        rows = csv.reader((row for row in handle if not row.startswith("#") and row.strip()),
                          delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(topic, text) for topic, text in rows]


# What the model reaches today, of 112 lines per locale, kept from slipping back. The sets of
# en-CA, en-AU, en-IN, es-MX and es-ES were written and first counted on 2026-12-01.
FLOORS = {"en-US": 86, "en-GB": 83, "es-US": 75, "en-CA": 76, "en-AU": 78, "en-IN": 67,
          "es-MX": 78, "es-ES": 73}
# Locales whose topics do not all reach the bar yet (measured 2026-12-01): a listed locale that
# reaches it fails, so the list only shrinks.
NOT_YET: dict[str, str] = {
    "en-CA": "76/112; a child two, how long and someone else four",
    "en-AU": "78/112; a child three, paracetamol and chiropractors four",
    "en-IN": "67/112; a child one, scans and chiropractors three; how long, pregnancy, "
             "sciatica and seeing a doctor four",
    "es-MX": "78/112; a child three, exercise and rheumatoid arthritis four",
    "es-ES": "73/112; a child two, exercise three; scans, bursitis, someone else, sciatica and "
             "seeing a doctor four",
}
# A locale not yet measured: the share the measured locales reached at their weakest when this
# was set (71/112).
NEW_LOCALE_SHARE = 0.63


# Both tests count the same lines: counted once per test process.
@cache
def heard_per_topic(locale: str) -> Counter[str]:
    resolver = Resolver(locale, today=lambda: date(2026, 11, 25))
    heard: Counter[str] = Counter()
    for topic, text in lines(locale):
        heard[topic] += understood(topic, resolver.resolve(text))
    return heard


# The fast set counts en-US; each other locale's resolver takes seconds to compile.
@pytest.mark.parametrize("locale", slow_except(LOCALES, "en-US"))
def test_the_topics_stay_understood(locale: str) -> None:
    floor = FLOORS.get(locale, int(NEW_LOCALE_SHARE * len(lines(locale))))
    assert sum(heard_per_topic(locale).values()) >= floor


@pytest.mark.parametrize("locale", slow_except(sorted(FLOORS), "en-US"))
def test_every_topic_is_understood_in_peoples_own_words(locale: str) -> None:
    heard = heard_per_topic(locale)
    short = {topic: heard[topic] for topic in EXPECTED if heard[topic] < AT_LEAST}
    # Counted only: the misses are not printed, so that nobody tunes the model on them.
    if locale in NOT_YET:
        assert short, f"{locale} reaches the bar now: take it out of NOT_YET"
        pytest.xfail(f"not yet: {NOT_YET[locale]}")
    assert short == {}


def test_the_sets_cover_every_topic() -> None:
    for locale in LOCALES:
        assert set(Counter(topic for topic, _ in lines(locale))) == set(EXPECTED)


DEVSETS = Path(__file__).resolve().parent / "devsets" / "topics"
# Development rounds of information questions, blind but read while adding samples: what each
# reaches now, kept from slipping back (first read: round 12 76/140; round 14 34/80; round 15
# 27/64 and round 16 19/40, each after the samples of the rounds before it).
DEVELOPMENT_FLOORS = {
    ("es-US", "topics12-es-US.tsv"): 114,
    ("es-US", "topics14-es-US.tsv"): 71,
    ("es-US", "topics15-es-US.tsv"): 53,
    ("es-US", "topics16-es-US.tsv"): 37,
}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("locale", "name", "floor"),
    [(locale, name, floor) for (locale, name), floor in DEVELOPMENT_FLOORS.items()],
)
def test_development_topic_rounds_stay_understood(locale: str, name: str, floor: int) -> None:
    resolver = Resolver(locale, today=lambda: date(2026, 11, 25))
    with (DEVSETS / name).open(encoding="utf-8") as handle:
        rows = [row.rstrip("\n").split("\t") for row in handle
                if row.strip() and not row.startswith("#")]
    heard = [(topic, text) for topic, text in rows if understood(topic, resolver.resolve(text))]
    assert len(heard) >= floor, len(heard)

