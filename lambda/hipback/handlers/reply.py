"""How a handler words and builds its reply, with the response builder.

The words come from the request's content (attributes.content) as `Speech`, which knows the
content keys it was made of; `ask` leaves the speech and reprompt in request attributes, where
the response interceptor (handlers/interceptors.py) keeps their keys for Repeat. An open
session always has a reprompt, a closed one never does; the profile is written by the response
interceptor when the session ends.
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.directive import Directive
from ask_sdk_model.response import Response
from ask_sdk_model.ui.simple_card import SimpleCard

from hipback.handlers import attributes, state
from hipback.handlers.speech import Speech
from hipback.screens import Screen

# Alexa's documented limits: speech and card text up to 8,000 characters each.
MAX_SPEECH = 8000
MAX_CARD = 8000
# Where a handler leaves the screen it chose, for the screen interceptor (handlers/screen.py).
SCREEN_ATTRIBUTE = "screen"
# Where `ask` leaves its speech and reprompt, for the Repeat interceptor.
SAID_ATTRIBUTE = "said"


def say(handler_input: HandlerInput, key: str, **params: str) -> str:
    """The SSML of content `key`, which Repeat can say again; about the person the user asked
    for ("has she had...", "help her stay gently active") where the content words it so."""
    return Speech.of(attributes.content(handler_input), about(handler_input, key), params)


def text(handler_input: HandlerInput, key: str, **params: str) -> str:
    """The plain text of content `key`, for cards and screens, about the person as `say`."""
    return attributes.content(handler_input).text(about(handler_input, key), **params)


def about(handler_input: HandlerInput, key: str) -> str:
    """The content key said for `key` in this session: its variant about the person the user
    asked for, where the content has one (Content.about)."""
    pronoun = state.get_pronoun(attributes.session(handler_input))
    return attributes.content(handler_input).about(key, pronoun)


def question(handler_input: HandlerInput, question_id: str, form: str) -> str:
    """A question of the assessment in one of its forms (ask, reprompt, help, explain)."""
    return say(handler_input, f"questions.{question_id}.{form}")


def join(*parts: str) -> str:
    return Speech.joined(*parts)


def show(handler_input: HandlerInput, screen: Screen) -> None:
    """The screen that goes with this reply, on a device that has one."""
    handler_input.attributes_manager.request_attributes[SCREEN_ATTRIBUTE] = screen


def ask(
    handler_input: HandlerInput,
    speech: str,
    reprompt: str,
    card: tuple[str, str] | None = None,
) -> Response:
    """Speak and keep listening: the reply ends with a question and has a reprompt."""
    handler_input.attributes_manager.request_attributes[SAID_ATTRIBUTE] = (speech, reprompt)
    builder = handler_input.response_builder
    builder.speak(_fit(speech)).ask(_fit(reprompt)).set_should_end_session(False)
    if card is not None:
        builder.set_card(_card(*card))
    return builder.response


def hand_over(handler_input: HandlerInput, speech: str, directive: Directive) -> Response:
    """Speak, then let Alexa ask the user something itself (a permission, AskFor): no reprompt
    and no shouldEndSession; the answer comes back as a request of its own."""
    builder = handler_input.response_builder
    builder.speak(_fit(speech)).add_directive(directive)
    return builder.response


def tell(handler_input: HandlerInput, speech: str, card: tuple[str, str] | None = None) -> Response:
    """Speak and end the session."""
    builder = handler_input.response_builder
    builder.speak(_fit(speech)).set_should_end_session(True)
    if card is not None:
        builder.set_card(_card(*card))
    return builder.response


def _fit(speech: str) -> str:
    # Content is reviewed to stay far below the limit; this only guards against a runaway
    # join. Cut at a sentence end so the SSML stays well formed.
    if len(speech) <= MAX_SPEECH:
        return speech
    cut = speech.rfind(". ", 0, MAX_SPEECH - 1)
    return speech[: cut + 1] if cut > 0 else speech[:MAX_SPEECH]


def _card(title: str, body: str) -> SimpleCard:
    room = MAX_CARD - len(title)
    return SimpleCard(title=title, content=body[:room])
