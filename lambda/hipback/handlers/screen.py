"""The Echo Show's screen: the document that goes with each reply, and touches as answers.

Handlers say which screen goes with their reply (`reply.show`); a response interceptor adds the APL
directive only when the device says it has a screen (supportedInterfaces holds
Alexa.Presentation.APL), so handlers never ask what the device is. While a question is
pending and the session stays open, the screen is that question with its buttons, whatever
else was said: the one thing the user can do is answer it. A touch on a button is read as the
same answer spoken (the triage core's take_reading), and the conversation goes on as it would.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components.request_components import (
    AbstractRequestHandler,
    AbstractResponseInterceptor,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_request_type
from ask_sdk_core.utils.request_util import get_locale, get_supported_interfaces
from ask_sdk_model.response import Response

from hipback import screens
from hipback.content import Content, for_locale
from hipback.handlers import attributes, flow, reply, state
from hipback.handlers.requests import USER_EVENT
from hipback.triage import DURATION, record_duration, vague_duration_hours


def has_screen(handler_input: HandlerInput) -> bool:
    try:
        interfaces = get_supported_interfaces(handler_input)
    except AttributeError:
        return False  # a skill event carries no device
    return getattr(interfaces, "alexa_presentation_apl", None) is not None


class ScreenInterceptor(AbstractResponseInterceptor):
    """Adds the RenderDocument directive for the turn's screen, on devices with a screen."""

    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        if response is None or not has_screen(handler_input):
            return
        session = (
            handler_input.attributes_manager.session_attributes or {}
            if handler_input.request_envelope.session
            else {}
        )
        content = for_locale(_locale(handler_input), state.get_country(session))
        screen = _screen_for(handler_input, response, content)
        if screen is None:
            return
        # Imported here: the APL package costs a voice-only cold start about 13 ms.
        from ask_sdk_model.interfaces.alexa.presentation.apl.render_document_directive import (
            RenderDocumentDirective,
        )

        directive = RenderDocumentDirective(
            token=screen.token,
            document=screens.document(screen.name),
            datasources=screens.datasources(screen, content),
        )
        response.directives = [*(response.directives or []), directive]


def _screen_for(
    handler_input: HandlerInput, response: Response, content: Content
) -> screens.Screen | None:
    chosen = handler_input.attributes_manager.request_attributes.get(reply.SCREEN_ATTRIBUTE)
    if response.should_end_session is False and handler_input.request_envelope.session:
        session = handler_input.attributes_manager.session_attributes or {}
        pending = state.get_pending(session)
        if pending is not None and pending.kind == state.QUESTION:
            # The question as it was spoken: about her, him or them after "it's for my mum".
            return screens.question(pending.ref, content, state.get_pronoun(session))
    return chosen if isinstance(chosen, screens.Screen) else None


def _locale(handler_input: HandlerInput) -> str | None:
    locale = get_locale(handler_input)
    return locale if isinstance(locale, str) else None


def _touch(handler_input: HandlerInput) -> screens.Touch | None:
    request = handler_input.request_envelope.request
    return screens.touched(getattr(request, "token", None), getattr(request, "arguments", None))


class TouchHandler(AbstractRequestHandler):
    """A button pressed on the question screen: the same answer as said aloud. Any other
    UserEvent is not a user waiting for an answer: it gets the silent reply."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        is_event = bool(is_request_type(USER_EVENT)(handler_input))
        return is_event and _touch(handler_input) is not None

    def handle(self, handler_input: HandlerInput) -> Response:
        touch = _touch(handler_input)
        pending = state.get_pending(attributes.session(handler_input))
        asked = pending.ref if pending is not None and pending.kind == state.QUESTION else None
        if touch is None or touch.question != asked:
            # A button of a screen that is no longer current, or not ours: ask what is pending.
            return flow.reask_with_choices(handler_input)
        answers = flow.current_answers(handler_input)
        hours = vague_duration_hours(touch.choice) if touch.question == DURATION else None
        if hours is not None:
            record_duration(answers, hours)  # as "a few days" said aloud
        else:
            # Imported here, as for a spoken answer (handlers/answering.py).
            from hipback.triage.answering import take_reading
            from hipback.triage.reading import Reading

            take_reading(answers, touch.question, Reading(reply=touch.reply))
        return flow.advance(handler_input, answers)
