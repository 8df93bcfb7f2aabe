"""The assessment: starting it, answers to its questions, and signs the user volunteers."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.response import Response

from hipback.handlers import flow, state
from hipback.handlers.base import SkillHandler, intent_name, request_type
from hipback.handlers.slots import heard
from hipback.handlers.turn import Turn, join
from hipback.triage import (
    ALL_SIGNS,
    DURATION,
    Answers,
    Reply,
    next_step,
    parse_iso_duration,
    record_duration,
    record_location,
    record_reply,
    vague_duration_hours,
    volunteer_sign,
)

ANSWERING_INTENTS = {"StartAssessmentIntent", "DurationIntent", "ReportSymptomIntent"}


def welcome_prefix(turn: Turn, *, launch: bool) -> str:
    """The welcome of a new session: the full disclaimer on a first visit, its safety half after."""
    if not turn.new_session:
        return ""
    first_visit = turn.profile().visits == 0
    turn.services.profiles.record_visit(turn.session)
    if launch:
        return turn.say("welcome.first_run" if first_visit else "welcome.returning")
    return turn.say("welcome.one_shot_disclaimer") if first_visit else ""


class LaunchHandler(SkillHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return request_type(handler_input) == "LaunchRequest"

    def respond(self, turn: Turn) -> Response:
        prefix = welcome_prefix(turn, launch=True)
        turn.session.pop(state.ASSESSMENT, None)
        return flow.advance(turn, Answers(), prefix)


class StartOverHandler(SkillHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_name(handler_input) == "AMAZON.StartOverIntent"

    def respond(self, turn: Turn) -> Response:
        prefix = join(welcome_prefix(turn, launch=True), turn.say("dialog.start_over"))
        turn.session.pop(state.ASSESSMENT, None)
        return flow.advance(turn, Answers(), prefix)


class AnswerHandler(SkillHandler):
    """Anything that tells us about the pain: how long, where, a warning sign."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_name(handler_input) in ANSWERING_INTENTS

    def respond(self, turn: Turn) -> Response:
        welcome = welcome_prefix(turn, launch=False)
        starting = intent_name(turn.handler_input) == "StartAssessmentIntent"
        if starting and turn.session.get(state.ASSESSMENT) is not None:
            # A new assessment after a finished one starts from nothing.
            turn.session.pop(state.ANSWERS, None)
        answers = flow.current_answers(turn)
        turn.session.pop(state.ASSESSMENT, None)
        signs_before = set(answers.signs)
        symptom_missed, duration_missed = record_slots(turn, answers)
        noted = answers.signs != signs_before
        prefix = join(
            welcome,
            turn.say("dialog.symptom_no_match") if symptom_missed else "",
            turn.say("dialog.noted_symptom") if noted and next_step(answers) else "",
        )
        if duration_missed and answers.duration_hours is None and not answers.duration_unknown:
            return ask_duration_choices(turn, answers, prefix)
        return flow.advance(turn, answers, prefix)


def record_slots(turn: Turn, answers: Answers) -> tuple[bool, bool]:
    """Record every slot the user filled; say whether a symptom or a duration was not understood."""
    handler_input = turn.handler_input
    symptom = heard(handler_input, "symptom")
    symptom_missed = symptom is not None and symptom.unmatched
    if symptom is not None and symptom.id in ALL_SIGNS:
        volunteer_sign(answers, symptom.id)
    location = heard(handler_input, "location")
    if location is not None and location.id:
        record_location(answers, location.id)
    vague = heard(handler_input, "vagueDuration")
    exact = heard(handler_input, "duration")
    hours = vague_duration_hours(vague.id) if vague is not None else None
    if hours is None and exact is not None:
        hours = parse_iso_duration(exact.value)
    if hours is not None:
        record_duration(answers, hours)
    duration_missed = hours is None and (vague is not None or exact is not None)
    return symptom_missed, duration_missed


def ask_duration_choices(turn: Turn, answers: Answers, prefix: str = "") -> Response:
    """A duration we could not understand: offer choices, never read back what was heard."""
    state.put_answers(turn.session, answers)
    state.set_pending(turn.session, state.Pending(state.QUESTION, DURATION))
    speech = join(
        prefix, turn.say("dialog.duration_no_match"), turn.say("questions.duration.choices")
    )
    return turn.ask(speech, turn.say("questions.duration.choices"))


class NotSureHandler(SkillHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_name(handler_input) == "NotSureIntent"

    def respond(self, turn: Turn) -> Response:
        pending = state.get_pending(turn.session)
        answers = state.get_answers(turn.session)
        if pending is None or pending.kind != state.QUESTION or answers is None:
            return flow.reask(turn, turn.say("dialog.not_sure_unexpected"))
        record_reply(answers, pending.ref, Reply.UNSURE)
        return flow.advance(turn, answers)
