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
]


def best(resolver: Resolver, line: str) -> Resolution:
    utterance = parse(line)
    assert isinstance(utterance, OneShot), line
    return max((resolver.resolve(text) for text in utterance.candidates), key=lambda r: r.score)


@pytest.fixture(scope="module", params=["en-US", "en-GB"])
def resolver(request: pytest.FixtureRequest) -> Resolver:
    return Resolver(request.param)


@pytest.mark.parametrize(("line", "intent"), ONE_SHOTS)
def test_one_shots_reach_the_intent_that_starts_the_conversation(
    resolver: Resolver, line: str, intent: str
) -> None:
    assert best(resolver, line).intent == intent
