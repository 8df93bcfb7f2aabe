"""Intents that start a conversation take the shapes people use after "ask hip and back
helper ...": questions, statements, fragments, and what is left once Alexa has taken the
launch phrase, with or without its connecting word ("about heat and ice", "if I need surgery").

Alexa removes "ask <invocation name>" itself; the simulator offers both readings of a
connecting word (simulator/utterances.py) and the better match wins, as Alexa's would.
"""

from __future__ import annotations

import pytest

from interaction_model.resolver import Resolution, Resolver
from simulator.utterances import OneShot, parse
from tests.fast_set import slow_except

ONE_SHOTS = [
    ("ask hip and back helper about my back hurting", "StartAssessmentIntent"),
    ("ask hip and back helper what to do about my hip", "StartAssessmentIntent"),
    ("tell hip and back helper my lower back is playing up", "StartAssessmentIntent"),
    ("ask hip and back helper to check my back", "StartAssessmentIntent"),
    ("ask hip and back helper about the causes of hip pain", "CausesIntent"),
    ("ask hip and back helper why my back hurts", "CausesIntent"),
    ("ask hip and back helper if i might have sciatica", "ConditionInfoIntent"),
    ("ask hip and back helper what a slipped disc is", "ConditionInfoIntent"),
    ("ask hip and back helper about heat and ice", "HeatIceIntent"),
    ("ask hip and back helper whether i should use heat or ice", "HeatIceIntent"),
    ("ask hip and back helper about quick pain relief", "FastestReliefIntent"),
    ("ask hip and back helper how to feel better fast", "FastestReliefIntent"),
    ("ask hip and back helper if i should see a doctor", "SeeDoctorIntent"),
    ("ask hip and back helper whether it's serious", "WhenToWorryIntent"),
    ("ask hip and back helper about pain on one side", "OneSidedPainIntent"),
    ("ask hip and back helper about physical therapy", "PhysicalTherapyIntent"),
    ("ask hip and back helper what exercises to do", "PhysicalTherapyIntent"),
    ("ask hip and back helper if i will need surgery", "SurgeryIntent"),
    ("ask hip and back helper about painkillers", "MedicationIntent"),
    ("ask hip and back helper whether i can take ibuprofen", "MedicationIntent"),
    ("ask hip and back helper about acupuncture", "AlternativeTherapyIntent"),
    ("ask hip and back helper what to do at home", "HomeCareIntent"),
    ("ask hip and back helper if i should rest", "HomeCareIntent"),
    ("ask hip and back helper how to contact the clinic", "ContactClinicIntent"),
    ("ask hip and back helper about booking an appointment", "ContactClinicIntent"),
    ("ask hip and back helper what's the best way to sleep with a bad back", "SleepIntent"),
    ("ask hip and back helper should i sleep on my side", "SleepIntent"),
    ("ask hip and back helper if a firmer mattress is better for my back", "SleepIntent"),
    ("ask hip and back helper is it okay to go for a walk", "ExerciseIntent"),
    ("ask hip and back helper can i still go to the gym", "ExerciseIntent"),
    ("ask hip and back helper whether i should stop exercising", "ExerciseIntent"),
    ("ask hip and back helper can i take paracetamol", "PainReliefIntent"),
    ("ask hip and back helper is tylenol safe for back pain", "PainReliefIntent"),
    ("ask hip and back helper whether acetaminophen works", "PainReliefIntent"),
    ("ask hip and back helper do i need an mri scan", "ImagingIntent"),
    ("ask hip and back helper should i get an x ray", "ImagingIntent"),
    ("ask hip and back helper why won't my doctor give me a scan", "ImagingIntent"),
    ("ask hip and back helper should i see a chiropractor", "ManualTherapyIntent"),
    ("ask hip and back helper does an osteopath work for back pain", "ManualTherapyIntent"),
    ("ask hip and back helper is it safe to get my back cracked", "ManualTherapyIntent"),
    ("ask hip and back helper how long does back pain last", "RecoveryTimeIntent"),
    ("ask hip and back helper when will my back get better", "RecoveryTimeIntent"),
    ("ask hip and back helper will it go away on its own", "RecoveryTimeIntent"),
    ("ask hip and back helper can i take ibuprofen while pregnant", "PregnancyIntent"),
    ("ask hip and back helper about back pain in pregnancy", "PregnancyIntent"),
    ("ask hip and back helper when should i call my midwife", "PregnancyIntent"),
    ("ask hip and back helper when should i see a doctor", "SeeDoctorIntent"),
    ("ask hip and back helper how long should i wait before seeing a doctor", "SeeDoctorIntent"),
    ("ask hip and back helper do i need to see my doctor about this", "SeeDoctorIntent"),
    ("ask hip and back helper what is rheumatoid arthritis", "ConditionInfoIntent"),
    ("ask hip and back helper what's sciatica", "ConditionInfoIntent"),
    ("ask hip and back helper what is hip bursitis", "ConditionInfoIntent"),
    ("ask hip and back helper it's for my mum", "ForSomeoneElseIntent"),
    ("ask hip and back helper i'm asking for my husband", "ForSomeoneElseIntent"),
    ("ask hip and back helper my little boy has back pain", "ForSomeoneElseIntent"),
]

# Who the person is, by the PERSON value: an age said with the person decides whether a child.
PERSONS = [
    ("ask hip and back helper it's for my twelve year old son", "boy"),
    ("ask hip and back helper my five year old daughter hurt her back", "girl"),
    ("ask hip and back helper it's for my ten year old", "child"),
    ("ask hip and back helper my seventeen year old daughter has back pain", "her"),
    ("ask hip and back helper it's for my daughter", "her"),
    ("ask hip and back helper i'm asking for my dad", "him"),
    ("ask hip and back helper it's for my partner", "them"),
]


@pytest.mark.parametrize(("line", "person"), PERSONS)
def test_the_person_asked_about_and_a_childs_age_are_heard(
    resolver: Resolver, line: str, person: str
) -> None:
    resolution = best(resolver, line)
    assert resolution.intent == "ForSomeoneElseIntent"
    assert resolution.slots["person"].id == person


def best(resolver: Resolver, line: str) -> Resolution:
    utterance = parse(line)
    assert isinstance(utterance, OneShot), line
    return max((resolver.resolve(text) for text in utterance.candidates), key=lambda r: r.score)


# The fast set hears them with the US model: the British one holds every US sample and a few of
# its own (test_model_build.py), and compiling it takes seconds in each test process.
@pytest.fixture(scope="module", params=slow_except(["en-US", "en-GB"], "en-US"))
def resolver(request: pytest.FixtureRequest) -> Resolver:
    return Resolver(request.param)


@pytest.mark.parametrize(("line", "intent"), ONE_SHOTS)
def test_one_shots_reach_the_intent_that_starts_the_conversation(
    resolver: Resolver, line: str, intent: str
) -> None:
    assert best(resolver, line).intent == intent
