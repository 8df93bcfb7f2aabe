""" "Tell me more": the next layer of whatever the skill said last.

What was said last is kept in the session as content keys (state.remember_last), so the next
layer is found from those keys and spoken from the skill's own content, never from the session.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.response import Response

from hipback.handlers import attributes, flow, reply, state
from hipback.handlers.info import next_layer, then_carry_on
from hipback.handlers.predicates import intent_in

MORE_INTENT = "MoreIntent"


class MoreHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_in(handler_input, (MORE_INTENT,))

    def handle(self, handler_input: HandlerInput) -> Response:
        session = attributes.session(handler_input)
        state.clear_misses(session)
        pending = state.get_pending(session)
        if pending is not None and pending.kind == state.QUESTION:
            return explain_question(handler_input, pending.ref)
        layer = next_layer(state.last_keys(session), attributes.content(handler_input))
        if layer is None:
            return nothing_more(handler_input, pending)
        return carry_on(handler_input, pending, reply.say(handler_input, layer))


def explain_question(handler_input: HandlerInput, question: str) -> Response:
    """Mid-assessment, "tell me more" can only be about the question: explain it, ask again."""
    speech = reply.question(handler_input, question, "explain")
    return reply.ask(handler_input, speech, reply.question(handler_input, question, "reprompt"))


def nothing_more(handler_input: HandlerInput, pending: state.Pending | None) -> Response:
    return carry_on(handler_input, pending, reply.say(handler_input, "dialog.more_nothing"))


def carry_on(handler_input: HandlerInput, pending: state.Pending | None, speech: str) -> Response:
    """Then the same offer as before: "what else" after an answer, the outcome's follow-up after
    an outcome; with nothing open, the offer to start the questions."""
    if pending is not None and pending.kind == state.ANYTHING:
        return then_carry_on(handler_input, speech)
    return flow.reask(handler_input, speech)
