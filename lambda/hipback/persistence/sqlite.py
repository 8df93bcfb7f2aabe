"""The embedded store: one SQLite file, the local default (simulator, laptops, tests).

The file is `HIPBACK_STORE_PATH`, by default `.local/hipback.sqlite3` relative to the working
directory (the repository root when run through `make`); its directory and table are created on
first use. Each call opens its own connection, so one store serves any number of threads, and
each change is one upsert, atomic under SQLite's own locking, with the same conditions as the
DynamoDB store's.
"""

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from os import PathLike

from hipback.persistence.base import Clock, utc_now
from hipback.persistence.record import (
    DEFAULT_STYLE,
    TOMBSTONE_LIFETIME,
    Change,
    Profile,
    epoch_ms,
    expires_at,
    profile_from,
)

DEFAULT_PATH = ".local/hipback.sqlite3"
# Waiting for another writer's lock; local writes take microseconds.
BUSY_TIMEOUT_SECONDS = 2.0

_CREATE = """
CREATE TABLE IF NOT EXISTS user_profiles (
    id TEXT PRIMARY KEY,
    visits INTEGER NOT NULL DEFAULT 0,
    first_visit TEXT,
    last_visit TEXT,
    style TEXT NOT NULL,
    expires INTEGER NOT NULL,
    forgotten INTEGER,
    check_in TEXT
)
"""
_READ = """SELECT visits, first_visit, last_visit, style, expires, check_in
FROM user_profiles WHERE id = ?"""
# An expired row (SQLite has no TTL) is started afresh; the WHERE is the forget's condition.
_UPDATE = """
INSERT INTO user_profiles (id, visits, first_visit, last_visit, style, expires, check_in)
VALUES (:id, :visits, :day, :day, COALESCE(:style, :default_style), :expires,
        NULLIF(:check_in, ''))
ON CONFLICT (id) DO UPDATE SET
    visits = :visits + IIF(expires <= :now, 0, visits),
    first_visit = IIF(expires <= :now, :day, COALESCE(first_visit, :day)),
    last_visit = COALESCE(:day, IIF(expires <= :now, NULL, last_visit)),
    style = COALESCE(:style, IIF(expires <= :now, :default_style, style)),
    check_in = IIF(:check_in IS NULL, IIF(expires <= :now, NULL, check_in), NULLIF(:check_in, '')),
    expires = :expires
WHERE forgotten IS NULL OR forgotten < :started
"""
_FORGET = """
INSERT OR REPLACE INTO user_profiles (id, visits, style, expires, forgotten)
VALUES (?, 0, ?, ?, ?)
"""


class SqliteStore:
    def __init__(self, path: str | PathLike[str] = DEFAULT_PATH, clock: Clock = utc_now) -> None:
        # A plain string path: pathlib would add milliseconds to a cold start.
        self.path = os.fspath(path)
        self._clock = clock
        self._ready = False
        self._ready_lock = threading.Lock()

    def read(self, key: str) -> Profile:
        with self._connection() as connection:
            row = connection.execute(_READ, (key,)).fetchone()
        if row is None:
            return Profile()
        names = ("visits", "first_visit", "last_visit", "style", "expires", "check_in")
        return profile_from(dict(zip(names, row, strict=True)), self._clock())

    def update(self, key: str, change: Change) -> bool:
        now = self._clock()
        values = {
            "id": key,
            "visits": 1 if change.visit_day else 0,
            "day": change.visit_day,
            "style": change.style,
            "default_style": DEFAULT_STYLE,
            "expires": expires_at(now),
            "now": int(now.timestamp()),
            "started": change.started_ms,
            "check_in": change.check_in,
        }
        with self._connection() as connection:
            return connection.execute(_UPDATE, values).rowcount == 1

    def forget(self, key: str) -> None:
        now = self._clock()
        tombstone = (key, DEFAULT_STYLE, expires_at(now, TOMBSTONE_LIFETIME), epoch_ms(now))
        with self._connection() as connection:
            connection.execute(_FORGET, tombstone)

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        self._prepare()
        # isolation_level=None: autocommit, each statement is its own atomic transaction.
        with closing(
            sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        ) as connection:
            # With the write-ahead log (set in _prepare) this stays safe if the process dies,
            # and a write costs no disk sync: a local profile is not worth one per turn.
            connection.execute("PRAGMA synchronous = NORMAL")
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
                connection.execute("PRAGMA journal_mode = WAL")
                connection.execute(_CREATE)
                columns = {row[1] for row in connection.execute("PRAGMA table_info(user_profiles)")}
                if "check_in" not in columns:
                    # A store made before check-ins: the new column, empty.
                    connection.execute("ALTER TABLE user_profiles ADD COLUMN check_in TEXT")
                # The first version's table kept profiles in another shape: not worth keeping.
                connection.execute("DROP TABLE IF EXISTS profiles")
                # No TTL here: drop what DynamoDB would have expired.
                connection.execute(
                    "DELETE FROM user_profiles WHERE expires < ?", (int(self._clock().timestamp()),)
                )
            self._ready = True
