"""Reading the sources of the voice model into plain data: model.toml for English, and one
``model.<language>.toml`` beside it per other language (model.es.toml), each declaring its
``language`` and the locales it builds."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SOURCE_PATH = Path(__file__).with_name("model.toml")


def source_paths(directory: Path = SOURCE_PATH.parent) -> list[Path]:
    """model.toml first, then every other language's source, by name."""
    return [directory / "model.toml", *sorted(directory.glob("model.*.toml"))]


@dataclass(frozen=True)
class IntentSource:
    name: str
    slots: dict[str, str]
    samples: list[str]
    locale_samples: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class ValueSource:
    id: str
    name: str
    synonyms: list[str]
    locale_synonyms: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class ModelSource:
    invocation: str
    locales: list[str]
    builtins: list[str]
    intents: list[IntentSource]
    # Samples added to built-in intents (Alexa matches these exactly), per intent.
    builtin_samples: dict[str, list[str]]
    types: dict[str, list[ValueSource]]
    # The language its samples are written in ("en", "es"): how the resolver and the linter
    # read them (interaction_model/languages.py).
    language: str = "en"


def load_source(path: Path = SOURCE_PATH) -> ModelSource:
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    locales = [str(locale) for locale in raw["locales"]]
    intents = [_intent(name, body, locales) for name, body in raw.get("intents", {}).items()]
    types = {
        type_name: [_value(value_id, body, locales) for value_id, body in values.items()]
        for type_name, values in raw.get("types", {}).items()
    }
    return ModelSource(
        invocation=str(raw["invocation"]),
        locales=locales,
        builtins=[str(name) for name in raw.get("builtins", [])],
        intents=intents,
        types=types,
        builtin_samples={
            str(name): [str(sample) for sample in samples]
            for name, samples in raw.get("builtin_samples", {}).items()
        },
        language=str(raw.get("language", "en")),
    )


def load_sources(paths: list[Path] | None = None) -> list[ModelSource]:
    """Every language's source; no locale may be built by two of them."""
    sources = [load_source(path) for path in (paths or source_paths())]
    seen: dict[str, str] = {}
    for source in sources:
        for locale in source.locales:
            if locale in seen:
                raise ValueError(f"locale {locale} is in the {seen[locale]} and "
                                 f"{source.language} sources")
            seen[locale] = source.language
    return sources


def _intent(name: str, body: dict[str, Any], locales: list[str]) -> IntentSource:
    return IntentSource(
        name=name,
        slots={str(slot): str(kind) for slot, kind in body.get("slots", {}).items()},
        samples=[str(sample) for sample in body.get("samples", [])],
        locale_samples={loc: [str(s) for s in body[loc]] for loc in locales if loc in body},
    )


def _value(value_id: str, body: dict[str, Any], locales: list[str]) -> ValueSource:
    return ValueSource(
        id=value_id,
        name=str(body["name"]),
        synonyms=[str(synonym) for synonym in body.get("synonyms", [])],
        locale_synonyms={loc: [str(s) for s in body[loc]] for loc in locales if loc in body},
    )
