""" "It's for my mum": the questions are asked about her, and a child gets a parent's wording.

The pronoun lives in the session only (state.PERSON) and picks the content's own forms of the
questions (reply.question); whether the person is a child is a triage fact (Answers.child), so
the rules, not this handler, decide what it changes.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.response import Response

from hipback.handlers import attributes, flow, reply, state
from hipback.handlers.assessment import welcome_prefix
from hipback.handlers.predicates import intent_in
from hipback.handlers.reply import join
from hipback.handlers.slots import heard
from hipback.triage import Answers, Tier, record_child

SOMEONE_ELSE_INTENT = "ForSomeoneElseIntent"
# PERSON slot value ids: who, and whether the words can only mean a child under sixteen ("my
# little girl", "my ten year old son": the voice model lists the ages with the person).
PRONOUN_OF = {
    "her": "her",
    "him": "him",
    "them": "them",
    "girl": "her",
    "boy": "him",
    "child": "them",
}
CHILD_IDS = frozenset({"girl", "boy", "child"})


class SomeoneElseHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_in(handler_input, (SOMEONE_ELSE_INTENT,))

    def handle(self, handler_input: HandlerInput) -> Response:
        session = attributes.session(handler_input)
        person = heard(handler_input, "person")
        person_id = person.id if person is not None and person.id in PRONOUN_OF else None
        pronoun = PRONOUN_OF.get(person_id or "them", "them")
        state.set_pronoun(session, pronoun)
        if state.finished_tier(session) is Tier.EMERGENCY:
            # Emergency advice stands, for whoever it is: nothing else is asked after it.
            return flow.reask(handler_input)
        if session.get(state.ASSESSMENT) is not None:
            # A new assessment, for someone else, after a finished one.
            session.pop(state.ASSESSMENT, None)
            session.pop(state.ANSWERS, None)
        answers = state.get_answers(session) or Answers()
        child = person_id in CHILD_IDS
        if child:
            record_child(answers)
        prefix = join(
            welcome_prefix(handler_input, launch=False),
            reply.say(handler_input, "someone_else.child") if child else "",
            reply.say(handler_input, f"someone_else.{pronoun}"),
        )
        return flow.advance(handler_input, answers, prefix)
