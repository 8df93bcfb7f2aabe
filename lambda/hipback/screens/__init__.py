"""What an Echo Show's screen shows: one APL document per screen, filled from the content.

Each screen is one file beside this module (``question.json``, ``outcome.json``,
``info.json``) holding the APL document and its datasource. The datasource is a template: a
string ``"text:<content key>"`` is that content as plain text in the request's locale, a
string ``"$<name>"`` is a value the skill fills in (the question's id, the outcome's lines);
everything else is sent as written. So the screens carry no sentence of their own: every
word comes from the content files, as every spoken word does.

The question screen's buttons send ``Alexa.Presentation.APL.UserEvent`` requests whose
arguments are ``["answer", <question id>, <choice>]``; ``touched`` reads them back, and the
skill takes a touch as it takes the same answer spoken.
"""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any, NamedTuple

from hipback.content import Content
from hipback.triage import DURATION, QUESTIONS_BY_ID, Reply, Tier

SCREENS_DIR = os.path.dirname(os.path.abspath(__file__))
SCREENS = ("question", "outcome", "info")
# The presentation token names the screen, so a UserEvent says which screen was touched.
TOKEN_PREFIX = "hipback."
ANSWER_EVENT = "answer"

# The choices under a yes-or-no question, and under "how long", with the content of their
# labels. A duration choice is a VAGUE_DURATION id, as "a few days" said aloud resolves to.
REPLY_CHOICES = {"yes": Reply.YES, "no": Reply.NO, "not_sure": Reply.UNSURE}
DURATION_CHOICES = ("few_days", "couple_of_weeks", "few_weeks")
NOT_SURE = "not_sure"

# Which icon of the outcome document goes with each tier: the urgency is shown in words and
# a picture, never by colour alone.
OUTCOME_ICONS = {
    Tier.EMERGENCY: "iconEmergency",
    Tier.URGENT: "iconToday",
    Tier.PROMPT: "iconCalendar",
    Tier.DOCTOR: "iconCalendar",
    Tier.SELF_CARE: "iconHome",
}
# The tiers whose screen shows a number to call in large type.
NUMBER_TIERS = {Tier.EMERGENCY: "emergency", Tier.URGENT: "urgent"}
MAX_LINES = 3


class Screen(NamedTuple):
    """One screen to show: its name, and the values its datasource template asks for."""

    name: str
    values: dict[str, Any]

    @property
    def token(self) -> str:
        return TOKEN_PREFIX + self.name


class Touch(NamedTuple):
    """A button pressed on the question screen: which question, and which choice."""

    question: str
    choice: str

    @property
    def reply(self) -> Reply | None:
        return REPLY_CHOICES.get(self.choice)


@cache
def screen_file(name: str) -> dict[str, Any]:
    """The screen's file: {"document": the APL document, "datasources": its template}."""
    with open(os.path.join(SCREENS_DIR, f"{name}.json"), encoding="utf-8") as file:
        data: dict[str, Any] = json.load(file)
    return data


def document(name: str) -> dict[str, Any]:
    document_: dict[str, Any] = screen_file(name)["document"]
    return document_


def datasources(screen: Screen, content: Content) -> dict[str, Any]:
    """The screen's datasource in the content's locale, with the screen's values."""
    filled: dict[str, Any] = _fill(screen_file(screen.name)["datasources"], content, screen.values)
    return filled


def _fill(template: Any, content: Content, values: dict[str, Any]) -> Any:
    if isinstance(template, dict):
        return {key: _fill(item, content, values) for key, item in template.items()}
    if isinstance(template, list):
        return [_fill(item, content, values) for item in template]
    if isinstance(template, str) and template.startswith("text:"):
        return content.text(template.removeprefix("text:"))
    if isinstance(template, str) and template.startswith("$"):
        return _fill(values[template[1:]], content, values)
    return template


def choices(question_id: str) -> tuple[str, ...]:
    """The buttons under a question: how long, or yes, no and not sure."""
    return (*DURATION_CHOICES, NOT_SURE) if question_id == DURATION else tuple(REPLY_CHOICES)


def question(question_id: str, content: Content, person: str | None = None) -> Screen:
    """The question as it is asked, and the buttons that answer it: about `person` when the
    user asked for someone else, in the words that were spoken (the one rule, Content.about)."""
    buttons = [
        {"choice": choice, "label": f"text:screen.{choice}"} for choice in choices(question_id)
    ]
    asked = content.about(f"questions.{question_id}.ask", person)
    return Screen(
        "question", {"question": question_id, "text": f"text:{asked}", "buttons": buttons}
    )


def outcome(tier: Tier, speech_key: str, content: Content, person: str | None = None) -> Screen:
    """The outcome: the urgency in words and a picture, the number to call for the two most
    urgent tiers, and the paragraphs of the first layer that was spoken (at most three); about
    `person` when the user asked for someone else, as it was said."""
    lines = content.text(content.about(speech_key, person)).split("\n")[:MAX_LINES]
    number = NUMBER_TIERS.get(tier)
    return Screen(
        "outcome",
        {
            "tier": tier.id,
            "heading": f"text:{content.about(f'outcomes.{tier.id}.card_title', person)}",
            "icon": OUTCOME_ICONS[tier],
            "lines": lines,
            "numberLabel": f"text:screen.{number}_number_label" if number else "",
            "number": f"text:screen.{number}_number" if number else "",
        },
    )


def info(speech_text: str) -> Screen:
    """An answer to a question: what was said, one paragraph a line."""
    return Screen("info", {"lines": [line for line in speech_text.split("\n") if line]})


def touched(token: object, arguments: object) -> Touch | None:
    """The touch a UserEvent reports, or None when it is not one of our buttons.

    The arguments come from the device: only a question and a choice the question screen
    offers are taken.
    """
    if token != TOKEN_PREFIX + "question" or not isinstance(arguments, list):
        return None
    if len(arguments) != 3 or arguments[0] != ANSWER_EVENT:
        return None
    question_id, choice = arguments[1], arguments[2]
    if not isinstance(question_id, str) or question_id not in QUESTIONS_BY_ID:
        return None
    if not isinstance(choice, str) or choice not in choices(question_id):
        return None
    return Touch(question_id, choice)
