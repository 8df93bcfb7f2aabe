"""The assessment as a conversation: ask what the triage core plans, speak what it decides.

Handlers call these after they have recorded what the user said; no rule is decided here.
"""

from __future__ import annotations

from ask_sdk_model.response import Response

from hipback import screens
from hipback.handlers import state
from hipback.handlers.info import answer_style
from hipback.handlers.turn import Turn, join
from hipback.triage import (
    DURATION,
    HOME_CARE,
    Answers,
    Outcome,
    Reply,
    Tier,
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


def current_answers(turn: Turn) -> Answers:
    """The assessment in progress, or a new one."""
    return state.get_answers(turn.session) or Answers()


def after_a_week_of_home_care() -> Answers:
    """A new assessment that already knows what a check-in a week after self care told us: the
    pain has lasted a week or more, and a week of home care has not helped (the seed's rule
    gives a doctor's appointment). The warning signs are still to be asked."""
    answers = Answers()
    record_duration(answers, 7 * 24)
    record_reply(answers, HOME_CARE, Reply.YES)
    return answers


def advance(turn: Turn, answers: Answers, prefix: str = "") -> Response:
    """Ask the next planned question, or give the outcome when the plan is done."""
    state.clear_misses(turn.session)
    step = next_step(answers)
    if step is None:
        return give_outcome(turn, answers, prefix)
    state.put_answers(turn.session, answers)
    state.set_pending(turn.session, state.Pending(state.QUESTION, step.question))
    form = "explain" if step.explain else "ask"
    speech = join(prefix, turn.question(step.question, form))
    return turn.ask(speech, turn.question(step.question, "reprompt"))


def give_outcome(turn: Turn, answers: Answers, prefix: str = "") -> Response:
    outcome = evaluate(answers)
    state.finish(turn.session, outcome)
    tier = outcome.tier.id
    card = (turn.text(f"outcomes.{tier}.card_title"), _card_text(turn, outcome))
    speech = join(prefix, _guidance(turn, outcome), turn.say("dialog.card_sent"))
    turn.show(screens.outcome(outcome.tier, _first_layer(outcome), turn.content,
                              state.get_pronoun(turn.session)))
    if outcome.tier is Tier.EMERGENCY:
        # No more questions: the one thing to do is to get help now. The session stays open
        # only so that the advice can be heard again.
        return offer_to_repeat(turn, speech, card)
    topic, follow_up_key = follow_up_for(turn, outcome.tier)
    follow_up = turn.say(follow_up_key)
    state.set_pending(turn.session, state.Pending(state.FOLLOW_UP, topic))
    return turn.ask(join(speech, follow_up), follow_up, card)


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


def offer_to_repeat(turn: Turn, speech: str, card: tuple[str, str] | None = None) -> Response:
    """Emergency advice, then "shall I say that again?": nothing else is asked of the user."""
    state.set_pending(turn.session, state.Pending(state.EMERGENCY))
    offer = turn.say("dialog.emergency_repeat_offer")
    return turn.ask(join(speech, offer), turn.say("dialog.emergency_reprompt"), card)


def follow_up_for(turn: Turn, tier: Tier) -> tuple[str, str]:
    """The one thing to offer after this outcome: its topic, and the content key that offers it."""
    topic = FOLLOW_UP_TOPIC[tier]
    settings = turn.services.settings
    if topic == "contact" and not (settings.clinic_name and settings.clinic_phone):
        # With no clinic to name, offer what to watch for instead.
        return "when_to_worry", f"outcomes.{tier.id}.follow_up_no_clinic"
    return topic, f"outcomes.{tier.id}.follow_up"


def _first_layer(outcome: Outcome) -> str:
    """The content key of the outcome's first layer, which everyone hears."""
    if outcome.tier is Tier.URGENT and all(r.startswith("unsure_") for r in outcome.reasons):
        return "outcomes.urgent.unsure_speech"
    if outcome.tier is Tier.DOCTOR and "child" in outcome.reasons:
        # Said to a parent: why a child's pain needs a doctor, and what to do about them.
        return "outcomes.doctor.child.speech"
    return f"outcomes.{outcome.tier.id}.speech"


def _guidance(turn: Turn, outcome: Outcome) -> str:
    first = _first_layer(outcome)
    parts = [turn.say(first)]
    if "duration_months" in outcome.reasons:
        parts.append(turn.say("outcomes.doctor.specialist"))
    if "duration_unknown" in outcome.reasons:
        parts.append(turn.say("outcomes.doctor.unknown_duration"))
    if outcome.tier is not Tier.EMERGENCY and answer_style(turn) == "detailed":
        # The first layer is what everyone hears; who asked for detail hears the rest, as
        # with the answers to questions.
        # The first layer's own more (a child's, said to a parent), else the tier's.
        more = f"{first.rpartition('.')[0]}.more"
        tier_more = f"outcomes.{outcome.tier.id}.more"
        parts.append(turn.say(more if turn.content.has(more) else tier_more))
    return join(*parts)


def _card_text(turn: Turn, outcome: Outcome) -> str:
    reasons = [turn.text(f"reasons.{reason}") for reason in outcome.reasons]
    return "\n\n".join([turn.text(f"outcomes.{outcome.tier.id}.card_text"), " ".join(reasons)])


def reask_with_choices(turn: Turn, prefix: str = "") -> Response:
    """Ask the pending question again and say how it can be answered: a warning-sign question
    is never dropped because an answer was not understood."""
    pending = state.get_pending(turn.session)
    if pending is None or pending.kind != state.QUESTION:
        return reask(turn, prefix)
    if pending.ref == DURATION:
        choices = turn.say("questions.duration.choices")
        return turn.ask(join(prefix, choices), choices)
    speech = join(prefix, turn.say("dialog.choices"), turn.question(pending.ref, "ask"))
    return turn.ask(speech, turn.question(pending.ref, "reprompt"))


def reask(turn: Turn, prefix: str = "") -> Response:
    """Say `prefix`, then ask again whatever the skill is waiting for."""
    pending = state.get_pending(turn.session)
    if pending is not None and pending.kind == state.QUESTION:
        speech = join(prefix, turn.question(pending.ref, "ask"))
        return turn.ask(speech, turn.question(pending.ref, "reprompt"))
    if pending is not None and pending.kind == state.FOLLOW_UP:
        tier = state.finished_tier(turn.session) or Tier.SELF_CARE
        follow_up = turn.say(follow_up_for(turn, tier)[1])
        return turn.ask(join(prefix, follow_up), follow_up)
    if pending is not None and pending.kind == state.EMERGENCY:
        return turn.ask(join(prefix, turn.say("dialog.emergency_reprompt")),
                        turn.say("dialog.emergency_reprompt"))
    if pending is not None and pending.kind in (state.CARE, state.ROUTINE, state.PAUSED):
        key = care_question(pending)
        if key is not None:
            return turn.ask(join(prefix, turn.say(key)), turn.say(key))
    if pending is not None and pending.kind == state.FORGET:
        question = turn.say("dialog.forget_confirm")
        return turn.ask(join(prefix, question), question)
    question = turn.say("dialog.start_prompt")
    state.set_pending(turn.session, state.Pending(state.START))
    return turn.ask(join(prefix, question), question)

