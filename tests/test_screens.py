"""The Echo Show's screens: sent only to a device with a screen, showing what is spoken, and
touches that answer exactly as the same answers spoken do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hipback import screens
from hipback.content import for_locale
from hipback.content.render import ssml_to_text
from hipback.triage import DURATION, QUESTIONS_BY_ID, Tier
from simulator.client import Match, Reply, SkillClient
from simulator.envelopes import ECHO_SHOW, VOICE_ONLY
from simulator.screen import screen_of

RENDER = "Alexa.Presentation.APL.RenderDocument"
QUESTION_TOKEN = "hipback.question"

# Scripts of answers, by question; a question not named gets "no". Each reaches its tier by
# a different road: signs confirmed, unsure twice, a long duration, home care that failed.
SCRIPTS: dict[str, dict[str, str]] = {
    "self_care": {DURATION: "few_days"},
    "doctor_long": {DURATION: "few_weeks"},
    "doctor_home_care": {DURATION: "couple_of_weeks", "home_care": "yes"},
    "prompt": {DURATION: "few_days", "severe_pain": "yes"},
    "urgent": {DURATION: "few_days", "infection_swelling": "yes"},
    "urgent_unsure": {DURATION: "few_days", "infection_swelling": "not_sure"},
    "emergency_cauda": {DURATION: "couple_of_weeks", "cauda_equina": "yes"},
    "emergency_unsure_then_yes": {DURATION: "few_days", "leg_function": "not_sure*yes"},
    "duration_unknown": {DURATION: "not_sure"},
}


def directives(reply: Reply) -> list[dict[str, Any]]:
    found = reply.raw["response"].get("directives") or []
    assert isinstance(found, list)
    return found


def shown(reply: Reply) -> dict[str, Any]:
    """The properties of the screen this reply renders; fails when it renders none."""
    screen = screen_of(directives(reply))
    assert screen is not None, reply.raw
    return screen.properties


def said(reply: Reply) -> str:
    """What the reply says, as a screen writes it (numbers as digits, not "9 1 1")."""
    return " ".join(ssml_to_text(reply.ssml).split())


def _choice(script: dict[str, str], question: str, asked: dict[str, int]) -> str:
    # "not_sure*yes": not sure the first time the question is asked, yes the second.
    choices = script.get(question, "no").split("*")
    index = asked.get(question, 0)
    asked[question] = index + 1
    return choices[min(index, len(choices) - 1)]


def _speak(client: SkillClient, question: str, choice: str) -> Reply:
    if question == DURATION:
        if choice == screens.NOT_SURE:
            return client.say("HedgeIntent", hedge=Match("unknown"))
        return client.say("DurationIntent", vagueDuration=Match(choice))
    if choice == screens.NOT_SURE:
        return client.say("HedgeIntent", hedge=Match("unknown"))
    return client.say("AMAZON.YesIntent" if choice == "yes" else "AMAZON.NoIntent")


def run(client: SkillClient, script: dict[str, str], touch: bool) -> list[Reply]:
    """Launch and answer every question by the script, spoken or touched, until the outcome."""
    replies = [client.launch()]
    asked: dict[str, int] = {}
    while replies[-1].pending is not None and replies[-1].pending[0] == "question":
        question = replies[-1].pending[1]
        choice = _choice(script, question, asked)
        if touch:
            replies.append(client.tap(QUESTION_TOKEN, "answer", question, choice))
        else:
            replies.append(_speak(client, question, choice))
        assert len(replies) < 20, "the questions never end"
    return replies


@pytest.mark.parametrize("locale", ["en-US", "en-GB"])
@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_touch_answers_reach_the_same_tier_in_the_same_words_as_spoken_ones(
    tmp_path: Path, name: str, locale: str
) -> None:
    spoken = run(SkillClient(tmp_path / "a.db", locale, device=ECHO_SHOW), SCRIPTS[name], False)
    touched = run(SkillClient(tmp_path / "b.db", locale, device=ECHO_SHOW), SCRIPTS[name], True)
    assert [reply.speech for reply in touched] == [reply.speech for reply in spoken]
    assert touched[-1].level == spoken[-1].level
    assert touched[-1].level is not None
    # Each reply has its screen: the questions with their buttons, then the outcome.
    for reply in touched[:-1]:
        assert shown(reply)["question"] == reply.pending[1]  # type: ignore[index]
    assert shown(touched[-1])["tier"] == touched[-1].level


def test_the_scripts_reach_every_tier(tmp_path: Path) -> None:
    reached = set()
    for index, script in enumerate(SCRIPTS.values()):
        client = SkillClient(tmp_path / f"{index}.db", device=ECHO_SHOW)
        reached.add(run(client, script, True)[-1].level)
    assert reached == {tier.id for tier in Tier}


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_a_voice_only_device_gets_no_screen(tmp_path: Path, name: str) -> None:
    client = SkillClient(tmp_path / "s.db", device=VOICE_ONLY)
    replies = run(client, SCRIPTS[name], False)
    replies.append(client.say("AMAZON.YesIntent"))  # the follow-up offer, or say it again
    replies.append(SkillClient(tmp_path / "t.db").say("HeatIceIntent"))
    for reply in replies:
        assert directives(reply) == [], reply.raw


def test_a_screen_device_gets_the_question_with_its_buttons(tmp_path: Path) -> None:
    client = SkillClient(tmp_path / "s.db", device=ECHO_SHOW)
    content = for_locale("en-US")
    launch = client.launch()
    (directive,) = directives(launch)
    assert directive["type"] == RENDER and directive["token"] == QUESTION_TOKEN
    assert directive["document"]["version"] == "2024.2"
    screen = shown(launch)
    assert screen["text"] == content.text("questions.duration.ask")
    assert [b["choice"] for b in screen["buttons"]] == [*screens.DURATION_CHOICES, "not_sure"]
    assert [b["label"] for b in screen["buttons"]] == [
        content.text(f"screen.{choice}") for choice in screens.choices(DURATION)
    ]
    assert screen["footer"] == "General information, not a diagnosis."
    after = client.tap(QUESTION_TOKEN, "answer", DURATION, "few_days")
    assert [b["label"] for b in shown(after)["buttons"]] == ["Yes", "No", "Not sure"]


@pytest.mark.parametrize(
    ("locale", "person", "pronoun"),
    [("en-US", "her", "her"), ("en-GB", "him", "him"), ("en-AU", "them", "them"),
     ("es-US", "her", "her"), ("es-ES", "boy", "him"), ("en-IN", "girl", "her")],
)  # fmt: skip
def test_the_question_screen_for_someone_else_shows_the_question_as_it_was_asked(
    tmp_path: Path, locale: str, person: str, pronoun: str
) -> None:
    content = for_locale(locale)
    client = SkillClient(tmp_path / "s.db", locale, device=ECHO_SHOW)
    client.launch()
    reply = client.say("ForSomeoneElseIntent", person=Match(person))
    worded = set()
    while reply.pending is not None and reply.pending[0] == "question":
        question = reply.pending[1]
        screen = shown(reply)
        assert screen["question"] == question
        # The same words that were spoken, about the person where the content words it so.
        text = " ".join(screen["text"].split())
        assert text in said(reply), (question, text)
        assert screen["text"] == content.text(content.about(f"questions.{question}.ask", pronoun))
        if content.has(f"questions.{question}.{pronoun}.ask"):
            assert screen["text"] != content.text(f"questions.{question}.ask")
            worded.add(question)
        choice = "few_days" if question == DURATION else "no"
        reply = client.tap(QUESTION_TOKEN, "answer", question, choice)
    assert worded >= {"cauda_equina", "leg_function", "infection_swelling"}
    # A child's pain is at least a doctor's visit (how long is then not asked); a grown-up's,
    # with no sign, self care.
    child = person in {"boy", "girl"}
    assert (DURATION in worded) is not child
    assert reply.level == ("doctor" if child else "self_care")


@pytest.mark.parametrize("locale", ["en-US", "en-GB"])
def test_the_outcome_screen_for_someone_else_shows_what_is_said_about_them(
    tmp_path: Path, locale: str
) -> None:
    client = SkillClient(tmp_path / "s.db", locale, device=ECHO_SHOW)
    client.launch()
    client.say("ForSomeoneElseIntent", person=Match("her"))
    reply = client.tap(QUESTION_TOKEN, "answer", DURATION, "few_days")
    while reply.pending is not None and reply.pending[0] == "question":
        reply = client.tap(QUESTION_TOKEN, "answer", reply.pending[1], "no")
    screen = shown(reply)
    content = for_locale(locale)
    assert reply.card is not None
    assert screen["heading"] == reply.card[0] == content.text("outcomes.self_care.her.card_title")
    assert screen["lines"][0] == content.text("outcomes.self_care.her.speech").split("\n")[0]
    for line in screen["lines"]:
        assert line in said(reply)


@pytest.mark.parametrize(
    ("locale", "script", "number", "label"),
    [
        ("en-US", "emergency_cauda", "911", "Emergency number"),
        ("en-GB", "emergency_cauda", "999", "Emergency number"),
        ("en-US", "urgent", "911", "If it gets worse, call"),
        ("en-GB", "urgent", "NHS 111", "For help today, call"),
        ("fr-FR", "emergency_cauda", "your local emergency number", "Emergency number"),
        ("en-IN", "emergency_cauda", "112 or 108 for an ambulance", "Emergency number"),
        ("en-AU", "emergency_cauda", "000 in Australia or 111 in New Zealand", "Emergency number"),
        ("en-CA", "urgent", "911", "If it gets worse, call"),
        ("en-US", "prompt", "", ""),
        ("en-GB", "self_care", "", ""),
    ],
)
def test_the_outcome_screen_matches_what_is_said(
    tmp_path: Path, locale: str, script: str, number: str, label: str
) -> None:
    client = SkillClient(tmp_path / "s.db", locale, device=ECHO_SHOW)
    outcome = run(client, SCRIPTS[script], True)[-1]
    screen = shown(outcome)
    assert screen["heading"] == outcome.card[0]  # type: ignore[index]
    assert screen["number"] == number and screen["numberLabel"] == label
    assert screen["icon"] == screens.OUTCOME_ICONS[Tier.from_id(screen["tier"])]
    assert 1 <= len(screen["lines"]) <= screens.MAX_LINES
    for line in screen["lines"]:
        assert line in said(outcome)  # every line on the screen is said
    assert screen["footer"] == for_locale(locale).text("screen.footer")


def test_emergency_advice_keeps_its_screen_and_adds_nothing(tmp_path: Path) -> None:
    client = SkillClient(tmp_path / "s.db", device=ECHO_SHOW)
    outcome = run(client, SCRIPTS["emergency_cauda"], True)[-1]
    assert outcome.pending == ("emergency", "")
    assert shown(outcome)["tier"] == "emergency"
    # "Say that again": the same advice; the outcome stays on the screen, nothing new on it.
    again = client.say("AMAZON.YesIntent")
    assert again.speech == outcome.speech
    assert directives(again) == []


def test_an_answer_to_a_question_shows_what_was_said(tmp_path: Path) -> None:
    reply = SkillClient(tmp_path / "s.db", device=ECHO_SHOW).say("HeatIceIntent")
    screen = shown(reply)
    assert screen["lines"] and all(line in said(reply) for line in screen["lines"])


def test_a_question_in_the_middle_keeps_the_pending_question_on_the_screen(
    tmp_path: Path,
) -> None:
    client = SkillClient(tmp_path / "s.db", device=ECHO_SHOW)
    client.launch()
    client.tap(QUESTION_TOKEN, "answer", DURATION, "few_days")
    reply = client.say("HeatIceIntent")
    assert shown(reply)["question"] == "cauda_equina"  # the buttons still answer it


def test_a_stale_touch_asks_the_pending_question_again(tmp_path: Path) -> None:
    client = SkillClient(tmp_path / "s.db", device=ECHO_SHOW)
    client.launch()
    asked = client.tap(QUESTION_TOKEN, "answer", DURATION, "few_days")
    before = dict(asked.session)
    # A yes from a screen of another question (pressed late) is not taken as this one's.
    again = client.tap(QUESTION_TOKEN, "answer", "injury", "yes")
    assert again.session["answers"] == before["answers"]
    assert again.pending == asked.pending
    assert again.speech.endswith("?")


@pytest.mark.parametrize(
    ("token", "arguments"),
    [
        ("hipback.question", ["answer", "cauda_equina"]),
        ("hipback.question", ["answer", "cauda_equina", "maybe"]),
        ("hipback.question", ["answer", "no_such_question", "yes"]),
        ("hipback.question", ["answer", DURATION, "yes"]),
        ("hipback.outcome", ["answer", "cauda_equina", "yes"]),
        ("another.skill", ["answer", "cauda_equina", "yes"]),
        ("hipback.question", ["goto", "cauda_equina", "yes"]),
        ("hipback.question", [{"x": 1}, [], None]),
    ],
)
def test_a_user_event_that_is_not_our_button_gets_the_silent_reply(
    tmp_path: Path, token: str, arguments: list[Any]
) -> None:
    client = SkillClient(tmp_path / "s.db", device=ECHO_SHOW)
    client.launch()
    assert client.session is not None
    envelope = client.envelopes.user_event(client.session, token, arguments)
    response = client.handler(envelope, None)
    assert response["response"] == {}


def test_every_question_has_a_screen_whose_buttons_the_skill_accepts() -> None:
    content = for_locale("en-GB")
    for question in QUESTIONS_BY_ID:
        screen = screens.question(question, content)
        filled = screens.datasources(screen, content)["screen"]["properties"]
        assert filled["text"] == content.text(f"questions.{question}.ask")
        for button in filled["buttons"]:
            touch = screens.touched(QUESTION_TOKEN, ["answer", question, button["choice"]])
            assert touch == screens.Touch(question, button["choice"])
    assert set(screens.SCREENS) == {path.stem for path in Path(screens.SCREENS_DIR).glob("*.json")}
