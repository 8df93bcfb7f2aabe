"""The per-session profile service the handlers call, and the deadline every storage call keeps.

The profile is what a skill for ordinary users may keep: visit count, first and last visit date,
and the answer style. Symptoms and assessments live only in the session and never pass through
here (docs/clinical.md, "Policy").

Per session the service reads at most once and writes at most once, one atomic change, and
writes nothing when nothing changed. Its state is JSON under `session_attrs["profile"]`:

    {"visits": 2, "first_visit": "2025-01-02", "last_visit": "2025-03-04", "style": "brief",
     "check_in": null, "started": 1764500000000, "visit": "2025-03-04", "chosen": "brief",
     "due": "2025-03-11", "storage": "read"}

`visit`, `chosen` and `due` (a check-in day set, or "" for one cleared) are this session's
changes; `started` is when the session began, so that
a forget on another device after it refuses this session's write. `storage` is one of "unread",
"read", "written", "off" (no store, it failed, or time ran out: no further calls this session)
and "forgotten" (nothing is written again this session).

No storage error and no slow store holds a turn: each call gets the time the turn has left
(hipback/deadline.py), and past it the turn goes on with what it has; one warning names only
the error's type. The exception is a SkillDisabled event's delete, which must not be
acknowledged unless it happened: `erase` retries while there is time, then raises ForgetFailed.
"""

import logging
import time
from collections.abc import Callable, MutableMapping
from datetime import date
from typing import Any, TypeVar

from ask_sdk_model.request_envelope import RequestEnvelope

from hipback.deadline import MIN_CALL_SECONDS, Deadline, within
from hipback.persistence.base import Clock, ProfileStore, utc_now
from hipback.persistence.errors import ForgetFailed, log_safe_kind
from hipback.persistence.keys import DEV_SALT, alexa_user_id, storage_key
from hipback.persistence.record import (
    CLEAR,
    STYLES,
    TOMBSTONE_LIFETIME,
    Change,
    Profile,
    epoch_ms,
)

logger = logging.getLogger(__name__)

SESSION_KEY = "profile"
UNREAD, READ, WRITTEN, OFF, FORGOTTEN = "unread", "read", "written", "off", "forgotten"
_STORAGE_STATES = frozenset({UNREAD, READ, WRITTEN, OFF, FORGOTTEN})
# Between attempts of a SkillDisabled delete.
ERASE_PAUSE_SECONDS = 0.2

SessionAttributes = MutableMapping[str, Any]
T = TypeVar("T")


class ProfileService:
    def __init__(
        self, store: ProfileStore | None, salt: str = DEV_SALT, clock: Clock = utc_now
    ) -> None:
        self.store = store
        self._salt = salt
        self._clock = clock

    def load(
        self, envelope: RequestEnvelope, session: SessionAttributes, deadline: Deadline
    ) -> Profile:
        """The profile, read the first time in a session, cached after; this session's changes
        are shown on top of it."""
        state = _state(session, self._clock)
        if state["storage"] == UNREAD:
            stored = self._call(
                "read", deadline, state, lambda store: store.read(self._key(envelope))
            )
            if stored is not None:
                state.update(stored._asdict())
                state["storage"] = READ
        return _shown(state)

    def record_visit(self, session: SessionAttributes) -> None:
        """Count this session as a visit, once per session."""
        state = _state(session, self._clock)
        if state["visit"] is None:
            state["visit"] = self._clock().date().isoformat()

    def set_style(self, session: SessionAttributes, style: str) -> None:
        if style not in STYLES:
            raise ValueError(f"unknown answer style {style!r}")
        state = _state(session, self._clock)
        # The stored style chosen again is no change (unread, the stored style is unknown).
        state["chosen"] = None if state["storage"] == READ and style == state["style"] else style

    def set_check_in(self, session: SessionAttributes, day: str | None) -> None:
        """Keep the ISO day a check-in reminder was set for, or clear it (None). Only the day:
        never what the reminder is about."""
        if day is not None:
            day = date.fromisoformat(day).isoformat()
        _state(session, self._clock)["due"] = CLEAR if day is None else day

    def flush(
        self, envelope: RequestEnvelope, session: SessionAttributes, deadline: Deadline
    ) -> None:
        """Write this session's change, if any: the session's one write."""
        if not isinstance(session.get(SESSION_KEY), dict):
            return  # nothing was recorded this session
        state = _state(session, self._clock)
        change = Change(state["visit"], state["chosen"], state["started"], state["due"])
        if not change or state["storage"] not in (UNREAD, READ) or self._too_old(change):
            return
        done = self._call(
            "write", deadline, state, lambda store: store.update(self._key(envelope), change)
        )
        if done is not None:
            state["storage"] = WRITTEN if done else FORGOTTEN

    def forget(
        self, envelope: RequestEnvelope, session: SessionAttributes, deadline: Deadline
    ) -> bool:
        """Delete the user's stored profile; True when nothing of theirs remains stored.

        The session goes on as a first-time user's and writes nothing more.
        """
        session[SESSION_KEY] = _new_state(self._clock) | {"storage": FORGOTTEN}
        store = self.store
        if store is None:
            return True
        try:
            # One try (botocore retries a transient error once): the user is waiting, and is
            # told plainly when it did not work.
            key = self._key(envelope)
            within(deadline, lambda: store.forget(key))
        except Exception as error:
            _warn("delete", error)
            return False
        return True

    def erase(self, envelope: RequestEnvelope, deadline: Deadline) -> None:
        """SkillDisabled: delete, retrying while there is time; raise ForgetFailed if it could
        not be done, so that the invocation fails visibly and Alexa can send the event again."""
        if self.store is None:
            return
        try:
            self._forget_until(envelope, deadline)
        except Exception as error:
            logger.error("Deleting a disabled user's profile failed (%s)", log_safe_kind(error))
            raise ForgetFailed("the profile could not be deleted") from None

    def _forget_until(self, envelope: RequestEnvelope, deadline: Deadline) -> None:
        key = self._key(envelope)
        store = self.store
        assert store is not None
        while True:
            try:
                within(deadline, lambda: store.forget(key))
                return
            except Exception as error:
                if deadline.left() < ERASE_PAUSE_SECONDS + MIN_CALL_SECONDS:
                    raise
                _warn("delete attempt", error)
                time.sleep(ERASE_PAUSE_SECONDS)

    def _call(
        self,
        action: str,
        deadline: Deadline,
        state: dict[str, Any],
        call: Callable[[ProfileStore], T],
    ) -> T | None:
        """The store's answer, or None (and no more calls this session) when it failed."""
        store = self.store
        if store is None:
            state["storage"] = OFF
            return None
        try:
            return within(deadline, lambda: call(store))
        except Exception as error:
            _warn(action, error)
            state["storage"] = OFF
            return None

    def _too_old(self, change: Change) -> bool:
        # A forget's tombstone lasts a day: a session open longer could outlive it.
        age_ms = epoch_ms(self._clock()) - change.started_ms
        return age_ms > TOMBSTONE_LIFETIME.total_seconds() * 1000

    def _key(self, envelope: RequestEnvelope) -> str:
        return storage_key(alexa_user_id(envelope), self._salt)


def _new_state(clock: Clock) -> dict[str, Any]:
    return Profile()._asdict() | {
        "started": epoch_ms(clock()),
        "visit": None,
        "chosen": None,
        "due": None,
        "storage": UNREAD,
    }


def _state(session: SessionAttributes, clock: Clock) -> dict[str, Any]:
    """The session's profile state, created or repaired so the rest can trust its shape:
    session attributes come back from the device, and a forged start may not be in the future."""
    fresh = _new_state(clock)
    state = session.get(SESSION_KEY)
    if not isinstance(state, dict):
        session[SESSION_KEY] = state = fresh
    for name, valid in _VALID.items():
        if (
            name not in state
            or not valid(state[name])
            or (name == "started" and state[name] > fresh[name])
        ):
            state[name] = fresh[name]
    return state


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_day(value: object) -> bool:
    return value is None or isinstance(value, str)


def _is_iso_day(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _one_of(*allowed: object) -> Callable[[object], bool]:
    # isinstance first: a forged list or dict would make `in` raise.
    return lambda value: isinstance(value, str | None) and value in allowed


_VALID: dict[str, Callable[[object], bool]] = {
    "visits": _is_count,
    "first_visit": _is_day,
    "last_visit": _is_day,
    "style": _one_of(*STYLES),
    "started": _is_count,
    "visit": _is_day,
    "chosen": _one_of(None, *STYLES),
    "check_in": lambda value: value is None or _is_iso_day(value),
    # Written to storage: only a real ISO day, or CLEAR, ever passes.
    "due": lambda value: value is None or value == CLEAR or _is_iso_day(value),
    "storage": _one_of(*_STORAGE_STATES),
}


def _shown(state: dict[str, Any]) -> Profile:
    """The stored profile with this session's changes on top."""
    visit = state["visit"]
    return Profile(
        visits=state["visits"] + (1 if visit else 0),
        first_visit=state["first_visit"] or visit,
        last_visit=visit or state["last_visit"],
        style=state["chosen"] or state["style"],
        check_in=state["check_in"] if state["due"] is None else (state["due"] or None),
    )


def _warn(action: str, error: BaseException) -> None:
    logger.warning(
        "Profile %s failed (%s); continuing without the stored profile this session",
        action,
        log_safe_kind(error),
    )
