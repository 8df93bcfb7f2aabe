"""The storage key: a salted hash of the Alexa user ID, never the ID itself.

The key is HMAC-SHA256 of the user ID with `USER_ID_SALT` as the secret, in hex. Without the salt
a stored key cannot be linked back to an Alexa account. When `USER_ID_SALT` is unset (a laptop,
the simulator, tests) `DEV_SALT` is used; a deployment must set its own secret salt, and changing
it orphans every stored profile (they expire by TTL).

The HMAC is computed here (RFC 2104) on CPython's built-in SHA-256 rather than through `hmac` and
`hashlib`, which load OpenSSL: about 3.5 MB of memory and 4 ms of every cold start that reads a
profile from the embedded store (scripts/bench.py). The digest is the same; tests compare it
with `hmac.new(salt, user_id, hashlib.sha256)`.
"""

import importlib
from collections.abc import Callable
from functools import cache
from typing import Any

from ask_sdk_model.request_envelope import RequestEnvelope

from hipback.persistence.errors import MissingUserId

DEV_SALT = "hipback-development-salt-do-not-use-in-production"


def alexa_user_id(request_envelope: RequestEnvelope) -> str:
    """The user ID from `context.System.user`, else from `session.user`.

    Skill events such as `AlexaSkillEvent.SkillDisabled` have no session, so the context comes
    first.
    """
    context = request_envelope.context
    system = context.system if context is not None else None
    if system is not None and system.user is not None and system.user.user_id:
        return str(system.user.user_id)
    session = request_envelope.session
    if session is not None and session.user is not None and session.user.user_id:
        return str(session.user.user_id)
    raise MissingUserId("the request has no user ID")


def storage_key(user_id: str, salt: str) -> str:
    return hmac_sha256(salt.encode("utf-8"), user_id.encode("utf-8")).hex()


_BLOCK_SIZE = 64  # SHA-256's block size in bytes
_INNER_PAD = bytes(byte ^ 0x36 for byte in range(256))
_OUTER_PAD = bytes(byte ^ 0x5C for byte in range(256))


def hmac_sha256(key: bytes, message: bytes) -> bytes:
    sha256 = _sha256()
    if len(key) > _BLOCK_SIZE:
        key = sha256(key).digest()
    key = key.ljust(_BLOCK_SIZE, b"\0")
    inner: bytes = sha256(key.translate(_INNER_PAD) + message).digest()
    outer: bytes = sha256(key.translate(_OUTER_PAD) + inner).digest()
    return outer


@cache
def _sha256() -> Callable[[bytes], Any]:
    # The built-in module is _sha2 from CPython 3.12 and _sha256 before; hashlib (OpenSSL) only
    # if a build has neither.
    for module, name in (("_sha2", "sha256"), ("_sha256", "sha256"), ("hashlib", "sha256")):
        try:
            constructor: Callable[[bytes], Any] = getattr(importlib.import_module(module), name)
        except ImportError:
            continue
        return constructor
    raise ImportError("no SHA-256 implementation")
