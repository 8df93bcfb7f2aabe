"""Read a skill's response envelope the way an Echo would."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from hipback.content.render import ssml_to_text
from simulator.ssml import SsmlError, check_ssml

# Alexa's documented limits for a response; one over them fails on a real device.
MAX_SPEECH_CHARS = 8000
MAX_CARD_CHARS = 8000
MAX_RESPONSE_BYTES = 24 * 1024


@dataclass(frozen=True)
class Speech:
    text: str
    ssml: str | None


@dataclass(frozen=True)
class Card:
    title: str
    text: str


@dataclass(frozen=True)
class SkillResponse:
    speech: Speech | None
    reprompt: Speech | None
    card: Card | None
    should_end_session: bool | None
    session_attributes: dict[str, Any]
    directives: list[dict[str, Any]]
    problems: list[str] = field(default_factory=list)

    @property
    def ask_for(self) -> dict[str, Any] | None:
        """A Connections.SendRequest AskFor: Alexa asks the user for a permission."""
        for directive in self.directives:
            if directive.get("type") == "Connections.SendRequest" and directive.get(
                "name"
            ) == "AskFor":
                return directive
        return None

    @property
    def ends_session(self) -> bool:
        # Omitted shouldEndSession closes the session on a voice-only device, unless Alexa asks
        # for a permission (the skill then hears the answer in the same session).
        if self.should_end_session is None:
            return self.ask_for is None
        return self.should_end_session


def _speech(output: Any, what: str, problems: list[str]) -> Speech | None:
    if not isinstance(output, dict):
        return None
    kind = output.get("type")
    if kind == "SSML":
        ssml = str(output.get("ssml", ""))
        try:
            check_ssml(ssml)
        except SsmlError as error:
            problems.append(f"{what}: {error}")
        text = ssml_to_text(ssml, heard=True)
        if len(ssml) > MAX_SPEECH_CHARS:
            problems.append(f"{what} is {len(ssml)} characters (Alexa's limit: {MAX_SPEECH_CHARS})")
        return Speech(text=text, ssml=ssml)
    if kind == "PlainText":
        return Speech(text=str(output.get("text", "")), ssml=None)
    problems.append(f"{what} has an unknown type: {kind!r}")
    return None


def _card(card: Any, problems: list[str]) -> Card | None:
    if not isinstance(card, dict):
        return None
    kind = card.get("type")
    title = str(card.get("title") or "")
    if kind == "Simple":
        text = str(card.get("content") or "")
    elif kind == "Standard":
        text = str(card.get("text") or "")
    elif kind == "LinkAccount":
        title, text = title or "Link account", "Link your account in the Alexa app."
    elif kind == "AskForPermissionsConsent":
        permissions = ", ".join(str(p) for p in card.get("permissions") or [])
        title, text = title or "Permissions", f"The skill asks for: {permissions}"
    else:
        problems.append(f"card has an unknown type: {kind!r}")
        return None
    if len(title) + len(text) > MAX_CARD_CHARS:
        problems.append(f"card is {len(title) + len(text)} characters (limit {MAX_CARD_CHARS})")
    return Card(title=title, text=text)


def _dialog_problems(directives: list[dict[str, Any]]) -> list[str]:
    """The voice model has no dialog section, so Alexa has no dialog to manage: a Dialog.*
    directive would fail on a device, and the simulator does not play one out."""
    return [
        f"the skill sent {directive.get('type')}, but the voice model has no dialog for "
        "Alexa to manage: a device would not play it out"
        for directive in directives
        if str(directive.get("type", "")).startswith("Dialog.")
    ]


def parse_response(envelope: Any) -> SkillResponse:
    """Pull speech, reprompt, card and session state out of a response envelope.

    Anything Alexa would refuse is listed in `problems` rather than raised, so the person at
    the keyboard sees both what the skill meant to say and why a device would not say it.
    """
    problems: list[str] = []
    if not isinstance(envelope, dict) or not isinstance(envelope.get("response"), dict):
        return SkillResponse(None, None, None, True, {}, [], ["the skill returned no response"])
    size = len(json.dumps(envelope).encode("utf-8"))
    if size > MAX_RESPONSE_BYTES:
        problems.append(f"response is {size} bytes (stay under {MAX_RESPONSE_BYTES})")
    response: dict[str, Any] = envelope["response"]
    reprompt_block = response.get("reprompt")
    reprompt_output = (
        reprompt_block.get("outputSpeech") if isinstance(reprompt_block, dict) else None
    )
    should_end = response.get("shouldEndSession")
    attributes = envelope.get("sessionAttributes")
    listed = response.get("directives")
    directives = [d for d in listed if isinstance(d, dict)] if isinstance(listed, list) else []
    problems.extend(_dialog_problems(directives))
    return SkillResponse(
        speech=_speech(response.get("outputSpeech"), "speech", problems),
        reprompt=_speech(reprompt_output, "reprompt", problems),
        card=_card(response.get("card"), problems),
        should_end_session=should_end if isinstance(should_end, bool) else None,
        session_attributes=dict(attributes) if isinstance(attributes, dict) else {},
        directives=directives,
        problems=problems,
    )
