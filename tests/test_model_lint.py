"""The linter accepts the real models and refuses each kind of broken one."""

import copy
import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from interaction_model.builder import build_all
from interaction_model.languages import for_locale
from interaction_model.lint import MAX_INTENTS, MAX_MODEL_BYTES, lint_command, lint_model
from interaction_model.locales import locales

FIXTURES = Path(__file__).parent / "fixtures" / "models"
BROKEN = sorted(p for p in FIXTURES.glob("*.json") if p.stem != "valid")


@pytest.fixture(scope="module")
def built() -> dict[str, str]:
    """A fresh build of every locale, made once: the tests only read it."""
    return build_all()


def load(path: Path) -> dict[str, Any]:
    model: dict[str, Any] = json.loads(path.read_text())
    return model


@pytest.mark.parametrize("locale", locales())
def test_built_models_pass(built, locale):
    assert lint_model(json.loads(built[locale]), locale, for_locale(locale)) == []


def test_spanish_invocation_rules_are_spanish(built):
    """A Spanish name may not hold Spanish launch words; a Spanish sample may not say "ayuda"
    (AMAZON.HelpIntent's word), and English's rules do not judge Spanish."""
    model = json.loads(built["es-US"])
    language_model = model["interactionModel"]["languageModel"]
    assert language_model["invocationName"] == "ayuda para cadera y espalda"
    spanish = for_locale("es-US")
    broken = copy.deepcopy(model)
    broken["interactionModel"]["languageModel"]["invocationName"] = "abre cadera y espalda"
    broken["interactionModel"]["languageModel"]["intents"][0]["samples"].append(
        "necesito ayuda con la espalda"
    )
    rules = {problem.rule for problem in lint_model(broken, "es-US", spanish)}
    assert rules >= {"invocation-name", "help-sample"}
    english_words = copy.deepcopy(model)
    english_words["interactionModel"]["languageModel"]["invocationName"] = "open cadera y espalda"
    assert lint_model(english_words, "es-US", spanish) == []


# `make lint` runs this command; test_built_models_pass lints every fresh build.
@pytest.mark.slow
def test_lint_command_passes_on_the_project(capsys):
    assert lint_command([]) == 0
    assert "ok" in capsys.readouterr().out


def test_the_fixtures_base_model_is_valid():
    assert lint_model(load(FIXTURES / "valid.json")) == []


def test_there_is_a_broken_model_for_every_file_based_rule():
    assert {p.stem for p in BROKEN} >= {
        "invocation-name",
        "sample-characters",
        "value-characters",
        "slot-reference",
        "slot-type",
        "duplicate-sample",
        "required-builtin",
        "help-sample",
        "value-length",
        "sample-shape",
    }


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_each_broken_model_fails_its_rule_only(path):
    problems = lint_model(load(path), path.name)
    assert problems, f"{path.name} passed the linter"
    assert {p.rule for p in problems} == {path.stem}
    assert all(path.name in str(p) for p in problems)


def test_lint_command_fails_on_a_broken_file(capsys):
    assert lint_command([str(FIXTURES / "help-sample.json")]) == 1
    assert "[help-sample]" in capsys.readouterr().out


def test_too_many_intents():
    model = load(FIXTURES / "valid.json")
    intents = model["interactionModel"]["languageModel"]["intents"]
    for n in range(MAX_INTENTS):
        intents.append({"name": f"Extra{chr(65 + n % 26)}{chr(65 + n // 26)}Intent", "samples": []})
    assert {p.rule for p in lint_model(model)} == {"intent-count"}


def test_model_too_large():
    model = load(FIXTURES / "valid.json")
    values = model["interactionModel"]["languageModel"]["types"][0]["values"]
    letters = "abcdefghijklmnopqrstuvwxyz"
    # Long synonyms (each within the value-length rule): fewer of them to lint.
    words = ("".join(w) for w in itertools.product(letters, repeat=4))
    synonyms = ["disc" + f" {word}" * 27 for word in itertools.islice(words, 11_000)]
    values.append({"id": "huge", "name": {"value": "huge", "synonyms": synonyms}})
    assert len(json.dumps(model)) > MAX_MODEL_BYTES
    assert {p.rule for p in lint_model(model)} == {"model-size"}


@pytest.mark.parametrize(
    "name",
    [
        "helper",
        "ask hip helper",
        "Hip And Back",
        "hip helper two",
        "hip helper 2",
        "the helper",
        "hip and back helper with a very long name that goes past fifty",
    ],
)
def test_invocation_names_alexa_refuses(name):
    model = load(FIXTURES / "valid.json")
    model["interactionModel"]["languageModel"]["invocationName"] = name
    if name == "hip helper two":
        assert lint_model(model) == []
        return
    assert {p.rule for p in lint_model(copy.deepcopy(model))} == {"invocation-name"}


def _with_heat_ice(samples: list[str], slots: list[dict[str, str]] | None = None) -> dict[str, Any]:
    model = load(FIXTURES / "valid.json")
    heat = model["interactionModel"]["languageModel"]["intents"][1]
    heat["samples"] = samples
    heat["slots"] = slots or []
    return model


@pytest.mark.parametrize(
    ("samples", "slots"),
    [
        # A slot of another type in the same place: Alexa tells them apart by the values.
        (["tell me about {style}"], [{"name": "style", "type": "ANSWER_STYLE"}]),
        # One word different, but it is no slot value.
        (["tell me about surgery"], []),
        # Two words in the slot's place: not the one-word difference the rule looks for.
        (["tell me about slipped disc please"], []),
    ],
)
def test_shapes_that_differ_pass(samples: list[str], slots: list[dict[str, str]]) -> None:
    model = _with_heat_ice(samples, slots)
    model["interactionModel"]["languageModel"]["types"].append(
        {"name": "ANSWER_STYLE", "values": [{"id": "brief", "name": {"value": "brief"}}]}
    )
    assert lint_model(model) == []


def test_two_values_of_one_type_in_one_place_are_one_shape() -> None:
    model = _with_heat_ice(["is posture bad"])
    intents = model["interactionModel"]["languageModel"]["intents"]
    intents[0]["samples"].append("is arthritis bad")
    values = model["interactionModel"]["languageModel"]["types"][0]["values"]
    values += [{"id": id_, "name": {"value": id_}} for id_ in ("posture", "arthritis")]
    assert [p.rule for p in lint_model(model)] == ["sample-shape"]


def test_a_shape_repeated_within_one_intent_is_allowed() -> None:
    model = load(FIXTURES / "valid.json")
    condition = model["interactionModel"]["languageModel"]["intents"][0]
    condition["slots"].append({"name": "other", "type": "CONDITION"})
    condition["samples"].append("tell me about {other}")
    assert lint_model(model) == []
