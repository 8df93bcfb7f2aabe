"""Persistence without a server: keys, item validation, store selection, and the session
service's read/write discipline over the SQLite store."""

import json
import logging
import os
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from ask_sdk_model.request_envelope import RequestEnvelope

from hipback.persistence import (
    DynamoDbAdapter,
    MissingUserId,
    Profile,
    ProfileService,
    SqliteAdapter,
    make_adapter,
)
from hipback.persistence.keys import DEV_SALT, alexa_user_id, storage_key
from hipback.persistence.record import RETENTION, item_values, stored_attributes
from tests.persistence_support import (
    CountingAdapter,
    FailingAdapter,
    envelope,
    new_user_id,
    session,
    skill_disabled,
)

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def store(tmp_path: Path) -> CountingAdapter:
    return CountingAdapter(SqliteAdapter(tmp_path / "store.sqlite3"))


# --- keys ---


def test_storage_key_is_a_salted_hash_not_the_user_id() -> None:
    user = new_user_id()
    key = storage_key(user, "salt-a")
    assert key == storage_key(user, "salt-a")
    assert key != storage_key(user, "salt-b")
    assert key != storage_key(new_user_id(), "salt-a")
    assert len(key) == 64 and int(key, 16) >= 0
    assert user not in key and user.lower() not in key


def test_user_id_comes_from_the_context_then_the_session() -> None:
    user = new_user_id()
    assert alexa_user_id(envelope(user)) == user
    assert alexa_user_id(envelope(user, context_user=False)) == user
    assert alexa_user_id(skill_disabled(user)) == user


def test_a_request_without_user_id_has_no_key() -> None:
    with pytest.raises(MissingUserId):
        alexa_user_id(envelope(new_user_id(), with_session=False, context_user=False))


# --- the item ---


def test_item_values_bump_the_version_and_set_schema_and_expiry() -> None:
    values = item_values(
        {"visits": 3, "first_visit": "2025-01-02", "last_visit": "2025-06-01",
         "style": "brief", "version": 4},
        NOW,
    )
    assert values["version"] == 5
    assert values["schema"] == 1
    assert values["expires"] == int((NOW + RETENTION).timestamp())
    assert NOW + timedelta(days=360) < datetime.fromtimestamp(int(values["expires"]), UTC)
    assert datetime.fromtimestamp(int(values["expires"]), UTC) < NOW + timedelta(days=430)


@pytest.mark.parametrize(
    "attributes",
    [
        {"visits": 1, "version": 0, "symptom": "fever"},
        {"visits": 1, "version": 0, "assessment": {"level": "urgent"}},
        {"visits": 1.0, "version": 0},
        {"visits": True, "version": 0},
        {"visits": -1, "version": 0},
        {"visits": 1, "version": 0, "style": "chatty"},
        {"visits": 1, "version": 0, "last_visit": "yesterday"},
        {"visits": 1, "version": 0, "last_visit": 20250601},
    ],
)
def test_item_values_refuse_anything_but_the_profile(attributes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        item_values(attributes, NOW)


def test_stored_numbers_come_back_as_int_never_float() -> None:
    item = {"id": "k", "schema": Decimal(1), "version": Decimal(7), "visits": Decimal("12"),
            "style": "detailed", "first_visit": "2025-01-02", "last_visit": "2025-05-30",
            "expires": Decimal(int(NOW.timestamp()) + 100)}
    attributes = stored_attributes(item, NOW)
    assert attributes == {"schema": 1, "version": 7, "visits": 12, "style": "detailed",
                          "first_visit": "2025-01-02", "last_visit": "2025-05-30"}
    assert all(type(value) in (int, str) for value in attributes.values())


def test_malformed_stored_values_fall_back_and_unknown_ones_are_dropped() -> None:
    item = {"version": Decimal(2), "visits": Decimal("1.5"), "style": "shouty",
            "last_visit": "not a date", "symptom": "fever"}
    assert stored_attributes(item, NOW) == {"schema": 1, "version": 2, "visits": 0,
                                            "style": "standard", "first_visit": None,
                                            "last_visit": None}


def test_an_expired_item_keeps_only_its_version() -> None:
    item = {"version": 3, "visits": 9, "style": "brief", "expires": int(NOW.timestamp()) - 1}
    assert stored_attributes(item, NOW) == {"schema": 1, "version": 3}


def test_an_item_without_version_is_an_error() -> None:
    with pytest.raises(ValueError):
        stored_attributes({"visits": 3}, NOW)


# --- the service ---


def test_first_and_second_session(store: CountingAdapter) -> None:
    service = ProfileService(store, today=lambda: date(2025, 6, 1))
    user = new_user_id()
    first = session(service, user, style="brief")
    assert not service.is_returning(first)
    later = ProfileService(store, today=lambda: date(2025, 6, 9))
    second: dict[str, object] = {}
    profile = later.load(envelope(user), second)
    assert profile == Profile(visits=1, first_visit="2025-06-01", last_visit="2025-06-01",
                              style="brief", version=1)
    later.record_visit(second)
    assert later.is_returning(second)
    later.flush(envelope(user), second)
    assert later.load(envelope(user), {}).visits == 2
    assert store.inner.get_attributes(envelope(user))["last_visit"] == "2025-06-09"


def test_at_most_one_read_and_one_write_per_session(store: CountingAdapter) -> None:
    service = ProfileService(store)
    user = new_user_id()
    attrs: dict[str, object] = {}
    for _ in range(3):
        service.load(envelope(user), attrs)
    service.record_visit(attrs)
    service.record_visit(attrs)
    service.set_style(attrs, "detailed")
    for _ in range(3):
        service.flush(envelope(user), attrs)
    assert store.calls == {"read": 1, "write": 1}
    assert service.load(envelope(user), {}).visits == 1


def test_no_write_when_nothing_changed(store: CountingAdapter) -> None:
    service = ProfileService(store)
    user = new_user_id()
    session(service, user, style="brief")
    store.calls.clear()
    attrs: dict[str, object] = {}
    service.load(envelope(user), attrs)
    service.set_style(attrs, "brief")
    service.flush(envelope(user), attrs)
    assert store.calls == {"read": 1}


def test_session_state_survives_the_json_round_trip_between_turns(
    store: CountingAdapter,
) -> None:
    service = ProfileService(store)
    user = new_user_id()
    attrs: dict[str, object] = {}
    service.load(envelope(user), attrs)
    service.record_visit(attrs)
    attrs = json.loads(json.dumps(attrs))  # what Alexa sends back on the next turn
    service.set_style(attrs, "brief")
    attrs = json.loads(json.dumps(attrs))
    service.load(envelope(user), attrs)
    service.flush(envelope(user), attrs)
    assert store.calls == {"read": 1, "write": 1}
    assert service.load(envelope(user), {}) == Profile(
        visits=1, first_visit=attrs_day(attrs), last_visit=attrs_day(attrs), style="brief",
        version=1,
    )


def attrs_day(attrs: dict[str, object]) -> str:
    profile = attrs["profile"]
    assert isinstance(profile, dict)
    day = profile["last_visit"]
    assert isinstance(day, str)
    return day


def test_changes_made_before_any_load_are_written_on_top_of_the_stored_item(
    store: CountingAdapter,
) -> None:
    service = ProfileService(store)
    user = new_user_id()
    session(service, user, style="detailed")
    store.calls.clear()
    attrs: dict[str, object] = {}
    service.record_visit(attrs)
    service.flush(envelope(user), attrs)
    assert store.calls == {"read": 1, "write": 1}
    assert service.load(envelope(user), {}).visits == 2
    assert service.load(envelope(user), {}).style == "detailed"


def test_a_losing_write_reapplies_its_changes_on_the_newer_item(store: CountingAdapter) -> None:
    service = ProfileService(store)
    user = new_user_id()
    session(service, user)
    phone: dict[str, object] = {}
    speaker: dict[str, object] = {}
    service.load(envelope(user), phone)
    service.load(envelope(user), speaker)
    service.record_visit(phone)
    service.record_visit(speaker)
    service.set_style(speaker, "brief")
    service.flush(envelope(user), phone)
    service.flush(envelope(user), speaker)
    assert service.load(envelope(user), {}).visits == 3
    assert service.load(envelope(user), {}).style == "brief"
    assert store.calls["write"] == 1 + 1 + 2  # the speaker's first write lost


def test_forget_deletes_the_item_and_nothing_is_written_afterwards(
    store: CountingAdapter,
) -> None:
    service = ProfileService(store)
    user = new_user_id()
    session(service, user, style="brief")
    attrs: dict[str, object] = {}
    service.load(envelope(user), attrs)
    service.record_visit(attrs)
    assert service.forget(envelope(user), attrs) is True
    service.set_style(attrs, "detailed")
    service.flush(envelope(user), attrs)
    assert store.inner.get_attributes(envelope(user)) == {}
    # The rest of the session is a first-time user's, its style kept only in the session.
    assert service.load(envelope(user), attrs) == Profile(style="detailed")
    assert not service.is_returning(attrs)


def test_skill_disabled_event_forgets_the_user(store: CountingAdapter) -> None:
    service = ProfileService(store)
    user = new_user_id()
    other = new_user_id()
    session(service, user)
    session(service, other)
    assert service.forget(skill_disabled(user), {}) is True
    assert store.inner.get_attributes(envelope(user)) == {}
    assert store.inner.get_attributes(envelope(other)) != {}


def test_storage_errors_give_defaults_and_one_warning_without_user_data(
    caplog: pytest.LogCaptureFixture,
) -> None:
    failing = FailingAdapter(RuntimeError("boom for amzn1.ask.account.SECRET"))
    service = ProfileService(failing)
    user = new_user_id()
    attrs: dict[str, object] = {}
    with caplog.at_level(logging.DEBUG):
        assert service.load(envelope(user), attrs) == Profile()
        service.load(envelope(user), attrs)
        service.record_visit(attrs)
        service.set_style(attrs, "brief")
        service.flush(envelope(user), attrs)
        assert not service.is_returning(attrs)
    assert failing.calls == 1
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert "RuntimeError" in warnings[0].getMessage()
    assert user not in caplog.text and "SECRET" not in caplog.text
    assert storage_key(user, DEV_SALT) not in caplog.text


def test_a_failing_write_is_logged_once_and_does_not_raise(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    class ReadOnly(CountingAdapter):
        def save_attributes(
            self, request_envelope: RequestEnvelope, attributes: dict[str, object]
        ) -> None:
            raise OSError("disk full")

    service = ProfileService(ReadOnly(SqliteAdapter(tmp_path / "s.sqlite3")))
    with caplog.at_level(logging.WARNING):
        attrs = session(service, new_user_id(), style="brief")
    assert len(caplog.records) == 1 and "OSError" in caplog.records[0].getMessage()
    assert service.load(envelope(new_user_id()), attrs).style == "brief"  # the session goes on


def test_failed_forget_reports_false_and_blocks_writes() -> None:
    failing = FailingAdapter(ConnectionError("down"))
    service = ProfileService(failing)
    attrs: dict[str, object] = {}
    assert service.forget(envelope(new_user_id()), attrs) is False
    service.record_visit(attrs)
    service.flush(envelope(new_user_id()), attrs)
    assert failing.calls == 1


def test_without_a_store_everything_is_a_quiet_no_op(caplog: pytest.LogCaptureFixture) -> None:
    service = ProfileService(None)
    user = new_user_id()
    with caplog.at_level(logging.WARNING):
        attrs = session(service, user, style="brief")
        assert service.forget(envelope(user), attrs) is True
    assert service.load(envelope(user), attrs) == Profile()
    assert caplog.records == []


def test_a_missing_user_id_costs_only_the_profile() -> None:
    service = ProfileService(SqliteAdapter(":memory:"))
    anonymous = envelope(new_user_id(), with_session=False, context_user=False)
    attrs: dict[str, object] = {}
    assert service.load(anonymous, attrs) == Profile()
    service.record_visit(attrs)
    service.flush(anonymous, attrs)


def test_unknown_style_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        ProfileService(None).set_style({}, "shouty")


# --- choosing the store ---


def test_store_selection(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = str(tmp_path / "x.sqlite3")
    table = make_adapter({"DYNAMODB_TABLE_NAME": "profiles"})
    assert isinstance(table, DynamoDbAdapter) and table.table_name == "profiles"
    local = make_adapter({"HIPBACK_STORE_PATH": path})
    assert isinstance(local, SqliteAdapter) and str(local.path) == path
    default = make_adapter({})
    assert isinstance(default, SqliteAdapter)
    assert Path(default.path) == Path(".local/hipback.sqlite3")
    assert make_adapter({"HIPBACK_STORE": "none", "DYNAMODB_TABLE_NAME": "profiles"}) is None
    with caplog.at_level(logging.WARNING):
        assert make_adapter({"AWS_LAMBDA_FUNCTION_NAME": "f", "USER_ID_SALT": "s"}) is None
    assert len(caplog.records) == 1
    lambda_with_table = make_adapter(
        {"AWS_LAMBDA_FUNCTION_NAME": "f", "USER_ID_SALT": "s", "DYNAMODB_TABLE_NAME": "t"}
    )
    assert isinstance(lambda_with_table, DynamoDbAdapter)


def test_the_salt_comes_from_the_environment(tmp_path: Path) -> None:
    user = new_user_id()
    path = str(tmp_path / "salted.sqlite3")
    salted = make_adapter({"HIPBACK_STORE_PATH": path, "USER_ID_SALT": "pepper"})
    assert isinstance(salted, SqliteAdapter)
    assert salted.key(envelope(user)) == storage_key(user, "pepper")
    unsalted = make_adapter({"HIPBACK_STORE_PATH": path})
    assert isinstance(unsalted, SqliteAdapter)
    assert unsalted.key(envelope(user)) == storage_key(user, DEV_SALT)


def test_importing_and_building_the_store_does_not_import_boto3() -> None:
    probe = textwrap.dedent(
        """
        import sys
        from hipback.persistence import ProfileService, make_adapter
        service = ProfileService(make_adapter({"DYNAMODB_TABLE_NAME": "profiles"}))
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("boto3", "botocore")))
        service.adapter.client  # the first storage call creates the client
        print("botocore" in sys.modules)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "lambda"), "AWS_DEFAULT_REGION": "eu-west-1"}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True,
        cwd=REPO_ROOT,
    )
    before, after = result.stdout.splitlines()
    assert before == "[]"
    assert after == "True"  # the probe can see the SDK (botocore) when it is imported


def test_a_profile_is_an_immutable_value() -> None:
    profile = Profile(visits=2, first_visit="2025-01-02", last_visit="2025-03-04", style="brief")
    same = Profile(visits=2, first_visit="2025-01-02", last_visit="2025-03-04", style="brief")
    assert profile == same and hash(profile) == hash(same)
    assert profile != Profile(visits=2, first_visit="2025-01-02", last_visit="2025-03-04")
    assert profile != Profile(visits=2, first_visit="2025-01-02", last_visit="2025-03-04",
                              style="brief", version=1)  # fmt: skip
    with pytest.raises(AttributeError):
        profile.visits = 3
    assert profile.attributes() == {
        "visits": 2, "first_visit": "2025-01-02", "last_visit": "2025-03-04", "style": "brief",
        "version": 0,
    }  # fmt: skip
    assert "visits=2" in repr(profile)
