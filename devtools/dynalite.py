"""dynalite, the DynamoDB-protocol server from npm, for the persistence tests and the benchmark.

`make test` installs it with `npm ci` (package.json pins it). The tests' fixtures start one
server per test session on 127.0.0.1 and a fresh table per test; `make bench` starts its own.
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

REPO_ROOT = Path(__file__).resolve().parents[1]
CLI = REPO_ROOT / "node_modules" / "dynalite" / "cli.js"
REGION = "us-east-1"
# The key schema of the deployment stack's table (docs/architecture.md): partition key `id`.
KEY_SCHEMA = [{"AttributeName": "id", "KeyType": "HASH"}]
ATTRIBUTE_DEFINITIONS = [{"AttributeName": "id", "AttributeType": "S"}]
START_TIMEOUT_SECONDS = 20.0


class DynaliteUnavailable(RuntimeError):
    """dynalite or Node.js is missing, or the server would not start; the message says which."""


@dataclass
class DynaliteServer:
    process: "subprocess.Popen[bytes]"
    port: int
    log: IO[bytes]

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.log.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_dynalite() -> DynaliteServer:
    if not CLI.is_file():
        raise DynaliteUnavailable(
            f"dynalite is not installed ({CLI} is missing): run `npm ci` in {REPO_ROOT}"
        )
    node = shutil.which("node")
    if node is None:
        raise DynaliteUnavailable("node is not on PATH: dynalite needs Node.js")
    failures = []
    # A free port can be taken between the probe and dynalite's bind: try a few.
    for _ in range(3):
        port = free_port()
        log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server
        process = subprocess.Popen(
            [node, str(CLI), "--host", "127.0.0.1", "--port", str(port),
             "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=REPO_ROOT,
        )
        server = DynaliteServer(process, port, log)
        if _wait_until_listening(server):
            return server
        server.log.seek(0)
        failures.append(server.log.read().decode(errors="replace")[-2000:])
        server.stop()
    raise DynaliteUnavailable("dynalite did not start:\n" + "\n---\n".join(failures))


def _wait_until_listening(server: DynaliteServer) -> bool:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def aws_test_environment(endpoint: str) -> dict[str, str]:
    """Environment that points boto3 at dynalite with dummy credentials, and nowhere else."""
    return {
        "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    }


# Variables that would lead boto3 to other credentials or endpoints than the test's.
AWS_VARIABLES_TO_CLEAR = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL")


def admin_client(endpoint: str) -> Any:
    """A client for the tests' own use (creating and inspecting tables), independent of the
    code under test."""
    import boto3

    return boto3.session.Session().client(
        "dynamodb",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def create_table(client: Any, name: str) -> None:
    client.create_table(
        TableName=name,
        KeySchema=KEY_SCHEMA,
        AttributeDefinitions=ATTRIBUTE_DEFINITIONS,
        BillingMode="PAY_PER_REQUEST",
    )
    client.get_waiter("table_exists").wait(
        TableName=name, WaiterConfig={"Delay": 0.1, "MaxAttempts": 100}
    )
