"""The same behaviour from both stores: SQLite (local) and DynamoDB (dynalite)."""

import os
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hipback.persistence import (
    DynamoDbAdapter,
    ProfileService,
    SqliteAdapter,
    VersionConflict,
    make_adapter,
)
from hipback.persistence.keys import DEV_SALT, storage_key
from hipback.persistence.record import ITEM_ATTRIBUTES
from tests.persistence_support import envelope, new_user_id, session, skill_disabled


@dataclass
class Store:
    adapter: SqliteAdapter | DynamoDbAdapter
    raw_items: Callable[[], list[dict[str, Any]]]  # every stored item, as the backend holds it


@pytest.fixture(
    params=["sqlite", pytest.param("dynamodb", marks=pytest.mark.dynalite)],
)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "sqlite":
        path = tmp_path / "nested" / "store.sqlite3"  # the directory is created on first use
        adapter = make_adapter({"HIPBACK_STORE_PATH": str(path)})
        assert isinstance(adapter, SqliteAdapter)

        def sqlite_items() -> list[dict[str, Any]]:
            with sqlite3.connect(path) as connection:
                connection.row_factory = sqlite3.Row
                return [dict(row) for row in connection.execute("SELECT * FROM profiles")]

        return Store(adapter, sqlite_items)
    table = request.getfixturevalue("dynalite")
    adapter = make_adapter(os.environ)  # the table and endpoint come from the environment
    assert isinstance(adapter, DynamoDbAdapter)

    def dynamodb_items() -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = table.client.scan(TableName=table.table_name)["Items"]
        return items

    return Store(adapter, dynamodb_items)


def test_round_trip(store: Store) -> None:
    service = ProfileService(store.adapter)
    user = new_user_id()
    first = session(service, user, style="brief")
    assert not service.is_returning(first)
    second: dict[str, object] = {}
    profile = service.load(envelope(user), second)
    assert (profile.visits, profile.style) == (1, "brief")
    service.record_visit(second)
    assert service.is_returning(second)
    service.flush(envelope(user), second)
    third = ProfileService(store.adapter).load(envelope(user), {})
    assert (third.visits, third.style, third.version) == (2, "brief", 2)
    assert third.first_visit is not None and third.last_visit is not None


def test_forget_and_skill_disabled_remove_the_item(store: Store) -> None:
    service = ProfileService(store.adapter)
    forgetful, leaver, stayer = new_user_id(), new_user_id(), new_user_id()
    for user in (forgetful, leaver, stayer):
        session(service, user)
    assert len(store.raw_items()) == 3
    assert service.forget(envelope(forgetful), {}) is True
    assert service.forget(skill_disabled(leaver), {}) is True
    assert store.adapter.get_attributes(envelope(forgetful)) == {}
    assert store.adapter.get_attributes(envelope(leaver)) == {}
    remaining = store.raw_items()
    assert len(remaining) == 1
    assert service.load(envelope(stayer), {}).visits == 1
    # Forgotten users start afresh.
    assert service.load(envelope(forgetful), {}).visits == 0


def test_conditional_writes(store: Store) -> None:
    user = new_user_id()
    adapter = store.adapter
    adapter.save_attributes(envelope(user), {"visits": 1, "version": 0})
    with pytest.raises(VersionConflict):
        adapter.save_attributes(envelope(user), {"visits": 5, "version": 0})
    adapter.save_attributes(envelope(user), {"visits": 2, "version": 1})
    with pytest.raises(VersionConflict):
        adapter.save_attributes(envelope(user), {"visits": 9, "version": 1})
    with pytest.raises(VersionConflict):
        adapter.save_attributes(envelope(new_user_id()), {"visits": 1, "version": 3})
    stored = adapter.get_attributes(envelope(user))
    assert (stored["visits"], stored["version"]) == (2, 2)


def test_concurrent_sessions_of_one_user_lose_no_update(store: Store) -> None:
    sessions = 20
    user = new_user_id()
    ready = threading.Barrier(sessions)
    errors: list[BaseException] = []

    def one_session(index: int) -> None:
        try:
            service = ProfileService(store.adapter)
            attrs: dict[str, object] = {}
            service.load(envelope(user), attrs)
            service.record_visit(attrs)
            if index == 7:
                service.set_style(attrs, "detailed")
            ready.wait(timeout=30)  # every session has read before any writes
            service.flush(envelope(user), attrs)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=one_session, args=(i,)) for i in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    profile = ProfileService(store.adapter).load(envelope(user), {})
    assert profile.visits == sessions
    assert profile.style == "detailed"
    assert profile.version == sessions


def test_stored_items_hold_only_the_profile_and_no_user_id(store: Store) -> None:
    service = ProfileService(store.adapter)
    users = [new_user_id() for _ in range(3)]
    for user in users:
        attrs = session(service, user, style="detailed")
        # Whatever else the session holds (answers, the assessment) is not the store's.
        attrs["assessment"] = {"level": "urgent", "answers": {"fever": True}}
        service.flush(envelope(user), attrs)
    with pytest.raises(ValueError):
        store.adapter.save_attributes(
            envelope(new_user_id()), {"visits": 1, "version": 0, "symptom": "fever"}
        )
    items = store.raw_items()
    assert len(items) == len(users)
    assert {item["id"] if isinstance(item["id"], str) else item["id"]["S"] for item in items} == {
        storage_key(user, DEV_SALT) for user in users
    }
    for item in items:
        assert set(item) <= set(ITEM_ATTRIBUTES)
        text = repr(item)
        assert "amzn1" not in text
        assert "urgent" not in text and "fever" not in text
        for user in users:
            assert user not in text
