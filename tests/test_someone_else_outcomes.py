"""Advice for someone else is said to the person asking: "help her stay gently active", never
"keep gently active" as if to the patient. Through the real lambda_handler, for each pronoun,
every tier and its variants, the layers "tell me more" reaches, the card, the follow-up offers
and hands-free care's offers.

The check: a sentence said with a second-person word ("you", "your", "you're"...) must be one
that the content marks as said to the listener (``{listener:you}``), and its other words must
not be second person. The content's marks are read from the content itself, so a new sentence
that says "you" to the patient fails here until it is written for a carer.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from hipback.content import SUPPORTED_LOCALES, Content, for_locale
from hipback.content.loader import CONTENT_DIR
from hipback.content.render import PERSONS, ssml_to_text
from simulator.alexa_api import REMINDERS_PATH, TIMERS_PATH, AlexaApiServer
from simulator.client import Match, Reply, SkillClient
from tests.fast_set import slow_except

# The check reads English words: it covers the English locales.
ENGLISH = [locale for locale in SUPPORTED_LOCALES if locale.startswith("en-")]
YOU = re.compile(r"\byou(?:r|rs|rself|rselves)?\b|\byou['\u2019](?:re|ve|ll|d)\b", re.IGNORECASE)
MARK = re.compile(r"\{listener:([^}]*)\}")
# Stands in for the marked words while a sentence is taken apart.
SENTINEL = "\u2063"
PARAMS = {"clinic_name": "Riverside Spine Clinic", "phone": "+1 555 010 0199"}
EMERGENCY_WORDS = 40
FIRST_LAYER_WORDS = 60

# What the skill says from the outcome on, when the assessment was for someone else.
OUTCOME_FLOW = (
    "outcomes.", "reasons.", "care.", "routine.offer", "routine.needs_check",
    "topics.when_to_worry.", "topics.heat_ice.", "topics.causes.",
    "dialog.card_sent", "dialog.emergency_", "dialog.anything_else", "dialog.more_",
    "dialog.followup_declined", "dialog.goodbye", "dialog.contact_", "dialog.start_prompt",
)  # fmt: skip
# What a timer or reminder says when it goes off, which names no one. (The check-in a week
# later is in the outcome flow: its words say "the pain", which fits anyone, and after "it's
# for my mum" they are about her.)
NOT_ABOUT_THE_PERSON = (
    "care.ice_announce",
    "care.heat_announce",
    "care.reminder_announce",
    "care.ice_label",
    "care.heat_label",
)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.?!])\s+|\n", text) if s.strip()]


def unmarked(content: Content, key: str) -> str:
    """What `key` says, as heard, without the words it marks as said to the listener."""
    values: dict[str, Any] = {**content.facts, **PARAMS}
    return ssml_to_text(MARK.sub("", content.templates[key]).format_map(values))


def in_flow(key: str) -> bool:
    return key.startswith(OUTCOME_FLOW) and not key.startswith(NOT_ABOUT_THE_PERSON)


def listener_sentences(content: Content) -> dict[str, str]:
    """Each sentence the content marks as said to the listener, as heard, mapped to the same
    sentence without its marked words."""
    allowed: dict[str, str] = {}
    values: dict[str, Any] = {**content.facts, **PARAMS}
    for key in sorted(content.keys()):
        template = content.templates[key]
        if "{listener:" not in template:
            continue
        marked = MARK.sub(lambda found: SENTINEL + found.group(1) + SENTINEL, template)
        for sentence in sentences(ssml_to_text(marked.format_map(values))):
            if SENTINEL in sentence:
                heard = sentence.replace(SENTINEL, "")
                rest = re.sub(f"{SENTINEL}[^{SENTINEL}]*{SENTINEL}", "", sentence)
                if heard not in allowed or YOU.search(allowed[heard]):
                    allowed[heard] = rest
    return allowed


def said_to_the_patient(text: str, allowed: Mapping[str, str]) -> list[str]:
    """The sentences of `text` that say "you" other than to the listener, as marked."""
    return [
        sentence
        for sentence in sentences(text)
        if YOU.search(sentence) and (sentence not in allowed or YOU.search(allowed[sentence]))
    ]


# ---- the check itself can fail ----


def test_the_check_finds_advice_said_to_the_patient() -> None:
    content = for_locale("en-US")
    allowed = listener_sentences(content)
    assert "Would you like me to guide her through four gentle movements, lying down?" in allowed
    # The advice a patient hears for themselves fails it, sentence by sentence.
    for key in ("outcomes.prompt.speech", "outcomes.self_care.card_text", "care.reminder_offer"):
        assert said_to_the_patient(content.text(key), allowed), key
    # A listener's sentence does not excuse a second "you" said to the patient beside it.
    fake = {"Would you like to hear what you should do?": "Would like to hear what you should do?"}
    assert said_to_the_patient("Would you like to hear what you should do?", fake)
    assert not said_to_the_patient("Help her stay gently active.", allowed)


# ---- the content ----


@pytest.mark.parametrize("locale", ENGLISH)
def test_every_sentence_of_the_outcome_flow_has_words_for_each_person(locale: str) -> None:
    content = for_locale(locale)
    missing, to_patient = [], []
    for key in sorted(content.keys()):
        if not in_flow(key) or content.plain(key) != key:
            continue
        if YOU.search(unmarked(content, key)):
            missing += [(key, person) for person in PERSONS if content.about(key, person) == key]
    for key in sorted(content.keys()):
        if content.plain(key) != key and YOU.search(unmarked(content, key)):
            to_patient.append(key)
    assert missing == []
    assert to_patient == []
    # A girl's or a boy's doctor outcome is about her or him.
    for person in ("her", "him"):
        assert (
            content.about("outcomes.doctor.child.speech", person) != "outcomes.doctor.child.speech"
        )


@pytest.mark.parametrize("locale", ENGLISH)
def test_a_persons_outcome_keeps_the_rules_of_the_first_layer(locale: str) -> None:
    content = for_locale(locale)
    number = content.emergency_number
    for person in PERSONS:
        emergency = content.text(content.about("outcomes.emergency.speech", person))
        assert len(emergency.split()) <= EMERGENCY_WORDS, person
        first = sentences(emergency)[0]
        assert first.startswith(f"Call {number}"), first
        assert "Don't drive" in emergency, person
        for tier in ("urgent", "prompt", "doctor", "self_care"):
            speech = content.text(content.about(f"outcomes.{tier}.speech", person))
            assert len(speech.split()) <= FIRST_LAYER_WORDS, (person, tier)
        doctor = content.text(content.about("outcomes.doctor.speech", person))
        for extra in ("specialist", "unknown_duration"):
            more = content.text(content.about(f"outcomes.doctor.{extra}", person))
            assert len(f"{doctor} {more}".split()) <= FIRST_LAYER_WORDS, (person, extra)
        for key in ("outcomes.urgent.unsure_speech", "outcomes.doctor.child.speech"):
            speech = content.text(content.about(key, person))
            assert len(speech.split()) <= FIRST_LAYER_WORDS, (person, key)
            assert speech.count("?") == 0, key


def _flat(table: Mapping[str, Any], prefix: str = "") -> set[str]:
    keys: set[str] = set()
    for name, value in table.items():
        if isinstance(value, dict):
            keys |= _flat(value, f"{prefix}{name}.")
        elif isinstance(value, str):
            keys.add(f"{prefix}{name}")
    return keys


def test_a_locale_that_rewords_an_outcome_rewords_it_for_each_person_too() -> None:
    """en-GB's own words (GP, A and E) must not fall back to the base file's words about her."""
    base = _flat(tomllib.loads((Path(CONTENT_DIR) / "en.toml").read_text(encoding="utf-8")))
    for locale in ENGLISH:
        own = _flat(
            tomllib.loads((Path(CONTENT_DIR) / f"{locale}.toml").read_text(encoding="utf-8"))
        )
        content = for_locale(locale)
        stale = []
        for key in sorted(own):
            for person in PERSONS:
                variant = content.about(key, person)
                if in_flow(key) and variant != key and variant in base and variant not in own:
                    stale.append(variant)
        assert stale == [], locale


# ---- whole conversations, through the real lambda_handler ----

Step = Callable[[SkillClient], Iterator[Reply]]


def _say(intent: str, **slots: Match | str) -> Step:
    def step(client: SkillClient) -> Iterator[Reply]:
        yield client.say(intent, **slots)

    return step


def _no_until(question: str | None) -> Step:
    def step(client: SkillClient) -> Iterator[Reply]:
        while True:
            pending = client.replies[-1].pending
            asked = pending[1] if pending and pending[0] == "question" else None
            if asked in (question, None):
                return
            yield client.say("AMAZON.NoIntent")

    return step


YES, NO, MORE = _say("AMAZON.YesIntent"), _say("AMAZON.NoIntent"), _say("MoreIntent")
UNSURE = _say("HedgeIntent", hedge=Match("unknown"))
DETAILED = _say("SetPreferenceIntent", style=Match("detailed"))


def _days(count: int) -> Step:
    return _say("DurationIntent", duration=f"P{count}D")


# Each path: the steps to the outcome (after "it's for ..."), then the steps after it.
PATHS: dict[str, tuple[list[Step], list[Step], str]] = {
    "emergency": ([_days(2), _no_until("cauda_equina"), YES], [MORE, NO], "emergency"),
    "urgent": ([_days(2), _no_until("infection_swelling"), YES], [MORE, YES, MORE], "urgent"),
    "urgent, not sure": (
        [_days(2), _no_until("cauda_equina"), UNSURE, UNSURE, _no_until(None)],
        [MORE, YES],
        "urgent",
    ),
    "prompt": ([_days(2), _no_until("severe_pain"), YES], [MORE, YES], "prompt"),
    "doctor, three weeks": (
        [_say("DurationIntent", duration="P3W"), _no_until(None)],
        [MORE, YES, MORE],
        "doctor",
    ),
    "doctor, months": (
        [_say("DurationIntent", duration="P6M"), _no_until(None)],
        [MORE, NO],
        "doctor",
    ),
    "doctor, not sure how long": ([UNSURE, UNSURE, _no_until(None)], [YES], "doctor"),
    "doctor, home care": ([_days(10), _no_until("home_care"), YES], [NO], "doctor"),
    # The tips, the ice timer, the check-in reminder, then the routine declined.
    "self care": ([_days(2), _no_until(None)], [MORE, YES, YES, YES, NO], "self_care"),
    "self care, heat": (
        [_days(2), _no_until(None)],
        [_say("HeatTimerIntent"), YES, NO, NO],
        "self_care",
    ),
    "detailed": ([_days(2), _no_until("severe_pain"), YES], [MORE], "prompt"),
}
PERSON_SLOTS = {"her": "her", "him": "him", "them": "them"}


def _heard(reply: Reply) -> list[str]:
    texts = [ssml_to_text(reply.ssml)]
    reprompt = reply.raw["response"].get("reprompt")
    if reprompt is not None:
        texts.append(ssml_to_text(reprompt["outputSpeech"]["ssml"]))
    if reply.card is not None:
        texts += list(reply.card)
    return texts


def _from_the_outcome(client: SkillClient, slot: str, name: str) -> list[Reply]:
    """Say path `name` for the person `slot` names: the outcome and every turn after it."""
    to_outcome, after, level = PATHS[name]
    client.launch()
    if name == "detailed":
        client.say("SetPreferenceIntent", style=Match("detailed"))
    client.say("ForSomeoneElseIntent", person=Match(slot))
    outcome = [reply for step in to_outcome for reply in step(client)][-1]
    assert outcome.level == level, (slot, name)
    assert outcome.card is not None, (slot, name)
    return [outcome, *(reply for step in after for reply in step(client))]


def _alerts(replies: list[Reply]) -> list[dict[str, Any]]:
    """The timers and reminders the skill set during `replies`."""
    return [
        call.body
        for reply in replies
        for call in reply.api_calls
        if call.path in (TIMERS_PATH, REMINDERS_PATH) and call.status < 300
    ]


# Every path for every person is a few hundred turns a locale: the fast set talks in en-US, and
# test_a_locale_that_rewords_an_outcome_rewords_it_for_each_person_too checks the overrides.
@pytest.mark.parametrize("locale", slow_except(ENGLISH, "en-US"))
def test_outcomes_for_someone_else_are_said_to_the_person_asking(
    tmp_path: Path, locale: str
) -> None:
    content = for_locale(locale)
    allowed = listener_sentences(content)
    problems: list[tuple[str, str, str]] = []
    alerts: list[dict[str, Any]] = []
    with AlexaApiServer() as api:
        api.services.grant("timers", "reminders")
        for person, slot in PERSON_SLOTS.items():
            for name in PATHS:
                client = SkillClient(tmp_path / f"{person}-{name}.sqlite3", locale=locale, api=api)
                said = _from_the_outcome(client, slot, name)
                alerts += _alerts(said)
                problems += [
                    (person, name, sentence)
                    for reply in said
                    for text in _heard(reply)
                    for sentence in said_to_the_patient(text, allowed)
                ]
    assert problems == []
    # What a timer or a reminder says when it goes off names no one and no symptom: the same
    # words whoever it was set for.
    announced = {" ".join(str(text) for text in _texts(body)) for body in alerts}
    assert announced == {content.text("care.ice_announce"), content.text("care.reminder_announce")}
    for person in PERSONS:
        for key in NOT_ABOUT_THE_PERSON:
            assert content.about(key, person) == key


def _texts(body: dict[str, Any]) -> list[str]:
    """The words a timer or reminder request says when it goes off."""
    if "triggeringBehavior" in body:
        return [item["text"] for item in body["triggeringBehavior"]["operation"]["textToAnnounce"]]
    return [item["text"] for item in body["alertInfo"]["spokenInfo"]["content"]]


@pytest.mark.parametrize("locale", ENGLISH)
def test_a_girls_doctor_outcome_is_about_her(tmp_path: Path, locale: str) -> None:
    content = for_locale(locale)
    client = SkillClient(tmp_path / "store.sqlite3", locale=locale)
    client.launch()
    client.say("ForSomeoneElseIntent", person=Match("girl"))
    client.say("DurationIntent", duration="P2D")
    reply = client.replies[-1]
    while reply.pending and reply.pending[0] == "question":
        reply = client.say("AMAZON.NoIntent")
    assert reply.level == "doctor"
    heard = " ".join(ssml_to_text(reply.ssml).split())
    assert " ".join(content.text("outcomes.doctor.child.her.speech").split()) in heard
    assert not said_to_the_patient(heard, listener_sentences(content))
    more = client.say("MoreIntent")
    assert " ".join(content.text("outcomes.doctor.her.more").split()) in " ".join(
        ssml_to_text(more.ssml).split()
    )


@pytest.mark.parametrize("locale", ENGLISH)
def test_repeat_and_tell_me_more_after_the_outcome_stay_about_the_person(
    tmp_path: Path, locale: str
) -> None:
    content = for_locale(locale)
    client = SkillClient(tmp_path / "store.sqlite3", locale=locale)
    client.launch()
    client.say("ForSomeoneElseIntent", person=Match("him"))
    client.say("DurationIntent", duration="P2D")
    for step in (_no_until("severe_pain"), YES):
        for _ in step(client):
            pass
    outcome = client.replies[-1]
    assert outcome.level == "prompt"
    assert content.text("outcomes.prompt.him.speech").split("\n")[0] in ssml_to_text(outcome.ssml)
    repeat = client.say("AMAZON.RepeatIntent")
    assert ssml_to_text(repeat.ssml) == ssml_to_text(outcome.ssml)
    more = client.say("MoreIntent")
    assert ssml_to_text(more.ssml).startswith(content.text("outcomes.prompt.him.more"))
