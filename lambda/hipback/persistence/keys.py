"""The storage key: a salted hash of the Alexa user ID, never the ID itself.

The key is HMAC-SHA256 of the user ID with `USER_ID_SALT` as the secret, in hex, so a stored key
cannot be linked back to an Alexa account without the salt. Off Lambda (a laptop, the simulator,
tests) the public `DEV_SALT` stands in; a deployment sets its own secret salt, and changing it
orphans every stored profile (they expire by TTL).
"""

from ask_sdk_model.request_envelope import RequestEnvelope

from hipback.persistence.errors import MissingUserId

DEV_SALT = "hipback-development-salt-do-not-use-in-production"


def alexa_user_id(request_envelope: RequestEnvelope) -> str:
    """The user ID from `context.System.user`, else from `session.user` (skill events such as
    `AlexaSkillEvent.SkillDisabled` have no session)."""
    context = request_envelope.context
    system = context.system if context is not None else None
    if system is not None and system.user is not None and system.user.user_id:
        return str(system.user.user_id)
    session = request_envelope.session
    if session is not None and session.user is not None and session.user.user_id:
        return str(session.user.user_id)
    raise MissingUserId("the request has no user ID")


def storage_key(user_id: str, salt: str) -> str:
    # Imported here: hashlib loads OpenSSL, over 3 MB of memory that a turn needing no
    # storage (a one-shot question) should not pay for.
    import hashlib
    import hmac

    return hmac.new(salt.encode(), user_id.encode(), hashlib.sha256).hexdigest()
