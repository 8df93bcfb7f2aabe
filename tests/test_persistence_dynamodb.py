"""DynamoDB specifics: the calls made (counted with botocore's event hooks), the client's
configuration, and faults: a stopped, hung or throttling DynamoDB never breaks a turn."""

import logging
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from botocore.stub import Stubber

import devtools.dynalite
from devtools.dynalite import AWS_VARIABLES_TO_CLEAR, aws_test_environment
from hipback.deadline import Deadline
from hipback.persistence import IAM_ACTIONS, DynamoDbStore, Profile, ProfileService
from hipback.persistence.dynamodb import MAX_ATTEMPTS, default_client
from hipback.persistence.keys import DEV_SALT, storage_key
from tests.conftest import DynaliteTable
from tests.persistence_support import (
    closed_port,
    envelope,
    new_user_id,
    session,
    silent_server,
    skill_disabled,
)

TURN_BUDGET_SECONDS = 3.0


def count_calls(store: DynamoDbStore) -> Counter[str]:
    calls: Counter[str] = Counter()

    def before_call(model: Any, **_: Any) -> None:
        calls[model.name] += 1

    store.client.meta.events.register("before-call.dynamodb.*", before_call)
    return calls


@pytest.mark.dynalite
def test_one_get_and_one_update_per_session_and_none_when_unchanged(
    dynalite: DynaliteTable,
) -> None:
    store = DynamoDbStore(dynalite.table_name)
    calls = count_calls(store)
    service = ProfileService(store)
    user = new_user_id()

    attrs: dict[str, object] = {}
    service.load(envelope(user), attrs, Deadline(5))
    service.load(envelope(user, "IntentRequest"), attrs, Deadline(5))
    service.record_visit(attrs)
    service.set_style(attrs, "brief")
    service.flush(envelope(user, "IntentRequest"), attrs, Deadline(5))
    service.flush(envelope(user, "SessionEndedRequest"), attrs, Deadline(5))
    assert calls == {"GetItem": 1, "UpdateItem": 1}

    calls.clear()
    unchanged: dict[str, object] = {}
    assert service.load(envelope(user), unchanged, Deadline(5)).style == "brief"
    service.set_style(unchanged, "brief")
    service.flush(envelope(user, "SessionEndedRequest"), unchanged, Deadline(5))
    assert calls == {"GetItem": 1}

    calls.clear()
    service.erase(skill_disabled(user), Deadline(5))
    assert calls == {"PutItem": 1}  # the tombstone


@pytest.mark.dynalite
def test_only_the_granted_operations_are_used(dynalite: DynaliteTable) -> None:
    store = DynamoDbStore(dynalite.table_name)
    calls = count_calls(store)
    service = ProfileService(store)
    user = new_user_id()
    session(service, user, style="detailed")
    phone: dict[str, object] = {}
    speaker: dict[str, object] = {}
    service.load(envelope(user), phone, Deadline(5))
    service.load(envelope(user), speaker, Deadline(5))
    service.record_visit(phone)
    service.record_visit(speaker)
    service.flush(envelope(user), phone, Deadline(5))
    service.flush(envelope(user), speaker, Deadline(5))
    service.forget(envelope(user), {}, Deadline(5))
    dynalite.client.update_item(  # an item past its retention that TTL has not removed yet
        TableName=dynalite.table_name, Key={"id": {"S": storage_key(user, DEV_SALT)}},
        UpdateExpression="SET expires = :past", ExpressionAttributeValues={":past": {"N": "1"}},
    )  # fmt: skip
    session(service, user)  # replaces it
    assert {f"dynamodb:{name}" for name in calls} == set(IAM_ACTIONS)


@pytest.mark.dynalite
def test_numbers_are_stored_as_numbers_and_read_back_as_int(dynalite: DynaliteTable) -> None:
    store = DynamoDbStore(dynalite.table_name)
    user = new_user_id()
    session(ProfileService(store), user, style="brief")
    (item,) = dynalite.client.scan(TableName=dynalite.table_name)["Items"]
    for name in ("visits", "expires"):
        assert set(item[name]) == {"N"} and item[name]["N"].isdigit()
    for name in ("id", "first_visit", "last_visit", "style"):
        assert set(item[name]) == {"S"}
    stored = store.read(storage_key(user, DEV_SALT))
    assert stored.visits == 1 and type(stored.visits) is int


@pytest.mark.dynalite
def test_the_endpoint_and_timeouts_come_from_the_standard_configuration(
    dynalite: DynaliteTable,
) -> None:
    client = default_client()
    assert client.meta.endpoint_url == dynalite.endpoint  # AWS_ENDPOINT_URL_DYNAMODB
    config = client.meta.config
    assert config.connect_timeout <= 1 and config.read_timeout <= 1
    assert config.retries == {"total_max_attempts": MAX_ATTEMPTS, "mode": "standard"}


@pytest.mark.dynalite
def test_one_client_per_store_even_under_threads(dynalite: DynaliteTable) -> None:
    created: list[object] = []
    lock = threading.Lock()

    def factory() -> Any:
        time.sleep(0.05)  # widen the window in which a racing thread would build a second
        client = default_client()
        with lock:
            created.append(client)
        return client

    store = DynamoDbStore(dynalite.table_name, client_factory=factory)
    service = ProfileService(store)
    threads = [threading.Thread(target=session, args=(service, new_user_id())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(created) == 1
    assert len(dynalite.client.scan(TableName=dynalite.table_name)["Items"]) == 8


# --- faults ---


@pytest.fixture
def aws_at(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Point boto3 (through the environment, as in production) at a given local port."""

    def point(port: int) -> DynamoDbStore:
        for name in AWS_VARIABLES_TO_CLEAR:
            monkeypatch.delenv(name, raising=False)
        for name, value in aws_test_environment(f"http://127.0.0.1:{port}").items():
            monkeypatch.setenv(name, value)
        return DynamoDbStore("profiles")

    return point


def a_whole_session_within_budget(
    service: ProfileService, caplog: pytest.LogCaptureFixture
) -> None:
    """Every storage step of a session returns defaults, quickly, with one warning."""
    user = new_user_id()
    attrs: dict[str, object] = {}
    with caplog.at_level(logging.WARNING):
        started = time.monotonic()
        assert service.load(envelope(user), attrs, Deadline(5)) == Profile()
        assert time.monotonic() - started < TURN_BUDGET_SECONDS
        service.record_visit(attrs)
        service.set_style(attrs, "brief")
        started = time.monotonic()
        service.flush(envelope(user, "SessionEndedRequest"), attrs, Deadline(5))
        assert time.monotonic() - started < TURN_BUDGET_SECONDS
    warnings = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(warnings) == 1, [record.getMessage() for record in warnings]
    assert user not in caplog.text and "amzn1" not in caplog.text


def test_a_stopped_dynamodb_gives_defaults_quickly(
    aws_at: Any, caplog: pytest.LogCaptureFixture
) -> None:
    a_whole_session_within_budget(ProfileService(aws_at(closed_port())), caplog)


@pytest.mark.slow  # waits out the timeouts, as a turn would
def test_a_hung_dynamodb_gives_defaults_within_the_turn_budget(
    aws_at: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with silent_server() as port:
        store = aws_at(port)
        a_whole_session_within_budget(ProfileService(store), caplog)
        # Forgetting fails in time too, and says so.
        started = time.monotonic()
        assert ProfileService(store).forget(envelope(new_user_id()), {}, Deadline(2)) is False
        assert time.monotonic() - started < TURN_BUDGET_SECONDS


def test_throttling_and_service_errors_give_defaults(
    aws_at: Any, caplog: pytest.LogCaptureFixture
) -> None:
    store = aws_at(closed_port())
    # Stubber answers before botocore's retry handler runs, so each failing call takes one
    # error here; how often the client retries is its configuration (tested above).
    with Stubber(store.client) as stubber:
        stubber.add_client_error(
            "get_item",
            service_error_code="ProvisionedThroughputExceededException",
            http_status_code=400,
        )
        a_whole_session_within_budget(ProfileService(store), caplog)
        stubber.assert_no_pending_responses()
    assert "ProvisionedThroughputExceededException" in caplog.text

    caplog.clear()
    with Stubber(store.client) as stubber:
        stubber.add_response("get_item", {})
        stubber.add_client_error(
            "update_item", service_error_code="InternalServerError", http_status_code=500
        )
        service = ProfileService(store)
        user = new_user_id()
        with caplog.at_level(logging.WARNING):
            attrs = session(service, user, style="brief")
        assert (
            service.load(envelope(user), attrs, Deadline(5)).style == "brief"
        )  # the session goes on
        stubber.assert_no_pending_responses()
    assert "InternalServerError" in caplog.text
    assert len(caplog.records) == 1


def test_missing_dynalite_fails_with_the_install_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(devtools.dynalite, "CLI", tmp_path / "node_modules" / "cli.js")
    with pytest.raises(devtools.dynalite.DynaliteUnavailable, match="npm ci"):
        devtools.dynalite.start_dynalite()
