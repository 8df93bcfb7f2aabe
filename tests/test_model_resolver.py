"""The offline resolver: every sample reaches its own intent and slots, Alexa-shaped output."""

import itertools
import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import pytest

from interaction_model.builder import model_path
from interaction_model.numbers import number_to_words
from interaction_model.resolver import (
    MATCH,
    NO_MATCH,
    Resolution,
    Resolver,
    SlotValue,
    to_request_slots,
)
from tests.fast_set import slow_except

LOCALES = ["en-US", "en-GB"]
# A spoken stand-in for each built-in slot type and the value Alexa would send.
BUILTIN_FILLERS = {
    "AMAZON.DURATION": ("two weeks", "P2W"),
    "AMAZON.DATE": ("last tuesday", "2026-11-17"),
    "AMAZON.NUMBER": ("twelve", "12"),
}
# A Wednesday: dates are resolved against the request's day, as Alexa does.
TODAY = date(2026, 11, 25)


# The fast set resolves with the US model: the British one holds every US sample and a few of
# its own (test_model_build.py), and compiling it takes seconds in each test process.
@pytest.fixture(scope="module", params=slow_except(LOCALES, "en-US"))
def resolver(request):
    return Resolver(request.param, today=lambda: TODAY)


def language_model(locale: str) -> dict[str, Any]:
    model: dict[str, Any] = json.loads(model_path(locale).read_text())
    language: dict[str, Any] = model["interactionModel"]["languageModel"]
    return language


def filled_samples(locale: str) -> Iterator[tuple[str, str, dict[str, str]]]:
    """Every sample with its slots filled, rotating through the values of each type."""
    model = language_model(locale)
    values = {t["name"]: itertools.cycle(t["values"]) for t in model["types"]}
    for intent in model["intents"]:
        slot_types = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for sample in intent["samples"]:
            text, expected = sample, {}
            for slot in re.findall(r"\{(\w+)\}", sample):
                kind = slot_types[slot]
                if kind in BUILTIN_FILLERS:
                    spoken, expected[slot] = BUILTIN_FILLERS[kind]
                else:
                    value = next(values[kind])
                    spoken, expected[slot] = value["name"]["value"], value["id"]
                text = text.replace("{" + slot + "}", spoken, 1)
            yield intent["name"], text, expected


def got_slots(resolution: Resolution) -> dict[str, str]:
    return {name: slot.id or slot.value for name, slot in resolution.slots.items()}


# Samples the resolver is known to miss, with why; each is a gap to close, not a pass.
KNOWN_MISSES = {
    # A value that opens with an article takes one word more before it ("a [lie] history of
    # cancer"), and the sample's "no" then reads as denying it. Tried on 2026-12-01: keeping
    # the article out, or letting a sample's negation reach as far back as an utterance's,
    # changed dozens of development answers, some for the worse.
    ("en-GB", "no word of a lie history of cancer"),
}


def misses(locale: str, samples: Iterable[tuple[str, str, dict[str, str]]]) -> list[str]:
    resolver = Resolver(locale, today=lambda: TODAY)
    missed = []
    for intent, text, expected in samples:
        if (locale, text) in KNOWN_MISSES:
            continue
        resolution = resolver.resolve(text)
        if resolution.intent != intent or got_slots(resolution) != expected:
            missed.append(
                f"{text!r}: {intent} {expected} -> {resolution.intent} {got_slots(resolution)}"
            )
    return missed


# Some 23,000 samples a locale, over a minute each (74 s for en-US on 2026-12-01, alone); the
# fast set resolves every 40th sample of each intent, below.
@pytest.mark.slow
@pytest.mark.parametrize("locale", LOCALES)
def test_every_sample_resolves_to_its_own_intent_and_slots(locale):
    assert misses(locale, filled_samples(locale)) == []


@pytest.mark.slow
def test_the_known_misses_still_miss():
    # One that resolves now comes off the list, so the list only shrinks.
    for locale, text in KNOWN_MISSES:
        wanted = [(intent, said, slots) for intent, said, slots in filled_samples(locale)
                  if said == text]
        assert wanted, f"{text!r} is no longer a filled sample of {locale}"
        intent, _, expected = wanted[0]
        resolution = Resolver(locale, today=lambda: TODAY).resolve(text)
        assert (resolution.intent, got_slots(resolution)) != (intent, expected)


def test_samples_of_every_intent_resolve_to_their_own_intent_and_slots():
    count: dict[str, int] = {}
    chosen = []
    for intent, text, expected in filled_samples("en-US"):
        if count.get(intent, 0) % 40 == 0:
            chosen.append((intent, text, expected))
        count[intent] = count.get(intent, 0) + 1
    assert {intent for intent, _, _ in chosen} == set(count)
    assert misses("en-US", chosen) == []


@pytest.mark.slow  # every synonym of every value, each in a sentence
@pytest.mark.parametrize("locale", LOCALES)
def test_every_synonym_resolves_to_its_value(locale):
    resolver = Resolver(locale)
    carriers = {
        "WARNING_SIGN": ("i've also noticed {}", "ReportSymptomIntent", "symptom"),
        "CONDITION": ("tell me about {}", "ConditionInfoIntent", "condition"),
        "PAIN_LOCATION": ("what causes {} pain", "CausesIntent", "location"),
        "VAGUE_DURATION": ("it's been {}", "DurationIntent", "vagueDuration"),
        "ANSWER_STYLE": ("keep it {}", "SetPreferenceIntent", "style"),
        "HEDGE": ("well {}", "HedgeIntent", "hedge"),
        "EMERGENCY": ("i think i'm {}", "EmergencyIntent", "emergency"),
        "PERSON": ("it's for my {}", "ForSomeoneElseIntent", "person"),
        "PROGRESS": ("{} thanks", "ProgressIntent", "progress"),
    }
    misses = []
    for slot_type in language_model(locale)["types"]:
        carrier, intent, slot = carriers[slot_type["name"]]
        for value in slot_type["values"]:
            for phrase in [value["name"]["value"], *value["name"]["synonyms"]]:
                resolution = resolver.resolve(carrier.format(phrase))
                filled = resolution.slots.get(slot)
                if (
                    resolution.intent != intent
                    or filled is None
                    or filled.id != value["id"]
                    or filled.status != MATCH
                ):
                    misses.append(f"{phrase!r} -> {resolution.intent} {got_slots(resolution)}")
    assert misses == []


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("yes I can't feel my bum", "AnswerYesIntent", {"symptom": "saddle_numbness"}),
        (
            "um, well, I think I've got a temperature, please",
            "ReportSymptomIntent",
            {"symptom": "fever"},
        ),
        ("Alexa, what causes hip pain?", "CausesIntent", {"location": "hip"}),
        ("tell me about sciatca", "ConditionInfoIntent", {"condition": "sciatica"}),
        (
            "I've had back pain for 2 weeks",
            "StartAssessmentIntent",
            {"location": "lower_back", "duration": "P2W"},
        ),
        ("a couple of weeks", "DurationIntent", {"vagueDuration": "couple_of_weeks"}),
        ("a couple of months", "DurationIntent", {"duration": "P2M"}),
        # An age is no length of pain, and a number alone is no age.
        ("she is 9 years old", "ForSomeoneElseIntent", {"age": "9"}),
        ("he's twelve years old", "ForSomeoneElseIntent", {"age": "12"}),
        ("three", "AMAZON.FallbackIntent", {}),
        ("yeah", "AMAZON.YesIntent", {}),
        ("nope", "AMAZON.NoIntent", {}),
        # A yes word turned by "not" is a no: Alexa's own yes phrases hold "definitely".
        ("definitely not", "AMAZON.NoIntent", {}),
        ("absolutely not", "AMAZON.NoIntent", {}),
        ("of course not", "AMAZON.NoIntent", {}),
        ("definitely", "AMAZON.YesIntent", {}),
        # The answer of the person in pain, reported for them.
        ("she says no to all that", "AMAZON.NoIntent", {}),
        # Less than a day, in hours or by the time of day: never a length the skill can't read.
        ("about an hour", "DurationIntent", {"duration": "PT1H"}),
        ("half an hour", "DurationIntent", {"duration": "PT30M"}),
        ("since this afternoon", "DurationIntent", {"vagueDuration": "today"}),
        ("since lunchtime", "DurationIntent", {"vagueDuration": "today"}),
        ("say that again", "AMAZON.RepeatIntent", {}),
        ("help", "AMAZON.HelpIntent", {}),
        ("purple monkey dishwasher", "AMAZON.FallbackIntent", {}),
        ("", "AMAZON.FallbackIntent", {}),
    ],
)
def test_utterances_people_say(resolver, text, intent, slots):
    resolution = resolver.resolve(text)
    assert (resolution.intent, got_slots(resolution)) == (intent, slots)


def test_slot_reports_what_was_heard(resolver):
    slot = resolver.resolve("I can't control my bladder").slots["symptom"]
    assert slot == SlotValue(
        "symptom",
        "can't control my bladder",
        MATCH,
        "bladder_bowel",
        "loss of bladder or bowel control",
    )


def test_physio_is_british(resolver):
    resolution = resolver.resolve("should I see a physio")
    expected = "PhysicalTherapyIntent" if resolver.locale == "en-GB" else None
    if expected:
        assert resolution.intent == expected
    else:
        assert resolution.score < 100


def test_request_slots_cover_every_declared_slot_like_alexa(monkeypatch):
    monkeypatch.setenv("SKILL_ID", "amzn1.ask.skill.test")
    resolution = Resolver().resolve("my hip hurts and I have a fever")
    slots = to_request_slots(resolution)
    assert set(slots) == {"duration", "vagueDuration", "symptom", "location", "since"}
    assert slots["duration"] == {"name": "duration", "confirmationStatus": "NONE"}
    assert slots["symptom"]["value"] == "a fever"
    assert slots["symptom"]["resolutions"] == {
        "resolutionsPerAuthority": [
            {
                "authority": "amzn1.er-authority.echo-sdk.amzn1.ask.skill.test.WARNING_SIGN",
                "status": {"code": MATCH},
                "values": [{"value": {"name": "fever or chills", "id": "fever"}}],
            }
        ]
    }


def test_request_slots_for_a_value_alexa_could_not_resolve():
    resolution = Resolution(
        "ConditionInfoIntent",
        {"condition": SlotValue("condition", "gout", NO_MATCH, None, None)},
        90.0,
    )
    slot = to_request_slots(resolution, skill_id="amzn1.ask.skill.x")["condition"]
    assert slot["value"] == "gout"
    assert slot["resolutions"]["resolutionsPerAuthority"] == [
        {
            "authority": "amzn1.er-authority.echo-sdk.amzn1.ask.skill.x.CONDITION",
            "status": {"code": NO_MATCH},
        }
    ]


def test_request_slots_deserialize_with_the_sdk():
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model.slot import Slot
    from ask_sdk_model.slu.entityresolution.status_code import StatusCode

    slots = to_request_slots(Resolver().resolve("tell me about a slipped disc"))
    slot = DefaultSerializer().deserialize(json.dumps(slots["condition"]), Slot)
    authority = slot.resolutions.resolutions_per_authority[0]
    assert authority.status.code == StatusCode.ER_SUCCESS_MATCH
    assert authority.values[0].value.id == "herniated_disc"


@pytest.mark.parametrize(
    ("text", "intent", "slot", "heard"),
    [
        ("tell me about gout", "ConditionInfoIntent", "condition", "gout"),
        ("um, what is a bunion?", "ConditionInfoIntent", "condition", "bunion"),
        ("I have got a headache", "ReportSymptomIntent", "symptom", "a headache"),
    ],
)
def test_unknown_values_in_known_carriers_are_no_match(resolver, text, intent, slot, heard):
    resolution = resolver.resolve(text)
    assert resolution.intent == intent
    assert resolution.slots == {slot: SlotValue(slot, heard, NO_MATCH, None, None)}


def test_unparsable_duration_is_a_question_mark_or_no_match(resolver):
    # Alexa sends "?" for a length it cannot parse, and ER_SUCCESS_NO_MATCH for words in a
    # custom slot's place; either way the skill hears no duration and offers choices.
    resolution = resolver.resolve("I've had back pain for a bit of time")
    assert resolution.intent == "StartAssessmentIntent"
    duration, vague = resolution.slots.get("duration"), resolution.slots.get("vagueDuration")
    assert (duration is not None and duration.value == "?") or (
        vague is not None and vague.status == NO_MATCH
    )


@pytest.mark.parametrize("number", range(1, 101))
def test_no_number_changes_in_a_duration(resolver, number):
    words = number_to_words(number)
    for spoken in (words, str(number)):
        for unit, designator in (("days", "D"), ("weeks", "W")):
            resolution = resolver.resolve(f"{spoken} {unit}")
            assert resolution.intent == "DurationIntent", spoken
            assert resolution.slots["duration"].value == f"P{number}{designator}", spoken


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("since sunday", "2026-11-29"),  # Alexa: the next one; the skill counts back
        ("since last tuesday", "2026-11-17"),
        ("it started yesterday", "2026-11-24"),
        ("since the weekend", "2026-W48-WE"),
        ("since christmas", "2026-12-25"),
        ("since the friday before last", "2026-11-13"),
        # A month said with the day is that month's day, past or not; "the" may be left out.
        ("from fifteenth of this month", "2026-11-15"),
        ("since the 3rd of last month", "2026-10-03"),
        ("since fifteenth december", "2026-12-15"),
        # The part of a day keeps its date.
        ("it started yesterday morning", "2026-11-24"),
        ("since saturday morning", "2026-11-28"),
        ("since monday gone", "2026-11-30"),
        ("since sunday afternoon", "2026-11-29"),
    ],
)
def test_dates_resolve_like_alexa_on_or_after_today(resolver, text, value):
    resolution = resolver.resolve(text)
    assert resolution.intent == "DurationIntent"
    assert resolution.slots["since"].value == value


@pytest.mark.parametrize(
    "text",
    [
        "is a hot water bottle good for back pain",
        "ice or heat for my hip",
        "can I put an ice pack on my back",
        "what can I do about my hip pain",
        "is bed rest good for back pain",
        "is advil okay for back pain",
        "can losing weight help my back",
        # Not "{symptom} is it {condition}": a question does not open with what is felt.
        "do you get a temperature with a slipped disc",
    ],
)
def test_a_question_about_a_topic_starts_no_assessment_and_fills_no_sign(resolver, text):
    resolution = resolver.resolve(text)
    assert resolution.intent != "StartAssessmentIntent"
    assert "symptom" not in resolution.slots


@pytest.mark.parametrize(
    "text",
    ["no fever", "my legs aren't weak", "no accident", "a month and no, I haven't lost weight"],
)
def test_a_negated_sign_is_never_matched_as_said(resolver, text):
    resolution = resolver.resolve(text)
    symptom = resolution.slots.get("symptom")
    said = symptom is not None and symptom.status == MATCH
    # "no fever" may be heard as a denial (DenySymptomIntent) or as a no with words after it
    # (AnswerNoIntent): the skill denies the sign either way (tests/test_understanding.py).
    denying = {"DenySymptomIntent", "AnswerNoIntent"}
    assert not said or resolution.intent in denying


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        # The value said after "but" fills the slot after the sample's "but", never the denied
        # one before it.
        ("no, but the pain is unbearable, i can't even sleep", {"detail": "severe_pain"}),
        # A value denied before the turn stays there; the one after it is the detail, not
        # negated by the "no" the turn has closed.
        ("no fever but i can't sleep", {"noSymptom": "fever", "detail": "severe_pain"}),
    ],
)
def test_values_keep_their_side_of_the_turn(resolver, text, slots):
    resolution = resolver.resolve(text)
    got = {name: slot.id or slot.value for name, slot in resolution.slots.items()}
    assert (resolution.intent, got) == ("AnswerNoIntent", slots)


@pytest.mark.parametrize(
    "text",
    [
        # Said after the turn, "not fainted" is judged by the slot after the sample's turn:
        # the denied slot before it does not make its negation the sample's own.
        "pain is bad, but no giddiness, no sweating, i have not fainted",
        # The last value filled the denied slot: the words after it are not the detail.
        "no, it's not red or swollen and i've not had a temperature",
    ],
)
def test_a_denied_value_never_comes_back_as_the_detail(resolver, text):
    resolution = resolver.resolve(text)
    detail = resolution.slots.get("detail")
    assert detail is None or detail.status != MATCH, resolution
    assert "swollen" not in (detail.value if detail else ""), resolution


def test_a_real_word_is_never_corrected_into_a_slot_value():
    # Alexa hears real words and matches a value only as said: "seats" is not "sweats" (a
    # fever), so sitting on hard seats at the football is no warning sign.
    heard = Resolver("en-GB").resolve("since saturday, i sat on those hard seats")
    assert all(slot.id != "fever" for slot in heard.slots.values()), heard


@pytest.mark.parametrize(
    "text", ["dunno, i haven't checked my temperature", "i haven't taken my temperature"]
)
def test_what_was_not_measured_is_not_said(resolver, text):
    # "Temperature" stands for a fever; not having taken it is not knowing.
    resolution = resolver.resolve(text)
    assert resolution.intent == "HedgeIntent", resolution
    assert all(slot.id != "fever" for slot in resolution.slots.values()), resolution


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        # The place of a condition, said, is asked about; a sign said of that place is the sign.
        ("the side of my hip is tender to touch", "ConditionInfoIntent", {"condition": "bursitis"}),
        ("the side of my hip is swollen", "ReportSymptomIntent", {"symptom": "hip_swelling"}),
        # A value denied after it ("fever no problem") leaves its slot to the value after it.
        ("fever no problem and severe pain", None, {"symptom": "severe_pain"}),
    ],
)
def test_what_a_sentence_says_of_a_place_or_a_denied_value(resolver, text, intent, slots):
    resolution = resolver.resolve(text)
    heard = {name: resolution.slots[name].id for name in slots if name in resolution.slots}
    assert heard == slots
    assert intent is None or resolution.intent == intent


@pytest.mark.parametrize(
    ("text", "intent", "symptom"),
    [
        ("no doubt about it", "AMAZON.YesIntent", None),
        ("no joke, i've been shivering all night", "AnswerYesIntent",
         "i've been shivering all night"),
    ],
)
def test_a_no_that_insists_is_a_yes(resolver, text, intent, symptom):
    resolution = resolver.resolve(text)
    said = resolution.slots.get("symptom")
    assert (resolution.intent, said.value if said else None) == (intent, symptom)


@pytest.mark.parametrize(
    ("text", "since", "story"),
    [
        ("since sunday i spent the whole weekend marking at the kitchen table", "2026-11-29",
         "spent the whole weekend marking at the kitchen table"),
        ("since friday when the new mattress arrived", "2026-11-27", "the new mattress arrived"),
    ],
)
def test_a_date_then_the_story_of_how_it_started(resolver, text, since, story):
    # The date said whole anchors the words after it, as a known value would: the story is
    # the slot's, for the skill to read for signs.
    resolution = resolver.resolve(text)
    assert resolution.intent == "DurationIntent", resolution
    assert (resolution.slots["since"].value, resolution.slots["symptom"].value) == (since, story)


@pytest.mark.parametrize(
    ("locale", "text", "intent"),
    [
        ("es-US", "cuándo se me va a quitar este dolorón de cintura", "RecoveryTimeIntent"),
        ("en-US", "do chiropractors actually help back pain", "ManualTherapyIntent"),
    ],
)
def test_a_weak_capture_yields_to_a_sample_nearly_said(locale, text, intent):
    # A sample of one or two carrier words ("cuando {symptom}") takes a slot of unknown words
    # only when no sample is nearly said: a question said almost whole is that sample's.
    assert Resolver(locale, today=lambda: TODAY).resolve(text).intent == intent



@pytest.mark.parametrize(
    ("locale", "text", "condition"),
    [
        # "qué diferencia hay entre (el |un |)lumbago y (la |una |){condition}": the value said
        # where the sample wrote "lumbago" fills nothing; sciatica, said in the slot's place, does.
        ("es-ES", "qué diferencia hay entre lumbago y ciática", "sciatica"),
        # The written value is known by its value before its place: "artrosis" is the sample's
        # "artritis" wherever it is said, so bursitis fills the slot.
        ("es-ES", "qué diferencia hay entre bursitis y artrosis de cadera", "bursitis"),
        # "what's the difference between {condition} and osteoarthritis": the slot comes first.
        ("en-US", "what's the difference between rheumatoid arthritis and osteoarthritis",
         "rheumatoid_arthritis"),
    ],
)
def test_a_value_fills_the_slot_in_its_place_in_the_sample(locale, text, condition):
    # Alexa fills a slot from where the matched sample has it, not from the first value of its
    # type said anywhere: a sample may write a value out beside its slot.
    resolution = Resolver(locale, today=lambda: TODAY).resolve(text)
    assert (resolution.intent, resolution.slots["condition"].id) == ("ConditionInfoIntent",
                                                                     condition)


def test_a_value_where_a_sample_wrote_one_is_not_stretched_into_the_slot():
    # "{hedge} {hedge}" wrote its second value out: the first fills the slot, and the words
    # after the second are not added to it (the slot ends at its value).
    resolution = Resolver("es-MX", today=lambda: TODAY).resolve(
        "no sé, no tengo termómetro en la casa")
    hedge = resolution.slots["hedge"]
    assert (resolution.intent, hedge.id, hedge.status) == ("HedgeIntent", "unknown", MATCH)
