"""Storage faults at every point of a conversation: the user still gets the right triage outcome,
every reply passes the validator, every turn returns inside 3 seconds and every emergency answer
inside 1.5 seconds.

The skill's real DynamoDB client (the production configuration: timeouts, one retry) talks
over HTTP to a proxy on 127.0.0.1 that passes requests to dynalite or fails them: service
errors, throttling, slow answers, answers that trickle in, a hung or dead endpoint, garbage.
Each conversation has its own proxy, so conversations run side by side.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest

from hipback.config import Settings
from hipback.persistence import DynamoDbStore, ForgetFailed, ProfileService
from hipback.persistence.dynamodb import default_client
from hipback.persistence.keys import DEV_SALT, storage_key
from hipback.skill import build
from simulator.client import SKILL_ID, Match, Reply, SkillClient
from tests.conftest import DynaliteTable
from tests.fault_proxy import (
    ACCESS_DENIED,
    CLOSE,
    GARBAGE,
    HANG,
    INTERNAL,
    LIMIT,
    NOT_FOUND,
    SLOW,
    THROTTLED,
    THROTTLING,
    TRICKLE,
    UNAVAILABLE,
    VALIDATION,
    Fault,
    FaultPlan,
    FaultProxy,
    error,
    fault_proxy,
)
from tests.fuzz_support import announce
from tests.persistence_support import closed_port

# A fault at every step of whole conversations, each waiting out its timeouts.
# Turns are held to time budgets: run alone, not beside other tests on the same CPUs.
pytestmark = [pytest.mark.slow, pytest.mark.alone]

TURN_BUDGET_SECONDS = 3.0
EMERGENCY_BUDGET_SECONDS = 1.5
FAULTS = [
    THROTTLED, THROTTLING, INTERNAL, UNAVAILABLE, LIMIT, NOT_FOUND, ACCESS_DENIED, VALIDATION,
    SLOW, HANG, CLOSE, GARBAGE, TRICKLE,
    # Throttled with a retry-after hint far longer than a turn can wait.
    error("ProvisionedThroughputExceededException", headers={"x-amz-retry-after": "30000"}),
]  # fmt: skip
# Faults the one retry gets past when they happen once.
TRANSIENT = [THROTTLED, THROTTLING, INTERNAL, UNAVAILABLE, CLOSE]


def asked(reply: Reply) -> str | None:
    pending = reply.pending
    return pending[1] if pending and pending[0] == "question" else None


@dataclass
class Expect:
    """What the user must hear whatever storage does."""

    level: str | None
    ended: bool
    says: str = ""


# --- conversations, each reaching one point where storage is called ---


def launch_to_emergency(client: SkillClient) -> Reply:
    client.launch()  # reads the profile
    client.say("DurationIntent", duration="P2D")
    outcome = client.say("AMAZON.YesIntent")  # bladder or saddle: the advice, "again?"
    client.say("AMAZON.NoIntent")  # ends, writes the visit
    return outcome


def one_shot_emergency(client: SkillClient) -> Reply:
    outcome = client.say("StartAssessmentIntent", duration="P2D", symptom=Match("bladder_bowel"))
    client.say("AMAZON.NoIntent")  # ends, writes the visit
    return outcome


def one_shot_start_to_urgent(client: SkillClient) -> Reply:
    reply = client.say("StartAssessmentIntent", duration="P1W", symptom=Match("fever"))
    while asked(reply) is not None:
        reply = client.say("AMAZON.NoIntent")
    return reply


def mid_assessment_stop(client: SkillClient) -> Reply:
    client.launch()
    client.say("DurationIntent", duration="P2D")
    client.say("AMAZON.NoIntent")
    return client.say("AMAZON.StopIntent")  # writes the visit


def self_care_then_session_end(client: SkillClient) -> Reply:
    client.launch()
    reply = client.say("DurationIntent", duration="P2D")
    while asked(reply) is not None:
        reply = client.say("AMAZON.NoIntent")
    outcome = reply
    client.end("USER_INITIATED")  # writes the visit
    return outcome


def preference_then_decline(client: SkillClient) -> Reply:
    client.launch()
    client.say("SetPreferenceIntent", style=Match("brief"))
    client.say("DurationIntent", duration="P2D")
    for _ in range(4):
        client.say("AMAZON.NoIntent")
    outcome = client.say("AMAZON.YesIntent")  # severe pain: prompt
    client.say("AMAZON.NoIntent")  # no to the offer: ends, writes visit and style
    return outcome


def forget_me(client: SkillClient) -> Reply:
    client.launch()
    client.say("AMAZON.StopIntent")  # a first session stores the visit
    client.launch()
    client.say("ForgetMeIntent")
    return client.say("AMAZON.YesIntent")  # deletes


@dataclass(frozen=True)
class Point:
    name: str
    operation: str
    conversation: Callable[[SkillClient], Reply]
    expect: Expect


POINTS = [
    Point("launch", "GetItem", launch_to_emergency, Expect("emergency", ended=False, says="911")),
    Point("one-shot start", "GetItem", one_shot_start_to_urgent, Expect("urgent", ended=False)),
    Point(
        "one-shot emergency",
        "UpdateItem",
        one_shot_emergency,
        Expect("emergency", ended=False, says="911"),
    ),
    Point(
        "outcome", "UpdateItem", launch_to_emergency, Expect("emergency", ended=False, says="911")
    ),
    Point("stop", "UpdateItem", mid_assessment_stop, Expect(None, ended=True, says="911")),
    Point(
        "session end", "UpdateItem", self_care_then_session_end, Expect("self_care", ended=False)
    ),
    Point("preference", "UpdateItem", preference_then_decline, Expect("prompt", ended=False)),
    Point("forget me", "PutItem", forget_me, Expect(None, ended=True)),
]


@dataclass
class Run:
    point: Point
    fault: Fault
    persistent: bool
    reply: Reply | None = None
    durations: list[float] | None = None
    emergency: list[float] | None = None
    injected: Counter[str] | None = None
    user: str = ""


def plan_for(point: Point, fault: Fault, persistent: bool) -> FaultPlan:
    def plan(operation: str, seen: int) -> Fault | None:
        if operation != point.operation:
            return None
        return fault if persistent or seen == 0 else None

    return plan


def warm_store(table: DynaliteTable, endpoint: str) -> DynamoDbStore:
    """The production client, pointed at `endpoint`, already created: a warm container's."""
    store = DynamoDbStore(table.table_name, client_factory=lambda: default_client(endpoint))
    assert store.client.meta.endpoint_url == endpoint
    return store


def converse(run: Run, table: DynaliteTable) -> Run:
    with fault_proxy(table.endpoint) as proxy:
        proxy.faults = plan_for(run.point, run.fault, run.persistent)
        store = warm_store(table, proxy.endpoint)
        handler = build(Settings(SKILL_ID, None, None), ProfileService(store))
        run.user = f"amzn1.ask.account.FAULT-{uuid.uuid4().hex}"
        client = SkillClient(user=run.user, handler=handler)
        run.reply = run.point.conversation(client)  # SkillClient validates every reply
        run.durations = [reply.seconds for reply in client.replies]
        run.emergency = [reply.seconds for reply in client.replies if reply.level == "emergency"]
        run.injected = proxy.injected.copy()
        assert_proxy_saw(proxy, run)
    return run


def assert_proxy_saw(proxy: FaultProxy, run: Run) -> None:
    # The conversation did reach the point under test.
    assert proxy.requests[run.point.operation] >= 1, (run.point.name, dict(proxy.requests))


def stored_item(table: DynaliteTable, user: str) -> dict[str, Any] | None:
    key = storage_key(user, DEV_SALT)
    item: dict[str, Any] | None = table.client.get_item(
        TableName=table.table_name, Key={"id": {"S": key}}, ConsistentRead=True
    ).get("Item")
    return item


def check_run(run: Run, table: DynaliteTable) -> None:
    where = f"{run.point.name} / {run.fault.label} / {'always' if run.persistent else 'once'}"
    assert run.reply is not None and run.durations is not None
    slowest = max(run.durations)
    assert slowest < TURN_BUDGET_SECONDS, f"{where}: a turn took {slowest:.2f}s"
    emergency = max(run.emergency or [0.0])
    assert emergency < EMERGENCY_BUDGET_SECONDS, f"{where}: emergency advice took {emergency:.2f}s"
    expect = run.point.expect
    assert run.reply.level == expect.level, where
    assert run.reply.ended == expect.ended, where
    assert expect.says in run.reply.ssml, where
    if run.point.name == "forget me" and run.fault.kind != "garbage":
        # The user is told the truth about the deletion. (A 200 whose body is not JSON reads
        # as success to botocore: no client can tell, so that fault is only checked for time.)
        deleted = "visits" not in (stored_item(table, run.user) or {})  # gone, or a tombstone
        if (not run.persistent and run.fault in TRANSIENT) or run.fault.kind == "slow":
            assert deleted, where
        elif run.persistent and run.fault.kind not in ("slow", "trickle"):
            assert not deleted, where
        said_done = "deleted what I had saved" in run.reply.speech
        assert said_done == deleted, f"{where}: said done={said_done}, deleted={deleted}"
    if not run.persistent and run.fault in TRANSIENT and run.point.operation == "UpdateItem":
        # One failure is retried: the visit is not lost.
        item = stored_item(table, run.user)
        assert item is not None and item["visits"] == {"N": "1"}, where


@pytest.mark.dynalite
def test_faults_at_every_point_of_a_conversation(
    dynalite: DynaliteTable, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = [Run(point, fault, persistent=True) for point in POINTS for fault in FAULTS]
    runs += [Run(point, fault, persistent=False) for point in POINTS for fault in TRANSIENT]
    # Conversations wait on the network, not the CPU: run them side by side.
    with ThreadPoolExecutor(max_workers=4) as pool:
        done = list(pool.map(lambda run: converse(run, dynalite), runs))
    injected: Counter[str] = Counter()
    for run in done:
        check_run(run, dynalite)
        injected.update(run.injected or {})
    turns = sum(len(run.durations or []) for run in done)
    slowest = max(max(run.durations or [0.0]) for run in done)
    emergency = max(max(run.emergency or [0.0]) for run in done)
    announce(
        capsys,
        f"storage faults: {sum(injected.values())} faults injected "
        f"({len(injected)} kinds by operation) in {len(done)} conversations, {turns} turns; "
        f"slowest turn {slowest:.2f}s, slowest emergency answer {emergency:.2f}s",
    )
    assert sum(injected.values()) >= len(runs)


@pytest.mark.dynalite
def test_a_dead_endpoint_at_every_point(dynalite: DynaliteTable) -> None:
    """Nothing listening at all: connections refused from the first turn to the last."""
    dead = f"http://127.0.0.1:{closed_port()}"
    for point in POINTS:
        store = warm_store(dynalite, dead)
        handler = build(Settings(SKILL_ID, None, None), ProfileService(store))
        client = SkillClient(handler=handler)
        reply = point.conversation(client)
        assert max(r.seconds for r in client.replies) < TURN_BUDGET_SECONDS, point.name
        assert reply.level == point.expect.level, point.name
        assert reply.ended == point.expect.ended, point.name
        if point.name == "forget me":
            assert "deleted what I had saved" not in reply.speech


class LambdaContext:
    """What Lambda passes the handler: here, only the time left."""

    def __init__(self, millis: int) -> None:
        self.millis = millis

    def get_remaining_time_in_millis(self) -> int:
        return self.millis


@pytest.mark.dynalite
@pytest.mark.parametrize("persistent", [True, False], ids=["always", "once"])
def test_a_disable_is_deleted_after_a_throttle_or_fails_the_invocation(
    dynalite: DynaliteTable, caplog: pytest.LogCaptureFixture, persistent: bool
) -> None:
    with fault_proxy(dynalite.endpoint) as proxy:
        handler = build(
            Settings(SKILL_ID, None, None), ProfileService(warm_store(dynalite, proxy.endpoint))
        )
        user = f"amzn1.ask.account.DISABLE-{uuid.uuid4().hex}"
        client = SkillClient(user=user, handler=handler)
        client.launch()
        client.say("AMAZON.StopIntent")  # stores the visit
        assert "visits" in (stored_item(dynalite, user) or {})
        # More throttles in a row than botocore's own retry can get past, once or always.
        proxy.faults = lambda operation, seen: (
            THROTTLED if operation == "PutItem" and (persistent or seen < 2) else None
        )
        event = client.skill_disabled_event()
        with caplog.at_level(logging.WARNING):
            if persistent:
                with pytest.raises(ForgetFailed):
                    handler(event, LambdaContext(2500))
            else:
                assert handler(event, LambdaContext(2500))["response"] == {}
    deleted = "visits" not in (stored_item(dynalite, user) or {})
    assert deleted is not persistent
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert len(errors) == (1 if persistent else 0)
    assert user not in caplog.text
