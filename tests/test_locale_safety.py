"""Every locale's numbers where safety needs them: the welcome, every emergency outcome, the
safety net, help, and the non-emergency line of the urgent outcome; and en-AU's New Zealand.

Cheap on purpose (a few turns a locale, intents sent directly): the understanding of the words
is tested elsewhere. The numbers below are written out by hand from docs/locales.md, not read
from the content files, so that a wrong digit in a content file fails here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from interaction_model.locales import locales
from simulator.alexa_api import REMINDERS_PATH, AlexaApiServer
from simulator.client import Match, Reply, SkillClient


class Numbers:
    def __init__(
        self, emergency: str, crisis: str, help_line: str | None, also: tuple[str, ...] = ()
    ) -> None:
        self.emergency = emergency  # said digit by digit everywhere
        self.crisis = crisis  # after thoughts of self-harm
        self.help_line = help_line  # where to get help today, when it is a number
        self.also = also  # said beside the emergency number (another country's, an ambulance)


NUMBERS = {
    "en-US": Numbers("911", "988", None),
    "en-GB": Numbers("999", "116 123", "111"),
    "en-CA": Numbers("911", "988", "811"),
    "en-AU": Numbers("000", "13 11 14", "1800 022 222", also=("111",)),
    "en-IN": Numbers("112", "14416", None, also=("108",)),
    "es-US": Numbers("911", "988", None),
    "es-MX": Numbers("911", "800 911 2000", None),
    "es-ES": Numbers("112", "024", None),
}
# Where help today is a place, not a number: the words the urgent outcome says.
HELP_TODAY_WORDS = {
    "en-US": "urgent care", "es-US": "clínica de atención urgente", "es-MX": "unidad de salud",
    "es-ES": "teléfono de urgencias de su comunidad",
}
EMERGENCIES = ("breathing", "stroke", "bleeding", "overdose", "self_harm")
# One answer for each question that can end in emergency care, and what to say to reach it.
EMERGENCY_ANSWERS = {"cauda_equina": "bladder_bowel", "leg_function": "leg_weakness",
                     "injury": "serious_injury"}  # fmt: skip


def digits(ssml: str) -> list[str]:
    return re.findall(r'<say-as interpret-as="digits">(\d+)</say-as>', ssml)


def telephones(ssml: str) -> list[str]:
    return re.findall(r'<say-as interpret-as="telephone">([\d ]+)</say-as>', ssml)


@pytest.fixture(params=locales())
def client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SkillClient]:
    yield SkillClient(tmp_path / "store.sqlite3", locale=request.param)


def numbers(client: SkillClient) -> Numbers:
    return NUMBERS[client.envelopes.identity.locale]


def until(client: SkillClient, question: str) -> Reply:
    reply = client.launch()
    reply = client.say("DurationIntent", duration="P3D")
    while reply.pending != ("question", question):
        assert reply.pending and reply.pending[0] == "question", reply.speech
        reply = client.say("AMAZON.NoIntent")
    return reply


def test_every_locale_has_its_numbers_here() -> None:
    assert sorted(NUMBERS) == sorted(locales())


def test_the_welcome_says_the_emergency_number_digit_by_digit(client: SkillClient) -> None:
    expected = numbers(client)
    reply = client.launch()
    assert digits(reply.ssml)[:1 + len(expected.also)] == [expected.emergency, *expected.also]


@pytest.mark.parametrize("question", sorted(EMERGENCY_ANSWERS))
def test_every_emergency_outcome_says_the_number_first(client: SkillClient, question: str) -> None:
    expected = numbers(client)
    until(client, question)
    reply = client.say("ReportSymptomIntent", symptom=Match(EMERGENCY_ANSWERS[question]))
    assert reply.level == "emergency"
    assert digits(reply.ssml)[0] == expected.emergency
    assert set(digits(reply.ssml)) <= {expected.emergency, *expected.also}


@pytest.mark.parametrize("emergency", EMERGENCIES)
def test_the_safety_net_says_the_number_and_the_crisis_line(
    client: SkillClient, emergency: str
) -> None:
    expected = numbers(client)
    reply = client.say("EmergencyIntent", emergency=Match(emergency))
    assert expected.emergency in digits(reply.ssml)
    if emergency == "self_harm":
        assert expected.crisis in [*digits(reply.ssml), *telephones(reply.ssml)]


def test_help_says_the_emergency_number(client: SkillClient) -> None:
    client.launch()
    reply = client.say("AMAZON.HelpIntent")
    assert expected_in(numbers(client).emergency, reply)
    # And in the middle of the questions, where someone may be answering a warning sign.
    until(client, "cauda_equina")
    assert expected_in(numbers(client).emergency, client.say("AMAZON.HelpIntent"))


def expected_in(number: str, reply: Reply) -> bool:
    return number in digits(reply.ssml) or number in telephones(reply.ssml)


def test_the_urgent_outcome_gives_the_line_for_help_today(client: SkillClient) -> None:
    expected = numbers(client)
    until(client, "infection_swelling")
    reply = client.say("AMAZON.YesIntent")
    assert reply.level == "urgent"
    if expected.help_line is not None:
        assert expected_in(expected.help_line, reply), reply.speech
    words = HELP_TODAY_WORDS.get(client.envelopes.identity.locale)
    if words is not None:
        assert words in reply.speech
    assert expected.emergency in digits(reply.ssml)


def test_an_unsupported_locale_says_no_number(tmp_path: Path) -> None:
    client = SkillClient(tmp_path / "store.sqlite3", locale="fr-FR")
    reply = client.launch()
    assert "your local emergency number" in reply.speech
    assert digits(reply.ssml) == []


# ---- en-AU serves New Zealand too ----


@pytest.fixture
def api() -> Iterator[AlexaApiServer]:
    with AlexaApiServer() as server:
        yield server


def set_check_in(client: SkillClient) -> None:
    """Self care, then the check-in reminder, which reads the device's time zone."""
    reply = client.launch()
    reply = client.say("DurationIntent", duration="P3D")
    while reply.pending and reply.pending[0] == "question":
        reply = client.say("AMAZON.NoIntent")
    reply = client.say("AMAZON.NoIntent")  # no heat and ice tips: the reminder is offered
    assert reply.pending == ("care", "reminder_offer")
    reply = client.say("AMAZON.YesIntent")
    assert [call for call in reply.api_calls if call.path == REMINDERS_PATH]


@pytest.mark.parametrize(("zone", "said", "unsaid"), [
    ("Pacific/Auckland", ["111"], "000"),
    ("Australia/Perth", ["000"], "111"),
    ("Europe/London", ["000", "111"], None),  # not a country of en-AU: both, as before
])  # fmt: skip
def test_once_the_time_zone_tells_the_country_only_its_numbers_are_said(
    tmp_path: Path, api: AlexaApiServer, zone: str, said: list[str], unsaid: str | None
) -> None:
    api.services.grant("reminders")
    api.services.time_zone = zone
    client = SkillClient(tmp_path / "store.sqlite3", locale="en-AU", api=api)
    set_check_in(client)
    reply = client.say("EmergencyIntent", emergency=Match("self_harm"))
    assert digits(reply.ssml)[: len(said)] == said
    assert unsaid not in digits(reply.ssml)
    if zone == "Pacific/Auckland":
        assert "1737" in digits(reply.ssml) and "13 11 14" not in telephones(reply.ssml)
    # Known for that session only: the next one says both again, at once.
    assert digits(client.launch().ssml)[:2] == ["000", "111"]
