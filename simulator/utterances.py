"""What Alexa itself does with an utterance before the skill's voice model sees it."""

from __future__ import annotations

import re
from dataclasses import dataclass

INVOCATION_NAME = "hip and back helper"

# Phrasings Alexa accepts to start a custom skill, with or without a request in the same breath.
_LAUNCH_VERBS = r"open|launch|start|begin|load|run|use|resume|play|talk to|ask|tell"
_CONNECTORS = ("to", "about", "for", "if", "whether", "and", "that")
_WAKE = re.compile(r"^\s*((hey|ok|okay)[\s,]+)?(alexa|echo|computer)\b[\s,]*", re.IGNORECASE)
_INVOKE = re.compile(
    rf"^(?:{_LAUNCH_VERBS})\s+(?:the\s+)?{re.escape(INVOCATION_NAME)}\b(?P<rest>.*)$",
    re.IGNORECASE,
)
_QUIT_WORDS = frozenset({"quit", "exit", ".quit", ".exit"})
# Said after the skill's name, these ask for nothing: "open hip and back helper please".
_POLITE = frozenset({"please", "for me", "for me please", "now", "then", "skill"})


@dataclass(frozen=True)
class Launch:
    """"open hip and back helper": a new session, LaunchRequest."""


@dataclass(frozen=True)
class OneShot:
    """"ask hip and back helper ...": a new session whose first request is an intent.

    `candidates` are readings of the request, e.g. with and without a connecting word:
    Alexa may or may not keep "about" in "tell ... about sciatica"; the best match wins.
    """

    candidates: tuple[str, ...]


@dataclass(frozen=True)
class Said:
    """Anything else: in a session it is the user's answer, outside one it is a one-shot."""

    text: str


@dataclass(frozen=True)
class Silence:
    """An empty line: the user said nothing when Alexa listened."""


@dataclass(frozen=True)
class Quit:
    """"quit", "exit" or end of input: the user leaves the skill."""


@dataclass(frozen=True)
class Tap:
    """"tap yes": the user touches the button of that label on the device's screen."""

    label: str


Utterance = Launch | OneShot | Said | Silence | Quit | Tap

_TAP = re.compile(r"^(?:tap|touch|press)\s+(?P<label>.+)$", re.IGNORECASE)


def _clean(text: str) -> str:
    text = _WAKE.sub("", text.strip())
    return re.sub(r"\s+", " ", text).strip(" \t,.!?")


def parse(line: str) -> Utterance:
    text = _clean(line)
    if not text:
        return Silence()
    if text.lower() in _QUIT_WORDS:
        return Quit()
    tap = _TAP.match(text)
    if tap is not None:
        return Tap(tap.group("label").strip())
    match = _INVOKE.match(text)
    if match is None:
        return Said(text)
    rest = match.group("rest").strip(" \t,.")
    if not rest or rest.lower() in _POLITE:
        return Launch()
    first, _, remainder = rest.partition(" ")
    if first.lower() in _CONNECTORS and remainder.strip():
        return OneShot((remainder.strip(), rest))
    return OneShot((rest,))
