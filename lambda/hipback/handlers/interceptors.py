"""What runs around every handler: loading before it, Repeat and the profile after it.

- `LoadInterceptor` (request): the locale's content, the services and the storage deadline,
  in request attributes (handlers/attributes.py).
- `RepeatInterceptor` (response): keeps the content keys of what `reply.ask` said, for Repeat
  and "tell me more" (state.remember_last).
- `ProfileInterceptor` (response): writes this session's profile change, once, when the reply
  ends the session or Alexa says it ended (SessionEndedRequest).

The SDK runs response interceptors only after a handler answered; after the catch-all nothing
is remembered or written, as a failed turn should not count.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components.request_components import (
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_request_type
from ask_sdk_model.response import Response

from hipback.content import for_locale
from hipback.deadline import Deadline
from hipback.handlers import attributes, state
from hipback.handlers.attributes import LOADED, Loaded, Services
from hipback.handlers.reply import SAID_ATTRIBUTE
from hipback.triage import Tier

# The most the write after emergency advice waits on storage: saying the number again matters
# more than counting the visit.
EMERGENCY_STORAGE_SECONDS = 0.5


class LoadInterceptor(AbstractRequestInterceptor):
    def __init__(self, services: Services) -> None:
        self.services = services

    def process(self, handler_input: HandlerInput) -> None:
        handler_input.attributes_manager.request_attributes[LOADED] = Loaded(
            services=self.services,
            # The device's country, when this session has learnt it, picks the facts of a
            # locale that serves more than one country; otherwise every country's number is said.
            content=for_locale(
                attributes.locale(handler_input), attributes.session_country(handler_input)
            ),
            deadline=Deadline.for_turn(handler_input.context),
        )


class RepeatInterceptor(AbstractResponseInterceptor):
    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        said = handler_input.attributes_manager.request_attributes.get(SAID_ATTRIBUTE)
        if isinstance(said, tuple):
            speech, reprompt = said
            state.remember_last(attributes.session(handler_input), speech, reprompt)


class ProfileInterceptor(AbstractResponseInterceptor):
    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        ended = response is not None and response.should_end_session is True
        if ended or is_request_type("SessionEndedRequest")(handler_input):
            save_profile(handler_input)


def save_profile(handler_input: HandlerInput) -> None:
    """Write what changed in the user's profile this session (the session's one write)."""
    session = attributes.session(handler_input)
    deadline = attributes.deadline(handler_input)
    if state.finished_tier(session) is Tier.EMERGENCY:
        deadline = Deadline(min(deadline.left(), EMERGENCY_STORAGE_SECONDS))
    attributes.profiles(handler_input).flush(handler_input.request_envelope, session, deadline)
