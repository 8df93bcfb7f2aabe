"""The assessment as a conversation: ask what the triage core plans, speak what it decides.

Handlers call these after they have recorded what the user said; no rule is decided here.
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.response import Response

from hipback import screens
from hipback.handlers import attributes, reply, state
from hipback.handlers.info import answer_style
from hipback.handlers.reply import join
from hipback.triage import (
    DURATION,
    HOME_CARE,
    Advice,
    Answers,
    Reply,
    Tier,
    advice_for,
    evaluate,
    next_step,
    record_duration,
    record_reply,
)

# After the outcome, one offer that fits it (a yes/no question).
FOLLOW_UP_TOPIC = {
    Tier.SELF_CARE: "heat_ice",
    Tier.DOCTOR: "causes",
    Tier.PROMPT: "contact",
    Tier.URGENT: "contact",
}


def current_answers(handler_input: HandlerInput) -> Answers:
    """The assessment in progress, or a new one."""
    return state.get_answers(attributes.session(handler_input)) or Answers()


def after_a_week_of_home_care() -> Answers:
    """A new assessment that already knows what a check-in a week after self care told us: the
    pain has lasted a week or more, and a week of home care has not helped (the seed's rule
    gives a doctor's appointment). The warning signs are still to be asked."""
    answers = Answers()
    record_duration(answers, 7 * 24)
    record_reply(answers, HOME_CARE, Reply.YES)
    return answers


def emergency_now(answers: Answers) -> bool:
    """Whether the answers already give emergency advice: it is said first, with nothing
    before it (no welcome, no "I'll ask my questions about her")."""
    return next_step(answers) is None and evaluate(answers).tier is Tier.EMERGENCY


def advance(handler_input: HandlerInput, answers: Answers, prefix: str = "") -> Response:
    """Ask the next planned question, or give the outcome when the plan is done."""
    session = attributes.session(handler_input)
    state.clear_misses(session)
    step = next_step(answers)
    if step is None:
        return give_outcome(handler_input, answers, prefix)
    state.put_answers(session, answers)
    state.set_pending(session, state.Pending(state.QUESTION, step.question))
    form = "explain" if step.explain else "ask"
    speech = join(prefix, reply.question(handler_input, step.question, form))
    return reply.ask(
        handler_input, speech, reply.question(handler_input, step.question, "reprompt")
    )


def give_outcome(handler_input: HandlerInput, answers: Answers, prefix: str = "") -> Response:
    outcome = evaluate(answers)
    advice = advice_for(outcome)
    state.finish(attributes.session(handler_input), outcome)
    card = (reply.text(handler_input, advice.card_title), _card_text(handler_input, advice))
    speech = join(
        prefix, _guidance(handler_input, advice), reply.say(handler_input, "dialog.card_sent")
    )
    content = attributes.content(handler_input)
    pronoun = state.get_pronoun(attributes.session(handler_input))
    reply.show(handler_input, screens.outcome(outcome.tier, advice.first_layer, content, pronoun))
    if outcome.tier is Tier.EMERGENCY:
        # No more questions: the one thing to do is to get help now. The session stays open
        # only so that the advice can be heard again.
        return offer_to_repeat(handler_input, speech, card)
    topic, follow_up_key = follow_up_for(handler_input, outcome.tier)
    follow_up = reply.say(handler_input, follow_up_key)
    state.set_pending(attributes.session(handler_input), state.Pending(state.FOLLOW_UP, topic))
    return reply.ask(handler_input, join(speech, follow_up), follow_up, card)


# The short form of each hands-free care question, to ask it again (hipback/handlers/care.py).
CARE_QUESTIONS = {
    "routine_offer": "routine.offer",
    "routine_check": "routine.check_reprompt",
    "checkin": "care.checkin_ask_reprompt",
    "ice_offer": "care.ice_offer",
    "heat_check": "care.heat_check",
    "reminder_offer": "care.reminder_offer",
}


def care_question(pending: state.Pending) -> str | None:
    """The content key that asks a care question again; None when Alexa is the one asking."""
    if pending.kind == state.ROUTINE:
        return "routine.ready_next"
    if pending.kind == state.PAUSED:
        return "routine.paused_question"
    return CARE_QUESTIONS.get(pending.ref)


def offer_to_repeat(
    handler_input: HandlerInput, speech: str, card: tuple[str, str] | None = None
) -> Response:
    """Emergency advice, then "shall I say that again?": nothing else is asked of the user."""
    state.set_pending(attributes.session(handler_input), state.Pending(state.EMERGENCY))
    offer = reply.say(handler_input, "dialog.emergency_repeat_offer")
    return reply.ask(
        handler_input,
        join(speech, offer),
        reply.say(handler_input, "dialog.emergency_reprompt"),
        card,
    )


def follow_up_for(handler_input: HandlerInput, tier: Tier) -> tuple[str, str]:
    """The one thing to offer after this outcome: its topic, and the content key that offers it."""
    topic = FOLLOW_UP_TOPIC[tier]
    settings = attributes.settings(handler_input)
    if topic == "contact" and not (settings.clinic_name and settings.clinic_phone):
        # With no clinic to name, offer what to watch for instead.
        return "when_to_worry", f"outcomes.{tier.id}.follow_up_no_clinic"
    return topic, f"outcomes.{tier.id}.follow_up"


def _guidance(handler_input: HandlerInput, advice: Advice) -> str:
    parts = [reply.say(handler_input, key) for key in advice.speech]
    if advice.more is not None and answer_style(handler_input) == "detailed":
        # The first layer is what everyone hears; who asked for detail hears the rest, as
        # with the answers to questions.
        parts.append(reply.say(handler_input, advice.more))
    return join(*parts)


def _card_text(handler_input: HandlerInput, advice: Advice) -> str:
    reasons = " ".join(reply.text(handler_input, key) for key in advice.card_reasons)
    return "\n\n".join([reply.text(handler_input, advice.card_text), reasons])


def reask_with_choices(handler_input: HandlerInput, prefix: str = "") -> Response:
    """Ask the pending question again and say how it can be answered: a warning-sign question
    is never dropped because an answer was not understood."""
    pending = state.get_pending(attributes.session(handler_input))
    if pending is None or pending.kind != state.QUESTION:
        return reask(handler_input, prefix)
    if pending.ref == DURATION:
        choices = reply.say(handler_input, "questions.duration.choices")
        return reply.ask(handler_input, join(prefix, choices), choices)
    speech = join(
        prefix,
        reply.say(handler_input, "dialog.choices"),
        reply.question(handler_input, pending.ref, "ask"),
    )
    return reply.ask(handler_input, speech, reply.question(handler_input, pending.ref, "reprompt"))


def reask(handler_input: HandlerInput, prefix: str = "") -> Response:
    """Say `prefix`, then ask again whatever the skill is waiting for."""
    session = attributes.session(handler_input)
    pending = state.get_pending(session)
    if pending is not None and pending.kind == state.QUESTION:
        speech = join(prefix, reply.question(handler_input, pending.ref, "ask"))
        return reply.ask(
            handler_input, speech, reply.question(handler_input, pending.ref, "reprompt")
        )
    if pending is not None and pending.kind == state.FOLLOW_UP:
        tier = state.finished_tier(session) or Tier.SELF_CARE
        follow_up = reply.say(handler_input, follow_up_for(handler_input, tier)[1])
        return reply.ask(handler_input, join(prefix, follow_up), follow_up)
    if pending is not None and pending.kind == state.EMERGENCY:
        return reply.ask(
            handler_input,
            join(prefix, reply.say(handler_input, "dialog.emergency_reprompt")),
            reply.say(handler_input, "dialog.emergency_reprompt"),
        )
    if pending is not None and pending.kind in (state.CARE, state.ROUTINE, state.PAUSED):
        key = care_question(pending)
        if key is not None:
            return reply.ask(
                handler_input,
                join(prefix, reply.say(handler_input, key)),
                reply.say(handler_input, key),
            )
    if pending is not None and pending.kind == state.FORGET:
        question = reply.say(handler_input, "dialog.forget_confirm")
        return reply.ask(handler_input, join(prefix, question), question)
    question = reply.say(handler_input, "dialog.start_prompt")
    state.set_pending(session, state.Pending(state.START))
    return reply.ask(handler_input, join(prefix, question), question)
