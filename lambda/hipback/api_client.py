"""The client ask-sdk-core's service clients (timers, reminders, settings) call Alexa through.

It is ask-sdk-core's DefaultApiClient with two changes. Every call has a timeout: the SDK's
client sets none, and a slow Alexa API must never hold a turn past the time Alexa waits for
the answer (about 8 seconds). And the client, with the `requests` library it imports, is
created on the first call rather than at import: most turns call no Alexa API, and a cold
start would otherwise pay for that import every time.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

from ask_sdk_model.services.api_client import ApiClient
from ask_sdk_model.services.api_client_request import ApiClientRequest
from ask_sdk_model.services.api_client_response import ApiClientResponse

# Seconds to connect and to wait for each read; the whole call stays well inside a turn.
CONNECT_TIMEOUT_SECONDS = 1.0
READ_TIMEOUT_SECONDS = 2.5


class BoundedApiClient(ApiClient):
    def __init__(self) -> None:
        self._client: ApiClient | None = None
        self._lock = threading.Lock()

    def invoke(self, request: ApiClientRequest) -> ApiClientResponse:
        return self._default().invoke(request)

    def _default(self) -> ApiClient:
        with self._lock:
            if self._client is None:
                self._client = _timed_client()
            return self._client


def _timed_client() -> ApiClient:
    from ask_sdk_core.api_client import DefaultApiClient

    from hipback.logs import keep_secrets_out_of_logs

    keep_secrets_out_of_logs()  # the import above made urllib3's loggers

    class TimedApiClient(DefaultApiClient):
        def _resolve_method(self, request: ApiClientRequest) -> Callable[..., Any]:
            method = super()._resolve_method(request)
            return functools.partial(
                method, timeout=(CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS)
            )

    return TimedApiClient()
