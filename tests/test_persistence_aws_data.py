"""The DynamoDB client created from the trimmed botocore data (hipback/persistence/aws_data):
the committed data are what the generator makes from the pinned botocore, the client behaves
as botocore's default one (same requests, same endpoints, same errors), and anything unusual
falls back to botocore's own data without losing the store."""

import json
import logging
import os
import shutil
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from botocore.config import Config
from botocore.loaders import Loader
from botocore.session import Session

from hipback.persistence import (
    IAM_ACTIONS,
    DynamoDbAdapter,
    Profile,
    ProfileService,
    dynamodb_client,
)
from hipback.persistence.dynamodb import (
    CONNECT_TIMEOUT_SECONDS,
    MAX_ATTEMPTS,
    READ_TIMEOUT_SECONDS,
    default_client,
)
from hipback.persistence.dynamodb_client import (
    DATA_DIR,
    ENDPOINTS,
    MANIFEST,
    SERVICE,
    create_client,
    overlay_loader,
)
from scripts import trim_botocore_data
from tests.conftest import DynaliteTable
from tests.dynalite_server import AWS_VARIABLES_TO_CLEAR, aws_test_environment
from tests.persistence_support import envelope, new_user_id, session, skill_disabled

BUILTIN = Loader.BUILTIN_DATA_PATH
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
OPERATIONS = {action.removeprefix("dynamodb:") for action in IAM_ACTIONS}
# Differ on every request whatever the client: the time, the signature over it, a random id.
VOLATILE_HEADERS = {"authorization", "x-amz-date", "amz-sdk-invocation-id"}


def trimmed(client: Any) -> bool:
    """Whether a client was built on the trimmed model (botocore's has every operation)."""
    return set(client.meta.service_model.operation_names) <= {*OPERATIONS, "DescribeEndpoints"}


def botocore_client(config: Any = None) -> Any:
    """botocore's default client: what the skill did before the trimmed data."""
    return Session().create_client(SERVICE, config=config or Config())


def skill_config() -> Any:
    """The configuration default_client gives its client."""
    return Config(
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        read_timeout=READ_TIMEOUT_SECONDS,
        retries={"total_max_attempts": MAX_ATTEMPTS, "mode": "standard"},
    )


def _user_agent(value: str) -> str:
    """The user agent with its feature codes (`m/P,Z,b`, from a set) in a stable order."""
    return " ".join(
        "m/" + ",".join(sorted(part[2:].split(","))) if part.startswith("m/") else part
        for part in value.split(" ")
    )


@pytest.fixture
def fallbacks(caplog: pytest.LogCaptureFixture) -> Callable[[], list[str]]:
    caplog.set_level(logging.DEBUG, logger=dynamodb_client.__name__)

    def messages() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.name == dynamodb_client.__name__]

    return messages


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dummy credentials from the environment, and no endpoint override: no request leaves."""
    for name in AWS_VARIABLES_TO_CLEAR:
        monkeypatch.delenv(name, raising=False)
    for name, value in aws_test_environment("http://unused").items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL_DYNAMODB")


def builtin_copy(tmp_path: Path) -> Path:
    """A stand-in for botocore's data folder: links to every entry of the real one."""
    copy = tmp_path / "botocore-data"
    copy.mkdir()
    for entry in os.listdir(BUILTIN):
        (copy / entry).symlink_to(os.path.join(BUILTIN, entry))
    return copy


def unlink_into_copy(path: Path) -> None:
    """Replace a link of builtin_copy by a real folder of links, so that it can be changed."""
    target = path.resolve()
    path.unlink()
    path.mkdir()
    for entry in os.listdir(target):
        (path / entry).symlink_to(target / entry)


# --- the committed data ---


def test_the_committed_data_are_a_fresh_generation_from_the_pinned_botocore() -> None:
    assert trim_botocore_data.committed() == trim_botocore_data.generate(), (
        "aws_data/ is stale: run `make aws-data` (scripts/trim_botocore_data.py)"
    )


def test_the_trimmed_model_has_the_granted_operations_and_resolves_every_shape() -> None:
    loader = Loader(extra_search_paths=[DATA_DIR], include_default_search_paths=False)
    model = loader.load_service_model(SERVICE, "service-2")
    assert set(model["operations"]) == {*OPERATIONS, "DescribeEndpoints"}
    full = Loader().load_service_model(SERVICE, "service-2")
    for name, operation in model["operations"].items():
        assert {k: v for k, v in operation.items() if k != "documentation"} == {
            k: v for k, v in _undocumented(full["operations"][name]).items()
        }
    for name, shape in model["shapes"].items():
        assert shape == _undocumented(full["shapes"][name]), name
        for reference in trim_botocore_data._shape_references(shape):
            assert reference in model["shapes"], f"{name} refers to a missing {reference}"
    errors = {name for name, shape in full["shapes"].items() if shape.get("exception")}
    assert errors <= set(model["shapes"])


def _undocumented(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _undocumented(v) for k, v in value.items() if k != "documentation"}
    if isinstance(value, list):
        return [_undocumented(item) for item in value]
    return value


def test_the_trimmed_endpoints_keep_every_partition_whole_but_other_services() -> None:
    full = Loader().load_data(ENDPOINTS)
    ours = Loader(extra_search_paths=[DATA_DIR], include_default_search_paths=False).load_data(
        ENDPOINTS
    )
    assert [p["partition"] for p in ours["partitions"]] == [
        p["partition"] for p in full["partitions"]
    ]
    for mine, theirs in zip(ours["partitions"], full["partitions"], strict=True):
        assert {k: v for k, v in mine.items() if k != "services"} == {
            k: v for k, v in theirs.items() if k != "services"
        }
        assert mine["services"] == {
            name: data for name, data in theirs["services"].items() if name == SERVICE
        }


def test_a_generation_writes_the_files_and_removes_stale_ones(tmp_path: Path) -> None:
    files = trim_botocore_data.generate()
    (tmp_path / "old" / "x").mkdir(parents=True)
    (tmp_path / "old" / "x" / "stale.json").write_text("{}")
    trim_botocore_data.write(files, tmp_path)
    assert trim_botocore_data.committed(tmp_path) == files
    assert not (tmp_path / "old").exists()


def test_the_generator_refuses_an_operation_the_model_lacks() -> None:
    model = Loader().load_service_model(SERVICE, "service-2")
    with pytest.raises(KeyError, match="GetItems"):
        trim_botocore_data.trimmed_service_model(model, ["GetItems"])


# --- the client: same behaviour ---


class Sent(Exception):
    """Raised from before-send: the request is recorded and never leaves."""


def record_requests(client: Any, *, send: bool) -> list[dict[str, Any]]:
    requests: list[dict[str, Any]] = []

    def before_send(request: Any, **_: Any) -> None:
        headers = {
            k.lower(): v.decode() if isinstance(v, bytes) else v for k, v in request.headers.items()
        }
        authorization = headers["authorization"]
        requests.append(
            {
                "method": request.method,
                "url": request.url,
                "body": request.body,
                "headers": {k: _user_agent(v) if k == "user-agent" else v
                            for k, v in headers.items() if k not in VOLATILE_HEADERS},
                "signed": authorization.split("SignedHeaders=")[1].split(",")[0],
            }
        )
        if not send:
            raise Sent

    client.meta.events.register("before-send.dynamodb", before_send)
    return requests


def a_session_of_every_kind(table_name: str, client: Any) -> list[object]:
    """A new user, a returning user, two devices in conflict, a deletion: what each returns.

    The same user and clock every time, so that two clients must send the same bytes."""
    adapter = DynamoDbAdapter(table_name, client_factory=lambda: client, clock=lambda: NOW)
    service = ProfileService(adapter, today=lambda: date(2025, 6, 1))
    user = "amzn1.ask.account.THE-SAME-USER-FOR-EVERY-CLIENT"
    seen: list[object] = []
    seen.append(session(service, user, style="brief"))
    phone: dict[str, object] = {}
    speaker: dict[str, object] = {}
    seen.append(service.load(envelope(user), phone))
    seen.append(service.load(envelope(user), speaker))
    service.record_visit(phone)
    service.record_visit(speaker)
    service.flush(envelope(user), phone)
    service.flush(envelope(user), speaker)  # loses, re-reads, writes again
    seen += [phone["profile"], speaker["profile"]]
    seen.append(service.forget(skill_disabled(user), {}))
    seen.append(service.load(envelope(user), {}))
    return seen


@pytest.mark.dynalite
def test_the_trimmed_client_sends_what_botocore_default_client_sends(
    dynalite: DynaliteTable, fallbacks: Callable[[], list[str]]
) -> None:
    ours = default_client()
    assert trimmed(ours) and fallbacks() == []
    theirs = botocore_client(skill_config())
    assert not trimmed(theirs)
    outcomes, sent = [], []
    for client in (ours, theirs):
        requests = record_requests(client, send=True)
        outcomes.append(a_session_of_every_kind(dynalite.table_name, client))
        sent.append(requests)
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][1] == Profile(visits=1, first_visit="2025-06-01",
                                     last_visit="2025-06-01", style="brief", version=1)  # fmt: skip
    assert [r["headers"]["x-amz-target"] for r in sent[0]] == [
        "DynamoDB_20120810." + name
        for name in ("GetItem", "PutItem", "GetItem", "GetItem", "PutItem", "PutItem",
                     "GetItem", "PutItem", "DeleteItem", "GetItem")
    ]
    assert sent[0] == sent[1]


@pytest.mark.parametrize(
    "setting",
    [
        {"AWS_DEFAULT_REGION": "us-east-1"},
        {"AWS_DEFAULT_REGION": "eu-central-2"},
        {"AWS_DEFAULT_REGION": "cn-north-1"},
        {"AWS_DEFAULT_REGION": "us-gov-west-1"},
        {"AWS_DEFAULT_REGION": "us-east-1", "AWS_USE_FIPS_ENDPOINT": "true"},
        {"AWS_DEFAULT_REGION": "eu-west-1", "AWS_USE_DUALSTACK_ENDPOINT": "true"},
        {"AWS_DEFAULT_REGION": "eu-west-1", "AWS_ACCOUNT_ID": "123456789012"},
        {"AWS_DEFAULT_REGION": "ap-southeast-2", "AWS_ACCOUNT_ID": "123456789012",
         "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled"},
    ],
    ids=["us-east-1", "eu-central-2", "cn-north-1", "us-gov-west-1", "fips", "dualstack",
         "account-id", "account-id-disabled"],
)
def test_the_endpoint_is_botocore_own_in_every_partition_and_mode(
    offline: None, monkeypatch: pytest.MonkeyPatch, setting: dict[str, str]
) -> None:
    for name, value in setting.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_REGION", setting["AWS_DEFAULT_REGION"])
    urls, headers = [], []
    for client in (create_client(Config()), botocore_client()):
        requests = record_requests(client, send=False)
        with pytest.raises(Sent):
            client.get_item(TableName="profiles", Key={"id": {"S": "k"}}, ConsistentRead=True)
        urls.append(requests[0]["url"])
        headers.append(requests[0]["headers"])
    assert urls[0] == urls[1]
    assert headers[0] == headers[1]


def test_the_client_errors_are_botocore_own(offline: None) -> None:
    ours, theirs = create_client(Config()), botocore_client()
    assert trimmed(ours)
    names = {name for name in dir(theirs.exceptions) if not name.startswith("_")}
    assert {name for name in dir(ours.exceptions) if not name.startswith("_")} == names
    assert "ConditionalCheckFailedException" in names


# --- the client: fallbacks ---


@pytest.mark.dynalite
def test_without_the_trimmed_data_the_client_is_botocore_own(
    dynalite: DynaliteTable, tmp_path: Path, fallbacks: Callable[[], list[str]]
) -> None:
    client = create_client(Config(), data_dir=str(tmp_path))  # an empty folder
    assert not trimmed(client)
    assert len(fallbacks()) == 1 and "FileNotFoundError" in fallbacks()[0]
    adapter = DynamoDbAdapter(dynalite.table_name, client_factory=lambda: client)
    user = new_user_id()
    session(ProfileService(adapter), user, style="brief")
    assert ProfileService(adapter).load(envelope(user), {}).style == "brief"


@pytest.mark.dynalite
def test_a_trimmed_folder_without_a_file_botocore_needs_falls_back(
    dynalite: DynaliteTable, tmp_path: Path, fallbacks: Callable[[], list[str]]
) -> None:
    # What a newer botocore's need for a file we do not ship looks like: only the manifest
    # and the endpoints, and nothing of DynamoDB in botocore's folder to overlay.
    data = tmp_path / "aws_data"
    data.mkdir()
    for name in (MANIFEST, ENDPOINTS + ".json"):
        shutil.copy(os.path.join(DATA_DIR, name), data / name)
    client = create_client(Config(), data_dir=str(data))
    assert not trimmed(client)
    assert len(fallbacks()) == 1 and "UnknownServiceError" in fallbacks()[0]
    client.get_item(TableName=dynalite.table_name, Key={"id": {"S": "nobody"}})


@pytest.mark.dynalite
def test_a_botocore_file_that_differs_is_read_from_botocore(
    dynalite: DynaliteTable, tmp_path: Path, fallbacks: Callable[[], list[str]]
) -> None:
    builtin = builtin_copy(tmp_path)
    # A newer botocore: the same endpoints with one more service, a different DynamoDB model.
    (builtin / "endpoints.json").unlink()
    endpoints = Loader().load_data(ENDPOINTS)
    endpoints["partitions"][0]["services"]["newservice"] = {"endpoints": {}}
    (builtin / "endpoints.json").write_text(json.dumps(endpoints))
    unlink_into_copy(builtin / SERVICE)
    unlink_into_copy(builtin / SERVICE / "2012-08-10")
    model = Loader().load_service_model(SERVICE, "service-2")
    (builtin / SERVICE / "2012-08-10" / "service-2.json.gz").unlink()
    (builtin / SERVICE / "2012-08-10" / "service-2.json").write_text(json.dumps(model))

    loader = overlay_loader(DATA_DIR, str(builtin))
    assert "newservice" in loader.load_data(ENDPOINTS)["partitions"][0]["services"]
    assert len(loader.load_service_model(SERVICE, "service-2")["operations"]) > len(OPERATIONS) + 1
    assert loader.is_builtin_path(os.path.join(DATA_DIR, ENDPOINTS))

    client = create_client(Config(), data_dir=DATA_DIR, builtin_dir=str(builtin))
    assert not trimmed(client) and fallbacks() == []  # botocore's files, our fast loader
    client.get_item(TableName=dynalite.table_name, Key={"id": {"S": "nobody"}})


def test_another_dynamodb_api_version_falls_back(
    offline: None, tmp_path: Path, fallbacks: Callable[[], list[str]]
) -> None:
    builtin = builtin_copy(tmp_path)
    unlink_into_copy(builtin / SERVICE)
    (builtin / SERVICE / "2031-01-01").symlink_to(Path(BUILTIN) / SERVICE / "2012-08-10")
    assert not trimmed(create_client(Config(), builtin_dir=str(builtin)))
    assert "API versions" in fallbacks()[0]


def test_credentials_from_elsewhere_than_the_environment_fall_back(
    offline: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    fallbacks: Callable[[], list[str]],
) -> None:  # fmt: skip
    # A profile may assume a role or use SSO: botocore would then create an STS or SSO client
    # on the same session, and those services are not in the trimmed data.
    credentials = tmp_path / "credentials"
    credentials.write_text("[default]\naws_access_key_id = a\naws_secret_access_key = b\n")
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    client = create_client(Config())
    assert not trimmed(client)
    assert "environment" in fallbacks()[0]


def test_extra_model_folders_fall_back(
    offline: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    fallbacks: Callable[[], list[str]],
) -> None:  # fmt: skip
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))
    assert not trimmed(create_client(Config()))
    assert "data path" in fallbacks()[0]


def test_customer_models_fall_back(
    offline: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    fallbacks: Callable[[], list[str]],
) -> None:  # fmt: skip
    monkeypatch.setattr(Loader, "CUSTOMER_DATA_PATH", str(tmp_path))
    assert not trimmed(create_client(Config()))
    assert str(tmp_path) in fallbacks()[0]
