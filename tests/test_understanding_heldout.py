"""Understood in people's own words: the blind held-out sets, said to the real skill.

Every locale with a tests/heldout/<locale>/answers.tsv is said. Prints accuracy per category
and the misses of the half that may be read (the other half is only counted); fails below the
floors in simulator/evaluation.py (`thresholds`: the locale's own, or 90% in context for a new
locale). The development sets in tests/devsets/ were written blind too but have been read while
improving the skill, so they are held to every safety rule without exception.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from interaction_model.locales import heldout_locales, locales
from simulator.evaluation import (
    AnswerResult,
    Bench,
    evaluate,
    evaluate_file,
    load_conversations,
    run_conversation,
    shortfalls,
    targets,
    thresholds,
)
from tests.fuzz_support import announce

DEVSETS = Path(__file__).resolve().parent / "devsets"
# The development rounds, read while improving the reader: what each reached then, kept from
# slipping back. Round 2: whole sentences, stories, dates; round 3: British phrasings; round 4:
# signs inside long sentences, home-care stories, dates (first read 84% en-US, 81% en-GB);
# round 5: British across regions and ages (first read 89.7%).
DEVELOPMENT_FLOORS = {
    ("en-US", "round2-en-US.tsv"): 0.82,
    ("en-GB", "round2-en-GB.tsv"): 0.83,
    ("en-GB", "round3-en-GB.tsv"): 0.89,
    ("en-US", "round4-en-US.tsv"): 0.95,
    ("en-GB", "round4-en-GB.tsv"): 0.93,
    ("en-GB", "round5-en-GB.tsv"): 0.92,
    # Spanish, labelled by the voice model's author (not blind): negations, hedges, signs in
    # sentences, lengths and dates, home care; first read 91% (es-US), 85% (es-MX).
    ("es-US", "es-US.tsv"): 0.97,
    ("es-MX", "es-MX.tsv"): 0.95,
    ("es-ES", "es-ES.tsv"): 0.95,
    # Round 8, blind: Indian English sentences, negations across every sign, Mexican and
    # Peninsular Spanish (first read 74.6% en-IN, 73.3% en-CA, 77.5% en-GB, 80% en-US, 77% es-MX,
    # 85% es-ES).
    ("en-IN", "round8-en-IN.tsv"): 0.76,
    ("en-CA", "round8-en-CA.tsv"): 0.76,
    ("en-GB", "round8-en-GB.tsv"): 0.80,
    ("en-US", "round8-en-US.tsv"): 0.80,
    ("es-MX", "round8-es-MX.tsv"): 0.79,
    ("es-ES", "round8-es-ES.tsv"): 0.86,
    # Round 9, blind: Indian English sentences that name the topic first, Canadian negations,
    # Mexican, Peninsular and US Spanish (first read 63.6% en-IN, 80% en-CA, 76.7% es-MX, 80%
    # es-ES, 82.5% es-US).
    ("en-IN", "round9-en-IN.tsv"): 0.77,
    ("en-CA", "round9-en-CA.tsv"): 0.80,
    ("es-MX", "round9-es-MX.tsv"): 0.76,
    ("es-ES", "round9-es-ES.tsv"): 0.80,
    ("es-US", "round9-es-US.tsv"): 0.82,
    ("en-CA", "round11-en-CA.tsv"): 0.74,
    ("es-MX", "round11-es-MX.tsv"): 0.77,
    ("es-ES", "round11-es-ES.tsv"): 0.77,
}
# Development lines the safety test knows to fail, and why. A line that passes, or one not
# listed that fails, fails the test, so the list only shrinks.
KNOWN_UNSAFE: dict[str, dict[str, str]] = {
    # The writer labelled this a denial; the skill keeps the sign. A fall that is described is a
    # warning sign, however lightly it is spoken of (docs/clinical.md: a warning sign always
    # wins).
    "round8-en-CA.tsv": {
        "i took a little slip on the driveway but honestly it was nothing, landed on my mitts, "
        "and the back was sore before that anyway": "a slip described, then called nothing",
    },
    # Not yet: the voice model sends the sign's name without the words that deny it.
    "round8-es-ES.tsv": {
        "hormigueo ahí abajo ni de coña, solo me duele la rabadilla": "'me duele la rabadilla' "
        "takes it to ReportSymptomIntent, its slot holding the sign alone",
    },
    "round9-es-MX.tsv": {
        # The same policy as the slip above: a slip described is kept, whatever follows it.
        "me resbalé en el baño pero no me llegué a caer, ni golpe ni nada": "a slip described, "
        "then said not to have ended in a fall",
    },
    "round9-es-US.tsv": {
        # The voice model's "no {noSymptom} no" keeps the last "no" as its own: the words end
        # "pero yo", which is also how "and me" ends ("mi mamá tuvo cáncer y yo"). Kept a sign.
        "no, y mi mamá tuvo cáncer pero yo no": "the last 'no' is the sample's own",
    },
    "round9-es-ES.tsv": {
        # "No noto nada ahí abajo" is also how numbness is said: only a clear no is no.
        "no, y dormido ahí abajo no noto nada, si es lo que le preocupa": "'no noto nada' may "
        "mean nothing noticed or nothing felt",
    },
    # A sign said of the past, then denied now: the sign said is kept (a warning sign always
    # wins); and swelling said of another part of the body, which is how the hip's may be said.
    "round11-en-CA.tsv": {
        "i fell on the ice about five years back and broke my wrist but that's long healed, "
        "this time there was no fall at all": "a fall described, then denied this time",
        "my ankle swelled up in the summer from a wasp sting but the hip's never been swollen "
        "or hot or red, no": "swelling said of the ankle",
    },
    "round11-es-MX.tsv": {
        "pues me resbalé en la regadera pero no me caí, me agarré de la llave y no me pegué":
        "a slip described, then said not to have ended in a fall",
    },
    "round11-es-ES.tsv": {
        "hace años tuve la pierna floja después de una ciática, pero se me pasó del todo y "
        "ahora la tengo bien": "a weak leg described, then said to have passed",
        "los primeros días sí que era horrible, pero ya ha bajado, ahora me muevo y duermo "
        "bien": "a severe pain described, then said to have eased",
        # The slot's words have no comma: "pero yo no lo mío vino sin golpe" is one clause,
        # and "yo no" followed by more words may say anything ("yo no puedo orinar").
        "mi hijo tuvo un accidente con la moto el mes pasado, pero yo no, lo mío vino sin "
        "golpe": "'yo no' runs on into the next words",
    },
}

@cache
def said_once(locale: str, name: str) -> list[AnswerResult]:
    """A development file said to the skill once for both the safety and the floor tests."""
    return evaluate_file(locale, DEVSETS / name)


# Every line of the held-out and development sets through the resolver and the skill.
pytestmark = pytest.mark.slow



# Locales whose held-out sets reach their floors but not yet every target, and by how much
# (measured on 2026-12-01). A locale listed here that reaches its targets fails, so the list
# only shrinks.
NOT_YET: dict[str, str] = {
    "en-CA": "a negation heard as the sign (29/30)",
    "es-MX": "a negation heard as the sign (54/55)",
    "es-ES": "a negation heard as the sign (54/55)",
}


@pytest.mark.parametrize("locale", heldout_locales())
def test_held_out_answers_and_conversations_are_understood(
    locale: str, capsys: pytest.CaptureFixture[str]
) -> None:
    report = evaluate(locale)
    announce(capsys, "\n".join(report.lines(misses="none")))
    assert shortfalls(report, thresholds(locale)) == []
    missed = shortfalls(report, targets(locale), part="test")
    # Understood the first time, in context, meets its target in every locale, listed in
    # NOT_YET or not: what a listed locale still lacks is elsewhere.
    assert [m for m in missed if "in_context" in m] == []
    if locale in NOT_YET:
        assert missed, f"{locale} reaches every target now: take it out of NOT_YET"
        pytest.xfail(f"not yet: {'; '.join(missed)}")
    assert missed == []


@pytest.mark.parametrize(
    ("locale", "name"),
    [(locale, path.name) for locale in locales()
     for path in sorted(DEVSETS.glob(f"*{locale}.tsv"))],
)
def test_development_negations_and_hedges_are_always_safe(locale: str, name: str) -> None:
    results = said_once(locale, name)
    signs = sorted(
        r.case.text for r in results if r.case.category == "negation" and not r.never_sign
    )
    unsafe = [r.case.text for r in results
              if r.case.category.startswith("hedge") and not r.hedge_safe]
    assert (signs, unsafe) == (sorted(KNOWN_UNSAFE.get(name, {})), [])


@pytest.mark.parametrize(
    ("locale", "name", "floor"),
    [(locale, name, floor) for (locale, name), floor in sorted(DEVELOPMENT_FLOORS.items())],
)
def test_development_rounds_stay_understood(locale: str, name: str, floor: float) -> None:
    results = said_once(locale, name)
    in_context = [r for r in results if r.case.category != "negation"]
    understood = sum(r.ok for r in in_context) / len(in_context)
    assert understood >= floor, f"{understood:.1%}"


@pytest.mark.parametrize(
    "locale",
    [locale for locale in locales()
     if (DEVSETS / f"conversations-{locale}.jsonl").is_file()],
)
def test_development_conversations_reach_at_least_their_tier(
    locale: str, tmp_path: Path
) -> None:
    bench = Bench(locale, tmp_path)
    cases = load_conversations(DEVSETS / f"conversations-{locale}.jsonl")
    results = [run_conversation(bench, case) for case in cases]
    under = [(r.case.id, r.level, r.case.tier) for r in results if not r.at_least]
    # Two kinds of line are not the skill's to meet: a one-shot question the writer expected
    # to start an assessment, and an opening that is no Alexa invocation. At most 5%.
    assert len(under) <= len(results) // 20, under


# Round 14, blind: 40 British conversations told as stories (a date, then how it started; the
# answer of someone in pain reported for them). First read 35/40 exactly their tier with 113
# extra turns: "definitely not" was a yes, "about an hour" a length the skill could not read,
# asked again without end, and a date told with its story asked again. Kept at what it reaches
# now: (exactly, most extra turns).
DEVELOPMENT_CONVERSATIONS = {("en-GB", "conversations14-en-GB.jsonl"): (38, 57)}


@pytest.mark.parametrize(
    ("locale", "name", "floor"),
    [(locale, name, floor) for (locale, name), floor in DEVELOPMENT_CONVERSATIONS.items()],
)
def test_development_conversation_rounds_stay_understood(
    locale: str, name: str, floor: tuple[int, int], tmp_path: Path
) -> None:
    bench = Bench(locale, tmp_path)
    results = [run_conversation(bench, case) for case in load_conversations(DEVSETS / name)]
    exact, most_extra = floor
    assert sum(r.exact for r in results) >= exact, [
        (r.case.id, r.level, r.case.tier) for r in results if not r.exact]
    assert sum(r.extra_turns for r in results) <= most_extra

