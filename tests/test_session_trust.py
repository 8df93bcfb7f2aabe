"""Session attributes come back from the device: forged ones never reach the reply.

Repeat says again what the skill last asked from its own content (keys and parameters kept in
the session), never from SSML kept there; attributes the skill does not own are dropped; and
what is echoed back is bounded.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hipback.config import Settings
from hipback.handlers.state import MAX_SESSION_JSON, OWNED
from simulator.client import SKILL_ID, SkillClient

INJECTED = '</speak><audio src="https://evil.example/x.mp3"/><speak>'
# Alexa's limit for a whole response is larger; staying under the old 24 KB is our own rule.
MAX_RESPONSE = 24_000


@pytest.fixture
def client(tmp_path: Path) -> SkillClient:
    return SkillClient(tmp_path / "store.sqlite3")


def forge(client: SkillClient, **attributes: Any) -> None:
    assert client.session is not None
    client.session.attributes = {**client.session.attributes, **attributes}


def assert_no_foreign_ssml(response: dict[str, Any]) -> None:
    """No forged tag in what is spoken (a forged parameter is at most text, escaped), and
    nothing of the forgery echoed back in the session."""
    body = response["response"]
    for speech in (body.get("outputSpeech"), (body.get("reprompt") or {}).get("outputSpeech")):
        if speech is not None:
            assert "<audio" not in speech["ssml"] and "</speak><" not in speech["ssml"]
            assert speech["ssml"].count("<speak>") == 1
    assert "evil.example" not in json.dumps(response.get("sessionAttributes", {}))


def test_repeat_says_the_question_again_from_the_content(client: SkillClient) -> None:
    asked = client.launch()
    again = client.say("AMAZON.RepeatIntent")
    assert again.ssml.endswith(asked.ssml.split("</p>")[-1]) or again.speech in asked.speech
    assert "how long" in again.speech.lower()
    assert client.say("AMAZON.RepeatIntent").speech == again.speech  # and again
    # What is kept is content keys, not speech.
    kept = again.session["last"]
    assert "<" not in kept["speech"] and "questions.duration.ask" in kept["speech"].split()


@pytest.mark.parametrize("last", [
    {"speech": INJECTED, "reprompt": INJECTED},
    {"speech": "dialog.help_general " + INJECTED, "reprompt": "dialog.help_general"},
    {"speech": [[INJECTED, {}]], "reprompt": [[INJECTED, {}]]},
    # Needs the clinic's name and number, which only the configuration gives (none here).
    {"speech": "dialog.contact_configured dialog.anything_else", "reprompt": "dialog.help_general"},
    {"speech": " ".join(["dialog.help_general"] * 100), "reprompt": "dialog.help_general"},
])  # fmt: skip
def test_forged_last_speech_never_reaches_the_reply(client: SkillClient, last: Any) -> None:
    client.launch()
    forge(client, last=last)
    reply = client.say("AMAZON.RepeatIntent")
    assert_no_foreign_ssml(reply.raw)
    assert reply.speech.rstrip().endswith("?")  # still a sensible turn: it asks something


def test_forged_emergency_repeat_never_reaches_the_reply(client: SkillClient) -> None:
    client.launch()
    forge(client, pending={"kind": "emergency", "ref": ""},
          last={"speech": INJECTED, "reprompt": INJECTED})  # fmt: skip
    reply = client.say("AMAZON.YesIntent")
    assert_no_foreign_ssml(reply.raw)
    assert "911" in reply.ssml


def test_unknown_attributes_are_dropped_and_the_turn_goes_on(client: SkillClient) -> None:
    client.launch()
    forge(client, **{f"key{i}": i for i in range(100_000)})
    reply = client.say("DurationIntent", duration="P3D")
    assert set(reply.session) <= OWNED
    assert reply.pending == ("question", "cauda_equina")  # the assessment carried on
    assert len(json.dumps(reply.raw)) < MAX_RESPONSE


def test_a_megabyte_string_resets_the_session_and_the_turn_still_answers(
    client: SkillClient,
) -> None:
    client.launch()
    forge(client, answers={"notes": "x" * 1_000_000})
    reply = client.say("AMAZON.HelpIntent")
    assert len(json.dumps(reply.raw)) < MAX_RESPONSE
    assert "x" * 100 not in json.dumps(reply.raw)
    assert reply.speech.rstrip().endswith("?")


def test_a_megabyte_string_in_a_foreign_key_is_dropped_alone(client: SkillClient) -> None:
    client.launch()
    forge(client, blob=INJECTED + "x" * 1_000_000)
    reply = client.say("DurationIntent", duration="P3D")
    assert "blob" not in reply.session
    assert reply.pending == ("question", "cauda_equina")
    assert_no_foreign_ssml(reply.raw)


def test_the_bound_is_far_above_what_the_skill_keeps(client: SkillClient) -> None:
    client.launch()
    reply = client.say("DurationIntent", duration="P3D")
    for _ in range(3):
        reply = client.say("AMAZON.NoIntent")
    assert len(json.dumps(reply.session)) < MAX_SESSION_JSON / 4


def test_repeat_fills_parameters_from_the_configuration(tmp_path: Path) -> None:
    settings = Settings(skill_id=SKILL_ID, clinic_name="Riverside Clinic", clinic_phone="5550100")
    client = SkillClient(tmp_path / "store.sqlite3", settings=settings)
    client.launch()
    said = client.say("ContactClinicIntent")
    assert "Riverside Clinic" in said.speech
    again = client.say("AMAZON.RepeatIntent")
    assert again.speech == said.speech
    assert "Riverside Clinic" in again.speech
