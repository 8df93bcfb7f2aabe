"""Alexa's side of a conversation: sessions, silence, permissions, calls to the skill."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simulator.alexa_api import SCOPES, ApiCall
from simulator.envelopes import EnvelopeBuilder, Session, new_session
from simulator.responses import Card, Speech, parse_response
from simulator.screen import Screen, find_button, screen_of
from simulator.understanding import Understander, best_reading, slot_summary
from simulator.utterances import Launch, OneShot, Quit, Said, Silence, Tap, parse

SkillHandler = Callable[[dict[str, Any], Any], dict[str, Any]]
# Sees every request envelope and the response (None when the skill raised).
Observer = Callable[[dict[str, Any], dict[str, Any] | None], None]

# What an Echo says when the skill fails or returns something it cannot use.
SKILL_PROBLEM = "There was a problem with the requested skill's response."
# What Alexa itself asks when a skill sends Connections.SendRequest AskFor (its own words).
CONSENT_PROMPT = (
    "Do you give Hip and Back Helper permission to use your {what}? You can say I approve or no."
)
SCOPE_NAMES = {scope: name for name, scope in SCOPES.items()}


class LambdaContext:
    """Enough of AWS Lambda's context object for a handler that asks about its deadline."""

    def get_remaining_time_in_millis(self) -> int:
        return 8000


@dataclass
class Turn:
    """One user line and what Alexa did about it."""

    locale: str
    request: str | None = None  # the request type sent to the skill, None if none was sent
    intent: str | None = None
    slots: dict[str, str] = field(default_factory=dict)
    # Other intents the voice model found about as likely (an ambiguity in the model).
    close: tuple[str, ...] = ()
    speech: str = ""
    ssml: str | None = None
    reprompt: str | None = None
    card: Card | None = None
    end_session: bool = True
    session: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    error: str | None = None
    ended_because: str | None = None  # the SessionEndedRequest reason, when one was sent
    # The calls the skill made to Alexa's APIs in this turn, the response's directives, and
    # what the device's screen shows after this turn.
    api_calls: list[ApiCall] = field(default_factory=list)
    directives: list[dict[str, Any]] = field(default_factory=list)
    screen: Screen | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "speech": self.speech,
            "ssml": self.ssml,
            "reprompt": self.reprompt,
            "card": None if self.card is None
            else {"title": self.card.title, "text": self.card.text},
            "end_session": self.end_session,
            "intent": self.intent,
            "slots": dict(self.slots),
            "close": list(self.close),
            "session": self.session,
            "locale": self.locale,
            "request": self.request,
            "problems": list(self.problems),
            "error": self.error,
            "api_calls": [call.to_json() for call in self.api_calls],
            "directives": list(self.directives),
            "screen": None if self.screen is None else self.screen.to_json(),
        }


@dataclass
class _OpenSession:
    session: Session
    reprompt: Speech | None = None
    silences: int = 0
    consent: _Consent | None = None


@dataclass
class _Consent:
    """Alexa is asking the user for a permission on the skill's behalf (AskFor)."""

    scope: str
    token: str | None


class Simulator:
    """Plays Alexa between a person typing and the skill's lambda_handler."""

    def __init__(
        self,
        handler: SkillHandler,
        understander: Understander,
        envelopes: EnvelopeBuilder,
        observer: Observer | None = None,
    ) -> None:
        self._handler = handler
        self._understander = understander
        self._envelopes = envelopes
        self._observer = observer
        self._open: _OpenSession | None = None
        # The document on the device's screen (a voice-only Echo never has one).
        self._screen: Screen | None = None

    @property
    def locale(self) -> str:
        return self._envelopes.identity.locale

    @property
    def in_session(self) -> bool:
        return self._open is not None

    def hear(self, line: str) -> Turn:
        """Handle one typed line as Alexa would handle the spoken words."""
        utterance = parse(line, self.locale)
        if isinstance(utterance, Silence):
            return self._silence()
        if isinstance(utterance, Quit):
            return self.leave()
        if isinstance(utterance, Launch):
            return self._launch()
        if isinstance(utterance, OneShot):
            return self._one_shot(utterance.candidates)
        if isinstance(utterance, Tap):
            return self._tap(utterance.label)
        assert isinstance(utterance, Said)
        if self._open is None:
            return self._one_shot((utterance.text,))
        self._open.silences = 0
        if self._open.consent is not None:
            return self._consent_answer(self._open, utterance.text)
        return self._answer(self._open, utterance.text)

    def _show(self, screen: Screen | None) -> None:
        self._screen = screen
        self._envelopes.screen_token = _screen_token(screen)

    def leave(self) -> Turn:
        """The user walks away ("quit", end of input): USER_INITIATED if a session is open."""
        if self._open is None:
            return Turn(locale=self.locale)
        return self._end(self._open, "USER_INITIATED")

    # Opening a session. A launch phrase during a session starts afresh, as on a device.

    def _start(self) -> _OpenSession:
        self._open = _OpenSession(session=new_session())
        return self._open

    def _launch(self) -> Turn:
        opened = self._start()
        turn = Turn(locale=self.locale, request="LaunchRequest")
        return self._call(opened, self._envelopes.launch(opened.session), turn)

    def _one_shot(self, readings: tuple[str, ...]) -> Turn:
        understood = best_reading(self._understander, readings)
        opened = self._start()
        turn = self._send_intent(opened, understood.intent, understood.slots)
        turn.close = understood.close
        return turn

    # Inside a session.

    def _tap(self, label: str) -> Turn:
        """A touch on a button of the screen: the UserEvent its SendEvent sends."""
        turn = Turn(locale=self.locale, end_session=self._open is None, screen=self._screen)
        if self._screen is None:
            turn.problems.append("nothing on the screen to tap (try --device echo-show)")
            return turn
        arguments = find_button(self._screen, label)
        if arguments is None:
            choices = ", ".join(button.label for button in self._screen.buttons) or "none"
            turn.problems.append(f"no button {label!r} on the screen (buttons: {choices})")
            return turn
        if self._open is None:
            # The session has closed: a touch on what is left on the screen opens a new one.
            self._start()
        opened = self._open
        assert opened is not None
        envelope = self._envelopes.user_event(opened.session, self._screen.token, arguments)
        turn.request = "Alexa.Presentation.APL.UserEvent"
        return self._call(opened, envelope, turn)

    def _answer(self, opened: _OpenSession, text: str) -> Turn:
        understood = self._understander.understand(text)
        turn = self._send_intent(opened, understood.intent, understood.slots)
        turn.close = understood.close
        return turn

    def _send_intent(self, opened: _OpenSession, intent: str, slots: dict[str, Any]) -> Turn:
        # No dialogState: the voice model has no dialog for Alexa to manage.
        envelope = self._envelopes.intent(opened.session, intent, slots)
        turn = Turn(locale=self.locale, request="IntentRequest", intent=intent,
                    slots=slot_summary(slots))
        return self._call(opened, envelope, turn)

    def _consent_answer(self, opened: _OpenSession, text: str | None) -> Turn:
        """The user's answer to Alexa's permission question, sent as Connections.Response."""
        consent, opened.consent = opened.consent, None
        assert consent is not None
        intent = self._understander.understand(text).intent if text is not None else None
        approved = intent == "AMAZON.YesIntent" or (text or "").strip().lower() == "i approve"
        status = "ACCEPTED" if approved else "DENIED" if text is not None else "NOT_ANSWERED"
        if approved and self._envelopes.api is not None:
            self._envelopes.api.services.granted.add(consent.scope)
        payload = {"permissionScope": consent.scope, "status": status, "isCardThrown": False}
        envelope = self._envelopes.connections_response(
            opened.session, "AskFor", payload, consent.token
        )
        turn = Turn(locale=self.locale, request="Connections.Response")
        return self._call(opened, envelope, turn)

    def _silence(self) -> Turn:
        opened = self._open
        if opened is None:
            return Turn(locale=self.locale)
        if opened.consent is not None:
            return self._consent_answer(opened, None)
        opened.silences += 1
        # Alexa replays the reprompt once; the next silence closes the session.
        reprompt = opened.reprompt
        if opened.silences == 1 and reprompt is not None:
            return Turn(
                locale=self.locale, speech=reprompt.text, ssml=reprompt.ssml,
                reprompt=reprompt.text, end_session=False,
                session=dict(opened.session.attributes),
            )
        return self._end(opened, "EXCEEDED_MAX_REPROMPTS")

    def _end(self, opened: _OpenSession, reason: str) -> Turn:
        self._open = None
        self._show(None)
        envelope = self._envelopes.session_ended(opened.session, reason)
        turn = Turn(locale=self.locale, request="SessionEndedRequest", ended_because=reason)
        response, error = self._invoke(envelope)
        turn.error = error
        # The skill may not speak in reply to SessionEndedRequest; Alexa would drop it.
        if response is not None and (response.get("response") or {}).get("outputSpeech"):
            turn.problems.append("the response to SessionEndedRequest has speech Alexa ignores")
        return turn

    # Calling the skill.

    def _invoke(self, envelope: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
        try:
            response = self._handler(envelope, LambdaContext())
        except Exception:  # the skill's failure is the thing to show, not to crash on
            self._observe(envelope, None)
            return None, traceback.format_exc()
        self._observe(envelope, response)
        return response, None

    def _observe(self, request: dict[str, Any], response: dict[str, Any] | None) -> None:
        if self._observer is not None:
            self._observer(request, response)

    def _call(self, opened: _OpenSession, envelope: dict[str, Any], turn: Turn) -> Turn:
        api = self._envelopes.api
        calls_before = len(api.services.calls) if api is not None else 0
        response, error = self._invoke(envelope)
        if api is not None:
            turn.api_calls = api.services.calls_since(calls_before)
        opened.session.new = False
        if error is not None:
            self._open = None
            turn.error = error
            turn.speech = SKILL_PROBLEM
            turn.session = {}
            return turn
        parsed = parse_response(response)
        turn.problems.extend(parsed.problems)
        opened.session.attributes = dict(parsed.session_attributes)
        turn.session = dict(parsed.session_attributes)
        turn.speech = parsed.speech.text if parsed.speech else ""
        turn.ssml = parsed.speech.ssml if parsed.speech else None
        turn.reprompt = parsed.reprompt.text if parsed.reprompt else None
        turn.card = parsed.card
        turn.directives = list(parsed.directives)
        rendered = screen_of(parsed.directives)
        if rendered is not None:
            self._show(rendered)
        turn.screen = self._screen
        opened.reprompt = parsed.reprompt
        ask_for = parsed.ask_for
        if ask_for is not None and parsed.should_end_session is not True:
            return self._ask_for_consent(opened, ask_for, turn)
        turn.end_session = parsed.ends_session
        if turn.end_session:
            self._open = None
        return turn

    def _ask_for_consent(
        self, opened: _OpenSession, directive: dict[str, Any], turn: Turn
    ) -> Turn:
        """Alexa asks for the permission itself, then sends the answer to the skill."""
        payload = directive.get("payload") or {}
        scope = str(payload.get("permissionScope", ""))
        token = directive.get("token")
        opened.consent = _Consent(scope, token if isinstance(token, str) else None)
        question = CONSENT_PROMPT.format(what=SCOPE_NAMES.get(scope, scope))
        turn.speech = f"{turn.speech} {question}".strip()
        turn.reprompt = question
        opened.reprompt = Speech(text=question, ssml=None)
        turn.end_session = False
        return turn


def _screen_token(screen: Screen | None) -> str | None:
    return None if screen is None else screen.token
