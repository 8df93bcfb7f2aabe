"""Load: many whole conversations at once through one warm handler, against dynalite.

Several sessions of the same user run at the same time, as on a phone and a speaker, so their
profile writes race. Each session's own answers must lead to its own tier (no session sees
another's state), and the stored visit count of every user must equal the sessions run for
them (no update lost).
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from hipback.config import Settings
from hipback.persistence import DynamoDbStore, ProfileService
from hipback.persistence.keys import DEV_SALT, storage_key
from hipback.skill import LambdaHandler, build
from simulator.client import SKILL_ID, Match, Reply, SkillClient
from tests.conftest import DynaliteTable
from tests.fuzz_support import announce
from tests.persistence_support import CountingStore

USERS = 10
SESSIONS_PER_USER = 5
SESSIONS = int(os.environ.get("HIPBACK_LOAD_SESSIONS", USERS * SESSIONS_PER_USER))

# The question whose "yes" decides each tier (None: "no" to everything).
YES_TO = {
    "emergency": "cauda_equina",
    "urgent": "infection_swelling",
    "prompt": "severe_pain",
    "self_care": None,
}


@dataclass(frozen=True)
class Plan:
    index: int
    user: str
    tier: str
    days: int  # each session's own duration, to find it in its own state

    @property
    def duration(self) -> str:
        return f"P{self.days}D"


def plans(count: int) -> list[Plan]:
    tiers = [*YES_TO, "doctor"]
    result = []
    for index in range(count):
        tier = tiers[index % len(tiers)]
        # Doctor by duration (three weeks or more); the others stay under it.
        days = 21 + index if tier == "doctor" else 1 + index % 13
        user = f"amzn1.ask.account.LOAD-{index % USERS:03d}"
        result.append(Plan(index, user, tier, days))
    return result


def asked(reply: Reply) -> str | None:
    pending = reply.pending
    return pending[1] if pending and pending[0] == "question" else None


def converse(handler: LambdaHandler, plan: Plan, start: threading.Barrier) -> int:
    """One whole conversation; returns the turns it took. Every reply is validated."""
    client = SkillClient(user=plan.user, handler=handler)
    start.wait()
    replies = [client.launch()]
    if plan.index % 2:
        replies.append(client.say("SetPreferenceIntent", style=Match("brief")))
    replies.append(client.say("DurationIntent", duration=plan.duration))
    while (question := asked(replies[-1])) is not None:
        intent = "AMAZON.YesIntent" if question == YES_TO.get(plan.tier) else "AMAZON.NoIntent"
        replies.append(client.say(intent))
    outcome = replies[-1]
    assert outcome.level == plan.tier, (plan, outcome.level)
    for reply in replies[2:]:
        answers = reply.session.get("answers")
        if isinstance(answers, dict):
            # This session's own answer, never another's.
            assert answers.get("duration_hours") == plan.days * 24, plan
    if not outcome.ended:
        replies.append(client.say("AMAZON.StopIntent"))  # the session's one write
    return len(replies)


@pytest.mark.slow
@pytest.mark.alone  # holds turns to time budgets
@pytest.mark.dynalite
def test_concurrent_sessions_through_one_warm_handler(
    dynalite: DynaliteTable, capsys: pytest.CaptureFixture[str]
) -> None:
    adapter = CountingStore(DynamoDbStore(dynalite.table_name))
    handler = build(Settings(SKILL_ID, None, None), ProfileService(adapter))
    work = plans(SESSIONS)
    start = threading.Barrier(len(work))
    with ThreadPoolExecutor(max_workers=len(work)) as pool:
        turns = list(pool.map(lambda plan: converse(handler, plan, start), work))

    expected = Counter(plan.user for plan in work)
    for user, sessions in expected.items():
        key = storage_key(user, DEV_SALT)
        item = dynalite.client.get_item(
            TableName=dynalite.table_name, Key={"id": {"S": key}}, ConsistentRead=True
        ).get("Item")
        assert item is not None, user
        assert int(item["visits"]["N"]) == sessions, (user, item["visits"])
    # Every user who asked for brief answers has them stored.
    for user in {plan.user for plan in work if plan.index % 2}:
        item = dynalite.client.get_item(
            TableName=dynalite.table_name,
            Key={"id": {"S": storage_key(user, DEV_SALT)}},
            ConsistentRead=True,
        )["Item"]
        assert item["style"] == {"S": "brief"}, user
    tiers = Counter(plan.tier for plan in work)
    announce(
        capsys,
        f"load: {len(work)} concurrent sessions ({sum(turns)} turns) of {len(expected)} users "
        f"through one handler; tiers {dict(tiers)}; {adapter.calls['write']} writes tried "
        f"for {len(work)} visits (the rest lost a race and were retried); no visit lost",
    )
