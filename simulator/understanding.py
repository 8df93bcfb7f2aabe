"""The simulator's view of the voice model: text in, intent and request slots out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class Understood:
    """What Alexa's language understanding made of one utterance."""

    intent: str
    slots: dict[str, Any]  # the IntentRequest "slots" object, exactly as Alexa sends it
    score: float
    # Other intents that scored about as well: where Alexa's choice would be unstable.
    close: tuple[str, ...] = ()


class Understander(Protocol):
    def understand(self, text: str) -> Understood: ...


class _Resolution(Protocol):
    @property
    def intent(self) -> str: ...

    @property
    def score(self) -> float: ...


class _Resolver(Protocol):
    def resolve(self, text: str) -> Any: ...


class ResolverUnderstander:
    """Adapts interaction_model.resolver (Resolver + to_request_slots) to Understander."""

    def __init__(self, resolver: _Resolver, to_request_slots: Callable[[Any], dict[str, Any]]):
        self._resolver = resolver
        self._to_request_slots = to_request_slots

    def understand(self, text: str) -> Understood:
        resolution: _Resolution = self._resolver.resolve(text)
        return Understood(
            intent=resolution.intent,
            slots=self._to_request_slots(resolution),
            score=float(resolution.score),
            close=tuple(getattr(resolution, "close", ())),
        )


def best_reading(understander: Understander, readings: tuple[str, ...]) -> Understood:
    """The reading the voice model is most sure of; the first one wins ties."""
    best: Understood | None = None
    for text in readings:
        understood = understander.understand(text)
        if best is None or understood.score > best.score:
            best = understood
    if best is None:
        raise ValueError("no reading to understand")
    return best


def slot_summary(slots: dict[str, Any]) -> dict[str, str]:
    """Filled slots as name -> resolved value id, or the raw value when nothing matched."""
    summary: dict[str, str] = {}
    for name, slot in slots.items():
        if not isinstance(slot, dict) or not slot.get("value"):
            continue
        summary[name] = _resolved_id(slot) or str(slot["value"])
    return summary


def _resolved_id(slot: dict[str, Any]) -> str | None:
    authorities = (slot.get("resolutions") or {}).get("resolutionsPerAuthority") or []
    for authority in authorities:
        if (authority.get("status") or {}).get("code") != "ER_SUCCESS_MATCH":
            continue
        for entry in authority.get("values") or []:
            value_id = (entry.get("value") or {}).get("id")
            if value_id:
                return str(value_id)
    return None
