"""Creating the DynamoDB client without parsing all of botocore's data.

`Session().create_client("dynamodb")` spends most of its time in botocore's data: it lists every
service folder (twice), parses the whole endpoints.json (every service of every partition) and
the whole DynamoDB model (mostly documentation). aws_data/ holds, generated from the pinned
botocore by scripts/trim_botocore_data.py, endpoints.json with DynamoDB alone and the DynamoDB
model with only the operations the skill uses. The client is created on a loader that sees
aws_data/ only, where:

- a trimmed file stands in for botocore's only when botocore's file is byte for byte the one it
  was cut from (aws_data/manifest.json): the Lambda runtime's botocore is not the pinned one;
- every other file (partitions, the endpoint rule set, defaults, waiters, a newer botocore's
  new files) is botocore's own, read from its data folder;
- the data count as botocore's built-in data, as they are, so endpoint resolution is the same.

Requests, endpoints, retries and errors are botocore's (tests/test_persistence_aws_data.py); the
client only lacks the operations the skill does not use (IAM_ACTIONS) and the model's
documentation (the methods' docstrings).

It is not used, and the client is exactly botocore's default, when the credentials do not come
from the environment (other providers create STS or SSO clients on the same session, and those
services are not in aws_data/), when extra model folders are configured (AWS_DATA_PATH,
~/.aws/models), when botocore knows another DynamoDB API version, or when anything fails on the
way: one debug log, never an error. On Lambda the credentials are environment variables.

This module imports botocore: import it only where a client is needed.
"""

import hashlib
import json
import logging
import os
from typing import Any

from botocore.loaders import JSONFileLoader, Loader
from botocore.session import Session

logger = logging.getLogger(__name__)

SERVICE = "dynamodb"
DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "aws_data")
MANIFEST = "manifest.json"
ENDPOINTS = "endpoints"
# The extensions botocore's JSONFileLoader tries, in its order.
EXTENSIONS = (".json", ".json.gz")


class TrimmedDataUnavailable(Exception):
    """Why the client is created from botocore's own data."""


def create_client(
    config: Any,
    endpoint_url: str | None = None,
    data_dir: str = DATA_DIR,
    builtin_dir: str | None = None,
) -> Any:
    """The DynamoDB client: from aws_data/ when that is safe, else botocore's default.

    Each client has a session of its own: a shared session is not safe from several threads.
    """
    try:
        return trimmed_data_client(
            config, endpoint_url, data_dir, builtin_dir or Loader.BUILTIN_DATA_PATH
        )
    except Exception as error:
        logger.debug("DynamoDB client from botocore's own data: %s: %s",
                     type(error).__name__, error)  # fmt: skip
    return Session().create_client(SERVICE, config=config, endpoint_url=endpoint_url)


def trimmed_data_client(
    config: Any, endpoint_url: str | None, data_dir: str, builtin_dir: str
) -> Any:
    if not (os.environ.get("AWS_ACCESS_KEY_ID") and os.environ.get("AWS_SECRET_ACCESS_KEY")):
        raise TrimmedDataUnavailable("the credentials do not come from the environment")
    if os.path.isdir(Loader.CUSTOMER_DATA_PATH):
        raise TrimmedDataUnavailable(f"{Loader.CUSTOMER_DATA_PATH} exists")
    loader = overlay_loader(data_dir, builtin_dir)
    session = Session()
    if session.get_config_variable("data_path"):
        raise TrimmedDataUnavailable("a data path is configured")
    session.register_component("data_loader", loader)
    client = session.create_client(SERVICE, config=config, endpoint_url=endpoint_url)
    method = getattr(session.get_credentials(), "method", None)
    if method != "env":  # the environment's credentials were not the ones found
        raise TrimmedDataUnavailable(f"the credentials come from {method}")
    return client


def overlay_loader(data_dir: str, builtin_dir: str) -> Any:
    """A botocore Loader over data_dir, where each trimmed file that is not a faithful cut of
    builtin_dir's, and every file data_dir does not have, is read from builtin_dir."""
    with open(os.path.join(data_dir, MANIFEST), encoding="utf-8") as file:
        manifest = json.load(file)
    versions = sorted(os.listdir(os.path.join(builtin_dir, SERVICE)))
    if versions != manifest["api_versions"][SERVICE]:
        raise TrimmedDataUnavailable(f"botocore has {SERVICE} API versions {versions}")
    trimmed = frozenset(
        name
        for name, source in manifest["files"].items()
        if _same_source(builtin_dir, name, source)
    )
    return _OverlayLoader(data_dir, builtin_dir, trimmed)


def _same_source(builtin_dir: str, name: str, source: dict[str, Any]) -> bool:
    """Whether the file botocore would load for `name` is the one the trimmed file was cut
    from (the size first: a differing file is seldom read)."""
    for extension in EXTENSIONS:
        path = os.path.join(builtin_dir, name + extension)
        if os.path.isfile(path):
            if name + extension != source["source"] or os.path.getsize(path) != source["bytes"]:
                return False
            with open(path, "rb") as file:
                digest: str = hashlib.sha256(file.read()).hexdigest()
            return digest == str(source["sha256"])
    return False


class _OverlayFileLoader(JSONFileLoader):  # type: ignore[misc] # botocore is untyped
    def __init__(self, data_dir: str, builtin_dir: str, trimmed: frozenset[str]) -> None:
        super().__init__()
        self._data_dir = data_dir
        self._builtin_dir = builtin_dir
        self._trimmed = trimmed

    def _source(self, file_path: str) -> str:
        name = os.path.relpath(file_path, self._data_dir)
        if name in self._trimmed:
            return file_path
        return os.path.join(self._builtin_dir, name)

    def exists(self, file_path: str) -> bool:
        return bool(super().exists(self._source(file_path)))

    def load_file(self, file_path: str) -> Any:
        return super().load_file(self._source(file_path))


class _OverlayLoader(Loader):  # type: ignore[misc] # botocore is untyped
    def __init__(self, data_dir: str, builtin_dir: str, trimmed: frozenset[str]) -> None:
        super().__init__(
            extra_search_paths=[data_dir],
            file_loader=_OverlayFileLoader(data_dir, builtin_dir, trimmed),
            include_default_search_paths=False,
        )
        self._data_dir = data_dir

    def is_builtin_path(self, path: str) -> bool:
        # botocore resolves endpoints differently for data that are not its own; these are.
        return path.startswith(self._data_dir + os.sep) or bool(super().is_builtin_path(path))
