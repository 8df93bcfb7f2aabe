"""Every fact of the seed article can be heard: by a natural question, or by "tell me more"
after one (docs/seed-facts.md lists them), in every locale, through the real lambda_handler.

Each question goes through the offline voice model and the simulator as a person would say
it; the fact's content key must be in what the skill then says.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pytest

from hipback.content import SUPPORTED_LOCALES, for_locale
from hipback.content.render import ssml_to_text
from hipback.handlers.info import TOPIC_INTENTS
from simulator.cli import build_simulator
from simulator.client import Match, SkillClient
from simulator.conversation import Simulator, Turn
from tests.fast_set import slow_except

FACTS_FILE = Path(__file__).resolve().parent.parent / "docs" / "seed-facts.md"
ROW = re.compile(r"^\|\s*(\d+)\s*\|([^|]+)\|\s*([a-z_.]+)\s*\|([^|]+)\|\s*$")
SEED_FACT_COUNT = 50
# The table's questions are English: English locales ask them by voice; a locale of another
# language hears each fact through the request its question would become (the intent and its
# slot), until questions in its own language are written beside these.
VOICE_LOCALES = [locale for locale in SUPPORTED_LOCALES if locale.startswith("en-")]
INTENT_LOCALES = [locale for locale in SUPPORTED_LOCALES if locale not in VOICE_LOCALES]
INTENT_OF_TOPIC = {topic: intent for intent, topic in TOPIC_INTENTS.items()}


class Fact(NamedTuple):
    number: int
    words: str
    key: str
    question: str


def seed_facts() -> list[Fact]:
    facts = []
    for line in FACTS_FILE.read_text(encoding="utf-8").splitlines():
        found = ROW.match(line)
        if found:
            number, words, key, question = found.groups()
            facts.append(Fact(int(number), words.strip(), key, question.strip()))
    return facts


def heard(turn: Turn) -> str:
    return " ".join(ssml_to_text(turn.ssml or "").split())


def to_an_open_session(simulator: Simulator) -> None:
    """Through a short assessment to its advice, so that the session stays open after a
    question (a one-shot question ends it, and mid-assessment "tell me more" explains the
    question being asked)."""
    turn = simulator.hear("open hip and back helper")
    turn = simulator.hear("about three days")
    for _ in range(10):
        pending = turn.session.get("pending", {})
        if pending.get("kind") != "question":
            return
        turn = simulator.hear("no")
    raise AssertionError("the assessment did not finish")


def test_the_list_holds_every_fact_once_with_a_key_the_content_has() -> None:
    facts = seed_facts()
    assert [fact.number for fact in facts] == list(range(1, SEED_FACT_COUNT + 1))
    for locale in SUPPORTED_LOCALES:
        content = for_locale(locale)
        assert [fact.key for fact in facts if not content.has(fact.key)] == []
    assert {fact.key.rsplit(".", 1)[1] for fact in facts} == {"standard", "more"}


# The fast set asks in en-US; the other English locales share its content but each needs a
# resolver of its own, seconds to compile.
@pytest.mark.parametrize("locale", slow_except(VOICE_LOCALES, "en-US"))
def test_every_seed_fact_is_reached_by_a_question_or_tell_me_more(
    tmp_path: Path, locale: str
) -> None:
    content = for_locale(locale)
    store = str(tmp_path / "store.sqlite3")
    unheard = []
    for fact in seed_facts():
        simulator = build_simulator(locale, f"seed-fact-{fact.number}", store)
        words = " ".join(content.text(fact.key).split())
        if fact.key.endswith(".more"):
            to_an_open_session(simulator)
            simulator.hear(fact.question)
            turn = simulator.hear("tell me more")
        else:
            turn = simulator.hear(f"ask hip and back helper {fact.question}")
        if words not in heard(turn):
            unheard.append((fact.number, fact.question, turn.intent, heard(turn)[:80]))
    assert unheard == []


def ask_for(client: SkillClient, key: str) -> str:
    """What the skill says to the request that asks for the answer holding `key`."""
    group, entry, _ = key.split(".")
    if group == "topics":
        reply = client.say(INTENT_OF_TOPIC[entry])
    else:
        reply = client.say("ConditionInfoIntent", condition=Match(entry))
    return " ".join(ssml_to_text(reply.ssml).split())


@pytest.mark.parametrize("locale", INTENT_LOCALES)
def test_every_seed_fact_is_reached_by_its_request_or_tell_me_more(
    tmp_path: Path, locale: str
) -> None:
    content = for_locale(locale)
    client = SkillClient(tmp_path / "store.sqlite3", locale=locale)
    # Through to the advice once, so that "tell me more" grows each answer, not a question;
    # the session stays open for the next question.
    client.launch()
    reply = client.say("DurationIntent", duration="P3D")
    while reply.pending is not None and reply.pending[0] == "question":
        reply = client.say("AMAZON.NoIntent")
    unheard = []
    for fact in sorted(seed_facts(), key=lambda fact: not fact.key.endswith(".more")):
        words = " ".join(content.text(fact.key).split())
        if fact.key.endswith(".more"):
            ask_for(client, fact.key)
            heard = " ".join(ssml_to_text(client.say("MoreIntent").ssml).split())
        else:
            client.session = None  # asked in one go
            heard = ask_for(client, fact.key)
        if words not in heard:
            unheard.append((fact.number, fact.key, heard[:80]))
    assert unheard == []
