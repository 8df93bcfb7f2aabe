"""A predicate the SDK's utils lack: an intent request for one of several intents."""

from __future__ import annotations

from collections.abc import Collection

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_request_type
from ask_sdk_core.utils.request_util import get_intent_name


def intent_in(handler_input: HandlerInput, names: Collection[str]) -> bool:
    """An IntentRequest for one of `names`. A CanFulfillIntentRequest names an intent too, but
    only asks whether the skill could serve it: no intent handler may answer it."""
    return bool(is_request_type("IntentRequest")(handler_input)) and (
        get_intent_name(handler_input) in names
    )
