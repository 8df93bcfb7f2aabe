"""What an Echo Show's screen holds: the last APL document the skill rendered, as text.

The simulator does not lay out APL; it shows what the document's datasource says (the words
on the screen) and finds the buttons a "tap" can press. The skill's screens keep their words
in the datasource's `screen.properties`: a title, a heading, a number and its label, a
question or lines of text, buttons (a label and a choice) and a footer. A button sends the
UserEvent arguments of the skill's question screen: ["answer", <question>, <choice>].
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

RENDER_DOCUMENT = "Alexa.Presentation.APL.RenderDocument"
TOKEN_PREFIX = "hipback."


@dataclass(frozen=True)
class Button:
    label: str
    arguments: list[Any]


@dataclass(frozen=True)
class Screen:
    token: str
    document: dict[str, Any]
    datasources: dict[str, Any]
    buttons: list[Button] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The document's name: the skill's token is "hipback.<screen>"."""
        return self.token.removeprefix(TOKEN_PREFIX)

    @property
    def properties(self) -> dict[str, Any]:
        screen = self.datasources.get("screen")
        properties = screen.get("properties") if isinstance(screen, dict) else None
        return properties if isinstance(properties, dict) else {}

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "token": self.token, "datasources": self.datasources}

    def text_lines(self) -> list[str]:
        """A short text rendering: the words on the screen, top to bottom, and its buttons."""
        shown = self.properties
        lines = [f"[screen: {self.name}] {shown.get('heading') or shown.get('title') or ''}"]
        if shown.get("number"):
            lines.append(f"  {shown.get('numberLabel', '')} {str(shown['number']).upper()}")
        if shown.get("text"):
            lines.append(f"  {shown['text']}")
        lines.extend(f"  {line}" for line in shown.get("lines") or [] if isinstance(line, str))
        if self.buttons:
            lines.append(
                "  "
                + " ".join(f"[ {button.label} ]" for button in self.buttons)
                + '   (say "tap <label>")'
            )
        if shown.get("footer"):
            lines.append(f"  {shown['footer']}")
        return lines


def screen_of(directives: list[dict[str, Any]]) -> Screen | None:
    """The document a response puts on the screen (its last RenderDocument), or None."""
    rendered = [d for d in directives if d.get("type") == RENDER_DOCUMENT]
    if not rendered:
        return None
    directive = rendered[-1]
    datasources = directive.get("datasources")
    document = directive.get("document")
    screen = Screen(
        token=str(directive.get("token") or ""),
        document=document if isinstance(document, dict) else {},
        datasources=datasources if isinstance(datasources, dict) else {},
    )
    return Screen(screen.token, screen.document, screen.datasources, _buttons(screen))


def _buttons(screen: Screen) -> list[Button]:
    shown = screen.properties
    question = shown.get("question")
    buttons = []
    for button in shown.get("buttons") or []:
        if isinstance(button, dict) and isinstance(button.get("label"), str):
            arguments = ["answer", question, button.get("choice")]
            buttons.append(Button(label=button["label"], arguments=arguments))
    return buttons


def find_button(screen: Screen, label: str) -> list[Any] | None:
    """The UserEvent arguments of the button whose label is `label` (any case), or None."""
    wanted = " ".join(label.lower().split())
    for button in screen.buttons:
        if " ".join(button.label.lower().split()) == wanted:
            return button.arguments
    return None
