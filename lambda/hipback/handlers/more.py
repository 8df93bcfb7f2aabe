""""Tell me more": the next layer of whatever the skill said last.

What was said last is kept in the session as content keys (state.remember_last), so the next
layer is found from those keys and spoken from the skill's own content, never from the session.
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.response import Response

from hipback.handlers import flow, state
from hipback.handlers.base import SkillHandler, intent_in
from hipback.handlers.info import next_layer, then_carry_on
from hipback.handlers.turn import Turn

MORE_INTENT = "MoreIntent"


class MoreHandler(SkillHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_in(handler_input, (MORE_INTENT,))

    def respond(self, turn: Turn) -> Response:
        state.clear_misses(turn.session)
        pending = state.get_pending(turn.session)
        if pending is not None and pending.kind == state.QUESTION:
            return explain_question(turn, pending.ref)
        layer = next_layer(state.last_keys(turn.session), turn.content)
        if layer is None:
            return nothing_more(turn, pending)
        return carry_on(turn, pending, turn.say(layer))


def explain_question(turn: Turn, question: str) -> Response:
    """Mid-assessment, "tell me more" can only be about the question: explain it, ask again."""
    speech = turn.question(question, "explain")
    return turn.ask(speech, turn.question(question, "reprompt"))


def nothing_more(turn: Turn, pending: state.Pending | None) -> Response:
    return carry_on(turn, pending, turn.say("dialog.more_nothing"))


def carry_on(turn: Turn, pending: state.Pending | None, speech: str) -> Response:
    """Then the same offer as before: "what else" after an answer, the outcome's follow-up after
    an outcome; with nothing open, the offer to start the questions."""
    if pending is not None and pending.kind == state.ANYTHING:
        return then_carry_on(turn, speech)
    return flow.reask(turn, speech)
