"""DynamoDB specifics: the calls made (counted with boto3's event hooks), the client's
configuration, and faults: a stopped, hung or throttling DynamoDB never breaks a turn."""

import logging
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from botocore.stub import Stubber

from hipback.persistence import IAM_ACTIONS, DynamoDbAdapter, Profile, ProfileService
from hipback.persistence.dynamodb import MAX_ATTEMPTS, default_client
from tests import dynalite_server
from tests.conftest import DynaliteTable
from tests.dynalite_server import AWS_VARIABLES_TO_CLEAR, aws_test_environment
from tests.persistence_support import (
    closed_port,
    envelope,
    new_user_id,
    session,
    silent_server,
    skill_disabled,
)

TURN_BUDGET_SECONDS = 3.0


def count_calls(adapter: DynamoDbAdapter) -> Counter[str]:
    calls: Counter[str] = Counter()

    def before_call(model: Any, **_: Any) -> None:
        calls[model.name] += 1

    adapter.client.meta.events.register("before-call.dynamodb.*", before_call)
    return calls


@pytest.mark.dynalite
def test_one_get_and_one_put_per_session_and_none_when_unchanged(
    dynalite: DynaliteTable,
) -> None:
    adapter = DynamoDbAdapter(dynalite.table_name)
    calls = count_calls(adapter)
    service = ProfileService(adapter)
    user = new_user_id()

    attrs: dict[str, object] = {}
    service.load(envelope(user), attrs)
    service.load(envelope(user, "IntentRequest"), attrs)
    service.record_visit(attrs)
    service.set_style(attrs, "brief")
    service.flush(envelope(user, "IntentRequest"), attrs)
    service.flush(envelope(user, "SessionEndedRequest"), attrs)
    assert calls == {"GetItem": 1, "PutItem": 1}

    calls.clear()
    unchanged: dict[str, object] = {}
    assert service.load(envelope(user), unchanged).style == "brief"
    service.set_style(unchanged, "brief")
    service.flush(envelope(user, "SessionEndedRequest"), unchanged)
    assert calls == {"GetItem": 1}

    calls.clear()
    service.forget(skill_disabled(user), {})
    assert calls == {"DeleteItem": 1}


@pytest.mark.dynalite
def test_only_the_granted_operations_are_used(dynalite: DynaliteTable) -> None:
    adapter = DynamoDbAdapter(dynalite.table_name)
    calls = count_calls(adapter)
    service = ProfileService(adapter)
    user = new_user_id()
    session(service, user, style="detailed")
    phone: dict[str, object] = {}
    speaker: dict[str, object] = {}
    service.load(envelope(user), phone)
    service.load(envelope(user), speaker)
    service.record_visit(phone)
    service.record_visit(speaker)
    service.flush(envelope(user), phone)
    service.flush(envelope(user), speaker)  # conflicts, re-reads, retries
    service.forget(envelope(user), {})
    assert {f"dynamodb:{name}" for name in calls} == set(IAM_ACTIONS)


@pytest.mark.dynalite
def test_numbers_are_stored_as_numbers_and_read_back_as_int(dynalite: DynaliteTable) -> None:
    adapter = DynamoDbAdapter(dynalite.table_name)
    user = new_user_id()
    session(ProfileService(adapter), user, style="brief")
    (item,) = dynalite.client.scan(TableName=dynalite.table_name)["Items"]
    for name in ("schema", "version", "visits", "expires"):
        assert set(item[name]) == {"N"} and item[name]["N"].isdigit()
    for name in ("id", "first_visit", "last_visit", "style"):
        assert set(item[name]) == {"S"}
    stored = adapter.get_attributes(envelope(user))
    assert {type(value) for value in stored.values()} <= {int, str}
    assert stored["visits"] == 1 and type(stored["visits"]) is int


@pytest.mark.dynalite
def test_the_endpoint_and_timeouts_come_from_the_standard_configuration(
    dynalite: DynaliteTable,
) -> None:
    client = default_client()
    assert client.meta.endpoint_url == dynalite.endpoint  # AWS_ENDPOINT_URL_DYNAMODB
    config = client.meta.config
    assert config.connect_timeout <= 1 and config.read_timeout <= 1
    assert config.retries == {"total_max_attempts": MAX_ATTEMPTS, "mode": "standard"}
    assert MAX_ATTEMPTS == 2  # one retry: a hung endpoint costs about two seconds


@pytest.mark.dynalite
def test_one_client_per_adapter_even_under_threads(dynalite: DynaliteTable) -> None:
    created: list[object] = []
    lock = threading.Lock()

    def factory() -> Any:
        time.sleep(0.05)  # widen the window in which a racing thread would build a second
        client = default_client()
        with lock:
            created.append(client)
        return client

    adapter = DynamoDbAdapter(dynalite.table_name, client_factory=factory)
    service = ProfileService(adapter)
    threads = [
        threading.Thread(target=session, args=(service, new_user_id())) for _ in range(8)
    ]
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

    def point(port: int) -> DynamoDbAdapter:
        for name in AWS_VARIABLES_TO_CLEAR:
            monkeypatch.delenv(name, raising=False)
        for name, value in aws_test_environment(f"http://127.0.0.1:{port}").items():
            monkeypatch.setenv(name, value)
        return DynamoDbAdapter("profiles")

    return point


def a_whole_session_within_budget(
    service: ProfileService, caplog: pytest.LogCaptureFixture
) -> None:
    """Every storage step of a session returns defaults, quickly, with one warning."""
    user = new_user_id()
    attrs: dict[str, object] = {}
    with caplog.at_level(logging.WARNING):
        started = time.monotonic()
        assert service.load(envelope(user), attrs) == Profile()
        assert time.monotonic() - started < TURN_BUDGET_SECONDS
        service.record_visit(attrs)
        service.set_style(attrs, "brief")
        started = time.monotonic()
        service.flush(envelope(user, "SessionEndedRequest"), attrs)
        assert time.monotonic() - started < TURN_BUDGET_SECONDS
    warnings = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(warnings) == 1, [record.getMessage() for record in warnings]
    assert user not in caplog.text and "amzn1" not in caplog.text


def test_a_stopped_dynamodb_gives_defaults_quickly(
    aws_at: Any, caplog: pytest.LogCaptureFixture
) -> None:
    a_whole_session_within_budget(ProfileService(aws_at(closed_port())), caplog)


def test_a_hung_dynamodb_gives_defaults_within_the_turn_budget(
    aws_at: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with silent_server() as port:
        adapter = aws_at(port)
        a_whole_session_within_budget(ProfileService(adapter), caplog)
        # Forgetting fails in time too, and says so.
        started = time.monotonic()
        assert ProfileService(adapter).forget(envelope(new_user_id()), {}) is False
        assert time.monotonic() - started < TURN_BUDGET_SECONDS


def test_throttling_and_service_errors_give_defaults(
    aws_at: Any, caplog: pytest.LogCaptureFixture
) -> None:
    adapter = aws_at(closed_port())
    with Stubber(adapter.client) as stubber:
        for _ in range(MAX_ATTEMPTS):
            stubber.add_client_error(
                "get_item", service_error_code="ProvisionedThroughputExceededException",
                http_status_code=400,
            )
        a_whole_session_within_budget(ProfileService(adapter), caplog)
    assert "ProvisionedThroughputExceededException" in caplog.text

    caplog.clear()
    with Stubber(adapter.client) as stubber:
        stubber.add_response("get_item", {})
        for _ in range(MAX_ATTEMPTS):  # a 500 is retried
            stubber.add_client_error(
                "put_item", service_error_code="InternalServerError", http_status_code=500
            )
        service = ProfileService(adapter)
        user = new_user_id()
        with caplog.at_level(logging.WARNING):
            attrs = session(service, user, style="brief")
        assert service.load(envelope(user), attrs).style == "brief"  # the session goes on
    assert "InternalServerError" in caplog.text
    assert len(caplog.records) == 1


def test_missing_dynalite_fails_with_the_install_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(dynalite_server, "CLI", tmp_path / "node_modules" / "cli.js")
    with pytest.raises(pytest.fail.Exception, match="npm ci"):
        dynalite_server.start_dynalite()

