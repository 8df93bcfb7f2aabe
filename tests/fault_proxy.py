"""A DynamoDB endpoint on 127.0.0.1 that passes requests to dynalite or fails them on cue.

The skill's real botocore client talks to it over HTTP, so retries, timeouts and error parsing
are botocore's own. A test sets `proxy.faults` to decide, per operation (GetItem, PutItem,
UpdateItem), what goes wrong:

- `error`: a DynamoDB-style JSON error (`__type` and `message`) with its HTTP status;
- `slow`: wait, then pass the request on;
- `hang`: wait far past the client's read timeout;
- `close`: close the connection without a response;
- `garbage`: answer 200 with a body that is not JSON;
- `trickle`: pass the request on, then send the answer one byte every `seconds`: each socket
  read is quick, so botocore's read timeout never fires, and only a deadline ends the wait.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#"


@dataclass(frozen=True)
class Fault:
    kind: str  # error, slow, hang, close, garbage, trickle
    status: int = 400
    code: str = ""
    seconds: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        if self.kind == "error":
            return f"{self.code} ({self.status})" + (" retry-after" if self.headers else "")
        if self.kind in ("slow", "hang", "trickle"):
            return f"{self.kind} {self.seconds:g}s"
        return self.kind


def error(code: str, status: int = 400, headers: dict[str, str] | None = None) -> Fault:
    return Fault("error", status=status, code=code, headers=headers or {})


THROTTLED = error("ProvisionedThroughputExceededException")
THROTTLING = error("ThrottlingException")
INTERNAL = error("InternalServerError", 500)
UNAVAILABLE = error("ServiceUnavailable", 503)
LIMIT = error("RequestLimitExceeded")
NOT_FOUND = error("ResourceNotFoundException")
ACCESS_DENIED = error("AccessDeniedException")
VALIDATION = error("ValidationException")
SLOW = Fault("slow", seconds=0.4)
HANG = Fault("hang", seconds=4.0)
CLOSE = Fault("close")
GARBAGE = Fault("garbage")
TRICKLE = Fault("trickle", seconds=0.3)

# Decides the fault for one request: (operation, how many of this operation came before).
FaultPlan = Callable[[str, int], Fault | None]


def no_faults(operation: str, seen: int) -> Fault | None:
    return None


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # A client that gave up (its read timeout) leaves a broken pipe: expected here.
        return


class FaultProxy:
    def __init__(self, upstream: str) -> None:
        self.upstream = urlsplit(upstream)
        self.faults: FaultPlan = no_faults
        self.injected: Counter[str] = Counter()
        self.requests: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                proxy._serve(self)

            def log_message(self, format: str, *args: object) -> None:
                return  # keep test output quiet

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        # Polled often, so that stopping the proxy does not wait half a second (the default).
        self.thread = threading.Thread(
            target=self.server.serve_forever, args=(0.02,), daemon=True
        )

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length)
        operation = (request.headers.get("X-Amz-Target") or "").rpartition(".")[2]
        with self._lock:
            seen = self.requests[operation]
            self.requests[operation] += 1
            fault = self.faults(operation, seen)
            if fault is not None:
                self.injected[f"{operation}: {fault.label}"] += 1
        if fault is None:
            self._pass_on(request, body)
        elif fault.kind == "error":
            payload = {"__type": ERROR_PREFIX + fault.code, "message": "injected by the test"}
            self._reply(request, fault.status, json.dumps(payload).encode(), fault.headers)
        elif fault.kind == "slow":
            time.sleep(fault.seconds)
            self._pass_on(request, body)
        elif fault.kind == "trickle":
            self._pass_on(request, body, trickle=fault.seconds)
        elif fault.kind == "hang":
            # Wake early when the proxy stops, so no thread outlives the test for long.
            self._stopping.wait(fault.seconds)
            request.close_connection = True
        elif fault.kind == "close":
            request.close_connection = True
            request.connection.close()
        else:
            self._reply(request, 200, b"<html>not json", {})

    def _pass_on(self, request: BaseHTTPRequestHandler, body: bytes, trickle: float = 0.0) -> None:
        headers = {
            name: value
            for name, value in request.headers.items()
            if name.lower() not in ("host", "connection")
        }
        upstream = http.client.HTTPConnection(
            self.upstream.hostname or "127.0.0.1", self.upstream.port, timeout=10
        )
        try:
            upstream.request("POST", "/", body=body, headers=headers)
            answer = upstream.getresponse()
            payload = answer.read()
            passed = {
                name: value
                for name, value in answer.getheaders()
                if name.lower() in ("content-type", "x-amzn-requestid", "x-amz-crc32")
            }
            self._reply(request, answer.status, payload, passed, self._stopping, trickle)
        finally:
            upstream.close()

    @staticmethod
    def _reply(
        request: BaseHTTPRequestHandler,
        status: int,
        payload: bytes,
        headers: dict[str, str],
        stopping: threading.Event | None = None,
        trickle: float = 0.0,
    ) -> None:
        request.send_response(status)
        request.send_header("Content-Type", "application/x-amz-json-1.0")
        for name, value in headers.items():
            if name.lower() != "content-type":
                request.send_header(name, value)
        request.send_header("Content-Length", str(len(payload)))
        request.end_headers()
        if not trickle:
            request.wfile.write(payload)
            return
        request.wfile.flush()
        for index in range(len(payload)):
            if stopping is not None and stopping.wait(trickle):
                return
            try:
                request.wfile.write(payload[index : index + 1])
                request.wfile.flush()
            except OSError:  # the client gave up
                return

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@contextmanager
def fault_proxy(upstream: str) -> Iterator[FaultProxy]:
    proxy = FaultProxy(upstream)
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()
