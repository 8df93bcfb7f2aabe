"""The production store: one DynamoDB table through botocore's low-level client.

botocore is imported inside the first storage call, never at module import, so a cold start for
a request that needs no storage does not pay for it (Lambda provides boto3 and botocore). Build
the adapter once per container; its client is created once, lazily and thread-safely, with
short timeouts and one retry so a failing table costs a turn about two seconds at worst, far
from Alexa's eight. The endpoint comes from the SDK's own configuration:
`AWS_ENDPOINT_URL_DYNAMODB` (tests: dynalite).

Only the operations in IAM_ACTIONS are used; the deployment stack grants exactly those.
"""

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from ask_sdk_model.request_envelope import RequestEnvelope

from hipback.persistence.base import ProfileAdapter, utc_now
from hipback.persistence.errors import VersionConflict, error_code
from hipback.persistence.keys import DEV_SALT
from hipback.persistence.record import expected_version, item_values, stored_attributes

IAM_ACTIONS = ("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem")

CONNECT_TIMEOUT_SECONDS = 1
READ_TIMEOUT_SECONDS = 1
# Attempts in all, the first included: one retry. botocore's `max_attempts` would count
# retries only (2 meant three tries, three seconds against a hung endpoint), hence
# `total_max_attempts`. Standard mode backs off DynamoDB's transient errors by tens of
# milliseconds and throttling by up to a second.
MAX_ATTEMPTS = 2

# The low-level client speaks DynamoDB's typed JSON; boto3 is not imported for its types.
DynamoClient = Any
ClientFactory = Callable[[], DynamoClient]


def default_client(endpoint_url: str | None = None) -> DynamoClient:
    """The production client; `endpoint_url` overrides the configured endpoint (tests)."""
    # botocore's own session, not boto3's: a boto3 session adds nothing to a low-level client
    # but its import (resources, collections), about a tenth of a cold start that reads a
    # profile (scripts/bench.py). Region, credentials and endpoint come from the same places.
    from botocore.config import Config

    # Quick to create (its docstring says how); botocore's default when that is not safe.
    from hipback.persistence.dynamodb_client import create_client

    config = Config(
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        read_timeout=READ_TIMEOUT_SECONDS,
        retries={"total_max_attempts": MAX_ATTEMPTS, "mode": "standard"},
    )
    client = create_client(config, endpoint_url=endpoint_url)
    # Runs before botocore's retry handler, which would honour a retry-after hint for up to
    # five seconds more than its own backoff: too long for a turn (tests/test_storage_faults).
    client.meta.events.register_first("needs-retry.dynamodb", _ignore_retry_after)
    _keep_items_out_of_logs()
    return client


# botocore at DEBUG (Lambda's AWS_LAMBDA_LOG_LEVEL sets the root logger) logs whole request and
# response bodies: the storage key, visit dates and answer style. Those records are dropped;
# botocore's other debug records (endpoints, retries, status lines) stay.
_BODY_RECORDS = {
    "botocore.endpoint": "Making request for",
    "botocore.parsers": "Response body",
}


class _DropBodies(logging.Filter):
    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg.startswith(self.prefix))


def _keep_items_out_of_logs() -> None:
    for name, prefix in _BODY_RECORDS.items():
        logger = logging.getLogger(name)
        if not any(isinstance(existing, _DropBodies) for existing in logger.filters):
            logger.addFilter(_DropBodies(prefix))


def _ignore_retry_after(response: Any = None, **_: Any) -> None:
    http_response = response[0] if isinstance(response, tuple) and response else None
    headers = getattr(http_response, "headers", None)
    if headers is not None:
        headers.pop("x-amz-retry-after", None)


class DynamoDbAdapter(ProfileAdapter):
    def __init__(
        self,
        table_name: str,
        salt: str = DEV_SALT,
        client_factory: ClientFactory = default_client,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(salt, clock)
        self.table_name = table_name
        self._client_factory = client_factory
        self._client_instance: DynamoClient | None = None
        self._client_lock = threading.Lock()

    @property
    def client(self) -> DynamoClient:
        """The container's one client, created on first use."""
        with self._client_lock:
            if self._client_instance is None:
                self._client_instance = self._client_factory()
            return self._client_instance

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, object]:
        key = self.key(request_envelope)
        response = self.client.get_item(
            TableName=self.table_name, Key={"id": {"S": key}}, ConsistentRead=True
        )
        item = {name: _decode(value) for name, value in response.get("Item", {}).items()}
        return stored_attributes(item, self._clock())

    def save_attributes(
        self, request_envelope: RequestEnvelope, attributes: dict[str, object]
    ) -> None:
        key = self.key(request_envelope)
        values = item_values(attributes, self._clock())
        expected = expected_version(values)
        item = {"id": {"S": key}} | {name: _encode(value) for name, value in values.items()}
        condition: dict[str, Any]
        if expected == 0:
            condition = {"ConditionExpression": "attribute_not_exists(id)"}
        else:
            condition = {
                "ConditionExpression": "#version = :expected",
                "ExpressionAttributeNames": {"#version": "version"},
                "ExpressionAttributeValues": {":expected": {"N": str(expected)}},
            }
        try:
            self.client.put_item(TableName=self.table_name, Item=item, **condition)
        except Exception as error:
            if error_code(error) == "ConditionalCheckFailedException":
                raise VersionConflict("the profile changed since it was read") from None
            raise

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        key = self.key(request_envelope)
        self.client.delete_item(TableName=self.table_name, Key={"id": {"S": key}})


def _encode(value: int | str | bool) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, int):
        return {"N": str(value)}
    return {"S": value}


def _decode(value: dict[str, Any]) -> object:
    """Plain Python for the scalar types a profile uses; numbers as Decimal, never float."""
    if "S" in value:
        return str(value["S"])
    if "N" in value:
        return Decimal(value["N"])
    if "BOOL" in value:
        return bool(value["BOOL"])
    return None
