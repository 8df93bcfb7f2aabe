"""What the skill remembers about the user: answer length, and forgetting it all."""

from __future__ import annotations

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_intent_name, is_request_type
from ask_sdk_model.response import Response

from hipback.deadline import Deadline
from hipback.handlers import attributes, flow, reply, state
from hipback.handlers.info import then_carry_on
from hipback.handlers.slots import heard

STYLES = {"brief": "dialog.preference_brief_set", "detailed": "dialog.preference_detailed_set"}


class SetPreferenceHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("SetPreferenceIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        session = attributes.session(handler_input)
        style = heard(handler_input, "style")
        if style is None or style.id not in STYLES:
            # A style we have no words for: said as to a first miss, without counting one.
            return flow.reask(handler_input, reply.say(handler_input, "dialog.fallback_first"))
        attributes.profiles(handler_input).set_style(session, style.id)
        state.clear_misses(session)
        return then_carry_on(handler_input, reply.say(handler_input, STYLES[style.id]))


class ForgetMeHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("ForgetMeIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        session = attributes.session(handler_input)
        pending = state.get_pending(session)
        resume = pending.ref if pending is not None and pending.kind == state.QUESTION else ""
        state.set_pending(session, state.Pending(state.FORGET, resume))
        question = reply.say(handler_input, "dialog.forget_confirm")
        return reply.ask(handler_input, question, question)


class SkillDisabledHandler(AbstractRequestHandler):
    """Disabling the skill deletes what it stored about the user, or the invocation fails so
    that Alexa sends the event again: a delete is never acknowledged unless it happened."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("AlexaSkillEvent.SkillDisabled")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        # No one is waiting for speech: the delete may use all the time the invocation has.
        deadline = Deadline.for_turn(handler_input.context, cap=None)
        attributes.profiles(handler_input).erase(handler_input.request_envelope, deadline)
        return handler_input.response_builder.response
