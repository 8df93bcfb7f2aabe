"""What both stores share on top of the SDK's persistence adapter contract.

Contract (ask_sdk_core's AbstractPersistenceAdapter), with these semantics:
- `get_attributes(envelope)` returns the stored attributes (see `record.stored_attributes`), or
  {} when the user has no item.
- `save_attributes(envelope, attributes)` writes only if the item still has
  `attributes["version"]` (0: there must be no item) and stores version + 1; otherwise it raises
  `VersionConflict`. Attributes other than the profile's raise ValueError.
- `delete_attributes(envelope)` removes the user's item (no error when there is none).
"""

from collections.abc import Callable
from datetime import UTC, datetime

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_model.request_envelope import RequestEnvelope

from hipback.persistence.keys import DEV_SALT, alexa_user_id, storage_key


def utc_now() -> datetime:
    return datetime.now(UTC)


class ProfileAdapter(AbstractPersistenceAdapter):
    def __init__(self, salt: str = DEV_SALT, clock: Callable[[], datetime] = utc_now) -> None:
        self._salt = salt
        self._clock = clock

    def key(self, request_envelope: RequestEnvelope) -> str:
        return storage_key(alexa_user_id(request_envelope), self._salt)
