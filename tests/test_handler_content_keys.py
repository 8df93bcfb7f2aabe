"""Every content key the handlers can ask for exists in every locale.

The handlers build some keys from triage ids (questions.<id>.ask, reasons.<reason>); this
enumerates all of them from the triage core and the handlers' own tables, so a new question,
rule or topic without its words fails here rather than in front of a user.
"""

import ast
import re
from pathlib import Path

import pytest

from hipback.content import SUPPORTED_LOCALES, for_locale
from hipback.handlers.flow import FOLLOW_UP_TOPIC
from hipback.handlers.info import TOPIC_INTENTS
from hipback.triage import CONDITIONS, QUESTIONS, RULES, TOPICS, Tier

HANDLERS = Path(__file__).resolve().parent.parent / "lambda" / "hipback" / "handlers"


KEY = re.compile(r"(?:dialog|welcome|outcomes|questions|topics|conditions)\.[a-z_.]+")


def literal_keys() -> set[str]:
    """Every string constant in the handlers' code that has the shape of a content key, however
    it is quoted (the parser reads the constants, so no quoting style is missed)."""
    keys: set[str] = set()
    for source in HANDLERS.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            value = node.value if isinstance(node, ast.Constant) else None
            if isinstance(value, str) and KEY.fullmatch(value):
                keys.add(value)
    return keys


def built_keys() -> set[str]:
    keys = set()
    for question in QUESTIONS:
        for form in ("ask", "reprompt", "help", "explain"):
            keys.add(f"questions.{question.id}.{form}")
    for tier in Tier:
        for part in ("speech", "card_title", "card_text"):
            keys.add(f"outcomes.{tier.id}.{part}")
    for tier in FOLLOW_UP_TOPIC:
        keys.add(f"outcomes.{tier.id}.follow_up")
        keys.add(f"outcomes.{tier.id}.more")  # the detail layer
    keys.update(f"reasons.{rule.reason}" for rule in RULES)
    keys.add("reasons.none")
    for topic in (
        *TOPIC_INTENTS.values(),
        *(t for t in FOLLOW_UP_TOPIC.values() if t != "contact"),
    ):
        keys.update(f"topics.{topic}.{length}" for length in ("brief", "standard", "more"))
    for condition in CONDITIONS:
        keys.update(f"conditions.{condition}.{length}" for length in ("brief", "standard", "more"))
    return keys


def test_every_topic_has_an_intent() -> None:
    assert sorted(TOPIC_INTENTS.values()) == sorted(TOPICS)


@pytest.mark.parametrize("locale", [*SUPPORTED_LOCALES, "xx-YY"])
def test_every_key_the_handlers_can_ask_for_exists(locale: str) -> None:
    content = for_locale(locale)
    # A topic literal ("topics.causes") is a prefix the handlers complete with a length.
    wanted = {key for key in literal_keys() if not key.startswith(("topics.", "conditions."))}
    missing = sorted(key for key in wanted | built_keys() if not content.has(key))
    assert missing == []
