"""Help, Repeat, Stop and Cancel, Fallback and the end of a session."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_intent_name, is_request_type
from ask_sdk_model.response import Response

from hipback.handlers import attributes, flow, reply, state
from hipback.handlers.info import spoken_values
from hipback.handlers.predicates import intent_in
from hipback.handlers.reply import join
from hipback.triage import DURATION, Reply, record_reply

log = logging.getLogger(__name__)

ENDING_INTENTS = {"AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent"}


class HelpHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.HelpIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        session = attributes.session(handler_input)
        state.clear_misses(session)
        pending = state.get_pending(session)
        if pending is not None and pending.kind == state.QUESTION:
            speech = join(
                reply.say(handler_input, "dialog.help_assessment"),
                reply.question(handler_input, pending.ref, "help"),
            )
            return reply.ask(
                handler_input, speech, reply.question(handler_input, pending.ref, "reprompt")
            )
        help_text = reply.say(handler_input, "dialog.help_general")
        if pending is not None and pending.kind != state.ANYTHING:
            return flow.reask(handler_input, help_text)
        state.set_pending(session, None)
        return reply.ask(handler_input, help_text, help_text)


class RepeatHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.RepeatIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        last = state.last_said(
            attributes.session(handler_input),
            attributes.content(handler_input),
            spoken_values(handler_input),
        )
        if last is None:
            return flow.reask(handler_input, reply.say(handler_input, "dialog.repeat_nothing"))
        return reply.ask(handler_input, last[0], last[1])


class EndHandler(AbstractRequestHandler):
    """Stop, Cancel and Home end the session politely, with the safety line mid-assessment."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_in(handler_input, ENDING_INTENTS)

    def handle(self, handler_input: HandlerInput) -> Response:
        session = attributes.session(handler_input)
        pending = state.get_pending(session)
        if pending is not None and pending.kind == state.EMERGENCY:
            # Leaving after emergency advice: the last words are the number to call.
            return reply.tell(handler_input, reply.say(handler_input, "dialog.emergency_goodbye"))
        if pending is not None and pending.kind in (state.ROUTINE, state.PAUSED):
            # Leaving the movements half done: what to watch for.
            return reply.tell(handler_input, reply.say(handler_input, "routine.stopped"))
        mid_assessment = (
            state.get_answers(session) is not None and session.get(state.ASSESSMENT) is None
        )
        return reply.tell(
            handler_input,
            reply.say(
                handler_input,
                "dialog.goodbye_mid_assessment" if mid_assessment else "dialog.goodbye",
            ),
        )


class FallbackHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.FallbackIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        session = attributes.session(handler_input)
        pending = state.get_pending(session)
        asking = pending is not None and pending.kind == state.QUESTION
        misses = state.count_miss(session)
        if misses < 2:
            if asking:
                return flow.reask_with_choices(
                    handler_input, reply.say(handler_input, "dialog.fallback_first")
                )
            return flow.reask(handler_input, reply.say(handler_input, "dialog.fallback_first"))
        answers = state.get_answers(session)
        if asking and pending is not None and pending.ref != DURATION and answers is not None:
            # Missed twice on a warning sign: never drop it; count it as not sure, which
            # explains the question once and asks again (docs/clinical.md).
            record_reply(answers, pending.ref, Reply.UNSURE)
            return flow.advance(
                handler_input, answers, reply.say(handler_input, "dialog.fallback_to_unsure")
            )
        # Lost twice in a row: say plainly what can be said here, and the emergency number.
        if asking:
            return flow.reask_with_choices(
                handler_input, reply.say(handler_input, "dialog.emergency_line")
            )
        speech = reply.say(handler_input, "dialog.fallback_second")
        return reply.ask(handler_input, speech, speech)


class SessionEndedHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("SessionEndedRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        reason = getattr(getattr(request, "reason", None), "value", None)
        error_type = getattr(
            getattr(getattr(request, "error", None), "object_type", None), "value", None
        )
        # The reason and error type are Alexa's enums: nothing the user said.
        log.info("session ended: reason=%s error=%s", reason, error_type)
        # The profile is written by the response interceptor (handlers/interceptors.py).
        return handler_input.response_builder.response


class UnhandledIntentHandler(AbstractRequestHandler):
    """Any other intent (a future model intent, or a request we do not know): treat as a miss."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("IntentRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return FallbackHandler().handle(handler_input)
