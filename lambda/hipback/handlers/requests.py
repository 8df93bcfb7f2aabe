"""Which requests the skill speaks to, and the one handler for every other request.

Alexa sends skill events (AlexaSkillEvent.*), Messaging.*, System.ExceptionEncountered,
Connections.*, Alexa.Presentation.APL.UserEvent and more to the same endpoint. Only a launch,
an intent or the answer to our permission request is a user waiting for an answer; every other
request gets a valid reply with no speech, and a warning naming the request type (never its
content) so that a new kind of request shows up in the logs without paging anyone.
"""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.request_util import get_request_type
from ask_sdk_model.response import Response

log = logging.getLogger(__name__)

# The only requests that are answered with speech; the CanFulfillIntentRequest answer has none.
# Connections.Response is Alexa's answer to our permission request (AskFor): the user waits.
SPOKEN_REQUESTS = frozenset({"LaunchRequest", "IntentRequest", "Connections.Response"})
# A reply Alexa accepts to any request: no speech, no card, no directive.
EMPTY_REPLY = {"version": "1.0", "response": {}}
# A touch on the Echo Show's screen (handlers/screen.py): silent unless it is one of our buttons.
USER_EVENT = "Alexa.Presentation.APL.UserEvent"
# The user granted or changed the timers or reminders permission in the Alexa app. The skill
# reads the permission from each request (handlers/alerts.py) and keeps no copy of it, so these
# events are expected and need nothing but a silent reply.
PERMISSION_EVENTS = frozenset({
    "AlexaSkillEvent.SkillPermissionAccepted", "AlexaSkillEvent.SkillPermissionChanged",
})


def is_silent(request_type: object) -> bool:
    """Whether a request of this type must be answered without speech. An envelope with no
    request type at all is malformed, not silent: it gets the apology."""
    return isinstance(request_type, str) and request_type not in SPOKEN_REQUESTS


def apologises(request_type: object) -> bool:
    """Whether a failure in reply to this request gets the spoken apology: a user speaking, or
    touching a button, is waiting for an answer (and may need the emergency number)."""
    return not is_silent(request_type) or request_type == USER_EVENT


def loggable(request_type: object) -> str:
    # A request type is Alexa's name, not the user's words; an unknown one is cut short anyway,
    # in case a forged envelope puts something else there.
    return repr(request_type)[:80]


class UnhandledRequestHandler(AbstractRequestHandler):
    """Any request no other handler accepts and that is not a user speaking: answered silently.

    System.ExceptionEncountered (Alexa could not use our last response) also lands here: Alexa
    accepts no speech or directive in reply to it.
    """

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_silent(get_request_type(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        request_type = get_request_type(handler_input)
        if request_type in PERMISSION_EVENTS:
            log.info("permission event: %s", request_type)
        else:
            log.warning("request not handled: %s", loggable(request_type))
        return handler_input.response_builder.response
