"""The skill, assembled once per container from its handlers, settings and profile store."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_runtime.exceptions import AskSdkException

from hipback.config import Settings
from hipback.content import for_locale
from hipback.handlers import CatchAllHandler, Services, request_handlers
from hipback.handlers.errors import SILENT_REQUESTS, describe
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
    builder = SkillBuilder()
    # Requests from any other skill are refused before a handler runs.
    builder.skill_id = settings.skill_id  # type: ignore[assignment]
    for request_handler in request_handlers(services):
        builder.add_request_handler(request_handler)
    builder.add_exception_handler(CatchAllHandler(services))
    entry_point: LambdaHandler = builder.lambda_handler()  # type: ignore[assignment]
    return guarded(entry_point, settings.skill_id)


def guarded(entry_point: LambdaHandler, skill_id: str | None) -> LambdaHandler:
    """The SDK's entry point, refusing other skills' requests and never failing on our own.

    The SDK raises when an envelope does not deserialize (a missing or mistyped field), and
    Alexa answers an exception with its generic failure. Alexa does not send such envelopes,
    but if one ever arrives the user hears our apology instead. A request that does not name
    this skill is refused before anything reads it, malformed or not.
    """

    def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        if skill_id is not None and _application_id(event) != skill_id:
            raise ForeignSkillRequest("Skill ID Verification failed: not this skill's request")
        try:
            return entry_point(event, context)
        except ForgetFailed:
            raise  # the delete did not happen: Lambda records the error, Alexa may retry
        except Exception as error:
            log.error("request failed outside the handlers: %s", describe(error))
            return _apology(event)

    return lambda_handler


def _application_id(event: object) -> object:
    """Where the SDK reads the skill ID: context.System.application.applicationId."""
    node = event
    for name in ("context", "System", "application", "applicationId"):
        node = node.get(name) if isinstance(node, dict) else None
    return node


def _apology(event: object) -> dict[str, Any]:
    request = event.get("request") if isinstance(event, dict) else None
    request_type = request.get("type") if isinstance(request, dict) else None
    if isinstance(request_type, str) and request_type in SILENT_REQUESTS:
        # Alexa accepts no speech in reply to these.
        return {"version": "1.0", "response": {}}
    # Neither the session nor the locale of a broken envelope is trusted: no attributes are
    # carried back, and the words are the neutral fallback's.
    speech = {"type": "SSML", "ssml": f"<speak>{for_locale(None).ssml('dialog.error')}</speak>"}
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
