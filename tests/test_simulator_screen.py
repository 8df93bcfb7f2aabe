"""`python -m simulator --device echo-show`: the real skill on a screen device, in-process."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from simulator.cli import main

LAUNCH = "open hip and back helper"


def run(tmp_path: Path, lines: list[str], *flags: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    stdin = io.StringIO("".join(f"{line}\n" for line in lines))
    code = main(["--store", str(tmp_path / "s.db"), *flags], stdin, out, err)
    assert err.getvalue() == "", err.getvalue()
    return code, out.getvalue()


def turns(tmp_path: Path, lines: list[str], *flags: str) -> list[dict[str, Any]]:
    code, text = run(tmp_path, lines, "--json", *flags)
    assert code == 0
    parsed = [json.loads(line) for line in text.splitlines()]
    assert len(parsed) == len(lines)
    return parsed


def test_json_shows_the_directives_and_what_the_screen_holds(tmp_path: Path) -> None:
    launch, answered = turns(tmp_path, [LAUNCH, "tap a few days"], "--device", "echo-show")
    (directive,) = launch["directives"]
    assert directive["type"] == "Alexa.Presentation.APL.RenderDocument"
    assert launch["screen"]["name"] == "question"
    assert launch["screen"]["datasources"] == directive["datasources"]
    properties = launch["screen"]["datasources"]["screen"]["properties"]
    assert properties["question"] == "duration"
    assert answered["request"] == "Alexa.Presentation.APL.UserEvent"
    assert answered["problems"] == []
    # The tap answered "how long": the next question is on the screen.
    assert answered["screen"]["datasources"]["screen"]["properties"]["question"] == "cauda_equina"


def test_taps_reach_the_same_outcome_as_the_same_answers_spoken(tmp_path: Path) -> None:
    spoken = turns(tmp_path / "a", [LAUNCH, "a few days", "yes"], "--device", "echo-show")
    tapped = turns(tmp_path / "b", [LAUNCH, "tap a few days", "tap yes"], "--device", "echo-show")
    assert [t["speech"] for t in tapped] == [t["speech"] for t in spoken]
    assert tapped[-1]["session"]["assessment"]["level"] == "emergency"
    assert tapped[-1]["screen"]["name"] == "outcome"


def test_the_default_device_has_no_screen_and_cannot_be_tapped(tmp_path: Path) -> None:
    launch, tap = turns(tmp_path, [LAUNCH, "tap yes"])
    assert launch["directives"] == [] and launch["screen"] is None
    assert tap["request"] is None
    assert tap["problems"] == ["nothing on the screen to tap (try --device echo-show)"]


def test_a_label_that_is_not_on_the_screen_is_a_problem_not_a_request(tmp_path: Path) -> None:
    _, tap = turns(tmp_path, [LAUNCH, "tap maybe"], "--device", "echo-show")
    assert tap["request"] is None
    assert "no button 'maybe' on the screen" in tap["problems"][0]


def test_text_mode_renders_the_screen_briefly(tmp_path: Path) -> None:
    code, text = run(tmp_path, [LAUNCH, "tap a few days", "tap yes"], "--device", "echo-show")
    assert code == 0
    assert "[screen: question]" in text
    assert "[ A few days ] [ A couple of weeks ] [ Three weeks or more ] [ Not sure ]" in text
    assert "[screen: outcome] Get emergency care now" in text
    assert "Emergency number 911" in text
