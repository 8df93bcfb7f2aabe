"""Shared fixtures and the Hypothesis profiles. Keep them generic; helpers live in their own
modules."""

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings

from devtools.dynalite import (
    AWS_VARIABLES_TO_CLEAR,
    DynaliteServer,
    DynaliteUnavailable,
    admin_client,
    aws_test_environment,
    create_table,
    start_dynalite,
)

# How hard the property-based tests try. `make test` (CI) runs `ci`, `make check` runs `dev`;
# pick one with `--hypothesis-profile NAME` or HYPOTHESIS_PROFILE=NAME. `thorough` is for a long
# run before a release, and shrinks what it finds to the smallest failing case.
settings.register_profile(
    "ci",
    max_examples=1000,
    # A whole conversation per example is slow by Hypothesis's measure, and that is expected.
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # Crash cases are kept as JSON in tests/fuzz_regressions/, not in .hypothesis/.
    database=None,
    # Shrinking a whole session can take minutes; the failing requests are printed (note)
    # either way.
    phases=[Phase.explicit, Phase.generate],
)
# The same few examples every time, so that `make check` gives the same verdict in the same
# time on every run (tests/fuzz_regressions/ is replayed by a test of its own); CI's profile keeps
# exploring.
settings.register_profile("dev", settings.get_profile("ci"), max_examples=20, derandomize=True)
settings.register_profile(
    "thorough",
    settings.get_profile("ci"),
    max_examples=20000,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
)


def pytest_configure(config: pytest.Config) -> None:
    # Hypothesis's plugin loads --hypothesis-profile itself, possibly before this file is read;
    # loading a profile here too would undo it.
    if not config.getoption("--hypothesis-profile"):
        settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


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
