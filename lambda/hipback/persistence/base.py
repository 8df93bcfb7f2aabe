"""What the profile service asks of a store, and what both stores (SQLite, DynamoDB) guarantee.

The SDK's AbstractPersistenceAdapter reads the whole item and writes it back, which loses one
device's update to another's and lets a session that began before a forget write the deleted
profile back. A store here applies each session's change in one conditional statement instead:

- `read(key)` returns the stored profile (the default one when there is none);
- `update(key, change)` adds the visit and sets the style atomically, creating the item if need
  be, and refuses (returns False) when the user asked to be forgotten after the session began;
- `forget(key)` replaces the item by a tombstone holding only the forget's instant, for a day.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol

from hipback.persistence.record import Change, Profile


def utc_now() -> datetime:
    return datetime.now(UTC)


Clock = Callable[[], datetime]


class ProfileStore(Protocol):
    def read(self, key: str) -> Profile: ...

    def update(self, key: str, change: Change) -> bool: ...

    def forget(self, key: str) -> None: ...
