"""What Alexa's skill store and certification ask for besides the skill itself: icons made
from the vector source, the privacy policy and terms URLs from ask-resources.json, the
privacy policy text, and testing instructions."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops

from devtools.smapi_schema import MANIFEST, load
from hipback.persistence.record import RETENTION
from interaction_model.locales import locales
from scripts import make_icons, store_listing

REPO = Path(__file__).resolve().parent.parent
SKILL_PACKAGE = REPO / "skill-package"
POLICY = REPO / "docs" / "privacy-policy.md"
ENDPOINT = {"uri": "arn:aws:lambda:us-east-1:123456789012:function:placeholder"}


def manifest() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SKILL_PACKAGE / "skill.json").read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize(("name", "size"), sorted(make_icons.ICONS.items()))
def test_the_icons_are_the_vector_source_at_the_store_sizes(name: str, size: int) -> None:
    path = make_icons.IMAGES / name
    with Image.open(path) as committed:
        assert committed.format == "PNG"
        assert committed.size == (size, size)
        assert committed.mode == "RGB"
        fresh = make_icons.render(size)
        # Pixel for pixel what `make icons` draws from assets/icon.svg now.
        assert ImageChops.difference(committed, fresh).getbbox() is None


def test_skill_json_names_the_icons_for_every_locale() -> None:
    locales = manifest()["manifest"]["publishingInformation"]["locales"]
    for info in locales.values():
        for key, name in (("smallIconUri", "smallIcon.png"), ("largeIconUri", "largeIcon.png")):
            assert info[key] == f"file://assets/images/{name}"
            assert (SKILL_PACKAGE / info[key].removeprefix("file://")).is_file()


def test_skill_json_holds_the_urls_ask_resources_json_configures() -> None:
    assert store_listing.main(["--check"]) == 0


def _configured(urls: dict[str, str]) -> dict[str, Any]:
    resources: dict[str, Any] = json.loads(store_listing.ASK_RESOURCES.read_text(encoding="utf-8"))
    resources["profiles"]["default"]["skillMetadata"]["storeUrls"] = urls
    return resources


def test_configured_urls_reach_every_locale_and_pass_the_schema() -> None:
    urls = {"privacyPolicyUrl": "https://clinic.example/privacy",
            "termsOfUseUrl": "https://clinic.example/terms"}  # fmt: skip
    configured = store_listing.store_urls(_configured(urls))
    text = (SKILL_PACKAGE / "skill.json").read_text(encoding="utf-8")
    written = store_listing.rewritten(text, store_listing.with_urls(json.loads(text), configured))
    deployed = json.loads(written)
    privacy = deployed["manifest"]["privacyAndCompliance"]
    assert privacy["locales"] == dict.fromkeys(locales(), urls)
    # Only the privacy block changed; every other key is as committed.
    before = json.loads(text)
    del privacy["locales"]
    assert deployed == before
    with_endpoint = copy.deepcopy(json.loads(written))
    with_endpoint["manifest"]["apis"]["custom"]["endpoint"] = dict(ENDPOINT)
    with_endpoint["manifest"]["events"]["endpoint"] = dict(ENDPOINT)
    assert load().errors(with_endpoint, MANIFEST) == []
    assert store_listing.problems(configured) == []


@pytest.mark.parametrize(
    ("urls", "problem"),
    [
        ({"privacyPolicyUrl": "", "termsOfUseUrl": ""}, "no privacy policy URL"),
        ({"termsOfUseUrl": "https://clinic.example/terms"}, "no privacy policy URL"),
        ({"privacyPolicyUrl": "http://clinic.example/privacy"}, "privacyPolicyUrl is not an https"),
    ],
)
def test_a_skill_without_an_https_privacy_policy_is_not_ready(
    urls: dict[str, str], problem: str
) -> None:
    found = store_listing.problems(store_listing.store_urls(_configured(urls)))
    assert len(found) == 1 and found[0].startswith(problem)


def test_the_privacy_policy_says_what_is_stored_and_how_to_delete_it() -> None:
    policy = " ".join(POLICY.read_text(encoding="utf-8").split())
    for fact in ("never stored", "how many times you have used the skill", "answer-length",
                 "salted hash", "forget me", "disable the skill", "no backups"):  # fmt: skip
        assert fact in policy, fact
    # The retention it states is the store's.
    assert RETENTION.days // 30 == 13 and "thirteen months" in policy


def test_the_testing_instructions_cover_the_emergency_the_screen_and_deleting() -> None:
    instructions = manifest()["manifest"]["publishingInformation"]["testingInstructions"]
    for fact in ("emergency", "Forget me", "Echo Show", "not a diagnosis", "No account linking"):
        assert fact in instructions, fact


def test_every_description_has_the_health_disclaimer_and_claims_no_rescue() -> None:
    publishing = manifest()["manifest"]["publishingInformation"]
    for locale, info in publishing["locales"].items():
        description = info["description"]
        words = DISCLAIMERS[locale.split("-")[0]]
        for said in words["says"]:
            assert said in description, (locale, said)
        listing = " ".join([info["name"], info["summary"], description]).lower()
        for claim in words["never"]:
            assert claim not in listing, (locale, claim)


# What every listing says, and what it never claims, in each language.
DISCLAIMERS = {
    "en": {"says": ("not a substitute for advice from a doctor", "not a diagnosis",
                    "Alexa cannot call for help for you"),
           "never": ("life-saving", "lifesaving", "save your life", "saves lives", "diagnose")},
    "es": {"says": ("no sustituye el consejo de un médico", "No es un diagnóstico",
                    "Alexa no puede pedir ayuda por usted"),
           "never": ("salva vidas", "salvar su vida", "salvarle la vida", "diagnostica")},
}


def test_every_test_the_certification_checklist_names_exists() -> None:
    """docs/certification.md names the tests that prove each requirement: none may be stale."""
    text = (REPO / "docs" / "certification.md").read_text(encoding="utf-8")
    named = 0
    for cell in text.split("|"):
        current: Path | None = None
        for token in cell.replace(";", " ").replace(",", " ").split():
            path, _, name = token.strip("`").partition("::")
            if path.startswith("tests/"):
                current = REPO / path
                assert current.exists(), path
            if name:
                assert current is not None, token
                assert f"def {name}(" in current.read_text(encoding="utf-8"), token
                named += 1
    assert named >= 20
