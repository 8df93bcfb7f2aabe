"""Reading the sources of the voice model into plain data: one file per language.

``model.toml`` is English's; another language's is ``model.<language>.toml`` beside it (Spanish:
``model.es.toml``), in the same format, with ``language = "<language>"`` and its own
invocation name and ``locales``. Each locale is in exactly one source.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SOURCE_PATH = Path(__file__).with_name("model.toml")
SOURCE_DIR = SOURCE_PATH.parent


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
    language: str
    invocation: str
    locales: list[str]
    builtins: list[str]
    intents: list[IntentSource]
    # Samples added to built-in intents (Alexa matches these exactly), per intent.
    builtin_samples: dict[str, list[str]]
    types: dict[str, list[ValueSource]]


def load_source(path: Path = SOURCE_PATH) -> ModelSource:
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    language = str(raw.get("language", "en"))
    locales = [str(locale) for locale in raw["locales"]]
    # A locale that also takes another's own samples and synonyms (en-AU speaks much like
    # en-GB: physio, GP, "me mum"): its model has both locales' additions.
    also = {str(locale): [str(other) for other in others]
            for locale, others in raw.get("also", {}).items()}
    strangers = [locale for locale in locales if not locale.startswith(f"{language}-")]
    if strangers:
        raise ValueError(f"{path}: {', '.join(strangers)} not of its language {language!r}")
    intents = [
        _intent(name, body, locales, also) for name, body in raw.get("intents", {}).items()
    ]
    types = {
        type_name: [_value(value_id, body, locales, also) for value_id, body in values.items()]
        for type_name, values in raw.get("types", {}).items()
    }
    return ModelSource(
        language=language,
        invocation=str(raw["invocation"]),
        locales=locales,
        builtins=[str(name) for name in raw.get("builtins", [])],
        intents=intents,
        types=types,
        builtin_samples={
            str(name): [str(sample) for sample in samples]
            for name, samples in raw.get("builtin_samples", {}).items()
        },
    )


def _intent(
    name: str, body: dict[str, Any], locales: list[str], also: dict[str, list[str]]
) -> IntentSource:
    return IntentSource(
        name=name,
        slots={str(slot): str(kind) for slot, kind in body.get("slots", {}).items()},
        samples=[str(sample) for sample in body.get("samples", [])],
        locale_samples=_per_locale(body, locales, also),
    )


def _value(
    value_id: str, body: dict[str, Any], locales: list[str], also: dict[str, list[str]]
) -> ValueSource:
    return ValueSource(
        id=value_id,
        name=str(body["name"]),
        synonyms=[str(synonym) for synonym in body.get("synonyms", [])],
        locale_synonyms=_per_locale(body, locales, also),
    )


def _per_locale(
    body: dict[str, Any], locales: list[str], also: dict[str, list[str]]
) -> dict[str, list[str]]:
    """Each locale's own additions: its key's, after those of the locales it also takes."""
    found: dict[str, list[str]] = {}
    for locale in locales:
        keys = [*also.get(locale, []), locale]
        added = [str(item) for key in keys for item in body.get(key, [])]
        if added:
            found[locale] = added
    return found


def source_paths(directory: Path = SOURCE_DIR) -> list[Path]:
    """Every language's source: model.toml (English) and model.<language>.toml."""
    return sorted(directory.glob("model*.toml"))


def load_sources(directory: Path = SOURCE_DIR) -> list[ModelSource]:
    """Every language's source; a locale named by two sources is an error."""
    sources = [load_source(path) for path in source_paths(directory)]
    seen: set[str] = set()
    for source in sources:
        twice = seen & set(source.locales)
        if twice:
            raise ValueError(f"locales in two model sources: {', '.join(sorted(twice))}")
        seen |= set(source.locales)
    return sources
