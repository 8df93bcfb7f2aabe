"""Reading slots as Alexa filled them, including entity resolution."""

from __future__ import annotations

from typing import NamedTuple

from ask_sdk_core.handler_input import HandlerInput

MATCH = "ER_SUCCESS_MATCH"


class Heard(NamedTuple):
    value: str | None
    # The custom slot value id when entity resolution matched; None for no match or a built-in.
    id: str | None
    # A custom slot was filled but matched none of our values: re-ask, never read it back.
    unmatched: bool


def heard(handler_input: HandlerInput, name: str) -> Heard | None:
    """What Alexa heard for slot `name`, or None when the slot is empty."""
    # Not the SDK's get_slot: it accepts only an IntentRequest, and a CanFulfillIntentRequest
    # names its slots the same way (handlers/can_fulfill.py).
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    slots = getattr(intent, "slots", None) or {}
    slot = slots.get(name) if isinstance(slots, dict) else None
    if slot is None:
        return None
    value = slot.value if isinstance(slot.value, str) and slot.value.strip() else None
    resolutions = getattr(getattr(slot, "resolutions", None), "resolutions_per_authority", None)
    if not resolutions:
        return None if value is None else Heard(value, None, unmatched=False)
    for authority in resolutions:
        code = getattr(getattr(authority, "status", None), "code", None)
        code_name = getattr(code, "value", code)
        values = authority.values or []
        if code_name == MATCH and values:
            value_id = getattr(getattr(values[0], "value", None), "id", None)
            if isinstance(value_id, str) and value_id:
                return Heard(value, value_id, unmatched=False)
    if value is None:
        return None
    return Heard(value, None, unmatched=True)
