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


def converse(
    lines: list[str], store: Path, options: list[str] | None = None
) -> list[dict[str, Any]]:
    """One JSON turn per line said; fails on any skill exception or invalid response."""
    done = simulate(["--json", *(options or [])], store, "".join(f"{line}\n" for line in lines))
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


# Hands-free care: Alexa's APIs are served by the simulator on loopback.
SELF_CARE = [LAUNCH, "about three days", "no", "no", "no", "no", "no"]
ICE_TEXT = "Time to take the ice pack off."


def _calls(turn: dict[str, Any], path: str) -> list[dict[str, Any]]:
    return [call for call in turn["api_calls"] if call["path"] == path]


def test_with_permission_the_ice_timer_and_the_reminder_are_set(tmp_path):
    turns = converse([*SELF_CARE, "yes", "yes", "yes"], tmp_path / "s.sqlite3",
                     ["--grant", "timers,reminders"])
    assert level(turns[6]) == "self_care"
    tips, timer, reminder = turns[7:]
    assert tips["api_calls"] == [] and timer["directives"] == []
    [call] = _calls(timer, "/v1/alerts/timers")
    assert call["method"] == "POST" and call["status"] == 200
    assert call["body"]["duration"] == "PT20M"
    assert call["body"]["triggeringBehavior"]["operation"]["textToAnnounce"][0]["text"] == ICE_TEXT
    [call] = _calls(reminder, "/v1/alerts/reminders")
    assert call["status"] == 201
    assert call["body"]["trigger"]["timeZoneId"] == "America/New_York"
    assert not reminder["end_session"]


def test_without_permission_alexa_asks_and_the_answer_reaches_the_skill(tmp_path):
    turns = converse([*SELF_CARE, "time my ice pack", "yes", "time my ice pack", "no"],
                     tmp_path / "s.sqlite3")
    asked, accepted, asked_again, declined = turns[7:]
    assert asked["intent"] == "IceTimerIntent" and asked["api_calls"] == []
    [directive] = asked["directives"]
    assert directive["type"] == "Connections.SendRequest" and directive["name"] == "AskFor"
    assert "permission" in asked["speech"] and not asked["end_session"]
    assert accepted["request"] == "Connections.Response"
    assert [call["status"] for call in accepted["api_calls"]] == [200]
    # Granted now: the second request goes straight to the API.
    assert [call["status"] for call in asked_again["api_calls"]] == [200]
    assert declined["request"] == "IntentRequest"  # a plain "no" to the reminder offer


def test_declined_and_failing_apis_still_give_the_advice(tmp_path):
    declined = converse([*SELF_CARE, "time my ice pack", "no"], tmp_path / "a.sqlite3")[-1]
    assert declined["request"] == "Connections.Response" and declined["api_calls"] == []
    assert "twenty minutes" in declined["speech"] and "Alexa app" in declined["speech"]
    failing = converse([*SELF_CARE, "time my ice pack"], tmp_path / "b.sqlite3",
                       ["--grant", "timers", "--api-errors"])[-1]
    assert [call["status"] for call in failing["api_calls"]] == [500]
    assert "twenty minutes" in failing["speech"] and failing["error"] is None


def test_the_routine_in_the_simulator(tmp_path):
    turns = converse([*SELF_CARE, "no", "no", "yes", "next", "pause", "yes", "next", "next", "no"],
                     tmp_path / "s.sqlite3")
    intents = [turn["intent"] for turn in turns[9:]]
    assert intents == ["AMAZON.YesIntent", "AMAZON.NextIntent", "AMAZON.PauseIntent",
                       "AMAZON.YesIntent", "AMAZON.NextIntent", "AMAZON.NextIntent",
                       "AMAZON.NoIntent"]  # fmt: skip
    assert "knee rolls" in turns[9]["speech"] and turns[-1]["end_session"]


def test_the_text_view_shows_what_was_set(tmp_path):
    store = tmp_path / "s.sqlite3"
    lines = [*SELF_CARE, "yes", "yes"]
    done = simulate(["--grant", "timers"], store, "".join(f"{line}\n" for line in lines))
    assert done.returncode == 0, done.stderr
    assert f"[timer set: 20 minutes, {ICE_TEXT!r}]" in done.stdout
