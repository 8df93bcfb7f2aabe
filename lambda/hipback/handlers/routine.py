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

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.request_util import get_intent_name
from ask_sdk_model.response import Response

from hipback import screens
from hipback.content.render import ssml_to_text
from hipback.handlers import attributes, care, flow, reply, state
from hipback.handlers.predicates import intent_in
from hipback.handlers.reply import join

START_INTENT = "RoutineIntent"
NEXT, PAUSE, RESUME = "AMAZON.NextIntent", "AMAZON.PauseIntent", "AMAZON.ResumeIntent"
STEPS = state.ROUTINE_STEPS


class RoutineHandler(AbstractRequestHandler):
    """ "Guide me through some gentle movements"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_in(handler_input, (START_INTENT,))

    def handle(self, handler_input: HandlerInput) -> Response:
        session = attributes.session(handler_input)
        if state.assessment_in_progress(session):
            return flow.reask(handler_input, reply.say(handler_input, "routine.after_questions"))
        tier = care.finished_tier(handler_input)
        if tier is None:
            # The movements are safe only once the warning signs have been asked about.
            state.set_pending(session, state.Pending(state.START))
            question = reply.say(handler_input, "dialog.start_prompt")
            return reply.ask(
                handler_input,
                join(reply.say(handler_input, "routine.needs_check"), question),
                question,
            )
        if tier not in care.ROUTINE_TIERS:
            return flow.reask(handler_input, reply.say(handler_input, "care.not_after_warning"))
        return start(handler_input)


class RoutineControlHandler(AbstractRequestHandler):
    """Next, pause and resume, during the routine."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_in(handler_input, (NEXT, PAUSE, RESUME))

    def handle(self, handler_input: HandlerInput) -> Response:
        pending = state.get_pending(attributes.session(handler_input))
        if pending is None or pending.kind not in (state.ROUTINE, state.PAUSED):
            return flow.reask(handler_input, reply.say(handler_input, "routine.not_now"))
        intent = get_intent_name(handler_input)
        if intent == PAUSE:
            return pause(handler_input, pending.ref)
        if intent == RESUME:
            return say_step(handler_input, pending.ref)
        return go_on(handler_input, pending.ref)


def start(handler_input: HandlerInput) -> Response:
    return say_step(handler_input, STEPS[0], reply.say(handler_input, "routine.safety"))


def say_step(handler_input: HandlerInput, step: str, prefix: str = "") -> Response:
    session = attributes.session(handler_input)
    movement = reply.say(handler_input, f"routine.{step}")
    # On a screen, the movement being done, in words, for a glance from the floor.
    reply.show(handler_input, screens.info(ssml_to_text(movement)))
    if step == STEPS[-1]:
        state.set_pending(session, state.Pending(state.CARE, "routine_check"))
        check = reply.say(handler_input, "routine.check")
        return reply.ask(
            handler_input,
            join(prefix, movement, check),
            reply.say(handler_input, "routine.check_reprompt"),
        )
    state.set_pending(session, state.Pending(state.ROUTINE, step))
    ready = reply.say(handler_input, "routine.ready_next")
    return reply.ask(handler_input, join(prefix, movement, ready), ready)


def go_on(handler_input: HandlerInput, step: str) -> Response:
    """The movement after `step` ("next", or "yes" to "ready for the next one?")."""
    return say_step(handler_input, STEPS[min(STEPS.index(step) + 1, len(STEPS) - 1)])


def pause(handler_input: HandlerInput, step: str) -> Response:
    state.set_pending(attributes.session(handler_input), state.Pending(state.PAUSED, step))
    question = reply.say(handler_input, "routine.paused_question")
    return reply.ask(
        handler_input, join(reply.say(handler_input, "routine.paused"), question), question
    )


def answer(handler_input: HandlerInput, pending: state.Pending, yes: bool) -> Response:
    """Yes or no during the routine: "ready for the next one?", "shall we carry on?"."""
    if pending.kind == state.PAUSED:
        return say_step(handler_input, pending.ref) if yes else stop(handler_input)
    return go_on(handler_input, pending.ref) if yes else pause(handler_input, pending.ref)


def stop(handler_input: HandlerInput) -> Response:
    state.set_pending(attributes.session(handler_input), None)
    return reply.tell(handler_input, reply.say(handler_input, "routine.stopped"))


def checked(handler_input: HandlerInput, worse: bool) -> Response:
    """The answer to "did any of that make your pain worse?"."""
    return reply.tell(
        handler_input,
        reply.say(handler_input, "routine.felt_worse" if worse else "routine.felt_fine"),
    )
