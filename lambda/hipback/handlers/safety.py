"""The safety net beyond the skill's topics: an emergency said in any state gets the number."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_intent_name
from ask_sdk_model.response import Response

from hipback.handlers import flow, state
from hipback.handlers.assessment import answer
from hipback.handlers.base import SkillHandler
from hipback.handlers.slots import heard
from hipback.handlers.turn import Turn
from hipback.triage import EMERGENCIES

# What EmergencyIntent's slot can name (the voice model's EMERGENCY type ids), each with its
# words in the content's [safety] table. Only a value the voice model matched is an emergency;
# other words in its place are read as an answer by the triage core.
KINDS = frozenset(EMERGENCIES)


class SafetyNetHandler(SkillHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("EmergencyIntent")(handler_input)

    def respond(self, turn: Turn) -> Response:
        said = heard(turn.handler_input, "emergency")
        if said is None or said.id not in KINDS:
            # Carrier words around something else ("I'm feeling a bit better"): an answer.
            return answer(turn)
        kind = said.id
        # Nothing else this session: whatever was being asked waits behind the emergency.
        state.set_pending(turn.session, None)
        card = (turn.text("safety.card_title"), turn.text(f"safety.{kind}"))
        turn.session.pop(state.ANSWERS, None)
        return flow.offer_to_repeat(turn, turn.say(f"safety.{kind}"), card)
