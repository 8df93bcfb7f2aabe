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
# The triage rule's age: under sixteen is a child.
CHILD_UNDER = 16


def _pronoun(person_id: str | None, before: str | None) -> str:
    """Who the questions are about. "He's twelve" after "it's for my son" is still him: words
    that do not say who (an age alone, "my child") keep a pronoun already known."""
    if person_id is not None and person_id != "child":
        return PRONOUN_OF[person_id]
    return before or "them"


def _age(handler_input: HandlerInput) -> int | None:
    """The age said, in years (AMAZON.NUMBER gives digits), or None."""
    said = heard(handler_input, "age")
    value = (said.value or "").strip() if said is not None else ""
    return int(value) if value.isdigit() and len(value) <= 3 else None


def _who(handler_input: HandlerInput) -> tuple[str | None, int | None, str | None, str]:
    """The PERSON id and the age said, the words when Alexa could not match them, and the
    words that named the person, matched or not."""
    person = heard(handler_input, "person")
    person_id = person.id if person is not None and person.id in PRONOUN_OF else None
    age = _age(handler_input)
    sentence = person.value if person is not None and person.unmatched else None
    if sentence:
        # The person said in a longer sentence: "my son, he's twelve, he's had a sore back
        # for five days" names him, his age, and how long. (Imported here: see handle.)
        from hipback.triage import reading

        said = reading.person_said(sentence, attributes.locale(handler_input))
        person_id = person_id or said.who
        age = age if age is not None else said.age
    return person_id, age, sentence, (person.value or "") if person is not None else ""


def is_child(person_id: str | None, age: int | None) -> bool:
    """An age said with the words decides: "my kid is seventeen" is not a child."""
    return age < CHILD_UNDER if age is not None else person_id in CHILD_IDS


def introduce(handler_input: HandlerInput, answers: Answers, person_id: str | None,
              age: int | None, words: str) -> str:
    """Take who the questions are about, from a story told where the user's own answer was
    expected ("my son is eleven and his hip hurts"): the words that say so, a child's first."""
    session = attributes.session(handler_input)
    before = state.get_pronoun(session)
    pronoun = _pronoun(person_id, before)
    state.set_pronoun(session, pronoun)
    child = is_child(person_id, age)
    if child:
        record_child(answers)
    return join(
        reply.say(handler_input, "someone_else.child") if child else "",
        _introduction(handler_input, pronoun, before, words, asks_age=age is None and not child),
    )


def _introduction(
    handler_input: HandlerInput, pronoun: str, before: str | None, words: str, *, asks_age: bool
) -> str:
    """ "All right, I'll ask my questions about him", when that is news; and for someone who
    may be a child or grown up ("my son", "our lad"), an invitation to say the age, which the
    child's rule needs."""
    if pronoun == before:
        return ""
    from hipback.triage.reading import may_be_a_child

    invite = asks_age and may_be_a_child(words, attributes.locale(handler_input))
    return join(
        reply.say(handler_input, f"someone_else.{pronoun}"),
        reply.say(handler_input, f"someone_else.ask_age.{pronoun}") if invite else "",
    )


class SomeoneElseHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_in(handler_input, (SOMEONE_ELSE_INTENT,))

    def handle(self, handler_input: HandlerInput) -> Response:
        # Imported here, as for any answer (handlers/answering.py): a Launch or a one-shot
        # question never reads a sentence.
        from hipback.handlers.answering import record_length_said
        from hipback.triage import answering, reading

        session = attributes.session(handler_input)
        person_id, age, sentence, words = _who(handler_input)
        before = state.get_pronoun(session)
        pronoun = _pronoun(person_id, before)
        state.set_pronoun(session, pronoun)
        if state.finished_tier(session) is Tier.EMERGENCY:
            # Emergency advice stands, for whoever it is: nothing else is asked after it.
            return flow.reask(handler_input)
        if session.get(state.ASSESSMENT) is not None:
            # A new assessment, for someone else, after a finished one.
            session.pop(state.ASSESSMENT, None)
            session.pop(state.ANSWERS, None)
        answers = state.get_answers(session) or Answers()
        child = is_child(person_id, age)
        introduced = _introduction(
            handler_input, pronoun, before, words, asks_age=age is None and not child
        )
        if state.get_pending(session) == state.Pending(state.CARE, "checkin") and not child:
            # The check-in a week later does not know who the pain was for (nothing about it
            # is stored): asked again, and the questions after it are about them. A child's
            # pain gets a new assessment below, which gives at least a doctor's visit.
            return flow.reask(handler_input, introduced)
        if child:
            record_child(answers)
        # How long, said with who ("my husband has had back pain since yesterday"): said once.
        record_length_said(handler_input, answers, None)
        if sentence:
            locale = attributes.locale(handler_input)
            answering.take_reading(answers, None, reading.read(sentence, locale), None, None)
            hours = reading.duration_hours(sentence, locale)
            if hours is not None:
                answering.take_length(answers, None, hours)
        if flow.emergency_now(answers):
            # A warning sign in the words: the emergency advice first, about them.
            welcome_prefix(handler_input, launch=False, advice_first=True)
            return flow.advance(handler_input, answers)
        prefix = join(
            welcome_prefix(handler_input, launch=False),
            reply.say(handler_input, "someone_else.child") if child else "",
            introduced,
        )
        return flow.advance(handler_input, answers, prefix)
