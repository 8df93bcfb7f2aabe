"""Help, Repeat, Stop and Cancel, Fallback and the end of a session."""

from __future__ import annotations

import logging

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_intent_name, is_request_type
from ask_sdk_model.response import Response

from hipback.handlers import flow, state
from hipback.handlers.base import SkillHandler, intent_in
from hipback.handlers.info import spoken_values
from hipback.handlers.turn import Turn, join
from hipback.triage import DURATION, Reply, record_reply

log = logging.getLogger(__name__)

ENDING_INTENTS = {"AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent"}


class HelpHandler(SkillHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.HelpIntent")(handler_input)

    def respond(self, turn: Turn) -> Response:
        state.clear_misses(turn.session)
        pending = state.get_pending(turn.session)
        if pending is not None and pending.kind == state.QUESTION:
            speech = join(
                turn.say("dialog.help_assessment"), turn.question(pending.ref, "help")
            )
            return turn.ask(speech, turn.question(pending.ref, "reprompt"))
        help_text = turn.say("dialog.help_general")
        if pending is not None and pending.kind != state.ANYTHING:
            return flow.reask(turn, help_text)
        state.set_pending(turn.session, None)
        return turn.ask(help_text, help_text)


class RepeatHandler(SkillHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.RepeatIntent")(handler_input)

    def respond(self, turn: Turn) -> Response:
        last = state.last_said(turn.session, turn.content, spoken_values(turn))
        if last is None:
            return flow.reask(turn, turn.say("dialog.repeat_nothing"))
        return turn.ask(last[0], last[1])


class EndHandler(SkillHandler):
    """Stop, Cancel and Home end the session politely, with the safety line mid-assessment."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_in(handler_input, ENDING_INTENTS)

    def respond(self, turn: Turn) -> Response:
        pending = state.get_pending(turn.session)
        if pending is not None and pending.kind == state.EMERGENCY:
            # Leaving after emergency advice: the last words are the number to call.
            return turn.tell(turn.say("dialog.emergency_goodbye"))
        if pending is not None and pending.kind in (state.ROUTINE, state.PAUSED):
            # Leaving the movements half done: what to watch for.
            return turn.tell(turn.say("routine.stopped"))
        mid_assessment = (
            state.get_answers(turn.session) is not None
            and turn.session.get(state.ASSESSMENT) is None
        )
        return turn.tell(
            turn.say("dialog.goodbye_mid_assessment" if mid_assessment else "dialog.goodbye")
        )


class FallbackHandler(SkillHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.FallbackIntent")(handler_input)

    def respond(self, turn: Turn) -> Response:
        pending = state.get_pending(turn.session)
        asking = pending is not None and pending.kind == state.QUESTION
        misses = state.count_miss(turn.session)
        if misses < 2:
            if asking:
                return flow.reask_with_choices(turn, turn.say("dialog.fallback_first"))
            return flow.reask(turn, turn.say("dialog.fallback_first"))
        answers = state.get_answers(turn.session)
        if asking and pending is not None and pending.ref != DURATION and answers is not None:
            # Missed twice on a warning sign: never drop it; count it as not sure, which
            # explains the question once and asks again (docs/clinical.md).
            record_reply(answers, pending.ref, Reply.UNSURE)
            return flow.advance(turn, answers, turn.say("dialog.fallback_to_unsure"))
        # Lost twice in a row: say plainly what can be said here, and the emergency number.
        if asking:
            return flow.reask_with_choices(turn, turn.say("dialog.emergency_line"))
        speech = turn.say("dialog.fallback_second")
        return turn.ask(speech, speech)


class SessionEndedHandler(SkillHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("SessionEndedRequest")(handler_input)

    def respond(self, turn: Turn) -> Response:
        request = turn.envelope.request
        reason = getattr(getattr(request, "reason", None), "value", None)
        error_type = getattr(
            getattr(getattr(request, "error", None), "object_type", None), "value", None
        )
        # The reason and error type are Alexa's enums: nothing the user said.
        log.info("session ended: reason=%s error=%s", reason, error_type)
        turn.save_profile()
        return turn.handler_input.response_builder.response


class UnhandledIntentHandler(SkillHandler):
    """Any other intent (a future model intent, or a request we do not know): treat as a miss."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("IntentRequest")(handler_input)

    def respond(self, turn: Turn) -> Response:
        return FallbackHandler(self.services).respond(turn)
