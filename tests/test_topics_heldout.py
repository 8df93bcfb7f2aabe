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
FLOORS = {"en-US": 89, "en-GB": 86, "es-US": 78, "en-CA": 81, "en-AU": 81, "en-IN": 73,
          "es-MX": 83, "es-ES": 78}
# Locales whose topics do not all reach the bar yet (measured 2026-12-01): a listed locale that
# reaches it fails, so the list only shrinks.
NOT_YET: dict[str, str] = {
    "en-CA": "81/112; how long and someone else four",
    "en-AU": "81/112; paracetamol and chiropractors four",
    "en-IN": "73/112; scans and chiropractors three; how long, pregnancy, sciatica and seeing a "
             "doctor four",
    "es-MX": "83/112; exercise and rheumatoid arthritis four",
    "es-ES": "78/112; exercise three; scans, bursitis, someone else, sciatica and seeing a "
             "doctor four",
}
# A locale not yet measured: the share the measured locales reached at their weakest when this
# was set (71/112).
NEW_LOCALE_SHARE = 0.63


# A parent's question is answered by what the skill does with it, not by one intent: the
# skill reads whose pain a story is wherever the voice model put its words ("my son is eleven
# and ..." in ReportSymptomIntent's slot), so a line about a child is counted when the real
# skill, opened and told it (a one-shot as said), takes the person as a child, or asks the
# parent the age of someone who may be a child ("my son": the child's rule needs it).
def child_taken(bench: Bench, text: str) -> bool:
    simulator = bench.simulator()
    say = sayings(bench.locale)
    if not text.lower().startswith(say.launches):
        simulator.hear(say.open)
    turn = simulator.hear(text)
    if (turn.session.get("answers") or {}).get("child"):
        return True
    content = for_locale(bench.locale)
    return any(" ".join(ssml_to_text(content.ssml(f"someone_else.ask_age.{pronoun}")).split())
               in " ".join(turn.speech.split()) for pronoun in ("her", "him", "them"))


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
    with tempfile.TemporaryDirectory() as store:
        bench = Bench(locale, Path(store))
        heard = [text for topic, text in rows if answered(bench, resolver, topic, text)]
    assert len(heard) >= floor, len(heard)

