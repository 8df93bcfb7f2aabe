"""Security: other skills' requests are refused, nothing from the request is spoken back, and a
user in a locale the skill does not support is told to call their local emergency number,
never a number that may be wrong there."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from hipback.config import Settings
from hipback.content import SUPPORTED_LOCALES
from hipback.persistence import ProfileService
from hipback.skill import ForeignSkillRequest, build
from simulator.client import SKILL_ID, Match, NoMatch, Reply, SkillClient
from tests.envelope_strategies import MODEL_INTENTS, SLOT_TYPE_IDS

OTHER_SKILL = "amzn1.ask.skill.someone-else"


def foreign(envelope: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(envelope)
    changed["context"]["System"]["application"]["applicationId"] = OTHER_SKILL
    if "session" in changed:
        changed["session"]["application"]["applicationId"] = OTHER_SKILL
    return changed


@pytest.fixture
def client(tmp_path: Path) -> SkillClient:
    return SkillClient(tmp_path / "store.sqlite3")


def test_every_kind_of_request_from_another_skill_is_refused(client: SkillClient) -> None:
    session = client._session()
    envelopes = [
        client.envelopes.launch(session),
        client.envelopes.intent(session, "ReportSymptomIntent", {}),
        client.envelopes.session_ended(session, "USER_INITIATED"),
    ]
    disabled = client.envelopes.launch(session)
    disabled["request"]["type"] = "AlexaSkillEvent.SkillDisabled"
    del disabled["session"]
    envelopes.append(disabled)
    for envelope in envelopes:
        with pytest.raises(ForeignSkillRequest):
            client.handler(foreign(envelope), None)
        # Without the application ID at all, the request names no skill: refused too.
        nameless = copy.deepcopy(envelope)
        del nameless["context"]["System"]["application"]
        with pytest.raises(ForeignSkillRequest):
            client.handler(nameless, None)
        assert client.handler(envelope, None)["response"] is not None


def test_the_skill_id_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKILL_ID", SKILL_ID)
    handler = build(Settings.from_env(), ProfileService(None))
    client = SkillClient(handler=handler)
    envelope = client.envelopes.launch(client._session())
    with pytest.raises(ForeignSkillRequest):
        handler(foreign(envelope), None)
    assert handler(envelope, None)["response"]["outputSpeech"]


MARK = "QQSECRETMARK"
# Each value goes through every intent; `make check` tries the plain marker, the full run also
# the markup and template variants.
HOSTILE = [
    f"{MARK}",
    *(
        pytest.param(value, marks=pytest.mark.slow)
        for value in (
            f"<speak>{MARK}</speak>",
            f'<audio src="https://example.com/{MARK}.mp3"/>',
            f"{MARK} & <b>bold</b>",
            f"{{include:dialog.error}}{MARK}",
            f"{{clinic_name}}{MARK}",
        )
    ),
]


def spoken(reply: Reply) -> str:
    card = " ".join(reply.card) if reply.card else ""
    return " ".join([reply.ssml, reply.reprompt or "", card])


@pytest.mark.parametrize("value", HOSTILE)
def test_no_slot_value_is_ever_spoken_or_shown(tmp_path: Path, value: str) -> None:
    """Every intent with every slot filled with a marked value, matched or not, at the start
    of a session and mid-assessment."""
    for intent, slots in MODEL_INTENTS.items():
        for resolve in ("raw", "no match", "match"):
            # A first-time user each, in one store (a store file costs a disk sync to create).
            user = f"amzn1.ask.account.{intent}-{resolve.replace(' ', '-')}"
            client = SkillClient(tmp_path / "store.sqlite3", user=user)
            client.launch()
            client.say("DurationIntent", duration="P2D")
            filled: dict[str, Any] = {}
            for name, kind in slots.items():
                if resolve == "raw" or kind.startswith("AMAZON."):
                    filled[name] = value
                elif resolve == "no match":
                    filled[name] = NoMatch(value)
                else:
                    # A real id, heard as the marked words.
                    filled[name] = Match(SLOT_TYPE_IDS[kind][0], value)
            reply = client.say(intent, **filled)
            assert MARK not in spoken(reply), (intent, resolve)
            if not reply.ended:
                again = client.say("AMAZON.RepeatIntent")
                assert MARK not in spoken(again), (intent, resolve)


UNSUPPORTED = [
    locale
    for locale in ("fr-FR", "de-DE", "ja-JP", "es-MX", "en-IN", "en-AU", "hi-IN", "", "xx")
    if locale not in SUPPORTED_LOCALES
]


@pytest.mark.parametrize("locale", UNSUPPORTED)
def test_unsupported_locale_gets_english_and_the_local_emergency_number(
    tmp_path: Path, locale: str
) -> None:
    client = SkillClient(tmp_path / "store.sqlite3", locale=locale)
    welcome = client.launch()
    client.say("DurationIntent", duration="P2D")
    emergency = client.say("AMAZON.YesIntent")
    assert emergency.level == "emergency" and emergency.pending == ("emergency", "")
    stopped = SkillClient(tmp_path / "other.sqlite3", locale=locale)
    stopped.launch()
    goodbye = stopped.say("AMAZON.StopIntent")
    for reply in (welcome, emergency, goodbye):
        text = spoken(reply)
        assert "local emergency number" in text, (locale, text)
        # No number at all: any would be a guess about the user's country.
        assert not re.search(r"\d", re.sub(r"<[^>]*>", "", text)), (locale, text)
        assert re.search(r"\b(the|you|your)\b", text.lower()), "not English"
