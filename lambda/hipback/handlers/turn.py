"""One request and its reply: the words for the request's locale, the session, the response.

Every handler builds its answer through a Turn so that the rules that hold for every response
live in one place: speech and reprompt are remembered for Repeat, an open session always has
a reprompt, a closed one never does, and the user's profile is saved when the session ends.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.request_util import get_locale, is_new_session
from ask_sdk_model.directive import Directive
from ask_sdk_model.response import Response
from ask_sdk_model.ui.simple_card import SimpleCard

from hipback.config import Settings
from hipback.content import Content, country_for_zone, for_locale
from hipback.deadline import Deadline
from hipback.handlers import state
from hipback.handlers.speech import Speech
from hipback.screens import Screen
from hipback.triage import Tier

if TYPE_CHECKING:
    from hipback.persistence import Profile, ProfileService

# Alexa's documented limits: speech and card text up to 8,000 characters each.
MAX_SPEECH = 8000
MAX_CARD = 8000
# The most a turn after emergency advice waits on storage.
EMERGENCY_STORAGE_SECONDS = 0.5
# Where a turn leaves the screen it chose, for the screen interceptor (handlers/screen.py).
SCREEN_ATTRIBUTE = "screen"


class Services(NamedTuple):
    """What handlers share across requests: built once per container."""

    settings: Settings
    profiles: ProfileService


class Turn:
    def __init__(self, handler_input: HandlerInput, services: Services) -> None:
        self.handler_input = handler_input
        self.services = services
        attributes = handler_input.attributes_manager
        # A request without a session (a skill event such as SkillDisabled): the SDK raises on
        # any use of session attributes, so such a turn gets a dict of its own.
        if handler_input.request_envelope.session is None:
            session: dict[str, Any] = {}
        else:
            session = attributes.session_attributes or {}
            attributes.session_attributes = session
        self.session: dict[str, Any] = session
        # The device's country, when this session has learnt it, picks the facts of a locale
        # that serves more than one country; otherwise every country's number is said.
        self.content: Content = for_locale(_locale(handler_input), state.get_country(session))
        # Storage waits no longer than this turn can afford (hipback/deadline.py).
        self.deadline = Deadline.for_turn(handler_input.context)

    @property
    def new_session(self) -> bool:
        try:
            return bool(is_new_session(self.handler_input))
        except TypeError:
            # Skill events and some system requests carry no session.
            return True

    @property
    def envelope(self) -> Any:
        return self.handler_input.request_envelope

    @property
    def locale(self) -> str | None:
        return _locale(self.handler_input)

    @property
    def today(self) -> date:
        """The request's day (UTC), against which "since sunday" is counted back."""
        timestamp = getattr(self.envelope.request, "timestamp", None)
        if isinstance(timestamp, datetime):
            return timestamp.astimezone(UTC).date() if timestamp.tzinfo else timestamp.date()
        return datetime.now(UTC).date()

    def learn_time_zone(self, zone: str) -> None:
        """The device's time zone, read for another reason: where it tells the country, the
        rest of the session says that country's facts."""
        country = country_for_zone(self.locale, zone)
        if country is not None:
            self.session[state.COUNTRY] = country

    def say(self, key: str, **params: str) -> str:
        return Speech.of(self.content, key, params)

    def question(self, question: str, form: str) -> str:
        """A question of the assessment in one of its forms (ask, reprompt, help, explain),
        about the person the user asked for ("has she had...") where the content words it so."""
        pronoun = state.get_pronoun(self.session)
        key = f"questions.{question}.{pronoun}.{form}"
        if pronoun is None or not self.content.has(key):
            key = f"questions.{question}.{form}"
        return self.say(key)

    def text(self, key: str, **params: str) -> str:
        return self.content.text(key, **params)

    def profile(self) -> Profile:
        """The user's stored profile, read at most once a session."""
        return self.services.profiles.load(self.envelope, self.session, self.deadline)

    def save_profile(self) -> None:
        """Write what changed in the user's profile this session (the session's one write).

        After emergency advice the write gets little time: saying the number again matters
        more than counting the visit.
        """
        deadline = self.deadline
        if state.finished_tier(self.session) is Tier.EMERGENCY:
            deadline = Deadline(min(deadline.left(), EMERGENCY_STORAGE_SECONDS))
        self.services.profiles.flush(self.envelope, self.session, deadline)

    def forget_profile(self) -> bool:
        """Delete what is stored about the user; True when nothing of theirs remains stored."""
        return self.services.profiles.forget(self.envelope, self.session, self.deadline)

    def show(self, screen: Screen) -> None:
        """The screen that goes with this turn's reply, on a device that has one."""
        self.handler_input.attributes_manager.request_attributes[SCREEN_ATTRIBUTE] = screen

    def ask(self, speech: str, reprompt: str, card: tuple[str, str] | None = None) -> Response:
        """Speak and keep listening: the reply ends with a question and has a reprompt."""
        state.remember_last(self.session, speech, reprompt)
        builder = self.handler_input.response_builder
        builder.speak(_fit(speech)).ask(_fit(reprompt)).set_should_end_session(False)
        if card is not None:
            builder.set_card(_card(*card))
        return builder.response

    def hand_over(self, speech: str, directive: Directive) -> Response:
        """Speak, then let Alexa ask the user something itself (a permission, AskFor): no
        reprompt and no shouldEndSession; the answer comes back as a request of its own."""
        builder = self.handler_input.response_builder
        builder.speak(_fit(speech)).add_directive(directive)
        return builder.response

    def tell(self, speech: str, card: tuple[str, str] | None = None) -> Response:
        """Speak and end the session, saving what changed in the user's profile."""
        builder = self.handler_input.response_builder
        builder.speak(_fit(speech)).set_should_end_session(True)
        if card is not None:
            builder.set_card(_card(*card))
        self.save_profile()
        return builder.response


def join(*parts: str) -> str:
    return Speech.joined(*parts)


def _locale(handler_input: HandlerInput) -> str | None:
    try:
        locale = get_locale(handler_input)
    except AttributeError:
        return None
    return locale if isinstance(locale, str) else None


def _fit(speech: str) -> str:
    # Content is reviewed to stay far below the limit; this only guards against a runaway
    # join. Cut at a sentence end so the SSML stays well formed.
    if len(speech) <= MAX_SPEECH:
        return speech
    cut = speech.rfind(". ", 0, MAX_SPEECH - 1)
    return speech[: cut + 1] if cut > 0 else speech[:MAX_SPEECH]


def _card(title: str, text: str) -> SimpleCard:
    room = MAX_CARD - len(title)
    return SimpleCard(title=title, content=text[:room])
