"""CanFulfillIntentRequest: whether the skill can serve an intent, asked before it is invoked.

Alexa asks this for name-free requests ("Alexa, should I use heat or ice for my back?"). The
answer must have no side effect (Amazon's CanFulfillIntentRequest reference): no speech, no
storage read or write, no session attributes. So this handler reads only the settings.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_request_type
from ask_sdk_model.canfulfill.can_fulfill_intent import CanFulfillIntent
from ask_sdk_model.canfulfill.can_fulfill_intent_values import CanFulfillIntentValues
from ask_sdk_model.canfulfill.can_fulfill_slot import CanFulfillSlot
from ask_sdk_model.canfulfill.can_fulfill_slot_values import CanFulfillSlotValues
from ask_sdk_model.canfulfill.can_understand_slot_values import CanUnderstandSlotValues
from ask_sdk_model.response import Response

from hipback.config import Settings
from hipback.handlers import attributes
from hipback.handlers.info import TOPIC_INTENTS
from hipback.handlers.slots import heard

# What the skill serves without being named: its information and starting an assessment.
# Answers to questions only make sense inside the skill's own session, and an emergency is
# better left to Alexa's own answer than claimed by a skill.
_YES, _MAYBE = CanUnderstandSlotValues.YES, CanUnderstandSlotValues.MAYBE
SERVED_INTENTS = frozenset({*TOPIC_INTENTS, "ConditionInfoIntent", "StartAssessmentIntent"})


class CanFulfillHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type("CanFulfillIntentRequest")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        answer = can_fulfill(handler_input)
        return handler_input.response_builder.set_can_fulfill_intent(answer).response


def can_fulfill(handler_input: HandlerInput) -> CanFulfillIntent:
    """YES when the skill serves the intent and understood every slot, MAYBE when it serves
    the intent but a custom slot's words matched none of its values, else NO."""
    intent = _intent_name(handler_input)
    if intent not in served_intents(attributes.settings(handler_input)):
        return CanFulfillIntent(can_fulfill=CanFulfillIntentValues.NO)
    slots = slot_answers(handler_input)
    understood = all(slot.can_understand is CanUnderstandSlotValues.YES for slot in slots.values())
    verdict = CanFulfillIntentValues.YES if understood else CanFulfillIntentValues.MAYBE
    return CanFulfillIntent(can_fulfill=verdict, slots=slots or None)


def _intent_name(handler_input: HandlerInput) -> str | None:
    # The SDK's get_intent_name accepts only an IntentRequest; this request names its intent
    # the same way.
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    name = getattr(intent, "name", None)
    return name if isinstance(name, str) else None


def served_intents(settings: Settings) -> frozenset[str]:
    if settings.clinic_name and settings.clinic_phone:
        return SERVED_INTENTS | {"ContactClinicIntent"}
    return SERVED_INTENTS


def slot_answers(handler_input: HandlerInput) -> dict[str, CanFulfillSlot]:
    """Per filled slot: understood when entity resolution matched (or a built-in type gave a
    value), maybe when a custom slot's words matched none of our values. Every filled slot can
    be fulfilled: the skill reads unmatched words itself, or answers with its overview."""
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    names = getattr(intent, "slots", None) or {}
    answers: dict[str, CanFulfillSlot] = {}
    for name in names if isinstance(names, dict) else ():
        slot = heard(handler_input, name)
        if slot is None:
            continue
        understood = _MAYBE if slot.unmatched else _YES
        answers[name] = CanFulfillSlot(
            can_understand=understood, can_fulfill=CanFulfillSlotValues.YES
        )
    return answers
