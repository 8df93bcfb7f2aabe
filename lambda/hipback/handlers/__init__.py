"""Thin ask-sdk handlers around the triage core, the content and the profile store, and the
interceptors that load what they read and keep what they leave (handlers/interceptors.py)."""

from __future__ import annotations

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler

from hipback.handlers.assessment import AnswerHandler, LaunchHandler, StartOverHandler
from hipback.handlers.attributes import Services
from hipback.handlers.builtins import (
    EndHandler,
    FallbackHandler,
    HelpHandler,
    RepeatHandler,
    SessionEndedHandler,
    UnhandledIntentHandler,
)
from hipback.handlers.can_fulfill import CanFulfillHandler
from hipback.handlers.care import ConsentHandler, TimerHandler
from hipback.handlers.errors import CatchAllHandler
from hipback.handlers.info import ConditionHandler, ContactHandler, TopicHandler
from hipback.handlers.more import MoreHandler
from hipback.handlers.preferences import ForgetMeHandler, SetPreferenceHandler, SkillDisabledHandler
from hipback.handlers.requests import UnhandledRequestHandler
from hipback.handlers.routine import RoutineControlHandler, RoutineHandler
from hipback.handlers.safety import SafetyNetHandler
from hipback.handlers.screen import TouchHandler
from hipback.handlers.someone_else import SomeoneElseHandler
from hipback.handlers.yes_no import YesNoHandler

__all__ = ["CatchAllHandler", "Services", "request_handlers"]


def request_handlers() -> list[AbstractRequestHandler]:
    """All request handlers, in the order the SDK tries them: the catch-alls come last."""
    kinds = (
        CanFulfillHandler,
        LaunchHandler,
        SafetyNetHandler,
        AnswerHandler,
        SomeoneElseHandler,
        YesNoHandler,
        TouchHandler,
        TopicHandler,
        ConditionHandler,
        ContactHandler,
        MoreHandler,
        SetPreferenceHandler,
        ForgetMeHandler,
        TimerHandler,
        ConsentHandler,
        RoutineHandler,
        RoutineControlHandler,
        HelpHandler,
        RepeatHandler,
        StartOverHandler,
        EndHandler,
        SessionEndedHandler,
        SkillDisabledHandler,
        FallbackHandler,
        UnhandledIntentHandler,
        UnhandledRequestHandler,
    )
    return [kind() for kind in kinds]
