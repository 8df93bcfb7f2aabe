"""Hands-free care in whole conversations: ice and heat timers, the check-in reminder and the
check-in a week later, the guided routine; with and without permissions, declined, and with
Alexa's APIs failing. Alexa's APIs are the simulator's, on loopback (simulator/alexa_api.py),
which refuses any body ask-sdk-model's classes do not read back whole.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hipback.content import for_locale
from hipback.content.render import ssml_to_text
from interaction_model.resolver import Resolver
from simulator.alexa_api import REMINDERS_PATH, TIMERS_PATH, AlexaApiServer
from simulator.client import Match, Reply, SkillClient, plain
from simulator.envelopes import ECHO_SHOW
from simulator.screen import screen_of
from tests.fast_set import slow_except

TIMERS = "alexa::alerts:timers:skill:readwrite"
REMINDERS = "alexa::alerts:reminders:skill:readwrite"
STEPS = ("knee_rolls", "pelvic_tilts", "knee_to_chest", "glute_bridge")
# Alexa's limits: one pause at most 10 s, a response's audio at most 240 s.
MAX_BREAK_SECONDS = 10
MAX_AUDIO_SECONDS = 240
# A slow speaking rate, so that the estimate of a response's length errs long.
WORDS_PER_SECOND = 2.0


@pytest.fixture
def api() -> Iterator[AlexaApiServer]:
    with AlexaApiServer() as server:
        yield server


def client_for(
    tmp_path: Path, api: AlexaApiServer, locale: str = "en-US", **kw: Any
) -> SkillClient:
    return SkillClient(tmp_path / "store.sqlite3", locale=locale, api=api, **kw)


def pending(reply: Reply) -> tuple[str, str] | None:
    return reply.pending


def kind(reply: Reply) -> str | None:
    """What the skill waits for: a question, a care offer, a movement of the routine..."""
    return reply.pending[0] if reply.pending else None


def to_self_care(client: SkillClient) -> Reply:
    """An assessment that ends in self care; the heat and ice tips are offered."""
    reply = client.launch()
    reply = client.say("DurationIntent", duration="P3D")
    while kind(reply) == "question":
        reply = client.say("AMAZON.NoIntent")
    assert reply.level == "self_care" and pending(reply) == ("follow_up", "heat_ice")
    return reply


def to_doctor(client: SkillClient) -> Reply:
    client.launch()
    reply = client.say("DurationIntent", vagueDuration=Match("few_weeks"))
    while kind(reply) == "question":
        reply = client.say("AMAZON.NoIntent")
    assert reply.level == "doctor"
    return reply


def created(reply: Reply, path: str) -> list[dict[str, Any]]:
    return [call.body for call in reply.api_calls if call.path == path and call.status < 300]


def _whole_numbers(text: str) -> str:
    """A number said digit by digit ("9 1 1") written whole."""
    return re.sub(r"(?<=\d) (?=\d)", "", text)


def spoken(reply: Reply) -> str:
    return _whole_numbers(reply.speech)


def words(key: str, locale: str = "en-US") -> str:
    """What the content says for `key`, as spoken() shows a reply."""
    return _whole_numbers(plain(for_locale(locale).ssml(key)))


# ---- ice and heat timers ----


def test_with_permission_the_ice_timer_is_offered_after_the_tips_and_set(
    tmp_path: Path, api: AlexaApiServer
) -> None:
    api.services.grant("timers")
    client = client_for(tmp_path, api)
    to_self_care(client)
    reply = client.say("AMAZON.YesIntent")  # the tips
    assert "twenty minutes" in reply.speech and pending(reply) == ("care", "ice_offer")
    reply = client.say("AMAZON.YesIntent")
    [timer] = created(reply, TIMERS_PATH)
    assert timer["duration"] == "PT20M"
    announce = timer["triggeringBehavior"]["operation"]
    assert announce["type"] == "ANNOUNCE"
    assert announce["textToAnnounce"] == [
        {"locale": "en-US", "text": "Time to take the ice pack off."}
    ]
    assert len(api.services.timers) == 1
    assert words("care.ice_set") in spoken(reply)
    # Next, the check-in reminder.
    assert pending(reply) == ("care", "reminder_offer") and not reply.ended


def test_without_permission_alexa_asks_and_the_timer_is_set_when_accepted(
    tmp_path: Path, api: AlexaApiServer
) -> None:
    client = client_for(tmp_path, api)
    to_self_care(client)
    reply = client.say("IceTimerIntent")
    asked = reply.ask_for
    assert asked is not None and reply.api_calls == []
    assert asked["payload"] == {
        "@type": "AskForPermissionsConsentRequest", "@version": "1", "permissionScope": TIMERS,
    }  # fmt: skip
    assert asked["token"] == "ice"
    assert "shouldEndSession" not in reply.raw["response"] and reply.reprompt is None
    reply = client.consent("ACCEPTED")
    assert len(created(reply, TIMERS_PATH)) == 1 and len(api.services.timers) == 1
    assert words("care.ice_set") in spoken(reply)


@pytest.mark.parametrize("status", ["DENIED", "NOT_ANSWERED"])
def test_declined_the_advice_is_still_spoken_and_how_to_allow_it(
    tmp_path: Path, api: AlexaApiServer, status: str
) -> None:
    client = client_for(tmp_path, api)
    to_self_care(client)
    client.say("AMAZON.YesIntent")
    reply = client.say("AMAZON.YesIntent")  # yes to the ice timer: Alexa asks first
    assert reply.ask_for is not None
    reply = client.consent(status)
    assert reply.api_calls == [] and api.services.timers == []
    assert "Alexa app" in reply.speech and "twenty minutes" in reply.speech
    assert pending(reply) == ("care", "reminder_offer") and not reply.ended


def test_a_revoked_permission_is_explained_not_asked_again(
    tmp_path: Path, api: AlexaApiServer
) -> None:
    client = client_for(tmp_path, api)
    to_self_care(client)
    reply = client.say("IceTimerIntent")
    # Accepted on the device, yet Alexa's API refuses (the user took it back in the app).
    reply = client.consent("ACCEPTED")
    api.services.granted.clear()
    assert [call.status for call in reply.api_calls] == [200]
    reply = client.say("IceTimerIntent")
    assert reply.ask_for is not None  # the request lists no grant: Alexa is asked again
    reply = client.send(
        client.envelopes.connections_response(
            client._session(), "AskFor", {"status": "ACCEPTED"}, "ice"
        )
    )
    assert [call.status for call in reply.api_calls] == [401]
    assert "Alexa app" in reply.speech and "twenty minutes" in reply.speech


def test_when_alexas_api_fails_the_advice_is_still_spoken(
    tmp_path: Path, api: AlexaApiServer
) -> None:
    api.services.grant("timers", "reminders")
    api.services.failing = True
    client = client_for(tmp_path, api)
    to_self_care(client)
    client.say("AMAZON.YesIntent")
    reply = client.say("AMAZON.YesIntent")
    assert [call.status for call in reply.api_calls] == [500]
    assert words("care.ice_unavailable") in spoken(reply)
    reply = client.say("AMAZON.YesIntent")  # the reminder: fails too
    assert words("care.reminder_unavailable") in spoken(reply)
    assert pending(reply) == ("care", "routine_offer")


def test_without_alexas_apis_at_all_nothing_fails(tmp_path: Path) -> None:
    """No API endpoint that answers (a device without timers): the advice, never an error."""
    client = SkillClient(tmp_path / "store.sqlite3")
    to_self_care(client)
    client.say("AMAZON.YesIntent")
    reply = client.say("IceTimerIntent")
    reply = client.consent("ACCEPTED")
    assert words("care.ice_unavailable") in spoken(reply)


def test_heat_is_never_timed_on_numb_skin(tmp_path: Path, api: AlexaApiServer) -> None:
    api.services.grant("timers")
    client = client_for(tmp_path, api)
    to_self_care(client)
    reply = client.say("HeatTimerIntent")
    assert pending(reply) == ("care", "heat_check") and reply.api_calls == []
    reply = client.say("AMAZON.YesIntent")  # yes, it is numb
    assert words("care.heat_numb") in spoken(reply) and "911" in reply.ssml
    assert reply.api_calls == [] and api.services.timers == []
    reply = client.say("HeatTimerIntent")
    reply = client.say("AMAZON.NoIntent")  # not numb
    [timer] = created(reply, TIMERS_PATH)
    assert timer["timerLabel"] == "Heat pack"
    assert timer["triggeringBehavior"]["operation"]["textToAnnounce"][0]["text"] == (
        "Time to take the heat pack off."
    )


def test_a_one_shot_timer_sets_it_and_ends(tmp_path: Path, api: AlexaApiServer) -> None:
    api.services.grant("timers")
    client = client_for(tmp_path, api)
    reply = client.say("IceTimerIntent")
    assert len(created(reply, TIMERS_PATH)) == 1 and reply.ended


# ---- the check-in reminder, and the check-in ----


@pytest.mark.parametrize(("locale", "zone"), [("en-GB", "Europe/London"),
                                              ("en-US", "America/Los_Angeles"),
                                              ("en-US", None)])  # fmt: skip
def test_the_reminder_is_a_week_ahead_in_the_users_time_zone(
    tmp_path: Path, api: AlexaApiServer, locale: str, zone: str | None
) -> None:
    api.services.grant("timers", "reminders")
    api.services.time_zone = zone  # None: the setting cannot be read, so UTC
    client = client_for(tmp_path, api, locale)
    to_self_care(client)
    reply = client.say("AMAZON.NoIntent")  # no tips: the reminder is offered
    assert pending(reply) == ("care", "reminder_offer")
    reply = client.say("AMAZON.YesIntent")
    [reminder] = created(reply, REMINDERS_PATH)
    expected_zone = zone or "UTC"
    week = datetime.now(UTC).astimezone(ZoneInfo(expected_zone)).date() + timedelta(days=7)
    assert reminder["trigger"] == {
        "type": "SCHEDULED_ABSOLUTE",
        "scheduledTime": f"{week.isoformat()}T10:00:00",
        "timeZoneId": expected_zone,
    }
    assert reminder["alertInfo"]["spokenInfo"]["content"] == [
        {"locale": locale, "text": "Time to check in with Hip and Back Helper."}
    ]
    assert words("care.reminder_set", locale) in spoken(reply)
    assert pending(reply) == ("care", "routine_offer")


def test_the_reminder_without_permission_asks_alexa(tmp_path: Path, api: AlexaApiServer) -> None:
    client = client_for(tmp_path, api)
    to_self_care(client)
    client.say("AMAZON.NoIntent")
    reply = client.say("AMAZON.YesIntent")
    assert reply.ask_for is not None and reply.ask_for["token"] == "reminder"
    assert reply.ask_for["payload"]["permissionScope"] == REMINDERS
    reply = client.consent("ACCEPTED")
    assert len(created(reply, REMINDERS_PATH)) == 1
    api.services.granted.clear()  # someone else, who has granted nothing
    client_declined = client_for(tmp_path / "other", api, user="amzn1.ask.account.OTHER")
    to_self_care(client_declined)
    client_declined.say("AMAZON.NoIntent")
    client_declined.say("AMAZON.YesIntent")
    reply = client_declined.consent("DENIED")
    assert reply.api_calls == [] and "Alexa app" in reply.speech
    assert pending(reply) == ("care", "routine_offer")


def _week_later(days: int) -> Any:
    def clock() -> datetime:
        return datetime.now(UTC) + timedelta(days=days)

    return clock


def _with_reminder(
    tmp_path: Path, api: AlexaApiServer, days_later: int, locale: str = "en-US"
) -> SkillClient:
    api.services.grant("reminders")
    api.services.time_zone = "UTC"
    client = client_for(tmp_path, api, locale)
    to_self_care(client)
    client.say("AMAZON.NoIntent")
    client.say("AMAZON.YesIntent")
    client.say("AMAZON.NoIntent")  # no routine: the session ends and the day is saved
    return client_for(tmp_path, api, locale, clock=_week_later(days_later))


def test_the_launch_after_the_check_in_day_asks_and_no_better_means_a_doctor(
    tmp_path: Path, api: AlexaApiServer
) -> None:
    later = _with_reminder(tmp_path, api, 8)
    reply = later.launch()
    assert words("care.checkin_ask") in spoken(reply) and pending(reply) == ("care", "checkin")
    reply = later.say("AMAZON.NoIntent")  # no better
    assert words("care.checkin_not_better") in spoken(reply)
    # The warning signs are still asked; then a doctor, for home care that has not helped.
    assert pending(reply) == ("question", "cauda_equina")
    while kind(reply) == "question":
        reply = later.say("AMAZON.NoIntent")
    assert reply.level == "doctor" and "home_care_failed" in reply.session["assessment"]["reasons"]
    # Asked once: the next launch is an ordinary one.
    later.end()
    assert pending(later.launch()) == ("question", "duration")


def test_a_warning_sign_at_the_check_in_still_wins(tmp_path: Path, api: AlexaApiServer) -> None:
    later = _with_reminder(tmp_path, api, 8)
    later.launch()
    later.say("AMAZON.NoIntent")
    reply = later.say("AMAZON.YesIntent")  # yes to bladder or bowel trouble
    assert reply.level == "emergency"


def test_better_at_the_check_in_ends_kindly(tmp_path: Path, api: AlexaApiServer) -> None:
    later = _with_reminder(tmp_path, api, 8)
    later.launch()
    reply = later.say("AMAZON.YesIntent")
    assert words("care.checkin_better") in spoken(reply) and reply.ended


def _said(client: SkillClient, locale: str, words: str) -> Reply:
    """Words said to the skill as the voice model hears them (the offline resolver)."""
    heard = Resolver(locale).resolve(words)
    assert heard.intent is not None, words
    slots: dict[str, Any] = {
        name: Match(slot.id, slot.value) if slot.id else slot.value
        for name, slot in heard.slots.items()
    }
    return client.say(heard.intent, **slots)


CHECK_IN_ANSWERS = [
    ("en-US", "it's much better thanks", True),
    ("en-US", "yes much better", True),
    ("en-US", "a little", True),
    ("en-GB", "loads better", True),
    ("en-US", "about the same", False),
    ("en-GB", "no still the same", False),
    ("en-US", "worse if anything", False),
    ("es-US", "mucho mejor", True),
    ("es-MX", "sigue igual", False),
    ("es-ES", "está peor", False),
]


# Each other locale's resolver takes seconds to compile: `make check` says the en-US answers.
@pytest.mark.parametrize(
    ("locale", "said", "better"),
    slow_except(CHECK_IN_ANSWERS, *[case for case in CHECK_IN_ANSWERS if case[0] == "en-US"]),
)
def test_the_check_in_hears_how_the_pain_has_gone(
    tmp_path: Path, api: AlexaApiServer, locale: str, said: str, better: bool
) -> None:
    later = _with_reminder(tmp_path, api, 8, locale)
    later.launch()
    reply = _said(later, locale, said)
    if better:
        assert words("care.checkin_better", locale) in spoken(reply) and reply.ended
    else:
        assert words("care.checkin_not_better", locale) in spoken(reply)
        assert pending(reply) == ("question", "cauda_equina")


def test_at_the_check_in_not_knowing_asks_again(tmp_path: Path, api: AlexaApiServer) -> None:
    later = _with_reminder(tmp_path, api, 8)
    later.launch()
    reply = _said(later, "en-US", "dunno")
    assert pending(reply) == ("care", "checkin") and not reply.ended


def test_how_the_pain_has_gone_answers_only_the_home_care_question(
    tmp_path: Path, api: AlexaApiServer
) -> None:
    client = client_for(tmp_path, api)
    client.launch()
    reply = client.say("DurationIntent", duration="P10D")
    reply = _said(client, "en-US", "much better")  # to the bladder question: asked again
    assert pending(reply) == ("question", "cauda_equina")
    assert reply.session["answers"].get("replies", {}) == {}
    while pending(reply) != ("question", "home_care"):
        reply = client.say("AMAZON.NoIntent")
    reply = _said(client, "en-US", "about the same")  # care at home has not helped
    assert reply.level == "doctor" and "home_care_failed" in reply.session["assessment"]["reasons"]


def test_no_check_in_before_its_day(tmp_path: Path, api: AlexaApiServer) -> None:
    sooner = _with_reminder(tmp_path, api, 3)
    assert pending(sooner.launch()) == ("question", "duration")


# ---- the check-in fits whoever the pain was for ----

# Words that speak to the listener as the one in pain. English: "you" and its forms. Spanish
# speaks to usted: its pronouns, and the usted forms the old wording used ("¿Está mejor del
# dolor?", "siga moviéndose").
SECOND_PERSON = {
    "en": re.compile(r"\byou(?:r|rs|rself)?\b|\byou['\u2019](?:re|ve|ll|d)\b", re.IGNORECASE),
    "es": re.compile(r"\b(?:usted|su|sus|le|les|\w+ndose|cuídese)\b|¿está\b", re.IGNORECASE),
}
CHECK_IN = ("care.checkin_ask", "care.checkin_ask_reprompt", "care.checkin_better",
            "care.checkin_not_better", "care.reminder_announce")  # fmt: skip


def test_the_check_in_and_the_reminder_speak_to_no_one_in_particular() -> None:
    """The profile keeps only the check-in's day, not who the pain was for: what is said a
    week later, and what the reminder says, fit the user and anyone they asked for."""
    from hipback.content import SUPPORTED_LOCALES

    for locale in SUPPORTED_LOCALES:
        content = for_locale(locale)
        second_person = SECOND_PERSON[locale.split("-")[0]]
        for key in CHECK_IN:
            assert not second_person.search(content.text(key)), (locale, key)
        # The reminder names no one and no symptom, whoever it was set for.
        for person in ("her", "him", "them"):
            assert content.about("care.reminder_announce", person) == "care.reminder_announce"
    # The check can fail: the words it replaced spoke to the patient.
    assert SECOND_PERSON["en"].search("Is your pain any better?")
    assert SECOND_PERSON["es"].search("¿Le duele menos que hace una semana?")
    assert SECOND_PERSON["es"].search("Siga moviéndose con suavidad.")
    assert SECOND_PERSON["es"].search("¿Está mejor del dolor?")


def _stored(path: Path) -> list[dict[str, Any]] | None:
    """The profile store's rows, or None when the skill was given another store (the privacy
    audit runs these conversations on DynamoDB, and checks what its table holds itself)."""
    with sqlite3.connect(path) as connection:
        connection.row_factory = sqlite3.Row
        tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if ("user_profiles",) not in [tuple(row) for row in tables]:
            return None
        rows = connection.execute("SELECT * FROM user_profiles").fetchall()
    return [{k: v for k, v in dict(row).items() if v is not None} for row in rows]


@pytest.mark.parametrize("locale", ["en-GB", "es-US"])
def test_for_someone_else_through_to_the_check_in_a_week_later(
    tmp_path: Path, api: AlexaApiServer, locale: str
) -> None:
    api.services.grant("reminders")
    api.services.time_zone = "UTC"
    content = for_locale(locale)
    client = client_for(tmp_path, api, locale)
    client.launch()
    client.say("ForSomeoneElseIntent", person=Match("her"))
    reply = client.say("DurationIntent", duration="P3D")
    while kind(reply) == "question":
        reply = client.say("AMAZON.NoIntent")
    assert reply.level == "self_care"
    reply = client.say("AMAZON.NoIntent")  # no tips: the reminder, for her
    assert words("care.her.reminder_offer", locale) in spoken(reply)
    reply = client.say("AMAZON.YesIntent")
    [reminder] = created(reply, REMINDERS_PATH)
    assert reminder["alertInfo"]["spokenInfo"]["content"] == [
        {"locale": locale, "text": content.text("care.reminder_announce")}
    ]
    client.say("AMAZON.NoIntent")  # no routine: the session ends and the day is saved
    # Only the day is kept: nothing says who the assessment was for.
    stored = _stored(tmp_path / "store.sqlite3")
    if stored is not None:
        [item] = stored
        assert set(item) <= {"id", "visits", "first_visit", "last_visit", "style", "check_in",
                             "expires"}  # fmt: skip
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", item["check_in"])

    later = client_for(tmp_path, api, locale, clock=_week_later(8))
    reply = later.launch()
    assert pending(reply) == ("care", "checkin")
    assert words("care.checkin_ask", locale) in spoken(reply)
    # The one asking says who it is for: the check-in is asked again, then the questions are
    # about her.
    reply = later.say("ForSomeoneElseIntent", person=Match("her"))
    assert words("someone_else.her", locale) in spoken(reply)
    assert words("care.checkin_ask_reprompt", locale) in spoken(reply)
    assert pending(reply) == ("care", "checkin")
    reply = later.say("AMAZON.NoIntent")  # no better
    assert words("care.her.checkin_not_better", locale) in spoken(reply)
    assert words("questions.cauda_equina.her.ask", locale) in spoken(reply)
    while kind(reply) == "question":
        reply = later.say("AMAZON.NoIntent")
    assert reply.level == "doctor" and "home_care_failed" in reply.session["assessment"]["reasons"]
    assert words(content.about("outcomes.doctor.speech", "her"), locale) in spoken(reply)
    assert content.about("outcomes.doctor.speech", "her") != "outcomes.doctor.speech"


def test_at_the_check_in_who_it_is_for_can_be_said_at_the_first_question(
    tmp_path: Path, api: AlexaApiServer
) -> None:
    later = _with_reminder(tmp_path, api, 8)
    later.launch()
    reply = later.say("AMAZON.NoIntent")  # no better: the questions, and how to say who
    assert words("care.checkin_not_better") in spoken(reply)
    assert pending(reply) == ("question", "cauda_equina")
    reply = later.say("ForSomeoneElseIntent", person=Match("him"))
    # The check-in's answer is kept; the question is asked again, about him.
    assert words("questions.cauda_equina.him.ask") in spoken(reply)
    while kind(reply) == "question":
        reply = later.say("AMAZON.NoIntent")
    assert reply.level == "doctor" and "home_care_failed" in reply.session["assessment"]["reasons"]


def test_a_child_named_at_the_check_in_gets_the_childs_assessment(
    tmp_path: Path, api: AlexaApiServer
) -> None:
    later = _with_reminder(tmp_path, api, 8)
    later.launch()
    reply = later.say("ForSomeoneElseIntent", person=Match("girl"))
    assert words("someone_else.child") in spoken(reply) and kind(reply) == "question"
    while kind(reply) == "question":
        reply = later.say("AMAZON.NoIntent")
    assert reply.level == "doctor" and "child" in reply.session["assessment"]["reasons"]


# ---- the guided routine ----


def audio_seconds(ssml: str) -> float:
    pauses = [int(ms) / 1000 for ms in re.findall(r'<break time="(\d+)ms"/>', ssml)]
    assert all(pause <= MAX_BREAK_SECONDS for pause in pauses), ssml
    text = re.sub(r"<[^>]+>", " ", ssml)
    return sum(pauses) + len(text.split()) / WORDS_PER_SECOND


def to_routine_offer(client: SkillClient) -> Reply:
    to_self_care(client)
    client.say("AMAZON.NoIntent")  # no tips
    return client.say("AMAZON.NoIntent")  # no reminder: the routine is offered


def test_the_routine_from_start_to_end_with_next_repeat_pause(
    tmp_path: Path, api: AlexaApiServer
) -> None:
    client = client_for(tmp_path, api)
    reply = to_routine_offer(client)
    assert pending(reply) == ("care", "routine_offer")
    reply = client.say("AMAZON.YesIntent")
    # The safety line first, then the first movement.
    assert reply.speech.index(words("routine.safety")) < reply.speech.index("knee rolls")
    assert "numb" in words("routine.safety") and "worse" in words("routine.safety")
    assert pending(reply) == ("routine", "knee_rolls")
    said = [reply]
    reply = client.say("AMAZON.NextIntent")
    assert pending(reply) == ("routine", "pelvic_tilts")
    again = client.say("AMAZON.RepeatIntent")
    assert again.ssml == reply.ssml and pending(again) == ("routine", "pelvic_tilts")
    paused = client.say("AMAZON.PauseIntent")
    assert pending(paused) == ("paused", "pelvic_tilts") and not paused.ended
    reply = client.say("AMAZON.YesIntent")  # carry on: the movement again
    assert pending(reply) == ("routine", "pelvic_tilts")
    said.append(reply)
    reply = client.say("AMAZON.YesIntent")  # ready for the next one
    assert pending(reply) == ("routine", "knee_to_chest")
    said.append(reply)
    reply = client.say("AMAZON.NextIntent")
    assert "bridge" in reply.speech and pending(reply) == ("care", "routine_check")
    said.append(reply)
    for one in said:
        assert audio_seconds(one.ssml) <= MAX_AUDIO_SECONDS
    reply = client.say("AMAZON.NoIntent")  # not worse
    assert words("routine.felt_fine") in spoken(reply) and reply.ended


def test_a_screen_shows_the_movement_being_done(tmp_path: Path, api: AlexaApiServer) -> None:
    client = client_for(tmp_path, api, device=ECHO_SHOW)
    to_routine_offer(client)
    for reply in (client.say("AMAZON.YesIntent"), client.say("AMAZON.NextIntent")):
        screen = screen_of(reply.raw["response"].get("directives") or [])
        assert screen is not None and screen.name == "info"
        step = reply.pending[1] if reply.pending else ""
        # The screen's lines are the movement spoken, without its counted pauses.
        spoken_step = ssml_to_text(for_locale("en-US").ssml(f"routine.{step}"))
        assert screen.properties["lines"] == [line for line in spoken_step.split("\n") if line]


def test_worse_after_the_routine_means_advice(tmp_path: Path, api: AlexaApiServer) -> None:
    client = client_for(tmp_path, api)
    to_routine_offer(client)
    client.say("AMAZON.YesIntent")
    for _ in STEPS[1:]:
        reply = client.say("AMAZON.NextIntent")
    assert pending(reply) == ("care", "routine_check")
    reply = client.say("AMAZON.YesIntent")  # worse
    assert words("routine.felt_worse") in spoken(reply) and "911" in reply.ssml and reply.ended


def test_stop_ends_the_routine_with_what_to_watch_for(tmp_path: Path, api: AlexaApiServer) -> None:
    client = client_for(tmp_path, api)
    to_routine_offer(client)
    client.say("AMAZON.YesIntent")
    reply = client.say("AMAZON.StopIntent")
    assert words("routine.stopped") in spoken(reply) and reply.ended


def test_the_routine_on_request_after_a_doctor_outcome(tmp_path: Path, api: AlexaApiServer) -> None:
    client = client_for(tmp_path, api)
    to_doctor(client)
    reply = client.say("RoutineIntent")
    assert pending(reply) == ("routine", "knee_rolls")


def test_the_routine_before_any_questions_asks_them_first(
    tmp_path: Path, api: AlexaApiServer
) -> None:
    client = client_for(tmp_path, api)
    reply = client.say("RoutineIntent")
    assert words("routine.needs_check") in spoken(reply) and pending(reply) == ("start", "")
    reply = client.say("AMAZON.YesIntent")
    assert pending(reply) == ("question", "duration")


def test_next_outside_the_routine_is_no_error(tmp_path: Path, api: AlexaApiServer) -> None:
    client = client_for(tmp_path, api)
    reply = to_self_care(client)
    reply = client.say("AMAZON.NextIntent")
    assert words("routine.not_now") in spoken(reply) and pending(reply) == ("follow_up", "heat_ice")


# ---- never after a warning sign ----


WARNINGS = [
    ("emergency", {"symptom": Match("bladder_bowel")}),
    ("urgent", {"symptom": Match("fever")}),
    ("prompt", {"symptom": Match("severe_pain")}),
]


@pytest.mark.parametrize(("level", "slots"), WARNINGS)
def test_nothing_is_offered_or_set_after_a_warning_sign(
    tmp_path: Path, api: AlexaApiServer, level: str, slots: dict[str, Any]
) -> None:
    api.services.grant("timers", "reminders")
    client = client_for(tmp_path, api)
    client.launch()
    reply = client.say("DurationIntent", duration="P3D")
    reply = client.say("ReportSymptomIntent", **slots)
    while kind(reply) == "question":
        reply = client.say("AMAZON.NoIntent")
    assert reply.level == level
    for intent in ("IceTimerIntent", "HeatTimerIntent", "RoutineIntent"):
        reply = client.say(intent)
        assert reply.api_calls == [] and reply.ask_for is None, intent
        assert kind(reply) not in ("care", "routine", "paused"), intent
    # Declining the outcome's offer ends the session: no care offers follow.
    reply = client.say("AMAZON.NoIntent")
    assert reply.ended or pending(reply) == ("emergency", "")
    assert api.services.timers == [] and api.services.reminders == []


def test_timers_wait_until_the_questions_are_done(tmp_path: Path, api: AlexaApiServer) -> None:
    api.services.grant("timers")
    client = client_for(tmp_path, api)
    client.launch()
    reply = client.say("DurationIntent", duration="P3D")
    question = pending(reply)
    reply = client.say("IceTimerIntent")
    assert reply.api_calls == [] and pending(reply) == question
