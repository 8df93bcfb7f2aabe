"""Alexa's interaction model rules, checked before the console sees them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interaction_model.builder import build_all, model_path
from interaction_model.languages import Language, for_language, for_locale

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


Found = Iterable[tuple[str, str]]  # (rule, message)


def lint_model(
    model: dict[str, Any], where: str = "model", language: Language | None = None
) -> list[Problem]:
    """Every rule the model breaks (empty when Alexa would accept it), for a model in
    `language` (default English): its launch words, articles and help words."""
    language = language or for_language("en")
    size = len(json.dumps(model, ensure_ascii=False).encode("utf-8"))
    problems = []
    if size > MAX_MODEL_BYTES:
        problems.append(
            Problem("model-size", where, f"model is {size} bytes, over Alexa's {MAX_MODEL_BYTES}")
        )
    try:
        language_model = model["interactionModel"]["languageModel"]
        intents: list[dict[str, Any]] = language_model["intents"]
    except (KeyError, TypeError):
        return [*problems, Problem("structure", where, "no interactionModel.languageModel.intents")]
    types: list[dict[str, Any]] = language_model.get("types", [])
    invocation = _invocation_problems(language_model.get("invocationName", ""), language)
    rules: list[Found] = [
        (("invocation-name", message) for message in invocation),
        _intent_problems(intents),
        _slot_problems(intents, types),
        _sample_problems(intents, language.words.help_words),
        _duplicate_samples(intents),
        _sample_shapes(intents, types),
        _value_problems(types),
    ]
    return problems + [Problem(rule, where, message) for found in rules for rule, message in found]


def _intent_problems(intents: list[dict[str, Any]]) -> Found:
    if len(intents) > MAX_INTENTS:
        yield "intent-count", f"{len(intents)} intents, over Alexa's {MAX_INTENTS}"
    names = [intent.get("name", "") for intent in intents]
    for required in REQUIRED_BUILTINS:
        if required not in names:
            yield "required-builtin", f"{required} is missing"
    for name in sorted({n for n in names if names.count(n) > 1}):
        yield "duplicate-intent", f"intent {name} is defined more than once"


def _slots(intent: dict[str, Any]) -> dict[str, str]:
    return {s.get("name", ""): s.get("type", "") for s in intent.get("slots", [])}


def _slot_problems(intents: list[dict[str, Any]], types: list[dict[str, Any]]) -> Found:
    defined_types = {t.get("name", "") for t in types}
    for intent in intents:
        name = intent.get("name", "")
        for slot, slot_type in _slots(intent).items():
            if not slot_type.startswith("AMAZON.") and slot_type not in defined_types:
                yield "slot-type", f"{name}.{slot} has type {slot_type!r}, which is not defined"


def _sample_problems(intents: list[dict[str, Any]], help_words: frozenset[str]) -> Found:
    says_help = re.compile(rf"\b(?:{'|'.join(sorted(help_words))})", re.IGNORECASE)
    for intent in intents:
        name, slots = intent.get("name", ""), _slots(intent)
        for sample in intent.get("samples", []):
            for ref in _SLOT_REF.findall(sample):
                if ref not in slots:
                    yield "slot-reference", f"{name}: {sample!r} uses {{{ref}}}, not its slot"
            if not _VALUE_TEXT.fullmatch(_SLOT_REF.sub("slot", sample)):
                yield "sample-characters", f"{name}: {sample!r} has characters Alexa refuses"
            if not name.startswith("AMAZON.") and says_help.search(sample):
                yield "help-sample", f"{name}: {sample!r} says help, AMAZON.HelpIntent's word"


def _duplicate_samples(intents: list[dict[str, Any]]) -> Found:
    owner: dict[str, str] = {}
    for intent in intents:
        name = intent.get("name", "")
        for sample in intent.get("samples", []):
            key = _words(sample)
            if key not in owner:
                owner[key] = name
            elif owner[key] == name:
                yield "duplicate-sample", f"{name}: {sample!r} appears twice"
            else:
                yield "duplicate-sample", f"{sample!r} is in {owner[key]} and {name}"


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def _sample_shapes(intents: list[dict[str, Any]], types: list[dict[str, Any]]) -> Found:
    """No two samples of different intents may have one shape: the same words once each slot
    is a placeholder naming its type, or the same but for one word where one says a slot and
    the other a one-word value of that slot's type ("tell me about {condition}", "tell me about
    posture"), or each says a one-word value of the same type. Alexa tells slots of different
    types apart by their values (no value is in two types: the duplicate-value rule), so the
    placeholder keeps the type. Identical samples are the duplicate-sample rule's."""
    values = _one_word_values(types)
    seen: dict[tuple[str, ...], tuple[str, str]] = {}
    for intent in intents:
        name, slots = intent.get("name", ""), _slots(intent)
        for sample in intent.get("samples", []):
            for key in _shape_keys(sample, slots, values):
                other, said = seen.setdefault(key, (name, sample))
                if other != name and _words(said) != _words(sample):
                    yield "sample-shape", f"{name}: {sample!r} has the shape of {other}'s {said!r}"
                    break


def _one_word_values(types: list[dict[str, Any]]) -> dict[str, str]:
    """Each value or synonym of one word -> its slot type."""
    found = {}
    for slot_type in types:
        for value in slot_type.get("values", []):
            name_block = value.get("name", {})
            for text in [name_block.get("value", ""), *name_block.get("synonyms", [])]:
                if len(text.split()) == 1:
                    found[text.lower()] = slot_type.get("name", "")
    return found


def _shape_keys(
    sample: str, slots: dict[str, str], values: dict[str, str]
) -> list[tuple[str, ...]]:
    """The sample's shape, and its shape with any one slot or slot-value word left open."""
    words = _SLOT_REF.sub(lambda ref: f"{{{slots.get(ref.group(1), '')}}}", sample.lower()).split()
    keys = [tuple(words)]
    for i, word in enumerate(words):
        slot_type = word[1:-1] if word.startswith("{") else values.get(word)
        if slot_type is not None:
            keys.append((*words[:i], f"<{slot_type}>", *words[i + 1 :]))
    return keys


def _value_problems(types: list[dict[str, Any]]) -> Found:
    for slot_type in types:
        type_name = slot_type.get("name", "")
        ids: set[str] = set()
        heard: dict[str, str] = {}
        for value in slot_type.get("values", []):
            value_id = str(value.get("id", ""))
            if value_id in ids:
                yield "duplicate-value", f"{type_name}: id {value_id!r} appears twice"
            ids.add(value_id)
            name_block = value.get("name", {})
            for text in [name_block.get("value", ""), *name_block.get("synonyms", [])]:
                yield from _value_text_problems(f"{type_name}.{value_id}", text)
                key = _words(text)
                if heard.get(key, value_id) != value_id:
                    yield "duplicate-value", f"{type_name}: {text!r} in {heard[key]} and {value_id}"
                heard.setdefault(key, value_id)


def _value_text_problems(where: str, text: str) -> Found:
    if len(text) > MAX_VALUE_CHARS:
        yield "value-length", f"{where}: {text[:30]!r}... is over {MAX_VALUE_CHARS} chars"
    if not _VALUE_TEXT.fullmatch(text):
        yield "value-characters", f"{where}: {text!r} has characters Alexa refuses"


def _invocation_problems(name: str, language: Language) -> Iterable[str]:
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
    if launch := sorted(set(words) & language.launch_words):
        yield f"{name!r} contains launch or wake words: {', '.join(launch)}"
    if len(words) == 2 and set(words) & language.articles_and_prepositions:
        yield f"{name!r}: a two-word name cannot contain an article or preposition"


def lint_command(paths: list[str]) -> int:
    """Lint the given files, or a fresh build and the committed files of every locale."""
    targets: list[tuple[str, str, dict[str, Any]]] = []
    if paths:
        for path in paths:
            # A built model is named after its locale (en-GB.json); any other file is English.
            stem = Path(path).stem
            locale = stem if re.fullmatch(r"[a-z]{2}-[A-Z]{2}", stem) else "en-US"
            model = json.loads(Path(path).read_text(encoding="utf-8"))
            targets.append((path, locale, model))
    else:
        for locale, text in build_all().items():
            targets.append((f"source ({locale})", locale, json.loads(text)))
            committed = model_path(locale)
            if committed.exists():
                model = json.loads(committed.read_text(encoding="utf-8"))
                targets.append((str(committed), locale, model))
    failed = False
    for where, locale, model in targets:
        problems = lint_model(model, where, for_locale(locale))
        for problem in problems:
            print(problem)
        failed = failed or bool(problems)
        if not problems:
            print(f"{where}: ok")
    return 1 if failed else 0
