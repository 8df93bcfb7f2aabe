"""Helpers for the persistence tests: real Alexa request envelopes, counting and failing
stores, and servers that refuse or never answer."""

import json
import socket
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.request_envelope import RequestEnvelope

from hipback.deadline import Deadline
from hipback.persistence import Change, Profile, ProfileService
from hipback.persistence.base import ProfileStore

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
    service.load(envelope(user_id), attrs, Deadline(5))
    service.record_visit(attrs)
    if style is not None:
        service.set_style(attrs, style)
    service.flush(envelope(user_id, "SessionEndedRequest"), attrs, Deadline(5))
    return attrs


def skill_disabled(user_id: str) -> RequestEnvelope:
    """The `AlexaSkillEvent.SkillDisabled` event: no session, the user only in the context."""
    return envelope(user_id, "AlexaSkillEvent.SkillDisabled", with_session=False)


class CountingStore:
    """Delegates to a real store and counts the calls by kind."""

    def __init__(self, inner: ProfileStore) -> None:
        self.inner = inner
        self.calls: Counter[str] = Counter()
        self._lock = threading.Lock()

    def _count(self, kind: str) -> None:
        with self._lock:
            self.calls[kind] += 1

    def read(self, key: str) -> Profile:
        self._count("read")
        return self.inner.read(key)

    def update(self, key: str, change: Change) -> bool:
        self._count("write")
        return self.inner.update(key, change)

    def forget(self, key: str) -> None:
        self._count("delete")
        self.inner.forget(key)


class FailingStore:
    """A store whose every call fails, as a broken backend would; `failures` calls fail
    (all of them when None), the rest go to `inner`."""

    def __init__(
        self, error: Exception, inner: ProfileStore | None = None, failures: int | None = None
    ) -> None:
        self.error = error
        self.inner = inner
        self.failures = failures
        self.calls = 0

    def _fail(self) -> None:
        self.calls += 1
        if self.inner is None or self.failures is None or self.calls <= self.failures:
            raise self.error

    def read(self, key: str) -> Profile:
        self._fail()
        assert self.inner is not None
        return self.inner.read(key)

    def update(self, key: str, change: Change) -> bool:
        self._fail()
        assert self.inner is not None
        return self.inner.update(key, change)

    def forget(self, key: str) -> None:
        self._fail()
        assert self.inner is not None
        self.inner.forget(key)


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
