"""Alexa's interaction model rules (../shared/ALEXA.md), checked before the console sees them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interaction_model.builder import build_all, model_path

MAX_MODEL_BYTES = 1_500_000
MAX_INTENTS = 250
MAX_VALUE_CHARS = 140
REQUIRED_BUILTINS = (
    "AMAZON.CancelIntent",
    "AMAZON.HelpIntent",
    "AMAZON.StopIntent",
    "AMAZON.NavigateHomeIntent",
    "AMAZON.FallbackIntent",
    # Not required by Alexa, but this skill asks yes/no questions and users expect these.
    "AMAZON.YesIntent",
    "AMAZON.NoIntent",
    "AMAZON.RepeatIntent",
    "AMAZON.StartOverIntent",
)
LAUNCH_WORDS = frozenset(
    {
        "ask",
        "tell",
        "open",
        "launch",
        "begin",
        "start",
        "load",
        "play",
        "resume",
        "run",
        "use",
        "alexa",
        "amazon",
        "echo",
        "computer",
        "skill",
        "app",
    }
)
ARTICLES_AND_PREPOSITIONS = frozenset(
    {"a", "an", "the", "for", "to", "of", "with", "by", "in", "on", "at", "from", "about"}
)
# A word: letters, with inner hyphens or underscores, an abbreviation letter with its period
# ("s."), or a contraction or possessive ("can't", "clinic's"). Alexa accepts apostrophes in
# contractions in practice; anything else (digits, other punctuation) is refused.
_WORD = r"(?:[^\W\d_]\.|[^\W\d_]+(?:[-_][^\W\d_]+)*(?:'(?:s|t|m|re|ve|ll|d))?)"
_VALUE_TEXT = re.compile(rf"{_WORD}(?: {_WORD})*")
_SLOT_REF = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Problem:
    rule: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: [{self.rule}] {self.message}"


def lint_model(model: dict[str, Any], where: str = "model") -> list[Problem]:
    """Every rule the model breaks (empty when Alexa would accept it)."""
    problems: list[Problem] = []

    def report(rule: str, message: str) -> None:
        problems.append(Problem(rule, where, message))

    size = len(json.dumps(model, ensure_ascii=False).encode("utf-8"))
    if size > MAX_MODEL_BYTES:
        report("model-size", f"model is {size} bytes, over Alexa's {MAX_MODEL_BYTES}")
    try:
        language_model = model["interactionModel"]["languageModel"]
        intents: list[dict[str, Any]] = language_model["intents"]
    except (KeyError, TypeError):
        report("structure", "no interactionModel.languageModel.intents")
        return problems
    types: list[dict[str, Any]] = language_model.get("types", [])

    for message in _invocation_problems(language_model.get("invocationName", "")):
        report("invocation-name", message)
    if len(intents) > MAX_INTENTS:
        report("intent-count", f"{len(intents)} intents, over Alexa's {MAX_INTENTS}")
    names = [intent.get("name", "") for intent in intents]
    for required in REQUIRED_BUILTINS:
        if required not in names:
            report("required-builtin", f"{required} is missing")
    for name in sorted({n for n in names if names.count(n) > 1}):
        report("duplicate-intent", f"intent {name} is defined more than once")

    defined_types = {t.get("name", "") for t in types}
    owner: dict[str, str] = {}
    for intent in intents:
        name = intent.get("name", "")
        slots = {s.get("name", ""): s.get("type", "") for s in intent.get("slots", [])}
        for slot, slot_type in slots.items():
            if not slot_type.startswith("AMAZON.") and slot_type not in defined_types:
                report("slot-type", f"{name}.{slot} has type {slot_type!r}, which is not defined")
        for sample in intent.get("samples", []):
            for ref in _SLOT_REF.findall(sample):
                if ref not in slots:
                    report(
                        "slot-reference", f"{name}: {sample!r} uses {{{ref}}}, not a slot of {name}"
                    )
            text = _SLOT_REF.sub("slot", sample)
            if not _VALUE_TEXT.fullmatch(text):
                report("sample-characters", f"{name}: {sample!r} has characters Alexa refuses")
            if not name.startswith("AMAZON.") and re.search(r"\bhelp", sample, re.IGNORECASE):
                report(
                    "help-sample",
                    f"{name}: {sample!r} says help, taking AMAZON.HelpIntent's phrases",
                )
            key = " ".join(sample.lower().split())
            if key in owner:
                if owner[key] == name:
                    report("duplicate-sample", f"{name}: {sample!r} appears twice")
                else:
                    report("duplicate-sample", f"{sample!r} is in {owner[key]} and {name}")
            else:
                owner[key] = name

    for slot_type in types:
        type_name = slot_type.get("name", "")
        ids: set[str] = set()
        heard: dict[str, str] = {}
        for value in slot_type.get("values", []):
            value_id = str(value.get("id", ""))
            if value_id in ids:
                report("duplicate-value", f"{type_name}: id {value_id!r} appears twice")
            ids.add(value_id)
            name_block = value.get("name", {})
            for text in [name_block.get("value", ""), *name_block.get("synonyms", [])]:
                if len(text) > MAX_VALUE_CHARS:
                    report(
                        "value-length",
                        f"{type_name}.{value_id}: {text[:30]!r}... is over {MAX_VALUE_CHARS} chars",
                    )
                if not _VALUE_TEXT.fullmatch(text):
                    report(
                        "value-characters",
                        f"{type_name}.{value_id}: {text!r} has characters Alexa refuses",
                    )
                key = " ".join(text.lower().split())
                if heard.get(key, value_id) != value_id:
                    report(
                        "duplicate-value",
                        f"{type_name}: {text!r} is in {heard[key]} and {value_id}",
                    )
                heard.setdefault(key, value_id)
    return problems


def _invocation_problems(name: str) -> Iterable[str]:
    words = name.split()
    if not 2 <= len(name) <= 50:
        yield f"{name!r} must be 2 to 50 characters"
    if name != name.lower():
        yield f"{name!r} must be lowercase"
    if re.search(r"\d", name):
        yield f"{name!r} must spell numbers out"
    if not re.fullmatch(r"[a-z' .]+", name.lower()):
        yield f"{name!r} may only have letters, spaces, apostrophes and periods"
    if len(words) < 2:
        yield f"{name!r} must have at least two words"
    if launch := sorted(set(words) & LAUNCH_WORDS):
        yield f"{name!r} contains launch or wake words: {', '.join(launch)}"
    if len(words) == 2 and set(words) & ARTICLES_AND_PREPOSITIONS:
        yield f"{name!r}: a two-word name cannot contain an article or preposition"


def lint_command(paths: list[str]) -> int:
    """Lint the given files, or a fresh build and the committed files of every locale."""
    targets: list[tuple[str, dict[str, Any]]] = []
    if paths:
        for path in paths:
            targets.append((path, json.loads(Path(path).read_text(encoding="utf-8"))))
    else:
        for locale, text in build_all().items():
            targets.append((f"source ({locale})", json.loads(text)))
            committed = model_path(locale)
            if committed.exists():
                targets.append((str(committed), json.loads(committed.read_text(encoding="utf-8"))))
    failed = False
    for where, model in targets:
        problems = lint_model(model, where)
        for problem in problems:
            print(problem)
        failed = failed or bool(problems)
        if not problems:
            print(f"{where}: ok")
    return 1 if failed else 0
