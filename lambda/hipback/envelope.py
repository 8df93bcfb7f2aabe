"""Makes a request envelope safe for ask-sdk-model's deserializer before the SDK reads it.

Alexa adds enum values (an entity-resolution status, a dialog state, a device capability) and
new object types over time. ask-sdk-model turns an enum it does not know into an exception, and
the whole turn fails: a user reporting a warning sign would hear the apology instead of the
emergency advice. So, before the SDK deserializes, the envelope is walked alongside the model's
own classes (their `deserialized_types`, `attribute_map` and Enum subclasses, from
RequestEnvelope down through the request the envelope carries) and every enum value or
polymorphic object the installed model does not know is removed, as if Alexa had not sent it.

Only the classes of the fields the envelope actually carries are imported: the deserializer
imports the same ones a moment later, so the walk adds no import time to a cold start.
"""

from __future__ import annotations

import importlib
from enum import Enum
from functools import cache
from typing import Any

ROOT = "ask_sdk_model.request_envelope.RequestEnvelope"
REQUEST = "ask_sdk_model.request.Request"
# The deserializer's own native names (ask_sdk_core.serialize.DefaultSerializer): no model here.
NATIVE = frozenset({"str", "int", "float", "bool", "long", "object", "date", "datetime"})


def clean(event: dict[str, Any]) -> None:
    """Remove, in place, every enum value and typed object that ask-sdk-model does not know."""
    _keep(event, ROOT)


def known_request_type(name: str) -> bool:
    """Whether the installed ask-sdk-model has a class for this request type."""
    return name in _model(REQUEST).discriminator_value_class_map  # type: ignore[union-attr]


def enum_values(type_name: str) -> frozenset[str] | None:
    """The values of an ask-sdk-model Enum, or None when `type_name` is no Enum."""
    model = _model(type_name)
    if isinstance(model, type) and issubclass(model, Enum):
        return frozenset(str(member.value) for member in model)
    return None


def fields(type_name: str) -> dict[str, str]:
    """A model class's JSON keys and the type each is deserialized as."""
    model = _model(type_name)
    types: dict[str, str] = getattr(model, "deserialized_types", None) or {}
    names: dict[str, str] = getattr(model, "attribute_map", None) or {}
    return {names.get(attribute, attribute): kind for attribute, kind in types.items()}


def concrete(type_name: str, payload: dict[str, Any]) -> str | None:
    """The class a polymorphic payload deserializes as; None when its type is unknown."""
    model = _model(type_name)
    if not hasattr(model, "get_real_child_model"):
        return type_name
    try:
        child = model.get_real_child_model(payload)  # type: ignore[union-attr]
    except (KeyError, TypeError):
        return None
    return child if isinstance(child, str) else None


@cache
def _model(type_name: str) -> type | None:
    module_name, _, class_name = type_name.rpartition(".")
    if not module_name.startswith("ask_sdk_model"):
        return None
    try:
        model = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError):
        return None
    return model if isinstance(model, type) else None


def _keep(payload: object, type_name: str) -> bool:
    """Whether `payload` deserializes as `type_name`; cleans what it contains on the way."""
    if payload is None or type_name in NATIVE:
        return True
    if type_name.startswith("list["):
        return _keep_items(payload, type_name[5:-1])
    if type_name.startswith("dict("):
        return _keep_values(payload, type_name.partition(", ")[2][:-1])
    values = enum_values(type_name)
    if values is not None:
        return isinstance(payload, str) and payload in values
    if not isinstance(payload, dict):
        return True  # malformed, not new: left for the deserializer to refuse
    model = concrete(type_name, payload)
    if model is None:
        # A nested object of a type the model does not know is dropped. The request itself is
        # kept: an unknown request type gets a silent reply before the SDK runs, and one with
        # no type at all is malformed, for the SDK to refuse.
        return type_name == REQUEST
    _keep_fields(payload, model)
    return True


def _keep_fields(payload: dict[str, Any], type_name: str) -> None:
    for key, kind in fields(type_name).items():
        if key in payload and not _keep(payload[key], kind):
            del payload[key]


def _keep_items(payload: object, kind: str) -> bool:
    if isinstance(payload, list) and "," not in kind:
        payload[:] = [item for item in payload if _keep(item, kind)]
    return True


def _keep_values(payload: object, kind: str) -> bool:
    if isinstance(payload, dict):
        for key in [key for key, value in payload.items() if not _keep(value, kind)]:
            del payload[key]
    return True
