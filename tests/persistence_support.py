"""Helpers for the persistence tests: real Alexa request envelopes, counting and failing
adapters, and servers that refuse or never answer."""

import json
import socket
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.request_envelope import RequestEnvelope

from hipback.persistence import ProfileService

APPLICATION_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"


def new_user_id() -> str:
    return "amzn1.ask.account." + uuid.uuid4().hex.upper() * 3


def envelope(
    user_id: str,
    request_type: str = "LaunchRequest",
    *,
    with_session: bool = True,
    context_user: bool = True,
) -> RequestEnvelope:
    """A request envelope as Alexa sends it, deserialized by the SDK."""
    request: dict[str, Any] = {
        "type": request_type,
        "requestId": "amzn1.echo-api.request." + uuid.uuid4().hex,
        "timestamp": "2025-06-01T10:00:00Z",
        "locale": "en-US",
    }
    if request_type == "SessionEndedRequest":
        request["reason"] = "USER_INITIATED"
    system: dict[str, Any] = {
        "application": {"applicationId": APPLICATION_ID},
        "apiEndpoint": "https://api.amazonalexa.com",
    }
    if context_user:
        system["user"] = {"userId": user_id}
    body: dict[str, Any] = {"version": "1.0", "context": {"System": system}, "request": request}
    if with_session:
        body["session"] = {
            "new": request_type == "LaunchRequest",
            "sessionId": "amzn1.echo-api.session." + uuid.uuid4().hex,
            "application": {"applicationId": APPLICATION_ID},
            "user": {"userId": user_id},
            "attributes": {},
        }
    result: RequestEnvelope = DefaultSerializer().deserialize(json.dumps(body), RequestEnvelope)
    return result


def session(
    service: ProfileService, user_id: str, *, style: str | None = None
) -> dict[str, object]:
    """One ordinary session: load on launch, count the visit, maybe set a style, flush at the
    end. Returns the session attributes."""
    attrs: dict[str, object] = {}
    service.load(envelope(user_id), attrs)
    service.record_visit(attrs)
    if style is not None:
        service.set_style(attrs, style)
    service.flush(envelope(user_id, "SessionEndedRequest"), attrs)
    return attrs


def skill_disabled(user_id: str) -> RequestEnvelope:
    """The `AlexaSkillEvent.SkillDisabled` event: no session, the user only in the context."""
    return envelope(user_id, "AlexaSkillEvent.SkillDisabled", with_session=False)


class CountingAdapter(AbstractPersistenceAdapter):
    """Delegates to a real adapter and counts the calls by kind."""

    def __init__(self, inner: AbstractPersistenceAdapter) -> None:
        self.inner = inner
        self.calls: Counter[str] = Counter()
        self._lock = threading.Lock()

    def _count(self, kind: str) -> None:
        with self._lock:
            self.calls[kind] += 1

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, object]:
        self._count("read")
        result: dict[str, object] = self.inner.get_attributes(request_envelope)
        return result

    def save_attributes(
        self, request_envelope: RequestEnvelope, attributes: dict[str, object]
    ) -> None:
        self._count("write")
        self.inner.save_attributes(request_envelope, attributes)

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        self._count("delete")
        self.inner.delete_attributes(request_envelope)


class FailingAdapter(AbstractPersistenceAdapter):
    """A store whose every call fails, as a broken backend would."""

    def __init__(self, error: Exception) -> None:
        self.error = error
        self.calls = 0

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, object]:
        self.calls += 1
        raise self.error

    def save_attributes(
        self, request_envelope: RequestEnvelope, attributes: dict[str, object]
    ) -> None:
        self.calls += 1
        raise self.error

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        self.calls += 1
        raise self.error


def closed_port() -> int:
    """A loopback port with nothing listening (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextmanager
def silent_server() -> Iterator[int]:
    """A loopback server that accepts connections and never answers: a hung DynamoDB."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        # Never accept(): the kernel completes the handshakes from the backlog and the
        # request then waits for a response that never comes.
        listener.listen(64)
        yield listener.getsockname()[1]
