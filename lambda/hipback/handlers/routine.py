"""A guided routine of four gentle movements, lying down, with each hold counted out in pauses.

Only after an assessment that ended in self care or a doctor's appointment: never after a
warning sign, and never before the warning signs have been asked. A safety line comes first
(stop if the pain gets worse or a leg goes numb), and a check after ("did any of that make your
pain worse?": yes means advice). "Next", "repeat", "pause" (and "resume") and "stop" work
throughout: Repeat and Stop through their own handlers, which read the same session state.

Each movement is one response: its description and its holds, every pause at most ten seconds
and the whole well under Alexa's 240 seconds of audio (tests/test_care_conversations.py).
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.response import Response

from hipback import screens
from hipback.content.render import ssml_to_text
from hipback.handlers import care, flow, state
from hipback.handlers.base import SkillHandler, intent_in, intent_name
from hipback.handlers.turn import Turn, join

START_INTENT = "RoutineIntent"
NEXT, PAUSE, RESUME = "AMAZON.NextIntent", "AMAZON.PauseIntent", "AMAZON.ResumeIntent"
STEPS = state.ROUTINE_STEPS


class RoutineHandler(SkillHandler):
    """ "Guide me through some gentle movements"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_in(handler_input, (START_INTENT,))

    def respond(self, turn: Turn) -> Response:
        if state.assessment_in_progress(turn.session):
            return flow.reask(turn, turn.say("routine.after_questions"))
        tier = care.finished_tier(turn)
        if tier is None:
            # The movements are safe only once the warning signs have been asked about.
            state.set_pending(turn.session, state.Pending(state.START))
            question = turn.say("dialog.start_prompt")
            return turn.ask(join(turn.say("routine.needs_check"), question), question)
        if tier not in care.ROUTINE_TIERS:
            return flow.reask(turn, turn.say("care.not_after_warning"))
        return start(turn)


class RoutineControlHandler(SkillHandler):
    """Next, pause and resume, during the routine."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_in(handler_input, (NEXT, PAUSE, RESUME))

    def respond(self, turn: Turn) -> Response:
        pending = state.get_pending(turn.session)
        if pending is None or pending.kind not in (state.ROUTINE, state.PAUSED):
            return flow.reask(turn, turn.say("routine.not_now"))
        intent = intent_name(turn.handler_input)
        if intent == PAUSE:
            return pause(turn, pending.ref)
        if intent == RESUME:
            return say_step(turn, pending.ref)
        return go_on(turn, pending.ref)


def start(turn: Turn) -> Response:
    return say_step(turn, STEPS[0], turn.say("routine.safety"))


def say_step(turn: Turn, step: str, prefix: str = "") -> Response:
    movement = turn.say(f"routine.{step}")
    # On a screen, the movement being done, in words, for a glance from the floor.
    turn.show(screens.info(ssml_to_text(movement)))
    if step == STEPS[-1]:
        state.set_pending(turn.session, state.Pending(state.CARE, "routine_check"))
        check = turn.say("routine.check")
        return turn.ask(join(prefix, movement, check), turn.say("routine.check_reprompt"))
    state.set_pending(turn.session, state.Pending(state.ROUTINE, step))
    ready = turn.say("routine.ready_next")
    return turn.ask(join(prefix, movement, ready), ready)


def go_on(turn: Turn, step: str) -> Response:
    """The movement after `step` ("next", or "yes" to "ready for the next one?")."""
    return say_step(turn, STEPS[min(STEPS.index(step) + 1, len(STEPS) - 1)])


def pause(turn: Turn, step: str) -> Response:
    state.set_pending(turn.session, state.Pending(state.PAUSED, step))
    question = turn.say("routine.paused_question")
    return turn.ask(join(turn.say("routine.paused"), question), question)


def answer(turn: Turn, pending: state.Pending, yes: bool) -> Response:
    """Yes or no during the routine: "ready for the next one?", "shall we carry on?"."""
    if pending.kind == state.PAUSED:
        return say_step(turn, pending.ref) if yes else stop(turn)
    return go_on(turn, pending.ref) if yes else pause(turn, pending.ref)


def stop(turn: Turn) -> Response:
    state.set_pending(turn.session, None)
    return turn.tell(turn.say("routine.stopped"))


def checked(turn: Turn, worse: bool) -> Response:
    """The answer to "did any of that make your pain worse?"."""
    return turn.tell(turn.say("routine.felt_worse" if worse else "routine.felt_fine"))
