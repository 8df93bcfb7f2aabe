"""Hands-free care: ice and heat timers, a check-in reminder a week later, and the offers that
lead from a self-care outcome to them (then to the guided routine, hipback/handlers/routine.py).

After a self-care outcome the offers come one at a time, each a yes/no question: the ice timer
(after the heat and ice tips), the check-in reminder, the routine. Nothing here is offered or
done after a warning sign: a finished assessment must have ended in self care (or, for the
routine, a doctor's appointment), and an assessment in progress is finished first.

A missing permission is asked for with Alexa's own voice consent (Connections.SendRequest
AskFor); its answer arrives as a Connections.Response, whose token says what was being set.
Whatever Alexa's APIs do, the advice is spoken: a failed timer says how long to keep the pack
on instead.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_request_type
from ask_sdk_core.utils.request_util import get_intent_name
from ask_sdk_model.response import Response

from hipback.handlers import alerts, attributes, flow, reply, state
from hipback.handlers.info import then_carry_on, topic_speech
from hipback.handlers.predicates import intent_in
from hipback.handlers.reply import join
from hipback.triage import Tier

ICE, HEAT, REMINDER = "ice", "heat", "reminder"
TIMER_INTENTS = {"IceTimerIntent": ICE, "HeatTimerIntent": HEAT}
# What each consent request is for: the token sent with AskFor and given back by Alexa.
SCOPE_OF = {ICE: alerts.TIMERS_SCOPE, HEAT: alerts.TIMERS_SCOPE, REMINDER: alerts.REMINDERS_SCOPE}
PERMISSION_NAME = {ICE: "timers", HEAT: "timers", REMINDER: "reminders"}
# The tiers after which care at home is the advice, and the routine may be offered.
ROUTINE_TIERS = frozenset({Tier.SELF_CARE, Tier.DOCTOR})
ACCEPTED = "ACCEPTED"


def finished_tier(handler_input: HandlerInput) -> Tier | None:
    return state.finished_tier(attributes.session(handler_input))


def warning_given(handler_input: HandlerInput) -> bool:
    """An assessment ended in a warning sign's tier this session (prompt or higher)."""
    tier = finished_tier(handler_input)
    return tier is not None and tier not in ROUTINE_TIERS


class TimerHandler(AbstractRequestHandler):
    """ "Time my ice pack", "set a heat timer"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_in(handler_input, TIMER_INTENTS)

    def handle(self, handler_input: HandlerInput) -> Response:
        kind = TIMER_INTENTS[str(get_intent_name(handler_input))]
        if state.assessment_in_progress(attributes.session(handler_input)):
            # The questions come first: a warning sign may yet be found.
            return flow.reask(handler_input, reply.say(handler_input, "care.after_questions"))
        if warning_given(handler_input):
            return flow.reask(handler_input, reply.say(handler_input, "care.not_after_warning"))
        if kind == HEAT:
            return ask(handler_input, "heat_check")
        return start_timer(handler_input, ICE)


class ConsentHandler(AbstractRequestHandler):
    """Alexa's answer to our AskFor: the user accepted, declined or did not answer."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("Connections.Response")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        token = getattr(request, "token", None)
        payload = getattr(request, "payload", None)
        status = payload.get("status") if isinstance(payload, dict) else None
        # The token comes back from the device: only one of ours says what to do.
        if getattr(request, "name", None) != "AskFor" or token not in SCOPE_OF:
            return flow.reask(handler_input)
        state.set_pending(attributes.session(handler_input), None)
        if status == ACCEPTED:
            return (
                start_timer(handler_input, token, asked=True)
                if token != REMINDER
                else start_reminder(handler_input, asked=True)
            )
        declined = reply.say(handler_input, f"care.{PERMISSION_NAME[token]}_declined")
        if token == REMINDER:
            return after_reminder(handler_input, declined)
        return after_timer(
            handler_input, join(declined, reply.say(handler_input, f"care.{token}_advice"))
        )


def ask(handler_input: HandlerInput, ref: str, prefix: str = "") -> Response:
    """One of care's yes/no questions (content `care.<ref>` or `routine.offer`)."""
    state.set_pending(attributes.session(handler_input), state.Pending(state.CARE, ref))
    key = "routine.offer" if ref == "routine_offer" else f"care.{ref}"
    question = reply.say(handler_input, key)
    return reply.ask(handler_input, join(prefix, question), question)


def answer(handler_input: HandlerInput, ref: str, yes: bool) -> Response:
    """A yes or a no to one of care's questions."""
    state.set_pending(attributes.session(handler_input), None)
    if ref == "ice_offer":
        return (
            start_timer(handler_input, ICE)
            if yes
            else after_timer(handler_input, reply.say(handler_input, "care.later"))
        )
    if ref == "heat_check":
        # Yes, the skin is numb: no heat (the safety line), and nothing timed.
        return (
            after_timer(handler_input, reply.say(handler_input, "care.heat_refused"))
            if yes
            else start_timer(handler_input, HEAT)
        )
    if ref == "reminder_offer":
        return (
            start_reminder(handler_input)
            if yes
            else after_reminder(handler_input, reply.say(handler_input, "care.later"))
        )
    if ref == "checkin":
        return answer_check_in(handler_input, better=yes)
    from hipback.handlers import routine  # routine builds on this module

    if ref == "routine_offer":
        return (
            routine.start(handler_input)
            if yes
            else reply.tell(handler_input, reply.say(handler_input, "care.goodbye"))
        )
    if ref == "routine_check":
        return routine.checked(handler_input, worse=yes)
    return flow.reask(handler_input)  # "consent": Alexa asks that question, not us


def tips_then_ice_offer(handler_input: HandlerInput) -> Response:
    """After a self-care outcome, "yes" to the heat and ice tips: the tips, then the timer."""
    return ask(handler_input, "ice_offer", topic_speech(handler_input, "topics.heat_ice"))


def start_timer(handler_input: HandlerInput, kind: str, asked: bool = False) -> Response:
    """Set the ice or heat timer, asking for the permission first when the request lacks it
    (unless the user has just given it: the request that says so may not list it yet)."""
    if not asked and not alerts.granted(handler_input, alerts.TIMERS_SCOPE):
        return ask_permission(handler_input, kind)
    result = alerts.create_timer(handler_input, kind)
    if result is alerts.Result.DONE:
        return after_timer(handler_input, reply.say(handler_input, f"care.{kind}_set"))
    if result is alerts.Result.REFUSED:
        speech = join(
            reply.say(handler_input, "care.timers_declined"),
            reply.say(handler_input, f"care.{kind}_advice"),
        )
        return after_timer(handler_input, speech)
    return after_timer(handler_input, reply.say(handler_input, f"care.{kind}_unavailable"))


def ask_permission(handler_input: HandlerInput, what: str) -> Response:
    # Imported on first use, like the timer and reminder classes (alerts.py): the Connections
    # interface's modules are a cold start's cost that only this request needs.
    from ask_sdk_model.interfaces.connections.send_request_directive import SendRequestDirective

    state.set_pending(attributes.session(handler_input), state.Pending(state.CARE, "consent"))
    directive = SendRequestDirective(
        name="AskFor",
        payload={
            "@type": "AskForPermissionsConsentRequest",
            "@version": "1",
            "permissionScope": SCOPE_OF[what],
        },
        token=what,
    )
    return reply.hand_over(
        handler_input,
        reply.say(handler_input, f"care.{PERMISSION_NAME[what]}_permission"),
        directive,
    )


def after_timer(handler_input: HandlerInput, speech: str) -> Response:
    """After a timer (set or not): the check-in reminder is offered after self care."""
    if finished_tier(handler_input) is Tier.SELF_CARE:
        return ask(handler_input, "reminder_offer", speech)
    return then_carry_on(handler_input, speech)


def start_reminder(handler_input: HandlerInput, asked: bool = False) -> Response:
    if not asked and not alerts.granted(handler_input, alerts.REMINDERS_SCOPE):
        return ask_permission(handler_input, REMINDER)
    when, zone = alerts.check_in_time(handler_input)
    result = alerts.create_check_in(handler_input, when, zone)
    if result is alerts.Result.DONE:
        # Only the day is stored, so that the next visit after it can ask how it is going.
        attributes.profiles(handler_input).set_check_in(
            attributes.session(handler_input), when.date().isoformat()
        )
        return after_reminder(handler_input, reply.say(handler_input, "care.reminder_set"))
    if result is alerts.Result.REFUSED:
        speech = join(
            reply.say(handler_input, "care.reminders_declined"),
            reply.say(handler_input, "care.reminder_unavailable"),
        )
        return after_reminder(handler_input, speech)
    return after_reminder(handler_input, reply.say(handler_input, "care.reminder_unavailable"))


def after_reminder(handler_input: HandlerInput, speech: str) -> Response:
    """After the reminder (set or not): the routine is offered after self care."""
    if finished_tier(handler_input) in ROUTINE_TIERS:
        return ask(handler_input, "routine_offer", speech)
    return then_carry_on(handler_input, speech)


def check_in_due(handler_input: HandlerInput) -> bool:
    """A check-in reminder was set, and its day has come."""
    day = attributes.profile(handler_input).check_in
    return day is not None and day <= attributes.today(handler_input).isoformat()


def ask_check_in(handler_input: HandlerInput, welcome: str) -> Response:
    """The launch after the check-in's day: how is it going? (Asked once: the day is cleared.)"""
    session = attributes.session(handler_input)
    attributes.profiles(handler_input).set_check_in(session, None)
    state.set_pending(session, state.Pending(state.CARE, "checkin"))
    speech = join(welcome, reply.say(handler_input, "care.checkin_ask"))
    return reply.ask(handler_input, speech, reply.say(handler_input, "care.checkin_ask_reprompt"))


def answer_check_in(handler_input: HandlerInput, better: bool) -> Response:
    """The seed's rule: no better after a week of home care, see a doctor. The warning signs
    are still asked first; the core then gives at least a doctor's appointment."""
    if better:
        return reply.tell(handler_input, reply.say(handler_input, "care.checkin_better"))
    return flow.advance(
        handler_input,
        flow.after_a_week_of_home_care(),
        reply.say(handler_input, "care.checkin_not_better"),
    )
