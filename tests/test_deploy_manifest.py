"""What `ask deploy` sends to Alexa: ask-resources.json, skill.json and the built voice models.

Checked before deployment what Amazon would otherwise reject at deploy or certification time:
the JSON parses, the required fields are there, and every example phrase is something the
model understands (wake word and launch phrase, or a sample utterance with its slots filled).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

from interaction_model.locales import locales

ROOT = Path(__file__).resolve().parent.parent
ASK_RESOURCES = ROOT / "ask-resources.json"
SKILL_PACKAGE = ROOT / "skill-package"
MANIFEST = SKILL_PACKAGE / "skill.json"
MODELS = SKILL_PACKAGE / "interactionModels" / "custom"
LOCALES = locales()
REQUIRED_BUILTINS = {
    "AMAZON.CancelIntent", "AMAZON.HelpIntent", "AMAZON.StopIntent",
    "AMAZON.NavigateHomeIntent", "AMAZON.FallbackIntent",
}  # fmt: skip
PRIVACY_FLAGS = ("allowsPurchases", "usesPersonalInfo", "isChildDirected", "isExportCompliant",
                 "containsAds")  # fmt: skip
# "Alexa, open <invocation>", and the verbs that start a one-shot request.
# How an example phrase opens the skill, or asks it something in one go, in each language.
LAUNCH_VERBS = {"en": ("open", "launch", "start", "begin", "load", "run", "use"),
                "es": ("abre", "inicia", "empieza", "usa")}
ONE_SHOT_VERBS = {"en": ("ask", "tell"), "es": ("pregúntale a", "pregunta a", "pide a", "dile a")}
CONNECTORS = {"en": ("to", "for", "about", "if", "whether", "that", "and"),
              "es": ("que", "si", "sobre", "por")}


def load_json(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path} is not a JSON object"
    return data


def skill_manifest() -> dict[str, Any]:
    manifest = load_json(MANIFEST)["manifest"]
    assert isinstance(manifest, dict)
    return manifest


def built_models() -> dict[str, dict[str, Any]]:
    models = {path.stem: load_json(path) for path in sorted(MODELS.glob("*.json"))}
    assert models, "no built models: `make model` writes them"
    return models


# ask-resources.json ---------------------------------------------------------------------------


def test_ask_resources_points_at_the_project() -> None:
    config = load_json(ASK_RESOURCES)
    assert config["askcliResourcesVersion"] == "2020-03-31"
    profile = config["profiles"]["default"]
    assert (ROOT / profile["skillMetadata"]["src"]).resolve() == SKILL_PACKAGE
    code_dir = (ROOT / profile["code"]["default"]["src"]).resolve()
    assert code_dir == ROOT / "lambda"
    assert (code_dir / "requirements.txt").is_file()
    infrastructure = profile["skillInfrastructure"]
    assert infrastructure["type"] == "@ask-cli/cfn-deployer"
    user_config = infrastructure["userConfig"]
    assert (ROOT / user_config["templatePath"]).is_file()
    assert re.fullmatch(r"python3\.\d+", user_config["runtime"])
    assert re.fullmatch(r"[a-z]{2}-[a-z]+-\d", user_config["awsRegion"])


def test_handler_names_a_module_and_function_that_exist() -> None:
    config = load_json(ASK_RESOURCES)
    handler = config["profiles"]["default"]["skillInfrastructure"]["userConfig"]["handler"]
    module, _, function = handler.rpartition(".")
    source = ROOT / "lambda" / f"{module.replace('.', '/')}.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)} | {
        target.id
        for n in tree.body
        if isinstance(n, ast.Assign | ast.AnnAssign)
        for target in (n.targets if isinstance(n, ast.Assign) else [n.target])
        if isinstance(target, ast.Name)
    }
    assert function in defined


def test_the_cli_build_hook_runs_the_reproducible_build() -> None:
    # The ASK CLI prefers hooks/build.sh (its custom build flow) over its own pip build.
    hook = ROOT / "hooks" / "build.sh"
    assert hook.stat().st_mode & 0o111, "hooks/build.sh must be executable"
    assert "scripts/build_lambda.py" in hook.read_text(encoding="utf-8")


# skill.json -------------------------------------------------------------------------------------


def test_manifest_has_the_required_fields() -> None:
    manifest = skill_manifest()
    assert manifest["manifestVersion"] == "1.0"
    assert "custom" in manifest["apis"]
    publishing = manifest["publishingInformation"]
    assert publishing["category"]
    assert isinstance(publishing["isAvailableWorldwide"], bool)
    assert publishing.get("distributionCountries") or publishing["isAvailableWorldwide"]
    assert publishing["testingInstructions"].strip()
    for locale in LOCALES:
        info = publishing["locales"][locale]
        for field in ("name", "summary", "description"):
            assert isinstance(info[field], str) and info[field].strip(), (locale, field)
        assert 1 <= len(info["examplePhrases"]) <= 3, locale
    privacy = manifest["privacyAndCompliance"]
    for flag in PRIVACY_FLAGS:
        assert isinstance(privacy[flag], bool), flag
    # Amazon lets only HIPAA-eligible skills declare that they use health information.
    assert privacy.get("usesHealthInfo", False) is False


def test_manifest_leaves_the_endpoints_to_the_deployment() -> None:
    # `ask deploy` writes the stack's SkillEndpoint output into skill.json (into the domains
    # listed in ask-resources.json's targetEndpoint). An ARN in the repository names one
    # deployment's AWS account; a placeholder ARN makes the first `ask deploy` fail with "The
    # trigger setting for the Lambda ... is invalid" (alexa/ask-cli#365: remove the endpoint).
    manifest = skill_manifest()
    assert "endpoint" not in manifest["apis"]["custom"], "do not commit an endpoint ARN"
    assert "endpoint" not in manifest.get("events", {}), "do not commit an endpoint ARN"


def test_every_endpoint_the_manifest_needs_is_one_the_deployer_fills() -> None:
    manifest = skill_manifest()
    config = load_json(ASK_RESOURCES)
    user_config = config["profiles"]["default"]["skillInfrastructure"]["userConfig"]
    targets = set(user_config.get("targetEndpoint", manifest["apis"]))
    assert "custom" in targets
    if manifest.get("events", {}).get("subscriptions"):
        assert "events" in targets, "skill events need the endpoint too"


def test_every_published_locale_has_a_model_and_every_model_is_published() -> None:
    manifest = skill_manifest()
    models = built_models()
    assert set(manifest["publishingInformation"]["locales"]) == set(models)


def normalise(phrase: str) -> str:
    """Lower case, no punctuation but apostrophes, single spaces."""
    return " ".join(re.sub(r"[^\w' ]+", " ", phrase.lower()).split())


def slot_values(language_model: dict[str, Any]) -> dict[str, set[str]]:
    """Every value and synonym of each custom slot type, normalised."""
    values: dict[str, set[str]] = {}
    for slot_type in language_model.get("types", []):
        names = values.setdefault(slot_type["name"], set())
        for value in slot_type["values"]:
            names.add(normalise(value["name"]["value"]))
            names.update(normalise(s) for s in value["name"].get("synonyms", []))
    return values


def understood(utterance: str, language_model: dict[str, Any]) -> bool:
    """Whether the utterance is one of the model's samples, with each slot filled by a value of
    its type (any words for built-in types)."""
    types = slot_values(language_model)
    for intent in language_model["intents"]:
        slot_types = {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            pattern = ""
            captures: list[str] = []
            for piece in re.split(r"(\{\w+\})", normalise_sample(sample)):
                if piece.startswith("{"):
                    captures.append(slot_types[piece[1:-1]])
                    pattern += r"(.+?)"
                else:
                    pattern += re.escape(piece)
            match = re.fullmatch(pattern, utterance)
            if match and all(
                slot_type not in types or value in types[slot_type]
                for slot_type, value in zip(captures, match.groups(), strict=True)
            ):
                return True
    return False


def normalise_sample(sample: str) -> str:
    pieces = re.split(r"(\{\w+\})", sample)
    return " ".join(p if p.startswith("{") else normalise(p) for p in pieces if p.strip())


def example_phrase_is_understood(
    phrase: str, language_model: dict[str, Any], first: bool, language: str = "en"
) -> bool:
    invocation = normalise(language_model["invocationName"])
    words = normalise(phrase)
    if words.startswith("alexa "):
        rest = words.removeprefix("alexa ")
        if rest in {f"{verb} {invocation}" for verb in LAUNCH_VERBS[language]}:
            return True
        for verb in ONE_SHOT_VERBS[language]:
            prefix = f"{verb} {invocation} "
            if rest.startswith(prefix):
                request = rest.removeprefix(prefix)
                candidates = [request] + [
                    request.removeprefix(f"{c} ") for c in CONNECTORS[language]
                    if request.startswith(f"{c} ")
                ]
                return any(understood(candidate, language_model) for candidate in candidates)
        return False
    # Only the second and third phrases may leave out the wake word and invocation name.
    return not first and understood(words, language_model)


def test_example_phrases_are_what_the_model_understands() -> None:
    manifest = skill_manifest()
    models = built_models()
    for locale, info in manifest["publishingInformation"]["locales"].items():
        language_model = models[locale]["interactionModel"]["languageModel"]
        phrases = info["examplePhrases"]
        assert normalise(phrases[0]).startswith("alexa "), (locale, phrases[0])
        for index, phrase in enumerate(phrases):
            language = locale.split("-")[0]
            assert example_phrase_is_understood(phrase, language_model, index == 0, language), (
                locale,
                phrase,
            )


# models -----------------------------------------------------------------------------------------


def test_models_are_complete_voice_models() -> None:
    models = built_models()
    invocations: dict[str, set[str]] = {}
    for locale, model in models.items():
        language_model = model["interactionModel"]["languageModel"]
        invocation = language_model["invocationName"]
        invocations.setdefault(locale.split("-")[0], set()).add(invocation)
        assert invocation == invocation.lower() and len(invocation.split()) >= 2, locale
        names = [intent["name"] for intent in language_model["intents"]]
        assert len(names) == len(set(names)), locale
        assert set(names) >= REQUIRED_BUILTINS, locale
        defined_types = {t["name"] for t in language_model.get("types", [])}
        for intent in language_model["intents"]:
            for slot in intent.get("slots", []):
                assert slot["type"].startswith("AMAZON.") or slot["type"] in defined_types
            for sample in intent.get("samples", []):
                assert not re.search(r"\d", sample), (locale, sample)
    # One invocation name for every locale of a language ("hip and back helper", "ayuda para
    # cadera y espalda").
    assert invocations.keys() >= {"en", "es"}
    assert all(len(names) == 1 for names in invocations.values()), invocations


def test_the_matcher_accepts_filled_slots_and_rejects_other_words() -> None:
    # The phrase check is only as good as this matcher; pin its behaviour on a tiny model.
    model = {
        "invocationName": "hip and back helper",
        "intents": [
            {"name": "A", "slots": [{"name": "where", "type": "PLACE"}],
             "samples": ["check my {where} pain"]},
            {"name": "B", "slots": [{"name": "d", "type": "AMAZON.DURATION"}],
             "samples": ["it hurt for {d}"]},
        ],
        "types": [{"name": "PLACE", "values": [
            {"name": {"value": "hip", "synonyms": ["lower back"]}}]}],
    }  # fmt: skip
    assert example_phrase_is_understood("Alexa, open hip and back helper", model, True)
    assert example_phrase_is_understood("Alexa, ask hip and back helper to check my lower back pain.", model, True)  # noqa: E501
    assert example_phrase_is_understood("It hurt for two weeks", model, False)
    assert not example_phrase_is_understood("It hurt for two weeks", model, True)
    assert not example_phrase_is_understood("Alexa, ask hip and back helper to check my knee pain", model, True)  # noqa: E501
    assert not example_phrase_is_understood("Alexa, open back helper", model, True)
