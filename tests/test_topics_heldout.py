"""The information questions people ask, in their own words: held out, written blind.

`tests/heldout/<locale>/topics.tsv` was written by someone who saw only the list of topics,
never the voice model or the content. It is only ever counted, never read while improving the
model (tests/devsets/topics/<locale>.tsv is the set for that). The bar is each topic understood
from at least five of its eight phrasings per locale, and the total is held by a floor.
"""

from __future__ import annotations

import csv
import tempfile
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from hipback.content import for_locale
from hipback.content.render import ssml_to_text
from interaction_model.locales import heldout_locales
from interaction_model.resolver import Resolution, Resolver
from simulator.evaluation import Bench, sayings
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


# What the skill reaches today, of 112 lines per locale, kept from slipping back. The sets of
# en-CA, en-AU, en-IN, es-MX and es-ES were written and first counted on 2026-12-01.
FLOORS = {"en-US": 90, "en-GB": 90, "es-US": 82, "en-CA": 86, "en-AU": 85, "en-IN": 85,
          "es-MX": 89, "es-ES": 89}
# Locales whose topics do not all reach the bar yet: a listed locale that reaches it fails, so
# the list only shrinks. Every locale reached it on 2026-12-02.
NOT_YET: dict[str, str] = {}
# A locale not yet measured: the share the measured locales reached at their weakest when this
# was set (71/112).
NEW_LOCALE_SHARE = 0.63


# Who the pain is for is answered by what the skill does with the words, not by one intent:
# the skill reads whose pain a story is wherever the voice model put it ("my son is eleven and
# ..." in ReportSymptomIntent's slot). So a line about a child is counted when the real skill,
# opened and told it (a one-shot as said), takes the person as a child, or asks the parent the
# age of someone who may be a child ("my son": the child's rule needs it); a line about another
# adult when the questions are about them, and not a child.
def told(bench: Bench, text: str) -> tuple[dict[str, Any], str]:
    """What the skill holds and says after the line: its session, and its speech."""
    simulator = bench.simulator()
    say = sayings(bench.locale)
    if not text.lower().startswith(say.launches):
        simulator.hear(say.open)
    turn = simulator.hear(text)
    return turn.session, " ".join(turn.speech.split())


def child_taken(bench: Bench, text: str) -> bool:
    session, speech = told(bench, text)
    if (session.get("answers") or {}).get("child"):
        return True
    content = for_locale(bench.locale)
    return any(" ".join(ssml_to_text(content.ssml(f"someone_else.ask_age.{pronoun}")).split())
               in speech for pronoun in ("her", "him", "them"))


def adult_taken(bench: Bench, text: str) -> bool:
    session, _ = told(bench, text)
    return session.get("person") is not None and not (session.get("answers") or {}).get("child")


# Both tests count the same lines: counted once per test process.
@cache
def heard_per_topic(locale: str) -> Counter[str]:
    resolver = Resolver(locale, today=lambda: date(2026, 11, 25))
    with tempfile.TemporaryDirectory() as store:
        bench = Bench(locale, Path(store))
        heard: Counter[str] = Counter()
        for topic, text in lines(locale):
            heard[topic] += answered(bench, resolver, topic, text)
    return heard


def answered(bench: Bench, resolver: Resolver, topic: str, text: str) -> bool:
    if topic == "child":
        return child_taken(bench, text)
    if topic == "someone_else":
        return adult_taken(bench, text)
    return understood(topic, resolver.resolve(text))


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
# 27/64 and round 16 19/40, each after the samples of the rounds before it; round 17, a parent's
# questions about a child, 16/64 through the skill, and Mexican and Peninsular Spanish 41/100;
# round 18 was first read after the child's story was read; round 19, Indian chiropractors 11/24
# and Peninsular bursitis, sciatica and seeing a doctor 21/42; round 20, the same 13/24 and
# 22/40; round 21, Peninsular bursitis 8/24; round 22, the same topics, read to measure and
# never for samples: 27/52, against 22/52 for the model before round 19; the one line it had
# lost was mended, 28/52). Rounds 17 to 22 hold a locale on each line, as (locale, topic, text).
DEVELOPMENT_FLOORS = {
    ("es-US", "topics12-es-US.tsv"): 120,
    ("es-US", "topics14-es-US.tsv"): 71,
    ("es-US", "topics15-es-US.tsv"): 52,
    ("es-US", "topics16-es-US.tsv"): 37,
    ("en-CA", "topics17-child-en.tsv"): 14,
    ("en-AU", "topics17-child-en.tsv"): 14,
    ("en-IN", "topics17-child-en.tsv"): 13,
    ("en-GB", "topics17-child-en.tsv"): 14,
    ("es-MX", "topics17-es.tsv"): 38,
    ("es-ES", "topics17-es.tsv"): 41,
    ("en-IN", "topics18-en.tsv"): 55,
    ("en-CA", "topics18-en.tsv"): 26,
    ("en-AU", "topics18-en.tsv"): 24,
    ("en-GB", "topics18-en.tsv"): 7,
    ("en-US", "topics18-en.tsv"): 7,
    ("es-MX", "topics18-es.tsv"): 52,
    ("es-ES", "topics18-es.tsv"): 53,
    ("en-IN", "topics19-en-IN.tsv"): 21,
    ("es-ES", "topics19-es-ES.tsv"): 32,
    ("en-IN", "topics20-en-IN.tsv"): 23,
    ("es-ES", "topics20-es-ES.tsv"): 32,
    ("es-ES", "topics21-es-ES.tsv"): 17,
    ("en-IN", "topics22.tsv"): 8,
    ("es-ES", "topics22.tsv"): 20,
}


def development_lines(locale: str, name: str) -> list[tuple[str, str]]:
    with (DEVSETS / name).open(encoding="utf-8") as handle:
        rows = [row.rstrip("\n").split("\t") for row in handle
                if row.strip() and not row.startswith("#")]
    return [(row[-2], row[-1]) for row in rows if len(row) == 2 or row[0] == locale]


def development_heard(locale: str, name: str) -> int:
    resolver = Resolver(locale, today=lambda: date(2026, 11, 25))
    with tempfile.TemporaryDirectory() as store:
        bench = Bench(locale, Path(store))
        return sum(answered(bench, resolver, topic, text)
                   for topic, text in development_lines(locale, name))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("locale", "name", "floor"),
    [(locale, name, floor) for (locale, name), floor in DEVELOPMENT_FLOORS.items()],
)
def test_development_topic_rounds_stay_understood(locale: str, name: str, floor: int) -> None:
    heard = development_heard(locale, name)
    assert heard >= floor, heard
