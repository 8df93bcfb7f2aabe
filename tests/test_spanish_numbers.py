"""In Spanish, the number to call is said digit by digit wherever a life may depend on it.

Per Spanish locale, through the real lambda_handler with hand-built requests (the intent and
slots Alexa would send), a few turns each: the welcome, help (at the start and during the
questions), every emergency outcome, every emergency of the safety net (and the crisis line for
thoughts of self-harm), and the urgent outcome's line for help today.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from devtools.skill_client import Match, Reply, SkillClient

# The signs whose outcome is emergency advice (docs/clinical.md, "Rules").
EMERGENCY_SIGNS = (
    "bladder_bowel",
    "saddle_numbness",
    "leg_weakness",
    "cannot_move",
    "serious_injury",
    "chest_pain",
    "collapse",
)
SAFETY_NET = ("breathing", "stroke", "bleeding", "overdose", "self_harm")


class Local(NamedTuple):
    emergency: str
    help_today: str  # words the urgent outcome says, as heard
    crisis: str  # the crisis line as the SSML carries it


# docs/clinical.md, "Numbers by locale".
LOCALES = {
    "es-US": Local(
        "911",
        "su médico o a una clínica de atención urgente",
        '<say-as interpret-as="digits">988</say-as> y marcar el dos para español',
    ),
    "es-MX": Local(
        "911",
        "su médico o a su unidad de salud",
        '<say-as interpret-as="telephone">800 911 2000</say-as>',
    ),
    "es-ES": Local(
        "112", "teléfono de urgencias de su comunidad", '<say-as interpret-as="digits">024</say-as>'
    ),
}


def digits(number: str) -> str:
    return f'<say-as interpret-as="digits">{number}</say-as>'


def to_the_first_question(client: SkillClient) -> Reply:
    client.session = None
    client.launch()
    return client.say("DurationIntent", duration="P2D")


@pytest.fixture(params=sorted(LOCALES))
def spoken(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[SkillClient, Local]:
    return SkillClient(tmp_path / "store.sqlite3", locale=request.param), LOCALES[request.param]


def test_the_welcome_and_help_give_the_number(spoken: tuple[SkillClient, Local]) -> None:
    client, local = spoken
    welcome = client.launch()
    assert digits(local.emergency) in welcome.ssml
    assert "¿" in welcome.speech  # Spanish, asking its first question
    assert digits(local.emergency) in client.say("AMAZON.HelpIntent").ssml
    asked = to_the_first_question(client)
    assert asked.pending is not None and asked.pending[0] == "question"
    assert digits(local.emergency) in client.say("AMAZON.HelpIntent").ssml


def test_every_emergency_outcome_says_the_number_first(spoken: tuple[SkillClient, Local]) -> None:
    client, local = spoken
    for sign in EMERGENCY_SIGNS:
        to_the_first_question(client)
        reply = client.say("ReportSymptomIntent", symptom=Match(sign))
        assert reply.level == "emergency", sign
        assert reply.ssml.startswith(f"<speak><p>Llame al {digits(local.emergency)} ahora"), (
            sign,
            reply.ssml,
        )


def test_the_safety_net_says_the_number(spoken: tuple[SkillClient, Local]) -> None:
    client, local = spoken
    for emergency in SAFETY_NET:
        client.session = None
        reply = client.say("EmergencyIntent", emergency=Match(emergency))
        assert digits(local.emergency) in reply.ssml, emergency
        assert (local.crisis in reply.ssml) == (emergency == "self_harm"), emergency


def test_the_urgent_outcome_says_where_to_get_help_today(
    spoken: tuple[SkillClient, Local],
) -> None:
    client, local = spoken
    to_the_first_question(client)
    reply = client.say("ReportSymptomIntent", symptom=Match("fever"))
    for _ in range(5):  # the questions that could still raise it come first
        if reply.level:
            break
        reply = client.say("AMAZON.NoIntent")
    assert reply.level == "urgent"
    assert local.help_today in reply.speech
    assert digits(local.emergency) in reply.ssml
