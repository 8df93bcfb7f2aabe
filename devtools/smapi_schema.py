"""skill.json and the interaction models against the Skill Management API's published schema.

The schema is `spec.json` of the npm package ask-smapi-model (pinned in package-lock.json),
a Swagger 2.0 document whose `definitions` are JSON Schema with two additions that a JSON
Schema validator does not understand:

- `discriminator`: an object's `type` (for example) picks which subtype it is; the subtypes
  are definitions `allOf: [base, ...]` with `x-discriminator-value`. Here each such base is
  rewritten so that its discriminator value must be one of its subtypes' and the object must
  then match that subtype (if/then), which checks an interface's or a validation's own keys;
- unknown keys: the definitions do not say `additionalProperties: false` (it cannot be said
  of a schema made with allOf), so a separate walk reports every key that no property of the
  schema (its allOf parts and its discriminated subtype included) names.

Formats (`uri`) are not asserted; the endpoint's pattern is.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "node_modules" / "ask-smapi-model" / "spec.json"
MANIFEST = "v1.skill.Manifest.SkillManifestEnvelope"
INTERACTION_MODEL = "v1.skill.interactionModel.InteractionModelData"
_REF = "#/definitions/"
_BASE = "__base"
# Discriminator values Alexa's skill manifest reference documents but spec.json has no subtype
# for, as they carry nothing beyond their type: the custom interface CanFulfillIntentRequest
# (declared as {"type": "CAN_FULFILL_INTENT_REQUEST"}) has no definition of its own.
VALUES_WITHOUT_SUBTYPE = {"v1.skill.Manifest.Interface": ("CAN_FULFILL_INTENT_REQUEST",)}

Json = Any


class SmapiSchema:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.source: dict[str, Any] = spec["definitions"]
        # base definition -> {discriminator value -> subtype definition}
        self.subtypes: dict[str, dict[str, str]] = {}
        for name, definition in self.source.items():
            value = definition.get("x-discriminator-value")
            for part in definition.get("allOf", ()):
                base = part.get("$ref", "").removeprefix(_REF)
                if value is not None and "discriminator" in self.source.get(base, {}):
                    self.subtypes.setdefault(base, {})[value] = name
        self.definitions = self._rewritten()

    def _rewritten(self) -> dict[str, Any]:
        definitions = copy.deepcopy(self.source)
        for base, subtypes in self.subtypes.items():
            original = definitions[base]
            key = original["discriminator"]
            definitions[base + _BASE] = original
            definitions[base] = {
                "allOf": [
                    {"$ref": _REF + base + _BASE},
                    {
                        "properties": {
                            key: {
                                "enum": sorted([*subtypes, *VALUES_WITHOUT_SUBTYPE.get(base, ())])
                            }
                        }
                    },
                    *(
                        {
                            "if": {"properties": {key: {"const": value}}, "required": [key]},
                            "then": {"$ref": _REF + subtype},
                        }
                        for value, subtype in sorted(subtypes.items())
                    ),
                ]
            }
            for subtype in subtypes.values():
                for part in definitions[subtype].get("allOf", ()):
                    if part.get("$ref") == _REF + base:
                        part["$ref"] = _REF + base + _BASE
        return definitions

    def errors(self, instance: Json, definition: str) -> list[str]:
        """Every way `instance` breaks the definition: schema errors, then unknown keys."""
        schema = {"$ref": _REF + definition, "definitions": self.definitions}
        validator = Draft7Validator(schema)
        found = [
            f"{_path(error.absolute_path)}: {error.message}"
            for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
        ]
        found += [
            f"{path}: unknown key"
            for path in self._unknown(instance, {"$ref": _REF + definition}, "")
        ]
        return found

    # The walk for unknown keys reads the original definitions.

    def _resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.source[schema["$ref"].removeprefix(_REF)]
        return schema

    def _parts(
        self, schema: dict[str, Any], instance: dict[str, Any], seen: frozenset[str] = frozenset()
    ) -> Iterator[dict[str, Any]]:
        """The schema and everything it is made of, for this instance's discriminator (a
        subtype names its base among its parts: each definition is read once)."""
        name = schema.get("$ref", "").removeprefix(_REF)
        if name in seen:
            return
        seen = seen | {name}
        schema = self._resolve(schema)
        yield schema
        for part in schema.get("allOf", ()):
            yield from self._parts(part, instance, seen)
        key = schema.get("discriminator")
        value = instance.get(key) if isinstance(key, str) else None
        subtype = self.subtypes.get(name, {}).get(value) if isinstance(value, str) else None
        if subtype is not None:
            yield from self._parts({"$ref": _REF + subtype}, instance, seen)

    def _unknown(self, instance: Json, schema: dict[str, Any], path: str) -> Iterator[str]:
        if isinstance(instance, list):
            items = self._resolve(schema).get("items")
            if isinstance(items, dict):
                for index, item in enumerate(instance):
                    yield from self._unknown(item, items, f"{path}/{index}")
            return
        if not isinstance(instance, dict):
            return
        properties: dict[str, Any] = {}
        additional: Any = None
        for part in self._parts(schema, instance):
            properties.update(part.get("properties", {}))
            additional = part.get("additionalProperties", additional)
        if not properties and additional is None:
            return  # a free-form object
        for key, value in instance.items():
            if key in properties:
                yield from self._unknown(value, properties[key], f"{path}/{key}")
            elif isinstance(additional, dict):
                yield from self._unknown(value, additional, f"{path}/{key}")
            else:
                yield f"{path}/{key}"


def _path(parts: Any) -> str:
    return "/" + "/".join(str(part) for part in parts)


@cache
def load(spec: Path = SPEC) -> SmapiSchema:
    return SmapiSchema(json.loads(spec.read_text(encoding="utf-8")))
