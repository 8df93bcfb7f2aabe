"""Yes and no, bound to whatever the skill last asked."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.response import Response

from hipback.handlers import care, flow, routine, state
from hipback.handlers.assessment import ask_duration_choices
from hipback.handlers.base import SkillHandler, intent_in, intent_name
from hipback.handlers.info import speak_contact, speak_topic, spoken_values
from hipback.handlers.turn import Turn
from hipback.triage import DURATION, Answers, Reply, Tier, record_reply

YES, NO = "AMAZON.YesIntent", "AMAZON.NoIntent"


class YesNoHandler(SkillHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_in(handler_input, (YES, NO))

    def respond(self, turn: Turn) -> Response:
        return answer_yes_no(turn, yes=intent_name(turn.handler_input) == YES)


def answer_yes_no(turn: Turn, yes: bool) -> Response:
    """Yes or no, bound to whatever the skill last asked."""
    pending = state.get_pending(turn.session)
    if pending is None:
        return flow.reask(turn, turn.say("dialog.yes_no_unexpected"))
    state.clear_misses(turn.session)
    if pending.kind == state.QUESTION:
        return answer_question(turn, pending.ref, Reply.YES if yes else Reply.NO)
    if pending.kind == state.FOLLOW_UP:
        self_care = state.finished_tier(turn.session) is Tier.SELF_CARE
        if not yes:
            if self_care:
                # Care at home goes on: the check-in reminder is offered next.
                return care.ask(turn, "reminder_offer", turn.say("care.later"))
            return turn.tell(turn.say("dialog.followup_declined"))
        state.set_pending(turn.session, None)
        if pending.ref == "contact":
            return speak_contact(turn)
        if pending.ref == "heat_ice" and self_care:
            return care.tips_then_ice_offer(turn)
        return speak_topic(turn, f"topics.{pending.ref}")
    if pending.kind == state.CARE:
        return care.answer(turn, pending.ref, yes)
    if pending.kind in (state.ROUTINE, state.PAUSED):
        return routine.answer(turn, pending, yes)
    if pending.kind == state.START:
        if not yes:
            return turn.tell(turn.say("dialog.goodbye"))
        return flow.advance(turn, Answers())
    if pending.kind == state.FORGET:
        return answer_forget(turn, yes, resume=pending.ref)
    if pending.kind == state.EMERGENCY:
        return repeat_emergency(turn) if yes else turn.tell(turn.say("dialog.emergency_goodbye"))
    if pending.kind == state.ANYTHING and yes:
        state.set_pending(turn.session, None)
        help_text = turn.say("dialog.help_general")
        return turn.ask(help_text, help_text)
    return turn.tell(turn.say("dialog.goodbye"))


def repeat_emergency(turn: Turn) -> Response:
    """The emergency advice again, word for word, with the same offer after it."""
    last = state.last_said(turn.session, turn.content, spoken_values(turn))
    if last is None:
        return turn.tell(turn.say("dialog.emergency_goodbye"))
    return turn.ask(last[0], last[1])


def answer_question(turn: Turn, question: str, reply: Reply) -> Response:
    answers = state.get_answers(turn.session)
    if answers is None or question == DURATION:
        # "Yes" is no answer to "how long": offer the choices again.
        return ask_duration_choices(turn, answers or Answers())
    record_reply(answers, question, reply)
    return flow.advance(turn, answers)


def answer_forget(turn: Turn, yes: bool, resume: str) -> Response:
    if yes:
        forgotten = turn.forget_profile()
        return turn.tell(turn.say("dialog.forget_done" if forgotten else "dialog.forget_failed"))
    state.set_pending(turn.session, state.Pending(state.QUESTION, resume) if resume else None)
    return flow.reask(turn, turn.say("dialog.forget_cancelled"))
