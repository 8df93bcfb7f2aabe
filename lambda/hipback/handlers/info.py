"""Answers to the user's questions, in or out of an assessment."""

from __future__ import annotations

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_intent_name
from ask_sdk_core.utils.request_util import get_intent_name
from ask_sdk_model.response import Response

from hipback import screens
from hipback.content import Content
from hipback.content.render import ssml_to_text
from hipback.handlers import attributes, reply, state
from hipback.handlers.predicates import intent_in
from hipback.handlers.reply import join
from hipback.handlers.slots import heard
from hipback.handlers.speech import Speech
from hipback.triage import CONDITIONS

TOPIC_INTENTS = {
    "CausesIntent": "causes",
    "HeatIceIntent": "heat_ice",
    "FastestReliefIntent": "fastest_relief",
    "WhenToWorryIntent": "when_to_worry",
    "OneSidedPainIntent": "one_sided",
    "PhysicalTherapyIntent": "physical_therapy",
    "SurgeryIntent": "surgery",
    "MedicationIntent": "medication",
    "AlternativeTherapyIntent": "alternative_therapy",
    "HomeCareIntent": "home_care",
    "SleepIntent": "sleep",
    "ExerciseIntent": "exercise",
    "PainReliefIntent": "pain_relief",
    "ImagingIntent": "imaging",
    "ManualTherapyIntent": "manual_therapy",
    "RecoveryTimeIntent": "recovery_time",
    "PregnancyIntent": "pregnancy",
    "SeeDoctorIntent": "see_doctor",
}


# What comes after each layer of an answer or an outcome, for "tell me more": the short answer
# grows to the standard one, the standard answer and an outcome's first layer to their "more".
NEXT_LAYER = {"brief": "standard", "standard": "more", "speech": "more", "unsure_speech": "more"}
LAYERED = ("outcomes.", "topics.", "conditions.")


class TopicHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_in(handler_input, TOPIC_INTENTS)

    def handle(self, handler_input: HandlerInput) -> Response:
        told = answer_to_signs(handler_input)
        if told is not None:
            return told
        topic = TOPIC_INTENTS[str(get_intent_name(handler_input))]
        return speak_topic(handler_input, f"topics.{topic}")


class ConditionHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("ConditionInfoIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        told = answer_to_signs(handler_input)
        if told is not None:
            return told
        condition = heard(handler_input, "condition")
        if condition is not None and condition.id in CONDITIONS:
            return speak_topic(handler_input, f"conditions.{condition.id}")
        # A condition we have no page for: the overview names the ones we know.
        return speak_topic(handler_input, "topics.causes")


def answer_to_signs(handler_input: HandlerInput) -> Response | None:
    """What was felt, said before a question, is read first: a warning sign in it ("I've wet
    myself and my legs are numb, is that sciatica"; "se me duerme la entrepierna, ¿cuándo se
    me quita?") is an answer, and a warning sign always wins. None when it tells no sign."""
    felt = heard(handler_input, "symptom")
    if felt is None or not felt.value:
        return None
    from hipback.handlers import answering  # imported on first use: see there

    return answering.answer(handler_input) if answering.tells_signs(handler_input) else None


class ContactHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("ContactClinicIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return speak_contact(handler_input)


def answer_style(handler_input: HandlerInput) -> str:
    # A one-shot question does not read storage (it would cost a cold start its boto3 import),
    # so it gets the standard length; a session that has loaded the profile uses its choice.
    if attributes.is_new(handler_input):
        return "standard"
    return attributes.profile(handler_input).style


def speak_topic(handler_input: HandlerInput, key: str) -> Response:
    speech = topic_speech(handler_input, key)
    reply.show(handler_input, screens.info(ssml_to_text(speech)))
    return then_carry_on(handler_input, speech, answer_card(handler_input, key))


def topic_speech(handler_input: HandlerInput, key: str) -> str:
    """An answer, as long as the user likes their answers."""
    style = answer_style(handler_input)
    if style == "brief":
        speech = reply.say(handler_input, f"{key}.brief")
    elif style == "detailed":
        speech = join(
            reply.say(handler_input, f"{key}.standard"), reply.say(handler_input, f"{key}.more")
        )
    else:
        speech = reply.say(handler_input, f"{key}.standard")
    return speech


def answer_card(handler_input: HandlerInput, key: str) -> tuple[str, str]:
    """An answer's card: all of it, then where it comes from and when it was last reviewed,
    so that whoever reads it later can judge it."""
    content = attributes.content(handler_input)
    text = "\n\n".join((reply.text(handler_input, f"{key}.standard"),
                         reply.text(handler_input, f"{key}.more"), content.source_line(key)))
    return reply.text(handler_input, f"{key}.card_title"), text


def spoken_values(handler_input: HandlerInput) -> dict[str, str]:
    """The parameter values the skill speaks: only from its configuration, never the session."""
    settings = attributes.settings(handler_input)
    if settings.clinic_name and settings.clinic_phone:
        return {"clinic_name": settings.clinic_name, "phone": settings.clinic_phone}
    return {}


def speak_contact(handler_input: HandlerInput) -> Response:
    params = spoken_values(handler_input)
    if params:
        speech = reply.say(handler_input, "dialog.contact_configured", **params)
        reply.show(
            handler_input,
            screens.info(reply.text(handler_input, "dialog.contact_configured", **params)),
        )
        card = (
            reply.text(handler_input, "dialog.contact_card_title"),
            reply.text(handler_input, "dialog.contact_configured", **params),
        )
        return then_carry_on(handler_input, speech, card)
    reply.show(
        handler_input, screens.info(reply.text(handler_input, "dialog.contact_not_configured"))
    )
    return then_carry_on(handler_input, reply.say(handler_input, "dialog.contact_not_configured"))


def then_carry_on(
    handler_input: HandlerInput, speech: str, card: tuple[str, str] | None = None
) -> Response:
    """After an answer: back to the pending question, or end a one-shot, or offer more."""
    session = attributes.session(handler_input)
    pending = state.get_pending(session)
    if pending is not None and pending.kind == state.QUESTION:
        # The question's short form: the whole question again, after an answer, is more than
        # a tired ear holds in one turn.
        short = reply.question(handler_input, pending.ref, "reprompt")
        return reply.ask(
            handler_input,
            join(speech, reply.say(handler_input, "dialog.back_to_question"), short),
            short,
            card,
        )
    if attributes.is_new(handler_input):
        return reply.tell(handler_input, speech, card)
    state.set_pending(session, state.Pending(state.ANYTHING))
    anything = reply.say(handler_input, "dialog.anything_else")
    # Say that there is more only where there is: the offer is not a second question.
    has_more = next_layer(Speech.keys_of(speech), attributes.content(handler_input)) is not None
    offer = reply.say(handler_input, "dialog.more_offer") if has_more else ""
    return reply.ask(handler_input, join(speech, offer, anything), anything, card)


def next_layer(said: tuple[str, ...], content: Content) -> str | None:
    """The content key of the next layer of the answer or outcome in `said` (the keys of one
    turn's speech), or None when that turn said no layered content or already said its last."""
    # Layers are found on the plain keys: words about someone else ("outcomes.urgent.her.speech")
    # lead to the plain next layer, which is then said about them too (reply.say).
    plain = [content.plain(key) for key in said]
    for key in plain:
        base, _, form = key.rpartition(".")
        if not key.startswith(LAYERED) or form not in NEXT_LAYER:
            continue
        following = f"{base}.{NEXT_LAYER[form]}"
        if following in plain or not content.has(following):
            return None
        return following
    return None
