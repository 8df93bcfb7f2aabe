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

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_request_type
from ask_sdk_model.interfaces.connections.send_request_directive import SendRequestDirective
from ask_sdk_model.response import Response

from hipback.handlers import alerts, flow, state
from hipback.handlers.base import SkillHandler, intent_in, intent_name
from hipback.handlers.info import then_carry_on, topic_speech
from hipback.handlers.turn import Turn, join
from hipback.triage import Tier

ICE, HEAT, REMINDER = "ice", "heat", "reminder"
TIMER_INTENTS = {"IceTimerIntent": ICE, "HeatTimerIntent": HEAT}
# What each consent request is for: the token sent with AskFor and given back by Alexa.
SCOPE_OF = {ICE: alerts.TIMERS_SCOPE, HEAT: alerts.TIMERS_SCOPE, REMINDER: alerts.REMINDERS_SCOPE}
PERMISSION_NAME = {ICE: "timers", HEAT: "timers", REMINDER: "reminders"}
# The tiers after which care at home is the advice, and the routine may be offered.
ROUTINE_TIERS = frozenset({Tier.SELF_CARE, Tier.DOCTOR})
ACCEPTED = "ACCEPTED"


def finished_tier(turn: Turn) -> Tier | None:
    return state.finished_tier(turn.session)


def warning_given(turn: Turn) -> bool:
    """An assessment ended in a warning sign's tier this session (prompt or higher)."""
    tier = finished_tier(turn)
    return tier is not None and tier not in ROUTINE_TIERS


class TimerHandler(SkillHandler):
    """ "Time my ice pack", "set a heat timer"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_in(handler_input, TIMER_INTENTS)

    def respond(self, turn: Turn) -> Response:
        kind = TIMER_INTENTS[intent_name(turn.handler_input) or ""]
        if state.assessment_in_progress(turn.session):
            # The questions come first: a warning sign may yet be found.
            return flow.reask(turn, turn.say("care.after_questions"))
        if warning_given(turn):
            return flow.reask(turn, turn.say("care.not_after_warning"))
        if kind == HEAT:
            return ask(turn, "heat_check")
        return start_timer(turn, ICE)


class ConsentHandler(SkillHandler):
    """Alexa's answer to our AskFor: the user accepted, declined or did not answer."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("Connections.Response")(handler_input)

    def respond(self, turn: Turn) -> Response:
        request = turn.envelope.request
        token = getattr(request, "token", None)
        payload = getattr(request, "payload", None)
        status = payload.get("status") if isinstance(payload, dict) else None
        # The token comes back from the device: only one of ours says what to do.
        if getattr(request, "name", None) != "AskFor" or token not in SCOPE_OF:
            return flow.reask(turn)
        state.set_pending(turn.session, None)
        if status == ACCEPTED:
            return (
                start_timer(turn, token, asked=True)
                if token != REMINDER
                else start_reminder(turn, asked=True)
            )
        declined = turn.say(f"care.{PERMISSION_NAME[token]}_declined")
        if token == REMINDER:
            return after_reminder(turn, declined)
        return after_timer(turn, join(declined, turn.say(f"care.{token}_advice")))


def ask(turn: Turn, ref: str, prefix: str = "") -> Response:
    """One of care's yes/no questions (content `care.<ref>` or `routine.offer`)."""
    state.set_pending(turn.session, state.Pending(state.CARE, ref))
    key = "routine.offer" if ref == "routine_offer" else f"care.{ref}"
    question = turn.say(key)
    return turn.ask(join(prefix, question), question)


def answer(turn: Turn, ref: str, yes: bool) -> Response:
    """A yes or a no to one of care's questions."""
    state.set_pending(turn.session, None)
    if ref == "ice_offer":
        return start_timer(turn, ICE) if yes else after_timer(turn, turn.say("care.later"))
    if ref == "heat_check":
        # Yes, the skin is numb: no heat (the safety line), and nothing timed.
        return after_timer(turn, turn.say("care.heat_refused")) if yes else start_timer(turn, HEAT)
    if ref == "reminder_offer":
        return start_reminder(turn) if yes else after_reminder(turn, turn.say("care.later"))
    if ref == "checkin":
        return answer_check_in(turn, better=yes)
    from hipback.handlers import routine  # routine builds on this module

    if ref == "routine_offer":
        return routine.start(turn) if yes else turn.tell(turn.say("care.goodbye"))
    if ref == "routine_check":
        return routine.checked(turn, worse=yes)
    return flow.reask(turn)  # "consent": Alexa asks that question, not us


def tips_then_ice_offer(turn: Turn) -> Response:
    """After a self-care outcome, "yes" to the heat and ice tips: the tips, then the timer."""
    return ask(turn, "ice_offer", topic_speech(turn, "topics.heat_ice"))


def start_timer(turn: Turn, kind: str, asked: bool = False) -> Response:
    """Set the ice or heat timer, asking for the permission first when the request lacks it
    (unless the user has just given it: the request that says so may not list it yet)."""
    if not asked and not alerts.granted(turn, alerts.TIMERS_SCOPE):
        return ask_permission(turn, kind)
    result = alerts.create_timer(turn, kind)
    if result is alerts.Result.DONE:
        return after_timer(turn, turn.say(f"care.{kind}_set"))
    if result is alerts.Result.REFUSED:
        speech = join(turn.say("care.timers_declined"), turn.say(f"care.{kind}_advice"))
        return after_timer(turn, speech)
    return after_timer(turn, turn.say(f"care.{kind}_unavailable"))


def ask_permission(turn: Turn, what: str) -> Response:
    state.set_pending(turn.session, state.Pending(state.CARE, "consent"))
    directive = SendRequestDirective(
        name="AskFor",
        payload={
            "@type": "AskForPermissionsConsentRequest",
            "@version": "1",
            "permissionScope": SCOPE_OF[what],
        },
        token=what,
    )
    return turn.hand_over(turn.say(f"care.{PERMISSION_NAME[what]}_permission"), directive)


def after_timer(turn: Turn, speech: str) -> Response:
    """After a timer (set or not): the check-in reminder is offered after self care."""
    if finished_tier(turn) is Tier.SELF_CARE:
        return ask(turn, "reminder_offer", speech)
    return then_carry_on(turn, speech)


def start_reminder(turn: Turn, asked: bool = False) -> Response:
    if not asked and not alerts.granted(turn, alerts.REMINDERS_SCOPE):
        return ask_permission(turn, REMINDER)
    when, zone = alerts.check_in_time(turn)
    result = alerts.create_check_in(turn, when, zone)
    if result is alerts.Result.DONE:
        # Only the day is stored, so that the next visit after it can ask how it is going.
        turn.services.profiles.set_check_in(turn.session, when.date().isoformat())
        return after_reminder(turn, turn.say("care.reminder_set"))
    if result is alerts.Result.REFUSED:
        speech = join(turn.say("care.reminders_declined"), turn.say("care.reminder_unavailable"))
        return after_reminder(turn, speech)
    return after_reminder(turn, turn.say("care.reminder_unavailable"))


def after_reminder(turn: Turn, speech: str) -> Response:
    """After the reminder (set or not): the routine is offered after self care."""
    if finished_tier(turn) in ROUTINE_TIERS:
        return ask(turn, "routine_offer", speech)
    return then_carry_on(turn, speech)


def check_in_due(turn: Turn) -> bool:
    """A check-in reminder was set, and its day has come."""
    day = turn.profile().check_in
    return day is not None and day <= turn.today.isoformat()


def ask_check_in(turn: Turn, welcome: str) -> Response:
    """The launch after the check-in's day: how is it going? (Asked once: the day is cleared.)"""
    turn.services.profiles.set_check_in(turn.session, None)
    state.set_pending(turn.session, state.Pending(state.CARE, "checkin"))
    speech = join(welcome, turn.say("care.checkin_ask"))
    return turn.ask(speech, turn.say("care.checkin_ask_reprompt"))


def answer_check_in(turn: Turn, better: bool) -> Response:
    """The seed's rule: no better after a week of home care, see a doctor. The warning signs
    are still asked first; the core then gives at least a doctor's appointment."""
    if better:
        return turn.tell(turn.say("care.checkin_better"))
    return flow.advance(turn, flow.after_a_week_of_home_care(), turn.say("care.checkin_not_better"))
