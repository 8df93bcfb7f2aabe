"""skill.json and every built interaction model against the Skill Management API's published
schema (spec.json of the npm package ask-smapi-model), offline, before anything is uploaded."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from devtools.smapi_schema import INTERACTION_MODEL, MANIFEST, SPEC, load

REPO = Path(__file__).resolve().parent.parent
SKILL_JSON = REPO / "skill-package" / "skill.json"
MODELS = sorted((REPO / "skill-package" / "interactionModels" / "custom").glob("*.json"))
# `ask deploy` writes the stack's function ARN here; the committed file has none.
PLACEHOLDER_ENDPOINT = {"uri": "arn:aws:lambda:us-east-1:123456789012:function:placeholder"}


def deployable_manifest() -> dict[str, Any]:
    """skill.json as `ask deploy` uploads it: with the endpoint of the skill and its events."""
    manifest: dict[str, Any] = json.loads(SKILL_JSON.read_text(encoding="utf-8"))
    body = manifest["manifest"]
    body["apis"]["custom"]["endpoint"] = dict(PLACEHOLDER_ENDPOINT)
    if "events" in body:
        body["events"]["endpoint"] = dict(PLACEHOLDER_ENDPOINT)
    return manifest


def test_the_schema_is_the_pinned_packages() -> None:
    package = json.loads((SPEC.parent / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/ask-smapi-model"]["version"] == package["version"]
    assert json.loads(SPEC.read_text(encoding="utf-8"))["swagger"] == "2.0"


def test_skill_json_passes_the_schema() -> None:
    assert load().errors(deployable_manifest(), MANIFEST) == []


def test_without_the_deploy_time_endpoint_the_events_fail() -> None:
    manifest = json.loads(SKILL_JSON.read_text(encoding="utf-8"))
    errors = load().errors(manifest, MANIFEST)
    assert errors == ["/manifest/events: 'endpoint' is a required property"]


@pytest.mark.parametrize("path", MODELS, ids=[path.stem for path in MODELS])
def test_every_built_model_passes_the_schema(path: Path) -> None:
    assert load().errors(json.loads(path.read_text(encoding="utf-8")), INTERACTION_MODEL) == []


def test_every_locale_of_the_manifest_has_a_built_model() -> None:
    locales = deployable_manifest()["manifest"]["publishingInformation"]["locales"]
    assert sorted(locales) == [path.stem for path in MODELS]


Breakage = Callable[[dict[str, Any]], None]


def _permission(m: dict[str, Any]) -> None:
    m["manifest"]["permissions"] = [{"name": "alexa::alerts:reminder:skill:readwrite"}]


def _event(m: dict[str, Any]) -> None:
    m["manifest"]["events"]["subscriptions"].insert(0, {"eventName": "SKILL_DISABLE"})


def _country(m: dict[str, Any]) -> None:
    m["manifest"]["publishingInformation"]["distributionCountries"] = ["US", "UK"]


def _summary(m: dict[str, Any]) -> None:
    m["manifest"]["publishingInformation"]["locales"]["en-GB"]["summary"] = "Back pain. " * 15


def _unknown_key(m: dict[str, Any]) -> None:
    m["manifest"]["privacyAndCompliance"]["usesPersonalInformation"] = False


def _interface(m: dict[str, Any]) -> None:
    m["manifest"]["apis"]["custom"]["interfaces"].append({"type": "ALEXA_PRESENTATION_APLX"})


def _interface_key(m: dict[str, Any]) -> None:
    apl = m["manifest"]["apis"]["custom"]["interfaces"][-1]
    apl["supportedViewport"] = apl.pop("supportedViewports")


def _viewport_mode(m: dict[str, Any]) -> None:
    m["manifest"]["apis"]["custom"]["interfaces"][-1]["supportedViewports"][0]["mode"] = "WATCH"


def _endpoint(m: dict[str, Any]) -> None:
    m["manifest"]["apis"]["custom"]["endpoint"] = {"uri": "http://example.org/skill"}


BROKEN: dict[str, tuple[Breakage, str]] = {
    "misspelled permission": (_permission, "/manifest/permissions/0/name: 'alexa::alerts:"),
    "bad event name": (_event, "/manifest/events/subscriptions/0/eventName: 'SKILL_DISABLE'"),
    "country UK": (_country, "/manifest/publishingInformation/distributionCountries/1: 'UK'"),
    "summary too long": (_summary, "/manifest/publishingInformation/locales/en-GB/summary: "),
    "unknown key": (_unknown_key, "/manifest/privacyAndCompliance/usesPersonalInformation: un"),
    "unknown interface": (_interface, "/manifest/apis/custom/interfaces/2/type: 'ALEXA_PRES"),
    "interface's unknown key": (_interface_key, "/manifest/apis/custom/interfaces/1/supportedV"),
    "viewport mode": (_viewport_mode, "/manifest/apis/custom/interfaces/1/supportedViewports/0/"),
    "endpoint not https or an ARN": (_endpoint, "/manifest/apis/custom/endpoint/uri: "),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_manifest_fails_the_schema_where_it_is_broken(name: str) -> None:
    breakage, expected = BROKEN[name]
    manifest = deployable_manifest()
    breakage(manifest)
    errors = load().errors(manifest, MANIFEST)
    assert len(errors) == 1, errors
    assert errors[0].startswith(expected), errors


def test_a_broken_model_fails_the_schema() -> None:
    model = json.loads(MODELS[0].read_text(encoding="utf-8"))
    broken = copy.deepcopy(model)
    broken["interactionModel"]["languageModel"]["intents"][0]["sample"] = ["hello"]
    del broken["interactionModel"]["languageModel"]["invocationName"]
    errors = load().errors(broken, INTERACTION_MODEL)
    assert "/interactionModel/languageModel: 'invocationName' is a required property" in errors
    assert "/interactionModel/languageModel/intents/0/sample: unknown key" in errors
