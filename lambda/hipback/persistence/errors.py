"""Errors of the profile stores. Their messages never contain a user ID or a storage key."""


class StorageError(Exception):
    """The store could not serve a read, write or delete."""


class MissingUserId(StorageError):
    """The request carries no Alexa user ID, so there is nothing to key a profile on."""


class ForgetFailed(StorageError):
    """A SkillDisabled event's delete did not happen: the invocation must fail, not succeed."""


class ConfigurationError(Exception):
    """The deployment's settings are unsafe to run with."""


def error_code(error: BaseException) -> str | None:
    """The service error code of a botocore ClientError, read without importing botocore."""
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        details = response.get("Error")
        code = details.get("Code") if isinstance(details, dict) else None
        return code if isinstance(code, str) else None
    return None


def log_safe_kind(error: BaseException) -> str:
    """A log-safe description: the error's type and service code, never its message, which may
    quote request data."""
    code = error_code(error)
    return f"{type(error).__name__} {code}" if code else type(error).__name__
