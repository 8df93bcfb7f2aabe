"""The same behaviour from both stores: SQLite (local) and DynamoDB (dynalite).

Above all, a forget sticks: no session that began before "forget me" (or the skill being
disabled) on any device may write the user's item again, whatever the interleaving.
"""

import os
import random
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hipback.deadline import Deadline
from hipback.persistence import (
    Change,
    DynamoDbStore,
    Profile,
    ProfileService,
    SqliteStore,
    make_profiles,
)
from hipback.persistence.keys import DEV_SALT, storage_key
from tests.persistence_support import envelope, new_user_id, session, skill_disabled

ITEM_FIELDS = {
    "id", "visits", "first_visit", "last_visit", "style", "expires", "forgotten", "check_in",
}  # fmt: skip
ROUNDS = 200


class Clock:
    """A clock the test moves; every call is a millisecond later, as real calls would be."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now


@dataclass
class Backend:
    name: str
    make: Callable[[Clock], SqliteStore | DynamoDbStore]
    raw_items: Callable[[], list[dict[str, Any]]]  # every stored item, as the backend holds it
    clock: Clock = field(default_factory=Clock)
    shared: SqliteStore | DynamoDbStore | None = None

    def service(self) -> ProfileService:
        """A device's service. Devices share the store (one client), as sessions on one warm
        container do; their sessions are apart."""
        return ProfileService(self.store(), clock=self.clock)

    def store(self) -> SqliteStore | DynamoDbStore:
        if self.shared is None:
            self.shared = self.make(self.clock)
        return self.shared


@pytest.fixture(params=["sqlite", pytest.param("dynamodb", marks=pytest.mark.dynalite)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "sqlite":
        path = tmp_path / "nested" / "store.sqlite3"  # the directory is created on first use
        assert isinstance(make_profiles({"HIPBACK_STORE_PATH": str(path)}).store, SqliteStore)

        def sqlite_items() -> list[dict[str, Any]]:
            with sqlite3.connect(path) as connection:
                connection.row_factory = sqlite3.Row
                rows = connection.execute("SELECT * FROM user_profiles").fetchall()
            return [{k: v for k, v in dict(row).items() if v is not None} for row in rows]

        return Backend("sqlite", lambda clock: SqliteStore(path, clock=clock), sqlite_items)
    table = request.getfixturevalue("dynalite")
    # The table and endpoint come from the environment, as on Lambda.
    assert isinstance(make_profiles(os.environ).store, DynamoDbStore)

    def dynamodb_items() -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = table.client.scan(TableName=table.table_name)["Items"]
        return items

    return Backend(
        "dynamodb", lambda clock: DynamoDbStore(table.table_name, clock=clock), dynamodb_items
    )


def open_session(service: ProfileService, user: str) -> dict[str, object]:
    """A device opens the skill: the session begins, the profile is read, the visit counted."""
    attrs: dict[str, object] = {}
    service.load(envelope(user), attrs, Deadline(5))
    service.record_visit(attrs)
    return attrs


def close_session(service: ProfileService, user: str, attrs: dict[str, object]) -> None:
    service.flush(envelope(user, "SessionEndedRequest"), attrs, Deadline(5))


def stored(backend: Backend, user: str) -> Profile:
    return backend.store().read(storage_key(user, DEV_SALT))


def test_round_trip(backend: Backend) -> None:
    service = backend.service()
    user = new_user_id()
    session(service, user, style="brief")
    second = open_session(service, user)
    assert service.load(envelope(user), second, Deadline(5)).visits == 2  # this visit included
    close_session(service, user, second)
    profile = stored(backend, user)
    assert (profile.visits, profile.style) == (2, "brief")
    assert profile.first_visit == profile.last_visit == "2026-11-30"


def test_a_change_without_a_read_is_added_to_the_stored_item(backend: Backend) -> None:
    service = backend.service()
    user = new_user_id()
    session(service, user, style="detailed")
    attrs: dict[str, object] = {}
    service.record_visit(attrs)  # a one-shot question: no read
    close_session(service, user, attrs)
    assert stored(backend, user) == Profile(2, "2026-11-30", "2026-11-30", "detailed")


def test_an_expired_item_is_started_afresh(backend: Backend) -> None:
    service = backend.service()
    user = new_user_id()
    session(service, user, style="brief")
    session(service, user)
    backend.clock.now += timedelta(days=400)  # past the retention; TTL has not run yet
    assert stored(backend, user) == Profile()
    session(service, user)
    assert stored(backend, user) == Profile(1, "2028-01-04", "2028-01-04", "standard")


def test_forget_and_skill_disabled_leave_only_a_tombstone_for_a_day(backend: Backend) -> None:
    service = backend.service()
    forgetful, leaver, stayer = new_user_id(), new_user_id(), new_user_id()
    for user in (forgetful, leaver, stayer):
        session(service, user, style="brief")
    assert service.forget(envelope(forgetful), {}, Deadline(5)) is True
    service.erase(skill_disabled(leaver), Deadline(5))
    assert stored(backend, forgetful) == stored(backend, leaver) == Profile()
    assert stored(backend, stayer).visits == 1
    items = {_text(item["id"]): item for item in backend.raw_items()}
    for user in (forgetful, leaver):
        tombstone = items[storage_key(user, DEV_SALT)]
        assert set(tombstone) - {"visits", "style"} == {"id", "expires", "forgotten"}
        expires = int(_text(tombstone["expires"]))
        assert expires - backend.clock.now.timestamp() <= timedelta(days=1).total_seconds()
    # A forgotten user who comes back starts afresh.
    session(service, forgetful)
    assert stored(backend, forgetful) == Profile(1, "2026-11-30", "2026-11-30", "standard")


def test_a_session_open_before_a_forget_cannot_bring_the_profile_back(backend: Backend) -> None:
    """Device A is mid-session; the user says "forget me" on device B, then uses B again."""
    a, b = backend.service(), backend.service()
    user = new_user_id()
    session(a, user, style="detailed")
    session(a, user)
    on_a = open_session(a, user)
    a.set_style(on_a, "brief")
    assert b.forget(envelope(user), {}, Deadline(5))
    close_session(a, user, on_a)  # refused: A began before the forget
    assert stored(backend, user) == Profile()
    session(b, user)  # a new session on B, after the forget
    close_session(a, user, on_a)  # A's session has already tried its one write
    assert stored(backend, user) == Profile(1, "2026-11-30", "2026-11-30", "standard")


def test_three_devices_and_a_disable(backend: Backend) -> None:
    a, b, c = backend.service(), backend.service(), backend.service()
    user = new_user_id()
    session(a, user, style="brief")
    on_a, on_b = open_session(a, user), open_session(b, user)
    b.set_style(on_b, "detailed")
    c.erase(skill_disabled(user), Deadline(5))  # the skill is disabled in the app
    on_c = open_session(c, user)  # and enabled again, and used
    close_session(b, user, on_b)
    close_session(c, user, on_c)
    close_session(a, user, on_a)
    assert stored(backend, user) == Profile(1, "2026-11-30", "2026-11-30", "standard")


def test_a_session_older_than_the_tombstone_never_writes(backend: Backend) -> None:
    service = backend.service()
    user = new_user_id()
    attrs = open_session(service, user)
    backend.clock.now += timedelta(days=1, seconds=1)
    close_session(service, user, attrs)
    assert backend.raw_items() == []


def test_concurrent_sessions_of_one_user_lose_no_update(backend: Backend) -> None:
    sessions = 20
    user = new_user_id()
    ready = threading.Barrier(sessions)
    errors: list[BaseException] = []

    def one_session(index: int) -> None:
        try:
            service = backend.service()
            attrs = open_session(service, user)
            if index == 7:
                service.set_style(attrs, "detailed")
            ready.wait(timeout=30)  # every session has read before any writes
            close_session(service, user, attrs)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=one_session, args=(i,)) for i in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert stored(backend, user) == Profile(sessions, "2026-11-30", "2026-11-30", "detailed")


@dataclass
class Device:
    service: ProfileService
    attrs: dict[str, object] | None = None
    started_after: int = 0  # how many forgets had happened when its session began


@pytest.mark.slow  # ROUNDS schedules of a dozen steps, each a write to the store
def test_a_random_schedule_of_three_devices_never_resurrects(backend: Backend) -> None:
    """Three devices open, change and close sessions while forgets and disables happen in any
    order. A session's write must land exactly when no forget happened during it, so the
    stored visits are always the visits of sessions closed since the last forget."""
    rng = random.Random(20261130)
    resurrections = 0
    for _ in range(ROUNDS):
        user = new_user_id()
        devices = [Device(backend.service()) for _ in range(3)]
        forgets, visits_since_forget = 0, 0
        for _ in range(12):
            device = rng.choice(devices)
            move = rng.random()
            if move < 0.15:
                forget(device.service, user, rng)
                forgets, visits_since_forget = forgets + 1, 0
            elif device.attrs is None:
                device.attrs, device.started_after = open_session(device.service, user), forgets
                if rng.random() < 0.5:
                    device.service.set_style(device.attrs, rng.choice(["brief", "detailed"]))
            else:
                close_session(device.service, user, device.attrs)
                if device.started_after == forgets:
                    visits_since_forget += 1
                device.attrs = None
            resurrections += stored(backend, user).visits != visits_since_forget
    assert resurrections == 0


def forget(service: ProfileService, user: str, rng: random.Random) -> None:
    if rng.random() < 0.5:
        assert service.forget(envelope(user), {}, Deadline(5))
    else:
        service.erase(skill_disabled(user), Deadline(5))


def test_stored_items_hold_only_the_profile_and_no_user_id(backend: Backend) -> None:
    service = backend.service()
    users = [new_user_id() for _ in range(3)]
    for user in users:
        attrs = session(service, user, style="detailed")
        # Whatever else the session holds (answers, the assessment) is not the store's.
        attrs["assessment"] = {"level": "urgent", "answers": {"fever": True}}
        close_session(service, user, attrs)
    service.forget(envelope(users[0]), {}, Deadline(5))
    items = backend.raw_items()
    assert {_text(item["id"]) for item in items} == {storage_key(user, DEV_SALT) for user in users}
    for item in items:
        assert set(item) <= ITEM_FIELDS
        text = repr(item)
        assert "amzn1" not in text and "urgent" not in text and "fever" not in text


def test_a_change_names_only_profile_fields() -> None:
    assert set(Change._fields) == {"visit_day", "style", "started_ms", "check_in"}
    assert set(Profile._fields) == {"visits", "first_visit", "last_visit", "style", "check_in"}


def test_a_check_in_day_is_kept_until_cleared_and_never_outlives_a_forget(
    backend: Backend,
) -> None:
    service = backend.service()
    user = new_user_id()
    attrs = open_session(service, user)
    service.set_check_in(attrs, "2026-12-07")
    close_session(service, user, attrs)
    assert stored(backend, user).check_in == "2026-12-07"
    # A later session that sets nothing keeps it; one that clears it (the check-in was asked)
    # removes it.
    close_session(service, user, open_session(service, user))
    assert stored(backend, user).check_in == "2026-12-07"
    attrs = open_session(service, user)
    assert service.load(envelope(user), attrs, Deadline(5)).check_in == "2026-12-07"
    service.set_check_in(attrs, None)
    assert service.load(envelope(user), attrs, Deadline(5)).check_in is None
    close_session(service, user, attrs)
    assert stored(backend, user) == Profile(3, "2026-11-30", "2026-11-30", "standard", None)
    # Set again, then forgotten: nothing of it is left.
    attrs = open_session(service, user)
    service.set_check_in(attrs, "2026-12-14")
    close_session(service, user, attrs)
    service.forget(envelope(user), {}, Deadline(5))
    assert stored(backend, user) == Profile()
    assert all("2026-12-14" not in repr(item) for item in backend.raw_items())


def test_a_forged_check_in_day_is_never_written(backend: Backend) -> None:
    """Session attributes come back from the device: only an ISO day reaches the store."""
    service = backend.service()
    user = new_user_id()
    for forged in ("emergency", "2026-13-40", "fever", ["2026-12-07"], 7):
        attrs = open_session(service, user)
        attrs["profile"]["due"] = forged  # type: ignore[index]
        close_session(service, user, attrs)
        assert stored(backend, user).check_in is None
    assert "emergency" not in repr(backend.raw_items())
    with pytest.raises(ValueError):
        service.set_check_in({}, "next tuesday")


def _text(value: object) -> str:
    """An item's value from either backend: SQLite's plain value or DynamoDB's typed one."""
    if isinstance(value, dict):
        return str(next(iter(value.values())))
    return str(value)
