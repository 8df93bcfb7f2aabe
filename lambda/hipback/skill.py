"""The skill, assembled once per container from its handlers, settings and profile store."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_runtime.exceptions import AskSdkException

from hipback import envelope
from hipback.api_client import BoundedApiClient
from hipback.config import Settings
from hipback.content import for_locale
from hipback.handlers import CatchAllHandler, Services, request_handlers, state
from hipback.handlers.errors import apology, log_safe_trace
from hipback.handlers.interceptors import LoadInterceptor, ProfileInterceptor, RepeatInterceptor
from hipback.handlers.requests import EMPTY_REPLY, USER_EVENT, apologises, is_silent, loggable
from hipback.handlers.screen import ScreenInterceptor
from hipback.persistence import ForgetFailed, ProfileService, make_profiles

LambdaHandler = Callable[[dict[str, Any], Any], dict[str, Any]]

log = logging.getLogger("hipback")


class ForeignSkillRequest(AskSdkException):
    """A request that does not name this skill (SKILL_ID): refused, never answered."""


def build(
    settings: Settings | None = None, profiles: ProfileService | None = None
) -> LambdaHandler:
    settings = settings or Settings.from_env()
    if profiles is None:
        profiles = make_profiles()
    services = Services(settings=settings, profiles=profiles)
    # With an API client the SDK gives handlers a service client factory (timers, reminders,
    # the device's settings).
    builder = CustomSkillBuilder(api_client=BoundedApiClient())
    # Requests from any other skill are refused before a handler runs.
    builder.skill_id = settings.skill_id  # type: ignore[assignment]
    # Before every handler: the locale's content, the services and the storage deadline.
    builder.add_global_request_interceptor(LoadInterceptor(services))
    for request_handler in request_handlers():
        builder.add_request_handler(request_handler)
    builder.add_exception_handler(CatchAllHandler())
    # After every handler: what Repeat needs, the profile at the end of a session, and the
    # Echo Show's screen on a device that has one.
    builder.add_global_response_interceptor(RepeatInterceptor())
    builder.add_global_response_interceptor(ProfileInterceptor())
    builder.add_global_response_interceptor(ScreenInterceptor())
    entry_point: LambdaHandler = builder.lambda_handler()  # type: ignore[assignment]
    return guarded(entry_point, settings.skill_id)


def guarded(entry_point: LambdaHandler, skill_id: str | None) -> LambdaHandler:
    """The SDK's entry point, refusing other skills' requests and never failing on our own.

    The SDK raises when an envelope does not deserialize (a missing or mistyped field, an enum
    value or request type newer than ask-sdk-model), and Alexa answers an exception with its
    generic failure. A request type the model does not know gets a silent reply; values it
    does not know are removed (hipback.envelope) and the envelope is read again; anything else
    that still fails gets our apology. A request that does not name this skill is refused
    before anything reads it, malformed or not.
    """

    def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        if skill_id is not None and _application_id(event) != skill_id:
            raise ForeignSkillRequest("Skill ID Verification failed: not this skill's request")
        kind = _request_type(event)
        if isinstance(kind, str) and not envelope.known_request_type(kind):
            log.warning("request not handled: %s", loggable(kind))
            return {**EMPTY_REPLY, "response": {}}
        try:
            _prepare(event, kind)
            return _answer(entry_point, event, context)
        except ForgetFailed:
            raise  # the delete did not happen: Lambda records the error, Alexa may retry
        except Exception as error:
            log.error("request failed outside the handlers: %s", log_safe_trace(error))
            return _apology(event, kind)

    return lambda_handler


def _application_id(event: object) -> object:
    """Where the SDK reads the skill ID: context.System.application.applicationId."""
    node = event
    for name in ("context", "System", "application", "applicationId"):
        node = node.get(name) if isinstance(node, dict) else None
    return node


def _request_type(event: object) -> object:
    request = event.get("request") if isinstance(event, dict) else None
    return request.get("type") if isinstance(request, dict) else None


def _answer(entry_point: LambdaHandler, event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The SDK's reply; when the envelope holds values newer than ask-sdk-model, the reply to
    the envelope without them.

    Cleaning only after the SDK refused the envelope keeps the walk off every ordinary turn
    (it would cost a warm turn about a tenth). It is safe to ask the SDK again: it deserializes
    the whole envelope before any handler runs, and an envelope with an unknown value always
    fails there, so a retry never repeats a handler's work.
    """
    try:
        return entry_point(event, context)
    except SerializationException:
        removed = envelope.clean(event)
        if not removed:
            raise
        # Alexa's schema names only, nothing the user said: the model needs an update.
        log.warning("left out values ask-sdk-model does not know: %s", sorted(set(removed)))
        return entry_point(event, context)


def _prepare(event: dict[str, Any], kind: object) -> None:
    """Only our own session attributes reach the SDK.

    Session attributes come back from the device. Only the keys the skill owns are kept, and
    only while small, so nothing foreign is echoed back in the reply. A request answered with
    no speech needs none of them, except the end of a session, whose profile changes are saved,
    and a touch on the screen, which answers the question the session holds.
    """
    session = event.get("session")
    if isinstance(session, dict):
        keep = not is_silent(kind) or kind in ("SessionEndedRequest", USER_EVENT)
        session["attributes"] = state.owned(session.get("attributes")) if keep else {}


def _apology(event: dict[str, Any], kind: object) -> dict[str, Any]:
    if not apologises(kind):
        # Alexa accepts no speech in reply to these.
        return {**EMPTY_REPLY, "response": {}}
    # A broken envelope's locale only picks the words (an unknown one gets the neutral
    # fallback), and its session is read only to know whether an assessment is in progress.
    request = event.get("request") if isinstance(event, dict) else None
    locale = request.get("locale") if isinstance(request, dict) else None
    session = event.get("session") if isinstance(event, dict) else None
    attributes = session.get("attributes") if isinstance(session, dict) else None
    words = apology(
        for_locale(locale if isinstance(locale, str) else None), state.owned(attributes)
    )
    speech = {"type": "SSML", "ssml": f"<speak>{words}</speak>"}
    return {
        "version": "1.0",
        "response": {
            "outputSpeech": speech,
            "reprompt": {"outputSpeech": dict(speech)},
            "shouldEndSession": False,
        },
    }


def configure_logging() -> None:
    level = os.environ.get("LOG_LEVEL", "INFO").upper()
    logging.getLogger("hipback").setLevel(
        level if level in logging.getLevelNamesMapping() else "INFO"
    )
