"""The production store: one DynamoDB table through botocore's low-level client.

botocore is imported inside the first storage call, never at module import, so a cold start for
a request that needs no storage does not pay for it (Lambda provides botocore). The client is
created once per container, lazily and thread-safely, with short timeouts and one retry; the
turn's deadline (profile.py) bounds each call besides. The endpoint comes from the SDK's own
configuration: `AWS_ENDPOINT_URL_DYNAMODB` (tests: dynalite).

Only the operations in IAM_ACTIONS are used; the deployment stack grants exactly those.
"""

import threading
from collections.abc import Callable
from typing import Any

from hipback.persistence.base import Clock, utc_now
from hipback.persistence.errors import error_code
from hipback.persistence.record import (
    CLEAR,
    DEFAULT_STYLE,
    TOMBSTONE_LIFETIME,
    Change,
    Profile,
    epoch_ms,
    expires_at,
    profile_from,
)

IAM_ACTIONS = ("dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:PutItem")

CONNECT_TIMEOUT_SECONDS = 1
READ_TIMEOUT_SECONDS = 1
# Attempts in all, the first included: one retry. Standard mode backs off DynamoDB's transient
# errors by tens of milliseconds and throttling by up to a second.
MAX_ATTEMPTS = 2

# Not forgotten since the session began; and, for the update, not expired (else replaced).
_NOT_FORGOTTEN = "(attribute_not_exists(forgotten) OR forgotten < :started)"
_LIVE = "(attribute_not_exists(expires) OR expires > :now)"
_EXPIRED = "expires <= :now"

# The low-level client speaks DynamoDB's typed JSON; boto3 is not imported for its types.
DynamoClient = Any
ClientFactory = Callable[[], DynamoClient]


def default_client(endpoint_url: str | None = None) -> DynamoClient:
    """The production client; `endpoint_url` overrides the configured endpoint (tests)."""
    # botocore's own session, not boto3's: a boto3 session adds nothing to a low-level client
    # but its import (resources, collections). Region, credentials and endpoint come from the
    # same places.
    from botocore.config import Config
    from botocore.session import Session

    from hipback.logs import keep_secrets_out_of_logs

    config = Config(
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        read_timeout=READ_TIMEOUT_SECONDS,
        retries={"total_max_attempts": MAX_ATTEMPTS, "mode": "standard"},
    )
    client = Session().create_client("dynamodb", config=config, endpoint_url=endpoint_url)
    # Runs before botocore's retry handler, which would honour a retry-after hint for up to
    # five seconds more than its own backoff: too long for a turn (tests/test_storage_faults).
    client.meta.events.register_first("needs-retry.dynamodb", _ignore_retry_after)
    keep_secrets_out_of_logs()  # the client's creation imported the modules that log
    return client


def _ignore_retry_after(response: Any = None, **_: Any) -> None:
    http_response = response[0] if isinstance(response, tuple) and response else None
    headers = getattr(http_response, "headers", None)
    if headers is not None:
        headers.pop("x-amz-retry-after", None)


class DynamoDbStore:
    def __init__(
        self,
        table_name: str,
        client_factory: ClientFactory = default_client,
        clock: Clock = utc_now,
    ) -> None:
        self.table_name = table_name
        self._client_factory = client_factory
        self._clock = clock
        self._client_instance: DynamoClient | None = None
        self._client_lock = threading.Lock()

    @property
    def client(self) -> DynamoClient:
        """The container's one client, created on first use."""
        with self._client_lock:
            if self._client_instance is None:
                self._client_instance = self._client_factory()
            return self._client_instance

    def read(self, key: str) -> Profile:
        response = self.client.get_item(
            TableName=self.table_name, Key={"id": {"S": key}}, ConsistentRead=True
        )
        item = {name: _decode(value) for name, value in response.get("Item", {}).items()}
        return profile_from(item, self._clock())

    def update(self, key: str, change: Change) -> bool:
        """Add to the live item; replace an expired one; refuse after a forget."""
        now = self._clock()
        values = {
            ":expires": {"N": str(expires_at(now))},
            ":now": {"N": str(int(now.timestamp()))},
            ":started": {"N": str(change.started_ms)},
        }
        sets, adds = ["expires = :expires"], ""
        if change.visit_day:
            values |= {":day": {"S": change.visit_day}, ":one": {"N": "1"}}
            sets += ["last_visit = :day", "first_visit = if_not_exists(first_visit, :day)"]
            adds = " ADD visits :one"
        removes = ""
        if change.check_in:
            values[":check_in"] = {"S": change.check_in}
            sets.append("check_in = :check_in")
        elif change.check_in == CLEAR:
            removes = " REMOVE check_in"
        values[":style"] = {"S": change.style or DEFAULT_STYLE}
        # STYLE is one of DynamoDB's reserved words, hence #style.
        sets.append("#style = :style" if change.style else "#style = if_not_exists(#style, :style)")
        if self._conditional(
            "update_item",
            Key={"id": {"S": key}},
            UpdateExpression="SET " + ", ".join(sets) + removes + adds,
            ConditionExpression=f"{_NOT_FORGOTTEN} AND {_LIVE}",
            ExpressionAttributeNames={"#style": "style"},
            ExpressionAttributeValues=values,
        ):
            return True
        return self._conditional(
            "put_item",
            Item={"id": {"S": key}} | _fresh_item(change, values[":expires"]),
            ConditionExpression=f"{_NOT_FORGOTTEN} AND {_EXPIRED}",
            ExpressionAttributeValues={name: values[name] for name in (":now", ":started")},
        )

    def forget(self, key: str) -> None:
        now = self._clock()
        self.client.put_item(
            TableName=self.table_name,
            Item={
                "id": {"S": key},
                "expires": {"N": str(expires_at(now, TOMBSTONE_LIFETIME))},
                "forgotten": {"N": str(epoch_ms(now))},
            },
        )

    def _conditional(self, operation: str, **request: Any) -> bool:
        try:
            getattr(self.client, operation)(TableName=self.table_name, **request)
        except Exception as error:
            if error_code(error) == "ConditionalCheckFailedException":
                return False
            raise
        return True


def _fresh_item(change: Change, expires: dict[str, str]) -> dict[str, dict[str, str]]:
    item = {
        "visits": {"N": "1" if change.visit_day else "0"},
        "style": {"S": change.style or DEFAULT_STYLE},
        "expires": expires,
    }
    if change.visit_day:
        item |= {"first_visit": {"S": change.visit_day}, "last_visit": {"S": change.visit_day}}
    if change.check_in:
        item["check_in"] = {"S": change.check_in}
    return item


def _decode(value: dict[str, Any]) -> object:
    """Plain Python for the scalar types a profile uses; numbers as strings, never float."""
    if "S" in value:
        return str(value["S"])
    if "N" in value:
        return str(value["N"])
    return None
