"""Every request type Alexa can send: the ones the skill does not serve get a silent reply,
CanFulfillIntentRequest gets a side-effect-free answer, and no intent handler answers it."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.request import Request
from ask_sdk_model.request_envelope import RequestEnvelope

from hipback.config import Settings
from hipback.handlers import request_handlers
from hipback.handlers.can_fulfill import CanFulfillHandler
from hipback.handlers.requests import USER_EVENT, UnhandledRequestHandler
from hipback.screens import ANSWER_EVENT, TOKEN_PREFIX
from simulator.client import (
    SKILL_ID,
    Match,
    NoMatch,
    SkillClient,
    response_problems,
    slot_json,
)
from simulator.envelopes import new_session
from tests.envelope_strategies import MODEL_INTENTS
from tests.fuzz_support import recording_logs

# Every request type of Alexa's request-types reference that ask-sdk-model knows, and one it
# does not know yet.
SPOKEN = {"LaunchRequest", "IntentRequest", "CanFulfillIntentRequest", "Connections.Response"}
OTHER_TYPES = sorted(set(Request.discriminator_value_class_map) - SPOKEN)
FUTURE_TYPE = "Alexa.SomethingNew.Happened"
# Expected, and answered without a warning: the permission events the manifest subscribes to
# need nothing, since the skill reads the permission from each request.
HANDLED_SILENTLY = {
    "SessionEndedRequest", "AlexaSkillEvent.SkillDisabled",
    "AlexaSkillEvent.SkillPermissionAccepted", "AlexaSkillEvent.SkillPermissionChanged",
}
BUILT_INS = ["AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent",
             "AMAZON.NavigateHomeIntent", "AMAZON.FallbackIntent", "AMAZON.RepeatIntent",
             "AMAZON.StartOverIntent", "AMAZON.YesIntent", "AMAZON.NoIntent"]  # fmt: skip


@pytest.fixture
def client(tmp_path: Path) -> SkillClient:
    return SkillClient(tmp_path / "store.sqlite3")


def stored_rows(path: Path) -> list[Any]:
    if not path.exists():
        return []
    with sqlite3.connect(path) as connection:
        tables = connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        if ("profiles",) not in list(tables):
            return []
        return list(connection.execute("SELECT * FROM profiles"))


def request_of(client: SkillClient, request_type: str, **fields: Any) -> dict[str, Any]:
    envelope = client.envelopes.launch(new_session())
    envelope["request"] = {**envelope["request"], "type": request_type, **fields}
    if request_type.startswith(("AlexaSkillEvent.", "Messaging.")):
        del envelope["session"]  # out-of-session events carry no session
    return envelope


@pytest.mark.parametrize("request_type", [*OTHER_TYPES, FUTURE_TYPE])
def test_every_other_request_gets_an_empty_reply_and_one_warning(
    client: SkillClient, request_type: str
) -> None:
    with recording_logs(logging.INFO) as logs:
        response = client.handler(request_of(client, request_type), None)
    assert response["version"] == "1.0"
    assert response["response"] == {}, response
    assert not response.get("sessionAttributes")
    assert logs.errors() == []
    warnings = [r.getMessage() for r in logs.records if r.levelno == logging.WARNING]
    if request_type in HANDLED_SILENTLY:
        assert warnings == []
    else:
        assert warnings == [f"request not handled: {request_type!r}"]


def test_there_are_many_other_request_types() -> None:
    assert {"System.ExceptionEncountered", "Messaging.MessageReceived",
            "Connections.Request", "Alexa.Presentation.APL.UserEvent",
            "AlexaSkillEvent.SkillEnabled"} <= set(OTHER_TYPES)  # fmt: skip


def test_a_connections_response_that_is_not_ours_gets_a_spoken_question(
    client: SkillClient,
) -> None:
    """Alexa's answer to a request the skill never made (another name, a forged token): the
    user is waiting, so they hear a question, and nothing is set."""
    client.launch()
    for name, token in (("Buy", "ice"), ("AskFor", "someone-else"), ("AskFor", None)):
        payload = {"status": "ACCEPTED"}
        reply = client.send(client.envelopes.connections_response(
            client._session(), name, payload, token
        ))
        assert reply.speech.endswith("?") and not reply.api_calls


def handler_input(envelope: dict[str, Any]) -> HandlerInput:
    request = DefaultSerializer().deserialize(json.dumps(envelope), RequestEnvelope)
    return HandlerInput(request_envelope=request)


def accepting_handlers(envelope: dict[str, Any]) -> list[type]:
    given = handler_input(envelope)
    return [type(handler) for handler in request_handlers() if handler.can_handle(given)]


@pytest.mark.parametrize("intent", sorted({*MODEL_INTENTS, *BUILT_INS}))
def test_only_the_can_fulfill_handler_accepts_a_can_fulfill_request(
    client: SkillClient, intent: str
) -> None:
    envelope = request_of(client, "CanFulfillIntentRequest", intent={"name": intent, "slots": {}})
    accepting = accepting_handlers(envelope)
    # The first that accepts answers: the silent catch-all after it never gets the request.
    assert accepting == [CanFulfillHandler, UnhandledRequestHandler]
    envelope = request_of(client, "IntentRequest", intent={"name": intent, "slots": {}})
    accepting = accepting_handlers(envelope)
    assert CanFulfillHandler not in accepting and accepting


def can_fulfill(client: SkillClient, intent: str, **slots: Any) -> dict[str, Any]:
    envelope = request_of(
        client, "CanFulfillIntentRequest",
        intent={"name": intent, "slots": {n: slot_json(n, v) for n, v in slots.items()}},
    )
    # Attributes a session may carry must not come back either.
    envelope["session"]["attributes"] = {"answers": {"duration_hours": 5}, "x": "y"}
    with recording_logs(logging.INFO) as logs:
        response = client.handler(envelope, None)
    assert logs.errors() == []
    body = response["response"]
    assert set(body) == {"canFulfillIntent"}, body  # no speech, no card, no session end
    assert not response.get("sessionAttributes")
    answer: dict[str, Any] = body["canFulfillIntent"]
    return answer


def test_can_fulfill_an_information_question_without_side_effects(
    client: SkillClient, tmp_path: Path
) -> None:
    assert can_fulfill(client, "HeatIceIntent") == {"canFulfill": "YES"}
    answer = can_fulfill(client, "ConditionInfoIntent", condition=Match("herniated_disc"))
    assert answer == {
        "canFulfill": "YES",
        "slots": {"condition": {"canUnderstand": "YES", "canFulfill": "YES"}},
    }
    answer = can_fulfill(client, "ConditionInfoIntent", condition=NoMatch("gout"))
    assert answer["canFulfill"] == "MAYBE"
    assert answer["slots"]["condition"] == {"canUnderstand": "MAYBE", "canFulfill": "YES"}
    answer = can_fulfill(client, "StartAssessmentIntent", duration="P3D")
    assert answer["canFulfill"] == "YES"
    assert stored_rows(tmp_path / "store.sqlite3") == []


@pytest.mark.parametrize("intent", ["AMAZON.HelpIntent", "AnswerYesIntent", "EmergencyIntent",
                                    "ContactClinicIntent", "NoSuchIntent"])
def test_cannot_fulfill_what_only_makes_sense_inside_the_skill(
    client: SkillClient, intent: str
) -> None:
    assert can_fulfill(client, intent) == {"canFulfill": "NO"}


def test_contact_can_be_fulfilled_once_a_clinic_is_configured(tmp_path: Path) -> None:
    settings = Settings(skill_id=SKILL_ID, clinic_name="Riverside", clinic_phone="555 0100")
    client = SkillClient(tmp_path / "store.sqlite3", settings=settings)
    assert can_fulfill(client, "ContactClinicIntent") == {"canFulfill": "YES"}


def test_the_manifest_declares_can_fulfill() -> None:
    manifest = json.loads(Path("skill-package/skill.json").read_text())["manifest"]
    interfaces = manifest["apis"]["custom"]["interfaces"]
    assert {"type": "CAN_FULFILL_INTENT_REQUEST"} in interfaces


def test_the_checker_wants_speech_only_for_a_button_of_ours() -> None:
    """A UserEvent that reports none of our buttons gets the silent reply (above), and the
    simulator's checker accepts it; a button of ours must be answered aloud."""
    silent = {"version": "1.0", "response": {}}
    other = {"request": {"type": USER_EVENT, "token": "someone-else", "arguments": []}}
    assert response_problems(other, silent) == []
    ours = {"request": {"type": USER_EVENT, "token": f"{TOKEN_PREFIX}question",
                        "arguments": [ANSWER_EVENT, "cauda_equina", "no"]}}
    assert "no SSML speech" in response_problems(ours, silent)
