"""Alexa adds enum values and object types over time: none of them may cost the emergency advice.

ask-sdk-model refuses an enum value it does not know, and the whole turn fails. These tests
walk every enum field ask-sdk-model's own classes declare on the way from RequestEnvelope
through an IntentRequest (the emergency turn's request), put a value no version of the model
knows there, and check the user still hears the emergency advice.
"""

from __future__ import annotations

import copy
import importlib
import logging
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

from simulator.client import Match, SkillClient, slot_json
from tests.fuzz_support import recording_logs

ROOT = "ask_sdk_model.request_envelope.RequestEnvelope"
INTENT_REQUEST = "ask_sdk_model.intent_request.IntentRequest"
NATIVE = {"str", "int", "float", "bool", "long", "object", "date", "datetime"}
UNKNOWN = "A_VALUE_FROM_THE_FUTURE"

Step = tuple[str, ...]


def load(type_name: str) -> Any:
    module, _, name = type_name.rpartition(".")
    return getattr(importlib.import_module(module), name)


def enum_paths(type_name: str, seen: frozenset[str] = frozenset()) -> Iterator[list[Step]]:
    """JSON paths to every enum field reachable from `type_name`, with the discriminator
    values that select each polymorphic class on the way."""
    if type_name in NATIVE:
        return
    if type_name.startswith("list["):
        for path in enum_paths(type_name[5:-1], seen):
            yield [("list",), *path]
        return
    if type_name.startswith("dict("):
        for path in enum_paths(type_name.partition(", ")[2][:-1], seen):
            yield [("dict",), *path]
        return
    model = load(type_name)
    if issubclass(model, Enum):
        yield []
        return
    if type_name in seen:
        return
    seen = seen | {type_name}
    children = getattr(model, "discriminator_value_class_map", None)
    if children and hasattr(model, "get_real_child_model"):
        # The skill's emergency turn is an IntentRequest: the other request types are below.
        if type_name == "ask_sdk_model.request.Request":
            children = {"IntentRequest": INTENT_REQUEST}
        for value, child in children.items():
            for path in field_paths(child, seen):
                yield [("type", model.json_discriminator_key, value), *path]
        return
    yield from field_paths(type_name, seen)


def field_paths(type_name: str, seen: frozenset[str]) -> Iterator[list[Step]]:
    model = load(type_name)
    names = getattr(model, "attribute_map", {})
    for attribute, kind in getattr(model, "deserialized_types", {}).items():
        for path in enum_paths(kind, seen):
            yield [("key", names.get(attribute, attribute)), *path]


def plant(container: Any, key: Any, steps: list[Step], value: Any) -> None:
    """Put `value` at the end of `steps`, creating (or reusing) what lies on the way."""
    if not steps:
        container[key] = value
        return
    step, rest = steps[0], steps[1:]
    current = container[key] if isinstance(container, list) or key in container else None
    if step[0] == "list":
        if not isinstance(current, list) or not current:
            current = container[key] = [{}]
        plant(current, 0, rest, value)
    elif step[0] == "dict":
        if not isinstance(current, dict) or not current:
            current = container[key] = {"x": {}}
        plant(current, next(iter(current)), rest, value)
    elif step[0] == "type":
        if not isinstance(current, dict) or current.get(step[1]) != step[2]:
            container[key] = {step[1]: step[2]}
        plant(container, key, rest, value)
    else:
        if not isinstance(current, dict):
            current = container[key] = {}
        plant(current, step[1], rest, value)


def label(path: list[Step]) -> str:
    return ".".join(step[1] if step[0] == "key" else f"<{step[-1]}>" if step[0] == "type"
                    else step[0] for step in path)  # fmt: skip


PATHS = list(enum_paths(ROOT))


@pytest.fixture
def emergency_turn(tmp_path: Path) -> tuple[SkillClient, dict[str, Any]]:
    """An assessment in progress, and the envelope of the answer that reports a warning sign."""
    client = SkillClient(tmp_path / "store.sqlite3")
    client.launch()
    reply = client.say("DurationIntent", duration="P2D")
    assert reply.pending == ("question", "cauda_equina")
    assert client.session is not None
    symptom = Match("bladder_bowel", "I can't control my bladder")
    envelope = client.envelopes.intent(
        client.session, "ReportSymptomIntent", {"symptom": slot_json("symptom", symptom)}
    )
    return client, envelope


def test_the_walk_finds_the_enums_alexa_sends_on_an_intent_request() -> None:
    labels = {label(path) for path in PATHS}
    assert "request.<IntentRequest>.dialogState" in labels
    assert "request.<IntentRequest>.intent.confirmationStatus" in labels
    assert (
        "request.<IntentRequest>.intent.slots.dict.resolutions.resolutionsPerAuthority.list"
        ".status.code" in labels
    )
    assert len(PATHS) > 20


def test_the_emergency_turn_as_sent(emergency_turn: tuple[SkillClient, dict[str, Any]]) -> None:
    client, envelope = emergency_turn
    reply = client.send(copy.deepcopy(envelope))
    assert reply.level == "emergency" and "drive yourself" in reply.speech


def test_no_unknown_enum_value_costs_the_emergency_advice(
    emergency_turn: tuple[SkillClient, dict[str, Any]],
) -> None:
    client, envelope = emergency_turn
    failures = []
    for path in PATHS:
        planted = copy.deepcopy(envelope)
        plant({"envelope": planted}, "envelope", path, UNKNOWN)
        response = client.handler(planted, None)
        ssml = response.get("response", {}).get("outputSpeech", {}).get("ssml", "")
        if "drive yourself" not in ssml or "911" not in ssml:
            failures.append(label(path))
    assert not failures, f"{len(failures)} of {len(PATHS)}: {failures[:10]}"


def test_an_object_type_the_model_does_not_know_yet_is_left_out(
    emergency_turn: tuple[SkillClient, dict[str, Any]],
) -> None:
    client, envelope = emergency_turn
    planted = copy.deepcopy(envelope)
    slot = planted["request"]["intent"]["slots"]["symptom"]
    slot["slotValue"] = {"type": "SomethingNew", "value": "x"}
    planted["context"]["Viewports"] = [{"type": "SOMETHING_NEW"}]
    response = client.handler(planted, None)
    assert "drive yourself" in response["response"]["outputSpeech"]["ssml"]


def test_an_unknown_value_is_a_warning_naming_the_type_not_an_error(
    emergency_turn: tuple[SkillClient, dict[str, Any]],
) -> None:
    client, envelope = emergency_turn
    planted = copy.deepcopy(envelope)
    planted["request"]["dialogState"] = UNKNOWN
    with recording_logs(logging.INFO) as logs:
        response = client.handler(planted, None)
    assert "drive yourself" in response["response"]["outputSpeech"]["ssml"]
    assert logs.errors() == []
    warnings = [r.getMessage() for r in logs.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "DialogState" in warnings[0] and UNKNOWN not in warnings[0]
