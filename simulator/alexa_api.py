"""Alexa's service APIs on your desk: Timers, Reminders and the device's time zone setting.

The skill calls Alexa's APIs through ask-sdk-core's service clients, at the `apiEndpoint` and
with the `apiAccessToken` of the request envelope. The simulator starts this server on a
loopback port and puts its address and token in the envelopes, so those calls work with no
Amazon account and can be inspected afterwards.

It answers as Alexa documents: 401 when the token is wrong or the user has not granted the
permission the API needs, 400 with a message when a body is malformed, and what it created
otherwise. A body is read with ask-sdk-model's own classes (the types the SDK sends), every
key must survive that reading (a misspelt or unknown key is an error, where the SDK's reader
would drop it silently) and the fields Alexa requires must be there.

The server speaks HTTPS, as Alexa does: ask-sdk-core's DefaultApiClient refuses anything else.
Its certificate is made for 127.0.0.1 on start (with the `openssl` command) and trusted through
requests' standard variable REQUESTS_CA_BUNDLE while the server runs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import ssl
import subprocess
import tempfile
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

TIMERS_SCOPE = "alexa::alerts:timers:skill:readwrite"
REMINDERS_SCOPE = "alexa::alerts:reminders:skill:readwrite"
# What `--grant` accepts, and the scope each name stands for.
SCOPES = {"timers": TIMERS_SCOPE, "reminders": REMINDERS_SCOPE}
TIMERS_PATH = "/v1/alerts/timers"
REMINDERS_PATH = "/v1/alerts/reminders"
TIME_ZONE_PATH = re.compile(r"^/v2/devices/[^/]+/settings/System\.timeZone$")
TOKEN = "sim-api-access-token"

TIMER_REQUEST = "ask_sdk_model.services.timer_management.timer_request.TimerRequest"
REMINDER_REQUEST = "ask_sdk_model.services.reminder_management.reminder_request.ReminderRequest"
# ask-sdk-model names a module for AlertInfo.spokenInfo that does not exist (its reader fails
# on any reminder); the class it means is this one.
SPOKEN_INFO = "ask_sdk_model.services.reminder_management.spoken_info.SpokenInfo"

# Fields Alexa requires in each body (the API references), as paths of JSON keys.
TIMER_REQUIRED = (
    ("duration",),
    ("creationBehavior", "displayExperience", "visibility"),
    ("triggeringBehavior", "operation", "type"),
    ("triggeringBehavior", "notificationConfig", "playAudible"),
)
REMINDER_REQUIRED = (
    ("requestTime",),
    ("trigger", "type"),
    ("alertInfo", "spokenInfo", "content"),
)
# A timer lasts from a second to 24 hours, written as an ISO 8601 duration of time.
TIMER_DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$")
MAX_TIMER_SECONDS = 24 * 3600

Json = dict[str, Any]


class InvalidBody(Exception):
    """A request body Alexa would refuse with 400."""


@dataclass(frozen=True)
class ApiCall:
    method: str
    path: str
    body: Any
    status: int = 0  # the HTTP status the server answered with

    def to_json(self) -> Json:
        return {"method": self.method, "path": self.path, "body": self.body, "status": self.status}

    def shown(self) -> str | None:
        """What a person at the keyboard sees of a call that set something, else None."""
        if self.status >= 300 or not isinstance(self.body, dict):
            return None
        if self.path == TIMERS_PATH:
            texts = self.body.get("triggeringBehavior", {}).get("operation", {})
            said = _first_text(texts.get("textToAnnounce"))
            return f"timer set: {_duration_words(str(self.body.get('duration')))}, {said!r}"
        if self.path == REMINDERS_PATH:
            trigger = self.body.get("trigger", {})
            said = _first_text(self.body.get("alertInfo", {}).get("spokenInfo", {}).get("content"))
            when = f"{trigger.get('scheduledTime')} {trigger.get('timeZoneId') or 'UTC'}"
            return f"reminder set: {when}, {said!r}"
        return None


def _first_text(items: Any) -> str:
    if isinstance(items, list) and items and isinstance(items[0], dict):
        return str(items[0].get("text", ""))
    return ""


def _duration_words(duration: str) -> str:
    match = TIMER_DURATION.match(duration)
    if match is None:
        return duration
    parts = zip(match.groups(), ("hour", "minute", "second"), strict=True)
    return ", ".join(f"{int(n)} {unit}{'s' if int(n) != 1 else ''}" for n, unit in parts if n)


@dataclass
class AlexaServices:
    """What Alexa knows about this user and device, and what the skill made there."""

    granted: set[str] = field(default_factory=set)
    time_zone: str | None = "America/New_York"
    # Every API call fails with 500 (a device without timers, an outage): tests of the skill's
    # fallback.
    failing: bool = False
    token: str = TOKEN
    timers: list[Json] = field(default_factory=list)
    reminders: list[Json] = field(default_factory=list)
    calls: list[ApiCall] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def grant(self, *names: str) -> None:
        """Grant permissions by their short names ("timers", "reminders")."""
        for name in names:
            self.granted.add(SCOPES[name])

    def calls_since(self, count: int) -> list[ApiCall]:
        with self.lock:
            return list(self.calls[count:])


def _deserialize(body: Any, type_name: str) -> Any:
    from ask_sdk_core.exceptions import SerializationException
    from ask_sdk_core.serialize import DefaultSerializer

    try:
        return DefaultSerializer().deserialize(json.dumps(body), type_name)
    except SerializationException as error:
        raise InvalidBody(str(error)) from None


def _round_trip(body: Any, type_name: str) -> None:
    """The body read with ask-sdk-model's class, which must give back every key it had."""
    from ask_sdk_core.serialize import DefaultSerializer

    again = DefaultSerializer().serialize(_deserialize(body, type_name))
    if again != body:
        raise InvalidBody(f"not a {type_name.rsplit('.', 1)[-1]}: {_difference(body, again)}")


def _difference(sent: Any, read: Any, where: str = "") -> str:
    if isinstance(sent, dict) and isinstance(read, dict):
        for key in sent:
            if key not in read:
                return f"unknown or invalid field {where}{key}"
            found = _difference(sent[key], read[key], f"{where}{key}.")
            if found:
                return found
        return ""
    if isinstance(sent, list) and isinstance(read, list) and len(sent) == len(read):
        for index, (one, other) in enumerate(zip(sent, read, strict=True)):
            found = _difference(one, other, f"{where}{index}.")
            if found:
                return found
        return ""
    return "" if sent == read else f"invalid value at {where.rstrip('.')}: {sent!r}"


def _require(body: Json, paths: tuple[tuple[str, ...], ...]) -> None:
    for path in paths:
        node: Any = body
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if node is None or node == [] or node == "":
            raise InvalidBody(f"missing required field {'.'.join(path)}")


def validate_timer(body: Any) -> None:
    """Raise InvalidBody unless `body` is a TimerRequest Alexa would accept."""
    if not isinstance(body, dict):
        raise InvalidBody("the body is not a JSON object")
    _round_trip(body, TIMER_REQUEST)
    _require(body, TIMER_REQUIRED)
    match = TIMER_DURATION.match(str(body["duration"]))
    seconds = 0
    if match is not None:
        hours, minutes, secs = (int(part or 0) for part in match.groups())
        seconds = hours * 3600 + minutes * 60 + secs
    if not 0 < seconds <= MAX_TIMER_SECONDS:
        raise InvalidBody(f"invalid duration {body['duration']!r}")
    operation = body["triggeringBehavior"]["operation"]
    if operation["type"] == "ANNOUNCE":
        _texts(operation.get("textToAnnounce"), "textToAnnounce")


def validate_reminder(body: Any) -> None:
    """Raise InvalidBody unless `body` is a ReminderRequest Alexa would accept."""
    if not isinstance(body, dict):
        raise InvalidBody("the body is not a JSON object")
    _require(body, REMINDER_REQUIRED)
    alert = body["alertInfo"]
    rest = {**body, "alertInfo": {k: v for k, v in alert.items() if k != "spokenInfo"}}
    _round_trip(rest, REMINDER_REQUEST)
    _round_trip(alert["spokenInfo"], SPOKEN_INFO)
    _texts(alert["spokenInfo"]["content"], "alertInfo.spokenInfo.content")
    trigger = body["trigger"]
    if trigger["type"] == "SCHEDULED_ABSOLUTE" and not trigger.get("scheduledTime"):
        raise InvalidBody("missing required field trigger.scheduledTime")
    if trigger["type"] == "SCHEDULED_RELATIVE" and not trigger.get("offsetInSeconds"):
        raise InvalidBody("missing required field trigger.offsetInSeconds")


def _texts(items: Any, where: str) -> None:
    if not isinstance(items, list) or not items:
        raise InvalidBody(f"missing required field {where}")
    for item in items:
        if not isinstance(item, dict) or not item.get("locale") or not item.get("text"):
            raise InvalidBody(f"{where} needs a locale and a text in every item")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    # Seconds a connection may stay silent (socketserver sets it on the socket).
    timeout = 10

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the simulator shows the calls itself."""

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def _serve(self, method: str) -> None:
        services = self.server.services
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        status, answer = self._answer(method, body)
        with services.lock:
            services.calls.append(ApiCall(method, self.path, body, status))
        data = json.dumps(answer).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _answer(self, method: str, body: Any) -> tuple[int, Any]:
        services = self.server.services
        if self.headers.get("Authorization") != f"Bearer {services.token}":
            return 401, {"code": "UNAUTHORIZED", "message": "Invalid or missing access token"}
        if method == "GET" and TIME_ZONE_PATH.match(self.path):
            if services.failing or services.time_zone is None:
                return 500, {"code": "INTERNAL_ERROR", "message": "Setting not available"}
            return 200, services.time_zone
        routes = {
            TIMERS_PATH: (TIMERS_SCOPE, _create_timer),
            REMINDERS_PATH: (REMINDERS_SCOPE, _create_reminder),
        }
        if method != "POST" or self.path not in routes:
            return 404, {"code": "NOT_FOUND", "message": f"No such resource: {self.path}"}
        scope, create = routes[self.path]
        if scope not in services.granted:
            return 401, {"code": "UNAUTHORIZED", "message": f"Permission not granted: {scope}"}
        if services.failing:
            return 500, {"code": "INTERNAL_ERROR", "message": "Service unavailable"}
        try:
            return create(services, body)
        except InvalidBody as error:
            return 400, {"code": "INVALID_REQUEST", "message": str(error)}


def _create_timer(services: AlexaServices, body: Any) -> tuple[int, Json]:
    validate_timer(body)
    created = _now()
    timer = {
        "id": str(uuid.uuid4()),
        "status": "ON",
        "duration": body["duration"],
        "timerLabel": body.get("timerLabel"),
        "createdTime": created,
        "updatedTime": created,
        "triggerTime": created,
    }
    with services.lock:
        services.timers.append({**timer, "request": body})
    return 200, timer


def _create_reminder(services: AlexaServices, body: Any) -> tuple[int, Json]:
    validate_reminder(body)
    created = _now()
    token = str(uuid.uuid4())
    reminder = {
        "alertToken": token,
        "createdTime": created,
        "updatedTime": created,
        "status": "ON",
        "version": "1",
        "href": f"{REMINDERS_PATH}/{token}",
    }
    with services.lock:
        services.reminders.append({**reminder, "request": body})
    return 201, reminder


# How often the server loop looks whether it is asked to stop: close() waits up to this long,
# and the tests and the simulator open and close a server many times (the default is 0.5 s).
POLL_SECONDS = 0.02


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, services: AlexaServices) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.services = services


def _certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with the openssl command."""
    openssl = shutil.which("openssl")
    if openssl is None:
        raise RuntimeError("the Alexa API server needs the openssl command for its certificate")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,digitalSignature,keyCertSign",
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return cert, key


class AlexaApiServer:
    """The services above on https://127.0.0.1:<free port>, in a thread, while open."""

    def __init__(self, services: AlexaServices | None = None) -> None:
        self.services = services or AlexaServices()
        self._directory = Path(tempfile.mkdtemp(prefix="alexa-api-"))
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._saved_bundle: str | None = None

    @property
    def endpoint(self) -> str:
        assert self._server is not None, "the server is not started"
        return f"https://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> AlexaApiServer:
        cert, key = _certificate(self._directory)
        server = _Server(self.services)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        # The TLS handshake happens in each connection's own thread, on its first read: done
        # in accept(), a client that never finished it would block the server loop, and with
        # it shutdown().
        server.socket = context.wrap_socket(
            server.socket, server_side=True, do_handshake_on_connect=False
        )
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, args=(POLL_SECONDS,), daemon=True
        )
        self._thread.start()
        # The skill runs in this process and reaches the server through requests.
        self._saved_bundle = os.environ.get("REQUESTS_CA_BUNDLE")
        os.environ["REQUESTS_CA_BUNDLE"] = str(cert)
        return self

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._saved_bundle is None:
            os.environ.pop("REQUESTS_CA_BUNDLE", None)
        else:
            os.environ["REQUESTS_CA_BUNDLE"] = self._saved_bundle
        shutil.rmtree(self._directory, ignore_errors=True)

    def __enter__(self) -> AlexaApiServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
