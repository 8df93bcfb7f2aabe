"""The safety net beyond the skill's topics: an emergency said in any state gets the number."""

from __future__ import annotations

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_intent_name
from ask_sdk_model.response import Response

from hipback.handlers import attributes, flow, reply, state
from hipback.handlers.slots import heard
from hipback.triage import EMERGENCIES

# What EmergencyIntent's slot can name (the voice model's EMERGENCY type ids), each with its
# words in the content's [safety] table. Only a value the voice model matched is an emergency;
# other words in its place are read as an answer by the triage core.
KINDS = frozenset(EMERGENCIES)


class SafetyNetHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("EmergencyIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        said = heard(handler_input, "emergency")
        if said is None or said.id not in KINDS:
            # Carrier words around something else ("I'm feeling a bit better"): an answer.
            from hipback.handlers.answering import answer  # imported on first use: see there

            return answer(handler_input)
        kind = said.id
        # Nothing else this session: whatever was being asked waits behind the emergency.
        state.set_pending(attributes.session(handler_input), None)
        card = (
            reply.text(handler_input, "safety.card_title"),
            reply.text(handler_input, f"safety.{kind}"),
        )
        attributes.session(handler_input).pop(state.ANSWERS, None)
        return flow.offer_to_repeat(handler_input, reply.say(handler_input, f"safety.{kind}"), card)
