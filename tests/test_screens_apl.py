"""Every screen the skill sends, with its real datasources, checked by Amazon's apl-suggester
(npm, installed by `npm ci` from the lockfile) on every hub and TV viewport profile."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from hipback import screens
from hipback.content import for_locale
from simulator.client import Match, Reply, SkillClient
from simulator.envelopes import ECHO_SHOW

REPO = Path(__file__).resolve().parent.parent
VALIDATOR = REPO / "devtools" / "apl_validate.js"
SUGGESTER = REPO / "node_modules" / "apl-suggester"
# apl-suggester's profiles for round, landscape and portrait hubs and for TVs.
PROFILES = [
    "hubRound", "hubLandscapeSmall", "hubLandscapeMedium", "hubLandscape",
    "hubLandscapeExtraLarge", "hubPortraitMedium", "tvFullscreen",
]  # fmt: skip
# en-AU says the longest number (two countries'); fr-FR is unsupported (words, no number);
# es-US is Spanish, whose sentences run longest.
LOCALES = ["en-US", "en-GB", "en-AU", "fr-FR", "es-US"]
QUESTION = "hipback.question"
# Questions and outcomes worded about someone else ("it's for my mum"): longer words, in
# Spanish too.
FOR_SOMEONE_ELSE = [("es-US", "her"), ("en-GB", "them")]

# Answers by question that lead to each tier (any question not named: no).
ROADS = {
    "self_care": {"duration": "few_days"},
    "doctor": {"duration": "few_weeks"},
    "prompt": {"duration": "few_days", "severe_pain": "yes"},
    "urgent": {"duration": "few_days", "infection_swelling": "yes"},
    "urgent_unsure": {"duration": "few_days", "infection_swelling": "not_sure*not_sure"},
    "emergency": {"duration": "few_days", "leg_function": "yes"},
}


def _render(directives: list[dict[str, Any]]) -> dict[str, Any] | None:
    rendered = [d for d in directives if d.get("type") == "Alexa.Presentation.APL.RenderDocument"]
    return rendered[-1] if rendered else None


def _road(
    client: SkillClient, road: dict[str, str], person: str | None = None
) -> list[list[dict[str, Any]]]:
    replies = [client.launch()]
    if person is not None:
        replies.append(client.say("ForSomeoneElseIntent", person=Match(person)))
    asked: dict[str, int] = {}
    while replies[-1].pending is not None and replies[-1].pending[0] == "question":
        question = replies[-1].pending[1]
        choices = road.get(question, "no").split("*")
        choice = choices[min(asked.get(question, 0), len(choices) - 1)]
        asked[question] = asked.get(question, 0) + 1
        replies.append(client.tap(QUESTION, "answer", question, choice))
    return [_directives(reply) for reply in replies]


def _directives(reply: Reply) -> list[dict[str, Any]]:
    found = reply.raw["response"].get("directives") or []
    assert isinstance(found, list)
    return found


@cache
def real_screens() -> tuple[dict[str, Any], ...]:
    """Every distinct document and datasource the skill sent in conversations on a screen."""
    found: dict[str, dict[str, Any]] = {}
    store = Path(tempfile.mkdtemp(prefix="hipback-screens-"))
    for locale in LOCALES:
        sent: list[list[dict[str, Any]]] = []
        for index, road in enumerate(ROADS.values()):
            client = SkillClient(store / f"{locale}-{index}.db", locale, device=ECHO_SHOW)
            sent += _road(client, road)
        one_shot = SkillClient(store / f"{locale}.db", locale, device=ECHO_SHOW)
        disc = one_shot.say("ConditionInfoIntent", condition=Match("herniated_disc"))
        sent.append(_directives(disc))
        sent.append(_directives(one_shot.say("ContactClinicIntent")))
        for said_in, person in FOR_SOMEONE_ELSE:
            if said_in == locale:
                client = SkillClient(store / f"{locale}-{person}.db", locale, device=ECHO_SHOW)
                sent += _road(client, ROADS["self_care"], person)
        for directives in sent:
            directive = _render(directives)
            if directive is not None:
                key = json.dumps([directive["token"], directive["datasources"]], sort_keys=True)
                found[key] = {
                    "name": directive["token"],
                    "document": directive["document"],
                    "datasources": directive["datasources"],
                }
    shutil.rmtree(store)
    return tuple(found.values())


def validate(items: list[dict[str, Any]], profiles: list[str]) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None or not SUGGESTER.is_dir():
        pytest.fail("apl-suggester needs Node.js and `npm ci` (make test installs both)")
    done = subprocess.run(
        [node, str(VALIDATOR)],
        input=json.dumps({"screens": items, "profiles": profiles}),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.fixture(scope="module")
def validated() -> dict[str, Any]:
    return validate(list(real_screens()), PROFILES)


def test_the_conversations_send_every_kind_of_screen_for_every_tier() -> None:
    sent = real_screens()
    assert {item["name"] for item in sent} == {screens.TOKEN_PREFIX + n for n in screens.SCREENS}
    tiers = {item["datasources"]["screen"]["properties"].get("tier") for item in sent}
    assert tiers >= {"self_care", "doctor", "prompt", "urgent", "emergency"}
    # The questions asked about someone else are among the screens checked.
    texts = {item["datasources"]["screen"]["properties"].get("text") for item in sent}
    for locale, person in FOR_SOMEONE_ELSE:
        assert for_locale(locale).text(f"questions.cauda_equina.{person}.ask") in texts


def test_apl_suggester_finds_nothing_on_any_screen_or_viewport(validated: dict[str, Any]) -> None:
    assert validated["version"] == "2024.2.0"
    findings = [(r["screen"], r["profile"], r["device"], f) for r in validated["results"]
                for f in r["findings"]]  # fmt: skip
    assert findings == []
    checked = {(r["screen"], r["profile"]) for r in validated["results"]}
    for item in real_screens():
        for profile in PROFILES:
            assert (item["name"], profile) in checked


def test_each_viewport_shows_the_layout_made_for_it(validated: dict[str, Any]) -> None:
    for result in validated["results"]:
        if result["profile"] is None:
            continue
        document = screens.document(result["screen"].removeprefix(screens.TOKEN_PREFIX))
        item = document["mainTemplate"]["items"][result["item"]]
        when = item.get("when", "")
        if result["profile"] == "hubRound":
            assert "round" in when
        elif result["profile"] == "hubPortraitMedium" and result["screen"] != "hipback.info":
            assert "viewport.height > viewport.width" in when
        else:
            assert "round" not in when and "height > " not in when


def test_the_check_reports_what_is_wrong() -> None:
    """The validator is not a rubber stamp: an unknown property, a wrong value, a datasource
    that lacks what the document reads, and a document no viewport is meant for all fail."""
    good = next(item for item in real_screens() if item["name"] == QUESTION)
    broken = copy.deepcopy(good)
    layout = broken["document"]["layouts"]["AnswerButton"]["items"][0]
    layout["item"]["item"]["fontSizee"] = "20dp"
    layout["item"]["item"]["textAlign"] = "middle"
    del broken["datasources"]["screen"]["properties"]["footer"]
    nowhere = copy.deepcopy(good)
    for item in nowhere["document"]["mainTemplate"]["items"]:
        item["when"] = "${viewport.width < 0}"
    result = validate([broken, nowhere], ["hubLandscapeMedium"])
    messages = [f["errorMessage"] for r in result["results"] for f in r["findings"]]
    assert any("fontSizee" in m for m in messages)
    assert any("allowed values" in m for m in messages)
    assert any("not in the datasource" in m for m in messages)
    assert any("no item is shown" in m for m in messages)


def test_the_manifest_declares_apl_for_exactly_the_profiles_checked() -> None:
    node = shutil.which("node")
    assert node is not None
    script = (
        "const p = require('apl-suggester').getViewportProfiles();"
        f"const ids = {json.dumps(PROFILES)};"
        "console.error(JSON.stringify(ids.map((id) => { const v = p.get(id);"
        " return {mode: v.mode.toUpperCase(), shape: v.shape.toUpperCase(), ...v.dpSizeRange};"
        " })));"
    )
    done = subprocess.run(
        [node, "-e", script], capture_output=True, text=True, cwd=REPO, timeout=60, check=True
    )
    expected = json.loads(done.stderr.strip().splitlines()[-1])
    manifest = json.loads((REPO / "skill-package" / "skill.json").read_text(encoding="utf-8"))
    interfaces = manifest["manifest"]["apis"]["custom"]["interfaces"]
    (apl,) = [i for i in interfaces if i["type"] == "ALEXA_PRESENTATION_APL"]
    assert apl["supportedViewports"] == expected
