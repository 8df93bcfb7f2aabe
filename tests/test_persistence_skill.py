"""Persistence through the whole skill: the real lambda_handler, real envelopes, both stores.

A returning user gets the short welcome, a preference set by voice holds in the next session,
"forget me" and disabling the skill delete the item, stored items never hold anything from an
assessment, and a dead or hung DynamoDB costs no conversation its outcome.
"""

import logging
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from devtools.dynalite import AWS_VARIABLES_TO_CLEAR, aws_test_environment
from hipback.config import Settings
from hipback.persistence import DynamoDbStore, ProfileService, SqliteStore, make_profiles
from hipback.persistence.base import ProfileStore
from hipback.persistence.keys import DEV_SALT, storage_key
from hipback.persistence.record import STYLES
from hipback.skill import build
from simulator.client import SKILL_ID, Match, Reply, SkillClient
from tests.persistence_support import closed_port, silent_server

TURN_BUDGET_SECONDS = 3.0
TIERS = ("self_care", "doctor", "prompt", "urgent", "emergency")
SETTINGS = Settings(skill_id=SKILL_ID, clinic_name=None, clinic_phone=None)
ITEM_FIELDS = {"id", "visits", "first_visit", "last_visit", "style", "expires", "forgotten"}


@dataclass
class Deployment:
    """A skill container: one store, as lambda_function builds it, and a look at its store."""

    store: ProfileStore
    raw_items: Callable[[], list[dict[str, Any]]]

    def profiles(self) -> list[dict[str, Any]]:
        """The items that hold a profile (not a forget's tombstone)."""
        return [item for item in self.raw_items() if int(item.get("visits") or 0) > 0]

    def user(self, user_id: str | None = None) -> SkillClient:
        handler = build(SETTINGS, ProfileService(self.store))
        return SkillClient(
            user=user_id or f"amzn1.ask.account.{uuid.uuid4().hex.upper()}",
            settings=SETTINGS,
            handler=handler,
        )


@pytest.fixture(params=["sqlite", pytest.param("dynamodb", marks=pytest.mark.dynalite)])
def deployment(request: pytest.FixtureRequest, tmp_path: Path) -> Deployment:
    if request.param == "sqlite":
        path = tmp_path / "store.sqlite3"
        store = SqliteStore(path)

        def sqlite_items() -> list[dict[str, Any]]:
            with sqlite3.connect(path) as connection:
                connection.row_factory = sqlite3.Row
                rows = connection.execute("SELECT * FROM user_profiles").fetchall()
            return [{k: v for k, v in dict(row).items() if v is not None} for row in rows]

        return Deployment(store, sqlite_items)
    table = request.getfixturevalue("dynalite")
    dynamodb = make_profiles(os.environ).store
    assert isinstance(dynamodb, DynamoDbStore)

    def dynamodb_items() -> list[dict[str, Any]]:
        items = table.client.scan(TableName=table.table_name)["Items"]
        return [
            {name: next(iter(value.values())) for name, value in item.items()} for item in items
        ]

    return Deployment(dynamodb, dynamodb_items)


def asked(reply: Reply) -> str | None:
    pending = reply.pending
    return pending[1] if pending and pending[0] == "question" else None


def self_care_assessment(client: SkillClient) -> Reply:
    reply = client.launch()
    reply = client.say("DurationIntent", duration="P3D")
    while asked(reply) is not None:
        reply = client.say("AMAZON.NoIntent")
    assert reply.level == "self_care"
    return client.say("AMAZON.StopIntent")


def fever_assessment(client: SkillClient) -> Reply:
    client.launch()
    reply = client.say("DurationIntent", duration="P1W", symptom=Match("fever"))
    while asked(reply) is not None:
        reply = client.say("AMAZON.NoIntent")
    assert reply.level == "urgent"
    return client.end()


def emergency_assessment(client: SkillClient) -> Reply:
    client.launch()
    client.say("DurationIntent", duration="P2D")
    reply = client.say("ReportSymptomIntent", symptom=Match("bladder_bowel"))
    assert reply.level == "emergency" and reply.pending == ("emergency", "")
    done = client.say("AMAZON.NoIntent")  # no need to hear it again: the session ends
    assert done.ended
    return reply


def not_sure_assessment(client: SkillClient) -> Reply:
    client.launch()
    reply = client.say("DurationIntent", vagueDuration=Match("few_weeks"))
    reply = client.say("HedgeIntent", hedge=Match("unknown"))
    reply = client.say("HedgeIntent", hedge=Match("unknown"))
    while asked(reply) is not None:
        reply = client.say("AMAZON.NoIntent")
    assert reply.level in ("urgent", "emergency")
    return client.end()


ASSESSMENTS = [self_care_assessment, fever_assessment, emergency_assessment, not_sure_assessment]


def test_a_returning_user_gets_the_short_welcome(deployment: Deployment) -> None:
    client = deployment.user()
    first = client.launch()
    assert "not a diagnosis" in first.speech
    client.say("AMAZON.StopIntent")
    second = client.launch()
    assert "Welcome back" in second.speech
    assert "not a diagnosis" not in second.speech
    # Another device of the same user is the same user.
    other_device = deployment.user(client.user_id)
    assert "Welcome back" in other_device.launch().speech


def test_a_spoken_preference_holds_in_the_next_session(deployment: Deployment) -> None:
    def heat_ice_answer(client: SkillClient) -> str:
        client.launch()
        speech = client.say("HeatIceIntent").speech
        client.end()
        return speech

    speeches = {}
    for style in ("brief", "detailed"):
        client = deployment.user()
        client.launch()
        client.say("SetPreferenceIntent", style=Match(style))
        client.say("AMAZON.StopIntent")
        speeches[style] = heat_ice_answer(client)
    speeches["standard"] = heat_ice_answer(deployment.user())
    assert len(speeches["brief"]) < len(speeches["standard"]) < len(speeches["detailed"])


def test_forget_me_by_voice_deletes_the_item(deployment: Deployment) -> None:
    keeper, leaver = deployment.user(), deployment.user()
    for client in (keeper, leaver):
        client.launch()
        client.say("SetPreferenceIntent", style=Match("brief"))
        client.end()
    assert len(deployment.profiles()) == 2
    leaver.launch()
    leaver.say("ForgetMeIntent")
    reply = leaver.say("AMAZON.YesIntent")
    assert reply.ended
    (remaining,) = deployment.profiles()
    assert remaining["id"] == storage_key(keeper.user_id, DEV_SALT)
    tombstone = next(i for i in deployment.raw_items() if i is not remaining and "forgotten" in i)
    assert set(tombstone) <= {"id", "expires", "forgotten", "visits", "style"}
    assert "not a diagnosis" in leaver.launch().speech  # a first visit again


def test_forget_me_answered_no_keeps_the_item(deployment: Deployment) -> None:
    client = deployment.user()
    client.launch()
    client.end()
    client.launch()
    client.say("ForgetMeIntent")
    client.say("AMAZON.NoIntent")
    client.end()
    (item,) = deployment.profiles()
    assert int(item["visits"]) == 2


def test_disabling_the_skill_deletes_the_item(deployment: Deployment) -> None:
    client = deployment.user()
    client.launch()
    client.end()
    assert len(deployment.profiles()) == 1
    client.skill_disabled()
    assert deployment.profiles() == []


def test_stored_items_hold_nothing_from_the_assessments(deployment: Deployment) -> None:
    clients = []
    for assessment in ASSESSMENTS:
        client = deployment.user()
        assessment(client)
        clients.append(client)
    items = deployment.raw_items()
    assert len(items) == len(ASSESSMENTS)
    assert {item["id"] for item in items} == {
        storage_key(client.user_id, DEV_SALT) for client in clients
    }
    for item in items:
        assert set(item) <= ITEM_FIELDS
        assert item["style"] in STYLES
        text = repr(item)
        assert "amzn1" not in text
        for word in (*TIERS, "fever", "bladder", "answers", "reasons", "duration", "P1W"):
            assert word not in text


@pytest.mark.dynalite
def test_a_whole_assessment_reads_once_and_writes_once(dynalite: Any) -> None:
    store = make_profiles(os.environ).store
    assert isinstance(store, DynamoDbStore)
    calls: list[str] = []
    store.client.meta.events.register(
        "before-call.dynamodb.*", lambda model, **_: calls.append(model.name)
    )
    deployment = Deployment(store, list)
    client = deployment.user()
    self_care_assessment(client)
    assert sorted(calls) == ["GetItem", "UpdateItem"]
    calls.clear()
    client.launch()
    client.say("HeatIceIntent")
    client.end()
    assert sorted(calls) == ["GetItem", "UpdateItem"]  # the visit changed the profile
    calls.clear()
    client.say("WhenToWorryIntent")  # a one-shot question needs no storage
    assert calls == []


@pytest.fixture
def broken_dynamodb(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[int], Deployment]]:
    def at(port: int) -> Deployment:
        for name in AWS_VARIABLES_TO_CLEAR:
            monkeypatch.delenv(name, raising=False)
        for name, value in aws_test_environment(f"http://127.0.0.1:{port}").items():
            monkeypatch.setenv(name, value)
        return Deployment(DynamoDbStore("profiles"), list)

    yield at


@pytest.mark.parametrize("assessment", ASSESSMENTS, ids=lambda f: f.__name__)
def test_conversations_reach_their_outcome_with_dynamodb_stopped(
    broken_dynamodb: Callable[[int], Deployment],
    assessment: Callable[[SkillClient], Reply],
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = broken_dynamodb(closed_port()).user()
    with caplog.at_level(logging.WARNING, logger="hipback"):
        assessment(client)
    assert max(reply.seconds for reply in client.replies) < TURN_BUDGET_SECONDS
    assert len([r for r in caplog.records if r.name.startswith("hipback.persistence")]) == 1
    assert client.user_id not in caplog.text


@pytest.mark.slow  # waits out the timeouts, as a turn would
def test_conversations_reach_their_outcome_with_dynamodb_hung(
    broken_dynamodb: Callable[[int], Deployment], caplog: pytest.LogCaptureFixture
) -> None:
    with silent_server() as port:
        deployment = broken_dynamodb(port)
        for assessment in (self_care_assessment, emergency_assessment):
            client = deployment.user()
            with caplog.at_level(logging.WARNING, logger="hipback"):
                assessment(client)
            seconds = [reply.seconds for reply in client.replies]
            assert max(seconds) < TURN_BUDGET_SECONDS, seconds
        assert client.user_id not in caplog.text
