"""How long a turn may wait on storage, and a call that never waits longer.

Alexa waits about eight seconds for an answer and the function's timeout is seven; a turn that
waits on a slow store past that is heard as Alexa's generic error, the emergency advice
included. So every storage call gets what the turn has left, from Lambda's
`get_remaining_time_in_millis()`, minus the time to build and send the answer, and never more
than STORAGE_BUDGET_SECONDS.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

# The function's timeout (infrastructure/cfn-deployer/skill-stack.yaml), for runs off Lambda.
DEFAULT_TIME_LEFT_MS = 7000
# Kept back for the rest of the turn: the answer is built and sent in milliseconds.
RESPONSE_MARGIN_SECONDS = 1.0
# A turn waits no longer than this on storage in all, so that it answers within three seconds.
STORAGE_BUDGET_SECONDS = 2.0
# Below this a call is not worth starting.
MIN_CALL_SECONDS = 0.05
# A call left behind keeps its worker until it ends (botocore's timeouts end a silent store; a
# trickling answer only when it is complete); the others serve the next turns meanwhile, and
# when all are held, storage is skipped (the call waits its turn past the deadline).
WORKERS = 4

T = TypeVar("T")


class OutOfTime(Exception):
    """The deadline passed before the call answered."""


class Deadline:
    """When storage must have answered, on the monotonic clock."""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds

    def left(self) -> float:
        return self.at - time.monotonic()

    @classmethod
    def for_turn(
        cls, lambda_context: object, cap: float | None = STORAGE_BUDGET_SECONDS
    ) -> Deadline:
        """The storage deadline of a turn; `cap` None for an event that speaks to no one."""
        remaining = getattr(lambda_context, "get_remaining_time_in_millis", None)
        time_left_ms = remaining() if callable(remaining) else DEFAULT_TIME_LEFT_MS
        seconds = time_left_ms / 1000 - RESPONSE_MARGIN_SECONDS
        return cls(seconds if cap is None else min(seconds, cap))


def within(deadline: Deadline, call: Callable[[], T]) -> T:
    """The call's result, or OutOfTime when the deadline passes first.

    botocore's timeouts are per socket read, so a response that trickles in holds a call for
    as long as it trickles; only a thread bounds it. A call left behind finishes (or times out)
    on its own: a late write is the write that was meant.
    """
    seconds = deadline.left()
    if seconds < MIN_CALL_SECONDS:
        raise OutOfTime("no time left")
    from concurrent.futures import TimeoutError as FutureTimeout

    future = _workers().submit(call)
    try:
        return future.result(timeout=seconds)
    except FutureTimeout:
        raise OutOfTime("no answer in time") from None


_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _workers() -> ThreadPoolExecutor:
    """The container's workers, started on the first call: a thread handed a call costs a
    turn a fraction of what starting one does."""
    # Imported here, like the store's own modules: a turn that needs no storage (a one-shot
    # question) should not pay for it on a cold start.
    from concurrent.futures import ThreadPoolExecutor

    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="hipback-storage")
        return _pool
