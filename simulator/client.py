"""Talk to the real lambda_handler with real-format envelopes, and check every response.

The conversation driver of the tests, scripts/transcripts.py and scripts/bench.py, beside the
simulator's own (conversation.py, which also plays Alexa's understanding). Handler tests use
this rather than the offline resolver, so they say exactly which intent and slots arrive: what
the resolver understands is tested in the model's own tests.
"""

from __future__ import annotations

import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from hipback import screens
from hipback.config import Settings
from hipback.content.render import ssml_to_text
from hipback.handlers.requests import USER_EVENT, is_silent
from hipback.persistence import ProfileService, SqliteStore
from hipback.skill import LambdaHandler, build
from simulator.alexa_api import AlexaApiServer, ApiCall
from simulator.envelopes import VOICE_ONLY, EnvelopeBuilder, Identity, Session, new_session
from simulator.responses import parse_response
from simulator.ssml import parse_ssml

SKILL_ID = "amzn1.ask.skill.test-hip-and-back"

# The SSML tags Alexa's SSML reference lists; a device refuses anything else.
ALEXA_TAGS = {
    "speak", "break", "emphasis", "prosody", "say-as", "p", "s", "sub", "lang", "voice",
    "phoneme", "w", "audio", "amazon:domain", "amazon:emotion", "amazon:effect",
}  # fmt: skip


def _is_touch(body: object) -> bool:
    if not isinstance(body, dict):
        return False
    return screens.touched(body.get("token"), body.get("arguments")) is not None


def response_problems(request: dict[str, Any], envelope: Any) -> list[str]:
    """Everything Alexa would refuse in this response, or that breaks the skill's own rules."""
    parsed = parse_response(envelope)
    problems = list(parsed.problems)
    body = request.get("request") if isinstance(request, dict) else None
    kind = body.get("type") if isinstance(body, dict) else None
    request_type = kind if isinstance(kind, str) else None
    if request_type == USER_EVENT and _is_touch(body):
        pass  # a button of ours pressed: the user waits for the answer, spoken
    elif is_silent(request_type):
        # Any other UserEvent reports no button of ours, and nobody is waiting for speech.
        if parsed.speech is not None and request_type != USER_EVENT:
            problems.append(f"{request_type} must get no speech")
        return problems
    if parsed.speech is None or parsed.speech.ssml is None:
        return [*problems, "no SSML speech"]
    for speech in (parsed.speech, parsed.reprompt):
        if speech is not None and speech.ssml is not None:
            problems += _tag_problems(speech.ssml)
    if parsed.ask_for is not None:
        # Alexa asks the permission question itself, and the skill hears the answer.
        if parsed.reprompt is not None or parsed.should_end_session is not None:
            problems.append("an AskFor response has a reprompt or sets shouldEndSession")
    elif parsed.ends_session:
        if parsed.reprompt is not None:
            problems.append("a closed session has a reprompt")
    else:
        if parsed.reprompt is None or not parsed.reprompt.text.strip():
            problems.append("an open session has no reprompt")
        if not parsed.speech.text.rstrip().endswith("?"):
            problems.append(f"an open session does not end with a question: {parsed.speech.text!r}")
    return problems


def _tag_problems(ssml: str) -> list[str]:
    try:
        root = parse_ssml(ssml)
    except ET.ParseError as error:
        return [f"not well-formed: {error}"]
    found = {element.tag.replace("{urn:amazon}", "amazon:") for element in root.iter()}
    return [f"unsupported SSML tag <{tag}>" for tag in sorted(found - ALEXA_TAGS)]


@dataclass(frozen=True)
class Match:
    """A custom slot value that entity resolution matched."""

    id: str
    value: str = ""


@dataclass(frozen=True)
class NoMatch:
    value: str


SlotInput = str | Match | NoMatch


def slot_json(name: str, heard: SlotInput) -> dict[str, Any]:
    if isinstance(heard, str):
        return {"name": name, "value": heard, "confirmationStatus": "NONE"}
    authority = f"amzn1.er-authority.echo-sdk.{SKILL_ID}.TYPE"
    if isinstance(heard, Match):
        resolution = {
            "authority": authority,
            "status": {"code": "ER_SUCCESS_MATCH"},
            "values": [{"value": {"name": heard.value or heard.id, "id": heard.id}}],
        }
        value = heard.value or heard.id.replace("_", " ")
    else:
        resolution = {"authority": authority, "status": {"code": "ER_SUCCESS_NO_MATCH"}}
        value = heard.value
    return {
        "name": name,
        "value": value,
        "confirmationStatus": "NONE",
        "resolutions": {"resolutionsPerAuthority": [resolution]},
    }


@dataclass
class Reply:
    speech: str
    ssml: str
    reprompt: str | None
    card: tuple[str, str] | None
    ended: bool
    session: dict[str, Any]
    raw: dict[str, Any]
    # The calls the skill made to Alexa's APIs during this turn.
    api_calls: list[ApiCall]
    # How long the handler took to answer: its call alone, not building or checking envelopes.
    seconds: float = 0.0

    @property
    def directives(self) -> list[dict[str, Any]]:
        return list(self.raw.get("response", {}).get("directives") or [])

    @property
    def ask_for(self) -> dict[str, Any] | None:
        return parse_response(self.raw).ask_for

    @property
    def level(self) -> str | None:
        assessment = self.session.get("assessment")
        return assessment.get("level") if isinstance(assessment, dict) else None

    @property
    def pending(self) -> tuple[str, str] | None:
        pending = self.session.get("pending")
        return (pending["kind"], pending.get("ref", "")) if isinstance(pending, dict) else None


class SkillClient:
    """One user on one device, talking to the skill; every response is validated."""

    def __init__(
        self,
        store: Path | None = None,  # the embedded store's file; unused when `handler` is given
        locale: str = "en-US",
        user: str = "amzn1.ask.account.TEST-USER",
        settings: Settings | None = None,
        handler: LambdaHandler | None = None,
        device: str = VOICE_ONLY,
        api: AlexaApiServer | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.api = api
        self.settings = settings or Settings(skill_id=SKILL_ID, clinic_name=None, clinic_phone=None)
        if handler is None:
            assert store is not None, "a SkillClient needs a store or a handler"
            handler = build(self.settings, ProfileService(SqliteStore(store)))
        self.handler = handler
        identity = Identity(
            skill_id=SKILL_ID, user_id=user, device_id="amzn1.ask.device.TEST", locale=locale,
            device=device,
        )
        # `clock` gives the requests' timestamps (a test can move to next week).
        self.envelopes = EnvelopeBuilder(identity, api=api, **({"clock": clock} if clock else {}))
        self.session: Session | None = None
        self.replies: list[Reply] = []

    def _session(self) -> Session:
        if self.session is None:
            self.session = new_session()
        return self.session

    def launch(self) -> Reply:
        self.session = new_session()
        return self.send(self.envelopes.launch(self.session))

    def say(self, intent: str, **slots: SlotInput) -> Reply:
        envelope = self.envelopes.intent(
            self._session(), intent, {name: slot_json(name, value) for name, value in slots.items()}
        )
        return self.send(envelope)

    def tap(self, token: str, *arguments: Any) -> Reply:
        """A touch on the screen: the UserEvent a button of the document `token` sends."""
        return self.send(self.envelopes.user_event(self._session(), token, list(arguments)))

    def skill_disabled_event(self) -> dict[str, Any]:
        """`AlexaSkillEvent.SkillDisabled` for this user: no session, the user in the context."""
        envelope = self.envelopes.launch(self._session())
        del envelope["session"]
        timestamp = envelope["request"]["timestamp"]
        envelope["request"] = {
            "type": "AlexaSkillEvent.SkillDisabled",
            "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
            "timestamp": timestamp,
            "eventCreationTime": timestamp,
        }
        return envelope

    def skill_disabled(self) -> Reply:
        """The user disables the skill in the Alexa app: the event, and no session after it."""
        envelope = self.skill_disabled_event()
        self.session = None
        return self.send(envelope)

    @property
    def user_id(self) -> str:
        return self.envelopes.identity.user_id

    def consent(self, status: str) -> Reply:
        """The user's answer to Alexa's permission question (ACCEPTED, DENIED, NOT_ANSWERED),
        as Alexa sends it after the skill's AskFor."""
        asked = self.replies[-1].ask_for if self.replies else None
        assert asked is not None, "the skill did not ask for a permission"
        scope = asked["payload"]["permissionScope"]
        if status == "ACCEPTED" and self.api is not None:
            self.api.services.granted.add(scope)
        payload = {"permissionScope": scope, "status": status, "isCardThrown": False}
        envelope = self.envelopes.connections_response(
            self._session(), "AskFor", payload, asked.get("token")
        )
        return self.send(envelope)

    def end(self, reason: str = "USER_INITIATED") -> Reply:
        return self.send(self.envelopes.session_ended(self._session(), reason))

    def send(self, envelope: dict[str, Any]) -> Reply:
        calls_before = len(self.api.services.calls) if self.api is not None else 0
        started = time.perf_counter()
        response = self.handler(envelope, None)
        seconds = time.perf_counter() - started
        problems = response_problems(envelope, response)
        assert not problems, problems
        parsed = parse_response(response)
        reply = Reply(
            speech=parsed.speech.text if parsed.speech else "",
            ssml=(parsed.speech.ssml or "") if parsed.speech else "",
            reprompt=parsed.reprompt.text if parsed.reprompt else None,
            card=(parsed.card.title, parsed.card.text) if parsed.card else None,
            ended=parsed.ends_session,
            session=parsed.session_attributes,
            raw=response,
            api_calls=self.api.services.calls_since(calls_before) if self.api else [],
            seconds=seconds,
        )
        session = self.session
        if session is not None:
            kind = envelope["request"]["type"]
            if reply.ended or (is_silent(kind) and kind != USER_EVENT):
                self.session = None
            else:
                session.attributes = reply.session
                session.new = False
        self.replies.append(reply)
        return reply


def plain(ssml: str) -> str:
    return ssml_to_text(ssml, heard=True)
