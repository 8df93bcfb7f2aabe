"""The one catch-all: log what broke (never what the user said) and keep the session usable."""

from __future__ import annotations

import logging
import traceback

from ask_sdk_core.dispatch_components.exception_components import AbstractExceptionHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.request_util import get_request_type
from ask_sdk_model.response import Response

from hipback.content import Content, for_locale
from hipback.handlers import attributes, state
from hipback.handlers.requests import apologises
from hipback.persistence import ForgetFailed

log = logging.getLogger(__name__)


def log_safe_trace(error: BaseException) -> str:
    """The error's type and where it happened, without its message.

    Messages can carry request values (a KeyError names the key it missed), so only the stack
    frames are logged: enough to find the bug, nothing about the user.
    """
    frames = "".join(traceback.format_tb(error.__traceback__))
    return f"{type(error).__name__}\n{frames}"


def apology(content: Content, session: object) -> str:
    """Sorry, and please say it again; with the emergency line while an assessment is in
    progress, where the failed answer may have been a warning sign."""
    if state.assessment_in_progress(session):
        return content.ssml("dialog.error_in_assessment")
    return content.ssml("dialog.error")


class CatchAllHandler(AbstractExceptionHandler):
    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        # A SkillDisabled delete that failed must fail the invocation, not be acknowledged.
        return not isinstance(exception, ForgetFailed)

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        log.error("unhandled error: %s", log_safe_trace(exception))
        builder = handler_input.response_builder
        if not apologises(get_request_type(handler_input)):
            # Alexa accepts no speech in reply to these.
            return builder.response
        try:
            # The request interceptor may be what failed: the locale is read again here.
            locale = attributes.locale(handler_input)
            content = for_locale(locale, attributes.session_country(handler_input))
            speech = apology(content, attributes.session(handler_input))
        except Exception:  # the error reply itself must never fail
            speech = apology(for_locale(None), None)
        return builder.speak(speech).ask(speech).set_should_end_session(False).response
