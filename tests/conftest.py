"""Shared fixtures. Keep them generic; helpers live in their own modules."""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from devtools.dynalite import (
    AWS_VARIABLES_TO_CLEAR,
    DynaliteServer,
    DynaliteUnavailable,
    admin_client,
    aws_test_environment,
    create_table,
    start_dynalite,
)


@pytest.fixture(scope="session")
def dynalite_server() -> Iterator[DynaliteServer]:
    """One dynalite process for the test session, stopped by PID at the end."""
    try:
        server = start_dynalite()
    except DynaliteUnavailable as error:
        pytest.fail(str(error))
    try:
        yield server
    finally:
        server.stop()


@dataclass
class DynaliteTable:
    endpoint: str
    table_name: str
    client: Any  # the test's own boto3 client, for inspecting the table


@pytest.fixture
def dynalite(dynalite_server: DynaliteServer, monkeypatch: pytest.MonkeyPatch) -> DynaliteTable:
    """A fresh table on dynalite, with boto3's environment pointing at it for this test.

    Mark tests that use it `@pytest.mark.dynalite`.
    """
    for name in AWS_VARIABLES_TO_CLEAR:
        monkeypatch.delenv(name, raising=False)
    for name, value in aws_test_environment(dynalite_server.endpoint).items():
        monkeypatch.setenv(name, value)
    table_name = f"hipback-test-{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("DYNAMODB_TABLE_NAME", table_name)
    client = admin_client(dynalite_server.endpoint)
    create_table(client, table_name)
    return DynaliteTable(dynalite_server.endpoint, table_name, client)
