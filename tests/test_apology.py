"""The apology keeps the emergency number in reach while an assessment is in progress."""

from __future__ import annotations

from pathlib import Path

import pytest

from hipback.handlers import flow, info
from simulator.client import SkillClient
from simulator.envelopes import ECHO_SHOW

NUMBERS = {"en-US": "911", "en-GB": "999"}


def broken(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("a bug")


@pytest.mark.parametrize("locale", sorted(NUMBERS))
def test_a_failing_answer_mid_assessment_gets_the_emergency_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locale: str
) -> None:
    client = SkillClient(tmp_path / "store.sqlite3", locale=locale)
    client.launch()
    monkeypatch.setattr(flow, "advance", broken)
    reply = client.say("DurationIntent", duration="P3D")
    assert "something went wrong" in reply.speech
    assert "emergency" in reply.speech and NUMBERS[locale] in reply.ssml
    assert not reply.ended


def test_a_failing_answer_outside_an_assessment_gets_the_plain_apology(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = SkillClient(tmp_path / "store.sqlite3")
    monkeypatch.setattr(info, "speak_topic", broken)
    reply = client.say("HeatIceIntent")
    assert "something went wrong" in reply.speech
    assert "emergency" not in reply.speech


@pytest.mark.parametrize("locale", sorted(NUMBERS))
def test_an_envelope_that_cannot_be_read_mid_assessment_gets_the_emergency_line(
    tmp_path: Path, locale: str
) -> None:
    client = SkillClient(tmp_path / "store.sqlite3", locale=locale)
    client.launch()
    assert client.session is not None
    envelope = client.envelopes.intent(client.session, "DurationIntent", {})
    envelope["request"]["timestamp"] = "not a time"  # the SDK cannot deserialize this
    reply = client.send(envelope)
    assert "something went wrong" in reply.speech
    assert "emergency" in reply.speech and NUMBERS[locale] in reply.ssml


def test_an_envelope_that_cannot_be_read_outside_an_assessment(tmp_path: Path) -> None:
    client = SkillClient(tmp_path / "store.sqlite3")
    client.launch()
    assert client.session is not None
    client.session.attributes = {}
    envelope = client.envelopes.intent(client.session, "HeatIceIntent", {})
    envelope["request"]["timestamp"] = "not a time"
    reply = client.send(envelope)
    assert "something went wrong" in reply.speech and "emergency" not in reply.speech


@pytest.mark.parametrize("locale", sorted(NUMBERS))
def test_a_failing_touch_mid_assessment_gets_the_emergency_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locale: str
) -> None:
    client = SkillClient(tmp_path / "store.sqlite3", locale=locale, device=ECHO_SHOW)
    client.launch()
    monkeypatch.setattr(flow, "advance", broken)
    reply = client.tap("hipback.question", "answer", "duration", "few_days")
    assert "something went wrong" in reply.speech
    assert "emergency" in reply.speech and NUMBERS[locale] in reply.ssml
    assert not reply.ended
