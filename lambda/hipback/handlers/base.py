"""The shape every handler shares: a pure can_handle, and a handle that speaks through a Turn."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Collection

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_request_type
from ask_sdk_core.utils.request_util import get_intent_name
from ask_sdk_model.response import Response

from hipback.handlers.turn import Services, Turn


class SkillHandler(AbstractRequestHandler):
    def __init__(self, services: Services) -> None:
        self.services = services

    def handle(self, handler_input: HandlerInput) -> Response:
        return self.respond(Turn(handler_input, self.services))

    @abstractmethod
    def respond(self, turn: Turn) -> Response: ...


def intent_in(handler_input: HandlerInput, names: Collection[str]) -> bool:
    """An IntentRequest for one of `names`. A CanFulfillIntentRequest names an intent too, but
    only asks whether the skill could serve it: no intent handler may answer it."""
    return bool(is_request_type("IntentRequest")(handler_input)) and (
        get_intent_name(handler_input) in names
    )


def intent_name(handler_input: HandlerInput) -> str | None:
    request = handler_input.request_envelope.request
    intent = getattr(request, "intent", None)
    name = getattr(intent, "name", None)
    return name if isinstance(name, str) else None


def request_type(handler_input: HandlerInput) -> str | None:
    request = handler_input.request_envelope.request
    name = getattr(request, "object_type", None)
    return name if isinstance(name, str) else None
