"""The assessment: starting it, and the intents that answer its questions (read in answering.py)."""

from __future__ import annotations

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_intent_name, is_request_type
from ask_sdk_model.response import Response

from hipback.handlers import attributes, care, flow, reply, state
from hipback.handlers.predicates import intent_in
from hipback.handlers.reply import join
from hipback.triage import DURATION, Answers

ANSWERING_INTENTS = {
    "StartAssessmentIntent",
    "DurationIntent",
    "ReportSymptomIntent",
    "DenySymptomIntent",
    "AnswerYesIntent",
    "AnswerNoIntent",
    "HedgeIntent",
    "ProgressIntent",
}


def welcome_prefix(handler_input: HandlerInput, *, launch: bool, advice_first: bool = False) -> str:
    """The welcome of a new session: the full disclaimer on a first visit, its safety half after.

    Emergency advice does not wait on storage to learn whether this is a first visit.
    """
    if not attributes.is_new(handler_input):
        return ""
    attributes.profiles(handler_input).record_visit(attributes.session(handler_input))
    if advice_first:
        return ""
    first_visit = attributes.profile(handler_input).visits <= 1  # this visit included
    if launch:
        return reply.say(handler_input, "welcome.first_run" if first_visit else "welcome.returning")
    return reply.say(handler_input, "welcome.one_shot_disclaimer") if first_visit else ""


class LaunchHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        prefix = welcome_prefix(handler_input, launch=True)
        attributes.session(handler_input).pop(state.ASSESSMENT, None)
        if attributes.is_new(handler_input) and care.check_in_due(handler_input):
            return care.ask_check_in(handler_input, prefix)
        return flow.advance(handler_input, Answers(), prefix)


class StartOverHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.StartOverIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        prefix = join(
            welcome_prefix(handler_input, launch=True),
            reply.say(handler_input, "dialog.start_over"),
        )
        attributes.session(handler_input).pop(state.ASSESSMENT, None)
        return flow.advance(handler_input, Answers(), prefix)


class AnswerHandler(AbstractRequestHandler):
    """Anything that tells us about the pain: how long, where, a warning sign, a hedge."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_in(handler_input, ANSWERING_INTENTS)

    def handle(self, handler_input: HandlerInput) -> Response:
        # Reading a sentence takes the triage core's largest part, which a Launch or a
        # one-shot question never needs: it is imported when the first answer arrives.
        from hipback.handlers.answering import answer

        return answer(handler_input)


def ask_duration_choices(
    handler_input: HandlerInput, answers: Answers, prefix: str = ""
) -> Response:
    """A duration we could not understand: offer choices, never read back what was heard."""
    session = attributes.session(handler_input)
    state.put_answers(session, answers)
    state.set_pending(session, state.Pending(state.QUESTION, DURATION))
    speech = join(
        prefix,
        reply.say(handler_input, "dialog.duration_no_match"),
        reply.say(handler_input, "questions.duration.choices"),
    )
    return reply.ask(handler_input, speech, reply.say(handler_input, "questions.duration.choices"))
