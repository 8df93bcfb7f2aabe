"""Persistence without a server: keys, stored values, store selection, the turn's deadline, and
the session service's read/write discipline over the SQLite store."""

import hashlib
import hmac
import json
import logging
import os
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hipback.deadline import Deadline, OutOfTime, within
from hipback.persistence import (
    Change,
    ConfigurationError,
    DynamoDbStore,
    ForgetFailed,
    MissingUserId,
    Profile,
    ProfileService,
    SqliteStore,
    make_profiles,
)
from hipback.persistence.keys import DEV_SALT, alexa_user_id, storage_key
from hipback.persistence.record import profile_from
from simulator.client import SKILL_ID
from simulator.envelopes import EnvelopeBuilder, Identity, new_session
from tests.persistence_support import (
    CountingStore,
    FailingStore,
    envelope,
    new_user_id,
    session,
    skill_disabled,
)

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def store(tmp_path: Path) -> CountingStore:
    return CountingStore(SqliteStore(tmp_path / "store.sqlite3"))


def later() -> Deadline:
    return Deadline(5)


# --- keys ---


def test_storage_key_is_a_salted_hmac_not_the_user_id() -> None:
    user = new_user_id()
    key = storage_key(user, "pepper")
    assert key == hmac.new(b"pepper", user.encode(), hashlib.sha256).hexdigest()
    assert user not in key and key != storage_key(user, DEV_SALT)


def test_user_id_comes_from_the_context_then_the_session() -> None:
    user = new_user_id()
    assert alexa_user_id(envelope(user)) == user
    assert alexa_user_id(envelope(user, context_user=False)) == user
    assert alexa_user_id(skill_disabled(user)) == user
    with pytest.raises(MissingUserId):
        alexa_user_id(envelope(user, with_session=False, context_user=False))


# --- stored values ---


def test_stored_values_read_back_as_a_profile_and_malformed_ones_as_defaults() -> None:
    item: dict[str, object] = {
        "visits": "3", "first_visit": "2025-01-02", "last_visit": "not a date",
        "style": "shouty", "expires": str(int(NOW.timestamp()) + 60), "symptom": "fever",
    }  # fmt: skip
    profile = profile_from(item, NOW)
    assert profile == Profile(3, "2025-01-02", None, "standard")
    assert isinstance(profile.visits, int)
    assert profile_from({**item, "visits": "1.5"}, NOW).visits == 0
    assert profile_from({**item, "expires": str(int(NOW.timestamp()))}, NOW) == Profile()
    assert profile_from({}, NOW) == Profile()


# --- the session service ---


def test_first_and_second_session(store: CountingStore) -> None:
    service = ProfileService(store)
    user = new_user_id()
    first = session(service, user)
    assert first["profile"]["storage"] == "written"  # type: ignore[index]
    attrs: dict[str, object] = {}
    assert service.load(envelope(user), attrs, later()).visits == 1
    service.record_visit(attrs)
    assert service.load(envelope(user), attrs, later()).visits == 2  # this visit included


def test_at_most_one_read_and_one_write_per_session(store: CountingStore) -> None:
    service = ProfileService(store)
    user = new_user_id()
    attrs: dict[str, object] = {}
    for _ in range(3):
        service.load(envelope(user), attrs, later())
        service.record_visit(attrs)
        service.set_style(attrs, "brief")
    for _ in range(3):
        service.flush(envelope(user), attrs, later())
    assert store.calls == {"read": 1, "write": 1}


def test_no_write_when_nothing_changed(store: CountingStore) -> None:
    service = ProfileService(store)
    attrs: dict[str, object] = {}
    service.load(envelope(new_user_id()), attrs, later())
    service.flush(envelope(new_user_id()), attrs, later())
    assert store.calls == {"read": 1}


def test_session_state_survives_the_json_round_trip_between_turns(store: CountingStore) -> None:
    service = ProfileService(store)
    user = new_user_id()
    attrs: dict[str, object] = {}
    service.load(envelope(user), attrs, later())
    service.record_visit(attrs)
    attrs = json.loads(json.dumps(attrs))  # Alexa sends the attributes back as JSON
    service.set_style(attrs, "detailed")
    attrs = json.loads(json.dumps(attrs))
    service.flush(envelope(user), attrs, later())
    assert store.inner.read(storage_key(user, DEV_SALT)).style == "detailed"
    assert store.calls == {"read": 1, "write": 1}


@pytest.mark.parametrize(
    "forged",
    [
        "not a dict",
        {"visits": [], "style": {}, "storage": ["read"], "started": "x", "chosen": 5},
        {"storage": "written", "visit": "2025-06-01", "started": 10**15},
    ],
)
def test_forged_session_state_is_repaired_not_trusted(store: CountingStore, forged: object) -> None:
    service = ProfileService(store)
    user = new_user_id()
    attrs: dict[str, object] = {"profile": forged}
    profile = service.load(envelope(user), attrs, later())
    assert isinstance(profile.visits, int) and profile.style == "standard"
    state = attrs["profile"]
    assert isinstance(state, dict) and state["started"] <= time.time() * 1000


def test_forget_leaves_nothing_and_nothing_is_written_afterwards(store: CountingStore) -> None:
    service = ProfileService(store)
    user = new_user_id()
    session(service, user, style="brief")
    attrs: dict[str, object] = {}
    assert service.forget(envelope(user), attrs, later()) is True
    service.record_visit(attrs)
    service.set_style(attrs, "detailed")
    service.flush(envelope(user), attrs, later())
    assert store.inner.read(storage_key(user, DEV_SALT)) == Profile()
    assert store.calls["write"] == 1  # the first session's only


def test_skill_disabled_forgets_only_that_user(store: CountingStore) -> None:
    service = ProfileService(store)
    user, other = new_user_id(), new_user_id()
    session(service, user)
    session(service, other)
    service.erase(skill_disabled(user), later())
    assert store.inner.read(storage_key(user, DEV_SALT)) == Profile()
    assert store.inner.read(storage_key(other, DEV_SALT)).visits == 1


def test_a_disable_whose_delete_keeps_failing_raises_after_retrying(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    failing = FailingStore(ConnectionError("down for amzn1.ask.account.SECRET"))
    service = ProfileService(failing)
    user = new_user_id()
    with caplog.at_level(logging.WARNING), pytest.raises(ForgetFailed):
        service.erase(skill_disabled(user), Deadline(0.7))
    assert failing.calls >= 2  # retried while there was time
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "ConnectionError" in errors[0].getMessage()
    assert "SECRET" not in caplog.text and user not in caplog.text


def test_a_disable_is_deleted_after_a_transient_failure(tmp_path: Path) -> None:
    inner = SqliteStore(tmp_path / "s.sqlite3")
    service = ProfileService(FailingStore(ConnectionError("blip"), inner, failures=1))
    user = new_user_id()
    session(ProfileService(inner), user)
    service.erase(skill_disabled(user), later())
    assert inner.read(storage_key(user, DEV_SALT)) == Profile()


def test_storage_errors_give_defaults_and_one_warning_without_user_data(
    caplog: pytest.LogCaptureFixture,
) -> None:
    failing = FailingStore(RuntimeError("boom for amzn1.ask.account.SECRET"))
    service = ProfileService(failing)
    user = new_user_id()
    attrs: dict[str, object] = {}
    with caplog.at_level(logging.DEBUG):
        assert service.load(envelope(user), attrs, later()) == Profile()
        service.load(envelope(user), attrs, later())
        service.record_visit(attrs)
        service.set_style(attrs, "brief")
        service.flush(envelope(user), attrs, later())
    assert failing.calls == 1
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "RuntimeError" in warnings[0].getMessage()
    assert user not in caplog.text and "SECRET" not in caplog.text
    assert storage_key(user, DEV_SALT) not in caplog.text


def test_a_slow_store_costs_the_turn_only_its_deadline(tmp_path: Path) -> None:
    inner = SqliteStore(tmp_path / "s.sqlite3")
    release = threading.Event()

    class Hung(CountingStore):  # a read that answers only when the test lets it
        def read(self, key: str) -> Profile:
            release.wait(10)
            return super().read(key)

    service = ProfileService(Hung(inner))
    attrs: dict[str, object] = {}
    started = time.monotonic()
    assert service.load(envelope(new_user_id()), attrs, Deadline(0.3)) == Profile()
    assert time.monotonic() - started < 0.6
    release.set()
    service.record_visit(attrs)
    service.flush(envelope(new_user_id()), attrs, later())  # the store is off for the session
    assert attrs["profile"]["storage"] == "off"  # type: ignore[index]


def test_a_failed_forget_reports_false_and_blocks_writes() -> None:
    failing = FailingStore(ConnectionError("down"))
    service = ProfileService(failing)
    attrs: dict[str, object] = {}
    assert service.forget(envelope(new_user_id()), attrs, Deadline(0.1)) is False
    service.record_visit(attrs)
    service.flush(envelope(new_user_id()), attrs, later())
    assert failing.calls == 1


def test_without_a_store_everything_is_a_quiet_no_op(caplog: pytest.LogCaptureFixture) -> None:
    service = ProfileService(None)
    user = new_user_id()
    with caplog.at_level(logging.WARNING):
        attrs = session(service, user, style="brief")
        assert service.forget(envelope(user), attrs, later()) is True
        service.erase(skill_disabled(user), later())
    assert service.load(envelope(user), attrs, later()) == Profile()
    assert caplog.records == []


def test_a_missing_user_id_costs_only_the_profile(tmp_path: Path) -> None:
    service = ProfileService(SqliteStore(tmp_path / "s.sqlite3"))
    anonymous = envelope(new_user_id(), with_session=False, context_user=False)
    attrs: dict[str, object] = {}
    assert service.load(anonymous, attrs, later()) == Profile()
    service.record_visit(attrs)
    service.flush(anonymous, attrs, later())


def test_unknown_style_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        ProfileService(None).set_style({}, "shouty")


# --- the deadline ---


def test_within_returns_raises_or_gives_up_at_the_deadline() -> None:
    assert within(Deadline(1), lambda: 42) == 42
    empty: dict[str, int] = {}
    with pytest.raises(KeyError):
        within(Deadline(1), lambda: empty["missing"])
    started = time.monotonic()
    with pytest.raises(OutOfTime):
        within(Deadline(0.2), lambda: time.sleep(2))
    assert time.monotonic() - started < 0.5
    with pytest.raises(OutOfTime):
        within(Deadline(0), lambda: 1)


def test_a_turns_deadline_follows_lambdas_time_left() -> None:
    class LambdaContext:
        def __init__(self, millis: int) -> None:
            self.millis = millis

        def get_remaining_time_in_millis(self) -> int:
            return self.millis

    assert 1.9 < Deadline.for_turn(None).left() <= 2.0  # off Lambda: the storage budget
    assert 1.9 < Deadline.for_turn(LambdaContext(7000)).left() <= 2.0
    assert 0.4 < Deadline.for_turn(LambdaContext(1500)).left() <= 0.5  # a late turn
    assert Deadline.for_turn(LambdaContext(800)).left() < 0  # no time for storage at all
    assert 5.9 < Deadline.for_turn(LambdaContext(7000), cap=None).left() <= 6.0  # an event


# --- choosing the store ---


def test_store_selection(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = str(tmp_path / "x.sqlite3")
    table = make_profiles({"DYNAMODB_TABLE_NAME": "profiles"}).store
    assert isinstance(table, DynamoDbStore) and table.table_name == "profiles"
    local = make_profiles({"HIPBACK_STORE_PATH": path}).store
    assert isinstance(local, SqliteStore) and local.path == path
    default = make_profiles({}).store
    assert isinstance(default, SqliteStore)
    assert Path(default.path) == Path(".local/hipback.sqlite3")
    assert make_profiles({"HIPBACK_STORE": "none", "DYNAMODB_TABLE_NAME": "t"}).store is None
    with caplog.at_level(logging.WARNING):
        assert make_profiles({"AWS_LAMBDA_FUNCTION_NAME": "f", "USER_ID_SALT": "s"}).store is None
    assert len(caplog.records) == 1
    on_lambda = {"AWS_LAMBDA_FUNCTION_NAME": "f", "USER_ID_SALT": "s", "DYNAMODB_TABLE_NAME": "t"}
    assert isinstance(make_profiles(on_lambda).store, DynamoDbStore)


def test_a_lambda_with_a_table_and_no_salt_refuses_to_start(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR), pytest.raises(ConfigurationError):
        make_profiles({"AWS_LAMBDA_FUNCTION_NAME": "f", "DYNAMODB_TABLE_NAME": "t"})
    assert "USER_ID_SALT" in caplog.text


def test_the_salt_comes_from_the_environment(tmp_path: Path) -> None:
    user = new_user_id()
    path = str(tmp_path / "salted.sqlite3")
    salted = make_profiles({"HIPBACK_STORE_PATH": path, "USER_ID_SALT": "pepper"})
    session(salted, user)
    unsalted = make_profiles({"HIPBACK_STORE_PATH": path})
    assert SqliteStore(path).read(storage_key(user, "pepper")).visits == 1
    assert SqliteStore(path).read(storage_key(user, DEV_SALT)).visits == 0
    assert unsalted.load(envelope(user), {}, later()).visits == 0


def test_importing_and_building_the_store_does_not_import_botocore() -> None:
    probe = textwrap.dedent(
        """
        import sys
        from hipback.persistence import make_profiles
        service = make_profiles({"DYNAMODB_TABLE_NAME": "profiles"})
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("boto3", "botocore")))
        service.store.client  # the first storage call creates the client
        print("botocore" in sys.modules, "boto3" in sys.modules)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "lambda"), "AWS_DEFAULT_REGION": "eu-west-1"}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True,
        cwd=REPO_ROOT,
    )  # fmt: skip
    before, after = result.stdout.splitlines()
    assert before == "[]"
    assert after == "True False"  # botocore's own client, without boto3


def test_an_old_local_table_is_dropped_not_misread(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE profiles (id TEXT PRIMARY KEY, version INTEGER)")
    store = SqliteStore(path, clock=lambda: NOW)
    assert store.read("anyone") == Profile()
    with sqlite3.connect(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "profiles" not in tables
    assert store.update("k", _change()) and store.read("k").visits == 1


def _change() -> Change:
    return Change("2025-06-01", None, int((NOW - timedelta(seconds=1)).timestamp() * 1000))


def test_a_one_shot_question_with_dynamodb_configured_never_imports_the_aws_sdk() -> None:
    """The cold one-shot path: an information question asked as a new session reads no
    profile, so the AWS SDK (about a third of a cold start) is never imported."""
    envelope = EnvelopeBuilder(Identity(SKILL_ID, "amzn1.ask.account.ONE-SHOT", "device", "en-US"))
    request = json.dumps(envelope.intent(new_session(), "CausesIntent", {}))
    probe = textwrap.dedent(
        f"""
        import json, sys
        import lambda_function
        response = lambda_function.lambda_handler(json.loads({request!r}), None)
        print(bool(response["response"].get("outputSpeech")))
        print(sorted({{m.split(".")[0] for m in sys.modules}} & {{"boto3", "botocore"}}))
        """
    )
    # A closed port: a storage call, were one made, would import botocore and fail fast.
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "lambda"), "AWS_DEFAULT_REGION": "eu-west-1",
           "DYNAMODB_TABLE_NAME": "profiles", "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9",
           "SKILL_ID": SKILL_ID}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True,
        cwd=REPO_ROOT,
    )  # fmt: skip
    assert result.stdout.splitlines() == ["True", "[]"]
