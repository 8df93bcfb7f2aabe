"""Choosing the store from the environment (docs/architecture.md, "Configuration").

- `HIPBACK_STORE=none`: no persistence (wins over everything else).
- `DYNAMODB_TABLE_NAME` set: DynamoDB (endpoint override: `AWS_ENDPOINT_URL_DYNAMODB`).
- On Lambda (`AWS_LAMBDA_FUNCTION_NAME` set) without a table: no persistence, one warning; a
  Lambda's file system is not a place to keep profiles.
- Otherwise: the embedded SQLite store at `HIPBACK_STORE_PATH` (default `.local/hipback.sqlite3`,
  relative to the working directory).

`USER_ID_SALT` keys the user hash; unset, the development salt is used (with a warning on
Lambda, where a deployment should always set its own).
"""

import logging
import os
from collections.abc import Mapping

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from hipback.persistence.keys import DEV_SALT

logger = logging.getLogger(__name__)


def make_adapter(env: Mapping[str, str] = os.environ) -> AbstractPersistenceAdapter | None:
    on_lambda = bool(env.get("AWS_LAMBDA_FUNCTION_NAME"))
    store = env.get("HIPBACK_STORE", "").strip().lower()
    if store == "none":
        return None
    if store:
        logger.warning("HIPBACK_STORE=%r is not understood; only 'none' is", store)
    salt = env.get("USER_ID_SALT") or DEV_SALT
    if on_lambda and salt == DEV_SALT:
        logger.warning("USER_ID_SALT is not set: storage keys use the development salt")
    table = env.get("DYNAMODB_TABLE_NAME", "").strip()
    # Each store's module is imported only when chosen: sqlite3 costs a DynamoDB cold start
    # a megabyte of memory for nothing.
    if table:
        from hipback.persistence.dynamodb import DynamoDbAdapter

        return DynamoDbAdapter(table, salt=salt)
    if on_lambda:
        logger.warning("DYNAMODB_TABLE_NAME is not set: running without persistence")
        return None
    from hipback.persistence.sqlite import DEFAULT_PATH, SqliteAdapter

    return SqliteAdapter(env.get("HIPBACK_STORE_PATH") or DEFAULT_PATH, salt=salt)
