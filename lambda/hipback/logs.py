"""What the skill's logs may not carry, whoever logs it: storage items, AWS credentials, and
the Alexa ids in the addresses of Alexa's APIs.

Logs never hold a user ID, a symptom or an answer (docs/clinical.md, "Policy"); the skill's own
records name only types and Alexa's enums. botocore's records are another matter.
"""

import logging
import re

# botocore at DEBUG (Lambda's AWS_LAMBDA_LOG_LEVEL sets the root logger) logs request and
# response bodies (the storage key, visit dates), the signing steps and the signed headers (the
# role's session token, its key ID, signatures). Such records are dropped, at every level;
# botocore's other records (endpoints, retries, status lines) stay. urllib3 at DEBUG logs each
# request line, and the settings API's path holds the device ID: such a record is dropped too.
_SECRET = re.compile(
    r"Authorization|X-Amz-Security-Token|Credential=|Signature|StringToSign|CanonicalRequest"
    r"|Response body|Making request for|(?:AKIA|ASIA)[A-Z0-9]{12,}|amzn1\.",
    re.IGNORECASE,
)


class _DropSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a record that cannot be formatted is not worth the risk
            return False
        return _SECRET.search(message) is None


def keep_secrets_out_of_logs() -> None:
    """Filter every botocore and urllib3 logger that exists (a filter does not reach a child
    logger, and the client's creation has imported the modules that log)."""
    names = [
        name
        for name in logging.root.manager.loggerDict
        if name.split(".")[0] in ("botocore", "urllib3")
    ]
    for name in ("botocore", "urllib3", *names):
        logger = logging.getLogger(name)
        if not any(isinstance(existing, _DropSecrets) for existing in logger.filters):
            logger.addFilter(_DropSecrets())
