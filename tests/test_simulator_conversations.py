"""Whole conversations with the real skill, through `python -m simulator` as a user runs it.

Assertions are about behaviour (an outcome tier is reached, emergencies end the session, a
silent turn replays the reprompt); the wording belongs to the content and is not pinned here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
REPLAYS = Path(__file__).resolve().parent / "replays"
TIERS = {"self_care", "doctor", "prompt", "urgent", "emergency"}
LAUNCH = "open hip and back helper"

# Each test starts `python -m simulator` in a new process; tests/test_simulator.py drives it
# in-process.
pytestmark = pytest.mark.slow


def _environment(store: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"SKILL_ID", "DYNAMODB_TABLE_NAME", "HIPBACK_STORE"}}
    env["HIPBACK_STORE_PATH"] = str(store)
    return env


def simulate(args: list[str], store: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", "--store", str(store), *args],
        input=stdin, capture_output=True, text=True, cwd=REPO, env=_environment(store),
        timeout=120, check=False,
    )


def converse(lines: list[str], store: Path) -> list[dict[str, Any]]:
    """One JSON turn per line said; fails on any skill exception or invalid response."""
    done = simulate(["--json"], store, "".join(f"{line}\n" for line in lines))
    assert done.returncode == 0, done.stderr
    turns = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(turns) == len(lines), done.stdout
    for turn in turns:
        assert turn["problems"] == [], turn
    return turns


def level(turn: dict[str, Any]) -> str | None:
    session = turn["session"]
    assessment = session.get("assessment")
    if isinstance(assessment, dict) and assessment.get("level"):
        return str(assessment["level"])
    flat = session.get("assessment.level")
    return str(flat) if flat else None


def test_launch_is_welcomed_with_a_question(tmp_path):
    (launch,) = converse([LAUNCH], tmp_path / "s.sqlite3")
    assert launch["intent"] is None and launch["speech"]
    assert launch["end_session"] is False and launch["reprompt"]
    assert launch["locale"] == "en-US"


def test_answering_the_questions_reaches_a_triage_outcome(tmp_path):
    turns = converse([LAUNCH, "three days", "no", "no", "no", "no", "no"], tmp_path / "s.sqlite3")
    assert turns[1]["intent"] in {"DurationIntent", "StartAssessmentIntent"}
    assert turns[1]["end_session"] is False
    outcomes = [level(turn) for turn in turns if level(turn)]
    assert outcomes, turns
    assert outcomes[0] in TIERS and outcomes[0] != "emergency"


def test_a_yes_to_the_first_warning_question_is_an_emergency_said_again_on_request(tmp_path):
    turns = converse([LAUNCH, "two days", "yes", "what?", "no"], tmp_path / "s.sqlite3")
    assert level(turns[1]) is None and turns[1]["end_session"] is False
    assert level(turns[2]) == "emergency"
    assert turns[2]["end_session"] is False and "911" in turns[2]["ssml"]
    assert turns[3]["speech"] == turns[2]["speech"]
    assert turns[4]["end_session"] is True and "911" in turns[4]["ssml"]


def test_one_shot_question_is_answered_in_a_new_session(tmp_path):
    (answer,) = converse(["ask hip and back helper what a slipped disc is"], tmp_path / "s.sqlite3")
    assert answer["intent"] == "ConditionInfoIntent"
    assert answer["slots"].get("condition") == "herniated_disc"
    assert answer["speech"]


def test_a_silent_turn_replays_the_reprompt_and_a_second_ends_the_session(tmp_path):
    launch, first, second = converse([LAUNCH, "", ""], tmp_path / "s.sqlite3")
    assert first["speech"] == launch["reprompt"] and first["end_session"] is False
    assert first["request"] is None
    assert second["request"] == "SessionEndedRequest" and second["end_session"] is True


def test_an_unknown_utterance_keeps_the_conversation_going(tmp_path):
    _, lost, answer = converse([LAUNCH, "purple monkey dishwasher", "three days"],
                               tmp_path / "s.sqlite3")
    assert lost["intent"] == "AMAZON.FallbackIntent"
    assert lost["end_session"] is False and lost["speech"] and lost["reprompt"]
    assert answer["end_session"] is False and answer["intent"] != "AMAZON.FallbackIntent"


def test_stop_ends_the_session_and_the_next_words_start_a_new_one(tmp_path):
    _, stopped, again = converse([LAUNCH, "stop", "open hip and back helper"],
                                 tmp_path / "s.sqlite3")
    assert stopped["intent"] == "AMAZON.StopIntent" and stopped["end_session"] is True
    assert again["intent"] is None and again["end_session"] is False


def test_a_second_run_on_the_same_store_is_a_returning_user(tmp_path):
    store = tmp_path / "s.sqlite3"
    (first,) = converse([LAUNCH], store)
    (second,) = converse([LAUNCH], store)
    assert store.exists()
    assert second["speech"] != first["speech"]


def test_replay_file_reaches_an_emergency(tmp_path):
    done = simulate(["--json", "--replay", str(REPLAYS / "emergency.json")], tmp_path / "s.db")
    assert done.returncode == 0, done.stderr
    turns = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(turns) == 3
    assert level(turns[-1]) == "emergency" and turns[-1]["end_session"] is False


@pytest.mark.parametrize("replay", sorted(REPLAYS.glob("*.json")), ids=lambda p: p.stem)
def test_every_replay_file_plays_as_text_without_problems(tmp_path, replay: Path):
    done = simulate(["--replay", str(replay)], tmp_path / "s.sqlite3")
    assert done.returncode == 0, done.stderr
    user_input = json.loads(replay.read_text())["userInput"]
    heard = [line for line in done.stdout.splitlines() if line.startswith("you> ")]
    assert len(heard) == len(user_input)
    assert "alexa> " in done.stdout
    assert "  ! " not in done.stdout  # no problems reported
    assert "--- session ended" in done.stdout


def test_replay_self_check_reaches_an_outcome(tmp_path):
    done = simulate(["--json", "--replay", str(REPLAYS / "self_check.json")], tmp_path / "s.db")
    assert done.returncode == 0, done.stderr
    levels = [level(json.loads(line)) for line in done.stdout.splitlines()]
    assert any(found in TIERS for found in levels)
