"""`python -m interaction_model export-annotations`: the held-out sets as NLU Evaluation Tool
annotation sets, in the shape SMAPI documents (tests/fixtures/annotations/)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from interaction_model.annotations import (
    REFERENCE_TIMESTAMP,
    Line,
    _reference_day,
    annotation,
    heldout_lines,
)
from interaction_model.builder import model_path
from interaction_model.cli import main
from interaction_model.resolver import Resolver

FIXTURES = Path(__file__).parent / "fixtures" / "annotations"
SCHEMA = json.loads((FIXTURES / "nlu-annotation-set.schema.json").read_text())
LOCALES = ("en-US", "en-GB")
SETS = ("answers", "negations", "conversations")


def problems(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """The parts of JSON Schema the fixture uses: type, required, properties,
    additionalProperties, items, pattern."""
    kinds: dict[type, str] = {dict: "object", list: "array", str: "string"}
    if kinds.get(type(value)) != schema["type"]:
        return [f"{where}: not {schema['type']}"]
    if isinstance(value, str):
        return [] if re.search(schema.get("pattern", ""), value) else [f"{where}: {value!r}"]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in problems(item, schema["items"],
                                                                    f"{where}[{i}]")]
    found = [f"{where}: no {key}" for key in schema.get("required", []) if key not in value]
    for key, item in value.items():
        inner = schema.get("properties", {}).get(key, schema.get("additionalProperties"))
        if inner is False or inner is None:
            found.append(f"{where}: unexpected {key}")
        else:
            found += problems(item, inner, f"{where}.{key}")
    return found


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("annotations")
    assert main(["export-annotations", "--out", str(out)]) == 0
    return out


def test_the_schema_accepts_the_documented_example_and_refuses_other_shapes() -> None:
    example = json.loads((FIXTURES / "documented-example.json").read_text())
    assert problems(example, SCHEMA) == []
    entry = example["data"][0]
    assert problems({"data": [{**entry, "intent": "TravelIntent"}]}, SCHEMA)
    assert problems({"data": [{**entry, "expected": {"intent": {"name": "X"}}}]}, SCHEMA)
    slots = {"fromCity": "seattle"}
    assert problems({"data": [{**entry, "expected": [{"intent": {"name": "X", "slots": slots}}]}]},
                    SCHEMA)


@pytest.mark.slow  # the export resolves every held-out line of both locales
@pytest.mark.parametrize("locale", LOCALES)
def test_one_file_per_set_in_the_documented_shape(exported: Path, locale: str) -> None:
    assert sorted(p.stem for p in (exported / locale).iterdir()) == sorted(SETS)
    for name in SETS:
        body = json.loads((exported / locale / f"{name}.json").read_text())
        assert problems(body, SCHEMA) == [], name


@pytest.mark.slow
@pytest.mark.parametrize("locale", LOCALES)
def test_every_held_out_line_once_with_an_intent_of_the_model(
    exported: Path, locale: str
) -> None:
    model = json.loads(model_path(locale).read_text())["interactionModel"]["languageModel"]
    intents = {intent["name"] for intent in model["intents"]}
    for name, lines in heldout_lines(locale).items():
        data = json.loads((exported / locale / f"{name}.json").read_text())["data"]
        assert [entry["inputs"]["utterance"] for entry in data] == [line.text for line in lines]
        for entry in data:
            assert [e["intent"]["name"] in intents for e in entry["expected"]] == [True]
            assert entry["inputs"]["referenceTimestamp"] == REFERENCE_TIMESTAMP


def test_the_sets_reference_day_is_wednesday_25_november_2026() -> None:
    day = datetime.strptime(REFERENCE_TIMESTAMP, "%Y-%m-%dT%H:%M:%S.%fZ")
    assert (day.year, day.month, day.day, day.strftime("%A")) == (2026, 11, 25, "Wednesday")


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver("en-US", today=_reference_day)


@pytest.mark.parametrize(
    ("line", "intent", "slots"),
    [
        (Line("about three days", "duration", 3.0), "DurationIntent", {"duration": "P3D"}),
        # Alexa gives the coming Sunday; the skill counts back to the last one, three days.
        (Line("since sunday", "duration", 3.0), "DurationIntent", {"since": "2026-11-29"}),
        # A value that does not say the expected duration is not the line's to fix.
        (Line("about three days", "duration", 10.0), "DurationIntent", {}),
        (Line("yes", "yes", None), "AMAZON.YesIntent", {}),
        # A line the resolver sends elsewhere expects its group's first intent.
        (Line("flibber jabber wocky", "hedge", None), "HedgeIntent", {}),
        (Line("flibber jabber wocky", "duration", 3.0), "DurationIntent", {}),
    ],
)
def test_an_annotation_names_the_intent_and_the_slots_the_line_fixes(
    resolver: Resolver, line: Line, intent: str, slots: dict[str, str]
) -> None:
    entry = annotation(line, resolver.resolve(line.text))
    expected = entry["expected"][0]["intent"]
    assert expected["name"] == intent
    assert {k: v["value"] for k, v in expected.get("slots", {}).items()} == slots
    assert entry["inputs"] == {"utterance": line.text, "referenceTimestamp": REFERENCE_TIMESTAMP}
