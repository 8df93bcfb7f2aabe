"""The voice model's source, its expansion and the built JSON that Alexa receives."""

import json
from typing import Any

import pytest

from hipback.handlers.someone_else import PRONOUN_OF
from hipback.persistence.record import STYLES
from hipback.triage import ALL_SIGNS, CONDITIONS, EMERGENCIES, LOCATIONS
from hipback.triage.hours import VAGUE_DURATIONS
from hipback.triage.reading import HEDGE_REPLIES, PROGRESS_REPLIES
from interaction_model.builder import build_model, model_path, stale_models
from interaction_model.expand import ExpansionError, expand
from interaction_model.source import load_source

# Intents a user may open with; each needs enough samples for Alexa to generalise.
OPENING_INTENTS = (
    "StartAssessmentIntent",
    "ReportSymptomIntent",
    "CausesIntent",
    "ConditionInfoIntent",
    "HeatIceIntent",
    "FastestReliefIntent",
    "WhenToWorryIntent",
    "OneSidedPainIntent",
    "PhysicalTherapyIntent",
    "SurgeryIntent",
    "MedicationIntent",
    "AlternativeTherapyIntent",
    "HomeCareIntent",
    "ContactClinicIntent",
    "DurationIntent",
    "HedgeIntent",
    "SetPreferenceIntent",
    "ForgetMeIntent",
)
ARCHITECTURE_SLOTS = {
    "StartAssessmentIntent": {
        "duration": "AMAZON.DURATION",
        "vagueDuration": "VAGUE_DURATION",
        "symptom": "WARNING_SIGN",
        "location": "PAIN_LOCATION",
        "since": "AMAZON.DATE",
    },
    "DurationIntent": {
        "duration": "AMAZON.DURATION",
        "vagueDuration": "VAGUE_DURATION",
        "symptom": "WARNING_SIGN",
        "since": "AMAZON.DATE",
        "noSymptom": "WARNING_SIGN",
    },
    "HedgeIntent": {"hedge": "HEDGE", "symptom": "WARNING_SIGN"},
    "ReportSymptomIntent": {"symptom": "WARNING_SIGN", "location": "PAIN_LOCATION"},
    "CausesIntent": {"location": "PAIN_LOCATION"},
    "ConditionInfoIntent": {"condition": "CONDITION", "symptom": "WARNING_SIGN"},
    "ImagingIntent": {"finding": "CONDITION", "symptom": "WARNING_SIGN"},
    "RecoveryTimeIntent": {"symptom": "WARNING_SIGN"},
    "SeeDoctorIntent": {"symptom": "WARNING_SIGN"},
    "PregnancyIntent": {"symptom": "WARNING_SIGN"},
    "SetPreferenceIntent": {"style": "ANSWER_STYLE"},
}
# Slot type values are the skill's own ids: the triage core's signs, durations, locations and
# conditions, and the answer styles a user can choose.
ARCHITECTURE_IDS = {
    "WARNING_SIGN": set(ALL_SIGNS),
    "VAGUE_DURATION": set(VAGUE_DURATIONS),
    "PAIN_LOCATION": set(LOCATIONS),
    "CONDITION": set(CONDITIONS),
    "ANSWER_STYLE": set(STYLES) - {"standard"},
    "HEDGE": set(HEDGE_REPLIES),
    "PROGRESS": set(PROGRESS_REPLIES),
    "EMERGENCY": set(EMERGENCIES),
    "PERSON": set(PRONOUN_OF),
}


def language_model(locale: str) -> dict[str, Any]:
    model: dict[str, Any] = json.loads(model_path(locale).read_text())
    language: dict[str, Any] = model["interactionModel"]["languageModel"]
    return language


def test_expand_alternatives_options_and_nesting():
    assert expand("(what|what's) causes {location} pain") == [
        "what causes {location} pain",
        "what's causes {location} pain",
    ]
    assert expand("is [it] (bad|(very|really) sore)") == [
        "is it bad",
        "is it very sore",
        "is it really sore",
        "is bad",
        "is very sore",
        "is really sore",
    ]
    assert expand("(a|) fever") == ["a fever", "fever"]


@pytest.mark.parametrize("pattern", ["(a|b", "a)b", "[a", "a|b)"])
def test_expand_rejects_unbalanced_patterns(pattern):
    with pytest.raises(ExpansionError):
        expand(pattern)


def test_committed_models_match_a_fresh_build():
    assert stale_models() == [], "run `python -m interaction_model build` and commit the JSON"


INVOCATIONS = {"en": "hip and back helper", "es": "ayuda para cadera y espalda"}


@pytest.mark.parametrize("locale", ["en-US", "en-GB", "es-US", "es-MX", "es-ES"])
def test_intents_slots_and_value_ids_follow_the_architecture(locale):
    model = language_model(locale)
    assert model["invocationName"] == INVOCATIONS[locale[:2]]
    intents = {
        i["name"]: {s["name"]: s["type"] for s in i.get("slots", [])} for i in model["intents"]
    }
    for name in OPENING_INTENTS:
        assert intents[name] == ARCHITECTURE_SLOTS.get(name, {}), name
    types = {t["name"]: {v["id"] for v in t["values"]} for t in model["types"]}
    assert types == ARCHITECTURE_IDS


@pytest.mark.parametrize("locale", ["en-US", "en-GB", "es-US"])
@pytest.mark.parametrize("intent", OPENING_INTENTS)
def test_opening_intents_have_at_least_25_samples(locale, intent):
    samples = {i["name"]: i["samples"] for i in language_model(locale)["intents"]}[intent]
    assert len(samples) >= 25


def test_locales_differ_only_a_little():
    source = load_source()
    us, gb = (build_model(source, locale) for locale in ("en-US", "en-GB"))
    us_samples = {
        s for i in us["interactionModel"]["languageModel"]["intents"] for s in i["samples"]
    }
    gb_samples = {
        s for i in gb["interactionModel"]["languageModel"]["intents"] for s in i["samples"]
    }
    assert us_samples <= gb_samples
    assert "would physio work" in gb_samples - us_samples
    assert len(gb_samples - us_samples) < 0.1 * len(us_samples)


def test_spanish_locales_share_one_source_and_differ_only_a_little():
    """es-US, es-MX and es-ES are one source (model.es.toml): every intent and slot-type value
    of English, each locale adding a few words of its own ("calentura" is everyone's; "culo",
    "médico de cabecera" only Spain's)."""
    built = {loc: language_model(loc) for loc in ("en-US", "es-US", "es-MX", "es-ES")}
    names = {loc: {i["name"] for i in m["intents"]} for loc, m in built.items()}
    assert names["es-US"] == names["es-MX"] == names["es-ES"] == names["en-US"]
    samples = {
        loc: {s for i in m["intents"] for s in i["samples"]} for loc, m in built.items()
    }
    assert "cuándo debo ir al médico de cabecera" in samples["es-ES"] - samples["es-US"]
    for loc in ("es-MX", "es-ES"):
        assert len(samples[loc] ^ samples["es-US"]) < 0.05 * len(samples["es-US"])
