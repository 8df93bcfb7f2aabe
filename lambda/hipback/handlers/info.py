"""Answers to the user's questions, in or out of an assessment."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_intent_name
from ask_sdk_model.response import Response

from hipback import screens
from hipback.content import Content
from hipback.content.render import ssml_to_text
from hipback.handlers import state
from hipback.handlers.base import SkillHandler, intent_in, intent_name
from hipback.handlers.slots import heard
from hipback.handlers.speech import Speech
from hipback.handlers.turn import Turn, join
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


class TopicHandler(SkillHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_in(handler_input, TOPIC_INTENTS)

    def respond(self, turn: Turn) -> Response:
        topic = TOPIC_INTENTS[intent_name(turn.handler_input) or ""]
        return speak_topic(turn, f"topics.{topic}")


class ConditionHandler(SkillHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("ConditionInfoIntent")(handler_input)

    def respond(self, turn: Turn) -> Response:
        condition = heard(turn.handler_input, "condition")
        if condition is not None and condition.id in CONDITIONS:
            return speak_topic(turn, f"conditions.{condition.id}")
        # A condition we have no page for: the overview names the ones we know.
        return speak_topic(turn, "topics.causes")


class ContactHandler(SkillHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("ContactClinicIntent")(handler_input)

    def respond(self, turn: Turn) -> Response:
        return speak_contact(turn)


def answer_style(turn: Turn) -> str:
    # A one-shot question does not read storage (it would cost a cold start its boto3 import),
    # so it gets the standard length; a session that has loaded the profile uses its choice.
    if turn.new_session:
        return "standard"
    return turn.profile().style


def speak_topic(turn: Turn, key: str) -> Response:
    speech = topic_speech(turn, key)
    turn.show(screens.info(ssml_to_text(speech)))
    return then_carry_on(turn, speech, answer_card(turn, key))


def topic_speech(turn: Turn, key: str) -> str:
    """An answer, as long as the user likes their answers."""
    style = answer_style(turn)
    if style == "brief":
        speech = turn.say(f"{key}.brief")
    elif style == "detailed":
        speech = join(turn.say(f"{key}.standard"), turn.say(f"{key}.more"))
    else:
        speech = turn.say(f"{key}.standard")
    return speech


def answer_card(turn: Turn, key: str) -> tuple[str, str]:
    """An answer's card: all of it, then where it comes from and when it was last reviewed,
    so that whoever reads it later can judge it."""
    text = "\n\n".join((turn.text(f"{key}.standard"), turn.text(f"{key}.more"),
                         turn.content.source_line(key)))
    return turn.text(f"{key}.card_title"), text


def spoken_values(turn: Turn) -> dict[str, str]:
    """The parameter values the skill speaks: only from its configuration, never the session."""
    settings = turn.services.settings
    if settings.clinic_name and settings.clinic_phone:
        return {"clinic_name": settings.clinic_name, "phone": settings.clinic_phone}
    return {}


def speak_contact(turn: Turn) -> Response:
    params = spoken_values(turn)
    if params:
        speech = turn.say("dialog.contact_configured", **params)
        turn.show(screens.info(turn.text("dialog.contact_configured", **params)))
        card = (
            turn.text("dialog.contact_card_title"),
            turn.text("dialog.contact_configured", **params),
        )
        return then_carry_on(turn, speech, card)
    turn.show(screens.info(turn.text("dialog.contact_not_configured")))
    return then_carry_on(turn, turn.say("dialog.contact_not_configured"))


def then_carry_on(turn: Turn, speech: str, card: tuple[str, str] | None = None) -> Response:
    """After an answer: back to the pending question, or end a one-shot, or offer more."""
    pending = state.get_pending(turn.session)
    if pending is not None and pending.kind == state.QUESTION:
        # The question's short form: the whole question again, after an answer, is more than
        # a tired ear holds in one turn.
        short = turn.question(pending.ref, "reprompt")
        return turn.ask(join(speech, turn.say("dialog.back_to_question"), short), short, card)
    if turn.new_session:
        return turn.tell(speech, card)
    state.set_pending(turn.session, state.Pending(state.ANYTHING))
    anything = turn.say("dialog.anything_else")
    # Say that there is more only where there is: the offer is not a second question.
    has_more = next_layer(Speech.keys_of(speech), turn.content) is not None
    offer = turn.say("dialog.more_offer") if has_more else ""
    return turn.ask(join(speech, offer, anything), anything, card)


def next_layer(said: tuple[str, ...], content: Content) -> str | None:
    """The content key of the next layer of the answer or outcome in `said` (the keys of one
    turn's speech), or None when that turn said no layered content or already said its last."""
    # Layers are found on the plain keys: words about someone else ("outcomes.urgent.her.speech")
    # lead to the plain next layer, which is then said about them too (Turn.say).
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
