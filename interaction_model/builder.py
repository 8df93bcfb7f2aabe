"""Building the interaction model JSON that Alexa receives, one file per locale."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from interaction_model.expand import expand_all
from interaction_model.source import ModelSource, load_sources

REPO_ROOT = Path(__file__).resolve().parent.parent
MODELS_DIR = REPO_ROOT / "skill-package" / "interactionModels" / "custom"


def model_path(locale: str, models_dir: Path = MODELS_DIR) -> Path:
    return models_dir / f"{locale}.json"


def build_model(source: ModelSource, locale: str) -> dict[str, Any]:
    """The SMAPI interaction model document for one locale."""
    intents: list[dict[str, Any]] = []
    for intent in source.intents:
        patterns = intent.samples + intent.locale_samples.get(locale, [])
        entry: dict[str, Any] = {"name": intent.name}
        if intent.slots:
            entry["slots"] = [{"name": slot, "type": kind} for slot, kind in intent.slots.items()]
        entry["samples"] = expand_all(patterns)
        intents.append(entry)
    intents += [
        {"name": name, "samples": expand_all(source.builtin_samples.get(name, []))}
        for name in source.builtins
    ]

    types: list[dict[str, Any]] = []
    for type_name, values in source.types.items():
        built_values = []
        for value in values:
            synonyms = expand_all(value.synonyms + value.locale_synonyms.get(locale, []))
            built_values.append(
                {
                    "id": value.id,
                    "name": {
                        "value": value.name,
                        "synonyms": [s for s in synonyms if s != value.name],
                    },
                }
            )
        types.append({"name": type_name, "values": built_values})

    return {
        "interactionModel": {
            "languageModel": {
                "invocationName": source.invocation,
                "intents": intents,
                "types": types,
            }
        },
        "version": "1",
    }


def render(model: dict[str, Any]) -> str:
    """The exact text written to disk, so a drift check can compare strings."""
    return json.dumps(model, indent=2, ensure_ascii=False) + "\n"


def build_all(sources: list[ModelSource] | None = None) -> dict[str, str]:
    """Rendered JSON text per locale, of every language's source."""
    return {
        locale: render(build_model(source, locale))
        for source in (sources if sources is not None else load_sources())
        for locale in source.locales
    }


def write_all(models_dir: Path = MODELS_DIR) -> list[Path]:
    models_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for locale, text in build_all().items():
        path = model_path(locale, models_dir)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale_models(models_dir: Path = MODELS_DIR) -> list[str]:
    """Locales whose committed JSON differs from a fresh build (or is missing)."""
    stale = []
    for locale, text in build_all().items():
        path = model_path(locale, models_dir)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(locale)
    return stale
