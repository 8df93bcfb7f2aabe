"""Makes a request envelope safe for ask-sdk-model's deserializer.

Alexa adds enum values (an entity-resolution status, a dialog state, a device capability) and
new object types over time. ask-sdk-model turns an enum it does not know into an exception, and
the whole turn fails: a user reporting a warning sign would hear the apology instead of the
emergency advice. So when the SDK refuses an envelope (hipback/skill.py), the envelope is
walked alongside the model's own classes (their `deserialized_types`, `attribute_map` and Enum
subclasses, from RequestEnvelope down through the request the envelope carries), every enum
value or polymorphic object the installed model does not know is removed, as if Alexa had not
sent it, and the SDK reads it again.

Only the classes of the fields the envelope actually carries are imported: the deserializer
imports the same ones, so the walk adds no import time to a cold start."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from enum import Enum
from functools import cache
from types import MappingProxyType
from typing import Any, NamedTuple

ROOT = "ask_sdk_model.request_envelope.RequestEnvelope"
REQUEST = "ask_sdk_model.request.Request"
# The deserializer's own native names (ask_sdk_core.serialize.DefaultSerializer): no model here.
NATIVE = frozenset({"str", "int", "float", "bool", "long", "object", "date", "datetime"})


def clean(event: dict[str, Any]) -> list[str]:
    """Remove, in place, every enum value and typed object that ask-sdk-model does not know.

    Returns the model types whose values were removed (Alexa's schema, nothing the user said).
    """
    removed: list[str] = []
    _keep(event, ROOT, removed)
    return removed


def known_request_type(name: str) -> bool:
    """Whether the installed ask-sdk-model has a class for this request type."""
    return name in _model(REQUEST).discriminator_value_class_map  # type: ignore[union-attr]


class Shape(NamedTuple):
    """What the walk needs to know of one deserializer type name, worked out once."""

    kind: str  # "native", "list", "dict", "enum" or "model"
    inner: str = ""  # a list's item type, a dict's value type
    values: frozenset[str] = frozenset()  # an enum's values
    fields: Mapping[str, str] = MappingProxyType({})  # a model's JSON keys that need a walk
    polymorphic: bool = False  # a model whose payload names its subclass


@cache
def shape(type_name: str) -> Shape:
    if type_name in NATIVE:
        return Shape("native")
    if type_name.startswith("list["):
        inner = type_name[5:-1]
        # The deserializer pairs a list of several types item by item: not walked.
        return Shape("native") if "," in inner else Shape("list", inner)
    if type_name.startswith("dict("):
        return Shape("dict", type_name.partition(", ")[2][:-1])
    model = _model(type_name)
    if model is None:
        return Shape("native")
    if issubclass(model, Enum):
        return Shape("enum", values=frozenset(str(member.value) for member in model))
    types: dict[str, str] = getattr(model, "deserialized_types", None) or {}
    names: dict[str, str] = getattr(model, "attribute_map", None) or {}
    # Plain fields (str, int) need no walk: only the ones that can hold an enum or a model.
    walked = {names.get(name, name): kind for name, kind in types.items() if kind not in NATIVE}
    polymorphic = hasattr(model, "get_real_child_model")
    return Shape("model", fields=MappingProxyType(walked), polymorphic=polymorphic)


def concrete(type_name: str, payload: dict[str, Any]) -> str | None:
    """The class a polymorphic payload deserializes as; None when its type is unknown."""
    try:
        child = _model(type_name).get_real_child_model(payload)  # type: ignore[union-attr]
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


def _keep(payload: object, type_name: str, removed: list[str]) -> bool:
    """Whether `payload` deserializes as `type_name`; cleans what it contains on the way."""
    if payload is None:
        return True
    found = shape(type_name)
    if found.kind == "enum":
        known = isinstance(payload, str) and payload in found.values
        return known or _drop(type_name, removed)
    if found.kind == "list":
        return _keep_items(payload, found.inner, removed)
    if found.kind == "dict":
        return _keep_values(payload, found.inner, removed)
    if found.kind == "native" or not isinstance(payload, dict):
        return True  # a malformed payload is not a new one: left for the deserializer to refuse
    if found.polymorphic:
        model = concrete(type_name, payload)
        if model is None:
            # A nested object of a type the model does not know is dropped. The request itself
            # is kept: an unknown request type gets a silent reply before the SDK runs, and one
            # with no type at all is malformed, for the SDK to refuse.
            return type_name == REQUEST or _drop(type_name, removed)
        found = shape(model)
    # An envelope carries few of the many fields a model declares: walk what it carries.
    walk = found.fields
    gone = [key for key, value in payload.items()
            if key in walk and not _keep(value, walk[key], removed)]  # fmt: skip
    for key in gone:
        del payload[key]
    return True


def _drop(type_name: str, removed: list[str]) -> bool:
    removed.append(type_name)
    return False


def _keep_items(payload: object, kind: str, removed: list[str]) -> bool:
    if isinstance(payload, list):
        payload[:] = [item for item in payload if _keep(item, kind, removed)]
    return True


def _keep_values(payload: object, kind: str, removed: list[str]) -> bool:
    if isinstance(payload, dict):
        for key in [key for key, value in payload.items() if not _keep(value, kind, removed)]:
            del payload[key]
    return True
