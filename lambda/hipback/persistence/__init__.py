"""Persistence: the user's profile (visits, answer style), never symptoms.

Handlers use `ProfileService` with the adapter from `make_adapter()`, built once per container.
Importing this package does not import boto3, nor sqlite3 until `SqliteAdapter` is used.
"""

from typing import TYPE_CHECKING

from hipback.persistence.dynamodb import IAM_ACTIONS, DynamoDbAdapter
from hipback.persistence.errors import MissingUserId, StorageError, VersionConflict
from hipback.persistence.factory import make_adapter
from hipback.persistence.profile import Profile, ProfileService
from hipback.persistence.record import STYLES

if TYPE_CHECKING:
    from hipback.persistence.sqlite import SqliteAdapter

__all__ = [
    "IAM_ACTIONS",
    "STYLES",
    "DynamoDbAdapter",
    "MissingUserId",
    "Profile",
    "ProfileService",
    "SqliteAdapter",
    "StorageError",
    "VersionConflict",
    "make_adapter",
]


def __getattr__(name: str) -> object:
    # sqlite3 is a megabyte of memory that a Lambda with DynamoDB never uses (scripts/bench.py).
    if name == "SqliteAdapter":
        from hipback.persistence.sqlite import SqliteAdapter

        return SqliteAdapter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
