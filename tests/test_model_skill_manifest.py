"""skill-package/skill.json: publishing information, example phrases, privacy, events."""

import json
import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest

from hipback.content import for_locale
from interaction_model.builder import REPO_ROOT, model_path
from interaction_model.durations import parse_duration
from interaction_model.locales import locales
from interaction_model.normalize import normalize, normalize_utterance

MANIFEST = json.loads((REPO_ROOT / "skill-package" / "skill.json").read_text())["manifest"]
LOCALES = list(locales())
LAUNCH = re.compile(r"^alexa, (open|launch|start) hip and back helper$", re.IGNORECASE)
ONE_SHOT = re.compile(r"^alexa, (ask|tell) hip and back helper (to )?(?P<rest>.+)$", re.IGNORECASE)


class Listing(NamedTuple):
    """A language's store listing: the skill's name, the disclaimer's words, how its example
    phrases open, and a question the model must not take for one of its own."""

    name: str
    disclaimer: tuple[str, ...]
    launch: re.Pattern[str]
    one_shot: re.Pattern[str]
    not_a_sample: str


LISTINGS = {
    "en": Listing("Hip and Back Helper", ("general information", "not a diagnosis"), LAUNCH,
                  ONE_SHOT, "what causes knee pain"),
    "es": Listing(
        "Ayuda para Cadera y Espalda", ("información general", "no es un diagnóstico"),
        re.compile(r"^alexa, (abre|inicia|empieza) ayuda para cadera y espalda$", re.IGNORECASE),
        re.compile(r"^alexa, (pregúntale a|pregunta a|pide a|dile a) ayuda para cadera y espalda"
                   r" (que |si )?(?P<rest>.+)$", re.IGNORECASE),
        "qué causa el dolor de rodilla"),
}


def listing(locale: str) -> Listing:
    return LISTINGS[locale.split("-")[0]]


class Samples(NamedTuple):
    """A locale's samples: those without slots as said; the others as their words between the
    slots, with the types of their slots; and each custom type's phrases."""

    plain: frozenset[str]
    with_slots: list[tuple[list[str], list[str]]]
    values: dict[str, set[str]]


@cache
def samples(locale: str) -> Samples:
    """Read once per locale: some 16,000 samples."""
    model = json.loads(model_path(locale).read_text())["interactionModel"]["languageModel"]
    values = {
        t["name"]: {
            normalize(p) for v in t["values"] for p in [v["name"]["value"], *v["name"]["synonyms"]]
        }
        for t in model["types"]
    }
    plain, with_slots = set(), []
    for intent in model["intents"]:
        types = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for sample in intent["samples"]:
            pieces = re.split(r"\{(\w+)\}", sample)
            if len(pieces) == 1:
                plain.add(normalize(sample))
            else:
                words = [normalize(piece) for piece in pieces[::2]]
                with_slots.append((words, [types[name] for name in pieces[1::2]]))
    return Samples(frozenset(plain), with_slots, values)


def is_sample(locale: str, spoken: str) -> bool:
    """Whether a sample, its slots filled with values of their types, says exactly this."""
    known = samples(locale)
    if spoken in known.plain:
        return True
    for words, slots in known.with_slots:
        # A pattern only for the few samples whose words are all in what was said.
        if not all(piece in spoken for piece in words):
            continue
        parts = []
        for index, piece in enumerate(words):
            parts += [re.escape(piece)] if piece else []
            parts += ["(.+)"] if index < len(slots) else []
        match = re.fullmatch(" ".join(parts), spoken)
        if match and all(
            filled(known, kind, text) for kind, text in zip(slots, match.groups(), strict=True)
        ):
            return True
    return False


def filled(known: Samples, kind: str, text: str) -> bool:
    """Whether `text` is a value of the slot type `kind`."""
    if kind == "AMAZON.DURATION":
        return bool(parse_duration(text))
    return text in known.values.get(kind, ())


@pytest.mark.parametrize("locale", LOCALES)
def test_publishing_information(locale):
    info = MANIFEST["publishingInformation"]["locales"][locale]
    assert info["name"] == listing(locale).name
    assert info["summary"] and len(info["keywords"]) >= 3
    description = info["description"].lower()
    for words in listing(locale).disclaimer:
        assert words in description
    # The locale's own emergency number, as its content says it.
    assert for_locale(locale).emergency_number in description


@pytest.mark.parametrize("locale", LOCALES)
def test_example_phrases_are_sample_utterances(locale):
    phrases = MANIFEST["publishingInformation"]["locales"][locale]["examplePhrases"]
    words = listing(locale)
    assert len(phrases) == 3
    assert words.launch.match(phrases[0])
    for phrase in phrases[1:]:
        match = words.one_shot.match(phrase)
        assert match, phrase
        assert is_sample(locale, normalize_utterance(match["rest"])), phrase
    assert not is_sample(locale, normalize_utterance(words.not_a_sample))


def test_privacy_and_compliance():
    assert MANIFEST["privacyAndCompliance"] == {
        "allowsPurchases": False,
        "usesPersonalInfo": False,
        "isChildDirected": False,
        "isExportCompliant": True,
        "containsAds": False,
    }
    # usesHealthInfo is only for HIPAA-eligible skills.
    assert "usesHealthInfo" not in json.dumps(MANIFEST)


def test_events_and_endpoint():
    assert {"eventName": "SKILL_DISABLED"} in MANIFEST["events"]["subscriptions"]
    # Timers and reminders ask for permissions; their events are expected (handlers/requests.py).
    for event in ("SKILL_PERMISSION_ACCEPTED", "SKILL_PERMISSION_CHANGED"):
        assert {"eventName": event} in MANIFEST["events"]["subscriptions"]
    # `ask deploy` (cfn-deployer) writes the endpoints; a committed ARN breaks the first deploy.
    assert "endpoint" not in MANIFEST["apis"]["custom"]
    assert "endpoint" not in MANIFEST["events"]


def test_manifest_is_valid_json_with_every_locale():
    assert set(MANIFEST["publishingInformation"]["locales"]) == set(LOCALES)
    assert Path(REPO_ROOT / "skill-package" / "skill.json").read_text().endswith("\n")
