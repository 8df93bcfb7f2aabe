"""Choosing the store from the environment (docs/architecture.md, "Configuration").

- `HIPBACK_STORE=none`: no persistence (wins over everything else).
- `DYNAMODB_TABLE_NAME` set: DynamoDB (endpoint override: `AWS_ENDPOINT_URL_DYNAMODB`); on
  Lambda it needs `USER_ID_SALT`, or the skill refuses to start.
- On Lambda (`AWS_LAMBDA_FUNCTION_NAME` set) without a table: no persistence, one warning; a
  Lambda's file system is not a place to keep profiles.
- Otherwise: the embedded SQLite store at `HIPBACK_STORE_PATH` (default `.local/hipback.sqlite3`,
  relative to the working directory).

`USER_ID_SALT` keys the user hash; off Lambda the public development salt stands in for it.
"""

import logging
import os
from collections.abc import Mapping

from hipback.persistence.errors import ConfigurationError
from hipback.persistence.keys import DEV_SALT
from hipback.persistence.profile import ProfileService

logger = logging.getLogger(__name__)


def make_profiles(env: Mapping[str, str] = os.environ) -> ProfileService:
    on_lambda = bool(env.get("AWS_LAMBDA_FUNCTION_NAME"))
    store = env.get("HIPBACK_STORE", "").strip().lower()
    if store == "none":
        return ProfileService(None)
    if store:
        logger.warning("HIPBACK_STORE=%r is not understood; only 'none' is", store)
    salt = env.get("USER_ID_SALT", "")
    table = env.get("DYNAMODB_TABLE_NAME", "").strip()
    # Each store's module is imported only when chosen: sqlite3 costs a DynamoDB cold start
    # a megabyte of memory for nothing.
    if table:
        if on_lambda and not salt:
            # The development salt is public: keys made with it can be linked to user IDs.
            logger.error("USER_ID_SALT is not set: refusing to store profiles with a public salt")
            raise ConfigurationError("USER_ID_SALT must be set when DYNAMODB_TABLE_NAME is")
        from hipback.persistence.dynamodb import DynamoDbStore

        return ProfileService(DynamoDbStore(table), salt=salt or DEV_SALT)
    if on_lambda:
        logger.warning("DYNAMODB_TABLE_NAME is not set: running without persistence")
        return ProfileService(None)
    from hipback.persistence.sqlite import DEFAULT_PATH, SqliteStore

    path = env.get("HIPBACK_STORE_PATH") or DEFAULT_PATH
    return ProfileService(SqliteStore(path), salt=salt or DEV_SALT)
