"""The embedded store: one SQLite file, the local default (simulator, laptops, tests).

The file is `HIPBACK_STORE_PATH`, by default `.local/hipback.sqlite3` relative to the working
directory (the repository root when run through `make`); its directory and table are created on
first use. Each call opens its own connection, so one adapter serves any number of threads, and
every write is a single conditional statement, so SQLite's own locking gives the same
version semantics as DynamoDB's condition expressions.
"""

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from os import PathLike

from ask_sdk_model.request_envelope import RequestEnvelope

from hipback.persistence.base import ProfileAdapter, utc_now
from hipback.persistence.errors import VersionConflict
from hipback.persistence.keys import DEV_SALT
from hipback.persistence.record import (
    ITEM_ATTRIBUTES,
    expected_version,
    item_values,
    stored_attributes,
)

DEFAULT_PATH = ".local/hipback.sqlite3"
TABLE = "profiles"
# Waiting for another writer's lock; local writes take microseconds.
BUSY_TIMEOUT_SECONDS = 2.0

_COLUMNS = ", ".join(ITEM_ATTRIBUTES)
_CREATE = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    id TEXT PRIMARY KEY,
    schema INTEGER NOT NULL,
    version INTEGER NOT NULL,
    visits INTEGER NOT NULL,
    first_visit TEXT,
    last_visit TEXT,
    style TEXT NOT NULL,
    expires INTEGER NOT NULL
)
"""


class SqliteAdapter(ProfileAdapter):
    def __init__(
        self,
        path: str | PathLike[str] = DEFAULT_PATH,
        salt: str = DEV_SALT,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(salt, clock)
        # A plain string path: pathlib would add 3 ms to the cold start (scripts/bench.py).
        self.path = os.fspath(path)
        self._ready = False
        self._ready_lock = threading.Lock()

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, object]:
        key = self.key(request_envelope)
        with self._connection() as connection:
            row = connection.execute(
                f"SELECT {_COLUMNS} FROM {TABLE} WHERE id = ?", (key,)
            ).fetchone()
        if row is None:
            return {}
        return stored_attributes(dict(zip(ITEM_ATTRIBUTES, row, strict=True)), self._clock())

    def save_attributes(
        self, request_envelope: RequestEnvelope, attributes: dict[str, object]
    ) -> None:
        key = self.key(request_envelope)
        values = item_values(attributes, self._clock())
        expected = expected_version(values)
        row = {name: values.get(name) for name in ITEM_ATTRIBUTES if name != "id"}
        with self._connection() as connection:
            if expected == 0:
                cursor = connection.execute(
                    f"INSERT INTO {TABLE} ({_COLUMNS}) VALUES (?, {', '.join('?' * len(row))})"
                    " ON CONFLICT (id) DO NOTHING",
                    (key, *row.values()),
                )
            else:
                assignments = ", ".join(f"{name} = ?" for name in row)
                cursor = connection.execute(
                    f"UPDATE {TABLE} SET {assignments} WHERE id = ? AND version = ?",
                    (*row.values(), key, expected),
                )
        if cursor.rowcount != 1:
            raise VersionConflict("the profile changed since it was read")

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        key = self.key(request_envelope)
        with self._connection() as connection:
            connection.execute(f"DELETE FROM {TABLE} WHERE id = ?", (key,))

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        self._prepare()
        # isolation_level=None: autocommit, each statement is its own atomic transaction.
        with closing(
            sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        ) as connection:
            yield connection

    def _prepare(self) -> None:
        with self._ready_lock:
            if self._ready:
                return
            directory = os.path.dirname(self.path)
            if directory:
                os.makedirs(directory, exist_ok=True)
            with closing(
                sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
            ) as connection:
                connection.execute(_CREATE)
                # SQLite has no TTL: drop what DynamoDB would have expired.
                connection.execute(
                    f"DELETE FROM {TABLE} WHERE expires < ?", (int(self._clock().timestamp()),)
                )
            self._ready = True
