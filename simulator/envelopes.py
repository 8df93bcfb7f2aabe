"""Request envelopes in the format Alexa sends to a skill's endpoint."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.alexa_api import AlexaApiServer

DEFAULT_SKILL_ID = "amzn1.ask.skill.hip-and-back-helper-local"
API_ENDPOINT = "https://api.amazonalexa.com"
# Only what a voice-only Echo reports: the skill must not send screen directives to it.
SUPPORTED_INTERFACES: dict[str, Any] = {}

Json = dict[str, Any]

# The devices the simulator can play. An Echo Show also reports APL and its screen (an Echo
# Show 8's, as Alexa describes it in context.Viewport); a voice-only Echo reports neither.
VOICE_ONLY = "echo"
ECHO_SHOW = "echo-show"
DEVICES = (VOICE_ONLY, ECHO_SHOW)
APL_INTERFACE = "Alexa.Presentation.APL"
SCREEN_INTERFACES: dict[str, Any] = {APL_INTERFACE: {"runtime": {"maxVersion": "2024.2"}}}
SHOW_VIEWPORT: dict[str, Any] = {
    "experiences": [{"arcMinuteWidth": 221, "arcMinuteHeight": 162, "canRotate": False,
                     "canResize": False}],
    "mode": "HUB",
    "shape": "RECTANGLE",
    "pixelWidth": 1280,
    "pixelHeight": 800,
    "dpi": 213,
    "currentPixelWidth": 1280,
    "currentPixelHeight": 800,
    "touch": ["SINGLE"],
    "keyboard": [],
    "video": {"codecs": ["H_264_42", "H_264_41"]},
}


def skill_id_from_environment() -> str:
    """The application id the skill is configured to accept (SKILL_ID), else the local one."""
    return os.environ.get("SKILL_ID") or DEFAULT_SKILL_ID


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest().upper()[:40]


def user_id_for(key: str) -> str:
    """A stable Alexa-style user id: the same store (or --user) is the same person next time."""
    if key.startswith("amzn1.ask.account."):
        return key
    return "amzn1.ask.account.SIM-" + _digest(key)


def device_id_for(key: str) -> str:
    return "amzn1.ask.device.SIM-" + _digest("device:" + key)


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Identity:
    """Who is talking to which skill, on which device; fixed for a simulator run."""

    skill_id: str
    user_id: str
    device_id: str
    locale: str
    device: str = VOICE_ONLY


@dataclass
class Session:
    """An open Alexa session as the next request will describe it."""

    session_id: str
    attributes: dict[str, Any]
    new: bool = True


def new_session() -> Session:
    return Session(session_id=f"amzn1.echo-api.session.{uuid.uuid4()}", attributes={})


class EnvelopeBuilder:
    """Builds LaunchRequest, IntentRequest and SessionEndedRequest envelopes."""

    def __init__(
        self,
        identity: Identity,
        clock: Callable[[], datetime] = _utc_now,
        api: AlexaApiServer | None = None,
    ) -> None:
        self.identity = identity
        self._clock = clock
        # The presentation token of the document on the device's screen, if any.
        self.screen_token: str | None = None
        # Alexa's APIs served on this machine (simulator/alexa_api.py), when running.
        self.api = api

    def _timestamp(self) -> str:
        return self._clock().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def _envelope(self, session: Session, request: Json) -> Json:
        ident = self.identity
        application = {"applicationId": ident.skill_id}
        user: Json = {"userId": ident.user_id}
        endpoint, token = API_ENDPOINT, "sim-api-access-token"
        if self.api is not None:
            endpoint, token = self.api.endpoint, self.api.services.token
            granted = sorted(self.api.services.granted)
            if granted:
                # What Alexa adds once the user has granted a permission.
                user["permissions"] = {
                    "consentToken": token,
                    "scopes": {scope: {"status": "GRANTED"} for scope in granted},
                }
        envelope: Json = {
            "version": "1.0",
            "session": {
                "new": session.new,
                "sessionId": session.session_id,
                "application": dict(application),
                "attributes": dict(session.attributes),
                "user": dict(user),
            },
            "context": {
                "System": {
                    "application": dict(application),
                    "user": dict(user),
                    "device": {
                        "deviceId": ident.device_id,
                        "supportedInterfaces": dict(SUPPORTED_INTERFACES),
                    },
                    "apiEndpoint": endpoint,
                    "apiAccessToken": token,
                }
            },
            "request": {
                "type": request.pop("type"),
                "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
                "timestamp": self._timestamp(),
                "locale": ident.locale,
                **request,
            },
        }
        return self._with_device(envelope, self.screen_token)

    def _with_device(self, envelope: Json, token: str | None) -> Json:
        """The envelope as the identity's device sends it: with its screen, if it has one,
        and the document on that screen (its presentation token)."""
        if self.identity.device != ECHO_SHOW:
            return envelope
        context = envelope["context"]
        context["System"]["device"]["supportedInterfaces"].update(SCREEN_INTERFACES)
        context["Viewport"] = dict(SHOW_VIEWPORT)
        if token is not None:
            context[APL_INTERFACE] = {"token": token, "version": "2024.2"}
        return envelope

    def user_event(self, session: Session, token: str, arguments: list[Any]) -> Json:
        """A touch on the screen: the SendEvent of the document whose token is given."""
        request: Json = {
            "type": "Alexa.Presentation.APL.UserEvent",
            "token": token,
            "arguments": list(arguments),
            "source": {"type": "TouchWrapper", "handler": "Press", "id": ""},
        }
        return self._envelope(session, request)

    def launch(self, session: Session) -> Json:
        return self._envelope(session, {"type": "LaunchRequest"})

    def intent(
        self,
        session: Session,
        name: str,
        slots: dict[str, Any],
        dialog_state: str | None = None,
        confirmation_status: str = "NONE",
    ) -> Json:
        request: Json = {
            "type": "IntentRequest",
            "intent": {
                "name": name,
                "confirmationStatus": confirmation_status,
                "slots": slots,
            },
        }
        if dialog_state is not None:
            request["dialogState"] = dialog_state
        return self._envelope(session, request)

    def connections_response(
        self, session: Session, name: str, payload: Json, token: str | None
    ) -> Json:
        """What Alexa sends back after a Connections.SendRequest (AskFor: the user's answer)."""
        request: Json = {
            "type": "Connections.Response",
            "name": name,
            "status": {"code": "200", "message": "OK"},
            "payload": payload,
        }
        if token is not None:
            request["token"] = token
        return self._envelope(session, request)

    def session_ended(
        self, session: Session, reason: str, error: dict[str, str] | None = None
    ) -> Json:
        request: Json = {"type": "SessionEndedRequest", "reason": reason}
        if error is not None:
            request["error"] = error
        return self._envelope(session, request)
