"""Persistence: the user's profile (visits, answer style), never symptoms.

Handlers use `ProfileService` with the adapter from `make_adapter()`, built once per container.
Importing this package does not import boto3.
"""

from hipback.persistence.dynamodb import IAM_ACTIONS, DynamoDbAdapter
from hipback.persistence.errors import MissingUserId, StorageError, VersionConflict
from hipback.persistence.factory import make_adapter
from hipback.persistence.profile import Profile, ProfileService
from hipback.persistence.record import STYLES
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
