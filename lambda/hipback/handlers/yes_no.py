"""Yes and no, bound to whatever the skill last asked."""

from __future__ import annotations

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.request_util import get_intent_name
from ask_sdk_model.response import Response

from hipback.handlers import attributes, care, flow, reply, routine, state
from hipback.handlers.assessment import ask_duration_choices
from hipback.handlers.info import speak_contact, speak_topic, spoken_values
from hipback.handlers.predicates import intent_in
from hipback.triage import DURATION, Answers, Reply, Tier, record_reply

YES, NO = "AMAZON.YesIntent", "AMAZON.NoIntent"


class YesNoHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_in(handler_input, (YES, NO))

    def handle(self, handler_input: HandlerInput) -> Response:
        return answer_yes_no(handler_input, yes=get_intent_name(handler_input) == YES)


def answer_yes_no(handler_input: HandlerInput, yes: bool) -> Response:
    """Yes or no, bound to whatever the skill last asked."""
    session = attributes.session(handler_input)
    pending = state.get_pending(session)
    if pending is None:
        return flow.reask(handler_input, reply.say(handler_input, "dialog.yes_no_unexpected"))
    state.clear_misses(session)
    if pending.kind == state.QUESTION:
        return answer_question(handler_input, pending.ref, Reply.YES if yes else Reply.NO)
    if pending.kind == state.FOLLOW_UP:
        self_care = state.finished_tier(session) is Tier.SELF_CARE
        if not yes:
            if self_care:
                # Care at home goes on: the check-in reminder is offered next.
                return care.ask(
                    handler_input, "reminder_offer", reply.say(handler_input, "care.later")
                )
            return reply.tell(handler_input, reply.say(handler_input, "dialog.followup_declined"))
        state.set_pending(session, None)
        if pending.ref == "contact":
            return speak_contact(handler_input)
        if pending.ref == "heat_ice" and self_care:
            return care.tips_then_ice_offer(handler_input)
        return speak_topic(handler_input, f"topics.{pending.ref}")
    if pending.kind == state.CARE:
        return care.answer(handler_input, pending.ref, yes)
    if pending.kind in (state.ROUTINE, state.PAUSED):
        return routine.answer(handler_input, pending, yes)
    if pending.kind == state.START:
        if not yes:
            return reply.tell(handler_input, reply.say(handler_input, "dialog.goodbye"))
        return flow.advance(handler_input, Answers())
    if pending.kind == state.FORGET:
        return answer_forget(handler_input, yes, resume=pending.ref)
    if pending.kind == state.EMERGENCY:
        return (
            repeat_emergency(handler_input)
            if yes
            else reply.tell(handler_input, reply.say(handler_input, "dialog.emergency_goodbye"))
        )
    if pending.kind == state.ANYTHING and yes:
        state.set_pending(session, None)
        help_text = reply.say(handler_input, "dialog.help_general")
        return reply.ask(handler_input, help_text, help_text)
    return reply.tell(handler_input, reply.say(handler_input, "dialog.goodbye"))


def repeat_emergency(handler_input: HandlerInput) -> Response:
    """The emergency advice again, word for word, with the same offer after it."""
    last = state.last_said(
        attributes.session(handler_input),
        attributes.content(handler_input),
        spoken_values(handler_input),
    )
    if last is None:
        return reply.tell(handler_input, reply.say(handler_input, "dialog.emergency_goodbye"))
    return reply.ask(handler_input, last[0], last[1])


def answer_question(handler_input: HandlerInput, question: str, said: Reply) -> Response:
    answers = state.get_answers(attributes.session(handler_input))
    if answers is None or question == DURATION:
        # "Yes" is no answer to "how long": offer the choices again.
        return ask_duration_choices(handler_input, answers or Answers())
    record_reply(answers, question, said)
    return flow.advance(handler_input, answers)


def answer_forget(handler_input: HandlerInput, yes: bool, resume: str) -> Response:
    if yes:
        forgotten = attributes.forget_profile(handler_input)
        return reply.tell(
            handler_input,
            reply.say(handler_input, "dialog.forget_done" if forgotten else "dialog.forget_failed"),
        )
    state.set_pending(
        attributes.session(handler_input), state.Pending(state.QUESTION, resume) if resume else None
    )
    return flow.reask(handler_input, reply.say(handler_input, "dialog.forget_cancelled"))
