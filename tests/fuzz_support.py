"""What the fuzz, fault and audit tests share: a record of log lines, the counts they print,
and the checks every reply of the real handler must pass."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from simulator.client import response_problems


class LogRecorder(logging.Handler):
    """Every record that reaches the root logger, formatted as a log line would be."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def lines(self) -> list[str]:
        """The records as lines, with any exception text a handler would print."""
        return [self.format(record) for record in self.records]

    def errors(self) -> list[str]:
        return [self.format(r) for r in self.records if r.levelno >= logging.ERROR]

    def clear(self) -> None:
        self.records.clear()


@contextmanager
def recording_logs(level: int = logging.DEBUG) -> Iterator[LogRecorder]:
    """Capture every logger (root, hipback, botocore, the SDK) at `level` for the block."""
    recorder = LogRecorder()
    root = logging.getLogger()
    previous = root.level
    # Loggers with a level of their own would drop records before they reach the root.
    touched = {
        name: logger.level
        for name, logger in logging.root.manager.loggerDict.items()
        if isinstance(logger, logging.Logger) and logger.level != logging.NOTSET
    }
    root.addHandler(recorder)
    root.setLevel(level)
    for name in touched:
        logging.getLogger(name).setLevel(level)
    try:
        yield recorder
    finally:
        root.removeHandler(recorder)
        root.setLevel(previous)
        for name, old in touched.items():
            logging.getLogger(name).setLevel(old)


def announce(capsys: pytest.CaptureFixture[str], message: str) -> None:
    """Print a count past pytest's capture, so CI logs show what ran."""
    with capsys.disabled():
        print(f"\n[hipback] {message}")


def check_reply(request: Any, response: Any, *, marker: str | None = None) -> None:
    """The validator's verdict, and that nothing marked in the request came back."""
    problems = response_problems(request, response)
    assert not problems, problems
    if marker is not None:
        assert marker not in json.dumps(response, ensure_ascii=False), "request echoed in reply"
