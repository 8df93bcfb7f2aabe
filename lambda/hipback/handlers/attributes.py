"""What a handler knows about its request, put in request attributes by the request interceptor.

`LoadInterceptor` (handlers/interceptors.py) runs before every handler and leaves a `Loaded`
in `handler_input.attributes_manager.request_attributes`; handlers read it through the typed
accessors here (`content`, `session`, `profile`, ...), as the official samples read their
strings from request attributes. The profile is read on first use, not by the interceptor: a
one-shot question and emergency advice never wait on storage (docs/architecture.md).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.request_util import get_locale, is_new_session

from hipback.config import Settings
from hipback.content import Content, country_for_zone
from hipback.deadline import Deadline
from hipback.handlers import state

if TYPE_CHECKING:
    from hipback.persistence import Profile, ProfileService

# The request attribute that holds this request's Loaded.
LOADED = "hipback.loaded"
# A request without a session (a skill event such as SkillDisabled): the SDK raises on any use
# of session attributes, so such a request gets a dict of its own, kept here.
OWN_SESSION = "hipback.session"


class Services(NamedTuple):
    """What handlers share across requests: built once per container."""

    settings: Settings
    profiles: ProfileService


class Loaded(NamedTuple):
    """What the request interceptor loaded for one request."""

    services: Services
    # The words for the request's locale.
    content: Content
    # Storage waits no longer than this request can afford (hipback/deadline.py).
    deadline: Deadline


def loaded(handler_input: HandlerInput) -> Loaded:
    value = handler_input.attributes_manager.request_attributes[LOADED]
    assert isinstance(value, Loaded)
    return value


def content(handler_input: HandlerInput) -> Content:
    return loaded(handler_input).content


def settings(handler_input: HandlerInput) -> Settings:
    return loaded(handler_input).services.settings


def profiles(handler_input: HandlerInput) -> ProfileService:
    return loaded(handler_input).services.profiles


def deadline(handler_input: HandlerInput) -> Deadline:
    return loaded(handler_input).deadline


def session(handler_input: HandlerInput) -> dict[str, Any]:
    """The session attributes, as a dict the handler may change (the SDK sends it back)."""
    attributes = handler_input.attributes_manager
    if handler_input.request_envelope.session is None:
        own = attributes.request_attributes.setdefault(OWN_SESSION, {})
        assert isinstance(own, dict)
        return own
    current = attributes.session_attributes
    if not isinstance(current, dict):
        current = {}
        attributes.session_attributes = current
    return current


def session_country(handler_input: HandlerInput) -> str | None:
    """The device's country as this session has learnt it, without touching the session (a
    request answered with no session attributes must send none back)."""
    if handler_input.request_envelope.session is None:
        return None
    return state.get_country(handler_input.attributes_manager.session_attributes or {})


def learn_time_zone(handler_input: HandlerInput, zone: str) -> None:
    """The device's time zone, read for another reason: where it tells the country, the rest
    of the session says that country's facts."""
    country = country_for_zone(locale(handler_input), zone)
    if country is not None:
        session(handler_input)[state.COUNTRY] = country


def profile(handler_input: HandlerInput) -> Profile:
    """The user's stored profile with this session's changes, read at most once a session."""
    return profiles(handler_input).load(
        handler_input.request_envelope, session(handler_input), deadline(handler_input)
    )


def forget_profile(handler_input: HandlerInput) -> bool:
    """Delete what is stored about the user; True when nothing of theirs remains stored."""
    return profiles(handler_input).forget(
        handler_input.request_envelope, session(handler_input), deadline(handler_input)
    )


def is_new(handler_input: HandlerInput) -> bool:
    try:
        return bool(is_new_session(handler_input))
    except TypeError:
        # Skill events and some system requests carry no session.
        return True


def locale(handler_input: HandlerInput) -> str | None:
    try:
        value = get_locale(handler_input)
    except AttributeError:
        return None
    return value if isinstance(value, str) else None


def today(handler_input: HandlerInput) -> date:
    """The request's day (UTC), against which "since sunday" is counted back."""
    timestamp = getattr(handler_input.request_envelope.request, "timestamp", None)
    if isinstance(timestamp, datetime):
        return timestamp.astimezone(UTC).date() if timestamp.tzinfo else timestamp.date()
    return datetime.now(UTC).date()
