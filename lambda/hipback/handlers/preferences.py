"""What the skill remembers about the user: answer length, and forgetting it all."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_intent_name, is_request_type
from ask_sdk_model.response import Response

from hipback.deadline import Deadline
from hipback.handlers import flow, state
from hipback.handlers.base import SkillHandler
from hipback.handlers.info import then_carry_on
from hipback.handlers.slots import heard
from hipback.handlers.turn import Turn

STYLES = {"brief": "dialog.preference_brief_set", "detailed": "dialog.preference_detailed_set"}


class SetPreferenceHandler(SkillHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("SetPreferenceIntent")(handler_input)

    def respond(self, turn: Turn) -> Response:
        style = heard(turn.handler_input, "style")
        if style is None or style.id not in STYLES:
            return FallbackLike.respond(turn)
        turn.services.profiles.set_style(turn.session, style.id)
        state.clear_misses(turn.session)
        return then_carry_on(turn, turn.say(STYLES[style.id]))


class FallbackLike:
    @staticmethod
    def respond(turn: Turn) -> Response:
        return flow.reask(turn, turn.say("dialog.fallback_first"))


class ForgetMeHandler(SkillHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("ForgetMeIntent")(handler_input)

    def respond(self, turn: Turn) -> Response:
        pending = state.get_pending(turn.session)
        resume = pending.ref if pending is not None and pending.kind == state.QUESTION else ""
        state.set_pending(turn.session, state.Pending(state.FORGET, resume))
        question = turn.say("dialog.forget_confirm")
        return turn.ask(question, question)


class SkillDisabledHandler(SkillHandler):
    """Disabling the skill deletes what it stored about the user, or the invocation fails so
    that Alexa sends the event again: a delete is never acknowledged unless it happened."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("AlexaSkillEvent.SkillDisabled")(handler_input)

    def respond(self, turn: Turn) -> Response:
        # No one is waiting for speech: the delete may use all the time the invocation has.
        deadline = Deadline.for_turn(turn.handler_input.context, cap=None)
        turn.services.profiles.erase(turn.envelope, deadline)
        return turn.handler_input.response_builder.response
