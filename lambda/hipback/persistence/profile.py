"""The user's profile and the per-session service the handlers call.

The profile is what a skill for ordinary users may keep: visit count, first and last visit date,
and the answer style. Symptoms and assessments live only in the session and never pass through
here (docs/clinical.md, "Policy").

Per session the service reads at most once and writes at most once, and writes nothing when
nothing changed. It keeps its state JSON-serialisable under `session_attrs["profile"]`:

    {"visits": 2, "first_visit": "2025-01-02", "last_visit": "2025-03-04", "style": "brief",
     "version": 3, "visited": true, "pending": {"visit": true, "style": "brief"},
     "storage": "read"}

`pending` holds this session's changes so they can be re-applied on top of a newer item when a
conditional write loses to another device. `storage` is one of "unread", "read", "written"
(the session's one write is done), "off" (no store, or it failed: no further calls this
session) and "forgotten" (the user's item was deleted: nothing is written again this session).

No storage error leaves the service: the turn continues with defaults and one warning is logged,
naming only the error's type.
"""

import logging
import time
from collections.abc import Callable, Mapping, MutableMapping
from datetime import UTC, date, datetime
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_model.request_envelope import RequestEnvelope

from hipback.persistence.errors import VersionConflict, describe
from hipback.persistence.record import DEFAULT_STYLE, STYLES

logger = logging.getLogger(__name__)

SESSION_KEY = "profile"
# Conflicts only happen between devices of one user; a few quick retries settle them, and the
# time budget keeps a contended write well inside a turn.
MAX_WRITE_ATTEMPTS = 25
WRITE_BUDGET_SECONDS = 1.5

UNREAD, READ, WRITTEN, OFF, FORGOTTEN = "unread", "read", "written", "off", "forgotten"
_STORAGE_STATES = frozenset({UNREAD, READ, WRITTEN, OFF, FORGOTTEN})

SessionAttributes = MutableMapping[str, Any]


def utc_today() -> date:
    return datetime.now(UTC).date()


class Profile:
    """An immutable value: equal when every field is (a plain class, not a dataclass: the
    dataclasses import is a noticeable part of a cold start)."""

    __slots__ = ("first_visit", "last_visit", "style", "version", "visits")
    visits: int
    first_visit: str | None
    last_visit: str | None
    style: str
    version: int

    def __init__(
        self,
        visits: int = 0,
        first_visit: str | None = None,
        last_visit: str | None = None,
        style: str = DEFAULT_STYLE,
        version: int = 0,
    ) -> None:
        set_field = object.__setattr__
        set_field(self, "visits", visits)
        set_field(self, "first_visit", first_visit)
        set_field(self, "last_visit", last_visit)
        set_field(self, "style", style)
        set_field(self, "version", version)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Profile is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Profile is immutable: cannot delete {name!r}")

    def _fields(self) -> tuple[int, str | None, str | None, str, int]:
        return (self.visits, self.first_visit, self.last_visit, self.style, self.version)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Profile):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            f"Profile(visits={self.visits!r}, first_visit={self.first_visit!r}, "
            f"last_visit={self.last_visit!r}, style={self.style!r}, version={self.version!r})"
        )

    @classmethod
    def from_attributes(cls, attributes: Mapping[str, object]) -> "Profile":
        """A profile from stored or cached attributes; anything malformed takes its default."""
        visits = attributes.get("visits")
        version = attributes.get("version")
        style = attributes.get("style")
        first_visit = attributes.get("first_visit")
        last_visit = attributes.get("last_visit")
        return cls(
            visits=_count_or_zero(visits),
            first_visit=first_visit if isinstance(first_visit, str) else None,
            last_visit=last_visit if isinstance(last_visit, str) else None,
            style=style if isinstance(style, str) and style in STYLES else DEFAULT_STYLE,
            version=_count_or_zero(version),
        )

    def attributes(self) -> dict[str, object]:
        """What save_attributes receives: exactly the profile's fields."""
        return {
            "visits": self.visits,
            "first_visit": self.first_visit,
            "last_visit": self.last_visit,
            "style": self.style,
            "version": self.version,
        }


class ProfileService:
    def __init__(
        self,
        adapter: AbstractPersistenceAdapter | None,
        today: Callable[[], date] = utc_today,
    ) -> None:
        self.adapter = adapter
        self._today = today

    def load(self, request_envelope: RequestEnvelope, session_attrs: SessionAttributes) -> Profile:
        """The profile, read from the store the first time in a session, cached after that.

        Changes already made this session (record_visit before load) are kept on top of it.
        """
        state = _state(session_attrs)
        if state["storage"] != UNREAD:
            return _profile(state)
        if self.adapter is None:
            state["storage"] = OFF
            return _profile(state)
        try:
            stored = Profile.from_attributes(self.adapter.get_attributes(request_envelope))
        except Exception as error:
            _warn("read", error)
            state["storage"] = OFF
            return _profile(state)
        _set_profile(state, self._with_pending(stored, state["pending"]))
        state["storage"] = READ
        return _profile(state)

    def record_visit(self, session_attrs: SessionAttributes) -> None:
        """Count this session as a visit, once per session."""
        state = _state(session_attrs)
        if state["visited"]:
            return
        state["visited"] = True
        state["pending"]["visit"] = True
        _set_profile(state, self._visited(_profile(state)))

    def set_style(self, session_attrs: SessionAttributes, style: str) -> None:
        if style not in STYLES:
            raise ValueError(f"unknown answer style {style!r}")
        state = _state(session_attrs)
        if state["style"] == style:
            return
        state["style"] = style
        state["pending"]["style"] = style

    def is_returning(self, session_attrs: SessionAttributes) -> bool:
        """Whether the user had visited before this session (call after load)."""
        state = _state(session_attrs)
        visits_before = int(state["visits"]) - (1 if state["visited"] else 0)
        return visits_before > 0

    def flush(self, request_envelope: RequestEnvelope, session_attrs: SessionAttributes) -> None:
        """Write this session's changes, if any: the session's one write.

        A conditional write that loses to another session re-reads the item, re-applies this
        session's changes and tries again, so neither device's update is lost.
        """
        state = session_attrs.get(SESSION_KEY)
        if not isinstance(state, dict) or not _has_changes(state):
            return
        state = _state(session_attrs)
        if self.adapter is None or state["storage"] not in (UNREAD, READ):
            return
        try:
            self._write(self.adapter, request_envelope, state)
        except Exception as error:
            _warn("write", error)
            state["storage"] = OFF

    def forget(self, request_envelope: RequestEnvelope, session_attrs: SessionAttributes) -> bool:
        """Delete the user's stored profile; True when nothing of theirs remains stored.

        The session continues as a first-time user's and writes nothing more.
        """
        session_attrs[SESSION_KEY] = _new_state() | {"storage": FORGOTTEN, "visited": True}
        if self.adapter is None:
            return True
        try:
            self.adapter.delete_attributes(request_envelope)
        except Exception as error:
            _warn("delete", error)
            return False
        return True

    def _write(
        self,
        adapter: AbstractPersistenceAdapter,
        request_envelope: RequestEnvelope,
        state: dict[str, Any],
    ) -> None:
        deadline = time.monotonic() + WRITE_BUDGET_SECONDS
        if state["storage"] == UNREAD:
            # Changes made without a load: base them on the stored item.
            self._rebase(adapter, request_envelope, state)
        for attempt in range(1, MAX_WRITE_ATTEMPTS + 1):
            try:
                adapter.save_attributes(request_envelope, _profile(state).attributes())
            except VersionConflict:
                if attempt == MAX_WRITE_ATTEMPTS or time.monotonic() >= deadline:
                    raise
                # Jitter, so sessions that collided do not collide again in lockstep. random is
                # imported here, on this rare path, to keep it out of every cold start.
                import random

                time.sleep(random.uniform(0, 0.002 * 2 ** min(attempt, 5)))
                self._rebase(adapter, request_envelope, state)
                continue
            state["version"] = int(state["version"]) + 1
            state["pending"] = {}
            state["storage"] = WRITTEN
            return

    def _rebase(
        self,
        adapter: AbstractPersistenceAdapter,
        request_envelope: RequestEnvelope,
        state: dict[str, Any],
    ) -> None:
        stored = Profile.from_attributes(adapter.get_attributes(request_envelope))
        _set_profile(state, self._with_pending(stored, state["pending"]))
        state["storage"] = READ

    def _with_pending(self, stored: Profile, pending: Mapping[str, object]) -> Profile:
        profile = self._visited(stored) if pending.get("visit") else stored
        style = pending.get("style")
        if isinstance(style, str) and style in STYLES:
            profile = Profile(
                profile.visits, profile.first_visit, profile.last_visit, style, profile.version
            )
        return profile

    def _visited(self, profile: Profile) -> Profile:
        today = self._today().isoformat()
        return Profile(
            visits=profile.visits + 1,
            first_visit=profile.first_visit or today,
            last_visit=max(profile.last_visit or today, today),
            style=profile.style,
            version=profile.version,
        )


def _new_state() -> dict[str, Any]:
    return Profile().attributes() | {"visited": False, "pending": {}, "storage": UNREAD}


def _state(session_attrs: SessionAttributes) -> dict[str, Any]:
    """The session's profile state, created or repaired so the rest can trust its shape."""
    state = session_attrs.get(SESSION_KEY)
    if not isinstance(state, dict):
        state = _new_state()
        session_attrs[SESSION_KEY] = state
        return state
    _set_profile(state, Profile.from_attributes(state))
    if not isinstance(state.get("visited"), bool):
        state["visited"] = False
    pending = state.get("pending")
    state["pending"] = pending if isinstance(pending, dict) else {}
    storage = state.get("storage")
    # Session attributes come back from the device: an unhashable value must not crash `in`.
    if not isinstance(storage, str) or storage not in _STORAGE_STATES:
        state["storage"] = UNREAD
    return state


def _profile(state: Mapping[str, object]) -> Profile:
    return Profile.from_attributes(state)


def _set_profile(state: dict[str, Any], profile: Profile) -> None:
    state.update(profile.attributes())


def _has_changes(state: Mapping[str, object]) -> bool:
    pending = state.get("pending")
    return isinstance(pending, dict) and any(pending.values())


def _count_or_zero(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return 0


def _warn(action: str, error: BaseException) -> None:
    logger.warning(
        "Profile %s failed (%s); continuing without the stored profile this session",
        action,
        describe(error),
    )
