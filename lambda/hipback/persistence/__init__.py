"""Persistence: the user's profile (visits, answer style), never symptoms.

Handlers use the `ProfileService` from `make_profiles()`, built once per container. Importing this
package imports neither botocore nor sqlite3; each store's module is imported when it is chosen.
"""

from typing import TYPE_CHECKING

from hipback.persistence.dynamodb import IAM_ACTIONS, DynamoDbStore
from hipback.persistence.errors import (
    ConfigurationError,
    ForgetFailed,
    MissingUserId,
    StorageError,
)
from hipback.persistence.factory import make_profiles
from hipback.persistence.profile import ProfileService
from hipback.persistence.record import STYLES, Change, Profile

if TYPE_CHECKING:
    from hipback.persistence.sqlite import SqliteStore

__all__ = [
    "IAM_ACTIONS",
    "STYLES",
    "Change",
    "ConfigurationError",
    "DynamoDbStore",
    "ForgetFailed",
    "MissingUserId",
    "Profile",
    "ProfileService",
    "SqliteStore",
    "StorageError",
    "make_profiles",
]


def __getattr__(name: str) -> object:
    # sqlite3 is a megabyte of memory that a Lambda with DynamoDB never uses.
    if name == "SqliteStore":
        from hipback.persistence.sqlite import SqliteStore

        return SqliteStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
