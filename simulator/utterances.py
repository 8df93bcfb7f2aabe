"""What Alexa itself does with an utterance before the skill's voice model sees it."""

from __future__ import annotations

import re
from dataclasses import dataclass

INVOCATION_NAME = "hip and back helper"


@dataclass(frozen=True)
class Invoking:
    """How one language opens a custom skill: its invocation name (the voice model's), the
    phrasings Alexa accepts before it, the connecting words after it, and polite words that
    ask for nothing ("open hip and back helper please")."""

    name: str
    verbs: str
    connectors: tuple[str, ...]
    polite: frozenset[str]

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(
            rf"^(?:{self.verbs})\s+(?:the\s+)?{re.escape(self.name)}\b(?P<rest>.*)$",
            re.IGNORECASE,
        )


INVOKING = {
    "en": Invoking(
        INVOCATION_NAME,
        r"open|launch|start|begin|load|run|use|resume|play|talk to|ask|tell",
        ("to", "about", "for", "if", "whether", "and", "that"),
        frozenset({"please", "for me", "for me please", "now", "then", "skill"}),
    ),
    # "abre ayuda para cadera y espalda", "pídele a ... que ...", "pregúntale a ... si ...".
    "es": Invoking(
        "ayuda para cadera y espalda",
        r"abre|abrir|inicia|iniciar|empieza|comienza|lanza|usa|habla con|juega|"
        r"p[ií]de(?:le)? a|pregunta(?:le)? a|preg[uú]ntale a|dile a",
        ("que", "si", "sobre", "acerca de", "por", "para"),
        frozenset({"por favor", "ahora", "skill", "la skill"}),
    ),
}


def invoking(locale: str) -> Invoking:
    return INVOKING.get(locale.split("-")[0].lower(), INVOKING["en"])


_WAKE = re.compile(r"^\s*((hey|ok|okay|oye)[\s,]+)?(alexa|echo|computer)\b[\s,]*", re.IGNORECASE)
_QUIT_WORDS = frozenset({"quit", "exit", ".quit", ".exit"})
# Said after the skill's name, these ask for nothing: "open hip and back helper please".


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


def parse(line: str, locale: str = "en-US") -> Utterance:
    """What Alexa does with a line said on a device in `locale`."""
    text = _clean(line)
    if not text:
        return Silence()
    if text.lower() in _QUIT_WORDS:
        return Quit()
    tap = _TAP.match(text)
    if tap is not None:
        return Tap(tap.group("label").strip())
    language = invoking(locale)
    match = language.pattern.match(text)
    if match is None:
        return Said(text)
    rest = match.group("rest").strip(" \t,.")
    if not rest or rest.lower() in language.polite:
        return Launch()
    lowered = rest.lower()
    for connector in language.connectors:
        remainder = rest[len(connector) + 1 :].strip()
        if lowered.startswith(connector + " ") and remainder:
            return OneShot((remainder, rest))
    return OneShot((rest,))
